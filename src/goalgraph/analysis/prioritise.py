"""Prioritise a portfolio: score its projects on the portfolio's criteria and choose, with a
MILP solver, the projects of largest total value whose cost fits the frame.

The value of a project is Σ weight × score over the criteria of the portfolio's criteria
scheme (gg:criteria). Scores come from assessments (gg:assessment) or, for a computed
criterion (gg:computation), from the graph. Committed projects (gg:committed true) are always
in; rejected proposals are never candidates. The answer says what each dropped project would
have added, what the frame would have to be to keep it, and what each goal loses.
"""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from rdflib.term import Node

from goalgraph.analysis.defaults import DEFAULT_EXPLAIN
from goalgraph.analysis.effects import IndicatorBalance, indicator_shares
from goalgraph.analysis.effects import effects as effect_balance
from goalgraph.analysis.rendering import json_number
from goalgraph.errors import GoalgraphError, PrioritisationError, UnknownNodeError
from goalgraph.iri import resolve
from goalgraph.labels import short_name
from goalgraph.namespace import GG
from goalgraph.sparql.library import ask, select
from goalgraph.sparql.results import boolean, date_value, decimal, iri, text
from goalgraph.store.base import Store

if TYPE_CHECKING:
    from goalgraph.analysis import knapsack

logger = logging.getLogger(__name__)

#: The Norwegian discount rate for public projects (Finansdepartementet's circular R-109).
DEFAULT_DISCOUNT_RATE = Decimal("0.04")
DEFAULT_SCALE = (Decimal(0), Decimal(5))
#: Computed scores are put on the scale with two decimals.
_SCORE_PLACES = Decimal("0.01")
_LEVEL_WEIGHT = {GG.MainGoal: Decimal(1), GG.SubGoal: Decimal("0.5")}


# ------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """A criterion of the portfolio's scheme with its weight; ``computation`` when computed."""

    criterion: URIRef
    label: str
    weight: Decimal
    computation: URIRef | None = None
    discount_rate: Decimal | None = None
    base_year: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "criterion": str(self.criterion),
            "label": self.label,
            "weight": json_number(self.weight),
            "computation": _opt(self.computation),
        }


@dataclass(frozen=True)
class Score:
    """A project's score on one criterion; ``raw`` is what a computed score was computed from
    (goal points, NOK of net present value, …)."""

    criterion: URIRef
    score: Decimal | None
    weighted: Decimal
    computed: bool = False
    raw: Decimal | None = None
    rationale: str | None = None
    assessor: str | None = None
    date: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "criterion": str(self.criterion),
            "score": json_number(self.score),
            "weighted": json_number(self.weighted),
            "computed": self.computed,
            "raw": json_number(self.raw),
            "rationale": self.rationale,
            "assessor": self.assessor,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Candidate:
    """A project of the portfolio with its cost, value and the scores the value comes from."""

    project: URIRef
    label: str
    cost: Decimal
    value: Decimal
    scores: tuple[Score, ...]
    yearly: Mapping[int, Decimal]
    committed: bool = False
    selected: bool = False
    forced: str | None = None
    status: URIRef | None = None
    phase: str | None = None

    @property
    def value_per_million(self) -> Decimal | None:
        """Value per million NOK (None for a project that costs nothing)."""
        if self.cost == 0:
            return None
        return self.value / self.cost * Decimal(1_000_000)

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "value": json_number(self.value),
            "cost": json_number(self.cost),
            "selected": self.selected,
            "committed": self.committed,
            "forced": self.forced,
            "valuePerMillion": json_number(_round(self.value_per_million)),
            "phase": self.phase,
            "status": _opt(self.status),
            "yearlyCost": {str(y): json_number(a) for y, a in sorted(self.yearly.items())},
            "scores": [s.to_json() for s in self.scores],
        }


@dataclass(frozen=True)
class Effect:
    """An expected effect of a project on an indicator."""

    indicator: URIRef
    label: str
    change: Decimal | None
    unit: str | None
    date: date | None

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": str(self.indicator),
            "label": self.label,
            "change": json_number(self.change),
            "unit": self.unit,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class GoalLoss:
    """What a goal loses with the dropped projects that serve it; ``kept`` selected projects
    still serve it."""

    goal: URIRef
    label: str
    level: str
    dropped: tuple[URIRef, ...]
    effects: tuple[tuple[URIRef, Effect], ...]
    kept: int

    def to_json(self) -> dict[str, Any]:
        return {
            "goal": str(self.goal),
            "label": self.label,
            "level": self.level,
            "dropped": [str(p) for p in self.dropped],
            "kept": self.kept,
            "effects": [{"project": str(p), **e.to_json()} for p, e in self.effects],
        }


@dataclass(frozen=True)
class Explanation:
    """Why a project was dropped: what it would have added, what keeping it at this frame
    would cost in other projects, and the frame that would keep it."""

    project: URIRef
    label: str
    value: Decimal
    cost: Decimal
    value_if_kept: Decimal | None
    leaving: tuple[URIRef, ...]
    frame_to_keep: Decimal | None
    goals: tuple[URIRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "wouldAdd": json_number(self.value),
            "cost": json_number(self.cost),
            "valueIfKept": json_number(self.value_if_kept),
            "leaving": [str(p) for p in self.leaving],
            "frameToKeep": json_number(self.frame_to_keep),
            "goals": [str(g) for g in self.goals],
        }


@dataclass(frozen=True)
class Selection:
    """A set of projects with its total value and cost."""

    projects: tuple[URIRef, ...]
    value: Decimal
    cost: Decimal
    frame: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "frame": json_number(self.frame),
            "projects": [str(p) for p in self.projects],
            "value": json_number(self.value),
            "cost": json_number(self.cost),
        }


