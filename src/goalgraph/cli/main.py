"""Compose the goalgraph command line from the feature modules and map errors to exit codes."""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Annotated, Any

import typer

from goalgraph.errors import GoalgraphError

EXIT_CODES_HELP = (
    "Exit codes: 0 success (validation: no Violation); 1 the model has Violations, is "
    "inconsistent or an import found errors; 2 the input could not be read or an argument "
    "is wrong (file and line, or the IRI, are named); 3 the OWL reasoner could not run "
    "(no Java runtime)."
)

#: Every command: its name, the module of goalgraph.cli defining it, the function (or, for a
#: group of commands, the Typer app) there. A run imports only the module of the command it
#: runs: together they import pySHACL, NumPy, HiGHS, OR-Tools, Jinja and more, many times what a
#: query needs.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("info", "info", "info"),
    ("validate", "validate", "validate_command"),
    ("trace", "trace", "trace"),
    ("query", "query", "query"),
    ("report", "report", "report"),
    ("prioritise", "prioritise", "prioritise_command"),
    ("effects", "effects", "effects_command"),
    ("reason", "reason", "reason_command"),
    ("sdg", "sdg", "sdg_app"),
    ("template", "spreadsheet", "template"),
    ("import", "spreadsheet", "import_command"),
    ("export", "spreadsheet", "export_command"),
    ("load", "store", "load"),
    ("generate", "store", "generate_command"),
    ("serve", "serve", "serve"),
    ("editor", "editor", "editor_app"),
    ("viz", "viz", "viz"),
    ("diff", "diff", "diff_command"),
    ("wheel", "wheel", "wheel_command"),
)


def _typer() -> typer.Typer:
    return typer.Typer(
        name="goalgraph",
        help=(
            "Goal hierarchies and project portfolios as one RDF graph: from UN SDG targets "
            "to municipal goals, strategies, assignments, measures, indicators and "
            "projects.\n\n" + EXIT_CODES_HELP
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )


def _version(shown: bool) -> None:
    if shown:
        import goalgraph

        typer.echo(f"goalgraph {goalgraph.__version__}")
        raise typer.Exit


def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Goal hierarchies and project portfolios as one RDF graph."""


def compose(names: set[str] | None = None) -> typer.Typer:
    """The command line with every command, or only those ``names``."""
    composed = _typer()
    composed.callback()(_options)
    for name, module, attribute in COMMANDS:
        if names is not None and name not in names:
            continue
        found = getattr(importlib.import_module(f"goalgraph.cli.{module}"), attribute)
        if isinstance(found, typer.Typer):
            composed.add_typer(found, name=name)
        else:
            composed.command(name)(found)
    return composed


def _for(arguments: list[str]) -> typer.Typer:
    """The command line for one run: with only the command asked for when the arguments
    name one (its options follow it), else with every command (help, a mistyped name)."""
    if arguments and arguments[0] in {name for name, _, _ in COMMANDS}:
        return compose({arguments[0]})
    return compose()


def __getattr__(name: str) -> Any:
    # ``app``, every command composed, for those that run the command line in-process.
    if name == "app":
        composed = compose()
        globals()["app"] = composed
        return composed
    raise AttributeError(f"module 'goalgraph.cli.main' has no attribute '{name}'")


def main() -> None:
    """Entry point of the ``goalgraph`` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        _for(sys.argv[1:])()
    except GoalgraphError as exc:
        from rich.console import Console

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(f"[bold red]error:[/] {exc}", markup=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
