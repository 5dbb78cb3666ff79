"""The portfolio report: the four portfolio questions answered from the graph, with names."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment
from rdflib import URIRef
from rdflib.term import Node

from goalgraph.analysis.readings import Reading, Readings, every_reading, read_readings
from goalgraph.analysis.rendering import json_number, report_environment
from goalgraph.analysis.status import (
    Deviation,
    StatusOverview,
    has_status_reports,
    status_overview,
)
from goalgraph.errors import GoalgraphError
from goalgraph.labels import short_name
from goalgraph.language import (
    format_date,
    format_number,
    format_quarter,
    format_short_date,
    list_items,
)
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.sparql.results import Row, boolean, date_value, decimal, integer, iri, text
from goalgraph.store.base import Store
from goalgraph.store.concurrent import Reads
from goalgraph.texts import TEXT_LANGUAGES, Texts
from goalgraph.versions import PlanVersion, shown_versions

if TYPE_CHECKING:
    from goalgraph.analysis.diff import PlanDiff
    from goalgraph.analysis.effects import BalanceModel, EffectBalance
    from goalgraph.analysis.prioritise import Prioritisation

logger = logging.getLogger(__name__)

ON_TRACK = "on-track"
BEHIND = "behind"
NO_DATA = "no-data"

#: Fixed texts of the report in each language.
_TEXTS: dict[str, tuple[str, str]] = {
    # key: (nb, en)
    "title": ("Porteføljerapport", "Portfolio report"),
    "as_of": ("Per", "As of"),
    "attention": ("Trenger oppmerksomhet", "Needs attention"),
    "nothing": ("Ingenting.", "Nothing."),
    "orphans": ("Leder ikke opp til noe mål", "Lead up to no goal"),
    "uncovered": ("Mål uten prosjekter", "Goals without projects"),
    "high-risk": ("Høy risiko", "High risk"),
    "over-frame": ("Over budsjettrammen", "Over the budget frame"),
    "off-track": ("Indikatorer som ikke er i rute", "Indicators not on track"),
    "q1": (
        "1. Er tiltakene og prosjektene nødvendige?",
        "1. Are the measures and projects necessary?",
    ),
    "q1_ok": (
        "Alle strategier, oppdrag, tiltak og prosjekter leder opp til et mål.",
        "Every strategy, assignment, measure and project leads up to a goal.",
    ),
    "q1_bad": ("Disse leder ikke opp til noe mål:", "These lead up to no goal:"),
    "q2": (
        "2. Er porteføljen tilstrekkelig til å nå målene?",
        "2. Is the portfolio sufficient to reach the goals?",
    ),
    "q2_ok": (
        "Alle mål tjenes av minst ett prosjekt.",
        "Every goal is served by at least one project.",
    ),
    "q2_bad": ("Ingen prosjekter tjener disse målene:", "No project serves these goals:"),
    "no_strategy": ("ingen strategi", "no strategy"),
    "strategy_only": (
        "strategi, men ingen tiltak eller prosjekter",
        "a strategy, but no measures or projects",
    ),
    "measures_only": (
        "bare tiltak i drift, ingen prosjekter",
        "only running measures, no projects",
    ),
    "q3": (
        "3. Er usikkerheten akseptabel og initiativene gjennomførbare?",
        "3. Is the uncertainty acceptable and are the initiatives achievable?",
    ),
    "phases": ("Fase", "Phase"),
    "risks": ("Risiko", "Risk"),
    "projects": ("Prosjekter", "Projects"),
    "none": ("ikke angitt", "not stated"),
    "high_risk": ("Prosjekter med høy risiko:", "Projects with high risk:"),
    "no_phase": ("Prosjekter uten fase:", "Projects without a phase:"),
    "no_risk": ("Prosjekter uten risikovurdering:", "Projects without a risk assessment:"),
    "q4": ("4. Har vi råd til porteføljen?", "4. Can we afford the portfolio?"),
    "total": ("Samlet budsjett for prosjektene", "Total budget of the projects"),
    "portfolio": ("Portefølje", "Portfolio"),
    "frame": ("Budsjettramme", "Budget frame"),
    "budget": ("Budsjett", "Budget"),
    "share": ("Andel av rammen", "Share of frame"),
    "no_portfolios": ("Modellen har ingen porteføljer.", "The model has no portfolios."),
    "priorities": (
        "Hva bør prioriteres innenfor rammen?",
        "What should be prioritised within the frame?",
    ),
    "prio_keep": (
        "Behold {n} av {total} prosjekter for {cost} av {frame} NOK (verdi {value}).",
        "Keep {n} of {total} projects for {cost} of {frame} NOK (value {value}).",
    ),
    "prio_all": ("Alle {total} prosjektene får plass.", "All {total} projects fit."),
    "prio_all_one": ("Det ene prosjektet får plass.", "The one project fits."),
    "prio_drop": ("Stopp eller planlegg på nytt", "Stop or re-plan"),
    "prio_frame_to_keep": (
        "rammen må være {frame} NOK for å beholde det",
        "the frame must be {frame} NOK to keep it",
    ),
    "prio_error": ("Kan ikke prioriteres", "Cannot be prioritised"),
    "per_goal": ("Per mål", "Per goal"),
    "goal": ("Mål", "Goal"),
    "indicators": ("Indikatorer", "Indicators"),
    "latest": ("Siste måling", "Latest observation"),
    "target": ("Neste målverdi", "Next target value"),
    "status": ("Status", "Status"),
    "on-track": ("i rute", "on track"),
    "behind": ("ikke i rute", "not on track"),
    "no-data": ("mangler data", "no data"),
    "no_indicators": ("ingen indikatorer", "no indicators"),
    "main": ("hovedmål", "main goal"),
    "sub": ("delmål", "sub-goal"),
    "version": ("Planversjon", "Plan version"),
    "adopted": ("vedtatt", "adopted"),
    "deviations": ("Avvik fra planen", "Deviations from the plan"),
    "no-status": ("Uten statusrapport dette kvartalet", "No status report this quarter"),
    "status_title": ("Status og avvik", "Status and deviations"),
    "status_quarter": ("Kvartal", "Quarter"),
    "status_latest": ("Siste statusrapport", "Latest status report"),
    "status_none": ("ingen", "none"),
    "deviations_none": (
        "Ingen avvik i siste statusrapport.",
        "No deviations in the latest status reports.",
    ),
    "deviations_intro": (
        "Avvik fra planen i siste statusrapport (rødt lys, eller prognose over budsjettet):",
        "Deviations from the plan in the latest status report (a red light, or a forecast "
        "above the budget):",
    ),
    "without_none": (
        "Alle prosjekter som går dette kvartalet, har rapportert status for det.",
        "Every project running this quarter has reported its status for it.",
    ),
    "without_intro": (
        "Prosjekter som går dette kvartalet uten statusrapport for det:",
        "Projects running this quarter without a status report for it:",
    ),
    "over_budget": (
        "prognose {forecast} er {over} over budsjettet",
        "forecast {forecast} is {over} above the budget",
    ),
    "red": ("rødt for {aspects}", "red for {aspects}"),
    "time": ("tid", "time"),
    "cost": ("kostnad", "cost"),
    "effect": ("effekt", "effect"),
    "risk": ("risiko", "risk"),
    "project": ("Prosjekt", "Project"),
    "period": ("Periode", "Period"),
    "forecast": ("Prognose (NOK)", "Forecast (NOK)"),
    "light_green": ("grønn", "green"),
    "light_yellow": ("gul", "yellow"),
    "light_red": ("rød", "red"),
    "changes_title": ("Endringer siden {old}", "Changes since {old}"),
    "changes_none": ("Ingen endringer.", "No changes."),
}
TEXTS = Texts(_TEXTS)


@dataclass(frozen=True)
class Orphan:
    """A strategy, assignment, measure or project that leads up to no goal."""

    node: URIRef
    label: str
    kind: URIRef


@dataclass(frozen=True)
class UncoveredGoal:
    """A goal no project serves; whether a strategy or a running measure leads up to it."""

    goal: URIRef
    label: str
    has_strategy: bool
    has_measure: bool


@dataclass(frozen=True)
class ProjectStatus:
    """Phase, risk and budget of one project."""

    project: URIRef
    label: str
    phase: URIRef | None
    phase_label: str | None
    risk: URIRef | None
    risk_label: str | None
    budget: Decimal | None
    serves_goal: bool


@dataclass(frozen=True)
class Spread:
    """How many projects are in one phase or at one risk level (``value`` None: not stated)."""

    value: URIRef | None
    label: str | None
    count: int


@dataclass(frozen=True)
class PortfolioBudget:
    """The projects' budgets in one portfolio against its frame, if it has one."""

    portfolio: URIRef
    label: str
    frame: Decimal | None
    projects: int
    budget: Decimal

    @property
    def over_frame(self) -> bool:
        return self.frame is not None and self.budget > self.frame


