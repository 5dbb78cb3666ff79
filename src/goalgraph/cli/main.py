"""Compose the goalgraph command line from the feature modules and map errors to exit codes."""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from goalgraph.errors import GoalgraphError

EXIT_CODES_HELP = (
    "Exit codes: 0 success (validation: no Violation); 1 the model has Violations, is "
    "inconsistent or an import found errors; 2 the input could not be read or an argument "
    "is wrong (file and line, or the IRI, are named); 3 the OWL reasoner could not run "
    "(no Java runtime)."
)

_app = typer.Typer(
    name="goalgraph",
    help=(
        "Goal hierarchies and project portfolios as one RDF graph: from UN SDG targets "
        "to municipal goals, strategies, assignments, measures, indicators and projects.\n\n"
        + EXIT_CODES_HELP
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)


def _version(shown: bool) -> None:
    if shown:
        import goalgraph

        typer.echo(f"goalgraph {goalgraph.__version__}")
        raise typer.Exit


@_app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Goal hierarchies and project portfolios as one RDF graph."""


#: The commands: name → (module of goalgraph.cli, the function or sub-app in it). A module is
#: imported only when its command runs (or for the full list): `goalgraph diff` then starts
#: without the optimiser, the validators or the web app.
COMMANDS: dict[str, tuple[str, str]] = {
    "info": ("info", "info"),
    "validate": ("validate", "validate_command"),
    "trace": ("trace", "trace"),
    "query": ("query", "query"),
    "report": ("report", "report"),
    "prioritise": ("prioritise", "prioritise_command"),
    "effects": ("effects", "effects_command"),
    "reason": ("reason", "reason_command"),
    "sdg": ("sdg", "sdg_app"),
    "template": ("spreadsheet", "template"),
    "import": ("spreadsheet", "import_command"),
    "export": ("spreadsheet", "export_command"),
    "load": ("store", "load"),
    "generate": ("store", "generate_command"),
    "serve": ("serve", "serve"),
    "editor": ("editor", "editor_app"),
    "viz": ("viz", "viz"),
    "diff": ("diff", "diff_command"),
    "wheel": ("wheel", "wheel_command"),
}

_registered: set[str] = set()


def register(*names: str) -> typer.Typer:
    """Add the named commands (all when none is named) to the application and return it."""
    for name in names or tuple(COMMANDS):
        if name in _registered:
            continue
        module, attribute = COMMANDS[name]
        found = getattr(importlib.import_module(f"goalgraph.cli.{module}"), attribute)
        if isinstance(found, typer.Typer):
            _app.add_typer(found, name=name)
        else:
            _app.command(name)(found)
        _registered.add(name)
    return _app


def _command_in(args: list[str]) -> str | None:
    """The command the arguments name, when they name one (the options before it are flags)."""
    first = next((a for a in args if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def __getattr__(name: str) -> Any:
    # `from goalgraph.cli.main import app` (tests, embedding) gets every command.
    if name == "app":
        return register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point of the ``goalgraph`` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    command = _command_in(sys.argv[1:])
    try:
        register(*(command,) if command is not None else ())
        _app()
    except GoalgraphError as exc:
        _err.print(f"[bold red]error:[/] {exc}", markup=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
