"""Regression tests for issue 16, "Hostile input, round two": what an adversarial probe of a
served store found that the server did not survive."""

from __future__ import annotations

import http.server
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest

from goalgraph.web.validator import Cancelled, Validator
from goalgraph.web.workers import QueryPool
from tests.conftest import ASKER
from tests.web.conftest import Served, run_server

CLIENT = httpx.Client(timeout=60)
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def asker() -> Iterator[Served]:
    yield from run_server([ASKER])


def _workers(served: Served) -> set[int]:
    assert served.app is not None
    pool: QueryPool = served.app.state.pool
    ask = CLIENT.get(f"{served.url}/sparql", params={"query": "ASK {}"}, headers=JSON)
    assert ask.status_code == 200
    return {w.process.pid for w in pool._all if w.process.pid is not None}


# Item 4: deep nesting is a 400 before the engine sees it, and no worker dies for it.
@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "SELECT * WHERE { " + "SELECT * WHERE { " * 3000 + "?s ?p ?o" + " }" * 3000 + " }",
    ],
    ids=["groups", "parentheses", "sub-selects"],
)
def test_deeply_nested_queries_are_400_and_kill_no_worker(asker: Served, query: str) -> None:
    before = _workers(asker)
    response = CLIENT.post(
        f"{asker.url}/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 400, response.text
    assert "levels" in response.text
    # No worker died (one still starting at the first count may have joined since).
    assert before <= _workers(asker)


# Item 9: the words SERVICE and LOAD in a comment or a string do not change how a query is
# checked; a valid query of 100 patterns is answered.
def test_service_in_a_comment_does_not_refuse_a_valid_query(asker: Served) -> None:
    # 100 triple patterns (rdflib's parser ran out of recursion on them) that match nothing.
    patterns = " ".join(f"?s <http://example.org/p{i}> ?o{i} ." for i in range(100))
    query = (
        "# this query calls no SERVICE and does no LOAD\n"
        f'SELECT ?s WHERE {{ ?s a gg:MainGoal . FILTER(STR(?s) != "SERVICE") '
        f"OPTIONAL {{ {patterns} }} }} LIMIT 1"
    )
    response = CLIENT.post(
        f"{asker.url}/sparql",
        content=query,
        headers={"Content-Type": "application/sparql-query", **JSON},
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 1


# Item 8: CURIEs whose local part holds characters no IRI may hold are a clear 4xx.
BAD_LOCAL = [">", '"', "\\", "{", "}", "|", "^", "`"]
ENDPOINTS = [
    ("/api/goal", "goal"),
    ("/api/trace", "project"),
    ("/api/projects-serving", "goal"),
    ("/api/graph", "node"),
    ("/goal", "iri"),
    ("/project", "iri"),
    ("/node", "iri"),
    ("/graph", "node"),
]


@pytest.mark.parametrize("char", BAD_LOCAL)
def test_curies_with_characters_no_iri_may_hold_are_4xx(asker: Served, char: str) -> None:
    for path, name in ENDPOINTS:
        response = CLIENT.get(f"{asker.url}{path}", params={name: f"asker:mg{char}x"})
        assert 400 <= response.status_code < 500, (path, response.status_code, response.text)
        assert "may not hold" in response.text, (path, response.text)


# Item 11: an invalid parameter of a named query is refused as by the dedicated endpoint.
@pytest.mark.parametrize("value", ["no-such-goal", "nope:x", "asker:no-such-goal"])
def test_named_query_with_an_invalid_goal_is_4xx(asker: Served, value: str) -> None:
    dedicated = CLIENT.get(f"{asker.url}/api/projects-serving", params={"goal": value})
    named = CLIENT.get(f"{asker.url}/api/queries/projects-serving", params={"goal": value})
    assert dedicated.status_code in (400, 404)
    assert named.status_code in (400, 404), named.text


def test_xml_results_never_hold_characters_xml_cannot_hold(asker: Served) -> None:
    # XML 1.0 cannot hold U+0000 at all, not even as a character reference: refused clearly.
    query = 'SELECT ?x WHERE { BIND("a\\u0000b" AS ?x) }'
    for accept in ("application/sparql-results+xml",):
        response = CLIENT.get(
            f"{asker.url}/sparql", params={"query": query}, headers={"Accept": accept}
        )
        assert response.status_code == 400
        assert "U+0000" in response.text and "JSON" in response.text
    construct = (
        "CONSTRUCT { <http://example.org/a> <http://example.org/b> ?x } "
        'WHERE { BIND("a\\u0001" AS ?x) }'
    )
    response = CLIENT.get(f"{asker.url}/sparql", params={"query": construct, "format": "xml"})
    assert response.status_code == 400 and "U+0001" in response.text
    # Other formats carry the character.
    response = CLIENT.get(f"{asker.url}/sparql", params={"query": query}, headers=JSON)
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "a\x00b"
    # Characters XML can hold are escaped as before.
    query = 'SELECT ?x WHERE { BIND("<a> & \\"b\\"" AS ?x) }'
    response = CLIENT.get(
        f"{asker.url}/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+xml"},
    )
    ET.fromstring(response.content)


@pytest.fixture(scope="module")
def tight() -> Iterator[Served]:
    """Asker with three workers, a short time limit and a 1 MB result limit."""
    yield from run_server([ASKER], query_workers=3, query_timeout=1.5, max_result_bytes=1_000_000)


# Item 6: results are bounded in bytes, not only in rows.
@pytest.mark.parametrize("fmt", ["csv", "json", "xml", "tsv"])
def test_results_are_bounded_in_bytes(tight: Served, fmt: str) -> None:
    # Few rows (far under max_results), each about 10 kB.
    query = (
        'SELECT ?big WHERE { ?s ?p ?o BIND(CONCAT(STR(?s), "'
        + "x" * 2000
        + '") AS ?x) BIND(CONCAT(?x, ?x, ?x, ?x, ?x) AS ?big) } LIMIT 500'
    )
    response = CLIENT.get(f"{tight.url}/sparql", params={"query": query, "format": fmt})
    assert response.status_code == 413, response.text[:200]
    assert "bytes" in response.text
    small = CLIENT.get(
        f"{tight.url}/sparql", params={"query": query.replace("500", "5"), "format": fmt}
    )
    assert small.status_code == 200


def test_graph_results_are_bounded_in_bytes(tight: Served) -> None:
    query = (
        'CONSTRUCT { ?s <http://example.org/big> ?big } WHERE { ?s ?p ?o BIND(CONCAT("'
        + "x" * 3000
        + '", STR(?o)) AS ?big) } LIMIT 1000'
    )
    response = CLIENT.get(f"{tight.url}/sparql", params={"query": query, "format": "nt"})
    assert response.status_code == 413
    assert "bytes" in response.text


# Item 7: two clients looping slow queries do not take the endpoint from a third.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _client(address: str) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def test_two_clients_looping_slow_queries_leave_the_endpoint_to_a_third(tight: Served) -> None:
    import threading

    stop = threading.Event()
    seen: list[int] = []

    def loop(address: str) -> None:
        with _client(address) as client:
            while not stop.is_set():
                status = client.get(f"{tight.url}/sparql", params={"query": HEAVY}).status_code
                seen.append(status)

    hogs = [threading.Thread(target=loop, args=(a,)) for a in ("127.0.0.2", "127.0.0.3") * 3]
    for hog in hogs:
        hog.start()
    try:
        statuses = []
        with _client("127.0.0.4") as third:
            while len(seen) < 12 or len(statuses) < 6:
                answer = third.get(
                    f"{tight.url}/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON
                )
                statuses.append(answer.status_code)
    finally:
        stop.set()
        for hog in hogs:
            hog.join()
    assert set(statuses) == {200}, statuses
    # The hogs' extra queries were refused at once; their running ones hit the time limit.
    assert 429 in seen and set(seen) <= {429, 503}


WRITE = "write-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {WRITE}"}
SCRATCH = "https://w3id.org/goalgraph/tests/hostile/scratch"


