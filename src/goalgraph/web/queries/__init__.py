"""The SPARQL queries behind the pages and the API, kept as commented .rq files."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

from rdflib import Graph, Node, URIRef
from rdflib.query import ResultRow
from rdflib.term import Identifier

from goalgraph.store import SelectResult
from goalgraph.web.storeview import StoreView

_DIR = Path(__file__).resolve().parent
# An empty VALUES block in a .rq file marks where a list of nodes is filled in.
_EMPTY_VALUES = re.compile(r"VALUES\s+\?(\w+)\s*\{\s*\}")
_UNSAFE_IRI = re.compile(r'[\s<>"{}|\\^`]')

Row = dict[str, object]


@cache
def query_text(name: str) -> str:
    """The text of web/queries/<name>.rq."""
    return (_DIR / f"{name}.rq").read_text(encoding="utf-8")


def _values_block(variable: str, nodes: Sequence[URIRef]) -> str:
    safe = [n.n3() for n in nodes if not _UNSAFE_IRI.search(str(n))]
    return f"VALUES ?{variable} {{ {' '.join(safe)} }}"


def with_values(name: str, values: Mapping[str, Sequence[URIRef]]) -> str:
    """The text of a named query with its empty ``VALUES ?var { }`` blocks filled in."""

    def fill(match: re.Match[str]) -> str:
        return _values_block(match.group(1), values.get(match.group(1), ()))

    return _EMPTY_VALUES.sub(fill, query_text(name))


def run_query(
    graph: Graph,
    name: str,
    *,
    values: Mapping[str, Sequence[URIRef]] | None = None,
    bindings: Mapping[str, URIRef] | None = None,
) -> Iterator[Row]:
    """Run a named query and yield each solution as a dict of variable name → term.

    ``values`` fills the query's empty ``VALUES ?var { }`` blocks with lists of IRIs;
    ``bindings`` binds single variables.
    """
    text = with_values(name, values or {})
    result = graph.query(text, initBindings=dict(bindings or {}))
    for row in result:
        assert isinstance(row, ResultRow)
        yield {str(k): v for k, v in row.asdict().items()}


def select(
    graph: Graph, name: str, bindings: Mapping[str, Identifier] | None = None
) -> list[tuple[Node | None, ...]]:
    """The rows of a named SELECT query, columns in the query's order; ``bindings`` binds
    single variables.

    On a store view the query goes to the store as it is and its rows are taken as they
    come, which matters for queries of tens of thousands of rows.
    """
    text = query_text(name)
    if isinstance(graph.store, StoreView):
        result = graph.store.backend.query(text, bindings)  # type: ignore[arg-type]
        if not isinstance(result, SelectResult):
            raise TypeError(f"{name}.rq is not a SELECT query")
        return list(result.rows)
    return [tuple(row) for row in graph.query(text, initBindings=dict(bindings or {}))]  # type: ignore[arg-type]
