"""The effect balance, worked by hand on tests/data/effects/model.ttl (see its header)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Namespace, URIRef

import goalgraph
from goalgraph import GG, load
from goalgraph.analysis.effects import (
    COVERED,
    MET,
    MISSED,
    NO_CHANGE,
    NO_DATA,
    NO_DATE,
    NO_DIRECTION,
    NO_INDICATOR,
    NO_TARGET,
    NOT_AN_INDICATOR,
    NOT_REALISED,
    PARTLY,
    REALISATION_NO_DATA,
    REALISED,
    SHORT,
    Effect,
    EffectBalance,
    IndicatorBalance,
    IndicatorFacts,
    balance_indicator,
    effects,
    indicator_balances,
)
from goalgraph.analysis.effects_text import Words
from goalgraph.analysis.readings import Reading, Readings
from goalgraph.generate import generate
from goalgraph.store import MemoryStore, Store, ensure_vocabulary
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA

EX = Namespace("https://w3id.org/goalgraph/tests/effects/")
ASKER_NS = Namespace("https://w3id.org/goalgraph/examples/asker/")
MODEL = TEST_DATA / "effects" / "model.ttl"
AT = date(2025, 6, 30)
D = Decimal


@pytest.fixture(scope="module")
def store() -> Store:
    return load(MODEL)


@pytest.fixture(scope="module")
def balance(store: Store) -> EffectBalance:
    return effects(store, AT, lang="en")


def of(balance: EffectBalance, name: str) -> IndicatorBalance:
    found = balance.indicator(EX[name])
    assert found is not None, name
    return found


# ----------------------------------------------------------------------------------------
# The rules of one indicator
# ----------------------------------------------------------------------------------------


def test_short_higher_is_better(balance: EffectBalance) -> None:
    short = of(balance, "i-short")
    # The 2025-12-31 observation lies after the balance date; the 2024 target has passed.
    assert short.latest == Reading(D("30.0"), date(2024, 12, 31))
    assert short.target == Reading(D("50.0"), date(2027, 12, 31)) and short.target_ahead
    assert short.gap == D(20)
    # p1 +5 (2026) and p2 +3 (on the target's date) count.
    assert short.toward == D(8)
    assert short.covered == D("0.4")
    assert short.status == SHORT


def test_covered_lower_is_better(balance: EffectBalance) -> None:
    covered = of(balance, "i-covered")
    assert covered.gap == D(10)  # 100 now, 90 wanted, lower is better
    # p1 −6 and p3 −7 help, p5 +2 hurts: 6 + 7 − 2.
    assert covered.toward == D(11)
    assert covered.covered == D("1.1")
    assert covered.status == COVERED
    toward = {c.project: c.toward for c in covered.projects}
    assert toward == {EX.p1: D(6), EX.p3: D(7), EX.p5: D(-2)}


def test_met_when_the_gap_is_closed_already(balance: EffectBalance) -> None:
    met = of(balance, "i-met")
    assert met.gap == D(-10)
    assert met.status == MET
    assert met.covered is None
    # Effects still count, and are listed.
    assert [c.project for c in met.projects] == [EX.p3]


def test_missed_when_no_target_lies_ahead(balance: EffectBalance) -> None:
    missed = of(balance, "i-missed")
    assert missed.target == Reading(D("8.0"), date(2024, 12, 31))
    assert not missed.target_ahead
    assert missed.gap == D(4)
    assert missed.status == MISSED
    assert missed.projects == () and missed.uncounted == 1


def test_baseline_when_nothing_is_observed(balance: EffectBalance) -> None:
    baseline = of(balance, "i-baseline")
    assert baseline.latest == Reading(D("40.0"), date(2022, 1, 1))
    assert baseline.latest_is_baseline
    assert baseline.observed is None
    assert baseline.gap == D(10)
    # p3 +4 helps, p1 −2 hurts.
    assert baseline.toward == D(2)
    assert baseline.status == SHORT


def test_a_baseline_dated_after_the_balance_date_is_not_used(store: Store) -> None:
    (early,) = indicator_balances(store, [EX["i-baseline"]], date(2021, 6, 30))
    assert early.latest is None
    assert early.status == NO_DATA


_REVISED = """
@prefix gg: <https://w3id.org/goalgraph#> .
@prefix ex: <https://w3id.org/goalgraph/tests/effects/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:i-revised a gg:Indicator ; gg:direction gg:HigherIsBetter .
ex:obs a gg:Observation ; gg:indicator ex:i-revised ; gg:value 50 ;
    gg:date "2020-12-31"^^xsd:date .
