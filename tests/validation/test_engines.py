"""The compiled engine reports exactly what pySHACL reports, on every corpus; a shape it cannot
run falls back to pySHACL on its own, named in a warning and a note."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from typer.testing import CliRunner

from goalgraph import load_data, vocabulary
from goalgraph.cli.main import app
from goalgraph.generate import generate
from goalgraph.namespace import GG
from goalgraph.store import OxigraphStore, Store, data_graphs, ensure_vocabulary
from goalgraph.validation import (
    ValidationReport,
    load_shapes,
    validate,
    validate_graph,
    validate_store,
)
from goalgraph.validation.engines import DEFAULT_ENGINE, Engine, builtin_plan, plan
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA
from tests.validation.test_reach import CUSTOM, _models

INVALID = TEST_DATA / "invalid"
GRAPHS = "https://example.org/engines/"
EX = "https://example.org/engines/data#"

runner = CliRunner()


def _model(*paths: Path) -> Graph:
    """The files as one rdflib graph with the vocabulary: what the SHACL engines take."""
    data = vocabulary()
    data += load_data(*paths)
    return data


def _key(report: ValidationReport) -> list[tuple[Any, ...]]:
    """What must be identical: focus, rule, severity, path and value of every result."""
    return [(r.focus, r.rule, r.severity, r.path, r.value) for r in report.results]


def _same(data: Graph, shapes: Graph | Path | None = None) -> ValidationReport:
    """Validate with both engines, check they agree to the letter, return the compiled one's."""
    reference = validate(data, shapes=shapes, engine=Engine.pyshacl)
    compiled = validate(data, shapes=shapes, engine=Engine.compiled)
    assert _key(compiled) == _key(reference)
    # Messages, labels and counts too: the report is the same document, but for the notes
    # on rules left to pySHACL.
    assert reference.notes == []
    unnoted = replace(compiled, notes=[])
    assert unnoted.to_json() == reference.to_json()
    assert unnoted.to_text("en") == reference.to_text("en")
    return compiled


def test_the_compiled_engine_is_the_default_and_runs_every_built_in_shape() -> None:
    assert DEFAULT_ENGINE is Engine.compiled
    built_in = builtin_plan()
    assert built_in.compiled is not None
    assert built_in.fallbacks == [] and built_in.fallback_shapes is None


# ----------------------------------------------------------------------------------------
# Corpora, one graph at a time
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("example", [ASKER, MILJOPAKKEN], ids=["asker", "miljopakken"])
def test_examples(example: Path) -> None:
    report = _same(_model(example))
    assert report.conforms


def test_the_invalid_corpus() -> None:
    # Every rule file at once: together they give the union of their results (see its README).
    report = _same(_model(INVALID))
    assert {r.rule for r in report.results} == {p.stem for p in INVALID.glob("*Shape.ttl")}
    assert report.counts["Violation"] > 30


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, 2, seed=5)
    return folder


def test_generated_municipalities(generated: Path) -> None:
    _same(_model(*sorted(generated.glob("*.nt"))))


def test_generated_municipalities_with_faults(generated: Path) -> None:
    # Generated data is clean: take links and labels away, and add some wrong ones, so that
    # the rules on real-sized data have something to report.
    data = _model(sorted(generated.glob("*.nt"))[0])
    for index, triple in enumerate(sorted(data.triples((None, GG.contributesTo, None)))):
        if index % 3 == 0:
            data.remove(triple)
    for index, (node, label) in enumerate(sorted(data.subject_objects(RDFS.label))):
        if index % 7 == 0:
            data.remove((node, RDFS.label, label))
    projects = sorted(data.subjects(RDF.type, GG.Project))
    goals = sorted(data.subjects(RDF.type, GG.MainGoal))
    data.add((projects[0], GG.implements, goals[0]))
    data.add((projects[1], GG.budget, Literal("mye")))
    data.add((goals[1], GG.realises, goals[2]))
    report = _same(data)
    assert len({r.rule for r in report.results}) >= 5


def test_literals_in_non_canonical_form() -> None:
    data = _model(INVALID / "_base.ttl")
    indicator = URIRef(EX + "indicator")
    data.add((indicator, RDF.type, GG.Indicator))
    data.add((indicator, RDFS.label, Literal("Indikator", lang="nb")))
    data.add((indicator, RDFS.label, Literal("Indicator", lang="en")))
    data.add((indicator, GG.measures, URIRef("https://example.org/invalid/base#delmal")))
    data.add((indicator, GG.unit, Literal("prosent")))
    for value in ("01", " 7 ", "1.50", "x"):
        data.add((indicator, GG.direction, Literal(value, datatype=XSD.integer)))
    report = _same(data)
    assert {r.rule for r in report.results} == {"IndicatorDirectionShape"}


def test_blank_nodes_are_reported_as_the_same_nodes() -> None:
    data = _model(INVALID / "_base.ttl")
    project = BNode()
    data.add((project, RDF.type, GG.Project))
    data.add((project, RDFS.label, Literal("Prosjekt uten navn", lang="nb")))
    report = _same(data)
    assert project in {r.focus for r in report.results}


