"""The write gate's validations in a worker process, which reads the on-disk store itself.

Validating a graph with its context converts thousands of Oxigraph terms into rdflib terms
and runs the SHACL engine: work for the interpreter's lock, which the server's request
handling needs too. Done in the server, one write a second stalled every reader. The server
sends the worker only what a write describes (goalgraph.validation.gate.Content: the graph's
IRI, the uploaded file, the triples removed and added) and the store's state the write is at;
the worker opens the store read-only at that state (an opener sees every write made before
it opened) and answers with the report. A check that runs over the time limit is stopped.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from goalgraph.errors import GoalgraphError
from goalgraph.store import OxigraphStore
from goalgraph.validation.gate import Content
from goalgraph.validation.report import ValidationReport
from goalgraph.web.settings import Settings
from goalgraph.web.workers import QueryTimeout, start_worker

if TYPE_CHECKING:
    from goalgraph.web.deps import StoreSource

logger = logging.getLogger(__name__)


#: Terms a worker remembers converted (a municipality's graph holds some 10,000).
_TERMS = 200_000


class GateBusy(QueryTimeout):
    """The write's check ran over the time limit, or its worker stopped (503; nothing is
    written)."""


@dataclass(frozen=True)
class _Check:
    state: Hashable
    graph: URIRef
    content: Content
    lang: str
    shapes: Path | None


@dataclass(frozen=True)
class _Plan:
    """The update that makes the file at ``path`` the content of ``graph`` (see
    OxigraphStore.document_update), worked out against the store at ``state``."""

    state: Hashable
    graph: URIRef
    path: Path


@dataclass(frozen=True)
class _Open:
    """Open the store at ``state`` now, before a check needs it (no answer)."""

    state: Hashable


@dataclass(frozen=True)
class _Answer:
    report: ValidationReport | None
    error: str = ""
    update: str | None = None


def _main(connection: Connection, folder: str, niceness: int = 0) -> None:
    """Answer checks until the connection closes, reopening the store when its state moves;
    at ``niceness`` (above 0: the query workers get the cores first)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if niceness:
        # A check is CPU work; the query workers run at the normal priority, so on busy
        # cores the readers win and a write waits a little longer instead.
        os.nice(niceness)
    from functools import lru_cache

    from goalgraph.store import OxigraphStore
    from goalgraph.store.oxigraph import from_ox
    from goalgraph.validation.engine import vocabulary_triples
    from goalgraph.validation.gate import graph_report
    from goalgraph.validation.store import _plan, _reach

    # A graph and its uploads repeat their terms write after write: converted once.
    terms = lru_cache(maxsize=_TERMS)(from_ox)

    # What every check needs, read once before the first one arrives.
    vocabulary_triples()
    _plan(None)
    _reach(None)
    connection.send(None)
    store: OxigraphStore | None = None
    loaded: Hashable = None
    while True:
        try:
            message: _Check | _Plan | _Open = connection.recv()
        except EOFError:
            return
        try:
            if store is None or message.state != loaded:
                if store is not None:
                    store.close()
                    store = None
                store = OxigraphStore(Path(folder), read_only=True)
                store.terms = terms
                loaded = message.state
        except GoalgraphError as exc:
            if not isinstance(message, _Open):
                connection.send(_Answer(None, f"cannot open the store: {exc}"))
            continue
        if isinstance(message, _Open):
            continue
        if isinstance(message, _Plan):
            try:
                answer = _Answer(None, update=store.document_update(message.graph, message.path))
            except (GoalgraphError, OSError, ValueError) as exc:
                answer = _Answer(None, f"{type(exc).__name__}: {exc}")
            connection.send(answer)
            continue
        try:
            report = graph_report(
                store,
                message.graph,
                message.content,
                lang=message.lang,
                shapes=message.shapes,
                terms=terms,
            )
            answer = _Answer(report)
        except (GoalgraphError, OSError, ValueError) as exc:
            answer = _Answer(None, f"{type(exc).__name__}: {exc}")
        connection.send(answer)


@dataclass
class _Process:
    process: BaseProcess
    connection: Connection


def _start(folder: Path, niceness: int) -> _Process:
    started = start_worker(_main, str(folder), niceness)
    if started is None:
        raise GateBusy("the worker that checks writes did not start; see the server log")
    return _Process(*started)


