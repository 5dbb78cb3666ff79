"""Validation with the compiled engine and with pySHACL, side by side in one run.

For each size (generated municipalities, loaded one graph each into an on-disk Oxigraph
store, as ``goalgraph load --graph '…/{name}'`` does) it measures

- per-graph validation: ``validate_graph(store, graph, engine=…)`` on the first ``--graphs``
  graphs, the two engines taking turns; median seconds;
- whole-store validation: ``validate_store(store, workers=…, engine=…)``, graph by graph with
  context, as ``goalgraph validate --store S --all`` does;
- where the compiled engine's time per graph goes, step by step as ``validate_graph`` now
  runs it (``graph_context``, then ``validate_context``): reading the graph
  (``Store.triples``), the context look-ups (``graph_context``: ``Store.match`` on plain
  triples), pruning to what the shapes read, the pruned triples into an rdflib graph, the
  engine, the report, the wording rules, the results about the graph's own nodes; the
  steps' report must equal ``validate_graph``'s, else the script stops;
- what a worker process pays before its first graph;

and prints the ratios against pySHACL and an estimate for L (357 municipalities) from the
largest size measured. It exits non-zero when the engines report different results.

The phases are not those of the earlier code (before the package became
``goalgraph.validation``): that read the graph's quads as pyoxigraph terms, looked the
context up in pyoxigraph and handed the engine a pyoxigraph store; now the graph and its
context are rdflib terms from the Store protocol, and the engine is given an rdflib graph.

    python benchmarks/validation_engines.py --sizes S,M [--graphs 10] [--workers 2]
        [--cache DIR] [--seed 1] [--out results.json] [--quick]

``--quick`` is a smoke run (size S, one graph, the worker start-up of the compiled engine
only), what tests/test_benchmarks.py runs; its figures are not for reading.
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

from rdflib import BNode, Graph, IdentifiedNode, Node, URIRef

from goalgraph.files import new_graph, vocabulary_triples
from goalgraph.generate import GRAPH_BASE, generate
from goalgraph.store import OxigraphStore, Store, data_graphs, ensure_vocabulary, open_store
from goalgraph.store.base import Triple
from goalgraph.validation.context import GraphContext, graph_context
from goalgraph.validation.engine import _report
from goalgraph.validation.engines import Engine, builtin_plan
from goalgraph.validation.reach import shapes_reach
from goalgraph.validation.report import ValidationReport, only
from goalgraph.validation.shapes import load_shapes
from goalgraph.validation.store import validate_graph, validate_store
from goalgraph.wording.validation import with_wording

logger = logging.getLogger("benchmarks.validation_engines")

SIZES = {"S": 1, "M": 50, "L": 357}
DEFAULT_CACHE = Path.home() / ".cache" / "goalgraph" / "benchmarks"
PACKAGES = ("goalgraph", "pyshacl", "pyshacl-turbo", "pyoxigraph", "rdflib")
#: The issue's target for whole-store validation at L on 2 cores.
TARGET_L_SECONDS = 20.0
#: The code a worker process runs (see worker_start): imports, opening the store, two graphs.
WORKER_SCRIPT = """\
import sys, time; t = time.perf_counter()
from goalgraph.store import data_graphs, open_store
from goalgraph.validation.store import validate_graph
i = time.perf_counter()
s = open_store(sys.argv[2], vocabulary=False, read_only=True)
o = time.perf_counter()
g = data_graphs(s)[0].iri
a = time.perf_counter(); validate_graph(s, g, engine=sys.argv[1])
b = time.perf_counter(); validate_graph(s, g, engine=sys.argv[1])
c = time.perf_counter()
print(i - t, o - i, (b - a) - (c - b))
"""


@dataclass
class SizeRun:
    """The figures of one size."""

    size: str
    municipalities: int
    triples: int
    #: Graphs timed one by one.
    graphs: int
    per_graph: dict[str, float] = field(default_factory=dict)
    whole_store: dict[str, float] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)
    #: CPU seconds per step on the N-Triples route (what validate_graph runs on an embedded store).
    native_phases: dict[str, float] = field(default_factory=dict)
    #: Triples per graph at each step (medians): own, context, vocabulary, kept after pruning.
    sizes: dict[str, float] = field(default_factory=dict)
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
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: size S, one graph, one worker start-up (overrides --sizes, --graphs)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.graphs = "S", 1
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; use {', '.join(SIZES)}")
    if args.graphs < 1:
        parser.error("--graphs must be at least 1")
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


def _as_is(term: Node) -> Node:
    return term


def _into_graph(triples: list[Triple]) -> Graph:
    data = new_graph()
    data.addN((s, p, o, data) for s, p, o in triples)
    return data


def _own(found: GraphContext) -> Callable[[IdentifiedNode], bool]:
    # As validate_context keeps them: the graph's own nodes, and blank nodes.
    subjects = found.subjects
    return lambda focus: isinstance(focus, BNode) or focus in subjects


def phases(descriptor: str, graphs: list[URIRef], run: SizeRun) -> None:
    """Where the compiled engine's time per graph goes (medians over ``graphs``): the steps
    of validate_graph (graph_context, then validate_context) one by one."""
    reach = shapes_reach(load_shapes())
    plan = builtin_plan()
    if plan.compiled is None or plan.fallback_shapes is not None:
        raise SystemExit("goalgraph's shapes no longer all run compiled: the phases assume so")
    vocabulary = vocabulary_triples()
    spent: dict[str, list[float]] = {}
    counted: dict[str, list[int]] = {}

    def note(name: str, seconds: float) -> None:
        spent.setdefault(name, []).append(seconds)

    with open_store(descriptor, read_only=True) as store:
        for graph in graphs:
            seconds, own = timed(lambda g=graph: store.triples(g))
            note("read the graph (Store.triples, rdflib terms)", seconds)
            # graph_context takes a content (read with tuple()) in place of the graph's: the
            # triples just read stand in for it, so that the look-ups alone are timed.
            seconds, found = timed(lambda g=graph, o=own: graph_context(store, g, o))
            note("context look-ups (graph_context: Store.match)", seconds)
            seconds, kept = timed(
                lambda f=found: reach.prune([*f.content, *f.context, *vocabulary], _as_is)
            )
            note("prune to what the shapes read (goalgraph.validation.reach)", seconds)
            seconds, data = timed(lambda k=kept: _into_graph(k))
            note("the kept triples into an rdflib graph", seconds)
            seconds, report_graph = timed(lambda d=data: plan.compiled.validate(d)[1])
            note("pyshacl-turbo validates (rdflib graph in, report graph out)", seconds)
            seconds, report = timed(lambda r=report_graph, d=data: _report(r, d, plan.shapes, "nb"))
            note("report (labels, rules, messages)", seconds)
            seconds, report = timed(lambda r=report, d=data: with_wording(r, d, plan.shapes))
            note("wording rules (lexicon, in Python)", seconds)
            seconds, report = timed(lambda r=report, f=found: only(r, _own(f)))
            note("only the results about the graph's own nodes", seconds)
            _same_as_validate_graph(store, graph, report)
            for name, count in (
                ("graph", len(found.content)),
                ("context", len(found.context)),
                ("vocabulary", len(vocabulary)),
                ("kept after pruning", len(kept)),
            ):
                counted.setdefault(name, []).append(count)
    run.phases = {name: statistics.median(values) for name, values in spent.items()}
    run.sizes = {name: statistics.median(values) for name, values in counted.items()}


def native_phases(descriptor: str, graphs: list[URIRef], run: SizeRun) -> None:
    """Where the compiled engine's CPU time per graph goes on the N-Triples route, the one
    ``validate_graph`` takes on an embedded store (``goalgraph.store.reader``): medians of
    CPU milliseconds (the machine's cores are shared, so wall time says less)."""
    from goalgraph.validation import store as by_store
    from goalgraph.validation.context import _native_link_targets, find_context
    from goalgraph.validation.engines import run_plan

    plan = builtin_plan()
    spent: dict[str, list[float]] = {}

    def step(name: str, action: Callable[[], Any]) -> Any:
        started = time.process_time()
        value = action()
        spent.setdefault(name, []).append(time.process_time() - started)
        return value

    with open_store(descriptor, read_only=True) as store:
        reader = store.native_graphs(remember=True)  # one reader for the run, as a worker has
        if reader is None:
            raise SystemExit("an embedded store has an N-Triples reader: the phases assume so")
        by_store.validate_graph(store, graphs[0])  # the worker's once-only work, not timed
        vocabulary = by_store._native_vocabulary(reader, None)
        reach = by_store._reach(None)
        for graph in graphs:
            own = step(
                "read the graph (TSV, typed subjects written once)",
                lambda g=graph: reader.triples(g),
            )
            found = step(
                "context look-ups",
                lambda g=graph, o=own: find_context(
                    o, g, reader.match, reader.term, reader.is_iri, _native_link_targets()
                ),
            )
            kept = step(
                "prune (vocabulary indexed once)",
                lambda o=own, f=found: reach.prune([*o, *f], reader.term, vocabulary),
            )
            reads = by_store._report_reads(reader)
            data = step(
                "what the report reads into rdflib",
                lambda k=kept, r=reads: reader.to_rdflib((t for t in k if t[1] in r), plain=True),
            )
            text = step("the engine's input (N-Triples text)", lambda k=kept: reader.engine_text(k))
            report = step(
                "pyshacl-turbo, report, wording rules",
                lambda d=data, t=text: run_plan(plan, d, lang="nb", engine_input=t),
            )
            subjects = {s for s, _, _ in own}
            report = step(
                "only the results about the graph's own nodes",
                lambda r=report, o=subjects: only(
                    r, lambda f: isinstance(f, BNode) or reader.term(f) in o
                ),
            )
            _same_as_validate_graph(store, graph, report)
    run.native_phases = {name: statistics.median(values) for name, values in spent.items()}


def _same_as_validate_graph(store: Store, graph: URIRef, report: ValidationReport) -> None:
    # The steps must still be what validate_graph does: else the phases measure something else.
    expected = validate_graph(store, graph, engine=Engine.compiled).report
    if [r.to_json() for r in report.results] != [r.to_json() for r in expected.results]:
        raise SystemExit(
            f"the phases no longer give validate_graph's report on <{graph}>: "
            "update phases() in benchmarks/validation_engines.py to the code"
        )


def worker_start(descriptor: str, run: SizeRun, engines: tuple[Engine, ...]) -> None:
    """What a fresh process pays before its first graph: imports, opening the store, and
    (compiled) compiling the shapes."""
    for engine in engines:
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", WORKER_SCRIPT, engine.value, descriptor],
            capture_output=True,
            text=True,
            check=False,
        )
        total = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"the worker start-up script failed ({engine.value}):\n{done.stderr}")
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


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f} ({theirs / ours:.1f}× faster)" if ours and theirs else "—"


