"""`goalgraph wheel`: what the yearly wheel says is due."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import (
    DataOption,
    OutputOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    emit,
    open_model,
    output_console,
)
from goalgraph.texts import Texts

#: Fixed texts of the view in each language.
_TEXTS: dict[str, tuple[str, str]] = {
    # key: (nb, en)
    "title": (
        "Årshjul per {at}: frister de neste {days} dagene",
        "Yearly wheel as of {at}: due in the next {days} days",
    ),
    "later": ("Senere", "Later"),
    "date": ("Dato", "Date"),
    "days": ("Dager", "Days"),
    "what": ("Hva", "What"),
    "kind": ("Ledd", "Step"),
    "responsible": ("Ansvarlig", "Responsible"),
    "wheel": ("Årshjul", "Wheel"),
    "none": ("Ingenting har frist i perioden.", "Nothing is due in the period."),
    "no_wheel": (
        "Modellen har ikke noe årshjul (gg:YearlyWheel).",
        "The model has no yearly wheel (gg:YearlyWheel).",
    ),
    "undated": ("Uten dato", "Without a date"),
}
TEXTS = Texts(_TEXTS)


class WheelFormat(StrEnum):
    """Output formats of `goalgraph wheel`."""

    text = "text"
    md = "md"
    json = "json"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def wheel_command(
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    plan_version: PlanVersionOption = None,
    at: Annotated[
        datetime | None,
        typer.Option("--at", formats=["%Y-%m-%d"], help="The date to look from (default: today)."),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", min=0, help="How many days ahead count as due.")
    ] = 31,
    later: Annotated[
        bool, typer.Option("--later/--no-later", help="Also list what comes after the period.")
    ] = True,
    fmt: Annotated[
        WheelFormat, typer.Option("--format", "-f", help="text, md or json.")
    ] = WheelFormat.text,
    lang: LangOption = "nb",
    output: OutputOption = None,
) -> None:
    """What is due: the milestones of the yearly wheel (needs in, prioritisation, adoption,
    reporting, evaluation) from --at on, with the body responsible for each."""
    from goalgraph.analysis.wheel import Due, what_is_due

    check_lang(lang)
    day: date = at.date() if at is not None else date.today()
    with open_model(paths, data, store, version=plan_version) as source:
        view = what_is_due(source, day, days, lang)
    t = TEXTS.of(lang)
    if fmt is WheelFormat.json:
        emit(json.dumps(view.to_json(), indent=2, ensure_ascii=False) + "\n", output)
        return
    title = t["title"].format(at=day.isoformat(), days=days)
    groups: list[tuple[str, tuple[Due, ...]]] = [(title, view.due)]
    if later:
        groups.append((t["later"], view.later))

    def cells(due: Due) -> list[str]:
        m = due.milestone
        bodies = "; ".join(label for _, label in m.bodies)
        return [
            due.on.isoformat(),
            str(due.days),
            m.label,
            m.kind_label or "",
            bodies,
            m.wheel_label,
        ]

    headers = [t["date"], t["days"], t["what"], t["kind"], t["responsible"], t["wheel"]]
    if fmt is WheelFormat.md:
        lines = []
        for heading, items in groups:
            lines += [f"## {heading}", ""]
            if not items:
                lines += [t["none"], ""]
                continue
            rule = "|---|---:|" + "---|" * (len(headers) - 2)
            lines += ["| " + " | ".join(headers) + " |", rule]
            lines += ["| " + " | ".join(_md(c) for c in cells(d)) + " |" for d in items]
            lines.append("")
        if not view.wheels:
            lines = [f"## {title}", "", t["no_wheel"], ""]
        emit("\n".join(lines), output)
        return
    with output_console(output) as out:
        if not view.wheels:
            out.print(t["no_wheel"], markup=False)
            return
        for heading, items in groups:
            if not items:
                out.print(f"{heading}\n{t['none']}\n", markup=False)
                continue
            table = Table(*headers, title=heading, title_justify="left")
            for due in items:
                table.add_row(*cells(due))
            out.print(table)
        if view.undated:
            out.print(f"{t['undated']}: " + "; ".join(m.label for m in view.undated), markup=False)
