"""Write sheets of rows as a styled workbook (dropdowns, frozen headers) or as CSV files."""

from __future__ import annotations

import csv
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from goalgraph.spreadsheet.cells import date_cell, neutralise_csv, number_cell
from goalgraph.spreadsheet.choices import Choice, class_choices, scheme_choices
from goalgraph.spreadsheet.columns import (
    BASE_LABEL,
    GUIDANCE,
    INSTRUCTIONS,
    SHEETS_BY_KEY,
    Column,
    Sheet,
    ValueKind,
)

logger = logging.getLogger(__name__)

_LISTS_SHEET = "_lists"
_LAST_ROW = 1048576
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
# Computed sheets' headers stand apart from the sheets planners fill in.
_REPORT_FILL = PatternFill("solid", fgColor="E6EFDA")
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Number:
    """An xsd:decimal cell, kept as its lexical form until written."""

    lexical: str


@dataclass(frozen=True)
class Day:
    """An xsd:date cell, kept as its lexical form until written."""

    lexical: str


OutCell = str | Number | Day | None


@dataclass(frozen=True)
class SheetContent:
    """The rows to write in one sheet, one cell per column of the sheet."""

    sheet: Sheet
    rows: tuple[tuple[OutCell, ...], ...] = ()


@dataclass(frozen=True)
class ReportSheet:
    """A sheet goalgraph computes from the model (the effect balance): written on export,
    listed on the instruction sheet with its guidance, never read back on import."""

    key: str
    #: The sheet's name, (bokmål, English).
    names: tuple[str, str]
    #: What the sheet holds, for the instruction sheet, (bokmål, English).
    guidance: tuple[str, str]
    #: The column headers, each (bokmål, English).
    headers: tuple[tuple[str, str], ...]
    rows: tuple[tuple[OutCell, ...], ...] = ()
    #: Excel number formats by column index, where a column's numbers need their own (a
    #: share shown as a percentage); the cells keep their values.
    formats: tuple[tuple[int, str], ...] = ()

    def name(self, lang: str) -> str:
        return self.names[0] if lang == "nb" else self.names[1]

    def header_row(self, lang: str) -> list[str]:
        return [nb if lang == "nb" else en for nb, en in self.headers]

    def about(self, lang: str) -> str:
        return self.guidance[0] if lang == "nb" else self.guidance[1]


_INTRO = {
    "nb": [
        "goalgraph – arbeidsbok for mål, strategier, oppdrag, tiltak, prosjekter og indikatorer",
        "",
        "Hvert ark holder én slags ting. Hver rad har en kort id (for eksempel «mal-barn-1») "
        "som er unik i hele arbeidsboken. Andre rader viser til raden med denne id-en.",
        "Flere id-er eller bærekraftskoder i én celle skilles med semikolon (;). Flere tekster "
        "i én celle (kilder, gevinster) skrives på hver sin linje (Alt+Enter).",
        "Tall skrives som 1234,50 eller 1 234,50; datoer som 2025-12-31 eller 31.12.2025. "
        "Bærekraftsmål skrives som koder: 3 (mål), 3.4 (delmål), 3.4.1 (indikator).",
        "Nedtrekkslister viser fasene, risikonivåene, retningene og id-ene i arket det vises til.",
        "Arbeidsboken leses inn med «goalgraph import FIL.xlsx -o MODELL.ttl». Alle feil "
        "meldes samlet med ark, rad og kolonne; ingenting skrives før alle er rettet.",
        "Id-ene er relative til base-IRI-en under; en full IRI (https://…) kan også brukes.",
    ],
    "en": [
        "goalgraph – workbook for goals, strategies, assignments, measures, projects and "
        "indicators",
        "",
        "Each sheet holds one kind of thing. Each row has a short id (for example "
        "«goal-children-1») that is unique in the whole workbook. Other rows refer to the row "
        "by this id.",
        "Several ids or SDG codes in one cell are separated by a semicolon (;). Several texts in "
        "one cell (sources, benefits) go on separate lines (Alt+Enter).",
        "Numbers are written as 1234.50 or 1 234,50; dates as 2025-12-31 or 31.12.2025. SDGs "
        "are written as codes: 3 (goal), 3.4 (target), 3.4.1 (indicator).",
        "Dropdowns offer the phases, risk levels, directions and the ids of the sheet referred to.",
        "Read the workbook with «goalgraph import BOOK.xlsx -o MODEL.ttl». All problems are "
        "reported at once with sheet, row and column; nothing is written until all are fixed.",
        "The ids are relative to the base IRI below; a full IRI (https://…) may be used too.",
    ],
}
_SHEETS_HEADING = {"nb": ("Ark", "Innhold"), "en": ("Sheet", "Contents")}
_HELP = {
    "required": {"nb": "Må fylles ut.", "en": "Required."},
    "multiple": {"nb": "Flere skilles med ;", "en": "Separate several with ;"},
    "lines": {"nb": "Flere på hver sin linje.", "en": "Several on separate lines."},
}