# ----------------------------------------------------------------------------------------
# Random models
# ----------------------------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_models())
def test_random_models(data: Graph) -> None:
    _same(data)
    # Shapes with blank property shapes, inverse paths and a target of objects.
    _same(data, CUSTOM)


# ----------------------------------------------------------------------------------------
# A store, graph by graph with context
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = OxigraphStore(tmp_path_factory.mktemp("engines") / "store")
    ensure_vocabulary(opened)
    opened.load([ASKER], URIRef(GRAPHS + "asker"))
    for path in sorted(MILJOPAKKEN.glob("*.ttl")):
        opened.load([path], URIRef(GRAPHS + "miljopakken/" + path.stem))
    first = sorted(generated.glob("*.nt"))[0]
    opened.load([first], URIRef(GRAPHS + "generated/" + first.stem))
    # The base model in a graph of its own: the rule files' links into it need the context.
    opened.load([INVALID / "_base.ttl"], URIRef(GRAPHS + "invalid/base"))
    opened.load(sorted(INVALID.glob("*Shape.ttl")), URIRef(GRAPHS + "invalid/rules"))
    yield opened
    opened.close()


def test_every_graph_of_a_store(store: Store) -> None:
    reference = validate_store(store, workers=1, engine=Engine.pyshacl)
    compiled = validate_store(store, workers=1, engine=Engine.compiled)
    assert [g.graph for g in compiled.graphs] == [g.graph for g in reference.graphs]
    for ours, theirs in zip(compiled.graphs, reference.graphs, strict=True):
        assert _key(ours.report) == _key(theirs.report), ours.graph
        assert ours.report.to_json() == theirs.report.to_json(), ours.graph
        assert (ours.triples, ours.context) == (theirs.triples, theirs.context)
    assert compiled.counts == reference.counts
    assert compiled.counts["Violation"] > 30


def test_a_store_graph_with_literals_in_non_canonical_form(store: Store) -> None:
    graph = URIRef(GRAPHS + "literals")
    store.update(
        f"""
        PREFIX gg: <https://w3id.org/goalgraph#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT DATA {{ GRAPH <{graph}> {{
            <{EX}i> a gg:Indicator ; rdfs:label "Indikator"@nb , "Indicator"@en ;
                gg:measures <https://example.org/invalid/base#delmal> ; gg:unit "prosent" ;
                gg:direction "01"^^xsd:integer , " 7 "^^xsd:integer , "1.50"^^xsd:decimal .
            <{EX}p> a gg:Project ; rdfs:label "Prosjekt"@nb , "Project"@en ;
                gg:budget " 12 "^^xsd:integer , "1.50"^^xsd:decimal .
        }} }}
        """
    )
    ours = validate_graph(store, graph, engine=Engine.compiled).report
    theirs = validate_graph(store, graph, engine=Engine.pyshacl).report
    assert _key(ours) == _key(theirs)
    assert {r.rule for r in ours.results} >= {"IndicatorDirectionShape", "ProjectBudgetShape"}
    store.update(f"DROP GRAPH <{graph}>")


# ----------------------------------------------------------------------------------------
# Shapes the compiled engine cannot run
# ----------------------------------------------------------------------------------------

PREFIXES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/engines/shapes#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""
# Runs compiled; the other shapes each hold something the compiled engine must not run.
PLAIN = """
ex:LabelledShape a sh:NodeShape ; sh:targetClass gg:Goal ;
    sh:property [ sh:path rdfs:label ; sh:minCount 3 ; sh:message "too few labels"@en ] .
"""
UNSUPPORTED = {
    "sh:js": """
        ex:Odd a sh:NodeShape ; sh:targetClass gg:Strategy ;
            sh:js [ a sh:JSConstraint ; sh:jsFunctionName "odd" ;
                    sh:jsLibrary [ sh:jsLibraryURL "https://example.org/odd.js" ] ] .
        """,
    "sh:target": """
        ex:Odd a sh:NodeShape ;
            sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE { ?this a ?c }" ] ;
            sh:property [ sh:path rdfs:label ; sh:maxCount 0 ] .
        """,
    "sh:lessThan": """
        ex:Odd a sh:NodeShape ; sh:targetClass gg:Strategy ;
            sh:property [ sh:path rdfs:label ; sh:lessThan gg:realises ] .
        """,
    # Named by the engine only: it refuses a SELECT that does not project $this.
    "engine": """
        ex:Odd a sh:NodeShape ; sh:targetClass gg:Strategy ;
            sh:sparql [ sh:select "SELECT ?value WHERE { $this rdfs:label ?value }" ;
                        sh:prefixes ex:prefixes ] .
        ex:prefixes sh:declare [ sh:prefix "rdfs" ;
            sh:namespace "http://www.w3.org/2000/01/rdf-schema#"^^xsd:anyURI ] .
        """,
    # A shape that refers to an unsupported one falls back with it.
    "reference": """
        ex:Odd a sh:NodeShape ; sh:targetClass gg:Strategy ; sh:node ex:Helper .
        ex:Helper a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:lessThan gg:realises ] .
        """,
}


