"""Checks on SPARQL text before any engine sees it: syntax, length, SERVICE and LOAD."""

from __future__ import annotations

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
    """A SPARQL text that passed the checks: its kind and, for a query, its form."""

    text: str
    operation: Operation
    form: str


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


def _syntax_error(exc: ParseException) -> QueryError:
    return QueryError(
        f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n"
        f"{exc.line}\n{' ' * (exc.col - 1)}^"
    )


def check(text: str, *, max_length: int, allow_service: bool) -> Checked:
    """Parse ``text`` as a query, else as an update, and refuse what must not run.

    Raises RequestTooLarge above ``max_length`` characters, QueryError for bad syntax (with
    line and column) and Forbidden for LOAD and, unless ``allow_service``, SERVICE.
    """
    if len(text) > max_length:
        raise RequestTooLarge(
            f"the SPARQL text has {len(text)} characters; the limit is {max_length}"
        )
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
