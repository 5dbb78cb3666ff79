"""`goalgraph validate`: check a model against the SHACL shapes and report what to fix."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from goalgraph.cli._common import LangOption, PathsArgument, check_lang
from goalgraph.load import load
from goalgraph.validate import validate


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


def validate_command(
    paths: PathsArgument,
    output: FormatOption = OutputFormat.text,
    lang: LangOption = "nb",
    shapes: ShapesOption = None,
) -> None:
    """Check a model against the SHACL shapes: goals and strategies kept apart, the chain
    complete, goals worded as goals.

    Exit codes: 0 no Violation (Warnings and Infos allowed), 1 at least one Violation,
    2 the input could not be read (file and line are named).
    """
    check_lang(lang)
    report = validate(load(*paths), shapes=shapes, lang=lang)
    if output is OutputFormat.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif output is OutputFormat.turtle:
        typer.echo(report.graph.serialize(format="turtle"), nl=False)
    else:
        typer.echo(report.to_text(lang), nl=False)
    raise typer.Exit(0 if report.conforms else 1)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
