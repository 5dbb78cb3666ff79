"""The one object through which the web app reads and writes its store, and its dependency."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, TypeVar, cast

from fastapi import Depends, Query, Request
from rdflib import URIRef

from goalgraph.errors import GoalgraphError
from goalgraph.sparql.library import select
from goalgraph.store import (
    PREFIX_GRAPH,
    VOCABULARY_GRAPH,
    OxigraphStore,
    Store,
    model_graph,
    open_files,
)
from goalgraph.validation.report import ValidationReport, ValidationResult
from goalgraph.versions import version_view
from goalgraph.web.gateworker import GateWorker

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Seconds without a write after which what is kept warm is worked out again.
WARM_AFTER = 2.0


@dataclass(frozen=True)
class QueryData:
    """What query workers read at one generation: an N-Quads snapshot, or the store folder."""

    generation: int
    path: Path
    store_folder: bool


class WritesBusy(GoalgraphError):
    """Too many writes are waiting (answered with 503 and Retry-After)."""


class StoreSource:
    """The served store, a generation counter that every write advances, and what is
    remembered of the store until the next write.

    Pages and the API read ``store`` directly (each adapter is safe for concurrent reads).
    Validation runs rdflib's SPARQL engine, whose parser is not safe for concurrent use:
    validations hold :meth:`validating`'s lock. Writes are serialised by their own lock so
    that a check-then-write is never interleaved with another writer.
    """

    #: Where the write gate's validations run (goalgraph.web.gateworker); None: here.
    checker: GateWorker | None = None

    def __init__(self, store: Store) -> None:
        self.store = store
        self._validation_lock = threading.RLock()
        self._write_lock = threading.RLock()
        self._state_lock = threading.Lock()
        self._generation = 0
        self._waiting = 0
        self._remembered: dict[Hashable, object] = {}
        # For each group of remember_recent, its keys remembered now, the least recent first.
        self._recent: dict[Hashable, OrderedDict[Hashable, None]] = {}
        self._computing: dict[Hashable, threading.Lock] = {}
        self._snapshot: tuple[int, Path] | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="goalgraph-serve-")
        #: Graphs whose triples are not the model's (the editors' history graphs): not counted.
        self.uncounted: tuple[URIRef, ...] = ()
        self._warm_jobs: list[Callable[[], object]] = []
        self._warm_wanted = threading.Event()
        self._warmer: threading.Thread | None = None

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> StoreSource:
        """The files and folders read as every command reads them (goalgraph.store.open_files):
        an in-memory store with one named graph per path, plus the vocabulary."""
        return cls(open_files(*paths))

    @property
    def generation(self) -> int:
        """How many writes the store has seen since the app started."""
        return self._generation

    @contextmanager
    def validating(self) -> Iterator[None]:
        """Hold the lock of validations (one at a time: see the class)."""
        with self._validation_lock:
            yield

    def __len__(self) -> int:
        # Counting is a scan of the whole store (about a second at national scale).
        return self.remember("triples", self._count)

    def _count(self) -> int:
        hidden = sum(self.store.triples_count(graph) for graph in self.uncounted)
        return self.store.triples_count() - hidden

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

    def remember_recent(
        self, key: Hashable, compute: Callable[[], T], *, group: Hashable, keep: int
    ) -> T:
        """``remember``, keeping at most ``keep`` keys of ``group`` (the least recently asked
        for is dropped first): for values asked for by a free choice (a date), which would
        otherwise fill the memory."""
        value = self.remember(key, compute)
        with self._state_lock:
            if key in self._remembered:
                order = self._recent.setdefault(group, OrderedDict())
                order[key] = None
                order.move_to_end(key)
                while len(order) > keep:
                    dropped, _ = order.popitem(last=False)
                    self._remembered.pop(dropped, None)
        return value

    def remembered(self, key: Hashable) -> bool:
        """Whether ``key``'s value is remembered now (never waits for it to be computed)."""
        with self._state_lock:
            return key in self._remembered

    def kept(self, key: Hashable) -> object | None:
        """``key``'s value if it is remembered now, else None (never computes it, nor waits
        for it to be computed)."""
        with self._state_lock:
            return self._remembered.get(key)

    def keep(self, key: Hashable, value: object, generation: int) -> None:
        """Remember ``value`` for ``key``, as ``remember`` would have, unless a write has come
        since ``generation`` (read before what ``value`` was worked out from) or the key is
        remembered already: for a value another computation gave on the way."""
        with self._state_lock:
            if generation == self._generation:
                self._remembered.setdefault(key, value)

    def writing(self, change: Callable[[], T], *, max_waiting: int | None = None) -> T:
        """Run ``change`` as the only writer; afterwards, caches of the old state are dropped.

        With ``max_waiting``, a writer that would be more than that many in the queue is
        refused at once with WritesBusy, so that writers never pile up in the server.
        """
        with self._state_lock:
            if max_waiting is not None and self._waiting >= max_waiting:
                raise WritesBusy(
                    f"{self._waiting} writes are waiting for their turn; try again in a moment"
                )
            self._waiting += 1
        try:
            with self._write_lock:
                try:
                    return change()
                finally:
                    with self._state_lock:
                        self._generation += 1
                        self._remembered.clear()
                        self._recent.clear()
                        self._snapshot = None
                        if self._warm_jobs:
                            self._warm_wanted.set()
        finally:
            with self._state_lock:
                self._waiting -= 1

    def keep_warm(self, job: Callable[[], object]) -> None:
        """Run ``job``, which remembers what it works out, in the background: now, and after
        writes once no write has come for WARM_AFTER seconds (a burst of edits is worked out
        once, after the last). One job runs at a time; a failing one is logged."""
        with self._state_lock:
            self._warm_jobs.append(job)
            if self._warmer is None:
                self._warmer = threading.Thread(
                    target=self._keep_warm, name="goalgraph-keep-warm", daemon=True
                )
                self._warmer.start()
        self._warm_wanted.set()

    def _keep_warm(self) -> None:
        while True:
            self._warm_wanted.wait()
            while True:
                self._warm_wanted.clear()
                if not self._warm_wanted.wait(WARM_AFTER):
                    break
            with self._state_lock:
                jobs = list(self._warm_jobs)
            for job in jobs:
                try:
                    job()
                except GoalgraphError:
                    logger.warning("could not work out a page ahead of its readers", exc_info=True)
            _give_back_memory()

    def graph_reports(self, lang: str) -> dict[URIRef, ValidationReport]:
        """The validation reports of graphs as they are now, by graph, kept until the next
        write: the graph view's marks and the write gate start from them."""
        return self.remember(("graph-reports", lang), dict)

    def keep_reports(
        self, generation: int, lang: str, reports: dict[URIRef, ValidationReport]
    ) -> None:
        """Remember the reports a kept write made of the graphs it wrote, if no other write
        came after it (``generation`` is the one it made)."""
        with self._state_lock:
            if generation != self._generation:
                return
        self.graph_reports(lang).update(reports)

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the writers' lock (for reads that must not see a write half-way checked)."""
        with self._write_lock:
            yield

    def validation(self, lang: str) -> ValidationReport:
        """The validation report of the served data, computed once per language and write."""
        return self.remember(("validation", lang), partial(self._validate_all, lang))

    def _validate_all(self, lang: str) -> ValidationReport:
        # The SHACL engine is imported when the first validation needs it (start-up time).
        from goalgraph.validation.engine import validate

        with self._validation_lock:
            data = model_graph(self.store)
            logger.info("validating the served data (%d triples, %s)", len(data), lang)
            return validate(data, lang=lang)

    def issues_near(self, nodes: Sequence[URIRef], lang: str) -> list[ValidationResult]:
        """The validation results about ``nodes``, from validating only the named graphs that
        describe them (each with its context, as ``validate --store --graph`` does), each
        graph once per language and write: a national store is never validated whole here."""
        from goalgraph.validation.store import validate_graph

        wanted = set(nodes)
        found: list[ValidationResult] = []
        rows = select(self.store, "node-graphs", {"node": list(nodes)}).rows if nodes else ()
        graphs = {row[0] for row in rows if isinstance(row[0], URIRef)}
        graphs -= {VOCABULARY_GRAPH, PREFIX_GRAPH}
        reports = self.graph_reports(lang)
        with self._validation_lock:
            for graph in sorted(graphs, key=str):
                report = reports.get(graph)
                if report is None:
                    logger.info("validating <%s> (%s)", graph, lang)
                    report = reports[graph] = validate_graph(self.store, graph, lang=lang).report
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
        """An N-Quads snapshot of the store at the current generation, for query workers."""
        with self._state_lock:
            if self._snapshot is not None:
                return self._snapshot
        # No writer may change a graph while the others are being copied.
        with self._write_lock:
            generation = self._generation
            path = Path(self._folder.name) / f"snapshot-{generation}.nq"
            self.store.dump(path)
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


