"""What the pages and the JSON API show: goals, projects and the tree from the SDGs down."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from urllib.parse import quote

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, SKOS

from goalgraph.iri import expand
from goalgraph.labels import label
from goalgraph.namespace import GG
from goalgraph.sdg import code_to_iri
from goalgraph.web.queries import run_query


@dataclass(frozen=True)
class Ref:
    """A node named in the user's language, with the path of its page."""

    iri: str
    label: str
    page: str


@dataclass(frozen=True)
class SdgRef:
    """An SDG goal or target a local goal takes up."""

    iri: str
    code: str
    label: str


@dataclass
class GoalNode:
    """A goal in the tree, with the projects that serve it and their total budget."""

    iri: str
    label: str
    kind: str
    page: str
    projects: int
    budget: float
    sdg: list[SdgRef] = field(default_factory=list)
    children: list[GoalNode] = field(default_factory=list)


@dataclass
class SdgBranch:
    """An SDG goal and the local goals that take up it or its targets."""

    sdg: SdgRef
    goals: list[GoalNode]


@dataclass
class GoalTree:
    """The goal tree from the SDG goals and the main goals down."""

    sdg: list[SdgBranch]
    unlinked: list[GoalNode]


@dataclass(frozen=True)
class GoalSummary:
    """A goal in a list."""

    iri: str
    label: str
    kind: str
    page: str
    projects: int
    budget: float
    sdg: list[SdgRef]


@dataclass(frozen=True)
class ProjectSummary:
    """A project in a list."""

    iri: str
    label: str
    page: str
    phase: str | None
    phase_label: str | None
    budget: float | None
    responsible: list[Ref]
    portfolios: list[Ref]


@dataclass(frozen=True)
class Filters:
    """Filters of the goal and project lists; each is an IRI (or None)."""

    phase: URIRef | None = None
    responsible: URIRef | None = None
    portfolio: URIRef | None = None
    sdg: URIRef | None = None

    @property
    def on_projects(self) -> bool:
        return any((self.phase, self.responsible, self.portfolio))

    @classmethod
    def parse(
        cls,
        graph: Graph,
        *,
        phase: str | None = None,
        responsible: str | None = None,
        portfolio: str | None = None,
        sdg: str | None = None,
    ) -> Filters:
        """Filters from what a user typed: IRIs or CURIEs; ``sdg`` may also be a code (3.4)."""

        def node(text: str | None) -> URIRef | None:
            return expand(text, graph) if text else None

        sdg_node = None
        if sdg:
            sdg_node = code_to_iri(sdg, graph) if sdg[0].isdigit() else expand(sdg, graph)
        return cls(node(phase), node(responsible), node(portfolio), sdg_node)


def page_path(kind: str, iri: Node) -> str:
    """The page of a node: goals and projects have their own, anything else the node page."""
    section = {"main-goal": "goal", "sub-goal": "goal", "goal": "goal", "project": "project"}
    return f"/{section.get(kind, 'node')}?iri={quote(str(iri), safe='')}"


def _number(value: object) -> float | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, Decimal | int | float):
            return float(python)
    return None


def sdg_ref(graph: Graph, node: URIRef, lang: str) -> SdgRef:
    code = next((str(c) for c in graph.objects(node, SKOS.notation)), "")
    return SdgRef(iri=str(node), code=code, label=label(graph, node, lang))


@dataclass
class _GoalRow:
    kind: str
    parents: set[URIRef] = field(default_factory=set)
    sdg: set[URIRef] = field(default_factory=set)
    sdg_goals: set[URIRef] = field(default_factory=set)


_KIND_BY_CLASS = {GG.MainGoal: "main-goal", GG.SubGoal: "sub-goal"}


def _goal_rows(graph: Graph) -> dict[URIRef, _GoalRow]:
    rows: dict[URIRef, _GoalRow] = {}
    for row in run_query(graph, "goals"):
        goal = row["goal"]
        if not isinstance(goal, URIRef):
            continue
        entry = rows.setdefault(goal, _GoalRow("goal"))
        kind = _KIND_BY_CLASS.get(URIRef(str(row["class"])))
        if kind is not None:
            entry.kind = kind
        if isinstance(row.get("parent"), URIRef):
            entry.parents.add(URIRef(str(row["parent"])))
        if isinstance(row.get("sdg"), URIRef):
            entry.sdg.add(URIRef(str(row["sdg"])))
        if isinstance(row.get("sdgGoal"), URIRef):
            entry.sdg_goals.add(URIRef(str(row["sdgGoal"])))
    return rows


