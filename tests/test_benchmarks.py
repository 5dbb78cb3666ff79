"""Smoke test of the national-portfolio benchmark: it runs, prints its table, nothing errs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def test_quick_run_prints_the_table_and_no_measurement_errs(tmp_path: Path) -> None:
    # Own cache folder: the script must generate the data it lacks.
    results = tmp_path / "results.json"
    command = [sys.executable, str(SCRIPT), "--sizes", "S", "--adapters", "rdflib,oxigraph-memory",
               "--quick", "--cache", str(tmp_path), "--out", str(results)]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    out = finished.stdout
    assert "| measurement | rdflib | oxigraph-memory |" in out
    assert "| which projects serve goal X, p50 / p95 |" in out
    assert "all measurements ran" in out
    assert "ERROR" not in out
    assert (tmp_path / "seed-1" / "kommune-001.nt").is_file()
    assert '"adapter": "oxigraph-memory"' in results.read_text(encoding="utf-8")
