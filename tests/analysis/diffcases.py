"""What the diff tests share: two Turtle texts put as two graphs of one store."""

from __future__ import annotations

from rdflib import Graph, URIRef

from goalgraph.analysis.diff import PlanDiff
from goalgraph.store import GraphScope, Store

EX = "https://example.org/plan/"
OLD, NEW = URIRef("https://example.org/graph/old"), URIRef("https://example.org/graph/new")
PREFIXES = f"""
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <{EX}> .
"""


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def put(store: Store, old: str, new: str) -> tuple[GraphScope, GraphScope]:
    """The two Turtle texts as the graphs OLD and NEW of ``store``, each seen on its own."""
    store.put(OLD, Graph().parse(data=PREFIXES + old, format="turtle"))
    store.put(NEW, Graph().parse(data=PREFIXES + new, format="turtle"))
    return GraphScope(store, OLD), GraphScope(store, NEW)


def said(result: PlanDiff) -> list[str]:
    return [s.text for s in result.said]
