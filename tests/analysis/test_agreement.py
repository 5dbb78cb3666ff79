"""Three engines, one answer: on random goal hierarchies and portfolios the SPARQL trace,
the networkx view and the OWL reasoner find the same goals for every project."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from goalgraph import GG, vocabulary
from goalgraph.analysis.network import chain_digraph, served_goals
from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.reasoner import reason
from tests.conftest import store_of

EX = Namespace("https://example.org/random/")

pytestmark = pytest.mark.slow

# HermiT needs about a second a call; a few examples cover the shapes that matter.
REASONER_SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@dataclass(frozen=True)
class Model:
    """A generated model: the graph (with the vocabulary) and its projects and means."""

    graph: Graph
    projects: tuple[URIRef, ...]
    means: tuple[URIRef, ...]
    goals: tuple[URIRef, ...]


def _links(
    draw: st.DrawFn, sources: list[URIRef], targets: list[URIRef], most: int
) -> list[tuple[URIRef, URIRef]]:
    """Up to ``most`` links from each source to distinct targets (none: an orphan)."""
    if not targets:
        return []
    links: list[tuple[URIRef, URIRef]] = []
    for source in sources:
        chosen = draw(st.sets(st.sampled_from(targets), max_size=min(most, len(targets))))
        links.extend((source, target) for target in sorted(chosen))
    return links


@st.composite
def models(draw: st.DrawFn) -> Model:
    mains = [EX[f"main{i}"] for i in range(draw(st.integers(1, 3)))]
    subs = [EX[f"sub{i}"] for i in range(draw(st.integers(0, 6)))]
    strategies = [EX[f"strategy{i}"] for i in range(draw(st.integers(0, 4)))]
    assignments = [EX[f"assignment{i}"] for i in range(draw(st.integers(0, 5)))]
    measures = [EX[f"measure{i}"] for i in range(draw(st.integers(0, 6)))]
    projects = [EX[f"project{i}"] for i in range(draw(st.integers(1, 6)))]

    graph = vocabulary()
    kinds = (
        (mains, GG.MainGoal),
        (subs, GG.SubGoal),
        (strategies, GG.Strategy),
        (assignments, GG.Assignment),
        (measures, GG.OperatingMeasure),
        (projects, GG.Project),
    )
    for nodes, cls in kinds:
        for node in nodes:
            graph.add((node, RDF.type, cls))
            graph.add((node, RDFS.label, Literal(node.rsplit("/", 1)[1], lang="nb")))

    # Sub-goals contribute to goals earlier in the order, so the hierarchy stays a DAG
    # (several parents allowed, a sub-goal with no parent is an orphan).
    goals = mains + subs
    for index, sub in enumerate(subs, start=len(mains)):
        for parent in sorted(draw(st.sets(st.sampled_from(goals[:index]), max_size=2))):
            graph.add((sub, GG.contributesTo, parent))
    for prop, sources, targets in (
        (GG.realises, strategies, goals),
        (GG.concretises, assignments, strategies),
        (GG.resolves, measures, assignments),
        (GG.implements, projects, measures),
    ):
        for source, target in _links(draw, sources, targets, most=2):
            graph.add((source, prop, target))
    return Model(
        graph,
        tuple(projects),
        tuple(strategies + assignments + measures + projects),
        tuple(goals),
    )


@REASONER_SETTINGS
@given(models())
def test_sparql_networkx_and_reasoner_agree(model: Model) -> None:
    result = reason(model.graph)
    assert result.consistent, result.to_text("en")
    store = store_of(model.graph)
    digraph = chain_digraph(store)
    for project in model.projects:
        by_sparql = set(trace(store, project).goals)
        by_networkx = served_goals(digraph, project)
        by_reasoner = result.served_goals(project)
        assert by_sparql == by_networkx == by_reasoner, project
    for means in model.means:
        assert served_goals(digraph, means) == result.served_goals(means), means
    for goal in model.goals:
        serving = {s.project for s in projects_serving(store, goal)}
        assert serving == {p for p in model.projects if (p, goal) in result.serves}, goal


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models(), st.data())
def test_a_project_implementing_an_assignment_is_named_by_the_reasoner(
    model: Model, data: st.DataObject
) -> None:
    assignments = [m for m in model.means if "assignment" in str(m)]
    if not assignments:
        assignments = [EX.assignment_extra]
        model.graph.add((EX.assignment_extra, RDF.type, GG.Assignment))
    project = data.draw(st.sampled_from(model.projects))
    assignment = data.draw(st.sampled_from(assignments))
    model.graph.add((project, GG.implements, assignment))
    result = reason(model.graph)
    assert not result.consistent
    assert result.inconsistency is not None
    assert assignment in result.inconsistency.individuals
    clash = next(c for c in result.inconsistency.clashes if c.individual.iri == assignment)
    assert {frozenset(pair) for pair in clash.disjoint} == {frozenset({GG.Assignment, GG.Measure})}
