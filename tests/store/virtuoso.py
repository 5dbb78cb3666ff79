"""Start a throwaway Virtuoso open-source server: for the store tests and the benchmark."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import find_program, free_port

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
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
{estimate}"""

#: 8 kB pages Virtuoso keeps in memory: ~80 MB, enough for the test data.
TEST_BUFFERS = 10_000


class VirtuosoError(RuntimeError):
    """Virtuoso is not installed or did not start."""


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its SPARQL URL (query and update) and its process id."""

    url: str
    pid: int


@contextmanager
def virtuoso(
    folder: Path, buffers: int = TEST_BUFFERS, limit: float = 60.0, refuse_estimated: bool = True
) -> Iterator[Virtuoso]:
    """Virtuoso on a new database in ``folder`` (Debian package virtuoso-opensource, installed
    by `make system-deps`), SPARQL updates allowed; stopped on leaving the block.

    With ``refuse_estimated`` Virtuoso refuses queries it estimates to run over 600 s; its
    estimates of the report's queries on millions of triples are far above their real time.
    """
    binary, isql = find_program("virtuoso-t"), find_program("isql-vt")
    if binary is None or isql is None:
        raise VirtuosoError(
            "Virtuoso is not installed: make system-deps (apt-get virtuoso-opensource)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            folder=folder,
            sql_port=sql_port,
            http_port=http_port,
            buffers=buffers,
            dirty_buffers=buffers * 3 // 5,
            estimate="MaxQueryCostEstimationTime = 600\n" if refuse_estimated else "",
        )
    )
    log = folder / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"], cwd=folder, stdout=out, stderr=out
        )
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        deadline = time.monotonic() + limit
        while True:
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or process.poll() is not None:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise VirtuosoError(
                        f"Virtuoso did not start within {limit:.0f} s:\n{tail}"
                    ) from None
                time.sleep(0.2)
        grant = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if grant.returncode != 0:
            raise VirtuosoError(f"cannot grant SPARQL updates: {grant.stdout}{grant.stderr}")
        yield Virtuoso(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
