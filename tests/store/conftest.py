"""Fixtures for the storage tests: one store per adapter, and a real Oxigraph server."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from goalgraph.store import MemoryStore, OxigraphStore, RemoteStore, Store
from tests.conftest import find_program, free_port
from tests.store.virtuoso import VirtuosoError, virtuoso

ADAPTERS = ("memory", "oxigraph", "remote")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of an Oxigraph server (PyPI package `oxigraph`) showing the union graph."""
    binary = find_program("oxigraph")
    if binary is None:
        pytest.fail("the Oxigraph server is not installed: pip install -e '.[dev]'")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph-server")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).close()
            break
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the Oxigraph server did not start")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(params=ADAPTERS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each adapter in turn (no vocabulary graph, to keep tests fast)."""
    opened: Store
    if request.param == "memory":
        opened = MemoryStore()
    elif request.param == "oxigraph":
        opened = OxigraphStore(tmp_path / "store")
    else:
        opened = RemoteStore(request.getfixturevalue("oxigraph_server"))
        opened.update("DROP ALL")
    with opened:
        yield opened


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The SPARQL URL of a Virtuoso open-source server on a throwaway database."""
    with ExitStack() as stack:
        try:
            server = stack.enter_context(virtuoso(tmp_path_factory.mktemp("virtuoso")))
        except VirtuosoError as exc:
            pytest.fail(str(exc))
        yield server.url
