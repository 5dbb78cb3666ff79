"""Reading an embedded store's graphs as N-Triples terms, for whole-store validation.

Validating a national store reads every graph and its context once: making each of
millions of terms an rdflib term (or a pyoxigraph object) cost more than the validation
itself. Here a graph is read as Oxigraph writes it, in N-Triples, and each term stays the
text N-Triples gives it (``<iri>``, ``_:id``, ``"text"@nb``): one string, opaque and cheap
to hash for the caller. Only what rdflib must see is converted, and the SHACL engine is
handed an in-memory Oxigraph store of the triples it checks, which it reads natively.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Graph, Node, URIRef

from goalgraph.files import new_graph
from goalgraph.store import native
from goalgraph.store.base import Term
from goalgraph.store.oxigraph import from_ox, graph_node, term_converter, to_ox

#: A triple of N-Triples terms.
TextTriple = tuple[str, str, str]

_NT = ox.RdfFormat.N_TRIPLES
#: How a typed literal other than xsd:string ends its N-Triples text (xsd:string and
#: language-tagged literals are written without a datatype).
_TYPED = '"^^<'


@lru_cache(maxsize=4096)
def _text(term: Node) -> str:
    # Shapes, vocabulary and context look-ups name the same few hundred terms every graph.
    return str(to_ox(cast(Term, term)))


def _node(text: str) -> Any:
    """The pyoxigraph term for an N-Triples term text."""
    if text.startswith("<"):
        return ox.NamedNode(text[1:-1])
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    return next(iter(ox.parse(f"<x:s> <x:p> {text} .", format=_NT))).object


@cache
def vocabulary_triples() -> tuple[TextTriple, ...]:
    """The core ontology and the SDG module (goalgraph.files.vocabulary's files) as N-Triples
    terms, parsed by Oxigraph once per process: several times faster than rdflib, which
    each validation worker paid before its first graph."""
    from goalgraph.resources import core_ontology_path, sdg_module_path

    paths = [core_ontology_path(), sdg_module_path()]
    found: dict[TextTriple, None] = {}
    for path in paths:
        if not path.is_file():
            continue
        for q in ox.parse(
            path=str(path),
            format=ox.RdfFormat.TURTLE,
            base_iri=path.resolve().as_uri(),
            rename_blank_nodes=True,
        ):
            found[(str(q.subject), str(q.predicate), str(q.object))] = None
    return tuple(found)


def _lines(triples: Iterable[TextTriple]) -> str:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


class NativeGraphs:
    """The graphs of one pyoxigraph store read as N-Triples terms (see the module's doc)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    @staticmethod
    def term(node: Node) -> str:
        """The N-Triples text of an rdflib term, as this store writes it."""
        return _text(node)

    @staticmethod
    def vocabulary() -> tuple[TextTriple, ...]:
        """The ontology and the SDG module (see ``vocabulary_triples``)."""
        return vocabulary_triples()

    @staticmethod
    def is_iri(term: str) -> bool:
        return term.startswith("<")

    def triples(self, graph: URIRef) -> list[TextTriple]:
        """The triples of one named graph."""
        dumped = self._store.dump(format=_NT, from_graph=graph_node(graph))
        text = dumped.decode("utf-8") if dumped is not None else ""
        found: list[TextTriple] = []
        for line in text.splitlines():
            # Oxigraph writes "S P O .": neither an IRI nor a blank node holds a space.
            s, p, rest = line.split(" ", 2)
            found.append((s, p, rest[:-2]))
        return found

    def match(
        self,
        subjects: Sequence[str] | None,
        predicates: Sequence[str],
        objects: Sequence[str] | None = None,
        *,
        outside: URIRef | None = None,
    ) -> list[TextTriple]:
        """As ``Store.match``, in N-Triples terms (predicates too)."""
        left_out = graph_node(outside) if outside is not None else None
        anything: list[Any] = [None]
        found: dict[TextTriple, None] = {}
        for s in anything if subjects is None else [_node(t) for t in subjects]:
            for p in [_node(t) for t in predicates]:
                for o in anything if objects is None else [_node(t) for t in objects]:
                    for q in native.quads(self._store, s, p, o, None):
                        if q.graph_name != left_out and not isinstance(
                            q.graph_name, ox.DefaultGraph
                        ):
                            found[(str(q.subject), str(q.predicate), str(q.object))] = None
        return list(found)

    def to_rdflib(self, triples: Iterable[TextTriple], *, plain: bool = False) -> Graph:
        """The triples as an rdflib graph; ``plain``: one without contexts or bound prefixes,
        twice as fast to fill, for reading triples back only."""
        convert = term_converter()
        graph = Graph(store="SimpleMemory") if plain else new_graph()
        parsed = ox.parse(_lines(triples), format=_NT)
        graph.addN(
            (convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in parsed
        )
        return graph

    def engine_input(self, triples: Iterable[TextTriple]) -> Any:
        """An in-memory Oxigraph store of the triples for a SHACL engine, each typed literal in
        the lexical form rdflib gives it ("01" becomes "1"), as the pySHACL route and the
        rdflib graph the report is read from see them: both engines must judge the same."""
        store = ox.Store()
        # The blank nodes keep their names (parse renames none; Store.load would), so that
        # the report's blank focus nodes are the data's.
        store.extend(ox.parse(_lines((s, p, _canonical(o)) for s, p, o in triples), format=_NT))
        return store


def _canonical(term: str) -> str:
    if term.startswith('"') and _TYPED in term:
        return _canonical_literal(term)
    return term


@lru_cache(maxsize=65536)
def _canonical_literal(term: str) -> str:
    return str(to_ox(from_ox(_node(term))))
