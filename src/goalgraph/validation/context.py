"""One named graph with its context: what its nodes need from the rest of the store.

A party's graph is validated alone, but its nodes link to nodes described elsewhere (a
municipality's goal contributes to the agreement's goal; a measure resolves an assignment in
another graph), and shapes that ask whether a goal is served or measured need the links
that come in from other graphs. This module finds that context, the same way for store
validation, every write gate and the command line: on the union of the store's graphs,
leaving out the graph itself, so that when a new content is checked nothing of the old one
leaks back in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, TypeVar, cast

from rdflib import BNode, Graph, Node, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from goalgraph.namespace import GG
from goalgraph.store.base import Store, Term, Triple

if TYPE_CHECKING:
    from goalgraph.store.reader import NativeGraphs

K = TypeVar("K", bound=Hashable)

#: What is read of a node another graph describes: enough for sh:class and labels, and an
#: indicator's direction (a project's expected effect on it counts only with one).
DESCRIBING = (RDF.type, RDFS.label, SKOS.prefLabel, GG.direction)
#: The links followed into a graph's nodes from other graphs (gg:contributesTo transitively).
INCOMING = (GG.contributesTo, GG.realises, GG.measures)
_TYPE = RDF.type


@cache
def _link_targets() -> frozenset[URIRef]:
    """The classes an INCOMING link may point to: the ontology's ranges of those links and
    their subclasses (the goal classes). Only nodes of these are looked up for links from
    other graphs: a graph has far more typed nodes than goals. Found in the vocabulary as
    Oxigraph parses it: an rdflib parse costs several times more, and is kept."""
    from goalgraph.store.reader import rdflib_term

    return frozenset(rdflib_term(term) for term in _native_link_targets())


@dataclass(frozen=True)
class GraphContext:
    """A graph's content and the triples of other graphs it needs to be validated alone."""

    graph: URIRef
    content: tuple[Triple, ...]
    context: tuple[Triple, ...]

    @property
    def subjects(self) -> set[URIRef | BNode]:
        """The nodes the graph describes: validation reports results about these only."""
        return {s for s, _, _ in self.content if isinstance(s, URIRef | BNode)}


def graph_context(
    store: Store, graph: URIRef, content: Graph | Collection[Triple] | None = None
) -> GraphContext:
    """``graph`` of ``store`` (or ``content``, a graph or its triples, as its new content)
    with its context: the types and labels other graphs give the nodes it links to but does
    not describe, and the links into its typed nodes from other graphs (sub-goals
    contributing at any depth, the strategies realising and the indicators measuring those),
    with the linking nodes' types.
    """
    # Plain tuples: going through an rdflib graph costs several times more, and this runs
    # for every graph of a national store.
    triples: tuple[Triple, ...] = (
        tuple(content) if content is not None else tuple(store.triples(graph))  # type: ignore[arg-type]
    )
    targets = {cast(Term, c) for c in _link_targets()}
    found = find_context(triples, graph, store.match, _same, _is_iri, targets)
    return GraphContext(graph, triples, tuple(found))


@dataclass(frozen=True)
class NativeContext:
    """A graph's content and context as N-Triples terms (goalgraph.store.reader)."""

    graph: URIRef
    content: list[tuple[str, str, str]]
    context: list[tuple[str, str, str]]


def native_context(reader: NativeGraphs, graph: URIRef) -> NativeContext:
    """As ``graph_context``, read as N-Triples terms: no rdflib term is made."""
    triples = reader.triples(graph)
    targets = _native_link_targets()
    found = find_context(triples, graph, reader.match, reader.term, reader.is_iri, targets)
    return NativeContext(graph, triples, found)


@cache
def _native_link_targets() -> frozenset[str]:
    """_link_targets as N-Triples terms, from the vocabulary as Oxigraph parses it."""
    from goalgraph.store.reader import NativeGraphs

    vocabulary = NativeGraphs.vocabulary()
    return frozenset(link_targets_in(vocabulary, NativeGraphs.term, NativeGraphs.is_iri))


def link_targets_in(
    triples: Iterable[tuple[K, K, K]], term: Callable[[Node], K], is_iri: Callable[[K], bool]
) -> set[K]:
    """_link_targets of an ontology given as triples in the kind of terms ``term`` makes."""
    rng, sub_class_of = term(RDFS.range), term(RDFS.subClassOf)
    incoming = {term(p) for p in INCOMING}
    found: set[K] = set()
    subclasses: dict[K, list[K]] = {}
    for s, p, o in triples:
        if p == rng and s in incoming and is_iri(o):
            found.add(o)
        elif p == sub_class_of:
            subclasses.setdefault(o, []).append(s)
    frontier = list(found)
    while frontier:
        for sub in subclasses.get(frontier.pop(), ()):
            if is_iri(sub) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return found


def _same(term: Node) -> Term:
    return cast(Term, term)


def _is_iri(term: object) -> bool:
    return isinstance(term, URIRef)


def find_context(
    triples: Sequence[tuple[K, K, K]],
    graph: URIRef,
    match: Callable[..., list[tuple[K, K, K]]],
    term: Callable[[Node], K],
    is_iri: Callable[[K], bool],
    ranges: Collection[K],
) -> list[tuple[K, K, K]]:
    """The context of ``triples`` (graph_context's), found with ``match`` (Store.match's
    signature) in the kind of terms ``term`` maps rdflib terms to; ``ranges``: the classes
    whose instances incoming links are looked up for (``_link_targets``)."""
    rdf_type = term(_TYPE)
    contributes_to = term(GG.contributesTo)
    describing = [term(p) for p in DESCRIBING]
    incoming = [term(p) for p in INCOMING]
    described = {s for s, _, _ in triples}
    typed = {s for s, p, _ in triples if p == rdf_type}
    referenced = {o for _, p, o in triples if p != rdf_type and is_iri(o) and o not in described}
    found: dict[tuple[K, K, K], None] = {}
    for triple in match(sorted(referenced, key=str), describing, outside=graph):
        found[triple] = None
    targets = {s for s, p, o in triples if p == rdf_type and o in ranges and is_iri(s)}
    frontier = sorted(targets, key=str)
    while frontier:
        links = match(None, incoming, frontier, outside=graph)
        sources = sorted({s for s, _, _ in links if is_iri(s)}, key=str)
        types: dict[K, list[tuple[K, K, K]]] = {}
        for triple in match(sources, [rdf_type], outside=graph):
            types.setdefault(triple[0], []).append(triple)
        frontier = []
        for source, link, target in links:
            # Only typed sources count: the shapes ask what kind of node links in.
            if source not in types and source not in typed:
                continue
            found[(source, link, target)] = None
            found.update(dict.fromkeys(types.get(source, [])))
            if link == contributes_to and is_iri(source) and source not in targets:
                targets.add(source)
                frontier.append(source)
        frontier.sort(key=str)
    return list(found)
