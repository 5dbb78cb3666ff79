"""The layered "chain" view: a goal's own chain downwards (sub-goals, strategies, assignments,
measures, projects) or a project's upwards (to the goals and SDG items), ends above means,
hubs (plans, organisations, portfolios, indicators) only when asked for, and every level
capped so that a national store stays readable."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS

from goalgraph.labels import short_name
from goalgraph.namespace import GG
from goalgraph.store.base import Store
from goalgraph.views.classes import KIND_BY_KEY, NodeKind, kinds_of
from goalgraph.views.graphview import GraphView, Issue, IssueSource
from goalgraph.views.lookup import describe, page_path

#: The level of each kind of node, ends above means; hubs beside or below the chain.
LEVEL = {
    "sdg-goal": 0,
    "sdg-target": 1,
    "sdg-indicator": 1,
    "plan": 1,
    "main-goal": 2,
    "sub-goal": 3,
    "goal": 3,
    "indicator": 3,
    "focus-area": 2,
    "strategy": 4,
    "assignment": 5,
    "measure": 6,
    "project": 7,
    "programme": 8,
    "portfolio": 9,
    "organisation": 10,
    "person": 10,
    "other": 10,
}
CHAIN_KINDS = ("main-goal", "sub-goal", "goal", "strategy", "assignment", "measure", "project")
GOAL_KINDS = ("main-goal", "sub-goal", "goal")
#: skos:broader has no label in the vocabulary; above an SDG target it leads to the SDG goal.
_BROADER = {"nb": "hører under", "en": "belongs to"}
#: The links followed downwards from goals: (property, from the lower node to the upper).
_DOWN = (GG.realises, GG.concretises, GG.resolves, GG.implements)
_UP = (GG.implements, GG.resolves, GG.concretises, GG.realises)
_HUBS = (GG.plan, GG.responsible, GG.partOf)


@dataclass
class _Walk:
    """Nodes and links found, with the count of nodes left out at each level."""

    cap_per_level: int
    nodes: dict[URIRef, int] = field(default_factory=dict)
    links: set[tuple[URIRef, URIRef, URIRef]] = field(default_factory=set)
    left_out: dict[str, int] = field(default_factory=dict)

    def admit(self, found: Iterable[URIRef], key: str, distance: int) -> list[URIRef]:
        """The new nodes of ``found`` that fit under the cap of their level ``key``."""
        fresh = sorted({n for n in found if n not in self.nodes}, key=str)
        room = max(0, self.cap_per_level - sum(1 for _ in self._at(key)))
        if len(fresh) > room:
            self.left_out[key] = self.left_out.get(key, 0) + len(fresh) - room
            fresh = fresh[:room]
        for node in fresh:
            self.nodes[node] = distance
        self._keys.update(dict.fromkeys(fresh, key))
        return fresh

    def _at(self, key: str) -> Iterable[URIRef]:
        return (n for n, k in self._keys.items() if k == key)

    def __post_init__(self) -> None:
        self._keys: dict[URIRef, str] = {}


def _up(store: Store, walk: _Walk, start: Sequence[URIRef], distance: int) -> list[URIRef]:
    """Follow the means chain upwards from ``start`` to the goals; the goals reached."""
    frontier = list(start)
    goals: list[URIRef] = []
    for step, prop in enumerate(_UP):
        triples = store.match(frontier, [prop])
        above = [o for s, _, o in triples if isinstance(o, URIRef)]
        key = ("measure", "assignment", "strategy", "goal")[step]
        kept = walk.admit(above, key, distance + step + 1)
        walk.links.update((s, p, o) for s, p, o in triples if o in walk.nodes)  # type: ignore[misc]
        frontier = list(dict.fromkeys([*kept, *(o for o in above if o in walk.nodes)]))
        if prop == GG.realises:
            goals = frontier
    return goals


def _goals_up(store: Store, walk: _Walk, goals: Sequence[URIRef], distance: int) -> None:
    """The goals above ``goals`` and the SDG targets and goals they localise."""
    frontier, every = list(goals), list(goals)
    level = distance
    while frontier:
        level += 1
        triples = store.match(frontier, [GG.contributesTo])
        kept = walk.admit((o for _, _, o in triples if isinstance(o, URIRef)), "goal", level)
        walk.links.update((s, p, o) for s, p, o in triples if o in walk.nodes)  # type: ignore[misc]
        frontier = kept
        every.extend(kept)
    triples = store.match(every, [GG.localises])
    targets = walk.admit((o for _, _, o in triples if isinstance(o, URIRef)), "sdg", level + 1)
    walk.links.update((s, p, o) for s, p, o in triples if o in walk.nodes)  # type: ignore[misc]
    above = store.match([o for _, _, o in triples if o in walk.nodes], [SKOS.broader])
    walk.admit((o for _, _, o in above if isinstance(o, URIRef)), "sdg", level + 2)
    walk.links.update((s, p, o) for s, p, o in above if o in walk.nodes)  # type: ignore[misc]
    del targets


def _down(store: Store, walk: _Walk, goal: URIRef) -> None:
    """The goal's sub-goals of any depth, then the means below them down to projects."""
    frontier, goals = [goal], [goal]
    distance = 0
    while frontier:
        distance += 1
        triples = store.match(None, [GG.contributesTo], frontier)
        kept = walk.admit((s for s, _, _ in triples if isinstance(s, URIRef)), "goal", distance)
        walk.links.update((s, p, o) for s, p, o in triples if s in walk.nodes)  # type: ignore[misc]
        frontier = kept
        goals.extend(kept)
    _means_down(store, walk, goals, 1)


