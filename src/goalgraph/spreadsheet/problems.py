"""Problems found in a workbook or CSV folder, each naming sheet, row, column and value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.errors import SpreadsheetError


@dataclass(frozen=True)
class SheetProblem:
    """One problem of the input: where it is, the offending value and what is wrong (nb/en)."""

    sheet: str
    row: int | None
    column: str | None
    value: str | None
    message_nb: str
    message_en: str

    def message(self, lang: str = "nb") -> str:
        return self.message_nb if lang == "nb" else self.message_en

    def describe(self, lang: str = "nb") -> str:
        """The problem as one line: place, value and message in ``lang``."""
        words = _WORDS[lang]
        parts = [f"{words['sheet']} «{self.sheet}»"]
        if self.row is not None:
            parts.append(f"{words['row']} {self.row}")
        if self.column is not None:
            parts.append(f"{words['column']} «{self.column}»")
        place = ", ".join(parts)
        value = f" ('{self.value}')" if self.value is not None else ""
        return f"{place}{value}: {self.message(lang)}"


_WORDS = {
    "nb": {"sheet": "ark", "row": "rad", "column": "kolonne", "found": "feil i"},
    "en": {"sheet": "sheet", "row": "row", "column": "column", "found": "problems in"},
}


class SheetProblemsError(SpreadsheetError):
    """The workbook or CSV folder has problems; ``problems`` lists every one of them."""

    def __init__(self, source: str, problems: Sequence[SheetProblem], lang: str = "nb") -> None:
        self.source = source
        self.problems = tuple(problems)
        self.lang = lang
        lines = [f"{len(self.problems)} {_WORDS[lang]['found']} {source}:"]
        lines.extend(f"  - {p.describe(lang)}" for p in self.problems)
        super().__init__("\n".join(lines))
