"""`goalgraph serve` as a user starts it: a subprocess on a free port."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from tests.conftest import free_port
from tests.web.conftest import WEB_DATA


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
