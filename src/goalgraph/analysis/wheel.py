"""The yearly wheel as data: which milestones (needs in, prioritisation, adoption,
reporting, evaluation) are due from a date on, with the body responsible for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rdflib import Literal, URIRef

from goalgraph.labels import short_name
from goalgraph.sparql.library import select
from goalgraph.sparql.results import date_value, integer, iri, text
from goalgraph.store.base import Store

_MONTH_DAY = re.compile(r"^--(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$")


def month_day(value: object) -> tuple[int, int] | None:
    """The month and day of an xsd:gMonthDay ("--12-15"), None if it is not one."""
    if not isinstance(value, Literal):
        return None
    match = _MONTH_DAY.match(str(value).strip())
    if match is None:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2000, month, day)  # a leap year: --02-29 is a day of the year
    except ValueError:
        return None
    return month, day


def _on(year: int, month: int, day: int) -> date:
    # 29 February falls on the 28th in the other years.
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, month, day - 1)


@dataclass(frozen=True)
class Milestone:
    """One milestone of a yearly wheel."""

    wheel: URIRef
    wheel_label: str
    node: URIRef
    label: str
    kind: URIRef | None
    kind_label: str | None
    kind_order: int
    recurs_on: tuple[int, int] | None
    due_date: date | None
    bodies: tuple[tuple[URIRef, str], ...]

    def next_on(self, at: date) -> date | None:
        """The first day on or after ``at`` the milestone falls on (None: a one-off milestone
        that has passed, or one without a date)."""
        if self.recurs_on is not None:
            month, day = self.recurs_on
            this_year = _on(at.year, month, day)
            return this_year if this_year >= at else _on(at.year + 1, month, day)
        if self.due_date is not None and self.due_date >= at:
            return self.due_date
        return None


@dataclass(frozen=True)
class Due:
    """A milestone and the day it is next due."""

    milestone: Milestone
    on: date
    days: int

    def to_json(self) -> dict[str, Any]:
        m = self.milestone
        return {
            "date": self.on.isoformat(),
            "days": self.days,
            "milestone": str(m.node),
            "label": m.label,
            "kind": str(m.kind) if m.kind else None,
            "kindLabel": m.kind_label,
            "recurring": m.recurs_on is not None,
            "responsible": [{"body": str(b), "label": label} for b, label in m.bodies],
            "wheel": str(m.wheel),
            "wheelLabel": m.wheel_label,
        }


@dataclass(frozen=True)
class WheelView:
    """What is due from ``at``: within ``days`` days, and what comes after."""

    at: date
    days: int
    due: tuple[Due, ...]
    later: tuple[Due, ...]
    undated: tuple[Milestone, ...]

    @property
    def wheels(self) -> list[tuple[URIRef, str]]:
        found = {d.milestone.wheel: d.milestone.wheel_label for d in (*self.due, *self.later)}
        found.update({m.wheel: m.wheel_label for m in self.undated})
        return sorted(found.items(), key=lambda item: (item[1], str(item[0])))

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "days": self.days,
            "due": [d.to_json() for d in self.due],
            "later": [d.to_json() for d in self.later],
            "undated": [{"milestone": str(m.node), "label": m.label} for m in self.undated],
        }


def milestones(store: Store, lang: str = "nb") -> list[Milestone]:
    """Every milestone of every yearly wheel in the model."""
    facts: dict[tuple[URIRef, URIRef], dict[str, Any]] = {}
    for row in select(store, "wheel-milestones", {"lang": lang}):
        wheel, node = iri(row["wheel"]), iri(row["milestone"])
        if wheel is None or node is None:
            continue
        found = facts.setdefault(
            (wheel, node),
            {
                "wheel_label": text(row["wheelLabel"]) or short_name(wheel),
                "label": text(row["label"]) or short_name(node),
                "kind": iri(row["kind"]),
                "kind_label": text(row["kindLabel"]),
                "kind_order": integer(row["kindOrder"]),
                "recurs_on": month_day(row["recursOn"]),
                "due_date": date_value(row["dueDate"]),
                "bodies": {},
            },
        )
        body = iri(row["body"])
        if body is not None:
            found["bodies"].setdefault(body, text(row["bodyLabel"]) or short_name(body))
    return [
        Milestone(
            wheel=wheel,
            node=node,
            **{**found, "bodies": tuple(sorted(found["bodies"].items(), key=lambda b: b[1]))},
        )
        for (wheel, node), found in facts.items()
    ]


def what_is_due(
    store: Store, at: date | None = None, days: int = 31, lang: str = "nb"
) -> WheelView:
    """The milestones due within ``days`` days from ``at`` (default: today), the later ones,
    and those without a date, each in the order they come."""
    at = at or date.today()
    window = at + timedelta(days=days)
    coming, undated = [], []
    for milestone in milestones(store, lang):
        on = milestone.next_on(at)
        if on is None:
            if milestone.recurs_on is None and milestone.due_date is None:
                undated.append(milestone)
            continue
        coming.append(Due(milestone, on, (on - at).days))
    coming.sort(key=lambda d: (d.on, d.milestone.kind_order, d.milestone.label))
    return WheelView(
        at,
        days,
        tuple(d for d in coming if d.on <= window),
        tuple(d for d in coming if d.on > window),
        tuple(sorted(undated, key=lambda m: m.label)),
    )


__all__ = ["Due", "Milestone", "WheelView", "milestones", "month_day", "what_is_due"]
