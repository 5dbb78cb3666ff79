"""Pages kept worked out ahead of their readers: after start, and again once writes pause."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from goalgraph.analysis.effects import effects
from goalgraph.errors import GoalgraphError
from goalgraph.namespace import GG
from goalgraph.store import OxigraphStore
from goalgraph.web import deps
from goalgraph.web.deps import StoreSource
from tests.conftest import ASKER, MILJOPAKKEN
from tests.web.conftest import run_server

GRAPH = URIRef("https://example.org/warm")
PROJECT = URIRef("https://example.org/warm/project")
#: The key the default plan version's /report page (bokmål, every graph) is remembered by.
REPORT_KEY = (("plan-version", None), ("report-page", "nb", None, None, None))


def _until(check: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deps, "WARM_AFTER", 0.3)


def _write(source: StoreSource, label: str) -> None:
    graph = Graph()
    graph.add((PROJECT, RDF.type, GG.Project))
    graph.add((PROJECT, RDFS.label, Literal(label, lang="nb")))
    source.writing(lambda: source.store.put(GRAPH, graph))


def test_a_job_runs_at_once_and_once_more_after_a_burst_of_writes(quick: None) -> None:
    source = StoreSource(OxigraphStore(None))
    runs: list[float] = []
    ran = threading.Event()

    def job() -> None:
        runs.append(time.monotonic())
        ran.set()

    source.keep_warm(job)
    assert ran.wait(10)
    ran.clear()
    for n in range(3):
        _write(source, f"v{n}")
        time.sleep(0.05)
    last_write = time.monotonic()
    assert ran.wait(10)
    time.sleep(1)
    # One run for the three writes, after the last of them and the pause.
    assert len(runs) == 2
    assert runs[1] - last_write >= 0.25


def test_a_failing_job_is_logged_and_the_others_still_run(
    quick: None, caplog: pytest.LogCaptureFixture
) -> None:
    source = StoreSource(OxigraphStore(None))
    ran = threading.Event()

    def failing() -> None:
        raise GoalgraphError("the model cannot be read")

    source.keep_warm(failing)
    source.keep_warm(ran.set)
    with caplog.at_level(logging.WARNING, logger="goalgraph.web.deps"):
        assert ran.wait(10)
    assert "ahead of its readers" in caplog.text
    ran.clear()
    _write(source, "again")
    assert ran.wait(10)


def test_the_report_page_is_ready_before_anyone_asks_and_again_after_a_write(
    quick: None,
) -> None:
    source = StoreSource.from_files([ASKER])
    for served in run_server([ASKER], source, warm_report_from=0):
        assert _until(lambda: source.remembered(REPORT_KEY)), "the report was not worked out"
        _write(source, "Nytt prosjekt uten mål")
        assert not source.remembered(REPORT_KEY)
        assert _until(lambda: source.remembered(REPORT_KEY)), "not worked out after the write"
        # The page worked out after the write is the page a reader gets, and it is new.
        with urllib.request.urlopen(f"{served.url}/report?lang=nb") as answer:
            page = answer.read().decode("utf-8")
        assert "Nytt prosjekt uten mål" in page


def test_small_stores_are_not_kept_warm(quick: None) -> None:
    source = StoreSource.from_files([ASKER])
    for _ in run_server([ASKER], source):
        time.sleep(1)
        assert not source.remembered(REPORT_KEY)
        assert source._warmer is None


def test_a_value_worked_out_before_a_write_is_not_kept() -> None:
    source = StoreSource(OxigraphStore(None))
    before = source.generation
    _write(source, "v1")
    source.keep("answer", 1, before)
    assert not source.remembered("answer")
    source.keep("answer", 2, source.generation)
    source.keep("answer", 3, source.generation)
    # The first value kept stands, as remember's would.
    assert source.remember("answer", lambda: 4) == 2


def test_the_kept_report_answers_api_effects(quick: None) -> None:
    source = StoreSource.from_files([MILJOPAKKEN])
    today = (("plan-version", None), ("effects", date.today(), "nb"))
    for served in run_server([MILJOPAKKEN], source, warm_report_from=0):
        assert _until(lambda: source.remembered(REPORT_KEY)), "the report was not worked out"
        # The report's balance was kept as the API's answer: no one has asked for it yet.
        assert source.remembered(today)
        with urllib.request.urlopen(f"{served.url}/api/effects") as answer:
            served_balance = json.loads(answer.read())
        expected = json.loads(json.dumps(effects(source.store, date.today()).to_json()))
        assert served_balance == expected
        assert served_balance["indicators"]
        _write(source, "Nytt prosjekt")
        assert not source.remembered(today)


def test_the_kept_read_model_answers_api_effects_at_any_date(quick: None) -> None:
    source = StoreSource.from_files([MILJOPAKKEN])
    model = (("plan-version", None), ("balance-model", "nb"))
    for served in run_server([MILJOPAKKEN], source, warm_report_from=0):
        assert _until(lambda: source.remembered(model)), "the read model was not read"
        for at, stale in (("2025-06-30", "730"), ("2027-12-31", "730"), ("2031-01-01", "30")):
            with urllib.request.urlopen(
                f"{served.url}/api/effects?at={at}&stale_after={stale}"
            ) as answer:
                served_balance = json.loads(answer.read())
            expected = effects(
                source.store, date.fromisoformat(at), stale_after=int(stale)
            ).to_json()
            assert served_balance == json.loads(json.dumps(expected)), at
        # A write drops the model; the balance is then read from the store as it is now,
        # and the model is read again once writes pause.
        source.writing(
            lambda: source.store.update(
                "DELETE WHERE { GRAPH ?g { ?e <https://w3id.org/goalgraph#change> ?c } }"
            )
        )
        assert not source.remembered(model)
        with urllib.request.urlopen(f"{served.url}/api/effects?at=2027-12-31") as answer:
            after = json.loads(answer.read())
        assert after == json.loads(json.dumps(effects(source.store, date(2027, 12, 31)).to_json()))
        assert after["skipped"] and not any(i["projects"] for i in after["indicators"])
        assert _until(lambda: source.remembered(model)), "not read again after the write"
