"""A networkx view of the goal chain: means → end edges, reachability and cycles."""

from __future__ import annotations

import logging

import networkx as nx
from rdflib import URIRef

from goalgraph.chain import Links
from goalgraph.sparql.library import select
from goalgraph.sparql.results import iri
from goalgraph.store.base import Store

logger = logging.getLogger(__name__)


def chain_digraph(store: Store) -> nx.DiGraph:
    """The goal chain as a directed graph from means to ends.

    Edges are gg:implements, gg:resolves, gg:concretises, gg:realises, gg:contributesTo and
    gg:localises, each with the attribute ``via`` (the property IRI); nodes carry ``kind``
    (gg:Project, gg:Measure, gg:Assignment, gg:Strategy or gg:Goal) where the graph types them.
    """
    digraph = nx.DiGraph()
    for row in select(store, "chain-nodes"):
        node, kind = iri(row["node"]), iri(row["kind"])
        if node is not None and kind is not None:
            digraph.add_node(node, kind=kind)
    for row in select(store, "chain-edges"):
        source, via, target = iri(row["from"]), iri(row["via"]), iri(row["to"])
        if source is not None and via is not None and target is not None:
            digraph.add_edge(source, target, via=via)
    logger.debug("chain graph: %d nodes, %d edges", digraph.number_of_nodes(), len(digraph.edges))
    return digraph


def served_goals(digraph: nx.DiGraph, node: URIRef) -> set[URIRef]:
    """The goals ``node`` serves (goalgraph.chain); for a goal, the goals above it."""
    links = Links(kinds=dict(digraph.nodes(data="kind", default=None)))
    for source, target, via in digraph.edges(data="via"):
        links.add(source, via, target)
    return links.served_goals(node)


def find_cycles(digraph: nx.DiGraph) -> list[list[URIRef]]:
    """Every simple cycle of the chain (a correct model has none), each as a list of nodes."""
    return [list(cycle) for cycle in nx.simple_cycles(digraph)]
