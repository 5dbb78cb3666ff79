"""Words and numbers as a planner reads them, in bokmål and English: plural agreement,
number and date formats, lists of labels, and literals picked by language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from rdflib import Graph, Literal, Node, URIRef

#: Norwegian typography groups thousands with a space that does not break a line.
NO_BREAK_SPACE = "\u00a0"

_MONTHS = {
    "nb": [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def _check(lang: str) -> str:
    if lang not in ("nb", "en"):
        raise ValueError(f"'{lang}' is not a supported language; use nb or en")
    return lang


def noun_for(number: int | float | Decimal, singular: str, plural_form: str) -> str:
    """The form of a noun that agrees with ``number``: singular for exactly one."""
    return singular if number == 1 else plural_form


def plural(number: int, singular: str, plural_form: str, lang: str = "nb") -> str:
    """The number, written as in ``lang``, with the noun that agrees with it: «1 advarsel»,
    «2 advarsler», «214 000 prosjekter», "1 warning", "2 warnings"."""
    return f"{format_number(number, lang)} {noun_for(number, singular, plural_form)}"


def format_number(
    value: int | float | Decimal, lang: str = "nb", decimals: int | None = None
) -> str:
    """A number as written in ``lang``: «5,3» and «214 000» in bokmål (grouped with a
    no-break space), "5.3" and "214,000" in English. ``decimals`` fixes the decimals;
    else an integer value has none and others keep theirs."""
    _check(lang)
    if decimals is None:
        if value == int(value):
            text = f"{int(value):,}"
        elif isinstance(value, float):
            text = f"{value:,.10f}".rstrip("0").rstrip(".")
        else:
            text = f"{value:,}"
    else:
        text = f"{value:,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", NO_BREAK_SPACE).replace(".", ",")
    return text


def format_date(date: dt.date, lang: str = "nb") -> str:
    """A date as written in ``lang``: «5. desember 2026», "5 December 2026"."""
    month = _MONTHS[_check(lang)][date.month - 1]
    if lang == "nb":
        return f"{date.day}. {month} {date.year}"
    return f"{date.day} {month} {date.year}"


def format_short_date(date: dt.date, lang: str = "nb") -> str:
    """A date as written in tables: «31.12.2025» in bokmål, "2025-12-31" in English."""
    if _check(lang) == "nb":
        return f"{date.day:02d}.{date.month:02d}.{date.year}"
    return date.isoformat()


def format_quarter(date: dt.date, lang: str = "nb") -> str:
    """The quarter a date falls in: «1. kvartal 2016» in bokmål, "Q1 2016" in English."""
    number = (date.month - 1) // 3 + 1
    if _check(lang) == "nb":
        return f"{number}. kvartal {date.year}"
    return f"Q{number} {date.year}"


def join_labels(labels: Iterable[str], lang: str = "nb", separator: str = "; ") -> str:
    """Labels joined into one list, without a label's closing full stop before the
    separator («Mål A.; Mål B» becomes «Mål A; Mål B»); the last keeps its own."""
    _check(lang)
    return separator.join(list_items(labels))


def list_items(labels: Iterable[str]) -> list[str]:
    """Labels as items of a list joined with a separator: every label but the last without
    its closing full stop (what :func:`join_labels` joins), for templates that write the
    separator themselves."""
    items = [label.strip() for label in labels if label.strip()]
    return [item.rstrip(".") if i < len(items) - 1 else item for i, item in enumerate(items)]


def join_words(items: Sequence[str], lang: str = "nb") -> str:
    """Items as a sentence list: «A, B og C», "A, B and C"."""
    conjunction = {"nb": "og", "en": "and"}[_check(lang)]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def literal_in(graph: Graph, node: Node, predicate: URIRef, lang: str = "nb") -> Literal | None:
    """The value of ``predicate`` in ``lang``; else in the other of nb/en; else an untagged
    one; else any. None when there is none."""
    found: dict[str, Literal] = {}
    for value in graph.objects(node, predicate):
        if isinstance(value, Literal):
            found.setdefault((value.language or "").lower(), value)
    for key in (lang, "nb" if lang == "en" else "en", ""):
        if key in found:
            return found[key]
    return next(iter(found.values()), None)
