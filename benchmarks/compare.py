"""Compare two versions' `run.py --out` results: the median of each figure over repeated runs.

One run of `run.py` times each operation once, in a fresh process; at size S most figures are
a few milliseconds, where one sample says more about the machine than about the code. Run
`run.py` several times for each version, alternating (so that a busy minute falls on both),
and give the results here: for every size, adapter and measurement it prints the median
seconds and peak memory of each side, their ratio, and marks ratios above ``--limit``.

    python benchmarks/compare.py --old old-*.json --new new-*.json [--limit 1.10]

Exit status: 0 when no ratio is above the limit, 1 when one is, 2 for unreadable input.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: The figures of a measurement that are compared, and how each is shown.
FIGURES = (("seconds", "s"), ("p95", "s"), ("peak_mb", "MB"))

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Row:
    """One figure of one measurement, both sides' medians and their ratio."""

    size: str
    adapter: str
    measurement: str
    figure: str
    old: float
    new: float
    old_runs: int
    new_runs: int

    @property
    def ratio(self) -> float:
        return self.new / self.old if self.old else float("inf")


class InputError(Exception):
    """A results file that is missing or is not `run.py --out` JSON."""


def samples(paths: Iterable[Path]) -> dict[Key, list[float]]:
    """Every figure of every run in ``paths``, by (size, adapter, measurement, figure)."""
    found: dict[Key, list[float]] = defaultdict(list)
    for path in paths:
        try:
            runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
            for run in runs:
                for measurement in run["measurements"]:
                    for figure, _ in FIGURES:
                        value = measurement.get(figure)
                        if isinstance(value, int | float) and not measurement.get("timed_out"):
                            key = (run["size"], run["adapter"], measurement["name"], figure)
                            found[key].append(float(value))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}: not a results file of run.py --out ({type(exc).__name__}: {exc})"
            ) from exc
    return found


def compare(old: Sequence[Path], new: Sequence[Path]) -> list[Row]:
    """The figures both sides have, with each side's median over its runs."""
    before, after = samples(old), samples(new)
    rows = []
    for key in before:
        if key in after:
            old_runs, new_runs = before[key], after[key]
            rows.append(
                Row(
                    *key,
                    statistics.median(old_runs),
                    statistics.median(new_runs),
                    len(old_runs),
                    len(new_runs),
                )
            )
    return rows


def _shown(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value * 1e3:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(rows: Sequence[Row], limit: float) -> list[str]:
    units = dict(FIGURES)
    lines = ["| size | adapter | measurement | figure | old | new | new ÷ old | runs |",
             "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for row in rows:
        mark = " **over**" if row.ratio > limit else ""
        unit = units[row.figure]
        lines.append(
            f"| {row.size} | {row.adapter} | {row.measurement} | {row.figure} "
            f"| {_shown(row.old, unit)} | {_shown(row.new, unit)} | {row.ratio:.2f}{mark} "
            f"| {row.old_runs} / {row.new_runs} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", nargs="+", type=Path, required=True, help="the old version's")
    parser.add_argument("--new", nargs="+", type=Path, required=True, help="the new version's")
    parser.add_argument("--limit", type=float, default=1.10, help="highest new ÷ old allowed")
    args = parser.parse_args(argv)
    try:
        rows = compare(args.old, args.new)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not rows:
        print("error: the two sides have no figure in common", file=sys.stderr)
        return 2
    print("\n".join(table(rows, args.limit)))
    over = [r for r in rows if r.ratio > args.limit]
    print(f"\n{len(over)} of {len(rows)} figures above {args.limit:.2f}× the old")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
