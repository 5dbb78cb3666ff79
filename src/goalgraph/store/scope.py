"""A view of one named graph of a store, with the vocabulary its queries need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import Graph, URIRef

from goalgraph.errors import StoreError
from goalgraph.files import new_graph
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.store.base import (
    _NOWHERE,
    GraphInfo,
    LoadResult,
    QueryResult,
    Store,
    Term,
    Triple,
    Value,
)


class GraphScope(Store):
    """One party's graph of a store, read as if it were the whole store.

    Queries see the merge of the graph and the vocabulary graph (class hierarchy, labels
    of phases and SDG items): the analysis needs both, and nothing of other parties. The
    view is read-only; prefixes are the store's.
    """

    def __init__(self, store: Store, graph: URIRef, *, vocabulary: URIRef = ONTOLOGY_IRI) -> None:
        known = {info.iri for info in store.graphs()}
        if graph not in known:
            listed = ", ".join(f"<{iri}>" for iri in sorted(known)) or "none"
            raise StoreError(
                f"the store {store.descriptor} has no graph <{graph}>; its graphs: {listed}"
            )
        self.store = store
        self.graph = graph
        self.dataset = (graph,) if graph == vocabulary else (graph, vocabulary)
        self.descriptor = f"{store.descriptor} <{graph}>"
        self.concurrent_reads = store.concurrent_reads

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        return self.store.query(sparql, bindings, default_graph=default_graph or self.dataset)

    def update(self, sparql: str) -> None:
        raise StoreError(f"{self.descriptor}: a graph scope is read-only; update the store")

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        raise StoreError(f"{self.descriptor}: a graph scope is read-only; load into the store")

    def graphs(self) -> list[GraphInfo]:
        return [GraphInfo(self.graph, self.store.triples_count(self.graph))]

    def triples_count(self, graph: URIRef | None = None) -> int:
        return self.store.triples_count(self.graph if graph is None else graph)

    def export(self, graph: URIRef | None = None) -> Graph:
        return self.store.export(self.graph if graph is None else graph)

    def close(self) -> None:
        """Nothing to release: the store belongs to whoever opened it."""

    def prefixes(self) -> dict[str, str]:
        return self.store.prefixes()


class GraphSetScope(Store):
    """Several named graphs of a store read as if they were the whole store (a plan version
    and the graphs every version shares), with the vocabulary; read-only, prefixes are the
    store's."""

    def __init__(
        self,
        store: Store,
        graphs: Sequence[URIRef],
        *,
        name: str,
        vocabulary: URIRef = ONTOLOGY_IRI,
    ) -> None:
        self.store = store
        self.members = tuple(dict.fromkeys(graphs))
        self.dataset = tuple(dict.fromkeys([*self.members, vocabulary]))
        self.descriptor = f"{store.descriptor} ({name})"
        self.concurrent_reads = store.concurrent_reads

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        return self.store.query(sparql, bindings, default_graph=default_graph or self.dataset)

    def update(self, sparql: str) -> None:
        raise StoreError(f"{self.descriptor}: a view of some graphs is read-only; update the store")

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        raise StoreError(f"{self.descriptor}: a view of some graphs is read-only; load the store")

    def graphs(self) -> list[GraphInfo]:
        members = set(self.members)
        return [info for info in self.store.graphs() if info.iri in members]

    def graph_names(self) -> list[URIRef]:
        members = set(self.members)
        return [name for name in self.store.graph_names() if name in members]

    def triples_count(self, graph: URIRef | None = None) -> int:
        if graph is not None:
            return self.store.triples_count(graph)
        return sum(info.triples for info in self.graphs())

    def triples(self, graph: URIRef) -> list[Triple]:
        return self.store.triples(graph)

    def export(self, graph: URIRef | None = None) -> Graph:
        if graph is not None:
            return self.store.export(graph)
        merged = new_graph()
        for member in self.members:
            merged += self.store.export(member)
        return merged

    def match(
        self,
        subjects: Sequence[Term] | None,
        predicates: Sequence[URIRef],
        objects: Sequence[Term] | None = None,
        *,
        outside: URIRef | None = None,
    ) -> list[Triple]:
        # Only the triples of the graphs in view and the vocabulary (the SDG module's goals are
        # there), as the store's own look-up sees its every graph.
        from goalgraph.sparql.library import select

        if (subjects is not None and not subjects) or (objects is not None and not objects):
            return []
        params = {
            "subject": subjects,
            "predicate": predicates,
            "object": objects,
            "g": list(self.dataset),
            "outside": outside or _NOWHERE,
        }
        rows = select(self.store, "match", params).rows
        return [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]

    def close(self) -> None:
        """Nothing to release: the store belongs to whoever opened it."""

    def prefixes(self) -> dict[str, str]:
        return self.store.prefixes()
