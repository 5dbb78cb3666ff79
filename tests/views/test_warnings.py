"""The goal tree's warnings: each judged as the portfolio report judges it, on a small model
built here and on both examples."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, URIRef

from goalgraph.analysis.report import BEHIND, portfolio_report
from goalgraph.store import Store, open_files
from goalgraph.views.warnings import (
    HIGH_RISK,
    NO_PROJECT,
    OFF_TRACK,
    OVER_FRAME,
    alerts,
    goal_warnings,
)
from tests.conftest import EXAMPLES, store_of

EX = "https://example.org/warn/"
TODAY = date(2026, 6, 1)
MODEL = f"""
@prefix gg: <https://w3id.org/goalgraph#> .
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:served a gg:MainGoal .
ex:lonely a gg:MainGoal .
ex:safe a gg:MainGoal .
ex:strategy a gg:Strategy ; gg:realises ex:served .
ex:assignment a gg:Assignment ; gg:concretises ex:strategy .
ex:measure a gg:Measure ; gg:resolves ex:assignment .
ex:risky a gg:Project ; gg:implements ex:measure ; gg:riskLevel gg:RiskHigh ;
    gg:budget 80 ; gg:partOf ex:tight .
ex:other a gg:Project ; gg:budget 40 ; gg:partOf ex:tight .
ex:tight a gg:Portfolio ; gg:budgetFrame 100 .
ex:roomy a gg:Portfolio ; gg:budgetFrame 1000 .
ex:cheap a gg:Project ; gg:budget 5 ; gg:partOf ex:roomy .
ex:strategy2 a gg:Strategy ; gg:realises ex:safe .
ex:assignment2 a gg:Assignment ; gg:concretises ex:strategy2 .
ex:measure2 a gg:Measure ; gg:resolves ex:assignment2 .
ex:cheap gg:implements ex:measure2 .

# Behind: the target's date has passed without being met (higher is better).
ex:late a gg:Indicator ; gg:measures ex:served ; gg:direction gg:HigherIsBetter .
[] a gg:Observation ; gg:indicator ex:late ; gg:date "2026-01-01"^^xsd:date ; gg:value 3 .
[] a gg:TargetValue ; gg:indicator ex:late ; gg:date "2025-12-31"^^xsd:date ; gg:value 10 .
# On track: already meets its target (lower is better).
ex:fine a gg:Indicator ; gg:measures ex:safe ; gg:direction gg:LowerIsBetter .
[] a gg:Observation ; gg:indicator ex:fine ; gg:date "2026-01-01"^^xsd:date ; gg:value 2 .
[] a gg:TargetValue ; gg:indicator ex:fine ; gg:date "2030-01-01"^^xsd:date ; gg:value 5 .
"""


@pytest.fixture(scope="module")
def small() -> Store:
    return store_of(Graph().parse(data=MODEL, format="turtle"))


def test_each_warning_on_a_small_model(small: Store) -> None:
    goals = [URIRef(EX + name) for name in ("served", "lonely", "safe")]
    found = goal_warnings(small, goals, alerts(small, TODAY))
    assert found == {
        URIRef(EX + "served"): [OVER_FRAME, HIGH_RISK, OFF_TRACK],
        URIRef(EX + "lonely"): [NO_PROJECT],
        URIRef(EX + "safe"): [],
    }


def test_alerts_of_a_small_model(small: Store) -> None:
    found = alerts(small, TODAY)
    assert found.high_risk == {URIRef(EX + "risky")}
    # 80 + 40 over a frame of 100; the roomy portfolio stays inside its frame.
    assert found.over_frame == (URIRef(EX + "tight"),)
    assert found.behind == {URIRef(EX + "served")}


@pytest.mark.parametrize("name", ["asker", "miljopakken"])
def test_alerts_agree_with_the_report(name: str) -> None:
    with open_files(EXAMPLES / name) as store:
        report = portfolio_report(store, "nb", TODAY, with_effects=False)
        found = alerts(store, TODAY)
        assert found.high_risk == {p.project for p in report.high_risk}
        assert found.high_risk, "the examples have projects with high risk"
        assert set(found.over_frame) == {p.portfolio for p in report.portfolios if p.over_frame}
        behind = {
            row.goal for row in report.goals if any(i.status == BEHIND for i in row.indicators)
        }
        assert found.behind == behind
        assert behind
