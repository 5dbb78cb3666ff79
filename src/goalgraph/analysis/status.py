"""Status over time: the projects' dated status reports (time, cost, effect and risk as
traffic lights, forecast cost, phase), the deviations from the plan they show (avvik), and
the projects that have not reported for the current quarter."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from goalgraph.analysis.rendering import json_number
from goalgraph.labels import short_name
from goalgraph.namespace import GG
from goalgraph.sparql.library import ask, select
from goalgraph.sparql.results import date_value, decimal, integer, iri, text
from goalgraph.store.base import Store

#: The four aspects a status report gives a traffic light for, in their order.
ASPECTS = ("time", "cost", "effect", "risk")

#: Phases in which a project reports no status: an initiative handled in the line.
_SILENT_PHASES = frozenset({GG.PhaseNotAProject})


@dataclass(frozen=True)
class Light:
    """One aspect of a status report: its traffic light and the comment on it."""

    aspect: str
    light: URIRef | None
    comment: str | None

    @property
    def red(self) -> bool:
        return self.light == GG.StatusRed

    @property
    def key(self) -> str | None:
        """green, yellow or red (None when not given)."""
        return {GG.StatusGreen: "green", GG.StatusYellow: "yellow", GG.StatusRed: "red"}.get(
            self.light  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class StatusReport:
    """One status report of a project for one period."""

    start: date | None
    end: date | None
    phase: URIRef | None
    lights: tuple[Light, ...]
    forecast: Decimal | None

    def light(self, aspect: str) -> Light:
        return next(light for light in self.lights if light.aspect == aspect)

    def covers(self, first: date, last: date) -> bool:
        """Whether the report's period overlaps ``first``–``last``."""
        start = self.start or self.end
        end = self.end or self.start
        return start is not None and end is not None and start <= last and end >= first

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "phase": str(self.phase) if self.phase else None,
            **{
                light.aspect: {
                    "light": light.key,
                    "comment": light.comment,
                }
                for light in self.lights
            },
            "forecastCost": json_number(self.forecast),
        }


@dataclass(frozen=True)
class ProjectStatus:
    """A project with its budget, period and status reports, oldest first."""

    project: URIRef
    label: str
    budget: Decimal | None
    phase: URIRef | None
    start: date | None
    end: date | None
    reports: tuple[StatusReport, ...]

    def latest(self, today: date | None = None) -> StatusReport | None:
        """The last report whose period began by ``today`` (any, without ``today``)."""
        found = [
            r
            for r in self.reports
            if today is None or (r.start or r.end) is None or (r.start or r.end) <= today  # type: ignore[operator]
        ]
        return found[-1] if found else None

    def active(self, first: date, last: date) -> bool:
        """Whether the project runs in ``first``–``last`` and is one that reports."""
        if self.phase in _SILENT_PHASES:
            return False
        return (self.start is None or self.start <= last) and (
            self.end is None or self.end >= first
        )


@dataclass(frozen=True)
class Deviation:
    """A project whose latest status shows a deviation from the plan: red lights, or a
    forecast cost above the budget."""

    project: URIRef
    label: str
    report: StatusReport
    red: tuple[str, ...]
    over_budget: Decimal | None

    def to_json(self) -> dict[str, Any]:
        return {
            "project": str(self.project),
            "label": self.label,
            "red": list(self.red),
            "overBudget": json_number(self.over_budget),
            "report": self.report.to_json(),
        }


