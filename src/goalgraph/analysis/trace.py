"""Trace a project up the goal chain, hop by hop, and find the projects that serve a goal."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from goalgraph import chain
from goalgraph.errors import UnknownNodeError
from goalgraph.iri import expand, resolve
from goalgraph.labels import short_name
from goalgraph.sparql.library import select
from goalgraph.sparql.results import decimal, iri, text
from goalgraph.store.base import Store

logger = logging.getLogger(__name__)

#: skos:broader has no label in the vocabulary; above an SDG target it leads to the SDG goal.
_BROADER = {"nb": "hører under", "en": "belongs to"}
_NO_GOAL = {
    "nb": "(leder ikke opp til noe mål)",
    "en": "(leads up to no goal)",
}


@dataclass(frozen=True)
class Hop:
    """One node on a path; ``via`` is the property followed to reach it (None for the start)."""

    node: URIRef
    label: str
    via: URIRef | None
    via_label: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"node": str(self.node), "label": self.label, "via": _opt(self.via)}


TracePath = tuple[Hop, ...]


@dataclass(frozen=True)
class Trace:
    """Every path from a project up to the top goals and SDG items it leads up to."""

    project: URIRef
    label: str
    goals: list[URIRef]
    sdg: list[URIRef]
    paths: list[TracePath]
    lang: str = "nb"

    def to_json(self) -> dict[str, Any]:
        """The JSON form shared by ``goalgraph trace --format json`` and the web API."""
        return {
            "project": str(self.project),
            "label": self.label,
            "goals": [str(g) for g in self.goals],
            "sdg": [str(s) for s in self.sdg],
            "paths": [[hop.to_json() for hop in path] for path in self.paths],
        }

    def to_text(self) -> str:
        """The paths as an indented tree: shared beginnings are drawn once."""
        lines = [f"{self.label}  [{short_name(self.project)}]"]
        tree = _Tree()
        for path in self.paths:
            tree.add(path[1:])
        if not tree.children:
            lines.append(f"  {_NO_GOAL.get(self.lang, _NO_GOAL['en'])}")
        lines.extend(tree.render(""))
        return "\n".join(lines)


@dataclass(frozen=True)
class Branch:
    """A hop of merged trace paths and the hops that follow it: a hop shared by several
    paths is one branch."""

    hop: Hop
    children: tuple[Branch, ...] = ()


def merged(paths: list[TracePath]) -> list[Branch]:
    """The paths as a tree below their start (the project), shared hops drawn once; the
    same tree :meth:`Trace.to_text` writes."""
    tree = _Tree()
    for path in paths:
        tree.add(path[1:])
    return tree.branches()


@dataclass
class _Tree:
    children: dict[tuple[URIRef | None, URIRef], tuple[Hop, _Tree]] = field(default_factory=dict)

    def add(self, hops: TracePath) -> None:
        if not hops:
            return
        first = hops[0]
        key = (first.via, first.node)
        if key not in self.children:
            self.children[key] = (first, _Tree())
        self.children[key][1].add(hops[1:])

    def branches(self) -> list[Branch]:
        return [Branch(hop, tuple(sub.branches())) for hop, sub in self.children.values()]

    def render(self, indent: str) -> Iterator[str]:
        items = list(self.children.values())
        for position, (hop, subtree) in enumerate(items):
            last = position == len(items) - 1
            via = hop.via_label or (short_name(hop.via) if hop.via is not None else "")
            yield f"{indent}{'└─' if last else '├─'} {via} → {hop.label}  [{short_name(hop.node)}]"
            yield from subtree.render(indent + ("   " if last else "│  "))


@dataclass(frozen=True)
class ServingProject:
    """A project that serves a goal, with the facts a portfolio board looks at first."""

    project: URIRef
    label: str
    phase: URIRef | None
    phase_label: str | None
    budget: Decimal | None


def _opt(node: Node | None) -> str | None:
    return None if node is None else str(node)


def node_label(store: Store, node: URIRef, lang: str = "nb") -> str:
    """The label of a node in ``lang`` (with fallbacks), found by the ``node-label`` query."""
    rows = select(store, "node-label", {"node": node, "lang": lang}).rows
    found = text(rows[0]["label"]) if rows else None
    return found if found is not None else short_name(node)


@dataclass(frozen=True)
class _Edge:
    via: URIRef
    to: URIRef
    label: str
    via_label: str | None


def _edges(store: Store, project: URIRef, lang: str) -> dict[URIRef, list[_Edge]]:
    upward: dict[URIRef, list[_Edge]] = {}
    for row in select(store, "trace-edges", {"project": project, "lang": lang}):
        source, via, target = iri(row["from"]), iri(row["via"]), iri(row["to"])
        if source is None or via is None or target is None:
            continue
        label = text(row["toLabel"]) or short_name(target)
        via_label = text(row["viaLabel"])
        if via_label is None and via == SKOS.broader:
            via_label = _BROADER.get(lang, _BROADER["en"])
        upward.setdefault(source, []).append(_Edge(via, target, label, via_label))
    for edges in upward.values():
        edges.sort(key=lambda e: (e.label, str(e.to)))
    return upward


def _paths(
    start: Hop, upward: dict[URIRef, list[_Edge]], seen: frozenset[URIRef]
) -> Iterator[TracePath]:
    # Depth first, each step only along the links the chain allows after the one that led
    # here; a node already on the path is not entered again, so a cycle in a wrong model
    # ends the path instead of looping.
    allowed = chain.next_links(start.via)
    onward = [e for e in upward.get(start.node, []) if e.via in allowed and e.to not in seen]
    if not onward:
        yield (start,)
        return
    for edge in onward:
        hop = Hop(edge.to, edge.label, edge.via, edge.via_label)
        for rest in _paths(hop, upward, seen | {edge.to}):
            yield (start, *rest)


def trace(store: Store, project: URIRef | str, lang: str = "nb") -> Trace:
    """Every path from ``project`` up through measure, assignment, strategy and goals to the
    top goals and SDG items. ``project`` is an IRI or a CURIE; raises UnknownNodeError if the
    store does not know it, or if it is not a project."""
    node = resolve(store, str(project), what="project")
    label = node_label(store, node, lang)
    upward = _edges(store, node, lang)
    if not chain.is_project(store, node):
        raise UnknownNodeError(
            f"<{node}> ({label}) is not a project: only a project (a node of class gg:Project, "
            "or one that implements a measure) can be traced; give a project's IRI"
        )
    paths = list(_paths(Hop(node, label, None), upward, frozenset({node})))
    goals: list[URIRef] = []
    sdg: list[URIRef] = []
    for hop in (h for path in paths for h in path[1:]):
        kind = chain.kind_of_hop(hop.via)
        found = goals if kind == "goal" else sdg if kind == "sdg" else None
        if found is not None and hop.node not in found:
            found.append(hop.node)
    logger.debug("trace of %s: %d paths, %d goals", node, len(paths), len(goals))
    return Trace(node, label, goals, sdg, paths, lang)


def projects_serving(store: Store, goal: URIRef | str, lang: str = "nb") -> list[ServingProject]:
    """Every project that serves ``goal`` directly or through sub-goals of any depth, along
    the chain project → measure → assignment → strategy → goal (goalgraph.chain), in one
    query."""
    node = expand(str(goal), store)
    rows = select(store, "projects-serving", {"goal": node, "lang": lang}).rows
    if not rows:
        resolve(store, str(node), what="goal")
    serving: list[ServingProject] = []
    for row in rows:
        project = iri(row["project"])
        if project is None:
            continue
        serving.append(
            ServingProject(
                project=project,
                label=text(row["label"]) or short_name(project),
                phase=iri(row["phase"]),
                phase_label=text(row["phaseLabel"]),
                budget=decimal(row["budget"]),
            )
        )
    serving.sort(key=lambda s: (s.label, str(s.project)))
    return serving
