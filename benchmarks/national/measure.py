"""The measurements of one size and one store adapter, run inside one fresh worker process."""

from __future__ import annotations

import gc
import http.client
import json
import logging
import os
import select
import shutil
import signal
import statistics
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType

from rdflib import URIRef

from goalgraph.analysis.report import portfolio_report
from goalgraph.analysis.trace import projects_serving
from goalgraph.generate import GRAPH_BASE
from goalgraph.sparql.library import run_query
from goalgraph.store import (
    MemoryStore,
    OxigraphStore,
    RemoteStore,
    Store,
    ensure_vocabulary,
)
from goalgraph.validation.store import validate_graph
from national.servers import (
    Server,
    ServerError,
    goalgraph_serve,
    oxigraph_server,
    peak_rss_mb,
    virtuoso_server,
)

logger = logging.getLogger(__name__)

QUERIES = Path(__file__).resolve().parent / "queries"
ADAPTERS = ("rdflib", "oxigraph-memory", "oxigraph-disk", "oxigraph-server", "virtuoso")
BASELINE = "rdflib"
DEFAULT_STORE = "oxigraph-disk"
#: The measurements, in table order.
MEASUREMENTS = (
    "load",
    "trace-all",
    "serving",
    "serving-http",
    "report",
    "report-full",
    "validate",
    "view",
    "serve-ready",
)
GOALS = 50
QUICK_GOALS = 10
VIEW_DEPTH = 2
VIEW_CAP = 500
#: A fixed "today" so that the report picks the same target values in every run.
REPORT_DAY = date(2026, 1, 1)


class _Timeout(Exception):
    """The baseline measurement ran past its time limit."""


@dataclass
class Measurement:
    """One figure: seconds (p50 for per-goal questions), p95, peak memory, or why it is missing."""

    name: str
    seconds: float | None = None
    p95: float | None = None
    peak_mb: float | None = None
    samples: int = 0
    timed_out: bool = False
    limit: float | None = None
    error: str | None = None
    note: str = ""


@dataclass
class AdapterRun:
    """Every measurement of one adapter at one size."""

    size: str
    adapter: str
    municipalities: int
    triples: int = 0
    measurements: list[Measurement] = field(default_factory=list)

    def get(self, name: str) -> Measurement | None:
        return next((m for m in self.measurements if m.name == name), None)


@contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise _Timeout in this (main) thread after ``seconds``; rdflib is pure Python, so the
    signal lands between bytecodes and stops the measurement where it is."""
    if seconds is None:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def graph_iri(path: Path) -> URIRef:
    """The named graph a generated municipality file is loaded into."""
    return URIRef(GRAPH_BASE + path.stem)


class Worker:
    """Runs the measurements of one adapter on the first ``len(files)`` municipalities."""

    def __init__(
        self,
        run: AdapterRun,
        files: Sequence[Path],
        workdir: Path,
        limit: float | None,
        quick: bool,
        report_cap: float,
    ) -> None:
        self.run = run
        self.files = list(files)
        self.workdir = workdir
        self.limit = limit if run.adapter == BASELINE else None
        self.quick = quick
        self.report_cap = report_cap
        self.memory_pid: int | None = None

    def measure(
        self, name: str, action: Callable[[Measurement], None], cap: float | None = None
    ) -> Measurement:
        """Time ``action`` (which may fill in samples, p95 and a note) under the deadline;
        with ``cap``, in a forked child that is killed after ``cap`` seconds."""
        limit = cap if cap is not None else self.limit
        found = Measurement(name, limit=limit)
        # Each step starts from a collected heap, so that collecting the garbage of earlier
        # steps falls in none of them: which step a full collection lands in otherwise
        # depends on how much every step before it allocated.
        gc.collect()
        if cap is not None:
            _forked(action, found, cap)
        else:
            _timed(action, found, self.limit)
        if found.error is not None:
            logger.error("%s on %s failed: %s", name, self.run.adapter, found.error)
        found.peak_mb = peak_rss_mb(self.memory_pid)
        self.run.measurements.append(found)
        logger.info("%s %s %s: %s", self.run.size, self.run.adapter, name, found)
        return found

    def skip(self, name: str, why: str) -> None:
        self.run.measurements.append(Measurement(name, note=why))

    def all(self) -> AdapterRun:
        with ExitStack() as stack:
            store = self.open(stack)
            self.analyse(store)
            store.close()
        if self.run.adapter == DEFAULT_STORE:
            try:
                self.serve(self.workdir / "store")
            except ServerError as exc:
                self.run.measurements.append(Measurement("serve-ready", error=str(exc)))
        else:
            self.skip("serve-ready", "measured on the default store only")
        return self.run

    def open(self, stack: ExitStack) -> Store:
        adapter = self.run.adapter
        if adapter == "rdflib":
            return MemoryStore()
        if adapter == "oxigraph-memory":
            return OxigraphStore(None)
        if adapter == "oxigraph-disk":
            shutil.rmtree(self.workdir / "store", ignore_errors=True)
            return OxigraphStore(self.workdir / "store")
        if adapter == "oxigraph-server":
            server = stack.enter_context(oxigraph_server(self.workdir / "server"))
            self.memory_pid = server.pid
            return RemoteStore(server.query_url)
        if adapter == "virtuoso":
            server = stack.enter_context(virtuoso_server(self.workdir / "virtuoso"))
            self.memory_pid = server.pid
            return RemoteStore(server.query_url)
        raise ServerError(f"unknown adapter {adapter}")

    def analyse(self, store: Store) -> None:
        load = self.measure("load", lambda m: self.load(store, m))
        if load.seconds is None:
            why = "load did not finish" if load.timed_out else "load failed"
            for name in MEASUREMENTS[1:-1]:
                self.skip(name, why)
            return
        goals = self.goals(store)
        self.measure("trace-all", lambda m: self.trace_all(store, m))
        self.measure("serving", lambda m: self.serving(store, goals, m))
        if self.run.adapter in ("oxigraph-server", "virtuoso"):
            self.skip("serving-http", "the in-process figure is already over HTTP")
        elif self.run.adapter != DEFAULT_STORE:
            self.skip("serving-http", "measured on the default store only")
        self.measure("report", lambda m: self.report(store, m, False), cap=self.report_cap)
        self.measure("report-full", lambda m: self.report(store, m, True), cap=self.report_cap)
        self.measure("validate", lambda m: self.validate(store, m))
        self.measure("view", lambda m: self.view(store, goals[0], m))

    def load(self, store: Store, found: Measurement) -> None:
        # As `goalgraph load --graph '…/{name}'` does it: vocabulary, then one graph per party.
        ensure_vocabulary(store)
        for _ in store.load_graphs([(graph_iri(path), [path]) for path in self.files]):
            pass
        store.optimize()
        self.run.triples = store.triples_count()
        found.note = f"{self.run.triples:,} triples in {len(self.files) + 1} graphs"

    def goals(self, store: Store) -> list[URIRef]:
        rows = run_query(store, QUERIES / "goals.rq").rows
        every = [URIRef(str(row["goal"])) for row in rows]
        wanted = QUICK_GOALS if self.quick else GOALS
        if len(every) <= wanted:
            return every
        step = len(every) / wanted
        return [every[int(i * step)] for i in range(wanted)]

    def trace_all(self, store: Store, found: Measurement) -> None:
        rows = run_query(store, QUERIES / "trace-all.rq").rows
        found.note = f"{len(rows):,} (project, goal) rows"

    def serving(self, store: Store, goals: Sequence[URIRef], found: Measurement) -> None:
        times: list[float] = []
        answers = 0
        try:
            for goal in goals:
                started = time.perf_counter()
                answers += len(projects_serving(store, goal))
                times.append(time.perf_counter() - started)
        finally:
            # A baseline cut short still reports the goals it got through.
            found.samples = len(times)
            found.note = f"{len(times)} goals, {answers:,} projects in all"
        found.seconds, found.p95 = _percentiles(times)

    def report(self, store: Store, found: Measurement, full: bool) -> None:
        # "report" is the work the report did before the effect balance, prioritisation and
        # plan-cycle sections came (so that it compares like for like with older versions;
        # the prioritisation and status checks find nothing in the generated data);
        # "report-full" is the whole report with the effect balance.
        report = portfolio_report(store, lang="nb", today=REPORT_DAY, with_effects=full)
        found.note = f"{len(report.projects):,} projects, {len(report.goals):,} goal rows"
        if full and report.effects is not None:
            found.note += f", effect balance of {len(report.effects.indicators):,} indicators"
        if report.priorities or report.status is not None or report.versions:
            found.note += " (with prioritisation, status or plan versions)"

    def validate(self, store: Store, found: Measurement) -> None:
        # As `goalgraph validate --store S --graph G` does: the graph, the context its nodes
        # need from other graphs, the vocabulary.
        first = graph_iri(self.files[0])
        done = validate_graph(store, first)
        found.note = (
            f"{first.rsplit('/', 1)[-1]}: {done.triples:,} triples + {done.context:,} context, "
            f"{len(done.report.results)} results"
        )

    def view(self, store: Store, goal: URIRef, found: Measurement) -> None:
        from goalgraph.views.graphview import build_view

        view = build_view(store, goal, depth=VIEW_DEPTH, cap=VIEW_CAP)
        found.note = f"{len(view.nodes)} nodes, {len(view.edges)} links, depth {VIEW_DEPTH}"

    def serve(self, folder: Path) -> None:
        """Serve the loaded folder: time until `/` answers, then the per-goal question over HTTP."""
        server: Server
        with goalgraph_serve(folder) as server:
            ready = Measurement("serve-ready", seconds=server.ready_after, samples=1)
            ready.peak_mb = peak_rss_mb(server.pid)
            ready.note = f"{server.name}, until / answers"
            self.run.measurements.append(ready)
            goals = self.goals(RemoteStore(server.query_url))
            if server.api_url is None:
                remote = RemoteStore(server.query_url)
                http = self.measure("serving-http", lambda m: self.serving(remote, goals, m))
                http.note += f"; projects_serving over RemoteStore → {server.name}"
            else:
                api = server.api_url
                http = self.measure("serving-http", lambda m: self.serving_api(api, goals, m))
            http.peak_mb = ready.peak_mb

    def serving_api(self, api: str, goals: Sequence[URIRef], found: Measurement) -> None:
        """The JSON API's projects serving each goal, one request per goal on one connection
        (as a browser or an HTTP client session keeps it open)."""
        address = urllib.parse.urlsplit(api)
        connection = http.client.HTTPConnection(address.hostname or "", address.port)
        times: list[float] = []
        answers = 0
        try:
            for goal in goals:
                path = f"{address.path}/projects-serving?" + urllib.parse.urlencode({"goal": goal})
                started = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                times.append(time.perf_counter() - started)
                if response.status != 200:
                    raise ServerError(f"GET {path} answered {response.status}: {body[:200]!r}")
                answers += len(json.loads(body))
        finally:
            connection.close()
            found.samples = len(times)
            found.note = (
                f"{len(times)} goals, {answers:,} projects in all; GET /api/projects-serving"
            )
        found.seconds, found.p95 = _percentiles(times)


def _timed(action: Callable[[Measurement], None], found: Measurement, limit: float | None) -> None:
    started = time.perf_counter()
    try:
        with _deadline(limit):
            action(found)
        if found.seconds is None and found.error is None:
            found.seconds = time.perf_counter() - started
    except _Timeout:
        found.timed_out = True
        found.seconds = None
    # Any failure is a figure of the benchmark, recorded and shown, not a reason to stop.
    except Exception as exc:  # noqa: BLE001
        found.error = f"{type(exc).__name__}: {exc}"
        found.seconds = None


def _forked(action: Callable[[Measurement], None], found: Measurement, cap: float) -> None:
    """Run ``action`` in a forked copy of this process: a query inside Oxigraph cannot be
    interrupted by a signal, but its process can be killed."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        _timed(action, found, None)
        with os.fdopen(writer, "w") as out:
            json.dump({"seconds": found.seconds, "note": found.note, "error": found.error}, out)
        os._exit(0)
    os.close(writer)
    # poll, not select: after a bulk load the store holds more than 1024 files open.
    waiting = select.poll()
    waiting.register(reader, select.POLLIN)
    if not waiting.poll(cap * 1000):
        os.kill(child, signal.SIGKILL)
        found.timed_out = True
    else:
        with os.fdopen(reader) as answer:
            text = answer.read()
        reader = -1
        if text:
            told = json.loads(text)
            found.seconds, found.note, found.error = told["seconds"], told["note"], told["error"]
        else:
            found.error = "the measuring child process died"
    os.waitpid(child, 0)
    if reader != -1:
        os.close(reader)


def _percentiles(times: Sequence[float]) -> tuple[float | None, float | None]:
    if not times:
        return None, None
    if len(times) == 1:
        return times[0], times[0]
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[94]
