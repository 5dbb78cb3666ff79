"""`goalgraph viz`: write a self-contained HTML file with the graph around one node."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph, URIRef

from goalgraph.cli._common import DataOption, LangOption, check_lang, console, require_model
from goalgraph.iri import resolve
from goalgraph.load import load
from goalgraph.store import Store, open_store, select
from goalgraph.validate import ValidationResult


def _store_issues(store: Store, focus: URIRef, lang: str) -> list[ValidationResult]:
    """Validation results of the graphs that describe ``focus``, each with its context."""
    # Imported here so that other commands start quickly.
    from goalgraph.validate_store import validate_graph
    from goalgraph.web.queries import with_values

    found: list[ValidationResult] = []
    for (graph,) in select(store, with_values("node-graphs", {"node": [focus]})).rows:
        if isinstance(graph, URIRef):
            found.extend(validate_graph(store, graph, lang=lang).report.results)
    return found


def viz(
    node: Annotated[str, typer.Argument(help="The focus node: an IRI or a CURIE.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The HTML file to write.")],
    depth: Annotated[int, typer.Option(min=1, max=10, help="Links away from the focus.")] = 2,
    max_nodes: Annotated[int, typer.Option(min=1, help="Most nodes to draw.")] = 500,
    mark_validation: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Mark validation results on nodes.")
    ] = True,
    lang: LangOption = "nb",
    data: DataOption | None = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            help="Read the model from a store instead of files: a folder, memory: or a URL "
            "(validation marks then cover the graphs describing NODE).",
        ),
    ] = None,
) -> None:
    """Draw the neighbourhood of NODE (vis-network inlined, opens without a server)."""
    # Imported here so that other commands start quickly.
    from goalgraph.validate import validate
    from goalgraph.web.graphview import build_view, issues_by_node, standalone_html
    from goalgraph.web.storeview import store_graph

    check_lang(lang)
    require_model(bool(data), bool(store), "--data PATH, repeatable")
    opened: Store | None = None
    graph: Graph
    if store is not None:
        # Read-only, so that a store a server holds open can be drawn meanwhile.
        opened = open_store(store, vocabulary=False, read_only=True)
        graph = store_graph(opened)
    else:
        graph = load(*(data or []))
    try:
        focus = resolve(graph, node)
        issues = {}
        if mark_validation and opened is not None:
            issues = issues_by_node(_store_issues(opened, focus, lang))
        elif mark_validation:
            issues = issues_by_node(validate(graph, lang=lang))
        view = build_view(graph, focus, depth=depth, cap=max_nodes, lang=lang, issues=issues)
    finally:
        if opened is not None:
            opened.close()
    out.write_text(standalone_html(view, lang), encoding="utf-8")
    notice = f" (cut at {max_nodes} nodes)" if view.truncated else ""
    console.print(f"wrote {out}: {len(view.nodes)} nodes, {len(view.edges)} edges{notice}")


def register(app: typer.Typer) -> None:
    app.command("viz")(viz)