def _give_back_memory() -> None:
    """Return the C heap's free memory to the system, where the C library can (glibc).

    What is kept warm on a national store is worked out from a few hundred MB of query
    answers, which the engine frees; glibc keeps the freed memory in the process, where
    the server's resident size would stay about 360 MB higher than what it holds."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def get_source(request: Request) -> StoreSource:
    source: StoreSource = request.app.state.source
    return source


Source = Annotated[StoreSource, Depends(get_source)]


class VersionedSource(StoreSource):
    """The served store read as one plan version (``?version=``, default the latest adopted
    one; goalgraph.versions): what pages and the JSON API read. Writes, the SPARQL endpoint
    and the query workers keep the whole store (``base``). Remembered values are kept per
    version, until the next write."""

    def __init__(self, base: StoreSource, version: str | None) -> None:
        # Shares the base's state instead of starting its own: no StoreSource.__init__.
        self.base = base
        self.version = version
        self.store = base.remember(
            ("plan-view", version), partial(version_view, base.store, version)
        )

    @property
    def generation(self) -> int:
        return self.base.generation

    @contextmanager
    def validating(self) -> Iterator[None]:
        with self.base.validating():
            yield

    def __len__(self) -> int:
        return self.remember("triples", self.store.triples_count)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        return self.base.remember((("plan-version", self.version), key), compute)

    def remember_recent(
        self, key: Hashable, compute: Callable[[], T], *, group: Hashable, keep: int
    ) -> T:
        return self.base.remember_recent(
            (("plan-version", self.version), key), compute, group=group, keep=keep
        )

    def remembered(self, key: Hashable) -> bool:
        return self.base.remembered((("plan-version", self.version), key))

    def kept(self, key: Hashable) -> object | None:
        return self.base.kept((("plan-version", self.version), key))

    def keep(self, key: Hashable, value: object, generation: int) -> None:
        self.base.keep((("plan-version", self.version), key), value, generation)

    def writing(self, change: Callable[[], T], *, max_waiting: int | None = None) -> T:
        return self.base.writing(change, max_waiting=max_waiting)

    def graph_reports(self, lang: str) -> dict[URIRef, ValidationReport]:
        return self.base.graph_reports(lang)

    def keep_reports(
        self, generation: int, lang: str, reports: dict[URIRef, ValidationReport]
    ) -> None:
        self.base.keep_reports(generation, lang, reports)

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        with self.base.write_lock():
            yield

    def validation(self, lang: str) -> ValidationReport:
        return self.remember(("validation", lang), partial(self._validate_view, lang))

    def _validate_view(self, lang: str) -> ValidationReport:
        from goalgraph.validation.engine import validate

        with self.base.validating():
            return validate(model_graph(self.store), lang=lang)

    def issues_near(self, nodes: Sequence[URIRef], lang: str) -> list[ValidationResult]:
        """As StoreSource.issues_near, for the graphs of this version only."""
        if self.store is self.base.store:
            return self.base.issues_near(nodes, lang)
        from goalgraph.validation.store import validate_graph

        wanted = set(nodes)
        shown = set(self.store.graph_names())
        rows = select(self.base.store, "node-graphs", {"node": list(nodes)}).rows if nodes else ()
        graphs = {row[0] for row in rows if isinstance(row[0], URIRef)} & shown
        found: list[ValidationResult] = []
        reports: dict[URIRef, ValidationReport] = self.remember(("graph-reports", lang), dict)
        with self.base.validating():
            for graph in sorted(graphs, key=str):
                report = reports.get(graph)
                if report is None:
                    report = reports[graph] = validate_graph(self.store, graph, lang=lang).report
                found.extend(r for r in report.results if r.focus in wanted)
        return found

    def query_data(self) -> QueryData:
        return self.base.query_data()

    def snapshot(self) -> tuple[int, Path]:
        return self.base.snapshot()

    def close(self) -> None:
        """Nothing to release: the base source belongs to the app."""


def get_model(
    request: Request,
    version: Annotated[
        str | None,
        Query(
            description="The plan version to read (its name, e.g. 2016, or IRI); default the "
            "latest adopted version of each plan."
        ),
    ] = None,
) -> StoreSource:
    """The served store as the page or API call reads it: one plan version."""
    source: StoreSource = request.app.state.source
    return VersionedSource(source, version or None)


ModelSource = Annotated[StoreSource, Depends(get_model)]
