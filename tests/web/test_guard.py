"""The SPARQL guard: plain queries pass unparsed; whatever may hide SERVICE or LOAD is parsed."""

from __future__ import annotations

import pytest

from goalgraph.errors import QueryError
from goalgraph.web.guard import Forbidden, Operation, check, explain_syntax

LIMIT = 100_000
TARGET = "<http://127.0.0.1:9/sparql>"


def quick(text: str) -> tuple[bool, str, Operation]:
    checked = check(text, max_length=LIMIT, allow_service=False, parse=False)
    return checked.parsed, checked.form, checked.operation


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("ask { ?s ?p ?o }", "ASK"),
        ("PREFIX gg: <https://w3id.org/gg#>\nCONSTRUCT { ?s a gg:Goal } WHERE {}", "CONSTRUCT"),
        ("# a comment saying SELECT\nDESCRIBE <http://example.org/x>", "DESCRIBE"),
        # A prefix spelled like a keyword is a prefix, not the form.
        ("PREFIX construct: <http://example.org/>\nSELECT ?x WHERE { ?x a construct:C }", "SELECT"),
        ("BASE <http://example.org/#select>\nASK { <a> <b> <c> }", "ASK"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1 } }",
            "CONSTRUCT",
        ),
    ],
)
def test_plain_queries_pass_without_the_parser(text: str, form: str) -> None:
    assert quick(text) == (False, form, Operation.query)


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE {{ SERVICE {TARGET} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {TARGET} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b) SERVICE {TARGET} {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ ?s ?p "#<" # "\n SERVICE {TARGET} {{ ?s ?p ?o }} }}',
    ],
)
def test_service_is_always_found_by_the_parser(text: str) -> None:
    with pytest.raises(Forbidden, match="SERVICE"):
        quick(text)


def test_codepoint_escapes_are_never_passed_unparsed() -> None:
    # SPARQL expands \u escapes before parsing: \u0053ERVICE is SERVICE.
    text = f"SELECT * WHERE {{ \\u0053ERVICE {TARGET} {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError):
        quick(text)


def test_the_word_service_elsewhere_only_costs_a_parse() -> None:
    text = 'SELECT ?s WHERE { ?s ?p "customer service" }'
    assert quick(text) == (True, "SELECT", Operation.query)


def test_updates_are_parsed_and_load_is_refused() -> None:
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    assert quick(insert) == (True, "UPDATE", Operation.update)
    with pytest.raises(Forbidden, match="LOAD"):
        quick(f"LOAD {TARGET}")


def test_length_limit_holds_for_unparsed_queries() -> None:
    with pytest.raises(QueryError, match="limit"):
        check("SELECT * {}" + " " * 20, max_length=10, allow_service=False, parse=False)


def test_explain_syntax_names_line_and_column() -> None:
    with pytest.raises(QueryError, match="line 2"):
        explain_syntax("SELECT * WHERE {\n ?s ?p }")
    explain_syntax("SELECT * WHERE { ?s ?p ?o }")