def _phase_table(title: str, unit: str, phases: dict[str, float]) -> None:
    print(f"\n{title}:\n")
    print(f"| phase | {unit} | share |")
    print("|---|---|---|")
    total = sum(phases.values())
    for name, seconds in phases.items():
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / total:.0%} |")
    print(f"| sum | {total * 1000:.1f} | |")


def print_tables(runs: list[SizeRun], workers: int) -> None:
    print("| measurement | size | pySHACL | compiled | compiled / pySHACL |")
    print("|---|---|---|---|---|")
    for run in runs:
        theirs, ours = run.per_graph["pyshacl"], run.per_graph["compiled"]
        what = f"validate one graph (median of {run.graphs})"
        print(f"| {what} | {run.size} | {theirs:.3f} s | {ours:.3f} s | {ratio(ours, theirs)} |")
        theirs, ours = run.whole_store["pyshacl"], run.whole_store["compiled"]
        what = f"whole store, {workers} workers ({plural(run.municipalities, 'graph')})"
        print(f"| {what} | {run.size} | {theirs:.2f} s | {ours:.2f} s | {ratio(ours, theirs)} |")
    for run in runs:
        title = f"Where a graph's time goes, compiled engine, {run.size} (median per graph)"
        _phase_table(title, "ms", run.phases)
        title = f"The N-Triples route (validate_graph on an embedded store), {run.size}, CPU"
        _phase_table(title, "CPU ms", run.native_phases)
        sizes = run.sizes
        print(
            f"\nTriples per graph (median): {sizes['graph']:.0f} of its own, "
            f"{sizes['context']:.0f} of context, {sizes['vocabulary']:.0f} of the vocabulary; "
            f"{sizes['kept after pruning']:.0f} kept after pruning."
        )
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
            descriptor = str(folder)
            with open_store(descriptor, read_only=True) as store:
                graphs = [info.iri for info in data_graphs(store)][: args.graphs]
            run = SizeRun(size, len(files), triples, len(graphs))
            logger.info(
                "%s: %d graphs, %d triples; timing graph by graph", size, len(files), triples
            )
            per_graph(descriptor, graphs, run)
            phases(descriptor, graphs, run)
            native_phases(descriptor, graphs, run)
            # A smoke run starts one worker, with the default engine: the slowest step.
            worker_start(descriptor, run, (Engine.compiled,) if args.quick else tuple(Engine))
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
