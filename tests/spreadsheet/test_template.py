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