@dataclass(frozen=True)
class IndicatorStatus:
    """An indicator's latest observation against its next target value."""

    indicator: URIRef
    label: str
    unit: str | None
    observed: Decimal | None
    observed_date: date | None
    target: Decimal | None
    target_date: date | None
    status: str


@dataclass(frozen=True)
class GoalRow:
    """One goal of the per-goal table; ``depth`` 0 for a top goal, 1 for its sub-goals, …"""

    goal: URIRef
    label: str
    level: str
    depth: int
    projects: int
    budget: Decimal
    indicators: tuple[IndicatorStatus, ...]


@dataclass(frozen=True)
class Attention:
    """The names of what needs attention under one topic of the report, and the nodes they
    name (in the same order)."""

    topic: str
    names: tuple[str, ...]
    nodes: tuple[URIRef, ...] = ()

    @property
    def items(self) -> list[tuple[URIRef | None, str]]:
        """(node, name) pairs; the node is None where it is not known."""
        nodes: list[URIRef | None] = list(self.nodes) or [None] * len(self.names)
        return list(zip(nodes, self.names, strict=True))


@dataclass(frozen=True)
class PortfolioPriority:
    """The prioritisation of one portfolio with criteria, or why it could not be made."""

    portfolio: URIRef
    label: str
    result: Prioritisation | None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"portfolio": str(self.portfolio), "label": self.label}
        if self.result is None:
            found["error"] = self.error
            return found
        document = self.result.to_json()
        for key in ("frame", "selected", "dropped", "cost", "value"):
            found[key] = document[key]
        found["frameToKeep"] = {e["project"]: e["frameToKeep"] for e in document["explanations"]}
        return found


