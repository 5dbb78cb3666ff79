"""Prioritisation worked out by hand on small portfolios where ranking by value per krone is
wrong, with committed projects, yearly frames, what-ifs and bad input; and on the examples."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

from goalgraph.analysis.effects import COVERED, MET, MISSED, SHORT, CountedEffect, IndicatorBalance
from goalgraph.analysis.prioritise import (
    gaps_covered,
    net_present_value,
    prioritise,
    spread_over_years,
)
from goalgraph.errors import PrioritisationError, UnknownNodeError
from goalgraph.store import Store
from tests.conftest import ASKER, MILJOPAKKEN, store_of

EX = "https://example.org/prioritise#"
PORTFOLIO = URIRef(EX + "portefolje")
ASKER_NS = "https://w3id.org/goalgraph/examples/asker/"
MP = "https://w3id.org/goalgraph/examples/miljopakken/"

PREFIXES = """
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <https://example.org/prioritise#> .
"""


@dataclass
class P:
    """A project of a test portfolio: its cost and its score on the one criterion (weight 1)."""

    name: str
    cost: float
    score: float | None
    committed: bool = False
    yearly: dict[int, float] = field(default_factory=dict)
    extra: str = ""


def turtle(
    projects: list[P],
    frame: float | None = 10,
    yearly_frames: dict[int, float] | None = None,
    criteria: str | None = None,
) -> str:
    text = PREFIXES
    text += 'ex:portefolje a gg:Portfolio ; rdfs:label "Portefølje"@nb , "Portfolio"@en ;\n'
    text += "    gg:criteria ex:kriterier"
    if frame is not None:
        text += f" ; gg:budgetFrame {frame}"
    for year, amount in (yearly_frames or {}).items():
        text += f' ; gg:yearlyFrame [ gg:year "{year}"^^xsd:gYear ; gg:amount {amount} ]'
    text += " .\n"
    text += "ex:kriterier a gg:CriteriaScheme ; gg:scaleMin 0 ; gg:scaleMax 10 .\n"
    text += (
        criteria
        if criteria is not None
        else (
            "ex:verdi a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 1 ; "
            'rdfs:label "Verdi"@nb , "Value"@en .\n'
        )
    )
    for p in projects:
        text += f'ex:{p.name} a gg:Project ; rdfs:label "{p.name}"@nb , "{p.name}"@en ; '
        text += f"gg:partOf ex:portefolje ; gg:budget {p.cost}"
        if p.score is not None:
            text += f" ; gg:assessment [ gg:criterion ex:verdi ; gg:score {p.score} ]"
        if p.committed:
            text += " ; gg:committed true"
        for year, amount in p.yearly.items():
            text += f' ; gg:yearlyCost [ gg:year "{year}"^^xsd:gYear ; gg:amount {amount} ]'
        text += p.extra + " .\n"
    return text


def store(text: str) -> Store:
    return store_of(Graph().parse(data=text, format="turtle"))


def names(nodes: tuple[URIRef, ...] | list[URIRef]) -> set[str]:
    return {str(n)[len(EX) :] for n in nodes}


# The first case: ranking by value per krone takes D (1.5 per krone), then A (1.17) and has
# no room left for B or C; the best use of the frame of 10 is B and C (value 10 against 8.5).
KNAPSACK = [P("A", 6, 7), P("B", 5, 5), P("C", 5, 5), P("D", 1, 1.5)]


def test_the_optimum_beats_the_ranking_by_value_per_krone() -> None:
    result = prioritise(store(turtle(KNAPSACK)), PORTFOLIO, lang="en")
    assert names(result.selected) == {"B", "C"}
    assert result.value == Decimal(10) and result.cost == Decimal(10)
    assert names(result.greedy.projects) == {"A", "D"}
    assert result.greedy.value == Decimal("8.5")
    assert names(result.dropped) == {"A", "D"}
    document = result.to_json()
    assert document["portfolio"] == str(PORTFOLIO)
    assert document["frame"] == 10
    assert names([URIRef(p) for p in document["selected"]]) == {"B", "C"}
    assert [(r["project"][len(EX) :], r["value"], r["cost"]) for r in document["ranking"]] == [
        ("A", 7, 6),
        ("B", 5, 5),
        ("C", 5, 5),
        ("D", 1.5, 1),
    ]


def test_each_dropped_project_is_explained() -> None:
    result = prioritise(store(turtle(KNAPSACK)), PORTFOLIO, lang="en")
    by_name = {str(e.project)[len(EX) :]: e for e in result.explanations}
    # Keeping A within 10 leaves room for A and D only (8.5): B and C leave.
    assert by_name["A"].value == Decimal(7)
    assert by_name["A"].value_if_kept == Decimal("8.5")
    assert names(by_name["A"].leaving) == {"B", "C"}
    # At 11, A and C (12) beat B, C and D (11.5); at 10 they do not fit.
    assert by_name["A"].frame_to_keep == Decimal(11)
    # At 11 the best with D is B, C and D (11.5) but A and C give 12; at 12, A, C and D (13.5).
    assert by_name["D"].frame_to_keep == Decimal(12)


def test_committed_projects_are_always_in() -> None:
    # X (2, worth 0) is bound by a contract. In the 8 left, value per krone takes D and A
    # (7.3) and then has no room; B and C fill it (8.7).
    projects = [
        P("X", 2, 0, committed=True),
        P("A", 5, 6),
        P("B", 4, 4.4),
        P("C", 4, 4.3),
        P("D", 1, 1.3),
    ]
    result = prioritise(store(turtle(projects)), PORTFOLIO)
    assert names(result.selected) == {"X", "B", "C"}
    assert result.value == Decimal("8.7")
    assert names(result.greedy.projects) == {"X", "D", "A"}
    assert result.greedy.value == Decimal("7.3")
    committed = [c for c in result.candidates if c.committed]
    assert names([c.project for c in committed]) == {"X"}
    # Without the commitment X would go: A, B and D give 11.7.
    free = [P("X", 2, 0), *projects[1:]]
    assert names(prioritise(store(turtle(free)), PORTFOLIO).selected) == {"A", "B", "D"}


# Two years with a frame of 5 each (10 in all). D is the best per krone; value per krone takes
# D and then B (10) and has no room for A or C in 2025 or 2026. A and C fill both years (11).
YEARLY = [
    P("A", 5, 6, yearly={2025: 4, 2026: 1}),
    P("B", 5, 5, yearly={2025: 3, 2026: 2}),
    P("C", 5, 5, yearly={2025: 1, 2026: 4}),
    P("D", 4, 5, yearly={2025: 2, 2026: 2}),
]


def test_yearly_frames_are_kept() -> None:
    result = prioritise(store(turtle(YEARLY, yearly_frames={2025: 5, 2026: 5})), PORTFOLIO)
    assert names(result.selected) == {"A", "C"}
    assert result.value == Decimal(11)
    assert result.yearly_costs == {2025: Decimal(5), 2026: Decimal(5)}
    assert names(result.greedy.projects) == {"B", "D"}
    assert result.greedy.value == Decimal(10)
    assert result.to_json()["yearlyCosts"] == {"2025": 5, "2026": 5}


def test_ties_go_to_the_cheaper_selection() -> None:
    # Without yearly frames A+B, A+C and A+D are all worth 11; A+D costs 9, the others 10.
    result = prioritise(store(turtle(YEARLY)), PORTFOLIO)
    assert names(result.selected) == {"A", "D"}
    assert result.cost == Decimal(9)


def test_a_dropped_project_that_no_total_frame_keeps_within_the_yearly_frames() -> None:
    projects = [*YEARLY, P("E", 6, 9, yearly={2025: 6})]
    result = prioritise(store(turtle(projects, yearly_frames={2025: 5, 2026: 5})), PORTFOLIO)
    explained = {str(e.project)[len(EX) :]: e for e in result.explanations}
    assert explained["E"].frame_to_keep is None
    assert explained["E"].value_if_kept is None


def test_what_if_another_frame() -> None:
    result = prioritise(store(turtle(KNAPSACK)), PORTFOLIO, frame=12)
    assert names(result.selected) == {"A", "C", "D"}
    assert result.frame == Decimal(12) and result.frame_given
    assert result.baseline is not None
    assert names(result.baseline.projects) == {"B", "C"}
    changes = result.to_json()["changes"]
    assert names([URIRef(p) for p in changes["added"]]) == {"A", "D"}
    assert names([URIRef(p) for p in changes["removed"]]) == {"B"}


def test_what_if_forced_in_and_out() -> None:
    forced_in = prioritise(store(turtle(KNAPSACK)), PORTFOLIO, force_in=[EX + "D"])
    assert names(forced_in.selected) == {"A", "D"}
    assert forced_in.baseline is not None and forced_in.baseline.value == Decimal(10)
    forced_out = prioritise(store(turtle(KNAPSACK)), PORTFOLIO, force_out=[EX + "B"])
    assert names(forced_out.selected) == {"A", "D"}
    assert [c.forced for c in forced_out.candidates if names([c.project]) == {"B"}] == ["out"]


def test_missing_scores_count_as_zero_and_are_named() -> None:
    result = prioritise(store(turtle([P("A", 6, 7), P("B", 2, None)])), PORTFOLIO)
    assert [(names([m.project]), m.criterion) for m in result.missing] == [
        ({"B"}, URIRef(EX + "verdi"))
    ]
    assert {c.value for c in result.candidates if names([c.project]) == {"B"}} == {Decimal(0)}


def test_rejected_proposals_are_no_candidates() -> None:
    projects = [P("A", 6, 7), P("B", 5, 5, extra=" ; gg:proposalStatus gg:ProposalRejected")]
    result = prioritise(store(turtle(projects)), PORTFOLIO)
    assert names(result.excluded) == {"B"}
    assert names([c.project for c in result.candidates]) == {"A"}


def test_several_criteria_with_weights() -> None:
    criteria = (
        "ex:verdi a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 0.75 .\n"
        "ex:risiko a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 0.25 ; "
        "gg:computation gg:ComputedRisk .\n"
    )
    projects = [
        P("A", 6, 8, extra=" ; gg:riskLevel gg:RiskHigh"),
        P("B", 5, 4, extra=" ; gg:riskLevel gg:RiskLow"),
    ]
    graph = Graph().parse(data=turtle(projects, criteria=criteria), format="turtle")
    # The risk levels' notations come from the vocabulary.
    graph.parse(data=RISK_LEVELS, format="turtle")
    result = prioritise(store_of(graph), PORTFOLIO)
    scores = {names([c.project]).pop(): c for c in result.candidates}
    # A: 0.75 × 8 + 0.25 × 0 (high risk) = 6; B: 0.75 × 4 + 0.25 × 10 (low risk) = 5.5.
    assert scores["A"].value == Decimal(6)
    assert scores["B"].value == Decimal("5.5")


RISK_LEVELS = """
@prefix gg: <https://w3id.org/goalgraph#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
gg:RiskLow skos:notation "1" . gg:RiskMedium skos:notation "2" . gg:RiskHigh skos:notation "3" .
"""


def test_computed_cost_and_non_valued_effects() -> None:
    criteria = (
        "ex:kost a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 1 ; "
        "gg:computation gg:ComputedCost .\n"
        "ex:ipv a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 1 ; "
        "gg:computation gg:ComputedNonValuedEffects .\n"
        'gg:PlusTwo skos:notation "++" . gg:MinusOne skos:notation "-" .\n'
    )
    projects = [
        P(
            "A",
            2,
            None,
            extra=" ; gg:nonValuedEffect [ gg:plusMinus gg:PlusTwo ] , "
            "[ gg:plusMinus gg:MinusOne ]",
        ),
        P("B", 6, None),
        P("C", 10, None),
    ]
    result = prioritise(store(turtle(projects, frame=20, criteria=criteria)), PORTFOLIO)
    scores = {
        names([c.project]).pop(): {str(s.criterion)[len(EX) :]: s.score for s in c.scores}
        for c in result.candidates
    }
    # Cost on the scale 0–10, cheapest highest: 2 → 10, 6 → 5, 10 → 0.
    assert [scores[p]["kost"] for p in "ABC"] == [Decimal(10), Decimal(5), Decimal(0)]
    # ++ and - sum to +1 of ±4: (1 + 4) / 8 of the scale; none is the middle.
    assert [scores[p]["ipv"] for p in "ABC"] == [Decimal("6.25"), Decimal(5), Decimal(5)]


def test_net_present_value_at_four_percent() -> None:
    # −100 in 2025, +110 in 2026 discounted one year at 4 %: −100 + 105.77 = 5.77 → 6 NOK.
    assert net_present_value({2025: Decimal(100)}, {2026: Decimal(110)}, Decimal("0.04"), 2025) == 6
    assert net_present_value({2025: Decimal(1000)}, {}, Decimal("0.04"), 2024) == Decimal(-962)


def test_net_present_value_as_a_criterion_uses_the_default_rate() -> None:
    criteria = (
        "ex:nnv a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 1 ; "
        "gg:computation gg:ComputedNetPresentValue .\n"
    )
    benefit = ' ; gg:yearlyBenefit [ gg:year "2026"^^xsd:gYear ; gg:amount 110 ]'
    projects = [
        P("A", 100, None, yearly={2025: 100}, extra=benefit),
        P("B", 100, None, yearly={2025: 100}),
    ]
    result = prioritise(store(turtle(projects, frame=1000, criteria=criteria)), PORTFOLIO)
    raw = {names([c.project]).pop(): c.scores[0].raw for c in result.candidates}
    assert raw == {"A": Decimal(6), "B": Decimal(-100)}


def test_spread_over_years_by_days() -> None:
    spread = spread_over_years(Decimal(365), date(2025, 7, 1), date(2026, 6, 30))
    assert spread == {2025: Decimal(184), 2026: Decimal(181)}
    assert sum(spread.values()) == 365


def _balance(gap: int, status: str, *changes: tuple[str, int]) -> IndicatorBalance:
    """An indicator's balance with only what the share of gaps covered reads."""
    counted = tuple(
        CountedEffect(URIRef(EX + p), p, BNode(), Decimal(t), date(2030, 1, 1), Decimal(t))
        for p, t in changes
    )
    return IndicatorBalance(
        indicator=URIRef(EX + f"i{gap}{status}"), label="", unit=None, direction=None, goals=(),
        target=None, target_ahead=True, latest=None, latest_is_baseline=False,
        gap=Decimal(gap), toward=sum((c.toward for c in counted), Decimal(0)), covered=None,
        status=status, projects=counted,
    )  # fmt: skip


