"""Bad input in a workbook or CSV folder: every problem listed with sheet, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from goalgraph import LoadError, SpreadsheetError, UnknownNodeError, load_data
from goalgraph.spreadsheet import (
    SheetProblem,
    SheetProblemsError,
    export_csv_folder,
    export_workbook,
    import_csv_folder,
    import_workbook,
)
from tests.conftest import TEST_DATA

MODEL = TEST_DATA / "spreadsheet" / "model.ttl"
BASE = "https://example.org/kommune/"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """The small test model exported to a workbook with Norwegian headers."""
    path = tmp_path / "modell.xlsx"
    export_workbook(load_data(MODEL), path, BASE, "nb")
    return path


def _column(ws: Worksheet, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return int(cell.column)
    raise AssertionError(f"no column {header!r} in {ws.title}")


def _row(ws: Worksheet, row_id: str | None) -> int:
    if row_id is None:
        return 2
    for cell in ws["A"]:
        if cell.value == row_id:
            return int(cell.row)
    raise AssertionError(f"no row {row_id!r} in {ws.title}")


def edit(path: Path, sheet: str, row_id: str | None, header: str, value: str | None) -> int:
    """Set one cell, found by the row's id and the column's header; returns the row number."""
    wb = load_workbook(path)
    ws = wb[sheet]
    row = _row(ws, row_id)
    # Worksheet.cell ignores value=None, so the value is set on the cell itself.
    ws.cell(row=row, column=_column(ws, header)).value = value
    wb.save(path)
    return row


def problems_of(path: Path, lang: str = "nb") -> tuple[SheetProblem, ...]:
    with pytest.raises(SheetProblemsError) as caught:
        import_workbook(path, lang=lang)
    return caught.value.problems


def only_problem(path: Path, lang: str = "nb") -> SheetProblem:
    problems = problems_of(path, lang)
    assert len(problems) == 1, [p.describe(lang) for p in problems]
    return problems[0]


def test_missing_sheet(book: Path) -> None:
    wb = load_workbook(book)
    del wb["Personer"]
    wb.save(book)
    problem, *consequences = problems_of(book)
    assert (problem.sheet, problem.row, problem.column) == ("Personer", None, None)
    # The project's owner was a person on the missing sheet.
    assert [p.value for p in consequences] == ["kari"]
    assert "mangler" in problem.message_nb
    assert "missing" in problem.message_en


def test_missing_column(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Målverdier og målinger"]
    ws.delete_cols(_column(ws, "Indikator"))
    wb.save(book)
    problem = only_problem(book)
    assert problem.sheet == "Målverdier og målinger"
    assert problem.column == "Indikator"
    assert "kolonnen mangler" in problem.message_nb


def test_unknown_column(book: Path) -> None:
    wb = load_workbook(book)
    wb["Prosjekter"].cell(row=1, column=_column(wb["Prosjekter"], "Fase"), value="Faase")
    wb.save(book)
    problem = only_problem(book)
    assert (problem.sheet, problem.row, problem.value) == ("Prosjekter", 1, "Faase")
    assert "ukjent kolonne" in problem.message_nb


def test_duplicate_id(book: Path) -> None:
    row = edit(book, "Strategier", "strategi-forebygging", "Id", "mal-helse")
    problem = next(p for p in problems_of(book) if p.sheet == "Strategier")
    assert (problem.row, problem.column, problem.value) == (row, "Id (A)", "mal-helse")
    assert "ark «Mål», rad" in problem.message_nb


def test_reference_to_unknown_id(book: Path) -> None:
    row = edit(book, "Strategier", "strategi-forebygging", "Realiserer", "delmal-barn; finnes-ikke")
    problem = only_problem(book, "en")
    assert (problem.sheet, problem.row, problem.value) == ("Strategier", row, "finnes-ikke")
    assert problem.column is not None and problem.column.startswith("Realiserer")
    assert "no row has this id" in problem.message_en
    assert "«Goals»" in problem.message_en


def test_reference_to_the_wrong_kind(book: Path) -> None:
    row = edit(book, "Strategier", "strategi-forebygging", "Realiserer", "tiltak-hjemmebesok")
    problem = only_problem(book)
    assert (problem.row, problem.value) == (row, "tiltak-hjemmebesok")
    assert "feil slags rad" in problem.message_nb
    assert "«Tiltak»" in problem.message_nb


def test_non_number_in_a_budget(book: Path) -> None:
    row = edit(book, "Prosjekter", "prosjekt-hjemmebesok", "Budsjett (NOK)", "1,5 mill")
    problem = only_problem(book)
    assert (problem.sheet, problem.row, problem.value) == ("Prosjekter", row, "1,5 mill")
    assert "ikke et tall" in problem.message_nb


def test_date_that_is_not_a_date(book: Path) -> None:
    row = edit(book, "Prosjekter", "prosjekt-hjemmebesok", "Startdato", "31.02.2025")
    problem = only_problem(book)
    assert (problem.row, problem.value) == (row, "31.02.2025")
    assert "ikke en dato" in problem.message_nb


def test_empty_required_cell(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Målverdier og målinger"]
    ws.cell(row=2, column=_column(ws, "Indikator")).value = None
    wb.save(book)
    problem = only_problem(book)
    assert (problem.sheet, problem.row, problem.column) == (
        "Målverdier og målinger",
        2,
        "Indikator",
    )
    assert "må fylles ut" in problem.message_nb


def test_empty_id_on_a_node_sheet(book: Path) -> None:
    row = edit(book, "Tiltak", "tiltak-hjemmebesok", "Id", None)
    problems = problems_of(book)
    assert any(p.sheet == "Tiltak" and p.row == row and p.column == "Id" for p in problems)


def test_unknown_choice_and_sdg_code(book: Path) -> None:
    edit(book, "Prosjekter", "prosjekt-hjemmebesok", "Fase", "Ferdig")
    edit(book, "Mål", "mal-helse", "Lokaliserer (bærekraftsmål)", "3.4; 99.9")
    problems = problems_of(book)
    assert {p.value for p in problems} == {"Ferdig", "99.9"}
    phase = next(p for p in problems if p.value == "Ferdig")
    assert "«Gjennomføring»" in phase.message_nb


def test_every_problem_is_reported_in_one_run(book: Path) -> None:
    edit(book, "Strategier", "strategi-forebygging", "Realiserer", "finnes-ikke")
    edit(book, "Prosjekter", "prosjekt-hjemmebesok", "Budsjett (NOK)", "mye")
    edit(book, "Prosjekter", "prosjekt-hjemmebesok", "Sluttdato", "snart")
    edit(book, "Oppdrag", "oppdrag-gravide", "Konkretiserer", "mal-helse")
    with pytest.raises(SpreadsheetError) as caught:
        import_workbook(book, lang="en")
    error = caught.value
    assert isinstance(error, SheetProblemsError)
    assert len(error.problems) == 4
    assert error.exit_code == 1
    text = str(error)
    assert text.startswith("4 problems in")
    assert "sheet «Prosjekter», row 2, column «Sluttdato (K)» ('snart'): not a date" in text


def test_problems_in_a_csv_folder_name_file_and_row(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    export_csv_folder(load_data(MODEL), folder, BASE, "en")
    path = folder / "Projects.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    rows[1][rows[0].index("Budget (NOK)")] = "lots"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    with pytest.raises(SheetProblemsError) as caught:
        import_csv_folder(folder, lang="en")
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == (
        "Projects",
        2,
        "Budget (NOK)",
        "lots",
    )


def test_csv_folder_without_any_sheet_file(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SheetProblemsError) as caught:
        import_csv_folder(tmp_path, BASE)
    assert "ingen CSV-fil" in caught.value.problems[0].message_nb


def test_unreadable_file_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        import_workbook(path, BASE)
    assert caught.value.exit_code == 2


def test_missing_base_is_an_argument_error(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Veiledning"]
    for row in ws.iter_rows():
        if row[0].value == "Base-IRI":
            row[1].value = None
    wb.save(book)
    with pytest.raises(UnknownNodeError, match="--base"):
        import_workbook(book)
    assert len(import_workbook(book, BASE)) == len(load_data(MODEL))
