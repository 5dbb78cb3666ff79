"""Writes over HTTP: the vocabulary is kept, writers queue with a bound, the gate's reports."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from goalgraph.store import VOCABULARY_GRAPH
from tests.web.conftest import EX, WEB_DATA, Served, run_server

WRITE = "write-token-0123456789abcdef"
GRAPH = "https://w3id.org/goalgraph/tests/web/writes"
HEADERS = {"Authorization": f"Bearer {WRITE}", "Content-Type": "application/sparql-update"}


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    yield from run_server([WEB_DATA], write_token=WRITE, max_pending_writes=1)


def test_the_vocabulary_cannot_be_dropped(served: Served) -> None:
    before = len(served.source)
    for update in ("DROP ALL", f"DROP GRAPH <{VOCABULARY_GRAPH}>"):
        response = httpx.post(f"{served.url}/update", content=update, headers=HEADERS)
        assert response.status_code == 403, update
        assert "vocabulary" in response.text
    deleted = httpx.delete(
        f"{served.url}/graphs",
        params={"graph": str(VOCABULARY_GRAPH)},
        headers={"Authorization": f"Bearer {WRITE}"},
    )
    assert deleted.status_code == 403
    assert len(served.source) == before


def test_a_write_past_the_queue_gets_503_with_retry_after(served: Served) -> None:
    insert = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}queued> <{EX}note> "x" }} }}'
    answers: list[int] = []
    with served.source.write_lock():
        # One writer waits for the lock; the queue holds one, so the next is turned away.
        first = threading.Thread(
            target=lambda: answers.append(
                httpx.post(f"{served.url}/update", content=insert, headers=HEADERS).status_code
            )
        )
        first.start()
        deadline = time.monotonic() + 10
        while served.source._waiting < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        second = httpx.post(f"{served.url}/update", content=insert, headers=HEADERS)
        assert second.status_code == 503
        assert second.headers["Retry-After"] == "1"
        # Reads go on while writers wait.
        assert httpx.get(f"{served.url}/api/goals", timeout=10).status_code == 200
    first.join(timeout=30)
    assert answers == [200]
