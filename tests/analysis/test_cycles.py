"""Status over time and the yearly wheel: status reports, deviations, projects without a
report this quarter, and what the wheel says is due."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from typer.testing import CliRunner

from goalgraph import load
from goalgraph.analysis.report import portfolio_report
from goalgraph.analysis.status import project_statuses, quarter_of, status_overview
from goalgraph.analysis.wheel import month_day, what_is_due
from goalgraph.cli.main import app
from goalgraph.namespace import GG
from goalgraph.store import Store
from tests.conftest import ASKER, MILJOPAKKEN

runner = CliRunner()
ASKER_NS = "https://w3id.org/goalgraph/examples/asker/"


@pytest.fixture(scope="module")
def asker() -> Store:
    return load(ASKER)


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (date(2016, 3, 31), date(2016, 1, 1), date(2016, 3, 31)),
        (date(2016, 4, 1), date(2016, 4, 1), date(2016, 6, 30)),
        (date(2016, 11, 5), date(2016, 10, 1), date(2016, 12, 31)),
        (date(2024, 8, 15), date(2024, 7, 1), date(2024, 9, 30)),
    ],
)
def test_quarters(day: date, first: date, last: date) -> None:
    assert quarter_of(day) == (first, last)


def test_status_reports_of_a_project_oldest_first(asker: Store) -> None:
    (status,) = project_statuses(asker, "en", [URIRef(ASKER_NS + "pr-digitaliseringsstrategi")])
    assert status.budget == Decimal("16000000")
    assert [(r.start, r.end) for r in status.reports] == [
        (date(2015, 10, 1), date(2015, 12, 31)),
        (date(2016, 1, 1), date(2016, 3, 31)),
    ]
    latest = status.reports[-1]
    assert latest.light("cost").light == GG.StatusRed
    assert latest.light("time").key == "yellow"
    assert latest.forecast == Decimal("17500000")
    assert "self-service solution" in (latest.light("time").comment or "")


def test_deviations_and_projects_without_status_this_quarter(asker: Store) -> None:
    overview = status_overview(asker, "en", date(2016, 3, 31))
    assert overview.quarter_name == "2016-Q1"
    (deviation,) = overview.deviations
    assert deviation.label == "Digitalisation strategy"
    assert deviation.red == ("cost",)
    assert deviation.over_budget == Decimal("1500000")
    # Running in the first quarter of 2016 without a report for it; the new projects start
    # later in the year, the pilots and the ICT projects are not running.
    assert [p.label for p in overview.without_status] == [
        "Early intervention in Childhood and Education"
    ]


def test_the_report_flags_deviations_and_missing_status(asker: Store) -> None:
    report = portfolio_report(asker, "en", date(2016, 3, 31))
    topics = {a.topic: a.names for a in report.attention}
    assert topics["deviations"] == ("Digitalisation strategy",)
    assert topics["no-status"] == ("Early intervention in Childhood and Education",)
    document = report.to_json()["status"]
    assert document["quarter"]["name"] == "2016-Q1"
    assert document["deviations"][0]["overBudget"] == 1_500_000
    markdown = report.to_markdown()
    assert "## Status and deviations" in markdown
    assert "red for cost; forecast 17,500,000 NOK is 1,500,000 NOK above the budget" in markdown
    html = report.to_html()
    assert "<h2>Status and deviations</h2>" in html


def test_a_model_without_status_reports_has_no_status_section() -> None:
    report = portfolio_report(load(MILJOPAKKEN), "en", date(2025, 1, 1))
    assert report.status is None
    assert report.to_json()["status"] is None
    assert "Status and deviations" not in report.to_markdown()


# --- the yearly wheel --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("--12-15", (12, 15)), ("--02-29", (2, 29)), ("--12-15Z", (12, 15)), ("--13-01", None),
     ("12-15", None), ("--02-30", None)],
)  # fmt: skip
def test_month_day(text: str, expected: tuple[int, int] | None) -> None:
    assert month_day(Literal(text, datatype=XSD.gMonthDay)) == expected


def test_what_is_due_in_the_asker_wheel(asker: Store) -> None:
    view = what_is_due(asker, date(2016, 3, 20), 60, "en")
    assert [(d.on, d.milestone.label) for d in view.due] == [
        (date(2016, 4, 10), "The projects report their status for the first quarter"),
        (date(2016, 5, 15), "The portfolio board prioritises the project proposals"),
    ]
    assert view.due[1].milestone.bodies[0][1] == (
        "The chief executive's management group (the portfolio board)"
    )
    assert view.due[1].days == 56
    # Every other milestone comes once in the following year, in order.
    assert len(view.later) == 8
    assert [d.on for d in view.later] == sorted(d.on for d in view.later)
    assert view.later[-1].on < date(2017, 3, 20)


def test_the_wheel_turns_into_the_next_year(asker: Store) -> None:
    view = what_is_due(asker, date(2016, 12, 20), 31, "nb")
    assert [(d.on, d.milestone.kind) for d in view.due] == [
        (date(2017, 1, 10), GG.MilestoneReporting)
    ]


def test_miljopakken_has_a_three_part_wheel() -> None:
    view = what_is_due(load(MILJOPAKKEN), date(2024, 1, 1), 366, "en")
    kinds = {d.milestone.kind for d in view.due}
    # The action programme (needs in, prioritisation, adoption), reporting and evaluation.
    assert kinds == {
        GG.MilestoneNeedsIn,
        GG.MilestonePrioritisation,
        GG.MilestoneAdoption,
        GG.MilestoneReporting,
        GG.MilestoneEvaluation,
    }


def test_the_wheel_command(tmp_path: Path) -> None:
    done = runner.invoke(
        app, ["wheel", str(ASKER), "--at", "2016-03-20", "--days", "30", "-f", "json"]
    )
    assert done.exit_code == 0, done.output
    document = json.loads(done.output)
    assert [d["date"] for d in document["due"]] == ["2016-04-10"]
    assert document["due"][0]["kindLabel"] == "Rapportering"
    markdown = runner.invoke(
        app, ["wheel", str(MILJOPAKKEN), "--at", "2024-09-01", "-f", "md", "--lang", "en"]
    ).output
    assert "| 2024-09-15 | 14 | Goal achievement is evaluated" in markdown
    empty = tmp_path / "model.ttl"
    empty.write_text("<https://example.org/a> a <https://w3id.org/goalgraph#Plan> .\n")
    text = runner.invoke(app, ["wheel", str(empty), "--lang", "en"]).output
    assert "The model has no yearly wheel" in text
