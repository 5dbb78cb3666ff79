"""Read a workbook or a folder of CSV files into plain tables of cells, before any meaning."""

from __future__ import annotations

import csv
import logging
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from goalgraph.errors import LoadError
from goalgraph.spreadsheet.cells import restore_csv

logger = logging.getLogger(__name__)

_CSV_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class RawCell:
    """A cell as stored: its value (text, number, date or None) and, in a workbook, its format."""

    value: object
    number_format: str | None = None


@dataclass(frozen=True)
class RawRow:
    """A row with its number as the planner sees it (the header is row 1)."""

    number: int
    cells: tuple[RawCell, ...]

    def cell(self, index: int) -> RawCell:
        return self.cells[index] if index < len(self.cells) else RawCell(None)


@dataclass(frozen=True)
class RawTable:
    """One sheet or CSV file: its name, header cells and rows."""

    name: str
    header: tuple[object, ...]
    rows: tuple[RawRow, ...]
    column_letters: bool = True

    def column_name(self, index: int) -> str:
        """How to name a column in a message: its header, and its letter in a workbook."""
        header = self.header[index] if index < len(self.header) else None
        text = str(header).strip() if header is not None else ""
        if self.column_letters:
            letter = get_column_letter(index + 1)
            return f"{text} ({letter})" if text else letter
        return text or str(index + 1)


@dataclass(frozen=True)
class RawBook:
    """Every table of a workbook or CSV folder; ``complete`` says whether all sheets must be
    present (a workbook) or each may be left out (a CSV folder)."""

    source: str
    tables: tuple[RawTable, ...]
    complete: bool
    uncomputed: tuple[Uncomputed, ...] = ()


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell whose value the workbook does not hold."""

    table: str
    row: int
    column: str
    formula: str


#: Most bytes a workbook may unpack to: a small zip can hold gigabytes of sheet XML.
MAX_UNPACKED_BYTES = 200_000_000
#: Most rows with content in one sheet or CSV file.
MAX_ROWS = 200_000
#: Columns read from each row; the sheets have a few dozen.
MAX_COLUMNS = 256

_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
# What openpyxl and the XML parser raise on a damaged sheet part.
_DAMAGED = (
    ET.ParseError,
    SyntaxError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)


def _check_archive(path: Path) -> None:
    """Refuse a workbook that would unpack to more than MAX_UNPACKED_BYTES (a zip bomb).

    The sizes in the zip directory bound what reading can give: Python's zip reader stops
    at the size a member declares."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise LoadError(
            f"{path}: cannot read the workbook ({exc}); save it as an Excel workbook (.xlsx)",
            source=str(path),
        ) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise LoadError(
            f"{path}: the workbook unpacks to {unpacked} bytes, more than the limit of "
            f"{MAX_UNPACKED_BYTES}; split it into smaller workbooks",
            source=str(path),
        )


def _too_many_rows(where: str, source: str) -> LoadError:
    return LoadError(
        f"{where}: more than {MAX_ROWS} rows with content; split the model into smaller files",
        source=source,
    )


def _columns(sheet: Any) -> int:
    # The sheet's own dimension, when it states one: rows are padded with empty cells to it.
    declared = sheet.max_column
    return min(declared, MAX_COLUMNS) if isinstance(declared, int) and declared > 0 else MAX_COLUMNS


def _read_sheet(sheet: Any, path: Path) -> RawTable:
    rows: list[RawRow] = []
    header: tuple[object, ...] = ()
    for number, row in enumerate(sheet.iter_rows(max_col=_columns(sheet)), start=1):
        cells = [RawCell(c.value, c.number_format) for c in row]
        while cells and cells[-1].value is None:
            cells.pop()
        if number == 1:
            header = tuple(c.value for c in cells)
        elif cells:
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(f"{path}, sheet '{sheet.title}'", str(path))
            rows.append(RawRow(number, tuple(cells)))
    return RawTable(sheet.title, header, tuple(rows))


def read_xlsx(path: Path) -> RawBook:
    """Read every sheet of a workbook; an unreadable, damaged or too large file is a
    LoadError. Read-only: time and memory grow with the cells that hold something."""
    if not path.exists():
        raise LoadError(
            f"{path}: no such file; give a filled workbook (.xlsx) or a folder of CSV files "
            "(`goalgraph template` writes an empty workbook)",
            source=str(path),
        )
    _check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, InvalidFileException, *_DAMAGED) as exc:
        raise LoadError(
            f"{path}: cannot read the workbook ({exc}); save it as an Excel workbook (.xlsx)",
            source=str(path),
        ) from exc
    tables = []
    title = ""
    try:
        for sheet in book.worksheets:
            title = sheet.title
            tables.append(_read_sheet(sheet, path))
    except _DAMAGED as exc:
        raise LoadError(
            f"{path}: sheet '{title}' is damaged and cannot be read ({exc}); open the workbook "
            "in a spreadsheet program and save it again",
            source=str(path),
        ) from exc
    finally:
        book.close()
    return RawBook(str(path), tuple(tables), complete=True, uncomputed=_uncomputed(path, tables))


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def _uncomputed(path: Path, tables: list[RawTable]) -> tuple[Uncomputed, ...]:
    """The formula cells whose computed value the workbook does not hold (a file written by
    a program that does not compute formulas): read as values they would be empty."""
    if not _has_formulas(path):
        return ()
    by_title = {table.name: table for table in tables}
    found: list[Uncomputed] = []
    book = load_workbook(path, read_only=True, data_only=False)
    try:
        for sheet in book.worksheets:
            table = by_title[sheet.title]
            values = {row.number: row for row in table.rows}
            for number, row in enumerate(sheet.iter_rows(max_col=_columns(sheet)), start=1):
                for index, cell in enumerate(row):
                    if cell.data_type != "f" or number == 1:
                        continue
                    stored = values.get(number)
                    if stored is None or stored.cell(index).value is None:
                        found.append(
                            Uncomputed(
                                table.name, number, table.column_name(index), str(cell.value)
                            )
                        )
    except _DAMAGED as exc:
        raise LoadError(f"{path}: cannot read the formulas ({exc})", source=str(path)) from exc
    finally:
        book.close()
    return tuple(found)


def _delimiter(first_line: str) -> str:
    return max(_CSV_DELIMITERS, key=first_line.count)


def read_csv_folder(path: Path) -> RawBook:
    """Read every ``*.csv`` file of a folder (UTF-8, with or without BOM; ``,`` ``;`` or tab)."""
    if not path.is_dir():
        raise LoadError(f"{path}: not a folder of CSV files", source=str(path))
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise LoadError(f"{path}: the folder holds no .csv files", source=str(path))
    tables = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise LoadError(f"{file}: cannot read as UTF-8 text ({exc})", source=str(file)) from exc
        lines = text.splitlines()
        delimiter = _delimiter(lines[0]) if lines else ","
        try:
            records = list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))
        except csv.Error as exc:
            raise LoadError(f"{file}: not a valid CSV file ({exc})", source=str(file)) from exc
        header = tuple(records[0]) if records else ()
        if sum(1 for record in records[1:] if any(record)) > MAX_ROWS:
            raise _too_many_rows(str(file), str(file))
        rows = tuple(
            RawRow(number, tuple(RawCell(restore_csv(v) if v != "" else None) for v in record))
            for number, record in enumerate(records[1:], start=2)
        )
        tables.append(RawTable(file.stem, header, rows, column_letters=False))
        logger.debug("read %s: %d rows", file, len(rows))
    return RawBook(str(path), tuple(tables), complete=False)
