"""Compose the goalgraph command line from the feature modules and map errors to exit codes."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer
from rich.console import Console

from goalgraph.cli import (
    diff,
    editor,
    effects,
    info,
    prioritise,
    query,
    reason,
    report,
    sdg,
    serve,
    spreadsheet,
    store,
    trace,
    validate,
    viz,
    wheel,
)
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


def _version(shown: bool) -> None:
    if shown:
        import goalgraph

        typer.echo(f"goalgraph {goalgraph.__version__}")
        raise typer.Exit


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Goal hierarchies and project portfolios as one RDF graph."""


app.command("info")(info.info)
app.command("validate")(validate.validate_command)
app.command("trace")(trace.trace)
app.command("query")(query.query)
app.command("report")(report.report)
app.command("prioritise")(prioritise.prioritise_command)
app.command("effects")(effects.effects_command)
app.command("reason")(reason.reason_command)
app.add_typer(sdg.sdg_app, name="sdg")
app.command("template")(spreadsheet.template)
app.command("import")(spreadsheet.import_command)
app.command("export")(spreadsheet.export_command)
app.command("load")(store.load)
app.command("generate")(store.generate_command)
app.command("serve")(serve.serve)
app.add_typer(editor.editor_app, name="editor")
app.command("viz")(viz.viz)
app.command("diff")(diff.diff_command)
app.command("wheel")(wheel.wheel_command)


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
