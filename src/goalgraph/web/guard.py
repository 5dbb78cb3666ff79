"""Checks on SPARQL text before any engine sees it: syntax, length, SERVICE and LOAD."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from goalgraph.errors import QueryError

# pyparsing keeps global parse state: one parse at a time.
_PARSE_LOCK = threading.Lock()

_QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


class Operation(StrEnum):
    """What a checked SPARQL text is."""

    query = "query"
    update = "update"


@dataclass(frozen=True)
class Checked:
    """A SPARQL text that passed the checks: its kind and, for a query, its form.

    ``parsed`` is False for a query recognised without parsing it (see :func:`check`): its
    syntax is left to the engine, and :func:`explain_syntax` words the engine's refusal.
    """

    text: str
    operation: Operation
    form: str
    parsed: bool = True


class RequestTooLarge(QueryError):
    """A query, update or result is larger than the configured limit (answered with 413)."""


class Forbidden(QueryError):
    """The request uses something the server refuses (answered with 403)."""


def _names(node: object) -> Iterator[str]:
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, ParseResults | list | tuple):
        for value in node:
            yield from _names(value)


# Words that send a text to the full parse. Searched in the raw text, strings and IRIs
# included, so that no way of writing a query can hide them from this check; codepoint
# escapes (\u0053ERVICE), which SPARQL expands before parsing, count as such a word too.
_NEEDS_PARSE = re.compile(r"\b(?:SERVICE|LOAD)\b|\\[uU]", re.IGNORECASE)
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


def _query_form(text: str) -> str | None:
    """The form of a plainly written query (SELECT, ASK, CONSTRUCT, DESCRIBE), else None."""
    if _NEEDS_PARSE.search(text):
        return None
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word is None or word.upper() in _PROLOGUE:
            continue
        return _QUERY_FORMS.get(f"{word.capitalize()}Query")
    return None


def _syntax_error(exc: ParseException) -> QueryError:
    return QueryError(
        f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n"
        f"{exc.line}\n{' ' * (exc.col - 1)}^"
    )


def check(text: str, *, max_length: int, allow_service: bool, parse: bool = True) -> Checked:
    """Parse ``text`` as a query, else as an update, and refuse what must not run.

    Raises RequestTooLarge above ``max_length`` characters, QueryError for bad syntax (with
    line and column) and Forbidden for LOAD and, unless ``allow_service``, SERVICE.

    Without ``parse``, a query whose form is plain from its first keyword and which does
    not contain the words SERVICE or LOAD at all is passed unparsed: rdflib's parser takes
    10-40 ms per query, many times what the store needs to answer it, and the engine that
    runs the query parses it anyway.
    """
    if len(text) > max_length:
        raise RequestTooLarge(
            f"the SPARQL text has {len(text)} characters; the limit is {max_length}"
        )
    if not parse:
        form = _query_form(text)
        if form is not None:
            return Checked(text, Operation.query, form, parsed=False)
    return _parsed(text, allow_service=allow_service)


def explain_syntax(text: str) -> None:
    """Raise the parser's QueryError (with line and column) if ``text`` cannot be parsed."""
    _parsed(text, allow_service=True)


def _parsed(text: str, *, allow_service: bool) -> Checked:
    with _PARSE_LOCK:
        try:
            tree: object = parseQuery(text)
            operation = Operation.query
        except ParseException as query_exc:
            try:
                tree = parseUpdate(text)
            except ParseException:
                raise _syntax_error(query_exc) from query_exc
            operation = Operation.update
        except Exception as exc:
            # rdflib reports some malformed queries with exceptions of other types.
            raise QueryError(f"the query cannot be parsed: {exc}") from exc
    names = set(_names(tree))
    if "Load" in names:
        raise Forbidden("LOAD is refused: this server does not fetch data from other places")
    if "ServiceGraphPattern" in names and not allow_service:
        raise Forbidden("SERVICE (federated query) is refused by this server's configuration")
    form = next((f for name, f in _QUERY_FORMS.items() if name in names), "UPDATE")
    return Checked(text, operation, form)
