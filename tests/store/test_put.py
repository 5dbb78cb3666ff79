"""Replacing a graph's content (``Store.put``, ``Store.put_document``) on every adapter: the
result is the new content exactly, whatever the old one held (blank nodes included), and
nothing outside the graph changes."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from goalgraph.store import Store

EX = Namespace("https://example.org/put/")
GRAPH = URIRef("https://example.org/put/graph")
OTHER = URIRef("https://example.org/put/other")


def _graph(*triples: tuple[object, object, object]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)  # type: ignore[arg-type]
    return graph


def _stored(store: Store, graph: URIRef) -> Graph:
    return _graph(*store.triples(graph))


def test_put_keeps_exactly_the_new_content(store: Store) -> None:
    store.put(OTHER, _graph((EX.o, EX.p, Literal("other"))))
    store.put(GRAPH, _graph((EX.a, EX.p, Literal("1")), (EX.b, EX.p, EX.c)))
    new = _graph(
        (EX.a, EX.p, Literal("2")), (EX.b, EX.p, EX.c), (EX.d, EX.q, Literal("x", lang="nb"))
    )
    store.put(GRAPH, new)
    assert set(_stored(store, GRAPH)) == set(new)
    assert set(_stored(store, OTHER)) == {(EX.o, EX.p, Literal("other"))}


def test_put_replaces_blank_nodes_without_keeping_the_old_ones(store: Store) -> None:
    first, second = BNode(), BNode()
    store.put(GRAPH, _graph((EX.a, EX.effect, first), (first, EX.value, Literal(1))))
    new = _graph((EX.a, EX.effect, second), (second, EX.value, Literal(2)), (EX.a, EX.p, EX.b))
    store.put(GRAPH, new)
    assert isomorphic(_stored(store, GRAPH), new)
    assert len(store.triples(GRAPH)) == 3


def test_put_of_the_same_content_changes_nothing(store: Store) -> None:
    content = _graph((EX.a, EX.p, Literal("1")), (EX.a, EX.q, BNode()))
    store.put(GRAPH, content)
    before = _stored(store, GRAPH)
    store.put(GRAPH, content)
    assert isomorphic(_stored(store, GRAPH), before)


def test_put_of_nothing_drops_the_graph(store: Store) -> None:
    store.put(GRAPH, _graph((EX.a, EX.p, Literal("1"))))
    store.put(GRAPH, Graph())
    assert GRAPH not in {info.iri for info in store.graphs()}


def test_put_document_reads_the_file_as_the_new_content(store: Store, tmp_path: Path) -> None:
    store.put(GRAPH, _graph((EX.a, EX.p, Literal("old")), (EX.gone, EX.p, EX.a)))
    document = tmp_path / "new.ttl"
    document.write_text(
        '@prefix ex: <https://example.org/put/> .\nex:a ex:p "new" ; ex:effect [ ex:value 3 ] .\n',
        encoding="utf-8",
    )
    store.put_document(GRAPH, document)
    expected = Graph().parse(document)
    assert isomorphic(_stored(store, GRAPH), expected)
