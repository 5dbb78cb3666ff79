"""Validate a store graph by graph: each party's graph with what it references, in parallel."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, IdentifiedNode, Node, URIRef

from goalgraph.files import new_graph, vocabulary_triples
from goalgraph.store import MEMORY, Store, is_data_graph, open_store
from goalgraph.store.mirror import SparqlMirror
from goalgraph.validation.context import GraphContext, graph_context, native_context
from goalgraph.validation.engine import report_reads, validate_complete
from goalgraph.validation.engines import DEFAULT_ENGINE, CompiledPlan, Engine, plan_for, run_plan
from goalgraph.validation.reach import Indexed, Reach, shapes_reach
from goalgraph.validation.report import SEVERITIES, ValidationReport, only
from goalgraph.validation.shapes import load_shapes

if TYPE_CHECKING:
    from goalgraph.store.reader import NativeGraphs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class GraphValidation:
    """The validation of one named graph: its size, the context borrowed, the report."""

    graph: URIRef
    triples: int
    context: int
    report: ValidationReport
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "graph": str(self.graph),
            "triples": self.triples,
            "context_triples": self.context,
            "seconds": round(self.seconds, 3),
            **self.report.to_json(),
        }


@dataclass(frozen=True)
class StoreValidation:
    """The validation of every data graph of a store, in the order of the graphs' IRIs."""

    descriptor: str
    graphs: list[GraphValidation]
    workers: int
    seconds: float
    counts: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        totals = {str(severity): 0 for severity in SEVERITIES}
        for item in self.graphs:
            for severity, count in item.report.counts.items():
                totals[severity] += count
        object.__setattr__(self, "counts", totals)

    @property
    def conforms(self) -> bool:
        """True when no graph has a Violation."""
        return all(item.report.conforms for item in self.graphs)

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.descriptor,
            "conforms": self.conforms,
            "counts": dict(self.counts),
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "graphs": [item.to_json() for item in self.graphs],
        }


@lru_cache(maxsize=8)
def _plan(shapes: Path | None) -> CompiledPlan:
    # Compiled once per process, as the shapes copies and the reach are.
    return plan_for(shapes)


@lru_cache(maxsize=8)
def _reach(shapes: Path | None) -> Reach:
    # What the shapes read of a graph: the rest (in generated data, the observations of the
    # indicators and most of the SDG module) need not be copied out of the store.
    return shapes_reach(load_shapes(shapes))


_per_thread = threading.local()


def _shapes(path: Path | None) -> Graph:
    # A copy of the shapes for each thread, which pySHACL may add to: one thread runs one
    # validation at a time, and copying them for every graph costs more than the graph.
    copies: dict[Path | None, Graph] = _per_thread.__dict__.setdefault("shapes", {})
    if path not in copies:
        copies[path] = load_shapes(path)
    return copies[path]


