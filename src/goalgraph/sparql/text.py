"""SPARQL text: its form, its prefixes, and binding values into it.

Binding is the only way goalgraph puts values into a query: ``$name`` becomes a constant,
``VALUES ?name { }`` a list. A query declares where each value
goes, so nothing here needs to understand the query's structure:

- a single value is written ``$name`` (in SPARQL ``$name`` is a variable; unbound, it stays
  one), and each such token is replaced by the value written as a constant;
- a list of values fills the query's empty ``VALUES ?name { }`` block.

Strings, IRIs and comments are skipped, so a ``$`` inside them is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache, wraps
from typing import TypeVar

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.errors import QueryError

#: An RDF term as rdflib represents it: what query results hold and parameters take.
Term = URIRef | BNode | Literal


class _Free:
    """The value of a list parameter that was not given: its VALUES block is left out."""

    def __repr__(self) -> str:
        return "FREE"


#: Leaves a list parameter's variable free (its ``VALUES ?name { }`` block is dropped).
FREE = _Free()

#: What a parameter is bound to: one term, a list of terms (for a VALUES block), FREE, or None.
Value = Term | Sequence[Term] | _Free | None

#: Strings, IRIs and comments: the parts of a query where nothing is bound or expanded.
SKIP = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)

_TOKEN = re.compile(
    rf"(?P<skip>{SKIP})"
    # Case-insensitive for the keyword alone: case folding the name ranges costs ~50 ms.
    r"|(?P<values>\b(?i:VALUES)\s+\?(?P<slot>[A-Za-z_0-9\u00b7-\uffff]+)\s*\{\s*\})"
    r"|\$(?P<param>[A-Za-z_0-9\u00b7-\uffff]+)"
    r"|\?(?P<variable>[A-Za-z_0-9\u00b7-\uffff]+)",
)


class Style(Enum):
    """How a single value is written: as a constant, or (Virtuoso) as a request parameter."""

    CONSTANT = "constant"
    VIRTUOSO = "virtuoso"


@dataclass(frozen=True)
class Rendered:
    """A query with its values bound, and the request parameters that go with it."""

    text: str
    parameters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Slots:
    """Where a query text takes values: its ``$name`` tokens and its empty VALUES blocks."""

    params: frozenset[str]
    lists: frozenset[str]
    #: The variables written with ``?`` outside VALUES blocks to fill.
    variables: frozenset[str] = frozenset()


#: Texts up to this length have what is read from them remembered (the named queries, run
#: again and again with new values); a longer text is read anew each time, so that what is
#: kept stays small whatever a client sends.
_REMEMBERED = 64 * 1024

_Read = TypeVar("_Read")


def _read_once(read: Callable[[str], _Read]) -> Callable[[str], _Read]:
    """``read`` remembered for the last 256 texts of up to _REMEMBERED characters: reading a
    named query's text token by token took a sixth of the time of asking "which projects
    serve goal X" of the embedded store."""
    remembered = lru_cache(maxsize=256)(read)

    @wraps(read)
    def reader(text: str) -> _Read:
        return remembered(text) if len(text) <= _REMEMBERED else read(text)

    return reader


@dataclass(frozen=True)
class _Site:
    """Where a value goes: a ``$name`` token or (``is_list``) an empty VALUES block."""

    start: int
    end: int
    name: str
    is_list: bool


@_read_once
def _sites(text: str) -> tuple[_Site, ...]:
    found = []
    for match in _TOKEN.finditer(text):
        name = match.group("param") or match.group("slot")
        if name is not None:
            found.append(_Site(match.start(), match.end(), name, bool(match.group("slot"))))
    return tuple(found)


@_read_once
def slots(text: str) -> Slots:
    """The parameters and list slots that ``text`` declares."""
    params: set[str] = set()
    lists: set[str] = set()
    variables: set[str] = set()
    for match in _TOKEN.finditer(text):
        if match.group("param"):
            params.add(match.group("param"))
        elif match.group("slot"):
            lists.add(match.group("slot"))
        elif match.group("variable"):
            variables.add(match.group("variable"))
    return Slots(frozenset(params), frozenset(lists), frozenset(variables))


_BARE_INTEGER = re.compile(r"^[+-]?\d+$")


def constant(term: Term) -> str:
    """A term written as a SPARQL constant (an integer bare, so that it fits a LIMIT); a
    blank node cannot be one."""
    if isinstance(term, BNode):
        raise QueryError(
            "a blank node cannot be written into a query; ask for the node that owns it instead"
        )
    if isinstance(term, Literal) and term.datatype == XSD.integer and _BARE_INTEGER.match(term):
        return str(term)
    return term.n3()


