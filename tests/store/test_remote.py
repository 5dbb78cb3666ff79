"""Binding variables by VALUES, as the remote and on-disk stores do, without a server."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from goalgraph import QueryError
from goalgraph.store.base import bind_values

GOAL = URIRef("https://example.org/a/goal1")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?p WHERE { ?goal ^<https://example.org/p> ?p }",
        "SELECT * { ?goal ?p ?o }",
        "ASK { ?goal ?p ?o }",
        "CONSTRUCT { ?goal <https://example.org/q> ?o } WHERE { ?goal ?p ?o }",
        'SELECT ?o WHERE { # a comment with { and WHERE {\n ?goal ?p ?o FILTER(?o != "}{") }',
        "PREFIX ex: <https://example.org/WHERE/> SELECT ?o WHERE { ?goal ex:p ?o }",
    ],
)
def test_values_open_the_where_clause(query: str) -> None:
    bound = bind_values(query, {"goal": GOAL, "label": Literal("Mål", lang="nb")})
    where = bound.index('VALUES (?goal ?label) { (<https://example.org/a/goal1> "Mål"@nb) }')
    assert bound[:where].rstrip().endswith("{")
    assert "?goal" in bound[where + 60 :]
    prepareQuery(bound)


def test_blank_nodes_and_queries_without_a_group_are_refused() -> None:
    with pytest.raises(QueryError, match="blank node"):
        bind_values("SELECT * { ?s ?p ?o }", {"s": BNode()})
    with pytest.raises(QueryError, match="no WHERE clause"):
        bind_values("DESCRIBE ?s", {"s": GOAL})
    assert bind_values("ASK {}", {}) == "ASK {}"