def test_share_of_gaps_covered_from_the_effect_balance() -> None:
    balances = [
        _balance(10, SHORT, ("A", 4), ("B", 2)),
        # Two effects of A cover more than the gap: the share stops at 1.
        _balance(5, COVERED, ("A", 3), ("A", 4)),
        # Met and missed gaps are not open: they count for nobody.
        _balance(0, MET),
        _balance(8, MISSED, ("B", 8)),
    ]
    shares = gaps_covered(balances, [URIRef(EX + "A"), URIRef(EX + "B"), URIRef(EX + "C")])
    assert shares == {
        URIRef(EX + "A"): Decimal("0.7"),
        URIRef(EX + "B"): Decimal("0.1"),
        URIRef(EX + "C"): Decimal(0),
    }


def test_share_of_gaps_covered_is_computed_from_the_model() -> None:
    """A criterion computed as gg:ComputedGapsCovered scores each project from the model's
    own effect balance: B closes the whole gap of 10, A 4 of it, C and D nothing."""
    criteria = (
        "ex:gap a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 1 ; "
        "gg:computation gg:ComputedGapsCovered .\n"
        "ex:i a gg:Indicator ; gg:direction gg:HigherIsBetter ; gg:baseline 0 ; "
        'gg:baselineDate "2020-01-01"^^xsd:date .\n'
        '[] a gg:TargetValue ; gg:indicator ex:i ; gg:value 10 ; gg:date "2099-12-31"^^xsd:date .\n'
    )
    effect = (
        ' ; gg:expectedEffect [ gg:indicator ex:i ; gg:change {} ; gg:date "2098-01-01"^^xsd:date ]'
    )
    unscored = [
        P("A", 6, None, extra=effect.format(4)), P("B", 5, None, extra=effect.format(10)),
        P("C", 5, None), P("D", 1, None),
    ]  # fmt: skip
    result = prioritise(store(turtle(unscored, criteria=criteria)), PORTFOLIO)
    scores = {names([c.project]).pop(): c.scores[0].score for c in result.candidates}
    assert scores["B"] > scores["A"] > scores["C"] == scores["D"]


