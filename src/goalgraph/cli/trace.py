"""`goalgraph trace`: every path from a project up to the goals and SDG items it serves."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from goalgraph.analysis.trace import trace as trace_project
from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    OutputOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    emit,
    open_model,
    require_in_graph,
)


class TraceFormat(StrEnum):
    """Output formats of `goalgraph trace`."""

    text = "text"
    json = "json"


def trace(
    project: Annotated[str, typer.Argument(help="The project: a full IRI or a CURIE.")],
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    fmt: Annotated[
        TraceFormat,
        typer.Option("--format", "-f", help="text (an indented tree) or json."),
    ] = TraceFormat.text,
    lang: LangOption = "nb",
    output: OutputOption = None,
) -> None:
    """Trace a project hop by hop up to its main goals and SDG targets.

    The trace follows links into every graph of a store; --graph only checks that the
    project is in that graph.
    """
    check_lang(lang)
    with open_model(paths, data, store, graph, scoped=False, version=plan_version) as source:
        if graph is not None:
            require_in_graph(source, project, graph, "project")
        result = trace_project(source, project, lang)
    if fmt is TraceFormat.json:
        emit(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        emit(result.to_text() + "\n", output)
