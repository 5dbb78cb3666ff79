"""The library of named SPARQL queries, running them with parameters, and their result formats."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier, Node

from goalgraph.errors import QueryError, UnknownNodeError
from goalgraph.iri import expand, looks_like_iri, namespaces, resolve
from goalgraph.namespace import PREFIXES

if TYPE_CHECKING:
    from goalgraph.store.base import Store

logger = logging.getLogger(__name__)

_HEADER_KEY = re.compile(r"^#\s*(title|answers|param):\s?(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\S+)\s*(.*)$")
_CURIE_LIKE = re.compile(r"^[A-Za-z][\w.-]*:[^\s/][^\s]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")
_REQUIRED = "required"
_PREFIX_DECL = re.compile(r"^\s*PREFIX\s+([\w.-]*):", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class QueryParam:
    """A parameter of a named query: a variable bound before the query runs."""

    name: str
    description: str
    required: bool
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query from a ``.rq`` file, with what its header comment says about it."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    source: str

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class Solution:
    """One row of a SELECT result; ``row["var"]`` gives the value or None when unbound."""

    vars: tuple[str, ...]
    values: tuple[Node | None, ...]

    def __getitem__(self, var: str) -> Node | None:
        return self.values[self.vars.index(var)]


@dataclass(frozen=True)
class QueryResult:
    """The answer of a SELECT (``vars`` and ``rows``) or an ASK query (``boolean``)."""

    vars: tuple[str, ...]
    rows: tuple[Solution, ...]
    boolean: bool | None = None

    def __iter__(self) -> Iterator[Solution]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, var: str) -> list[Node | None]:
        """Every value of one variable, in row order."""
        return [row[var] for row in self.rows]

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON Format."""
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings = [
            {
                var: _json_term(value)
                for var, value in zip(row.vars, row.values, strict=True)
                if value is not None
            }
            for row in self.rows
        ]
        return {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}}

    def to_csv(self) -> str:
        """The SPARQL 1.1 Query Results CSV Format (an ASK answer is one cell)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        if self.boolean is not None:
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
            return out.getvalue()
        writer.writerow(self.vars)
        for row in self.rows:
            writer.writerow([_csv_term(value) for value in row.values])
        return out.getvalue()


def _json_term(node: Node) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    if isinstance(node, Literal):
        term = {"type": "literal", "value": str(node)}
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype is not None:
            term["datatype"] = str(node.datatype)
        return term
    return {"type": "literal", "value": str(node)}


def _csv_term(node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def parse_header(text: str, name: str, source: str) -> NamedQuery:
    """Read the comment header of a query: ``# title:``, ``# answers:`` and ``# param:`` lines.

    A param line reads ``# param: NAME required|DEFAULT DESCRIPTION``; an ``answers`` text may
    go on over lines indented by two spaces or more.
    """
    title = ""
    answers: list[str] = []
    params: list[QueryParam] = []
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key = _HEADER_KEY.match(line)
        if key:
            current, value = key.group(1), key.group(2).strip()
            if current == "title":
                title = value
            elif current == "answers":
                answers.append(value)
            else:
                params.append(_param(value, source))
            continue
        more = _CONTINUATION.match(line)
        if more and current == "answers":
            answers.append(more.group(1).strip())
    return NamedQuery(
        name=name,
        title=title,
        description=" ".join(answers),
        params=tuple(params),
        text=text,
        source=source,
    )


def _param(value: str, source: str) -> QueryParam:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(f"{source}: bad '# param:' line '{value}'; write NAME required|DEFAULT")
    pname, default, description = match.groups()
    if default == _REQUIRED:
        return QueryParam(pname, description, required=True)
    return QueryParam(pname, description, required=False, default=default)


@cache
def _library() -> dict[str, NamedQuery]:
    folder = resources.files("goalgraph") / "queries"
    found: dict[str, NamedQuery] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = parse_header(entry.read_text(encoding="utf-8"), name, entry.name)
    return dict(sorted(found.items()))


def named_queries() -> dict[str, NamedQuery]:
    """The named queries shipped with goalgraph, by name."""
    return dict(_library())


def get_query(name_or_path: str | Path) -> NamedQuery:
    """A named query by name, or a user's ``.rq`` file by path."""
    library = _library()
    text_name = str(name_or_path)
    if text_name in library:
        return library[text_name]
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read the query file: {exc}") from exc
        return parse_header(text, path.stem, str(path))
    raise QueryError(
        f"unknown query '{text_name}'; give a .rq file or one of: {', '.join(library)}"
    )


