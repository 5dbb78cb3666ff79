"""Labels: the user's language first, and the same label however the triples were read."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from goalgraph.labels import label

NODE = URIRef("https://example.org/labels/n0")


def graph_of(*labels: Literal) -> Graph:
    graph = Graph()
    for value in labels:
        graph.add((NODE, RDFS.label, value))
    return graph


def test_language_then_the_other_then_any() -> None:
    both = graph_of(Literal("Trygg by", lang="nb"), Literal("Safe town", lang="en"))
    assert label(both, NODE, "nb") == "Trygg by" and label(both, NODE, "en") == "Safe town"
    assert label(graph_of(Literal("Safe town", lang="en")), NODE, "nb") == "Safe town"
    assert label(graph_of(Literal("Sicher", lang="de")), NODE, "nb") == "Sicher"
    assert label(Graph(), NODE, "nb") == "n0"


def test_preferred_label_wins_over_rdfs_label() -> None:
    graph = graph_of(Literal("Label", lang="nb"))
    graph.add((NODE, SKOS.prefLabel, Literal("Foretrukket", lang="nb")))
    assert label(graph, NODE, "nb") == "Foretrukket"


def test_the_same_label_whatever_the_order_of_reading() -> None:
    # Regression: two untagged labels gave the whole model and its pruned copy different
    # focus labels in validation reports (tests/test_reach.py, found by hypothesis).
    first = graph_of(Literal("Vi skal øke"), Literal("Trygg by"))
    second = graph_of(Literal("Trygg by"), Literal("Vi skal øke"))
    assert label(first, NODE, "nb") == label(second, NODE, "nb") == "Trygg by"
    tagged = [Literal(text, lang="nb") for text in ("Ø", "A", "M")]
    assert label(graph_of(*tagged), NODE, "nb") == label(graph_of(*reversed(tagged)), NODE) == "A"
