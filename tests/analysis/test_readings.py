"""An indicator's readings around a date: one query for the report and the effect balance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from goalgraph.analysis.effects import effects
from goalgraph.analysis.readings import Reading, read_readings
from goalgraph.analysis.report import portfolio_report
from goalgraph.sparql.library import select
from goalgraph.store import Store
from tests.conftest import store_of

NS = "https://w3id.org/goalgraph/tests/readings/"
AT = date(2025, 6, 30)
HEAD = f"""
@prefix gg: <https://w3id.org/goalgraph#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <{NS}> .
gg:MainGoal rdfs:subClassOf gg:Goal .
:g a gg:MainGoal ; rdfs:label "Goal"@en .
"""


def _model(body: str) -> Store:
    return store_of(Graph().parse(data=HEAD + body, format="turtle"))


#: One indicator measured before and after AT, with a target AT lies before, one passed and
#: one revised.
MODEL = """
:i a gg:Indicator ; rdfs:label "Share"@en ; gg:measures :g ; gg:direction gg:HigherIsBetter .
:o1 a gg:Observation ; gg:indicator :i ; gg:date "2023-12-31"^^xsd:date ; gg:value 10 .
:o2 a gg:Observation ; gg:indicator :i ; gg:date "2024-12-31"^^xsd:date ; gg:value 12 .
:o3 a gg:Observation ; gg:indicator :i ; gg:date "2026-03-31"^^xsd:date ; gg:value 15 .
:t0 a gg:TargetValue ; gg:indicator :i ; gg:date "2024-12-31"^^xsd:date ; gg:value 11 .
:t1 a gg:TargetValue ; gg:indicator :i ; gg:date "2027-12-31"^^xsd:date ; gg:value 18 .
:t2 a gg:TargetValue ; gg:indicator :i ; gg:date "2027-12-31"^^xsd:date ; gg:value 20 ;
    gg:revises :t1 .
:t3 a gg:TargetValue ; gg:indicator :i ; gg:date "2030-12-31"^^xsd:date ; gg:value 25 .
"""


def test_the_readings_around_a_date() -> None:
    store = _model(MODEL)
    (found,) = read_readings(store, AT, [URIRef(NS + "i")], listed=True).values()
    # The observation dated after AT is not yet the latest; the revised target is history.
    assert found.latest == Reading(Decimal(12), date(2024, 12, 31))
    assert found.next == Reading(Decimal(20), date(2027, 12, 31))
    assert found.target == found.next
    assert found.last == Reading(Decimal(25), date(2030, 12, 31))
    assert found.previous == Reading(Decimal(11), date(2024, 12, 31))


def test_the_report_and_the_balance_stand_on_the_same_readings() -> None:
    # The report's status took the latest observation whatever its date (here 15, dated
    # after the report's date) while the balance took 12: one page, two answers.
    store = _model(MODEL)
    report = portfolio_report(store, lang="en", today=AT)
    (status,) = report.goals[0].indicators
    (balance,) = effects(store, AT, lang="en").indicators
    assert balance.latest is not None and balance.target is not None
    assert (status.observed, status.observed_date) == (balance.latest.value, balance.latest.date)
    assert (status.target, status.target_date) == (balance.target.value, balance.target.date)
    assert status.observed == Decimal(12)


def test_the_named_query_gives_the_keys_for_analysts() -> None:
    (row,) = select(_model(MODEL), "indicator-readings", {"today": AT.isoformat()})
    assert [str(row[k]) for k in ("observed", "next", "last", "previous")] == [
        "2024-12-31 12",
        "2027-12-31 20",
        "2030-12-31 25",
        "2024-12-31 11",
    ]


_DAYS = st.integers(min_value=-4000, max_value=3000).map(lambda d: AT + timedelta(days=d))
_INDICATOR = st.tuples(
    st.lists(_DAYS, max_size=4),  # observation dates
    st.lists(_DAYS, max_size=3),  # target dates
)


@settings(max_examples=30, deadline=None)
@given(st.lists(_INDICATOR, min_size=40, max_size=56))
def test_the_whole_store_is_read_as_each_indicator_alone(indicators: list) -> None:
    # From 32 indicators on, only a sample is read in full and a date window for all;
    # whatever the dates, each indicator's latest observation and next and last targets are
    # those a read of that indicator alone gives.
    lines = []
    for n, (observed, targets) in enumerate(indicators):
        lines.append(f":i{n:02d} a gg:Indicator ; gg:measures :g .")
        for kind, days in (("Observation", observed), ("TargetValue", targets)):
            for m, day in enumerate(days):
                lines.append(
                    f":r{n:02d}-{kind}-{m} a gg:{kind} ; gg:indicator :i{n:02d} ; "
                    f'gg:date "{day.isoformat()}"^^xsd:date ; gg:value {n * 10 + m} .'
                )
    store = _model("\n".join(lines))
    nodes = [URIRef(f"{NS}i{n:02d}") for n in range(len(indicators))]
    whole = read_readings(store, AT, nodes, listed=False)
    for node in nodes:
        alone = read_readings(store, AT, [node], listed=True).get(node)
        mine = whole.get(node)
        assert (alone and (alone.latest, alone.next, alone.last)) == (
            mine and (mine.latest, mine.next, mine.last)
        ), node
