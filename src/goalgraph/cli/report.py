"""`goalgraph report`: the portfolio report as Markdown, HTML or JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from goalgraph.cli._common import DataOption, LangOption, check_lang, console
from goalgraph.load import load
from goalgraph.report import portfolio_report


class ReportFormat(StrEnum):
    """Output formats of `goalgraph report`."""

    md = "md"
    html = "html"
    json = "json"


def report(
    data: DataOption,
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
    graph = load(*data)
    reference: date | None = today.date() if today is not None else None
    result = portfolio_report(graph, lang=lang, today=reference)
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
