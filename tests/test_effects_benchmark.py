"""Smoke test of benchmarks/effects.py: it runs at S, both stores give the same balance, and
the read model gives it too."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "effects.py"


def test_the_effect_balance_benchmark_runs_and_both_stores_agree(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    command = [sys.executable, str(SCRIPT), "--sizes", "S", "--runs", "1",
               "--cache", str(tmp_path), "--out", str(results)]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    out = finished.stdout
    assert "| measurement | rdflib | oxigraph-disk |" in out
    assert "| same document on both | yes | |" in out
    # The read model's balance is effects' on both stores.
    assert "| read model's balance = effects' at every date | yes | yes |" in out
    assert '"oxigraph-disk"' in results.read_text(encoding="utf-8")
