"""`goalgraph report`: the portfolio report as Markdown, HTML or JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from goalgraph.analysis.report import portfolio_report
from goalgraph.cli._common import LangOption, check_lang, console
from goalgraph.cli.store import GraphOption, ModelData, SourceStoreOption, model_source


class ReportFormat(StrEnum):
    """Output formats of `goalgraph report`."""

    md = "md"
    html = "html"
    json = "json"


def report(
    data: ModelData = None,
    store: SourceStoreOption = None,
    graph: GraphOption = None,
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
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
    ] = None,
) -> None:
    """Answer the four portfolio questions: necessary, sufficient, uncertainty, affordable."""
    check_lang(lang)
    reference: date | None = today.date() if today is not None else None
    with model_source(data, store, graph) as source:
        result = portfolio_report(source, lang=lang, today=reference)
    if fmt is ReportFormat.json:
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt is ReportFormat.html:
        text = result.to_html()
    else:
        text = result.to_markdown()
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    console.print(f"wrote {output}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
