"""SPARQL endpoint queries evaluated in worker processes that can be killed on time-out."""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from rdflib import Graph

from goalgraph.errors import GoalgraphError, QueryError, StoreError
from goalgraph.sparql.formats import NotInXml, TooManyResults, check_size, serialise
from goalgraph.store import Dataset, OxigraphStore, Store
from goalgraph.web.guard import RequestTooLarge

logger = logging.getLogger(__name__)

# Workers must not inherit the server's threads and locks: start them fresh.
_CONTEXT = multiprocessing.get_context("spawn")
_START_TIMEOUT = 60.0


class QueryTimeout(GoalgraphError):
    """A query ran longer than the time limit or no worker became free (answered with 503)."""


class EngineSyntaxError(QueryError):
    """The engine in the worker could not parse the query (answered with 400)."""


@dataclass(frozen=True)
class Job:
    """One query for a worker: the data to answer from, the text and the format.

    ``data`` is an N-Quads snapshot, or with ``store_folder`` the on-disk store itself, which
    the worker opens read-only (a read-only opener does not see later writes, so it reopens
    when ``generation`` changes).
    """

    generation: int
    data: Path
    text: str
    fmt: str
    max_results: int
    store_folder: bool = False
    max_bytes: int = 20_000_000
    #: The Protocol's dataset (overrides the query's FROM); None: the query's own or the union.
    dataset: Dataset | None = None
    #: Whether the query names its own dataset with FROM or FROM NAMED.
    own_dataset: bool = False
    #: Prefixes declared for the query besides its own PREFIX lines.
    prefixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Answer:
    """A serialised result, or the kind and message of an error (``body`` empty then)."""

    body: bytes
    is_graph: bool = False
    error: str | None = None
    message: str = ""


def _open(job: Job) -> OxigraphStore:
    """The data a job is to be answered from: the store folder opened read-only, or the
    snapshot loaded into memory."""
    if job.store_folder:
        return OxigraphStore(job.data, read_only=True)
    return OxigraphStore.restore(job.data)


def _evaluate(store: OxigraphStore, job: Job) -> Answer:
    result = store.query_at_most(
        job.text,
        job.max_results,
        dataset=job.dataset,
        own_dataset=job.own_dataset,
        prefixes=dict(job.prefixes),
    )
    body = serialise(result, job.fmt, max_rows=job.max_results, max_bytes=job.max_bytes)
    return Answer(body, is_graph=isinstance(result, Graph))


def worker_main(connection: Connection) -> None:
    """Answer jobs until the connection closes, reopening the data when it changes."""
    # Ctrl+C reaches every process of the terminal's group: the server stops the workers
    # itself (QueryPool.close), and a worker interrupted in recv would print a traceback.
    # SIGINT came blocked from _start (so that it cannot interrupt the imports before this
    # line); ignored now, a pending one is dropped when it is unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    store: OxigraphStore | None = None
    loaded = -1
    # Starting takes a moment (imports); the pool hands out a worker only once it is ready.
    connection.send(None)
    while True:
        try:
            job: Job = connection.recv()
        except EOFError:
            return
        try:
            if store is None or job.generation != loaded:
                if store is not None:
                    store.close()
                    store = None
                store = _open(job)
                loaded = job.generation
            answer = _evaluate(store, job)
        except TooManyResults as exc:
            answer = Answer(b"", error="too-large", message=str(exc))
        except QueryError as exc:
            answer = Answer(b"", error="syntax", message=str(exc))
        except (GoalgraphError, OSError, ValueError, TypeError) as exc:
            answer = Answer(b"", error="failed", message=f"the query failed: {exc}")
        connection.send(answer)


def _timed_out(exc: BaseException | None) -> bool:
    if isinstance(exc, urllib.error.URLError):
        return isinstance(exc.reason, TimeoutError)
    return isinstance(exc, TimeoutError)


def run_remote(
    bounded: Store,
    text: str,
    fmt: str,
    *,
    timeout: float,
    max_results: int,
    max_bytes: int = 20_000_000,
    dataset: Dataset | None = None,
) -> Answer:
    """Send a query straight to the server a store is answered by (``Store.bounded``), which
    gives up after ``timeout`` seconds; the Protocol's ``dataset`` goes with it.

    The server enforces its own limits; a query it does not answer in time is a QueryTimeout.
    """
    try:
        with bounded:  # its connection is closed at once, not when it is collected
            result = bounded.query(text) if dataset is None else bounded.query_in(text, dataset)
    except StoreError as exc:
        if _timed_out(exc.__cause__):
            raise QueryTimeout(
                f"the SPARQL server did not answer within the limit of {timeout:g} seconds"
            ) from exc
        raise
    try:
        check_size(result, max_results)
        body = serialise(result, fmt, max_rows=max_results, max_bytes=max_bytes)
    except TooManyResults as exc:
        raise RequestTooLarge(str(exc)) from exc
    except NotInXml as exc:
        raise QueryError(str(exc)) from exc
    return Answer(body, is_graph=isinstance(result, Graph))


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection


class _WorkerDied(Exception):
    """The worker process ended before it answered."""


def start_worker(
    target: Callable[..., None], *args: object
) -> tuple[BaseProcess, Connection] | None:
    """A worker process running ``target(connection, *args)``, once it has said it is ready
    (it sends one message first); None when it ended or stayed silent before that."""
    ours, theirs = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=target, args=(theirs, *args), daemon=True)
    # The new process inherits this thread's signal mask: with SIGINT blocked, a Ctrl+C
    # while it starts up cannot stop it with a traceback (the worker then ignores SIGINT).
    # Launching multiprocessing's resource tracker unblocks SIGINT on its way, so it is
    # launched (once per server) before the block.
    resource_tracker.ensure_running()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        process.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    theirs.close()
    try:
        if ours.poll(_START_TIMEOUT):
            ours.recv()
            return process, ours
    except (EOFError, OSError):
        # It ended before it was ready: stopped with the server, or it could not start.
        pass
    process.kill()
    ours.close()
    return None


def _start() -> _Worker:
    started = start_worker(worker_main)
    if started is None:
        raise QueryError("a query worker did not start")
    return _Worker(*started)


class QueryPool:
    """A fixed number of worker processes; a worker that runs over time is killed and replaced."""

    def __init__(self, size: int, timeout: float, *, start: bool = True) -> None:
        self.timeout = timeout
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._started = threading.Event()
        if start:
            self.start()

    def start(self) -> None:
        """Start the workers in the background, so that the server answers pages meanwhile;
        the first queries wait for them within the time limit."""
        for _ in range(self.size):
            threading.Thread(target=self._replace, daemon=True).start()

    def _replace(self) -> None:
        try:
            worker = _start()
        except QueryError:
            # A server stopping while its workers start stops them too; nothing to report.
            if not self._closed:
                logger.exception("a query worker did not start")
            return
        with self._lock:
            if self._closed:
                worker.process.kill()
                return
            self._all.append(worker)
        self._idle.put(worker)
        self._started.set()

    def _retire(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.connection.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
        # The request whose query was stopped waits for the replacement (a second or so):
        # the client that ran it holds its slot meanwhile (see fairness.ClientLimit), so a
        # client looping slow queries never holds more workers than its share.
        self._replace()

    def run(self, job: Job) -> Answer:
        """Run ``job`` on a free worker within the time limit.

        Raises QueryTimeout when no worker is free in time or the query runs over time,
        RequestTooLarge for too many results and QueryError when the query fails.
        """
        try:
            return self._run_once(job)
        except _WorkerDied:
            # A worker reopening an on-disk store while the writer compacts it can die;
            # the store itself is intact, so the query is tried once more on a fresh worker.
            logger.warning("a query worker stopped unexpectedly; retrying the query once")
        try:
            return self._run_once(job)
        except _WorkerDied:
            raise QueryTimeout("the query worker stopped unexpectedly; try again") from None

    def _run_once(self, job: Job) -> Answer:
        # Only the first queries after start-up wait longer: for the workers to come up.
        if not self._started.wait(_START_TIMEOUT):
            raise QueryTimeout("no query worker has started; see the server log")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout("the server is busy; try again in a moment") from None
        try:
            worker.connection.send(job)
            ready = worker.connection.poll(self.timeout)
            answer: Answer | None = worker.connection.recv() if ready else None
        except (EOFError, OSError):
            answer = None
            ready = True
        if answer is None:
            self._retire(worker)
            if not ready:
                logger.warning("a query ran over %.1f s and was stopped", self.timeout)
                raise QueryTimeout(
                    f"the query ran longer than the limit of {self.timeout:g} seconds"
                )
            raise _WorkerDied
        self._idle.put(worker)
        if answer.error == "too-large":
            raise RequestTooLarge(answer.message)
        if answer.error == "syntax":
            raise EngineSyntaxError(answer.message)
        if answer.error is not None:
            raise QueryError(answer.message)
        return answer

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.process.kill()
            worker.process.join(timeout=5)
            worker.connection.close()
