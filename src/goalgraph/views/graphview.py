"""A focused view of the graph: a node's neighbourhood to a depth, drawn with pyvis/vis-network
as data for the browser or as one self-contained HTML file."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from pyvis.network import Network
from rdflib import Literal, URIRef

from goalgraph.labels import short_name
from goalgraph.sparql.library import select
from goalgraph.store.base import Store
from goalgraph.validation.report import ValidationReport, ValidationResult
from goalgraph.views.classes import KINDS, NodeKind, kinds_of
from goalgraph.views.lookup import labels, page_path

logger = logging.getLogger(__name__)

_ISSUE_BORDER = "#c00000"
_FOCUS_BORDER = "#000000"


@dataclass(frozen=True)
class Issue:
    """A validation result on a node, as shown in the graph view."""

    severity: str
    message: str


#: Validation results by node, or a function that gives them for the nodes a view shows.
IssueSource: TypeAlias = (
    Mapping[URIRef, Sequence[Issue]]
    | Callable[[Sequence[URIRef]], Mapping[URIRef, Sequence[Issue]]]
)


def issues_by_node(
    report: ValidationReport | Iterable[ValidationResult],
) -> dict[URIRef, list[Issue]]:
    """The validation results of a report (or the results themselves), grouped by node."""
    found: dict[URIRef, list[Issue]] = {}
    results = report.results if isinstance(report, ValidationReport) else report
    for result in results:
        if isinstance(result.focus, URIRef):
            found.setdefault(result.focus, []).append(Issue(str(result.severity), result.message))
    return found


@dataclass(frozen=True)
class Link:
    """A link between two nodes of the view."""

    source: URIRef
    predicate: URIRef
    target: URIRef


@dataclass
class Neighbourhood:
    """The nodes within ``depth`` links of ``focus`` (at most ``cap``) and the links among them.

    ``truncated`` says that more nodes lie within ``depth`` than the cap let in.
    """

    focus: URIRef
    depth: int
    cap: int
    nodes: dict[URIRef, int] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False


def neighbourhood(store: Store, focus: URIRef, depth: int, cap: int) -> Neighbourhood:
    """Walk out from ``focus`` breadth first, one bounded query per level, stopping at ``cap``;
    then fetch the links among the nodes found in one more query."""
    found = Neighbourhood(focus=focus, depth=depth, cap=cap, nodes={focus: 0})
    frontier = [focus]
    for level in range(1, depth + 1):
        if not frontier:
            break
        # At most len(found.nodes) of the rows are nodes already found, so cap + 1 rows hold
        # every new node that fits, and one more than fits whenever some must be left out.
        rows = select(store, "view-neighbours", {"from": frontier, "limit": Literal(cap + 1)})
        fresh = [n for n in (row["node"] for row in rows) if isinstance(n, URIRef)]
        fresh = [n for n in fresh if n not in found.nodes]
        room = cap - len(found.nodes)
        if len(fresh) > room:
            found.truncated = True
            fresh = fresh[:room]
        found.nodes.update(dict.fromkeys(fresh, level))
        frontier = fresh
    links: set[Link] = set()
    for source_node, predicate, target in select(store, "view-links", {"s": list(found.nodes)}):
        if (
            isinstance(source_node, URIRef)
            and isinstance(predicate, URIRef)
            and isinstance(target, URIRef)
            and target in found.nodes
        ):
            links.add(Link(source_node, predicate, target))
    found.links = sorted(
        links, key=lambda link: (str(link.source), str(link.target), str(link.predicate))
    )
    logger.debug(
        "view of %s: %d nodes, %d links, cut: %s",
        focus,
        len(found.nodes),
        len(links),
        found.truncated,
    )
    return found


@dataclass
class GraphView:
    """Everything the browser needs to draw a neighbourhood: vis-network data and a legend."""

    focus: str
    focus_label: str
    depth: int
    cap: int
    truncated: bool
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    kinds: list[dict[str, str]]

    def to_json(self) -> dict[str, Any]:
        return {
            "focus": self.focus,
            "focus_label": self.focus_label,
            "depth": self.depth,
            "cap": self.cap,
            "truncated": self.truncated,
            "nodes": self.nodes,
            "edges": self.edges,
            "options": self.options,
            "kinds": self.kinds,
        }


def _physics(network: Network, size: int) -> dict[str, Any]:
    network.barnes_hut(gravity=-2500, spring_length=90, overlap=0.1)
    options: dict[str, Any] = json.loads(network.options.to_json())
    options["physics"]["stabilization"] = {
        "enabled": True,
        "iterations": 300 if size < 200 else 120,
    }
    options["interaction"] = {"hover": True, "navigationButtons": False, "keyboard": True}
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "font": {"size": 12, "align": "middle", "color": "#444444"},
        "smooth": {"enabled": True, "type": "dynamic"},
        "color": {"color": "#999999"},
    }
    options["nodes"] = {
        "font": {"size": 22},
        "size": 20,
        "borderWidth": 1,
        # vis-network hides labels below a drawn size; keep them readable when zoomed out.
        "scaling": {"label": {"enabled": False, "drawThreshold": 2}},
    }
    return options


def build_view(
    store: Store,
    focus: URIRef,
    *,
    depth: int,
    cap: int,
    lang: str = "nb",
    issues: IssueSource | None = None,
) -> GraphView:
    """The view around ``focus``: a pyvis network with one colour and shape per kind of node.
    A handful of queries, whatever the size of the store.

    ``issues`` are the validation results to mark, by node, or a function giving them for
    the nodes shown (so that only what the view shows needs validating)."""
    area = neighbourhood(store, focus, depth, cap)
    nodes = list(area.nodes)
    kinds = kinds_of(store, nodes)
    names = labels(store, nodes, lang)
    if callable(issues):
        issues = issues(nodes)
    issues = issues or {}
    network = Network(directed=True)
    present: set[str] = set()
    for node, distance in area.nodes.items():
        kind: NodeKind = kinds[node]
        present.add(kind.key)
        text = names[node]
        node_issues = list(issues.get(node, ()))
        border = _ISSUE_BORDER if node_issues else kind.colour
        if node == focus:
            border = _FOCUS_BORDER
        network.add_node(
            str(node),
            label=(text if len(text) <= 48 else text[:46] + "…") + (" ⚠" if node_issues else ""),
            shape=kind.shape,
            color={"background": kind.colour, "border": border},
            borderWidth=4 if node_issues or node == focus else 1,
            kind=kind.key,
            kindName=kind.name(lang),
            fullLabel=text,
            curie=short_name(node),
            page=page_path(kind.key, node),
            distance=distance,
            issues=[{"severity": i.severity, "message": i.message} for i in node_issues],
        )
    for link in area.links:
        network.add_edge(
            str(link.source), str(link.target), label=short_name(link.predicate).split(":")[-1]
        )
    return GraphView(
        focus=str(focus),
        focus_label=names[focus],
        depth=depth,
        cap=cap,
        truncated=area.truncated,
        nodes=list(network.nodes),
        edges=list(network.edges),
        options=_physics(network, len(area.nodes)),
        kinds=[
            {"key": k.key, "name": k.name(lang), "colour": k.colour, "shape": k.shape}
            for k in KINDS
            if k.key in present
        ],
    )