# ------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------


def test_a_score_on_a_criterion_outside_the_scheme_names_the_project_and_criterion() -> None:
    text = turtle([P("A", 6, 7, extra=" ; gg:assessment [ gg:criterion ex:fremmed ; gg:score 2 ]")])
    text += "ex:fremmed a gg:Criterion ; gg:weight 1 .\n"
    with pytest.raises(PrioritisationError) as info:
        prioritise(store(text), PORTFOLIO)
    message = str(info.value)
    assert (
        f"<{EX}A>" in message and f"<{EX}fremmed>" in message and "not in the criteria" in message
    )


def test_a_criterion_without_a_weight_is_named() -> None:
    criteria = "ex:verdi a gg:Criterion ; skos:inScheme ex:kriterier .\n"
    with pytest.raises(PrioritisationError, match=f"<{EX}verdi>.*no weight"):
        prioritise(store(turtle(KNAPSACK, criteria=criteria)), PORTFOLIO)


def test_a_frame_smaller_than_the_committed_projects_names_them() -> None:
    projects = [P("A", 6, 7, committed=True), P("B", 5, 5, committed=True)]
    with pytest.raises(PrioritisationError) as info:
        prioritise(store(turtle(projects)), PORTFOLIO)
    message = str(info.value)
    assert f"<{PORTFOLIO}>" in message and f"<{EX}A>" in message and f"<{EX}B>" in message
    assert "at least 11" in message