def _serving(graph: Graph) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, float]]:
    """Projects per goal, and each project's budget."""
    projects: dict[URIRef, set[URIRef]] = defaultdict(set)
    budgets: dict[URIRef, float] = {}
    for row in run_query(graph, "serving"):
        goal, project = URIRef(str(row["goal"])), URIRef(str(row["project"]))
        projects[goal].add(project)
        budgets[project] = _number(row.get("budget")) or budgets.get(project, 0.0)
    return projects, budgets


@dataclass
class _ProjectRow:
    phase: URIRef | None = None
    budget: float | None = None
    responsible: set[URIRef] = field(default_factory=set)
    direct_responsible: set[URIRef] = field(default_factory=set)
    part_of: set[URIRef] = field(default_factory=set)


def _project_rows(graph: Graph) -> dict[URIRef, _ProjectRow]:
    rows: dict[URIRef, _ProjectRow] = {}
    for row in run_query(graph, "projects"):
        project = URIRef(str(row["project"]))
        entry = rows.setdefault(project, _ProjectRow())
        if isinstance(row.get("phase"), URIRef):
            entry.phase = URIRef(str(row["phase"]))
        budget = _number(row.get("budget"))
        if budget is not None:
            entry.budget = budget
        if isinstance(row.get("responsible"), URIRef):
            entry.responsible.add(URIRef(str(row["responsible"])))
        if isinstance(row.get("partOf"), URIRef):
            entry.part_of.add(URIRef(str(row["partOf"])))
    for project, entry in rows.items():
        entry.direct_responsible = {
            o for o in graph.objects(project, GG.responsible) if isinstance(o, URIRef)
        }
    return rows


def _project_matches(entry: _ProjectRow, filters: Filters) -> bool:
    if filters.phase is not None and entry.phase != filters.phase:
        return False
    if filters.responsible is not None and filters.responsible not in entry.responsible:
        return False
    return filters.portfolio is None or filters.portfolio in entry.part_of


def _goal_sdg_closure(goals: dict[URIRef, _GoalRow], graph: Graph) -> dict[URIRef, set[URIRef]]:
    """The SDG items (and their ancestors) each goal takes up itself or through its parents."""
    closure: dict[URIRef, set[URIRef]] = {}

    def items(goal: URIRef, seen: frozenset[URIRef]) -> set[URIRef]:
        if goal in closure:
            return closure[goal]
        entry = goals.get(goal)
        found: set[URIRef] = set()
        if entry is not None:
            for item in entry.sdg:
                found.add(item)
                found.update(
                    o for o in graph.transitive_objects(item, SKOS.broader) if isinstance(o, URIRef)
                )
            for parent in entry.parents - seen:
                found |= items(parent, seen | {goal})
        closure[goal] = found
        return found

    for goal in goals:
        items(goal, frozenset())
    return closure


def _goal_node(
    goal: URIRef,
    entry: _GoalRow,
    served: dict[URIRef, set[URIRef]],
    budgets: dict[URIRef, float],
    label_of: Callable[[URIRef], str],
    sdg_of: Callable[[URIRef], SdgRef],
) -> GoalNode:
    projects = served.get(goal, set())
    return GoalNode(
        iri=str(goal),
        label=label_of(goal),
        kind=entry.kind,
        page=page_path(entry.kind, goal),
        projects=len(projects),
        budget=sum(budgets.get(p, 0.0) for p in projects),
        sdg=sorted((sdg_of(s) for s in entry.sdg), key=lambda r: r.code),
    )


