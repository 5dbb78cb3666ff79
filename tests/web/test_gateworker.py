"""The write gate's validations in a worker process: the reports the server would make, the
store as the write left it, and a check over the time limit refused with nothing written."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from goalgraph import GG
from goalgraph.editing.nodes import NodeInput
from goalgraph.editing.saving import Editing, Editor
from goalgraph.editing.schema import forms
from goalgraph.store import OxigraphStore, ensure_vocabulary
from goalgraph.validation.gate import (
    STORED,
    Content,
    Gate,
    ShaclRefused,
    graph_report,
    touched_graphs,
)
from goalgraph.validation.report import ValidationReport
from goalgraph.web.deps import StoreSource
from goalgraph.web.gateworker import GateBusy, GateWorker, gate_worker
from goalgraph.web.settings import Settings
from tests.conftest import ASKER

A = URIRef("https://example.org/graph/a")
EX = "https://example.org/gate/"
BAD = (URIRef(EX + "bad"), RDF.type, GG.Project)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    opened = OxigraphStore(tmp_path / "store")
    ensure_vocabulary(opened)
    opened.load([ASKER], A)
    yield opened
    opened.close()


@pytest.fixture
def worker(store: OxigraphStore) -> Iterator[GateWorker]:
    assert store.path is not None
    started = GateWorker(store.path, timeout=300)
    yield started
    started.close()


def _results(report: ValidationReport) -> list[tuple[str, str, str, str, str]]:
    # Blank nodes parsed from a file get fresh names in each process: compared as blank.
    return sorted(
        (
            "_" if isinstance(r.focus, BNode) else str(r.focus),
            r.rule,
            str(r.severity),
            str(r.path),
            str(r.value),
        )
        for r in report.results
    )


def test_the_worker_reports_what_the_server_would(
    store: OxigraphStore, worker: GateWorker, tmp_path: Path
) -> None:
    upload = tmp_path / "upload.nt"
    triples = [*store.triples(A), BAD]
    upload.write_text("".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples))
    goal = next(s for s, p, o in triples if p == RDF.type and o == GG.MainGoal)
    label = next(t for t in triples if t[0] == goal and t[1] == RDFS.label)
    owner = next((s for s, _, o in triples if isinstance(o, BNode)), goal)
    contents = [
        STORED,
        Content(stored=False, document=upload),
        Content(stored=True, document=upload),
        Content(stored=True, added=(BAD,), removed=(label,)),
        Content(stored=True, drop_blank_values_of=(owner,)),
        Content(stored=False),
    ]
    for content in contents:
        here = graph_report(store, A, content, lang="en")
        there = worker.report(A, content, lang="en", shapes=None, state=(0, 0))
        assert _results(there) == _results(here), content
        assert there.counts == here.counts
    assert _results(graph_report(store, A, contents[1], lang="en")) != _results(
        graph_report(store, A, STORED, lang="en")
    )
    # The difference a PUT writes, worked out by the worker as the server would.
    planned = worker.document_update(A, upload, state=(0, 0))
    assert _lines(planned) == _lines(store.document_update(A, upload))
    assert "INSERT DATA" in planned


def _lines(update: str) -> list[str]:
    # Each parse names the file's blank nodes afresh; the order of a set's triples varies.
    return sorted(re.sub(r"_:\w+", "_:", line) for line in update.splitlines())


def test_the_worker_sees_the_store_as_each_write_left_it(
    store: OxigraphStore, worker: GateWorker
) -> None:
    before = store.export(A)
    bad = f"INSERT DATA {{ GRAPH <{A}> {{ <{BAD[0]}> a <{GG.Project}> }} }}"
    with pytest.raises(ShaclRefused) as refused:
        Gate(store, "en", checker=worker, generation=1).apply(
            touched_graphs(bad), lambda: store.update(bad)
        )
    assert any(str(r.focus) == str(BAD[0]) for r in refused.value.report.violations)
    assert isomorphic(store.export(A), before)
    note = f'INSERT DATA {{ GRAPH <{A}> {{ <{EX}note> <{RDFS.comment}> "ok" }} }}'
    gate = Gate(store, "en", checker=worker, generation=2)
    gate.apply(touched_graphs(note), lambda: store.update(note))
    assert (URIRef(EX + "note"), RDFS.comment, Literal("ok")) in store.export(A)
    # The kept report is the one of the graph as written, read by the worker after it.
    assert _results(gate.accepted[A]) == _results(graph_report(store, A, lang="en"))
    # A content described against the new state: the worker reopens the store for it.
    later = worker.report(
        A, Content(stored=True, added=(BAD,)), lang="en", shapes=None, state=(3, 0)
    )
    assert any(str(r.focus) == str(BAD[0]) for r in later.violations)


def test_the_worker_yields_the_cores_to_readers(store: OxigraphStore, tmp_path: Path) -> None:
    assert store.path is not None
    upload = tmp_path / "upload.nt"
    upload.write_text("".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in store.triples(A)))
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    lower = GateWorker(store.path, timeout=300, niceness=5)
    try:
        lower.report(A, STORED, lang="en", shapes=None, state=(0, 0))
        lower.document_update(A, upload, state=(0, 0))
        for pid in (lower.process_id, lower.planner_process_id):
            assert pid is not None
            assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, ours + 5)
        assert lower.process_id != lower.planner_process_id
    finally:
        lower.close()
    assert lower.process_id is None
    assert lower.planner_process_id is None


def test_the_server_starts_its_gate_worker_at_the_configured_niceness(
    store: OxigraphStore,
) -> None:
    settings = Settings(write_token="a-token-long-enough-0123456789", write_check_niceness=7)
    checker = gate_worker(settings, StoreSource(store), writes=True)
    assert checker is not None
    assert checker.niceness == 7


def test_a_check_over_the_time_limit_refuses_the_write(store: OxigraphStore) -> None:
    assert store.path is not None
    hasty = GateWorker(store.path, timeout=0.000_001)
    try:
        gate = Gate(store, "en", checker=hasty, known={A: graph_report(store, A, lang="en")})
        before = store.export(A)
        with pytest.raises(GateBusy, match="limit"):
            gate.check_graph(A, Content(stored=True, added=(BAD,)))
        assert isomorphic(store.export(A), before)
    finally:
        hasty.close()


def test_an_editors_save_is_checked_by_the_worker(
    store: OxigraphStore, worker: GateWorker, tmp_path: Path
) -> None:
    editor = Editor("asker", frozenset({A}))
    goal = next(s for s, p, o in store.triples(A) if p == RDF.type and o == GG.MainGoal)

    def editing(generation: int) -> Editing:
        return Editing(
            store, Gate(store, "en", checker=worker, generation=generation), editor, forms()
        )

    renamed = editing(1).update(goal, NodeInput(labels={"nb": "Et nytt navn på målet"}), None)
    assert (goal, RDFS.label, Literal("Et nytt navn på målet", lang="nb")) in store.triples(A)
    strategy = next(s for s, p, o in store.triples(A) if p == RDF.type and o == GG.Strategy)
    dump = tmp_path / "before.nq"
    store.dump(dump)
    with pytest.raises(ShaclRefused) as refused:
        editing(2).create(
            NodeInput(
                graph=str(A),
                type="gg:Strategy",
                labels={"nb": "Kommunen skal gjøre noe", "en": "We will do something"},
                links={"gg:realises": [str(strategy)]},
            )
        )
    assert "RealisesTargetShape" in {r.rule for r in refused.value.report.violations}
    after = tmp_path / "after.nq"
    store.dump(after)
    assert set(after.read_text().splitlines()) == set(dump.read_text().splitlines())
    assert renamed.record is not None
