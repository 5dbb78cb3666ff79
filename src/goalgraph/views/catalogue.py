"""The goal tree from the SDGs down and the filtered lists of goals and projects, with the
projects serving each goal and their budgets (the start page, /api/goals, /api/projects)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from goalgraph.chain import UP, Links
from goalgraph.errors import UnknownNodeError
from goalgraph.iri import expand
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.store.base import Store
from goalgraph.views.classes import classes_of
from goalgraph.views.lookup import (
    Described,
    Ref,
    SdgRef,
    describe,
    labels,
    page_path,
    pick_label,
    pick_label_lang,
    texts,
)

__all__ = [
    "Filters",
    "GoalNode",
    "GoalSummary",
    "GoalTree",
    "ProjectSummary",
    "Ref",
    "SdgBranch",
    "SdgRef",
    "count_projects",
    "goal_skeleton",
    "goal_tree",
    "list_goals",
    "list_projects",
    "page_path",
    "projects_of_goals",
    "serving",
    "with_counts",
]


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
    #: What needs attention (goalgraph.views.warnings): no-project, over-frame, high-risk,
    #: off-track.
    warnings: list[str] = field(default_factory=list)


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


def _sdg_item(store: Store, code: str) -> URIRef:
    """The SDG item with ``code`` (3, 3.4, 3.4.1) in the store's vocabulary."""
    if not all(part.isalnum() for part in code.split(".")):
        raise UnknownNodeError(
            f"'{code}' is not an SDG code; write a goal (3), target (3.4) or indicator (3.4.1)"
        )
    rows = select(store, "sdg-item", {"code": Literal(code)}).rows
    found = sorted(str(row["item"]) for row in rows)
    if not found:
        raise UnknownNodeError(f"there is no SDG item with code '{code}'")
    return URIRef(found[0])


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
        store: Store,
        *,
        phase: str | None = None,
        responsible: str | None = None,
        portfolio: str | None = None,
        sdg: str | None = None,
    ) -> Filters:
        """Filters from what a user typed: IRIs or CURIEs; ``sdg`` may also be a code (3.4)."""

        def node(text: str | None) -> URIRef | None:
            return expand(text, store) if text else None

        sdg_node = None
        if sdg:
            sdg_node = _sdg_item(store, sdg.strip()) if sdg[0].isdigit() else expand(sdg, store)
        return cls(node(phase), node(responsible), node(portfolio), sdg_node)


def _number(value: object) -> float | None:
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, Decimal | int | float):
            return float(python)
    return None


def read_links(store: Store, *queries: str) -> Links:
    """The rows (?from ?link ?to) of the named queries as the chain's link maps."""
    links = Links()
    for query in queries:
        for source, link, target in select(store, query):
            if (
                isinstance(source, URIRef)
                and isinstance(link, URIRef)
                and isinstance(target, URIRef)
            ):
                links.add(source, link, target)
    return links


@dataclass
class _GoalRow:
    kind: str
    parents: set[URIRef] = field(default_factory=set)
    sdg: set[URIRef] = field(default_factory=set)
    sdg_goals: set[URIRef] = field(default_factory=set)


_KIND_BY_CLASS = {GG.MainGoal: "main-goal", GG.SubGoal: "sub-goal"}
# Looked up once: a DefinedNamespace attribute costs a function call, and the loops below
# run over every link of a national store.
_LOCALISES = GG.localises
_NOTATION = SKOS.notation


@dataclass
class _SdgItems:
    """The SDG items goals localise, as tree-sdg gives them: their SDG goals, codes and
    labels."""

    goals: dict[URIRef, set[URIRef]]
    codes: dict[URIRef, str]
    labels: dict[URIRef, str]
    langs: dict[URIRef, str | None] = field(default_factory=dict)

    def ref(self, item: URIRef) -> SdgRef:
        return SdgRef(
            str(item),
            self.codes.get(item, ""),
            self.labels.get(item, str(item)),
            self.langs.get(item),
        )