def goal_tree(graph: Graph, lang: str = "nb") -> GoalTree:
    """SDG goals → the local goals taking them up → their sub-goals, with counts and budgets."""
    goals = _goal_rows(graph)
    served, budgets = _serving(graph)
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    for goal, entry in goals.items():
        for parent in entry.parents:
            if parent in goals:
                children[parent].append(goal)

    # Many goals share SDG targets and every label is needed twice: look each up once, since
    # on a store every lookup is a query.
    @cache
    def label_of(node: URIRef) -> str:
        return label(graph, node, lang)

    @cache
    def sdg_of(node: URIRef) -> SdgRef:
        return sdg_ref(graph, node, lang)

    def build(goal: URIRef, seen: frozenset[URIRef]) -> GoalNode:
        node = _goal_node(goal, goals[goal], served, budgets, label_of, sdg_of)
        kids = [build(c, seen | {goal}) for c in children[goal] if c not in seen | {goal}]
        node.children = sorted(kids, key=lambda n: n.label)
        return node

    roots = sorted(
        (g for g, e in goals.items() if not (e.parents & goals.keys())),
        key=label_of,
    )
    by_sdg: dict[URIRef, list[GoalNode]] = defaultdict(list)
    unlinked: list[GoalNode] = []
    for root in roots:
        sdg_goals = goals[root].sdg_goals
        if not sdg_goals:
            unlinked.append(build(root, frozenset()))
        for sdg_goal in sdg_goals:
            by_sdg[sdg_goal].append(build(root, frozenset()))
    branches = [SdgBranch(sdg_of(s), nodes) for s, nodes in by_sdg.items()]
    branches.sort(key=lambda b: int(b.sdg.code) if b.sdg.code.isdigit() else 99)
    return GoalTree(sdg=branches, unlinked=unlinked)


def list_goals(graph: Graph, filters: Filters, lang: str = "nb") -> list[GoalSummary]:
    """Goals taking up ``filters.sdg`` and served by a project matching the project filters."""
    goals = _goal_rows(graph)
    served, budgets = _serving(graph)
    wanted: Iterable[URIRef] = goals
    if filters.sdg is not None:
        closure = _goal_sdg_closure(goals, graph)
        wanted = [g for g in wanted if filters.sdg in closure[g]]
    if filters.on_projects:
        projects = _project_rows(graph)
        wanted = [
            g
            for g in wanted
            if any(_project_matches(projects[p], filters) for p in served.get(g, ()))
        ]
    result = []
    sdg_of = cache(lambda node: sdg_ref(graph, node, lang))
    for goal in wanted:
        node = _goal_node(
            goal, goals[goal], served, budgets, lambda n: label(graph, n, lang), sdg_of
        )
        result.append(
            GoalSummary(
                iri=node.iri,
                label=node.label,
                kind=node.kind,
                page=node.page,
                projects=node.projects,
                budget=node.budget,
                sdg=node.sdg,
            )
        )
    return sorted(result, key=lambda g: g.label)


def _ref(graph: Graph, node: URIRef, kind: str, lang: str) -> Ref:
    return Ref(iri=str(node), label=label(graph, node, lang), page=page_path(kind, node))


def project_summary(
    graph: Graph, project: URIRef, entry: _ProjectRow, lang: str = "nb"
) -> ProjectSummary:
    portfolios = sorted(p for p in entry.part_of if (p, None, GG.Portfolio) in graph)
    return ProjectSummary(
        iri=str(project),
        label=label(graph, project, lang),
        page=page_path("project", project),
        phase=str(entry.phase) if entry.phase else None,
        phase_label=label(graph, entry.phase, lang) if entry.phase else None,
        budget=entry.budget,
        responsible=[_ref(graph, r, "other", lang) for r in sorted(entry.direct_responsible)],
        portfolios=[_ref(graph, p, "other", lang) for p in portfolios],
    )


def list_projects(graph: Graph, filters: Filters, lang: str = "nb") -> list[ProjectSummary]:
    """Projects in a phase, of a responsible unit, in a portfolio, serving an SDG item."""
    projects = _project_rows(graph)
    wanted = [p for p, e in projects.items() if _project_matches(e, filters)]
    if filters.sdg is not None:
        goals = _goal_rows(graph)
        closure = _goal_sdg_closure(goals, graph)
        served, _ = _serving(graph)
        serving_sdg = {
            p for g, ps in served.items() if filters.sdg in closure.get(g, set()) for p in ps
        }
        wanted = [p for p in wanted if p in serving_sdg]
    summaries = [project_summary(graph, p, projects[p], lang) for p in wanted]
    return sorted(summaries, key=lambda p: p.label)


def description(graph: Graph, node: URIRef, lang: str) -> str | None:
    """The node's dct:description in ``lang``, else in any language."""
    texts = [o for o in graph.objects(node, DCTERMS.description) if isinstance(o, Literal)]
    preferred = [t for t in texts if t.language == lang] or texts
    return str(preferred[0]) if preferred else None
