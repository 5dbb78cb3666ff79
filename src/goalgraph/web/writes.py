"""The write path: check a change on a copy (syntax, SHACL), then apply it in one transaction."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from goalgraph.errors import GoalgraphError, LoadError, QueryError, UnknownNodeError
from goalgraph.load import new_graph
from goalgraph.safeinput import check_literal_lengths, check_rdfxml
from goalgraph.store import Store
from goalgraph.store.oxigraph import from_ox, graph_node, parse_quads
from goalgraph.validate import ValidationReport, ValidationResult, validate
from goalgraph.web.deps import StoreSource
from goalgraph.web.queries import with_values
from goalgraph.web.workers import load_snapshot

logger = logging.getLogger(__name__)

#: Media type of an upload → the file suffix goalgraph's parsers recognise.
UPLOAD_SUFFIXES: dict[str, str] = {
    "text/turtle": ".ttl",
    "application/x-turtle": ".ttl",
    "application/n-triples": ".nt",
    "application/ld+json": ".jsonld",
    "application/json": ".jsonld",
    "application/rdf+xml": ".rdf",
}


class ShaclRefused(GoalgraphError):
    """The change would add SHACL Violations to the model (answered with 422)."""

    exit_code = 1

    def __init__(self, report: ValidationReport, added: int) -> None:
        super().__init__(
            f"the change was refused: it would add {added} Violations "
            f"({len(report.violations)} in all afterwards)"
        )
        self.report = report


def _key(result: ValidationResult) -> tuple[str, str, str | None, str | None]:
    return (str(result.focus), result.rule, str(result.path), str(result.value))


@dataclass(frozen=True)
class WriteResult:
    """What a write did: the graph it touched (None: several or unknown) and the store's size."""

    graph: URIRef | None
    triples: int


def upload_suffix(content_type: str) -> str:
    """The file suffix for an upload's media type; QueryError for types not accepted."""
    media = content_type.split(";")[0].strip().lower()
    if media not in UPLOAD_SUFFIXES:
        raise QueryError(
            f"unsupported content type '{media or 'none'}'; send one of "
            + ", ".join(sorted(UPLOAD_SUFFIXES))
        )
    return UPLOAD_SUFFIXES[media]


def _gate(source: StoreSource, change: Callable[[ox.Store], None], lang: str) -> None:
    """Apply ``change`` to an in-memory copy of the store and validate the result."""
    _, snapshot = source.snapshot()
    copy = ox.Store()
    load_snapshot(copy, snapshot)
    change(copy)
    data = new_graph()
    for quad in copy.quads_for_pattern(None, None, None, None):
        data.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    report = validate(data, lang=lang)
    # A model that already fails stays editable: only Violations the change adds count.
    before = {_key(r) for r in source.validation(lang).violations}
    added = [r for r in report.violations if _key(r) not in before]
    if added:
        raise ShaclRefused(report, len(added))


@dataclass(frozen=True)
class ScopedCheck:
    """The validation of one graph's content with its context, limited to the graph's nodes."""

    report: ValidationReport
    violations: frozenset[tuple[str, str, str | None, str | None]]


def check_graph(store: Store, graph: URIRef, content: Graph, lang: str) -> ScopedCheck:
    """Validate ``content`` as the new content of ``graph`` with what it needs from the other
    graphs of ``store``, without copying those graphs.

    Only results about the graph's own nodes count: the other graphs are not changed.
    """
    nodes = sorted({t for s, _, o in content for t in (s, o) if isinstance(t, URIRef)}, key=str)
    combined = new_graph()
    combined += content
    others = [info.iri for info in store.graphs() if info.iri != graph]
    if nodes and others:
        context = store.query(with_values("gate-context", {"node": nodes}), default_graph=others)
        if isinstance(context, Graph):
            combined += context
    report = validate(combined, lang=lang)
    owned = frozenset(
        _key(r)
        for r in report.violations
        if isinstance(r.focus, BNode) or (r.focus, None, None) in content
    )
    return ScopedCheck(report, owned)


def _gate_graph(
    source: StoreSource, graph: URIRef, added: list[ox.Quad], *, replace: bool, lang: str
) -> None:
    """Refuse a write of ``added`` into ``graph`` that adds Violations about the graph's nodes."""
    old = source.store.export(graph)
    new = new_graph()
    if not replace:
        new += old
    for quad in added:
        new.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    before = check_graph(source.store, graph, old, lang)
    after = check_graph(source.store, graph, new, lang)
    fresh = after.violations - before.violations
    if fresh:
        raise ShaclRefused(after.report, len(fresh))


_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"",
    re.S,
)


def check_update_literals(text: str, limit: int) -> None:
    """Refuse an update whose text holds a literal longer than ``limit`` characters."""
    if len(text) > limit:
        check_literal_lengths((m.group(0) for m in _STRING.finditer(text)), limit, "the update")


def run_update(
    source: StoreSource,
    text: str,
    *,
    gate: bool,
    lang: str = "en",
    max_literal: int | None = None,
) -> WriteResult:
    """Apply a checked SPARQL Update as one transaction, after the SHACL gate if ``gate``."""
    if max_literal is not None:
        check_update_literals(text, max_literal)

    def change() -> WriteResult:
        if gate:
            _gate(source, lambda copy: _ox_update(copy, text), lang)
        source.store.update(text)
        return WriteResult(None, source.store.triples_count())

    return source.writing(change)


def _ox_update(store: ox.Store, text: str) -> None:
    try:
        store.update(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL Update syntax error: {exc}") from exc


def write_graph(
    source: StoreSource,
    graph: URIRef,
    body: bytes,
    content_type: str,
    *,
    replace: bool,
    gate: bool,
    lang: str = "en",
    max_literal: int | None = None,
) -> WriteResult:
    """Put (``replace``) or merge an uploaded document into ``graph`` in one transaction.

    The SHACL gate checks the graph with the context it references, not the whole store.

    Raises LoadError naming the line when the document cannot be parsed or declares XML
    entities, and LiteralTooLarge for a literal over ``max_literal`` characters.
    """
    suffix = upload_suffix(content_type)
    if suffix == ".rdf":
        check_rdfxml(body, "the upload")
    with tempfile.TemporaryDirectory(prefix="goalgraph-upload-") as folder:
        upload = Path(folder) / f"upload{suffix}"
        upload.write_bytes(body)
        try:
            quads = parse_quads([upload], graph)
        except LoadError as exc:
            # The temporary file name means nothing to the client; the line does.
            where = f"line {exc.line}: " if exc.line is not None else ""
            reason = str(exc).split("cannot parse", 1)[-1]
            raise LoadError(f"the upload cannot be parsed: {where}cannot parse{reason}") from exc
        if max_literal is not None:
            check_literal_lengths(
                (q.object.value for q in quads if isinstance(q.object, ox.Literal)),
                max_literal,
                "the upload",
            )

        def change() -> WriteResult:
            if gate:
                _gate_graph(source, graph, quads, replace=replace, lang=lang)
            result = source.store.load([upload], graph, replace=replace)
            return WriteResult(graph, result.triples)

        return source.writing(change)


def delete_graph(source: StoreSource, graph: URIRef, *, gate: bool, lang: str = "en") -> None:
    """Drop ``graph``; UnknownNodeError when the store has no such graph."""

    def change() -> None:
        if graph not in {info.iri for info in source.store.graphs()}:
            raise UnknownNodeError(f"the store has no graph <{graph}>")
        if gate:
            _gate(source, lambda copy: copy.remove_graph(graph_node(graph)), lang)
        source.store.update(f"DROP GRAPH {graph.n3()}")

    source.writing(change)