@dataclass(frozen=True)
class PortfolioReport:
    """Answers to the four portfolio questions, with the names of what needs attention."""

    lang: str
    today: date
    orphans: list[Orphan]
    uncovered: list[UncoveredGoal]
    projects: list[ProjectStatus]
    phases: list[Spread]
    risks: list[Spread]
    portfolios: list[PortfolioBudget]
    goals: list[GoalRow]
    #: The prioritisation of every portfolio that has criteria (goalgraph prioritise).
    priorities: tuple[PortfolioPriority, ...] = ()
    #: The effect balance at ``today`` (goalgraph.analysis.effects), when it was asked for.
    effects: EffectBalance | None = None
    #: The plan versions the report reads (none for a model without versions).
    versions: tuple[PlanVersion, ...] = ()
    #: Status reports: deviations and projects without status this quarter (None when no
    #: project of the model reports status).
    status: StatusOverview | None = None
    #: What changed since an earlier version, when one was given to compare with.
    changes: PlanDiff | None = None

    @property
    def total_budget(self) -> Decimal:
        return sum((p.budget or Decimal(0) for p in self.projects), Decimal(0))

    @property
    def high_risk(self) -> list[ProjectStatus]:
        return [p for p in self.projects if p.risk == GG.RiskHigh]

    @property
    def without_phase(self) -> list[ProjectStatus]:
        return [p for p in self.projects if p.phase is None]

    @property
    def without_risk(self) -> list[ProjectStatus]:
        return [p for p in self.projects if p.risk is None]

    @property
    def behind(self) -> list[IndicatorStatus]:
        seen: dict[URIRef, IndicatorStatus] = {}
        for row in self.goals:
            for indicator in row.indicators:
                if indicator.status == BEHIND:
                    seen.setdefault(indicator.indicator, indicator)
        return list(seen.values())

    @property
    def attention(self) -> list[Attention]:
        """What needs attention, by topic (orphans, uncovered, high-risk, over-frame, off-track);
        topics with nothing to name are left out."""
        over = [p for p in self.portfolios if p.over_frame]
        topics = [
            Attention(
                "orphans", tuple(o.label for o in self.orphans), tuple(o.node for o in self.orphans)
            ),
            Attention(
                "uncovered",
                tuple(u.label for u in self.uncovered),
                tuple(u.goal for u in self.uncovered),
            ),
            Attention(
                "high-risk",
                tuple(p.label for p in self.high_risk),
                tuple(p.project for p in self.high_risk),
            ),
            Attention("over-frame", tuple(p.label for p in over), tuple(p.portfolio for p in over)),
            Attention(
                "off-track",
                tuple(i.label for i in self.behind),
                tuple(i.indicator for i in self.behind),
            ),
        ]
        if self.status is not None:
            topics.append(Attention("deviations", tuple(d.label for d in self.status.deviations)))
            topics.append(
                Attention("no-status", tuple(p.label for p in self.status.without_status))
            )
        return [topic for topic in topics if topic.names]

    @property
    def attention_count(self) -> int:
        """How many names need attention in all."""
        return sum(len(topic.names) for topic in self.attention)

    def to_json(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "today": self.today.isoformat(),
            "attention": [{"topic": a.topic, "names": list(a.names)} for a in self.attention],
            "necessary": {
                "orphans": [
                    {"node": str(o.node), "label": o.label, "kind": str(o.kind)}
                    for o in self.orphans
                ]
            },
            "sufficient": {
                "uncoveredGoals": [
                    {
                        "goal": str(u.goal),
                        "label": u.label,
                        "hasStrategy": u.has_strategy,
                        "hasMeasure": u.has_measure,
                    }
                    for u in self.uncovered
                ]
            },
            "uncertainty": {
                "phases": [_spread_json(s) for s in self.phases],
                "risks": [_spread_json(s) for s in self.risks],
                "highRisk": [_ref(p.project, p.label) for p in self.high_risk],
                "withoutPhase": [_ref(p.project, p.label) for p in self.without_phase],
                "withoutRisk": [_ref(p.project, p.label) for p in self.without_risk],
            },
            "affordable": {
                "totalBudget": json_number(self.total_budget),
                "portfolios": [
                    {
                        "portfolio": str(p.portfolio),
                        "label": p.label,
                        "frame": json_number(p.frame),
                        "projects": p.projects,
                        "budget": json_number(p.budget),
                        "overFrame": p.over_frame,
                    }
                    for p in self.portfolios
                ],
                "prioritisation": [p.to_json() for p in self.priorities],
            },
            "goals": [
                {
                    "goal": str(g.goal),
                    "label": g.label,
                    "level": g.level,
                    "depth": g.depth,
                    "projects": g.projects,
                    "budget": json_number(g.budget),
                    "indicators": [_indicator_json(i) for i in g.indicators],
                }
                for g in self.goals
            ],
            "projects": [
                {
                    "project": str(p.project),
                    "label": p.label,
                    "phase": _opt(p.phase),
                    "risk": _opt(p.risk),
                    "budget": json_number(p.budget),
                    "servesGoal": p.serves_goal,
                }
                for p in self.projects
            ],
            "effects": self.effects.to_json() if self.effects is not None else None,
            # Which graphs hold a version depends on how it was loaded: not part of the report.
            "versions": [
                {k: v for k, v in version.to_json().items() if k != "graphs"}
                for version in self.versions
            ],
            "status": self.status.to_json() if self.status is not None else None,
            "changes": _changes_json(self.changes),
        }

    def to_markdown(self) -> str:
        return _render("report.md.j2", self, autoescape=False)

    def to_html(self) -> str:
        """A complete, self-contained HTML page; every text from the model is escaped."""
        return _render("report.html.j2", self, autoescape=True)

    def section_html(self, section: str, name: Callable[[Node, str], str] | None = None) -> str:
        """One section of ``to_html`` alone (escaped as there), "" where the report has none:
        ``priorities`` (what to prioritise within the portfolios' frames), ``effects`` (the
        effect balance) or ``cycles`` (status and deviations, and the changes since an
        earlier version). ``name(node, label)`` writes the name of a node the section names
        (a string is escaped; markupsafe's Markup, such as a link, is kept)."""
        if section not in SECTIONS:
            raise ValueError(f"no report section {section!r}; one of {', '.join(SECTIONS)}")
        if section == "effects" and self.effects is None:
            return ""
        return _render("section.html.j2", self, autoescape=True, name=name, section=section)


