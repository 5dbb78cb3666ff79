"""`goalgraph report`: the portfolio report as Markdown, HTML or JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import typer

from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    OutputOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    emit,
    graph_iri,
    open_model,
)


class ReportFormat(StrEnum):
    """Output formats of `goalgraph report`."""

    md = "md"
    html = "html"
    json = "json"


def report(
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="md, html or json.")
    ] = ReportFormat.md,
    lang: LangOption = "nb",
    today: Annotated[
        datetime | None,
        typer.Option(
            "--today",
            formats=["%Y-%m-%d"],
            help="Reference date for the next target values (default: today).",
        ),
    ] = None,
    compare_with: Annotated[
        str | None,
        typer.Option(
            "--compare-with",
            help="An earlier plan version (its name, e.g. 2015, or IRI): the report adds what "
            "changed since it.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
) -> None:
    """Answer the four portfolio questions: necessary, sufficient, uncertainty, affordable.

    With --graph the report covers the nodes of that graph, following their links into the
    other graphs (a municipality's measures lead up to the agreement's goals). A model kept in
    plan versions is reported for one version (--plan-version, default the latest adopted);
    --compare-with adds what changed since an earlier one. When projects report status, the
    report flags deviations from the plan and projects without status this quarter (--today).
    """
    # Imported here so that other commands start quickly (jinja2).
    from goalgraph.analysis.report import portfolio_report
    from goalgraph.versions import version_view

    check_lang(lang)
    reference: date | None = today.date() if today is not None else None
    with open_model(paths, data, store, graph, scoped=False, version=plan_version) as source:
        scope = graph_iri(graph, source) if graph is not None else None
        earlier = version_view(source, compare_with) if compare_with is not None else None
        result = portfolio_report(
            source, lang=lang, today=reference, graph=scope, compare_with=earlier
        )
    if fmt is ReportFormat.json:
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt is ReportFormat.html:
        text = result.to_html()
    else:
        text = result.to_markdown()
    emit(text, output)
