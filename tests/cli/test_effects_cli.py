"""`goalgraph effects` and the effect balance in `goalgraph report`, as scripts see them."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goalgraph import load, load_data
from goalgraph.analysis.effects import effects
from goalgraph.analysis.report import portfolio_report
from goalgraph.cli.main import app, main
from goalgraph.spreadsheet import export_workbook, import_workbook
from tests.conftest import MILJOPAKKEN, TEST_DATA

MODEL = TEST_DATA / "effects" / "model.ttl"
EX = "https://w3id.org/goalgraph/tests/effects/"
runner = CliRunner()


def _goalgraph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr("sys.argv", ["goalgraph", *args])
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    return (code if isinstance(code, int) else 1), capsys.readouterr().err


@pytest.mark.parametrize(
    ("fmt", "lang", "start"),
    [
        ("text", "nb", "EFFEKTBALANSE\nPer 30. juni 2025: 9 indikatorer:"),
        ("text", "en", "EFFECT BALANCE\nAs of 30 June 2025: 9 indicators:"),
        ("md", "nb", "# Effektbalanse\n"),
        ("md", "en", "# Effect balance\n"),
    ],
)
def test_text_and_markdown(fmt: str, lang: str, start: str) -> None:
    args = ["effects", str(MODEL), "--at", "2025-06-30", "--format", fmt, "--lang", lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(start)


def test_json_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "balance.json"
    args = ["effects", "--data", str(MODEL), "--at", "2025-06-30", "-f", "json", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["at"] == "2025-06-30"
    short = next(i for i in document["indicators"] if i["indicator"] == EX + "i-short")
    assert (short["gap"], short["toward"], short["status"]) == (20, 8, "short")


def test_stale_after_is_settable() -> None:
    def stale(*extra: str) -> int:
        args = ["effects", str(MODEL), "--at", "2025-06-30", "-f", "json", *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return len(json.loads(result.output)["stale"])

    assert stale("--stale-after", "100") > stale()


@pytest.mark.parametrize(
    "args",
    [
        ["effects", str(MODEL), "--at", "30.06.2025"],
        ["effects", str(MODEL), "--stale-after", "-1"],
        ["effects", str(MODEL), "--lang", "de"],
        ["effects", str(MODEL), "--format", "pdf"],
        ["effects"],
        ["effects", str(TEST_DATA / "missing.ttl")],
    ],
)
def test_bad_arguments_exit_with_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _ = _goalgraph(monkeypatch, capsys, *args)
    assert code == 2


def test_a_store_limited_to_one_graph(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    graph = "https://example.org/graph/{name}"
    files = [str(p) for p in sorted(MILJOPAKKEN.glob("*.ttl"))]
    loaded = runner.invoke(app, ["load", "--store", store, "--graph", graph, *files])
    assert loaded.exit_code == 0, loaded.output
    args = ["effects", "--store", store, "--at", "2026-01-01", "-f", "json"]
    whole = json.loads(runner.invoke(app, args).output)
    melhus = runner.invoke(app, [*args, "--graph", "https://example.org/graph/melhus-kommune"])
    assert melhus.exit_code == 0, melhus.output
    part = json.loads(melhus.output)
    assert len(part["indicators"]) < len(whole["indicators"]) == 27
    assert [p["label"] for p in part["parties"]] == ["Melhus kommune"]


# ----------------------------------------------------------------------------------------
# The section of the portfolio report
# ----------------------------------------------------------------------------------------


class _Checker(HTMLParser):
    """Fails on a closing tag that does not close the element last opened."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()


def test_the_report_carries_the_balance_in_every_format() -> None:
    from datetime import date

    store = load(MODEL)
    report = portfolio_report(store, lang="en", today=date(2025, 6, 30))
    assert report.effects is not None
    document = report.to_json()
    assert document["effects"] == json.loads(
        json.dumps(effects(store, date(2025, 6, 30), lang="en").to_json())
    )
    markdown = report.to_markdown()
    assert "\n## Effect balance\n" in markdown and "\n### Largest gaps\n" in markdown
    html = report.to_html()
    assert '<section id="effects">' in html and "<h3>Conflicting effects</h3>" in html
    checker = _Checker()
    checker.feed(html)
    assert checker.open == []
    without = portfolio_report(store, lang="en", today=date(2025, 6, 30), with_effects=False)
    assert without.effects is None and without.to_json()["effects"] is None


def test_report_cli_shows_the_section() -> None:
    args = ["report", str(MODEL), "--today", "2025-06-30", "--lang", "nb"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "## Effektbalanse" in result.output


# ----------------------------------------------------------------------------------------
# The workbook holds the balance's inputs
# ----------------------------------------------------------------------------------------


def test_the_balance_survives_a_round_trip_through_the_workbook(tmp_path: Path) -> None:
    from datetime import date

    original = load_data(MILJOPAKKEN)
    export_workbook(original, tmp_path / "book.xlsx", lang="nb")
    (tmp_path / "model.ttl").write_bytes(
        import_workbook(tmp_path / "book.xlsx").serialize(format="turtle", encoding="utf-8")
    )
    day = date(2026, 1, 1)
    before = effects(load(MILJOPAKKEN), day).to_json()
    after = effects(load(tmp_path / "model.ttl"), day).to_json()
    # Blank effects come back as blank nodes or with new names; what they count is the same.
    for document in (before, after):
        for indicator in document["indicators"]:
            for project in indicator["projects"]:
                project.pop("effect")
    assert after == before
    assert sum(len(i["projects"]) + i["uncounted"] for i in after["indicators"]) == 45
