"""The gap bridges of the goal and project pages: drawn at the page's date, and saying when
the latest observation is stale data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from rdflib import URIRef

from goalgraph.store import Store
from goalgraph.views.details import goal_detail, project_detail
from tests.views.conftest import model_store

EX = "https://example.org/bridge/"
MODEL = """\
@prefix gg: <https://w3id.org/goalgraph#> .
@prefix ex: <https://example.org/bridge/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:goal a gg:MainGoal ; rdfs:label "Homes near the stations"@en .
ex:share a gg:Indicator ; rdfs:label "Share of homes near a station"@en ;
    gg:measures ex:goal ; gg:direction gg:HigherIsBetter ;
    gg:baseline "58"^^xsd:decimal ; gg:baselineDate "2016-12-31"^^xsd:date .
ex:obs a gg:Observation ; gg:indicator ex:share ;
    gg:value "63"^^xsd:decimal ; gg:date "2018-12-31"^^xsd:date .
ex:near a gg:TargetValue ; gg:indicator ex:share ;
    gg:value "68"^^xsd:decimal ; gg:date "2019-12-31"^^xsd:date .
ex:far a gg:TargetValue ; gg:indicator ex:share ;
    gg:value "80"^^xsd:decimal ; gg:date "2026-12-31"^^xsd:date .
ex:project a gg:Project ; rdfs:label "Housing by the station"@en ;
    gg:expectedEffect [ gg:indicator ex:share ; gg:change "4"^^xsd:decimal ;
                        gg:date "2026-06-30"^^xsd:date ] .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with model_store(tmp_path_factory, "bridge", MODEL) as opened:
        yield opened


def _goal_bridge(store: Store, today: date) -> tuple[str, str | None]:
    (indicator,) = goal_detail(store, URIRef(EX + "goal"), "en", today).indicators
    assert indicator.bridge is not None
    return indicator.bridge.rows[-1].label, indicator.bridge.stale


def test_the_goal_pages_bridge_is_drawn_at_the_pages_date(store: Store) -> None:
    assert _goal_bridge(store, date(2019, 6, 1)) == ("Target value 2019-12-31", None)
    target, stale = _goal_bridge(store, date(2020, 6, 1))
    assert target == "Target value 2026-12-31" and stale is None


def test_a_latest_observation_older_than_two_years_is_stale_data(store: Store) -> None:
    today = date(2026, 12, 6)
    _, stale = _goal_bridge(store, today)
    days = (today - date(2018, 12, 31)).days
    assert stale == f"The latest reading is {days:,} days old: stale data."
    # 730 days after the observation it is not stale yet; a day later it is.
    assert _goal_bridge(store, date(2020, 12, 30))[1] is None
    assert _goal_bridge(store, date(2020, 12, 31))[1] is not None


def test_the_project_pages_bridge_is_drawn_at_the_pages_date(store: Store) -> None:
    early = project_detail(store, URIRef(EX + "project"), "en", date(2019, 6, 1))
    (bridge,) = early.bridges
    # Its effect is dated after the near target: it does not count towards that one.
    assert [row.label for row in bridge.rows] == [
        "Latest reading 2018-12-31",
        "Remaining gap",
        "Target value 2019-12-31",
    ]
    assert bridge.stale is None
    late = project_detail(store, URIRef(EX + "project"), "en", date(2027, 1, 1))
    (bridge,) = late.bridges
    assert [row.label for row in bridge.rows][1:] == [
        "Housing by the station",
        "Remaining gap",
        "Target value 2026-12-31",
    ]
    assert bridge.stale is not None
