"""`goalgraph template`, `import` and `export` as scripts see them: files, output, exit codes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from goalgraph import load_data
from goalgraph.cli.main import main
from tests.conftest import TEST_DATA

MODEL = TEST_DATA / "spreadsheet" / "model.ttl"


def by_value(graph: Graph) -> Graph:
    """The graph with every decimal written in one form ("1500000.00" and "1500000" are one
    value; the store and rdflib's Turtle writer each write their own)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def goalgraph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["goalgraph", *args])
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    captured = capsys.readouterr()
    return (code if isinstance(code, int) else 1), captured.out, captured.err


def test_export_then_import_with_the_shacl_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book, model = tmp_path / "book.xlsx", tmp_path / "model.ttl"
    code, out, _ = goalgraph(monkeypatch, capsys, "export", str(MODEL), "-o", str(book))
    assert code == 0
    assert "base https://example.org/kommune/" in out
    code, out, _ = goalgraph(
        monkeypatch, capsys, "import", str(book), "-o", str(model), "--lang", "en"
    )
    assert code == 0
    assert "SHACL: 0 Violations" in out
    assert isomorphic(by_value(load_data(model)), by_value(load_data(MODEL)))
    assert "@prefix kommune: <https://example.org/kommune/>" in model.read_text(encoding="utf-8")


def test_import_shows_goal_and_strategy_mix_ups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book, model = tmp_path / "book.xlsx", tmp_path / "model.ttl"
    goalgraph(monkeypatch, capsys, "export", str(MODEL), "-o", str(book))
    wb = load_workbook(book)
    ws = wb["Strategier"]
    ws["D2"].value = None  # the strategy realises no goal any more
    wb.save(book)
    code, out, _ = goalgraph(monkeypatch, capsys, "import", str(book), "-o", str(model))
    assert code == 0
    assert "SHACL: 1 brudd" in out
    assert "StrategyRealisesShape" in out


def test_bad_workbook_lists_every_problem_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book, model = tmp_path / "book.xlsx", tmp_path / "model.ttl"
    goalgraph(monkeypatch, capsys, "export", str(MODEL), "-o", str(book), "--lang", "en")
    wb = load_workbook(book)
    wb["Projects"]["I2"].value = "a lot"
    wb["Strategies"]["D2"].value = "no-such-goal"
    wb.save(book)
    model.write_text("# the planner's earlier model\n", encoding="utf-8")
    code, _, err = goalgraph(
        monkeypatch, capsys, "import", str(book), "-o", str(model), "--lang", "en"
    )
    assert code == 1
    assert "2 problems in" in err
    assert "sheet «Projects», row 2" in err
    assert "sheet «Strategies», row 2" in err
    assert model.read_text(encoding="utf-8") == "# the planner's earlier model\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "model.ttl"]


def test_template_and_unreadable_input_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "mal.xlsx"
    assert goalgraph(monkeypatch, capsys, "template", str(template), "--lang", "nb")[0] == 0
    assert load_workbook(template).sheetnames[0] == "Veiledning"
    code, _, err = goalgraph(monkeypatch, capsys, "import", str(template), "-o", "x.ttl")
    assert code == 2
    assert "--base" in err
    code, _, _ = goalgraph(monkeypatch, capsys, "template", str(template), "--lang", "de")
    assert code == 2
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not really")
    assert goalgraph(monkeypatch, capsys, "import", str(broken), "-o", "x.ttl")[0] == 2


def test_export_to_csv_and_import_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, model = tmp_path / "csv", tmp_path / "model.ttl"
    assert goalgraph(monkeypatch, capsys, "export", str(MODEL), "-o", str(folder))[0] == 0
    assert (folder / "Prosjekter.csv").is_file()
    assert goalgraph(monkeypatch, capsys, "import", str(folder), "-o", str(model))[0] == 0
    assert isomorphic(by_value(load_data(model)), by_value(load_data(MODEL)))


def test_export_warns_about_what_the_sheets_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "<https://example.org/kommune/mal-helse> "
        '<http://www.w3.org/2004/02/skos/core#note> "x" .\n',
        encoding="utf-8",
    )
    code, _, err = goalgraph(
        monkeypatch, capsys, "export", str(MODEL), str(extra), "-o", str(tmp_path / "b.xlsx")
    )
    assert code == 0
    # The count agrees with its noun (issue 17): one triple, in the language asked for.
    assert "1 trippel får ikke plass i arkene" in err
    assert "skos:note" in err