@dataclass(frozen=True)
class MissingScore:
    """A project with no score on a criterion scored by hand (counted as 0)."""

    project: URIRef
    criterion: URIRef


@dataclass(frozen=True)
class Prioritisation:
    """The best selection of a portfolio's projects within the frame, explained."""

    portfolio: URIRef
    label: str
    lang: str
    scheme: URIRef
    scheme_label: str
    criteria: tuple[Criterion, ...]
    frame: Decimal
    frame_given: bool
    yearly_frames: Mapping[int, Decimal]
    candidates: tuple[Candidate, ...]
    current: Selection
    greedy: Selection
    explanations: tuple[Explanation, ...]
    goals: tuple[GoalLoss, ...]
    baseline: Selection | None = None
    excluded: tuple[URIRef, ...] = ()
    missing: tuple[MissingScore, ...] = ()
    spread: tuple[URIRef, ...] = ()
    unpriced: tuple[URIRef, ...] = ()
    labels: Mapping[URIRef, str] = field(default_factory=dict)
    solves: int = 0
    seconds: float = 0.0
    #: The solvers that answered (CP-SAT; HiGHS only with knapsack.PREVIOUS).
    solver: str = "CP-SAT"

    @property
    def ranking(self) -> tuple[Candidate, ...]:
        """Every candidate by value, highest first (then cheapest)."""
        return tuple(sorted(self.candidates, key=lambda c: (-c.value, c.cost, str(c.project))))

    @property
    def selected(self) -> tuple[URIRef, ...]:
        return tuple(c.project for c in self.ranking if c.selected)

    @property
    def dropped(self) -> tuple[URIRef, ...]:
        return tuple(c.project for c in self.ranking if not c.selected)

    @property
    def cost(self) -> Decimal:
        return sum((c.cost for c in self.candidates if c.selected), Decimal(0))

    @property
    def value(self) -> Decimal:
        return sum((c.value for c in self.candidates if c.selected), Decimal(0))

    @property
    def yearly_costs(self) -> dict[int, Decimal]:
        """The selection's cost in each year with a yearly frame."""
        return {
            year: sum(
                (c.yearly.get(year, Decimal(0)) for c in self.candidates if c.selected), Decimal(0)
            )
            for year in self.yearly_frames
        }

    def label_of(self, node: URIRef) -> str:
        return self.labels.get(node) or short_name(node)

    def to_json(self) -> dict[str, Any]:
        """The document of ``goalgraph prioritise --format json`` and ``/api/prioritise``."""
        changes = None
        if self.baseline is not None:
            before = set(self.baseline.projects)
            after = set(self.selected)
            changes = {
                "added": sorted(str(p) for p in after - before),
                "removed": sorted(str(p) for p in before - after),
            }
        return {
            "portfolio": str(self.portfolio),
            "label": self.label,
            "frame": json_number(self.frame),
            "frameGiven": self.frame_given,
            "yearlyFrames": {str(y): json_number(a) for y, a in sorted(self.yearly_frames.items())},
            "selected": [str(p) for p in self.selected],
            "dropped": [str(p) for p in self.dropped],
            "cost": json_number(self.cost),
            "value": json_number(self.value),
            "yearlyCosts": {str(y): json_number(a) for y, a in sorted(self.yearly_costs.items())},
            "ranking": [c.to_json() for c in self.ranking],
            "scheme": str(self.scheme),
            "criteria": [c.to_json() for c in self.criteria],
            "current": self.current.to_json(),
            "greedy": self.greedy.to_json(),
            "baseline": self.baseline.to_json() if self.baseline else None,
            "changes": changes,
            "explanations": [e.to_json() for e in self.explanations],
            "goals": [g.to_json() for g in self.goals],
            "excluded": [str(p) for p in self.excluded],
            "missingScores": [
                {"project": str(m.project), "criterion": str(m.criterion)} for m in self.missing
            ],
            "spread": [str(p) for p in self.spread],
            "unpriced": [str(p) for p in self.unpriced],
            "solver": {
                "name": self.solver,
                "solves": self.solves,
                "seconds": round(self.seconds, 3),
            },
        }

    def to_text(self) -> str:
        from goalgraph.analysis.prioritise_text import render

        return render(self, "text")

    def to_markdown(self) -> str:
        from goalgraph.analysis.prioritise_text import render

        return render(self, "md")


def _opt(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_SCORE_PLACES, rounding=ROUND_HALF_UP)


