"""The in-memory store on an rdflib Dataset, for small models and tests."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from goalgraph.errors import QueryError, QuerySyntaxError
from goalgraph.files import new_graph, parse_file, rdf_files
from goalgraph.sparql.text import render
from goalgraph.store import hashjoin
from goalgraph.store.base import (
    AskResult,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
    Triple,
    Value,
)
from goalgraph.store.hashjoin import hash_joins

logger = logging.getLogger(__name__)


def _query_error(exc: Exception) -> bool:
    from pyparsing import ParseException

    # rdflib reports some malformed queries (an unknown prefix) with a bare Exception.
    return isinstance(exc, (ParseException, ValueError)) or type(exc) is Exception


def _term(value: object) -> Term | None:
    if value is None or isinstance(value, (URIRef, BNode, Literal)):
        return value
    raise QueryError(f"the query returned a value goalgraph cannot represent: {value!r}")


class MemoryStore(Store):
    """An rdflib Dataset whose default graph, as queries see it, is the union of all graphs."""

    #: rdflib's SPARQL engine is not safe for concurrent use (and holds the GIL): one query
    #: at a time (goalgraph.store.concurrent).
    concurrent_reads = False

    def __init__(self, descriptor: str = "memory:") -> None:
        # The store's query engine comes with the store, not with its first question.
        hashjoin.register()
        self.descriptor = descriptor
        self._dataset = Dataset(default_union=True)
        # rdflib's memory store is not safe for a read during a write.
        self._lock = threading.RLock()
        # Merges of some graphs as a query's default graph, until the next write: rdflib's
        # ReadOnlyGraphAggregate answers property paths over several graphs very slowly.
        self._changes = 0
        self._merged: dict[tuple[URIRef, ...], tuple[int, Graph]] = {}

    def _merge(self, graphs: Sequence[URIRef]) -> Graph:
        key = tuple(graphs)
        found = self._merged.get(key)
        if found is not None and found[0] == self._changes:
            return found[1]
        merged = Graph()
        for graph in graphs:
            merged += self._graph(graph)
        self._merged[key] = (self._changes, merged)
        return merged

    def _graph(self, graph: URIRef | None) -> Graph:
        return self._dataset.graph(graph if graph is not None else DATASET_DEFAULT_GRAPH_ID)

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        with self._lock, hash_joins():
            source: Graph = self._dataset
            if default_graph is not None:
                source = (
                    self._graph(default_graph[0])
                    if len(default_graph) == 1
                    else self._merge(default_graph)
                )
            try:
                result = source.query(render(sparql, bindings).text)
                if result.type == "ASK":
                    return AskResult(bool(result.askAnswer))
                if result.type == "SELECT":
                    variables = tuple(str(v) for v in result.vars or ())
                    rows = tuple(tuple(_term(v) for v in row) for row in result)  # type: ignore[union-attr]
                    return SelectResult.of(variables, rows)
            except Exception as exc:
                from pyparsing import ParseException

                if isinstance(exc, ParseException):
                    raise QuerySyntaxError(exc.msg, line=exc.lineno, column=exc.col) from exc
                if not _query_error(exc):
                    raise
                raise QueryError(f"SPARQL error: {exc}") from exc
            out = new_graph()
            if result.graph is not None:
                out += result.graph
            return out

    def update(self, sparql: str) -> None:
        with self._lock, hash_joins():
            self._changes += 1
            try:
                self._dataset.update(sparql)
            except Exception as exc:
                if not _query_error(exc):
                    raise
                raise QueryError(f"SPARQL Update error: {exc}") from exc

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        paths = rdf_files(files)
        scratch = Graph()
        for path in paths:
            parse_file(scratch, path)
        with self._lock:
            self._changes += 1
            target = self._graph(graph)
            if replace:
                target.remove((None, None, None))
            target += scratch
            size = len(target)
        logger.info("loaded %d triples into %s", len(scratch), graph or "the default graph")
        return LoadResult(graph, size, tuple(paths))

    def match(
        self,
        subjects: Sequence[Term] | None,
        predicates: Sequence[URIRef],
        objects: Sequence[Term] | None = None,
        *,
        outside: URIRef | None = None,
    ) -> list[Triple]:
        # rdflib's indexes answer each bound pattern at once; its SPARQL engine would join
        # every triple of every graph first.
        found: dict[Triple, None] = {}
        with self._lock:
            for s in [None] if subjects is None else subjects:
                for p in predicates:
                    for o in [None] if objects is None else objects:
                        for s2, p2, o2, context in self._dataset.quads((s, p, o, None)):
                            name = getattr(context, "identifier", context)
                            if name not in (outside, DATASET_DEFAULT_GRAPH_ID):
                                found[(s2, p2, o2)] = None  # type: ignore[index]
        return list(found)

    def graphs(self) -> list[GraphInfo]:
        with self._lock:
            found = [
                GraphInfo(URIRef(str(g.identifier)), len(g))
                for g in self._dataset.graphs()
                if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
            ]
        return sorted(found, key=lambda info: str(info.iri))

    def triples_count(self, graph: URIRef | None = None) -> int:
        with self._lock:
            if graph is not None:
                return len(self._graph(graph))
            return sum(len(g) for g in self._dataset.graphs())

    def triples(self, graph: URIRef) -> list[Triple]:
        # Read from the graph itself: a copy (export) would be built only to be thrown away,
        # and an rdflib Graph is freed by the garbage collector's next full pass only.
        with self._lock:
            return list(self._graph(graph).triples((None, None, None)))  # type: ignore[arg-type]

    def export(self, graph: URIRef | None = None) -> Graph:
        out = new_graph()
        with self._lock:
            if graph is None:
                for triple in self._dataset.triples((None, None, None)):
                    out.add(triple)
            else:
                out += self._graph(graph)
        return out

    def close(self) -> None:
        self._dataset.close()