def _sdg_items(store: Store, lang: str) -> _SdgItems:
    """Every SDG item a goal localises, and the SDG goals above them, with codes and labels:
    one query for the items (tree-sdg), one more for what it leaves without a label."""
    items: set[URIRef] = set()
    goals: dict[URIRef, set[URIRef]] = defaultdict(set)
    values: dict[URIRef, list[tuple[URIRef, Literal]]] = defaultdict(list)
    codes: dict[URIRef, str] = {}
    for item, sdg_goal, prop, value in select(store, "tree-sdg"):
        if not isinstance(item, URIRef):
            continue
        items.add(item)
        if isinstance(sdg_goal, URIRef):
            goals[item].add(sdg_goal)
        if prop == _NOTATION and value is not None:
            codes[item] = min(codes.get(item, str(value)), str(value))
        elif isinstance(prop, URIRef) and isinstance(value, Literal):
            values[item].append((prop, value))
    picked = {
        item: label for item, pairs in values.items() if (label := pick_label_lang(pairs, lang))
    }
    found = {item: label[0] for item, label in picked.items()}
    langs = {item: label[1] for item, label in picked.items()}
    missing = sorted((items | {g for gs in goals.values() for g in gs}) - found.keys(), key=str)
    if missing:
        looked_up = texts(store, missing, lang)
        for node in missing:
            found[node] = looked_up.label(node)
            langs[node] = looked_up.label_langs.get(node)
            if node not in codes and looked_up.notation(node):
                codes[node] = looked_up.notation(node)
    return _SdgItems(goals, codes, found, langs)


def _goal_rows(store: Store, links: Links, items: _SdgItems) -> dict[URIRef, _GoalRow]:
    """Every goal with its kind, the goals it contributes to and the SDG items it localises
    (with the SDG goals they belong to); ``links`` hold the rows of tree-links."""
    rows: dict[URIRef, _GoalRow] = {}
    for goal, cls in select(store, "tree-goals"):
        if not isinstance(goal, URIRef):
            continue
        entry = rows.setdefault(goal, _GoalRow("goal"))
        kind = _KIND_BY_CLASS.get(URIRef(str(cls)))
        if kind is not None:
            entry.kind = kind
    for goal, entry in rows.items():
        entry.parents = set(links.of(UP, goal))
        entry.sdg = set(links.of(_LOCALISES, goal))
        entry.sdg_goals = {g for item in entry.sdg for g in items.goals.get(item, ())}
    return rows


def _budgets(store: Store) -> dict[URIRef, float]:
    """The budget of every project (a project without one has none here)."""
    budgets: dict[URIRef, float] = {}
    for node, budget in select(store, "tree-projects"):
        if isinstance(node, URIRef):
            budgets[node] = _number(budget) or budgets.get(node, 0.0)
    return budgets


def serving(
    store: Store, links: Links | None = None
) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, float]]:
    """Projects per goal (goalgraph.chain.Links.projects_per_goal) and their budgets.

    Joined in Python from plain look-ups (tree-chain, tree-links): on a national store
    several times faster than the engine following the chain from every project."""
    links = links if links is not None else read_links(store, "tree-chain", "tree-links")
    return links.projects_per_goal(), _budgets(store)


def projects_of_goals(
    store: Store, goals: Sequence[URIRef]
) -> tuple[dict[URIRef, set[URIRef]], dict[URIRef, float]]:
    """What :func:`serving` gives, for a few goals only (goal-serving.rq)."""
    projects: dict[URIRef, set[URIRef]] = defaultdict(set)
    budgets: dict[URIRef, float] = {}
    if not goals:
        return projects, budgets
    for row in select(store, "goal-serving", {"goal": list(goals)}):
        goal, project = row["goal"], row["project"]
        if not isinstance(goal, URIRef) or not isinstance(project, URIRef):
            continue
        projects[goal].add(project)
        budgets[project] = _number(row["budget"]) or budgets.get(project, 0.0)
    return projects, budgets


def _goal_labels(store: Store, goals: Iterable[URIRef], lang: str) -> dict[URIRef, str]:
    """The labels of goals: all of the store's goals in ``lang`` in one query (tree-labels),
    the few without one by a look-up of those alone, with the fallbacks of labels."""
    values: dict[URIRef, list[tuple[URIRef, Literal]]] = defaultdict(list)
    for node, prop, value in select(store, "tree-labels", {"lang": Literal(lang)}):
        if isinstance(node, URIRef) and isinstance(prop, URIRef) and isinstance(value, Literal):
            values[node].append((prop, value))
    found: dict[URIRef, str] = {}
    for node, pairs in values.items():
        text = pick_label(pairs, lang)
        if text is not None:
            found[node] = text
    missing = [g for g in goals if g not in found]
    if missing:
        found.update(labels(store, missing, lang))
    return found


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


