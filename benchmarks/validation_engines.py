"""Validation with the compiled engine and with pySHACL, side by side in one run.

For each size (generated municipalities, loaded one graph each into an on-disk Oxigraph
store, as ``goalgraph load --graph '…/{name}'`` does) it measures

- per-graph validation: ``validate_graph(store, graph, engine=…)`` on the first ``--graphs``
  graphs, the two engines taking turns; median seconds;
- whole-store validation: ``validate_store(store, workers=…, engine=…)``, graph by graph with
  context, as ``goalgraph validate --store S --all`` does;
- where the compiled engine's time per graph goes (reading the graph, the context look-ups,
  pruning, handing the triples to the engine, the engine, the report), and what a worker
  process pays before its first graph;

and prints the ratios against pySHACL and an estimate for L (357 municipalities) from the
largest size measured.

    python benchmarks/validation_engines.py --sizes S,M [--graphs 10] [--workers 2]
        [--cache DIR] [--seed 1] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from goalgraph.engines import Engine, _labels_of, builtin_plan
from goalgraph.engines import as_rdflib_sees_them as canonical
from goalgraph.validate import _report
from goalgraph.validate_store import validate_graph, validate_store
from rdflib import URIRef

from goalgraph.generate import GRAPH_BASE, generate
from goalgraph.store import OxigraphStore, data_graphs, ensure_vocabulary, open_store

logger = logging.getLogger("benchmarks.validation_engines")

SIZES = {"S": 1, "M": 50, "L": 357}
DEFAULT_CACHE = Path.home() / ".cache" / "goalgraph" / "benchmarks"
PACKAGES = ("goalgraph", "pyshacl", "pyshacl-turbo", "pyoxigraph", "rdflib")
#: The issue's target for whole-store validation at L on 2 cores.
TARGET_L_SECONDS = 20.0


@dataclass
class SizeRun:
    """The figures of one size."""

    size: str
    municipalities: int
    triples: int
    per_graph: dict[str, float] = field(default_factory=dict)
    whole_store: dict[str, float] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    worker_start: dict[str, float] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated, of S, M, L")
    parser.add_argument("--graphs", type=int, default=10, help="graphs timed one by one")
    parser.add_argument("--workers", type=int, default=2, help="processes for the whole store")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="generated data folder")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; use {', '.join(SIZES)}")
    return args


def data_files(cache: Path, seed: int, municipalities: int) -> list[Path]:
    """The first ``municipalities`` generated files, generating those missing."""
    folder = cache / f"seed-{seed}"
    wanted = [folder / f"kommune-{i:03d}.nt" for i in range(1, municipalities + 1)]
    if not all(path.is_file() for path in wanted):
        generate(folder, municipalities, seed)
    return wanted


def load(folder: Path, files: list[Path]) -> int:
    """Load one graph per file into an on-disk store; the number of triples."""
    with OxigraphStore(folder) as store:
        ensure_vocabulary(store)
        targets = [(URIRef(GRAPH_BASE + path.stem), [path]) for path in files]
        for _ in store.load_graphs(targets):
            pass
        store.optimize()
        return store.triples_count()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def per_graph(descriptor: str, graphs: list[URIRef], run: SizeRun) -> None:
    """Median seconds of validate_graph per engine, the engines taking turns per graph."""
    times: dict[str, list[float]] = {engine.value: [] for engine in Engine}
    with open_store(descriptor, read_only=True) as store:
        for engine in Engine:  # warm up: shapes compiled, queries parsed, imports done
            validate_graph(store, graphs[0], engine=engine)
        for graph in graphs:
            counts = {}
            for engine in Engine:
                seconds, done = timed(lambda e=engine, g=graph: validate_graph(store, g, engine=e))
                times[engine.value].append(seconds)
                counts[engine.value] = len(done.report.results)
            if counts["compiled"] != counts["pyshacl"]:
                raise SystemExit(f"the engines disagree on <{graph}>: {counts}")
    run.per_graph = {engine: statistics.median(found) for engine, found in times.items()}


def phases(descriptor: str, graphs: list[URIRef], run: SizeRun) -> None:
    """Where the compiled engine's time per graph goes (medians over ``graphs``)."""
    import importlib

    module = importlib.import_module("goalgraph.validate_store")
    reach = module._reach(None)
    plan = builtin_plan()
    spent: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        spent.setdefault(name, []).append(seconds)

    with open_store(descriptor, read_only=True) as store:
        raw = store.native
        for graph in graphs:
            seconds, own = timed(
                lambda g=graph: [
                    (q.subject, q.predicate, q.object)
                    for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(str(g)))
                ]
            )
            note("read the graph's quads", seconds)
            seconds, context = timed(lambda o=own: module._oxigraph_context(raw, o))
            note("context look-ups", seconds)
            context.difference_update(own)
            seconds, kept = timed(
                lambda o=own, c=context: reach.prune(
                    [*o, *c, *module.vocabulary_ox()], module._ox_term
                )
            )
            note("prune to what the shapes read", seconds)

            def hand_over(k: list[Any] = kept) -> tuple[ox.Store, list[Any]]:
                triples = canonical(k)
                engine_store = ox.Store()
                engine_store.bulk_extend(ox.Quad(s, p, o) for s, p, o in triples)
                return engine_store, triples

            seconds, (engine_store, triples) = timed(hand_over)
            note("literals as rdflib sees them, into a store", seconds)
            seconds, report_graph = timed(lambda s=engine_store: plan.compiled.validate(s)[1])
            note("pyshacl-turbo validates (N-Quads in, report graph out)", seconds)
            seconds, _ = timed(
                lambda t=triples, r=report_graph, o=own: module._owned(
                    _report(r, _labels_of(t, r), plan.shapes, "nb"), module._reached(t, o)
                )
            )
            note("report (labels, rules, messages)", seconds)
    run.phases = {name: statistics.median(found) for name, found in spent.items()}


