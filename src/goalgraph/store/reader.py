"""Reading an embedded store's graphs as N-Triples terms, for whole-store validation.

Validating a national store reads every graph and its context once: making each of
millions of terms an rdflib term (or a pyoxigraph object) cost more than the validation
itself. Here a graph is read as Oxigraph writes it, in N-Triples, and each term stays the
text N-Triples gives it (``<iri>``, ``_:id``, ``"text"@nb``): one string, opaque and cheap
to hash for the caller. Only what rdflib must see is converted, and the SHACL engine is
handed the triples it checks as N-Triples text, which it parses natively.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef

from goalgraph.files import new_graph
from goalgraph.store import native
from goalgraph.store.base import Term
from goalgraph.store.oxigraph import from_ox, graph_node, to_ox

#: A triple of N-Triples terms.
TextTriple = tuple[str, str, str]

_NT = ox.RdfFormat.N_TRIPLES
#: How a typed literal other than xsd:string ends its N-Triples text (xsd:string and
#: language-tagged literals are written without a datatype).
_TYPED = '"^^<'
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


# The reads of one graph (its name the default graph). The terms filled in are the store's
# own, as it writes them in N-Triples: IRIs it holds, which can hold no ">" or space.
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_PREDICATES = "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"
_CLASSES = "SELECT DISTINCT ?o WHERE { ?s a ?o }"
_INSTANCES = "SELECT ?s WHERE { ?s a %s }"
_PAIRS = "SELECT ?s ?o WHERE { ?s %s ?o }"


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
        """The triples of one named graph.

        Reading costs what Oxigraph spends writing each term out, so each term is written
        once where it can be: the graph's name never, a predicate once for all its triples,
        a class once for all its instances (a dump writes all four for every triple, which
        made reading the graph nearly half of its validation); and the answers come as TSV
        text, not one Python object per solution.
        """
        name = graph_node(graph)
        found: list[TextTriple] = []
        for predicate in self._column(_PREDICATES, name):
            kinds = self._column(_CLASSES, name) if predicate == _RDF_TYPE else []
            if kinds and all(kind.startswith("<") for kind in kinds):
                for kind in kinds:
                    found += ((s, predicate, kind) for s in self._column(_INSTANCES % kind, name))
            else:  # a blank node in a query would be a variable: read the pairs
                for line in self._lines(_PAIRS % predicate, name):
                    s, o = line.split("\t")
                    found.append((_from_tsv(s), predicate, _from_tsv(o)))
        return found

    def _lines(self, sparql: str, graph: ox.NamedNode | ox.DefaultGraph) -> list[str]:
        # Oxigraph's TSV: a header, then one line per solution, tabs and line breaks inside
        # literals escaped. Read to the end here (see goalgraph.store.native).
        table = native.query_table(self._store, sparql, default_graph=graph)
        assert isinstance(table, native.Table)
        lines = table.text.split("\n")
        return lines[1:-1] if lines[-1] == "" else lines[1:]

    def _column(self, sparql: str, graph: ox.NamedNode | ox.DefaultGraph) -> list[str]:
        return [_from_tsv(term) for term in self._lines(sparql, graph)]

    def match(
        self,
        subjects: Sequence[str] | None,
        predicates: Sequence[str],
        objects: Sequence[str] | None = None,
        *,
        outside: URIRef | None = None,
    ) -> list[TextTriple]:
        """As ``Store.match``, in N-Triples terms (predicates too)."""
        found = native.named_quads(
            self._store,
            None if subjects is None else [_node(t) for t in subjects],
            [_node(t) for t in predicates],
            None if objects is None else [_node(t) for t in objects],
            graph_node(outside) if outside is not None else None,
        )
        return list(dict.fromkeys((str(q.subject), str(q.predicate), str(q.object)) for q in found))

    def to_rdflib(self, triples: Iterable[TextTriple], *, plain: bool = False) -> Graph:
        """The triples as an rdflib graph; ``plain``: one without contexts or bound prefixes,
        twice as fast to fill, for reading triples back only."""
        graph = Graph(store="SimpleMemory") if plain else new_graph()
        graph.addN((rdflib_term(s), rdflib_term(p), rdflib_term(o), graph) for s, p, o in triples)
        return graph

    @staticmethod
    def engine_text(triples: Iterable[TextTriple]) -> str:
        """The triples as N-Triples for a SHACL engine that reads them (no store in between),
        each typed literal in the lexical form rdflib gives it ("01" becomes "1"), as the
        pySHACL route and the rdflib graph the report is read from see them: both engines
        must judge the same."""
        return _lines((s, p, _canonical(o)) for s, p, o in triples)


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _from_tsv(term: str) -> str:
    """The N-Triples text (as Oxigraph writes it) of a term in Oxigraph's TSV results, which
    writes a number or boolean bare when its lexical form is Turtle's."""
    first = term[0]
    if first == "<" or first == "_":
        return term
    if first == '"':
        # An escape may be written otherwise in TSV (a tab is escaped there only).
        return str(_node(term)) if "\\" in term else term
    if term in ("true", "false"):
        kind = "boolean"
    elif "e" in term or "E" in term:
        kind = "double"
    elif "." in term:
        kind = "decimal"
    else:
        kind = "integer"
    return f'"{term}"^^<{_XSD}{kind}>'


@lru_cache(maxsize=65536)
def rdflib_term(text: str) -> Any:
    """The rdflib term for an N-Triples term text, as ``from_ox`` makes it; remembered, as
    the predicates, classes and shared values come back in every graph."""
    if text.startswith("<"):
        return URIRef(text[1:-1])
    if text.startswith("_:"):
        return BNode(text[2:])
    if "\\" not in text:
        # No escape to undo: the lexical form is the text between the first and last quote.
        end = text.rindex('"')
        lexical, rest = text[1:end], text[end + 1 :]
        if not rest:
            return Literal(lexical)
        if rest.startswith("@"):
            return Literal(lexical, lang=rest[1:])
        datatype = rest[3:-1]
        if datatype == _XSD_STRING:
            return Literal(lexical)
        return Literal(lexical, datatype=URIRef(datatype))
    return from_ox(_node(text))


def _canonical(term: str) -> str:
    if term.startswith('"') and _TYPED in term:
        return _canonical_literal(term)
    return term


@lru_cache(maxsize=65536)
def _canonical_literal(term: str) -> str:
    return str(to_ox(from_ox(_node(term))))