def _values(name: str, terms: Sequence[Term]) -> str:
    return f"VALUES ?{name} {{ {' '.join(constant(t) for t in terms)} }}"


def _pieces(text: str, values: Mapping[str, Value], style: Style) -> Iterator[str]:
    last = 0
    for site in _sites(text):
        name = site.name
        value = values.get(name)
        if value is None:
            continue
        if site.is_list:
            if isinstance(value, _Free):
                written = ""
            else:
                terms = [value] if isinstance(value, Term) else list(value)
                written = _values(name, terms)
        elif isinstance(value, Term):
            if style is Style.VIRTUOSO and isinstance(value, URIRef):
                written = f"?::{name}"
            else:
                written = constant(value)
        else:
            raise QueryError(f"parameter '{name}' takes one value, not a list")
        yield text[last : site.start]
        yield written
        last = site.end
    yield text[last:]


def render(
    text: str, values: Mapping[str, Value] | None, style: Style = Style.CONSTANT
) -> Rendered:
    """``text`` with ``values`` bound: each ``$name`` replaced by its constant, each empty
    ``VALUES ?name { }`` filled with its list. Names not in ``values`` (or None) stay as they
    are. With ``Style.VIRTUOSO`` IRIs become ``?::name`` request parameters instead, so that
    the server compiles one text for every value."""
    if not values:
        return Rendered(text)
    written = "".join(_pieces(text, values, style))
    parameters: tuple[tuple[str, str], ...] = ()
    if style is Style.VIRTUOSO:
        present = slots(text).params
        parameters = tuple(
            (f"?{name}", value.n3())
            for name, value in values.items()
            if name in present and isinstance(value, URIRef)
        )
    return Rendered(written, parameters)


def bind(text: str, values: Mapping[str, Value] | None) -> str:
    """``text`` with ``values`` written into it as constants (see :func:`render`)."""
    return render(text, values).text


_FORM = re.compile(
    rf"{SKIP}|\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)


@_read_once
def query_form(text: str) -> str | None:
    """The form of a query (SELECT, ASK, CONSTRUCT or DESCRIBE), None if it has none."""
    for match in _FORM.finditer(text):
        if match.group(1):
            return match.group(1).upper()
    return None


def with_prefixes(text: str, namespaces: Mapping[str, str]) -> str:
    """``text`` with PREFIX declarations for the ``namespaces`` it does not declare itself.

    They go on the query's first line, so that the line numbers of errors stay the user's.
    """
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(text)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in namespaces.items() if p and p not in declared]
    return " ".join([*missing, text]) if missing else text


@cache
def _dataset_clause() -> re.Pattern[str]:
    # Compiled on first use (the endpoint's), not by every command that binds a query; the
    # keyword alone is case-insensitive, as folding the name ranges costs milliseconds.
    return re.compile(rf"{SKIP}|[?$][\w\u00b7-\uffff]+|[\w.-]*:[\w.:%-]*|\b((?i:FROM))\b")


def declares_dataset(text: str) -> bool:
    """Whether a query names its own dataset with FROM or FROM NAMED (outside strings, IRIs,
    comments, variables and prefixed names)."""
    return any(match.group(1) for match in _dataset_clause().finditer(text))


def named_in_dataset(text: str, prefixes: Mapping[str, str]) -> set[URIRef]:
    """The graphs a query's FROM and FROM NAMED clauses name, with its prefixes and escapes
    resolved as a SPARQL parser reads them.

    Raises QueryError when the text cannot be read that far (the engine accepted it, but the
    graphs it names cannot be told)."""
    # rdflib's parser resolves prefixed names and \\u escapes; imported here, only for the
    # rare query that names its own dataset.
    from rdflib.plugins.sparql import prepareQuery

    try:
        query = prepareQuery(text, initNs=dict(prefixes))
    # rdflib raises a plain Exception for an unknown prefix, pyparsing's own for syntax.
    except Exception as exc:
        raise QueryError(
            "cannot tell which graphs this query's FROM clauses name; give the graphs as "
            "default-graph-uri and named-graph-uri parameters instead"
        ) from exc
    named: set[URIRef] = set()
    for clause in query.algebra.get("datasetClause") or ():
        for key in ("default", "named"):
            value = clause.get(key)
            if isinstance(value, URIRef):
                named.add(value)
    return named
