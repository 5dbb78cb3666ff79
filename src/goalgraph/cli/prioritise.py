"""`goalgraph prioritise`: the best selection of a portfolio's projects within its frame."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated

import typer

from goalgraph.analysis.defaults import DEFAULT_EXPLAIN
from goalgraph.analysis.prioritise import prioritise
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


class PrioritiseFormat(StrEnum):
    """Output formats of `goalgraph prioritise`."""

    text = "text"
    md = "md"
    json = "json"


def _frame(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        frame = Decimal(value.replace("_", "").replace(" ", ""))
    except InvalidOperation as exc:
        raise typer.BadParameter(f"'{value}' is not a number of NOK", param_hint="--frame") from exc
    if not frame.is_finite() or frame < 0:
        raise typer.BadParameter(f"'{value}' must be 0 NOK or more", param_hint="--frame")
    return frame


def prioritise_command(
    portfolio: Annotated[
        str, typer.Option("--portfolio", "-p", help="The portfolio: a full IRI or a CURIE.")
    ],
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    frame: Annotated[
        str | None,
        typer.Option(
            "--frame",
            help="The frame in NOK (default: the portfolio's gg:budgetFrame); a what-if.",
            show_default=False,
        ),
    ] = None,
    force_in: Annotated[
        list[str] | None,
        typer.Option(
            "--force-in", help="A project that must be in (repeatable).", show_default=False
        ),
    ] = None,
    force_out: Annotated[
        list[str] | None,
        typer.Option(
            "--force-out", help="A project that must be out (repeatable).", show_default=False
        ),
    ] = None,
    explain: Annotated[
        int,
        typer.Option("--explain", min=0, help="Explain at most this many dropped projects."),
    ] = DEFAULT_EXPLAIN,
    fmt: Annotated[
        PrioritiseFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = PrioritiseFormat.text,
    lang: LangOption = "nb",
    output: OutputOption = None,
) -> None:
    """Choose the portfolio's projects with the largest total value (Σ weight × score over the
    portfolio's criteria) whose cost fits the frame and the yearly frames, committed projects
    always in; ties go to the cheaper selection. Solved exactly (CP-SAT from OR-Tools).

    The answer explains each dropped project: what it would have added, what keeping it would
    push out, the frame that would keep it, and what each goal loses. --frame, --force-in and
    --force-out ask what-if questions and compare with the answer at the portfolio's own frame.
    """
    check_lang(lang)
    given = _frame(frame)
    with open_model(paths, data, store, graph, scoped=False, version=plan_version) as source:
        if graph is not None:
            require_in_graph(source, portfolio, graph, "portfolio")
        result = prioritise(
            source,
            portfolio,
            given,
            force_in=force_in or (),
            force_out=force_out or (),
            lang=lang,
            explain=explain,
        )
    if fmt is PrioritiseFormat.json:
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt is PrioritiseFormat.md:
        text = result.to_markdown()
    else:
        text = result.to_text()
    emit(text, output)