def _help(column: Column, lang: str) -> str:
    nb = lang == "nb"
    kind = column.kind
    if kind is ValueKind.ID:
        text = "Kort, unik id for raden." if nb else "Short id of the row, unique in the workbook."
    elif kind is ValueKind.REF:
        names = [SHEETS_BY_KEY[k].name(lang) for k in column.targets]
        text = ("Id-en til en rad i " if nb else "Id of a row in ") + ", ".join(names) + "."
    elif kind is ValueKind.SDG:
        text = "Bærekraftskode, f.eks. 3.4 eller 3.4.1." if nb else "SDG code, e.g. 3.4 or 3.4.1."
    elif kind is ValueKind.DECIMAL:
        text = "Tall, f.eks. 1 234,50." if nb else "Number, e.g. 1234.50."
    elif kind is ValueKind.DATE:
        text = "Dato, f.eks. 2025-12-31." if nb else "Date, e.g. 2025-12-31."
    elif kind is ValueKind.MONTH_DAY:
        text = (
            "Dag i året, f.eks. --12-15 (15. desember)."
            if nb
            else "Day of the year, e.g. --12-15 (15 December)."
        )
    elif kind is ValueKind.BOOLEAN:
        text = "true eller false (ja eller nei)." if nb else "true or false (yes or no)."
    elif kind in (ValueKind.KIND, ValueKind.CHOICE):
        text = "Velg fra listen." if nb else "Choose from the list."
    elif kind is ValueKind.SOURCE:
        text = "Tekst eller IRI." if nb else "Text or IRI."
    else:
        text = "Tekst." if nb else "Text."
    parts = [text]
    if column.required:
        parts.append(_HELP["required"][lang])
    if column.multiple:
        key = "lines" if kind in (ValueKind.LANG_TEXT, ValueKind.SOURCE) else "multiple"
        parts.append(_HELP[key][lang])
    return " ".join(parts)


def _choices(sheet: Sheet, column: Column) -> tuple[Choice, ...]:
    if column.kind is ValueKind.KIND:
        return class_choices(sheet.classes)
    assert column.scheme is not None
    return scheme_choices(column.scheme)


def _cell_width(value: OutCell) -> int:
    if value is None:
        return 0
    text = value if isinstance(value, str) else value.lexical
    return max((len(line) for line in text.splitlines()), default=0)


def _write_value(ws: Worksheet, row: int, col: int, value: OutCell) -> None:
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if isinstance(value, Number):
        number = number_cell(value.lexical)
        if number is not None:
            cell.value, cell.number_format = number
            return
        text = value.lexical
    elif isinstance(value, Day):
        day = date_cell(value.lexical)
        if day is not None:
            cell.value = day
            cell.number_format = "yyyy-mm-dd"
            return
        text = value.lexical
    else:
        text = value
    cell.value = text
    # Text that starts with = must stay text, not become a formula.
    cell.data_type = "s"
    if "\n" in text:
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _instructions(
    ws: Worksheet,
    contents: Sequence[SheetContent],
    base: str | None,
    lang: str,
    reports: Sequence[ReportSheet] = (),
) -> None:
    ws.title = INSTRUCTIONS[lang]
    lines = _INTRO[lang]
    for number, line in enumerate(lines, start=1):
        ws.cell(row=number, column=1, value=line)
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    base_row = len(lines) + 2
    ws.cell(row=base_row, column=1, value=BASE_LABEL[lang]).font = Font(bold=True)
    base_cell = ws.cell(row=base_row, column=2, value=base)
    base_cell.data_type = "s"
    heading_row = base_row + 2
    for col, text in enumerate(_SHEETS_HEADING[lang], start=1):
        ws.cell(row=heading_row, column=col, value=text).font = Font(bold=True)
    for offset, content in enumerate(contents, start=1):
        sheet = content.sheet
        nb, en = GUIDANCE[sheet.key]
        about = nb if lang == "nb" else en
        ws.cell(row=heading_row + offset, column=1, value=sheet.name(lang))
        ws.cell(row=heading_row + offset, column=2, value=about)
    for offset, report in enumerate(reports, start=len(contents) + 1):
        ws.cell(row=heading_row + offset, column=1, value=report.name(lang))
        ws.cell(row=heading_row + offset, column=2, value=report.about(lang))
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100


def _lists(
    book: Workbook, contents: Sequence[SheetContent], lang: str
) -> dict[tuple[str, str], str]:
    """Write every dropdown's entries on a hidden sheet; returns the defined name per column."""
    ws = book.create_sheet(_LISTS_SHEET)
    ws.sheet_state = "hidden"
    names: dict[tuple[str, str], str] = {}
    col = 0
    for content in contents:
        for column in content.sheet.columns:
            if column.kind not in (ValueKind.KIND, ValueKind.CHOICE):
                continue
            col += 1
            choices = _choices(content.sheet, column)
            for number, choice in enumerate(choices, start=1):
                ws.cell(row=number, column=col, value=choice.label(lang))
            letter = get_column_letter(col)
            name = f"gg_list_{content.sheet.key}_{column.key}"
            ref = f"{quote_sheetname(_LISTS_SHEET)}!${letter}$1:${letter}${len(choices)}"
            book.defined_names[name] = DefinedName(name, attr_text=ref)
            names[(content.sheet.key, column.key)] = name
    return names


