"""A read-only rdflib Graph over a goalgraph Store, so page code reads the store itself."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, cast

from rdflib import Graph, URIRef, Variable
from rdflib.graph import _ContextType, _TriplePatternType, _TripleType
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.store import Store as RdflibStore
from rdflib.term import Identifier

from goalgraph.namespace import PREFIXES
from goalgraph.store import AskResult, SelectResult, Store, Term

_PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def with_prefixes(text: str, namespaces: Mapping[str, Any]) -> str:
    """The query with PREFIX declarations for the namespaces it uses but does not declare."""
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in namespaces.items() if p and p not in declared]
    return "\n".join([*missing, text])


class StoreView(RdflibStore):
    """rdflib's store interface answered by SPARQL on a goalgraph Store (union of its graphs).

    Query strings go to the store's engine as they are; triple patterns become small SELECTs.
    Writing is not supported: the web app writes through the Store itself.
    """

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.backend = store

    def triples(
        self, triple_pattern: _TriplePatternType, context: _ContextType | None = None
    ) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        bound: dict[str, Term] = {}
        for name, term in zip(("s", "p", "o"), triple_pattern, strict=True):
            if term is None:
                continue
            if not isinstance(term, Identifier) or isinstance(term, Variable):
                raise NotImplementedError("only plain RDF terms can be matched on a store")
            bound[name] = term  # type: ignore[assignment]
        result = self.backend.query(_TRIPLES, bound)
        if not isinstance(result, SelectResult):
            return
        s, p, o = triple_pattern
        for row in result:
            values = dict(zip(result.variables, row, strict=True))
            triple = (values.get("s", s), values.get("p", p), values.get("o", o))
            yield triple, iter(())  # type: ignore[misc]

    def __len__(self, context: _ContextType | None = None) -> int:
        return self.backend.triples_count()

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        known = {**self.backend.prefixes(), **{p: str(ns) for p, ns in PREFIXES.items()}}
        for prefix, namespace in known.items():
            yield prefix, URIRef(namespace)

    def query(
        self,
        query: Query | str,
        initNs: Mapping[str, Any],
        initBindings: Mapping[str, Identifier],
        queryGraph: str,
        **kwargs: Any,
    ) -> Result:
        if not isinstance(query, str):
            # A prepared query has lost its text; rdflib evaluates it over triples().
            raise NotImplementedError
        bindings = {str(k): v for k, v in initBindings.items()}
        answer = self.backend.query(with_prefixes(query, initNs), bindings)  # type: ignore[arg-type]
        if isinstance(answer, AskResult):
            result = Result("ASK")
            result.askAnswer = answer.value
            return result
        if isinstance(answer, SelectResult):
            result = Result("SELECT")
            names = [Variable(v) for v in answer.variables]
            result.vars = names
            result.bindings = [
                {n: t for n, t in zip(names, row, strict=True) if t is not None} for row in answer
            ]
            return result
        result = Result("CONSTRUCT")
        result.graph = answer
        return result

    def add(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("the web app writes through the Store, not through rdflib")

    def remove(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("the web app writes through the Store, not through rdflib")


def store_graph(store: Store) -> Graph:
    """An rdflib Graph whose reads and queries run on ``store``."""
    graph = Graph(store=StoreView(store))
    for prefix, namespace in store.prefixes().items():
        graph.bind(prefix, namespace, override=False)
    return graph


def engine(graph: Graph) -> Graph:
    """The goalgraph Store behind a view graph (else ``graph`` itself), for the functions
    that run named queries and accept a Store in place of a Graph (trace, projects_serving,
    portfolio_report, run_query).

    rdflib evaluates a parsed query on a view pattern by pattern, each pattern one query
    on the store (seconds at national scale); handed the Store, such functions send their
    query text to the store's own engine (milliseconds).
    """
    if isinstance(graph.store, StoreView):
        # Typed as a Graph because those functions are; each of them also takes a Store.
        return cast(Graph, graph.store.backend)
    return graph


__all__ = ["StoreView", "engine", "store_graph", "with_prefixes"]
