"""Smoke test of the national-portfolio benchmark: it runs, prints its table, nothing errs."""

from __future__ import annotations

import json
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


def test_the_diff_benchmark_finds_the_changes_it_made(tmp_path: Path) -> None:
    results = tmp_path / "diff.json"
    script = SCRIPT.parent / "diff.py"
    command = [sys.executable, str(script), "--sizes", "S", "--cache", str(tmp_path),
               "--out", str(results)]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    (row,) = json.loads(results.read_text(encoding="utf-8"))
    made = row["made"]
    assert made["removed"] > 0 and made["added"] > 0 and made["reworded"] > 0
    # Every project removed or moved to a new IRI is a removed node; every moved one is added.
    assert row["removed"] >= made["removed"] + made["added"]
    assert row["added"] >= made["added"]
    assert row["changed"] > 0 and row["sentences"] > 0
