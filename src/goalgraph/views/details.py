"""What a goal page, a project page and the page of any other node show, read from a store."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from goalgraph.analysis.report import BEHIND, NO_DATA, ON_TRACK, indicator_statuses
from goalgraph.analysis.trace import Branch, Hop, merged, projects_serving, trace
from goalgraph.labels import short_name
from goalgraph.language import format_date, format_number
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.sparql.results import Row
from goalgraph.store.base import Store
from goalgraph.views.bridge import Bridge, gap_bridge
from goalgraph.views.chart import Chart, line_chart
from goalgraph.views.lookup import Described, Ref, SdgRef, describe, page_path

if TYPE_CHECKING:
    from goalgraph.analysis.effects import IndicatorBalance


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
    #: The gap bridge today: the latest reading, the projects' counted effects, the target.
    bridge: Bridge | None = None
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
class MeansNode:
    """A strategy, assignment, measure or project below a goal, with what it leads to."""

    ref: Ref
    kind_name: str
    children: list[MeansNode] = field(default_factory=list)


@dataclass(frozen=True)
class GoalSummary:
    """The one line at the top of a goal page: how its indicators stand and what serves it."""

    on_track: int
    behind: int
    no_data: int
    budget: float
    projects: int

    @property
    def status(self) -> str:
        """on-track when every indicator with data is, behind when one is not, else no-data."""
        if self.behind:
            return BEHIND
        return ON_TRACK if self.on_track else NO_DATA


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
    summary: GoalSummary | None = None
    means: list[MeansNode] = field(default_factory=list)


@dataclass(frozen=True)
class HopView:
    """One step of a trace: the node reached and the link followed to reach it."""

    label: str
    kind_name: str
    page: str
    via: str | None
    children: list[HopView] = field(default_factory=list)
    #: The language of the label (None: untagged).
    lang: str | None = None


@dataclass(frozen=True)
class EffectView:
    """An expected effect of a project on an indicator, with the indicator's status."""

    indicator: Ref
    change: float | None
    unit: str | None
    date: date | None
    status: str


@dataclass(frozen=True)
class FinancingView:
    """One financing of a project: source, amount and earmarking."""

    source: Ref | None
    amount: float | None
    earmarked: str | None


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
    start: date | None = None
    end: date | None = None
    risk_label: str | None = None
    benefit: str | None = None
    effects: list[EffectView] = field(default_factory=list)
    financing: list[FinancingView] = field(default_factory=list)
    #: The programmes and portfolios the project is part of, nearest first.
    containers: list[Ref] = field(default_factory=list)
    #: The traces merged into one tree: shared hops once.
    tree: list[HopView] = field(default_factory=list)
    #: The portfolios the project is directly part of, each with its prioritisation page.
    portfolios: list[Ref] = field(default_factory=list)
    #: A gap bridge for each indicator the project has an expected effect on.
    bridges: list[Bridge] = field(default_factory=list)


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
    #: The key of the node's kind (goalgraph.views.classes), for example "portfolio".
    kind: str = ""
    #: A portfolio with a criteria scheme, so its prioritisation page can be linked.
    prioritisable: bool = False


def _float(value: object) -> float | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, Decimal | int | float):
            return float(python)
    return None


def _literal_text(value: Literal, lang: str) -> str:
    """A literal as the page's language writes it: numbers grouped («65 000 000», «5,3»),
    dates spelt out («31. desember 2026»); other literals as they are."""
    python = value.toPython()
    if isinstance(python, bool):
        return str(value)
    if isinstance(python, Decimal | int | float):
        return format_number(python, lang)
    if isinstance(python, date) and not isinstance(python, datetime):
        return format_date(python, lang)
    return str(value)


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


def _indicators(
    store: Store, goal: URIRef, lang: str, today: date | None = None
) -> list[IndicatorView]:
    # The effect balance is imported by the first page that shows one (start-up time).
    from goalgraph.analysis.effects import indicator_balances

    readings = _readings(select(store, "goal-indicators", {"goal": goal, "lang": lang}))
    directions = {r.direction for r in readings.values() if r.direction is not None}
    described = describe(store, [*readings, *directions], lang)
    at = today or date.today()
    balances = {b.indicator: b for b in indicator_balances(store, list(readings), at, lang)}
    views = []
    for number, (indicator, entry) in enumerate(readings.items(), start=1):
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
                chart=line_chart(
                    observations,
                    targets,
                    unit=entry.unit or "",
                    today=today,
                    lang=lang,
                    revised=revised,
                ),
                revised=revised,
                bridge=_bridge(balances, indicator, lang, f"bridge-{number}", at),
            )
        )
    return sorted(views, key=lambda i: (i.label, i.iri))


