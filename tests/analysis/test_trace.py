"""Tracing projects hop by hop, and the projects that serve a goal."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from goalgraph import GG, UnknownNodeError, load
from goalgraph.analysis.trace import Hop, projects_serving, trace
from goalgraph.sparql.results import SelectResult
from goalgraph.store import MemoryStore, OxigraphStore, Store, ensure_vocabulary
from tests.conftest import TEST_DATA

T = "https://w3id.org/goalgraph/tests/trace/"
SDG = "http://metadata.un.org/sdg/"
CHAIN = [GG.implements, GG.resolves, GG.concretises, GG.realises]


def t(name: str) -> URIRef:
    return URIRef(T + name)


@pytest.fixture(scope="module")
def graph() -> Store:
    return load(TEST_DATA / "trace" / "model.ttl")


def test_trace_returns_every_path_hop_by_hop(graph: Store) -> None:
    result = trace(graph, T + "p1", lang="en")
    assert result.project == t("p1")
    assert result.label == "Safe at home"
    for path in result.paths:
        assert path[0] == Hop(t("p1"), "Safe at home", None)
        assert [hop.via for hop in path[1:5]] == CHAIN
    tops = {path[-1].node for path in result.paths}
    # Through t1: s1 → m1 → sdg:3.4 → sdg:3; through t2: s2 → m1 (…), s2 → m2 → sdg:11,
    # s2 → sdg:11.2 → sdg:11.
    assert tops == {URIRef(SDG + "3"), URIRef(SDG + "11")}
    assert len(result.paths) == 4
    assert set(result.goals) == {t("s1"), t("s2"), t("m1"), t("m2")}
    assert set(result.sdg) == {URIRef(SDG + c) for c in ("3.4", "3", "11.2", "11")}
    broader = [hop for path in result.paths for hop in path if hop.via == SKOS.broader]
    assert broader and all(hop.via_label == "belongs to" for hop in broader)


def test_goals_agree_with_the_paths(graph: Store) -> None:
    result = trace(graph, t("p1"))
    on_paths = {
        hop.node
        for path in result.paths
        for hop in path
        if hop.via in {GG.realises, GG.contributesTo}
    }
    assert on_paths == set(result.goals)


def test_trace_json_has_the_agreed_shape(graph: Store) -> None:
    doc = trace(graph, t("p2"), lang="en").to_json()
    assert set(doc) == {"project", "label", "goals", "sdg", "paths"}
    assert doc["project"] == T + "p2"
    assert doc["paths"][0][0] == {"node": T + "p2", "label": "Alarms for all", "via": None}
    assert doc["paths"][0][1] == {
        "node": T + "t3",
        "label": "Safety alarms",
        "via": str(GG.implements),
    }
    assert doc["goals"] == [T + "s1", T + "m1"]


def test_trace_text_is_an_indented_tree_with_labels(graph: Store) -> None:
    text = trace(graph, t("p1"), lang="nb").to_text()
    lines = text.splitlines()
    assert lines[0] == "Trygg hjemme  [p1]"
    assert lines[1].startswith("├─ gjennomfører → ")
    # The two paths through s2 share the hops up to s2, which are drawn once.
    assert sum("Gater" in line for line in lines) == 1
    assert any(line.startswith("   ") or line.startswith("│  ") for line in lines[2:])


def test_a_cycle_ends_the_path(graph: Store) -> None:
    result = trace(graph, t("p6"))
    assert set(result.goals) == {t("c1"), t("c2")}
    assert [hop.node for hop in result.paths[0]][-2:] == [t("c1"), t("c2")]
    assert len(result.paths) == 1


@pytest.mark.parametrize(
    ("project", "nodes"), [("p3", ["p3"]), ("p4", ["p4", "t4"]), ("p5", ["p5"])]
)
def test_orphan_projects_reach_nothing(graph: Store, project: str, nodes: list[str]) -> None:
    result = trace(graph, t(project), lang="en")
    assert result.goals == [] and result.sdg == []
    assert [[hop.node for hop in path] for path in result.paths] == [[t(n) for n in nodes]]
    if len(nodes) == 1:
        assert result.to_text().splitlines()[1] == "  (leads up to no goal)"


def test_curie_with_a_prefix_the_files_declare_is_accepted(tmp_path: Path) -> None:
    model = tmp_path / "model.ttl"
    text = (TEST_DATA / "trace" / "model.ttl").read_text(encoding="utf-8")
    model.write_text(f"@prefix tt: <{T}> .\n{text}", encoding="utf-8")
    assert trace(load(model), "tt:p2").project == t("p2")


def test_unknown_project_is_a_clear_error(graph: Store) -> None:
    with pytest.raises(UnknownNodeError, match="not in the loaded graph"):
        trace(graph, T + "p99")
    with pytest.raises(UnknownNodeError, match="unknown prefix"):
        trace(graph, "nope:p1")


def test_projects_serving_returns_typed_results(graph: Store) -> None:
    serving = projects_serving(graph, T + "m1", lang="en")
    assert [s.project for s in serving] == [t("p2"), t("p1")]
    alarms = serving[0]
    assert alarms.label == "Alarms for all"
    assert alarms.phase == GG.PhasePlanning
    assert alarms.phase_label == "Planning"
    assert alarms.budget == Decimal("500000.0")
    assert projects_serving(graph, t("m3")) == []


def _of_class(store: Store, cls: URIRef) -> set[URIRef]:
    result = store.query(f"SELECT ?node WHERE {{ ?node a {cls.n3()} }}")
    assert isinstance(result, SelectResult)
    return {node for node in result.column("node") if isinstance(node, URIRef)}


def test_every_example_project_reaches_a_main_goal(example_graph: Store) -> None:
    projects = _of_class(example_graph, GG.Project)
    main_goals = _of_class(example_graph, GG.MainGoal)
    assert projects
    for project in projects:
        result = trace(example_graph, project)
        assert main_goals & set(result.goals), project


@pytest.mark.parametrize("folder", [False, True], ids=["oxigraph-memory", "oxigraph-disk"])
def test_projects_serving_on_a_store_equals_the_graph(
    graph: Store, tmp_path: Path, folder: bool
) -> None:
    with OxigraphStore(tmp_path / "store" if folder else None) as store:
        ensure_vocabulary(store)
        store.load([TEST_DATA / "trace" / "model.ttl"], URIRef(T + "graph"))
        for goal in ("m1", "m3", "s1"):
            on_store = projects_serving(store, T + goal, "en")
            assert on_store == projects_serving(graph, T + goal, "en")
        with pytest.raises(UnknownNodeError):
            projects_serving(store, T + "nothing")


@pytest.mark.parametrize("on_store", [False, True], ids=["rdflib", "oxigraph"])
def test_a_project_without_label_phase_or_budget_still_serves_its_goal(on_store: bool) -> None:
    # Both engines: the rdflib adapter (MemoryStore) and the embedded Oxigraph store.
    # Regression: the facts query may return no row for such a project on rdflib.
    ex = "https://example.org/bare/"
    graph = Graph()
    chain = [("g", GG.MainGoal, None), ("s", GG.Strategy, GG.realises),
             ("a", GG.Assignment, GG.concretises), ("m", GG.Measure, GG.resolves),
             ("p", GG.Project, GG.implements)]  # fmt: skip
    previous = None
    for name, kind, link in chain:
        node = URIRef(ex + name)
        graph.add((node, RDF.type, kind))
        if link is not None and previous is not None:
            graph.add((node, link, previous))
        previous = node
    source: Store = OxigraphStore(None) if on_store else MemoryStore()
    source.update(f"INSERT DATA {{ GRAPH <{ex}graph> {{ {graph.serialize(format='nt')} }} }}")
    found = projects_serving(source, URIRef(ex + "g"))
    assert [s.project for s in found] == [URIRef(ex + "p")]
    assert found[0].label == "p" and found[0].budget is None
