"""Smoke tests of the benchmarks: they run, print their tables, nothing errs."""

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


EDITOR = SCRIPT.parent / "editor.py"


def test_editor_benchmark_saves_checks_and_prints_its_ratio(tmp_path: Path) -> None:
    # Size S, two saves of each kind: every request must answer as expected or the script exits.
    results = tmp_path / "editor.json"
    command = [sys.executable, str(EDITOR), "--sizes", "S", "--saves", "2", "--store", "memory",
               "--cache", str(tmp_path), "--out", str(results)]  # fmt: skip
    finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "| size | triples | graph | first save | save p50 / p95 |" in finished.stdout
    assert "| S | " in finished.stdout
    figures = json.loads(results.read_text(encoding="utf-8"))
    assert [row["size"] for row in figures] == ["S"]
    row = figures[0]
    assert row["save"]["p50_ms"] > 0 and row["baseline_unchecked_save"]["p50_ms"] > 0
    assert row["ratio"] == row["save"]["p50_ms"] / row["baseline_unchecked_save"]["p50_ms"]


def test_editor_benchmark_refuses_an_unknown_size(tmp_path: Path) -> None:
    command = [sys.executable, str(EDITOR), "--sizes", "XL", "--cache", str(tmp_path)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert finished.returncode != 0
    assert "unknown size XL" in finished.stderr
