"""Reading an embedded store's graphs as N-Triples terms (goalgraph.store.reader): what whole-store
validation reads must be exactly what the store holds, whatever the terms look like."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from goalgraph.store import OxigraphStore, data_graphs, ensure_vocabulary
from goalgraph.store.oxigraph import from_ox
from goalgraph.store.reader import NativeGraphs, rdflib_term
from goalgraph.validation.store import data_graph_iris
from tests.conftest import ASKER

GRAPH = URIRef("https://example.org/reader/odd")
EMPTIED = URIRef("https://example.org/reader/emptied")
#: Terms in every form N-Triples has: escapes, language tags, datatypes (numbers and booleans
#: that Oxigraph's TSV writes bare, and some it cannot), blank nodes as subjects, objects
#: and classes, a literal as a "class".
ODD = r"""
@prefix ex: <https://example.org/reader/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing , _:kind , "not a class" ;
    ex:text "line one\nline two \"quoted\" back\\slash" , "tab\there"@nb , "plain ."@en-GB ;
    ex:number "01"^^xsd:integer , "-7"^^xsd:integer , "1.50"^^xsd:decimal , "x"^^xsd:string ,
        "1.5e3"^^xsd:double , "true"^^xsd:boolean , "1"^^xsd:boolean , "NaN"^^xsd:double ;
    ex:date "2024-01-31"^^xsd:date ;
    ex:link _:b , <https://example.org/reader/with%20percent> .
_:b a ex:Thing ; ex:text "blank" .
_:kind ex:text "a class that is a blank node" .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    folder: Path = tmp_path_factory.mktemp("reader")
    odd = folder / "odd.ttl"
    odd.write_text(ODD, encoding="utf-8")
    opened = OxigraphStore(folder / "store")
    ensure_vocabulary(opened)
    opened.load([odd], GRAPH)
    opened.load([ASKER], URIRef("https://example.org/reader/asker"))
    opened.load([odd], EMPTIED)
    opened.update(f"CLEAR GRAPH <{EMPTIED}>")  # still named, holding nothing
    yield opened
    opened.close()


def _dumped(store: OxigraphStore, graph: URIRef) -> set[tuple[str, str, str]]:
    native = store._store  # the reference: every quad of the graph, as Oxigraph writes it
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in native.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
    }


def test_a_graph_is_read_triple_for_triple(store: OxigraphStore) -> None:
    reader = store.native_graphs()
    assert isinstance(reader, NativeGraphs)
    for graph in (GRAPH, URIRef("https://example.org/reader/asker")):
        read = reader.triples(graph)
        assert len(read) == len(set(read)) == store.triples_count(graph)
        assert set(read) == _dumped(store, graph)


def test_terms_become_the_rdflib_terms_the_adapter_makes(store: OxigraphStore) -> None:
    reader = store.native_graphs()
    assert reader is not None
    for triple in reader.triples(GRAPH):
        for text in triple:
            parsed = next(iter(ox.parse(f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
            expected = from_ox(parsed.object)
            made = rdflib_term(text)
            assert made == expected and type(made) is type(expected), text
            if hasattr(expected, "datatype"):
                assert (made.datatype, made.language) == (expected.datatype, expected.language)


def test_the_data_graphs_are_named_without_counting(store: OxigraphStore) -> None:
    # An emptied graph is no data graph, as the counting query would not list it either.
    counted = sorted((info.iri for info in data_graphs(store)), key=str)
    assert data_graph_iris(store) == counted
    assert EMPTIED not in counted and GRAPH in counted


def test_the_plain_view_matches_as_a_filled_graph_does(store: OxigraphStore) -> None:
    # The report reads the data through a TextStore: every pattern over its terms must give
    # what an rdflib graph filled with the same triples gives, "01" and "1" as integers once.
    reader = store.native_graphs()
    assert reader is not None
    triples = reader.triples(GRAPH)
    one = next(t for t in triples if t[2].startswith('"1"^^<http://www.w3.org/2001/XMLSchema#int'))
    triples.append((one[0], one[1], one[2].replace('"1"', '"001"')))
    view = reader.to_rdflib(triples, plain=True)
    filled = reader.to_rdflib(triples)
    assert len(view) == len(filled) == len(triples) - 1
    terms = {term for triple in filled for term in triple}
    patterns = [(s, p, o) for s, p, o in filled]
    patterns += [(s, p, None) for s, p, _ in filled] + [(None, p, o) for _, p, o in filled]
    patterns += [(s, None, None) for s in terms] + [(None, None, o) for o in terms]
    patterns += [(None, p, None) for p in terms] + [(None, None, None)]
    for pattern in patterns:
        seen, expected = list(view.triples(pattern)), list(filled.triples(pattern))
        assert len(seen) == len(expected) and set(seen) == set(expected), pattern
    with pytest.raises(TypeError):
        view.add(next(iter(filled)))
