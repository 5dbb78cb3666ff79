"""Checks on SPARQL text before any engine runs it: length, nesting, syntax, SERVICE and LOAD.

The text is parsed by the engine that runs it (goalgraph.store.syntax), without evaluating
anything, so that what is refused is what that engine would do, not what some other parser
makes of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from goalgraph.errors import QueryError, QuerySyntaxError
from goalgraph.safeinput import check_sparql_nesting
from goalgraph.store.syntax import query_error, update_error

_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class Operation(StrEnum):
    """What a checked SPARQL text is."""

    query = "query"
    update = "update"


@dataclass(frozen=True)
class Checked:
    """A SPARQL text that passed the checks: its kind and, for a query, its form."""

    text: str
    operation: Operation
    form: str


#: Why a history graph is not read at /graphs or /sparql: who reads it, and where.
HISTORY_NOT_READ_HERE = (
    "a history graph holds the editor's change records, which only the editors of its "
    "graph read (GET /api/history?iri=NODE)"
)


class RequestTooLarge(QueryError):
    """A query, update or result is larger than the configured limit (answered with 413)."""


class Forbidden(QueryError):
    """The request uses something the server refuses (answered with 403)."""


# The lexical tokens of a query's prologue, in SPARQL's terms; a bare word outside them is
# a keyword.
_TOKEN = re.compile(
    r"""<[^<>"{}|^`\\\x00-\x20]*>"""  # IRIREF
    r"|#[^\n\r]*"  # comment
    r"|[?$]\w+"  # variable
    r"|[\w.-]*:[\w.:%-]*"  # prefixed name, or the prefix of a PREFIX declaration
    r"|(?P<word>[A-Za-z]+)"
)
_PROLOGUE = frozenset({"BASE", "PREFIX"})


def _first_keyword(text: str) -> str | None:
    """The first keyword after the prologue (SELECT, INSERT, …), upper-cased."""
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word is not None and word.upper() not in _PROLOGUE:
            return word.upper()
    return None


def _parses(
    text: str, operation: Operation, prefixes: Mapping[str, str] | None = None
) -> QuerySyntaxError | None:
    """None when the engine parses ``text`` as ``operation`` (a query with ``prefixes``
    declared, by default goalgraph's), else its syntax error."""
    if operation is Operation.query:
        return query_error(text, prefixes)
    return update_error(text)


def syntax_error(text: str, error: QuerySyntaxError, what: str = "SPARQL") -> QueryError:
    """A QueryError naming the line and column of a syntax error, with the line shown."""
    if error.line is None or error.column is None:
        return QueryError(f"{what} syntax error: {error.reason}")
    line, column = error.line, error.column
    lines = text.splitlines() or [""]
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    if len(shown) > 200:
        start = max(0, column - 100)
        shown, column = shown[start : start + 200], column - start
    return QueryError(
        f"{what} syntax error at line {line}, column {error.column}: {error.reason}\n"
        f"{shown}\n{' ' * max(0, column - 1)}^"
    )


def _uses(
    text: str, word: str, operation: Operation, prefixes: Mapping[str, str] | None = None
) -> bool:
    """Whether the engine reads ``word`` (SERVICE, LOAD) in ``text`` as a keyword.

    Every occurrence of the word, in any case and wherever it stands (even glued to other
    characters, which the engine's grammar may split off), is changed into a word that is
    no keyword. Where it was a keyword the changed text no longer parses; inside a string,
    comment, IRI, name or variable the change leaves a text that parses as before. One
    parse, however many times the word occurs.
    """
    pattern = re.compile(word, re.IGNORECASE)
    if not pattern.search(text):
        return False
    changed = pattern.sub(
        lambda m: m.group(0)[:-1] + ("x" if m.group(0)[-1].islower() else "X"), text
    )
    return _parses(changed, operation, prefixes) is not None


def check(
    text: str,
    *,
    max_length: int,
    allow_service: bool,
    prefixes: Mapping[str, str] | None = None,
) -> Checked:
    """Parse ``text`` as a query, else as an update, and refuse what must not run.

    Raises RequestTooLarge above ``max_length`` characters, QueryError when it nests too
    deeply or has bad syntax (with line and column), and Forbidden for LOAD and, unless
    ``allow_service``, SERVICE. Updates are parsed without goalgraph's prefixes, as they are
    applied; queries with ``prefixes`` (default: goalgraph's), as they are run.
    """
    if len(text) > max_length:
        raise RequestTooLarge(
            f"the SPARQL text has {len(text)} characters; the limit is {max_length}"
        )
    # The engine's parser recurses once per level and overflows the stack past a few
    # thousand: bound the nesting before it sees the text.
    check_sparql_nesting(text)
    keyword = _first_keyword(text)
    as_query = _parses(text, Operation.query, prefixes)
    if as_query is None:
        operation = Operation.query
    else:
        as_update = _parses(text, Operation.update)
        if as_update is not None:
            shown = as_query if keyword in _QUERY_FORMS else as_update
            raise syntax_error(text, shown)
        operation = Operation.update
    declared = prefixes if operation is Operation.query else None
    if _uses(text, "LOAD", operation, declared):
        raise Forbidden("LOAD is refused: this server does not fetch data from other places")
    if not allow_service and _uses(text, "SERVICE", operation, declared):
        raise Forbidden("SERVICE (federated query) is refused by this server's configuration")
    if operation is Operation.update:
        return Checked(text, operation, "UPDATE")
    if keyword not in _QUERY_FORMS:
        raise QueryError(
            "the query form could not be read: start the query (after PREFIX and BASE) "
            "with SELECT, ASK, CONSTRUCT or DESCRIBE written out"
        )
    return Checked(text, operation, keyword)
