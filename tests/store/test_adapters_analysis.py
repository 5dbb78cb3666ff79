"""The query, trace, report, info and validate checks on every store adapter, against files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.analysis.info import model_info
from goalgraph.analysis.report import portfolio_report
from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.namespace import GG
from goalgraph.sparql.library import named_queries, run_query
from goalgraph.store import (
    Store,
    data_graphs,
    open_store,
    record_prefixes,
    version_targets,
)
from goalgraph.validation import ValidationResult, validate, validate_graph, validate_store
from goalgraph.versions import PlanView, plan_versions, version_view
from goalgraph.views.graphview import GraphView, build_view
from tests.conftest import ASKER, MILJOPAKKEN, select_text

ASKER_GRAPH = URIRef("https://w3id.org/goalgraph/examples/graphs/asker")
#: Asker keeps its strategic portfolio in two plan versions, each file in a graph of its own.
ASKER_2015 = URIRef(f"{ASKER_GRAPH}/portfolio-2015")
ASKER_2016 = URIRef(f"{ASKER_GRAPH}/portfolio-2016")
PARTY_BASE = "https://w3id.org/goalgraph/examples/graphs/miljopakken/"
AGREEMENT_GRAPH = URIRef(PARTY_BASE + "agreement")
PARTY_FILES = sorted(MILJOPAKKEN.glob("*.ttl"))
TODAY = date(2026, 1, 1)
ADAPTERS = ("memory", "oxigraph", "virtuoso")


@pytest.fixture(scope="module", params=ADAPTERS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Each adapter holding Asker in its graph and a graph per plan version (as `goalgraph
    load` puts it), and Miljøpakken with one graph per party."""
    if request.param == "memory":
        descriptor = "memory:"
    elif request.param == "oxigraph":
        descriptor = str(tmp_path_factory.mktemp("oxigraph") / "store")
    else:
        descriptor = request.getfixturevalue("virtuoso_server")
    with open_store(descriptor) as store:
        for graph, files in version_targets(ASKER_GRAPH, [ASKER]):
            store.load(files, graph)
        record_prefixes(store, [ASKER])
        for path in PARTY_FILES:
            store.load([path], URIRef(PARTY_BASE + path.stem))
        record_prefixes(store, PARTY_FILES)
        yield store


def _value(node: object) -> object:
    # Virtuoso has no boolean results (EXISTS gives 1 or 0) and writes decimals canonically.
    if isinstance(node, Literal) and node.datatype in {XSD.boolean, XSD.integer, XSD.decimal}:
        value = node.toPython()
        return Decimal(str(int(value))) if isinstance(value, bool) else Decimal(str(value))
    return node


def _rows(result: Any) -> list[tuple[str, ...]]:
    return sorted(tuple(repr(_value(v)) for v in row) for row in result)


def _key(result: ValidationResult) -> tuple[str, ...]:
    return (str(result.focus), result.rule, result.severity, str(result.path), str(result.value))


def _drawn(view: GraphView) -> tuple[object, ...]:
    nodes = sorted((n["id"], n["label"], n["kind"], n["distance"]) for n in view.nodes)
    edges = sorted((e["from"], e["to"], e["label"]) for e in view.edges)
    return view.focus_label, view.truncated, nodes, edges


def _of_class(store: Store, cls: URIRef) -> list[URIRef]:
    nodes = select_text(store, f"SELECT ?n WHERE {{ ?n a {cls.n3()} }}").column("n")
    return sorted(n for n in nodes if isinstance(n, URIRef))


def _projects(store: Store) -> list[URIRef]:
    return _of_class(store, GG.Project)


def _main_goals(store: Store) -> list[URIRef]:
    return _of_class(store, GG.MainGoal)


def _asker(store: Store) -> Store:
    """Asker's latest adopted version, as `load(ASKER)` reads the files: its graph and the
    graph of the 2016 portfolio (without the other parties' graphs)."""
    (latest,) = [v for v in plan_versions(store) if v.name == "2016"]
    return PlanView(store, [ASKER_GRAPH, ASKER_2016], [latest])


def test_parties_are_in_separate_graphs(loaded: Store) -> None:
    graphs = {info.iri for info in data_graphs(loaded)}
    asker = {ASKER_GRAPH, ASKER_2015, ASKER_2016}
    assert graphs == asker | {URIRef(PARTY_BASE + p.stem) for p in PARTY_FILES}


def test_a_union_query_finds_party_goals_contributing_to_the_agreement(loaded: Store) -> None:
    sparql = f"""PREFIX gg: <https://w3id.org/goalgraph#>
    SELECT DISTINCT ?party WHERE {{
      GRAPH ?party {{ ?goal gg:contributesTo ?shared }}
      GRAPH <{AGREEMENT_GRAPH}> {{ ?shared a ?type }}
      FILTER(?party != <{AGREEMENT_GRAPH}>)
    }}"""
    parties = {str(p) for p in select_text(loaded, sparql).column("party")}
    assert len(parties) >= 5
    assert all(p.startswith(PARTY_BASE) for p in parties)


