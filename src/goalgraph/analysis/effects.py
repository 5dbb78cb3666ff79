"""The effect balance: do the projects' expected effects close the gap to the targets?

For every indicator at a date AT (seed 002: "the expected effect on the indicators is poorly
described"; issue 19 defines the rules):

- **target**: the earliest target value dated on or after AT; if there is none, the latest
  target value (then the status is ``met`` or ``missed``);
- **latest**: the latest observation dated on or before AT; if there is none, the baseline
  (with its date, when that is not after AT);
- **gap**: target − latest when higher is better, latest − target when lower is better;
- an expected effect **counts** when its date is after the latest reading's date and on or
  before the target's date (effects expected earlier should already show in the reading);
- **toward**: the sum of the counted changes turned to the good direction;
- **covered** = toward / gap; **status**: ``met`` (gap ≤ 0), ``missed`` (no target ahead and
  gap > 0), ``covered`` (toward ≥ gap), ``short`` (otherwise), ``no-target``; and, where the
  balance cannot be drawn, ``no-data`` (a target but neither an observation nor a baseline)
  and ``no-direction`` (no valid gg:direction).

Around it: conflicts, the contribution ranking, roll-ups per goal and per party, the gaps no
project addresses, stale data and past-due targets, benefits realisation and financing.
Everything is read with a few named queries (``effect-*.rq``, ``financing-*.rq``, and the
indicators' readings as the report reads them, goalgraph.analysis.readings) for all
indicators at once, never one query per indicator. ``BalanceModel`` keeps what those read,
every reading of every indicator included, and gives the balance at any date from it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from goalgraph.analysis.defaults import DEFAULT_STALE_DAYS
from goalgraph.analysis.readings import (
    Reading,
    Readings,
    Series,
    every_reading,
    parse_reading,
    read_readings,
    read_series,
)
from goalgraph.analysis.rendering import json_day, json_number
from goalgraph.chain import UP, Links
from goalgraph.errors import GoalgraphError
from goalgraph.labels import short_name
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.sparql.results import SelectResult, date_value, decimal, integer, iri, text
from goalgraph.store.base import Store
from goalgraph.store.concurrent import Pending, Reads, done, later, split

logger = logging.getLogger(__name__)

MET = "met"
COVERED = "covered"
SHORT = "short"
MISSED = "missed"
NO_TARGET = "no-target"
NO_DATA = "no-data"
NO_DIRECTION = "no-direction"
#: Every status, in the order the summaries list them.
STATUSES = (MET, COVERED, SHORT, MISSED, NO_TARGET, NO_DATA, NO_DIRECTION)

#: Why an expected effect was left out of the balance.
NO_INDICATOR = "no-indicator"
NOT_AN_INDICATOR = "not-an-indicator"
NO_CHANGE = "no-change"
NO_DATE = "no-date"
SEVERAL_VALUES = "several-values"
SKIP_REASONS = (NO_INDICATOR, NOT_AN_INDICATOR, NO_CHANGE, NO_DATE, SEVERAL_VALUES, NO_DIRECTION)

#: How benefits realisation judges the change observed since a project started.
REALISED = "realised"
PARTLY = "partly"
NOT_REALISED = "not-realised"
REALISATION_NO_DATA = "no-data"

#: The phases in which a project's benefits are followed up.
REALISATION_PHASES = (GG.PhaseClosing, GG.PhaseBenefitsRealisation)

_SIGN = {GG.HigherIsBetter: Decimal(1), GG.LowerIsBetter: Decimal(-1)}
_MILLION = Decimal(1_000_000)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


def _ratio(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _ref(node: URIRef | BNode | None) -> str | None:
    """An IRI as a string; a blank node (which has no name outside its graph) as None."""
    return str(node) if isinstance(node, URIRef) else None


@dataclass(frozen=True)
class CountedEffect:
    """An expected effect that counts towards an indicator's gap."""

    project: URIRef
    label: str
    effect: URIRef | BNode
    change: Decimal
    date: date
    #: The change turned to the good direction: positive helps, negative hurts.
    toward: Decimal

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "effect": _ref(self.effect),
            "change": json_number(self.change),
            "date": self.date.isoformat(),
            "toward": json_number(self.toward),
        }


@dataclass(frozen=True)
class IndicatorBalance:
    """One indicator's balance at a date: where it is, where it should be, and what the
    projects' counted effects do about the difference."""

    indicator: URIRef
    label: str
    unit: str | None
    direction: URIRef | None
    goals: tuple[URIRef, ...]
    target: Reading | None
    #: Whether the target is dated on or after the balance date (else it is the last one).
    target_ahead: bool
    latest: Reading | None
    #: Whether ``latest`` is the baseline because no observation is dated on or before AT.
    latest_is_baseline: bool
    gap: Decimal | None
    toward: Decimal
    covered: Decimal | None
    status: str
    projects: tuple[CountedEffect, ...]
    #: Valid expected effects on the indicator that do not count (dated outside the window).
    uncounted: int = 0
    #: The last target value dated before the balance date (for past-due targets).
    previous: Reading | None = None
    #: The date of the latest observation on or before AT (None: no observation).
    observed: date | None = None

    @property
    def open(self) -> bool:
        """A gap is still open and a target lies ahead: what projects can close."""
        return self.status in (COVERED, SHORT)

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the gap once the counted effects are in (never below 0)."""
        if self.gap is None:
            return None
        return max(self.gap - self.toward, Decimal(0))

    def stale_age(self, at: date, stale_after: int) -> int | None:
        """The latest observation's age in days at ``at`` when it is older than
        ``stale_after`` days: stale data (None when it is not, or there is none)."""
        if self.observed is None:
            return None
        age = (at - self.observed).days
        return age if age > stale_after else None

    @property
    def relative_gap(self) -> Decimal | None:
        """The gap as a share of the larger of the target and the latest reading: a size that
        compares indicators of different units (None without a gap or when both are 0)."""
        if self.gap is None or self.target is None or self.latest is None:
            return None
        scale = max(abs(self.target.value), abs(self.latest.value))
        return None if scale == 0 else self.gap / scale

    def to_json(self) -> dict[str, Any]:
        latest = None
        if self.latest is not None:
            latest = {**self.latest.to_json(), "baseline": self.latest_is_baseline}
        target = None
        if self.target is not None:
            target = {**self.target.to_json(), "ahead": self.target_ahead}
        return {
            "indicator": str(self.indicator),
            "label": self.label,
            "unit": self.unit,
            "direction": _direction_key(self.direction),
            "goals": [str(g) for g in self.goals],
            "target": target,
            "latest": latest,
            "gap": json_number(self.gap),
            "toward": json_number(self.toward),
            "covered": _ratio(self.covered),
            "status": self.status,
            "projects": [p.to_json() for p in self.projects],
            "uncounted": self.uncounted,
        }


def _direction_key(direction: URIRef | None) -> str | None:
    if direction == GG.HigherIsBetter:
        return "higher"
    if direction == GG.LowerIsBetter:
        return "lower"
    return None


@dataclass(frozen=True)
class SkippedEffect:
    """An expected effect the balance leaves out, and why (one of SKIP_REASONS)."""

    project: URIRef
    label: str
    effect: URIRef | BNode
    indicator: URIRef | BNode | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "effect": _ref(self.effect),
            "indicator": _ref(self.indicator) if self.indicator is not None else None,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Conflict:
    """A project whose expected effects move some indicator the wrong way."""

    project: URIRef
    label: str
    helps: tuple[URIRef, ...]
    hurts: tuple[URIRef, ...]
    helps_goals: tuple[URIRef, ...]
    hurts_goals: tuple[URIRef, ...]

    @property
    def kind(self) -> str:
        """``mixed`` when it also helps some indicator, ``harmful`` when it only hurts."""
        return "mixed" if self.helps else "harmful"

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "kind": self.kind,
            "helps": [str(i) for i in self.helps],
            "hurts": [str(i) for i in self.hurts],
            "helpsGoals": [str(g) for g in self.helps_goals],
            "hurtsGoals": [str(g) for g in self.hurts_goals],
        }


@dataclass(frozen=True)
class ProjectShare:
    """A project's share of one goal's open gap."""

    project: URIRef
    label: str
    share: Decimal

    def to_json(self) -> dict[str, Any]:
        return {"project": str(self.project), "label": self.label, "share": _ratio(self.share)}


@dataclass(frozen=True)
class GoalShares:
    """The projects ranked by their share of one goal's open gap: the mean, over the goal's
    open indicators (its own and its sub-goals'), of each project's counted effect as a
    share of the indicator's gap."""

    goal: URIRef
    label: str
    open_indicators: int
    projects: tuple[ProjectShare, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "goal": str(self.goal),
            "label": self.label,
            "openIndicators": self.open_indicators,
            "projects": [p.to_json() for p in self.projects],
        }


@dataclass(frozen=True)
class Contribution:
    """What one project's counted effects close, summed over the open indicators as shares of
    their gaps (1.0 closes one indicator's gap), and that per million NOK of its budget."""

    project: URIRef
    label: str
    budget: Decimal | None
    indicators: int
    contribution: Decimal
    per_million: Decimal | None

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "budget": json_number(self.budget),
            "indicators": self.indicators,
            "contribution": _ratio(self.contribution),
            "perMillionNok": _ratio(self.per_million),
        }


