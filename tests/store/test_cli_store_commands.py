"""The analysis commands on a store: --store/--graph, validate --all, export, and bad arguments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goalgraph.cli.main import app
from goalgraph.errors import StoreError
from tests.conftest import ASKER, TEST_DATA

runner = CliRunner()
ASKER_GRAPH = "https://w3id.org/goalgraph/examples/graphs/asker"
BROKEN_GRAPH = "https://w3id.org/goalgraph/examples/graphs/broken"
#: Asker's portfolio versions: loaded from its folder, each version file gets a graph of its own.
VERSION_GRAPHS = {f"{ASKER_GRAPH}/portfolio-2015", f"{ASKER_GRAPH}/portfolio-2016"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An embedded store with Asker and one graph breaking a rule."""
    folder = str(tmp_path_factory.mktemp("cli") / "store")
    broken = TEST_DATA / "invalid" / "ConcretisesTargetShape.ttl"
    for graph, path in ((ASKER_GRAPH, ASKER), (BROKEN_GRAPH, broken)):
        result = runner.invoke(app, ["load", "--store", folder, "--graph", graph, str(path)])
        assert result.exit_code == 0, result.output
    return folder


def test_query_trace_report_and_info_read_one_graph(store: str) -> None:
    # The projects are in the portfolio version graphs: the store is read as its latest
    # version, as the files are.
    answers = []
    for source in (["-s", store], ["-d", str(ASKER)]):
        query = runner.invoke(app, ["query", "projects-serving", *source,
                                    "-p", "goal=asker:mg-folkehelse", "-f", "json"])  # fmt: skip
        assert query.exit_code == 0, query.output
        answers.append(json.loads(query.output)["results"]["bindings"])
    assert len(answers[0]) == 3 and answers[0] == answers[1]
    traced = runner.invoke(app, ["trace", "asker:pr-agp", "--store", store, "-f", "json"])
    assert traced.exit_code == 0 and json.loads(traced.output)["goals"]
    info = runner.invoke(app, ["info", "--store", store, "--graph", ASKER_GRAPH, "--lang", "en"])
    assert info.exit_code == 0 and "Asker" in info.output
    report = runner.invoke(app, ["report", "-s", store, "-g", ASKER_GRAPH, "-f", "json"])
    assert report.exit_code == 0 and json.loads(report.output)


def test_validate_all_reports_per_graph_and_fails_on_a_violation(store: str) -> None:
    result = runner.invoke(app, ["validate", "--store", store, "--all", "-f", "json"])
    assert result.exit_code == 1, result.output
    graphs = {g["graph"]: g for g in json.loads(result.output)["graphs"]}
    assert set(graphs) == {ASKER_GRAPH, BROKEN_GRAPH, *VERSION_GRAPHS}
    assert all(graphs[g]["conforms"] for g in VERSION_GRAPHS)
    assert graphs[ASKER_GRAPH]["conforms"] and not graphs[BROKEN_GRAPH]["conforms"]
    one = runner.invoke(app, ["validate", "--store", store, "--graph", ASKER_GRAPH])
    assert one.exit_code == 0, one.output


def test_export_writes_one_graph_as_a_workbook(store: str, tmp_path: Path) -> None:
    out = tmp_path / "asker.xlsx"
    result = runner.invoke(
        app, ["export", "--store", store, "--graph", ASKER_GRAPH, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


@pytest.mark.parametrize(
    "args",
    [
        ["info"],
        ["info", str(ASKER), "--store", "memory:"],
        ["query", "orphans"],
        ["report", "--graph", ASKER_GRAPH, "-d", str(ASKER)],
        ["validate", "--store", "memory:"],
        ["validate", str(ASKER), "--all"],
    ],
)
def test_files_or_store_exactly_one(args: list[str]) -> None:
    assert runner.invoke(app, args).exit_code == 2


def test_an_unknown_graph_is_named_with_the_graphs_there_are(store: str) -> None:
    result = runner.invoke(app, ["info", "--store", store, "--graph", "https://example.org/x"])
    # main() maps the error to its exit code; the runner calls the app directly.
    assert isinstance(result.exception, StoreError) and result.exception.exit_code == 2
    assert ASKER_GRAPH in str(result.exception)


def test_validate_all_with_two_workers_on_an_on_disk_store(store: str) -> None:
    # Regression: workers opening the store read-only while the command held it open for
    # writing found its files gone (BrokenProcessPool).
    done = subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "validate", "--store", store, "--all",
         "--workers", "2", "-f", "json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    graphs = {g["graph"]: g["conforms"] for g in json.loads(done.stdout)["graphs"]}
    assert graphs == {ASKER_GRAPH: True, BROKEN_GRAPH: False, **dict.fromkeys(VERSION_GRAPHS, True)}
