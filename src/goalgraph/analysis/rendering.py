"""What the reports share: Markdown escaping, the report templates' Jinja environment, and
numbers and dates as their JSON documents write them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_MARKDOWN_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "<": "&lt;",
        ">": "&gt;",
        "&": "&amp;",
        "\n": " ",
    }
)


def markdown_text(value: object) -> str:
    """``value`` as literal text in Markdown."""
    # Labels come from users' models: they must show as text in any Markdown renderer,
    # including renderers that pass raw HTML through.
    return str(value).translate(_MARKDOWN_SPECIAL)


def report_environment(autoescape: bool) -> Environment:
    """A new environment over templates/report (HTML escaped when ``autoescape``), with the
    ``md`` filter; callers add their own filters and keep it."""
    env = Environment(
        loader=PackageLoader("goalgraph.analysis", "templates/report"),
        autoescape=select_autoescape(default=True) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    return env


def json_number(value: Decimal | None) -> int | float | None:
    """A number for JSON: an integer where the value is whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def json_day(value: date | None) -> str | None:
    """A date for JSON (ISO 8601)."""
    return None if value is None else value.isoformat()
