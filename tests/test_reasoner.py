"""OWL reasoning: gg:serves materialised by HermiT, inconsistencies explained in planner
words, agreement with the SPARQL trace on the examples, and the `reason` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from typer.testing import CliRunner

from goalgraph import GG, ReasonerUnavailable, ReasoningError, vocabulary
from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.cli.main import app
from goalgraph.files import parse_text
from goalgraph.reasoner import Clash, ReasoningResult, find_clashes, reason
from tests.conftest import store_of

EX = Namespace("https://example.org/model/")

PREFIXES = """
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix ex:   <https://example.org/model/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix sdg:  <http://metadata.un.org/sdg/> .
"""

# A complete chain with literals HermiT could not read (xsd:date) and a non-ASCII IRI.
CHAIN = (
    PREFIXES
    + """
ex:helse a gg:MainGoal ; rdfs:label "God helse"@nb , "Good health"@en ; gg:localises sdg:3.4 .
ex:barn a gg:SubGoal ; rdfs:label "Sårbare barn får hjelp"@nb ; gg:contributesTo ex:helse .
ex:forebygging a gg:Strategy ; rdfs:label "Kommunen skal forebygge"@nb ; gg:realises ex:barn .
ex:oppdrag a gg:Assignment ; gg:concretises ex:forebygging .
ex:tiltak a gg:OperatingMeasure ; gg:resolves ex:oppdrag ; gg:budget 100000.0 .
ex:prosjekt-ø a gg:Project ; rdfs:label "Familiehus"@nb , "Family house"@en ;
    gg:implements ex:tiltak ; gg:phase gg:PhaseExecution ;
    gg:startDate "2025-01-01"^^xsd:date ; gg:endDate "2027-12-31"^^xsd:date .
ex:foreldrelos a gg:Project ; rdfs:label "Foreldreløst prosjekt"@nb .
"""
)

# Four ways to break the model at once, one HermiT call.
BROKEN = (
    PREFIXES
    + """
ex:helse a gg:MainGoal ; rdfs:label "God helse"@nb , "Good health"@en .
ex:blandet a gg:SubGoal , gg:Strategy ; rdfs:label "Blandet node"@nb , "Mixed node"@en ;
    gg:contributesTo ex:helse .
ex:strategi a gg:Strategy ; gg:realises ex:helse .
ex:oppdrag a gg:Assignment ; rdfs:label "Oppdrag A"@nb , "Assignment A"@en ;
    gg:concretises ex:strategi .
ex:tiltak a gg:Measure ; gg:resolves ex:oppdrag .
ex:snarvei a gg:Project ; rdfs:label "Snarvei"@nb , "Short-cut"@en ; gg:implements ex:oppdrag .
ex:hybrid rdfs:label "Hybrid"@nb ; gg:implements ex:tiltak .
ex:over a gg:Project ; gg:implements ex:hybrid .
ex:ansvarsmal a gg:SubGoal ; rdfs:label "Mål med ansvarlig"@nb ; gg:contributesTo ex:helse ;
    gg:responsible ex:etat .