# The 2030 target is raised from 70 to 80; the 2028 one moved to 2030.
ex:t2030 a gg:TargetValue ; gg:indicator ex:i-revised ; gg:value 70 ;
    gg:date "2030-12-31"^^xsd:date .
ex:t2030b a gg:TargetValue ; gg:indicator ex:i-revised ; gg:value 80 ;
    gg:date "2030-12-31"^^xsd:date ; gg:revises ex:t2030 .
ex:t2028 a gg:TargetValue ; gg:indicator ex:i-revised ; gg:value 60 ;
    gg:date "2028-12-31"^^xsd:date .
ex:t2028b a gg:TargetValue ; gg:indicator ex:i-revised ; gg:value 65 ;
    gg:date "2031-12-31"^^xsd:date ; gg:revises ex:t2028 .
"""


def test_a_revised_target_value_is_history(tmp_path: Path) -> None:
    # As the ontology says of gg:revises: the analyses use the new value. Without it the
    # 2028 target (60) would be the next one, and at the same date 70 would beat 80.
    path = tmp_path / "revised.ttl"
    path.write_text(_REVISED, encoding="utf-8")
    (found,) = indicator_balances(load(path), [EX["i-revised"]], date(2025, 6, 30))
    assert found.target == Reading(D(80), date(2030, 12, 31))
    assert found.gap == D(30)
    (late,) = indicator_balances(load(path), [EX["i-revised"]], date(2032, 1, 1))
    assert late.target == Reading(D(65), date(2031, 12, 31))
    assert late.previous == Reading(D(65), date(2031, 12, 31))


def test_the_asker_balance_uses_the_revised_2019_target() -> None:
    # portfolio-2016 raises the 2019 target of digital applications from 75 to 80 per cent.
    balance = effects(load(ASKER), date(2018, 6, 1))
    found = balance.indicator(URIRef(str(ASKER_NS) + "ind-digitale-soknader"))
    assert found is not None
    assert found.target == Reading(D(80), date(2019, 12, 31))


def test_no_target_no_data_no_direction(balance: EffectBalance) -> None:
    assert of(balance, "i-notarget").status == NO_TARGET
    assert of(balance, "i-notarget").uncounted == 1
    assert of(balance, "i-nodata").status == NO_DATA
    assert of(balance, "i-nodata").latest is None
    nodirection = of(balance, "i-nodirection")
    assert nodirection.status == NO_DIRECTION and nodirection.gap is None


def test_counts_name_every_status(balance: EffectBalance) -> None:
    assert balance.counts == {
        MET: 1,
        COVERED: 1,
        SHORT: 3,
        MISSED: 1,
        NO_TARGET: 1,
        NO_DATA: 1,
        NO_DIRECTION: 1,
    }


def test_the_dating_rule(balance: EffectBalance) -> None:
    short = of(balance, "i-short")
    counted = {(c.project, c.date) for c in short.projects}
    assert counted == {(EX.p1, date(2026, 12, 31)), (EX.p2, date(2027, 12, 31))}
    # Not counted: p1 by 2024-06-30 (before the latest reading), p2 by 2024-12-31 (on its
    # date: it must come after), p3 by 2028-06-30 (after the target).
    assert short.uncounted == 3


def test_blank_node_and_iri_effects_both_count(balance: EffectBalance) -> None:
    short = of(balance, "i-short")
    kinds = {c.project: type(c.effect) for c in short.projects}
    assert kinds == {EX.p1: BNode, EX.p2: URIRef}
    document = {p["project"]: p["effect"] for p in short.to_json()["projects"]}
    # A blank node has no name outside its graph: null in JSON.
    assert document == {str(EX.p1): None, str(EX.p2): str(EX["p2-e1"])}


@pytest.mark.parametrize(
    ("direction", "latest", "target", "change", "gap", "toward", "status"),
    [
        (GG.HigherIsBetter, "10", "20", "4", "10", "4", SHORT),
        (GG.HigherIsBetter, "10", "20", "-4", "10", "-4", SHORT),
        (GG.HigherIsBetter, "10", "20", "12", "10", "12", COVERED),
        (GG.LowerIsBetter, "20", "10", "-4", "10", "4", SHORT),
        (GG.LowerIsBetter, "20", "10", "-10", "10", "10", COVERED),
        (GG.LowerIsBetter, "20", "10", "4", "10", "-4", SHORT),
        (GG.LowerIsBetter, "8", "10", "1", "-2", "-1", MET),
    ],
)
def test_both_directions_by_hand(
    direction: URIRef,
    latest: str,
    target: str,
    change: str,
    gap: str,
    toward: str,
    status: str,
) -> None:
    facts = IndicatorFacts(EX.x, "x", direction=direction)
    readings = Readings(
        latest=Reading(D(latest), date(2024, 1, 1)), next=Reading(D(target), date(2027, 1, 1))
    )
    effect = Effect(EX.p, BNode(), EX.x, D(change), date(2026, 1, 1))
    result = balance_indicator(facts, readings, [effect], date(2025, 1, 1))
    assert (result.gap, result.toward, result.status) == (D(gap), D(toward), status)


def test_a_baseline_without_a_date_counts_every_effect_up_to_the_target() -> None:
    facts = IndicatorFacts(EX.x, "x", direction=GG.HigherIsBetter, baseline=D(5))
    readings = Readings(next=Reading(D(10), date(2027, 1, 1)))
    effects_ = [
        Effect(EX.p, BNode(), EX.x, D(1), date(2001, 1, 1)),
        Effect(EX.p, BNode(), EX.x, D(1), date(2027, 1, 2)),
    ]
    result = balance_indicator(facts, readings, effects_, date(2025, 1, 1))
    assert result.latest == Reading(D(5), None)
    assert result.toward == D(1) and result.uncounted == 1


# ----------------------------------------------------------------------------------------
# Bad input, conflicts, ranking, roll-ups
# ----------------------------------------------------------------------------------------


def test_bad_effects_are_skipped_with_the_reason(balance: EffectBalance) -> None:
    skipped = sorted((s.project, s.reason, s.indicator) for s in balance.skipped)
    assert skipped == sorted(
        [
            (EX.p3, NO_DIRECTION, EX["i-nodirection"]),
            (EX.p4, NOT_AN_INDICATOR, EX.other),
            (EX.p4, NO_CHANGE, EX["i-short"]),
            (EX.p4, NO_DATE, EX["i-short"]),
            (EX.p4, NO_INDICATOR, None),
        ],
        key=str,
    )
    # Nothing of p4 is counted anywhere.
    assert all(c.project != EX.p4 for b in balance.indicators for c in b.projects)


def test_conflicts_name_what_is_helped_and_hurt(balance: EffectBalance) -> None:
    conflicts = {c.project: c for c in balance.conflicts}
    assert set(conflicts) == {EX.p1, EX.p5}
    mixed = conflicts[EX.p1]
    assert mixed.kind == "mixed"
    assert set(mixed.helps) == {EX["i-short"], EX["i-covered"], EX["i-notarget"]}
    assert mixed.hurts == (EX["i-baseline"],)
    assert mixed.hurts_goals == (EX.other,)
    harmful = conflicts[EX.p5]
    assert harmful.kind == "harmful" and harmful.helps == ()
    assert harmful.hurts == (EX["i-covered"],) and harmful.hurts_goals == (EX.sub1,)


def test_contribution_and_per_krone(balance: EffectBalance) -> None:
    found = {c.project: c for c in balance.contributions}
    # Shares of the open gaps: i-short (gap 20), i-covered (10), i-baseline (10).
    assert found[EX.p1].contribution == D("0.25") + D("0.6") - D("0.2")
    assert found[EX.p2].contribution == D("0.15")
    assert found[EX.p3].contribution == D("0.7") + D("0.4")
    assert found[EX.p5].contribution == D("-0.2")
    assert found[EX.p2].per_million == D("0.1")  # 0.15 for NOK 1.5 million
    # Ranked per krone.
    assert [c.project for c in balance.contributions] == [EX.p2, EX.p1, EX.p3, EX.p5]


def test_share_of_each_goals_gap(balance: EffectBalance) -> None:
    shares = {g.goal: {p.project: p.share for p in g.projects} for g in balance.goal_shares}
    # sub1: i-short and i-covered are open.
    assert shares[EX.sub1] == {
        EX.p1: (D("0.25") + D("0.6")) / 2,
        EX.p3: D("0.35"),
        EX.p2: D("0.075"),
        EX.p5: D("-0.1"),
    }
    # The top goal rolls up its sub-goals: i-short, i-covered and i-unaddressed are open.
    top = next(g for g in balance.goal_shares if g.goal == EX.top)
    assert top.open_indicators == 3
    assert shares[EX.top][EX.p3] == D("0.7") / 3
    assert top.projects[0].project == EX.p1


def test_roll_up_per_goal_through_sub_goals(balance: EffectBalance) -> None:
    goals = {g.goal: g for g in balance.goals}
    top = goals[EX.top]
    assert top.indicators == 5
    assert (top.statuses[MET], top.statuses[COVERED], top.statuses[SHORT]) == (1, 1, 2)
    assert top.statuses[MISSED] == 1
    assert top.open_gaps == 3 and top.unaddressed == 1
    assert top.projects == 4  # p1, p2, p3 and p5 count on its open gaps
    assert top.covered == (D("0.4") + D(1) + D(0)) / 3
    assert goals[EX.sub2].covered == D(0)
    assert goals[EX.sub1].depth == 1 and top.depth == 0
    assert balance.unaddressed == (of(balance, "i-unaddressed"),)


def test_roll_up_per_party(balance: EffectBalance) -> None:
    parties = {p.party: p for p in balance.parties}
    assert set(parties) == {EX.kommune, EX.fylke}
    kommune = parties[EX.kommune]
    # p1 through its unit, p2 directly; p1 counts on three indicators, p2 on one.
    assert (kommune.projects, kommune.counted) == (2, 4)
    assert kommune.contribution == D("0.8")
    assert kommune.budget == D("11500000")
    assert kommune.financing == D("10000000")
    assert kommune.indicators == 1 and kommune.statuses[SHORT] == 1
    fylke = parties[EX.fylke]
    assert (fylke.projects, fylke.counted, fylke.financing) == (1, 3, D("22000000"))


def test_stale_data_and_past_due_targets(store: Store, balance: EffectBalance) -> None:
    stale = {s.indicator: s for s in balance.stale}
    assert set(stale) == {EX["i-nodirection"], EX["i-nodata"], EX["i-baseline"]}
    assert stale[EX["i-nodirection"]].age_days == (AT - date(2022, 1, 1)).days
    assert stale[EX["i-nodata"]].observed is None
    younger = effects(store, AT, stale_after=300)
    assert EX["i-covered"] in {s.indicator for s in younger.stale}  # 365 days old
    past = {p.indicator: p for p in balance.past_due}
    assert set(past) == {EX["i-missed"], EX["i-met"]}
    assert past[EX["i-missed"]].measured
    # The 2025-03-31 target passed after the last observation (2025-01-31).
    assert not past[EX["i-met"]].measured
    assert past[EX["i-met"]].target == Reading(D("75.0"), date(2025, 3, 31))


def test_benefits_realisation(balance: EffectBalance) -> None:
    found = {(r.project, r.indicator, r.expected): r for r in balance.realisation}
    # Only p2 (benefits realisation) and p5 (closing).
    assert {p for p, _, _ in found} == {EX.p2, EX.p5}
    cycling = found[(EX.p2, EX["i-short"], D("3.0"))]
    # Started 2023-06-30: the reading then was 15 (2022-12-31), now 30.
    assert cycling.start == Reading(D("15.0"), date(2022, 12, 31))
    assert cycling.observed == D(15) and cycling.ratio == D(5)
    assert cycling.status == REALISED
    air = found[(EX.p2, EX["i-missed"], D("-1.0"))]
    assert air.observed == D(-2) and air.status == REALISED
    # p5 started after the last observation of car trips: nothing to compare yet.
    assert found[(EX.p5, EX["i-covered"], D("2.0"))].status == REALISATION_NO_DATA


def test_realisation_statuses_by_ratio() -> None:
    assert {REALISED, PARTLY, NOT_REALISED, REALISATION_NO_DATA} == {
        "realised",
        "partly",
        "not-realised",
        "no-data",
    }


def test_financing_per_source_earmark_goal_and_party(balance: EffectBalance) -> None:
    money = balance.financing
    assert money.total == D("32000000") and money.earmarked == D("10000000")
    assert money.incomplete == 1  # p2's item has no amount
    lines = {(line.source, line.earmark): line.amount for line in money.lines}
    assert lines == {
        (EX.tolls, None): D("22000000"),
        # The item's own earmark, in the asked language.
        (EX.tolls, "Road safety"): D("6000000"),
        # No earmark on the item: the source's applies.
        (EX.state, "Cycling and walking"): D("4000000"),
    }
    goals = {g.node: g.total for g in money.goals}
    assert goals == {EX.top: D("32000000"), EX.sub1: D("10000000"), EX.sub2: D("22000000")}
    parties = {p.node: dict(p.by_source) for p in money.parties}
    assert parties == {
        EX.kommune: {EX.tolls: D("6000000"), EX.state: D("4000000")},
        EX.fylke: {EX.tolls: D("22000000")},
    }


# ----------------------------------------------------------------------------------------
# The document and the texts
# ----------------------------------------------------------------------------------------


def test_json_follows_the_contract(balance: EffectBalance) -> None:
    document = json.loads(json.dumps(balance.to_json()))
    assert document["at"] == "2025-06-30"
    for item in document["indicators"]:
        assert set(item) >= {
            "indicator",
            "label",
            "target",
            "latest",
            "gap",
            "toward",
            "covered",
            "status",
            "projects",
        }
        for key in ("target", "latest"):
            assert item[key] is None or set(item[key]) >= {"value", "date"}
        for project in item["projects"]:
            assert set(project) >= {"project", "change", "date"}
    short = next(i for i in document["indicators"] if i["indicator"] == str(EX["i-short"]))
    assert short["target"] == {"value": 50, "date": "2027-12-31", "ahead": True}
    assert short["latest"] == {"value": 30, "date": "2024-12-31", "baseline": False}
    assert (short["gap"], short["toward"], short["covered"]) == (20, 8, 0.4)
    assert short["status"] == "short"
    conflict = next(c for c in document["conflicts"] if c["project"] == str(EX.p1))
    assert set(conflict) >= {"project", "helps", "hurts"}
    assert conflict["hurts"] == [str(EX["i-baseline"])]
    assert {s["reason"] for s in document["skipped"]} == {
        NO_DIRECTION,
        NOT_AN_INDICATOR,
        NO_CHANGE,
        NO_DATE,
        NO_INDICATOR,
    }


def test_library_entry_point(store: Store) -> None:
    result = goalgraph.effects(store, AT)
    assert isinstance(result, goalgraph.EffectBalance)
    assert "effects" in goalgraph.__all__


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "nb",
            [
                "# Effektbalanse",
                "Per 30. juni 2025: 9 indikatorer",
                "Sykkelturer (tusen) | 30 (31.12.2024) | 50 (31.12.2027) | 20 | +8 | 40\u00a0% "
                "| ikke dekket",
                "## Motstridende effekter",
                "Ladepunkter: gap 1 antall",
                "effekten har ingen dato (gg:date)",
            ],
        ),
        (
            "en",
            [
                "# Effect balance",
                "As of 30 June 2025: 9 indicators",
                "Cycle trips (thousands) | 30 (2024-12-31) | 50 (2027-12-31) | 20 | +8 | 40% "
                "| short",
                "## Conflicting effects",
                "the effect has no date (gg:date)",
                "NOK 32,000,000 in all, 10,000,000 earmarked.",
            ],
        ),
    ],
)
def test_markdown_in_both_languages(store: Store, lang: str, phrases: list[str]) -> None:
    text = effects(store, AT, lang=lang).to_markdown()
    for phrase in phrases:
        assert phrase in text, phrase


def test_plain_text_and_plural_agreement(store: Store, tmp_path: Path) -> None:
    text = effects(store, AT, lang="nb").to_text()
    assert text.startswith("EFFEKTBALANSE\nPer 30. juni 2025: 9 indikatorer:")
    assert "Sykkelturer · Siste måling 30 (31.12.2024)" in text
    one = tmp_path / "one.ttl"
    one.write_text(
        """@prefix gg: <https://w3id.org/goalgraph#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://example.org/i> a gg:Indicator ; rdfs:label "Trær"@nb ;
            gg:direction gg:HigherIsBetter ; gg:baseline 1.0 .""",
        encoding="utf-8",
    )
    single = effects(load(one), AT, lang="nb")
    assert single.to_text().startswith("EFFEKTBALANSE\nPer 30. juni 2025: 1 indikator: 1 ingen")
    assert "1 indicator: 1 no target." in effects(load(one), AT, lang="en").to_markdown()


@pytest.mark.parametrize(
    ("lang", "number", "text"),
    [
        ("nb", 1, "1 forventet effekt som ikke teller"),
        ("nb", 2, "2 forventede effekter som ikke teller"),
        ("en", 1, "1 expected effect that does not count"),
        ("en", 1200, "1,200 expected effects that do not count"),
        ("nb", 1200, "1\u00a0200 forventede effekter som ikke teller"),
    ],
)
def test_counts_agree_with_their_number(lang: str, number: int, text: str) -> None:
    assert Words(lang).count(number, "uncounted") == text


def test_model_labels_cannot_break_the_markdown(tmp_path: Path) -> None:
    model = tmp_path / "m.ttl"
    model.write_text(
        MODEL.read_text(encoding="utf-8").replace('"Sykkelturer"@nb', '"Sykkel | *turer*"@nb'),
        encoding="utf-8",
    )
    text = effects(load(model), AT).to_markdown()
    assert "Sykkel \\| \\*turer\\*" in text


def test_a_bad_language_or_age_is_refused(store: Store) -> None:
    with pytest.raises(goalgraph.GoalgraphError, match="nb or en"):
        effects(store, AT, lang="de")
    with pytest.raises(goalgraph.GoalgraphError, match="0 days or more"):
        effects(store, AT, stale_after=-1)


# ----------------------------------------------------------------------------------------
# Stores, windows, graphs and the examples
# ----------------------------------------------------------------------------------------


def test_rdflib_and_oxigraph_give_the_same_balance(balance: EffectBalance) -> None:
    memory = MemoryStore()
    ensure_vocabulary(memory)
    memory.load([MODEL], URIRef("https://w3id.org/goalgraph/tests/graph/effects"))
    assert effects(memory, AT, lang="en").to_json() == balance.to_json()


def test_a_generated_model_balances_alike_on_rdflib_and_on_disk(tmp_path: Path) -> None:
    # Two generated municipalities (30 indicators: read through the date window), loaded one
    # graph each as `goalgraph load` does, into rdflib's store and the default on-disk store.
    from goalgraph.generate import GRAPH_BASE
    from goalgraph.store import OxigraphStore

    generate(tmp_path / "data", 2, seed=5)
    files = sorted((tmp_path / "data").glob("*.nt"))
    targets = [(URIRef(GRAPH_BASE + path.stem), [path]) for path in files]
    memory = MemoryStore()
    disk = OxigraphStore(tmp_path / "store")
    documents = []
    for store in (memory, disk):
        ensure_vocabulary(store)
        for _ in store.load_graphs(targets):
            pass
        documents.append(effects(store, date(2030, 1, 1)).to_json())
    disk.close()
    assert json.dumps(documents[0], sort_keys=True) == json.dumps(documents[1], sort_keys=True)
    # Not an empty balance: effects count, and every section has something to compare.
    assert len(documents[0]["indicators"]) == 30
    assert sum(len(i["projects"]) for i in documents[0]["indicators"]) > 0
    assert all(documents[0][key] for key in ("conflicts", "goals", "parties", "realisation"))


def test_readings_at_the_starts_read_in_parts_give_the_same_realisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a store that reads concurrently the projects are read in parts side by side; here
    # from two projects on, so that a small model takes that path.
    from goalgraph.store import OxigraphStore, concurrent

    monkeypatch.setattr(concurrent, "SPLIT_FROM", 2)
    generate(tmp_path, 2, seed=5)
    files = sorted(tmp_path.glob("*.nt"))
    memory, embedded = MemoryStore(), OxigraphStore(None)
    for store in (memory, embedded):
        ensure_vocabulary(store)
        store.load(files, URIRef("https://w3id.org/goalgraph/tests/graph/generated"))
    assert len(concurrent.split(embedded, ["a", "b", "c"])) == 2
    whole, parts = effects(memory, date(2030, 1, 1)), effects(embedded, date(2030, 1, 1))
    assert [r.start for r in parts.realisation if r.start is not None]
    assert parts.to_json() == whole.to_json()


def test_the_date_window_gives_the_same_readings_as_reading_everything(tmp_path: Path) -> None:
    # Two generated municipalities: 30 indicators with monthly observations, more than the
    # sample, so the store is read through the date window.
    generate(tmp_path, 2, seed=3)
    store = load(*sorted(tmp_path.glob("*.nt")))
    whole = effects(store, date(2026, 1, 1))
    indicators = [b.indicator for b in whole.indicators]
    assert len(indicators) > 16
    listed = {b.indicator: b for b in indicator_balances(store, indicators, date(2026, 1, 1))}
    for found in whole.indicators:
        alone = listed[found.indicator]
        assert (found.latest, found.target, found.previous, found.gap, found.toward) == (
            alone.latest,
            alone.target,
            alone.previous,
            alone.gap,
            alone.toward,
        )


def test_limited_to_one_graph_covers_its_projects_and_the_indicators_they_affect() -> None:
    store = load(*sorted(MILJOPAKKEN.glob("*.ttl")))
    graphs = {str(g.iri).rsplit("/", 1)[-1]: g.iri for g in store.graphs()}
    graph = next(iri for name, iri in graphs.items() if "melhus" in name)
    mp = Namespace("https://w3id.org/goalgraph/examples/miljopakken/")
    result = effects(store, date(2026, 1, 1), graph=graph)
    shown = {b.indicator for b in result.indicators}
    # Melhus' own indicator, and the agreement's indicator its project affects.
    assert mp["mel-ind-buss-og-sykkel"] in shown and mp["ind-trafikkutvikling"] in shown
    assert mp["ind-sykkelandel"] not in shown
    assert {c.project for c in result.contributions} == {mp["prosjekt-gs-veg-gimse-melhus"]}
    assert [p.party for p in result.parties] == [mp["melhus-kommune"]]


# Asker is read as its latest adopted portfolio version (2016): its effects, not 2015's too.
@pytest.mark.parametrize(("example", "count"), [(ASKER, 12), (MILJOPAKKEN, 45)])
def test_the_examples_balance_without_skipping(example: Path, count: int) -> None:
    result = effects(load(example), date(2026, 1, 1))
    assert result.skipped == ()
    valid = sum(len(b.projects) + b.uncounted for b in result.indicators)
    assert valid == count


# ----------------------------------------------------------------------------------------
# Bad input as SHACL results (shapes/completeness.ttl)
# ----------------------------------------------------------------------------------------

EFFECT_RULES = {
    "ExpectedEffectIndicatorShape",
    "ExpectedEffectChangeShape",
    "ExpectedEffectDateShape",
    "ExpectedEffectDirectionShape",
}


def test_what_the_balance_skips_validation_reports() -> None:
    report = goalgraph.validate(goalgraph.load(MODEL), lang="en")
    found = sorted(
        (r.rule, str(r.focus), r.value) for r in report.results if r.rule in EFFECT_RULES
    )
    assert found == [
        # Where something is missing, SHACL names the focus node as the value.
        ("ExpectedEffectChangeShape", str(EX.p4), str(EX.p4)),
        ("ExpectedEffectDateShape", str(EX.p4), str(EX.p4)),
        ("ExpectedEffectDirectionShape", str(EX.p3), str(EX["i-nodirection"])),
        # The one on a goal names the goal.
        ("ExpectedEffectIndicatorShape", str(EX.p4), str(EX.other)),
        ("ExpectedEffectIndicatorShape", str(EX.p4), str(EX.p4)),
    ]


@pytest.mark.parametrize("direction", [True, False])
def test_graph_by_graph_the_direction_of_another_graphs_indicator_is_seen(
    direction: bool,
) -> None:
    from goalgraph.store import OxigraphStore
    from goalgraph.validation.store import validate_graph

    prefixes = (
        "@prefix gg: <https://w3id.org/goalgraph#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix ex: <https://w3id.org/goalgraph/tests/effects/> .\n"
    )
    shared = prefixes + "ex:ind a gg:Indicator ; gg:measures ex:top ."
    if direction:
        shared += "\nex:ind gg:direction gg:LowerIsBetter ."
    party = prefixes + (
        "ex:proj a gg:Project ; gg:expectedEffect [ gg:indicator ex:ind ; gg:change -1.0 ; "
        'gg:date "2027-12-31"^^xsd:date ] .'
    )
    store = OxigraphStore(None)
    ensure_vocabulary(store)
    graphs = URIRef("https://w3id.org/goalgraph/tests/graph/")
    for name, text in (("shared", shared), ("party", party)):
        store.update(f"INSERT DATA {{ GRAPH <{graphs}{name}> {{ {_ntriples(text)} }} }}")
    found = validate_graph(store, URIRef(f"{graphs}party"))
    rules = [r.rule for r in found.report.results if r.rule in EFFECT_RULES]
    assert rules == ([] if direction else ["ExpectedEffectDirectionShape"])


def _ntriples(turtle: str) -> str:
    from rdflib import Graph

    return Graph().parse(data=turtle, format="turtle").serialize(format="nt")
