"""The networkx view of the goal chain, and its agreement with the SPARQL queries."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from goalgraph import GG, load
from goalgraph.analysis.network import chain_digraph, find_cycles, served_goals
from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.sparql.library import select
from goalgraph.store import Store
from tests.conftest import TEST_DATA, store_of

T = Namespace("https://w3id.org/goalgraph/tests/trace/")
R = Namespace("https://w3id.org/goalgraph/tests/random/")


@pytest.fixture(scope="module")
def graph() -> Store:
    return load(TEST_DATA / "trace" / "model.ttl")


def test_chain_digraph_has_the_six_edge_kinds(graph: Store) -> None:
    dg = chain_digraph(graph)
    assert dg.edges[T.p1, T.t1]["via"] == GG.implements
    assert dg.edges[T.s2, T.m2]["via"] == GG.contributesTo
    assert dg.edges[T.m1, URIRef("http://metadata.un.org/sdg/3.4")]["via"] == GG.localises
    assert dg.nodes[T.t1]["kind"] == GG.Measure
    assert dg.nodes[T.s1]["kind"] == GG.Goal
    vias = {data["via"] for _, _, data in dg.edges(data=True)}
    assert vias == {
        GG.implements,
        GG.resolves,
        GG.concretises,
        GG.realises,
        GG.contributesTo,
        GG.localises,
    }


def test_served_goals_follow_the_strict_chain(graph: Store) -> None:
    dg = chain_digraph(graph)
    assert served_goals(dg, T.p1) == {T.s1, T.s2, T.m1, T.m2}
    assert served_goals(dg, T.st3) == {T.s3, T.m2}
    assert served_goals(dg, T.s2) == {T.m1, T.m2}
    assert served_goals(dg, T.p5) == set()  # a short-cut is not the chain
    assert served_goals(dg, T.nowhere) == set()


def test_find_cycles(graph: Store) -> None:
    cycles = find_cycles(chain_digraph(graph))
    assert [sorted(c) for c in cycles] == [sorted([T.c1, T.c2])]


@dataclass(frozen=True)
class Model:
    """A random goal hierarchy and portfolio, as lists of edges between numbered nodes."""

    main_goals: int
    sub_parents: list[list[int]]
    realises: list[list[int]]
    concretises: list[list[int]]
    resolves: list[list[int]]
    implements: list[list[int]]


def _links(count: int, targets: int, most: int = 2) -> st.SearchStrategy[list[list[int]]]:
    if targets == 0:
        return st.just([[] for _ in range(count)])
    pick = st.lists(st.integers(0, targets - 1), max_size=most, unique=True)
    return st.lists(pick, min_size=count, max_size=count)


@st.composite
def models(draw: st.DrawFn) -> Model:
    main = draw(st.integers(1, 3))
    subs = draw(st.integers(0, 5))
    # A sub-goal may contribute to any goal, so several parents and cycles occur; with no
    # parent it dangles.
    sub_parents = [
        draw(st.lists(st.integers(0, main + subs - 1), max_size=2, unique=True))
        for _ in range(subs)
    ]
    goals = main + subs
    strategies = draw(st.integers(0, 4))
    assignments = draw(st.integers(0, 4))
    measures = draw(st.integers(0, 5))
    projects = draw(st.integers(0, 5))
    return Model(
        main_goals=main,
        sub_parents=sub_parents,
        realises=draw(_links(strategies, goals)),
        concretises=draw(_links(assignments, strategies)),
        resolves=draw(_links(measures, assignments)),
        implements=draw(_links(projects, measures)),
    )


def _build(model: Model) -> Graph:
    graph = Graph()
    # Just the part of the vocabulary the queries rely on: the subclasses of goal and measure.
    graph.add((GG.MainGoal, RDFS.subClassOf, GG.Goal))
    graph.add((GG.SubGoal, RDFS.subClassOf, GG.Goal))
    graph.add((GG.OperatingMeasure, RDFS.subClassOf, GG.Measure))
    goals = [R[f"g{i}"] for i in range(model.main_goals + len(model.sub_parents))]
    for i, goal in enumerate(goals):
        kind = GG.MainGoal if i < model.main_goals else GG.SubGoal
        graph.add((goal, RDF.type, kind))
        graph.add((goal, RDFS.label, Literal(f"goal {i}", lang="nb")))
    for i, parents in enumerate(model.sub_parents):
        for parent in parents:
            if parent != model.main_goals + i:
                graph.add((goals[model.main_goals + i], GG.contributesTo, goals[parent]))
    layers = [
        ("s", GG.Strategy, GG.realises, model.realises),
        ("a", GG.Assignment, GG.concretises, model.concretises),
        ("m", GG.OperatingMeasure, GG.resolves, model.resolves),
        ("p", GG.Project, GG.implements, model.implements),
    ]
    below: list[URIRef] = goals
    for prefix, kind, prop, links in layers:
        nodes = [R[f"{prefix}{i}"] for i in range(len(links))]
        for node, targets in zip(nodes, links, strict=True):
            graph.add((node, RDF.type, kind))
            for target in targets:
                graph.add((node, prop, below[target]))
        below = nodes
    return graph


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_sparql_and_networkx_agree(model: Model) -> None:
    graph = _build(model)
    store = store_of(graph)
    dg = chain_digraph(store)
    goals = [*graph.subjects(RDF.type, GG.MainGoal), *graph.subjects(RDF.type, GG.SubGoal)]
    projects = [p for p in graph.subjects(RDF.type, GG.Project) if isinstance(p, URIRef)]
    served = {p: served_goals(dg, p) for p in projects}
    for goal in goals:
        by_sparql = {s.project for s in projects_serving(store, URIRef(str(goal)))}
        assert by_sparql == {p for p in projects if goal in served[p]}, goal
    for project in projects:
        result = trace(store, project)
        assert set(result.goals) == served[project], project
        on_paths = {
            hop.node
            for path in result.paths
            for hop in path
            if hop.via in {GG.realises, GG.contributesTo}
        }
        assert on_paths == served[project], project
    means = {n for n, kind in dg.nodes(data="kind") if kind is not None and kind != GG.Goal}
    orphans = {r["node"] for r in select(store, "orphans")}
    assert orphans == {n for n in means if not served_goals(dg, n)}
    uncovered = {r["goal"] for r in select(store, "uncovered-goals")}
    reached = set().union(*served.values()) if served else set()
    assert uncovered == set(goals) - reached
