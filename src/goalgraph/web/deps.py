"""The one object through which the web app reads and writes its store, and its dependency."""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar, cast

from fastapi import Depends, Request
from rdflib import Graph, URIRef

from goalgraph.files import new_graph
from goalgraph.store import (
    PREFIX_GRAPH,
    VOCABULARY_GRAPH,
    OxigraphStore,
    Store,
    ensure_vocabulary,
    record_prefixes,
    select,
)
from goalgraph.store.oxigraph import to_ox
from goalgraph.validation.engine import ValidationReport, ValidationResult, validate
from goalgraph.validation.store import validate_graph
from goalgraph.web.queries import with_values
from goalgraph.web.storeview import store_graph

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class QueryData:
    """What query workers read at one generation: an N-Quads snapshot, or the store folder."""

    generation: int
    path: Path
    store_folder: bool


def path_graph(path: Path) -> URIRef:
    """The named graph a served file or folder is loaded into: its file: IRI."""
    return URIRef(path.resolve().as_uri())


class StoreSource:
    """The served store with a generation counter that every write advances.

    Pages read through an rdflib view of the store; rdflib's SPARQL parser keeps global
    parse state, so page reads hold :meth:`reading`'s lock. Writes are serialised by their
    own lock so that a check-then-write is never interleaved with another writer.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._graph = store_graph(store)
        self._read_lock = threading.RLock()
        self._write_lock = threading.RLock()
        self._state_lock = threading.Lock()
        self._generation = 0
        self._remembered: dict[Hashable, object] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._snapshot: tuple[int, Path] | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="goalgraph-serve-")

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> StoreSource:
        """An in-memory Oxigraph store with one named graph per path, plus the vocabulary."""
        store = OxigraphStore(None)
        ensure_vocabulary(store)
        for path in paths:
            store.load([path], path_graph(path))
        record_prefixes(store, list(paths))
        return cls(store)

    @property
    def generation(self) -> int:
        """How many writes the store has seen since the app started."""
        return self._generation

    @contextmanager
    def reading(self) -> Iterator[Graph]:
        """Hold the read lock while the caller reads the store through an rdflib graph."""
        with self._read_lock:
            yield self._graph

    def __len__(self) -> int:
        # Counting is a scan of the whole store (about a second at national scale).
        return self.remember("triples", self.store.triples_count)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, called once per key until the next write; callers asking for a
        key being computed wait for that computation instead of starting their own.

        ``compute`` takes the locks it needs itself: a caller holding the read lock could
        otherwise deadlock with one computing under it.
        """
        with self._state_lock:
            generation = self._generation
            if key in self._remembered:
                return cast(T, self._remembered[key])
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            with self._state_lock:
                if key in self._remembered:
                    return cast(T, self._remembered[key])
            value = compute()
            with self._state_lock:
                if generation == self._generation:
                    self._remembered[key] = value
            return value

    def writing(self, change: Callable[[], T]) -> T:
        """Run ``change`` as the only writer; afterwards, caches of the old state are dropped."""
        with self._write_lock:
            try:
                return change()
            finally:
                with self._state_lock:
                    self._generation += 1
                    self._remembered.clear()
                    self._snapshot = None

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the writers' lock (for reads that must not see a write half-way checked)."""
        with self._write_lock:
            yield

    def dataset(self) -> Graph:
        """Every named graph of the store merged into one rdflib graph (small stores only)."""
        merged = new_graph()
        for info in self.store.graphs():
            merged += self.store.export(info.iri)
        return merged

    def validation(self, lang: str) -> ValidationReport:
        """The validation report of the served data, computed once per language and write."""
        return self.remember(("validation", lang), partial(self._validate_all, lang))

    def _validate_all(self, lang: str) -> ValidationReport:
        with self._read_lock:
            data = self.dataset()
            logger.info("validating the served data (%d triples, %s)", len(data), lang)
            return validate(data, lang=lang)

    def issues_near(self, nodes: Sequence[URIRef], lang: str) -> list[ValidationResult]:
        """The validation results about ``nodes``, from validating only the named graphs that
        describe them (each with its context, as ``validate --store --graph`` does), each
        graph once per language and write: a national store is never validated whole here."""
        wanted = set(nodes)
        found: list[ValidationResult] = []
        # All under the read lock, which page reads may already hold: one lock, no deadlock.
        with self._read_lock:
            rows = select(self.store, with_values("node-graphs", {"node": list(nodes)})).rows
            graphs = {URIRef(str(row[0])) for row in rows} - {VOCABULARY_GRAPH, PREFIX_GRAPH}
            for graph in sorted(graphs, key=str):
                key = ("graph-validation", graph, lang)
                with self._state_lock:
                    report = self._remembered.get(key)
                if not isinstance(report, ValidationReport):
                    logger.info("validating <%s> (%s)", graph, lang)
                    report = validate_graph(self.store, graph, lang=lang).report
                    with self._state_lock:
                        self._remembered[key] = report
                found.extend(r for r in report.results if r.focus in wanted)
        return found

    def query_data(self) -> QueryData:
        """What query workers should read: an on-disk store itself (each worker opens it
        read-only, so nothing is copied), else a snapshot of the in-memory store."""
        store = self.store
        if isinstance(store, OxigraphStore) and store.path is not None:
            return QueryData(self._generation, store.path, store_folder=True)
        generation, path = self.snapshot()
        return QueryData(generation, path, store_folder=False)

    def snapshot(self) -> tuple[int, Path]:
        """An N-Quads file of every named graph at the current generation, for query workers."""
        with self._state_lock:
            if self._snapshot is not None:
                return self._snapshot
        # No writer may change a graph while the others are being copied.
        with self._write_lock:
            generation = self._generation
            path = Path(self._folder.name) / f"snapshot-{generation}.nq"
            with path.open("w", encoding="utf-8") as out:
                for info in self.store.graphs():
                    name = to_ox(info.iri)
                    for triple in self.store.export(info.iri):
                        s, p, o = (to_ox(term) for term in triple)  # type: ignore[arg-type]
                        out.write(f"{s} {p} {o} {name} .\n")
            with self._state_lock:
                self._snapshot = (generation, path)
            # Keep the previous file: a worker may be about to load it.
            for old in Path(self._folder.name).glob("snapshot-*.nq"):
                if int(old.stem.split("-")[1]) < generation - 1:
                    old.unlink(missing_ok=True)
            return generation, path

    def close(self) -> None:
        """Release the store and the snapshot folder."""
        self.store.close()
        self._folder.cleanup()


def get_source(request: Request) -> StoreSource:
    source: StoreSource = request.app.state.source
    return source


Source = Annotated[StoreSource, Depends(get_source)]
