"""The rough edges a new user meets first (issue 13, item 4): the version, what to give when
no model is given, `trace` of a node that is not a project, `sdg` in the common default
language, and `import` of a missing or an empty workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from goalgraph import __version__
from goalgraph.cli.main import main
from tests.conftest import ASKER


def goalgraph(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the console script's entry point."""
    monkeypatch.setattr("sys.argv", ["goalgraph", *args])
    with pytest.raises(SystemExit) as info:
        main()
    code = info.value.code
    captured = capsys.readouterr()
    return (code if isinstance(code, int) else 1), captured.out, captured.err


def flat(text: str) -> str:
    """Text without the line breaks and box drawing of typer's error panel."""
    return " ".join(text.replace("│", " ").split())


def test_version(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = goalgraph(monkeypatch, capsys, "--version")
    assert code == 0
    assert out == f"goalgraph {__version__}\n"


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["info"], "PATHS or --data PATH"),
        (["trace", "asker:pr-agp"], "PATHS or --data PATH"),
        (["query", "orphans"], "PATHS or --data PATH"),
        (["report"], "PATHS or --data PATH"),
        (["export", "-o", "x.xlsx"], "PATHS or --data PATH"),
        (["validate"], "PATHS or --data PATH"),
        (["serve"], "(PATHS)"),
        (["viz", "asker:pr-agp", "-o", "x.html"], "--data PATH"),
    ],
)
def test_no_model_says_what_to_give(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    what: str,
) -> None:
    code, _, err = goalgraph(monkeypatch, capsys, *args)
    assert code == 2
    message = flat(err)
    assert "no model given" in message and what in message
    assert "--store DESCRIPTOR" in message
    assert "not both" not in message


def test_files_and_store_at_once_is_still_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["info", str(ASKER), "--store", str(tmp_path / "store")]
    code, _, err = goalgraph(monkeypatch, capsys, *args)
    assert code == 2
    assert "not both" in flat(err)


def test_trace_of_a_goal_says_it_is_not_a_project(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = goalgraph(
        monkeypatch, capsys, "trace", "asker:mg-folkehelse", "-d", str(ASKER)
    )
    assert code == 2
    assert out == ""
    assert "mg-folkehelse>" in err and "is not a project" in err


def test_sdg_speaks_bokmal_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = goalgraph(monkeypatch, capsys, "sdg", "show", "3")
    assert code == 0
    assert out.startswith("Mål 3")
    assert "Sikre god helse og fremme livskvalitet for alle, uansett alder" in out
    assert "Delmål" in out
    code, out, _ = goalgraph(monkeypatch, capsys, "sdg", "list")
    assert code == 0 and "Utrydde alle former for fattigdom" in out
    code, out, _ = goalgraph(monkeypatch, capsys, "sdg", "show", "3", "--lang", "en")
    assert out.startswith("Goal 3") and "Targets" in out


def test_import_of_a_missing_file_says_it_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing, out = tmp_path / "plan.xlsx", tmp_path / "model.ttl"
    code, _, err = goalgraph(monkeypatch, capsys, "import", str(missing), "-o", str(out))
    assert code == 2
    assert f"{missing}: no such file" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "warning"),
    [("nb", "advarsel: arbeidsboka har ingen rader"), ("en", "warning: the workbook has no rows")],
)
def test_import_of_an_empty_workbook_warns(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    lang: str,
    warning: str,
) -> None:
    book, out = tmp_path / "plan.xlsx", tmp_path / "model.ttl"
    assert goalgraph(monkeypatch, capsys, "template", str(book))[0] == 0
    args = ["import", str(book), "-o", str(out), "--base", "https://example.org/k/", "--lang", lang]
    code, _, err = goalgraph(monkeypatch, capsys, *args)
    assert code == 0
    assert warning in err


def test_import_of_a_filled_workbook_does_not_warn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book, out = tmp_path / "asker.xlsx", tmp_path / "model.ttl"
    assert goalgraph(monkeypatch, capsys, "export", str(ASKER), "-o", str(book))[0] == 0
    code, _, err = goalgraph(monkeypatch, capsys, "import", str(book), "-o", str(out))
    assert code == 0
    assert "no rows" not in err and "ingen rader" not in err
