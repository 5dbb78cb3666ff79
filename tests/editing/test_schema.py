"""The editor's forms come from the ontology, the shapes and the goal chain."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from goalgraph.chain import LINKS, STAGES
from goalgraph.editing.schema import FieldKind, build_forms, forms
from goalgraph.files import new_graph, parse_file
from goalgraph.namespace import GG, ONTOLOGY_IRI
from goalgraph.store import vocabulary_files
from goalgraph.validation.shapes import load_shapes


def test_every_class_of_the_chain_has_a_form_with_its_chain_link_first() -> None:
    found = forms()
    for stage, link in zip(STAGES, LINKS, strict=True):
        form = found.get(stage)
        assert form is not None, stage
        assert form.fields[0].iri == link
        assert form.fields[0].chain and form.fields[0].kind is FieldKind.LINK
        assert form.fields[0].required, "the shapes ask every means for its link up"
    for goal in (GG.MainGoal, GG.SubGoal):
        keys = [f.iri for f in found.by_iri[goal].fields[:2]]
        assert keys == [GG.contributesTo, GG.localises]
    assert found.by_iri[GG.SubGoal].fields[0].required
    assert not found.by_iri[GG.MainGoal].fields[0].required


def test_indicators_with_targets_and_observations_and_effects_have_forms() -> None:
    found = forms()
    for cls in (GG.Indicator, GG.TargetValue, GG.Observation, GG.ExpectedEffect):
        assert found.get(cls) is not None, cls
    observation = found.by_iri[GG.Observation]
    kinds = {f.iri: f.kind for f in observation.fields}
    assert kinds[GG.indicator] is FieldKind.LINK
    assert kinds[GG.value] is FieldKind.NUMBER
    assert kinds[GG.date] is FieldKind.DATE
    indicator = found.by_iri[GG.Indicator]
    direction = indicator.field_for(GG.direction)
    assert direction is not None and direction.kind is FieldKind.CHOICE
    assert {c.iri for c in direction.choices} == {GG.HigherIsBetter, GG.LowerIsBetter}
    assert indicator.field_for(GG.unit).kind is FieldKind.TEXT  # type: ignore[union-attr]
    # What hangs on an indicator: its records, offered from its page.
    hanging = {other.iri for other, _ in found.incoming(indicator)}
    assert {GG.Observation, GG.TargetValue, GG.ExpectedEffect} <= hanging


def test_vocabulary_concepts_inferred_links_and_roots_get_no_form() -> None:
    found = forms()
    offered = {c.iri for c in found.classes}
    for cls in (GG.End, GG.Means, GG.SDGTarget, GG.SDGGoal, GG.ProjectPhase, GG.Direction):
        assert cls not in offered, cls
    project = found.by_iri[GG.Project]
    assert project.field_for(GG.serves) is None, "gg:serves is inferred, never stated"
    phase = project.field_for(GG.phase)
    assert phase is not None and phase.kind is FieldKind.CHOICE and phase.required
    assert {f.iri for f in project.fields if f.required} >= {
        GG.implements,
        GG.owner,
        GG.manager,
        GG.phase,
        GG.budget,
    }


def test_sdg_targets_are_picked_by_code_or_text() -> None:
    goal = forms().by_iri[GG.MainGoal]
    localises = goal.field_for(GG.localises)
    assert localises is not None and localises.sdg
    assert set(localises.targets) == {GG.SDGTarget, GG.SDGGoal}


def test_a_class_added_to_the_ontology_gets_its_form() -> None:
    vocabulary = new_graph()
    for path in vocabulary_files():
        parse_file(vocabulary, path)
    assessment = URIRef("https://w3id.org/goalgraph#Assessment")
    score = URIRef("https://w3id.org/goalgraph#score")
    assesses = URIRef("https://w3id.org/goalgraph#assesses")
    vocabulary.add((assessment, RDF.type, OWL.Class))
    vocabulary.add((assessment, RDFS.isDefinedBy, ONTOLOGY_IRI))
    vocabulary.add((assessment, RDFS.label, Literal("vurdering", lang="nb")))
    for prop, kind, target in (
        (score, OWL.DatatypeProperty, URIRef("http://www.w3.org/2001/XMLSchema#decimal")),
        (assesses, OWL.ObjectProperty, GG.Project),
    ):
        vocabulary.add((prop, RDF.type, kind))
        vocabulary.add((prop, RDFS.isDefinedBy, ONTOLOGY_IRI))
        vocabulary.add((prop, RDFS.domain, assessment))
        vocabulary.add((prop, RDFS.range, target))
    found = build_forms(vocabulary, load_shapes())
    form = found.get(assessment)
    assert form is not None
    assert form.field_for(score).kind is FieldKind.NUMBER  # type: ignore[union-attr]
    assert form.field_for(assesses).kind is FieldKind.LINK  # type: ignore[union-attr]
    assert form.name("nb") == "vurdering"
    assert (form, form.field_for(assesses)) in found.incoming(found.by_iri[GG.Project])
