"""A server killed with SIGKILL in the middle of a large write leaves the store before or after."""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from rdflib import URIRef

from goalgraph.store import OxigraphStore, open_store
from tests.conftest import free_port
from tests.web.conftest import WEB_DATA

TOKEN = "kill-test-token-0123456789"
GRAPH = URIRef("https://w3id.org/goalgraph/tests/web/bulk")


def fingerprint(store: OxigraphStore, graph: URIRef) -> tuple[int, str]:
    """The graph's triple count and a hash of its sorted N-Triples."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in store.export(graph))
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def bulk(count: int, tag: str) -> bytes:
    return "".join(
        f'<urn:bulk:{i}> <urn:bulk:value> "{tag} {i}" .\n' for i in range(count)
    ).encode()


def start(folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GOALGRAPH_WRITE_TOKEN": TOKEN,
        "GOALGRAPH_SHACL_GATE": "false",
        "GOALGRAPH_MAX_UPLOAD_BYTES": "200000000",
    }
    command = [sys.executable, "-m", "goalgraph.cli.main", "serve", "--store", str(folder)]
    process = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/queries", timeout=5)
            return process
        except httpx.TransportError:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


def test_sigkill_mid_write_leaves_the_store_before_or_after(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    old, new = bulk(20_000, "old"), bulk(200_000, "new")
    with open_store(str(folder)) as store:
        (tmp_path / "old.nt").write_bytes(old)
        store.load([tmp_path / "old.nt"], GRAPH)
        store.load([WEB_DATA], URIRef("https://w3id.org/goalgraph/tests/web/model"))
        assert isinstance(store, OxigraphStore)
        before = fingerprint(store, GRAPH)
    expected = OxigraphStore(None)
    (tmp_path / "new.nt").write_bytes(new)
    expected.load([tmp_path / "new.nt"], GRAPH)
    after = fingerprint(expected, GRAPH)

    outcomes: set[tuple[int, str]] = set()
    for delay in (0.3, 1.5):
        port = free_port()
        process = start(folder, port)

        def put(port: int = port) -> None:
            # The server is killed under the request.
            with contextlib.suppress(httpx.TransportError):
                httpx.put(
                    f"http://127.0.0.1:{port}/graphs",
                    params={"graph": str(GRAPH)},
                    content=new,
                    headers={
                        "Content-Type": "application/n-triples",
                        "Authorization": f"Bearer {TOKEN}",
                    },
                    timeout=120,
                )

        writer = threading.Thread(target=put)
        writer.start()
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        writer.join(timeout=30)
        with open_store(str(folder), vocabulary=False) as store:
            assert isinstance(store, OxigraphStore)
            state = fingerprint(store, GRAPH)
        assert state in (before, after)
        outcomes.add(state)
    # Restarted on the same folder, the server still serves.
    port = free_port()
    process = start(folder, port)
    try:
        assert httpx.get(f"http://127.0.0.1:{port}/api/goals/tree", timeout=30).status_code == 200
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
