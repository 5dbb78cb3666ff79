"""A focused view of the graph: a node's neighbourhood to a depth, drawn with pyvis/vis-network."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyvis.network import Network
from rdflib import Graph, URIRef

from goalgraph.labels import label, short_name
from goalgraph.validate import ValidationReport, ValidationResult
from goalgraph.web.catalogue import page_path
from goalgraph.web.classes import KINDS, NodeKind, kinds_of
from goalgraph.web.i18n import texts
from goalgraph.web.queries import run_query
from goalgraph.web.templating import STATIC_DIR, environment

logger = logging.getLogger(__name__)

_ISSUE_BORDER = "#c00000"
_FOCUS_BORDER = "#000000"


@dataclass(frozen=True)
class Issue:
    """A validation result on a node, as shown in the graph view."""

    severity: str
    message: str


def issues_by_node(
    report: ValidationReport | Iterable[ValidationResult],
) -> dict[URIRef, list[Issue]]:
    """The validation results of a report (or the results themselves), grouped by node."""
    found: dict[URIRef, list[Issue]] = {}
    results = report.results if isinstance(report, ValidationReport) else report
    for result in results:
        if isinstance(result.focus, URIRef):
            found.setdefault(result.focus, []).append(Issue(result.severity, result.message))
    return found


@dataclass(frozen=True)
class Link:
    """A link between two nodes of the view."""

    source: URIRef
    predicate: URIRef
    target: URIRef


@dataclass
class Neighbourhood:
    """The nodes within ``depth`` links of ``focus`` (at most ``cap``) and the links among them."""

    focus: URIRef
    depth: int
    cap: int
    nodes: dict[URIRef, int] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False


def neighbourhood(graph: Graph, focus: URIRef, depth: int, cap: int) -> Neighbourhood:
    """Walk out from ``focus`` breadth first, one SPARQL query per level, stopping at ``cap``."""
    found = Neighbourhood(focus=focus, depth=depth, cap=cap, nodes={focus: 0})
    links: set[Link] = set()
    frontier = [focus]
    level = 0
    # One more round than the depth, to pick up the links among the outermost nodes.
    while frontier and level <= depth:
        level += 1
        rows = run_query(graph, "neighbourhood", values={"s": frontier, "o": frontier})
        fresh: list[URIRef] = []
        for row in rows:
            source, predicate, target = (URIRef(str(row[k])) for k in ("s", "p", "o"))
            if level <= depth:
                for node in (source, target):
                    if node in found.nodes:
                        continue
                    if len(found.nodes) >= cap:
                        found.truncated = True
                        continue
                    found.nodes[node] = level
                    fresh.append(node)
            if source in found.nodes and target in found.nodes:
                links.add(Link(source, predicate, target))
        frontier = fresh
    found.links = sorted(links, key=lambda link: (str(link.source), str(link.target)))
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
    graph: Graph,
    focus: URIRef,
    *,
    depth: int,
    cap: int,
    lang: str = "nb",
    issues: Mapping[URIRef, Sequence[Issue]] | None = None,
) -> GraphView:
    """The view around ``focus``: a pyvis network with one colour and shape per kind of node."""
    area = neighbourhood(graph, focus, depth, cap)
    kinds = kinds_of(graph, area.nodes)
    issues = issues or {}
    network = Network(directed=True)
    present: set[str] = set()
    for node, distance in area.nodes.items():
        kind: NodeKind = kinds[node]
        present.add(kind.key)
        text = label(graph, node, lang)
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
        focus_label=label(graph, focus, lang),
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


def standalone_html(view: GraphView, lang: str = "nb") -> str:
    """One self-contained HTML file with the view, vis-network inlined (no other host needed)."""
    vendor = STATIC_DIR / "vendor" / "vis-network"
    return (
        environment()
        .get_template("viz.html")
        .render(
            view=view,
            t=texts(lang),
            lang=lang,
            base=None,
            vis_js=(vendor / "vis-network.min.js").read_text(encoding="utf-8"),
            vis_css=(vendor / "vis-network.min.css").read_text(encoding="utf-8"),
            style_css=(STATIC_DIR / "style.css").read_text(encoding="utf-8"),
            graph_js=(STATIC_DIR / "graphview.js").read_text(encoding="utf-8"),
        )
    )