def worker_start(descriptor: str, run: SizeRun) -> None:
    """What a fresh process pays before its first graph: imports, opening the store, and
    (compiled) compiling the shapes."""
    script = (
        "import time, sys; t = time.perf_counter()\n"
        "from goalgraph.validate_store import validate_graph\n"
        "from goalgraph.store import open_store, data_graphs\n"
        "i = time.perf_counter()\n"
        f"s = open_store({descriptor!r}, vocabulary=False, read_only=True)\n"
        "o = time.perf_counter()\n"
        "g = data_graphs(s)[0].iri\n"
        "a = time.perf_counter(); validate_graph(s, g, engine=sys.argv[1])\n"
        "b = time.perf_counter(); validate_graph(s, g, engine=sys.argv[1])\n"
        "c = time.perf_counter()\n"
        "print(i - t, o - i, (b - a) - (c - b))\n"
    )
    for engine in Engine:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script, engine.value],
            capture_output=True,
            text=True,
            check=True,
        )
        total = time.perf_counter() - started
        imports, opening, first_extra = (float(x) for x in done.stdout.split())
        run.worker_start[f"{engine.value}: imports"] = imports
        run.worker_start[f"{engine.value}: open store"] = opening
        run.worker_start[f"{engine.value}: first graph beyond the second"] = first_extra
        run.worker_start[f"{engine.value}: whole process"] = total


def whole_store(descriptor: str, workers: int, run: SizeRun) -> None:
    with open_store(descriptor, read_only=True) as store:
        for engine in (Engine.pyshacl, Engine.compiled):
            seconds, result = timed(
                lambda e=engine: validate_store(store, workers=workers, engine=e)
            )
            run.whole_store[engine.value] = seconds
            run.results[engine.value] = sum(result.counts.values())
    if run.results["compiled"] != run.results["pyshacl"]:
        raise SystemExit(f"the engines disagree on the whole store: {run.results}")


