"""Warnings on goals for the goal tree, from the portfolio report: no project serves the
goal, a project serving it is in a portfolio over its frame or has high risk, an indicator
of the goal is not on track."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from rdflib import URIRef

from goalgraph.analysis.report import BEHIND, PortfolioReport
from goalgraph.sparql.library import select
from goalgraph.store.base import Store
from goalgraph.views.catalogue import GoalNode, projects_of_goals

NO_PROJECT = "no-project"
OVER_FRAME = "over-frame"
HIGH_RISK = "high-risk"
OFF_TRACK = "off-track"
#: The warnings in the order the tree shows them.
WARNINGS = (NO_PROJECT, OVER_FRAME, HIGH_RISK, OFF_TRACK)


def goal_warnings(
    store: Store, goals: Sequence[URIRef], report: PortfolioReport
) -> dict[URIRef, list[str]]:
    """The warnings of each of ``goals``: one query for the projects serving them, one for
    the projects of the portfolios over their frame; the rest comes from ``report``."""
    served, _ = projects_of_goals(store, list(goals))
    high = {p.project for p in report.high_risk}
    over: set[URIRef] = set()
    over_frame = [p.portfolio for p in report.portfolios if p.over_frame]
    if over_frame:
        rows = select(store, "portfolios-projects", {"portfolio": over_frame})
        over.update(n for n in rows.column("project") if isinstance(n, URIRef))
    behind = {row.goal for row in report.goals if any(i.status == BEHIND for i in row.indicators)}
    found: dict[URIRef, list[str]] = {}
    for goal in goals:
        projects = served.get(goal, set())
        marks = {
            NO_PROJECT: not projects,
            OVER_FRAME: bool(projects & over),
            HIGH_RISK: bool(projects & high),
            OFF_TRACK: goal in behind,
        }
        found[goal] = [w for w in WARNINGS if marks[w]]
    return found


def _iris(nodes: Iterable[GoalNode]) -> Iterable[URIRef]:
    for node in nodes:
        yield URIRef(node.iri)
        yield from _iris(node.children)


def with_warnings(
    store: Store, nodes: Sequence[GoalNode], report: PortfolioReport
) -> list[GoalNode]:
    """Copies of ``nodes`` (sub-goals too) with their warnings."""
    return marked(nodes, goal_warnings(store, every_goal(nodes), report))


def every_goal(nodes: Iterable[GoalNode]) -> list[URIRef]:
    """The goals of ``nodes`` and their sub-goals, once each."""
    return list(dict.fromkeys(_iris(nodes)))


def marked(nodes: Sequence[GoalNode], warnings: dict[URIRef, list[str]]) -> list[GoalNode]:
    """Copies of ``nodes`` (sub-goals too) with their ``warnings`` (from goal_warnings)."""

    def mark(node: GoalNode) -> GoalNode:
        return replace(
            node,
            warnings=warnings.get(URIRef(node.iri), []),
            children=[mark(child) for child in node.children],
        )

    return [mark(node) for node in nodes]