def _means_down(store: Store, walk: _Walk, start: Sequence[URIRef], distance: int) -> None:
    frontier = list(start)
    keys = ("strategy", "assignment", "measure", "project")
    first = {GG.realises: 0, GG.concretises: 1, GG.resolves: 2, GG.implements: 3}
    for prop in _DOWN:
        if not frontier:
            return
        triples = store.match(None, [prop], frontier)
        below = [s for s, _, _ in triples if isinstance(s, URIRef)]
        kept = walk.admit(below, keys[first[prop]], distance + first[prop])
        walk.links.update((s, p, o) for s, p, o in triples if s in walk.nodes)  # type: ignore[misc]
        frontier = list(dict.fromkeys([*kept, *(s for s in below if s in walk.nodes)]))


def _hubs(store: Store, walk: _Walk) -> None:
    """Plans, responsible organisations, programmes and portfolios, and indicators."""
    chain = list(walk.nodes)
    triples = store.match(chain, list(_HUBS))
    walk.admit((o for _, _, o in triples if isinstance(o, URIRef)), "hub", 9)
    walk.links.update((s, p, o) for s, p, o in triples if o in walk.nodes)  # type: ignore[misc]
    measured = store.match(None, [GG.measures], chain)
    walk.admit((s for s, _, _ in measured if isinstance(s, URIRef)), "indicator", 9)
    walk.links.update((s, p, o) for s, p, o in measured if s in walk.nodes)  # type: ignore[misc]


@dataclass(frozen=True)
class ChainRow:
    """A node of the chain view as the text list beside the canvas shows it."""

    iri: str
    label: str
    kind_name: str
    level: int
    page: str
    links: list[tuple[str, str]]  # (link label, the linked node's label)


@dataclass
class ChainView(GraphView):
    """A :class:`GraphView` drawn in layers, with the text list of its nodes."""

    direction: str = "down"
    rows: list[ChainRow] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)
    hubs: bool = False
    levels: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        document = super().to_json()
        document.update({"view": "chain", "direction": self.direction, "leftOut": self.left_out})
        return document


def chain_kind(store: Store, node: URIRef) -> NodeKind:
    return kinds_of(store, [node])[node]


