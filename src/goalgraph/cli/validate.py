"""`goalgraph validate`: check a model against the SHACL shapes and report what to fix."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from goalgraph.cli._common import LangOption, check_lang, console, require_model
from goalgraph.cli.store import GraphOption, ModelPaths, SourceStoreOption, graph_iri
from goalgraph.load import load
from goalgraph.store import GraphScope, Store, data_graphs, open_store
from goalgraph.validate import SEVERITIES, ValidationReport, validate
from goalgraph.validate_store import GraphValidation, validate_graph, validate_store

err_console = Console(stderr=True, highlight=False)


class OutputFormat(StrEnum):
    """How the validation report is printed."""

    text = "text"
    json = "json"
    turtle = "turtle"


FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="text: results grouped by rule; json: one document; turtle: sh:ValidationReport.",
    ),
]
ShapesOption = Annotated[
    Path | None,
    typer.Option(
        "--shapes",
        help="Shapes file or folder to use instead of goalgraph's own shapes.",
        show_default=False,
    ),
]


def _print_report(report: ValidationReport, output: OutputFormat, lang: str) -> None:
    if output is OutputFormat.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif output is OutputFormat.turtle:
        typer.echo(report.graph.serialize(format="turtle"), nl=False)
    else:
        typer.echo(report.to_text(lang), nl=False)


def _validate_all(
    store: Store, workers: int, output: OutputFormat, lang: str, shapes: Path | None
) -> bool:
    if output is OutputFormat.turtle:
        raise typer.BadParameter("--all reports as text or json", param_hint="--format")
    graphs = [info.iri for info in data_graphs(store)]
    # No refresh thread: the worker processes are forked while the bar is shown.
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        auto_refresh=False,
        transient=True,
    ) as progress:
        task = progress.add_task("validating graphs", total=len(graphs))

        def advance(done: GraphValidation) -> None:
            progress.update(task, advance=1, description=f"validated <{done.graph}>")
            progress.refresh()

        result = validate_store(
            store, graphs, workers=workers, shapes=shapes, lang=lang, progress=advance
        )
    if output is OutputFormat.json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return result.conforms
    table = Table("graph", "triples", "context", *SEVERITIES, "seconds", title=result.descriptor)
    table.columns[0].overflow = "fold"
    for item in result.graphs:
        counts = [str(item.report.counts[s]) for s in SEVERITIES]
        table.add_row(Text(str(item.graph)), str(item.triples), str(item.context), *counts,
                      f"{item.seconds:.2f}")  # fmt: skip
    console.print(table)
    totals = ", ".join(f"{result.counts[s]} {s}" for s in SEVERITIES)
    console.print(
        f"{len(result.graphs)} graphs: {totals}; {result.seconds:.1f} s with "
        f"{result.workers} worker(s)",
        markup=False,
    )
    return result.conforms


def validate_command(
    paths: ModelPaths = None,
    store: SourceStoreOption = None,
    graph: GraphOption = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="With --store: validate every data graph on its own, in parallel."
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="With --all: processes validating at once.")
    ] = 2,
    output: FormatOption = OutputFormat.text,
    lang: LangOption = "nb",
    shapes: ShapesOption = None,
) -> None:
    """Check a model against the SHACL shapes: goals and strategies kept apart, the chain
    complete, goals worded as goals.

    A graph of a store (--graph, or each with --all) is checked with the types and labels of
    the nodes it links to in other graphs and the goal chain leading into it; only results
    about its own nodes are reported.

    Exit codes: 0 no Violation (Warnings and Infos allowed), 1 at least one Violation,
    2 the input could not be read (file and line are named).
    """
    check_lang(lang)
    if paths and not store:
        if every:
            raise typer.BadParameter("--all needs --store", param_hint="--all")
        report = validate(load(*paths), shapes=shapes, lang=lang)
        _print_report(report, output, lang)
        raise typer.Exit(0 if report.conforms else 1)
    require_model(bool(paths), bool(store), "PATHS")
    if every == (graph is not None):
        raise typer.BadParameter("with --store give --graph IRI or --all", param_hint="--all")
    assert store is not None
    # Read-only: validation writes nothing, and --all's worker processes open the same folder
    # read-only, which a writer compacting its files underneath would break.
    with open_store(store, read_only=True) as opened:
        if every:
            conforms = _validate_all(opened, workers, output, lang, shapes)
        else:
            assert graph is not None
            iri = graph_iri(graph, opened)
            GraphScope(opened, iri)  # fails with the store's graphs named when it has no such graph
            report = validate_graph(opened, iri, shapes=shapes, lang=lang).report
            _print_report(report, output, lang)
            conforms = report.conforms
    raise typer.Exit(0 if conforms else 1)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
