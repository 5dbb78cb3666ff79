"""Export then import gives back the same graph: for the examples and for generated models."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, XSD

from goalgraph import GG, SDG, load_data
from goalgraph.sdg import code_to_iri
from goalgraph.spreadsheet import (
    default_base,
    export_csv_folder,
    export_workbook,
    import_csv_folder,
    import_workbook,
)
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA

EX = "https://example.org/fjordvik/"


def assert_same(original: Graph, result: Graph) -> None:
    if isomorphic(original, result):
        return
    _, only_original, only_result = graph_diff(to_isomorphic(original), to_isomorphic(result))
    lost = sorted(only_original, key=str)[:10]
    gained = sorted(only_result, key=str)[:10]
    raise AssertionError(f"not isomorphic;\nlost: {lost}\ngained: {gained}")


@pytest.mark.parametrize("example", [ASKER, MILJOPAKKEN], ids=["asker", "miljopakken"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_examples_round_trip_through_a_workbook(example: Path, lang: str, tmp_path: Path) -> None:
    original = load_data(example)
    result = export_workbook(original, tmp_path / "book.xlsx", lang=lang)
    assert result.unexported == ()
    assert result.base == default_base(original)
    # Import takes the base from the instruction sheet.
    assert_same(original, import_workbook(tmp_path / "book.xlsx", lang=lang))


@pytest.mark.parametrize("example", [ASKER, MILJOPAKKEN], ids=["asker", "miljopakken"])
def test_examples_round_trip_through_csv(example: Path, tmp_path: Path) -> None:
    original = load_data(example)
    export_csv_folder(original, tmp_path / "csv", lang="en")
    assert_same(original, import_csv_folder(tmp_path / "csv"))


def test_units_in_both_languages_and_person_labels_round_trip(tmp_path: Path) -> None:
    original = Graph().parse(TEST_DATA / "spreadsheet" / "model.ttl")
    assert len(list(original.objects(None, GG.unit))) == 2
    assert len(list(original.objects(URIRef("https://example.org/kommune/kari"), RDFS.label))) == 2
    export_workbook(original, tmp_path / "book.xlsx", lang="nb")
    book = load_workbook(tmp_path / "book.xlsx")
    indicators = book["Indikatorer"]
    header = [c.value for c in indicators[1]]
    row = [c.value for c in indicators[2]]
    assert row[header.index("Enhet (nb)")] == "år"
    assert row[header.index("Enhet (en)")] == "years"
    persons = book["Personer"]
    header = [c.value for c in persons[1]]
    assert persons[2][header.index("Navn (en)")].value == "Kari Nordmann (project manager)"
    assert_same(original, import_workbook(tmp_path / "book.xlsx"))


def test_workbooks_with_the_earlier_names_still_import(tmp_path: Path) -> None:
    original = Graph().parse(TEST_DATA / "spreadsheet" / "model.ttl")
    export_workbook(original, tmp_path / "book.xlsx", lang="nb")
    book = load_workbook(tmp_path / "book.xlsx")
    book["Målverdier og målinger"].title = "Målverdier og observasjoner"
    for ws, new, old in (
        (book["Finansiering"], "Finansiert prosjekt eller tiltak", "Finansierer"),
        (book["Organisasjoner"], "Del av", "Enhet i"),
        (book["Personer"], "Fullt navn", "Navn"),
    ):
        for cell in ws[1]:
            if cell.value == new:
                cell.value = old
    book.save(tmp_path / "old.xlsx")
    assert_same(original, import_workbook(tmp_path / "old.xlsx"))


def test_export_of_a_graph_with_the_vocabulary_leaves_the_vocabulary_out(
    asker_rdf: Graph, tmp_path: Path
) -> None:
    result = export_workbook(asker_rdf, tmp_path / "book.xlsx")
    assert result.unexported == ()
    assert_same(load_data(ASKER), import_workbook(tmp_path / "book.xlsx"))


def test_ids_are_relative_to_another_base_and_full_iris_elsewhere(tmp_path: Path) -> None:
    original = load_data(TEST_DATA / "spreadsheet" / "model.ttl")
    other = "https://example.org/"
    export_workbook(original, tmp_path / "book.xlsx", base=other)
    assert_same(original, import_workbook(tmp_path / "book.xlsx"))
    # Given explicitly, a different base mints different IRIs: ids are relative.
    moved = import_workbook(tmp_path / "book.xlsx", base="https://example.net/")
    assert (URIRef("https://example.net/kommune/kommune"), RDF.type, GG.Municipality) in moved


def test_what_the_sheets_cannot_hold_is_reported(tmp_path: Path) -> None:
    graph = load_data(TEST_DATA / "spreadsheet" / "model.ttl")
    goal = URIRef("https://example.org/kommune/mal-helse")
    odd = [
        (goal, RDFS.label, Literal("Mål", lang="se")),
        (goal, GG.budget, Literal("5", datatype=XSD.decimal)),
        (URIRef("https://example.org/kommune/prosjekt-hjemmebesok"), GG.budget, Literal("7")),
    ]
    for triple in odd:
        graph.add(triple)
    result = export_workbook(graph, tmp_path / "book.xlsx")
    assert sorted(result.unexported) == sorted(odd)
    assert not result.complete


# --- generated models -------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("æøåÆØÅéü –«»;=,.'\"1234567890"),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=30,
).filter(lambda t: bool(t.strip()))
_LABEL = st.one_of(_TEXT, st.builds(lambda a, b: f"{a}\n{b}", _TEXT, _TEXT))
_ID = st.from_regex(r"[a-zæøå][a-z0-9æøå_-]{0,10}", fullmatch=True)
_DECIMAL = st.integers(0, 4).flatmap(
    lambda places: st.decimals(
        min_value=-(10**13), max_value=10**13, places=places, allow_nan=False
    ).map(lambda d: format(d, "f"))
)
_DATE = st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2200, 12, 31))
_SDG_TARGETS = ["3.4", "4.2", "11.2", "13", "16.7"]
_SDG_INDICATORS = ["3.4.1", "11.2.1"]


@st.composite
def models(draw: st.DrawFn) -> Graph:
    """A random model: organisations, persons, goals, the chain down to projects, indicators."""
    graph = Graph()
    ids = iter(draw(st.lists(_ID, min_size=40, max_size=40, unique=True)))

    def node(cls: URIRef) -> URIRef:
        iri = URIRef(EX + next(ids))
        graph.add((iri, RDF.type, cls))
        # Persons too: their labels must survive the round trip beside foaf:name.
        if cls != FOAF.Person or draw(st.booleans()):
            graph.add((iri, RDFS.label, Literal(draw(_LABEL), lang="nb")))
            if draw(st.booleans()):
                graph.add((iri, RDFS.label, Literal(draw(_LABEL), lang="en")))
        if draw(st.booleans()):
            graph.add((iri, DCTERMS.source, Literal(draw(_TEXT).replace("\n", " "))))
        return iri

    def some(options: list[URIRef], most: int = 2) -> list[URIRef]:
        return draw(st.lists(st.sampled_from(options), max_size=most)) if options else []

    orgs: list[URIRef] = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from([GG.Municipality, GG.ServiceArea, GG.Unit, ORG.Organization]))
        org = node(kind)
        for parent in some(orgs, 1):
            graph.add((org, ORG.unitOf, parent))
        orgs.append(org)
    persons = [node(FOAF.Person) for _ in range(draw(st.integers(0, 2)))]
    for person in persons:
        graph.add((person, FOAF.name, Literal(draw(_TEXT))))
    goals: list[URIRef] = []
    for _ in range(draw(st.integers(1, 4))):
        goal = node(draw(st.sampled_from([GG.MainGoal, GG.SubGoal])))
        for higher in some(goals):
            graph.add((goal, GG.contributesTo, higher))
        for code in draw(st.lists(st.sampled_from(_SDG_TARGETS), max_size=2)):
            graph.add((goal, GG.localises, SDG[code]))
        goals.append(goal)
    strategies = []
    for _ in range(draw(st.integers(0, 2))):
        strategy = node(GG.Strategy)
        for goal in some(goals):
            graph.add((strategy, GG.realises, goal))
        strategies.append(strategy)
    measures = []
    for _ in range(draw(st.integers(0, 2))):
        assignment = node(GG.Assignment)
        for strategy in some(strategies, 1):
            graph.add((assignment, GG.concretises, strategy))
        measure = node(draw(st.sampled_from([GG.OperatingMeasure, GG.InvestmentMeasure])))
        graph.add((measure, GG.resolves, assignment))
        graph.add((measure, GG.budget, Literal(draw(_DECIMAL), datatype=XSD.decimal)))
        measures.append(measure)
    indicators = []
    for _ in range(draw(st.integers(0, 2))):
        indicator = node(GG.Indicator)
        graph.add((indicator, GG.unit, Literal(draw(_TEXT), lang="nb")))
        if draw(st.booleans()):
            graph.add((indicator, GG.unit, Literal(draw(_TEXT), lang="en")))
        graph.add(
            (indicator, GG.direction, draw(st.sampled_from([GG.HigherIsBetter, GG.LowerIsBetter])))
        )
        graph.add((indicator, GG.baseline, Literal(draw(_DECIMAL), datatype=XSD.decimal)))
        for code in draw(st.lists(st.sampled_from(_SDG_INDICATORS), max_size=1)):
            graph.add((indicator, GG.alignsWith, code_to_iri(code)))
        for goal in some(goals, 1):
            graph.add((indicator, GG.measures, goal))
        for _ in range(draw(st.integers(0, 2))):
            record = BNode() if draw(st.booleans()) else URIRef(EX + next(ids))
            kind = draw(st.sampled_from([GG.Observation, GG.TargetValue]))
            graph.add((record, RDF.type, kind))
            graph.add((record, GG.indicator, indicator))
            graph.add((record, GG.value, Literal(draw(_DECIMAL), datatype=XSD.decimal)))
            graph.add((record, GG.date, Literal(draw(_DATE).isoformat(), datatype=XSD.date)))
        indicators.append(indicator)
    for _ in range(draw(st.integers(0, 2))):
        project = node(GG.Project)
        for measure in some(measures, 1):
            graph.add((project, GG.implements, measure))
        for agent in some(persons + orgs, 1):
            graph.add((project, GG.owner, agent))
        graph.add((project, GG.phase, draw(st.sampled_from([GG.PhaseIdea, GG.PhaseExecution]))))
        graph.add((project, GG.riskLevel, draw(st.sampled_from([GG.RiskLow, GG.RiskHigh]))))
        graph.add((project, GG.budget, Literal(draw(_DECIMAL), datatype=XSD.decimal)))
        start = draw(_DATE)
        graph.add((project, GG.startDate, Literal(start.isoformat(), datatype=XSD.date)))
        for benefit in draw(st.lists(_TEXT.map(lambda t: t.replace("\n", " ")), max_size=2)):
            graph.add((project, GG.expectedBenefit, Literal(benefit, lang="nb")))
        for indicator in some(indicators, 1):
            effect = BNode()
            graph.add((project, GG.expectedEffect, effect))
            graph.add((effect, RDF.type, GG.ExpectedEffect))
            graph.add((effect, GG.indicator, indicator))
            graph.add((effect, GG.change, Literal(draw(_DECIMAL), datatype=XSD.decimal)))
    return graph


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models(), lang=st.sampled_from(["nb", "en"]))
def test_generated_models_round_trip_through_a_workbook(model: Graph, lang: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        result = export_workbook(model, path, EX, lang)
        assert result.unexported == ()
        assert_same(model, import_workbook(path, lang=lang))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model=models())
def test_generated_models_round_trip_through_csv(model: Graph) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = export_csv_folder(model, Path(folder) / "csv", EX)
        assert result.unexported == ()
        assert_same(model, import_csv_folder(Path(folder) / "csv"))
