"""Binding values into SPARQL text: `$name` constants, VALUES lists, and what is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery

from goalgraph import QueryError
from goalgraph.sparql.text import FREE, Style, bind, query_form, render, slots, with_prefixes

GOAL = URIRef("https://example.org/a/goal1")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?p WHERE { $goal ^<https://example.org/p> ?p }",
        "SELECT * { $goal ?p ?o }",
        "ASK { $goal ?p ?o }",
        "CONSTRUCT { $goal <https://example.org/q> ?o } WHERE { $goal ?p ?o }",
        "SELECT ?o WHERE { # a comment with $goal and { WHERE {\n"
        ' $goal ?p ?o FILTER(?o != "$goal") }',
        "PREFIX ex: <https://example.org/$goal/> SELECT ?o WHERE { $goal ex:p ?o }",
        "SELECT ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?l FILTER(lang(?l) = $label) } }",
    ],
)
def test_a_parameter_becomes_a_constant_where_the_query_writes_it(query: str) -> None:
    bound = bind(query, {"goal": GOAL, "label": Literal("Mål", lang="nb")})
    prepareQuery(bound)
    assert GOAL.n3() in bound or '"Mål"@nb' in bound
    # Strings, comments and IRIs are left as they are; every other $goal is bound.
    kept = ('"$goal"', "# a comment with $goal", "<https://example.org/$goal/>")
    for text in kept:
        assert (text in bound) == (text in query)
    rest = bound
    for text in kept:
        rest = rest.replace(text, "")
    assert "$goal" not in rest and "$label" not in rest


def test_a_parameter_not_given_stays_a_variable() -> None:
    assert bind("SELECT * { $goal ?p ?o }", {}) == "SELECT * { $goal ?p ?o }"
    assert bind("SELECT * { $goal ?p ?o }", {"goal": None}) == "SELECT * { $goal ?p ?o }"


def test_a_list_fills_its_values_block_and_a_free_list_drops_it() -> None:
    query = "SELECT ?n WHERE { VALUES ?n { } ?n ?p ?o }"
    bound = bind(query, {"n": [GOAL, URIRef("https://example.org/b")]})
    assert "VALUES ?n { <https://example.org/a/goal1> <https://example.org/b> }" in bound
    assert bind(query, {"n": FREE}) == "SELECT ?n WHERE {  ?n ?p ?o }"
    assert "VALUES ?n {  }" in bind(query, {"n": []})
    prepareQuery(bound)


def test_integers_are_written_bare_so_that_they_fit_a_limit() -> None:
    bound = bind("SELECT * { ?s ?p ?o } LIMIT $n", {"n": Literal(5, datatype=XSD.integer)})
    assert bound.endswith("LIMIT 5")
    prepareQuery(bound)


def test_blank_nodes_are_refused() -> None:
    with pytest.raises(QueryError, match="blank node"):
        bind("SELECT * { $s ?p ?o }", {"s": BNode()})
    with pytest.raises(QueryError, match="blank node"):
        bind("SELECT * { VALUES ?s { } ?s ?p ?o }", {"s": [BNode()]})


def test_virtuoso_gets_iris_as_request_parameters() -> None:
    rendered = render(
        "SELECT * { $goal ?p ?o FILTER(lang(?o) = $lang) } # $goal",
        {"goal": GOAL, "lang": Literal("nb")},
        Style.VIRTUOSO,
    )
    assert rendered.text == 'SELECT * { ?::goal ?p ?o FILTER(lang(?o) = "nb") } # $goal'
    assert rendered.parameters == (("?goal", GOAL.n3()),)


def test_slots_forms_and_prefixes() -> None:
    found = slots("SELECT ?x { VALUES ?n { } $goal ?p ?x # $not\n }")
    assert found.params == {"goal"} and found.lists == {"n"} and "x" in found.variables
    assert query_form("PREFIX a: <http://x/select> # ASK\nCONSTRUCT {} WHERE {}") == "CONSTRUCT"
    assert query_form('SELECT ("ASK" AS ?x) {}') == "SELECT"
    text = with_prefixes("PREFIX gg: <x>\nSELECT *", {"gg": "y", "rdfs": "z"})
    # Added on the first line, so that line numbers stay the user's.
    assert text == "PREFIX rdfs: <z> PREFIX gg: <x>\nSELECT *"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_literal_binds_to_a_query_that_parses(value: str) -> None:
    bound = bind("SELECT * { ?s ?p $value }", {"value": Literal(value)})
    prepareQuery(bound)


def test_one_text_bound_again_takes_each_time_its_own_values() -> None:
    # What a text is read into is remembered per text; the values never are.
    query = "SELECT ?o WHERE { VALUES ?n { } $goal ?p ?o }"
    other = URIRef("https://example.org/b")
    first = bind(query, {"goal": GOAL, "n": [other]})
    second = bind(query, {"goal": other, "n": FREE})
    assert first == f"SELECT ?o WHERE {{ VALUES ?n {{ {other.n3()} }} {GOAL.n3()} ?p ?o }}"
    assert second == f"SELECT ?o WHERE {{  {other.n3()} ?p ?o }}"
    assert bind(query, {}) == query


def test_a_long_text_binds_and_reads_as_a_short_one() -> None:
    # Past 64 KB a text is read anew each time instead of remembered: the same answers.
    padding = "# " + "x" * 70_000 + "\n"
    for query in ("ASK { $goal ?p ?o }", "SELECT ?o WHERE { VALUES ?n { } $goal ?p ?o }"):
        long = padding + query
        assert bind(long, {"goal": GOAL, "n": [GOAL]}) == padding + bind(
            query, {"goal": GOAL, "n": [GOAL]}
        )
        assert query_form(long) == query_form(query)
        assert slots(long) == slots(query)