@dataclass
class _Goals:
    """The goals of a store with their labels, links and SDG items."""

    links: Links
    rows: dict[URIRef, _GoalRow]
    labels: dict[URIRef, str]
    items: _SdgItems

    @classmethod
    def read(cls, store: Store, lang: str, *, chain: bool = False) -> _Goals:
        """With ``chain`` the links of the means chain are read too (for :func:`serving`)."""
        queries = ("tree-links", "tree-chain") if chain else ("tree-links",)
        links = read_links(store, *queries)
        items = _sdg_items(store, lang)
        rows = _goal_rows(store, links, items)
        return cls(links, rows, _goal_labels(store, rows, lang), items)

    def label(self, goal: URIRef) -> str:
        return self.labels.get(goal, str(goal))

    def node(
        self, goal: URIRef, served: dict[URIRef, set[URIRef]], budgets: dict[URIRef, float]
    ) -> GoalNode:
        return _goal_node(goal, self.rows[goal], served, budgets, self.label, self.items.ref)


def _closure(
    goals: dict[URIRef, _GoalRow], broader: dict[URIRef, set[URIRef]]
) -> dict[URIRef, set[URIRef]]:
    """The SDG items (and the items above them, ``broader``) each goal takes up itself or
    through the goals it contributes to."""
    closure: dict[URIRef, set[URIRef]] = {}

    def items(goal: URIRef, seen: frozenset[URIRef]) -> set[URIRef]:
        if goal in closure:
            return closure[goal]
        entry = goals.get(goal)
        found: set[URIRef] = set()
        if entry is not None:
            for item in entry.sdg:
                found.add(item)
                found |= broader.get(item, set())
            for parent in entry.parents - seen:
                found |= items(parent, seen | {goal})
        closure[goal] = found
        return found

    for goal in goals:
        items(goal, frozenset())
    return closure


def _sdg_closure(store: Store, goals: _Goals) -> dict[URIRef, set[URIRef]]:
    broader: dict[URIRef, set[URIRef]] = defaultdict(set)
    for item, above in select(store, "tree-broader"):
        if isinstance(item, URIRef) and isinstance(above, URIRef):
            broader[item].add(above)
    return _closure(goals.rows, broader)


def goal_skeleton(store: Store, lang: str = "nb") -> GoalTree:
    """The goal tree with every goal's label and SDG items but no project counts (zero):
    what a national store can give in about a second. :func:`with_counts` adds the counts
    to the part of it that is shown."""
    return _skeleton(_Goals.read(store, lang))


def _skeleton(goals: _Goals) -> GoalTree:
    rows = goals.rows
    children: dict[URIRef, list[URIRef]] = defaultdict(list)
    for goal, entry in rows.items():
        for parent in entry.parents:
            if parent in rows:
                children[parent].append(goal)

    def build(goal: URIRef, seen: frozenset[URIRef]) -> GoalNode:
        node = goals.node(goal, {}, {})
        kids = [build(c, seen | {goal}) for c in children[goal] if c not in seen | {goal}]
        node.children = sorted(kids, key=lambda n: n.label)
        return node

    roots = sorted((g for g, e in rows.items() if not (e.parents & rows.keys())), key=goals.label)
    by_sdg: dict[URIRef, list[GoalNode]] = defaultdict(list)
    unlinked: list[GoalNode] = []
    for root in roots:
        tree = build(root, frozenset())
        if not rows[root].sdg_goals:
            unlinked.append(tree)
        for sdg_goal in rows[root].sdg_goals:
            by_sdg[sdg_goal].append(tree)
    branches = [SdgBranch(goals.items.ref(s), nodes) for s, nodes in by_sdg.items()]
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


def count_projects(store: Store, nodes: Sequence[GoalNode]) -> list[GoalNode]:
    """Copies of ``nodes`` with their project counts, asking the store about them alone."""
    served, budgets = projects_of_goals(store, sorted({URIRef(i) for i in _iris(nodes)}))
    return with_counts(nodes, served, budgets)


def goal_tree(store: Store, lang: str = "nb") -> GoalTree:
    """SDG goals → the local goals taking them up → their sub-goals, with counts and budgets."""
    goals = _Goals.read(store, lang, chain=True)
    skeleton = _skeleton(goals)
    served, budgets = serving(store, goals.links)
    return GoalTree(
        sdg=[SdgBranch(b.sdg, with_counts(b.goals, served, budgets)) for b in skeleton.sdg],
        unlinked=with_counts(skeleton.unlinked, served, budgets),
    )