# ------------------------------------------------------------------------------------------
# Computed criteria
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What computed criteria read about the candidates, besides the store itself."""

    store: Store
    projects: tuple[URIRef, ...]
    costs: Mapping[URIRef, Decimal]
    risk: Mapping[URIRef, int]
    goals: Mapping[URIRef, Mapping[URIRef, URIRef | None]]
    yearly_costs: Mapping[URIRef, Mapping[int, Decimal]]
    yearly_benefits: Mapping[URIRef, Mapping[int, Decimal]]
    non_valued: Mapping[URIRef, Sequence[int]]


#: A computation gives each project a raw figure and says how to put it on the scale:
#: "share" (of the largest, zero stays the lowest score), "range" (lowest to highest),
#: "inverse" (highest to lowest), or "fixed" (the figure is already a fraction 0…1).
Computed = tuple[dict[URIRef, Decimal], str]
Computation = Callable[[Facts, Criterion], Computed]

_COMPUTATIONS: dict[URIRef, Computation] = {}


def register_computation(computation: URIRef, compute: Computation) -> None:
    """Let criteria with ``gg:computation`` ``computation`` be computed by ``compute``.

    This is how another module adds a computed criterion, or replaces one: the effect
    balance registers ``gg:ComputedGapsCovered`` when it is installed."""
    _COMPUTATIONS[computation] = compute


def _alignment(facts: Facts, criterion: Criterion) -> Computed:
    raw: dict[URIRef, Decimal] = {}
    for project in facts.projects:
        served = facts.goals.get(project, {})
        raw[project] = sum(
            (
                _LEVEL_WEIGHT.get(cls, Decimal("0.5")) if cls else Decimal("0.5")
                for cls in served.values()
            ),
            Decimal(0),
        )
    return raw, "share"


def _risk(facts: Facts, criterion: Criterion) -> Computed:
    levels = max([3, *facts.risk.values()])
    raw = {
        p: Decimal(levels - facts.risk[p]) / Decimal(levels - 1)
        for p in facts.projects
        if p in facts.risk
    }
    return raw, "fixed"


def _cost(facts: Facts, criterion: Criterion) -> Computed:
    return {p: facts.costs[p] for p in facts.projects}, "inverse"


def _npv(facts: Facts, criterion: Criterion) -> Computed:
    rate = criterion.discount_rate if criterion.discount_rate is not None else DEFAULT_DISCOUNT_RATE
    years = [
        y
        for p in facts.projects
        for y in (*facts.yearly_costs.get(p, {}), *facts.yearly_benefits.get(p, {}))
    ]
    base = criterion.base_year if criterion.base_year is not None else (min(years) if years else 0)
    raw = {
        p: net_present_value(
            facts.yearly_costs.get(p, {}), facts.yearly_benefits.get(p, {}), rate, base
        )
        for p in facts.projects
    }
    return raw, "range"


def net_present_value(
    costs: Mapping[int, Decimal], benefits: Mapping[int, Decimal], rate: Decimal, base: int
) -> Decimal:
    """Σ (benefit − cost) / (1 + rate)^(year − base), in NOK, to the krone."""
    total = Decimal(0)
    for year in set(costs) | set(benefits):
        flow = benefits.get(year, Decimal(0)) - costs.get(year, Decimal(0))
        total += flow / (Decimal(1) + rate) ** (year - base)
    return total.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _non_valued(facts: Facts, criterion: Criterion) -> Computed:
    # Absolute: 0 (no effect, or effects that cancel) is the middle of the scale, ++++ its top.
    raw = {
        p: (Decimal(max(-4, min(4, sum(facts.non_valued.get(p, ())))) + 4) / Decimal(8))
        for p in facts.projects
    }
    return raw, "fixed"


def _gaps_covered(facts: Facts, criterion: Criterion) -> Computed:
    return gaps_covered(effect_balance(facts.store).indicators, facts.projects), "share"


def gaps_covered(
    balances: Iterable[IndicatorBalance], projects: Iterable[URIRef]
) -> dict[URIRef, Decimal]:
    """Each project's share of the open gaps its counted effects cover (goalgraph effects):
    for every indicator with an open gap, the project's effects turned to the good direction
    over the gap, at most 1; summed over the indicators and divided by how many are open."""
    shares: dict[URIRef, Decimal] = {p: Decimal(0) for p in projects}
    per_indicator = indicator_shares(balances)
    for by_project in per_indicator.values():
        for project, share in by_project.items():
            if project in shares:
                shares[project] += max(Decimal(0), min(Decimal(1), share))
    if per_indicator:
        shares = {p: s / len(per_indicator) for p, s in shares.items()}
    return shares


register_computation(GG.ComputedAlignment, _alignment)
register_computation(GG.ComputedRisk, _risk)
register_computation(GG.ComputedCost, _cost)
register_computation(GG.ComputedNetPresentValue, _npv)
register_computation(GG.ComputedNonValuedEffects, _non_valued)
register_computation(GG.ComputedGapsCovered, _gaps_covered)


def _on_scale(
    raw: Mapping[URIRef, Decimal], how: str, low: Decimal, high: Decimal
) -> dict[URIRef, Decimal]:
    """Put computed figures on the scheme's scale [low, high], with two decimals."""
    span = high - low
    if not raw:
        return {}
    top, bottom = max(raw.values()), min(raw.values())
    scored: dict[URIRef, Decimal] = {}
    for project, figure in raw.items():
        if how == "fixed":
            fraction = figure
        elif how == "share":
            fraction = figure / top if top > 0 else Decimal(0)
        elif top == bottom:
            fraction = Decimal("0.5")
        elif how == "range":
            fraction = (figure - bottom) / (top - bottom)
        else:  # inverse
            fraction = (top - figure) / (top - bottom)
        scored[project] = _round(low + span * max(Decimal(0), min(Decimal(1), fraction))) or low
    return scored


# ------------------------------------------------------------------------------------------
# Reading the model
# ------------------------------------------------------------------------------------------


@dataclass
class _Model:
    label: str
    frame: Decimal | None
    scheme: URIRef
    scheme_label: str
    scale: tuple[Decimal, Decimal]
    yearly_frames: dict[int, Decimal]
    criteria: list[Criterion]


def _year(node: Node | None) -> int | None:
    value = text(node)
    if value is None:
        return None
    digits = value.lstrip("-")[:4]
    return int(digits) if digits.isdigit() else None


