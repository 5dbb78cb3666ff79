"""What the pages of the steering year show: a project's status reports, two versions
compared, and the yearly wheel; read from a store."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from goalgraph.analysis.status import ASPECTS, project_statuses
from goalgraph.analysis.wheel import WheelView, what_is_due
from goalgraph.language import format_number
from goalgraph.store.base import Store
from goalgraph.versions import PlanVersion, plan_versions
from goalgraph.views.lookup import Ref, describe

if TYPE_CHECKING:
    from goalgraph.analysis.diff import PlanDiff, Value

# goalgraph.analysis.diff is imported where it is used: it is large, and the web app (whose
# project pages use this module) should start without it.


@dataclass(frozen=True)
class LightView:
    """One traffic light of a status report: the aspect, green/yellow/red and the comment."""

    aspect: str
    key: str | None
    comment: str | None


@dataclass(frozen=True)
class StatusRow:
    """One status report as the project page shows it."""

    period: str
    phase_label: str | None
    lights: list[LightView]
    forecast: float | None
    over_budget: bool


def status_history(store: Store, project: URIRef, lang: str = "nb") -> list[StatusRow]:
    """The project's status reports, newest first."""
    from goalgraph.analysis.diff import period_text

    found = project_statuses(store, lang, [project])
    if not found:
        return []
    status = found[0]
    phases = [r.phase for r in status.reports if r.phase is not None]
    described = describe(store, phases, lang)
    rows = []
    for report in reversed(status.reports):
        rows.append(
            StatusRow(
                period=period_text(report.start, report.end, lang),
                phase_label=described.label(report.phase) if report.phase else None,
                lights=[
                    LightView(a, report.light(a).key, report.light(a).comment) for a in ASPECTS
                ],
                forecast=float(report.forecast) if report.forecast is not None else None,
                over_budget=report.forecast is not None
                and status.budget is not None
                and report.forecast > status.budget,
            )
        )
    return rows


@dataclass(frozen=True)
class ShownValue:
    """A value in the table of changes: its text and, for a node, the path of its page (in
    the version the value belongs to); a record, its properties and their values."""

    text: str
    page: str | None = None
    fields: tuple[tuple[str, tuple[ShownValue, ...]], ...] = ()


@dataclass(frozen=True)
class ChangeRow:
    """One changed property of one node: the node (on its first row only), the property's
    name, and the values before and after."""

    node: Ref | None
    property: str
    inverse: bool
    old: tuple[ShownValue, ...]
    new: tuple[ShownValue, ...]


@dataclass(frozen=True)
class ChangesView:
    """The page comparing two versions: what can be compared, what was, and the result."""

    versions: list[PlanVersion]
    old: str
    new: str
    diff: PlanDiff | None
    labels: dict[str, str] = field(default_factory=dict)
    #: The table of changes, property by property, named in the page's language.
    rows: tuple[ChangeRow, ...] = ()


def _iris_in(values: Iterable[Value]) -> Iterator[URIRef]:
    from goalgraph.analysis.diff import Record

    for value in values:
        if isinstance(value, Record):
            for prop, inner in value.values:
                yield prop
                yield from _iris_in(inner)
        elif isinstance(value, URIRef):
            yield value


def change_rows(
    store: Store, diff: PlanDiff, lang: str, old_query: str = "", new_query: str = ""
) -> tuple[ChangeRow, ...]:
    """The changed properties of ``diff`` as rows: nodes and properties by their labels in
    ``lang``, nodes linked to their pages (values of the old version with ``old_query``
    added to the link, of the new one with ``new_query``)."""
    from goalgraph.analysis.diff import Record, literal_key

    wanted: list[URIRef] = []
    for node in diff.changed:
        wanted.append(node.node)
        for change in node.changes:
            wanted.append(change.property)
            wanted.extend(_iris_in((*change.old, *change.new)))
    described = describe(store, wanted, lang)

    def in_lang(values: Sequence[Value]) -> Sequence[Value]:
        # Of a text given in several languages, the page's (else all of them).
        tagged = [v for v in values if isinstance(v, Literal) and v.language == lang]
        return tagged or values

    def shown(value: Value, query: str) -> ShownValue:
        if isinstance(value, Record):
            fields = tuple(
                (described.label(prop), tuple(shown(v, query) for v in in_lang(values)))
                for prop, values in value.values
                if prop != RDF.type
            )
            return ShownValue("", None, fields)
        if isinstance(value, URIRef):
            ref = described.ref(value)
            return ShownValue(ref.label, ref.page + query)
        key = literal_key(value)
        if key[0] == "number" and isinstance(key[1], Decimal):
            return ShownValue(format_number(key[1].normalize(), lang))
        return ShownValue(str(value))

    rows = []
    for node in diff.changed:
        ref = described.ref(node.node)
        first: Ref | None = Ref(ref.iri, node.label or ref.label, ref.page + new_query)
        for change in node.changes:
            rows.append(
                ChangeRow(
                    first,
                    described.label(change.property),
                    change.inverse,
                    tuple(shown(v, old_query) for v in change.old),
                    tuple(shown(v, new_query) for v in change.new),
                )
            )
            first = None
    return tuple(rows)


