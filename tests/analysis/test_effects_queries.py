"""The effect balance's queries written for hash joins answer as the plain forms do.

Some named queries of the balance read a property whole in a subquery (joined by hashing,
cheaper on a disk store than a look-up per node), and repeat a list parameter's VALUES block
in each subquery. These tests hold them to the plain forms they replace, on the examples and
the hand-worked model, on Oxigraph and on rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from rdflib import URIRef

from goalgraph import load
from goalgraph.chain import expand
from goalgraph.namespace import PREFIXES
from goalgraph.sparql.library import select
from goalgraph.sparql.text import with_prefixes
from goalgraph.store import MemoryStore, Store, ensure_vocabulary
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA, select_text

MODEL = TEST_DATA / "effects" / "model.ttl"

#: effect-indicators with every property looked up indicator by indicator.
INDICATORS_BY_LOOK_UP = """
SELECT ?indicator ?label ?unit ?direction ?baseline ?baselineDate ?goal ?responsible
WHERE {
  ?indicator a gg:Indicator .
  OPTIONAL { ?indicator rdfs:label ?labelHere FILTER(lang(?labelHere) = "en") }
  OPTIONAL {
    ?indicator rdfs:label ?labelOther
    FILTER(lang(?labelOther) IN ("nb", "en") && lang(?labelOther) != "en")
  }
  OPTIONAL { ?indicator gg:unit ?unitHere FILTER(lang(?unitHere) = "en") }
  OPTIONAL { ?indicator gg:unit ?unitPlain FILTER(lang(?unitPlain) = "") }
  OPTIONAL {
    ?indicator gg:unit ?unitOther
    FILTER(lang(?unitOther) IN ("nb", "en") && lang(?unitOther) != "en")
  }
  OPTIONAL { ?indicator gg:direction ?direction }
  OPTIONAL { ?indicator gg:baseline ?baseline }
  OPTIONAL { ?indicator gg:baselineDate ?baselineDate }
  OPTIONAL { ?indicator gg:measures ?goal }
  OPTIONAL { ?indicator gg:responsible ?responsible }
  BIND(COALESCE(?labelHere, ?labelOther) AS ?label)
  BIND(COALESCE(?unitHere, ?unitPlain, ?unitOther) AS ?unit)
}
"""

#: financing-items with the item's properties looked up item by item.
ITEMS_BY_LOOK_UP = """
SELECT ?owner ?item ?source ?amount ?earmark
WHERE {
  ?owner gg:financing ?item .
  OPTIONAL { ?item gg:financingSource ?source }
  OPTIONAL { ?item gg:amount ?amount }
  OPTIONAL { ?item gg:earmarkedFor ?earmark }
}
"""


#: indicator-readings with every reading's kind and value looked up whatever its kind.
READINGS_BY_LOOK_UP = """
SELECT ?indicator (MAX(?observedKey) AS ?observed) (MIN(?nextKey) AS ?next)
       (MAX(?lastKey) AS ?last) (MAX(?previousKey) AS ?previous)
WHERE {
  ?reading gg:date ?date .
  FILTER(datatype(?date) = xsd:date && ?date >= "@SINCE@"^^xsd:date)
  ?reading gg:indicator ?indicator .
  OPTIONAL { ?reading a ?kind }
  OPTIONAL { ?reading gg:value ?value }
  BIND(EXISTS { ?newer gg:revises ?reading } AS ?revised)
  BIND(COALESCE(IF(isLiteral(?value) && ?kind IN (gg:Observation, gg:TargetValue)
                   && (?kind = gg:Observation || !?revised),
                   CONCAT(STR(?date), " ", STR(?value)), ""), "") AS ?key)
  BIND(COALESCE(IF(?key != "" && ?kind = gg:Observation && ?date <= "@AT@"^^xsd:date, ?key, ""),
       "") AS ?observedKey)
  BIND(COALESCE(IF(?key != "" && ?kind = gg:TargetValue && ?date >= "@AT@"^^xsd:date, ?key, "~"),
       "~") AS ?nextKey)
  BIND(COALESCE(IF(?key != "" && ?kind = gg:TargetValue, ?key, ""), "") AS ?lastKey)
  BIND(COALESCE(IF(?key != "" && ?kind = gg:TargetValue && ?date < "@AT@"^^xsd:date, ?key, ""),
       "") AS ?previousKey)
}
GROUP BY ?indicator
"""


def _rows(rows: Iterable[Iterable[object]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if term is None else str(term) for term in row) for row in rows)


def _plain(store: Store, text: str) -> list[tuple[str, ...]]:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    return _rows(select_text(store, with_prefixes(expand(text), prefixes)))


def _rdflib_store() -> Store:
    store = MemoryStore()
    ensure_vocabulary(store)
    store.load([MODEL], URIRef("https://w3id.org/goalgraph/tests/graph/effects"))
    return store


@pytest.fixture(scope="module", params=["asker", "miljopakken", "model", "rdflib"])
def model(request: pytest.FixtureRequest) -> Store:
    if request.param == "rdflib":
        return _rdflib_store()
    return load({"asker": ASKER, "miljopakken": MILJOPAKKEN, "model": MODEL}[request.param])


def test_effect_indicators_reads_what_look_ups_read(model: Store) -> None:
    found = _rows(select(model, "effect-indicators", {"lang": "en"}))
    assert found == _plain(model, INDICATORS_BY_LOOK_UP)
    assert found


def test_financing_items_reads_what_look_ups_read(model: Store) -> None:
    assert _rows(select(model, "financing-items")) == _plain(model, ITEMS_BY_LOOK_UP)


@pytest.mark.parametrize(
    ("query", "param", "key"),
    [
        ("effect-indicators", "indicator", "indicator"),
        ("effect-projects", "project", "project"),
        ("expected-effects", "project", "project"),
    ],
)
def test_a_list_gives_the_rows_of_those_nodes(
    model: Store, query: str, param: str, key: str
) -> None:
    # The list fills the VALUES block of every subquery: the answer for a few nodes is the
    # whole answer's rows of those nodes.
    everything = select(model, query)
    nodes = sorted({n for n in (row[key] for row in everything) if isinstance(n, URIRef)}, key=str)
    nodes = nodes[:3]
    assert nodes
    some = select(model, query, {param: nodes})
    assert _rows(some) == _rows(row for row in everything if row[key] in nodes)


@pytest.mark.parametrize(
    ("at", "since"),
    [("2025-06-30", "0001-01-01"), ("2019-03-01", "0001-01-01"), ("2030-01-01", "2024-01-01")],
)
def test_indicator_readings_reads_what_look_ups_read(model: Store, at: str, since: str) -> None:
    # Readings of neither kind are left out after their kind is looked up: an indicator that
    # has only such readings (or only expected effects) in the window may give no row where
    # it gave a row with nothing in it, which the balance reads alike (no readings).
    def read(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        return [row for row in rows if row[1:] != ("", "~", "", "")]

    found = _rows(select(model, "indicator-readings", {"today": at, "since": since}))
    plain = _plain(model, READINGS_BY_LOOK_UP.replace("@SINCE@", since).replace("@AT@", at))
    assert read(found) == read(plain)
    assert read(found)
