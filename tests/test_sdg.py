"""The SDG module: counts, IRIs, the concept scheme, reproducible generation and look-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from goalgraph import GG, UnknownNodeError
from goalgraph.resources import sdg_module_path
from goalgraph.sdg import build_sdg_graph, code_to_iri, lookup

SDG = "http://metadata.un.org/sdg/"


@pytest.fixture(scope="module")
def module() -> Graph:
    return Graph().parse(sdg_module_path())


def test_counts(module: Graph) -> None:
    assert len(set(module.subjects(RDF.type, GG.SDGGoal))) == 17
    assert len(set(module.subjects(RDF.type, GG.SDGTarget))) == 169
    # 251 listings of 235 distinct indicators in the 2025 framework.
    assert len(set(module.subjects(RDF.type, GG.SDGIndicator))) == 235
    notations = {
        str(n)
        for s in module.subjects(RDF.type, GG.SDGIndicator)
        for n in module.objects(s, SKOS.notation)
    }
    assert len(notations) == 251


def test_un_iris_and_hierarchy(module: Graph) -> None:
    target = URIRef(SDG + "3.4")
    assert (target, SKOS.broader, URIRef(SDG + "3")) in module
    assert (URIRef(SDG + "3"), SKOS.narrower, target) in module
    assert (URIRef(SDG + "C030401"), SKOS.broader, target) in module
    assert (target, SKOS.notation, Literal("3.4")) in module
    repeated = URIRef(SDG + "C200303")
    assert {str(p) for p in module.objects(repeated, SKOS.broader)} == {
        SDG + "1.5",
        SDG + "11.5",
        SDG + "13.1",
    }


def test_labels_english_everywhere_norwegian_for_goals_only(module: Graph) -> None:
    for item in module.subjects(SKOS.inScheme, GG.SDGScheme):
        langs = {lit.language for lit in module.objects(item, SKOS.prefLabel)}
        assert "en" in langs
        is_goal = (item, RDF.type, GG.SDGGoal) in module
        assert ("nb" in langs) == is_goal, item
    assert (
        URIRef(SDG + "3"),
        SKOS.prefLabel,
        Literal("Sikre god helse og fremme livskvalitet for alle, uansett alder", lang="nb"),
    ) in module


def test_module_file_is_reproducible(module: Graph) -> None:
    assert isomorphic(build_sdg_graph(), module)


def test_lookup_target_with_goal_and_indicators() -> None:
    entry = lookup("3.4")
    assert entry.level == "target"
    assert entry.parent is not None and entry.parent.code == "3"
    assert [c.code for c in entry.children] == ["3.4.1", "3.4.2"]


def test_lookup_errors() -> None:
    with pytest.raises(UnknownNodeError, match="not an SDG code"):
        code_to_iri("three")
    with pytest.raises(UnknownNodeError, match="no SDG item"):
        code_to_iri("3.99")


def test_build_writes_to_given_path(tmp_path: Path) -> None:
    from goalgraph.sdg import write_sdg_module

    out, count = write_sdg_module(tmp_path / "sdg.ttl")
    assert count == len(Graph().parse(out))
