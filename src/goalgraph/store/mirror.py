"""An in-memory Oxigraph copy of rdflib triples that answers SPARQL in rdflib's own terms."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

import pyoxigraph as ox
from rdflib import Graph, Literal, Node, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from goalgraph.sparql.text import Term
from goalgraph.store.oxigraph import from_ox, to_ox

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

logger = logging.getLogger(__name__)

_OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


@lru_cache(maxsize=256)
def prepared(text: str) -> Query:
    """A query parsed by rdflib, kept for the next time the same text comes."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class SparqlMirror:
    """An in-memory Oxigraph copy of a data graph, answering the SPARQL pyshacl asks of it.

    pyshacl runs a SPARQL-based constraint once per focus node, and rdflib's SPARQL engine
    (parsing and evaluating in Python) is then most of the validation time. The copy holds
    the rdflib graph's own terms (literals in the lexical form rdflib gave them), and
    answers are mapped back to those very terms.
    """

    def __init__(self) -> None:
        self.store = ox.Store()
        self._to_ox: dict[Node, _OxTerm] = {}
        self._from_ox: dict[_OxTerm, Identifier] = {}
        self._by_focus: dict[str, _ByFocus | None] = {}

    @classmethod
    def of(cls, triples: Iterable[tuple[Node, Node, Node]]) -> SparqlMirror:
        """A mirror of rdflib triples (an rdflib graph, for one)."""
        mirror = cls()
        convert = mirror._convert
        mirror.store.extend([ox.Quad(*map(convert, triple)) for triple in triples])
        return mirror

    def copy_into(self, graph: Graph, triples: Iterable[tuple[_OxTerm, _OxTerm, _OxTerm]]) -> None:
        """Add pyoxigraph triples, as (subject, predicate, object), to both ``graph`` and the
        mirror, as ``OxigraphStore.export`` would convert them."""
        terms: dict[_OxTerm, tuple[Identifier, _OxTerm]] = {}

        def pair(term: _OxTerm) -> tuple[Identifier, _OxTerm]:
            found = terms.get(term)
            if found is None:
                rdflib_term = cast(Identifier, from_ox(term))
                # A literal goes into the mirror as rdflib wrote it (canonical lexical form).
                mirrored = self._convert(rdflib_term) if isinstance(term, ox.Literal) else term
                self._from_ox.setdefault(mirrored, rdflib_term)
                found = terms[term] = (rdflib_term, mirrored)
            return found

        rdflib_triples = []
        quads = []
        for subject, predicate, object_ in triples:
            s, s_ox = pair(subject)
            p, p_ox = pair(predicate)
            o, o_ox = pair(object_)
            rdflib_triples.append((s, p, o, graph))
            quads.append(ox.Quad(s_ox, p_ox, o_ox))  # type: ignore[arg-type]
        graph.addN(rdflib_triples)
        self.store.extend(quads)

    def _convert(self, term: Node) -> Any:  # an _OxTerm; Any lets it fill any Quad position
        found = self._to_ox.get(term)
        if found is None:
            found = to_ox(cast(Term, term))
            self._to_ox[term] = found
            self._from_ox.setdefault(found, cast(Identifier, term))
        return found

    def answer(self, text: str, bindings: Mapping[str, Node]) -> Result | None:
        """The answer to a SELECT or ASK query with ``bindings`` pre-bound, or None when
        Oxigraph cannot answer it as rdflib would (then rdflib answers it)."""
        if text in _RDFLIB_ONLY or any(isinstance(v, Literal) for v in bindings.values()):
            return None
        if bindings.keys() == {"this"}:
            table = self._table(text)
            if table is not None:
                result = Result("SELECT")
                result.vars = table.variables
                result.bindings = list(table.rows.get(self._convert(bindings["this"]), ()))
                return result
        try:
            found = self.store.query(
                text,
                substitutions={ox.Variable(k): self._convert(v) for k, v in bindings.items()},
            )
        except (SyntaxError, RuntimeError) as exc:
            # Oxigraph pre-binds only projected variables and knows no SPARQL extensions.
            logger.debug("SPARQL left to rdflib (%s): %s", exc, text)
            _RDFLIB_ONLY.add(text)
            return None
        if isinstance(found, ox.QueryBoolean):
            result = Result("ASK")
            result.askAnswer = bool(found)
            return result
        if not isinstance(found, ox.QuerySolutions):
            _RDFLIB_ONLY.add(text)
            return None
        variables = [Variable(v.value) for v in found.variables]
        result = Result("SELECT")
        result.vars = variables
        result.bindings = [self._row(variables, row) for row in found]
        return result

    def _table(self, text: str) -> _ByFocus | None:
        """The answers for every focus node at once, by the node bound to $this, for a SELECT
        in which every solution binds $this: pySHACL asks it once per focus node, and one
        evaluation costs about what one of those asks does."""
        if text in self._by_focus:
            return self._by_focus[text]
        table: _ByFocus | None = None
        if _binds_this_in_every_solution(text):
            try:
                found = self.store.query(text)
            except (SyntaxError, RuntimeError):
                found = None
            if isinstance(found, ox.QuerySolutions):
                variables = [Variable(v.value) for v in found.variables]
                this = variables.index(_THIS)
                table = _ByFocus(variables, defaultdict(list))
                for row in found:
                    table.rows[row[this]].append(self._row(variables, row))
        self._by_focus[text] = table
        return table

    def _row(self, variables: list[Variable], row: Any) -> dict[Variable, Identifier]:
        return {
            var: self._term(value)
            for var, value in zip(variables, row, strict=True)
            if value is not None
        }

    def _term(self, term: _OxTerm) -> Identifier:
        known = self._from_ox.get(term)
        return known if known is not None else from_ox(term)


@dataclass
class _ByFocus:
    """A SELECT's solutions grouped by the focus node bound to $this."""

    variables: list[Variable]
    rows: dict[_OxTerm, list[Mapping[Variable, Identifier]]]


_THIS = Variable("this")


@lru_cache(maxsize=256)
def _binds_this_in_every_solution(text: str) -> bool:
    """True for a SELECT that projects $this and binds it in every solution, with no
    sub-select, grouping or limit: then pre-binding $this only picks the solutions that
    bind it to that node."""
    try:
        algebra = prepared(text).algebra
    except Exception:  # noqa: BLE001 - rdflib raises many kinds; the caller asks Oxigraph
        return False
    return algebra.name == "SelectQuery" and _THIS in _certain(algebra.p)


def _certain(node: Any) -> frozenset[Variable]:
    """The variables every solution of an algebra node binds (empty for forms not followed)."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return frozenset(t for triple in node.triples for t in triple if isinstance(t, Variable))
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name in ("LeftJoin", "Filter", "Extend", "Distinct", "Reduced", "OrderBy"):
        return _certain(node.p1 if name == "LeftJoin" else node.p)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Project":
        return _certain(node.p) & frozenset(node.PV)
    return frozenset()


#: Query texts Oxigraph cannot answer as rdflib would; found once per process.
_RDFLIB_ONLY: set[str] = set()