def _portfolio(store: Store, portfolio: URIRef, lang: str) -> _Model:
    rows = select(store, "prioritise-portfolio", {"portfolio": portfolio, "lang": lang}).rows
    if not rows:
        raise UnknownNodeError(
            f"<{portfolio}> is not a portfolio (gg:Portfolio) in the loaded graph"
        )
    first = rows[0]
    scheme = iri(first["scheme"])
    if scheme is None:
        raise PrioritisationError(
            f"the portfolio <{portfolio}> has no criteria scheme: give it gg:criteria with a "
            "gg:CriteriaScheme whose criteria (skos:inScheme) have a gg:weight"
        )
    yearly: dict[int, Decimal] = {}
    for row in rows:
        year, amount = _year(row["year"]), decimal(row["yearFrame"])
        if year is not None and amount is not None:
            if year in yearly and yearly[year] != amount:
                raise PrioritisationError(
                    f"the portfolio <{portfolio}> has two yearly frames for {year}; keep one"
                )
            yearly[year] = amount
    low = decimal(first["scaleMin"])
    high = decimal(first["scaleMax"])
    scale = (
        low if low is not None else DEFAULT_SCALE[0],
        high if high is not None else DEFAULT_SCALE[1],
    )
    if scale[1] <= scale[0]:
        raise PrioritisationError(
            f"the criteria scheme <{scheme}> has a scale from {scale[0]} to {scale[1]}; "
            "gg:scaleMax must be larger than gg:scaleMin"
        )
    criteria = _criteria(store, portfolio, scheme, lang)
    return _Model(
        label=text(first["label"]) or short_name(portfolio),
        frame=decimal(first["frame"]),
        scheme=scheme,
        scheme_label=text(first["schemeLabel"]) or short_name(scheme),
        scale=scale,
        yearly_frames=yearly,
        criteria=criteria,
    )


def _criteria(store: Store, portfolio: URIRef, scheme: URIRef, lang: str) -> list[Criterion]:
    weights: dict[URIRef, set[Decimal]] = defaultdict(set)
    found: dict[URIRef, Criterion] = {}
    for row in select(store, "prioritise-criteria", {"portfolio": portfolio, "lang": lang}):
        criterion = iri(row["criterion"])
        if criterion is None:
            continue
        weight = decimal(row["weight"])
        if row["weight"] is not None and weight is None:
            raise PrioritisationError(
                f"the criterion <{criterion}> has the weight '{row['weight']}', which is not a "
                "number; give gg:weight as an xsd:decimal, for example 0.25"
            )
        if weight is not None:
            weights[criterion].add(weight)
        found.setdefault(
            criterion,
            Criterion(
                criterion=criterion,
                label=text(row["label"]) or short_name(criterion),
                weight=Decimal(0),
                computation=iri(row["computation"]),
                discount_rate=decimal(row["discountRate"]),
                base_year=_year(row["baseYear"]),
            ),
        )
    if not found:
        raise PrioritisationError(
            f"the criteria scheme <{scheme}> of the portfolio <{portfolio}> has no criteria: "
            "add gg:Criterion nodes with skos:inScheme and a gg:weight"
        )
    criteria: list[Criterion] = []
    for criterion, info in found.items():
        given = weights.get(criterion, set())
        if not given:
            raise PrioritisationError(
                f"the criterion <{criterion}> ({info.label}) has no weight: give it gg:weight "
                "(a decimal, for example 0.25) so that its scores can count"
            )
        if len(given) > 1:
            shown = ", ".join(str(w) for w in sorted(given))
            raise PrioritisationError(
                f"the criterion <{criterion}> ({info.label}) has several weights ({shown}); "
                "keep one"
            )
        if info.computation is not None and info.computation not in _COMPUTATIONS:
            raise PrioritisationError(
                f"the criterion <{criterion}> ({info.label}) is computed by <{info.computation}>, "
                "which goalgraph does not know; use one of the concepts of gg:ComputationScheme"
            )
        criteria.append(
            Criterion(
                criterion,
                info.label,
                next(iter(given)),
                info.computation,
                info.discount_rate,
                info.base_year,
            )
        )
    return criteria


@dataclass
class _Project:
    project: URIRef
    label: str
    budget: Decimal | None
    committed: bool
    status: URIRef | None
    phase: str | None
    risk: int | None
    start: date | None
    end: date | None


def _projects(store: Store, portfolio: URIRef, lang: str) -> list[_Project]:
    found: list[_Project] = []
    for row in select(store, "prioritise-projects", {"portfolio": portfolio, "lang": lang}):
        project = iri(row["project"])
        if project is None:
            continue
        label = text(row["label"]) or text(row["anyLabel"]) or short_name(project)
        if int(str(row["budgets"] or 0)) > 1:
            raise PrioritisationError(
                f"the project <{project}> ({label}) has several budgets; keep one gg:budget"
            )
        budget = decimal(row["budget"])
        if row["budget"] is not None and budget is None:
            raise PrioritisationError(
                f"the project <{project}> ({label}) has the budget '{row['budget']}', which is "
                "not a number; give gg:budget in NOK as an xsd:decimal"
            )
        risk_order = text(row["riskOrder"])
        found.append(
            _Project(
                project=project,
                label=label,
                budget=budget,
                committed=boolean(row["committed"]),
                status=iri(row["status"]),
                phase=text(row["phaseLabel"]),
                risk=int(risk_order) if risk_order and risk_order.isdigit() else None,
                start=date_value(row["start"]),
                end=date_value(row["end"]),
            )
        )
    return found


def _plus_minus(notation: str | None) -> int | None:
    if notation is None:
        return None
    notation = notation.strip()
    if notation == "0":
        return 0
    if notation and set(notation) == {"+"}:
        return len(notation)
    if notation and set(notation) <= {"-", "−"}:
        return -len(notation)
    return None


