"""Reading an embedded store's graphs as N-Triples terms, for whole-store validation.

Validating a national store reads every graph and its context once: making each of
millions of terms an rdflib term (or a pyoxigraph object) cost more than the validation
itself. Here a graph is read as Oxigraph writes it, in N-Triples, and each term stays the
text N-Triples gives it (``<iri>``, ``_:id``, ``"text"@nb``): one string, opaque and cheap
to hash for the caller. Only what rdflib must see is converted, and the SHACL engine is
handed the triples it checks as N-Triples text, which it parses natively.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from functools import cache, lru_cache
from itertools import repeat
from operator import itemgetter
from typing import Any, cast

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.store import Store

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
#: The instances of the classes, each class given as (class number).
_INSTANCES = "SELECT ?s ?k WHERE { VALUES (?c ?k) { %s } ?s a ?c }"
#: The triples of the predicates, each given as (predicate number).
_PAIRS = "SELECT ?s ?k ?o WHERE { VALUES (?p ?k) { %s } ?s ?p ?o }"
#: As _PAIRS, with each subject given as (subject number) written as its number.
_MAPPED = """SELECT ?x ?k ?o WHERE {
  { SELECT ?s ?k ?o WHERE { VALUES (?p ?k) { %s } ?s ?p ?o } }
  OPTIONAL { VALUES (?s ?j) { %s } }
  BIND (IF(BOUND(?j), ?j, ?s) AS ?x)
}"""


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

    def __init__(self, store: ox.Store, *, remember: bool = False) -> None:
        """``remember``: keep what ``match`` finds about given subjects, for a reader used
        while the store does not change (validating a store graph by graph, where the
        municipalities link to the same national nodes, read again for every graph)."""
        self._store = store
        self._remembered: dict[tuple[str, str], list[tuple[TextTriple, str]]] | None = (
            {} if remember else None
        )

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

        Reading costs what Oxigraph spends writing each term out (a look-up of its text for
        every IRI and long literal, even one written just before), so each term is written
        as few times as it can be: the graph's name never; a predicate or a class never (each
        stands for a number bound with the query); a typed subject once, with its class, and
        by its number in the triples of the other predicates (read all in one query); and the
        answers come as TSV text, not one Python object per solution. A dump writes all four
        terms of every triple, which made reading the graph nearly half of its validation.
        """
        name = graph_node(graph)
        predicates = self._column(_PREDICATES, name)
        kinds = self._column(_CLASSES, name) if _RDF_TYPE in predicates else []
        found: list[TextTriple] = []
        typed: list[str] = []
        if kinds and all(kind.startswith("<") for kind in kinds):
            predicates.remove(_RDF_TYPE)
            numbered = " ".join(f"({kind} {i})" for i, kind in enumerate(kinds))
            subjects, numbers = _columns(self._body(_INSTANCES % numbered, name), 2)
            kind = _numbered(kinds).__getitem__
            found += zip(subjects, repeat(_RDF_TYPE), map(kind, numbers))
            # A blank node in a query would be a variable: those are written each time.
            typed = [s for s in dict.fromkeys(subjects) if s.startswith("<")]
        # else a blank node or a literal is a "class": the rdf:type pairs are read as any
        # predicate's.
        if not predicates:
            return found
        numbered = " ".join(f"({p} {i})" for i, p in enumerate(predicates))
        if typed:
            sparql = _MAPPED % (numbered, " ".join(f"({s} {i})" for i, s in enumerate(typed)))
        else:
            sparql = _PAIRS % numbered
        body = self._body(sparql, name)
        subjects, numbers, objects = _columns(body, 3)
        if typed:  # a typed subject is written as its number
            by_number = _numbered(typed)
            subjects = list(map(by_number.get, subjects, subjects))
        if "\\" in body or not set(map(itemgetter(0), objects)) <= _AS_IN_N_TRIPLES:
            objects = [
                o if o[0] in _AS_IN_N_TRIPLES and "\\" not in o else _from_tsv(o) for o in objects
            ]
        predicate = _numbered(predicates).__getitem__
        found += zip(subjects, map(predicate, numbers), objects, strict=True)
        return found

    def _body(self, sparql: str, graph: ox.NamedNode | ox.DefaultGraph) -> str:
        # Oxigraph's TSV without its header line and its last line break (see _lines).
        table = native.query_table(self._store, sparql, default_graph=graph)
        assert isinstance(table, native.Table)
        text = table.text
        return text[text.find("\n") + 1 :].removesuffix("\n")

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
        if self._remembered is not None and subjects is not None and objects is None:
            return self._match_remembered(subjects, predicates, outside)
        found = native.named_quads(
            self._store,
            None if subjects is None else [_node(t) for t in subjects],
            [_node(t) for t in predicates],
            None if objects is None else [_node(t) for t in objects],
            graph_node(outside) if outside is not None else None,
        )
        return list(dict.fromkeys((str(q.subject), str(q.predicate), str(q.object)) for q in found))

    def _match_remembered(
        self, subjects: Sequence[str], predicates: Sequence[str], outside: URIRef | None
    ) -> list[TextTriple]:
        # As match: the same look-ups in the same order, each read from the store once with
        # its quads' graphs, those in ``outside`` left out here.
        assert self._remembered is not None
        excluded = str(graph_node(outside)) if outside is not None else None
        found: dict[TextTriple, None] = {}
        for subject in subjects:
            for predicate in predicates:
                quads = self._remembered.get((subject, predicate))
                if quads is None:
                    quads = self._remembered[(subject, predicate)] = [
                        ((str(q.subject), str(q.predicate), str(q.object)), str(q.graph_name))
                        for q in native.named_quads(
                            self._store, [_node(subject)], [_node(predicate)]
                        )
                    ]
                found.update((triple, None) for triple, graph in quads if graph != excluded)
        return list(found)

    def to_rdflib(self, triples: Iterable[TextTriple], *, plain: bool = False) -> Graph:
        """The triples as an rdflib graph; ``plain``: a read-only view of them (TextStore),
        for reading triples back only, made several times faster than a graph is filled."""
        if plain:
            return Graph(store=TextStore(triples))
        graph = new_graph()
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
#: How a term TSV writes as N-Triples does begins (an IRI, a blank node, a literal in
#: quotes without escapes), unlike a bare number or boolean.
_AS_IN_N_TRIPLES = frozenset('<_"')