def changes_view(
    store: Store, old: str | None, new: str | None, lang: str = "nb", *, table: bool = True
) -> ChangesView:
    """Two plan versions (or named graphs) of ``store`` compared; without ``old`` and ``new``
    the latest version and the one before it. With ``table``, the changes property by
    property as well (``rows``)."""
    from goalgraph.analysis.diff import diff_stores, resolve_side

    versions = plan_versions(store, lang)
    if (old is None or new is None) and len(versions) >= 2:
        latest = versions[-1]
        before = next((v for v in versions if v.iri == latest.previous), versions[-2])
        old, new = old or before.name, new or latest.name
    if not old or not new:
        return ChangesView(versions, old or "", new or "", None)
    before_side = resolve_side(store, old, lang=lang)
    after_side = resolve_side(store, new, lang=lang)
    found = diff_stores(
        before_side.store,
        after_side.store,
        lang=lang,
        old_name=before_side.name,
        new_name=after_side.name,
    )
    properties = {c.property for n in found.changed for c in n.changes}
    described = describe(store, sorted(properties, key=str), lang)
    names = {v.name for v in versions}

    def version_query(name: str) -> str:
        # A node's page as the version it is shown of reads it; a graph is no version.
        return f"&version={quote(name, safe='')}" if name in names else ""

    rows = change_rows(store, found, lang, version_query(old), version_query(new)) if table else ()
    return ChangesView(
        versions, old, new, found, {str(p): described.label(p) for p in properties}, rows
    )


@dataclass(frozen=True)
class WheelMark:
    """A milestone on the drawn wheel: its angle's point on the ring and its text."""

    x: float
    y: float
    text: str
    kind: str


@dataclass(frozen=True)
class WheelPage:
    """The yearly wheel page: what is due, and the ring with the months and milestones."""

    view: WheelView
    size: int
    months: list[tuple[float, float, str]]
    marks: list[WheelMark]
    today: tuple[float, float, float, float]


_MONTHS = {
    "nb": ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
_KIND_KEYS = {
    "https://w3id.org/goalgraph#MilestoneNeedsIn": "needs",
    "https://w3id.org/goalgraph#MilestonePrioritisation": "priority",
    "https://w3id.org/goalgraph#MilestoneAdoption": "adoption",
    "https://w3id.org/goalgraph#MilestoneReporting": "reporting",
    "https://w3id.org/goalgraph#MilestoneEvaluation": "evaluation",
}


def _point(day: date, radius: float, centre: float) -> tuple[float, float]:
    # The year runs clockwise from the top, 1 January at twelve o'clock.
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    angle = 2 * math.pi * (day - start).days / length - math.pi / 2
    return centre + radius * math.cos(angle), centre + radius * math.sin(angle)


def wheel_page(store: Store, at: date, days: int = 31, lang: str = "nb") -> WheelPage:
    """What is due from ``at``, and the wheel drawn as a ring of the months with a mark for
    each milestone's next date."""
    view = what_is_due(store, at, days, lang)
    size, centre, ring = 320, 160.0, 120.0
    months = []
    for month in range(1, 13):
        x, y = _point(date(at.year, month, 15), ring + 26, centre)
        months.append((x, y + 3, _MONTHS[lang][month - 1]))
    marks = []
    for due in (*view.due, *view.later):
        x, y = _point(due.on, ring, centre)
        kind = _KIND_KEYS.get(str(due.milestone.kind), "other")
        marks.append(WheelMark(x, y, f"{due.on.isoformat()}: {due.milestone.label}", kind))
    inner = _point(at, ring - 14, centre)
    outer = _point(at, ring + 14, centre)
    return WheelPage(view, size, months, marks, (*inner, *outer))


__all__ = [
    "ChangesView",
    "LightView",
    "StatusRow",
    "WheelMark",
    "WheelPage",
    "changes_view",
    "status_history",
    "wheel_page",
]
