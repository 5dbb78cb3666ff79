"""The write gate: which graphs a change writes, Violations it adds, and the vocabulary kept."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from goalgraph import GG, QueryError
from goalgraph.store import VOCABULARY_GRAPH, OxigraphStore, Store, ensure_vocabulary
from goalgraph.validation.gate import (
    EVERY_GRAPH,
    Gate,
    ShaclRefused,
    VocabularyProtected,
    touched_graphs,
)
from tests.conftest import ASKER

A = URIRef("https://example.org/graph/a")
B = URIRef("https://example.org/graph/b")
EX = "https://example.org/gate/"


@pytest.mark.parametrize(
    ("update", "graphs"),
    [
        (f"INSERT DATA {{ GRAPH <{A}> {{ <{EX}s> <{EX}p> 1 }} }}", {A}),
        (f"DELETE DATA {{ GRAPH <{A}> {{ <{EX}s> <{EX}p> 1 }} }} ; DROP GRAPH <{B}>", {A, B}),
        (f"WITH <{B}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", {B}),
        (f"DELETE {{ GRAPH <{A}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{B}> {{ ?s ?p ?o }} }}", {A}),
        (f"COPY <{A}> TO <{B}>", {B}),
        (f"MOVE <{A}> TO <{B}>", {A, B}),
        (f"CLEAR GRAPH <{A}>", {A}),
    ],
)
def test_an_update_writes_the_graphs_it_names(update: str, graphs: set[URIRef]) -> None:
    assert touched_graphs(update) == frozenset(graphs)


@pytest.mark.parametrize(
    "update",
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        f"INSERT DATA {{ <{EX}s> <{EX}p> 1 }}",
        "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_an_update_that_may_write_any_graph_says_so(update: str) -> None:
    assert touched_graphs(update) is EVERY_GRAPH


def test_a_malformed_update_is_a_query_error() -> None:
    with pytest.raises(QueryError, match="line 1"):
        touched_graphs("INSERT DATA { <a:b> ")


@pytest.fixture
def store() -> OxigraphStore:
    opened = OxigraphStore(None)
    ensure_vocabulary(opened)
    opened.load([ASKER], A)
    return opened


class _Graphs:
    """Every graph of a store, compared as graphs (a restored graph's blank nodes are new)."""

    def __init__(self, store: Store) -> None:
        self.graphs = {info.iri: store.export(info.iri) for info in store.graphs()}

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Graphs)
            and self.graphs.keys() == other.graphs.keys()
            and all(isomorphic(g, other.graphs[iri]) for iri, g in self.graphs.items())
        )


def _quads(store: Store) -> _Graphs:
    return _Graphs(store)


def test_a_change_that_adds_violations_is_refused_and_undone(store: OxigraphStore) -> None:
    before = _quads(store)
    gate = Gate(store, "en")
    bad = f"INSERT DATA {{ GRAPH <{A}> {{ <{EX}bad> a <{GG.Project}> }} }}"
    with pytest.raises(ShaclRefused) as refused:
        gate.apply(touched_graphs(bad), lambda: store.update(bad))
    assert any(str(r.focus) == EX + "bad" for r in refused.value.report.violations)
    assert _quads(store) == before
    assert gate.accepted == {}


def test_a_change_that_adds_none_is_kept_with_its_report(store: OxigraphStore) -> None:
    gate = Gate(store, "en")
    label = f'INSERT DATA {{ GRAPH <{A}> {{ <{EX}note> <{RDFS.comment}> "ok" }} }}'
    gate.apply(touched_graphs(label), lambda: store.update(label))
    assert set(gate.accepted) == {A}
    # The next write starts from the kept report instead of validating again.
    second = Gate(store, "en", known=dict(gate.accepted))
    content = store.export(A)
    content.add((URIRef(EX + "note"), RDFS.comment, Literal("again")))
    second.check_graph(A, content)
    assert second.known[A] is gate.accepted[A]


def test_new_content_of_a_graph_is_checked_before_it_is_written(store: OxigraphStore) -> None:
    content = store.export(A)
    content.add((URIRef(EX + "bad"), RDF.type, GG.Project))
    with pytest.raises(ShaclRefused):
        Gate(store, "en").check_graph(A, content)


def test_the_vocabulary_is_kept(store: OxigraphStore) -> None:
    before = _quads(store)
    gate = Gate(store, "en")
    with pytest.raises(VocabularyProtected, match="every graph"):
        gate.apply(touched_graphs("DROP ALL"), lambda: store.update("DROP ALL"))
    drop = f"DROP GRAPH <{VOCABULARY_GRAPH}>"
    with pytest.raises(VocabularyProtected, match="vocabulary graph"):
        gate.apply(touched_graphs(drop), lambda: store.update(drop))
    with pytest.raises(VocabularyProtected):
        gate.check_graph(VOCABULARY_GRAPH, Graph())
    assert _quads(store) == before
    # Without the SHACL check the vocabulary is kept all the same.
    with pytest.raises(VocabularyProtected):
        Gate(store, "en", shacl=False).apply(touched_graphs(drop), lambda: store.update(drop))
    assert _quads(store) == before
    # Adding to it is no removal; a setting allows the rest.
    add = f'INSERT DATA {{ GRAPH <{VOCABULARY_GRAPH}> {{ <{EX}x> <{RDFS.label}> "x" }} }}'
    Gate(store, "en").apply(touched_graphs(add), lambda: store.update(add))
    allowed = Gate(store, "en", vocabulary_writes=True, shacl=False)
    allowed.apply(touched_graphs(drop), lambda: store.update(drop))
    assert VOCABULARY_GRAPH not in {info.iri for info in store.graphs()}
