"""The effect balance over the national store: the default store against rdflib, one run.

    python benchmarks/effects.py [--sizes S,M,L] [--runs 3] [--at 2026-01-01] [--seed 1]
        [--cache DIR] [--baseline-timeout 120] [--store FOLDER] [--out results.json] [-v]

For each size the generated municipalities (``goalgraph generate``, kept in --cache as
benchmarks/run.py keeps them) are loaded one graph each into an embedded on-disk store (the
default store, as ``goalgraph load --store`` does) and into rdflib's in-memory store
(``MemoryStore``, the baseline). ``goalgraph.effects(store, at)`` — the whole balance with
every section — runs once to warm up and ``--runs`` times more on each; the table gives the
median, the ratio against rdflib, and whether both gave the same document; beside the wall
time it gives the CPU time of the process, summed over its threads (on the default store
the balance reads side by side on worker threads, goalgraph.store.concurrent: on a quiet
machine with N cores the wall time is at best the CPU time / N; on a busy one neither figure
is what a quiet one gives), and the load average before and after. With --store the
on-disk store is that folder, loaded beforehand (``goalgraph generate -n 357`` then
``goalgraph load --store FOLDER --graph 'https://w3id.org/goalgraph/generated/{name}'``); it
must hold the size's municipalities.

Beside the balance read from the store (``effects``, what ``goalgraph effects`` does once
per process), it measures the balance's read model (``BalanceModel``, what ``goalgraph
serve`` keeps between writes): reading it once, then the balance from it at ``--runs``
dates (--at, then a year earlier, a year later, …), each checked against ``effects`` at
that date on the same store.

Target (DESIGN.md §7, issue 19): L ≤ 2 s on the default store.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType

from rdflib import URIRef
from run import DEFAULT_CACHE, SIZES, data_files, machine

from goalgraph.analysis.effects import BalanceModel, EffectBalance, effects
from goalgraph.generate import GRAPH_BASE
from goalgraph.store import MemoryStore, OxigraphStore, Store, ensure_vocabulary

logger = logging.getLogger("benchmarks.effects")

TARGET_SIZE, TARGET_SECONDS = "L", 2.0


class _Timeout(Exception):
    """The baseline ran past its time limit."""


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop rdflib (pure Python, so the signal lands between bytecodes) after ``seconds``."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Figures:
    """One store at one size: load time, the balance's times and what it found."""

    store: str
    load: float | None = None
    first: float | None = None
    times: list[float] = field(default_factory=list)
    #: CPU time of each timed run (the process's, as time.process_time counts it).
    cpu: list[float] = field(default_factory=list)
    timed_out: bool = False
    #: Reading the read model once, and its CPU time.
    model_read: float | None = None
    model_read_cpu: float | None = None
    #: The balance from the read model at each date, and its CPU time.
    model_times: list[float] = field(default_factory=list)
    model_cpu: list[float] = field(default_factory=list)
    #: Whether the read model's balance at every date was the one ``effects`` read.
    model_same: bool | None = None
    indicators: int = 0
    counted: int = 0
    document: str = field(default="", repr=False)

    @property
    def median(self) -> float | None:
        return _median(self.times)

    @property
    def cpu_median(self) -> float | None:
        return _median(self.cpu)

    @property
    def model_median(self) -> float | None:
        return _median(self.model_times)

    @property
    def model_cpu_median(self) -> float | None:
        return _median(self.model_cpu)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def load(store: Store, files: list[Path]) -> float:
    """Vocabulary, then one named graph per municipality, as `goalgraph load` does."""
    started = time.perf_counter()
    ensure_vocabulary(store)
    targets = [(URIRef(GRAPH_BASE + path.stem), [path]) for path in files]
    for _ in store.load_graphs(targets):
        pass
    store.optimize()
    return time.perf_counter() - started


