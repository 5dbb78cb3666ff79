"""Checks on untrusted text before a parser sees it: nesting depth, remote JSON-LD contexts,
XML entity declarations and literal sizes.

The parsers goalgraph uses recurse once per level of nesting: pyoxigraph's SPARQL and
JSON-LD parsers overflow the stack (killing the process) at a few thousand levels, rdflib's
parsers raise RecursionError at a few hundred. Real models and queries nest a few dozen
levels at most, so deeper input is refused before it is parsed.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Iterable, Iterator
from enum import IntEnum
from typing import Any

from goalgraph.errors import LoadError, QueryError

#: Most levels of brackets, braces and parentheses in a SPARQL text or a JSON-LD document.
MAX_NESTING = 100

_OPEN = frozenset("{([")
_CLOSE = frozenset("})]")
_IRIREF = re.compile(r"""<[^<>"{}|^`\\\x00-\x20]*>""")


class NestingError(QueryError):
    """A text nests deeper than MAX_NESTING (answered with 400)."""


class _Lex(IntEnum):
    code = 0
    comment = 1
    short1 = 2  # '…'
    short2 = 3  # "…"
    long1 = 4  # '''…'''
    long2 = 5  # """…"""


_QUOTES = {_Lex.short1: "'", _Lex.short2: '"', _Lex.long1: "'''", _Lex.long2: '"""'}


def sparql_nesting(text: str, limit: int = MAX_NESTING) -> int:
    """An upper bound of how deep the groups, parentheses and brackets of a SPARQL text nest,
    or ``limit + 1`` as soon as it is known to be over ``limit``.

    A ``<`` may open an IRI or be the operator "less than", which decides whether a quote or
    a ``#`` after it starts a string or comment; only the parser knows which. Both readings
    are followed, and where they meet the deeper one is kept, so that no way of writing a
    query can hide its nesting from this count.
    """
    # position → lexer state → deepest nesting any reading reaches there in that state
    agenda: dict[int, dict[_Lex, int]] = {0: {_Lex.code: 0}}
    positions = [0]
    deepest = 0
    size = len(text)

    def arrive(position: int, state: _Lex, depth: int) -> None:
        states = agenda.get(position)
        if states is None:
            agenda[position] = {state: depth}
            heapq.heappush(positions, position)
        elif states.get(state, -1) < depth:
            states[state] = depth

    while positions:
        position = heapq.heappop(positions)
        states = agenda.pop(position)
        if position >= size:
            continue
        char = text[position]
        for state, depth in states.items():
            if state is _Lex.code:
                if char in _OPEN:
                    depth += 1
                    if depth > limit:
                        return limit + 1
                    deepest = max(deepest, depth)
                elif char in _CLOSE:
                    depth = max(0, depth - 1)
                elif char == "#":
                    arrive(position + 1, _Lex.comment, depth)
                    continue
                elif char in "'\"":
                    long = text.startswith(char * 3, position)
                    kind = (
                        (_Lex.long1 if char == "'" else _Lex.long2)
                        if long
                        else (_Lex.short1 if char == "'" else _Lex.short2)
                    )
                    arrive(position + (3 if long else 1), kind, depth)
                    continue
                elif char == "<":
                    iri = _IRIREF.match(text, position)
                    if iri is not None:
                        # Read as an IRI: nothing inside it counts.
                        arrive(iri.end(), _Lex.code, depth)
                arrive(position + 1, _Lex.code, depth)
            elif state is _Lex.comment:
                arrive(position + 1, _Lex.code if char in "\r\n" else state, depth)
            elif char == "\\":
                arrive(position + 2, state, depth)
            elif state in (_Lex.short1, _Lex.short2):
                ends = char == _QUOTES[state] or char in "\r\n"
                arrive(position + 1, _Lex.code if ends else state, depth)
            elif text.startswith(_QUOTES[state], position):
                arrive(position + 3, _Lex.code, depth)
            else:
                arrive(position + 1, state, depth)
    return deepest


def check_sparql_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Raise NestingError when a SPARQL text nests deeper than ``limit``."""
    if sparql_nesting(text, limit) > limit:
        raise NestingError(
            f"the SPARQL text nests groups, parentheses or brackets more than {limit} levels "
            "deep; write the query with fewer nested levels"
        )


def json_nesting(text: str, limit: int = MAX_NESTING) -> int:
    """How deep the arrays and objects of a JSON text nest (``limit + 1`` once over it)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return limit + 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def _contexts(node: Any) -> Iterator[tuple[str, Any]]:
    """Every ``@context`` and ``@import`` value anywhere in a JSON document, with its key."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            for key, value in current.items():
                if key in ("@context", "@import"):
                    yield key, value
                stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)


def check_jsonld(text: str, source: str, limit: int = MAX_NESTING) -> None:
    """Refuse a JSON-LD document nested deeper than ``limit`` or referring to a context by
    IRI or file name: loading it would make goalgraph fetch a URL or read a local file."""
    if json_nesting(text, limit) > limit:
        raise LoadError(
            f"{source}: cannot parse json-ld: the document nests objects and arrays more than "
            f"{limit} levels deep",
            source=source,
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return  # the parser reports it with its line
    for key, value in _contexts(document):
        references = value if isinstance(value, list) else [value]
        named = next((r for r in references if isinstance(r, str)), None)
        if key == "@import" or named is not None:
            what = f"'{named}'" if named is not None else f"'{value}'"
            raise LoadError(
                f"{source}: cannot parse json-ld: the {key} {what} refers to a document "
                "elsewhere, which goalgraph does not fetch or read; put the context inline "
                "(an object under @context) instead",
                source=source,
            )


#: How an entity declaration looks in the encodings an XML parser may detect.
_ENTITY_DECLARATIONS = tuple(
    "<!ENTITY".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def check_rdfxml(data: bytes, source: str) -> None:
    """Refuse RDF/XML that declares entities: nested entities expand a few hundred bytes
    into gigabytes ("billion laughs"), and external ones read files or URLs."""
    if any(marker in data for marker in _ENTITY_DECLARATIONS):
        raise LoadError(
            f"{source}: cannot parse xml: the document declares XML entities (<!ENTITY …>), "
            "which are not accepted; write the values out in full or send Turtle",
            source=source,
        )


class LiteralTooLarge(QueryError):
    """A literal is longer than the configured limit (answered with 413)."""


def check_literal_lengths(literals: Iterable[str], limit: int, where: str) -> None:
    """Raise LiteralTooLarge when any of ``literals`` has more than ``limit`` characters."""
    for value in literals:
        if len(value) > limit:
            raise LiteralTooLarge(
                f"{where}: a literal has {len(value)} characters; the limit is {limit}"
            )
