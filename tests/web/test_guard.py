"""The SPARQL guard: pyoxigraph's own parser decides what a text is; SERVICE and LOAD are
found wherever that parser reads them as keywords, and nowhere else."""

from __future__ import annotations

import pytest

from goalgraph.errors import QueryError
from goalgraph.safeinput import NestingError, sparql_nesting
from goalgraph.web.guard import Forbidden, Operation, check

LIMIT = 100_000
TARGET = "<http://127.0.0.1:9/sparql>"


def quick(text: str) -> tuple[str, Operation]:
    checked = check(text, max_length=LIMIT, allow_service=False)
    return checked.form, checked.operation


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
        ("SELECT ?g WHERE { ?g a gg:Goal }", "SELECT"),  # goalgraph's prefixes are known
    ],
)
def test_query_forms(text: str, form: str) -> None:
    assert quick(text) == (form, Operation.query)


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE {{ SERVICE {TARGET} {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent {TARGET} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b) SERVICE {TARGET} {{ ?s ?p ?o }} }}",
        f'SELECT * WHERE {{ ?s ?p "#<" # "\n SERVICE {TARGET} {{ ?s ?p ?o }} }}',
        # Glued to what comes before or after: the grammar splits these off.
        f"SELECT * WHERE {{ ?s ?p 1SERVICE {TARGET} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICESILENT {TARGET} {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE{TARGET}{{ ?s ?p ?o }} }}",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE {TARGET} {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_found_wherever_the_engine_reads_it(text: str) -> None:
    with pytest.raises(Forbidden, match="SERVICE"):
        quick(text)


@pytest.mark.parametrize("text", [f"LOAD {TARGET}", f"load silent {TARGET} INTO GRAPH <a:g>"])
def test_load_is_refused(text: str) -> None:
    with pytest.raises(Forbidden, match="LOAD"):
        quick(text)


def test_codepoint_escapes_outside_strings_are_no_keyword() -> None:
    # pyoxigraph reads \u escapes only inside strings: this is a syntax error, not SERVICE.
    with pytest.raises(QueryError, match="syntax"):
        quick(f"SELECT * WHERE {{ \\u0053ERVICE {TARGET} {{ ?s ?p ?o }} }}")


def test_the_words_in_comments_strings_names_and_variables_are_answered() -> None:
    # Issue 16, item 9: a valid 100-pattern query with SERVICE in a comment is not refused.
    patterns = " ".join(f"?s{i} <http://example.org/p> ?o{i} ." for i in range(100))
    text = f"# calls no SERVICE and does no LOAD\nSELECT * WHERE {{ {patterns} }}"
    assert quick(text) == ("SELECT", Operation.query)
    text = 'SELECT ?service WHERE { ?service <http://example.org/load> "LOAD SERVICE" }'
    assert quick(text) == ("SELECT", Operation.query)
    text = "INSERT DATA { <http://example.org/a> <http://example.org/service> 'LOAD' }"
    assert quick(text) == ("UPDATE", Operation.update)


def test_a_long_in_list_with_the_word_service_is_checked_quickly() -> None:
    values = ", ".join(f'"service {i}"' for i in range(5000))
    text = f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o IN ({values})) }}"
    assert len(text) > 60_000
    assert quick(text) == ("SELECT", Operation.query)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }",
        "SELECT * WHERE { " + "SELECT * WHERE { " * 3000 + "?s ?p ?o" + " }" * 3000 + " }",
        # Unbalanced: the parser recurses before it finds the end missing.
        "SELECT * WHERE { FILTER(" + "(" * 20_000,
        # Brackets hidden in what reads as a string only if '<' opens an IRI.
        "SELECT * WHERE { FILTER(?a<'> ' " + "(" * 3000 + " ')}",
    ],
)
def test_deep_nesting_is_refused_before_parsing(text: str) -> None:
    with pytest.raises(NestingError, match="levels"):
        check(text, max_length=200_000, allow_service=False)


def test_nesting_count_ignores_strings_comments_and_iris() -> None:
    assert sparql_nesting('SELECT * { ?s <http://x/a#b> "{{{((" } # ((((') == 1


def test_updates_are_parsed_without_running_them() -> None:
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }"
    assert quick(insert) == ("UPDATE", Operation.update)


def test_length_limit() -> None:
    with pytest.raises(QueryError, match="limit"):
        check("SELECT * {}" + " " * 20, max_length=10, allow_service=False)


def test_syntax_errors_name_line_and_column() -> None:
    with pytest.raises(QueryError, match="line 2, column") as error:
        quick("SELECT * WHERE {\n ?s ?p }")
    assert "?s ?p }" in str(error.value)
    with pytest.raises(QueryError, match="line 1"):
        quick("INSERT DATA { <http://example.org/a> ")
