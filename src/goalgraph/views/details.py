"""What a goal page, a project page and the page of any other node show, read from a store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.labels import short_name
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.sparql.results import Row
from goalgraph.store.base import Store
from goalgraph.views.chart import Chart, line_chart
from goalgraph.views.lookup import Ref, SdgRef, describe, page_path


@dataclass(frozen=True)
class IndicatorView:
    """An indicator of a goal, with its chart."""

    iri: str
    label: str
    unit: str | None
    direction: str | None
    baseline: float | None
    observations: list[tuple[date, float]]
    targets: list[tuple[date, float]]
    chart: Chart | None
    #: Target values a later one revised (gg:revises): date, value, and what replaced them.
    revised: list[tuple[date, float, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ServingView:
    """A project serving a goal, as listed on the goal page."""

    iri: str
    label: str
    page: str
    phase_label: str | None
    budget: float | None


@dataclass(frozen=True)
class GoalDetail:
    """Everything the goal page shows."""

    iri: str
    label: str
    kind: str
    kind_name: str
    description: str | None
    parents: list[Ref]
    children: list[Ref]
    sdg: list[SdgRef]
    strategies: list[Ref]
    projects: list[ServingView]
    indicators: list[IndicatorView]


@dataclass(frozen=True)
class HopView:
    """One step of a trace: the node reached and the link followed to reach it."""

    label: str
    kind_name: str
    page: str
    via: str | None


@dataclass(frozen=True)
class ProjectDetail:
    """Everything the project page shows."""

    iri: str
    label: str
    description: str | None
    phase_label: str | None
    budget: float | None
    facts: list[tuple[str, list[Ref]]]
    traces: list[list[HopView]]
    goals: list[Ref]


@dataclass(frozen=True)
class Statement:
    """A property of a node and its value, as text or as a link."""

    predicate: str
    value: str
    link: Ref | None = None


@dataclass(frozen=True)
class NodeDetail:
    """The generic page of a node: its label, kind, properties and what points at it."""

    iri: str
    label: str
    kind_name: str
    description: str | None
    outgoing: list[Statement] = field(default_factory=list)
    incoming: list[Statement] = field(default_factory=list)


def _float(value: object) -> float | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, Decimal | int | float):
            return float(python)
    return None


def _day(value: object) -> date | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, date):
            return python
    return None


def _outgoing(store: Store, node: URIRef) -> list[tuple[URIRef, Node]]:
    """The node's properties and their values."""
    rows = select(store, "node-outgoing", {"node": node})
    return [
        (p, v) for p, v in rows if isinstance(p, URIRef) and isinstance(v, URIRef | Literal | BNode)
    ]


def _values(statements: Iterable[tuple[URIRef, Node]], prop: URIRef) -> set[URIRef]:
    """The IRIs among the values of ``prop``."""
    return {v for p, v in statements if p == prop and isinstance(v, URIRef)}


def _literal(statements: Iterable[tuple[URIRef, Node]], prop: URIRef) -> Literal | None:
    """The value of ``prop`` that is a literal (the first by text, for a stable page)."""
    found = sorted((v for p, v in statements if p == prop and isinstance(v, Literal)), key=str)
    return found[0] if found else None


def _incoming(
    store: Store, node: URIRef, limit: int, props: Sequence[URIRef] | None = None
) -> list[tuple[URIRef, URIRef]]:
    """At most ``limit`` nodes linking to ``node`` and the property they link by (by
    ``props`` only, when given)."""
    params = {"node": node, "property": props, "limit": Literal(limit)}
    rows = select(store, "node-incoming", params)
    return [(s, p) for s, p in rows if isinstance(s, URIRef) and isinstance(p, URIRef)]


@dataclass
class _Readings:
    unit: str | None = None
    direction: URIRef | None = None
    baseline: float | None = None
    observations: dict[Node, tuple[date, float]] = field(default_factory=dict)
    targets: dict[Node, tuple[date, float]] = field(default_factory=dict)
    revised_by: dict[Node, Node] = field(default_factory=dict)
    reasons: dict[Node, str] = field(default_factory=dict)


def _readings(rows: Iterable[Row]) -> dict[URIRef, _Readings]:
    """The indicators of goal-indicators' rows with their readings, one value per reading."""
    found: dict[URIRef, _Readings] = defaultdict(_Readings)
    # Sorted, so that a reading or an indicator with two values gives the same page each time.
    for row in sorted(rows, key=lambda r: tuple(str(v) for v in r)):
        indicator = row["indicator"]
        if not isinstance(indicator, URIRef):
            continue
        entry = found[indicator]
        unit, direction = row["unit"], row["direction"]
        if entry.unit is None and unit is not None:
            entry.unit = str(unit)
        if entry.direction is None and isinstance(direction, URIRef):
            entry.direction = direction
        if entry.baseline is None:
            entry.baseline = _float(row["baseline"])
        reading, day, value = row["reading"], _day(row["date"]), _float(row["value"])
        if reading is None or day is None or value is None:
            continue
        series = entry.observations if row["class"] == GG.Observation else entry.targets
        series.setdefault(reading, (day, value))
        revised_by, reason = row.get("revisedBy"), row.get("reason")
        if revised_by is not None:
            entry.revised_by.setdefault(reading, revised_by)
        if reason is not None:
            entry.reasons.setdefault(reading, str(reason))
    return found


def _revisions(entry: _Readings) -> tuple[list[tuple[date, float]], list[tuple[date, float, str]]]:
    """The current target values, and those a later one revised with what replaced them."""
    current = [v for k, v in entry.targets.items() if k not in entry.revised_by]
    revised = []
    for reading, newer in entry.revised_by.items():
        if reading not in entry.targets:
            continue
        day, value = entry.targets[reading]
        replaced = entry.targets.get(newer)
        said = f"{day.isoformat()}: {value:g}"
        if replaced is not None:
            said += f" → {replaced[1]:g}"
        reason = entry.reasons.get(newer)
        revised.append((day, value, f"{said} ({reason})" if reason else said))
    return sorted(current), sorted(revised)