def _amounts(
    store: Store, portfolio: URIRef
) -> tuple[
    dict[URIRef, dict[int, Decimal]], dict[URIRef, dict[int, Decimal]], dict[URIRef, list[int]]
]:
    costs: dict[URIRef, dict[int, Decimal]] = defaultdict(dict)
    benefits: dict[URIRef, dict[int, Decimal]] = defaultdict(dict)
    non_valued: dict[URIRef, list[int]] = defaultdict(list)
    for row in select(store, "prioritise-amounts", {"portfolio": portfolio}):
        project = iri(row["project"])
        kind = text(row["kind"])
        if project is None:
            continue
        if kind == "nonvalued":
            step = _plus_minus(text(row["notation"]))
            if step is None:
                raise PrioritisationError(
                    f"a non-valued effect of the project <{project}> has no step on the "
                    "plus-minus scale: give it gg:plusMinus with one of gg:PlusFour … gg:MinusFour"
                )
            non_valued[project].append(step)
            continue
        year, amount = _year(row["year"]), decimal(row["amount"])
        if year is None or amount is None:
            raise PrioritisationError(
                f"a yearly {kind} of the project <{project}> has no usable year or amount: give "
                "gg:year as an xsd:gYear (2026) and gg:amount in NOK as an xsd:decimal"
            )
        target = costs if kind == "cost" else benefits
        target[project][year] = target[project].get(year, Decimal(0)) + amount
    return costs, benefits, non_valued


@dataclass
class _Links:
    goals: dict[URIRef, dict[URIRef, URIRef | None]]
    goal_labels: dict[URIRef, str]
    effects: dict[URIRef, list[tuple[URIRef | None, Effect]]]


def _links(store: Store, portfolio: URIRef, lang: str) -> _Links:
    goals: dict[URIRef, dict[URIRef, URIRef | None]] = defaultdict(dict)
    labels: dict[URIRef, str] = {}
    effects: dict[URIRef, list[tuple[URIRef | None, Effect]]] = defaultdict(list)
    for row in select(store, "prioritise-goals", {"portfolio": portfolio, "lang": lang}):
        project, goal = iri(row["project"]), iri(row["goal"])
        if project is None:
            continue
        if text(row["kind"]) == "goal" and goal is not None:
            cls = iri(row["class"])
            if goals[project].get(goal) is None:
                goals[project][goal] = cls
            if goal not in labels and text(row["label"]):
                labels[goal] = str(text(row["label"]))
        elif text(row["kind"]) == "effect":
            indicator = iri(row["indicator"])
            if indicator is None:
                continue
            effect = Effect(
                indicator=indicator,
                label=text(row["label"]) or short_name(indicator),
                change=decimal(row["change"]),
                unit=text(row["unit"]),
                date=date_value(row["date"]),
            )
            if (goal, effect) not in effects[project]:
                effects[project].append((goal, effect))
    return _Links(goals, labels, effects)


# ------------------------------------------------------------------------------------------
# Yearly costs
# ------------------------------------------------------------------------------------------


