"""The effect balance's read model: read once, it gives at every date the balance that
``effects`` reads from the store, and its series pick the readings the readings query picks."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from goalgraph import BalanceModel, load
from goalgraph.analysis.effects import effects
from goalgraph.analysis.readings import Reading, Readings, Series, read_readings, read_series
from goalgraph.analysis.report import portfolio_report
from goalgraph.errors import GoalgraphError
from goalgraph.generate import GRAPH_BASE, generate
from goalgraph.store import MemoryStore, OxigraphStore, Store, concurrent, ensure_vocabulary
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA, store_of

#: Before every reading, on reading dates, between them, after every target.
DATES = [
    date(2010, 1, 1),
    date(2019, 12, 31),
    date(2020, 1, 1),
    date(2023, 6, 30),
    date(2024, 12, 31),
    date(2025, 6, 30),
    date(2026, 12, 6),
    date(2027, 12, 31),
    date(2030, 12, 31),
    date(2045, 1, 1),
]


def _document(balance: object) -> str:
    return json.dumps(balance.to_json(), sort_keys=True)  # type: ignore[attr-defined]


def _same_at_every_date(store: Store, lang: str) -> None:
    model = BalanceModel.read(store, lang)
    for at in DATES:
        for stale_after in (365, 0):
            direct = effects(store, at, lang=lang, stale_after=stale_after)
            assert _document(model.balance(at, stale_after=stale_after)) == _document(direct), (
                at,
                stale_after,
            )


@pytest.mark.parametrize(
    "paths",
    [[TEST_DATA / "effects" / "model.ttl"], [ASKER], [MILJOPAKKEN]],
    ids=["hand-worked", "asker", "miljopakken"],
)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_model_gives_the_balance_effects_reads(paths: list[Path], lang: str) -> None:
    _same_at_every_date(load(*paths), lang)


def test_the_model_of_a_disk_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Generated municipalities in their own graphs, on disk, read side by side; the
    # realisation's readings at the projects' starts come from the series.
    monkeypatch.setattr(concurrent, "SPLIT_FROM", 2)
    generate(tmp_path / "data", 2, seed=5)
    files = sorted((tmp_path / "data").glob("*.nt"))
    store = OxigraphStore(tmp_path / "store")
    ensure_vocabulary(store)
    for _ in store.load_graphs([(URIRef(GRAPH_BASE + p.stem), [p]) for p in files]):
        pass
    try:
        model = BalanceModel.read(store)
        balance = model.balance(date(2030, 1, 1))
        assert [r.start for r in balance.realisation if r.start is not None]
        assert len(model.series) == len(balance.indicators) > 2
        _same_at_every_date(store, "nb")
    finally:
        store.close()


def test_the_model_does_not_read_again(tmp_path: Path) -> None:
    store = load(MILJOPAKKEN)
    model = BalanceModel.read(store, "en")
    before = model.balance(date(2026, 12, 6))
    store.update("DELETE WHERE { GRAPH ?g { ?reading <https://w3id.org/goalgraph#value> ?value } }")
    # The store changed; the model is what it read.
    assert _document(model.balance(date(2026, 12, 6))) == _document(before)
    assert _document(effects(store, date(2026, 12, 6), lang="en")) != _document(before)


def test_the_model_checks_its_arguments() -> None:
    store = MemoryStore()
    with pytest.raises(GoalgraphError, match="unsupported language"):
        BalanceModel.read(store, "sv")
    model = BalanceModel.read(store)
    with pytest.raises(GoalgraphError, match="0 days or more"):
        model.balance(date(2026, 1, 1), stale_after=-1)
    assert model.balance(date(2026, 1, 1)).indicators == ()


# ----------------------------------------------------------------------------------------
# Series against the readings query
# ----------------------------------------------------------------------------------------

NS = "https://w3id.org/goalgraph/tests/series/"
HEAD = f"""
@prefix gg: <https://w3id.org/goalgraph#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <{NS}> .
:i a gg:Indicator .
"""
IND = URIRef(NS + "i")


def test_series_by_hand() -> None:
    series = Series(
        observations=("2023-12-31 10", "2024-12-31 12", "2024-12-31 9"),
        targets=("2024-12-31 11", "2027-12-31 20", "2030-12-31 25"),
    )
    found = series.around(date(2024, 12, 31))
    # On the date itself: the observation of that date (of two, the greater key, as MAX
    # picks it), the target of that date ahead.
    assert found.latest == Reading(Decimal(9), date(2024, 12, 31))
    assert found.next == Reading(Decimal(11), date(2024, 12, 31))
    assert found.previous is None
    assert found.last == Reading(Decimal(25), date(2030, 12, 31))
    later = series.around(date(2025, 1, 1))
    assert later.previous == Reading(Decimal(11), date(2024, 12, 31))
    assert later.next == Reading(Decimal(20), date(2027, 12, 31))
    assert series.around(date(2031, 1, 1)).next is None
    assert series.around(date(2020, 1, 1)).latest is None
    assert series.observed_by(date(2024, 6, 30)) == Reading(Decimal(10), date(2023, 12, 31))
    assert Series().around(date(2024, 1, 1)).target is None


def test_read_series_leaves_out_revised_targets_and_readings_without_a_value() -> None:
    store = store_of(
        Graph().parse(
            format="turtle",
            data=HEAD
            + """
