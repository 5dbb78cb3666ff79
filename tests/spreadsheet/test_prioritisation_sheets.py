"""Criteria, weights and scores as sheets: exported, edited by a planner, imported, and
prioritised the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from goalgraph import load_data
from goalgraph.analysis.prioritise import prioritise
from goalgraph.spreadsheet import SheetProblemsError, export_workbook, import_workbook
from tests.conftest import ASKER, MILJOPAKKEN, store_of

ASKER_NS = "https://w3id.org/goalgraph/examples/asker/"
MP = "https://w3id.org/goalgraph/examples/miljopakken/"


def _column(rows: list[tuple[object, ...]], header: str) -> list[object]:
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]


def test_criteria_weights_and_scores_are_sheets(tmp_path: Path) -> None:
    path = tmp_path / "asker.xlsx"
    export_workbook(load_data(ASKER), path, lang="en")
    book = load_workbook(path)
    criteria = list(book["Criteria"].iter_rows(values_only=True))
    assert sorted(_column(criteria, "Label (en)")) == [
        "Cross-service",
        "Of some duration",
        "Politically adopted",
        "Separately financed",
    ]
    assert set(_column(criteria, "Weight")) == {1}
    assessments = list(book["Assessments"].iter_rows(values_only=True))
    # The 12 projects of the 2016 portfolio, the version read by default.
    assert len(assessments) - 1 == 12 * 4
    assert set(_column(assessments, "Score")) <= {0, 1, 2, 3}
    assert all(_column(assessments, "Rationale (en)"))
    schemes = list(book["Criteria schemes"].iter_rows(values_only=True))
    assert _column(schemes, "Highest score") == [3]


def test_a_weight_changed_in_the_workbook_counts(tmp_path: Path) -> None:
    path = tmp_path / "asker.xlsx"
    export_workbook(load_data(ASKER), path, lang="nb")
    book = load_workbook(path)
    sheet = book["Kriterier"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Navn (nb)")].value == "Av en viss varighet":
            row[header.index("Vekt")].value = 10
    book.save(path)
    result = prioritise(store_of(import_workbook(path)), ASKER_NS + "strategisk-portefolje")
    # Duration now counts ten times. All 12 projects of the 2016 portfolio fit and score 14
    # on it together, so the value rises from 97 by 9 × 14.
    assert result.value == 97 + 9 * 14
    assert result.dropped == ()


def test_committed_and_blank_node_scores_round_trip(tmp_path: Path) -> None:
    original = load_data(MILJOPAKKEN)
    path = tmp_path / "mp.xlsx"
    export_workbook(original, path, lang="en")
    book = load_workbook(path)
    projects = list(book["Projects"].iter_rows(values_only=True))
    assert sorted(str(v) for v in _column(projects, "Committed") if v) == ["true"] * 4
    before = prioritise(store_of(original), MP + "portefolje", frame=3_000_000_000)
    after = prioritise(store_of(import_workbook(path)), MP + "portefolje", frame=3_000_000_000)
    assert after.to_json()["ranking"] == before.to_json()["ranking"]


def test_a_committed_cell_that_is_not_true_or_false_is_named(tmp_path: Path) -> None:
    path = tmp_path / "mp.xlsx"
    export_workbook(load_data(MILJOPAKKEN), path, lang="nb")
    book = load_workbook(path)
    sheet = book["Prosjekter"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Bundet") + 1).value = "kanskje"
    book.save(path)
    with pytest.raises(SheetProblemsError) as caught:
        import_workbook(path)
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.row, problem.value) == ("Prosjekter", 2, "kanskje")
    assert "true or false" in problem.message("en")
