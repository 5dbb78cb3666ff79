"""The package's layout rules: engines stay behind the store layer, every module says its job."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import goalgraph

PACKAGE = Path(goalgraph.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            found.add(node.module)
    return found


def _inside(path: Path, folder: str) -> bool:
    return (PACKAGE / folder) in path.parents


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_pyoxigraph_is_imported_only_by_the_store_layer(path: Path) -> None:
    engines = {name for name in _imports(path) if name.split(".")[0] == "pyoxigraph"}
    assert not engines or _inside(path, "store"), path


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_adapters_are_used_only_through_the_store_protocol(path: Path) -> None:
    # Outside the store layer no module picks an engine by the adapter's class.
    if _inside(path, "store"):
        return
    text = path.read_text(encoding="utf-8")
    for adapter in ("RemoteStore", "MemoryStore", "StoreView"):
        assert f"isinstance({adapter}" not in text.replace(" ", ""), (path, adapter)
        assert f", {adapter})" not in text, (path, adapter)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_says_its_job(path: Path) -> None:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, path


def test_the_web_layer_holds_no_queries_and_no_read_models() -> None:
    web = PACKAGE / "web"
    assert not list(web.rglob("*.rq"))
    for name in ("catalogue.py", "details.py", "classes.py", "chart.py", "graphview.py"):
        assert not (web / name).exists(), name


def test_one_query_folder() -> None:
    folders = {path.parent for path in PACKAGE.rglob("*.rq")}
    assert folders == {PACKAGE / "sparql" / "queries"}
