"""`goalgraph serve` as a user runs it: a process of its own, stopped with Ctrl+C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PREFIX = "goalgraph serving "


@dataclass
class ServeProcess:
    """A running `goalgraph serve`: its process, the URL it printed (no trailing slash)
    and the files its output goes to."""

    process: subprocess.Popen[bytes]
    url: str
    stdout: Path
    stderr: Path

    def interrupt(self, timeout: float = 60) -> int:
        """Press Ctrl+C: SIGINT to the whole process group, as a terminal sends it (the
        query workers get it too). Returns the exit code."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def errors(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")


def start_serve(
    *args: str, folder: Path, timeout: float = 120, ctrl_c_ignored: bool = False
) -> ServeProcess:
    """Start `goalgraph serve ARGS --port 0` in its own process group and wait until it
    answers; the port is read from the line it prints. With ``ctrl_c_ignored`` it starts
    with SIGINT ignored, as a script's background job does."""
    out, err = folder / "serve.out", folder / "serve.err"
    command = [sys.executable, "-m", "goalgraph.cli.main", "serve", *args, "--port", "0"]
    if ctrl_c_ignored:
        command = ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *command]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, start_new_session=True)
    deadline = time.monotonic() + timeout
    url = ""
    while not url:
        first = out.read_text(encoding="utf-8").splitlines()
        if first and first[0].startswith(PREFIX):
            url = first[0].rsplit(" at ", 1)[1].strip().rstrip("/")
            break
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise RuntimeError(f"goalgraph serve did not start: {err.read_text()}")
        time.sleep(0.1)
    while True:
        try:
            httpx.get(url + "/static/style.css", timeout=5)
            break
        except httpx.TransportError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise RuntimeError(f"goalgraph serve did not answer: {err.read_text()}") from exc
            time.sleep(0.1)
    return ServeProcess(process, url, out, err)


@contextmanager
def serving(*args: str, folder: Path, ctrl_c_ignored: bool = False) -> Iterator[ServeProcess]:
    """`start_serve`, and the process ended afterwards however the test went."""
    served = start_serve(*args, folder=folder, ctrl_c_ignored=ctrl_c_ignored)
    try:
        yield served
    finally:
        if served.process.poll() is None:
            os.killpg(served.process.pid, signal.SIGKILL)
            served.process.wait(timeout=30)
