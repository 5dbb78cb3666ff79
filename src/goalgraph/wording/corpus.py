"""Measure the wording rules against a corpus of real sentences with expected verdicts."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from goalgraph.errors import LoadError
from goalgraph.wording.phrasing import reading

_COLUMNS = ("text", "lang", "kind", "expected", "source", "service_area")
_VERDICTS = ("warn", "ok")


@dataclass(frozen=True)
class Example:
    """One sentence of the corpus: what it is filed as and whether a rule should notice it."""

    text: str
    lang: str
    kind: str
    expected: str
    source: str
    service_area: str = ""


@dataclass
class Score:
    """Precision and recall of one rule (or all) on the corpus; a Warning is a positive."""

    examples: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[tuple[Example, str]] = field(default_factory=list, repr=False)

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def read_corpus(path: Path) -> list[Example]:
    """The corpus CSV (columns text, lang, kind, expected, source, service_area)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise LoadError(f"{path}: the columns must be {', '.join(_COLUMNS)}", source=str(path))
        examples = []
        for line, row in enumerate(reader, start=2):
            if row["expected"] not in _VERDICTS:
                raise LoadError(
                    f"{path}:{line}: expected is '{row['expected']}'; use warn or ok",
                    source=str(path),
                )
            examples.append(Example(**row))
    return examples


def measure(examples: list[Example]) -> dict[str, Score]:
    """Scores per kind (goal, strategy, assignment) and for all together ("all")."""
    scores: dict[str, Score] = {"all": Score()}
    for example in examples:
        areas = [example.service_area] if example.service_area else []
        notice = reading(example.kind, example.text, example.lang, areas)
        flagged = notice is not None
        wanted = example.expected == "warn"
        for key in (example.kind, "all"):
            score = scores.setdefault(key, Score())
            score.examples += 1
            if flagged and wanted:
                score.true_positives += 1
            elif flagged:
                score.false_positives += 1
                score.misses.append((example, f"noticed {notice}"))
            elif wanted:
                score.false_negatives += 1
                score.misses.append((example, "not noticed"))
    return scores
