"""Compose the goalgraph command line from the feature modules and map errors to exit codes."""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys
from typing import Annotated

import typer
from rich.console import Console

import goalgraph.cli
from goalgraph.errors import GoalgraphError

EXIT_CODES_HELP = (
    "Exit codes: 0 success (validation: no Violation); 1 the model has Violations, is "
    "inconsistent or an import found errors; 2 the input could not be read or an argument "
    "is wrong (file and line, or the IRI, are named); 3 the OWL reasoner could not run "
    "(no Java runtime)."
)

app = typer.Typer(
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


def _register_commands() -> None:
    for module_info in sorted(pkgutil.iter_modules(goalgraph.cli.__path__), key=lambda m: m.name):
        if module_info.name in {"main"} or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"goalgraph.cli.{module_info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)


_register_commands()


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"goalgraph {goalgraph.__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Options that come before the command."""


def main() -> None:
    """Entry point of the ``goalgraph`` console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app()
    except GoalgraphError as exc:
        _err.print(f"[bold red]error:[/] {exc}", markup=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