def measure(figures: Figures, store: Store, at: date, runs: int) -> None:
    """One warm-up run (the first figure), then ``runs`` timed runs."""
    result: EffectBalance | None = None
    for number in range(runs + 1):
        started, cpu = time.perf_counter(), time.process_time()
        result = effects(store, at)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
        if number == 0:
            figures.first = seconds
        else:
            figures.times.append(seconds)
            figures.cpu.append(cpu)
        logger.info("%s run %d: %.3f s (CPU %.3f s)", figures.store, number, seconds, cpu)
    assert result is not None
    figures.indicators = len(result.indicators)
    figures.counted = sum(len(b.projects) for b in result.indicators)
    figures.document = json.dumps(result.to_json(), sort_keys=True)


def _dates(at: date, runs: int) -> list[date]:
    """``at``, then a year earlier, a year later, two years earlier, …"""
    found = [at]
    for number in range(1, runs):
        years = (number + 1) // 2 * (-1 if number % 2 else 1)
        found.append(at.replace(year=at.year + years))
    return found


def measure_model(figures: Figures, store: Store, at: date, runs: int) -> None:
    """Read the model once, then the balance from it at ``runs`` dates (the first is ``at``,
    whose document is checked against ``effects``'; the others against ``effects`` at their
    date, outside the timing)."""
    started, cpu = time.perf_counter(), time.process_time()
    model = BalanceModel.read(store)
    figures.model_read = time.perf_counter() - started
    figures.model_read_cpu = time.process_time() - cpu
    logger.info("%s read model: %.3f s", figures.store, figures.model_read)
    same = True
    for day in _dates(at, runs):
        started, cpu = time.perf_counter(), time.process_time()
        balance = model.balance(day)
        figures.model_times.append(time.perf_counter() - started)
        figures.model_cpu.append(time.process_time() - cpu)
        logger.info("%s model balance at %s: %.3f s", figures.store, day, figures.model_times[-1])
        document = json.dumps(balance.to_json(), sort_keys=True)
        expected = (
            figures.document
            if day == at
            else json.dumps(effects(store, day).to_json(), sort_keys=True)
        )
        same = same and document == expected
    figures.model_same = same


