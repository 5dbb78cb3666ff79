"""The portfolio report: the four questions, the per-goal table and its three formats."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Namespace

from goalgraph import GG, load
from goalgraph.analysis.report import (
    BEHIND,
    NO_DATA,
    ON_TRACK,
    PortfolioReport,
    indicator_status,
    portfolio_report,
)
from goalgraph.store import Store
from tests.conftest import TEST_DATA, store_of

T = Namespace("https://w3id.org/goalgraph/tests/trace/")
TODAY = date(2025, 1, 1)


@pytest.fixture(scope="module")
def graph() -> Store:
    return load(TEST_DATA / "trace" / "model.ttl")


@pytest.fixture(scope="module")
def report(graph: Store) -> PortfolioReport:
    return portfolio_report(graph, lang="en", today=TODAY)


def test_necessary_names_the_orphans(report: PortfolioReport) -> None:
    assert {o.node for o in report.orphans} == {T.st4, T.a3, T.t4, T.p3, T.p4, T.p5}


def test_sufficient_names_the_goals_no_project_serves(report: PortfolioReport) -> None:
    uncovered = {u.goal: u for u in report.uncovered}
    assert set(uncovered) == {T.m3, T.s3}
    assert uncovered[T.s3].has_strategy and not uncovered[T.m3].has_strategy


def test_phase_and_risk_spread(report: PortfolioReport) -> None:
    phases = {s.value: s.count for s in report.phases}
    assert phases == {GG.PhaseIdea: 1, GG.PhasePlanning: 1, GG.PhaseExecution: 1, None: 3}
    assert [s.value for s in report.phases] == [
        GG.PhaseIdea,
        GG.PhasePlanning,
        GG.PhaseExecution,
        None,
    ]
    assert [p.project for p in report.high_risk] == [T.p1]


def test_budget_against_the_frame(report: PortfolioReport) -> None:
    (portfolio,) = report.portfolios
    # p1 directly, p2 through the programme.
    assert portfolio.projects == 2
    assert portfolio.budget == Decimal("1300000")
    assert portfolio.frame == Decimal("1000000")
    assert portfolio.over_frame
    assert report.total_budget == Decimal("1400000")


def test_per_goal_table(report: PortfolioReport) -> None:
    rows = {row.goal: row for row in report.goals}
    assert rows[T.m1].projects == 2 and rows[T.m1].budget == Decimal("1300000")
    assert rows[T.m1].depth == 0 and rows[T.s1].depth == 1
    assert rows[T.m3].projects == 0
    (life,) = rows[T.m1].indicators
    # The next target after 2025-01-01 is 84 by 2028, not the passed 81 by 2022.
    assert (life.target, life.target_date) == (Decimal("84.0"), date(2028, 1, 1))
    assert (life.observed, life.observed_date) == (Decimal("82.0"), date(2023, 1, 1))
    assert life.status == ON_TRACK
    assert rows[T.s1].indicators[0].status == BEHIND
    assert rows[T.m2].indicators[0].status == NO_DATA
    assert [i.indicator for i in report.behind] == [T.i2]


def test_attention_lists_names_by_topic(report: PortfolioReport) -> None:
    topics = {a.topic: a.names for a in report.attention}
    assert set(topics) == {"orphans", "uncovered", "high-risk", "over-frame", "off-track"}
    assert topics["high-risk"] == ("Safe at home",)
    assert report.attention_count == 6 + 2 + 1 + 1 + 1


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((GG.HigherIsBetter, None, None, Decimal(5), None, Decimal(4), None), ON_TRACK),
        ((GG.LowerIsBetter, None, None, Decimal(5), None, Decimal(4), None), BEHIND),
        ((GG.HigherIsBetter, None, None, None, None, Decimal(4), None), NO_DATA),
        # Half-way in time, three quarters of the way in value: ahead of the straight line.
        (
            (
                GG.HigherIsBetter,
                Decimal(0),
                date(2020, 1, 1),
                Decimal(75),
                date(2022, 1, 1),
                Decimal(100),
                date(2024, 1, 1),
            ),
            ON_TRACK,
        ),
        (
            (
                GG.LowerIsBetter,
                Decimal(100),
                date(2020, 1, 1),
                Decimal(80),
                date(2022, 1, 1),
                Decimal(0),
                date(2024, 1, 1),
            ),
            BEHIND,
        ),
        # No direction stated: the target below the baseline means lower is better.
        ((None, Decimal(10), None, Decimal(4), None, Decimal(5), None), ON_TRACK),
        # On the straight line, but the target's date has passed without it being met.
        (
            (
                GG.HigherIsBetter,
                Decimal(0),
                date(2020, 1, 1),
                Decimal(50),
                date(2021, 1, 1),
                Decimal(100),
                date(2022, 1, 1),
                date(2023, 1, 1),
            ),
            BEHIND,
        ),
    ],
)
def test_indicator_status(args: tuple[object, ...], expected: str) -> None:
    assert indicator_status(*args) == expected  # type: ignore[arg-type]


def test_markdown_answers_the_four_questions(graph: Store) -> None:
    text = portfolio_report(graph, lang="nb", today=TODAY).to_markdown()
    for heading in ("## 1. ", "## 2. ", "## 3. ", "## 4. ", "## Per mål"):
        assert heading in text
    assert "Snarvei" in text and "Naturen er bevart" in text
    assert "1\u00a0300\u00a0000" in text
    # Markup in a label is shown as text, and a | cannot break the table.
    assert "&lt;b&gt;Gater&lt;/b&gt; er trygge &amp; rene" in text
    assert "<b>" not in text


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_a_complete_page_with_escaped_text(report: PortfolioReport) -> None:
    html = report.to_html()
    assert html.startswith("<!DOCTYPE html>")
    parser = _Collector()
    parser.feed(html)
    assert {"html", "head", "body", "table", "style"} <= set(parser.tags)
    assert "b" not in parser.tags
    assert "<b>Streets</b> are safe & clean" in "".join(parser.text)
    # Self-contained: no scripts, style sheets or images fetched from elsewhere.
    assert "<script" not in html and "<link" not in html and "src=" not in html


def test_json_is_serialisable_and_complete(report: PortfolioReport) -> None:
    doc = json.loads(json.dumps(report.to_json()))
    assert set(doc) >= {
        "attention",
        "necessary",
        "sufficient",
        "uncertainty",
        "affordable",
        "goals",
    }
    assert doc["affordable"]["portfolios"][0]["overFrame"] is True
    assert doc["affordable"]["totalBudget"] == 1_400_000
    assert {g["goal"] for g in doc["goals"]} >= {str(T.m1), str(T.s1)}


def test_report_runs_on_each_example(example_graph: Store) -> None:
    report = portfolio_report(example_graph, lang="en", today=TODAY)
    assert report.projects and report.goals
    assert report.to_markdown().startswith("# Portfolio report")
    assert report.to_html().rstrip().endswith("</html>")


def _indicator_model(recent: int) -> Store:
    """Indicators of one goal: ``recent`` measured in 2024, one last measured in 2015, one
    with target values only, all before 2025; names sort so that the old one is not sampled."""
    lines = [
        "@prefix gg: <https://w3id.org/goalgraph#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix : <https://w3id.org/goalgraph/tests/report/> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "gg:MainGoal rdfs:subClassOf gg:Goal .",
        ":g a gg:MainGoal .",
    ]

    def reading(name: str, kind: str, indicator: str, day: str, value: str) -> None:
        lines.append(
            f':{name} a gg:{kind} ; gg:indicator :{indicator} ; gg:date "{day}"^^xsd:date ; '
            f"gg:value {value} ."
        )

    for n in range(recent):
        lines.append(f":i{n:02d} a gg:Indicator ; gg:measures :g .")
        reading(f"i{n:02d}-o1", "Observation", f"i{n:02d}", "2023-06-30", "1.0")
        reading(f"i{n:02d}-o2", "Observation", f"i{n:02d}", "2024-06-30", "2.0")
        reading(f"i{n:02d}-t1", "TargetValue", f"i{n:02d}", "2030-12-31", "5.0")
    lines.append(":i00x a gg:Indicator ; gg:measures :g .")
    reading("old-o1", "Observation", "i00x", "2014-12-31", "7.0")
    reading("old-o2", "Observation", "i00x", "2015-12-31", "8.0")
    reading("old-t1", "TargetValue", "i00x", "2020-12-31", "9.0")
    reading("old-t2", "TargetValue", "i00x", "2022-12-31", "10.0")
    lines.append(":i00y a gg:Indicator ; gg:measures :g .")
    reading("plan-t1", "TargetValue", "i00y", "2026-12-31", "3.0")
    reading("plan-t2", "TargetValue", "i00y", "2028-12-31", "4.0")
    lines.append(":i00z a gg:Indicator ; gg:measures :g .")
    return store_of(Graph().parse(data="\n".join(lines), format="turtle"))


@pytest.mark.parametrize("recent", [2, 40])
def test_indicators_read_recent_dates_first_and_older_ones_where_needed(recent: int) -> None:
    # With 40 indicators only a sample is read in full and the window starts in 2024: the
    # indicator last measured in 2015 and the ones without observations are read again.
    report = portfolio_report(_indicator_model(recent), lang="en", today=date(2025, 1, 1))
    (row,) = report.goals
    found = {str(i.indicator).rsplit("/", 1)[1]: i for i in row.indicators}
    assert len(found) == recent + 3
    recent_one = found["i01"]
    assert (recent_one.observed, recent_one.observed_date) == (Decimal("2.0"), date(2024, 6, 30))
    assert (recent_one.target, recent_one.target_date) == (Decimal("5.0"), date(2030, 12, 31))
    old = found["i00x"]
    assert (old.observed, old.observed_date) == (Decimal("8.0"), date(2015, 12, 31))
    # Every target date has passed: the last target value counts.
    assert (old.target, old.target_date) == (Decimal("10.0"), date(2022, 12, 31))
    assert old.status == BEHIND
    planned = found["i00y"]
    assert planned.observed is None and planned.status == NO_DATA
    assert (planned.target, planned.target_date) == (Decimal("3.0"), date(2026, 12, 31))
    empty = found["i00z"]
    assert (empty.observed, empty.target, empty.status) == (None, None, NO_DATA)


def test_a_section_alone_is_as_in_the_whole_page_with_names_as_asked() -> None:
    from markupsafe import Markup

    store = load(TEST_DATA / "effects" / "model.ttl")
    report = portfolio_report(store, lang="en", today=date(2025, 6, 30))
    assert report.effects is not None and report.effects.largest_gaps
    alone = report.section_html("effects")
    assert alone.strip().startswith('<section id="effects">')
    assert alone.strip() in report.to_html()
    # A name given as Markup is kept; one given as a string is escaped.
    gap = report.effects.largest_gaps[0]
    linked = report.section_html("effects", lambda node, label: Markup("<b>{}</b>").format(label))
    assert f"<b>{gap.label}</b>" in linked
    plain = report.section_html("effects", lambda node, label: f"<{label}>")
    assert f"&lt;{gap.label}&gt;" in plain
    without = portfolio_report(store, lang="en", today=date(2025, 6, 30), with_effects=False)
    assert without.section_html("effects") == ""
    with pytest.raises(ValueError, match="no report section 'nothing'"):
        report.section_html("nothing")