def _bridge(
    balances: dict[URIRef, IndicatorBalance],
    indicator: URIRef,
    lang: str,
    key: str,
    at: date,
    own: URIRef | None = None,
) -> Bridge | None:
    found = balances.get(indicator)
    return gap_bridge(found, lang, key=key, own=own, at=at) if found is not None else None


def _project_bridges(
    store: Store, project: URIRef, lang: str, today: date | None = None
) -> list[Bridge]:
    """The gap bridges of the indicators the project has expected effects on."""
    from goalgraph.analysis.effects import indicator_balances

    rows = select(store, "expected-effects", {"project": [project]})
    # Effects that cannot be counted (no change or date) draw no bridge; validation names them.
    counted = (r["indicator"] for r in rows if r["change"] is not None and r["date"] is not None)
    indicators = sorted({i for i in counted if isinstance(i, URIRef)}, key=str)
    at = today or date.today()
    balances = {b.indicator: b for b in indicator_balances(store, indicators, at, lang)}
    ordered = sorted(balances.values(), key=lambda b: (b.label, str(b.indicator)))
    bridges = [
        _bridge(balances, b.indicator, lang, f"bridge-{n}", at, own=project)
        for n, b in enumerate(ordered, start=1)
    ]
    return [b for b in bridges if b is not None]


#: More sub-goals or strategies of one goal than any plan has: the goal page lists them all.
_MAX_LINKED = 100_000


def _means(store: Store, goal: URIRef, lang: str) -> list[MeansNode]:
    """The strategies below the goal (and its sub-goals), each with its assignments,
    measures and projects (goal-means.rq)."""
    columns = ("strategy", "assignment", "measure", "project")
    below: dict[URIRef | None, dict[URIRef, None]] = defaultdict(dict)
    for row in select(store, "goal-means", {"goal": goal}):
        parent: URIRef | None = None
        for column in columns:
            node = row[column]
            if not isinstance(node, URIRef):
                break
            below[parent][node] = None
            parent = node
    nodes = {n for found in below.values() for n in found}
    described = describe(store, nodes, lang)

    def build(parent: URIRef | None, seen: frozenset[URIRef]) -> list[MeansNode]:
        found = [
            MeansNode(described.ref(n), described.kind(n).name(lang), build(n, seen | {n}))
            for n in below.get(parent, {})
            if n not in seen
        ]
        return sorted(found, key=lambda m: (m.ref.label, m.ref.iri))

    return build(None, frozenset())


def goal_detail(
    store: Store, goal: URIRef, lang: str = "nb", today: date | None = None
) -> GoalDetail:
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
    indicators = _indicators(store, goal, lang, today)
    statuses = indicator_statuses(store, [URIRef(i.iri) for i in indicators], lang, today)
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
        indicators=indicators,
        summary=GoalSummary(
            on_track=sum(1 for s in statuses.values() if s.status == ON_TRACK),
            behind=sum(1 for s in statuses.values() if s.status == BEHIND),
            no_data=sum(1 for s in statuses.values() if s.status == NO_DATA),
            budget=sum(p.budget or 0.0 for p in serving),
            projects=len(serving),
        ),
        means=_means(store, goal, lang),
    )


_PROJECT_FACTS = (
    ("responsible", GG.responsible),
    ("owner", GG.owner),
    ("manager", GG.manager),
    ("portfolio", GG.partOf),
)


def _hop_view(
    hop_node: URIRef,
    label: str,
    via: str | None,
    described: Described,
    lang: str,
    children: list[HopView] | None = None,
) -> HopView:
    kind = described.kind(hop_node)
    return HopView(
        label=described.texts.labels.get(hop_node, label),
        lang=described.texts.label_langs.get(hop_node),
        kind_name=kind.name(lang),
        page=page_path(kind.key, hop_node),
        via=via,
        children=children or [],
    )


def _via(hop: Hop) -> str | None:
    return hop.via_label or (short_name(hop.via) if hop.via is not None else None)


def _tree(branches: list[Branch], described: Described, lang: str) -> list[HopView]:
    return [
        _hop_view(
            b.hop.node,
            b.hop.label,
            _via(b.hop),
            described,
            lang,
            _tree(list(b.children), described, lang),
        )
        for b in branches
    ]