def default_store(files: list[Path], folder: Path | None, work: Path) -> tuple[Store, float | None]:
    if folder is not None:
        return OxigraphStore(folder, read_only=True), None
    store = OxigraphStore(work / "store")
    seconds = load(store, files)
    store.close()
    # Opened again, as `goalgraph effects --store` opens a loaded store.
    return OxigraphStore(work / "store", read_only=True), seconds


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: how busy the machine was."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_size(size: str, args: argparse.Namespace) -> tuple[Figures, Figures]:
    files = data_files(args.cache, args.seed, SIZES[size])
    disk = Figures("oxigraph-disk")
    with tempfile.TemporaryDirectory(prefix=f"goalgraph-effects-{size}-") as work:
        store, disk.load = default_store(files, args.store, Path(work))
        try:
            measure(disk, store, args.at, args.runs)
            measure_model(disk, store, args.at, args.runs)
        finally:
            store.close()
    baseline = Figures("rdflib")
    memory = MemoryStore()
    try:
        with _deadline(args.baseline_timeout):
            baseline.load = load(memory, files)
            measure(baseline, memory, args.at, args.runs)
            measure_model(baseline, memory, args.at, args.runs)
    except _Timeout:
        baseline.timed_out = True
    return disk, baseline


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(size: str, disk: Figures, baseline: Figures, cap: float) -> list[str]:
    def ratio(mine: float | None, base: float | None) -> str:
        if mine is None:
            return ""
        if base is None:
            return f" (< {mine / cap:.2g}×)" if baseline.timed_out else ""
        return f" ({mine / base:.2g}×)"

    same = "—" if baseline.timed_out else ("yes" if disk.document == baseline.document else "NO")
    over = f"> {cap:.0f} s" if baseline.timed_out else None
    rows = [
        f"### {size}: {SIZES[size]} municipalities, {disk.indicators:,} indicators, "
        f"{disk.counted:,} counted effects",
        "",
        "| measurement | rdflib | oxigraph-disk |",
        "|---|---|---|",
        f"| load | {over or _seconds(baseline.load)} | "
        f"{_seconds(disk.load) if disk.load is not None else 'given (--store)'} |",
        f"| effect balance, first run | {over or _seconds(baseline.first)} | "
        f"{_seconds(disk.first)}{ratio(disk.first, baseline.first)} |",
        f"| effect balance, median of the next runs | {over or _seconds(baseline.median)} | "
        f"{_seconds(disk.median)}{ratio(disk.median, baseline.median)} |",
        f"| CPU time of those runs, median | {over or _seconds(baseline.cpu_median)} | "
        f"{_seconds(disk.cpu_median)}{ratio(disk.cpu_median, baseline.cpu_median)} |",
        f"| same document on both | {same} | |",
        f"| read model: reading it once | {_seconds(baseline.model_read)} | "
        f"{_seconds(disk.model_read)}{ratio(disk.model_read, baseline.model_read)} |",
        f"| read model: CPU time of reading it | {_seconds(baseline.model_read_cpu)} | "
        f"{_seconds(disk.model_read_cpu)}{ratio(disk.model_read_cpu, baseline.model_read_cpu)} |",
        f"| effect balance from the read model, median of {len(disk.model_times)} dates | "
        f"{_seconds(baseline.model_median)} | "
        f"{_seconds(disk.model_median)}{ratio(disk.model_median, baseline.model_median)} |",
        f"| CPU time of those, median | {_seconds(baseline.model_cpu_median)} | "
        f"{_seconds(disk.model_cpu_median)}"
        f"{ratio(disk.model_cpu_median, baseline.model_cpu_median)} |",
        f"| read model's balance = effects' at every date | {_yes(baseline.model_same)} | "
        f"{_yes(disk.model_same)} |",
    ]
    if size == TARGET_SIZE and disk.median is not None:
        verdicts = [
            ("from the read model (goalgraph serve)", disk.model_median, disk.model_cpu_median),
            ("read from the store (goalgraph effects)", disk.median, disk.cpu_median),
        ]
        rows += ["", f"Target L ≤ {TARGET_SECONDS:g} s on the default store:"]
        for what, median, cpu in verdicts:
            if median is None:
                continue
            verdict = "met" if median <= TARGET_SECONDS else "MISSED"
            rows.append(f"- {what}: {verdict} (median {_seconds(median)}, CPU {_seconds(cpu)})")
    return rows


def _yes(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "NO")


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after the warm-up")
    parser.add_argument("--at", type=date.fromisoformat, default=date(2030, 1, 1))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--baseline-timeout", type=float, default=120.0)
    parser.add_argument("--store", type=Path, help="an on-disk store already loaded")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown or not args.sizes:
        parser.error(f"unknown size {', '.join(unknown)}; use {', '.join(SIZES)}")
    if args.store is not None and len(args.sizes) != 1:
        parser.error("--store holds one size: give exactly one with --sizes")
    return args


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    args = arguments(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    described = machine()
    out("machine: " + ", ".join(f"{k} {v}" for k, v in described.items()))
    figures = {}
    for size in args.sizes:
        before = load_average()
        disk, baseline = run_size(size, args)
        after = load_average()
        figures[size] = [asdict(disk), asdict(baseline)]
        out("\n".join(["", *table(size, disk, baseline, args.baseline_timeout)]))
        out(f"load average (1, 5, 15 min) before: {before}; after: {after}")
        for entry in figures[size]:
            entry["loadAverage"] = {"before": before, "after": after}
    if args.out is not None:
        document = {"machine": described, "at": args.at.isoformat(), "sizes": figures}
        for runs in figures.values():
            for entry in runs:
                entry.pop("document")
        args.out.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