def test_a_yearly_frame_smaller_than_the_committed_projects_names_the_year() -> None:
    projects = [P("A", 5, 6, committed=True, yearly={2025: 4, 2026: 1})]
    with pytest.raises(PrioritisationError, match="yearly frame 2025"):
        prioritise(store(turtle(projects, yearly_frames={2025: 3})), PORTFOLIO)


def test_a_score_outside_the_scale_is_refused() -> None:
    with pytest.raises(PrioritisationError, match="outside the scale 0–10"):
        prioritise(store(turtle([P("A", 6, 12)])), PORTFOLIO)


def test_a_portfolio_without_criteria_or_frame() -> None:
    text = PREFIXES + "ex:portefolje a gg:Portfolio ; gg:budgetFrame 10 .\n"
    with pytest.raises(PrioritisationError, match="no criteria scheme"):
        prioritise(store(text), PORTFOLIO)
    with pytest.raises(PrioritisationError, match="no budget frame"):
        prioritise(store(turtle(KNAPSACK, frame=None)), PORTFOLIO)


def test_forcing_a_committed_project_out_or_an_outsider_in_is_refused() -> None:
    projects = [P("A", 6, 7, committed=True), P("B", 5, 5)]
    with pytest.raises(PrioritisationError, match="committed"):
        prioritise(store(turtle(projects)), PORTFOLIO, force_out=[EX + "A"])
    with pytest.raises(PrioritisationError, match="not a candidate"):
        prioritise(
            store(turtle(projects) + "ex:Z a gg:Project .\n"), PORTFOLIO, force_in=[EX + "Z"]
        )


