"""Regression (issue 13, item 1): a goal whose indicators have records written as blank nodes
(expected effects, and readings too, as the modelling guide allows) is shown on every store
adapter: the page code never hands a blank node to a query."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import URIRef

from goalgraph.store import Store, ensure_vocabulary
from goalgraph.views.details import goal_detail

EX = "https://w3id.org/goalgraph/tests/blank-records/"

MODEL = """
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix ex:   <https://w3id.org/goalgraph/tests/blank-records/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

ex:goal a gg:MainGoal ; rdfs:label "Mindre biltrafikk"@nb , "Less car traffic"@en .
ex:indicator a gg:Indicator ; rdfs:label "Trafikk"@nb , "Traffic"@en ;
    gg:measures ex:goal ; gg:unit "prosent" ; gg:direction gg:LowerIsBetter .
ex:named-reading a gg:Observation ; gg:indicator ex:indicator ;
    gg:value 3.0 ; gg:date "2022-12-31"^^xsd:date .
[ a gg:Observation ; gg:indicator ex:indicator ; gg:value 1.5 ; gg:date "2023-12-31"^^xsd:date ] .
[ a gg:TargetValue ; gg:indicator ex:indicator ; gg:value -2.0 ; gg:date "2029-12-31"^^xsd:date ] .
ex:project a gg:Project ; rdfs:label "Kollektivfelt"@nb ;
    gg:expectedEffect [ a gg:ExpectedEffect ; gg:indicator ex:indicator ; gg:change -0.5 ;
                        gg:date "2027-12-31"^^xsd:date ] .
"""


def test_goal_with_blank_node_records_on_every_adapter(store: Store, tmp_path: Path) -> None:
    model = tmp_path / "model.ttl"
    model.write_text(MODEL, encoding="utf-8")
    ensure_vocabulary(store)
    store.load([model], URIRef(EX + "graph"))
    detail = goal_detail(store, URIRef(EX + "goal"), "en")
    (indicator,) = detail.indicators
    assert indicator.label == "Traffic"
    assert indicator.observations == [(date(2022, 12, 31), 3.0), (date(2023, 12, 31), 1.5)]
    assert indicator.targets == [(date(2029, 12, 31), -2.0)]
    assert indicator.chart is not None
