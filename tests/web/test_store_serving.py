"""Serving an on-disk store and a remote server: workers read the store, the gate is scoped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from goalgraph.cli.main import app as cli
from goalgraph.store import (
    MEMORY,
    OxigraphStore,
    RemoteStore,
    ensure_vocabulary,
    file_graph,
    open_store,
)
from goalgraph.web import StoreSource
from tests.conftest import ASKER
from tests.web.conftest import Served, run_server

WRITE = "write-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {WRITE}"}
CLIENT = httpx.Client(timeout=60)
ASKER_NS = "https://w3id.org/goalgraph/examples/asker/"
GOAL = ASKER_NS + "mg-folkehelse"
NOTES = "https://w3id.org/goalgraph/tests/web/notes"
ASK_JSON = {"Accept": "application/sparql-results+json"}


def _asker_store(folder: Path) -> OxigraphStore:
    store = OxigraphStore(folder)
    ensure_vocabulary(store)
    store.load([ASKER], file_graph(ASKER))
    return store


@pytest.fixture(scope="module")
def folder_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("store")
    source = StoreSource(_asker_store(folder))
    # It is also the remote store of another server here: every query of that one comes
    # from the same address, and one may still run when the next arrives.
    yield from run_server(
        [], source, write_token=WRITE, query_timeout=5.0, max_queries_per_client=4
    )


def _ask(base: str, query: str) -> bool:
    response = CLIENT.get(f"{base}/sparql", params={"query": query}, headers=ASK_JSON)
    assert response.status_code == 200, response.text
    answer: bool = response.json()["boolean"]
    return answer


def test_workers_read_the_store_folder_itself(folder_server: Served) -> None:
    data = folder_server.source.query_data()
    assert data.store_folder
    assert data.path == folder_server.source.store.path  # type: ignore[attr-defined]
    response = CLIENT.get(
        f"{folder_server.url}/sparql",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers=ASK_JSON,
    )
    count = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert count == len(folder_server.source)


def test_a_write_is_seen_by_the_next_query(folder_server: Served) -> None:
    query = f'ASK {{ <{GOAL}> <http://www.w3.org/2000/01/rdf-schema#comment> "noted" }}'
    assert not _ask(folder_server.url, query)
    # An annotation on a goal described in another graph: the gate sees that description.
    body = f'<{GOAL}> <http://www.w3.org/2000/01/rdf-schema#comment> "noted" .'
    response = CLIENT.put(
        f"{folder_server.url}/graphs",
        params={"graph": NOTES},
        content=body,
        headers={"Content-Type": "text/turtle", **AUTH},
    )
    assert response.status_code in (200, 201, 204), response.text
    assert _ask(folder_server.url, query)


def test_the_scoped_gate_refuses_violations_in_the_written_graph(folder_server: Served) -> None:
    before = len(folder_server.source)
    body = f"<{ASKER_NS}bad-project> a <https://w3id.org/goalgraph#Project> ."
    response = CLIENT.put(
        f"{folder_server.url}/graphs",
        params={"graph": NOTES + "-bad"},
        content=body,
        headers={"Content-Type": "text/turtle", **AUTH},
    )
    assert response.status_code == 422
    assert any("bad-project" in str(r) for r in response.json()["report"]["results"])
    assert len(folder_server.source) == before


def test_a_remote_store_gets_the_query_and_its_time_limit(folder_server: Served) -> None:
    source = StoreSource(RemoteStore(f"{folder_server.url}/sparql"))
    for served in run_server([], source, query_timeout=0.5):
        assert _ask(served.url, f"ASK {{ <{GOAL}> ?p ?o }}")
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        response = CLIENT.get(f"{served.url}/sparql", params={"query": heavy})
        assert response.status_code == 503
        assert "0.5 seconds" in response.text
        assert _ask(served.url, f"ASK {{ <{GOAL}> ?p ?o }}")


def test_viz_draws_from_a_store(tmp_path: Path) -> None:
    _asker_store(tmp_path / "store").close()
    out = tmp_path / "view.html"
    result = CliRunner().invoke(
        cli, ["viz", GOAL, "--store", str(tmp_path / "store"), "-o", str(out), "--depth", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "mg-folkehelse" in out.read_text(encoding="utf-8")
    both = CliRunner().invoke(
        cli, ["viz", GOAL, "--store", str(tmp_path / "store"), "--data", str(ASKER), "-o", "x"]
    )
    assert both.exit_code == 2


def test_the_rdflib_store_is_queried_through_a_snapshot() -> None:
    """A store without a folder of its own (here rdflib's) reaches the query workers as an
    N-Quads snapshot (Store.dump) that each worker loads (OxigraphStore.restore)."""
    store = open_store(MEMORY)
    store.load([ASKER], file_graph(ASKER))
    store.update('INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> "two\\nlines"@nb } }')
    source = StoreSource(store)
    for served in run_server([], source):
        data = source.query_data()
        assert not data.store_folder and data.path.suffix == ".nq"
        response = CLIENT.get(
            f"{served.url}/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers=ASK_JSON,
        )
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == len(source)
        assert _ask(served.url, 'ASK { <urn:x:a> <urn:x:b> "two\\nlines"@nb }')
        assert _ask(served.url, f"ASK {{ <{GOAL}> ?p ?o }}")
