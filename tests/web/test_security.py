"""Authenticated writes, refused SERVICE and LOAD, limits, the SHACL gate and headers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from goalgraph.errors import LoadError
from goalgraph.web import Settings
from goalgraph.web.settings import load_settings
from tests.web.conftest import EX, WEB_DATA, Served, run_server

WRITE = "write-token-0123456789abcdef"
READ = "read-token-0123456789abcdef"
CLIENT = httpx.Client(timeout=60)
GRAPH = "https://w3id.org/goalgraph/tests/web/scratch"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
COUNTER = EX + "counter"


@pytest.fixture(scope="module")
def guarded() -> Iterator[Served]:
    """The web fixture with write and read tokens, tight limits and the SHACL gate on."""
    yield from run_server(
        [WEB_DATA],
        write_token=WRITE,
        read_token=READ,
        query_timeout=1.5,
        max_results=50,
        max_upload_bytes=200_000,
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def insert(triple: str) -> str:
    return f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {triple} }} }}"


def test_reads_need_a_token_when_closed(guarded: Served) -> None:
    assert CLIENT.get(f"{guarded.url}/api/goals").status_code == 401
    assert CLIENT.get(f"{guarded.url}/api/goals", headers=bearer("x" * 20)).status_code == 401
    assert CLIENT.get(f"{guarded.url}/api/goals", headers=bearer(READ)).status_code == 200
    assert CLIENT.get(f"{guarded.url}/api/goals", headers=bearer(WRITE)).status_code == 200


@pytest.mark.parametrize(
    ("token", "status"), [(None, 401), ("wrong-token-0123456789", 401), (READ, 403)]
)
def test_writes_need_the_write_token(guarded: Served, token: str | None, status: int) -> None:
    headers = {"Content-Type": "application/sparql-update", **(bearer(token) if token else {})}
    before = len(guarded.source)
    for path in ("/sparql", "/update"):
        response = CLIENT.post(
            f"{guarded.url}{path}", content=insert("<urn:a> <urn:b> <urn:c> ."), headers=headers
        )
        assert response.status_code == status
    put = CLIENT.put(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        content=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "text/turtle", **(bearer(token) if token else {})},
    )
    assert put.status_code == status
    if status == 401:
        assert put.headers["www-authenticate"].startswith("Bearer")
    assert len(guarded.source) == before


def test_update_and_graph_store_protocol_with_the_token(guarded: Served) -> None:
    headers = {"Content-Type": "application/sparql-update", **bearer(WRITE)}
    response = CLIENT.post(
        f"{guarded.url}/update", content=insert("<urn:x> <urn:y> 'z' ."), headers=headers
    )
    assert response.status_code == 200, response.text
    got = CLIENT.get(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        headers={"Accept": "application/n-triples", **bearer(READ)},
    )
    assert got.status_code == 200
    assert '<urn:x> <urn:y> "z"' in got.text
    put = CLIENT.put(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        content=b"<urn:p> <urn:q> <urn:r> .",
        headers={"Content-Type": "text/turtle", **bearer(WRITE)},
    )
    assert put.status_code == 200
    got = CLIENT.get(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        headers={"Accept": "application/n-triples", **bearer(READ)},
    )
    assert got.text == "<urn:p> <urn:q> <urn:r> .\n"
    deleted = CLIENT.delete(f"{guarded.url}/graphs", params={"graph": GRAPH}, headers=bearer(WRITE))
    assert deleted.status_code == 200
    missing = CLIENT.get(f"{guarded.url}/graphs", params={"graph": GRAPH}, headers=bearer(READ))
    assert missing.status_code == 404


def test_malformed_upload_names_the_line(guarded: Served) -> None:
    body = b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n"
    response = CLIENT.put(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        content=body,
        headers={"Content-Type": "text/turtle", **bearer(WRITE)},
    )
    assert response.status_code == 400
    assert "line 2" in response.text
    jsonld = CLIENT.put(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        content=b'{"@id": "urn:a",\n "urn:b": [}',
        headers={"Content-Type": "application/ld+json", **bearer(WRITE)},
    )
    assert jsonld.status_code == 400


def test_upload_above_the_limit_is_413(guarded: Served) -> None:
    body = b"<urn:a> <urn:b> '" + b"x" * 300_000 + b"' ."
    response = CLIENT.put(
        f"{guarded.url}/graphs",
        params={"graph": GRAPH},
        content=body,
        headers={"Content-Type": "text/turtle", **bearer(WRITE)},
    )
    assert response.status_code == 413


def test_shacl_gate_refuses_violations_with_the_report(guarded: Served) -> None:
    before = len(guarded.source)
    # A project without the label and responsible party the shapes require.
    bad = f"<{EX}bad-project> a <https://w3id.org/goalgraph#Project> ."
    response = CLIENT.post(
        f"{guarded.url}/update",
        content=insert(bad),
        headers={"Content-Type": "application/sparql-update", **bearer(WRITE)},
    )
    assert response.status_code == 422
    document = response.json()
    assert document["report"]["conforms"] is False
    assert any(EX + "bad-project" in str(r) for r in document["report"]["results"])
    assert len(guarded.source) == before


def test_service_and_load_are_refused_without_a_connection(guarded: Served) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.settimeout(1.0)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        response = CLIENT.get(
            f"{guarded.url}/sparql", params={"query": query}, headers=bearer(READ)
        )
        assert response.status_code == 403
        assert "SERVICE" in response.text
        load = CLIENT.post(
            f"{guarded.url}/update",
            content=f"LOAD <{target}> INTO GRAPH <{GRAPH}>",
            headers={"Content-Type": "application/sparql-update", **bearer(WRITE)},
        )
        assert load.status_code == 403
        with pytest.raises(TimeoutError):
            listener.accept()


def test_time_limit_answers_503_and_the_server_keeps_serving(guarded: Served) -> None:
    started = time.monotonic()
    response = CLIENT.get(
        f"{guarded.url}/sparql", params={"query": HEAVY}, headers=bearer(READ), timeout=30
    )
    assert response.status_code == 503
    assert time.monotonic() - started < 10
    ok = CLIENT.get(
        f"{guarded.url}/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json", **bearer(READ)},
        timeout=30,
    )
    assert ok.status_code == 200
    assert ok.json()["boolean"] is True


def test_limits_on_query_length_and_results(guarded: Served) -> None:
    many = CLIENT.get(
        f"{guarded.url}/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers=bearer(READ),
        timeout=30,
    )
    assert many.status_code == 413
    long = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    response = CLIENT.post(
        f"{guarded.url}/sparql",
        content=long,
        headers={"Content-Type": "application/sparql-query", **bearer(READ)},
    )
    assert response.status_code == 413


def test_syntax_error_is_a_clear_400(guarded: Served) -> None:
    response = CLIENT.get(
        f"{guarded.url}/sparql",
        params={"query": "SELECT * WHERE {\n ?s ?p }"},
        headers=bearer(READ),
    )
    assert response.status_code == 400
    assert "line 2" in response.text


def test_concurrent_writers_lose_no_update(guarded: Served) -> None:
    headers = {"Content-Type": "application/sparql-update", **bearer(WRITE)}
    errors: list[int] = []

    def add(worker: int) -> None:
        with httpx.Client(timeout=60) as client:
            for i in range(5):
                text = insert(f"<{COUNTER}> <{EX}tick> '{worker}-{i}' .")
                status = client.post(f"{guarded.url}/update", content=text, headers=headers)
                if status.status_code != 200:
                    errors.append(status.status_code)

    threads = [threading.Thread(target=add, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    count = CLIENT.get(
        f"{guarded.url}/sparql",
        params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ <{COUNTER}> ?p ?o }}"},
        headers={"Accept": "application/sparql-results+json", **bearer(READ)},
    )
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "30"


def test_security_headers_on_pages(guarded: Served) -> None:
    response = CLIENT.get(f"{guarded.url}/", headers=bearer(READ))
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    api = CLIENT.get(f"{guarded.url}/api/goals", headers=bearer(READ))
    assert api.headers["x-content-type-options"] == "nosniff"


def test_writes_are_off_without_a_write_token(web_server: Served) -> None:
    response = CLIENT.post(
        f"{web_server.url}/update",
        content=insert("<urn:a> <urn:b> <urn:c> ."),
        headers={"Content-Type": "application/sparql-update", **bearer(WRITE)},
    )
    assert response.status_code == 403


def test_settings_refuse_weak_tokens_and_read_a_file(tmp_path: object) -> None:
    with pytest.raises(LoadError):
        load_settings(None, write_token="short")
    with pytest.raises(LoadError):
        load_settings(None, write_token="")
    from pathlib import Path

    config = Path(str(tmp_path)) / "goalgraph.toml"
    config.write_text(f'write_token = "{WRITE}"\nquery_timeout = 2.5\n', encoding="utf-8")
    settings = load_settings(config, port=9000)
    assert isinstance(settings, Settings)
    assert settings.write_token is not None and settings.write_token.get_secret_value() == WRITE
    assert settings.query_timeout == 2.5 and settings.port == 9000
