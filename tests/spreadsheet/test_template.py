"""The template: one sheet per kind, headers in the chosen language, dropdowns, frozen headers."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from goalgraph.spreadsheet import write_template
from goalgraph.spreadsheet.columns import SHEETS


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_sheet_with_its_headers_in_the_language(lang: str, tmp_path: Path) -> None:
    path = write_template(tmp_path / "mal.xlsx", lang)
    wb = load_workbook(path)
    instructions = "Veiledning" if lang == "nb" else "Instructions"
    assert wb.sheetnames == [instructions, *(s.name(lang) for s in SHEETS), "_lists"]
    assert wb["_lists"].sheet_state == "hidden"
    for sheet in SHEETS:
        ws = wb[sheet.name(lang)]
        assert [c.value for c in ws[1]] == [c.header(lang) for c in sheet.columns]
        assert ws.freeze_panes == "B2"
        assert ws.max_row == 1
        assert all(c.comment is not None for c in ws[1])


def test_phase_dropdown_is_strict_and_names_the_phases(tmp_path: Path) -> None:
    wb = load_workbook(write_template(tmp_path / "mal.xlsx", "nb"))
    ws = wb["Prosjekter"]
    rules = {r.formula1: r for r in ws.data_validations.dataValidation}
    phase = rules["=gg_list_projects_phase"]
    assert phase.showErrorMessage
    assert str(phase.sqref) == "G2:G1048576"
    name = wb.defined_names["gg_list_projects_phase"]
    sheet, cells = next(iter(name.destinations))
    phases = [c.value for (c,) in wb[sheet][cells.replace("$", "")]]
    assert phases == [
        "Ikke prosjekt",
        "Idé",
        "Konsept",
        "Planlegging",
        "Gjennomføring",
        "Avslutning",
        "Realisering",
    ]


def test_reference_columns_offer_the_ids_of_the_referenced_sheet(tmp_path: Path) -> None:
    wb = load_workbook(write_template(tmp_path / "template.xlsx", "en"))
    rules = {r.formula1: r for r in wb["Strategies"].data_validations.dataValidation}
    realises = rules["=gg_ids_goals"]
    # Several ids separated by ; are allowed, so the list suggests but does not refuse.
    assert not realises.showErrorMessage
    sheet, cells = next(iter(wb.defined_names["gg_ids_goals"].destinations))
    assert (sheet, cells) == ("Goals", "$A$2:$A$1048576")


def test_base_iri_on_the_instruction_sheet(tmp_path: Path) -> None:
    wb = load_workbook(write_template(tmp_path / "t.xlsx", "en", base="https://example.org/x/"))
    rows = [(r[0].value, r[1].value) for r in wb["Instructions"].iter_rows(max_col=2)]
    assert ("Base IRI", "https://example.org/x/") in rows


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_instruction_sheet_describes_each_sheet_with_its_own_text(
    lang: str, tmp_path: Path
) -> None:
    wb = load_workbook(write_template(tmp_path / "mal.xlsx", lang))
    ws = wb["Veiledning" if lang == "nb" else "Instructions"]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0] and len(r) > 1}
    texts = [rows[sheet.name(lang)] for sheet in SHEETS]
    assert all(texts) and len(set(texts)) == len(texts)
    if lang == "nb":
        assert rows["Tiltak"].startswith("Tiltak: konkrete handlinger en virksomhet gjør")
        assert rows["Organisasjoner"].startswith("Organisasjoner: kommunen, tjenesteområdene")
        assert "én bevilgning per rad" in rows["Finansiering"]
        assert "målinger (målt verdi på en dato)" in rows["Målverdier og målinger"]
    else:
        assert rows["Persons"].startswith("Persons who own or manage projects")


def test_column_names_say_what_the_cells_hold(tmp_path: Path) -> None:
    wb = load_workbook(write_template(tmp_path / "mal.xlsx", "nb"))
    headers = {name: [c.value for c in wb[name][1]] for name in wb.sheetnames}
    assert "Finansiert prosjekt eller tiltak" in headers["Finansiering"]
    assert "Finansierer" not in headers["Finansiering"]
    assert "Del av" in headers["Organisasjoner"]
    assert "Enhet i" not in headers["Organisasjoner"]
    assert {"Enhet (nb)", "Enhet (en)"} <= set(headers["Indikatorer"])
    assert {"Fullt navn", "Navn (nb)", "Navn (en)"} <= set(headers["Personer"])