def test_an_unknown_portfolio() -> None:
    with pytest.raises(UnknownNodeError):
        prioritise(store(turtle(KNAPSACK)), EX + "ingen")
    with pytest.raises(UnknownNodeError, match="not a portfolio"):
        prioritise(store(turtle(KNAPSACK)), EX + "A")


# ------------------------------------------------------------------------------------------
# The examples
# ------------------------------------------------------------------------------------------


def test_asker_strategic_portfolio_is_brought_within_its_frame(asker_graph: Store) -> None:
    # The 2016 portfolio (the version read by default) fits its frame of 65 MNOK.
    fits = prioritise(asker_graph, ASKER_NS + "strategisk-portefolje", lang="en")
    assert fits.current.cost == fits.cost == Decimal(61_250_000)
    assert fits.frame == Decimal(65_000_000) and fits.dropped == ()
    # A frame of 55 MNOK does not hold it: FutureBuilt (14 MNOK) goes.
    result = prioritise(
        asker_graph, ASKER_NS + "strategisk-portefolje", lang="en", frame=55_000_000
    )
    assert result.dropped == (URIRef(ASKER_NS + "pr-futurebuilt"),)
    assert result.cost == Decimal(47_250_000)
    # Every project has a score on each of the four criteria, with its rationale.
    assert result.missing == ()
    assert all(s.rationale for c in result.candidates for s in c.scores)
    (futurebuilt,) = result.explanations
    assert futurebuilt.frame_to_keep == Decimal(59_450_000)
    assert {str(g.goal) for g in result.goals} >= {ASKER_NS + "mg-lavutslippssamfunn"}


def test_miljopakken_keeps_the_projects_bound_by_the_agreement(miljopakken_graph: Store) -> None:
    own = prioritise(miljopakken_graph, MP + "portefolje")
    assert own.dropped == ()
    tight = prioritise(miljopakken_graph, MP + "portefolje", frame=3_000_000_000)
    committed = {c.project for c in tight.candidates if c.committed}
    assert len(committed) == 4
    assert committed <= set(tight.selected)
    assert tight.dropped == (URIRef(MP + "prosjekt-elgeseter-gate"),)
    # Resources is computed from the cost: the dearest project scores lowest.
    elgeseter = next(
        c for c in tight.candidates if c.project == URIRef(MP + "prosjekt-elgeseter-gate")
    )
    assert {s.score for s in elgeseter.scores if s.computed} == {Decimal(0)}
    with pytest.raises(PrioritisationError, match="committed projects"):
        prioritise(miljopakken_graph, MP + "portefolje", frame=1_000_000_000)


