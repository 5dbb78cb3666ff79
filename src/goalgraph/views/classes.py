"""The kinds of node the pages and the graph view tell apart, with their colours and shapes,
and the kind of a node in a store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import FOAF, ORG

from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.store.base import Store


@dataclass(frozen=True)
class NodeKind:
    """A class of node as shown to users: its colour, vis-network shape and names."""

    key: str
    iri: URIRef | None
    colour: str
    shape: str
    nb: str
    en: str

    def name(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en


# Most specific first: a node gets the first kind whose class it belongs to.
KINDS: tuple[NodeKind, ...] = (
    NodeKind("sdg-goal", GG.SDGGoal, "#1f77b4", "star", "Bærekraftsmål", "SDG goal"),
    NodeKind("sdg-target", GG.SDGTarget, "#6baed6", "star", "Delmål i FN", "SDG target"),
    NodeKind("sdg-indicator", GG.SDGIndicator, "#9ecae1", "star", "FN-indikator", "SDG indicator"),
    NodeKind("main-goal", GG.MainGoal, "#2ca02c", "hexagon", "Hovedmål", "Main goal"),
    NodeKind("sub-goal", GG.SubGoal, "#98df8a", "hexagon", "Delmål", "Sub-goal"),
    NodeKind("goal", GG.Goal, "#98df8a", "hexagon", "Mål", "Goal"),
    NodeKind("strategy", GG.Strategy, "#ff7f0e", "diamond", "Strategi", "Strategy"),
    NodeKind("assignment", GG.Assignment, "#ffbb78", "triangle", "Oppdrag", "Assignment"),
    NodeKind("measure", GG.Measure, "#9467bd", "square", "Tiltak", "Measure"),
    NodeKind("project", GG.Project, "#d62728", "dot", "Prosjekt", "Project"),
    NodeKind("programme", GG.Programme, "#ff9896", "ellipse", "Program", "Programme"),
    NodeKind("portfolio", GG.Portfolio, "#8c564b", "database", "Portefølje", "Portfolio"),
    NodeKind("indicator", GG.Indicator, "#17becf", "triangleDown", "Indikator", "Indicator"),
    NodeKind("focus-area", GG.FocusArea, "#bcbd22", "box", "Satsingsområde", "Focus area"),
    NodeKind("plan", GG.Plan, "#c7c7c7", "box", "Plan", "Plan"),
    NodeKind(
        "organisation", ORG.Organization, "#7f7f7f", "ellipse", "Organisasjon", "Organisation"
    ),
    NodeKind("person", FOAF.Person, "#e377c2", "ellipse", "Person", "Person"),
    NodeKind("other", None, "#dddddd", "dot", "Annet", "Other"),
)
KIND_BY_KEY: dict[str, NodeKind] = {kind.key: kind for kind in KINDS}
OTHER = KIND_BY_KEY["other"]
_RANK: dict[URIRef, int] = {kind.iri: i for i, kind in enumerate(KINDS) if kind.iri is not None}


def classes_of(store: Store, nodes: Iterable[URIRef]) -> dict[URIRef, set[URIRef]]:
    """The classes of each node, asserted or through rdfs:subClassOf, in one query."""
    wanted = list(dict.fromkeys(nodes))
    found: dict[URIRef, set[URIRef]] = {node: set() for node in wanted}
    if not wanted:
        return found
    for node, cls in select(store, "node-classes", {"node": wanted}):
        if isinstance(node, URIRef) and node in found and isinstance(cls, URIRef):
            found[node].add(cls)
    return found


def kind_among(classes: Iterable[URIRef]) -> NodeKind:
    """The first of KINDS one of ``classes`` belongs to (OTHER when none fits)."""
    return KINDS[min((_RANK[c] for c in classes if c in _RANK), default=KINDS.index(OTHER))]


def kinds_of(store: Store, nodes: Iterable[URIRef]) -> dict[URIRef, NodeKind]:
    """The kind of each node (OTHER when none fits), from its classes and their superclasses."""
    return {node: kind_among(classes) for node, classes in classes_of(store, nodes).items()}


def kind_of(store: Store, node: URIRef) -> NodeKind:
    return kinds_of(store, [node])[node]
