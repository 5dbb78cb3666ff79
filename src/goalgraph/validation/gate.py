"""The write gate: a change that would add SHACL Violations to the model is refused.

Every write is checked on the graphs it touches, each with its context (goalgraph.
validation.context), never on the whole store: a Graph Store write touches its graph; a
SPARQL Update the graphs its operations name. Only Violations the change adds count, so a
model that already fails stays editable. An update whose templates name a graph by a
variable, or that writes to the store's own default graph or to every graph, is checked
on the whole store, as nothing narrower can be known before it runs.

A write describes a graph's new content as a Content (the graph as stored, an uploaded file,
triples removed and added) rather than handing it over built: a Checker builds and validates
it, in this process or in a worker process that reads the store itself (goalgraph.web.
gateworker), so that a server never converts a graph into rdflib terms for a write.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF

from goalgraph.errors import GoalgraphError, QueryError, ValidationError
from goalgraph.sparql.library import ask
from goalgraph.store import VOCABULARY_GRAPH, Store, document_triples, model_graph
from goalgraph.store.base import Term, Triple
from goalgraph.validation.report import ValidationReport, ValidationResult

# The SHACL engine, the context reader and rdflib's SPARQL parser are imported where a
# check or an update needs them: the web app imports this module and should start
# without them.

logger = logging.getLogger(__name__)


class ShaclRefused(ValidationError):
    """The change would add SHACL Violations to the model (the web answers 422)."""

    def __init__(self, report: ValidationReport, added: int) -> None:
        super().__init__(
            f"the change was refused: it would add {added} Violations "
            f"({len(report.violations)} in all afterwards)"
        )
        self.report = report


class VocabularyProtected(GoalgraphError):
    """The change would remove or empty the vocabulary, or every graph (the web answers 403)."""


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
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

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


def _entry(node: Any, key: str) -> Any:
    # rdflib's CompValue.get answers a missing key with the key itself.
    return node[key] if key in node else None  # noqa: SIM401


def _written(operation: Any) -> Iterable[object]:
    """The graph names an update operation writes: IRIs, or anything else for "any graph"."""
    name = operation.name
    if name in {"InsertData", "DeleteData", "DeleteWhere"}:
        yield from _template(operation, _entry(operation, "withClause"))
    elif name == "Modify":
        default = _entry(operation, "withClause")
        for part in ("delete", "insert"):
            if part in operation:
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
    yield from (_entry(part, "quads") or {}).keys()
    if _entry(part, "triples"):
        yield default if default is not None else "DEFAULT"


@dataclass(frozen=True)
class Content:
    """A graph's new content, described rather than given: the graph as stored (``stored``)
    or nothing, with the triples of ``document`` (an RDF file) added, the blank-node values
    of the nodes ``drop_blank_values_of`` (one level deep) and ``removed`` taken out, and
    ``added`` put in. It is small enough to send to another process, which builds it from
    its own view of the store."""

    stored: bool = True
    document: Path | None = None
    removed: tuple[Triple, ...] = ()
    added: tuple[Triple, ...] = ()
    drop_blank_values_of: tuple[URIRef, ...] = ()

    def build(
        self, store: Store, graph: URIRef, terms: Callable[[object], Term] | None = None
    ) -> set[Triple]:
        """The triples this describes as the content of ``graph`` of ``store`` (``terms``:
        how the document's terms are converted, see goalgraph.store.document_triples)."""
        triples: set[Triple] = set(store.triples(graph)) if self.stored else set()
        if self.document is not None:
            triples.update(document_triples(self.document, terms))
        if self.drop_blank_values_of:
            owners = set(self.drop_blank_values_of)
            blanks = {o for s, _, o in triples if s in owners and isinstance(o, BNode)}
            triples = {t for t in triples if t[0] not in blanks and t[2] not in blanks}
        triples.difference_update(self.removed)
        triples.update(self.added)
        return triples

    @property
    def as_stored(self) -> bool:
        """Whether this is the graph exactly as stored."""
        return (
            self.stored
            and self.document is None
            and not (self.removed or self.added or self.drop_blank_values_of)
        )


#: The graph as stored now.
STORED = Content()


def graph_report(
    store: Store,
    graph: URIRef,
    content: Content | Graph | Collection[Triple] | None = None,
    *,
    lang: str = "en",
    shapes: Path | None = None,
    terms: Callable[[object], Term] | None = None,
) -> ValidationReport:
    """The report of ``graph`` (``content``: its new content, None: as stored) validated with
    its context from the rest of ``store``, in this process (``terms``: see Content.build)."""
    from goalgraph.validation.context import graph_context
    from goalgraph.validation.store import validate_context

    if isinstance(content, Content):
        content = None if content.as_stored else content.build(store, graph, terms)
    found = graph_context(store, graph, content)
    return validate_context(found, shapes=shapes, lang=lang)


class Checker(Protocol):
    """What validates a graph's new content for a gate: this process (None) or a worker.

    ``state`` names the store's state the content is to be read against: a checker that
    reads the store elsewhere must see every write before it (see Gate.state).
    """

    def report(
        self,
        graph: URIRef,
        content: Content,
        *,
        lang: str,
        shapes: Path | None,
        state: tuple[int, int],
    ) -> ValidationReport: ...


@dataclass
class Gate:
    """Checks writes to ``store`` before they are kept; ``lang`` is the reports' language.

    ``known`` holds reports of graphs as they are now (each graph's report is made at most
    once: a write's accepted report is the next write's starting point); ``accepted`` gets
    the report of every graph a kept change wrote. With ``vocabulary_writes`` off, a change
    that removes or empties the vocabulary graph, or writes every graph, is refused.
    """

    store: Store
    lang: str = "en"
    shapes: Path | None = None
    known: dict[URIRef, ValidationReport] = field(default_factory=dict)
    accepted: dict[URIRef, ValidationReport] = field(default_factory=dict)
    vocabulary_writes: bool = False
    #: With ``shacl`` off only the vocabulary is protected; nothing is validated.
    shacl: bool = True
    #: Where the validations run; None: in this process.
    checker: Checker | None = None
    #: The store's state when the gate was made (the server's count of writes): with the
    #: changes this gate made since, what a checker reading the store elsewhere must see.
    generation: int = 0
    _changes: int = field(default=0, init=False)

    @property
    def state(self) -> tuple[int, int]:
        """The store's state as this gate left it: its generation and the changes since."""
        return (self.generation, self._changes)

    def _changed(self) -> None:
        self._changes += 1

    def _graph_report(
        self, graph: URIRef, content: Content | Graph | Collection[Triple] | None = None
    ) -> ValidationReport:
        if self.checker is not None and (content is None or isinstance(content, Content)):
            return self.checker.report(
                graph, content or STORED, lang=self.lang, shapes=self.shapes, state=self.state
            )
        return graph_report(self.store, graph, content, lang=self.lang, shapes=self.shapes)

    def _current(
        self, graph: URIRef, content: Collection[Triple] | None = None
    ) -> ValidationReport:
        """The report of ``graph`` as it is now (``content``: its content, read already)."""
        if graph not in self.known:
            self.known[graph] = self._graph_report(graph, content if self.checker is None else None)
        return self.known[graph]

    def _protect(self, graphs: frozenset[URIRef] | None) -> None:
        """Refuse up front a change that may write every graph."""
        if graphs is EVERY_GRAPH and not self.vocabulary_writes:
            raise VocabularyProtected(
                "the change may write every graph (DROP ALL, CLEAR ALL, a graph named by a "
                "variable or the store's default graph), the vocabulary among them; name the "
                "graphs it writes, or allow vocabulary writes in the server's settings"
            )

    def _vocabulary_kept(self, content: Graph | Collection[Triple] | None = None) -> bool:
        """Whether the vocabulary graph (``content``: its new content) still holds the
        ontology, as goalgraph loaded it."""
        if self.vocabulary_writes:
            return True
        if content is not None:
            return (VOCABULARY_GRAPH, RDF.type, OWL.Ontology) in content
        return ask(self.store, "vocabulary-present", {"g": VOCABULARY_GRAPH})

    def _refuse_vocabulary(self) -> VocabularyProtected:
        return VocabularyProtected(
            f"the change would remove or empty the vocabulary graph <{VOCABULARY_GRAPH}> (the "
            "ontology and the SDG module every check needs); this is refused unless the "
            "server's settings allow vocabulary writes"
        )

    def _whole(self) -> ValidationReport:
        from goalgraph.validation.engine import validate

        return validate(model_graph(self.store), shapes=self.shapes, lang=self.lang)

    def check_graph(self, graph: URIRef, content: Content | Graph | Collection[Triple]) -> None:
        """Refuse ``content`` (described, a graph, or its triples) as the new content of
        ``graph`` if it adds Violations."""
        if graph == VOCABULARY_GRAPH:
            if isinstance(content, Content):
                content = content.build(self.store, graph)
            if not self._vocabulary_kept(content):
                raise self._refuse_vocabulary()
        if not self.shacl:
            return
        before = self._current(graph)
        after = self._graph_report(graph, content)
        added = _added(before, after)
        if added:
            raise ShaclRefused(after, added)
        self.accepted[graph] = after

    def apply(self, graphs: frozenset[URIRef] | None, change: Callable[[], None]) -> None:
        """Run ``change`` (which writes ``graphs``, None: any) and keep it only if it adds no
        Violations; otherwise put the graphs back as they were and raise ShaclRefused.

        The change runs on the store itself (its effect cannot be known before), inside the
        caller's write lock; a refused change is undone before the lock is released.
        """
        self._protect(graphs)
        if not self.shacl:
            self._apply_unchecked(graphs, change)
            return
        if graphs is EVERY_GRAPH:
            before_all = self._whole()
            saved = {info.iri: self.store.export(info.iri) for info in self.store.graphs()}
            change()
            self._changed()
            after_all = self._whole()
            added = _added(before_all, after_all)
            if added:
                self._restore(saved, drop_others=True)
                raise ShaclRefused(after_all, added)
            return
        # Plain triples, not graphs: building rdflib graphs of them costs several times more,
        # and they are needed only when the change is refused. A graph counted empty is not
        # present (counting one graph is an index look-up; listing every graph is not).
        kept: dict[URIRef, list[Triple]] = {
            g: self.store.triples(g) for g in graphs if self.store.triples_count(g)
        }
        before = {g: self._current(g, kept.get(g, [])) for g in graphs}
        change()
        self._changed()
        if VOCABULARY_GRAPH in graphs and not self._vocabulary_kept():
            self._restore({g: kept.get(g, []) for g in graphs})
            raise self._refuse_vocabulary()
        after = {g: self._graph_report(g) for g in sorted(graphs, key=str)}
        for graph, report in after.items():
            added = _added(before[graph], report)
            if added:
                self._restore({g: kept.get(g, []) for g in graphs})
                raise ShaclRefused(report, added)
        self.accepted.update(after)

    def _apply_unchecked(
        self, graphs: frozenset[URIRef] | None, change: Callable[[], None]
    ) -> None:
        if graphs is EVERY_GRAPH or VOCABULARY_GRAPH not in graphs:
            change()
            self._changed()
            return
        saved = self.store.export(VOCABULARY_GRAPH)
        change()
        self._changed()
        if not self._vocabulary_kept():
            self._restore({VOCABULARY_GRAPH: saved})
            raise self._refuse_vocabulary()

    def _restore(
        self, saved: Mapping[URIRef, Graph | Collection[Triple]], *, drop_others: bool = False
    ) -> None:
        if drop_others:
            for info in self.store.graphs():
                if info.iri not in saved:
                    self.store.put(info.iri, Graph())
        for graph, content in saved.items():
            if not isinstance(content, Graph):
                content = _as_graph(content)
            self.store.put(graph, content)
        self._changed()
        logger.info("refused change undone in %d graphs", len(saved))


def _as_graph(triples: Collection[Triple]) -> Graph:
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph
