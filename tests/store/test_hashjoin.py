"""The in-memory store's hash join gives what a join by comparing every pair gives."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import FrozenDict
from rdflib.term import Variable

from goalgraph.store import MemoryStore, OxigraphStore, Store
from goalgraph.store.base import SelectResult
from goalgraph.store.hashjoin import _evaluate, _join, hash_joins

VARIABLES = [Variable(n) for n in ("a", "b", "c")]
VALUES = [URIRef(f"https://example.org/{n}") for n in range(3)]

solutions = st.lists(
    st.dictionaries(st.sampled_from(VARIABLES), st.sampled_from(VALUES), max_size=3),
    max_size=12,
).map(lambda found: [FrozenDict(s) for s in found])


def _pairwise(left: list[FrozenDict], right: list[FrozenDict]) -> Counter[FrozenDict]:
    return Counter(x.merge(y) for x in left for y in right if x.compatible(y))


@given(solutions, solutions)
def test_the_hash_join_joins_as_comparing_every_pair_does(
    left: list[FrozenDict], right: list[FrozenDict]
) -> None:
    # Solutions that leave some variables unbound, on either side, are drawn too.
    assert Counter(_join(left, right)) == _pairwise(left, right)


def test_outside_the_block_rdflib_joins_as_it_always_did() -> None:
    part = CompValue("Join", p1=None, p2=None, lazy=False)
    with pytest.raises(NotImplementedError):
        _evaluate(None, part)  # type: ignore[arg-type]
    with hash_joins(), pytest.raises(NotImplementedError):
        _evaluate(None, CompValue("Join", p1=None, p2=None, lazy=True))  # type: ignore[arg-type]


EX = "https://example.org/"
# A unit hierarchy: the walk up from each unit (a zero-length path binds two variables to
# the same node) joined with what the units answer for, through a DISTINCT sub-select that
# rdflib cannot join lazily.
UNITS = "\n".join(
    [f"<{EX}u{n}> <{EX}unitOf> <{EX}u{n // 2}> ." for n in range(1, 40)]
    + [f"<{EX}n{n}> <{EX}responsible> <{EX}u{n % 40}> ." for n in range(200)]
    + [f"<{EX}n{n}> <{EX}responsible> <{EX}u{(n + 1) % 40}> ." for n in range(0, 200, 7)]
)
QUERY = f"""
SELECT ?node ?top WHERE {{
  {{ SELECT DISTINCT ?unit ?top WHERE {{
       {{ SELECT DISTINCT ?unit WHERE {{ ?any <{EX}responsible> ?unit }} }}
       ?unit <{EX}unitOf>* ?top .
     }} }}
  ?node <{EX}responsible> ?unit .
}}"""
# The right-hand side of the join holds the same solution twice: both are kept.
DUPLICATES = f"""
SELECT ?node ?v WHERE {{
  {{ SELECT DISTINCT ?node WHERE {{ ?node <{EX}responsible> ?u }} }}
  {{ SELECT ?node ?v WHERE {{ ?node <{EX}responsible> ?u BIND("x" AS ?v) }} }}
}}"""


def _rows(store: Store, query: str) -> Counter[tuple[str | None, ...]]:
    store.put(URIRef(EX + "g"), Graph().parse(data=UNITS, format="nt"))
    found = store.query(query)
    assert isinstance(found, SelectResult)
    return Counter(tuple(None if t is None else str(t) for t in row) for row in found.rows)


@pytest.mark.parametrize("query", [QUERY, DUPLICATES], ids=["path", "duplicates"])
def test_the_memory_store_answers_as_oxigraph_does(query: str) -> None:
    found = _rows(MemoryStore(), query)
    assert found == _rows(OxigraphStore(None), query)
    assert sum(found.values()) > 0


def test_literal_values_key_the_buckets_too() -> None:
    left = [FrozenDict({Variable("a"): Literal(1)}), FrozenDict({Variable("a"): Literal("1")})]
    right = [FrozenDict({Variable("a"): Literal(1), Variable("b"): Literal(2)})]
    assert Counter(_join(left, right)) == _pairwise(left, right)
    assert len(list(_join(left, right))) == 1
