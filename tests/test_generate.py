"""The municipality generator: deterministic, shaped like a real model, and loadable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from goalgraph import load_data, vocabulary
from goalgraph.cli.main import app
from goalgraph.generate import GRAPH_BASE, generate, municipality_name
from goalgraph.store import OxigraphStore
from goalgraph.validation.engine import validate
from tests.conftest import select_text

GG = "PREFIX gg: <https://w3id.org/goalgraph#>\n"


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    return generate(folder, 2, seed=7).models[0].path


@pytest.fixture(scope="module")
def graph(one: Path) -> Graph:
    model = vocabulary()
    model += load_data(one)
    return model


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, one: Path) -> None:
    again = generate(tmp_path / "again", 1, seed=7).models[0].path
    other = generate(tmp_path / "other", 1, seed=8).models[0].path
    assert again.read_bytes() == one.read_bytes()
    assert other.read_bytes() != one.read_bytes()
    assert again.name == "kommune-001.nt"


def test_names_are_unique_for_every_municipality() -> None:
    names = [municipality_name(i) for i in range(1, 800)]
    assert len(set(names)) == len(names)


def _count(graph: Graph, cls: str) -> int:
    rows = graph.query(GG + f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a gg:{cls} }}")
    return int(next(iter(rows))[0])  # type: ignore[index]


def test_shape_of_one_municipality(graph: Graph, one: Path) -> None:
    counts = {c: _count(graph, c) for c in ("MainGoal", "SubGoal", "Project", "Indicator")}
    assert counts == {"MainGoal": 5, "SubGoal": 15, "Project": 30, "Indicator": 15}
    assert _count(graph, "Strategy") >= 10
    assert _count(graph, "Assignment") >= 20
    triples = len(Graph().parse(one, format="nt"))
    assert 8_000 <= triples <= 10_000
    thin = graph.query(
        GG + "SELECT ?i WHERE { ?i a gg:Indicator "
        "OPTIONAL { ?t gg:indicator ?i ; a gg:TargetValue } "
        "OPTIONAL { ?o gg:indicator ?i ; a gg:Observation } "
        "} GROUP BY ?i HAVING (COUNT(DISTINCT ?t) < 2 || COUNT(DISTINCT ?o) < 3)"
    )
    assert not list(thin)


def test_every_project_reaches_a_main_goal(one: Path, tmp_path: Path) -> None:
    with OxigraphStore(None) as store:
        store.load([one], URIRef(GRAPH_BASE + "kommune-001"))
        stray = select_text(
            store,
            GG + "SELECT ?p WHERE { ?p a gg:Project FILTER NOT EXISTS { ?p gg:implements/"
            "gg:resolves/gg:concretises/gg:realises/gg:contributesTo* ?g . ?g a gg:MainGoal } }",
        )
        projects = select_text(store, GG + "SELECT ?p WHERE { ?p a gg:Project }")
    assert len(projects) == 30
    assert not stray.rows


def test_labels_in_both_languages_and_goals_worded_as_states(graph: Graph) -> None:
    unlabelled = graph.query(
        GG + "SELECT ?x WHERE { ?x a ?c . "
        "VALUES ?c { gg:MainGoal gg:SubGoal gg:Strategy gg:Assignment gg:OperatingMeasure "
        "gg:InvestmentMeasure gg:Project gg:Programme gg:Portfolio gg:Indicator gg:FocusArea "
        "gg:CrossCuttingChallenge gg:Municipality gg:ServiceArea gg:Unit gg:FinancingSource "
        "gg:MunicipalMasterPlan gg:ActionProgramme gg:ThemePlan } "
        "FILTER (NOT EXISTS { ?x rdfs:label ?nb FILTER (lang(?nb) = 'nb') } "
        "|| NOT EXISTS { ?x rdfs:label ?en FILTER (lang(?en) = 'en') }) }"
    )
    assert not list(unlabelled)
    goal_labels = graph.query(
        GG + "SELECT ?l WHERE { ?g a/rdfs:subClassOf gg:Goal ; rdfs:label ?l }"
    )
    modal = re.compile(r"\b(skal|vil|må|will|shall)\b", re.IGNORECASE)
    labels = [str(row[0]) for row in goal_labels]  # type: ignore[index]
    assert len(labels) == 40
    assert not [label for label in labels if modal.search(label)]


def test_sdg_links_point_at_real_sdg_items(graph: Graph) -> None:
    broken = graph.query(
        GG + "SELECT ?x WHERE { { ?g gg:localises ?x FILTER NOT EXISTS { ?x a gg:SDGTarget } } "
        "UNION { ?i gg:alignsWith ?x FILTER NOT EXISTS { ?x a gg:SDGIndicator } } }"
    )
    assert not list(broken)
    localising = graph.query(GG + "SELECT DISTINCT ?g WHERE { ?g gg:localises ?t }")
    assert len(list(localising)) >= 5


def test_generated_model_has_no_shacl_violation(graph: Graph) -> None:
    report = validate(graph, lang="en")
    assert report.counts["Violation"] == 0, [r.message for r in report.violations][:5]
    # The generated texts are worded as the chain wants them («Hele kommunen har …» is a state).
    wording = [
        r.value
        for r in report.results
        if r.rule.endswith(("PhrasedAsStrategyShape", "PhrasedAsGoalShape", "SubjectShape"))
    ]
    assert wording == []


def test_generate_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "-n", "2", "--seed", "3", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kommune-001.nt", "kommune-002.nt"]
    assert "wrote 2 municipalities" in result.output
    assert "{name}" in result.output
