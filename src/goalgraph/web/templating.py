"""The Jinja environment of the pages and of the standalone graph view (autoescaping on)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from goalgraph.language import format_date, format_number, format_short_date, plural
from goalgraph.views.lookup import at_suffix, dated_path, page_path
from goalgraph.web.i18n import texts

if TYPE_CHECKING:
    from goalgraph.views.graphview import GraphView

WEB_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"


def _day(value: object) -> date | None:
    # A template that has no date for its page (today) passes an undefined or None one.
    return value if isinstance(value, date) else None


@pass_context
def _money(context: Context, value: float | None) -> str:
    """An amount in kroner as written in the page's language («2 500 000 kr», "NOK 2,500,000")."""
    if value is None:
        return "–"
    if context.get("lang", "nb") == "en":
        return f"NOK {value:,.0f}"
    return f"{value:,.0f}".replace(",", "\u202f") + " kr"


@pass_context
def _number(context: Context, value: float | None) -> str:
    """A value as written in the page's language («5,3», «214 000»)."""
    if value is None:
        return "–"
    return format_number(value, context.get("lang", "nb"))


@pass_context
def _signed(context: Context, value: float | None) -> str:
    """A change with its sign, as written in the page's language («+0,5», «-6»)."""
    if value is None:
        return "–"
    text = format_number(abs(value), context.get("lang", "nb"))
    return f"-{text}" if value < 0 else f"+{text}"


@pass_context
def _counted(context: Context, number: int, noun: str) -> str:
    """``number`` with the noun that agrees with it, in the page's language: the texts
    ``n_<noun>_one`` and ``n_<noun>_many`` («1 prosjekt», «2 prosjekter»)."""
    texts = context["t"]
    lang = context.get("lang", "nb")
    return plural(number, texts[f"n_{noun}_one"], texts[f"n_{noun}_many"], lang)


@cache
def environment() -> Environment:
    """One shared environment; every template escapes what it prints."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = _money
    env.filters["number"] = _number
    env.filters["signed"] = _signed
    env.globals["counted"] = _counted
    env.filters["day"] = lambda value, lang="nb": format_date(value, lang) if value else "–"
    # A date in a table column: «31.12.2025», "2025-12-31".
    env.filters["short_day"] = lambda value, lang="nb": (
        format_short_date(value, lang) if value else "–"
    )
    # A goal's or project's page, spelled as every other link to it (lookup.page_path): one
    # page, one address.
    env.filters["page"] = lambda iri, kind: page_path(kind, iri)
    # Links from a page at a date lead to the goal, project and report pages at that date.
    env.filters["dated"] = lambda path, day=None: dated_path(path, _day(day))
    env.filters["at_suffix"] = lambda day: at_suffix(_day(day))
    return env


def standalone_html(view: GraphView, lang: str = "nb") -> str:
    """One self-contained HTML file with the view, vis-network inlined (no other host needed)."""
    vendor = STATIC_DIR / "vendor" / "vis-network"
    return (
        environment()
        .get_template("viz.html")
        .render(
            view=view,
            t=texts(lang),
            lang=lang,
            base=None,
            vis_js=(vendor / "vis-network.min.js").read_text(encoding="utf-8"),
            vis_css=(vendor / "vis-network.min.css").read_text(encoding="utf-8"),
            style_css=(STATIC_DIR / "style.css").read_text(encoding="utf-8"),
            graph_js=(STATIC_DIR / "graphview.js").read_text(encoding="utf-8"),
        )
    )