@pytest.mark.parametrize("example", [ASKER, MILJOPAKKEN], ids=["asker", "miljopakken"])
def test_trace_of_every_project_equals_the_files(
    loaded: Store, example: Path, request: pytest.FixtureRequest
) -> None:
    files: Store = request.getfixturevalue(f"{example.name}_graph")
    projects = _projects(files)
    assert projects
    # The store read as the files are: the latest adopted version of Asker's portfolio.
    view = version_view(loaded)
    for project in projects:
        assert trace(view, project).to_json() == trace(files, project).to_json()


def test_projects_serving_equals_the_files(
    loaded: Store, asker_graph: Store, miljopakken_graph: Store
) -> None:
    cases = [(asker_graph, g) for g in _main_goals(asker_graph)]
    cases += [(miljopakken_graph, g) for g in _main_goals(miljopakken_graph)][:4]
    assert len(cases) >= 5
    for graph, goal in cases:
        expected = sorted(projects_serving(graph, goal), key=lambda s: str(s.project))
        found = projects_serving(version_view(loaded), goal)
        # Compared as values: stores may write decimals canonically (95000000.0 → 95000000).
        assert sorted(found, key=lambda s: str(s.project)) == expected


@pytest.mark.parametrize(
    "name", sorted(n for n, q in named_queries().items() if not any(p.required for p in q.params))
)
def test_named_queries_on_one_graph_equal_the_files(
    loaded: Store, asker_graph: Store, name: str
) -> None:
    scope = _asker(loaded)
    assert _rows(run_query(scope, name)) == _rows(run_query(asker_graph, name))


def test_info_on_one_graph_equals_the_files(loaded: Store, asker_graph: Store) -> None:
    scope = _asker(loaded)
    assert model_info(scope, "en") == model_info(asker_graph, "en")


@pytest.mark.parametrize("cap", [500, 15])
def test_graph_view_on_one_graph_equals_the_files(
    loaded: Store, asker_graph: Store, cap: int
) -> None:
    scope = _asker(loaded)
    for goal in _main_goals(asker_graph)[:3]:
        on_store = build_view(scope, goal, depth=2, cap=cap, lang="en")
        assert _drawn(on_store) == _drawn(
            build_view(asker_graph, goal, depth=2, cap=cap, lang="en")
        )
        assert on_store.truncated == (cap == 15)


def test_report_on_one_graph_equals_the_files(loaded: Store, asker_graph: Store) -> None:
    scope = _asker(loaded)
    on_store = portfolio_report(scope, "en", TODAY).to_json()
    assert on_store == portfolio_report(asker_graph, "en", TODAY).to_json()


def test_literals_round_trip(loaded: Store, asker_rdf: Graph) -> None:
    node = URIRef("https://w3id.org/goalgraph/examples/asker/pr-agp")
    sparql = "SELECT ?p ?o WHERE { $s ?p ?o FILTER(isLiteral(?o)) }"
    found = {
        (p, _value(o), getattr(o, "language", None))
        for p, o in select_text(loaded, sparql, {"s": node})
    }
    expected = {
        (p, _value(o), o.language)
        for p, o in asker_rdf.predicate_objects(node)
        if isinstance(o, Literal)
    }
    assert found == expected
    dates = [
        o
        for _, o in select_text(
            loaded,
            sparql,
            {"s": URIRef("https://w3id.org/goalgraph/examples/asker/kommuneplan-2040")},
        )
    ]
    assert all(
        not isinstance(o, Literal) or o.datatype != XSD.date or isinstance(o.toPython(), date)
        for o in dates
    )


def test_validating_a_graph_equals_validating_the_files(loaded: Store, asker_graph: Store) -> None:
    view = _asker(loaded)
    found = [r for g in (ASKER_GRAPH, ASKER_2016) for r in validate_graph(view, g).report.results]
    assert sorted(map(_key, found)) == sorted(map(_key, validate(asker_graph).results))


def test_validating_every_party_graph_equals_validating_the_whole_files(
    loaded: Store, miljopakken_graph: Store
) -> None:
    parties = [URIRef(PARTY_BASE + p.stem) for p in PARTY_FILES]
    result = validate_store(loaded, parties, workers=2)
    got = sorted(_key(r) for item in result.graphs for r in item.report.results)
    assert got == sorted(map(_key, validate(miljopakken_graph).results))
    assert [item.graph for item in result.graphs] == sorted(parties, key=str)
