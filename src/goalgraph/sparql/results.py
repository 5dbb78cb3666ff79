"""What a query answers: rows of a SELECT, the truth of an ASK, and typed values from terms."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from goalgraph.sparql.text import Term


class Row(tuple[Term | None, ...]):
    """One solution of a SELECT: a tuple in the order of the variables, also readable by
    name (``row["goal"]``, None when unbound)."""

    _index: Mapping[str, int]

    def __new__(cls, values: tuple[Term | None, ...], index: Mapping[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: int | str) -> Term | None:  # type: ignore[override]
        if isinstance(key, str):
            position = self._index.get(key)
            if position is None:
                raise KeyError(f"the query has no variable ?{key}")
            return tuple.__getitem__(self, position)
        return tuple.__getitem__(self, key)

    def get(self, key: str) -> Term | None:
        """The value of ``?key``, or None when unbound or not a variable of the query."""
        position = self._index.get(key)
        return None if position is None else tuple.__getitem__(self, position)

    def asdict(self) -> dict[str, Term | None]:
        return {name: tuple.__getitem__(self, i) for name, i in self._index.items()}


@dataclass(frozen=True)
class SelectResult:
    """The answer to a SELECT query: its variables and its rows."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]
    _index: Mapping[str, int] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def of(
        cls, variables: tuple[str, ...], rows: Iterable[tuple[Term | None, ...]]
    ) -> SelectResult:
        """A result from plain tuples of terms, one per row."""
        index = {name: i for i, name in enumerate(variables)}
        return cls(variables, tuple(Row(tuple(row), index) for row in rows), index)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def column(self, variable: str) -> list[Term | None]:
        """The values of one variable, row by row."""
        position = self.variables.index(variable)
        return [row[position] for row in self.rows]


@dataclass(frozen=True)
class AskResult:
    """The answer to an ASK query."""

    value: bool

    def __bool__(self) -> bool:
        return self.value


#: What a query returns: SELECT → SelectResult, ASK → AskResult, CONSTRUCT/DESCRIBE → Graph.
QueryResult = SelectResult | AskResult | Graph


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