@dataclass(frozen=True)
class GoalRollup:
    """The balance of a goal's indicators, its sub-goals' included."""

    goal: URIRef
    label: str
    level: str
    depth: int
    indicators: int
    statuses: Mapping[str, int]
    open_gaps: int
    unaddressed: int
    projects: int
    #: The mean share of the open gaps the counted effects cover (each capped at 1).
    covered: Decimal | None

    def to_json(self) -> dict[str, Any]:
        return {
            "goal": str(self.goal),
            "label": self.label,
            "level": self.level,
            "depth": self.depth,
            "indicators": self.indicators,
            "statuses": dict(self.statuses),
            "openGaps": self.open_gaps,
            "unaddressed": self.unaddressed,
            "projects": self.projects,
            "covered": _ratio(self.covered),
        }


@dataclass(frozen=True)
class PartyRollup:
    """What one party's projects contribute, and the indicators it is responsible for."""

    party: URIRef
    label: str
    projects: int
    counted: int
    contribution: Decimal
    budget: Decimal
    financing: Decimal
    indicators: int
    statuses: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "party": str(self.party),
            "label": self.label,
            "projects": self.projects,
            "countedEffects": self.counted,
            "contribution": _ratio(self.contribution),
            "budget": json_number(self.budget),
            "financing": json_number(self.financing),
            "indicators": self.indicators,
            "statuses": dict(self.statuses),
        }


@dataclass(frozen=True)
class StaleIndicator:
    """An indicator whose latest observation is older than the allowed age, or that has none."""

    indicator: URIRef
    label: str
    observed: date | None
    age_days: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": str(self.indicator),
            "label": self.label,
            "observed": json_day(self.observed),
            "ageDays": self.age_days,
        }


@dataclass(frozen=True)
class PastDueTarget:
    """A target value whose date has passed and that the latest reading does not meet;
    ``measured`` tells whether any observation is dated on or after the target's date."""

    indicator: URIRef
    label: str
    target: Reading
    latest: Reading | None
    measured: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "indicator": str(self.indicator),
            "label": self.label,
            "target": self.target.to_json(),
            "latest": self.latest.to_json() if self.latest else None,
            "measured": self.measured,
        }


@dataclass(frozen=True)
class Realisation:
    """One expected effect of a project in closing or benefits realisation against the
    change of the indicator observed since the project started."""

    project: URIRef
    label: str
    phase: URIRef
    indicator: URIRef
    indicator_label: str
    expected: Decimal
    due: date
    start: Reading | None
    latest: Reading | None
    observed: Decimal | None
    ratio: Decimal | None
    status: str

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "phase": str(self.phase),
            "indicator": str(self.indicator),
            "indicatorLabel": self.indicator_label,
            "expected": json_number(self.expected),
            "due": self.due.isoformat(),
            "start": self.start.to_json() if self.start else None,
            "latest": self.latest.to_json() if self.latest else None,
            "observed": json_number(self.observed),
            "ratio": _ratio(self.ratio),
            "status": self.status,
        }


@dataclass(frozen=True)
class SourceLine:
    """The money from one financing source under one earmark (None: unearmarked)."""

    source: URIRef | None
    label: str
    earmark: str | None
    amount: Decimal
    items: int

    def to_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source) if self.source is not None else None,
            "label": self.label,
            "earmark": self.earmark,
            "amount": json_number(self.amount),
            "items": self.items,
        }


@dataclass(frozen=True)
class FinancedNode:
    """The money reaching one goal or one party, per financing source."""

    node: URIRef
    label: str
    total: Decimal
    earmarked: Decimal
    by_source: Mapping[URIRef | None, Decimal]

    def to_json(self, key: str) -> dict[str, Any]:
        return {
            key: str(self.node),
            "label": self.label,
            "total": json_number(self.total),
            "earmarked": json_number(self.earmarked),
            "bySource": [
                {"source": str(s) if s is not None else None, "amount": json_number(a)}
                for s, a in self.by_source.items()
            ],
        }


@dataclass(frozen=True)
class Financing:
    """Money per financing source and earmark, per goal (each project counted once for
    every goal it serves, so goals do not add up) and per party."""

    total: Decimal
    earmarked: Decimal
    lines: tuple[SourceLine, ...]
    goals: tuple[FinancedNode, ...]
    parties: tuple[FinancedNode, ...]
    #: Items without a source or an amount: left out of the sums.
    incomplete: int
    source_labels: Mapping[URIRef, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": json_number(self.total),
            "earmarked": json_number(self.earmarked),
            "bySourceAndEarmark": [line.to_json() for line in self.lines],
            "goals": [g.to_json("goal") for g in self.goals],
            "parties": [p.to_json("party") for p in self.parties],
            "incomplete": self.incomplete,
        }


@dataclass(frozen=True)
class EffectBalance:
    """The effect balance of a model at a date, with everything around it."""

    at: date
    lang: str
    stale_after: int
    indicators: tuple[IndicatorBalance, ...]
    skipped: tuple[SkippedEffect, ...]
    conflicts: tuple[Conflict, ...]
    goal_shares: tuple[GoalShares, ...]
    contributions: tuple[Contribution, ...]
    goals: tuple[GoalRollup, ...]
    parties: tuple[PartyRollup, ...]
    stale: tuple[StaleIndicator, ...]
    past_due: tuple[PastDueTarget, ...]
    realisation: tuple[Realisation, ...]
    financing: Financing
    labels: Mapping[URIRef, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        """How many indicators have each status (every status named, 0 when none)."""
        found = dict.fromkeys(STATUSES, 0)
        for balance in self.indicators:
            found[balance.status] += 1
        return found

    @property
    def unaddressed(self) -> tuple[IndicatorBalance, ...]:
        """Open gaps that no counted effect works on."""
        return tuple(b for b in self.indicators if b.open and not b.projects)

    @property
    def largest_gaps(self) -> tuple[IndicatorBalance, ...]:
        """The open gaps, the largest first: by what the counted effects leave open, as a
        share of the target or latest reading (see IndicatorBalance.relative_gap)."""

        def key(balance: IndicatorBalance) -> tuple[Decimal, str]:
            relative = balance.relative_gap or Decimal(0)
            left = Decimal(1) - min(balance.covered or Decimal(0), Decimal(1))
            return (-(relative * left), balance.label)

        return tuple(sorted((b for b in self.indicators if b.open), key=key))

    def label(self, node: URIRef) -> str:
        return self.labels.get(node) or short_name(node)

    def indicator(self, node: URIRef) -> IndicatorBalance | None:
        return next((b for b in self.indicators if b.indicator == node), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "lang": self.lang,
            "staleAfterDays": self.stale_after,
            "counts": self.counts,
            "indicators": [b.to_json() for b in self.indicators],
            "conflicts": [c.to_json() for c in self.conflicts],
            "unaddressed": [
                {"indicator": str(b.indicator), "label": b.label, "gap": json_number(b.gap)}
                for b in self.unaddressed
            ],
            "ranking": {
                "goals": [g.to_json() for g in self.goal_shares],
                "projects": [c.to_json() for c in self.contributions],
            },
            "goals": [g.to_json() for g in self.goals],
            "parties": [p.to_json() for p in self.parties],
            "stale": [s.to_json() for s in self.stale],
            "pastDue": [p.to_json() for p in self.past_due],
            "realisation": [r.to_json() for r in self.realisation],
            "financing": self.financing.to_json(),
            "skipped": [s.to_json() for s in self.skipped],
        }

    def to_markdown(self) -> str:
        from goalgraph.analysis.effects_text import markdown

        return markdown(self)

    def to_text(self) -> str:
        from goalgraph.analysis.effects_text import plain_text

        return plain_text(self)


# --------------------------------------------------------------------------------------------
# The balance of one indicator (pure: the rules of the issue, tested by hand)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Effect:
    """An expected effect with everything the balance needs."""

    project: URIRef
    node: URIRef | BNode
    indicator: URIRef
    change: Decimal
    date: date


@dataclass(frozen=True)
class IndicatorFacts:
    """What the model states about an indicator, besides its readings."""

    indicator: URIRef
    label: str
    unit: str | None = None
    direction: URIRef | None = None
    baseline: Decimal | None = None
    baseline_date: date | None = None
    goals: tuple[URIRef, ...] = ()
    responsible: tuple[URIRef, ...] = ()


def balance_indicator(
    facts: IndicatorFacts,
    readings: Readings,
    effects: Iterable[Effect],
    at: date,
    labels: Mapping[URIRef, str] | None = None,
) -> IndicatorBalance:
    """The balance of one indicator at ``at`` by the rules in the module docstring."""
    labels = labels or {}
    effects = sorted(effects, key=lambda e: (e.date, str(e.project), str(e.node)))
    sign = _SIGN.get(facts.direction) if facts.direction is not None else None
    target = readings.target
    latest, from_baseline = readings.latest, False
    if (
        latest is None
        and facts.baseline is not None
        and (facts.baseline_date is None or facts.baseline_date <= at)
    ):
        latest, from_baseline = Reading(facts.baseline, facts.baseline_date), True
    gap: Decimal | None = None
    counted: list[CountedEffect] = []
    if sign is None:
        status = NO_DIRECTION
    elif target is None:
        status = NO_TARGET
    elif latest is None:
        status = NO_DATA
    else:
        gap = (target.value - latest.value) * sign
        counted = [
            CountedEffect(
                project=e.project,
                label=labels.get(e.project) or short_name(e.project),
                effect=e.node,
                change=e.change,
                date=e.date,
                toward=e.change * sign,
            )
            for e in effects
            if (latest.date is None or e.date > latest.date)
            and (target.date is None or e.date <= target.date)
        ]
    toward = sum((c.toward for c in counted), Decimal(0))
    if gap is not None:
        if gap <= 0:
            status = MET
        elif readings.next is None:
            status = MISSED
        elif toward >= gap:
            status = COVERED
        else:
            status = SHORT
    return IndicatorBalance(
        indicator=facts.indicator,
        label=facts.label,
        unit=facts.unit,
        direction=facts.direction,
        goals=facts.goals,
        target=target,
        target_ahead=readings.next is not None,
        latest=latest,
        latest_is_baseline=from_baseline,
        gap=gap,
        toward=toward,
        covered=toward / gap if gap is not None and gap > 0 else None,
        status=status,
        projects=tuple(counted),
        uncounted=len(effects) - len(counted),
        previous=readings.previous,
        observed=readings.latest.date if readings.latest is not None else None,
    )


# --------------------------------------------------------------------------------------------
# Reading the model
# --------------------------------------------------------------------------------------------


def _pick(values: Iterable[Node | None], lang: str) -> str | None:
    """A literal in ``lang``, else an untagged one, else in the other of nb/en, else any."""
    found: dict[str, str] = {}
    for value in values:
        if isinstance(value, Literal):
            found.setdefault((value.language or "").lower(), str(value))
    for key in (lang, "", "en" if lang == "nb" else "nb"):
        if key in found:
            return found[key]
    return next(iter(sorted(found.values())), None)


def _indicator_facts(
    store: Store, lang: str, indicators: Sequence[URIRef] | None = None
) -> dict[URIRef, IndicatorFacts]:
    rows: dict[URIRef, list[Any]] = defaultdict(list)
    for row in select(store, "effect-indicators", {"lang": lang, "indicator": indicators}):
        node = iri(row["indicator"])
        if node is not None:
            rows[node].append(row)
    found: dict[URIRef, IndicatorFacts] = {}
    for node, group in rows.items():
        first = group[0] if len(group) == 1 else min(group, key=lambda r: tuple(map(str, r)))
        directions = {d for d in (iri(r["direction"]) for r in group) if d is not None}
        direction = directions.pop() if len(directions) == 1 else None
        found[node] = IndicatorFacts(
            indicator=node,
            label=text(first["label"]) or short_name(node),
            unit=text(first["unit"]),
            direction=direction if direction in _SIGN else None,
            baseline=_finite(decimal(first["baseline"])),
            baseline_date=date_value(first["baselineDate"]),
            goals=tuple(sorted({g for g in (iri(r["goal"]) for r in group) if g}, key=str)),
            responsible=tuple(
                sorted({o for o in (iri(r["responsible"]) for r in group) if o}, key=str)
            ),
        )
    return found


def _finite(value: Decimal | None) -> Decimal | None:
    return value if value is not None and value.is_finite() else None


def _expected_effect_rows(store: Store) -> list[Mapping[str, Node | None]]:
    """The rows of expected-effects, by variable name (see _read_effects)."""
    return [row.asdict() for row in select(store, "expected-effects")]


@dataclass
class _EffectRow:
    indicators: set[Node] = field(default_factory=set)
    changes: set[Node] = field(default_factory=set)
    dates: set[Node] = field(default_factory=set)


def _read_effects(
    rows: Iterable[Mapping[str, Node | None]],
    labels: Mapping[URIRef, str],
    indicators: Container[URIRef],
) -> tuple[list[Effect], list[SkippedEffect]]:
    """Valid effects and the skipped ones (with their reason) from the rows of
    expected-effects (one per effect and value); ``indicators`` are the model's indicators."""
    grouped: dict[tuple[URIRef, URIRef | BNode], _EffectRow] = {}
    for row in rows:
        project, node = iri(row.get("project")), row.get("effect")
        if project is None or not isinstance(node, URIRef | BNode):
            continue
        entry = grouped.setdefault((project, node), _EffectRow())
        for values, variable in (
            (entry.indicators, "indicator"),
            (entry.changes, "change"),
            (entry.dates, "date"),
        ):
            value = row.get(variable)
            if value is not None:
                values.add(value)
    effects: list[Effect] = []
    skipped: list[SkippedEffect] = []
    for (project, node), entry in sorted(
        grouped.items(), key=lambda i: (str(i[0][0]), str(i[0][1]))
    ):
        indicator = next(iter(entry.indicators)) if len(entry.indicators) == 1 else None
        reason = _effect_problem(entry, indicator, indicators)
        if reason is not None:
            shown = indicator if isinstance(indicator, URIRef | BNode) else None
            label = labels.get(project) or short_name(project)
            skipped.append(SkippedEffect(project, label, node, shown, reason))
            continue
        assert isinstance(indicator, URIRef)
        change = decimal(next(iter(entry.changes)))
        when = date_value(next(iter(entry.dates)))
        assert change is not None and when is not None
        effects.append(Effect(project, node, indicator, change, when))
    return effects, skipped


def _effect_problem(
    entry: _EffectRow, indicator: Node | None, indicators: Container[URIRef]
) -> str | None:
    if not entry.indicators:
        return NO_INDICATOR
    if len(entry.indicators) > 1 or len(entry.changes) > 1 or len(entry.dates) > 1:
        return SEVERAL_VALUES
    if not isinstance(indicator, URIRef) or indicator not in indicators:
        return NOT_AN_INDICATOR
    if not entry.changes or _finite(decimal(next(iter(entry.changes)))) is None:
        return NO_CHANGE
    if not entry.dates or date_value(next(iter(entry.dates))) is None:
        return NO_DATE
    return None


@dataclass(frozen=True)
class _Project:
    project: URIRef
    label: str
    budget: Decimal | None
    phase: URIRef | None
    start: date | None
    responsible: tuple[URIRef, ...]


def _projects(
    store: Store, lang: str, projects: Sequence[URIRef] | None = None
) -> dict[URIRef, _Project]:
    rows: dict[URIRef, list[Any]] = defaultdict(list)
    for row in select(store, "effect-projects", {"lang": lang, "project": projects}):
        node = iri(row["project"])
        if node is not None:
            rows[node].append(row)
    found: dict[URIRef, _Project] = {}
    for node, group in rows.items():
        first = group[0]
        found[node] = _Project(
            project=node,
            label=text(first["label"]) or short_name(node),
            budget=_finite(decimal(first["budget"])),
            phase=iri(first["phase"]),
            start=date_value(first["start"]),
            responsible=tuple(
                sorted({o for o in (iri(r["responsible"]) for r in group) if o}, key=str)
            ),
        )
    return found


@dataclass(frozen=True)
class _Goal:
    goal: URIRef
    label: str
    sub: bool
    parents: tuple[URIRef, ...]


def _goals(store: Store, lang: str) -> dict[URIRef, _Goal]:
    rows: dict[URIRef, list[Any]] = defaultdict(list)
    for row in select(store, "effect-goals", {"lang": lang}):
        node = iri(row["goal"])
        if node is not None:
            rows[node].append(row)
    return {
        node: _Goal(
            goal=node,
            label=next((text(r["label"]) for r in group if r["label"] is not None), None)
            or short_name(node),
            sub=any(integer(r["sub"]) for r in group),
            parents=tuple(sorted({p for p in (iri(r["parent"]) for r in group) if p}, key=str)),
        )
        for node, group in rows.items()
    }


@dataclass(frozen=True)
class _Party:
    party: URIRef
    label: str
    in_agreement: bool


def _parties(store: Store, lang: str) -> tuple[dict[URIRef, _Party], dict[URIRef, set[URIRef]]]:
    """The parties of plans and agreements, and the parties each responsible organisation
    is or belongs to."""
    parties: dict[URIRef, _Party] = {}
    members: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in select(store, "effect-parties", {"lang": lang}):
        party, member = iri(row["party"]), iri(row["member"])
        if party is None:
            continue
        if member is not None:
            members[member].add(party)
        else:
            parties[party] = _Party(
                party, text(row["label"]) or short_name(party), integer(row["inAgreement"]) > 0
            )
    return parties, members


# --------------------------------------------------------------------------------------------
# The balance of a model
# --------------------------------------------------------------------------------------------


def _scope(store: Store, graph: URIRef | None) -> Callable[[URIRef], bool]:
    """Whether a node is covered: every node, or with ``graph`` those it describes."""
    if graph is None:
        return lambda node: True
    own = {row["node"] for row in select(store, "graph-subjects", {"g": graph})}
    return own.__contains__


def _check(lang: str, stale_after: int) -> None:
    if lang not in ("nb", "en"):
        raise GoalgraphError(f"unsupported language '{lang}'; use nb or en")
    if stale_after < 0:
        raise GoalgraphError(f"the age for stale data must be 0 days or more, not {stale_after}")


def indicator_balances(
    store: Store, indicators: Sequence[URIRef], at: date | None = None, lang: str = "nb"
) -> list[IndicatorBalance]:
    """The balances of a few indicators (a goal's, a project's), read for those alone."""
    _check(lang, 0)
    at = at or date.today()
    wanted = list(dict.fromkeys(indicators))
    if not wanted:
        return []
    facts = _indicator_facts(store, lang, wanted)
    readings = read_readings(store, at, list(facts), listed=True)
    rows = [row.asdict() for row in select(store, "indicator-effects", {"indicator": list(facts)})]
    projects = sorted({p for p in (iri(r["project"]) for r in rows) if p}, key=str)
    labels = {p: f.label for p, f in _projects(store, lang, projects).items()} if projects else {}
    effects, _ = _read_effects(rows, labels, facts)
    by_indicator: dict[URIRef, list[Effect]] = defaultdict(list)
    for effect in effects:
        by_indicator[effect.indicator].append(effect)
    return [
        balance_indicator(facts[i], readings.get(i, Readings()), by_indicator[i], at, labels)
        for i in wanted
        if i in facts
    ]


def effects(
    store: Store,
    at: date | None = None,
    *,
    lang: str = "nb",
    stale_after: int = DEFAULT_STALE_DAYS,
    graph: URIRef | None = None,
) -> EffectBalance:
    """The effect balance of the model in ``store`` at ``at`` (default: today), in ``lang``.

    ``stale_after`` is the age in days after which an indicator's latest observation is
    stale. With ``graph`` the balance covers the indicators, projects, goals and parties
    that named graph describes and the indicators its projects have effects on; the links
    are followed through every graph.
    """
    with Reads(store) as reads:
        return balance_on(reads, at, lang=lang, stale_after=stale_after, graph=graph)


def balance_on(
    reads: Reads,
    at: date | None = None,
    *,
    lang: str = "nb",
    stale_after: int = DEFAULT_STALE_DAYS,
    graph: URIRef | None = None,
) -> EffectBalance:
    """``effects`` on the reads of a larger analysis (a report), sharing what both read."""
    _check(lang, stale_after)
    at = at or date.today()
    readings, starts = _started_dated(reads, at, graph)
    undated = _undated(_started(reads, lang, graph), lang, graph)
    return _dated(undated, readings, starts, at, lang, stale_after)


@dataclass(frozen=True)
class BalanceModel:
    """Everything the effect balance of a whole store reads, read once: the balance at any
    date and stale age is then worked out from it without reading the store again.

    This is what ``goalgraph serve`` keeps between writes. It holds every reading of every
    indicator (``Series``), where ``effects`` reads only those around its date: reading it
    takes several times as long as one balance, each balance after that a fraction.
    """

    lang: str
    series: Mapping[URIRef, Series]
    _undated: _Undated = field(repr=False)

    @classmethod
    def read(cls, store: Store, lang: str = "nb") -> BalanceModel:
        """Read the model of ``store`` in ``lang`` (its reads side by side where the store
        reads concurrently)."""
        _check(lang, 0)
        with Reads(store) as reads:
            series = reads.start(read_series, store)
            inputs = _started(reads, lang, None)
            undated = _undated(inputs, lang, None)
            # Worked out, the rest no longer needs the rows it was made of.
            return cls(lang, series.result(), replace(undated, rest=done(undated.rest.result())))

    def balance(
        self,
        at: date | None = None,
        *,
        stale_after: int = DEFAULT_STALE_DAYS,
        readings: Mapping[URIRef, Readings] | None = None,
    ) -> EffectBalance:
        """The balance at ``at`` (default: today), as ``effects`` gives it for the store the
        model was read from; ``readings`` are ``self.readings(at)`` when worked out already
        (a report shows them too)."""
        _check(self.lang, stale_after)
        at = at or date.today()
        series = self.series
        around = readings if readings is not None else self.readings(at)

        def starts(needed: Sequence[tuple[_Project, URIRef]]) -> Pending[_Starts]:
            found: _Starts = {}
            for info, indicator in needed:
                if info.start is not None and indicator in series:
                    found[(info.project, indicator)] = series[indicator].observed_by(info.start)
            return done(found)

        return _dated(self._undated, lambda facts: around, starts, at, self.lang, stale_after)

    def readings(self, at: date) -> dict[URIRef, Readings]:
        """The readings around ``at`` of every indicator (gg:Indicator) with readings, as
        ``every_reading`` reads them from the store (the report's indicator status)."""
        return {i: s.around(at) for i, s in self.series.items()}


_Starts = dict[tuple[URIRef, URIRef], Reading | None]
#: The readings around a date of the indicators given (and maybe more).
_ReadReadings = Callable[[Mapping[URIRef, IndicatorFacts]], Mapping[URIRef, Readings]]
#: The latest observation at each project's start, per project and indicator given: started
#: at once, its result asked for later.
_ReadStarts = Callable[[Sequence[tuple[_Project, URIRef]]], Pending[_Starts]]


@dataclass(frozen=True)
class _Inputs:
    """The reads whose answers are the same at every date, started."""

    mine: Pending[Callable[[URIRef], bool]]
    facts: Pending[dict[URIRef, IndicatorFacts]]
    projects: Pending[dict[URIRef, _Project]]
    effect_rows: Pending[list[Mapping[str, Node | None]]]
    goals: Pending[dict[URIRef, _Goal]]
    parties: Pending[tuple[dict[URIRef, _Party], dict[URIRef, set[URIRef]]]]
    financing: _FinancingRows


def _started_dated(
    reads: Reads, at: date, graph: URIRef | None
) -> tuple[_ReadReadings, _ReadStarts]:
    """The readings the balance at ``at`` reads: those around ``at`` (the whole store's
    started at once) and those at the projects' starts (started when asked for)."""
    store = reads.store
    # The readings of the whole store first: the longest chain of reads, which a report run
    # on the same reads shares.
    every = reads.shared(every_reading, store, at) if graph is None else None

    def readings(facts: Mapping[URIRef, IndicatorFacts]) -> Mapping[URIRef, Readings]:
        if every is not None:
            return every.result()
        return read_readings(store, at, sorted(facts, key=str), listed=False)

    def starts(needed: Sequence[tuple[_Project, URIRef]]) -> Pending[_Starts]:
        projects = sorted({info.project for info, _ in needed}, key=str)
        parts = [reads.start(_start_readings, store, part) for part in split(store, projects)]

        def joined() -> _Starts:
            found: _Starts = {}
            for part in parts:
                found.update(part.result())
            return found

        return later(joined)

    return readings, starts


def _started(reads: Reads, lang: str, graph: URIRef | None) -> _Inputs:
    """The reads whose answers are the same at every date, started."""
    store = reads.store
    # Reads that need no other answer start at once; on a store that reads concurrently
    # they run side by side (goalgraph.store.concurrent), else each when first needed.
    return _Inputs(
        mine=reads.start(_scope, store, graph),
        facts=reads.start(_indicator_facts, store, lang),
        projects=reads.start(_projects, store, lang),
        effect_rows=reads.start(_expected_effect_rows, store),
        goals=reads.start(_goals, store, lang),
        parties=reads.start(_parties, store, lang),
        financing=_FinancingRows.start(reads),
    )


@dataclass(frozen=True)
class _Undated:
    """What the balance makes of its reads that is the same at every date."""

    mine: Callable[[URIRef], bool]
    facts: dict[URIRef, IndicatorFacts]
    projects: dict[URIRef, _Project]
    #: The projects' labels, for the counted effects.
    project_labels: dict[URIRef, str]
    valid: list[Effect]
    skipped: tuple[SkippedEffect, ...]
    by_indicator: dict[URIRef, list[Effect]]
    #: The rest, worked out while the readings at the projects' starts are read.
    rest: Pending[_UndatedRest]


@dataclass(frozen=True)
class _UndatedRest:
    goals: dict[URIRef, _Goal]
    links: Links
    members: dict[URIRef, set[URIRef]]
    shown_parties: list[_Party]
    financing: Financing
    conflicts: tuple[Conflict, ...]
    mine_projects: set[URIRef]
    #: Every node's label: projects, goals, indicators and parties.
    labels: dict[URIRef, str]


def _undated(inputs: _Inputs, lang: str, graph: URIRef | None) -> _Undated:
    mine = inputs.mine.result()
    facts = inputs.facts.result()
    projects = inputs.projects.result()
    project_labels = {p: info.label for p, info in projects.items()}
    effects_found, skipped = _read_effects(inputs.effect_rows.result(), project_labels, facts)
    # An effect on an indicator without a valid direction cannot be turned to progress.
    valid: list[Effect] = []
    for effect in effects_found:
        if effect.indicator in facts and facts[effect.indicator].direction is None:
            skipped.append(
                SkippedEffect(
                    effect.project,
                    project_labels.get(effect.project) or short_name(effect.project),
                    effect.node,
                    effect.indicator,
                    NO_DIRECTION,
                )
            )
        else:
            valid.append(effect)
    if graph is not None:
        affected = {e.indicator for e in valid if mine(e.project)}
        facts = {i: f for i, f in facts.items() if mine(i) or i in affected}
        skipped = [s for s in skipped if mine(s.project)]
    by_indicator: dict[URIRef, list[Effect]] = defaultdict(list)
    for effect in valid:
        by_indicator[effect.indicator].append(effect)

    def rest() -> _UndatedRest:
        goals = inputs.goals.result()
        labels = dict(project_labels)
        labels.update({g: info.label for g, info in goals.items()})
        labels.update({i: f.label for i, f in facts.items()})
        parties, members = inputs.parties.result()
        labels.update({p: info.label for p, info in parties.items()})
        links = Links()
        for goal in goals.values():
            for parent in goal.parents:
                links.add(goal.goal, UP, parent)
        shown_parties = _shown_parties(parties, mine)
        return _UndatedRest(
            goals=goals,
            links=links,
            members=members,
            shown_parties=shown_parties,
            financing=_financing(
                inputs.financing, lang, projects, goals, shown_parties, members, links, mine
            ),
            conflicts=_conflicts(valid, facts, projects, mine),
            mine_projects={p for p in projects if mine(p)},
            labels=labels,
        )

    return _Undated(
        mine=mine,
        facts=facts,
        projects=projects,
        project_labels=project_labels,
        valid=valid,
        skipped=tuple(sorted(skipped, key=lambda s: (s.label, str(s.project), s.reason))),
        by_indicator=by_indicator,
        rest=later(rest),
    )


def _dated(
    undated: _Undated,
    readings_of: _ReadReadings,
    starts_of: _ReadStarts,
    at: date,
    lang: str,
    stale_after: int,
) -> EffectBalance:
    """The balance at ``at`` from what is the same at every date and the readings."""
    facts, projects, mine = undated.facts, undated.projects, undated.mine
    readings = readings_of(facts)
    balances = [
        balance_indicator(
            f,
            readings.get(i, Readings()),
            undated.by_indicator.get(i, ()),
            at,
            undated.project_labels,
        )
        for i, f in facts.items()
    ]
    balances.sort(key=lambda b: (b.label.casefold(), str(b.indicator)))
    by_node = {b.indicator: b for b in balances}
    # The readings at the projects' starts need the balances: the longest read of the
    # balance, started before the rest is worked out.
    realisation = _realisation(starts_of, undated.valid, projects, facts, by_node, mine)
    rest = undated.rest.result()
    shares = indicator_shares(balances)
    # For every goal, the balances of its indicators and its sub-goals': read by the ranking
    # and the roll-ups alike.
    rolled = _rolled_up(balances, rest.goals, rest.links)
    result = EffectBalance(
        at=at,
        lang=lang,
        stale_after=stale_after,
        indicators=tuple(balances),
        skipped=undated.skipped,
        conflicts=rest.conflicts,
        goal_shares=_goal_shares(rolled, shares, rest.goals, rest.labels, mine),
        contributions=_contributions(balances, shares, projects, rest.mine_projects),
        goals=_goal_rollups(rolled, rest.goals, mine),
        parties=_party_rollups(
            balances,
            shares,
            projects,
            facts,
            rest.shown_parties,
            rest.members,
            rest.financing,
        ),
        stale=_stale(balances, at, stale_after),
        past_due=_past_due(balances),
        realisation=realisation.result(),
        financing=rest.financing,
        labels=dict(rest.labels),
    )
    logger.debug(
        "effects: %d indicators, %d counted effects, %d skipped",
        len(balances),
        sum(len(b.projects) for b in balances),
        len(undated.skipped),
    )
    return result


def _shown_parties(
    parties: Mapping[URIRef, _Party], mine: Callable[[URIRef], bool]
) -> list[_Party]:
    """The parties of agreements when the model has agreements, else those of any plan."""
    chosen = [p for p in parties.values() if p.in_agreement] or list(parties.values())
    return sorted(
        (p for p in chosen if mine(p.party)), key=lambda p: (p.label.casefold(), str(p.party))
    )


def _conflicts(
    effects: Iterable[Effect],
    facts: Mapping[URIRef, IndicatorFacts],
    projects: Mapping[URIRef, _Project],
    mine: Callable[[URIRef], bool],
) -> tuple[Conflict, ...]:
    helps: dict[URIRef, set[URIRef]] = defaultdict(set)
    hurts: dict[URIRef, set[URIRef]] = defaultdict(set)
    for effect in effects:
        found = facts.get(effect.indicator)
        if found is None or found.direction is None or not mine(effect.project):
            continue
        toward = effect.change * _SIGN[found.direction]
        if toward > 0:
            helps[effect.project].add(effect.indicator)
        elif toward < 0:
            hurts[effect.project].add(effect.indicator)

    def goals_of(indicators: Iterable[URIRef]) -> tuple[URIRef, ...]:
        return tuple(sorted({g for i in indicators for g in facts[i].goals}, key=str))

    conflicts = [
        Conflict(
            project=project,
            label=projects[project].label if project in projects else short_name(project),
            helps=tuple(sorted(helps.get(project, set()), key=str)),
            hurts=tuple(sorted(hurt, key=str)),
            helps_goals=goals_of(helps.get(project, set())),
            hurts_goals=goals_of(hurt),
        )
        for project, hurt in hurts.items()
    ]
    return tuple(sorted(conflicts, key=lambda c: (c.kind, c.label.casefold(), str(c.project))))


def indicator_shares(
    balances: Iterable[IndicatorBalance],
) -> dict[URIRef, dict[URIRef, Decimal]]:
    """For every open indicator, each project's counted effect as a share of its gap."""
    shares: dict[URIRef, dict[URIRef, Decimal]] = {}
    for balance in balances:
        if not balance.open or balance.gap is None:
            continue
        found: dict[URIRef, Decimal] = defaultdict(Decimal)
        for counted in balance.projects:
            found[counted.project] += counted.toward / balance.gap
        shares[balance.indicator] = dict(found)
    return shares


def _rolled_up(
    balances: Iterable[IndicatorBalance], goals: Mapping[URIRef, _Goal], links: Links
) -> dict[URIRef, list[IndicatorBalance]]:
    """For every goal, the balances of the indicators that measure it or a goal below it."""
    found: dict[URIRef, dict[URIRef, IndicatorBalance]] = defaultdict(dict)
    above: dict[URIRef, set[URIRef]] = {}
    for balance in balances:
        for goal in balance.goals:
            if goal not in goals:
                continue
            if goal not in above:
                above[goal] = links.above(goal)
            for higher in above[goal]:
                found[higher][balance.indicator] = balance
    return {goal: list(items.values()) for goal, items in found.items()}


def _goal_shares(
    rolled: Mapping[URIRef, Sequence[IndicatorBalance]],
    shares: Mapping[URIRef, Mapping[URIRef, Decimal]],
    goals: Mapping[URIRef, _Goal],
    labels: Mapping[URIRef, str],
    mine: Callable[[URIRef], bool],
) -> tuple[GoalShares, ...]:
    found: list[GoalShares] = []
    for goal, items in rolled.items():
        if not mine(goal):
            continue
        open_items = [b for b in items if b.indicator in shares]
        if not open_items:
            continue
        total: dict[URIRef, Decimal] = defaultdict(Decimal)
        for balance in open_items:
            for project, share in shares[balance.indicator].items():
                total[project] += share
        ranked = sorted(
            (
                ProjectShare(p, labels.get(p) or short_name(p), s / len(open_items))
                for p, s in total.items()
            ),
            key=lambda s: (-s.share, s.label.casefold(), str(s.project)),
        )
        found.append(GoalShares(goal, goals[goal].label, len(open_items), tuple(ranked)))
    return tuple(sorted(found, key=lambda g: (g.label.casefold(), str(g.goal))))


def _contributions(
    balances: Sequence[IndicatorBalance],
    shares: Mapping[URIRef, Mapping[URIRef, Decimal]],
    projects: Mapping[URIRef, _Project],
    mine: set[URIRef],
) -> tuple[Contribution, ...]:
    total: dict[URIRef, Decimal] = defaultdict(Decimal)
    count: dict[URIRef, int] = defaultdict(int)
    for by_project in shares.values():
        for project, share in by_project.items():
            total[project] += share
            count[project] += 1
    found = []
    for project, contribution in total.items():
        if project not in mine:
            continue
        info = projects.get(project)
        budget = info.budget if info is not None else None
        per_million = contribution / (budget / _MILLION) if budget else None
        found.append(
            Contribution(
                project=project,
                label=info.label if info is not None else short_name(project),
                budget=budget,
                indicators=count[project],
                contribution=contribution,
                per_million=per_million,
            )
        )

    def key(c: Contribution) -> tuple[bool, Decimal, Decimal, str]:
        return (c.per_million is None, -(c.per_million or Decimal(0)), -c.contribution, c.label)

    return tuple(sorted(found, key=key))


def _goal_rollups(
    rolled: Mapping[URIRef, Sequence[IndicatorBalance]],
    goals: Mapping[URIRef, _Goal],
    mine: Callable[[URIRef], bool],
) -> tuple[GoalRollup, ...]:
    children: dict[URIRef | None, list[_Goal]] = defaultdict(list)
    for goal in goals.values():
        parents: list[URIRef | None] = [p for p in goal.parents if p in goals]
        for parent in parents or [None]:
            children[parent].append(goal)
    order: list[tuple[_Goal, int]] = []
    placed: set[URIRef] = set()

    def place(goal: _Goal, depth: int) -> None:
        if goal.goal in placed:
            return
        placed.add(goal.goal)
        order.append((goal, depth))
        for child in sorted(children.get(goal.goal, []), key=lambda g: (g.label, str(g.goal))):
            place(child, depth + 1)

    for top in sorted(children.get(None, []), key=lambda g: (g.label, str(g.goal))):
        place(top, 0)
    # Goals caught in a contributesTo cycle have no top; list them flat rather than lose them.
    for goal in sorted(goals.values(), key=lambda g: (g.label, str(g.goal))):
        place(goal, 0)
    found = []
    for goal, depth in order:
        items = rolled.get(goal.goal, [])
        if not items or not mine(goal.goal):
            continue
        statuses = dict.fromkeys(STATUSES, 0)
        for balance in items:
            statuses[balance.status] += 1
        open_items = [b for b in items if b.open]
        covered = [min(b.covered or Decimal(0), Decimal(1)) for b in open_items]
        found.append(
            GoalRollup(
                goal=goal.goal,
                label=goal.label,
                level="sub" if goal.sub else "main",
                depth=depth,
                indicators=len(items),
                statuses=statuses,
                open_gaps=len(open_items),
                unaddressed=sum(1 for b in open_items if not b.projects),
                projects=len({c.project for b in open_items for c in b.projects}),
                covered=sum(covered, Decimal(0)) / len(covered) if covered else None,
            )
        )
    return tuple(found)


def _party_rollups(
    balances: Sequence[IndicatorBalance],
    shares: Mapping[URIRef, Mapping[URIRef, Decimal]],
    projects: Mapping[URIRef, _Project],
    facts: Mapping[URIRef, IndicatorFacts],
    parties: Sequence[_Party],
    members: Mapping[URIRef, set[URIRef]],
    financing: Financing,
) -> tuple[PartyRollup, ...]:
    @dataclass
    class Tally:
        projects: int = 0
        counted: int = 0
        contribution: Decimal = Decimal(0)
        budget: Decimal = Decimal(0)
        indicators: int = 0
        statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    def parties_of(responsible: Iterable[URIRef]) -> set[URIRef]:
        return {party for r in responsible for party in members.get(r, set())}

    shown = {p.party for p in parties}
    tallies: dict[URIRef, Tally] = defaultdict(Tally)
    counted: dict[URIRef, int] = defaultdict(int)
    for balance in balances:
        for effect in balance.projects:
            counted[effect.project] += 1
        for party in parties_of(facts[balance.indicator].responsible) & shown:
            tallies[party].indicators += 1
            tallies[party].statuses[balance.status] += 1
    contribution: dict[URIRef, Decimal] = defaultdict(Decimal)
    for by_project in shares.values():
        for project, share in by_project.items():
            contribution[project] += share
    for info in projects.values():
        for party in parties_of(info.responsible) & shown:
            tally = tallies[party]
            tally.projects += 1
            tally.counted += counted[info.project]
            tally.contribution += contribution[info.project]
            tally.budget += info.budget or Decimal(0)
    money = {f.node: f.total for f in financing.parties}
    return tuple(
        PartyRollup(
            party=party.party,
            label=party.label,
            projects=tallies[party.party].projects,
            counted=tallies[party.party].counted,
            contribution=tallies[party.party].contribution,
            budget=tallies[party.party].budget,
            financing=money.get(party.party, Decimal(0)),
            indicators=tallies[party.party].indicators,
            statuses=tallies[party.party].statuses,
        )
        for party in parties
    )


def _stale(
    balances: Iterable[IndicatorBalance], at: date, stale_after: int
) -> tuple[StaleIndicator, ...]:
    found = []
    for balance in balances:
        if balance.observed is None:
            found.append(StaleIndicator(balance.indicator, balance.label, None, None))
            continue
        age = balance.stale_age(at, stale_after)
        if age is not None:
            found.append(StaleIndicator(balance.indicator, balance.label, balance.observed, age))
    return tuple(found)


def _meets(value: Decimal, target: Decimal, direction: URIRef | None) -> bool:
    return value <= target if direction == GG.LowerIsBetter else value >= target


def _past_due(balances: Iterable[IndicatorBalance]) -> tuple[PastDueTarget, ...]:
    found = []
    for balance in balances:
        target = balance.previous
        if target is None or balance.direction is None:
            continue
        latest = balance.latest
        if latest is not None and _meets(latest.value, target.value, balance.direction):
            continue
        measured = (
            balance.observed is not None
            and target.date is not None
            and balance.observed >= target.date
        )
        found.append(PastDueTarget(balance.indicator, balance.label, target, latest, measured))
    return tuple(found)


def _realisation(
    read_starts: _ReadStarts,
    effects: Sequence[Effect],
    projects: Mapping[URIRef, _Project],
    facts: Mapping[URIRef, IndicatorFacts],
    balances: Mapping[URIRef, IndicatorBalance],
    mine: Callable[[URIRef], bool],
) -> Pending[tuple[Realisation, ...]]:
    """For projects in closing or benefits realisation: each expected change against the
    change observed since the project started (the latest observation on or before the start
    date, else the baseline if dated by then, to the latest observation). Without an
    observation after the start there is nothing to compare yet (``no-data``).

    The readings at the starts are read from here on; the result is put together when it
    is asked for."""
    followed: list[tuple[Effect, _Project, IndicatorBalance]] = []
    for effect in effects:
        info = projects.get(effect.project)
        balance = balances.get(effect.indicator)
        if info is None or balance is None or not mine(effect.project):
            continue
        if info.phase in REALISATION_PHASES:
            followed.append((effect, info, balance))
    # Only where an observation came after the start is the reading at the start looked up
    # (for all the project's indicators, as the project's Realisation rows all show it).
    needed = {
        info.project
        for _, info, balance in followed
        if info.start is not None and balance.observed is not None and balance.observed > info.start
    }
    starts = read_starts(
        [(info, effect.indicator) for effect, info, _ in followed if info.project in needed]
    )

    def realisation() -> tuple[Realisation, ...]:
        return _realised(followed, starts.result(), facts)

    return later(realisation)


def _start_readings(
    store: Store, projects: Sequence[URIRef]
) -> dict[tuple[URIRef, URIRef], Reading | None]:
    """The latest observation at each project's start, per project and indicator."""
    starts: dict[tuple[URIRef, URIRef], Reading | None] = {}
    for row in select(store, "effect-start-readings", {"project": projects}):
        project, indicator = iri(row["project"]), iri(row["indicator"])
        if project is not None and indicator is not None:
            starts[(project, indicator)] = parse_reading(row["start"])
    return starts


def _realised(
    followed: Sequence[tuple[Effect, _Project, IndicatorBalance]],
    starts: Mapping[tuple[URIRef, URIRef], Reading | None],
    facts: Mapping[URIRef, IndicatorFacts],
) -> tuple[Realisation, ...]:
    found = []
    for effect, info, balance in followed:
        latest = balance.latest if balance.observed is not None else None
        start = _start_reading(info, effect.indicator, starts, facts)
        observed = None
        if (
            start is not None
            and latest is not None
            and info.start is not None
            and balance.observed is not None
            and balance.observed > info.start
        ):
            observed = latest.value - start.value
        ratio = observed / effect.change if observed is not None and effect.change else None
        if ratio is None:
            status = REALISATION_NO_DATA
        elif ratio >= 1:
            status = REALISED
        elif ratio > 0:
            status = PARTLY
        else:
            status = NOT_REALISED
        assert info.phase is not None
        found.append(
            Realisation(
                project=effect.project,
                label=info.label,
                phase=info.phase,
                indicator=effect.indicator,
                indicator_label=balance.label,
                expected=effect.change,
                due=effect.date,
                start=start,
                latest=latest,
                observed=observed,
                ratio=ratio,
                status=status,
            )
        )
    return tuple(
        sorted(found, key=lambda r: (r.label.casefold(), str(r.project), r.indicator_label))
    )


def _start_reading(
    info: _Project,
    indicator: URIRef,
    starts: Mapping[tuple[URIRef, URIRef], Reading | None],
    facts: Mapping[URIRef, IndicatorFacts],
) -> Reading | None:
    if info.start is None:
        return None
    found = starts.get((info.project, indicator))
    if found is not None:
        return found
    indicator_facts = facts.get(indicator)
    if (
        indicator_facts is not None
        and indicator_facts.baseline is not None
        and (indicator_facts.baseline_date is None or indicator_facts.baseline_date <= info.start)
    ):
        return Reading(indicator_facts.baseline, indicator_facts.baseline_date)
    return None


@dataclass
class _Money:
    total: Decimal = Decimal(0)
    earmarked: Decimal = Decimal(0)
    by_source: dict[URIRef | None, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, source: URIRef | None, amount: Decimal, earmarked: bool) -> None:
        self.total += amount
        if earmarked:
            self.earmarked += amount
        self.by_source[source] += amount


@dataclass(frozen=True)
class _FinancingRows:
    """The answers of the financing queries, each read on its own (side by side where the
    store reads concurrently)."""

    sources: Pending[SelectResult]
    items: Pending[SelectResult]
    goals: Pending[SelectResult]

    @classmethod
    def start(cls, reads: Reads) -> _FinancingRows:
        return cls(
            reads.start(select, reads.store, "financing-sources"),
            reads.start(select, reads.store, "financing-items"),
            reads.start(select, reads.store, "financing-goals"),
        )


def _financing(
    answers: _FinancingRows,
    lang: str,
    projects: Mapping[URIRef, _Project],
    goals: Mapping[URIRef, _Goal],
    parties: Sequence[_Party],
    members: Mapping[URIRef, set[URIRef]],
    links: Links,
    mine: Callable[[URIRef], bool],
) -> Financing:
    source_rows: dict[URIRef, list[Any]] = defaultdict(list)
    for row in answers.sources.result():
        source = iri(row["source"])
        if source is not None:
            source_rows[source].append(row)
    source_labels = {
        s: _pick((r["label"] for r in rows), lang) or short_name(s)
        for s, rows in source_rows.items()
    }
    source_marks = {s: _pick((r["earmark"] for r in rows), lang) for s, rows in source_rows.items()}
    items: dict[tuple[URIRef, Node], list[Any]] = defaultdict(list)
    for row in answers.items.result():
        owner, item = iri(row["owner"]), row["item"]
        if owner is not None and item is not None and mine(owner):
            items[(owner, item)].append(row)
    reached: dict[URIRef, set[URIRef]] = defaultdict(set)
    for row in answers.goals.result():
        owner, goal = iri(row["owner"]), iri(row["goal"])
        if owner is not None and goal is not None:
            reached[owner].add(goal)
    lines: dict[tuple[URIRef | None, str | None], list[Decimal]] = defaultdict(list)
    per_goal: dict[URIRef, _Money] = defaultdict(_Money)
    per_party: dict[URIRef, _Money] = defaultdict(_Money)
    shown = {p.party for p in parties}
    total, earmarked, incomplete = Decimal(0), Decimal(0), 0
    above: dict[URIRef, set[URIRef]] = {}
    for (owner, _), rows in sorted(items.items(), key=lambda i: (str(i[0][0]), str(i[0][1]))):
        sources = {s for s in (iri(r["source"]) for r in rows) if s}
        amounts = {a for a in (_finite(decimal(r["amount"])) for r in rows) if a is not None}
        if not sources or not amounts:
            incomplete += 1
            continue
        # The first of each in order, should an item have several.
        source, amount = min(sources, key=str), min(amounts)
        mark = _pick((r["earmark"] for r in rows), lang) or source_marks.get(source)
        lines[(source, mark)].append(amount)
        total += amount
        if mark is not None:
            earmarked += amount
        served: set[URIRef] = set()
        for goal in reached.get(owner, set()):
            if goal not in above:
                above[goal] = links.above(goal)
            served |= above[goal]
        for goal in served:
            if goal in goals and mine(goal):
                per_goal[goal].add(source, amount, mark is not None)
        responsible = projects[owner].responsible if owner in projects else ()
        for party in {p for r in responsible for p in members.get(r, set())} & shown:
            per_party[party].add(source, amount, mark is not None)

    def financed(node: URIRef, label: str, money: _Money) -> FinancedNode:
        by_source = dict(sorted(money.by_source.items(), key=lambda i: (-i[1], str(i[0]))))
        return FinancedNode(node, label, money.total, money.earmarked, by_source)

    return Financing(
        total=total,
        earmarked=earmarked,
        lines=tuple(
            sorted(
                (
                    SourceLine(
                        source,
                        source_labels.get(source, short_name(source)) if source else "–",
                        mark,
                        sum(amounts, Decimal(0)),
                        len(amounts),
                    )
                    for (source, mark), amounts in lines.items()
                ),
                key=lambda line: (line.label.casefold(), line.earmark or "", str(line.source)),
            )
        ),
        goals=tuple(
            sorted(
                (financed(g, goals[g].label, m) for g, m in per_goal.items()),
                key=lambda f: (-f.total, f.label.casefold(), str(f.node)),
            )
        ),
        parties=tuple(
            financed(p.party, p.label, per_party[p.party]) for p in parties if p.party in per_party
        ),
        incomplete=incomplete,
        source_labels=source_labels,
    )
