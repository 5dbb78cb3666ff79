"""Smoke tests of the benchmark scripts: each starts, uses only what the package has, and the
national-portfolio, editor and validation-engine benchmarks run at their smallest size."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
SCRIPT = BENCHMARKS / "run.py"
VALIDATION_ENGINES = BENCHMARKS / "validation_engines.py"
SHACL_CANDIDATES = BENCHMARKS / "shacl_candidates.py"
#: The scripts (run with ``python benchmarks/NAME.py``), and every module they import.
SCRIPTS = sorted(BENCHMARKS.glob("*.py"))
SOURCES = sorted(BENCHMARKS.rglob("*.py"))
#: The modules of the candidates shacl_candidates.py compares beyond goalgraph's own engines.
EXTRA_CANDIDATES = ("shacl", "pyrudof", "shifty", "shacl_rust")


def _run(script: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python script args…`` from the project folder, its output captured as text."""
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
    )


def test_quick_run_prints_the_table_and_no_measurement_errs(tmp_path: Path) -> None:
    # Own cache folder: the script must generate the data it lacks.
    results = tmp_path / "results.json"
    finished = _run(SCRIPT, "--sizes", "S", "--adapters", "rdflib,oxigraph-memory", "--quick",
                    "--cache", str(tmp_path), "--out", str(results))  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    out = finished.stdout
    assert "| measurement | rdflib | oxigraph-memory |" in out
    assert "| which projects serve goal X, p50 / p95 |" in out
    assert "all measurements ran" in out
    assert "ERROR" not in out
    assert (tmp_path / "seed-1" / "kommune-001.nt").is_file()
    assert '"adapter": "oxigraph-memory"' in results.read_text(encoding="utf-8")


EDITOR = BENCHMARKS / "editor.py"


def test_editor_benchmark_saves_checks_and_prints_its_ratio(tmp_path: Path) -> None:
    # Size S, two saves of each kind: every request must answer as expected or the script exits.
    results = tmp_path / "editor.json"
    finished = _run(EDITOR, "--sizes", "S", "--saves", "2", "--store", "memory",
                    "--cache", str(tmp_path), "--out", str(results))  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "| size | triples | graph | first save | save p50 / p95 |" in finished.stdout
    assert "| S | " in finished.stdout
    figures = json.loads(results.read_text(encoding="utf-8"))
    assert [row["size"] for row in figures] == ["S"]
    row = figures[0]
    assert row["save"]["p50_ms"] > 0 and row["baseline_unchecked_save"]["p50_ms"] > 0
    assert row["ratio"] == row["save"]["p50_ms"] / row["baseline_unchecked_save"]["p50_ms"]


def test_editor_benchmark_refuses_an_unknown_size(tmp_path: Path) -> None:
    finished = _run(EDITOR, "--sizes", "XL", "--cache", str(tmp_path), timeout=60)
    assert finished.returncode != 0
    assert "unknown size XL" in finished.stderr


def test_the_diff_benchmark_finds_the_changes_it_made(tmp_path: Path) -> None:
    results = tmp_path / "diff.json"
    script = SCRIPT.parent / "diff.py"
    finished = _run(script, "--sizes", "S", "--cache", str(tmp_path), "--runs", "1",
                    "--out", str(results))  # fmt: skip
    # Exit 1 is the command missing its target (a busy machine); anything else is an error.
    assert finished.returncode in (0, 1), finished.stdout + finished.stderr
    run, row = json.loads(results.read_text(encoding="utf-8"))
    # The whole command is timed as a process and judged against 1 s.
    assert run["size"] == "command" and run["target"] == 1.0
    assert run["met"] == (run["wall_median"] <= 1.0)
    assert ("target 1.0 s met" in finished.stdout) == run["met"]
    made = row["made"]
    assert made["removed"] > 0 and made["added"] > 0 and made["reworded"] > 0
    # Every project removed or moved to a new IRI is a removed node; every moved one is added.
    assert row["removed"] >= made["removed"] + made["added"]
    assert row["added"] >= made["added"]
    assert row["changed"] > 0 and row["sentences"] > 0


@pytest.mark.slow
def test_validation_engines_quick_run_prints_every_table(tmp_path: Path) -> None:
    # Size S, one graph: the engines compared, the phases checked against validate_graph
    # (the script stops if they no longer add up to it), one worker started.
    results = tmp_path / "results.json"
    finished = _run(VALIDATION_ENGINES, "--quick", "--cache", str(tmp_path),
                    "--out", str(results), timeout=300)  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    out = finished.stdout
    assert "| validate one graph (median of 1) | S |" in out
    assert "| whole store, 2 workers (1 graph) | S |" in out
    assert "| context look-ups (graph_context: Store.match) |" in out
    assert "| pyshacl-turbo validates (rdflib graph in, report graph out) |" in out
    assert "| compiled: first graph beyond the second |" in out
    assert (tmp_path / "seed-1" / "kommune-001.nt").is_file()
    (run,) = json.loads(results.read_text(encoding="utf-8"))["runs"]
    assert run["size"] == "S" and run["graphs"] == 1
    assert run["results"]["compiled"] == run["results"]["pyshacl"]
    assert 0 < run["sizes"]["kept after pruning"] < run["sizes"]["graph"] + run["sizes"]["context"]


def test_every_script_is_checked() -> None:
    names = {path.name for path in SCRIPTS}
    wanted = {"run.py", "load.py", "wording.py", "validation_engines.py", "shacl_candidates.py",
              "editor.py"}  # fmt: skip
    assert wanted <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_every_script_starts_and_explains_its_options(script: Path) -> None:
    finished = _run(script, "--help")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("usage: "), finished.stdout


