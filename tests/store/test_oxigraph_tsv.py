"""The embedded store reads a SELECT's answer from Oxigraph's TSV text: every kind of term must
come back as the same rdflib term that converting pyoxigraph's own term object gives."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.errors import QueryError
from goalgraph.sparql.results import SelectResult
from goalgraph.store import OxigraphStore, native
from goalgraph.store.oxigraph import _result, tsv_term

EX = "https://w3id.org/goalgraph/tests/tsv/"
DATA = f"""
PREFIX ex:  <{EX}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
INSERT DATA {{ GRAPH ex:g {{
  ex:a ex:p "tab\\there, newline\\nthere, \\"quoted\\" and back\\\\slash"@nb ,
            "plain" , "" , "with space and æøå" ,
            "5"^^xsd:integer , "-12"^^xsd:integer , "5.50"^^xsd:decimal , "-0.25"^^xsd:decimal ,
            "1e3"^^xsd:double , "1000"^^xsd:double , "true"^^xsd:boolean ,
            "2024-12-31"^^xsd:date , "2024-12-31T10:00:00Z"^^xsd:dateTime ,
            "typed"^^ex:type , "string"^^xsd:string , "Engelsk"@en-GB ,
            ex:b , <{EX}ø> , _:blank .
  ex:b ex:q ex:a .
}} }}
"""


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    opened = OxigraphStore(None)
    opened.update(DATA)
    return opened


def _old_way(store: OxigraphStore, sparql: str) -> SelectResult:
    """The answer as the store read it before: pyoxigraph's term objects, converted."""
    answer = _result(native.query(store.native, sparql, use_default_graph_as_union=True))
    assert isinstance(answer, SelectResult)
    return answer


def _typed(result: SelectResult) -> list[tuple[object, ...]]:
    """Rows with each term's kind, datatype and language, which == on terms leaves out."""

    def key(term: object) -> object:
        if isinstance(term, Literal):
            return ("literal", str(term), term.datatype, term.language)
        return (type(term).__name__, str(term)) if term is not None else None

    return [tuple(key(t) for t in row) for row in result.rows]


QUERIES = [
    # Every kind of term, with an unbound column beside it.
    f"SELECT ?o ?unbound WHERE {{ <{EX}a> ?p ?o }} ORDER BY STR(?o)",
    # One column, unbound in some rows: those lines are empty.
    f"SELECT ?x WHERE {{ ?s ?p ?o OPTIONAL {{ ?o <{EX}q> ?x }} }} ORDER BY ?x",
    # Computed numbers, strings and dates.
    'SELECT ((1.0 / 3) AS ?d) (-5 AS ?i) (CONCAT("a\\tb", "\\n") AS ?s) '
    '(STRDT("2020-01-01", <http://www.w3.org/2001/XMLSchema#date>) AS ?day) WHERE {}',
    # No rows at all.
    "SELECT ?s WHERE { ?s ?p ?o FILTER(false) }",
    # No variables.
    "SELECT * WHERE {}",
]


@pytest.mark.parametrize("sparql", QUERIES)
def test_tsv_answers_equal_the_converted_term_objects(store: OxigraphStore, sparql: str) -> None:
    found = store.query(sparql)
    expected = _old_way(store, sparql)
    assert isinstance(found, SelectResult)
    assert found.variables == expected.variables
    assert _typed(found) == _typed(expected)
    assert len(found) == len(expected)


def test_the_tricky_literal_comes_back_whole(store: OxigraphStore) -> None:
    found = store.query(f"SELECT ?o WHERE {{ <{EX}a> ?p ?o FILTER(lang(?o) = 'nb') }}")
    assert isinstance(found, SelectResult)
    assert found.column("o") == [
        Literal('tab\there, newline\nthere, "quoted" and back\\slash', lang="nb")
    ]


def test_single_fields() -> None:
    assert tsv_term("<https://example.org/a>") == URIRef("https://example.org/a")
    assert tsv_term("_:b0") == BNode("b0")
    assert tsv_term("42") == Literal("42", datatype=XSD.integer)
    assert tsv_term("4.5") == Literal("4.5", datatype=XSD.decimal)
    assert tsv_term("1.0E3") == Literal("1.0E3", datatype=XSD.double)
    assert tsv_term("false") == Literal("false", datatype=XSD.boolean)
    assert tsv_term('"a\\\\b"') == Literal("a\\b")
    assert tsv_term('"x"@en--ltr') == Literal("x", lang="en")
    with pytest.raises(QueryError, match="cannot represent"):
        tsv_term("<< <https://example.org/s> <https://example.org/p> 1 >>")
