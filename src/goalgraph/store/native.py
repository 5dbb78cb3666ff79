"""Oxigraph's own answers as plain lists, so that no thread-bound object outlives its call.

pyoxigraph's result iterators (``QuerySolutions``, ``QueryTriples``, ``QuadIter``) belong
to the thread that made them: dropped on another thread they abort with "is unsendable, but
is being dropped on another thread". A server thread drops them elsewhere more easily than
it looks: a function's frame outlives its call when anything below it is kept (an exception
handed to the event loop, a parser's exception caught in a reference cycle that the garbage
collector frees later on any thread), and the frame then keeps its local variables. So such
an iterator is never bound to a name: it is read here, into lists of solutions, triples and
quads (which any thread may drop), and the name is deleted before the function returns,
whatever happens. A ``for`` loop straight over the iterator is safe as well: the iterator
lives on the frame's stack, which is emptied in this thread however the loop ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox


@dataclass(frozen=True)
class Solutions:
    """The answer to a SELECT: the variable names and the solutions in order."""

    variables: tuple[str, ...]
    rows: list[ox.QuerySolution]


#: What ``query`` returns: ASK → bool, SELECT → Solutions, CONSTRUCT/DESCRIBE → triples.
Answer = bool | Solutions | list[ox.Triple]


@dataclass(frozen=True)
class Table:
    """The answer to a SELECT as Oxigraph writes it in the SPARQL TSV results format: a
    header line of ``?name`` fields, then one line per solution (an empty field: unbound)."""

    text: str


#: What ``query_table`` returns: as ``query``, but a SELECT's solutions as a Table.
TableAnswer = bool | Table | list[ox.Triple]


def query(store: ox.Store, sparql: str, **options: Any) -> Answer:
    """``store.query(sparql, **options)`` read to the end in this thread."""
    found = store.query(sparql, **options)
    try:
        if isinstance(found, ox.QueryBoolean):
            return bool(found)
        if isinstance(found, ox.QuerySolutions):
            return Solutions(tuple(v.value for v in found.variables), list(found))
        return list(found)
    finally:
        del found


def query_table(store: ox.Store, sparql: str, **options: Any) -> TableAnswer:
    """``query``, with a SELECT's solutions written out by Oxigraph as TSV text: one Python
    object per solution and term costs several times more than the text, on big answers."""
    found = store.query(sparql, **options)
    try:
        if isinstance(found, ox.QueryBoolean):
            return bool(found)
        if isinstance(found, ox.QuerySolutions):
            # Without an output to write to, serialize returns the bytes.
            text = found.serialize(format=ox.QueryResultsFormat.TSV)
            return Table(text.decode("utf-8") if text is not None else "")
        return list(found)
    finally:
        del found


def solutions(store: ox.Store, sparql: str, **options: Any) -> Solutions:
    """The solutions of a SELECT query (TypeError for any other form)."""
    answer = query(store, sparql, **options)
    if not isinstance(answer, Solutions):
        raise TypeError("expected a SELECT query")
    return answer


def quads(
    store: ox.Store,
    subject: Any = None,
    predicate: Any = None,
    object_: Any = None,
    graph: Any = None,
) -> list[ox.Quad]:
    """``store.quads_for_pattern(...)`` read to the end in this thread."""
    found = store.quads_for_pattern(subject, predicate, object_, graph)
    try:
        return list(found)
    finally:
        del found


def named_quads(
    store: ox.Store,
    subjects: Sequence[Any] | None,
    predicates: Sequence[Any],
    objects: Sequence[Any] | None = None,
    outside: ox.NamedNode | ox.DefaultGraph | None = None,
) -> list[ox.Quad]:
    """The quads in named graphs other than ``outside`` with one of ``subjects``, one of
    ``predicates`` and one of ``objects`` (None: any): one index look-up per bound node and
    predicate, no query to parse and plan."""
    anything: list[Any] = [None]
    found: list[ox.Quad] = []
    for s in anything if subjects is None else subjects:
        for p in predicates:
            for o in anything if objects is None else objects:
                found.extend(
                    q
                    for q in quads(store, s, p, o, None)
                    if q.graph_name != outside and not isinstance(q.graph_name, ox.DefaultGraph)
                )
    return found


def first_quad(
    store: ox.Store,
    subject: Any = None,
    predicate: Any = None,
    object_: Any = None,
    graph: Any = None,
) -> ox.Quad | None:
    """The first quad matching the pattern, or None, without reading the others."""
    found = store.quads_for_pattern(subject, predicate, object_, graph)
    try:
        return next(found, None)
    finally:
        del found


__all__ = [
    "Answer",
    "Solutions",
    "Table",
    "TableAnswer",
    "first_quad",
    "quads",
    "query",
    "query_table",
    "solutions",
]