def _goalgraph_imports(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) of every import of goalgraph in ``path``, in functions too."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module is not None:
            if node.module.split(".")[0] == "goalgraph":
                found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, None) for a in node.names if a.name.split(".")[0] == "goalgraph"]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(BENCHMARKS)))
def test_benchmarks_import_only_what_the_package_has(path: Path) -> None:
    # Imports inside functions run only in a full benchmark: a renamed module or function
    # must fail here, not on the quiet machine the figures are measured on.
    for module_name, name in _goalgraph_imports(path):
        module = importlib.import_module(module_name)
        if name is not None and not hasattr(module, name):
            importlib.import_module(f"{module_name}.{name}")  # a submodule, or the failure


def test_shacl_candidates_starts_without_the_extra_candidates() -> None:
    # As if none of them were installed, whatever this environment has.
    hidden = "; ".join(f"sys.modules[{name!r}] = None" for name in EXTRA_CANDIDATES)
    code = (
        f"import runpy, sys; {hidden}; sys.argv = [{str(SHACL_CANDIDATES)!r}, '--help']; "
        f"runpy.run_path({str(SHACL_CANDIDATES)!r}, run_name='__main__')"
    )
    finished = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert "pip install shacl pyrudof pyshifty shacl-rust" in " ".join(finished.stdout.split())


def _script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmark_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shacl_candidates_names_each_missing_candidate_and_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    candidates = _script(SHACL_CANDIDATES)
    for name in EXTRA_CANDIDATES:
        monkeypatch.setitem(sys.modules, name, None)  # an import of it raises ImportError
    missing = candidates.missing_candidates()
    assert [kind.name for kind in missing] == ["shacl", "pyrudof", "pyshifty", "shacl-rust"]
    hint = candidates.install_hint(missing)
    assert "shacl, pyrudof, pyshifty, shacl-rust" in hint
    assert hint.endswith("pip install shacl pyrudof pyshifty shacl-rust")


BULK_LOADER = BENCHMARKS / "bulk_loader.py"
COMPARE = BENCHMARKS / "compare.py"


def test_bulk_loader_measures_every_variant(tmp_path: Path) -> None:
    from goalgraph.generate import generate

    generate(tmp_path / "data", 2)
    finished = _run(
        BULK_LOADER, "--data", str(tmp_path / "data"), "--municipalities", "2", timeout=300
    )
    assert finished.returncode == 0, finished.stderr
    rows = [
        line for line in finished.stdout.splitlines() if line.startswith("| ") and " s |" in line
    ]
    assert [row.split(" | ")[0] for row in rows] == [
        "| named graphs",
        "| named graphs, lenient",
        "| default graph",
    ]


def test_bulk_loader_says_how_to_make_missing_data(tmp_path: Path) -> None:
    finished = _run(BULK_LOADER, "--data", str(tmp_path), "--municipalities", "3")
    assert finished.returncode != 0
    assert "goalgraph generate" in finished.stderr and "0 of 3" in finished.stderr


def _results(path: Path, figures: dict[str, tuple[float | None, float]]) -> Path:
    """A run.py --out file with one S oxigraph-memory run of the given (seconds, peak_mb)."""
    measurements = [
        {"name": name, "seconds": seconds, "peak_mb": peak, "timed_out": seconds is None}
        for name, (seconds, peak) in figures.items()
    ]
    run = {"size": "S", "adapter": "oxigraph-memory", "municipalities": 1,
           "measurements": measurements}  # fmt: skip
    path.write_text(json.dumps({"machine": {}, "runs": [run]}), encoding="utf-8")
    return path


def test_compare_takes_the_median_of_each_side_and_marks_what_is_over(tmp_path: Path) -> None:
    # One slow outlier on the new side: the median leaves it out.
    old = [_results(tmp_path / f"old{i}.json", {"load": (s, 60.0)}) for i, s in
           enumerate((0.100, 0.110, 0.105))]  # fmt: skip
    new = [_results(tmp_path / f"new{i}.json", {"load": (s, 70.0)}) for i, s in
           enumerate((0.104, 0.300, 0.108))]  # fmt: skip
    finished = _run(COMPARE, "--old", *map(str, old), "--new", *map(str, new), timeout=60)
    assert finished.returncode == 1, finished.stderr
    lines = finished.stdout.splitlines()
    seconds = next(line for line in lines if "| load | seconds |" in line)
    assert "| 105.0 ms | 108.0 ms | 1.03 |" in seconds and "over" not in seconds
    memory = next(line for line in lines if "| load | peak_mb |" in line)
    assert "| 60.0 MB | 70.0 MB | 1.17 **over** | 3 / 3 |" in memory
    assert "1 of 2 figures above 1.10× the old" in finished.stdout
    relaxed = _run(COMPARE, "--old", *map(str, old), "--new", *map(str, new),
                   "--limit", "1.2", timeout=60)  # fmt: skip
    assert relaxed.returncode == 0, relaxed.stdout


def test_compare_leaves_out_timed_out_figures(tmp_path: Path) -> None:
    old = _results(tmp_path / "old.json", {"load": (None, 900.0), "view": (0.2, 100.0)})
    new = _results(tmp_path / "new.json", {"load": (30.0, 800.0), "view": (0.2, 100.0)})
    finished = _run(COMPARE, "--old", str(old), "--new", str(new), timeout=60)
    assert finished.returncode == 0, finished.stdout
    assert "| load |" not in finished.stdout and "| view | seconds |" in finished.stdout


def test_compare_names_a_file_that_is_not_results(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    good = _results(tmp_path / "good.json", {"load": (0.1, 60.0)})
    finished = _run(COMPARE, "--old", str(broken), "--new", str(good), timeout=60)
    assert finished.returncode == 2
    assert "broken.json: not a results file of run.py --out" in finished.stderr