@cache
def _prepared(text: str, source: str) -> Query:
    try:
        return prepareQuery(text, initNs=dict(PREFIXES))
    except ParseException as exc:
        raise QueryError(
            f"{source}: SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
        ) from exc
    except Exception as exc:
        # rdflib reports some malformed queries (unknown prefixes, bad aggregates) with
        # exceptions of other types while translating them to algebra.
        raise QueryError(f"{source}: the query cannot be read: {exc}") from exc


def to_node(graph: Graph | Store, value: str | Identifier) -> Identifier:
    """A parameter value as an RDF term: IRIs and CURIEs with a known prefix become IRIs
    (which must be in the graph); dates, integers and decimals typed literals; else a string.
    An rdflib term is taken as it is: whoever made it has already checked it."""
    if isinstance(value, Identifier) or not isinstance(value, str):
        return value
    text = value.strip()
    if (text.startswith("<") and text.endswith(">")) or looks_like_iri(text):
        return resolve(graph, text, what="IRI")
    if _CURIE_LIKE.match(text):
        prefix = text.split(":", 1)[0]
        if prefix in namespaces(graph):
            return resolve(graph, str(expand(text, graph)), what="IRI")
    if _DATE.match(text):
        return Literal(text, datatype=XSD.date)
    if _INTEGER.match(text):
        return Literal(text, datatype=XSD.integer)
    if _DECIMAL.match(text):
        return Literal(text, datatype=XSD.decimal)
    return Literal(text)


def bindings(
    graph: Graph | Store, query: NamedQuery, params: Mapping[str, str | Identifier] | None
) -> dict[str, Identifier]:
    """Check ``params`` against the query's declared parameters and turn them into terms."""
    params = params or {}
    declared = {p.name for p in query.params}
    if declared:
        unknown = sorted(set(params) - declared)
        if unknown:
            raise QueryError(
                f"query '{query.name}' has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(sorted(declared))}"
            )
    bound: dict[str, Identifier] = {}
    for param in query.params:
        if param.name in params:
            continue
        if param.required:
            raise QueryError(
                f"query '{query.name}' needs the parameter '{param.name}' ({param.description}); "
                f"give it as --param {param.name}=VALUE"
            )
        if param.default is not None:
            bound[param.name] = to_node(graph, param.default)
    described = {p.name: p.description for p in query.params}
    for key, value in params.items():
        node = to_node(graph, value)
        # A parameter documented as an IRI gets a node of the graph, never a string that
        # matches nothing: a mistyped goal is an error, as in `goalgraph trace`.
        if "(IRI)" in described.get(key, "") and not isinstance(node, URIRef):
            raise UnknownNodeError(
                f"parameter '{key}' of query '{query.name}': '{value}' is not an IRI or a "
                "CURIE with a known prefix of a node in the graph"
            )
        bound[key] = node
    return bound