@pytest.mark.parametrize("feature", list(UNSUPPORTED))
def test_a_shape_the_compiled_engine_cannot_run_falls_back_alone(
    feature: str, caplog: pytest.LogCaptureFixture
) -> None:
    shapes = Graph().parse(data=PREFIXES + PLAIN + UNSUPPORTED[feature], format="turtle")
    with caplog.at_level(logging.WARNING, logger="goalgraph.engines"):
        split = plan(shapes)
    assert [f.rule for f in split.fallbacks] == ["Odd"]
    assert split.compiled is not None  # the other shape stays compiled
    assert any("Odd" in r.getMessage() and "pySHACL" in r.getMessage() for r in caplog.records)
    report = _same(_model(INVALID / "_base.ttl"), shapes)
    rules = {r.rule for r in report.results}
    assert "LabelledShape" in rules
    if feature == "engine":  # pySHACL's results are merged with the compiled engine's
        assert "Odd" in rules
    assert report.notes == split.notes
    assert report.to_json()["notes"][0].startswith("Regelen Odd ble sjekket med pySHACL")
    assert "The rule Odd was checked with pySHACL" in report.to_text("en")
    # pySHACL leaves nothing to note.
    assert (
        "notes"
        not in validate(_model(INVALID / "_base.ttl"), shapes=shapes, engine="pyshacl").to_json()
    )


def test_fallback_shapes_are_found_once_per_plan_not_per_graph(store: Store) -> None:
    first = builtin_plan()
    validate_graph(store, URIRef(GRAPHS + "asker"), engine=Engine.compiled)
    assert builtin_plan() is first


def test_the_callers_shapes_and_rdflib_settings_are_left_as_they_were() -> None:
    shapes = Graph().parse(data=PREFIXES + PLAIN + UNSUPPORTED["sh:lessThan"], format="turtle")
    before = set(shapes)
    normalize = rdflib.NORMALIZE_LITERALS
    built_in = len(load_shapes())
    validate(_model(INVALID / "_base.ttl"), shapes=shapes, engine=Engine.compiled)
    assert set(shapes) == before
    assert normalize == rdflib.NORMALIZE_LITERALS
    assert len(load_shapes()) == built_in


# ----------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------


def test_cli_engines_print_the_same_document() -> None:
    documents = []
    for engine in ("compiled", "pyshacl"):
        result = runner.invoke(app, ["validate", str(INVALID), "-f", "json", "--engine", engine])
        assert result.exit_code == 1, result.output
        documents.append(json.loads(result.output))
    assert documents[0] == documents[1]


def test_cli_store_engines_print_the_same_document(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with OxigraphStore(folder) as small:
        ensure_vocabulary(small)
        small.load([INVALID / "_base.ttl"], URIRef(GRAPHS + "base"))
        small.load([INVALID / "GoalCycleShape.ttl"], URIRef(GRAPHS + "cycle"))
        assert len(data_graphs(small)) == 2
    documents = []
    for engine in ("compiled", "pyshacl"):
        result = runner.invoke(
            app,
            ["validate", "--store", str(folder), "--all", "-f", "json", "--engine", engine],
        )
        assert result.exit_code == 1, result.output
        document = json.loads(result.output)
        for graph in document["graphs"]:
            graph.pop("seconds")
        document.pop("seconds")
        documents.append(document)
    assert documents[0] == documents[1]


def test_cli_unknown_engine_exits_two() -> None:
    result = runner.invoke(app, ["validate", str(ASKER), "--engine", "fast"])
    assert result.exit_code == 2


def test_shapes_without_targets_report_nothing_on_either_engine() -> None:
    shapes = Graph().parse(
        data=PREFIXES
        + "ex:Loose a sh:NodeShape ; sh:property [ sh:path rdfs:label ; sh:minCount 9 ] .",
        format="turtle",
    )
    report = _same(_model(INVALID / "_base.ttl"), shapes)
    assert report.results == [] and report.notes == []


def test_cli_store_prints_each_note_once(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with OxigraphStore(folder) as small:
        ensure_vocabulary(small)
        small.load([INVALID / "_base.ttl"], URIRef(GRAPHS + "base"))
        small.load([INVALID / "GoalCycleShape.ttl"], URIRef(GRAPHS + "cycle"))
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(PREFIXES + PLAIN + UNSUPPORTED["sh:js"], encoding="utf-8")
    result = runner.invoke(
        app,
        ["validate", "--store", str(folder), "--all", "--shapes", str(shapes), "--lang", "en"],
    )
    assert result.exit_code == 1, result.output  # LabelledShape reports Violations
    assert result.output.count("* The rule Odd was checked with pySHACL") == 1
