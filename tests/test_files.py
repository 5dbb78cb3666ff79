"""Loading files and folders in every syntax, and the errors for bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from goalgraph import GG, LoadError, load, load_data
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.store import file_graph
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "load"
EX = "https://example.org/kommune/"


def test_each_syntax_is_read(tmp_path: Path) -> None:
    for name in ("good.ttl", "good.jsonld", "good.nt", "good.rdf"):
        shutil.copy(DATA / name, tmp_path / name)
    graph = load_data(tmp_path)
    assert (URIRef(EX + "goal1"), RDF.type, GG.MainGoal) in graph
    assert (URIRef(EX + "strategy1"), RDF.type, GG.Strategy) in graph
    assert (URIRef(EX + "goal9"), RDF.type, GG.SubGoal) in graph
    assert (URIRef(EX + "project1"), RDF.type, GG.Project) in graph


def test_load_adds_ontology_and_sdg_module() -> None:
    store = load(DATA / "good.ttl")
    graphs = {info.iri: info.triples for info in store.graphs()}
    assert graphs[file_graph(DATA / "good.ttl")] == 3
    vocabulary_graph = store.export(ONTOLOGY_IRI)
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in vocabulary_graph
    assert (URIRef("http://metadata.un.org/sdg/3.4"), RDF.type, GG.SDGTarget) in vocabulary_graph
    assert len(load_data(DATA / "good.ttl")) == 3


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(LoadError) as info:
        load(DATA / "broken.ttl")
    assert info.value.line == 7
    assert f"{DATA / 'broken.ttl'}:7" in str(info.value)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> c .\n", 2),
        ("bad.jsonld", '{"@id": "http://a",\n "http://b": }\n', 2),
        (
            "bad.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
            '22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n',
            4,
        ),
    ],
)
def test_other_syntaxes_name_the_line(tmp_path: Path, name: str, text: str, line: int) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_data(path)
    assert info.value.line == line
    assert f"{path}:{line}" in str(info.value)


def test_missing_path_and_unknown_suffix_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file or folder"):
        load(tmp_path / "nope.ttl")
    odd = tmp_path / "model.docx"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(LoadError, match="unknown RDF file type"):
        load(odd)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LoadError, match="holds no RDF files"):
        load(empty)


def test_broken_file_in_folder_adds_nothing(tmp_path: Path) -> None:
    shutil.copy(DATA / "good.ttl", tmp_path / "a.ttl")
    shutil.copy(DATA / "broken.ttl", tmp_path / "b.ttl")
    with pytest.raises(LoadError, match=r"b\.ttl:7"):
        load_data(tmp_path)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_turtle_loader(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.ttl"
    path.write_text(text, encoding="utf-8")
    try:
        graph = load_data(path)
    except LoadError as exc:
        assert str(path) in str(exc)
    else:
        assert len(graph) >= 0
