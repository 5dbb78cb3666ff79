"""A focused view of the graph: a node's neighbourhood to a depth, drawn with pyvis/vis-network."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from goalgraph.web.queries import with_values
from goalgraph.web.storeview import StoreView
from pyvis.network import Network
from rdflib import Graph, Literal, Node, URIRef
from rdflib.query import ResultRow

from goalgraph.labels import label, short_name
from goalgraph.store import Store, select
from goalgraph.validation.engine import ValidationReport, ValidationResult
from goalgraph.views.catalogue import page_path
from goalgraph.views.classes import KINDS, OTHER, NodeKind
from goalgraph.web.i18n import texts
from goalgraph.web.templating import STATIC_DIR, environment

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
    """The nodes within ``depth`` links of ``focus`` (at most ``cap``) and the links among them.

    ``truncated`` says that more nodes lie within ``depth`` than the cap let in.
    """

    focus: URIRef
    depth: int
    cap: int
    nodes: dict[URIRef, int] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    truncated: bool = False


_Row = dict[str, Node | None]


def _reader(source: Store | Graph) -> Store | Graph:
    """The store behind a Graph that only wraps one, else the source itself."""
    if isinstance(source, Graph) and isinstance(source.store, StoreView):
        # Queries on the wrapping Graph would each first ask the store for its prefixes.
        return source.store.backend
    return source


def _select(
    source: Store | Graph,
    name: str,
    values: Mapping[str, Sequence[URIRef]],
    limit: int | None = None,
) -> list[_Row]:
    """The rows of a view query with its ``VALUES`` blocks filled in, on a store or a Graph."""
    text = with_values(name, values)
    if limit is not None:
        text += f"\nLIMIT {limit}"
    if isinstance(source, Graph):
        rows: list[_Row] = []
        for row in source.query(text):
            assert isinstance(row, ResultRow)
            rows.append({str(k): v for k, v in row.asdict().items()})
        return rows
    result = select(source, text)
    return [dict(zip(result.variables, row, strict=True)) for row in result]


def neighbourhood(source: Store | Graph, focus: URIRef, depth: int, cap: int) -> Neighbourhood:
    """Walk out from ``focus`` breadth first, one bounded query per level, stopping at ``cap``;
    then fetch the links among the nodes found in one more query."""
    reader = _reader(source)
    found = Neighbourhood(focus=focus, depth=depth, cap=cap, nodes={focus: 0})
    frontier = [focus]
    for level in range(1, depth + 1):
        if not frontier:
            break
        # At most len(found.nodes) of the rows are nodes already found, so cap + 1 rows hold
        # every new node that fits, and one more than fits whenever some must be left out.
        rows = _select(reader, "view-neighbours", {"from": frontier}, limit=cap + 1)
        fresh = [n for n in (row["node"] for row in rows) if isinstance(n, URIRef)]
        fresh = [n for n in fresh if n not in found.nodes]
        room = cap - len(found.nodes)
        if len(fresh) > room:
            found.truncated = True
            fresh = fresh[:room]
        found.nodes.update(dict.fromkeys(fresh, level))
        frontier = fresh
    links: set[Link] = set()
    for row in _select(reader, "view-links", {"s": list(found.nodes)}):
        source_node, predicate, target = row["s"], row["p"], row["o"]
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


def _labels(reader: Store | Graph, nodes: Sequence[URIRef], lang: str) -> dict[URIRef, str]:
    """The label of every node in ``lang``, chosen among its labels as ``label`` chooses."""
    # A small Graph of just the labels lets goalgraph.labels pick, with its fallbacks.
    labels = Graph()
    for row in _select(reader, "view-labels", {"node": nodes}):
        node, prop, text = row["node"], row["property"], row["label"]
        if isinstance(node, URIRef) and isinstance(prop, URIRef) and isinstance(text, Literal):
            labels.add((node, prop, text))
    return {node: label(labels, node, lang) for node in nodes}


def _kinds(reader: Store | Graph, nodes: Sequence[URIRef]) -> dict[URIRef, NodeKind]:
    """The kind of every node (OTHER when none fits): the first of KINDS it belongs to."""
    rank = {kind.iri: position for position, kind in enumerate(KINDS) if kind.iri is not None}
    found = dict.fromkeys(nodes, KINDS.index(OTHER))
    for row in _select(reader, "node_classes", {"node": nodes}):
        node, cls = row["node"], row["class"]
        if isinstance(node, URIRef) and node in found and isinstance(cls, URIRef) and cls in rank:
            found[node] = min(found[node], rank[cls])
    return {node: KINDS[position] for node, position in found.items()}


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
    source: Store | Graph,
    focus: URIRef,
    *,
    depth: int,
    cap: int,
    lang: str = "nb",
    issues: IssueSource | None = None,
) -> GraphView:
    """The view around ``focus`` on a store or an rdflib Graph: a pyvis network with one colour
    and shape per kind of node. A handful of queries, whatever the size of the store.

    ``issues`` are the validation results to mark, by node, or a function giving them for
    the nodes shown (so that only what the view shows needs validating)."""
    reader = _reader(source)
    area = neighbourhood(reader, focus, depth, cap)
    nodes = list(area.nodes)
    kinds = _kinds(reader, nodes)
    labels = _labels(reader, nodes, lang)
    if callable(issues):
        issues = issues(nodes)
    issues = issues or {}
    network = Network(directed=True)
    present: set[str] = set()
    for node, distance in area.nodes.items():
        kind: NodeKind = kinds[node]
        present.add(kind.key)
        text = labels[node]
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
        focus_label=labels[focus],
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
