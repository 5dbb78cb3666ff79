"""The goal chain, defined once: which links lead from a means up to the goals it serves.

A project implements a measure, which resolves an assignment, which concretises a strategy,
which realises a goal; a goal contributes to higher goals. A means *serves* the goal its
chain of links reaches from its own stage, and every goal above that one. A typed node starts
at its kind's stage; an untyped one at the first chain link it has (a node that implements is
a project, as the ontology's rdfs:domain says). Links are followed only in this order: a link
that skips a stage is not followed.

Everything that asks "what serves what" uses this module: the named SPARQL queries through
the ``chain:`` names below (expanded when a query is loaded), and Python code through
:class:`Links`. The OWL property chain axioms of ``gg:serves`` in ontology/goalgraph.ttl state
the same chain for the reasoner (tests check that they agree).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.namespace import SKOS

from goalgraph.errors import QueryError
from goalgraph.namespace import GG
from goalgraph.sparql.text import SKIP

if TYPE_CHECKING:
    from goalgraph.store.base import Store

#: The links of the means chain, from the bottom up: each leaves a node of the stage below.
LINKS: tuple[URIRef, ...] = (GG.implements, GG.resolves, GG.concretises, GG.realises)
#: The kind of node each link leaves: a project implements, a measure resolves, …
STAGES: tuple[URIRef, ...] = (GG.Project, GG.Measure, GG.Assignment, GG.Strategy)
#: From a goal to the goal above it.
UP: URIRef = GG.contributesTo
#: From a goal to the SDG target or goal it takes up, and from a target to its SDG goal.
LOCALISES: URIRef = GG.localises
BROADER: URIRef = SKOS.broader

#: The namespace of the ``chain:`` names that named queries use for the chain's paths.
NAMESPACE = "https://w3id.org/goalgraph/chain#"


def _path(links: Iterable[URIRef]) -> str:
    return "/".join(link.n3() for link in links)


def _macros() -> dict[str, str]:
    up = f"{UP.n3()}*"
    macros = {
        # A goal to itself and every goal above it.
        "up": up,
        # One link of the means chain, whatever its stage.
        "link": "(" + "|".join(link.n3() for link in LINKS) + ")",
        # The links themselves, for a VALUES list, and for an IN list.
        "links": " ".join(link.n3() for link in LINKS),
        "linkList": ", ".join(link.n3() for link in LINKS),
        # A goal to the projects that serve it, read from the goal (fast when it is bound).
        "servedByProject": "/".join([f"^{up}", *(f"^{link.n3()}" for link in reversed(LINKS))]),
        # Any means to every goal it serves, from whichever stage it has links of.
        "serves": "(" + " | ".join(_path(LINKS[stage:]) for stage in range(len(LINKS))) + f")/{up}",
    }
    for stage, kind in enumerate(STAGES):
        name = str(kind).rsplit("#", 1)[1]
        name = name[0].lower() + name[1:]
        # A means of this stage to every goal it serves.
        macros[f"{name}Serves"] = f"{_path(LINKS[stage:])}/{up}"
        # … to the goals its means chain ends at (enough to ask whether it serves any).
        macros[f"{name}Reaches"] = _path(LINKS[stage:])
    # Paths are grouped, so that they combine with the paths around them as one step.
    lists = {"links", "linkList"}
    return {name: text if name in lists else f"({text})" for name, text in macros.items()}


#: ``chain:NAME`` → the SPARQL property path (or IRI list) it stands for.
MACROS: Mapping[str, str] = _macros()

_TOKEN = re.compile(
    rf"(?P<skip>{SKIP})"
    r"|(?<![\w:])chain:(?P<name>[A-Za-z_][\w-]*)"
)


def expand(text: str, source: str = "<query>") -> str:
    """``text`` with every ``chain:NAME`` replaced by the path it stands for."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name is None:
            return match.group(0)
        if name not in MACROS:
            known = ", ".join(f"chain:{m}" for m in sorted(MACROS))
            raise QueryError(f"{source}: unknown chain path 'chain:{name}'; use one of {known}")
        return MACROS[name]

    return _TOKEN.sub(replace, text)