class GateWorker:
    """One worker process checking the writes to the on-disk store at ``folder``, one at a
    time (writes are serialised anyway), each within ``timeout`` seconds, at ``niceness``.

    It is a goalgraph.validation.gate.Checker. The worker starts in the background with
    :meth:`start`; the first check waits for it. One that dies or runs over time is replaced.
    """

    def __init__(self, folder: Path, timeout: float, niceness: int = 0) -> None:
        self.folder = folder
        self.timeout = timeout
        self.niceness = niceness
        self._lock = threading.Lock()
        self._worker: _Process | None = None
        self._closed = False

    def start(self) -> None:
        """Start the worker in the background."""
        threading.Thread(target=self._warm, daemon=True).start()

    def _warm(self) -> None:
        with self._lock:
            try:
                self._ready()
            except GateBusy:
                if not self._closed:
                    logger.exception("the worker that checks writes did not start")

    def _ready(self) -> _Process:
        if self._closed:
            raise GateBusy("the server is stopping")
        if self._worker is None or not self._worker.process.is_alive():
            self._worker = _start(self.folder, self.niceness)
        return self._worker

    @property
    def process_id(self) -> int | None:
        """The worker process's id while it runs; None before it starts and after it stops."""
        worker = self._worker
        return worker.process.pid if worker is not None else None

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.process.kill()
            self._worker.process.join(timeout=5)
            self._worker.connection.close()
            self._worker = None

    def prepare(self, state: Hashable) -> None:
        """Have the worker open the store at ``state`` while no check is waiting (the next
        write finds it open); skipped when a check is running."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self._worker is not None and self._worker.process.is_alive():
                self._worker.connection.send(_Open(state))
        except OSError:
            self._stop()
        finally:
            self._lock.release()

    def report(
        self,
        graph: URIRef,
        content: Content,
        *,
        lang: str,
        shapes: Path | None,
        state: tuple[int, int],
    ) -> ValidationReport:
        """The report of ``graph`` with ``content`` as its new content, against the store
        at ``state``; GateBusy when the check runs over time or its worker stops twice."""
        check = _Check(state, graph, content, lang, shapes)
        with self._lock:
            answer = self._run(check)
            if answer is None:
                # A worker reopening the store while the server compacts it can die; the
                # store is intact, so the check is tried once more on a fresh worker.
                logger.warning("the worker checking writes stopped; retrying the check once")
                answer = self._run(check)
            if answer is None:
                raise GateBusy("the worker checking writes stopped unexpectedly; try again")
        if answer.report is None:
            raise GateBusy(f"the write could not be checked: {answer.error}")
        return answer.report

    def document_update(self, graph: URIRef, path: Path, *, state: tuple[int, int]) -> str:
        """The update that makes the file at ``path`` the content of ``graph``, worked out
        by the worker against the store at ``state`` (OxigraphStore.document_update), so
        that the server does not read the graph; GateBusy as for :meth:`report`."""
        with self._lock:
            answer = self._run(_Plan(state, graph, path)) or self._run(_Plan(state, graph, path))
        if answer is None or answer.update is None:
            error = answer.error if answer is not None else "the worker stopped"
            raise GateBusy(f"the write could not be prepared: {error}")
        return answer.update

    def _run(self, check: _Check | _Plan) -> _Answer | None:
        worker = self._ready()
        try:
            worker.connection.send(check)
            if not worker.connection.poll(self.timeout):
                self._stop()
                logger.warning("a write's check ran over %.1f s and was stopped", self.timeout)
                raise GateBusy(
                    f"checking the write ran longer than the limit of {self.timeout:g} "
                    "seconds; nothing was written"
                )
            answer: Any = worker.connection.recv()
        except (EOFError, OSError):
            self._stop()
            return None
        return answer if isinstance(answer, _Answer) else None

    def close(self) -> None:
        """Stop the worker."""
        self._closed = True
        with self._lock:
            self._stop()


def gate_worker(settings: Settings, source: StoreSource, *, writes: bool) -> GateWorker | None:
    """A worker for the write gate's validations, set on ``source``, when writes are on,
    checked, and go to an on-disk store the worker can open itself; None otherwise (the
    validations then run in the server, as for an in-memory store, which no other process
    can read)."""
    store = source.store
    if not (writes and settings.shacl_gate and source.checker is None):
        return None
    if not isinstance(store, OxigraphStore) or store.path is None or store.read_only:
        return None
    source.checker = GateWorker(
        store.path, settings.validation_timeout, settings.write_check_niceness
    )
    return source.checker