@pytest.fixture(scope="module")
def writable() -> Iterator[Served]:
    """Asker served from files (so query workers read a snapshot), writes on, small limits."""
    yield from run_server(
        [ASKER],
        write_token=WRITE,
        max_literal_length=100_000,
        max_query_length=1_000_000,
        max_upload_bytes=3_000_000,
    )


def _put(served: Served, body: bytes, content_type: str, graph: str = SCRATCH) -> httpx.Response:
    return CLIENT.put(
        f"{served.url}/graphs",
        params={"graph": graph},
        content=body,
        headers={"Content-Type": content_type, **AUTH},
    )


def _alive(served: Served) -> None:
    response = CLIENT.get(f"{served.url}/sparql", params={"query": "ASK {}"}, headers=JSON)
    assert response.status_code == 200


# Item 2: deeply nested JSON-LD is a 400, not a dead server.
def test_deeply_nested_jsonld_upload_is_400(writable: Served) -> None:
    depth = 6000
    body = '{"@id": "urn:a", "urn:b": ' + '{"urn:c": ' * depth + "1" + "}" * depth + "}"
    response = _put(writable, body.encode(), "application/ld+json")
    assert response.status_code == 400, response.text
    assert "levels deep" in response.text
    _alive(writable)


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"x": "http://example.org/x"}}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[str]:
    """A local HTTP server that records every request; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def contexts(base: str) -> list[Any]:
    return [
        f"{base}/internal/admin?secret=1",
        [f"{base}/ctx", {"y": "http://example.org/y"}],
        {"@import": f"{base}/import"},
        {"t": {"@id": "http://example.org/t", "@context": f"{base}/scoped"}},
        "file:///etc/passwd",
        "context.jsonld",
    ]


# Item 3: no upload makes the server fetch a URL or read a local file.
def test_jsonld_contexts_elsewhere_are_refused_without_a_request(
    writable: Served, recorder: str
) -> None:
    _Recorder.seen.clear()
    for context in contexts(recorder):
        for body in (
            {"@context": context, "@id": "urn:a", "x": "1"},
            # Malformed after the context: the error path used to re-parse with rdflib.
            {"@context": context, "@id": "urn:a", "x": {"@value": []}},
        ):
            response = _put(writable, json.dumps(body).encode(), "application/ld+json")
            assert response.status_code == 400, response.text
            assert "does not fetch or read" in response.text
    assert _Recorder.seen == []


# Item 5: a few hundred bytes of RDF/XML cannot expand into a huge literal.
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/a"><ex:p>&d;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_rdfxml_entities_are_refused(writable: Served) -> None:
    before = len(writable.source)
    response = _put(writable, LAUGHS, "application/rdf+xml")
    assert response.status_code == 400
    assert "entities" in response.text
    assert len(writable.source) == before


def test_literals_over_the_limit_are_refused_on_every_write_path(writable: Served) -> None:
    before = len(writable.source)
    big = "x" * 150_000
    turtle = f'<urn:a> <urn:b> "{big}" .'.encode()
    assert _put(writable, turtle, "text/turtle").status_code == 413
    jsonld = json.dumps({"@id": "urn:a", "urn:b": big}).encode()
    assert _put(writable, jsonld, "application/ld+json").status_code == 413
    update = f'INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:a> <urn:b> """{big}""" }} }}'
    response = CLIENT.post(
        f"{writable.url}/update",
        content=update,
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    assert response.status_code == 413
    assert "limit is 100000" in response.text
    assert len(writable.source) == before


def test_a_stored_huge_literal_breaks_no_write_and_no_query(writable: Served) -> None:
    source = writable.source
    graph = "https://w3id.org/goalgraph/tests/hostile/big"
    huge = "x" * 20_000_000  # over pyoxigraph's 16 MiB read buffer
    # Put there directly through the Store API, as a store loaded by other means may hold it.
    source.writing(
        lambda: source.store.update(
            f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:big> <urn:p> "{huge}" }} }}'
        )
    )
    update = {"Content-Type": "application/sparql-update", **AUTH}
    count = "SELECT (COUNT(*) AS ?n) WHERE { <urn:big> ?p ?o }"
    response = CLIENT.get(f"{writable.url}/sparql", params={"query": count}, headers=JSON)
    assert response.status_code == 200, response.text
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "1"
    other = CLIENT.post(
        f"{writable.url}/update",
        content=f"INSERT DATA {{ GRAPH <{SCRATCH}> {{ <urn:c> <urn:d> 'e' }} }}",
        headers=update,
    )
    assert other.status_code == 200, other.text
    delete = CLIENT.post(
        f"{writable.url}/update",
        content=f"DELETE WHERE {{ GRAPH <{graph}> {{ <urn:big> ?p ?o }} }}",
        headers=update,
    )
    assert delete.status_code == 200, delete.text
    response = CLIENT.get(f"{writable.url}/sparql", params={"query": count}, headers=JSON)
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "0"
    dropped = CLIENT.delete(f"{writable.url}/graphs", params={"graph": SCRATCH}, headers=AUTH)
    assert dropped.status_code == 200, dropped.text


# Item 1: a posted model is validated outside the server's locks, within a time limit.
def _chain(goals: int) -> str:
    head = "@prefix gg: <https://w3id.org/goalgraph#> . @prefix : <http://example.org/> .\n"
    return head + "\n".join(
        f":g{i} a gg:SubGoal ; gg:contributesTo :g{i + 1} ." for i in range(goals)
    )


@pytest.fixture(scope="module")
def validating() -> Iterator[Served]:
    yield from run_server([ASKER], validation_timeout=0.5)


def test_validation_past_the_limit_is_503_and_blocks_no_page(validating: Served) -> None:
    answer: list[httpx.Response] = []
    pages: list[int] = []

    def post() -> None:
        answer.append(
            httpx.post(
                f"{validating.url}/api/validate",
                content=_chain(800),
                headers={"Content-Type": "text/turtle"},
                timeout=120,
            )
        )

    thread = threading.Thread(target=post)
    thread.start()
    for path, params in (
        ("/api/projects-serving", {"goal": "asker:mg-folkehelse"}),
        ("/goal", {"iri": "asker:mg-folkehelse"}),
        ("/api/goals", {}),
    ):
        pages.append(CLIENT.get(f"{validating.url}{path}", params=params).status_code)
        # Each page is answered while the validation is still running.
        assert not answer, "a page waited for the validation"
    thread.join()
    assert pages == [200, 200, 200]
    assert answer[0].status_code == 503
    assert "limit of 0.5 seconds" in answer[0].json()["detail"]
    # The worker was replaced: the next validation runs (and fails to parse, as it should).
    bad = CLIENT.post(
        f"{validating.url}/api/validate",
        content="<urn:a> <urn:b> .",
        headers={"Content-Type": "text/turtle"},
    )
    assert bad.status_code == 400 and "request body:1" in bad.json()["detail"]


def test_turtle_nested_300_levels_is_400_in_validate(validating: Served) -> None:
    text = "<urn:a> <urn:b> " + "[ <urn:c> " * 300 + "1" + " ]" * 300 + " ."
    response = CLIENT.post(
        f"{validating.url}/api/validate", content=text, headers={"Content-Type": "text/turtle"}
    )
    assert response.status_code == 400
    assert "nests too deeply" in response.json()["detail"]


def test_a_validation_is_stopped_when_cancelled() -> None:
    validator = Validator(timeout=120)
    cancel = threading.Event()
    threading.Timer(1.0, cancel.set).start()
    try:
        with pytest.raises(Cancelled):
            validator.run(_chain(3000), "en", cancel)
        assert validator._process is None  # killed, not left running
        assert validator.run("<urn:a> <urn:b> <urn:c> .", "en")["conforms"] is True
    finally:
        validator.close()
