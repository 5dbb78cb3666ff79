"""The goal chain is defined once (goalgraph.chain): every view gives the same projects for a
goal, on a model with an untyped project, a sub-goal with two parents, links across named
graphs and a short-cut that must not count (tests/data/chain)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS
from typer.testing import CliRunner

from goalgraph import GG, chain
from goalgraph.analysis.network import chain_digraph, served_goals
from goalgraph.analysis.report import portfolio_report
from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.cli.main import app
from goalgraph.resources import core_ontology_path
from goalgraph.sparql.library import named_queries, select
from goalgraph.store import MemoryStore, OxigraphStore, Store, ensure_vocabulary, open_files
from goalgraph.views.catalogue import Filters, list_goals
from tests.conftest import TEST_DATA
from tests.web.conftest import Served, run_server

C = "https://w3id.org/goalgraph/tests/chain/"
FILES = sorted((TEST_DATA / "chain").glob("*.ttl"))
#: Worked out by hand from the two files.
SERVING = {
    "m-health": {"p-hall", "p-untyped"},
    "shared": {"p-hall", "p-untyped"},
    "s-active": {"p-hall", "p-untyped"},
    "s-air": {"p-region"},
    "climate": {"p-region"},
}
PROJECTS = {"p-hall", "p-untyped", "p-region", "p-skip"}


def c(name: str) -> URIRef:
    return URIRef(C + name)


def _names(nodes: object) -> set[str]:
    return {str(n).removeprefix(C) for n in nodes}  # type: ignore[attr-defined]


@pytest.fixture(scope="module", params=["files", "oxigraph", "memory"])
def store(request: pytest.FixtureRequest) -> Store:
    """The model read as files are read, and put in each adapter one graph per party."""
    if request.param == "files":
        return open_files(*FILES)
    opened: Store = OxigraphStore(None) if request.param == "oxigraph" else MemoryStore()
    ensure_vocabulary(opened)
    for path in FILES:
        opened.load([path], URIRef(C + "graph/" + path.stem))
    return opened


def test_projects_serving(store: Store) -> None:
    for goal, expected in SERVING.items():
        assert _names(s.project for s in projects_serving(store, c(goal))) == expected, goal


def test_the_networkx_view(store: Store) -> None:
    digraph = chain_digraph(store)
    for goal, expected in SERVING.items():
        serving = {p for p in PROJECTS if c(goal) in served_goals(digraph, c(p))}
        assert serving == expected, goal


def test_the_trace(store: Store) -> None:
    for project in PROJECTS - {"p-skip"}:
        goals = _names(trace(store, c(project)).goals)
        assert goals == {g for g, ps in SERVING.items() if project in ps}, project


def test_the_report(store: Store) -> None:
    report = portfolio_report(store, "en")
    counts = {str(row.goal).removeprefix(C): row.projects for row in report.goals}
    assert counts == {goal: len(projects) for goal, projects in SERVING.items()}
    orphans = _names(o.node for o in report.orphans)
    assert "p-skip" in orphans and not orphans & {"p-hall", "p-untyped", "p-region"}


def test_the_goal_list_of_the_pages(store: Store) -> None:
    counts = {str(g.iri).removeprefix(C): g.projects for g in list_goals(store, Filters(), "en")}
    assert counts == {goal: len(projects) for goal, projects in SERVING.items()}


def test_the_named_queries(store: Store) -> None:
    uncovered = _names(r["goal"] for r in select(store, "uncovered-goals"))
    assert uncovered == set()
    for project in PROJECTS - {"p-skip"}:
        rows = select(store, "trace", {"project": c(project)})
        goals = {r["node"] for r in rows if str(r["kind"]) == "goal"}
        assert _names(goals) == {g for g, ps in SERVING.items() if project in ps}, project


def test_the_command_line() -> None:
    runner = CliRunner()
    for goal, expected in SERVING.items():
        args = ["query", "projects-serving", *map(str, FILES), "-p", f"goal={C}{goal}"]
        result = runner.invoke(app, [*args, "-f", "json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)["results"]["bindings"]
        assert {r["project"]["value"].removeprefix(C) for r in rows} == expected, goal


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    yield from run_server(FILES)


def test_the_json_api(served: Served) -> None:
    goals = httpx.get(f"{served.url}/api/goals", params={"lang": "en"}, timeout=30).json()
    counts = {g["iri"].removeprefix(C): g["projects"] for g in goals}
    assert counts == {goal: len(projects) for goal, projects in SERVING.items()}
    for goal, expected in SERVING.items():
        found = httpx.get(
            f"{served.url}/api/projects-serving", params={"goal": C + goal}, timeout=30
        ).json()
        assert {p["project"].removeprefix(C) for p in found} == expected, goal


def test_the_chain_paths_follow_the_links() -> None:
    links = " ".join(link.n3() for link in chain.LINKS)
    assert (
        chain.MACROS["projectServes"]
        == f"({'/'.join(link.n3() for link in chain.LINKS)}/{chain.UP.n3()}*)"
    )
    assert chain.MACROS["links"] == links
    # Every named query that follows the chain does so through a chain: path, none spells it.
    spelled = "/".join(link.n3() for link in chain.LINKS[:2])
    for query in named_queries(internal=True).values():
        source = Path(__file__).parent.parent / "src/goalgraph/sparql/queries" / query.source
        assert "gg:implements/gg:resolves" not in source.read_text(encoding="utf-8"), query.name
        assert spelled not in query.text or "chain" in source.read_text(encoding="utf-8")


def test_the_ontology_states_the_same_chain_for_the_reasoner() -> None:
    ontology = Graph().parse(core_ontology_path())
    chains = {
        tuple(Collection(ontology, axiom))
        for axiom in ontology.objects(GG.serves, OWL.propertyChainAxiom)
    }
    # serves: realises (a sub-property), each lower link followed by serves, then contributesTo.
    assert {(link, GG.serves) for link in chain.LINKS[:-1]} | {(GG.serves, chain.UP)} == chains
    assert (chain.LINKS[-1], RDFS.subPropertyOf, GG.serves) in ontology
