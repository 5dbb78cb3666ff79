"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from goalgraph.labels import LANGUAGES

console = Console(highlight=False, soft_wrap=True)

LangOption = Annotated[
    str, typer.Option("--lang", help="Language of labels and messages: nb or en.")
]


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise typer.BadParameter(f"'{lang}' is not a supported language; use nb or en")
    return lang