def _columns(body: str, width: int) -> list[list[str]]:
    """The columns of TSV lines of ``width`` fields (tabs and line breaks in literals are
    escaped in TSV), split once for the whole answer."""
    if not body:
        return [[] for _ in range(width)]
    cells = body.replace("\n", "\t").split("\t")
    return [cells[i::width] for i in range(width)]


def _numbered(terms: list[str]) -> dict[str, str]:
    """The terms by the number a query's answer writes for each (its place in ``terms``)."""
    return {str(i): term for i, term in enumerate(terms)}


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


class TextStore(Store):
    """A read-only rdflib store of N-Triples term texts: the triples are grouped by predicate
    as given, indexed by subject or object for a predicate when first asked so, and each term
    becomes an rdflib term only when a match returns it. Filling an rdflib graph cost more
    than every look-up the validation report then makes in it."""

    def __init__(self, triples: Iterable[TextTriple]) -> None:
        super().__init__()
        self._pairs: dict[str, list[tuple[str, str]]] = {}
        # Triples rdflib holds once: two texts of a typed literal may be one rdflib term
        # ("01" and "1" as integers; _canonical gives rdflib's), and a graph keeps the first.
        seen: set[TextTriple] = set()
        for s, p, o in triples:
            key = (s, p, _canonical(o))
            if key not in seen:
                seen.add(key)
                self._pairs.setdefault(p, []).append((s, o))
        self._count = len(seen)
        self._by_subject: dict[str, dict[str, list[str]]] = {}
        self._by_object: dict[str, dict[str, list[str]]] = {}

    def triples(
        self, triple_pattern: Any, context: Any = None
    ) -> Iterator[tuple[tuple[Any, Any, Any], Iterator[Any]]]:
        subject, predicate, object_ = triple_pattern
        for p in self._pairs if predicate is None else [_pattern_text(predicate)]:
            for s, o in self._matches(p, subject, object_):
                yield (rdflib_term(s), rdflib_term(p), rdflib_term(o)), iter(())

    def _matches(self, p: str, subject: Any, object_: Any) -> Iterable[tuple[str, str]]:
        pairs = self._pairs.get(p)
        if pairs is None:
            return ()
        if subject is not None:
            s = _pattern_text(subject)
            found = [(s, o) for o in _indexed(self._by_subject, p, pairs, 0).get(s, ())]
            if object_ is None:
                return found
            return [(s, o) for s, o in found if rdflib_term(o) == object_]
        if isinstance(object_, Literal):
            # Equal as rdflib literals, whatever the text.
            return [(s, o) for s, o in pairs if o.startswith('"') and rdflib_term(o) == object_]
        if object_ is not None:
            o = _pattern_text(object_)
            return [(s, o) for s in _indexed(self._by_object, p, pairs, 1).get(o, ())]
        return pairs

    def __len__(self, context: Any = None) -> int:
        return self._count

    def contexts(self, triple: Any = None) -> Generator[Any, None, None]:
        yield from ()

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise TypeError("a TextStore is read-only")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise TypeError("a TextStore is read-only")


def _indexed(
    indexes: dict[str, dict[str, list[str]]], p: str, pairs: list[tuple[str, str]], key: int
) -> dict[str, list[str]]:
    index = indexes.get(p)
    if index is None:
        index = indexes[p] = {}
        for pair in pairs:
            index.setdefault(pair[key], []).append(pair[1 - key])
    return index


def _pattern_text(term: Any) -> str:
    """The N-Triples text of an rdflib term in a triple pattern (a term, not a path)."""
    if not isinstance(term, URIRef | BNode | Literal):
        raise TypeError(f"a TextStore matches terms only, not {term!r}")
    return _text(term)
