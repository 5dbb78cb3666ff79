"""Validate a store graph by graph: each party's graph with what it references, in parallel."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, IdentifiedNode, Node, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from goalgraph.load import new_graph
from goalgraph.namespace import GG
from goalgraph.reach import Reach, shapes_reach
from goalgraph.store import (
    MEMORY,
    OxigraphStore,
    Store,
    data_graphs,
    native,
    open_store,
    store_query,
)
from goalgraph.store.base import Term
from goalgraph.store.oxigraph import from_ox, to_ox
from goalgraph.validate import (
    SEVERITIES,
    SparqlMirror,
    ValidationReport,
    ValidationResult,
    load_shapes,
    validate_complete,
    vocabulary_ox,
    vocabulary_triples,
)

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
        totals = dict.fromkeys(SEVERITIES, 0)
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


#: The links validation-incoming.rq follows into a graph's goals, one query each
#: (gg:contributesTo first).
_INCOMING_LINKS = (GG.contributesTo, GG.realises, GG.measures)


def graph_data(store: Store, graph: URIRef) -> tuple[Graph, Graph]:
    """One graph exported from the store, and the context its nodes need from other graphs.

    The context keeps the validation of one party's graph from reporting links into another
    party's graph as dangling (Miljøpakken's municipal goals contribute to the agreement's).
    """
    data = store.export(graph)
    context = new_graph()
    # Separate queries, not one UNION: Virtuoso drops rows of a CONSTRUCT over such a UNION.
    queries = [store_query("validation-references")]
    incoming = store_query("validation-incoming")
    queries += [incoming.replace("?link", link.n3()) for link in _INCOMING_LINKS]
    for text in queries:
        found = store.query(text, {"g": graph})
        if isinstance(found, Graph):
            context += found
    return data, context


def _owned(report: ValidationReport, subjects: set[Node]) -> ValidationReport:
    """The report limited to results about the graph's own nodes, the subjects of its
    triples (context nodes are checked in their own graph)."""

    def mine(focus: IdentifiedNode) -> bool:
        return isinstance(focus, BNode) or focus in subjects

    kept: list[ValidationResult] = [r for r in report.results if mine(r.focus)]
    if len(kept) == len(report.results):
        return report
    graph = new_graph()
    graph += report.graph
    for node in list(graph.objects(None, SH.result)):
        focus = graph.value(node, SH.focusNode)
        if isinstance(focus, IdentifiedNode) and not mine(focus):
            graph.remove((None, SH.result, node))
            graph.remove((node, None, None))
    counts = dict.fromkeys(SEVERITIES, 0)
    for result in kept:
        counts[result.severity] += 1
    return ValidationReport(
        conforms=counts["Violation"] == 0,
        counts=counts,
        results=kept,
        graph=graph,
        lang=report.lang,
        rule_labels=report.rule_labels,
    )


@dataclass
class _Prepared:
    """A graph ready for pySHACL: what the shapes can read of its data, its context and the
    vocabulary, with the mirror answering pySHACL's SPARQL; and what to report."""

    data: Graph
    mirror: SparqlMirror
    subjects: set[Node]
    triples: int
    context: int


def _prepare(store: Store, graph: URIRef, reach: Reach) -> _Prepared:
    own, context = graph_data(store, graph)
    borrowed = context - own
    kept = reach.prune([*own, *borrowed, *vocabulary_triples()], _same)
    data = new_graph()
    data.addN((s, p, o, data) for s, p, o in kept)
    # The graph's own nodes that validation reaches: the focus nodes are among them.
    reached = {s for s, _, _ in kept} & set(own.subjects(unique=True))
    return _Prepared(data, SparqlMirror.of(data), reached, len(own), len(borrowed))


def _same(term: Node) -> Node:
    return term


# The terms the context queries (store/queries/validation-*.rq) follow.
_TYPE = ox.NamedNode(str(RDF.type))
_LABELS = (_TYPE, ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel)))
_CHAIN_LINKS = tuple(ox.NamedNode(str(link)) for link in _INCOMING_LINKS)
_CONTRIBUTES_TO = _CHAIN_LINKS[0]
_OxTriple = tuple[Any, Any, Any]


def _prepare_oxigraph(store: ox.Store, graph: URIRef, reach: Reach) -> _Prepared:
    """As ``_prepare``, read straight from Oxigraph: the graph's quads and its context found by
    look-ups (what validation-references.rq and validation-incoming.rq construct), copied once
    into both the rdflib graph and the SPARQL mirror."""
    own = [
        (q.subject, q.predicate, q.object)
        for q in native.quads(store, None, None, None, ox.NamedNode(str(graph)))
    ]
    context = _oxigraph_context(store, own)
    context.difference_update(own)
    triples = [*own, *context, *vocabulary_ox()]
    kept = reach.prune(triples, _ox_term)
    data = new_graph()
    mirror = SparqlMirror()
    mirror.copy_into(data, kept)
    reached = {s for s, _, _ in kept} & {s for s, _, _ in own}
    subjects: set[Node] = {from_ox(s) for s in reached}
    return _Prepared(data, mirror, subjects, len(own), len(context))