@dataclass
class _ProjectRow:
    phase: URIRef | None = None
    budget: float | None = None
    responsible: set[URIRef] = field(default_factory=set)
    direct_responsible: set[URIRef] = field(default_factory=set)
    part_of: set[URIRef] = field(default_factory=set)


def _project_rows(store: Store) -> dict[URIRef, _ProjectRow]:
    rows: dict[URIRef, _ProjectRow] = {}
    for row in select(store, "projects"):
        project = row["project"]
        if not isinstance(project, URIRef):
            continue
        entry = rows.setdefault(project, _ProjectRow())
        phase, direct, responsible = row["phase"], row["direct"], row["responsible"]
        if isinstance(phase, URIRef):
            entry.phase = phase
        budget = _number(row["budget"])
        if budget is not None:
            entry.budget = budget
        if isinstance(direct, URIRef):
            entry.direct_responsible.add(direct)
        if isinstance(responsible, URIRef):
            entry.responsible.add(responsible)
        if isinstance(row["partOf"], URIRef):
            entry.part_of.add(URIRef(str(row["partOf"])))
    return rows


def _project_matches(entry: _ProjectRow | None, filters: Filters) -> bool:
    if entry is None:
        # A project every filter field is empty for (the list has them all).
        entry = _ProjectRow()
    if filters.phase is not None and entry.phase != filters.phase:
        return False
    if filters.responsible is not None and filters.responsible not in entry.responsible:
        return False
    return filters.portfolio is None or filters.portfolio in entry.part_of


def list_goals(store: Store, filters: Filters, lang: str = "nb") -> list[GoalSummary]:
    """Goals taking up ``filters.sdg`` and served by a project matching the project filters."""
    goals = _Goals.read(store, lang, chain=True)
    served, budgets = serving(store, goals.links)
    wanted: Iterable[URIRef] = goals.rows
    if filters.sdg is not None:
        closure = _sdg_closure(store, goals)
        wanted = [g for g in wanted if filters.sdg in closure[g]]
    if filters.on_projects:
        projects = _project_rows(store)
        wanted = [
            g
            for g in wanted
            if any(_project_matches(projects.get(p), filters) for p in served.get(g, ()))
        ]
    result = []
    for goal in wanted:
        node = goals.node(goal, served, budgets)
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
    return sorted(result, key=lambda g: (g.label, g.iri))


def list_projects(store: Store, filters: Filters, lang: str = "nb") -> list[ProjectSummary]:
    """Projects in a phase, of a responsible unit, in a portfolio, serving an SDG item."""
    projects = _project_rows(store)
    wanted = [p for p, e in projects.items() if _project_matches(e, filters)]
    if filters.sdg is not None:
        goals = _Goals.read(store, lang, chain=True)
        closure = _sdg_closure(store, goals)
        served, _ = serving(store, goals.links)
        serving_sdg = {
            p for g, ps in served.items() if filters.sdg in closure.get(g, set()) for p in ps
        }
        wanted = [p for p in wanted if p in serving_sdg]
    entries = {p: projects[p] for p in wanted}
    others = {n for e in entries.values() for n in e.direct_responsible | e.part_of}
    phases = {e.phase for e in entries.values() if e.phase is not None}
    described = describe(store, [*entries, *others, *phases], lang)
    classes = classes_of(store, sorted({n for e in entries.values() for n in e.part_of}))
    summaries = []
    for project, entry in entries.items():
        portfolios = [p for p in entry.part_of if GG.Portfolio in classes.get(p, set())]
        summaries.append(
            ProjectSummary(
                iri=str(project),
                label=described.label(project),
                page=page_path("project", project),
                phase=str(entry.phase) if entry.phase else None,
                phase_label=described.label(entry.phase) if entry.phase else None,
                budget=entry.budget,
                responsible=_other_refs(described, entry.direct_responsible),
                portfolios=_other_refs(described, portfolios),
            )
        )
    return sorted(summaries, key=lambda p: (p.label, p.iri))


def _other_refs(described: Described, nodes: Iterable[URIRef]) -> list[Ref]:
    """References to the node pages of ``nodes``, in IRI order (as the lists always had)."""
    return [
        Ref(iri=str(n), label=described.label(n), page=page_path("other", n))
        for n in sorted(nodes, key=str)
    ]
