"""Every view gives the same projects for a goal: the goal tree, the start page's counts, the
goal list, the goal page and projects_serving, on a model with an untyped project, a
sub-goal with two parents and a chain that crosses named graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from goalgraph.analysis.trace import projects_serving
from goalgraph.store import OxigraphStore, Store, ensure_vocabulary, open_store
from goalgraph.views.catalogue import (
    Filters,
    GoalNode,
    count_projects,
    goal_skeleton,
    goal_tree,
    list_goals,
    list_projects,
)
from goalgraph.views.details import goal_detail, project_detail
from tests.conftest import TEST_DATA

T = "https://w3id.org/goalgraph/tests/trace/"
MODEL = TEST_DATA / "trace" / "model.ttl"
#: A project with no rdf:type, in a graph of its own, implementing a measure of the model:
#: t:t3 resolves t:a1, which concretises t:st1, which realises t:s1, a sub-goal of t:m1.
UNTYPED = f"""@prefix gg: <https://w3id.org/goalgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{T}p-untyped> rdfs:label "Uten type"@nb , "Untyped"@en ;
    gg:implements <{T}t3> ; gg:budget 300000.0 ; gg:phase gg:PhasePlanning .
"""
UNTYPED_PROJECT = URIRef(T + "p-untyped")


def _fill(store: Store, extra: Path) -> Store:
    ensure_vocabulary(store)
    store.load([MODEL], URIRef(T + "graph/model"))
    store.load([extra], URIRef(T + "graph/extra"))
    return store


@pytest.fixture(scope="module", params=["oxigraph", "memory"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    extra = tmp_path_factory.mktemp("serving") / "untyped.ttl"
    extra.write_text(UNTYPED, encoding="utf-8")
    opened = OxigraphStore(None) if request.param == "oxigraph" else open_store("memory:")
    return _fill(opened, extra)


def _nodes(nodes: list[GoalNode]) -> list[GoalNode]:
    found = []
    for node in nodes:
        found.append(node)
        found.extend(_nodes(node.children))
    return found


def _serving(store: Store, goal: URIRef) -> set[str]:
    return {str(p.project) for p in projects_serving(store, goal)}


def test_the_untyped_project_serves_its_goals(store: Store) -> None:
    assert str(UNTYPED_PROJECT) in _serving(store, URIRef(T + "m1"))
    assert str(UNTYPED_PROJECT) in _serving(store, URIRef(T + "s1"))
    # A project that realises a goal directly (a short-cut) serves nothing.
    assert not any(T + "p5" in _serving(store, URIRef(T + g)) for g in ("s1", "m1"))


def test_every_view_counts_the_same_projects(store: Store) -> None:
    tree = goal_tree(store, "en")
    in_tree = {n.iri: n for n in _nodes([g for b in tree.sdg for g in b.goals] + tree.unlinked)}
    skeleton = goal_skeleton(store, "en")
    roots = [g for b in skeleton.sdg for g in b.goals] + skeleton.unlinked
    on_page = {n.iri: n for n in _nodes(count_projects(store, roots))}
    listed = {g.iri: g for g in list_goals(store, Filters(), "en")}
    # Goals that only contribute to each other in a circle have no root to hang from.
    assert set(in_tree) == set(on_page) == set(listed) - {T + "c1", T + "c2"}
    for iri, listed_goal in listed.items():
        serving = projects_serving(store, URIRef(iri))
        budget = sum(float(s.budget or 0) for s in serving)
        views = [listed_goal, *((in_tree[iri], on_page[iri]) if iri in in_tree else ())]
        for view in views:
            assert view.projects == len(serving), iri
            assert view.budget == pytest.approx(budget), iri
        detail = goal_detail(store, URIRef(iri), "en")
        assert {p.iri for p in detail.projects} == {str(s.project) for s in serving}
    # The sub-goal with two parents counts for both.
    assert listed[T + "m1"].projects == 3 and listed[T + "s2"].projects == 1
    assert listed[T + "m2"].projects == 1


def test_filters_see_the_untyped_project(store: Store) -> None:
    planning = Filters(phase=URIRef("https://w3id.org/goalgraph#PhasePlanning"))
    goals = {g.iri for g in list_goals(store, planning, "en")}
    assert {T + "m1", T + "s1"} <= goals
    projects = {p.iri for p in list_projects(store, planning, "en")}
    assert str(UNTYPED_PROJECT) in projects


def test_the_untyped_project_has_a_page(store: Store) -> None:
    detail = project_detail(store, UNTYPED_PROJECT, "en")
    assert detail.label == "Untyped"
    assert {g.iri for g in detail.goals} == {T + "s1", T + "m1"}