@cache
def _ox_term(term: Node) -> Any:
    return to_ox(cast(Term, term))


def _oxigraph_context(store: ox.Store, own: list[_OxTriple]) -> set[_OxTriple]:
    found: set[_OxTriple] = set()
    # validation-references.rq: types and labels of the IRIs the graph links to.
    for ref in {o for _, p, o in own if isinstance(o, ox.NamedNode) and p != _TYPE}:
        for predicate in _LABELS:
            found.update(
                (q.subject, q.predicate, q.object)
                for q in native.quads(store, ref, predicate, None, None)
            )
    # validation-incoming.rq: the typed sources of chain links into the goal chain that
    # leads (by contributesTo, at any depth) into a typed node of the graph. One look-up of
    # all links into a node: most nodes have none, and one call costs about what three do.
    targets = {s for s, p, _ in own if p == _TYPE}
    frontier = list(targets)
    while frontier:
        target = frontier.pop()
        for quad in store.quads_for_pattern(None, None, target, None):
            if quad.predicate not in _CHAIN_LINKS:
                continue
            source = quad.subject
            if quad.predicate == _CONTRIBUTES_TO and source not in targets:
                targets.add(source)
                frontier.append(source)
            types = [
                (source, _TYPE, q.object) for q in native.quads(store, source, _TYPE, None, None)
            ]
            if types:
                found.add((source, quad.predicate, target))
                found.update(types)
    return found


def _raw_oxigraph(store: Store) -> ox.Store | None:
    # Reading Oxigraph's quads directly saves converting every term twice (SPARQL results,
    # then rdflib), most of the time per graph.
    return store.native if isinstance(store, OxigraphStore) else None


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


def validate_graph(
    store: Store, graph: URIRef, *, shapes: Path | None = None, lang: str = "nb"
) -> GraphValidation:
    """Validate one named graph of a store with its context and goalgraph's vocabulary.

    Results about nodes of other graphs are left out: they belong to those graphs' reports.
    """
    started = time.perf_counter()
    reach = _reach(shapes)
    raw = _raw_oxigraph(store)
    prepared = (
        _prepare(store, graph, reach) if raw is None else _prepare_oxigraph(raw, graph, reach)
    )
    report = validate_complete(
        prepared.data, prepared.mirror, shapes=_shapes(shapes), lang=lang, own_shapes=True
    )
    report = _owned(report, prepared.subjects)
    seconds = time.perf_counter() - started
    logger.debug("validated <%s> (%d triples) in %.2f s", graph, prepared.triples, seconds)
    return GraphValidation(graph, prepared.triples, prepared.context, report, seconds)


# A worker process opens the store once and validates graph after graph with it.
_worker_store: list[Store] = []


def _open_in_worker(descriptor: str) -> None:
    _worker_store.append(open_store(descriptor, vocabulary=False, read_only=True))


def _validate_in_worker(graph: URIRef, shapes: Path | None, lang: str) -> GraphValidation:
    return validate_graph(_worker_store[0], graph, shapes=shapes, lang=lang)


def validate_store(
    store: Store,
    graphs: Sequence[URIRef] | None = None,
    *,
    workers: int = 2,
    shapes: Path | None = None,
    lang: str = "nb",
    progress: Callable[[GraphValidation], None] | None = None,
) -> StoreValidation:
    """Validate every data graph of ``store`` (or ``graphs``) on its own, ``workers`` at a time.

    Each worker process opens the store itself (an embedded store read-only); an in-memory
    store cannot be shared and is validated in this process. ``progress`` is called as each
    graph is done.
    """
    started = time.perf_counter()
    targets = list(graphs) if graphs is not None else [info.iri for info in data_graphs(store)]
    if store.descriptor == MEMORY or workers <= 1 or len(targets) <= 1:
        workers = 1
    done: list[GraphValidation] = []
    if workers == 1:
        for graph in targets:
            done.append(validate_graph(store, graph, shapes=shapes, lang=lang))
            if progress is not None:
                progress(done[-1])
    else:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_open_in_worker, initargs=(store.descriptor,)
        ) as pool:
            futures = [pool.submit(_validate_in_worker, g, shapes, lang) for g in targets]
            for future in as_completed(futures):
                done.append(future.result())
                if progress is not None:
                    progress(done[-1])
    done.sort(key=lambda item: str(item.graph))
    return StoreValidation(store.descriptor, done, workers, time.perf_counter() - started)
