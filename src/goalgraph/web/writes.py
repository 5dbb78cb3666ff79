"""Writes over HTTP: read an upload, pass the change through the gate, apply it.

The server reads an upload with Oxigraph's parsers only (its syntax, its literals' lengths)
and describes the change to the gate (goalgraph.validation.gate.Content); with an on-disk
store the gate's validation runs in a worker process (goalgraph.web.gateworker), so that a
write never holds the interpreter the readers need for long."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, URIRef

from goalgraph.errors import LoadError, QueryError, UnknownNodeError
from goalgraph.files import new_graph
from goalgraph.safeinput import check_literal_lengths, check_rdfxml
from goalgraph.store import OxigraphStore, document_literals
from goalgraph.store.base import Store, Triple
from goalgraph.validation.gate import EVERY_GRAPH, Content, Gate, touched_graphs
from goalgraph.web.deps import StoreSource
from goalgraph.web.gateworker import GateWorker
from goalgraph.web.settings import Settings

T = TypeVar("T")

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


@dataclass(frozen=True)
class WriteResult:
    """What a write did: the graph it touched (None: several or unknown) and the triples
    there (in the whole store for None) afterwards; for an update that named the graphs it
    writes, the triples in each of them (``graphs``) instead of the whole store's."""

    graph: URIRef | None
    triples: int
    graphs: dict[URIRef, int] | None = None


def upload_suffix(content_type: str) -> str:
    """The file suffix for an upload's media type; QueryError for types not accepted."""
    media = content_type.split(";")[0].strip().lower()
    if media not in UPLOAD_SUFFIXES:
        raise QueryError(
            f"unsupported content type '{media or 'none'}'; send one of "
            + ", ".join(sorted(UPLOAD_SUFFIXES))
        )
    return UPLOAD_SUFFIXES[media]


@dataclass(frozen=True)
class Upload:
    """An uploaded document: the file it was saved to and how many triples it holds."""

    path: Path
    triples: int


@contextmanager
def uploaded(body: bytes, content_type: str, *, max_literal: int | None = None) -> Iterator[Upload]:
    """The uploaded document, saved and parsed, while the context lasts; LoadError naming the
    line when it cannot be parsed or declares XML entities, and LiteralTooLarge for a literal
    over ``max_literal`` characters.

    It is parsed here only to be checked (Oxigraph's parsers, no rdflib terms): the gate and
    the store read the file again, each in its own terms.
    """
    suffix = upload_suffix(content_type)
    if suffix == ".rdf":
        check_rdfxml(body, "the upload")
    with tempfile.TemporaryDirectory(prefix="goalgraph-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(body)
        try:
            count, literals = document_literals(path)
        except LoadError as exc:
            # The temporary file name means nothing to the client; the line does.
            where = f"line {exc.line}: " if exc.line is not None else ""
            reason = str(exc).split("cannot parse", 1)[-1]
            raise LoadError(f"the upload cannot be parsed: {where}cannot parse{reason}") from exc
        if max_literal is not None:
            check_literal_lengths(literals, max_literal, "the upload")
        yield Upload(path, count)


_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"",
    re.S,
)


def check_update_literals(text: str, limit: int) -> None:
    """Refuse an update whose text holds a literal longer than ``limit`` characters."""
    if len(text) > limit:
        check_literal_lengths((m.group(0) for m in _STRING.finditer(text)), limit, "the update")


def _gate(source: StoreSource, settings: Settings, lang: str) -> Gate:
    """The gate for one write, starting from the reports of the graphs as they are now."""
    return Gate(
        source.store,
        lang,
        known=dict(source.graph_reports(lang)),
        vocabulary_writes=settings.vocabulary_writes,
        shacl=settings.shacl_gate,
        checker=source.checker,
        generation=source.generation,
    )


def _write(source: StoreSource, settings: Settings, lang: str, change: Callable[[Gate], T]) -> T:
    """Run ``change`` with a gate as the only writer, and keep the reports it made."""
    gate = _gate(source, settings, lang)
    made: list[int] = []

    def guarded() -> T:
        result = change(gate)
        made.append(source.generation + 1)
        return result

    try:
        result = source.writing(guarded, max_waiting=settings.max_pending_writes)
    finally:
        if source.checker is not None:
            # The worker reads the store as this write left it now, not when the next
            # write waits for it.
            source.checker.prepare((source.generation, 0))
    if made and gate.accepted:
        source.keep_reports(made[0], lang, gate.accepted)
    return result


