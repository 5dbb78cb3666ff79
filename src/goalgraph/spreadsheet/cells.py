"""Read and write single cell values: numbers, dates, ids and lists, as planners type them.

Numbers: a number cell, or text with digits, an optional sign and one decimal separator,
either ``,`` (Norwegian) or ``.``; spaces (also non-breaking and thin spaces) group
thousands and are dropped: ``1 234,50``, ``1234.50`` and ``-0,5`` are accepted. ``,`` is
never a thousands separator, so ``1,234`` means 1.234; text with both ``,`` and ``.`` is
refused as ambiguous. The lexical form is kept as typed (``1 234,50`` → ``1234.50``).

Dates: a date cell, or text as ISO ``2025-12-31`` or Norwegian ``31.12.2025``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

#: Separates several ids or codes in one cell.
LIST_SEPARATOR = ";"
#: Separates several texts in one cell (Alt+Enter in Excel).
TEXT_SEPARATOR = "\n"

_DECIMAL_LEXICAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009")
# Excel keeps 15 significant digits; longer numbers are written as text so none is lost.
_EXCEL_DIGITS = 15
# Excel's calendar starts in 1900; earlier dates are written as ISO text.
_FIRST_EXCEL_YEAR = 1900


def is_decimal_lexical(text: str) -> bool:
    """True for a valid xsd:decimal lexical form."""
    return bool(_DECIMAL_LEXICAL.match(text))


def parse_decimal_text(text: str) -> str | None:
    """The xsd:decimal lexical form of a number typed as text, or None if it is not one."""
    cleaned = text.strip().translate(_GROUPING).replace("\u2212", "-")
    if "," in cleaned:
        if "." in cleaned or cleaned.count(",") > 1:
            return None
        cleaned = cleaned.replace(",", ".")
    return cleaned if is_decimal_lexical(cleaned) else None


def format_decimals(number_format: str | None) -> int | None:
    """How many decimals a cell's number format shows (``#,##0.00`` → 2), None if unknown."""
    if not number_format or number_format == "General":
        return None
    section = number_format.split(";", 1)[0]
    if "0" not in section:
        return None
    if "." not in section:
        return 0
    return len(re.match(r"0*", section.split(".", 1)[1]).group(0))  # type: ignore[union-attr]


def number_lexical(value: int | float, number_format: str | None = None) -> str:
    """The xsd:decimal lexical form of a number cell, with as many decimals as its format shows."""
    decimals = format_decimals(number_format)
    if decimals is not None:
        return f"{value:.{decimals}f}"
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)).normalize(), "f")


def number_cell(lexical: str) -> tuple[int | float, str] | None:
    """A number and number format that read back as exactly ``lexical``, or None if Excel
    cannot hold it exactly (then it is written as text)."""
    if not is_decimal_lexical(lexical) or lexical.startswith("+"):
        return None
    integer, _, fraction = lexical.lstrip("-").partition(".")
    if (integer.startswith("0") and integer != "0") or not integer or lexical.endswith("."):
        return None
    digits = (integer + fraction).lstrip("0")
    if len(digits) > _EXCEL_DIGITS:
        return None
    if "." not in lexical:
        if lexical == "-0":
            return None
        return int(lexical), "#,##0"
    try:
        value = float(Decimal(lexical))
    except InvalidOperation:
        return None
    number_format = "#,##0." + "0" * len(fraction)
    return (value, number_format) if number_lexical(value, number_format) == lexical else None


def parse_date_text(text: str) -> str | None:
    """The xsd:date lexical form of a date typed as text, or None if it is not a date."""
    text = text.strip()
    try:
        if _ISO_DATE.match(text):
            return dt.date.fromisoformat(text).isoformat()
        match = _NORWEGIAN_DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return None


def date_cell(lexical: str) -> dt.date | None:
    """The date to write for an xsd:date lexical form, or None if it must stay text."""
    if not _ISO_DATE.match(lexical):
        return None
    try:
        value = dt.date.fromisoformat(lexical)
    except ValueError:
        return None
    return value if value.year >= _FIRST_EXCEL_YEAR else None


def is_date_lexical(lexical: str) -> bool:
    """True for a plain ``YYYY-MM-DD`` date that exists."""
    return parse_date_text(lexical) == lexical and bool(_ISO_DATE.match(lexical))


_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
_NORWEGIAN_MONTH_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")


def parse_month_day_text(text: str) -> str | None:
    """The xsd:gMonthDay lexical form ("--12-15") of a day of the year typed as ``--12-15``,
    ``12-15`` or Norwegian ``15.12.``, or None if it is not a day of the year."""
    text = text.strip()
    match = _MONTH_DAY.match(text)
    if match:
        month, day = (int(g) for g in match.groups())
    else:
        norwegian = _NORWEGIAN_MONTH_DAY.match(text)
        if norwegian is None:
            return None
        day, month = (int(g) for g in norwegian.groups())
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a day of the year
    except ValueError:
        return None
    return f"--{month:02d}-{day:02d}"


def is_month_day_lexical(lexical: str) -> bool:
    """True for a plain ``--MM-DD`` day of the year that exists."""
    return parse_month_day_text(lexical) == lexical


def split_list(text: str) -> list[str]:
    """The non-empty, trimmed items of a ``;``-separated cell."""
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def split_texts(text: str) -> list[str]:
    """The non-blank texts of a cell holding one text per line."""
    return [line for line in text.replace("\r\n", "\n").split(TEXT_SEPARATOR) if line.strip()]


def cell_text(value: object) -> str | None:
    """A cell's content as text, None when it is empty or only whitespace."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return text if text.strip() else None


# A CSV cell opening with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def neutralise_csv(text: str) -> str:
    """A CSV cell that spreadsheet programs show as the text, never run as a formula: a
    leading ``'`` (as they write it) before a text opening like a formula, or opening with
    ``'`` itself (so that :func:`restore_csv` gives back exactly ``text``)."""
    if not text or _PLAIN_NUMBER.match(text):
        return text
    if text[0] in _FORMULA_START or (text[0] == "'" and text[1:2] and text[1] in _QUOTED):
        return "'" + text
    return text


_QUOTED = _FORMULA_START | {"'"}


def restore_csv(text: str) -> str:
    """The text :func:`neutralise_csv` was given."""
    if len(text) > 1 and text[0] == "'" and text[1] in _QUOTED:
        return text[1:]
    return text
