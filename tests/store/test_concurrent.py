"""Reads side by side: only on adapters that allow it, in order elsewhere, errors passed on."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef

from goalgraph.errors import QueryError
from goalgraph.sparql.library import select
from goalgraph.store import (
    GraphScope,
    GraphSetScope,
    MemoryStore,
    OxigraphStore,
    RemoteStore,
    Store,
    ensure_vocabulary,
)
from goalgraph.store.concurrent import WORKERS, Pending, Reads, later, split
from tests.conftest import MILJOPAKKEN

GRAPH = URIRef("https://w3id.org/goalgraph/tests/graph/concurrent")
WAIT = 10.0


def test_the_adapters_say_whether_they_read_concurrently() -> None:
    memory, embedded = MemoryStore(), OxigraphStore(None)
    assert not memory.concurrent_reads
    assert embedded.concurrent_reads
    assert RemoteStore("http://localhost:1/query").concurrent_reads
    for store in (memory, embedded):
        ensure_vocabulary(store)
        store.update(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:a> <urn:p> 1 }} }}")
        # A view of some graphs reads as the store it views.
        assert GraphScope(store, GRAPH).concurrent_reads == store.concurrent_reads
        assert GraphSetScope(store, [GRAPH], name="v").concurrent_reads == store.concurrent_reads


def test_on_a_concurrent_store_started_work_runs_beside_the_caller() -> None:
    running, go = threading.Event(), threading.Event()

    def work() -> str:
        running.set()
        go.wait(WAIT)
        return threading.current_thread().name

    pending = Reads(OxigraphStore(None)).start(work)
    # The caller has not asked for the result: the work began on a worker all the same.
    assert running.wait(WAIT)
    go.set()
    assert pending.result() != threading.current_thread().name


def test_on_a_store_that_reads_one_query_at_a_time_work_waits_to_be_asked_for() -> None:
    done: list[str] = []

    def work(name: str) -> str:
        done.append(name)
        return threading.current_thread().name

    store = MemoryStore()
    reads = Reads(store)
    first, second = reads.start(work, "first"), reads.start(work, "second")
    assert done == []
    # Done in the order asked for, in the asking thread, once.
    assert second.result() == threading.current_thread().name
    assert first.result() == threading.current_thread().name
    assert first.result() == threading.current_thread().name
    assert done == ["second", "first"]


@pytest.mark.parametrize("store", [MemoryStore(), OxigraphStore(None)], ids=["rdflib", "oxigraph"])
def test_an_error_reaches_whoever_asks_for_the_result(store: MemoryStore | OxigraphStore) -> None:
    pending = Reads(store).start(select, store, "no-such-query")
    with pytest.raises(QueryError, match="no-such-query"):
        pending.result()


def test_started_work_may_start_and_wait_for_more_without_deadlock() -> None:
    store = OxigraphStore(None)
    ensure_vocabulary(store)

    def count(depth: int) -> int:
        if depth == 0:
            return len(select(store, "match", {"subject": None, "predicate": [GRAPH]}))
        # More work than workers, every piece waiting for its own: work no worker has begun
        # is done by the thread that waits for it.
        with Reads(store) as reads:
            parts = [reads.start(count, depth - 1) for _ in range(WORKERS + 1)]
            return sum(part.result() for part in parts) + 1

    assert count(3) == sum((WORKERS + 1) ** level for level in range(3))


def test_leaving_the_block_drops_the_work_no_worker_has_begun() -> None:
    store = OxigraphStore(None)
    go, ran = threading.Event(), list[str]()
    busy = Reads(store)
    # Every worker kept busy, so that the work started next waits in the queue.
    for _ in range(WORKERS):
        busy.start(go.wait, WAIT)
    with pytest.raises(KeyError), Reads(store) as reads:
        reads.start(ran.append, "ran")
        raise KeyError("the analysis failed")
    go.set()
    # Once every worker has reached work queued after it, the dropped work ran or was skipped.
    after = threading.Barrier(WORKERS + 1)
    probes = Reads(store)
    for _ in range(WORKERS):
        probes.start(after.wait, WAIT)
    after.wait(WAIT)
    assert ran == []


def test_later_and_split() -> None:
    calls: list[int] = []

    def work() -> int:
        calls.append(1)
        return len(calls)

    pending: Pending[int] = later(work)
    assert calls == []
    assert pending.result() == 1
    assert pending.result() == 1
    memory, embedded = MemoryStore(), OxigraphStore(None)
    items = [URIRef(f"urn:p{i}") for i in range(101)]
    assert split(memory, items) == [items]
    assert split(embedded, []) == []
    assert split(embedded, items[:3]) == [items[:3]]
    parts = split(embedded, items)
    assert len(parts) == WORKERS
    assert [i for part in parts for i in part] == items


def test_two_threads_asking_at_once_for_work_not_begun_get_it_done_once() -> None:
    calls: list[int] = []
    started = threading.Event()

    def work() -> int:
        calls.append(1)
        started.set()
        # Long enough for the second thread to ask while this one works.
        threading.Event().wait(0.3)
        return len(calls)

    pending: Pending[int] = later(work)
    answers: list[int] = []
    second = threading.Thread(target=lambda: (started.wait(WAIT), answers.append(pending.result())))
    second.start()
    answers.append(pending.result())
    second.join(WAIT)
    assert answers == [1, 1]
    assert calls == [1]


@pytest.mark.parametrize("concurrent", [True, False])
def test_shared_work_is_started_once_for_all_who_ask(concurrent: bool) -> None:
    store = OxigraphStore(None)
    store.concurrent_reads = concurrent
    calls: list[str] = []
    lock = threading.Lock()

    def work(name: str) -> str:
        with lock:
            calls.append(name)
        return name.upper()

    with Reads(store) as reads:
        first = reads.shared(work, "readings")
        # Two analyses on the same reads, each asking for it from a thread of its own.
        askers = [reads.start(lambda: reads.shared(work, "readings").result()) for _ in range(2)]
        assert [a.result() for a in askers] == ["READINGS", "READINGS"]
        assert reads.shared(work, "readings") is first
        assert reads.shared(work, "other").result() == "OTHER"
    assert sorted(calls) == ["other", "readings"]


def test_provided_work_is_not_done_and_started_work_is_not_replaced() -> None:
    calls: list[str] = []

    def work(name: str) -> str:
        calls.append(name)
        return name.upper()

    with Reads(OxigraphStore(None)) as reads:
        assert reads.provide("KNOWN", work, "readings").result() == "KNOWN"
        assert reads.shared(work, "readings").result() == "KNOWN"
        started = reads.shared(work, "other")
        # Work started already stays what is shared.
        assert reads.provide("LATE", work, "other") is started
        assert started.result() == "OTHER"
    assert calls == ["other"]


def test_a_store_folder_reads_concurrently(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        ensure_vocabulary(store)
        reads = Reads(store)
        pieces = [reads.start(select, store, "effect-goals", {"lang": "nb"}) for _ in range(4)]
        answers = [piece.result().rows for piece in pieces]
        assert all(answer == answers[0] for answer in answers)
    finally:
        store.close()


def test_the_effect_balance_and_the_report_read_side_by_side_are_the_same(store: Store) -> None:
    # Side by side on the embedded store and the server, one query at a time on rdflib.
    from goalgraph.analysis.effects import effects
    from goalgraph.analysis.report import portfolio_report

    def filled(target: Store) -> Store:
        ensure_vocabulary(target)
        for path in sorted(MILJOPAKKEN.glob("*.ttl")):
            target.load([path], URIRef(f"https://w3id.org/goalgraph/tests/graph/{path.stem}"))
        return target

    at = date(2026, 1, 1)
    balance = effects(filled(store), at).to_json()
    assert balance["indicators"] and balance["realisation"]
    assert balance == effects(filled(MemoryStore()), at).to_json()
    report = portfolio_report(store, today=at).to_json()
    assert report["effects"] == balance
    # The same store asked one query at a time (the report's goal rows come in the order the
    # engine gives them, so it is compared on one engine).
    store.concurrent_reads = False
    assert portfolio_report(store, today=at).to_json() == report
