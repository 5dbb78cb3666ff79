"""Reads of one analysis run side by side, on the stores whose adapter allows it.

An embedded Oxigraph store evaluates a query outside the GIL, so two queries in two threads
take about the time of one on two cores; a remote store answers each thread on its own
connection. Those adapters set ``Store.concurrent_reads``. rdflib's engine is not safe for
concurrent use (and holds the GIL): on such a store, and on any adapter that does not say
otherwise, the work is done one piece after the other in the calling thread, each when its
result is first asked for, so that the calls run in the order the code asks for them.

Work started here never waits for a free worker: a piece no worker has begun when its
result is asked for is done by the thread that asks (so nested use cannot deadlock, and a
busy pool slows nobody down).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, ParamSpec, TypeVar

from goalgraph.store.base import Store

P = ParamSpec("P")
T = TypeVar("T")

#: Threads that run started work (with the calling thread, one more read at a time): the
#: machine's cores, at least two (a query waiting on a remote store needs no core), at most 4.
WORKERS = max(2, min(4, os.cpu_count() or 2))

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="goalgraph-read")
        return _pool


def _forget_workers() -> None:
    # A forked child has none of the parent's threads: it starts a pool of its own.
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_workers)


class Pending(Generic[T]):
    """Started work: ``result()`` waits for it, or does it here if no worker has begun it."""

    def __init__(self, call: Callable[[], T], future: Future[T] | None) -> None:
        self._call = call
        self._future = future
        # Two threads asking at once for work no worker has begun: one does it, the other
        # waits for its value.
        self._lock = threading.Lock()

    def result(self) -> T:
        """The work's value; its exception, if it raised one (asked again, work done here
        that raised is done again)."""
        with self._lock:
            future = self._future
            if future is None or future.cancel():
                value = self._call()
                future = self._future = Future()
                future.set_result(value)
        return future.result()


class Reads:
    """The work one analysis starts on ``store``: begun on the shared worker threads where
    the store reads concurrently, else done when its result is asked for, in the thread that
    asks. Used as a context manager: on leaving it (done, an error, Ctrl+C) the work no
    worker has begun is dropped, so that none is left queued behind an analysis that ended.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._futures: list[Future[Any]] = []
        self._shared: dict[tuple[Any, ...], Pending[Any]] = {}
        self._shared_lock = threading.Lock()

    def __enter__(self) -> Reads:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self._futures:
            future.cancel()
        self._futures.clear()

    def start(self, call: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Pending[T]:
        """``call(*args, **kwargs)``, begun on a worker where the store reads concurrently."""

        def work() -> T:
            return call(*args, **kwargs)

        if not self.store.concurrent_reads:
            return Pending(work, None)
        try:
            future = _workers().submit(work)
        except RuntimeError:
            # The interpreter is shutting down: no new threads, the work is done here.
            return Pending(work, None)
        self._futures.append(future)
        return Pending(work, future)

    def shared(self, call: Callable[..., T], /, *args: Any) -> Pending[T]:
        """``start(call, *args)`` the first time it is asked for, the same started work every
        time after: analyses run on one Reads (a report and its effect balance) read what
        both need once. The arguments must be hashable."""
        key = (call, *args)
        with self._shared_lock:
            found = self._shared.get(key)
            if found is None:
                found = self._shared[key] = self.start(call, *args)
            return found

    def provide(self, value: T, call: Callable[..., T], /, *args: Any) -> Pending[T]:
        """What ``shared(call, *args)`` gives from now on: ``value``, known without reading
        (from a read model), unless that work was started already."""
        key = (call, *args)
        with self._shared_lock:
            return self._shared.setdefault(key, done(value))


def later(call: Callable[[], T]) -> Pending[T]:
    """``call()``, done in the thread that first asks for its result (work that puts
    started reads together)."""
    return Pending(call, None)


def done(value: T) -> Pending[T]:
    """Work already done: ``value``, as started work gives it."""
    future: Future[T] = Future()
    future.set_result(value)
    return Pending(lambda: value, future)


#: A list shorter than this is read in one query (a query has a cost of its own).
SPLIT_FROM = 32


def split(store: Store, items: Sequence[T]) -> list[Sequence[T]]:
    """``items`` in parts to be read side by side, one per worker, where ``store`` reads
    concurrently and there are enough of them; else in one part (none when empty)."""
    if not items:
        return []
    if not store.concurrent_reads or len(items) < SPLIT_FROM:
        return [items]
    size = -(-len(items) // WORKERS)
    return [items[i : i + size] for i in range(0, len(items), size)]