def build_chain(
    store: Store,
    focus: URIRef,
    *,
    lang: str = "nb",
    cap: int = 500,
    hubs: bool = False,
    keep: Callable[[URIRef], bool] | None = None,
    issues: IssueSource | None = None,
) -> ChainView:
    """The chain of ``focus``: downwards for a goal, upwards for a project, both ways for a
    strategy, assignment or measure. At most ``cap`` nodes; each level holds at most a
    fifth of them and says how many it left out. ``keep`` (a party's nodes) drops the
    chain's other nodes; SDG items and the focus stay."""
    kind = chain_kind(store, focus)
    walk = _Walk(cap_per_level=max(5, cap // 5))
    walk.nodes[focus] = 0
    walk._keys[focus] = "focus"
    direction = "down"
    if kind.key in GOAL_KINDS:
        _down(store, walk, focus)
        _goals_up(store, walk, [focus], 0)
    else:
        direction = "up" if kind.key == "project" else "both"
        goals = _up(store, walk, [focus], 0)
        _goals_up(store, walk, goals, 4)
        if kind.key in ("strategy", "assignment", "measure"):
            _means_down(store, walk, [focus], 1)
    if hubs:
        _hubs(store, walk)
    nodes = list(walk.nodes)
    kinds = kinds_of(store, nodes)
    if keep is not None:
        nodes = [n for n in nodes if n == focus or kinds[n].key.startswith("sdg") or keep(n)]
    shown = set(nodes)
    links = sorted((s, p, o) for s, p, o in walk.links if s in shown and o in shown and s != o)
    described = describe(store, [*nodes, *(p for _, p, _ in links)], lang)
    if callable(issues):
        issues = issues(nodes)
    found_issues: dict[URIRef, Sequence[Issue]] = dict(issues or {})
    # A goal below another shown goal is drawn on the sub-goal level, whatever its class
    # (a municipality's main goal may contribute to an agreement's sub-goal).
    below_goal = {s for s, p, o in links if p == GG.contributesTo}

    def level(node: URIRef) -> int:
        key = kinds[node].key
        if key in GOAL_KINDS:
            return 3 if node in below_goal else 2
        return LEVEL[key]

    vis_nodes: list[dict[str, Any]] = []
    present: dict[str, NodeKind] = {}
    for node in sorted(nodes, key=lambda n: (level(n), described.label(n))):
        node_kind = kinds[node]
        present[node_kind.key] = node_kind
        text = described.label(node)
        node_issues = list(found_issues.get(node, ()))
        border = "#c00000" if node_issues else node_kind.colour
        if node == focus:
            border = "#000000"
        vis_nodes.append(
            {
                "id": str(node),
                "label": _wrap(text) + (" ⚠" if node_issues else ""),
                "level": level(node),
                "shape": "box",
                "color": {"background": _tint(node_kind.colour), "border": border},
                "borderWidth": 4 if node_issues or node == focus else 2,
                "kind": node_kind.key,
                "kindName": node_kind.name(lang),
                "fullLabel": text,
                "curie": short_name(node),
                "page": page_path(node_kind.key, node),
                "distance": walk.nodes.get(node, 0),
                "issues": [{"severity": i.severity, "message": i.message} for i in node_issues],
            }
        )
    edge_labels = {
        p: (_BROADER.get(lang, _BROADER["en"]) if p == SKOS.broader else described.label(p))
        for _, p, _ in links
    }
    edges = [
        {"id": f"{s}|{p}|{o}", "from": str(s), "to": str(o), "label": edge_labels[p]}
        for s, p, o in links
    ]
    rows = []
    by_node: dict[URIRef, list[tuple[str, str]]] = {n: [] for n in nodes}
    for s, p, o in links:
        by_node[s].append((edge_labels[p], described.label(o)))
    for node in sorted(nodes, key=lambda n: (level(n), described.label(n))):
        rows.append(
            ChainRow(
                iri=str(node),
                label=described.label(node),
                kind_name=kinds[node].name(lang),
                level=level(node),
                page=page_path(kinds[node].key, node),
                links=by_node[node],
            )
        )
    ordered = sorted(present.values(), key=lambda k: LEVEL[k.key])
    return ChainView(
        focus=str(focus),
        focus_label=described.label(focus),
        depth=0,
        cap=cap,
        truncated=bool(walk.left_out),
        nodes=vis_nodes,
        edges=edges,
        options=_layout(len(vis_nodes)),
        kinds=[
            {"key": k.key, "name": k.name(lang), "colour": k.colour, "shape": "box"}
            for k in ordered
        ],
        direction=direction,
        rows=rows,
        left_out=dict(walk.left_out),
        hubs=hubs,
    )


def _wrap(text: str, width: int = 26, lines: int = 3) -> str:
    """The label in at most ``lines`` lines of about ``width`` characters."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out)


def _tint(colour: str) -> str:
    """A light tint of a kind's colour, so that dark text on it stays readable."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * 0.7) for c in (red, green, blue)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _layout(size: int) -> dict[str, Any]:
    return {
        "layout": {
            "hierarchical": {
                "enabled": True,
                "direction": "UD",
                "sortMethod": "directed",
                "levelSeparation": 125,
                "nodeSpacing": 200,
                "treeSpacing": 220,
                "shakeTowards": "roots",
            }
        },
        "physics": {"enabled": False},
        "interaction": {"hover": True, "keyboard": True, "navigationButtons": False},
        "nodes": {
            "shape": "box",
            "margin": 8,
            "widthConstraint": {"maximum": 230},
            "font": {"size": 16, "color": "#1d2a33", "face": "system-ui, sans-serif"},
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 13, "align": "middle", "color": "#333333", "strokeWidth": 4},
            "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "vertical"},
            "color": {"color": "#8a949b", "highlight": "#c04000"},
            "width": 1.5,
        },
    }


__all__ = ["KIND_BY_KEY", "ChainRow", "ChainView", "build_chain"]