# ------------------------------------------------------------------------------------------
# The command line
# ------------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "prioritise", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_json_has_the_contract_keys() -> None:
    done = _cli(
        str(ASKER), "--portfolio", "asker:strategisk-portefolje", "--frame", "55000000",
        "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    for key in ("portfolio", "frame", "selected", "dropped", "cost", "value", "ranking"):
        assert key in document
    assert document["dropped"] == [ASKER_NS + "pr-futurebuilt"]
    assert set(document["ranking"][0]) >= {"project", "value", "cost"}


def test_cli_markdown_and_what_if(tmp_path: Path) -> None:
    out = tmp_path / "asker.md"
    done = _cli(
        str(ASKER),
        "--portfolio",
        "asker:strategisk-portefolje",
        "--format",
        "md",
        "--lang",
        "en",
        "--force-in",
        "asker:pr-futurebuilt",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Prioritisation of Strategic project portfolio")
    assert "forced in" in text and "Without the changes" in text


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    model = tmp_path / "model.ttl"
    model.write_text(
        turtle([P("A", 6, 7, committed=True), P("B", 5, 5, committed=True)]), encoding="utf-8"
    )
    done = _cli(str(model), "--portfolio", str(PORTFOLIO))
    assert done.returncode == 2
    assert "smaller than its committed projects" in done.stderr
    unknown = _cli(str(MILJOPAKKEN), "--portfolio", "mp:ingen")
    assert unknown.returncode == 2
    negative = _cli(str(MILJOPAKKEN), "--portfolio", "mp:portefolje", "--frame", "-5")
    assert negative.returncode == 2


# ------------------------------------------------------------------------------------------
# The portfolio report
# ------------------------------------------------------------------------------------------


def test_the_report_prioritises_every_portfolio_with_criteria(asker_graph: Store) -> None:
    from goalgraph.analysis.report import portfolio_report

    report = portfolio_report(asker_graph, lang="en", today=date(2017, 1, 1))
    (strategic,) = report.to_json()["affordable"]["prioritisation"]
    assert strategic["portfolio"] == ASKER_NS + "strategisk-portefolje"
    # The 2016 portfolio, the version read by default, fits its frame.
    assert strategic["dropped"] == [] and strategic["frameToKeep"] == {}
    markdown = report.to_markdown()
    assert "### What should be prioritised within the frame?" in markdown
    assert "**Strategic project portfolio**: All 12 projects fit." in markdown
    assert "All 12 projects fit." in report.to_html()


def test_the_report_names_a_portfolio_that_cannot_be_prioritised() -> None:
    from goalgraph.analysis.report import portfolio_report

    projects = [P("A", 6, 7, committed=True), P("B", 5, 5, committed=True)]
    report = portfolio_report(store(turtle(projects)), lang="en", today=date(2026, 1, 1))
    (entry,) = report.to_json()["affordable"]["prioritisation"]
    assert "smaller than its committed projects" in entry["error"]
    assert "Cannot be prioritised" in report.to_markdown()


def test_a_time_limit_stops_the_solver() -> None:
    from goalgraph.analysis.knapsack import SolverTimeout

    with pytest.raises(SolverTimeout):
        prioritise(store(turtle(KNAPSACK)), PORTFOLIO, time_limit=1e-9)


def test_a_computation_can_be_plugged_in(monkeypatch: pytest.MonkeyPatch) -> None:
    from goalgraph.analysis import prioritise as module

    custom = URIRef(EX + "tellinger")

    def letters(facts: module.Facts, criterion: module.Criterion) -> module.Computed:
        return {p: Decimal(len(str(p))) for p in facts.projects}, "share"

    monkeypatch.setitem(module._COMPUTATIONS, custom, letters)
    criteria = (
        "ex:tell a gg:Criterion ; skos:inScheme ex:kriterier ; gg:weight 1 ; "
        f"gg:computation <{custom}> .\n"
    )
    result = prioritise(store(turtle([P("A", 1, None), P("BBB", 1, None)], criteria=criteria)),
                        PORTFOLIO)  # fmt: skip
    scores = {names([c.project]).pop(): c.scores[0].score for c in result.candidates}
    # Shares of the longest IRI, on the scale 0–10.
    assert scores["BBB"] == Decimal(10)
    assert scores["A"] == (Decimal(10) * len(EX + "A") / len(EX + "BBB")).quantize(Decimal("0.01"))
