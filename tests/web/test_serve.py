"""`goalgraph serve` as a user starts it: a subprocess on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ASKER, MILJOPAKKEN, free_port
from tests.web.conftest import WEB_DATA
from tests.web.serving import serving

MILJOPAKKEN_NS = "https://w3id.org/goalgraph/examples/miljopakken/"


def test_serve_prints_its_address_and_serves() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "goalgraph.cli.main", "serve", str(WEB_DATA), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("goalgraph serving ")
        assert line.strip().endswith(f"triples at http://127.0.0.1:{port}/")
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert response.status_code == 200
        assert "Innbyggerne lever gode og sunne liv" in response.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_bad_path_exits_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "serve", "/no/such/folder"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


# ------------------------------------------------------------------ lifecycle (issue 13, item 3)


def test_ctrl_c_stops_the_server_without_a_traceback(tmp_path: Path) -> None:
    with serving(str(MILJOPAKKEN), folder=tmp_path) as served:
        client = httpx.Client(base_url=served.url, timeout=60)
        # The query workers are up once a SPARQL query is answered.
        answer = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert answer.status_code == 200, answer.text
        # Pages that validate (graph view) and read indicators, as a user clicks around.
        goal = f"{MILJOPAKKEN_NS}nullvekstmalet"
        for path in ("/", "/goal", "/graph"):
            params = {} if path == "/" else {"iri": goal, "node": goal}
            assert client.get(path, params=params).status_code == 200, path
        code = served.interrupt()
        errors = served.errors()
    assert code == 130, errors  # 128 + SIGINT, as after any Ctrl+C
    assert "Traceback" not in errors
    assert "unsendable" not in errors
    assert "KeyboardInterrupt" not in errors


def test_ctrl_c_stops_the_server_after_a_prioritisation(tmp_path: Path) -> None:
    # The optimiser's solver would otherwise take SIGINT for itself: after one solve a
    # Ctrl+C killed the server instead of stopping it.
    with serving(str(ASKER), folder=tmp_path) as served:
        portfolio = "https://w3id.org/goalgraph/examples/asker/strategisk-portefolje"
        answer = httpx.get(
            f"{served.url}/api/prioritise", params={"portfolio": portfolio}, timeout=60
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["solver"]["name"] == "CP-SAT"
        code = served.interrupt()
        errors = served.errors()
    assert code == 130, errors
    assert "Traceback" not in errors


def test_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "goalgraph.cli.main", "serve", str(WEB_DATA), "--port",
             str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}: the port is already in use" in result.stderr


@pytest.mark.parametrize("ctrl_c_ignored", [False, True], ids=["terminal", "ignored-at-start"])
def test_port_0_serves_on_the_port_it_prints_and_stops_at_once(
    tmp_path: Path, ctrl_c_ignored: bool
) -> None:
    # Started with SIGINT ignored (a background job of a script), it still ends with 130.
    with serving(str(WEB_DATA), folder=tmp_path, ctrl_c_ignored=ctrl_c_ignored) as served:
        port = int(served.url.rsplit(":", 1)[1])
        assert port > 0
        # Ctrl+C while the query workers are still starting.
        code = served.interrupt()
        errors = served.errors()
    assert code == 130, errors
    assert "Traceback" not in errors