@dataclass(frozen=True)
class StatusOverview:
    """The status of the portfolio in the quarter holding ``today``."""

    today: date
    quarter: tuple[date, date]
    projects: tuple[ProjectStatus, ...]
    deviations: tuple[Deviation, ...]
    without_status: tuple[ProjectStatus, ...]

    @property
    def quarter_name(self) -> str:
        return f"{self.quarter[0].year}-Q{(self.quarter[0].month - 1) // 3 + 1}"

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": {
                "name": self.quarter_name,
                "start": self.quarter[0].isoformat(),
                "end": self.quarter[1].isoformat(),
            },
            "deviations": [d.to_json() for d in self.deviations],
            "withoutStatus": [
                {"project": str(p.project), "label": p.label} for p in self.without_status
            ],
        }


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter holding ``day``."""
    first_month = (day.month - 1) // 3 * 3 + 1
    first = date(day.year, first_month, 1)
    following = date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return first, date.fromordinal(following.toordinal() - 1)


def _light(aspect: str, light: Node | None, comment: Node | None) -> Light:
    return Light(aspect, iri(light), text(comment))


def project_statuses(
    store: Store, lang: str = "nb", projects: Sequence[URIRef] | None = None
) -> list[ProjectStatus]:
    """Every project (or ``projects``) with its status reports, oldest first."""
    facts: dict[URIRef, dict[str, Any]] = {}
    reports: dict[URIRef, list[StatusReport]] = {}
    params: dict[str, Any] = {"lang": lang}
    if projects is not None:
        if not projects:
            return []
        params["project"] = list(projects)
    for row in select(store, "status-reports", params):
        project = iri(row["project"])
        if project is None:
            continue
        facts.setdefault(
            project,
            {
                "label": text(row["label"]) or text(row["anyLabel"]) or short_name(project),
                "budget": decimal(row["budget"]),
                "phase": iri(row["phase"]),
                "start": date_value(row["projectStart"]),
                "end": date_value(row["projectEnd"]),
            },
        )
        found = reports.setdefault(project, [])
        if not integer(row["reports"]):
            continue
        found.append(
            StatusReport(
                start=date_value(row["start"]),
                end=date_value(row["end"]),
                phase=iri(row["reportedPhase"]),
                lights=tuple(
                    _light(aspect, row[aspect], row[f"{aspect}Comment"]) for aspect in ASPECTS
                ),
                forecast=decimal(row["forecast"]),
            )
        )
    statuses = []
    for project, known in facts.items():
        ordered = sorted(
            reports.get(project, []),
            key=lambda r: (r.end or r.start or date.min, r.start or date.min),
        )
        statuses.append(ProjectStatus(project, reports=tuple(ordered), **known))
    return sorted(statuses, key=lambda p: (p.label, str(p.project)))


def deviation(status: ProjectStatus, today: date | None = None) -> Deviation | None:
    """The deviation the project's latest report shows, if any."""
    report = status.latest(today)
    if report is None:
        return None
    red = tuple(light.aspect for light in report.lights if light.red)
    over = None
    if (
        report.forecast is not None
        and status.budget is not None
        and report.forecast > status.budget
    ):
        over = report.forecast - status.budget
    if not red and over is None:
        return None
    return Deviation(status.project, status.label, report, red, over)


def has_status_reports(store: Store) -> bool:
    """Whether any project of the model reports status (gg:statusReport)."""
    return ask(store, "status-present")


def status_overview(
    store: Store,
    lang: str = "nb",
    today: date | None = None,
    mine: Callable[[URIRef], bool] = lambda node: True,
) -> StatusOverview:
    """Deviations in the projects' latest status reports, and the projects running in the
    quarter of ``today`` that have not reported for it."""
    today = today or date.today()
    first, last = quarter_of(today)
    statuses = [s for s in project_statuses(store, lang) if mine(s.project)]
    deviations = [d for d in (deviation(s, today) for s in statuses) if d is not None]
    missing = [
        s
        for s in statuses
        if s.active(first, last) and not any(r.covers(first, last) for r in s.reports)
    ]
    return StatusOverview(today, (first, last), tuple(statuses), tuple(deviations), tuple(missing))


__all__ = [
    "ASPECTS",
    "Deviation",
    "Light",
    "ProjectStatus",
    "StatusOverview",
    "StatusReport",
    "deviation",
    "has_status_reports",
    "project_statuses",
    "quarter_of",
    "status_overview",
]
