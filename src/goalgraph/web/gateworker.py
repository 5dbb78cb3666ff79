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


def _main(connection: Connection, folder: str, niceness: int = 0, checks: bool = True) -> None:
    """Answer checks until the connection closes, reopening the store when its state moves;
    at ``niceness`` (above 0: the query workers get the cores first). Without ``checks`` it
    only works out updates (_Plan), and reads nothing ahead for checks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if niceness:
        # A check is CPU work; the query workers run at the normal priority, so on busy
        # cores the readers win and a write waits a little longer instead.
        os.nice(niceness)
    from functools import lru_cache

    from goalgraph.files import vocabulary_triples
    from goalgraph.store import OxigraphStore
    from goalgraph.store.oxigraph import from_ox
    from goalgraph.validation.gate import graph_report
    from goalgraph.validation.store import _plan, _reach

    # A graph and its uploads repeat their terms write after write: converted once.
    terms = lru_cache(maxsize=_TERMS)(from_ox)

    if checks:
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


def _start(folder: Path, niceness: int, checks: bool) -> _Process:
    started = start_worker(_main, str(folder), niceness, checks)
    if started is None:
        raise GateBusy("the worker that checks writes did not start; see the server log")
    return _Process(*started)


class _Channel:
    """One worker process and the lock that gives it one request at a time."""

    def __init__(self, folder: Path, timeout: float, niceness: int, checks: bool) -> None:
        self.folder = folder
        self.timeout = timeout
        self.niceness = niceness
        self.checks = checks
        self.lock = threading.Lock()
        self.worker: _Process | None = None
        self.closed = False

    def warm(self) -> None:
        with self.lock:
            try:
                self._ready()
            except GateBusy:
                if not self.closed:
                    logger.exception("the worker that checks writes did not start")

    def _ready(self) -> _Process:
        if self.closed:
            raise GateBusy("the server is stopping")
        if self.worker is None or not self.worker.process.is_alive():
            self.worker = _start(self.folder, self.niceness, self.checks)
        return self.worker

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.process.kill()
            self.worker.process.join(timeout=5)
            self.worker.connection.close()
            self.worker = None

    def prepare(self, state: Hashable) -> None:
        if not self.lock.acquire(blocking=False):
            return
        try:
            if self.worker is not None and self.worker.process.is_alive():
                self.worker.connection.send(_Open(state))
        except OSError:
            self.stop()
        finally:
            self.lock.release()

    def run(self, request: _Check | _Plan) -> _Answer | None:
        """The worker's answer to ``request``; None if the worker stopped. Call with the lock
        held."""
        worker = self._ready()
        try:
            worker.connection.send(request)
            if not worker.connection.poll(self.timeout):
                self.stop()
                logger.warning("a write's check ran over %.1f s and was stopped", self.timeout)
                raise GateBusy(
                    f"checking the write ran longer than the limit of {self.timeout:g} "
                    "seconds; nothing was written"
                )
            answer: Any = worker.connection.recv()
        except (EOFError, OSError):
            self.stop()
            return None
        return answer if isinstance(answer, _Answer) else None

    def close(self) -> None:
        self.closed = True
        with self.lock:
            self.stop()


class GateWorker:
    """Worker processes for the writes to the on-disk store at ``folder``, each request
    within ``timeout`` seconds, at ``niceness``: one checks writes, one at a time (writes
    are serialised anyway); the other works out the update of a PUT at the same time.

    It is a goalgraph.validation.gate.Checker. The workers start in the background with
    :meth:`start`; the first request waits for them. One that dies or runs over time is
    replaced.
    """

    def __init__(self, folder: Path, timeout: float, niceness: int = 0) -> None:
        self.folder = folder
        self.timeout = timeout
        self.niceness = niceness
        self._checks = _Channel(folder, timeout, niceness, checks=True)
        self._plans = _Channel(folder, timeout, niceness, checks=False)

    def start(self) -> None:
        """Start the workers in the background."""
        for channel in (self._checks, self._plans):
            threading.Thread(target=channel.warm, daemon=True).start()

    @property
    def process_id(self) -> int | None:
        """The checking worker's process id while it runs; None before it starts and after
        it stops."""
        worker = self._checks.worker
        return worker.process.pid if worker is not None else None

    @property
    def planner_process_id(self) -> int | None:
        """The process id of the worker that works out updates, as for ``process_id``."""
        worker = self._plans.worker
        return worker.process.pid if worker is not None else None

    def prepare(self, state: Hashable) -> None:
        """Have the workers open the store at ``state`` while no request is waiting (the
        next write finds it open); skipped for a worker that is busy."""
        self._checks.prepare(state)
        self._plans.prepare(state)

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
        with self._checks.lock:
            answer = self._checks.run(check)
            if answer is None:
                # A worker reopening the store while the server compacts it can die; the
                # store is intact, so the check is tried once more on a fresh worker.
                logger.warning("the worker checking writes stopped; retrying the check once")
                answer = self._checks.run(check)
            if answer is None:
                raise GateBusy("the worker checking writes stopped unexpectedly; try again")
        if answer.report is None:
            raise GateBusy(f"the write could not be checked: {answer.error}")
        return answer.report

    def document_update(self, graph: URIRef, path: Path, *, state: tuple[int, int]) -> str:
        """The update that makes the file at ``path`` the content of ``graph``, worked out
        by a worker against the store at ``state`` (OxigraphStore.document_update), so that
        the server does not read the graph; it may run while a check runs. GateBusy as for
        :meth:`report`."""
        with self._plans.lock:
            plan = _Plan(state, graph, path)
            answer = self._plans.run(plan) or self._plans.run(plan)
        if answer is None or answer.update is None:
            error = answer.error if answer is not None else "the worker stopped"
            raise GateBusy(f"the write could not be prepared: {error}")
        return answer.update

    def close(self) -> None:
        """Stop the workers."""
        self._checks.close()
        self._plans.close()


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