:o1 a gg:Observation ; gg:indicator :i ; gg:date "2024-12-31"^^xsd:date ; gg:value 4 .
:o2 a gg:Observation ; gg:indicator :i ; gg:date "2025-12-31"^^xsd:date .
:o3 gg:indicator :i ; gg:date "2025-12-31"^^xsd:date ; gg:value 7 .
:t1 a gg:TargetValue ; gg:indicator :i ; gg:date "2030-12-31"^^xsd:date ; gg:value 8 .
:t2 a gg:TargetValue ; gg:indicator :i ; gg:date "2030-12-31"^^xsd:date ; gg:value 9 ;
    gg:revises :t1 .
""",
        )
    )
    assert read_series(store) == {
        IND: Series(observations=("2024-12-31 4",), targets=("2030-12-31 9",))
    }


# Few dates often, so that readings share a date and ``at`` falls on one.
def test_a_value_that_looks_like_more_readings_stays_one() -> None:
    # A literal holding the separators of indicator-series, and a space: one reading, not a
    # number, as the readings query takes it.
    body = """
:o1 a gg:Observation ; gg:indicator :i ; gg:date "2024-12-31"^^xsd:date ; gg:value 4 .
:o2 a gg:Observation ; gg:indicator :i ; gg:date "2025-01-31"^^xsd:date ;
    gg:value "5|2025-06-01 99 %7C" .
"""
    store = store_of(Graph().parse(format="turtle", data=HEAD + body))
    (series,) = read_series(store).values()
    assert series.observations == ("2024-12-31 4", "2025-01-31 5|2025-06-01 99 %7C")
    for at in (date(2025, 1, 1), date(2025, 3, 1), date(2025, 7, 1)):
        assert series.around(at) == read_readings(store, at, [IND], listed=True)[IND]


_DAYS = st.one_of(
    st.sampled_from([date(2020, 12, 31), date(2024, 12, 31), date(2030, 12, 31)]),
    st.integers(min_value=0, max_value=12 * 366).map(
        lambda n: date(2018, 1, 1) + timedelta(days=n)
    ),
)
_READINGS = st.lists(
    st.tuples(
        st.sampled_from(["Observation", "TargetValue", "Observation, gg:TargetValue"]),
        _DAYS,
        st.sampled_from(["1", "9", "10", "2.5", "-3", "0"]),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(readings=_READINGS, at=_DAYS)
def test_series_pick_what_the_readings_query_picks(
    readings: list[tuple[str, date, str, bool]], at: date
) -> None:
    lines = []
    for number, (kind, day, value, revises) in enumerate(readings):
        line = (
            f':r{number} a gg:{kind} ; gg:indicator :i ; gg:date "{day}"^^xsd:date ; '
            f"gg:value {value}"
        )
        # A target value revising the one before it makes that one history.
        if revises and number:
            line += f" ; gg:revises :r{number - 1}"
        lines.append(line + " .")
    store = store_of(Graph().parse(format="turtle", data=HEAD + "\n".join(lines)))
    expected = read_readings(store, at, [IND], listed=True).get(IND, Readings())
    assert read_series(store).get(IND, Series()).around(at) == expected


def test_a_report_takes_its_balance_from_the_model() -> None:
    store = load(MILJOPAKKEN)
    model = BalanceModel.read(store, "en")
    at = date(2027, 12, 31)
    given_model = portfolio_report(store, "en", at, balance_model=model)
    read = portfolio_report(store, "en", at)
    assert given_model.effects is not None and read.effects is not None
    assert _document(given_model.effects) == _document(read.effects)
    assert given_model.to_json() == read.to_json()
    with pytest.raises(GoalgraphError, match="read the model in the report's language"):
        portfolio_report(store, "nb", at, balance_model=model)
