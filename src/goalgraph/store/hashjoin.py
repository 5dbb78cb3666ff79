"""A hash join for rdflib's SPARQL engine, used by the in-memory store's queries.

rdflib joins two parts of a query that it cannot join lazily (a part under DISTINCT or a
sub-select, for one) by putting the right-hand solutions in a set and comparing every
left-hand solution with each of them. Both are slow on what a property path gives: its
solutions that bind two variables to the same node all hash alike, so the set compares
them pair by pair; "what each party owns" took 4 to 7 s on the Asker example (45 s on a
view of two of its graphs). This evaluator puts the right-hand solutions in buckets by
the variables every one of them binds and compares a left-hand solution only with its
bucket. It keeps the right-hand side's
duplicate solutions, as SPARQL's multiset semantics ask, where rdflib's set drops them. It
acts only inside ``hash_joins()``, so rdflib elsewhere in the process (pySHACL, a host
application) is left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any

from rdflib.term import Node, Variable

if TYPE_CHECKING:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import QueryContext

_ACTIVE: ContextVar[bool] = ContextVar("goalgraph_hash_joins", default=False)
_NAME = "goalgraph-hash-join"


@contextmanager
def hash_joins() -> Iterator[None]:
    """Joins inside this block, in this thread, are hash joins."""
    register()
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@cache
def register() -> None:
    """Register the evaluator with rdflib (once; it acts only inside ``hash_joins()``).

    Not done on import: it imports rdflib's SPARQL engine (about 8 MB and 0.1 s), which a
    process that never makes an in-memory store does not need.
    """
    from rdflib.plugins.sparql import CUSTOM_EVALS

    CUSTOM_EVALS[_NAME] = _evaluate


def _evaluate(ctx: QueryContext, part: CompValue) -> Any:
    if part.name != "Join" or part.lazy or not _ACTIVE.get():
        # rdflib goes on to its next evaluator, and in the end to its own.
        raise NotImplementedError
    from rdflib.plugins.sparql.evaluate import evalPart

    return _join(evalPart(ctx, part.p1), list(evalPart(ctx, part.p2)))


def _join(left: Iterable[Any], right: list[Any]) -> Iterator[Any]:
    if not right:
        return
    # Only the variables every right-hand solution binds can key the buckets; a left-hand
    # solution is looked up by those of them it binds too (none: compared with all, as
    # rdflib would).
    keys = tuple(sorted(set(right[0]).intersection(*right[1:]), key=str))
    indexes: dict[tuple[Variable, ...], dict[tuple[Node | None, ...], list[Any]]] = {}
    for solution in left:
        bound = [(k, value) for k in keys if (value := _bound(solution, k)) is not None]
        shared = tuple(k for k, _ in bound)
        index = indexes.get(shared)
        if index is None:
            index = indexes[shared] = defaultdict(list)
            for other in right:
                index[tuple(other[k] for k in shared)].append(other)
        for other in index.get(tuple(value for _, value in bound), ()):
            if solution.compatible(other):
                yield solution.merge(other)


def _bound(solution: Any, key: Variable) -> Node | None:
    # The solution's own bindings, as rdflib's compatible() reads them: its [] would also
    # answer from the query's initial bindings.
    return solution._d.get(key)  # type: ignore[no-any-return]