@dataclass
class Links:
    """The statements of the chain's links in a model, as maps from a node to the nodes it
    links to, with the chain kind (one of STAGES, or gg:Goal) of the typed nodes."""

    by_link: dict[URIRef, dict[URIRef, set[URIRef]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    kinds: dict[URIRef, URIRef] = field(default_factory=dict)

    def add(self, source: URIRef, link: URIRef, target: URIRef) -> None:
        self.by_link[link][source].add(target)

    def of(self, link: URIRef, node: URIRef) -> set[URIRef]:
        """The nodes ``node`` links to by ``link``."""
        found = self.by_link.get(link)
        return set() if found is None else found.get(node, set())

    def onward(self, link: URIRef, nodes: Iterable[URIRef]) -> set[URIRef]:
        return {target for node in nodes for target in self.of(link, node)}

    def stage(self, node: URIRef) -> int | None:
        """Where ``node`` starts in the means chain (0 = a project's link), None for a goal or
        a node with no chain link: by its kind if typed, else by the first link it has."""
        kind = self.kinds.get(node)
        if kind in STAGES:
            return STAGES.index(kind)
        if kind == GG.Goal:
            return None
        return next((i for i, link in enumerate(LINKS) if self.of(link, node)), None)

    def above(self, goal: URIRef) -> set[URIRef]:
        """``goal`` and every goal it contributes to, directly or through further goals."""
        found = {goal}
        todo = [goal]
        while todo:
            for parent in self.of(UP, todo.pop()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return found

    def reached(self, node: URIRef, stage: int) -> set[URIRef]:
        """The goals the means chain leads ``node`` to from ``stage``, higher goals left out."""
        frontier = {node}
        for link in LINKS[stage:]:
            frontier = self.onward(link, frontier)
        return frontier

    def served_goals(self, node: URIRef) -> set[URIRef]:
        """The goals ``node`` serves; for a goal, the goals above it (not itself)."""
        stage = self.stage(node)
        if stage is None:
            return self.above(node) - {node} if self.of(UP, node) else set()
        found: set[URIRef] = set()
        for goal in self.reached(node, stage):
            found |= self.above(goal)
        return found

    def projects_per_goal(self) -> dict[URIRef, set[URIRef]]:
        """For every goal a project serves, the projects serving it: every node that
        implements something, whatever its type (as ``chain:servedByProject`` finds them)."""
        serving: dict[URIRef, set[URIRef]] = defaultdict(set)
        above: dict[URIRef, set[URIRef]] = {}
        for project in self.by_link.get(LINKS[0], {}):
            for realised in self.reached(project, 0):
                if realised not in above:
                    above[realised] = self.above(realised)
                for goal in above[realised]:
                    serving[goal].add(project)
        return serving


def next_links(via: URIRef | None) -> frozenset[URIRef]:
    """The links a walk up from a project may take after arriving by ``via`` (None: at the
    project): the means chain in order, then higher goals and the SDG items goals take up,
    then the SDG goals above those."""
    if via is None:
        return frozenset({LINKS[0]})
    if via in LINKS[:-1]:
        return frozenset({LINKS[LINKS.index(via) + 1]})
    if via in (LINKS[-1], UP):
        return frozenset({UP, LOCALISES})
    if via in (LOCALISES, BROADER):
        return frozenset({BROADER})
    return frozenset()


def kind_of_hop(via: URIRef | None) -> str | None:
    """What a walk up reaches by ``via``: "goal", "sdg", or None for a means."""
    if via in (LINKS[-1], UP):
        return "goal"
    if via in (LOCALISES, BROADER):
        return "sdg"
    return None


def is_project(store: Store, node: URIRef) -> bool:
    """Whether ``node`` is a project: of class gg:Project (or a subclass), or a node that
    implements something (the domain of gg:implements is gg:Project)."""
    from goalgraph.sparql.library import ask

    return ask(store, "is-project", {"node": node})
