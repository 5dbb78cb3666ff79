"""Regression tests for issue 16, item 10: hostile workbooks and CSV folders."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from typer.testing import CliRunner

from goalgraph import LoadError, load_data
from goalgraph.cli.main import app as cli
from goalgraph.namespace import GG
from goalgraph.spreadsheet import export_csv_folder, import_csv_folder, import_workbook, tables
from tests.spreadsheet.test_bad_input import BASE, MODEL, book, edit, only_problem

__all__ = ["book"]  # the fixture, used by name

FORMULAS = [
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "'=quoted",
    "'",
    "''",
]


def test_csv_export_neutralises_formulas_and_import_restores_them(tmp_path: Path) -> None:
    model = load_data(MODEL)
    for index, text in enumerate(FORMULAS):
        goal = URIRef(f"{BASE}mg-formula-{index}")
        model.add((goal, RDF.type, GG.MainGoal))
        model.add((goal, RDFS.label, Literal(f"Mål {index}", lang="nb")))
        model.add((goal, DCTERMS.description, Literal(text, lang="nb")))
    folder = tmp_path / "csv"
    export_csv_folder(model, folder, BASE, "nb")
    cells = [
        cell
        for file in folder.glob("*.csv")
        for row in csv.reader(file.open(encoding="utf-8-sig", newline=""))
        for cell in row
    ]
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    numbers = [c for c in risky if c.lstrip("-").replace(".", "", 1).isdigit()]
    assert risky == numbers, risky  # only plain numbers may open with "-"
    again = import_csv_folder(folder, BASE)
    descriptions = {str(o) for o in again.objects(None, DCTERMS.description)}
    assert set(FORMULAS) <= descriptions


def _replace_part(path: Path, name: str, data: bytes) -> None:
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for info in source.infolist():
            target.writestr(info, data if info.filename == name else source.read(info))
    copy.replace(path)


BROKEN = [
    b"<worksheet><sheetData><row><c r=",
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Id</t>'
    b'</is></c></row><row r="2"><c r="A2" t="n"><v>x</v></c></row><row r="3"><c r=',
]


@pytest.mark.parametrize("broken", BROKEN, ids=["at-the-start", "in-the-rows"])
def test_malformed_sheet_xml_is_a_load_error_with_exit_2(book: Path, broken: bytes) -> None:
    _replace_part(book, "xl/worksheets/sheet2.xml", broken)
    with pytest.raises(LoadError, match=r"cannot read|damaged"):
        import_workbook(book)
    result = CliRunner().invoke(cli, ["import", str(book), "-o", str(book.with_suffix(".ttl"))])
    assert isinstance(result.exception, LoadError) and result.exception.exit_code == 2


def test_a_zip_bomb_is_refused_before_it_is_unpacked(book: Path) -> None:
    zeros = bytes(1 << 20)
    with (
        zipfile.ZipFile(book, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w") as part,
    ):
        for _ in range(tables.MAX_UNPACKED_BYTES // len(zeros) + 1):
            part.write(zeros)
    assert book.stat().st_size < 2_000_000
    with pytest.raises(LoadError, match="unpacks to"):
        import_workbook(book)


def test_too_many_rows_is_a_clear_error(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "MAX_ROWS", 2)
    with pytest.raises(LoadError, match="more than 2 rows"):
        import_workbook(book)
    folder = tmp_path / "csv"
    export_csv_folder(load_data(MODEL), folder, BASE, "nb")
    with pytest.raises(LoadError, match="more than 2 rows"):
        import_csv_folder(folder, BASE)


def test_a_formula_without_a_saved_value_is_reported(book: Path) -> None:
    # openpyxl writes formulas without computing them, as some programs do.
    row = edit(book, "Mål", None, "Beskrivelse (nb)", "=CONCAT(C2, D2)")
    problem = only_problem(book)
    assert (problem.sheet, problem.row, problem.value) == ("Mål", row, "=CONCAT(C2, D2)")
    assert "formel" in problem.message_nb and "formula" in problem.message_en
