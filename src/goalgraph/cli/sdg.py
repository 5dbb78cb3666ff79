"""`goalgraph sdg`: build the SDG module and look up SDG goals, targets and indicators."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from goalgraph import sdg
from goalgraph.cli._common import LangOption, check_lang, console

sdg_app = typer.Typer(
    help="Build the SDG module and look up SDG goals, targets and indicators.", no_args_is_help=True
)


@sdg_app.command("build")
def build(
    out: Annotated[Path | None, typer.Option("-o", "--out", help="Where to write sdg.ttl.")] = None,
    data: Annotated[Path | None, typer.Option("--data-dir", help="Folder with sdg.csv.")] = None,
) -> None:
    """Generate ontology/sdg.ttl from the UN data in data/sdg/ (reproducible)."""
    path, count = sdg.write_sdg_module(out, data)
    console.print(f"wrote {path} ({count} triples)")


#: The levels and the lists below them, as the headings say them.
_LEVELS = {
    "nb": {"goal": "Mål", "target": "Delmål", "indicator": "Indikator"},
    "en": {"goal": "Goal", "target": "Target", "indicator": "Indicator"},
}
_BELOW = {
    "nb": {"goal": "Delmål", "target": "Indikatorer"},
    "en": {"goal": "Targets", "target": "Indicators"},
}


def _title(entry: sdg.SDGEntry, lang: str) -> str:
    if lang == "nb" and entry.title_nb:
        return entry.title_nb
    return entry.title_en


@sdg_app.command("show")
def show(
    code: Annotated[
        str, typer.Argument(help="SDG code: goal (3), target (3.4), indicator (3.4.1).")
    ],
    lang: LangOption = "nb",
) -> None:
    """Print an SDG item with its goal (or target) and its targets (or indicators); titles
    the UN data has only in English are shown in English."""
    check_lang(lang)
    entry = sdg.lookup(code)
    levels = _LEVELS[lang]
    console.print(f"[bold]{levels[entry.level]} {entry.code}[/]  <{entry.iri}>")
    console.print(f"  {_title(entry, lang)}")
    chain = []
    parent = entry.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    for ancestor in chain:
        console.print(f"[bold]{levels[ancestor.level]} {ancestor.code}[/]  <{ancestor.iri}>")
        console.print(f"  {_title(ancestor, lang)}")
    if entry.children:
        kind = _BELOW[lang][entry.level]
        console.print(f"[bold]{kind}[/]")
        for child in entry.children:
            console.print(f"  {child.code}  {_title(child, lang)}  <{child.iri}>")


@sdg_app.command("list")
def list_goals(lang: LangOption = "nb") -> None:
    """List the 17 SDG goals."""
    check_lang(lang)
    for entry in sdg.goals():
        console.print(f"{entry.code:>2}  {_title(entry, lang)}")
