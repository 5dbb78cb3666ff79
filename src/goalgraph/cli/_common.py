"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from goalgraph.labels import LANGUAGES

console = Console(highlight=False, soft_wrap=True)

DataOption = Annotated[
    list[Path],
    typer.Option("--data", "-d", help="RDF file or folder to load (repeatable)."),
]
PathsArgument = Annotated[
    list[Path], typer.Argument(help="RDF files or folders (Turtle, N-Triples, JSON-LD, RDF/XML).")
]
LangOption = Annotated[
    str, typer.Option("--lang", help="Language of labels and messages: nb or en.")
]


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"'{lang}' is not a supported language; use nb or en")
    return lang


def require_model(files: bool, store: bool, files_hint: str = "PATHS or --data PATH") -> None:
    """Refuse a command given no model, or files and a store at once, saying what to give."""
    if not files and not store:
        raise typer.BadParameter(
            f"no model given; give RDF files or folders ({files_hint}), "
            "or a store (--store DESCRIPTOR)"
        )
    if files and store:
        raise typer.BadParameter(
            f"give the model as files ({files_hint}) or as --store DESCRIPTOR, not both",
            param_hint="--store",
        )
