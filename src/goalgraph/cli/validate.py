"""`goalgraph validate`: check a model against the SHACL shapes and report what to fix."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    OutputOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    check_source,
    emit,
    graph_iri,
    model_files,
    output_console,
)
from goalgraph.store import GraphScope, Store, model_graph, open_files, open_store
from goalgraph.validation.engines import DEFAULT_ENGINE, Engine
from goalgraph.versions import version_view

if TYPE_CHECKING:
    from goalgraph.validation import GraphValidation, ValidationReport

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

EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="compiled: pyshacl-turbo, fast; pyshacl: the reference. Both give the same results.",
    ),
]


def _print_report(
    report: ValidationReport, fmt: OutputFormat, lang: str, output: Path | None
) -> None:
    if fmt is OutputFormat.json:
        emit(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is OutputFormat.turtle:
        emit(report.graph.serialize(format="turtle"), output)
    else:
        emit(report.to_text(lang), output)


def _validate_all(
    store: Store,
    workers: int,
    fmt: OutputFormat,
    lang: str,
    shapes: Path | None,
    output: Path | None,
    engine: Engine,
) -> bool:
    from goalgraph.validation import SEVERITIES, validate_store
    from goalgraph.validation.store import data_graph_iris

    if fmt is OutputFormat.turtle:
        raise typer.BadParameter("--all reports as text or json", param_hint="--format")
    graphs = data_graph_iris(store)
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
            store,
            graphs,
            workers=workers,
            shapes=shapes,
            lang=lang,
            progress=advance,
            engine=engine,
        )
    if fmt is OutputFormat.json:
        emit(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n", output)
        return result.conforms
    table = Table("graph", "triples", "context", *SEVERITIES, "seconds", title=result.descriptor)
    table.columns[0].overflow = "fold"
    for item in result.graphs:
        counts = [str(item.report.counts[s]) for s in SEVERITIES]
        table.add_row(Text(str(item.graph)), str(item.triples), str(item.context), *counts,
                      f"{item.seconds:.2f}")  # fmt: skip
    totals = ", ".join(f"{result.counts[s]} {s}" for s in SEVERITIES)
    with output_console(output) as out:
        out.print(table)
        out.print(
            f"{len(result.graphs)} graphs: {totals}; {result.seconds:.1f} s with "
            f"{result.workers} worker(s)",
            markup=False,
        )
        # Notes (a rule left to pySHACL) are the same for every graph: print each once.
        for note in dict.fromkeys(n[lang] for item in result.graphs for n in item.report.notes):
            out.print(f"* {note}", markup=False)
    return result.conforms


def validate_command(
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all", help="With --store: validate every data graph on its own, in parallel."
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="With --all: processes validating at once.")
    ] = 2,
    fmt: FormatOption = OutputFormat.text,
    lang: LangOption = "nb",
    shapes: ShapesOption = None,
    output: OutputOption = None,
    engine: EngineOption = DEFAULT_ENGINE,
) -> None:
    """Check a model against the SHACL shapes: goals and strategies kept apart, the chain
    complete, goals worded as goals.

    A graph of a store (--graph, or each with --all) is checked with the types and labels of
    the nodes it links to in other graphs and the goal chain leading into it; only results
    about its own nodes are reported.

    Exit codes: 0 no Violation (Warnings and Infos allowed), 1 at least one Violation,
    2 the input could not be read (file and line are named).
    """
    # Imported here so that other commands start quickly (the SHACL engines).
    from goalgraph.validation import validate, validate_graph

    check_lang(lang)
    files = model_files(paths, data)
    check_source(files, store, graph)
    if files:
        if every:
            raise typer.BadParameter("--all needs --store", param_hint="--all")
        with open_files(*files) as opened:
            model = model_graph(version_view(opened, plan_version))
            report = validate(model, shapes=shapes, lang=lang, engine=engine)
        _print_report(report, fmt, lang, output)
        raise typer.Exit(0 if report.conforms else 1)
    if every == (graph is not None):
        raise typer.BadParameter("with --store give --graph IRI or --all", param_hint="--all")
    assert store is not None
    # Read-only: validation writes nothing, and --all's worker processes open the same folder
    # read-only, which a writer compacting its files underneath would break.
    with open_store(store, read_only=True) as opened:
        if every:
            conforms = _validate_all(opened, workers, fmt, lang, shapes, output, engine)
        else:
            assert graph is not None
            iri = graph_iri(graph, opened)
            view = opened if plan_version is None else version_view(opened, plan_version)
            GraphScope(view, iri)  # fails with the store's graphs named when it has no such graph
            report = validate_graph(view, iri, shapes=shapes, lang=lang, engine=engine).report
            _print_report(report, fmt, lang, output)
            conforms = report.conforms
    raise typer.Exit(0 if conforms else 1)
