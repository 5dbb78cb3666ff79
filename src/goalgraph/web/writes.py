"""Writes over HTTP: parse an upload once, pass the change through the gate, apply it."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, Literal, URIRef

from goalgraph.errors import LoadError, QueryError, UnknownNodeError
from goalgraph.safeinput import check_literal_lengths, check_rdfxml
from goalgraph.store import parse_document
from goalgraph.validation.gate import Gate, touched_graphs
from goalgraph.web.deps import StoreSource
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
    there (in the whole store for None) afterwards."""

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


@dataclass(frozen=True)
class Upload:
    """An uploaded document: the file it was saved to and its triples."""

    path: Path
    graph: Graph


@contextmanager
def uploaded(body: bytes, content_type: str, *, max_literal: int | None = None) -> Iterator[Upload]:
    """The uploaded document, saved and parsed, while the context lasts; LoadError naming the
    line when it cannot be parsed or declares XML entities, and LiteralTooLarge for a literal
    over ``max_literal`` characters."""
    suffix = upload_suffix(content_type)
    if suffix == ".rdf":
        check_rdfxml(body, "the upload")
    with tempfile.TemporaryDirectory(prefix="goalgraph-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(body)
        try:
            graph = parse_document(path)
        except LoadError as exc:
            # The temporary file name means nothing to the client; the line does.
            where = f"line {exc.line}: " if exc.line is not None else ""
            reason = str(exc).split("cannot parse", 1)[-1]
            raise LoadError(f"the upload cannot be parsed: {where}cannot parse{reason}") from exc
        if max_literal is not None:
            literals = (str(o) for _, _, o in graph if isinstance(o, Literal))
            check_literal_lengths(literals, max_literal, "the upload")
        yield Upload(path, graph)


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
    )


def _write(source: StoreSource, settings: Settings, lang: str, change: Callable[[Gate], T]) -> T:
    """Run ``change`` with a gate as the only writer, and keep the reports it made."""
    gate = _gate(source, settings, lang)
    made: list[int] = []

    def guarded() -> T:
        result = change(gate)
        made.append(source.generation + 1)
        return result

    result = source.writing(guarded, max_waiting=settings.max_pending_writes)
    if made and gate.accepted:
        source.keep_reports(made[0], lang, gate.accepted)
    return result


def run_update(
    source: StoreSource, text: str, settings: Settings, *, lang: str = "en"
) -> WriteResult:
    """Apply a checked SPARQL Update as one transaction, through the gate, which checks the
    graphs the update writes (SHACL unless ``settings.shacl_gate`` is off) and protects the
    vocabulary."""
    check_update_literals(text, settings.max_literal_length)
    store = source.store

    def change(gate: Gate) -> WriteResult:
        gate.apply(touched_graphs(text), lambda: store.update(text))
        return WriteResult(None, store.triples_count())

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
            if replace:
                gate.check_graph(graph, upload.graph)
                # The file again, not the graph: the store reads it in its own terms.
                store.put_document(graph, upload.path)
                return WriteResult(graph, len(upload.graph))
            content = store.export(graph) + upload.graph
            gate.check_graph(graph, content)
            store.put(graph, content)
            return WriteResult(graph, len(content))

        return _write(source, settings, lang, change)


def delete_graph(
    source: StoreSource, graph: URIRef, settings: Settings, *, lang: str = "en"
) -> None:
    """Drop ``graph``; UnknownNodeError when the store has no such graph."""
    store = source.store

    def change(gate: Gate) -> None:
        if graph not in {info.iri for info in store.graphs()}:
            raise UnknownNodeError(f"the store has no graph <{graph}>")
        gate.apply(frozenset({graph}), lambda: store.update(f"DROP GRAPH {graph.n3()}"))

    _write(source, settings, lang, change)