def gated_write(
    source: StoreSource, settings: Settings, lang: str, change: Callable[[Gate], T]
) -> T:
    """Run ``change`` with a write gate as the only writer (queued, 503 past the bound), and
    keep the reports of the graphs it wrote for the next write."""
    return _write(source, settings, lang, change)


def run_update(
    source: StoreSource, text: str, settings: Settings, *, lang: str = "en"
) -> WriteResult:
    """Apply a checked SPARQL Update as one transaction, through the gate, which checks the
    graphs the update writes (SHACL unless ``settings.shacl_gate`` is off) and protects the
    vocabulary."""
    check_update_literals(text, settings.max_literal_length)
    store = source.store

    def change(gate: Gate) -> WriteResult:
        graphs = touched_graphs(text)
        gate.apply(graphs, lambda: store.update(text))
        if graphs is EVERY_GRAPH:
            return WriteResult(None, store.triples_count())
        # Counting one graph is an index look-up; counting the whole store is a scan of it
        # (seconds at national scale).
        counts = {graph: store.triples_count(graph) for graph in sorted(graphs, key=str)}
        return WriteResult(None, sum(counts.values()), counts)

    return _write(source, settings, lang, change)


def write_graph(
    source: StoreSource,
    graph: URIRef,
    body: bytes,
    content_type: str,
    settings: Settings,
    *,
    replace: bool,
    lang: str = "en",
) -> WriteResult:
    """Put (``replace``) or merge an uploaded document into ``graph`` in one transaction.

    The gate checks the graph with the context it references, not the whole store. Raises
    LoadError naming the line when the document cannot be parsed or declares XML entities,
    and LiteralTooLarge for a literal over the settings' length.
    """
    store = source.store
    with uploaded(body, content_type, max_literal=settings.max_literal_length) as upload:

        def change(gate: Gate) -> WriteResult:
            if replace or not store.triples_count(graph):
                _put_checked(store, gate, graph, upload.path, source.checker)
                return WriteResult(graph, upload.triples if replace else store.triples_count(graph))
            content = Content(stored=True, document=upload.path)
            gate.check_graph(graph, content)
            if isinstance(store, OxigraphStore):
                # Added in one transaction, read by Oxigraph's parsers as the gate read it.
                return WriteResult(graph, store.load([upload.path], graph, replace=False).triples)
            merged = _as_graph(content.build(store, graph))
            store.put(graph, merged)
            return WriteResult(graph, len(merged))

        return _write(source, settings, lang, change)


def _put_checked(
    store: Store, gate: Gate, graph: URIRef, path: Path, worker: GateWorker | None
) -> None:
    """Make the file at ``path`` the content of ``graph`` if the gate lets it through.

    On an embedded Oxigraph store only the difference is written, worked out while the gate
    checks: by the gate worker's second process when there is one (the server then never
    reads the graph), else here.
    """
    content = Content(stored=False, document=path)
    if not isinstance(store, OxigraphStore):
        gate.check_graph(graph, content)
        # The file again: the store reads it in its own terms.
        store.put_document(graph, path)
        return
    with ThreadPoolExecutor(1, thread_name_prefix="goalgraph-put") as pool:
        if worker is not None:
            planned = pool.submit(worker.document_update, graph, path, state=gate.state)
        else:
            planned = pool.submit(store.document_update, graph, path)
        gate.check_graph(graph, content)
        update = planned.result()
    if update:
        store.update(update)


def delete_graph(
    source: StoreSource, graph: URIRef, settings: Settings, *, lang: str = "en"
) -> None:
    """Drop ``graph``; UnknownNodeError when the store has no such graph."""
    store = source.store

    def change(gate: Gate) -> None:
        # A graph that counts no triples is one the store does not list.
        if not store.triples_count(graph):
            raise UnknownNodeError(f"the store has no graph <{graph}>")
        # Its new content is known before: checked first, nothing to undo when refused.
        gate.check_graph(graph, Content(stored=False))
        store.update(f"DROP GRAPH {graph.n3()}")

    _write(source, settings, lang, change)


def _as_graph(triples: Iterable[Triple]) -> Graph:
    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph
