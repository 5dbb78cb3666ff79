"""SPARQL endpoint queries evaluated in worker processes that can be killed on time-out."""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
import threading
import urllib.error
from dataclasses import dataclass
from multiprocessing import resource_tracker
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

import pyoxigraph as ox

from goalgraph.errors import GoalgraphError, QueryError, StoreError
from goalgraph.store import AskResult, QueryResult, RemoteStore, SelectResult
from goalgraph.store.oxigraph import to_ox
from goalgraph.web import results
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


@dataclass(frozen=True)
class Answer:
    """A serialised result, or the kind and message of an error (``body`` empty then)."""

    body: bytes
    is_graph: bool = False
    error: str | None = None
    message: str = ""


def _evaluate(store: ox.Store, job: Job) -> Answer:
    result = store.query(job.text, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return Answer(results.boolean(bool(result), job.fmt))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = results.limited((tuple(s) for s in result), job.max_results)
        return Answer(results.solutions(variables, rows, job.fmt))  # type: ignore[arg-type]
    found = results.limited(result, job.max_results)
    return Answer(results.triples(found, job.fmt), is_graph=True)


def worker_main(connection: Connection) -> None:
    """Answer jobs until the connection closes, reopening the data when it changes."""
    # Ctrl+C reaches every process of the terminal's group: the server stops the workers
    # itself (QueryPool.close), and a worker interrupted in recv would print a traceback.
    # SIGINT came blocked from _start (so that it cannot interrupt the imports before this
    # line); ignored now, a pending one is dropped when it is unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    store = ox.Store()
    loaded = -1
    # Starting takes a moment (imports); the pool hands out a worker only once it is ready.
    connection.send(None)
    while True:
        try:
            job: Job = connection.recv()
        except EOFError:
            return
        try:
            if job.generation != loaded:
                if job.store_folder:
                    store = ox.Store.read_only(str(job.data))
                else:
                    store = ox.Store()
                    store.bulk_load(path=str(job.data), format=ox.RdfFormat.N_QUADS)
                loaded = job.generation
            answer = _evaluate(store, job)
        except results.TooManyResults as exc:
            answer = Answer(b"", error="too-large", message=str(exc))
        except SyntaxError as exc:
            answer = Answer(b"", error="syntax", message=f"SPARQL syntax error: {exc}")
        except (OSError, ValueError, TypeError) as exc:
            answer = Answer(b"", error="failed", message=f"the query failed: {exc}")
        connection.send(answer)


def _timed_out(exc: BaseException | None) -> bool:
    if isinstance(exc, urllib.error.URLError):
        return isinstance(exc.reason, TimeoutError)
    return isinstance(exc, TimeoutError)


def run_remote(
    store: RemoteStore, text: str, fmt: str, *, timeout: float, max_results: int
) -> Answer:
    """Send a query straight to a remote SPARQL server, waiting at most ``timeout`` seconds.

    The server enforces its own limits; a query it does not answer in time is a QueryTimeout.
    """
    bounded = RemoteStore(
        store.url,
        update_url=store.update_url,
        graph_store_url=store.graph_store_url,
        timeout=timeout,
    )
    try:
        with bounded:  # its connection is closed at once, not when it is collected
            result = bounded.query(text)
    except StoreError as exc:
        if _timed_out(exc.__cause__):
            raise QueryTimeout(
                f"the SPARQL server did not answer within the limit of {timeout:g} seconds"
            ) from exc
        raise
    try:
        return _remote_answer(result, fmt, max_results)
    except results.TooManyResults as exc:
        raise RequestTooLarge(str(exc)) from exc


def _remote_answer(result: QueryResult, fmt: str, max_results: int) -> Answer:
    if isinstance(result, AskResult):
        return Answer(results.boolean(result.value, fmt))
    if isinstance(result, SelectResult):
        rows = results.limited(
            (tuple(None if t is None else to_ox(t) for t in row) for row in result.rows),
            max_results,
        )
        return Answer(results.solutions(result.variables, rows, fmt))  # type: ignore[arg-type]
    triples = (ox.Triple(*(to_ox(t) for t in triple)) for triple in result)  # type: ignore[arg-type]
    return Answer(results.triples(results.limited(triples, max_results), fmt), is_graph=True)


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection


class _WorkerDied(Exception):
    """The worker process ended before it answered."""


def _start() -> _Worker:
    ours, theirs = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=worker_main, args=(theirs,), daemon=True)
    # The new process inherits this thread's signal mask: with SIGINT blocked, a Ctrl+C
    # while it starts up cannot stop it with a traceback (worker_main then ignores SIGINT).
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
            return _Worker(process, ours)
    except (EOFError, OSError):
        # It ended before it was ready: stopped with the server, or it could not start.
        pass
    process.kill()
    ours.close()
    raise QueryError("a query worker did not start")


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
        # Starting a process takes a moment; the request that timed out does not wait for it.
        threading.Thread(target=self._replace, daemon=True).start()

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
