"""SPARQL and web servers the benchmark starts: Oxigraph server, `goalgraph serve`, Virtuoso."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

#: The repository root, so that the Virtuoso start-up code of the store tests can be imported.
ROOT = Path(__file__).resolve().parents[2]

#: Virtuoso's 8 kB page buffers: 170,000 is its own advice for 2 GB of memory.
VIRTUOSO_BUFFERS = 170_000


class ServerError(RuntimeError):
    """A server did not start or is not installed."""


@dataclass(frozen=True)
class Server:
    """A running server: its query URL, the URL that answers when it is ready, its process."""

    name: str
    query_url: str
    pid: int | None
    started: float
    ready_after: float
    #: goalgraph's JSON API (``…/api``); None for a plain SPARQL server.
    api_url: str | None = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], limit: float) -> float:
    """Poll ``url`` until it answers (any HTTP status); the time from now until then."""
    started = time.perf_counter()
    deadline = started + limit
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return time.perf_counter() - started
        except urllib.error.HTTPError:
            return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None:
                raise ServerError(
                    f"the server for {url} exited with {process.returncode}"
                ) from None
            if time.perf_counter() > deadline:
                raise ServerError(f"{url} did not answer within {limit:.0f} s") from None
            time.sleep(0.02)


@contextmanager
def _process(
    name: str,
    command: list[str],
    ready_url: str,
    query_url: str,
    limit: float,
    api_url: str | None = None,
) -> Iterator[Server]:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_answering(ready_url, process, limit)
        ready_after = time.perf_counter() - started
        yield Server(name, query_url, process.pid, started, ready_after, api_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def oxigraph_server(location: Path, limit: float = 60.0) -> AbstractContextManager[Server]:
    """The Oxigraph server (PyPI `oxigraph`) on a store folder, union default graph, localhost."""
    binary = shutil.which("oxigraph")
    if binary is None:
        raise ServerError("the Oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]  # fmt: skip
    return _process("oxigraph server", command, f"{base}/", f"{base}/query", limit)


def goalgraph_serve(store: Path, limit: float = 60.0) -> AbstractContextManager[Server]:
    """`goalgraph serve --store FOLDER` on a free local port; ready when `/` answers."""
    binary = shutil.which("goalgraph")
    if binary is None:
        raise ServerError("the goalgraph command is not on PATH")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [binary, "serve", "--store", str(store), "--port", str(port)]
    return _process(
        "goalgraph serve --store", command, f"{base}/", f"{base}/sparql", limit, f"{base}/api"
    )


@contextmanager
def virtuoso_server(location: Path, limit: float = 60.0) -> Iterator[Server]:
    """Virtuoso open source on a new database in ``location``, with the start-up code of the
    store tests (``tests/store/virtuoso.py``), buffers sized for L (~1.3 GB) and no refusal of
    queries by estimated time (Virtuoso estimates the report's queries at L at ~20 min)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.store.virtuoso import VirtuosoError, virtuoso

    started = time.perf_counter()
    try:
        with virtuoso(
            location, buffers=VIRTUOSO_BUFFERS, limit=limit, refuse_estimated=False
        ) as running:
            ready_after = time.perf_counter() - started
            yield Server("virtuoso", running.url, running.pid, started, ready_after)
    except VirtuosoError as exc:
        raise ServerError(str(exc)) from exc


def peak_rss_mb(pid: int | None = None) -> float:
    """The peak resident memory (VmHWM) of a process (default: this one), in MB."""
    status = Path(f"/proc/{pid if pid is not None else 'self'}/status").read_text(encoding="utf-8")
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise ServerError(f"no VmHWM in /proc/{pid}/status")