def validate_context(
    found: GraphContext,
    *,
    shapes: Path | None = None,
    lang: str = "nb",
    engine: Engine = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate a graph's content with its context and goalgraph's vocabulary, with
    ``engine``, reporting only results about the graph's own nodes (the context's are
    reported in their own graphs)."""
    kept = _reach(shapes).prune([*found.content, *found.context, *vocabulary_triples()], _same)
    data = new_graph()
    data.addN((s, p, o, data) for s, p, o in kept)
    if Engine(engine) is Engine.compiled:
        report = run_plan(_plan(shapes), data, lang=lang)
    else:
        report = validate_complete(
            data, SparqlMirror.of(data), shapes=_shapes(shapes), lang=lang, own_shapes=True
        )
    own = found.subjects

    def mine(focus: IdentifiedNode) -> bool:
        return isinstance(focus, BNode) or focus in own

    return only(report, mine)


def _same(term: Node) -> Node:
    return term


def validate_graph(
    store: Store,
    graph: URIRef,
    *,
    shapes: Path | None = None,
    lang: str = "nb",
    engine: Engine = DEFAULT_ENGINE,
) -> GraphValidation:
    """Validate one named graph of a store with its context and goalgraph's vocabulary, with
    ``engine`` (goalgraph.validation.engines).

    Results about nodes of other graphs are left out: they belong to those graphs' reports.
    """
    return _validate_graph(store, graph, shapes, lang, engine, None)


def _validate_graph(
    store: Store,
    graph: URIRef,
    shapes: Path | None,
    lang: str,
    engine: Engine,
    reader: NativeGraphs | None,
) -> GraphValidation:
    """validate_graph, with the compiled engine through ``reader`` if given (one reader
    for a whole run remembers the look-ups graphs share, see NativeGraphs)."""
    started = time.perf_counter()
    if Engine(engine) is Engine.compiled and reader is None:
        reader = store.native_graphs()
    if reader is not None:
        return _validate_native(reader, graph, shapes, lang, started)
    found = graph_context(store, graph)
    report = validate_context(found, shapes=shapes, lang=lang, engine=engine)
    seconds = time.perf_counter() - started
    logger.debug("validated <%s> (%d triples) in %.2f s", graph, len(found.content), seconds)
    return GraphValidation(graph, len(found.content), len(found.context), report, seconds)


def _validate_native(
    reader: NativeGraphs, graph: URIRef, shapes: Path | None, lang: str, started: float
) -> GraphValidation:
    """validate_graph with the compiled engine, the graph and its context read as N-Triples
    terms (goalgraph.store.reader): the engine gets an in-memory Oxigraph store of what the
    shapes can read, rdflib only the part of it the report reads (labels, wording rules)."""
    found = native_context(reader, graph)
    kept = _reach(shapes).prune(
        [*found.content, *found.context], reader.term, _native_vocabulary(reader, shapes)
    )
    compiled = _plan(shapes)
    if compiled.fallback_shapes is None:
        # rdflib sees what the report reads: converting every kept triple cost as much as
        # the engine.
        reads = _report_reads(reader)
        data = reader.to_rdflib((t for t in kept if t[1] in reads), plain=True)
    else:
        data = reader.to_rdflib(kept)  # pySHACL checks some shapes on it
    engine_input = reader.engine_text(kept)
    report = run_plan(compiled, data, lang=lang, engine_input=engine_input)
    own = {s for s, _, _ in found.content}

    def mine(focus: IdentifiedNode) -> bool:
        return isinstance(focus, BNode) or reader.term(focus) in own

    report = only(report, mine)
    seconds = time.perf_counter() - started
    logger.debug("validated <%s> (%d triples) in %.2f s", graph, len(found.content), seconds)
    return GraphValidation(graph, len(found.content), len(found.context), report, seconds)


_vocabulary_native: dict[Path | None, Indexed[str]] = {}
_reads_native: list[frozenset[str]] = []


def _report_reads(reader: NativeGraphs) -> frozenset[str]:
    if not _reads_native:
        _reads_native.append(frozenset(reader.term(p) for p in report_reads()))
    return _reads_native[0]


def _native_vocabulary(reader: NativeGraphs, shapes: Path | None) -> Indexed[str]:
    # The vocabulary as N-Triples terms, indexed for the shapes' reach once per process: it
    # is a third of what each graph's validation would otherwise index again.
    if shapes not in _vocabulary_native:
        _vocabulary_native[shapes] = _reach(shapes).index(reader.vocabulary(), reader.term)
    return _vocabulary_native[shapes]


def data_graph_iris(store: Store) -> list[URIRef]:
    """The IRIs of the data graphs of ``store`` (goalgraph.store.data_graphs), in order.

    Named without counting their triples (``Store.graph_names``): on an embedded store
    counting reads the whole store (1.5 s at L), and the validation's workers wait for the
    list."""
    return [g for g in store.graph_names() if is_data_graph(g)]


# A worker process opens the store once and validates graph after graph with it, through
# one reader: the store does not change while it is open read-only.
_worker_store: list[Store] = []
_worker_reader: list[NativeGraphs | None] = []


def _open_in_worker(descriptor: str) -> None:
    store = open_store(descriptor, vocabulary=False, read_only=True)
    _worker_store.append(store)
    _worker_reader.append(store.native_graphs(remember=True))


def _validate_in_worker(
    graph: URIRef, shapes: Path | None, lang: str, engine: Engine
) -> GraphValidation:
    reader = _worker_reader[0] if Engine(engine) is Engine.compiled else None
    return _validate_graph(_worker_store[0], graph, shapes, lang, engine, reader)


def validate_store(
    store: Store,
    graphs: Sequence[URIRef] | None = None,
    *,
    workers: int = 2,
    shapes: Path | None = None,
    lang: str = "nb",
    progress: Callable[[GraphValidation], None] | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> StoreValidation:
    """Validate every data graph of ``store`` (or ``graphs``) on its own, ``workers`` at a time,
    with ``engine`` (goalgraph.validation.engines).

    Each worker process opens the store itself (an embedded store read-only); an in-memory
    store cannot be shared and is validated in this process. ``progress`` is called as each
    graph is done.
    """
    started = time.perf_counter()
    targets = list(graphs) if graphs is not None else data_graph_iris(store)
    if store.descriptor == MEMORY or workers <= 1 or len(targets) <= 1:
        workers = 1
    done: list[GraphValidation] = []
    if workers == 1:
        # The store does not change during the run (this process validates, graph by graph).
        reader = store.native_graphs(remember=True) if Engine(engine) is Engine.compiled else None
        for graph in targets:
            done.append(_validate_graph(store, graph, shapes, lang, Engine(engine), reader))
            if progress is not None:
                progress(done[-1])
    else:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_open_in_worker, initargs=(store.descriptor,)
        ) as pool:
            futures = [
                pool.submit(_validate_in_worker, g, shapes, lang, Engine(engine)) for g in targets
            ]
            for future in as_completed(futures):
                done.append(future.result())
                if progress is not None:
                    progress(done[-1])
    done.sort(key=lambda item: str(item.graph))
    return StoreValidation(store.descriptor, done, workers, time.perf_counter() - started)
