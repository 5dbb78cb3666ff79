"""Cell parsers: numbers and dates as planners type them, and what Excel can hold exactly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from goalgraph.spreadsheet.cells import (
    date_cell,
    is_decimal_lexical,
    number_cell,
    number_lexical,
    parse_date_text,
    parse_decimal_text,
)


@pytest.mark.parametrize(
    ("typed", "lexical"),
    [
        ("1 234,50", "1234.50"),
        ("1\u00a0234\u00a0567", "1234567"),
        ("1234.5", "1234.5"),
        ("-0,5", "-0.5"),
        ("\u22123", "-3"),
        ("1,234", "1.234"),
        ("+7", "+7"),
    ],
)
def test_numbers_typed_as_text(typed: str, lexical: str) -> None:
    assert parse_decimal_text(typed) == lexical


@pytest.mark.parametrize("typed", ["1,234.50", "1.234,50", "1.2.3", "12 kr", "", "abc", "1e5"])
def test_text_that_is_no_number(typed: str) -> None:
    assert parse_decimal_text(typed) is None


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_every_decimal_lexical_form_is_read_back_unchanged(value: Decimal) -> None:
    lexical = format(value, "f")
    assert is_decimal_lexical(lexical)
    assert parse_decimal_text(lexical) == lexical


@given(st.integers(-(10**12), 10**12), st.integers(0, 99))
def test_norwegian_grouping_and_comma(whole: int, cents: int) -> None:
    sign = "-" if whole < 0 else ""
    grouped = f"{abs(whole):,}".replace(",", " ")
    assert parse_decimal_text(f"{sign}{grouped},{cents:02d}") == f"{sign}{abs(whole)}.{cents:02d}"


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12))
def test_number_cells_read_back_as_the_same_lexical_form(value: Decimal) -> None:
    lexical = format(value, "f")
    cell = number_cell(lexical)
    if cell is not None:
        number, number_format = cell
        assert number_lexical(number, number_format) == lexical


def test_numbers_survive_a_real_workbook(tmp_path: Path) -> None:
    lexicals = ["1500000.00", "9.0", "-0.5", "250000.50", "7", "0.125", "123456789012345"]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row, lexical in enumerate(lexicals, start=1):
        cell = number_cell(lexical)
        assert cell is not None, lexical
        ws.cell(row=row, column=1).value, ws.cell(row=row, column=1).number_format = cell
    wb.save(tmp_path / "n.xlsx")
    read = load_workbook(tmp_path / "n.xlsx", read_only=True)["Sheet"]
    got = []
    for (stored,) in read.iter_rows():
        assert isinstance(stored.value, int | float)
        got.append(number_lexical(stored.value, stored.number_format))
    assert got == lexicals


@pytest.mark.parametrize("lexical", ["1234567890123456", "+5", "5.", "007", "-0", ".5"])
def test_what_excel_cannot_hold_exactly_stays_text(lexical: str) -> None:
    assert number_cell(lexical) is None


@given(st.dates())
def test_dates_iso_and_norwegian(day: dt.date) -> None:
    iso = day.isoformat()
    if len(iso) == 10:
        assert parse_date_text(iso) == iso
    if day.year >= 1000:
        assert parse_date_text(f"{day.day}.{day.month}.{day.year}") == iso
        assert parse_date_text(f"{day.day:02d}.{day.month:02d}.{day.year}") == iso


@pytest.mark.parametrize("typed", ["31.02.2025", "2025-13-01", "i morgen", "2025/01/01", "45000"])
def test_text_that_is_no_date(typed: str) -> None:
    assert parse_date_text(typed) is None


def test_dates_before_excel_s_calendar_stay_text() -> None:
    assert date_cell("1899-12-31") is None
    assert date_cell("1900-01-01") == dt.date(1900, 1, 1)
