"""Counts per class and per party."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import ORG, RDFS

from goalgraph import GG, load
from goalgraph.analysis.info import model_info
from goalgraph.namespace import PREFIXES
from goalgraph.resources import core_ontology_path
from goalgraph.sparql.library import get_query
from tests.conftest import TEST_DATA

T = Namespace("https://w3id.org/goalgraph/tests/trace/")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return load(TEST_DATA / "trace" / "model.ttl")


def test_counts_per_class_include_subclasses(graph: Graph) -> None:
    info = model_info(graph, lang="en")
    assert info.count(GG.Project) == 6
    assert info.count(GG.MainGoal) == 3
    assert info.count(GG.Goal) == 8
    assert info.count(GG.Measure) == 5
    assert info.count(GG.OperatingMeasure) == 2
    assert info.count(GG.Means) == 6 + 5 + 4 + 5
    assert info.count(GG.Indicator) == 3
    # Concepts of the vocabulary's own schemes are not part of the model.
    assert info.count(GG.SDGTarget) == 0
    assert info.count(GG.ProjectPhase) == 0
    labels = {c.cls: c.label for c in info.classes}
    assert labels[GG.Project] == "project"


def test_counts_per_party(graph: Graph) -> None:
    info = model_info(graph, lang="nb")
    # Goals by gg:plan/gg:party; m2's plan is an agreement of both parties.
    assert info.party_count(T.kommune, GG.MainGoal) == 3
    assert info.party_count(T.fylke, GG.MainGoal) == 1
    assert info.party_count(T.kommune, GG.SubGoal) == 1
    # Through gg:responsible and org:unitOf*: a1 (service area), t1 and p1 (unit), i1.
    assert info.party_count(T.kommune, GG.Assignment) == 1
    assert info.party_count(T.kommune, GG.OperatingMeasure) == 1
    assert info.party_count(T.kommune, GG.Project) == 1
    assert info.party_count(T.kommune, GG.Indicator) == 1
    assert info.party_count(T.fylke, GG.Project) == 0
    names = {p.party_label for p in info.parties}
    assert names == {"Prøveby kommune", "Prøve fylkeskommune"}


def test_each_example_has_parties(example_graph: Graph) -> None:
    info = model_info(example_graph)
    assert info.count(GG.Project) > 0
    assert info.parties


def test_party_counts_list_every_party_class_of_the_vocabulary() -> None:
    # party-counts names the classes instead of following rdfs:subClassOf* (Virtuoso loses
    # rows with it), so a party class added to the vocabulary must be added there too.
    vocabulary = Graph().parse(core_ontology_path())
    # The walk starts from (and yields) org:FormalOrganization itself.
    expected = set(vocabulary.transitive_subjects(RDFS.subClassOf, ORG.FormalOrganization))
    block = re.search(r"VALUES \?partyClass \{([^}]*)\}", get_query("party-counts").text)
    assert block is not None
    listed: set[URIRef] = set()
    for curie in block.group(1).split():
        prefix, local = curie.split(":")
        listed.add(URIRef(str(PREFIXES[prefix]) + local))
    assert listed == expected