#: The sections ``PortfolioReport.section_html`` gives alone.
SECTIONS = ("priorities", "effects", "cycles")


def _label_only(node: Node, label: str) -> str:
    return label


def _changes_json(changes: PlanDiff | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    return {
        "from": changes.old,
        "to": changes.new,
        "said": [s.text for s in changes.said],
        "added": len(changes.added),
        "removed": len(changes.removed),
        "changed": len(changes.changed),
    }


def _opt(node: URIRef | None) -> str | None:
    return None if node is None else str(node)


def _ref(node: URIRef, label: str) -> dict[str, str]:
    return {"node": str(node), "label": label}


def _spread_json(spread: Spread) -> dict[str, Any]:
    return {"value": _opt(spread.value), "label": spread.label, "count": spread.count}


def _indicator_json(status: IndicatorStatus) -> dict[str, Any]:
    return {
        "indicator": str(status.indicator),
        "label": status.label,
        "unit": status.unit,
        "observed": json_number(status.observed),
        "observedDate": status.observed_date.isoformat() if status.observed_date else None,
        "target": json_number(status.target),
        "targetDate": status.target_date.isoformat() if status.target_date else None,
        "status": status.status,
    }


def _nok(value: Decimal | None, lang: str) -> str:
    return "–" if value is None else format_number(round(value), lang)


def _figure(value: Decimal | None, lang: str) -> str:
    if value is None:
        return "–"
    shown = f"{value.quantize(Decimal('0.01')).normalize():f}"
    return shown.replace(".", ",") if lang == "nb" else shown


def _amount(value: Decimal | None) -> str:
    return "–" if value is None else f"{value.normalize():f}"


def _value(value: Decimal | None, lang: str) -> str:
    """A measured or target value as written in ``lang`` («5,3», «214 000»)."""
    return "–" if value is None else format_number(value.normalize(), lang)


@cache
def _environment(autoescape: bool) -> Environment:
    env = report_environment(autoescape)
    env.filters["amount"] = _amount
    env.filters["short"] = short_name
    return env


def _render(
    template: str,
    report: PortfolioReport,
    *,
    autoescape: bool,
    name: Callable[[Node, str], str] | None = None,
    section: str | None = None,
) -> str:
    from goalgraph.analysis.effects_text import REPORT_ROWS, Words

    env = _environment(autoescape)
    texts = TEXTS.of(report.lang)
    return env.get_template(template).render(
        r=report,
        t=texts,
        name=name or _label_only,
        section=section,
        attention=[(texts[a.topic], a.names) for a in report.attention],
        nok=lambda value: _nok(value, report.lang),
        figure=lambda value: _figure(value, report.lang),
        day=lambda value: format_date(value, report.lang),
        short_day=lambda value: format_short_date(value, report.lang),
        quarter=lambda value: format_quarter(value, report.lang),
        number=lambda value: _value(value, report.lang),
        listed=list_items,
        kind_label=lambda kind: _KIND_LABELS[report.lang].get(kind, short_name(kind)),
        uncovered_reason=lambda goal: texts[_uncovered_reason(goal)],
        effect_words=Words(report.lang),
        effect_rows=REPORT_ROWS,
        deviation_text=lambda d: _deviation_text(d, report.lang),
        light_word=lambda light: texts.get(f"light_{light.key}", "–"),
    )


def _deviation_text(deviation: Deviation, lang: str) -> str:
    texts = TEXTS.of(lang)
    parts = []
    if deviation.red:
        aspects = ", ".join(texts[a] for a in deviation.red)
        parts.append(texts["red"].format(aspects=aspects))
    if deviation.over_budget is not None and deviation.report.forecast is not None:
        parts.append(
            texts["over_budget"].format(
                forecast=_nok(deviation.report.forecast, lang) + " NOK",
                over=_nok(deviation.over_budget, lang) + " NOK",
            )
        )
    comments = [light.comment for light in deviation.report.lights if light.red and light.comment]
    return "; ".join(parts + comments)


_KIND_LABELS: dict[str, dict[URIRef, str]] = {
    "nb": {
        GG.Strategy: "strategi",
        GG.Assignment: "oppdrag",
        GG.Measure: "tiltak",
        GG.Project: "prosjekt",
    },
    "en": {
        GG.Strategy: "strategy",
        GG.Assignment: "assignment",
        GG.Measure: "measure",
        GG.Project: "project",
    },
}


def kind_label(kind: URIRef, lang: str) -> str:
    """The name of an orphan's kind (strategy, assignment, measure, project) in ``lang``."""
    return _KIND_LABELS.get(lang, _KIND_LABELS["en"]).get(kind, short_name(kind))


def uncovered_reason(goal: UncoveredGoal, lang: str) -> str:
    """Why no project serves ``goal``, in ``lang``."""
    return TEXTS.text(_uncovered_reason(goal), lang)


def _uncovered_reason(goal: UncoveredGoal) -> str:
    if goal.has_measure:
        return "measures_only"
    if goal.has_strategy:
        return "strategy_only"
    return "no_strategy"


def indicator_status(
    direction: URIRef | None,
    baseline: Decimal | None,
    baseline_date: date | None,
    observed: Decimal | None,
    observed_date: date | None,
    target: Decimal | None,
    target_date: date | None,
    today: date | None = None,
) -> str:
    """On track, behind, or no data: the latest observation against the next target value.

    An observation that already meets the target is on track; a target whose date has passed
    (before ``today``) without being met is behind. Otherwise, with a baseline, it is on track
    when it is at least as good as the straight line from the baseline to the target at the
    observation's date.
    """
    if observed is None or target is None:
        return NO_DATA
    higher = direction != GG.LowerIsBetter
    if direction is None and baseline is not None:
        higher = target >= baseline

    def at_least_as_good(value: Decimal, wanted: Decimal) -> bool:
        return value >= wanted if higher else value <= wanted

    if at_least_as_good(observed, target):
        return ON_TRACK
    if (
        (today is not None and target_date is not None and target_date < today)
        or baseline is None
        or baseline_date is None
        or observed_date is None
        or target_date is None
        or target_date <= baseline_date
    ):
        return BEHIND
    elapsed = (observed_date - baseline_date).days / (target_date - baseline_date).days
    fraction = Decimal(str(min(max(elapsed, 0.0), 1.0)))
    expected = baseline + (target - baseline) * fraction
    return ON_TRACK if at_least_as_good(observed, expected) else BEHIND


def _orphans(store: Store, lang: str) -> list[Orphan]:
    found: list[Orphan] = []
    for row in select(store, "orphans", {"lang": lang}):
        node, kind = iri(row["node"]), iri(row["kind"])
        if node is not None and kind is not None:
            found.append(Orphan(node, text(row["label"]) or short_name(node), kind))
    return found


def _projects(
    store: Store, lang: str, mine: Callable[[URIRef], bool]
) -> tuple[list[ProjectStatus], list[Spread], list[Spread]]:
    projects: list[ProjectStatus] = []
    phases: dict[URIRef | None, tuple[int, str | None, int]] = {}
    risks: dict[URIRef | None, tuple[int, str | None, int]] = {}
    for row in select(store, "project-status", {"lang": lang}):
        project = iri(row["project"])
        if project is None or not mine(project):
            continue
        status = ProjectStatus(
            project=project,
            label=text(row["label"]) or short_name(project),
            phase=iri(row["phase"]),
            phase_label=text(row["phaseLabel"]),
            risk=iri(row["risk"]),
            risk_label=text(row["riskLabel"]),
            budget=decimal(row["budget"]),
            serves_goal=boolean(row["servesGoal"]),
        )
        projects.append(status)
        _tally(phases, status.phase, status.phase_label, row["phaseOrder"])
        _tally(risks, status.risk, status.risk_label, row["riskOrder"])
    # The query orders by label, but Virtuoso does not keep that order over several default
    # graphs (a plan version and the shared graphs): sorted here as the query would.
    projects.sort(key=lambda p: (p.label, str(p.project)))
    return projects, _spread(phases), _spread(risks)


def _tally(
    counts: dict[URIRef | None, tuple[int, str | None, int]],
    value: URIRef | None,
    label: str | None,
    order: Node | None,
) -> None:
    # Unstated values sort last; the scheme's notation gives the order of the others.
    position = integer(order) if value is not None and order is not None else 1_000_000
    previous = counts.get(value, (position, label, 0))
    counts[value] = (previous[0], previous[1], previous[2] + 1)


def _spread(counts: dict[URIRef | None, tuple[int, str | None, int]]) -> list[Spread]:
    ordered = sorted(counts.items(), key=lambda item: (item[1][0], str(item[0])))
    return [Spread(value, label, count) for value, (_, label, count) in ordered]


def portfolio_budgets(store: Store, lang: str) -> list[PortfolioBudget]:
    """Every portfolio's projects and budget against its frame (portfolio-budget.rq)."""
    found: list[PortfolioBudget] = []
    for row in select(store, "portfolio-budget", {"lang": lang}):
        portfolio = iri(row["portfolio"])
        if portfolio is not None:
            found.append(
                PortfolioBudget(
                    portfolio=portfolio,
                    label=text(row["label"]) or short_name(portfolio),
                    frame=decimal(row["frame"]),
                    projects=integer(row["projects"]),
                    budget=decimal(row["budget"]) or Decimal(0),
                )
            )
    return found


def indicator_statuses(
    store: Store, indicators: Sequence[URIRef], lang: str = "nb", today: date | None = None
) -> dict[URIRef, IndicatorStatus]:
    """The status of each of ``indicators`` (its latest observation against its next target
    value, as the report judges it), in two queries."""
    if not indicators:
        return {}
    today = today or date.today()
    facts = select(store, "indicators", {"lang": lang, "indicator": list(indicators)})
    readings = read_readings(store, today, list(indicators), listed=True)
    found: dict[URIRef, IndicatorStatus] = {}
    for statuses in _statuses(facts, readings, today).values():
        for status in statuses:
            found.setdefault(status.indicator, status)
    return found


def goal_indicators(
    store: Store, lang: str, today: date, *, reads: Reads | None = None
) -> dict[URIRef, list[IndicatorStatus]]:
    """The status of every indicator at ``today``, by the goal it measures (an indicator
    that measures no goal is listed under itself). Given the ``reads`` of a larger analysis,
    the readings are those it shares."""
    readings = reads.shared(every_reading, store, today) if reads is not None else None
    facts = select(store, "indicators", {"lang": lang})
    found = readings.result() if readings is not None else every_reading(store, today)
    return _statuses(facts, found, today)


def _value_and_date(reading: Reading | None) -> tuple[Decimal | None, date | None]:
    return (None, None) if reading is None else (reading.value, reading.date)


def _statuses(
    facts: Iterable[Row], readings: dict[URIRef, Readings], today: date
) -> dict[URIRef, list[IndicatorStatus]]:
    """The status of every indicator of ``facts`` (rows of indicators.rq), by goal (an
    indicator that measures no goal is listed under itself)."""
    by_goal: dict[URIRef, list[IndicatorStatus]] = {}
    for row in facts:
        indicator, goal = iri(row["indicator"]), iri(row["goal"])
        if indicator is None:
            continue
        goal = goal or indicator
        found = readings.get(indicator) or Readings()
        observed, observed_date = _value_and_date(found.latest)
        target, target_date = _value_and_date(found.target)
        status = indicator_status(
            iri(row["direction"]),
            decimal(row["baseline"]),
            date_value(row["baselineDate"]),
            observed,
            observed_date,
            target,
            target_date,
            today,
        )
        by_goal.setdefault(goal, []).append(
            IndicatorStatus(
                indicator=indicator,
                label=text(row["label"]) or short_name(indicator),
                unit=text(row["unit"]),
                observed=observed,
                observed_date=observed_date,
                target=target,
                target_date=target_date,
                status=status,
            )
        )
    return by_goal


@dataclass(frozen=True)
class _GoalFacts:
    goal: URIRef
    label: str
    level: str
    parent: URIRef | None
    projects: int
    budget: Decimal


def _goal_facts(store: Store, lang: str) -> tuple[dict[URIRef, _GoalFacts], list[UncoveredGoal]]:
    """Every goal with its projects and budget, and, from the same rows, the goals no
    project serves (one query instead of a second walk of every chain)."""
    facts: dict[URIRef, _GoalFacts] = {}
    uncovered: list[UncoveredGoal] = []
    for row in select(store, "goal-portfolio", {"lang": lang}):
        goal = iri(row["goal"])
        if goal is None:
            continue
        label = text(row["label"]) or short_name(goal)
        projects = integer(row["projects"])
        if projects == 0:
            uncovered.append(
                UncoveredGoal(goal, label, boolean(row["hasStrategy"]), boolean(row["hasMeasure"]))
            )
        facts.setdefault(
            goal,
            _GoalFacts(
                goal=goal,
                label=label,
                level="sub" if iri(row["class"]) == GG.SubGoal else "main",
                parent=iri(row["parent"]),
                projects=projects,
                budget=decimal(row["budget"]) or Decimal(0),
            ),
        )
    return facts, uncovered


def _goals(
    facts: dict[URIRef, _GoalFacts], indicators: dict[URIRef, list[IndicatorStatus]]
) -> list[GoalRow]:
    children: dict[URIRef | None, list[_GoalFacts]] = {}
    for fact in facts.values():
        parent = fact.parent if fact.parent in facts else None
        children.setdefault(parent, []).append(fact)
    rows: list[GoalRow] = []
    placed: set[URIRef] = set()

    def place(fact: _GoalFacts, depth: int) -> None:
        if fact.goal in placed:
            return
        placed.add(fact.goal)
        rows.append(
            GoalRow(
                goal=fact.goal,
                label=fact.label,
                level=fact.level,
                depth=depth,
                projects=fact.projects,
                budget=fact.budget,
                indicators=tuple(indicators.get(fact.goal, [])),
            )
        )
        for child in children.get(fact.goal, []):
            place(child, depth + 1)

    for top in children.get(None, []):
        place(top, 0)
    # Goals caught in a contributesTo cycle have no top; list them flat rather than lose them.
    for fact in facts.values():
        place(fact, 0)
    return rows


#: Dropped projects explained per portfolio in the report (the most valuable first).
_REPORT_EXPLAIN = 5


def _priorities(
    store: Store, lang: str, mine: Callable[[URIRef], bool]
) -> tuple[PortfolioPriority, ...]:
    """Each portfolio with criteria prioritised within its frame; one that cannot be is
    reported with the reason, and the rest of the report still stands."""
    found: list[PortfolioPriority] = []
    for row in select(store, "prioritise-portfolios", {"lang": lang}):
        portfolio = iri(row["portfolio"])
        if portfolio is None or not mine(portfolio):
            continue
        label = text(row["label"]) or short_name(portfolio)
        # Imported here: the solvers (OR-Tools, highspy, numpy) take about a second to import,
        # which a model without criteria schemes need not pay.
        from goalgraph.analysis.prioritise import prioritise

        try:
            result = prioritise(store, portfolio, lang=lang, explain=_REPORT_EXPLAIN)
        except GoalgraphError as exc:
            found.append(PortfolioPriority(portfolio, label, None, str(exc)))
            continue
        found.append(PortfolioPriority(portfolio, label, result))
    return tuple(found)


def _scope(
    store: Store, graph: URIRef | None, party: URIRef | None = None
) -> Callable[[URIRef], bool]:
    """Whether a node is reported: every node, or with ``graph`` those it describes, and
    with ``party`` those the party owns (party-owns.rq)."""
    tests: list[Callable[[URIRef], bool]] = []
    if graph is not None:
        tests.append(
            {row["node"] for row in select(store, "graph-subjects", {"g": graph})}.__contains__
        )
    if party is not None:
        tests.append(
            {row["node"] for row in select(store, "party-owns", {"party": party})}.__contains__
        )
    return lambda node: all(test(node) for test in tests)


def _in_portfolio(store: Store, portfolio: URIRef | None) -> Callable[[URIRef], bool]:
    """Whether a project is in ``portfolio`` (directly or through a programme); every
    project when it is None."""
    if portfolio is None:
        return lambda node: True
    rows = select(store, "portfolio-projects", {"portfolio": portfolio})
    return {row["project"] for row in rows}.__contains__


def _changes(earlier: Store | None, store: Store, lang: str) -> PlanDiff | None:
    if earlier is None:
        return None
    from goalgraph.analysis.diff import diff_stores

    def name(view: Store) -> str:
        versions = shown_versions(view, lang)
        return ", ".join(v.label for v in versions) if versions else view.descriptor

    return diff_stores(earlier, store, lang=lang, old_name=name(earlier), new_name=name(store))


def portfolio_report(
    store: Store,
    lang: str = "nb",
    today: date | None = None,
    graph: URIRef | None = None,
    *,
    portfolio: URIRef | None = None,
    party: URIRef | None = None,
    with_effects: bool = True,
    compare_with: Store | None = None,
    balance_model: BalanceModel | None = None,
) -> PortfolioReport:
    """Answer the four portfolio questions of the model in ``store``, in ``lang`` (nb or en).

    ``today`` decides which target value is the next one and which quarter status reports
    are expected for (default: the current date). With
    ``graph`` the report covers the nodes that named graph describes; their links are
    followed through every graph (a municipality's measures lead up to the agreement's goals).
    With ``party`` it covers what that party owns (party-owns.rq; an agreement's goals are
    every party's). With ``portfolio`` its project questions (necessary, uncertainty, budget)
    cover that portfolio's projects and the portfolio itself; the goals stay those of the
    whole scope.
    ``with_effects`` adds the effect balance at ``today`` (goalgraph.analysis.effects).
    ``compare_with``, an earlier version of the model (goalgraph.versions.version_view),
    adds what changed since it. ``balance_model``, the effect balance's read model of
    ``store`` in ``lang``, gives the indicators' readings, and the balance of a report of
    the whole store, without reading them again.
    """
    if lang not in TEXT_LANGUAGES:
        raise GoalgraphError(f"unsupported language '{lang}'; use nb or en")
    if balance_model is not None and balance_model.lang != lang:
        raise GoalgraphError(
            f"the effect balance's read model is in '{balance_model.lang}', the report in "
            f"'{lang}'; read the model in the report's language"
        )
    with Reads(store) as reads:
        return _report(
            reads,
            lang,
            today or date.today(),
            graph,
            portfolio,
            party,
            with_effects,
            compare_with,
            balance_model,
        )


def _report(
    reads: Reads,
    lang: str,
    today: date,
    graph: URIRef | None,
    portfolio: URIRef | None,
    party: URIRef | None,
    with_effects: bool,
    compare_with: Store | None,
    balance_model: BalanceModel | None,
) -> PortfolioReport:
    # The effect balance is imported when a report is made (the web app starts without it).
    from goalgraph.analysis.effects import balance_on

    store = reads.store
    # The indicators' readings, the longest read, start first; the effect balance and the
    # indicators' status share them, and run beside the rest where the store reads
    # concurrently (goalgraph.store.concurrent).
    known = balance_model.readings(today) if balance_model is not None else None
    if known is not None:
        reads.provide(known, every_reading, store, today)
    else:
        reads.shared(every_reading, store, today)
    balance = None
    if with_effects and balance_model is not None and graph is None:
        balance = reads.start(balance_model.balance, today, readings=known)
    elif with_effects:
        balance = reads.start(balance_on, reads, today, lang=lang, graph=graph)
    statuses = reads.start(goal_indicators, store, lang, today, reads=reads)
    mine = _scope(store, graph, party)
    in_portfolio = _in_portfolio(store, portfolio)

    def project_reported(node: URIRef) -> bool:
        return mine(node) and in_portfolio(node)

    projects, phases, risks = _projects(store, lang, project_reported)
    goals, uncovered = _goal_facts(store, lang)
    orphans = [
        o
        for o in _orphans(store, lang)
        if mine(o.node) and (o.kind != GG.Project or in_portfolio(o.node))
    ]
    if portfolio is not None:
        orphans = [o for o in orphans if o.kind == GG.Project]
    shown_portfolios = [
        p
        for p in portfolio_budgets(store, lang)
        if (portfolio is None or p.portfolio == portfolio)
        and (party is not None or mine(p.portfolio))
    ]
    report = PortfolioReport(
        lang=lang,
        today=today,
        orphans=orphans,
        uncovered=[u for u in uncovered if mine(u.goal)],
        projects=projects,
        phases=phases,
        risks=risks,
        portfolios=shown_portfolios,
        goals=_goals({g: f for g, f in goals.items() if mine(g)}, statuses.result()),
        priorities=_priorities(
            store,
            lang,
            lambda p: (portfolio is None or p == portfolio) and (party is not None or mine(p)),
        ),
        effects=balance.result() if balance is not None else None,
        versions=shown_versions(store, lang),
        status=(
            status_overview(store, lang, today, project_reported)
            if has_status_reports(store)
            else None
        ),
        changes=_changes(compare_with, store, lang),
    )
    logger.debug("report: %d items need attention", report.attention_count)
    return report