def spread_over_years(total: Decimal, start: date, end: date) -> dict[int, Decimal]:
    """``total`` spread over the calendar years of the period start–end, by days, to the
    krone (the last year takes what rounding leaves)."""
    if end < start:
        start, end = end, start
    days = (end - start).days + 1
    years = list(range(start.year, end.year + 1))
    spread: dict[int, Decimal] = {}
    left = total
    for year in years:
        if year == years[-1]:
            spread[year] = left
            break
        first = max(start, date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        share = (total * Decimal((last - first).days + 1) / Decimal(days)).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        spread[year] = share
        left -= share
    return spread


# ------------------------------------------------------------------------------------------
# Prioritising
# ------------------------------------------------------------------------------------------


def _scores(
    model: _Model,
    projects: list[_Project],
    store: Store,
    portfolio: URIRef,
    lang: str,
    facts: Facts,
) -> tuple[dict[URIRef, list[Score]], list[MissingScore]]:
    by_criterion = {c.criterion: c for c in model.criteria}
    low, high = model.scale
    given: dict[tuple[URIRef, URIRef], list[Score]] = defaultdict(list)
    labels = {p.project: p.label for p in projects}
    for row in select(store, "prioritise-assessments", {"portfolio": portfolio, "lang": lang}):
        project, criterion = iri(row["project"]), iri(row["criterion"])
        if project is None:
            continue
        name = labels.get(project, short_name(project))
        if criterion is None:
            raise PrioritisationError(
                f"an assessment of the project <{project}> ({name}) names no criterion: give it "
                "gg:criterion with a criterion of the portfolio's scheme"
            )
        if criterion not in by_criterion:
            raise PrioritisationError(
                f"the project <{project}> ({name}) has a score on the criterion <{criterion}>, "
                f"which is not in the criteria scheme <{model.scheme}> of the portfolio "
                f"<{portfolio}>; score it on the scheme's criteria, or add the criterion to the "
                "scheme (skos:inScheme) with a gg:weight"
            )
        info = by_criterion[criterion]
        if info.computation is not None:
            raise PrioritisationError(
                f"the project <{project}> ({name}) has a score on the criterion <{criterion}> "
                f"({info.label}), which is computed (gg:computation); remove the score or the "
                "computation"
            )
        score = decimal(row["score"])
        if score is None:
            raise PrioritisationError(
                f"the assessment of the project <{project}> ({name}) on <{criterion}> has no "
                "score that is a number: give gg:score as an xsd:decimal"
            )
        if not low <= score <= high:
            raise PrioritisationError(
                f"the project <{project}> ({name}) scores {score} on <{criterion}> "
                f"({info.label}), outside the scale {low}–{high} of the scheme <{model.scheme}>"
            )
        given[(project, criterion)].append(
            Score(
                criterion=criterion,
                score=score,
                weighted=score * info.weight,
                rationale=text(row["rationale"]),
                assessor=text(row["assessorLabel"])
                or (short_name(a) if (a := iri(row["assessor"])) else None),
                date=date_value(row["date"]),
            )
        )
    computed: dict[URIRef, dict[URIRef, tuple[Decimal, Decimal]]] = {}
    for info in model.criteria:
        if info.computation is None:
            continue
        raw, how = _COMPUTATIONS[info.computation](facts, info)
        on_scale = _on_scale(raw, how, low, high)
        computed[info.criterion] = {p: (on_scale[p], raw[p]) for p in raw}
    scores: dict[URIRef, list[Score]] = {}
    missing: list[MissingScore] = []
    for candidate in projects:
        mine: list[Score] = []
        for info in model.criteria:
            if info.computation is not None:
                found = computed[info.criterion].get(candidate.project)
                if found is None:
                    missing.append(MissingScore(candidate.project, info.criterion))
                    mine.append(Score(info.criterion, None, Decimal(0), computed=True))
                else:
                    mine.append(
                        Score(
                            info.criterion,
                            found[0],
                            found[0] * info.weight,
                            computed=True,
                            raw=found[1],
                        )
                    )
                continue
            assessed = given.get((candidate.project, info.criterion), [])
            if not assessed:
                missing.append(MissingScore(candidate.project, info.criterion))
                mine.append(Score(info.criterion, None, Decimal(0)))
            elif len(assessed) == 1:
                mine.append(assessed[0])
            else:
                # Several assessments of one criterion (several assessors): their mean counts.
                mean = sum((a.score or Decimal(0) for a in assessed), Decimal(0)) / len(assessed)
                rationale = " / ".join(a.rationale for a in assessed if a.rationale) or None
                mine.append(Score(info.criterion, mean, mean * info.weight, rationale=rationale))
        scores[candidate.project] = mine
    return scores, missing


def _quantum(values: Iterable[Decimal]) -> Decimal:
    """The smallest power of ten every value is a whole multiple of (at most 10⁻⁶)."""
    places = 0
    for value in values:
        exponent = value.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return Decimal(1).scaleb(-min(places, 6))


def _as_units(value: Decimal, quantum: Decimal) -> int:
    return int((value / quantum).to_integral_value(rounding=ROUND_HALF_UP))


def prioritise(
    store: Store,
    portfolio: URIRef | str,
    frame: Decimal | int | float | str | None = None,
    *,
    force_in: Sequence[URIRef | str] = (),
    force_out: Sequence[URIRef | str] = (),
    lang: str = "nb",
    explain: int = DEFAULT_EXPLAIN,
    time_limit: float | None = None,
) -> Prioritisation:
    """Choose the projects of ``portfolio`` with the largest total value whose cost fits
    ``frame`` (default: the portfolio's gg:budgetFrame) and its yearly frames, every committed
    project and every project in ``force_in`` included, none of ``force_out``; ties go to the
    cheaper selection. At most ``explain`` dropped projects (the most valuable) are explained.
    With ``time_limit`` (seconds) the solver stops there with knapsack.SolverTimeout.
    """
    # The solver module loads when a portfolio is prioritised: the web app starts without it.
    from goalgraph.analysis import knapsack

    if lang not in ("nb", "en"):
        raise GoalgraphError(f"unsupported language '{lang}'; use nb or en")
    node = resolve(store, str(portfolio), what="portfolio")
    if not ask(store, "is-a", {"node": node, "class": GG.Portfolio}):
        raise UnknownNodeError(f"<{node}> is not a portfolio (gg:Portfolio) in the loaded graph")
    model = _portfolio(store, node, lang)
    given_frame = _frame(frame) if frame is not None else None
    if given_frame is None and model.frame is None:
        raise PrioritisationError(
            f"the portfolio <{node}> has no budget frame: give gg:budgetFrame in the model, or "
            "a frame (--frame NOK)"
        )
    total_frame = given_frame if given_frame is not None else model.frame
    assert total_frame is not None
    everything = _projects(store, node, lang)
    excluded = tuple(p.project for p in everything if p.status == GG.ProposalRejected)
    projects = [p for p in everything if p.status != GG.ProposalRejected]
    labels: dict[URIRef, str] = {p.project: p.label for p in everything}
    ins = _candidates_named(store, force_in, projects, "--force-in")
    outs = _candidates_named(store, force_out, projects, "--force-out")
    for project in projects:
        if project.project in outs and project.committed:
            raise PrioritisationError(
                f"the project <{project.project}> ({project.label}) is committed "
                "(gg:committed true) and cannot be forced out"
            )
    both = ins & outs
    if both:
        shown = ", ".join(f"<{p}>" for p in sorted(both))
        raise PrioritisationError(f"{shown} cannot be forced both in and out")
    costs_by_year, benefits, non_valued = _amounts(store, node)
    links = _links(store, node, lang)
    labels.update(links.goal_labels)
    labels.update({c.criterion: c.label for c in model.criteria})
    # Costs: the budget, else the sum of the yearly costs.
    costs: dict[URIRef, Decimal] = {}
    unpriced: list[URIRef] = []
    spread: list[URIRef] = []
    yearly: dict[URIRef, dict[int, Decimal]] = {}
    for project in projects:
        profile = dict(costs_by_year.get(project.project, {}))
        cost = project.budget if project.budget is not None else sum(profile.values(), Decimal(0))
        if project.budget is None and not profile:
            unpriced.append(project.project)
        costs[project.project] = cost
        if not profile and cost and (model.yearly_frames or _needs_profile(model)):
            if project.start is None or project.end is None:
                if model.yearly_frames:
                    raise PrioritisationError(
                        f"the portfolio <{node}> has yearly frames, but the project "
                        f"<{project.project}> ({project.label}) has no yearly costs "
                        "(gg:yearlyCost) and no period (gg:startDate, gg:endDate) to spread "
                        "its budget over; give one of them"
                    )
            else:
                profile = spread_over_years(cost, project.start, project.end)
                spread.append(project.project)
        yearly[project.project] = profile
    facts = Facts(
        store=store,
        projects=tuple(p.project for p in projects),
        costs=costs,
        risk={p.project: p.risk for p in projects if p.risk is not None},
        goals=links.goals,
        yearly_costs=yearly,
        yearly_benefits=benefits,
        non_valued=non_valued,
    )
    scores, missing = _scores(model, projects, store, node, lang, facts)
    values = {p: sum((s.weighted for s in scores[p]), Decimal(0)) for p in scores}

    committed = {p.project for p in projects if p.committed}
    _check_committed(
        node, total_frame, model.yearly_frames, committed, costs, yearly, labels, "committed"
    )
    if ins:
        _check_committed(
            node, total_frame, model.yearly_frames, committed | ins, costs, yearly, labels, "forced"
        )

    order = [p.project for p in projects]
    index = {p: i for i, p in enumerate(order)}
    value_quantum = _quantum(values.values())
    cost_quantum = _quantum(
        [
            *costs.values(),
            total_frame,
            *model.yearly_frames.values(),
            *(a for y in yearly.values() for a in y.values()),
        ]
    )
    years = sorted(model.yearly_frames)
    rows = (
        tuple(_as_units(costs[p], cost_quantum) for p in order),
        *(
            tuple(_as_units(yearly[p].get(y, Decimal(0)), cost_quantum) for p in order)
            for y in years
        ),
    )
    limits = (
        math.floor(total_frame / cost_quantum),
        *(math.floor(model.yearly_frames[y] / cost_quantum) for y in years),
    )
    problem = knapsack.Problem(
        values=tuple(_as_units(values[p], value_quantum) for p in order),
        rows=rows,
        limits=limits,
        fixed_in=frozenset(index[p] for p in committed),
    )
    log = knapsack.SolverLog(deadline=None if time_limit is None else time.monotonic() + time_limit)
    chosen_problem = knapsack.forced(problem, {index[p] for p in ins}, {index[p] for p in outs})
    solution = knapsack.best(chosen_problem, log)
    if not solution.feasible:
        raise PrioritisationError(
            f"no selection of the portfolio <{node}> fits the frame {total_frame} NOK and the "
            "yearly frames with the committed and forced projects in; raise the frame or force "
            "fewer projects in"
        )
    chosen = {order[i] for i in solution.chosen}
    baseline = None
    if ins or outs or (given_frame is not None and given_frame != model.frame):
        baseline = _baseline(problem, model, order, values, costs, log, cost_quantum)
    greedy_chosen = {order[i] for i in knapsack.greedy(chosen_problem)}

    candidates = tuple(
        Candidate(
            project=p.project,
            label=p.label,
            cost=costs[p.project],
            value=values[p.project],
            scores=tuple(scores[p.project]),
            yearly=yearly[p.project],
            committed=p.committed,
            selected=p.project in chosen,
            forced="in" if p.project in ins else "out" if p.project in outs else None,
            status=p.status,
            phase=p.phase,
        )
        for p in projects
    )
    by_project = {c.project: c for c in candidates}
    dropped = sorted(
        (c for c in candidates if not c.selected and c.forced != "out"),
        key=lambda c: (-c.value, c.cost, str(c.project)),
    )
    explanations = []
    for candidate in dropped[: max(0, explain)]:
        i = index[candidate.project]
        kept = knapsack.best(knapsack.forced(chosen_problem, {i}), log)
        # The best without the project is the answer itself: it was dropped.
        keep_frame = knapsack.frame_to_keep(chosen_problem, i, log, known=(kept, solution))
        leaving = (
            tuple(
                sorted(
                    (p for p in chosen if index[p] not in kept.chosen),
                    key=lambda p: labels.get(p, str(p)),
                )
            )
            if kept.feasible
            else ()
        )
        explanations.append(
            Explanation(
                project=candidate.project,
                label=candidate.label,
                value=candidate.value,
                cost=candidate.cost,
                value_if_kept=_from_units(kept.value, value_quantum) if kept.feasible else None,
                leaving=leaving,
                frame_to_keep=None if keep_frame is None else _from_units(keep_frame, cost_quantum),
                goals=tuple(sorted(links.goals.get(candidate.project, {}), key=str)),
            )
        )
    goals = _goal_losses(candidates, links, labels)
    return Prioritisation(
        portfolio=node,
        label=model.label,
        lang=lang,
        scheme=model.scheme,
        scheme_label=model.scheme_label,
        criteria=tuple(model.criteria),
        frame=total_frame,
        frame_given=given_frame is not None,
        yearly_frames=model.yearly_frames,
        candidates=candidates,
        current=Selection(
            tuple(c.project for c in candidates),
            sum((c.value for c in candidates), Decimal(0)),
            sum((c.cost for c in candidates), Decimal(0)),
            model.frame,
        ),
        greedy=Selection(
            tuple(sorted(greedy_chosen, key=lambda p: (-by_project[p].value, str(p)))),
            sum((by_project[p].value for p in greedy_chosen), Decimal(0)),
            sum((by_project[p].cost for p in greedy_chosen), Decimal(0)),
            total_frame,
        ),
        explanations=tuple(explanations),
        goals=goals,
        baseline=baseline,
        excluded=excluded,
        missing=tuple(missing),
        spread=tuple(spread),
        unpriced=tuple(unpriced),
        labels=labels,
        solves=log.solves,
        solver=", ".join(sorted(log.solvers)) or "CP-SAT",
        seconds=log.seconds,
    )


def _needs_profile(model: _Model) -> bool:
    return any(c.computation == GG.ComputedNetPresentValue for c in model.criteria)


def _from_units(units: int, quantum: Decimal) -> Decimal:
    return (Decimal(units) * quantum).normalize() if units else Decimal(0)


def _frame(value: Decimal | int | float | str) -> Decimal:
    try:
        frame = Decimal(str(value))
    except InvalidOperation as exc:
        raise PrioritisationError(f"the frame '{value}' is not a number of NOK") from exc
    if not frame.is_finite() or frame < 0:
        raise PrioritisationError(f"the frame '{value}' must be a number of NOK, 0 or more")
    return frame


def _candidates_named(
    store: Store, names: Sequence[URIRef | str], projects: list[_Project], option: str
) -> set[URIRef]:
    known = {p.project for p in projects}
    found: set[URIRef] = set()
    for name in names:
        node = resolve(store, str(name), what="project")
        if node not in known:
            raise PrioritisationError(
                f"{option}: <{node}> is not a candidate project of the portfolio (a project in "
                "it, directly or through a programme, that is not a rejected proposal)"
            )
        found.add(node)
    return found


def _check_committed(
    portfolio: URIRef,
    frame: Decimal,
    yearly_frames: Mapping[int, Decimal],
    must: set[URIRef],
    costs: Mapping[URIRef, Decimal],
    yearly: Mapping[URIRef, Mapping[int, Decimal]],
    labels: Mapping[URIRef, str],
    why: str,
) -> None:
    names = ", ".join(f"<{p}> ({labels.get(p, short_name(p))})" for p in sorted(must))
    kind = "committed projects" if why == "committed" else "committed and forced projects"
    total = sum((costs[p] for p in must), Decimal(0))
    if total > frame:
        raise PrioritisationError(
            f"the frame of the portfolio <{portfolio}>, {frame} NOK, is smaller than its {kind}, "
            f"which cost {total} NOK: {names}; raise the frame to at least {total} NOK"
        )
    for year, limit in sorted(yearly_frames.items()):
        spent = sum((yearly[p].get(year, Decimal(0)) for p in must), Decimal(0))
        if spent > limit:
            raise PrioritisationError(
                f"the yearly frame {year} of the portfolio <{portfolio}>, {limit} NOK, is smaller "
                f"than what its {kind} cost that year, {spent} NOK: {names}"
            )


def _baseline(
    problem: knapsack.Problem,
    model: _Model,
    order: list[URIRef],
    values: Mapping[URIRef, Decimal],
    costs: Mapping[URIRef, Decimal],
    log: knapsack.SolverLog,
    quantum: Decimal,
) -> Selection | None:
    """The answer without the what-if: the portfolio's own frame, nothing forced."""
    from goalgraph.analysis import knapsack

    if model.frame is None:
        return None
    at_frame = knapsack.Problem(
        problem.values,
        problem.rows,
        (math.floor(model.frame / quantum), *problem.limits[1:]),
        problem.fixed_in,
    )
    solution = knapsack.best(at_frame, log)
    if not solution.feasible:
        return None
    chosen = [order[i] for i in solution.chosen]
    chosen.sort(key=lambda p: (-values[p], str(p)))
    return Selection(
        tuple(chosen),
        sum((values[p] for p in chosen), Decimal(0)),
        sum((costs[p] for p in chosen), Decimal(0)),
        model.frame,
    )


def _goal_losses(
    candidates: Sequence[Candidate], links: _Links, labels: Mapping[URIRef, str]
) -> tuple[GoalLoss, ...]:
    serving: dict[URIRef, set[URIRef]] = defaultdict(set)
    level: dict[URIRef, str] = {}
    for project, goals in links.goals.items():
        for goal, cls in goals.items():
            serving[goal].add(project)
            level[goal] = "main" if cls == GG.MainGoal else "sub" if cls == GG.SubGoal else "goal"
    selected = {c.project for c in candidates if c.selected}
    dropped = {c.project for c in candidates if not c.selected}
    losses: list[GoalLoss] = []
    for goal, projects in serving.items():
        lost = projects & dropped
        if not lost:
            continue
        effects = tuple(
            (project, effect)
            for project in sorted(lost, key=str)
            for measured, effect in links.effects.get(project, [])
            # The effects on indicators of the goals on the project's own chain.
            if measured is None or measured in links.goals.get(project, {})
        )
        losses.append(
            GoalLoss(
                goal=goal,
                label=labels.get(goal, short_name(goal)),
                level=level.get(goal, "goal"),
                dropped=tuple(sorted(lost, key=lambda p: labels.get(p, str(p)))),
                effects=_unique(effects),
                kept=len(projects & selected),
            )
        )
    losses.sort(key=lambda g: (g.kept > 0, g.level != "main", g.label))
    return tuple(losses)


def _unique(effects: tuple[tuple[URIRef, Effect], ...]) -> tuple[tuple[URIRef, Effect], ...]:
    seen: list[tuple[URIRef, Effect]] = []
    for item in effects:
        if item not in seen:
            seen.append(item)
    return tuple(seen)