def _records(
    store: Store, project: URIRef, lang: str
) -> tuple[
    list[tuple[URIRef, float | None, date | None]],
    list[tuple[URIRef | None, float | None, str | None]],
]:
    effects: dict[Node, tuple[URIRef, float | None, date | None]] = {}
    financing: dict[Node, tuple[URIRef | None, float | None, str | None]] = {}
    for row in select(store, "project-records", {"project": project, "lang": lang}):
        record = row["record"]
        if record is None:
            continue
        if str(row["kind"]) == "effect" and isinstance(row["indicator"], URIRef):
            effects.setdefault(record, (row["indicator"], _float(row["change"]), _day(row["date"])))
        elif str(row["kind"]) == "financing":
            source = row["source"] if isinstance(row["source"], URIRef) else None
            earmarked = str(row["earmarked"]) if row["earmarked"] is not None else None
            financing.setdefault(record, (source, _float(row["amount"]), earmarked))
    return list(effects.values()), list(financing.values())


def _containers(store: Store, project: URIRef) -> list[URIRef]:
    """The programmes and portfolios above the project, nearest first."""
    found: list[URIRef] = []
    frontier = [project]
    while frontier:
        above = [o for _, _, o in store.match(frontier, [GG.partOf]) if isinstance(o, URIRef)]
        frontier = [a for a in dict.fromkeys(above) if a not in found and a != project]
        found.extend(frontier)
    return found


def project_detail(
    store: Store, project: URIRef, lang: str = "nb", today: date | None = None
) -> ProjectDetail:
    """The project's facts, expected effects and financing, and its traces up to the goals
    and SDG items, as paths and merged into one tree."""
    found = trace(store, project, lang=lang)
    outgoing = _outgoing(store, project)
    phase = next(iter(sorted(_values(outgoing, GG.phase), key=str)), None)
    risk = next(iter(sorted(_values(outgoing, GG.riskLevel), key=str)), None)
    facts = [(key, _values(outgoing, p)) for key, p in _PROJECT_FACTS]
    hops = [hop.node for path in found.paths for hop in path]
    others = [n for _, nodes in facts for n in nodes]
    effects, financing = _records(store, project, lang)
    containers = _containers(store, project)
    linked = [
        *(e[0] for e in effects),
        *(f[0] for f in financing if f[0] is not None),
        *containers,
        *([phase] if phase else []),
        *([risk] if risk else []),
    ]
    described = describe(store, [project, *hops, *others, *found.goals, *linked], lang)
    statuses = indicator_statuses(store, [e[0] for e in effects], lang, today)
    traces = [
        [_hop_view(hop.node, hop.label, _via(hop), described, lang) for hop in path]
        for path in found.paths
    ]
    benefit = literal_in_lang(outgoing, GG.expectedBenefit, lang)
    return ProjectDetail(
        iri=str(project),
        label=described.label(project),
        description=described.texts.description(project),
        phase_label=described.label(phase) if phase is not None else None,
        budget=_float(_literal(outgoing, GG.budget)),
        facts=[(key, described.refs(nodes)) for key, nodes in facts if key != "portfolio"],
        traces=traces,
        goals=described.refs(found.goals),
        start=_day(_literal(outgoing, GG.startDate)),
        end=_day(_literal(outgoing, GG.endDate)),
        risk_label=described.label(risk) if risk is not None else None,
        benefit=benefit,
        effects=[
            EffectView(
                indicator=described.ref(indicator),
                change=change,
                unit=statuses[indicator].unit if indicator in statuses else None,
                date=when,
                status=statuses[indicator].status if indicator in statuses else NO_DATA,
            )
            for indicator, change, when in effects
        ],
        financing=[
            FinancingView(described.ref(source) if source else None, amount, earmarked)
            for source, amount, earmarked in financing
        ],
        containers=[described.ref(c) for c in containers],
        tree=_tree(merged(found.paths), described, lang),
        portfolios=described.refs(_prioritisable(store, _values(outgoing, GG.partOf), described)),
        bridges=_project_bridges(store, project, lang, today),
    )


def _prioritisable(store: Store, nodes: Iterable[Node], described: Described) -> list[URIRef]:
    """The portfolios among ``nodes`` that have a criteria scheme, so can be prioritised."""
    portfolios = [
        n for n in nodes if isinstance(n, URIRef) and described.kind(n).key == "portfolio"
    ]
    schemed = {s for s, _, _ in store.match(portfolios, [GG.criteria])} if portfolios else set()
    return [p for p in portfolios if p in schemed]


def literal_in_lang(
    statements: Iterable[tuple[URIRef, Node]], prop: URIRef, lang: str
) -> str | None:
    """The text of ``prop`` in ``lang``, else untagged, else any (the first by text)."""
    values = [v for p, v in statements if p == prop and isinstance(v, Literal)]
    ranked = sorted(values, key=lambda v: (v.language != lang, v.language is not None, str(v)))
    return str(ranked[0]) if ranked else None


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
            statements.append(Statement(name, _literal_text(value, lang)))
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
        kind=kind.key,
        prioritisable=kind.key == "portfolio" and any(p == GG.criteria for p, _ in outgoing),
    )
