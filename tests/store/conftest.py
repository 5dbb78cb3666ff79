"""Fixtures for the storage tests: one store per adapter, and a real Oxigraph server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from goalgraph.store import MemoryStore, OxigraphStore, RemoteStore, Store

ADAPTERS = ("memory", "oxigraph", "remote")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query URL of an Oxigraph server (PyPI package `oxigraph`) showing the union graph."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the Oxigraph server is not installed: pip install -e '.[dev]'")
    port = _free_port()
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


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 600
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The SPARQL URL of a Virtuoso open-source server on a throwaway database
    (Debian package virtuoso-opensource, installed by `make system-deps`)."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.fail("Virtuoso is not installed: make system-deps (apt-get virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"], cwd=folder, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).close()
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                tail = log.read_text(errors="replace")[-2000:]
                pytest.fail(f"Virtuoso did not start within 60 s:\n{tail}")
            time.sleep(0.2)
    grant = subprocess.run(
        [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if grant.returncode != 0:
        process.kill()
        pytest.fail(f"cannot grant SPARQL updates: {grant.stdout}{grant.stderr}")
    yield url
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
