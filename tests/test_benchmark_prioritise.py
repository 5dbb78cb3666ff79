"""Smoke test of the prioritisation benchmark: it runs on a small portfolio and prints its row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "prioritise.py"


def test_small_run_prints_the_table() -> None:
    command = [sys.executable, str(SCRIPT), "--sizes", "30", "--repeat", "1"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "| candidates | chosen | MILPs |" in finished.stdout
    assert "| 30 |" in finished.stdout