def run_query(
    graph: Graph | Store,
    name_or_path: str | Path | NamedQuery,
    params: Mapping[str, str | Identifier] | None = None,
    *,
    each: tuple[str, Sequence[URIRef]] | None = None,
) -> QueryResult:
    """Run a named query or a ``.rq`` file on ``graph`` with parameters bound to variables.

    String parameters that are IRIs or CURIEs are bound as IRIs (and must be in the graph).
    ``each`` (variable, nodes) runs the query once for a whole list of nodes, as a VALUES
    block of one row per node. Raises QueryError for an unknown query, a missing or unknown
    parameter or bad SPARQL.
    """
    from goalgraph.store.base import with_values

    query = name_or_path if isinstance(name_or_path, NamedQuery) else get_query(name_or_path)
    if each is not None:
        # The VALUES block binds this parameter.
        query = replace(query, params=tuple(p for p in query.params if p.name != each[0]))
    init = bindings(graph, query, params)
    prepared = _prepared(query.text, query.source)
    kind = prepared.algebra.name
    if kind not in {"SelectQuery", "AskQuery"}:
        raise QueryError(f"{query.source}: only SELECT and ASK queries can be run here")
    logger.debug("running %s with %s", query.name, init)
    if each is not None:
        variable, nodes = each
        query = replace(query, text=with_values(query.text, [variable], [[n] for n in nodes]))
    if not isinstance(graph, Graph):
        return _run_on_store(graph, query, kind, init)
    if each is None:
        result = graph.query(prepared, initBindings=init)
    else:
        # A list of nodes makes a new text each time: parsed here, not kept in the cache.
        result = graph.query(query.text, initNs=dict(PREFIXES), initBindings=init)
    if kind == "AskQuery":
        return QueryResult(vars=(), rows=(), boolean=bool(result.askAnswer))
    names = tuple(str(v) for v in (result.vars or []))
    rows = tuple(
        Solution(names, tuple(row[i] for i in range(len(names))))  # type: ignore[index]
        for row in result
    )
    return QueryResult(vars=names, rows=rows)


def _with_prefixes(text: str) -> str:
    # rdflib gets goalgraph's prefixes as initNs; other engines need them declared.
    declared = {m.group(1) for m in _PREFIX_DECL.finditer(text)}
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared]
    return "\n".join([*missing, text])


def _run_on_store(
    store: Store, query: NamedQuery, kind: str, init: Mapping[str, Identifier]
) -> QueryResult:
    from goalgraph.store.base import AskResult, SelectResult

    terms = {k: v for k, v in init.items() if isinstance(v, URIRef | Literal | BNode)}
    result = store.query(_with_prefixes(query.text), terms)
    if kind == "AskQuery":
        if not isinstance(result, AskResult):
            raise QueryError(f"{query.source}: the store did not answer the ASK query")
        return QueryResult(vars=(), rows=(), boolean=result.value)
    if not isinstance(result, SelectResult):
        raise QueryError(f"{query.source}: the store did not answer the SELECT query")
    names = tuple(result.variables)
    return QueryResult(vars=names, rows=tuple(Solution(names, tuple(row)) for row in result))


def text(node: Node | None) -> str | None:
    """A literal's lexical form (or an IRI as a string); None stays None."""
    return None if node is None else str(node)


def decimal(node: Node | None) -> Decimal | None:
    """A numeric literal as a Decimal; None for unbound or non-numeric values."""
    if not isinstance(node, Literal):
        return None
    try:
        return Decimal(str(node))
    except InvalidOperation:
        return None


def integer(node: Node | None) -> int:
    """A numeric literal as an int; 0 for unbound values."""
    value = decimal(node)
    return 0 if value is None else int(value)


def boolean(node: Node | None) -> bool:
    """An xsd:boolean literal as a bool; False for unbound values."""
    return isinstance(node, Literal) and bool(node.toPython())


def date_value(node: Node | None) -> date | None:
    """An xsd:date literal as a date; None for unbound or malformed values."""
    if not isinstance(node, Literal):
        return None
    value = node.toPython()
    return value if isinstance(value, date) else None


def iri(node: Node | None) -> URIRef | None:
    """The node if it is an IRI, else None."""
    return node if isinstance(node, URIRef) else None
