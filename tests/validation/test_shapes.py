"""The shapes themselves: valid SHACL, documented in both languages, one test file per rule."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from goalgraph.resources import shapes_dir
from goalgraph.validation import load_shapes
from goalgraph.wording import rules as wording_rules
from tests.conftest import TEST_DATA

GGSH = "https://w3id.org/goalgraph/shapes#"
SHAPE_FILES = sorted(shapes_dir().glob("*.ttl"))
SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"


def named_shapes(graph: Graph) -> list[URIRef]:
    found = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    return sorted(s for s in found if isinstance(s, URIRef))


def languages(graph: Graph, node: URIRef, prop: URIRef) -> list[str | None]:
    return sorted(
        (o.language for o in graph.objects(node, prop) if isinstance(o, Literal)),
        key=lambda lang: lang or "",
    )


def test_shapes_conform_to_shacl_shacl() -> None:
    conforms, _, text = pyshacl.validate(
        load_shapes(), shacl_graph=Graph().parse(SHACL_SHACL), inference="none"
    )
    assert conforms, text


def test_shapes_are_grouped_by_concern() -> None:
    assert [p.stem for p in SHAPE_FILES] == [
        "completeness",
        "cycles",
        "prioritisation",
        "separation",
        "wording",
    ]


@pytest.mark.parametrize("path", SHAPE_FILES, ids=lambda p: p.stem)
def test_each_file_has_an_ontology_header(path: Path) -> None:
    graph = Graph().parse(path)
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    assert headers == [URIRef(f"https://w3id.org/goalgraph/shapes/{path.stem}")]
    assert graph.value(headers[0], OWL.versionInfo) is not None
    assert languages(graph, headers[0], RDFS.label) == ["en", "nb"]


def test_every_shape_is_named_labelled_and_explained_in_both_languages() -> None:
    graph = load_shapes()
    shapes = named_shapes(graph)
    assert len(shapes) >= 40
    for shape in shapes:
        assert str(shape).startswith(GGSH) and str(shape).endswith("Shape"), shape
        assert languages(graph, shape, RDFS.label) == ["en", "nb"], shape
        assert languages(graph, shape, SH.message) == ["en", "nb"], shape
        assert len(list(graph.objects(shape, SH.severity))) == 1, shape
        assert graph.value(shape, SH.severity) in {SH.Violation, SH.Warning, SH.Info}, shape
        assert list(graph.objects(shape, RDFS.seeAlso)), shape
        # Nested shapes carry neither severity nor message of their own, so every result
        # must come from the named shape: no named shape uses sh:property.
        assert graph.value(shape, SH.property) is None, shape


def test_every_rule_has_its_test_file_and_nothing_else() -> None:
    rules = {str(s)[len(GGSH) :] for s in named_shapes(load_shapes())}
    files = {p.stem for p in (TEST_DATA / "invalid").glob("*.ttl") if not p.stem.startswith("_")}
    assert rules == files


def test_severities_follow_the_issue() -> None:
    graph = load_shapes()
    severity = {str(s)[len(GGSH) :]: graph.value(s, SH.severity) for s in named_shapes(graph)}
    warnings = {rule for rule, level in severity.items() if level == SH.Warning}
    assert warnings == {
        "ImplementsShortcutShape",
        "IndicatorUnitShape",
        "IndicatorDirectionShape",
        "GoalIndicatorShape",
        "GoalServedShape",
        "GoalPhrasedAsStrategyShape",
        "StrategyPhrasedAsGoalShape",
        "AssignmentSubjectShape",
        "TargetRevisionReasonShape",
        "MilestoneResponsibleShape",
    }
    assert {rule for rule, level in severity.items() if level == SH.Info} == {"LabelEnShape"}


# ----------------------------------------------------------------------------------------
# Wording rules: declared here, checked by goalgraph.wording (tests/test_wording.py)
# ----------------------------------------------------------------------------------------


def test_wording_shapes_declare_exactly_the_rules_goalgraph_wording_checks() -> None:
    graph = Graph().parse(shapes_dir() / "wording.ttl")
    shapes = {str(s)[len(GGSH) :] for s in named_shapes(graph)}
    assert shapes == set(wording_rules.RULES)
    for shape in named_shapes(graph):
        # SHACL engines skip them (they cannot look words up); goalgraph checks them.
        assert graph.value(shape, SH.deactivated) == Literal(True), shape
        assert graph.value(shape, SH.targetClass) is not None, shape
        for message in graph.objects(shape, SH.message):
            assert wording_rules.PLACEHOLDER in str(message), shape
    assert wording_rules.declared(load_shapes()) == list(wording_rules.RULES)


# ----------------------------------------------------------------------------------------
# The rule catalogue in shapes/README.md
# ----------------------------------------------------------------------------------------


def catalogue() -> str:
    """The catalogue table as shapes/README.md must hold it, built from the shapes."""
    rows = [
        "| rule | concern | severity | message (nb) | message (en) |",
        "|---|---|---|---|---|",
    ]
    for path in SHAPE_FILES:
        graph = Graph().parse(path)
        for shape in named_shapes(graph):
            messages = {m.language: str(m) for m in graph.objects(shape, SH.message)}
            severity = str(graph.value(shape, SH.severity))[len(str(SH)) :]
            rule = str(shape)[len(GGSH) :]
            rows.append(
                f"| `{rule}` | {path.stem} | {severity} | {messages['nb']} | {messages['en']} |"
            )
    return "\n".join(rows)


def test_readme_catalogue_matches_the_shapes() -> None:
    readme = (shapes_dir() / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- catalogue:start -->\n", "\n<!-- catalogue:end -->"
    written = readme[readme.index(start) + len(start) : readme.index(end)]
    assert written.strip() == catalogue(), "regenerate the table with tests.test_shapes.catalogue()"