def _indicators(store: Store, goal: URIRef, lang: str) -> list[IndicatorView]:
    readings = _readings(select(store, "goal-indicators", {"goal": goal, "lang": lang}))
    directions = {r.direction for r in readings.values() if r.direction is not None}
    described = describe(store, [*readings, *directions], lang)
    views = []
    for indicator, entry in readings.items():
        observations = sorted(entry.observations.values())
        targets, revised = _revisions(entry)
        views.append(
            IndicatorView(
                iri=str(indicator),
                label=described.label(indicator),
                unit=entry.unit,
                direction=described.label(entry.direction) if entry.direction else None,
                baseline=entry.baseline,
                observations=observations,
                targets=targets,
                chart=line_chart(observations, targets, unit=entry.unit or "", revised=revised),
                revised=revised,
            )
        )
    return sorted(views, key=lambda i: (i.label, i.iri))


#: More sub-goals or strategies of one goal than any plan has: the goal page lists them all.
_MAX_LINKED = 100_000


def goal_detail(store: Store, goal: URIRef, lang: str = "nb") -> GoalDetail:
    """What serves the goal, its indicators with their charts, and its SDG links."""
    serving = [
        ServingView(
            iri=str(p.project),
            label=p.label,
            page=page_path("project", p.project),
            phase_label=p.phase_label,
            budget=float(p.budget) if p.budget is not None else None,
        )
        for p in projects_serving(store, goal, lang=lang)
    ]
    outgoing = _outgoing(store, goal)
    incoming = _incoming(store, goal, _MAX_LINKED, [GG.contributesTo, GG.realises])
    parents = _values(outgoing, GG.contributesTo)
    sdg = _values(outgoing, GG.localises)
    children = {s for s, p in incoming if p == GG.contributesTo}
    strategies = {s for s, p in incoming if p == GG.realises}
    described = describe(store, [goal, *parents, *sdg, *children, *strategies], lang)
    kind = described.kind(goal)
    return GoalDetail(
        iri=str(goal),
        label=described.label(goal),
        kind=kind.key,
        kind_name=kind.name(lang),
        description=described.texts.description(goal),
        parents=described.refs(parents),
        children=described.refs(children),
        sdg=sorted((described.sdg(s) for s in sdg), key=lambda s: (s.code, s.iri)),
        strategies=described.refs(strategies),
        projects=sorted(serving, key=lambda s: s.label),
        indicators=_indicators(store, goal, lang),
    )


_PROJECT_FACTS = (
    ("responsible", GG.responsible),
    ("owner", GG.owner),
    ("manager", GG.manager),
    ("portfolio", GG.partOf),
)


def project_detail(store: Store, project: URIRef, lang: str = "nb") -> ProjectDetail:
    """The project's facts and its traces drawn as paths up to the goals and SDG items."""
    found = trace(store, project, lang=lang)
    outgoing = _outgoing(store, project)
    phase = next(iter(sorted(_values(outgoing, GG.phase), key=str)), None)
    facts = [(key, _values(outgoing, p)) for key, p in _PROJECT_FACTS]
    hops = [hop.node for path in found.paths for hop in path]
    others = [n for _, nodes in facts for n in nodes]
    described = describe(
        store, [project, *hops, *others, *found.goals, *([phase] if phase else [])], lang
    )
    traces = [
        [
            HopView(
                label=hop.label,
                kind_name=described.kind(hop.node).name(lang),
                page=page_path(described.kind(hop.node).key, hop.node),
                via=hop.via_label or (short_name(hop.via) if hop.via is not None else None),
            )
            for hop in path
        ]
        for path in found.paths
    ]
    return ProjectDetail(
        iri=str(project),
        label=described.label(project),
        description=described.texts.description(project),
        phase_label=described.label(phase) if phase is not None else None,
        budget=_float(_literal(outgoing, GG.budget)),
        facts=[(key, described.refs(nodes)) for key, nodes in facts],
        traces=traces,
        goals=described.refs(found.goals),
    )


#: How many of the nodes linking to a node its page lists.
_MAX_INCOMING = 200


def node_detail(store: Store, node: URIRef, lang: str = "nb") -> NodeDetail:
    """Any node: its literal properties, the nodes it links to and the nodes linking to it."""
    outgoing = _outgoing(store, node)
    # A class or an SDG target is pointed at by thousands of nodes at national scale: only
    # the first ones are listed.
    incoming = _incoming(store, node, _MAX_INCOMING)
    linked = [v for _, v in outgoing if isinstance(v, URIRef)]
    properties = [p for p, _ in outgoing] + [p for _, p in incoming]
    described = describe(store, [node, *linked, *properties, *(s for s, _ in incoming)], lang)
    statements: list[Statement] = []
    for predicate, value in outgoing:
        name = described.label(predicate)
        if isinstance(value, URIRef):
            statements.append(Statement(name, described.label(value), described.ref(value)))
        elif isinstance(value, Literal) and (value.language in (None, lang)):
            statements.append(Statement(name, str(value)))
    linking = [
        Statement(described.label(predicate), described.label(subject), described.ref(subject))
        for subject, predicate in incoming
    ]
    kind = described.kind(node)
    return NodeDetail(
        iri=str(node),
        label=described.label(node),
        kind_name=kind.name(lang),
        description=described.texts.description(node),
        outgoing=sorted(statements, key=lambda s: (s.predicate, s.value)),
        incoming=sorted(linking, key=lambda s: (s.predicate, s.value)),
    )
