"""The core ontology: labels and comments in both languages, the GG namespace class, the
header, and consistency under HermiT together with the SDG module."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from goalgraph import GG, vocabulary
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.reasoner import reason
from goalgraph.resources import core_ontology_path

logger = logging.getLogger(__name__)

NS = str(GG._NS)
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(core_ontology_path(), format="turtle")


def _gg_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def _classes_and_properties(ontology: Graph) -> set[URIRef]:
    return {t for t in _gg_terms(ontology) if any((t, RDF.type, k) in ontology for k in TERM_KINDS)}


def test_the_ontology_defines_classes_and_properties(ontology: Graph) -> None:
    terms = _classes_and_properties(ontology)
    assert {GG.End, GG.Means, GG.Goal, GG.Project, GG.serves, GG.implements} <= terms
    assert len(terms) > 60


@pytest.mark.parametrize("prop", [RDFS.label, RDFS.comment], ids=["label", "comment"])
def test_every_term_speaks_both_languages(ontology: Graph, prop: URIRef) -> None:
    missing = [
        f"{term} {lang}"
        for term in sorted(_gg_terms(ontology))
        for lang in ("nb", "en")
        if not any(
            isinstance(o, Literal) and o.language == lang and str(o).strip()
            for o in ontology.objects(term, prop)
        )
    ]
    assert not missing, missing


def test_every_class_and_property_is_defined_by_the_ontology(ontology: Graph) -> None:
    missing = [
        term
        for term in sorted(_classes_and_properties(ontology))
        if (term, RDFS.isDefinedBy, ONTOLOGY_IRI) not in ontology
    ]
    assert not missing, missing


def test_namespace_class_lists_exactly_the_ontology_terms(ontology: Graph) -> None:
    in_ontology = {str(term)[len(NS) :] for term in _gg_terms(ontology)}
    in_class = set(GG.__annotations__)
    assert in_class - in_ontology == set(), "GG names terms the ontology does not define"
    assert in_ontology - in_class == set(), "the ontology defines terms GG does not list"


def test_namespace_class_is_closed() -> None:
    misspelt = "Gaol"
    with pytest.raises(AttributeError):
        getattr(GG, misspelt)


def test_header_carries_version(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    info = ontology.value(ONTOLOGY_IRI, OWL.versionInfo)
    version_iri = ontology.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert isinstance(info, Literal) and str(info)
    assert isinstance(version_iri, URIRef)
    assert str(version_iri).startswith(str(ONTOLOGY_IRI)) and str(info) in str(version_iri)


def test_ontology_and_sdg_module_are_consistent_for_hermit(
    record_property: Callable[[str, object], None],
) -> None:
    result = reason(vocabulary(), include_vocabulary=True)
    record_property("hermit_seconds", round(result.seconds, 2))
    logger.info("HermiT: ontology and SDG module consistent in %.2f s", result.seconds)
    assert result.consistent, result.to_text("en")
    assert result.inconsistency is None
    assert result.serves == set()
