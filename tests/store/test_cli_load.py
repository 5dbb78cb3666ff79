"""`goalgraph load`: graphs per party, {name} templates, --list, and errors with exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from goalgraph.cli.main import app
from goalgraph.store import OxigraphStore
from tests.conftest import TEST_DATA

runner = CliRunner()
GOOD = TEST_DATA / "load" / "good.ttl"
BROKEN = TEST_DATA / "load" / "broken.ttl"


def test_load_into_named_graphs_and_list(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    first = runner.invoke(
        app, ["load", "--store", store, "--graph", "https://ex.org/g/a", str(GOOD)]
    )
    assert first.exit_code == 0, first.output
    assert "vocabulary graph" in first.output
    assert "<https://ex.org/g/a>: 3 triples from 1 file(s)" in first.output
    folder = tmp_path / "parties"
    folder.mkdir()
    for name in ("bergen", "asker"):
        (folder / f"{name}.ttl").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    files = sorted(str(p) for p in folder.iterdir())
    second = runner.invoke(
        app, ["load", "-s", store, "-g", "https://ex.org/g/{name}", *files, "--list"]
    )
    assert second.exit_code == 0, second.output
    assert "https://ex.org/g/asker" in second.output
    # a, asker, bergen, the vocabulary and the recorded prefixes of the Turtle files
    assert "5 named graphs" in second.output
    with OxigraphStore(Path(store)) as opened:
        assert "ex" in opened.prefixes()
        assert {str(i.iri) for i in opened.graphs()} >= {
            "https://ex.org/g/a",
            "https://ex.org/g/asker",
            "https://ex.org/g/bergen",
        }


def test_broken_file_exits_2_and_names_the_line(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    done = subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "load", "--store", store, "--graph",
         "https://ex.org/g/a", str(GOOD), str(BROKEN)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert f"{BROKEN}:7" in done.stderr
    with OxigraphStore(Path(store)) as opened:
        assert [str(i.iri) for i in opened.graphs()] == ["https://w3id.org/goalgraph"]


def test_files_need_a_graph_and_something_to_do(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    assert runner.invoke(app, ["load", "--store", store, str(GOOD)]).exit_code == 2
    assert runner.invoke(app, ["load", "--store", store]).exit_code == 2
    bad_iri = runner.invoke(app, ["load", "--store", store, "--graph", "not an iri", str(GOOD)])
    assert bad_iri.exit_code != 0
