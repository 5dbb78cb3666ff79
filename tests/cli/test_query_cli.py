"""`goalgraph query`, `trace`, `report` and `info` as scripts see them: output and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goalgraph.cli.main import app, main
from tests.conftest import TEST_DATA

MODEL = str(TEST_DATA / "trace" / "model.ttl")
T = "https://w3id.org/goalgraph/tests/trace/"
runner = CliRunner()


def _goalgraph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    # Through main(), the console script's entry point, which maps errors to exit codes.
    monkeypatch.setattr("sys.argv", ["goalgraph", *args])
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    return (code if isinstance(code, int) else 1), capsys.readouterr().err


def test_list_names_the_queries() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0, result.output
    for name in ("projects-serving", "trace", "orphans", "uncovered-goals", "sdg-coverage"):
        assert name in result.output


def test_json_is_sparql_results_json() -> None:
    result = runner.invoke(
        app,
        ["query", "projects-serving", "--data", MODEL, "--param", f"goal={T}m2", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["head"]["vars"][0] == "project"
    assert [b["project"]["value"] for b in doc["results"]["bindings"]] == [T + "p1"]


def test_csv_and_table(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "orphans", "-d", MODEL, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["node", "kind", "label"]
    assert len(rows) == 7
    table = runner.invoke(app, ["query", "orphans", "-d", MODEL, "-p", "lang=en"])
    assert table.exit_code == 0, table.output
    assert "6 rows" in table.output


def test_a_user_rq_file_with_a_curie_parameter(tmp_path: Path) -> None:
    rq = tmp_path / "phase.rq"
    rq.write_text("SELECT ?project WHERE { ?project gg:phase $phase }\n", encoding="utf-8")
    result = runner.invoke(
        app, ["query", str(rq), "-d", MODEL, "-p", "phase=gg:PhaseIdea", "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["project", T + "p4"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nonsense", "-d", MODEL], "unknown query 'nonsense'"),
        (["query", "projects-serving", "-d", MODEL], "needs the parameter 'goal'"),
        (["query", "projects-serving", "-d", MODEL, "-p", f"goal={T}zz"], "not in the loaded"),
        (["query", "projects-serving", "-d", MODEL, "-p", "goal"], "not key=value"),
        (
            ["query", "indicator-readings", "-d", MODEL, "-p", "today=2018-13-45"],
            "'2018-13-45' is not a date (month must be in 1..12); write a date as YYYY-MM-DD",
        ),
        (["query", "orphans"], "--data"),
        (["trace", f"{T}zz", "-d", MODEL], "not in the loaded graph"),
        (["trace", "zz:p1", "-d", MODEL], "unknown prefix 'zz:'"),
        (["report", "-d", str(TEST_DATA / "missing.ttl")], "no such file"),
    ],
)
def test_bad_arguments_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    code, err = _goalgraph(monkeypatch, capsys, *args)
    assert code == 2, err
    assert message in " ".join(err.split())


def test_malformed_rq_file_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x WHERE { ?x \n", encoding="utf-8")
    code, err = _goalgraph(monkeypatch, capsys, "query", str(rq), "-d", MODEL)
    assert code == 2
    assert "SPARQL syntax error" in err


def test_trace_json_and_text() -> None:
    result = runner.invoke(app, ["trace", T + "p1", "--data", MODEL, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"project", "label", "goals", "sdg", "paths"}
    assert set(doc["goals"]) == {T + g for g in ("s1", "s2", "m1", "m2")}
    assert "http://metadata.un.org/sdg/3.4" in doc["sdg"]
    assert all({"node", "label", "via"} == set(hop) for path in doc["paths"] for hop in path)
    text = runner.invoke(app, ["trace", T + "p2", "-d", MODEL, "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[0] == "Alarms for all  [p2]"
    assert "└─ implements → Safety alarms  [t3]" in text.output


@pytest.mark.parametrize(("fmt", "start"), [("md", "# Portfolio report"), ("html", "<!DOCTYPE")])
def test_report_formats(fmt: str, start: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(
        app,
        ["report", "-d", MODEL, "-f", fmt, "--lang", "en", "--today", "2025-01-01", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(start)


def test_report_json_to_stdout() -> None:
    result = runner.invoke(app, ["report", "-d", MODEL, "-f", "json", "--today", "2025-01-01"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["today"] == "2025-01-01"


def test_info_prints_counts() -> None:
    result = runner.invoke(app, ["info", MODEL, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "project" in result.output and "Testtown municipality" in result.output
