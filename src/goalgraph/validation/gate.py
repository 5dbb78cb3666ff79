"""The write gate: a change that would add SHACL Violations to the model is refused.

Every write is checked on the graphs it touches, each with its context (goalgraph.
validation.context), never on the whole store: a Graph Store write touches its graph; a
SPARQL Update the graphs its operations name. Only Violations the change adds count, so a
model that already fails stays editable. An update whose templates name a graph by a
variable, or that writes to the store's own default graph or to every graph, is checked
on the whole store, as nothing narrower can be known before it runs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyparsing import ParseException
from rdflib import Graph, URIRef
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

from goalgraph.errors import QueryError, ValidationError
from goalgraph.store import Store, model_graph
from goalgraph.validation.context import graph_context
from goalgraph.validation.engine import validate
from goalgraph.validation.report import ValidationReport, ValidationResult
from goalgraph.validation.store import validate_context

logger = logging.getLogger(__name__)


class ShaclRefused(ValidationError):
    """The change would add SHACL Violations to the model (the web answers 422)."""

    def __init__(self, report: ValidationReport, added: int) -> None:
        super().__init__(
            f"the change was refused: it would add {added} Violations "
            f"({len(report.violations)} in all afterwards)"
        )
        self.report = report


#: An update that may touch any graph (a variable graph name, DROP ALL, the default graph).
EVERY_GRAPH = None


def _key(result: ValidationResult) -> tuple[str, str, str | None, str | None]:
    return (str(result.focus), result.rule, str(result.path), str(result.value))


def _added(before: ValidationReport, after: ValidationReport) -> int:
    old = {_key(r) for r in before.violations}
    return len({_key(r) for r in after.violations} - old)


def touched_graphs(update: str) -> frozenset[URIRef] | None:
    """The named graphs a SPARQL Update writes, or None (EVERY_GRAPH) when it may write any
    graph or the store's default graph."""
    try:
        operations = translateUpdate(parseUpdate(update)).algebra
    except ParseException as exc:
        where = f"line {exc.lineno}, column {exc.col}"
        raise QueryError(f"SPARQL Update syntax error at {where}: {exc.msg}") from exc
    found: set[URIRef] = set()
    for operation in operations:
        names = list(_written(operation))
        if any(not isinstance(name, URIRef) for name in names):
            return EVERY_GRAPH
        found.update(names)  # type: ignore[arg-type]
    return frozenset(found)


def _written(operation: Any) -> Iterable[object]:
    """The graph names an update operation writes: IRIs, or anything else for "any graph"."""
    name = operation.name
    if name in {"InsertData", "DeleteData", "DeleteWhere"}:
        yield from _template(operation, operation.get("withClause"))
    elif name == "Modify":
        default = operation.get("withClause")
        for part in ("delete", "insert"):
            if operation.get(part) is not None:
                yield from _template(operation[part], default)
    elif name in {"Clear", "Drop", "Create"}:
        yield operation.graphiri
    elif name in {"Add", "Copy"}:
        yield operation.graph[1]
    elif name == "Move":
        yield from operation.graph
    else:
        # LOAD and anything this reading does not know.
        yield "ANY"


def _template(part: Any, default: object) -> Iterable[object]:
    yield from (part.get("quads") or {}).keys()
    if part.get("triples"):
        yield default if default is not None else "DEFAULT"


@dataclass
class Gate:
    """Checks writes to ``store`` before they are kept; ``lang`` is the reports' language."""

    store: Store
    lang: str = "en"
    shapes: Path | None = None

    def _graph_report(self, graph: URIRef, content: Graph | None = None) -> ValidationReport:
        found = graph_context(self.store, graph, content)
        return validate_context(found, shapes=self.shapes, lang=self.lang)

    def _whole(self) -> ValidationReport:
        return validate(model_graph(self.store), shapes=self.shapes, lang=self.lang)

    def check_graph(self, graph: URIRef, content: Graph) -> None:
        """Refuse ``content`` as the new content of ``graph`` if it adds Violations."""
        before = self._graph_report(graph)
        after = self._graph_report(graph, content)
        added = _added(before, after)
        if added:
            raise ShaclRefused(after, added)

    def apply(self, graphs: frozenset[URIRef] | None, change: Callable[[], None]) -> None:
        """Run ``change`` (which writes ``graphs``, None: any) and keep it only if it adds no
        Violations; otherwise put the graphs back as they were and raise ShaclRefused.

        The change runs on the store itself (its effect cannot be known before), inside the
        caller's write lock; a refused change is undone before the lock is released.
        """
        if graphs is EVERY_GRAPH:
            before_all = self._whole()
            saved = {info.iri: self.store.export(info.iri) for info in self.store.graphs()}
            change()
            after_all = self._whole()
            added = _added(before_all, after_all)
            if added:
                self._restore(saved, drop_others=True)
                raise ShaclRefused(after_all, added)
            return
        known = {info.iri for info in self.store.graphs()}
        saved = {g: self.store.export(g) for g in graphs if g in known}
        before = {g: self._graph_report(g, saved.get(g, Graph())) for g in graphs}
        change()
        for graph in sorted(graphs, key=str):
            after = self._graph_report(graph)
            added = _added(before[graph], after)
            if added:
                self._restore({g: saved.get(g, Graph()) for g in graphs})
                raise ShaclRefused(after, added)

    def _restore(self, saved: dict[URIRef, Graph], *, drop_others: bool = False) -> None:
        if drop_others:
            for info in self.store.graphs():
                if info.iri not in saved:
                    self.store.put(info.iri, Graph())
        for graph, content in saved.items():
            self.store.put(graph, content)
        logger.info("refused change undone in %d graphs", len(saved))