def _data_sheet(
    book: Workbook, content: SheetContent, lang: str, lists: dict[tuple[str, str], str]
) -> None:
    sheet = content.sheet
    ws = book.create_sheet(sheet.name(lang))
    _table(ws, [c.header(lang) for c in sheet.columns], _HEADER_FILL, content.rows)
    for col, column in enumerate(sheet.columns, start=1):
        ws.cell(row=1, column=col).comment = Comment(_help(column, lang), "goalgraph")
    for col, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(col)
        area = f"{letter}2:{letter}{_LAST_ROW}"
        if (sheet.key, column.key) in lists:
            rule = DataValidation(
                type="list", formula1=f"={lists[(sheet.key, column.key)]}", allow_blank=True
            )
            # A kind column may name several kinds separated by ;, so it only suggests.
            rule.showErrorMessage = column.kind is ValueKind.CHOICE
            rule.error = "Velg fra listen." if lang == "nb" else "Choose from the list."
        elif column.kind is ValueKind.REF and len(column.targets) == 1:
            rule = DataValidation(
                type="list", formula1=f"=gg_ids_{column.targets[0]}", allow_blank=True
            )
            # Several ids separated by ; and full IRIs are allowed too, so the list only suggests.
            rule.showErrorMessage = False
        else:
            continue
        ws.add_data_validation(rule)
        rule.add(area)


def _report_sheet(book: Workbook, report: ReportSheet, lang: str) -> None:
    ws = book.create_sheet(report.name(lang))
    _table(ws, report.header_row(lang), _REPORT_FILL, report.rows)
    for index, number_format in report.formats:
        for row in range(2, len(report.rows) + 2):
            cell = ws.cell(row=row, column=index + 1)
            if isinstance(cell.value, int | float):
                cell.number_format = number_format


def _table(
    ws: Worksheet, headers: Sequence[str], fill: PatternFill, rows: Sequence[Sequence[OutCell]]
) -> None:
    """Headers and rows from A1, each column as wide as its text (within limits), the header
    row and the id column frozen."""
    widths = [len(h) + 2 for h in headers]
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = fill
    for number, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            _write_value(ws, number, col, value)
            widths[col - 1] = max(widths[col - 1], _cell_width(value))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = max(
            _MIN_WIDTH, min(_MAX_WIDTH, width + 2)
        )
    ws.freeze_panes = "B2"


def write_workbook(
    path: Path,
    contents: Sequence[SheetContent],
    base: str | None,
    lang: str,
    reports: Sequence[ReportSheet] = (),
) -> None:
    """Write the sheets as an .xlsx workbook, the ``reports`` after the planner's sheets; the
    file appears only once it is complete."""
    book = Workbook()
    _instructions(book.active, contents, base, lang, reports)  # type: ignore[arg-type]
    for content in contents:
        name = f"gg_ids_{content.sheet.key}"
        ref = f"{quote_sheetname(content.sheet.name(lang))}!$A$2:$A${_LAST_ROW}"
        book.defined_names[name] = DefinedName(name, attr_text=ref)
    lists = _lists(book, contents, lang)
    for content in contents:
        _data_sheet(book, content, lang, lists)
    for report in reports:
        _report_sheet(book, report, lang)
    # The dropdown lists stay last so that the planner's sheets come first.
    book.move_sheet(_LISTS_SHEET, offset=len(book.sheetnames))
    atomic_write(path, book.save)
    logger.info("wrote %s", path)


def atomic_write(path: Path, save: Callable[[str], object]) -> None:
    """Let ``save`` write a temporary file next to ``path``, then move it into place, so that
    ``path`` is either untouched or complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        save(temp)
        # mkstemp creates the file private (0600); give it the mode a plain open() would.
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        Path(temp).chmod(mode)
        Path(temp).replace(path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _csv_value(value: OutCell) -> str:
    if value is None:
        return ""
    return neutralise_csv(value if isinstance(value, str) else value.lexical)


def write_csv_folder(
    path: Path,
    contents: Sequence[SheetContent],
    base: str | None,
    lang: str,
    reports: Sequence[ReportSheet] = (),
) -> None:
    """Write one UTF-8 CSV file per sheet and per report, named like the sheet, plus the
    instruction file."""
    path.mkdir(parents=True, exist_ok=True)

    def save(rows: list[list[str]]) -> Callable[[str], None]:
        def _save(temp: str) -> None:
            with Path(temp).open("w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows(rows)

        return _save

    atomic_write(path / f"{INSTRUCTIONS[lang]}.csv", save([[BASE_LABEL[lang], base or ""]]))
    tables = [
        *(
            (c.sheet.name(lang), [h.header(lang) for h in c.sheet.columns], c.rows)
            for c in contents
        ),
        *((r.name(lang), r.header_row(lang), r.rows) for r in reports),
    ]
    for name, headers, values in tables:
        rows = [list(headers), *([_csv_value(v) for v in row] for row in values)]
        atomic_write(path / f"{name}.csv", save(rows))
    logger.info("wrote %d CSV files to %s", len(contents) + len(reports) + 1, path)