"""
)


@pytest.fixture(scope="module")
def chain() -> Graph:
    graph = vocabulary()
    graph += parse_text(CHAIN)
    return graph


@pytest.fixture(scope="module")
def chain_result(chain: Graph) -> ReasoningResult:
    return reason(chain)


@pytest.fixture(scope="module")
def broken_result() -> ReasoningResult:
    return reason(parse_text(BROKEN))


def _clash(result: ReasoningResult, node: URIRef) -> Clash:
    assert result.inconsistency is not None
    return next(c for c in result.inconsistency.clashes if c.individual.iri == node)


# --------------------------------------------------------------------------- serves


def test_serves_follows_the_chain_and_its_sub_goals(chain_result: ReasoningResult) -> None:
    assert chain_result.consistent and chain_result.inconsistency is None
    both = {EX.barn, EX.helse}
    expected = {
        (means, goal)
        for means in (EX.forebygging, EX.oppdrag, EX.tiltak, EX["prosjekt-ø"])
        for goal in both
    }
    assert chain_result.serves == expected
    assert chain_result.served_goals(EX["prosjekt-ø"]) == both
    assert chain_result.served_goals(EX.foreldrelos) == set()
    assert chain_result.seconds > 0


def test_serves_as_graph_json_and_text(chain_result: ReasoningResult) -> None:
    graph = chain_result.to_graph()
    assert len(graph) == 8
    assert (EX["prosjekt-ø"], GG.serves, EX.helse) in graph

    document = json.loads(json.dumps(chain_result.to_json()))
    assert document["consistent"] is True and document["inconsistency"] is None
    project = next(m for m in document["serves"] if m["iri"] == str(EX["prosjekt-ø"]))
    assert project["label"] == {"nb": "Familiehus", "en": "Family house"}
    assert {g["iri"] for g in project["goals"]} == {str(EX.barn), str(EX.helse)}

    english = chain_result.to_text("en")
    assert english.startswith("Consistent (HermiT")
    assert "«Family house»" in english and "→ «Good health»" in english
    assert "«Familiehus»" in chain_result.to_text("nb")
    chain_result.raise_for_inconsistency()


def test_reasoning_leaves_owlready2s_default_world_alone(chain_result: ReasoningResult) -> None:
    assert chain_result.consistent
    assert owlready2.default_world[str(GG.serves)] is None
    assert owlready2.default_world[str(EX["prosjekt-ø"])] is None


# --------------------------------------------------------------------------- inconsistency


def test_broken_model_is_inconsistent_and_names_every_culprit(
    broken_result: ReasoningResult,
) -> None:
    assert not broken_result.consistent
    assert broken_result.serves == set()
    assert broken_result.inconsistency is not None
    assert set(broken_result.inconsistency.individuals) == {
        EX.blandet,
        EX.oppdrag,
        EX.hybrid,
        EX.ansvarsmal,
    }
    with pytest.raises(ReasoningError, match="Oppdrag A"):
        broken_result.raise_for_inconsistency()


def test_goal_typed_as_strategy_clashes_on_ends_and_means(broken_result: ReasoningResult) -> None:
    clash = _clash(broken_result, EX.blandet)
    assert [set(pair) for pair in clash.disjoint] == [{GG.End, GG.Means}]
    assert {r.classes for r in clash.reasons if r.role == "asserted"} == {
        (GG.SubGoal,),
        (GG.Strategy,),
    }
    text = clash.to_text("en")
    assert "«Mixed node»" in text and str(EX.blandet) in text
    assert "gg:End" in text and "gg:Means" in text
    assert "either an end" in text
    assert "«Blandet node»" in clash.to_text("nb") and "disjunkte" in clash.to_text("nb")


def test_measure_and_project_through_domain_and_range(broken_result: ReasoningResult) -> None:
    clash = _clash(broken_result, EX.hybrid)
    assert [set(pair) for pair in clash.disjoint] == [{GG.Measure, GG.Project}]
    roles = {(r.role, r.classes, r.property) for r in clash.reasons}
    assert roles == {
        ("domain", (GG.Project,), GG.implements),
        ("range", (GG.Measure,), GG.implements),
    }
    others = {r.other.iri for r in clash.reasons if r.other is not None}
    assert others == {EX.tiltak, EX.over}


def test_project_implementing_an_assignment_is_explained(broken_result: ReasoningResult) -> None:
    clash = _clash(broken_result, EX.oppdrag)
    assert [set(pair) for pair in clash.disjoint] == [{GG.Assignment, GG.Measure}]
    implemented = next(r for r in clash.reasons if r.role == "range")
    assert implemented.property == GG.implements and implemented.other is not None
    assert implemented.other.iri == EX.snarvei
    english, norwegian = clash.to_text("en"), clash.to_text("nb")
    assert "«Short-cut» implements (gg:implements) it, so it must be a measure" in english
    assert "skips the measure" in english and "warn" in english
    assert "hopper over tiltaket" in norwegian


def test_union_domain_clash_names_all_disjoint_alternatives(
    broken_result: ReasoningResult,
) -> None:
    clash = _clash(broken_result, EX.ansvarsmal)
    union = next(r for r in clash.reasons if len(r.classes) > 1)
    assert union.property == GG.responsible and GG.Project in union.classes
    disjoint = {frozenset(pair) for pair in clash.disjoint}
    assert frozenset({GG.End, GG.Means}) in disjoint
    assert frozenset({GG.End, GG.Indicator}) in disjoint


def test_inconsistency_as_json(broken_result: ReasoningResult) -> None:
    document = json.loads(json.dumps(broken_result.to_json()))
    assert document["consistent"] is False and document["serves"] == []
    clashes = {c["individual"]["iri"]: c for c in document["inconsistency"]["clashes"]}
    hybrid = clashes[str(EX.hybrid)]
    assert sorted(hybrid["disjointClasses"][0]) == sorted([str(GG.Measure), str(GG.Project)])
    assert hybrid["message"]["en"].startswith("«Hybrid»")


def test_find_clashes_needs_no_reasoner() -> None:
    assert find_clashes(parse_text(CHAIN)) == ()
    found = {c.individual.iri for c in find_clashes(parse_text(BROKEN))}
    assert found == {EX.blandet, EX.oppdrag, EX.hybrid, EX.ansvarsmal}


def test_missing_java_is_reported_with_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "java")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReasoningError, match="Java") as caught:
        reason(parse_text(CHAIN))
    assert "install" in str(caught.value)
    assert isinstance(caught.value, ReasonerUnavailable)
    assert caught.value.exit_code == 3


# --------------------------------------------------------------------------- the examples


@pytest.mark.slow
def test_reasoner_and_sparql_trace_agree_on_the_examples(example_rdf: Graph) -> None:
    result = reason(example_rdf)
    assert result.consistent, result.to_text("en")
    example_graph = store_of(example_rdf)
    projects = sorted(
        {p for p in example_rdf.subjects(RDF.type, GG.Project) if isinstance(p, URIRef)}
    )
    assert projects
    for project in projects:
        assert result.served_goals(project) == set(trace(example_graph, project).goals), project
    goals = {goal for _, goal in result.serves}
    for goal in sorted(goals):
        expected = {p for p in projects if goal in result.served_goals(p)}
        assert {s.project for s in projects_serving(example_graph, goal)} == expected, goal


# --------------------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def model_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reason")
    (folder / "chain.ttl").write_text(CHAIN, encoding="utf-8")
    (folder / "broken.ttl").write_text(BROKEN, encoding="utf-8")
    return {"chain": folder / "chain.ttl", "broken": folder / "broken.ttl"}


def test_cli_prints_what_each_means_serves(model_files: dict[str, Path]) -> None:
    result = CliRunner().invoke(app, ["reason", "--data", str(model_files["chain"])])
    assert result.exit_code == 0, result.output
    assert "«Familiehus»" in result.output and "→ «God helse»" in result.output


def test_cli_writes_the_materialised_model_as_turtle(
    model_files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "materialised.ttl"
    args = ["reason", "-d", str(model_files["chain"]), "-f", "turtle", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = Graph().parse(out, format="turtle")
    assert (EX["prosjekt-ø"], GG.serves, EX.helse) in written
    assert (EX["prosjekt-ø"], GG.implements, EX.tiltak) in written
    assert len(set(written.triples((None, GG.serves, None)))) == 8
    # Only the model and what was inferred: the vocabulary stays out.
    assert (GG.Goal, RDF.type, None) not in written


def test_cli_reports_an_inconsistent_model_with_exit_1(model_files: dict[str, Path]) -> None:
    args = ["reason", "-d", str(model_files["broken"]), "-f", "json", "--lang", "en"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["consistent"] is False
    assert len(document["inconsistency"]["clashes"]) == 4


def test_cli_unreadable_input_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix gg: <https://w3id.org/goalgraph#> .\ngg:a gg:b .\n")
    completed = subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "reason", "--data", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "broken.ttl" in completed.stderr and "Traceback" not in completed.stderr


def test_cli_without_java_exits_3_and_says_how_to_install_it(
    model_files: dict[str, Path], tmp_path: Path
) -> None:
    # A PATH with nothing on it: no java, as on a fresh machine.
    empty = tmp_path / "bin"
    empty.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "reason", "--data", str(model_files["chain"])],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": str(empty)},
    )
    assert completed.returncode == 3, completed.stderr
    assert "Java" in completed.stderr and "default-jre-headless" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stderr.count("\n") == 1


def test_exit_code_3_is_documented() -> None:
    result = CliRunner().invoke(app, ["reason", "--help"])
    assert "3 the reasoner could not run" in " ".join(result.output.split())
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "| 3 |" in readme