def machine() -> dict[str, str]:
    described = {"python": platform.python_version(), "platform": platform.platform()}
    described["cores"] = subprocess.run(
        ["nproc"], capture_output=True, text=True, check=False
    ).stdout.strip()
    for package in PACKAGES:
        try:
            described[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            described[package] = "not installed"
    return described


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f} ({theirs / ours:.1f}× faster)" if ours and theirs else "—"


def print_tables(runs: list[SizeRun], workers: int) -> None:
    print("| measurement | size | pySHACL | compiled | compiled / pySHACL |")
    print("|---|---|---|---|---|")
    for run in runs:
        theirs, ours = run.per_graph["pyshacl"], run.per_graph["compiled"]
        print(
            f"| validate one graph (median) | {run.size} | {theirs:.3f} s | {ours:.3f} s | "
            f"{ratio(ours, theirs)} |"
        )
        theirs, ours = run.whole_store["pyshacl"], run.whole_store["compiled"]
        print(
            f"| whole store, {workers} workers ({run.municipalities} graphs) | {run.size} | "
            f"{theirs:.2f} s | {ours:.2f} s | {ratio(ours, theirs)} |"
        )
    for run in runs:
        print(f"\nWhere a graph's time goes, compiled engine, {run.size} (median per graph):\n")
        print("| phase | ms | share |")
        print("|---|---|---|")
        total = sum(run.phases.values())
        for name, seconds in run.phases.items():
            print(f"| {name} | {seconds * 1000:.1f} | {seconds / total:.0%} |")
        print(f"| sum | {total * 1000:.1f} | |")
        print(f"\nA worker process before its first graph, {run.size}:\n")
        print("| step | s |")
        print("|---|---|")
        for name, seconds in run.worker_start.items():
            print(f"| {name} | {seconds:.2f} |")
    largest = max(runs, key=lambda r: r.municipalities)
    if largest.municipalities > 1:
        scale = SIZES["L"] / largest.municipalities
        print(f"\nEstimate for L ({SIZES['L']} municipalities) from {largest.size}, linear in ")
        print("the number of graphs (each graph's context is its own):\n")
        for engine in ("pyshacl", "compiled"):
            estimate = largest.whole_store[engine] * scale
            print(f"- {engine}: ~{estimate:.0f} s with {workers} workers")
        per = sum(largest.phases.values())
        floor = SIZES["L"] * per / workers
        print(
            f"- compiled, from the phases: {SIZES['L']} × {per * 1000:.0f} ms / {workers} "
            f"workers ≈ {floor:.0f} s (target ≤ {TARGET_L_SECONDS:.0f} s)"
        )


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("goalgraph").setLevel(logging.WARNING)  # not every graph loaded
    runs = []
    for size in args.sizes:
        files = data_files(args.cache, args.seed, SIZES[size])
        with tempfile.TemporaryDirectory(prefix=f"goalgraph-engines-{size}-") as work:
            folder = Path(work) / "store"
            triples = load(folder, files)
            run = SizeRun(size, len(files), triples)
            descriptor = str(folder)
            with open_store(descriptor, read_only=True) as store:
                graphs = [info.iri for info in data_graphs(store)][: args.graphs]
            logger.info(
                "%s: %d graphs, %d triples; timing graph by graph", size, len(files), triples
            )
            per_graph(descriptor, graphs, run)
            phases(descriptor, graphs, run)
            worker_start(descriptor, run)
            logger.info("%s: whole store", size)
            whole_store(descriptor, args.workers, run)
            runs.append(run)
    print(f"\nMachine: {json.dumps(machine())}\n")
    print_tables(runs, args.workers)
    if args.out is not None:
        args.out.write_text(
            json.dumps({"machine": machine(), "runs": [asdict(r) for r in runs]}, indent=2),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
