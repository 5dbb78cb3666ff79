"""The storage interface every goalgraph store adapter implements, and its typed results."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import TracebackType
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef

from goalgraph.errors import QueryError

#: The named graph recording the namespace prefixes of loaded files.
PREFIX_GRAPH = URIRef("https://w3id.org/goalgraph/prefixes")

#: An RDF term as rdflib represents it: what query results hold and bindings accept.
Term = URIRef | BNode | Literal


@dataclass(frozen=True)
class SelectResult:
    """The answer to a SELECT query: variable names and rows of rdflib terms (None = unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def column(self, variable: str) -> list[Term | None]:
        """The values of one variable, row by row."""
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    """The answer to an ASK query."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


#: What ``Store.query`` returns: SELECT → SelectResult, ASK → AskResult, CONSTRUCT/DESCRIBE → Graph.
QueryResult = SelectResult | AskResult | Graph


@dataclass(frozen=True)
class GraphInfo:
    """A named graph of a store and the number of triples in it."""

    iri: URIRef
    triples: int


@dataclass(frozen=True)
class LoadResult:
    """What one ``Store.load`` did: the graph written, its size afterwards, the files read."""

    graph: URIRef | None
    triples: int
    files: tuple[Path, ...]


class Store(Protocol):
    """One RDF dataset of named graphs, queried with SPARQL over the union of its graphs.

    Adapters subclass this protocol to inherit the context-manager methods.
    """

    descriptor: str

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query; ``bindings`` pre-bind variables.

        The query's default graph is the union of all graphs, or with ``default_graph`` the
        merge of just those named graphs (see ``GraphScope``).
        """
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update request as one transaction."""
        ...

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        """Read RDF files and folders into ``graph`` (None: the default graph).

        With ``replace`` the graph's old content is swapped for the files' content in one
        step; a file that cannot be parsed raises LoadError and leaves the store as it was.
        """
        ...

    def load_graphs(
        self, targets: Sequence[tuple[URIRef | None, Sequence[str | Path]]], replace: bool = True
    ) -> Iterator[LoadResult]:
        """Load each ``(graph, files)`` of ``targets`` as ``load`` does, yielding the results
        in that order (the embedded store loads new graphs side by side)."""
        for graph, paths in targets:
            yield self.load(paths, graph, replace)

    def graphs(self) -> list[GraphInfo]:
        """The named graphs holding triples, ordered by IRI."""
        ...

    def triples_count(self, graph: URIRef | None = None) -> int:
        """Triples in ``graph``, or (None) in the whole store, each graph counted separately."""
        ...

    def export(self, graph: URIRef | None = None) -> Graph:
        """One graph (or, for None, the union) copied into an rdflib Graph; small graphs only."""
        ...

    def close(self) -> None:
        """Release the store; it must not be used afterwards."""
        ...

    def optimize(self) -> None:
        """Reorganise the storage after big loads so that queries run fast again; stores
        with nothing to reorganise do nothing."""
        return None

    def prefixes(self) -> dict[str, str]:
        """Namespace prefixes recorded for the loaded data (see ``record_prefixes``)."""
        result = self.query(store_query("prefixes"), {"g": PREFIX_GRAPH})
        found: dict[str, str] = {}
        if isinstance(result, SelectResult):
            for prefix, namespace in result:
                if prefix is not None and namespace is not None:
                    found.setdefault(str(prefix), str(namespace))
        return found

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


# Strings, IRIs and comments are skipped when looking for the query's WHERE clause.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
    r"|\bWHERE\b|[{}]",
    re.IGNORECASE,
)


def bind_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with its variables pre-bound by a VALUES block opening the WHERE clause.

    Placing the values first lets the server start from the bound nodes (e.g. goal-first
    property paths) instead of joining them after evaluating the whole pattern.
    """
    if not bindings:
        return sparql
    return with_values(sparql, tuple(bindings), [tuple(bindings.values())])


def prebind(sparql: str, bindings: Mapping[str, Term] | None) -> str:
    """The query with ``bindings`` written into its text, for engines given text only:
    constants inside FILTERs (a VALUES block is out of scope in a nested group's FILTER, as
    rdflib's initBindings are not) and a VALUES block opening the WHERE clause."""
    bound = bindings or {}
    return bind_values(inline_in_filters(sparql, bound), bound)


def with_values(sparql: str, names: Sequence[str], rows: Sequence[Sequence[Term]]) -> str:
    """The query with a VALUES block of ``rows`` for the variables ``names`` opening its WHERE
    clause: the query then runs once for a whole list of nodes."""
    if any(isinstance(term, BNode) for row in rows for term in row):
        raise QueryError("a blank node cannot be bound to a query variable; bind an IRI or literal")
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(f"({' '.join(term.n3() for term in row)})" for row in rows)
    block = f" VALUES ({variables}) {{ {values} }} "
    position = _where_group(sparql)
    return sparql[:position] + block + sparql[position:]


def _where_group(sparql: str) -> int:
    """Where the query's WHERE clause opens (just inside its first brace)."""
    depth, where_seen = 0, False
    first_group: int | None = None
    where_group: int | None = None
    for match in _TOKEN.finditer(sparql):
        token = match.group(0)
        if token == "{":
            if depth == 0:
                first_group = match.end() if first_group is None else first_group
                if where_seen and where_group is None:
                    where_group = match.end()
            depth += 1
        elif token == "}":
            depth -= 1
        elif token.upper() == "WHERE" and depth == 0:
            where_seen = True
    # A CONSTRUCT template opens before WHERE; SELECT, ASK and DESCRIBE may omit the keyword.
    position = where_group if where_group is not None else first_group
    if position is None:
        raise QueryError("cannot bind variables: the query has no WHERE clause")
    return position


def select(store: Store, sparql: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
    """Run a query that must be a SELECT; anything else is a QueryError."""
    result = store.query(sparql, bindings)
    if not isinstance(result, SelectResult):
        raise QueryError("expected a SELECT query")
    return result


@cache
def store_query(name: str) -> str:
    """The text of a named query of the storage layer (``store/queries/<name>.rq``)."""
    return files("goalgraph.store").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


# Strings, IRIs and comments are skipped; what is left are brackets, FILTER, AS and variables.
_FILTER_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
    r"|\bFILTER\b|\bAS\b|[?$][A-Za-z_0-9\u00b7-\uffff]+|[(){}]",
    re.IGNORECASE,
)
_OPENERS = {"(": ")", "{": "}"}


def inline_in_filters(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with bound variables written as constants inside its FILTER expressions.

    A parameter is meant as a constant, but a VALUES block is out of scope in a nested group
    (``OPTIONAL { ?a ?b ?c OPTIONAL { … FILTER(… ?lang) } }``) and Virtuoso evaluates any
    FILTER inside OPTIONAL without the variables bound outside it; a constant needs no scope.
    """
    if not bindings:
        return sparql
    pieces: list[str] = []
    last = 0
    depth = 0  # brackets open inside the current FILTER; 0 = outside any FILTER
    in_filter = after_as = False
    for match in _FILTER_TOKEN.finditer(sparql):
        token = match.group(0)
        upper = token.upper()
        if upper == "FILTER" and not in_filter:
            in_filter, depth = True, 0
        elif in_filter and token in _OPENERS:
            depth += 1
        elif in_filter and token in {")", "}"}:
            depth -= 1
            in_filter = depth > 0
        elif in_filter and depth > 0 and token[0] in "?$" and not after_as:
            term = bindings.get(token[1:])
            if term is not None and not isinstance(term, BNode):
                pieces += [sparql[last : match.start()], term.n3()]
                last = match.end()
        after_as = upper == "AS"
    pieces.append(sparql[last:])
    return "".join(pieces)
