"""The empty workbook planners start from: every sheet with its headers and dropdowns."""

from __future__ import annotations

from pathlib import Path

from goalgraph.spreadsheet.columns import SHEETS
from goalgraph.spreadsheet.writer import SheetContent, write_workbook


def write_template(path: str | Path, lang: str = "nb", base: str | None = None) -> Path:
    """Write an empty goalgraph workbook with headers in ``lang``; ``base`` fills in the base
    IRI on the instruction sheet."""
    out = Path(path)
    write_workbook(out, [SheetContent(sheet) for sheet in SHEETS], base, lang)
    return out
