"""Regression (issue 13, item 3): no thread-bound pyoxigraph iterator outlives the call that
made it, so none is dropped on another thread ("... is unsendable, but is being dropped on
another thread"), even when the frames of that call are kept alive by someone else."""

from __future__ import annotations

import gc
import sys
import threading
from types import FrameType
from typing import Any

import pytest
from rdflib import URIRef

from goalgraph.store import OxigraphStore, ensure_vocabulary, native
from goalgraph.validation import validate_graph
from tests.conftest import ASKER

GRAPH = URIRef("https://w3id.org/goalgraph/tests/native/asker")


def _unsendable_drops(work: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run ``work`` on a thread that keeps every frame it returns from, then drop those
    frames here, on the main thread; the unsendable objects they held are reported."""
    kept: list[FrameType] = []

    def keep(frame: FrameType, event: str, _: object) -> None:
        # As an exception's traceback or a parser's reference cycle would keep them.
        if event == "return":
            kept.append(frame)

    def run() -> None:
        sys.setprofile(keep)
        try:
            work()
        finally:
            sys.setprofile(None)

    reported: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: reported.append(str(u.exc_value)))
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert kept
    kept.clear()
    gc.collect()
    return [text for text in reported if "unsendable" in text]


@pytest.fixture(scope="module")
def asker_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("native") / "store")
    ensure_vocabulary(store)
    store.load([ASKER], GRAPH)
    return store


def test_store_reads_leave_nothing_thread_bound(
    asker_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def work() -> None:
        asker_store.query("SELECT ?s WHERE { ?s a ?type } LIMIT 50")
        asker_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50")
        asker_store.query("ASK { ?s ?p ?o }")
        asker_store.graphs()
        asker_store.triples_count(GRAPH)
        asker_store.export(GRAPH)

    assert _unsendable_drops(work, monkeypatch) == []


def test_store_validation_leaves_nothing_thread_bound(
    asker_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pySHACL's SPARQL-based constraints go to an Oxigraph mirror (validate.SparqlMirror),
    # and the graph is read straight from the store (validate_store._prepare_oxigraph).
    assert _unsendable_drops(lambda: validate_graph(asker_store, GRAPH), monkeypatch) == []


def test_the_check_itself_sees_an_iterator_kept_in_a_frame(
    asker_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def careless() -> None:
        found = asker_store.native.query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
        assert found is not None

    assert _unsendable_drops(careless, monkeypatch) != []


def test_answers_are_plain_lists(asker_store: OxigraphStore) -> None:
    ox_store = asker_store.native
    union = {"use_default_graph_as_union": True}
    solutions = native.solutions(ox_store, "SELECT ?s ?o WHERE { ?s a ?o } LIMIT 3", **union)
    assert solutions.variables == ("s", "o") and len(solutions.rows) == 3
    assert native.query(ox_store, "ASK { ?s ?p ?o }", **union) is True
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"
    triples = native.query(ox_store, query, **union)
    assert isinstance(triples, list) and len(triples) == 2
    assert len(native.quads(ox_store, None, None, None, None)) == len(ox_store)
    assert native.first_quad(ox_store, None, None, None, None) is not None
    with pytest.raises(TypeError):
        native.solutions(ox_store, "ASK { ?s ?p ?o }")
