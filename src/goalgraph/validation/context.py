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

from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from goalgraph.files import vocabulary
from goalgraph.namespace import GG
from goalgraph.store.base import Store, Triple

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
    other graphs: a graph has far more typed nodes than goals."""
    ontology = vocabulary()
    found = {r for p in INCOMING for r in ontology.objects(p, RDFS.range) if isinstance(r, URIRef)}
    frontier = list(found)
    while frontier:
        for sub in ontology.subjects(RDFS.subClassOf, frontier.pop()):
            if isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                frontier.append(sub)
    return frozenset(found)


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


def graph_context(store: Store, graph: URIRef, content: Graph | None = None) -> GraphContext:
    """``graph`` of ``store`` (or ``content`` as its new content) with its context: the types
    and labels other graphs give the nodes it links to but does not describe, and the links
    into its typed nodes from other graphs (sub-goals contributing at any depth, the
    strategies realising and the indicators measuring those), with the linking nodes' types.
    """
    # Plain tuples: going through an rdflib graph costs several times more, and this runs
    # for every graph of a national store.
    triples: tuple[Triple, ...] = (
        tuple(content) if content is not None else tuple(store.triples(graph))  # type: ignore[arg-type]
    )
    described = {s for s, _, _ in triples}
    typed = {s for s, p, _ in triples if p == _TYPE}
    referenced = {
        o for _, p, o in triples if isinstance(o, URIRef) and p != _TYPE and o not in described
    }
    found: dict[Triple, None] = {}
    for triple in store.match(sorted(referenced), DESCRIBING, outside=graph):
        found[triple] = None
    ranges = _link_targets()
    targets: set[URIRef] = {
        s for s, p, o in triples if p == _TYPE and o in ranges and isinstance(s, URIRef)
    }
    frontier: list[URIRef] = sorted(targets)
    while frontier:
        links = store.match(None, INCOMING, frontier, outside=graph)
        sources = sorted({s for s, _, _ in links if isinstance(s, URIRef)})
        types: dict[object, list[Triple]] = {}
        for triple in store.match(sources, (RDF.type,), outside=graph):
            types.setdefault(triple[0], []).append(triple)
        frontier = []
        for source, link, target in links:
            # Only typed sources count: the shapes ask what kind of node links in.
            if source not in types and source not in typed:
                continue
            found[(source, link, target)] = None
            found.update(dict.fromkeys(types.get(source, [])))
            if link == GG.contributesTo and isinstance(source, URIRef) and source not in targets:
                targets.add(source)
                frontier.append(source)
        frontier.sort()
    return GraphContext(graph, triples, tuple(found))
