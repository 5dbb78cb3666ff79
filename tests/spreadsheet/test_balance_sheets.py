"""The effect balance as sheets of an exported workbook, checked against the hand-worked model
of tests/data/effects/model.ttl; import leaves those sheets alone."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from goalgraph import effects, load, load_data
from goalgraph.analysis.effects_text import STATUS_TEXTS
from goalgraph.spreadsheet import (
    export_csv_folder,
    export_workbook,
    import_csv_folder,
    import_workbook,
)
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA
from tests.spreadsheet.test_cli import goalgraph
from tests.spreadsheet.test_roundtrip import assert_same

MODEL = TEST_DATA / "effects" / "model.ttl"
AT = dt.date(2025, 6, 30)
BASE = "https://w3id.org/goalgraph/tests/effects/"


def rows_of(book: Path, sheet: str) -> list[dict[str, Any]]:
    ws = load_workbook(book)[sheet]
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(map(str, header), row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("balance") / "book.xlsx"
    balance = effects(load(MODEL), AT, lang="en")
    result = export_workbook(load_data(MODEL), path, BASE, "en", balance=balance)
    assert result.computed == {
        "effect_balance": len(balance.indicators),
        "counted_effects": sum(len(b.projects) for b in balance.indicators),
        "conflicting_effects": len(balance.conflicts),
        "contributions": len(balance.contributions),
    }
    return path


def test_one_row_per_indicator_with_the_hand_worked_figures(book: Path) -> None:
    rows = {row["Indicator"]: row for row in rows_of(book, "Effect balance")}
    assert len(rows) == 9
    short = rows["i-short"]
    assert (short["Latest reading"], short["Measured"]) == (30, dt.datetime(2024, 12, 31))
    assert (short["Target value"], short["Target date"]) == (50, dt.datetime(2027, 12, 31))
    assert (short["Gap"], short["Projects' effect"], short["Covered (share)"]) == (20, 8, 0.4)
    assert short["Status"] == "short"
    assert short["Projects that count"] == "p1; p2"
    # Lower is better: 100 now, 90 wanted; p1 −6 and p3 −7 help, p5 +2 hurts.
    covered = rows["i-covered"]
    assert (covered["Gap"], covered["Projects' effect"], covered["Covered (share)"]) == (
        10,
        11,
        1.1,
    )
    assert covered["Status"] == "covered"
    assert covered["Projects that count"] == "p1; p3; p5"
    # The share is a number Excel shows as a percentage.
    ws = load_workbook(book)["Effect balance"]
    share = next(c for c in ws[1] if c.value == "Covered (share)").column
    cells = [ws.cell(row=r, column=share) for r in range(2, ws.max_row + 1)]
    shares = [c for c in cells if isinstance(c.value, int | float)]
    # Covered, unaddressed, short, missed and baseline have a gap to share.
    assert len(shares) == 5
    assert {c.number_format for c in shares} == {"0%"}


def test_notes_say_baseline_passed_target_and_uncounted_effects(book: Path) -> None:
    rows = {row["Indicator"]: row for row in rows_of(book, "Effect balance")}
    assert rows["i-baseline"]["Note"] == "the latest reading is the baseline"
    assert rows["i-baseline"]["Measured"] == dt.datetime(2022, 1, 1)
    missed = rows["i-missed"]
    assert missed["Status"] == "missed"
    assert missed["Note"] == "the target date has passed; 1 expected effect that does not count"
    # Nothing to balance: no figures, no share, the status says why.
    nodata = rows["i-nodata"]
    assert (nodata["Latest reading"], nodata["Gap"], nodata["Covered (share)"]) == (
        None,
        None,
        None,
    )
    # Uncounted: p1 +4 and p2 +2 (by the latest reading), p3 +10 (after the target).
    assert rows["i-short"]["Note"] == "3 expected effects that do not count"


def test_counted_effects_are_turned_to_the_good_direction(book: Path) -> None:
    rows = rows_of(book, "Counted effects")
    covered = {
        r["Project"]: (r["Change"], r["Toward the target"])
        for r in rows
        if r["Indicator"] == "i-covered"
    }
    assert covered == {"p1": (-6, 6), "p3": (-7, 7), "p5": (2, -2)}
    dated = [r for r in rows if r["Indicator"] == "i-short" and r["Project"] == "p2"]
    assert [(r["Change"], r["Date"]) for r in dated] == [(3, dt.datetime(2027, 12, 31))]


def test_conflicts_and_contributions_as_the_balance_has_them(book: Path) -> None:
    conflicts = {r["Project"]: r for r in rows_of(book, "Conflicting effects")}
    # p5 only raises i-covered (lower is better); p1 helps three and lowers i-baseline.
    assert conflicts["p5"]["Kind"] == "only the wrong way"
    assert (conflicts["p5"]["Helps"], conflicts["p5"]["Moves the wrong way"]) == (None, "i-covered")
    assert conflicts["p5"]["Goals affected"] == "sub1"
    assert conflicts["p1"]["Kind"] == "helps and moves the wrong way"
    assert conflicts["p1"]["Helps"] == "i-covered; i-notarget; i-short"
    assert conflicts["p1"]["Moves the wrong way"] == "i-baseline"
    ranking = rows_of(book, "Contribution per project")
    assert [r["Project"] for r in ranking] == ["p2", "p1", "p3", "p5"]
    p1 = ranking[1]
    assert (p1["Budget (NOK)"], p1["Open gaps"], p1["Contribution"]) == (10_000_000, 3, 0.65)
    assert p1["Per NOK 100 million"] == 6.5


def test_empty_lists_say_so(tmp_path: Path) -> None:
    balance = effects(load(MILJOPAKKEN), dt.date(2026, 6, 15), lang="nb")
    assert balance.conflicts == ()
    path = tmp_path / "book.xlsx"
    export_workbook(load_data(MILJOPAKKEN), path, balance=balance)
    rows = list(load_workbook(path)["Motstridende effekter"].iter_rows(values_only=True))
    assert rows[1][0] == "Ingen prosjekter trekker en indikator i feil retning."
    assert len(rows) == 2


def test_the_instruction_sheet_says_the_date_and_that_import_skips_them(book: Path) -> None:
    ws = load_workbook(book)["Instructions"]
    about = {row[0]: str(row[1]) for row in ws.iter_rows(values_only=True) if row[0]}
    assert "as of 2025-06-30" in about["Effect balance"]
    assert "not read back" in about["Effect balance"]
    for sheet in ("Counted effects", "Conflicting effects", "Contribution per project"):
        assert "as of 2025-06-30" in about[sheet]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_import_leaves_the_balance_sheets_alone(lang: str, tmp_path: Path) -> None:
    original = load_data(MILJOPAKKEN)
    balance = effects(load(MILJOPAKKEN), dt.date(2026, 6, 15), lang=lang)
    path = tmp_path / "book.xlsx"
    result = export_workbook(original, path, lang=lang, balance=balance)
    assert result.computed["effect_balance"] == 27
    # A planner's edit in a computed sheet changes nothing on import.
    book = load_workbook(path)
    sheet = book["Effektbalanse" if lang == "nb" else "Effect balance"]
    sheet["H2"] = 999
    sheet["A3"] = "not-an-indicator"
    book.save(path)
    assert_same(original, import_workbook(path, lang=lang))


def test_csv_folder_holds_the_balance_and_imports_as_before(tmp_path: Path) -> None:
    original = load_data(ASKER)
    balance = effects(load(ASKER), dt.date(2026, 6, 15), lang="nb")
    folder = tmp_path / "csv"
    export_csv_folder(original, folder, lang="nb", balance=balance)
    with (folder / "Effektbalanse.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(balance.indicators)
    statuses = {STATUS_TEXTS.text(b.status, "nb") for b in balance.indicators}
    assert [r["Status"] for r in rows] == [
        STATUS_TEXTS.text(b.status, "nb") for b in balance.indicators
    ]
    assert len(statuses) > 1
    assert (folder / "Effekter som teller.csv").is_file()
    assert_same(original, import_csv_folder(folder))


def test_a_model_without_indicators_gets_no_balance_sheets(tmp_path: Path) -> None:
    model = tmp_path / "model.ttl"
    model.write_text(
        "@prefix gg: <https://w3id.org/goalgraph#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://example.org/m/goal> a gg:MainGoal ; rdfs:label "A goal"@en .\n',
        encoding="utf-8",
    )
    balance = effects(load(model), AT)
    assert balance.indicators == ()
    path = tmp_path / "book.xlsx"
    result = export_workbook(load_data(model), path, balance=balance)
    assert result.computed == {}
    assert "Effektbalanse" not in load_workbook(path).sheetnames


def test_cli_export_adds_the_balance_of_goalgraph_effects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    code, out, _ = goalgraph(
        monkeypatch, capsys, "export", str(MILJOPAKKEN), "-o", str(book), "--at", "2026-06-15"
    )
    assert code == 0
    assert "med effektbalansen per 2026-06-15 (27 indikatorer)" in out
    code, answer, _ = goalgraph(
        monkeypatch, capsys, "effects", str(MILJOPAKKEN), "--at", "2026-06-15", "--format", "json"
    )
    assert code == 0
    expected = {
        i["label"]: (i["gap"], i["toward"], i["covered"]) for i in json.loads(answer)["indicators"]
    }
    found = {
        r["Navn"]: (r["Gap"], r["Prosjektenes effekt"], r["Dekket (andel)"])
        for r in rows_of(book, "Effektbalanse")
    }
    assert found == expected


def test_cli_export_without_the_balance_and_with_a_wrong_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "book.xlsx"
    code, out, _ = goalgraph(
        monkeypatch, capsys, "export", str(ASKER), "-o", str(book), "--no-balance"
    )
    assert code == 0 and "effektbalansen" not in out
    assert "Effektbalanse" not in load_workbook(book).sheetnames
    code, _, err = goalgraph(
        monkeypatch,
        capsys,
        "export",
        str(ASKER),
        "-o",
        str(tmp_path / "x.xlsx"),
        "--at",
        "2026-13-01",
    )
    assert code == 2 and "--at" in err
    assert not (tmp_path / "x.xlsx").exists()
