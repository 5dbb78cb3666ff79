"""Warnings on goals for the goal tree: no project serves the goal, a project serving it is
in a portfolio over its frame or has high risk, an indicator of the goal is not on track;
each judged as the portfolio report judges it, without computing the rest of the report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from rdflib import URIRef

from goalgraph.analysis.report import BEHIND, goal_indicators, portfolio_budgets
from goalgraph.sparql.library import select
from goalgraph.store.base import Store
from goalgraph.views.catalogue import GoalNode, projects_of_goals

NO_PROJECT = "no-project"
OVER_FRAME = "over-frame"
HIGH_RISK = "high-risk"
OFF_TRACK = "off-track"
#: The warnings in the order the tree shows them.
WARNINGS = (NO_PROJECT, OVER_FRAME, HIGH_RISK, OFF_TRACK)


@dataclass(frozen=True)
class Alerts:
    """What the goal tree warns of, model-wide."""

    #: Projects whose risk level is high.
    high_risk: frozenset[URIRef]
    #: Portfolios whose projects' budgets exceed their frame.
    over_frame: tuple[URIRef, ...]
    #: Goals with at least one indicator behind its target.
    behind: frozenset[URIRef]


def alerts(store: Store, today: date | None = None) -> Alerts:
    """The model's :class:`Alerts` at ``today`` (default: the current date), the same in
    every language."""
    today = today or date.today()
    high = select(store, "high-risk-projects").column("project")
    # The report's readers also read labels, in a language: none of them is used here.
    over = [p.portfolio for p in portfolio_budgets(store, "nb") if p.over_frame]
    statuses = goal_indicators(store, "nb", today)
    return Alerts(
        high_risk=frozenset(n for n in high if isinstance(n, URIRef)),
        over_frame=tuple(over),
        behind=frozenset(
            goal for goal, found in statuses.items() if any(i.status == BEHIND for i in found)
        ),
    )


def goal_warnings(store: Store, goals: Sequence[URIRef], found: Alerts) -> dict[URIRef, list[str]]:
    """The warnings of each of ``goals``: one query for the projects serving them, one for
    the projects of the portfolios over their frame; the rest comes from ``found``."""
    served, _ = projects_of_goals(store, list(goals))
    over: set[URIRef] = set()
    if found.over_frame:
        rows = select(store, "portfolios-projects", {"portfolio": list(found.over_frame)})
        over.update(n for n in rows.column("project") if isinstance(n, URIRef))
    warnings: dict[URIRef, list[str]] = {}
    for goal in goals:
        projects = served.get(goal, set())
        marks = {
            NO_PROJECT: not projects,
            OVER_FRAME: bool(projects & over),
            HIGH_RISK: bool(projects & found.high_risk),
            OFF_TRACK: goal in found.behind,
        }
        warnings[goal] = [w for w in WARNINGS if marks[w]]
    return warnings


def _iris(nodes: Iterable[GoalNode]) -> Iterable[URIRef]:
    for node in nodes:
        yield URIRef(node.iri)
        yield from _iris(node.children)


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
