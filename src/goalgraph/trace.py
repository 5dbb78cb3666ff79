"""Trace a project up the goal chain, hop by hop, and find the projects that serve a goal."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.query import ResultRow
from rdflib.term import Node

from goalgraph.errors import QueryError, UnknownNodeError
from goalgraph.iri import expand, is_instance, resolve
from goalgraph.labels import short_name
from goalgraph.namespace import GG, PREFIXES
from goalgraph.query import decimal, get_query, iri, run_query, text
from goalgraph.store.base import Store, select, with_values
from goalgraph.store.remote import RemoteStore

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


def node_label(graph: Graph, node: URIRef, lang: str = "nb") -> str:
    """The label of a node in ``lang`` (with fallbacks), found by the ``node-label`` query."""
    result = run_query(graph, "node-label", {"node": node, "lang": lang})
    found = text(result.rows[0]["label"]) if result.rows else None
    return found if found is not None else short_name(node)


def _as_node(graph: Graph | Store, node: URIRef | str, what: str) -> URIRef:
    return resolve(graph, str(node), what=what)


@dataclass(frozen=True)
class _Edge:
    via: URIRef
    to: URIRef
    label: str
    via_label: str | None


def _edges(graph: Graph, project: URIRef, lang: str) -> dict[URIRef, list[_Edge]]:
    upward: dict[URIRef, list[_Edge]] = {}
    for row in run_query(graph, "trace-edges", {"project": project, "lang": lang}):
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
    # Depth first; a node already on the path is not entered again, so a cycle in a
    # wrong model ends the path instead of looping.
    onward = [e for e in upward.get(start.node, []) if e.to not in seen]
    if not onward:
        yield (start,)
        return
    for edge in onward:
        hop = Hop(edge.to, edge.label, edge.via, edge.via_label)
        for rest in _paths(hop, upward, seen | {edge.to}):
            yield (start, *rest)


def trace(graph: Graph, project: URIRef | str, lang: str = "nb") -> Trace:
    """Every path from ``project`` up through measure, assignment, strategy and goals to the
    top goals and SDG items. ``project`` is an IRI or a CURIE; raises UnknownNodeError if the
    graph does not know it."""
    node = _as_node(graph, project, "project")
    if not is_instance(graph, node, GG.Project):
        raise UnknownNodeError(
            f"<{node}> is not a project (gg:Project); trace follows a project up to the goals "
            "it serves: give a project's IRI or CURIE"
        )
    label = node_label(graph, node, lang)
    upward = _edges(graph, node, lang)
    paths = list(_paths(Hop(node, label, None), upward, frozenset({node})))
    reached = run_query(graph, "trace", {"project": node, "lang": lang})
    order = {hop.node: i for i, hop in reversed(list(enumerate(h for p in paths for h in p)))}
    goals: list[URIRef] = []
    sdg: list[URIRef] = []
    for row in reached:
        target = iri(row["node"])
        if target is not None:
            (goals if text(row["kind"]) == "goal" else sdg).append(target)
    goals.sort(key=lambda n: (order.get(n, len(order)), str(n)))
    sdg.sort(key=lambda n: (order.get(n, len(order)), str(n)))
    logger.debug("trace of %s: %d paths, %d goals", node, len(paths), len(goals))
    return Trace(node, label, goals, sdg, paths, lang)


#: Larger than any number of projects a goal has. A sub-select with a LIMIT is evaluated on
#: its own first; without one, Oxigraph joins the facts' OPTIONALs over the whole store.
_NO_LIMIT = 1_000_000_000
_HEADER_LINE = re.compile(r"^(?:#|PREFIX\s).*$\n?", re.MULTILINE | re.IGNORECASE)
_FACTS_WHERE = "\nWHERE {\n"


@cache
def _serving_parts() -> tuple[str, str]:
    """The parts of the serving query: project-facts, and the goal-projects path to open its
    WHERE clause as a sub-select (the path's header and prefixes left out)."""
    facts = get_query("project-facts").text
    if _FACTS_WHERE not in facts:
        raise QueryError("project-facts.rq: its WHERE clause must open on a line of its own")
    return facts, _HEADER_LINE.sub("", get_query("goal-projects").text)


def _serving_query(goal: URIRef | None) -> str:
    """One query for "which projects serve ``goal``": project-facts over the projects that
    goal-projects finds, the goal bound inside the sub-select so that every engine starts
    from it. One request to a remote store instead of two; ``?lang`` stays a parameter.
    Without a goal, ``?goal`` stays a variable of the sub-select: the query's template."""
    facts, path = _serving_parts()
    if goal is not None:
        path = with_values(path, ["goal"], [[goal]])
    sub_select = f"  {{\n{path}  LIMIT {_NO_LIMIT}\n  }}\n"
    return facts.replace(_FACTS_WHERE, _FACTS_WHERE + sub_select, 1)


def _select(graph: Graph | Store, goal: URIRef, lang: str) -> list[dict[str, Node | None]]:
    bindings = {"lang": Literal(lang)}
    if isinstance(graph, Graph):
        rows: list[dict[str, Node | None]] = []
        for row in graph.query(_serving_query(goal), initNs=dict(PREFIXES), initBindings=bindings):
            assert isinstance(row, ResultRow)
            rows.append({str(k): v for k, v in row.asdict().items()})
        return rows
    if isinstance(graph, RemoteStore):
        # The same text for every goal: a server that compiles each new text (Virtuoso)
        # compiles this one once.
        result = graph.select_template(_serving_query(None), {"goal": goal}, bindings)
    else:
        result = select(graph, _serving_query(goal), bindings)
    return [dict(zip(result.variables, row, strict=True)) for row in result]


def projects_serving(
    graph: Graph | Store, goal: URIRef | str, lang: str = "nb"
) -> list[ServingProject]:
    """Every project that serves ``goal`` directly or through sub-goals of any depth, along
    the strict chain project → measure → assignment → strategy → goal, in one query."""
    node = expand(str(goal), graph)
    # Not through run_query: the text differs per goal, and parsing it in Python first
    # would cost more than the query.
    rows = _select(graph, node, lang)
    if not rows:
        _as_node(graph, goal, "goal")
    serving: list[ServingProject] = []
    for row in rows:
        project = iri(row.get("project"))
        if project is None:
            continue
        serving.append(
            ServingProject(
                project=project,
                label=text(row.get("label")) or short_name(project),
                phase=iri(row.get("phase")),
                phase_label=text(row.get("phaseLabel")),
                budget=decimal(row.get("budget")),
            )
        )
    serving.sort(key=lambda s: (s.label, str(s.project)))
    return serving
