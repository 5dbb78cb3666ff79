"""`goalgraph trace`: every path from a project up to the goals and SDG items it serves."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from goalgraph.analysis.trace import trace as trace_project
from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.store import GraphOption, ModelData, SourceStoreOption, model_source


class TraceFormat(StrEnum):
    """Output formats of `goalgraph trace`."""

    text = "text"
    json = "json"


def trace(
    project: Annotated[str, typer.Argument(help="The project: a full IRI or a CURIE.")],
    data: ModelData = None,
    store: SourceStoreOption = None,
    graph: GraphOption = None,
    fmt: Annotated[
        TraceFormat,
        typer.Option("--format", "-f", help="text (an indented tree) or json."),
    ] = TraceFormat.text,
    lang: LangOption = "nb",
) -> None:
    """Trace a project hop by hop up to its main goals and SDG targets."""
    check_lang(lang)
    with model_source(data, store, graph) as source:
        result = trace_project(source, project, lang)
    if fmt is TraceFormat.json:
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        typer.echo(result.to_text())


def register(app: typer.Typer) -> None:
    app.command("trace")(trace)
