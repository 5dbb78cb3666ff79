"""The command line imports only what the command it runs needs."""

from __future__ import annotations

import subprocess
import sys

import typer

from goalgraph.cli.main import COMMANDS, compose

#: Packages no query on a store needs (validation, prioritisation, reports, the web).
HEAVY = (
    "pyshacl",
    "pyshacl_turbo",
    "numpy",
    "highspy",
    "ortools",
    "jinja2",
    "networkx",
    "fastapi",
)


def _names(app: typer.Typer) -> set[str]:
    commands = {command.name for command in app.registered_commands}
    return commands | {group.name for group in app.registered_groups}


def test_every_command_is_composed() -> None:
    assert _names(compose()) == {name for name, _, _ in COMMANDS}


def test_one_command_is_composed_alone() -> None:
    assert _names(compose({"query"})) == {"query"}


def test_a_query_imports_no_engine_it_does_not_use() -> None:
    script = (
        "import sys\n"
        "from goalgraph.cli.main import _for\n"
        "_for(['query', 'projects-serving'])\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_python_m_goalgraph_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "goalgraph", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("goalgraph ")
