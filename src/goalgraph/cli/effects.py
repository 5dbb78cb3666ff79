"""`goalgraph effects`: do the projects' expected effects close the gap to the targets?"""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import typer

from goalgraph.analysis.defaults import DEFAULT_STALE_DAYS
from goalgraph.analysis.effects import effects
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


class EffectsFormat(StrEnum):
    """Output formats of `goalgraph effects`."""

    text = "text"
    md = "md"
    json = "json"


def effects_command(
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    at: Annotated[
        datetime | None,
        typer.Option(
            "--at",
            formats=["%Y-%m-%d"],
            help="The date of the balance, YYYY-MM-DD (default: today): the latest "
            "observation on or before it against the next target value on or after it.",
        ),
    ] = None,
    fmt: Annotated[
        EffectsFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = EffectsFormat.text,
    lang: LangOption = "nb",
    stale_after: Annotated[
        int,
        typer.Option(
            "--stale-after",
            min=0,
            help="Age in days after which an indicator's latest observation is stale.",
        ),
    ] = DEFAULT_STALE_DAYS,
    output: OutputOption = None,
) -> None:
    """Balance every indicator's gap to its target against the projects' expected effects.

    Also lists conflicting effects, each project's contribution (per krone), the balance per
    goal and per party, gaps no project addresses, stale data and past-due targets, benefits
    realisation and financing per source and earmarking. Expected effects that cannot be
    counted are listed with the reason (`goalgraph validate` says how to fix them).

    With --graph the balance covers what that graph describes, following its links into the
    other graphs (a municipality's projects affect the agreement's indicators).
    """
    check_lang(lang)
    day: date | None = at.date() if at is not None else None
    with open_model(paths, data, store, graph, scoped=False, version=plan_version) as source:
        scope = graph_iri(graph, source) if graph is not None else None
        result = effects(source, day, lang=lang, stale_after=stale_after, graph=scope)
    if fmt is EffectsFormat.json:
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt is EffectsFormat.md:
        text = result.to_markdown()
    else:
        text = result.to_text()
    emit(text, output)
