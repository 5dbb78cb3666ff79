"""A view of one named graph of a store, with the vocabulary its queries need."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import Graph, URIRef

from goalgraph.errors import StoreError
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.store.base import GraphInfo, LoadResult, QueryResult, Store, Value


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
