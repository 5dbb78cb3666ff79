"""The content of a goal page, a project page and the page of any other node."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import islice

from rdflib import Graph, Literal, Node, URIRef

from goalgraph.labels import label, short_name
from goalgraph.namespace import GG
from goalgraph.trace import projects_serving, trace
from goalgraph.web.catalogue import Ref, SdgRef, description, page_path, sdg_ref
from goalgraph.web.chart import Chart, line_chart
from goalgraph.web.classes import kind_of, kinds_of
from goalgraph.web.queries import run_query
from goalgraph.web.storeview import engine


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


def _ref(graph: Graph, node: URIRef, lang: str) -> Ref:
    return Ref(str(node), label(graph, node, lang), page_path(kind_of(graph, node).key, node))


def _refs(graph: Graph, nodes: set[URIRef], lang: str) -> list[Ref]:
    kinds = kinds_of(graph, nodes)
    refs = [Ref(str(n), label(graph, n, lang), page_path(kinds[n].key, n)) for n in nodes]
    return sorted(refs, key=lambda r: r.label)


def _float(value: object) -> float | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, Decimal | int | float):
            return float(python)
    return None


def _readings(
    graph: Graph, indicators: list[URIRef]
) -> dict[tuple[Node, Node], list[tuple[date, float]]]:
    """The dated values per (indicator, gg:Observation or gg:TargetValue), oldest first, in
    one query: a reading may be a blank node, which no look-up of its own can name."""
    series: dict[tuple[Node, Node], list[tuple[date, float]]] = defaultdict(list)
    for row in run_query(graph, "indicator-series", values={"indicator": indicators}):
        indicator, kind, day, value = row["indicator"], row["kind"], row["date"], row["value"]
        number = _float(value)
        if not (isinstance(indicator, Node) and isinstance(kind, Node)):
            continue
        if isinstance(day, Literal) and isinstance(day.toPython(), date) and number is not None:
            series[indicator, kind].append((day.toPython(), number))
    for values in series.values():
        values.sort()
    return series


def _indicator(
    graph: Graph,
    indicator: URIRef,
    lang: str,
    readings: dict[tuple[Node, Node], list[tuple[date, float]]],
) -> IndicatorView:
    unit = graph.value(indicator, GG.unit)
    direction = graph.value(indicator, GG.direction)
    observations = readings.get((indicator, GG.Observation), [])
    targets = readings.get((indicator, GG.TargetValue), [])
    return IndicatorView(
        iri=str(indicator),
        label=label(graph, indicator, lang),
        unit=str(unit) if unit is not None else None,
        direction=label(graph, direction, lang) if direction is not None else None,
        baseline=_float(graph.value(indicator, GG.baseline)),
        observations=observations,
        targets=targets,
        chart=line_chart(observations, targets, unit=str(unit or "")),
    )


def _iris(values: Iterable[Node]) -> set[URIRef]:
    return {v for v in values if isinstance(v, URIRef)}


def goal_detail(graph: Graph, goal: URIRef, lang: str = "nb") -> GoalDetail:
    """What serves the goal, its indicators with their charts, and its SDG links."""
    kind = kind_of(graph, goal)
    serving = [
        ServingView(
            iri=str(p.project),
            label=p.label,
            page=page_path("project", p.project),
            phase_label=p.phase_label,
            budget=float(p.budget) if p.budget is not None else None,
        )
        for p in projects_serving(engine(graph), goal, lang=lang)
    ]
    measuring = sorted(_iris(graph.subjects(GG.measures, goal)))
    readings = _readings(graph, measuring)
    indicators = [_indicator(graph, i, lang, readings) for i in measuring]
    return GoalDetail(
        iri=str(goal),
        label=label(graph, goal, lang),
        kind=kind.key,
        kind_name=kind.name(lang),
        description=description(graph, goal, lang),
        parents=_refs(graph, _iris(graph.objects(goal, GG.contributesTo)), lang),
        children=_refs(graph, _iris(graph.subjects(GG.contributesTo, goal)), lang),
        sdg=sorted(
            (sdg_ref(graph, s, lang) for s in _iris(graph.objects(goal, GG.localises))),
            key=lambda s: s.code,
        ),
        strategies=_refs(graph, _iris(graph.subjects(GG.realises, goal)), lang),
        projects=sorted(serving, key=lambda s: s.label),
        indicators=sorted(indicators, key=lambda i: i.label),
    )


_PROJECT_FACTS = (
    ("responsible", GG.responsible),
    ("owner", GG.owner),
    ("manager", GG.manager),
    ("portfolio", GG.partOf),
)


def project_detail(graph: Graph, project: URIRef, lang: str = "nb") -> ProjectDetail:
    """The project's facts and its traces drawn as paths up to the goals and SDG items."""
    found = trace(engine(graph), project, lang=lang)
    kinds = kinds_of(graph, [hop.node for path in found.paths for hop in path])
    traces = [
        [
            HopView(
                label=hop.label,
                kind_name=kinds[hop.node].name(lang),
                page=page_path(kinds[hop.node].key, hop.node),
                via=hop.via_label or (short_name(hop.via) if hop.via is not None else None),
            )
            for hop in path
        ]
        for path in found.paths
    ]
    phase = graph.value(project, GG.phase)
    return ProjectDetail(
        iri=str(project),
        label=label(graph, project, lang),
        description=description(graph, project, lang),
        phase_label=label(graph, phase, lang) if phase is not None else None,
        budget=_float(graph.value(project, GG.budget)),
        facts=[
            (key, _refs(graph, _iris(graph.objects(project, p)), lang)) for key, p in _PROJECT_FACTS
        ],
        traces=traces,
        goals=_refs(graph, set(found.goals), lang),
    )


#: How many of the nodes linking to a node its page lists.
_MAX_INCOMING = 200


def node_detail(graph: Graph, node: URIRef, lang: str = "nb") -> NodeDetail:
    """Any node: its literal properties, the nodes it links to and the nodes linking to it."""
    outgoing: list[Statement] = []
    for predicate, value in graph.predicate_objects(node):
        name = label(graph, predicate, lang)
        if isinstance(value, URIRef):
            outgoing.append(Statement(name, label(graph, value, lang), _ref(graph, value, lang)))
        elif isinstance(value, Literal) and (value.language in (None, lang)):
            outgoing.append(Statement(name, str(value)))
    # A class or an SDG target is pointed at by thousands of nodes at national scale: only
    # the first ones shown are labelled, each label being a look-up in the store.
    linking = islice(
        ((s, p) for s, p in graph.subject_predicates(node) if isinstance(s, URIRef)),
        _MAX_INCOMING,
    )
    incoming = [
        Statement(
            label(graph, predicate, lang), label(graph, subject, lang), _ref(graph, subject, lang)
        )
        for subject, predicate in linking
    ]
    return NodeDetail(
        iri=str(node),
        label=label(graph, node, lang),
        kind_name=kind_of(graph, node).name(lang),
        description=description(graph, node, lang),
        outgoing=sorted(outgoing, key=lambda s: (s.predicate, s.value)),
        incoming=sorted(incoming, key=lambda s: (s.predicate, s.value)),
    )
