"""What the pages and the JSON API show: goals, projects and the tree from the SDGs down."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from urllib.parse import quote

from goalgraph.web.queries import run_query, select
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from goalgraph.iri import expand
from goalgraph.labels import LANGUAGES, label
from goalgraph.namespace import GG
from goalgraph.sdg import code_to_iri


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
# Looked up once: a DefinedNamespace attribute costs a function call, and the loops below
# run over every link of a national store.
_CONTRIBUTES_TO, _LOCALISES = GG.contributesTo, GG.localises
_IMPLEMENTS, _RESOLVES, _CONCRETISES, _REALISES = (
    GG.implements,
    GG.resolves,
    GG.concretises,
    GG.realises,
)


@dataclass
class _Links:
    """Statements of a few properties, each as a map from a node to the nodes it links to."""

    by_link: dict[URIRef, dict[URIRef, set[URIRef]]]

    @classmethod
    def read(cls, graph: Graph, query: str) -> _Links:
        """The rows (?from ?link ?to) of the named query."""
        by_link: dict[URIRef, dict[URIRef, set[URIRef]]] = defaultdict(lambda: defaultdict(set))
        for source, link, target in select(graph, query):
            if isinstance(source, URIRef) and isinstance(target, URIRef):
                by_link[link][source].add(target)  # type: ignore[index]
        return cls(by_link)

    def of(self, link: URIRef, node: URIRef) -> set[URIRef]:
        return self.by_link[link].get(node, set())

    def onward(self, link: URIRef, nodes: Iterable[URIRef]) -> set[URIRef]:
        return {target for node in nodes for target in self.of(link, node)}

    def contributes_to(self, goal: URIRef) -> set[URIRef]:
        """``goal`` and every goal it contributes to, directly or through further goals."""
        found = {goal}
        todo = [goal]
        while todo:
            for parent in self.of(_CONTRIBUTES_TO, todo.pop()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found


def _goal_rows(graph: Graph, links: _Links | None = None) -> dict[URIRef, _GoalRow]:
    """Every goal with its kind, the goals it contributes to and the SDG items it localises
    (with the SDG goals they belong to); ``links`` are the rows of tree-links."""
    links = links or _Links.read(graph, "tree-links")
    rows: dict[URIRef, _GoalRow] = {}
    for goal, cls in select(graph, "tree-goals"):
        if not isinstance(goal, URIRef):
            continue
        entry = rows.setdefault(goal, _GoalRow("goal"))
        kind = _KIND_BY_CLASS.get(URIRef(str(cls)))
        if kind is not None:
            entry.kind = kind
    sdg_goals: dict[URIRef, set[URIRef]] = defaultdict(set)
    for item, sdg_goal, _, _ in select(graph, "tree-sdg"):
        if isinstance(item, URIRef) and isinstance(sdg_goal, URIRef):
            sdg_goals[item].add(sdg_goal)
    for goal, entry in rows.items():
        entry.parents = set(links.of(_CONTRIBUTES_TO, goal))
        entry.sdg = set(links.of(_LOCALISES, goal))
        entry.sdg_goals = {g for item in entry.sdg for g in sdg_goals.get(item, ())}
    return rows


def _serving(
    graph: Graph, links: _Links | None = None
) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, float]]:
    """Projects per goal, and each project's budget: a project serves the goal its chain
    implements → resolves → concretises → realises reaches, and every goal that goal
    contributes to, directly or through further goals. Joined in Python from plain
    look-ups: on a national store several times faster than the engine following the path
    from every project."""
    links = links or _Links.read(graph, "tree-links")
    chain = _Links.read(graph, "tree-chain")
    budgets: dict[URIRef, float] = {}
    for project, budget in select(graph, "tree-projects"):
        if isinstance(project, URIRef):
            budgets[project] = _number(budget) or budgets.get(project, 0.0)
    reached: dict[URIRef, set[URIRef]] = {}
    projects: dict[URIRef, set[URIRef]] = defaultdict(set)
    for project in budgets:
        measures = chain.of(_IMPLEMENTS, project)
        strategies = chain.onward(_CONCRETISES, chain.onward(_RESOLVES, measures))
        for realised in chain.onward(_REALISES, strategies):
            if realised not in reached:
                reached[realised] = links.contributes_to(realised)
            for goal in reached[realised]:
                projects[goal].add(project)
    return projects, budgets


def projects_of_goals(
    graph: Graph, goals: Sequence[URIRef]
) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, float]]:
    """What :func:`_serving` gives, for a few goals only (goal-serving.rq)."""
    projects: dict[URIRef, set[URIRef]] = defaultdict(set)
    budgets: dict[URIRef, float] = {}
    if not goals:
        return projects, budgets
    for row in run_query(graph, "goal-serving", values={"goal": goals}):
        goal, project = URIRef(str(row["goal"])), URIRef(str(row["project"]))
        projects[goal].add(project)
        budgets[project] = _number(row.get("budget")) or budgets.get(project, 0.0)
    return projects, budgets


#: The label properties in the order goalgraph.labels.label tries them.
_LABEL_ORDER = (SKOS.prefLabel, RDFS.label, FOAF.name)


def _pick_label(values: list[tuple[URIRef, Literal]], lang: str) -> str:
    """The label goalgraph.labels.label chooses, from a node's label statements fetched with
    those of many nodes at once: in ``lang``, else in the other language, else any."""
    ordered = sorted(values, key=lambda pv: _LABEL_ORDER.index(pv[0]))
    for wanted in (lambda v: v.language == lang, lambda v: v.language in LANGUAGES):
        found = next((v for _, v in ordered if wanted(v)), None)
        if found is not None:
            return str(found)
    return str(ordered[0][1])


def _labels(
    rows: Iterable[tuple[Node | None, ...]], lang: str
) -> tuple[dict[URIRef, str], dict[URIRef, str]]:
    """Labels and notations from rows of (node, property, value); nodes without a label
    in the rows have none in the first map."""
    values: dict[URIRef, list[tuple[URIRef, Literal]]] = defaultdict(list)
    codes: dict[URIRef, str] = {}
    for node, prop, value in rows:
        if not isinstance(node, URIRef):
            continue
        if prop == SKOS.notation and value is not None:
            codes.setdefault(node, str(value))
        elif isinstance(value, Literal) and prop in _LABEL_ORDER:
            values[node].append((URIRef(str(prop)), value))
    return {n: _pick_label(v, lang) for n, v in values.items()}, codes


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


def goal_skeleton(graph: Graph, lang: str = "nb") -> GoalTree:
    """The goal tree with every goal's label and SDG items but no project counts (zero):
    what a national store can give in about a second. :func:`with_counts` adds the counts
    to the part of it that is shown."""
    links = _Links.read(graph, "tree-links")
    goals = _goal_rows(graph, links)
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    for goal, entry in goals.items():
        for parent in entry.parents:
            if parent in goals:
                children[parent].append(goal)

    # All labels are fetched by one query for the goals and one for the SDG items: on a
    # store every single look-up is a query, and a national tree has thousands of goals.
    goal_labels, _ = _labels(select(graph, "tree-labels", {"lang": Literal(lang)}), lang)
    sdg_labels, codes = _labels(((i, p, v) for i, _, p, v in select(graph, "tree-sdg")), lang)

    def label_of(node: URIRef) -> str:
        # Goals without a label in ``lang`` (few) are looked up one by one, with fallbacks.
        found = goal_labels.get(node)
        return found if found is not None else label(graph, node, lang)

    @cache
    def sdg_of(node: URIRef) -> SdgRef:
        if node not in sdg_labels:
            return sdg_ref(graph, node, lang)
        return SdgRef(iri=str(node), code=codes.get(node, ""), label=sdg_labels[node])

    def build(goal: URIRef, seen: frozenset[URIRef]) -> GoalNode:
        node = _goal_node(goal, goals[goal], {}, {}, label_of, sdg_of)
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
        tree = build(root, frozenset())
        if not goals[root].sdg_goals:
            unlinked.append(tree)
        for sdg_goal in goals[root].sdg_goals:
            by_sdg[sdg_goal].append(tree)
    branches = [SdgBranch(sdg_of(s), nodes) for s, nodes in by_sdg.items()]
    branches.sort(key=lambda b: int(b.sdg.code) if b.sdg.code.isdigit() else 99)
    return GoalTree(sdg=branches, unlinked=unlinked)


def _iris(nodes: Iterable[GoalNode]) -> Iterator[str]:
    for node in nodes:
        yield node.iri
        yield from _iris(node.children)


def with_counts(
    nodes: Iterable[GoalNode], served: dict[URIRef, set[URIRef]], budgets: dict[URIRef, float]
) -> list[GoalNode]:
    """Copies of ``nodes`` (sub-goals too) with the number of projects serving each goal and
    their total budget, from ``served`` (projects per goal) and ``budgets`` (per project)."""
    counted = []
    for node in nodes:
        projects = served.get(URIRef(node.iri), set())
        counted.append(
            replace(
                node,
                projects=len(projects),
                budget=sum(budgets.get(p, 0.0) for p in projects),
                children=with_counts(node.children, served, budgets),
            )
        )
    return counted


def count_projects(graph: Graph, nodes: Sequence[GoalNode]) -> list[GoalNode]:
    """Copies of ``nodes`` with their project counts, asking the store about them alone."""
    served, budgets = projects_of_goals(graph, sorted({URIRef(i) for i in _iris(nodes)}))
    return with_counts(nodes, served, budgets)


def goal_tree(graph: Graph, lang: str = "nb") -> GoalTree:
    """SDG goals → the local goals taking them up → their sub-goals, with counts and budgets."""
    skeleton = goal_skeleton(graph, lang)
    served, budgets = _serving(graph)
    return GoalTree(
        sdg=[SdgBranch(b.sdg, with_counts(b.goals, served, budgets)) for b in skeleton.sdg],
        unlinked=with_counts(skeleton.unlinked, served, budgets),
    )


def list_goals(graph: Graph, filters: Filters, lang: str = "nb") -> list[GoalSummary]:
    """Goals taking up ``filters.sdg`` and served by a project matching the project filters."""
    links = _Links.read(graph, "tree-links")
    goals = _goal_rows(graph, links)
    served, budgets = _serving(graph, links)
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
        links = _Links.read(graph, "tree-links")
        goals = _goal_rows(graph, links)
        closure = _goal_sdg_closure(goals, graph)
        served, _ = _serving(graph, links)
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
