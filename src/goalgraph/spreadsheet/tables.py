"""Read a workbook or a folder of CSV files into plain tables of cells, before any meaning."""

from __future__ import annotations

import csv
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from goalgraph.errors import LoadError

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


def read_xlsx(path: Path) -> RawBook:
    """Read every sheet of a workbook; a missing or unreadable file is a LoadError."""
    if not path.exists():
        raise LoadError(
            f"{path}: no such file; give a filled workbook (.xlsx) or a folder of CSV files "
            "(`goalgraph template` writes an empty workbook)",
            source=str(path),
        )
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise LoadError(
            f"{path}: cannot read the workbook ({exc}); save it as an Excel workbook (.xlsx)",
            source=str(path),
        ) from exc
    tables = []
    try:
        for sheet in book.worksheets:
            rows = []
            header: tuple[object, ...] = ()
            for number, row in enumerate(sheet.iter_rows(), start=1):
                cells = tuple(RawCell(c.value, c.number_format) for c in row)
                if number == 1:
                    header = tuple(c.value for c in cells)
                else:
                    rows.append(RawRow(number, cells))
            tables.append(RawTable(sheet.title, header, tuple(rows)))
    finally:
        book.close()
    return RawBook(str(path), tuple(tables), complete=True)


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
        rows = tuple(
            RawRow(number, tuple(RawCell(v if v != "" else None) for v in record))
            for number, record in enumerate(records[1:], start=2)
        )
        tables.append(RawTable(file.stem, header, rows, column_letters=False))
        logger.debug("read %s: %d rows", file, len(rows))
    return RawBook(str(path), tuple(tables), complete=False)
