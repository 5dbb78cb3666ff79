"""Opening stores by descriptor, the vocabulary graph, and persistence of the on-disk store."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from goalgraph import SDG, StoreError
from goalgraph.store import (
    VOCABULARY_GRAPH,
    MemoryStore,
    OxigraphStore,
    RemoteStore,
    ensure_vocabulary,
    open_store,
)
from tests.conftest import select_text

GRAPH = URIRef("https://example.org/graph/a")
TRIPLE = (
    "<https://example.org/a/goal1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/goalgraph#MainGoal> .\n"
)


def test_descriptor_picks_the_adapter(tmp_path: Path) -> None:
    assert isinstance(open_store("memory:", vocabulary=False), MemoryStore)
    remote = open_store("http://127.0.0.1:9/query", vocabulary=False)
    assert isinstance(remote, RemoteStore)
    assert remote.update_url == "http://127.0.0.1:9/update"
    assert remote.graph_store_url == "http://127.0.0.1:9/store"
    sparql = RemoteStore("https://example.org/sparql")
    assert (sparql.update_url, sparql.graph_store_url) == (
        "https://example.org/sparql",
        "https://example.org/sparql-graph-crud",
    )
    graphdb = RemoteStore("http://h:7200/repositories/goals")
    assert (graphdb.update_url, graphdb.graph_store_url) == (
        "http://h:7200/repositories/goals/statements",
        "http://h:7200/repositories/goals/rdf-graphs/service",
    )
    other = RemoteStore("https://example.org/endpoint")
    assert (other.update_url, other.graph_store_url) == ("https://example.org/endpoint", None)
    with open_store(str(tmp_path / "new" / "store"), vocabulary=False) as disk:
        assert isinstance(disk, OxigraphStore)
    assert (tmp_path / "new" / "store").is_dir()


def test_vocabulary_graph_is_loaded_once(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "store")) as store:
        infos = store.graphs()
        assert [info.iri for info in infos] == [VOCABULARY_GRAPH]
        assert infos[0].triples > 4000
        target = select_text(
            store, "SELECT ?t WHERE { ?t a <https://w3id.org/goalgraph#SDGTarget> }"
        )
        assert SDG["3.4"] in target.column("t")
        assert ensure_vocabulary(store) is False
        assert ensure_vocabulary(store, refresh=True) is True
        assert store.graphs() == infos


def test_on_disk_store_keeps_its_graphs(tmp_path: Path) -> None:
    data = tmp_path / "a.nt"
    data.write_text(TRIPLE, encoding="utf-8")
    with OxigraphStore(tmp_path / "store") as store:
        store.load([data], GRAPH)
    with OxigraphStore(tmp_path / "store") as reopened:
        assert [(i.iri, i.triples) for i in reopened.graphs()] == [(GRAPH, 1)]


def test_store_in_use_or_on_a_file_is_a_store_error(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "store"), pytest.raises(StoreError, match="another process"):
        OxigraphStore(tmp_path / "store")
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file"):
        open_store(str(a_file))


def test_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:9"):
        open_store("http://127.0.0.1:9/query")
