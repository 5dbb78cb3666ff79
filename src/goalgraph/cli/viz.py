"""`goalgraph viz`: write a self-contained HTML file with the graph around one node."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rdflib import URIRef

from goalgraph.cli._common import LangOption, check_lang, console
from goalgraph.cli.source import (
    DataOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    open_model,
)
from goalgraph.iri import resolve
from goalgraph.language import format_number, plural
from goalgraph.sparql.library import select
from goalgraph.store import Store
from goalgraph.validation import ValidationResult


def _issues(store: Store, focus: URIRef, lang: str) -> list[ValidationResult]:
    """Validation results of the graphs that describe ``focus``, each with its context."""
    # Imported here so that other commands start quickly.
    from goalgraph.validation import validate_graph

    found: list[ValidationResult] = []
    for (graph,) in select(store, "node-graphs", {"node": [focus]}):
        if isinstance(graph, URIRef):
            found.extend(validate_graph(store, graph, lang=lang).report.results)
    return found


def viz(
    node: Annotated[str, typer.Argument(help="The focus node: an IRI or a CURIE.")],
    out: Annotated[Path, typer.Option("--output", "--out", "-o", help="The HTML file to write.")],
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    plan_version: PlanVersionOption = None,
    depth: Annotated[int, typer.Option(min=1, max=10, help="Links away from the focus.")] = 2,
    max_nodes: Annotated[int, typer.Option(min=1, help="Most nodes to draw.")] = 500,
    mark_validation: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Mark validation results on nodes.")
    ] = True,
    lang: LangOption = "nb",
) -> None:
    """Draw the neighbourhood of NODE (vis-network inlined, opens without a server).

    Validation marks cover the graphs that describe NODE, each with its context.
    """
    # Imported here so that other commands start quickly.
    from goalgraph.views.graphview import build_view, issues_by_node
    from goalgraph.web.templating import standalone_html

    check_lang(lang)
    # Read-only, so that a store a server holds open can be drawn meanwhile.
    with open_model(paths, data, store, read_only=True, version=plan_version) as source:
        focus = resolve(source, node)
        issues = issues_by_node(_issues(source, focus, lang)) if mark_validation else {}
        view = build_view(source, focus, depth=depth, cap=max_nodes, lang=lang, issues=issues)
    out.write_text(standalone_html(view, lang), encoding="utf-8")
    words = _WORDS[lang]
    notice = words["cut"].format(cap=format_number(max_nodes, lang)) if view.truncated else ""
    nodes = plural(len(view.nodes), words["node"][0], words["node"][1], lang)
    edges = plural(len(view.edges), words["edge"][0], words["edge"][1], lang)
    console.print(words["wrote"].format(out=out, nodes=nodes, edges=edges, notice=notice))


#: The line written after the drawing, in bokmål and English.
_WORDS: dict[str, dict[str, Any]] = {
    "nb": {
        "wrote": "skrev {out}: {nodes}, {edges}{notice}",
        "cut": " (kuttet ved {cap} noder)",
        "node": ("node", "noder"),
        "edge": ("kant", "kanter"),
    },
    "en": {
        "wrote": "wrote {out}: {nodes}, {edges}{notice}",
        "cut": " (cut at {cap} nodes)",
        "node": ("node", "nodes"),
        "edge": ("edge", "edges"),
    },
}
