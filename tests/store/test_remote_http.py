"""The remote store's HTTP side: kept-alive connections, errors, and query templates."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from goalgraph import QueryError, StoreError
from goalgraph.analysis.trace import projects_serving
from goalgraph.sparql.results import AskResult, SelectResult
from goalgraph.store import OxigraphStore, RemoteStore, Store, ensure_vocabulary
from tests.conftest import TEST_DATA

T = "https://w3id.org/goalgraph/tests/trace/"
GRAPH = URIRef(T + "graph")
COUNT = {
    "head": {"vars": ["n"]},
    "results": {"bindings": [{"n": {"type": "literal", "value": "3"}}]},
}
TEMPLATE = """PREFIX gg: <https://w3id.org/goalgraph#>
# $goal in a comment stays as it is
SELECT DISTINCT ?project ?note WHERE {
  ?goalOrSubGoal gg:contributesTo* $goal .
  ?strategy gg:realises ?goalOrSubGoal .
  ?assignment gg:concretises ?strategy .
  ?measure gg:resolves ?assignment .
  ?project gg:implements ?measure .
  BIND("$goal" AS ?note)
}"""


@dataclass
class _Behaviour:
    """What the small SPARQL server does, and what it saw."""

    close_after_answer: bool = False
    delay: float = 0.0
    graph_store: bool = True
    clients: set[int] = field(default_factory=set)
    requests: list[tuple[str, str]] = field(default_factory=list)


def _handler(behaviour: _Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

        def _answer(self, status: int, body: bytes, media_type: str) -> None:
            time.sleep(behaviour.delay)
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            # Closing without saying so is what a server does to a connection left idle.
            self.close_connection = behaviour.close_after_answer

        def _record(self) -> bytes:
            behaviour.clients.add(self.client_address[1])
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            behaviour.requests.append((self.command, self.path))
            return body

        def do_POST(self) -> None:
            form = urllib.parse.parse_qs(self._record().decode())
            if form.get("query") == ["bad"]:
                self._answer(400, b"syntax error", "text/plain")
                return
            self._answer(200, json.dumps(COUNT).encode(), "application/sparql-results+json")

        def do_PUT(self) -> None:
            self._record()
            status = 204 if behaviour.graph_store else 405
            self._answer(status, b"", "text/plain")

    return Handler


@pytest.fixture
def behaviour() -> _Behaviour:
    return _Behaviour()


@pytest.fixture
def stub(behaviour: _Behaviour) -> Iterator[str]:
    """The query URL of a small SPARQL server that answers every query with a count."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(behaviour))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


def _select(store: Store, text: str, bindings: dict[str, URIRef] | None = None) -> SelectResult:
    result = store.query(text, bindings)
    assert isinstance(result, SelectResult)
    return result


def _count(store: Store) -> int:
    return int(str(_select(store, "SELECT ?n WHERE {}").rows[0][0]))


def test_requests_share_one_connection(stub: str, behaviour: _Behaviour) -> None:
    with RemoteStore(stub) as store:
        assert [_count(store) for _ in range(5)] == [3] * 5
    assert len(behaviour.clients) == 1


def test_a_connection_the_server_closed_is_opened_again(stub: str, behaviour: _Behaviour) -> None:
    behaviour.close_after_answer = True
    with RemoteStore(stub) as store:
        assert [_count(store) for _ in range(3)] == [3] * 3
    assert len(behaviour.clients) == 3


def test_each_thread_has_its_own_connection(stub: str, behaviour: _Behaviour) -> None:
    store = RemoteStore(stub)
    found: list[int] = []
    threads = [threading.Thread(target=lambda: found.append(_count(store))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [3, 3, 3]
    assert len(behaviour.clients) == 3
    store.close()
    assert _count(store) == 3


def test_server_errors_keep_their_kinds(stub: str, behaviour: _Behaviour) -> None:
    store = RemoteStore(stub, timeout=0.2)
    with pytest.raises(QueryError, match="syntax error"):
        store.query("bad")
    behaviour.delay = 1.0
    with pytest.raises(StoreError) as raised:
        store.query("SELECT * WHERE {}")
    # The web server tells a timeout from other failures by this cause.
    assert isinstance(raised.value.__cause__, TimeoutError)
    with pytest.raises(StoreError, match="cannot reach"):
        RemoteStore("http://127.0.0.1:9/query").query("ASK {}")


def test_without_a_graph_store_files_go_by_update(
    stub: str, behaviour: _Behaviour, tmp_path: Path
) -> None:
    behaviour.graph_store = False
    store = RemoteStore(stub)
    store.load([TEST_DATA / "trace" / "model.ttl"], GRAPH)
    assert store.graph_store_url is None
    methods = [method for method, _ in behaviour.requests]
    assert methods[0] == "PUT" and methods.count("POST") >= 2


@pytest.fixture(params=["oxigraph-server", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> Iterator[RemoteStore]:
    """The trace test model in a real SPARQL server of each kind."""
    fixture = "oxigraph_server" if request.param == "oxigraph-server" else "virtuoso_server"
    with RemoteStore(request.getfixturevalue(fixture)) as store:
        assert isinstance(store, RemoteStore)
        ensure_vocabulary(store)
        store.load([TEST_DATA / "trace" / "model.ttl"], GRAPH)
        yield store
        store.update(f"DROP SILENT GRAPH <{GRAPH}>")


def test_a_parameter_answers_as_the_text_with_the_iri(remote: RemoteStore, tmp_path: Path) -> None:
    # Only Virtuoso is sent the goal as a parameter; its query endpoint is …/sparql.
    assert remote.takes_parameters is remote.url.endswith("/sparql")
    with OxigraphStore(tmp_path / "store") as local:
        ensure_vocabulary(local)
        local.load([TEST_DATA / "trace" / "model.ttl"], GRAPH)
        for goal in ("m1", "m2", "m3", "s1", "nothing"):
            iri = URIRef(T + goal)
            found = _select(remote, TEMPLATE, {"goal": iri})
            expected = _select(local, TEMPLATE, {"goal": iri})
            assert sorted(map(str, found.column("project"))) == sorted(
                map(str, expected.column("project"))
            ), goal
            assert set(found.column("note")) <= {Literal("$goal")}
        for goal in ("m1", "m2", "m3", "s1"):
            iri = URIRef(T + goal)
            assert projects_serving(remote, iri, "en") == projects_serving(local, iri, "en")
    # An ASK gets the IRI in its text on every server (Virtuoso answers one sent with
    # parameters as a SELECT without rows).
    assert remote.query("ASK { $goal ?p ?o }", {"goal": URIRef(T + "m1")}) == AskResult(True)
