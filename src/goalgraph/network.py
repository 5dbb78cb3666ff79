"""A networkx view of the goal chain: means → end edges, reachability and cycles."""

from __future__ import annotations

import logging

import networkx as nx
from rdflib import Graph, URIRef

from goalgraph.namespace import GG
from goalgraph.query import iri, run_query

logger = logging.getLogger(__name__)

#: The strict chain: the property a node of each kind must follow on its way up to a goal.
_CHAIN = (GG.implements, GG.resolves, GG.concretises, GG.realises)
_STAGE = {GG.Project: 0, GG.Measure: 1, GG.Assignment: 2, GG.Strategy: 3}


def chain_digraph(graph: Graph) -> nx.DiGraph:
    """The goal chain as a directed graph from means to ends.

    Edges are gg:implements, gg:resolves, gg:concretises, gg:realises, gg:contributesTo and
    gg:localises, each with the attribute ``via`` (the property IRI); nodes carry ``kind``
    (gg:Project, gg:Measure, gg:Assignment, gg:Strategy or gg:Goal) where the graph types them.
    """
    digraph = nx.DiGraph()
    for row in run_query(graph, "chain-nodes"):
        node, kind = iri(row["node"]), iri(row["kind"])
        if node is not None and kind is not None:
            digraph.add_node(node, kind=kind)
    for row in run_query(graph, "chain-edges"):
        source, via, target = iri(row["from"]), iri(row["via"]), iri(row["to"])
        if source is not None and via is not None and target is not None:
            digraph.add_edge(source, target, via=via)
    logger.debug("chain graph: %d nodes, %d edges", digraph.number_of_nodes(), len(digraph.edges))
    return digraph


def _successors(digraph: nx.DiGraph, nodes: set[URIRef], via: URIRef) -> set[URIRef]:
    return {
        target
        for node in nodes
        for target in digraph.successors(node)
        if digraph.edges[node, target]["via"] == via
    }


def _start_stage(digraph: nx.DiGraph, node: URIRef) -> int:
    kind = digraph.nodes[node].get("kind")
    if kind in _STAGE:
        return _STAGE[kind]
    if kind == GG.Goal:
        return len(_CHAIN)
    # An untyped node starts at the first chain property it has.
    used = {digraph.edges[node, t]["via"] for t in digraph.successors(node)}
    return next((i for i, via in enumerate(_CHAIN) if via in used), len(_CHAIN))


def served_goals(digraph: nx.DiGraph, node: URIRef) -> set[URIRef]:
    """The goals ``node`` leads up to along the strict chain, then gg:contributesTo at any depth.

    For a goal these are the higher goals it contributes to (not the goal itself).
    """
    if node not in digraph:
        return set()
    stage = _start_stage(digraph, node)
    frontier = {node}
    for via in _CHAIN[stage:]:
        frontier = _successors(digraph, frontier, via)
    reached = set(frontier) if stage < len(_CHAIN) else set()
    while frontier:
        frontier = _successors(digraph, frontier, GG.contributesTo) - reached
        reached |= frontier
    return reached


def find_cycles(digraph: nx.DiGraph) -> list[list[URIRef]]:
    """Every simple cycle of the chain (a correct model has none), each as a list of nodes."""
    return [list(cycle) for cycle in nx.simple_cycles(digraph)]
