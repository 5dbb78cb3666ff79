"""`goalgraph viz`: write a self-contained HTML file with the graph around one node."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rdflib import URIRef

from goalgraph.cli._common import DataOption, LangOption, check_lang, console
from goalgraph.iri import resolve
from goalgraph.sparql.library import select
from goalgraph.store import Store, model_graph, open_files, open_store
from goalgraph.validation.report import ValidationResult


def _store_issues(store: Store, focus: URIRef, lang: str) -> list[ValidationResult]:
    """Validation results of the graphs that describe ``focus``, each with its context."""
    # Imported here so that other commands start quickly.
    from goalgraph.validation.store import validate_graph

    found: list[ValidationResult] = []
    for (graph,) in select(store, "node-graphs", {"node": [focus]}).rows:
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
    from goalgraph.validation.engine import validate
    from goalgraph.views.graphview import build_view, issues_by_node
    from goalgraph.web.templating import standalone_html

    check_lang(lang)
    if bool(data) == bool(store):
        raise typer.BadParameter(
            "give the model with --data PATH (repeatable) or --store DESCRIPTOR, not both"
        )
    opened: Store
    if store is not None:
        # Read-only, so that a store a server holds open can be drawn meanwhile.
        opened = open_store(store, vocabulary=False, read_only=True)
    else:
        opened = open_files(*(data or []))
    try:
        focus = resolve(opened, node)
        issues = {}
        if mark_validation and store is not None:
            issues = issues_by_node(_store_issues(opened, focus, lang))
        elif mark_validation:
            issues = issues_by_node(validate(model_graph(opened), lang=lang))
        view = build_view(opened, focus, depth=depth, cap=max_nodes, lang=lang, issues=issues)
    finally:
        opened.close()
    out.write_text(standalone_html(view, lang), encoding="utf-8")
    notice = f" (cut at {max_nodes} nodes)" if view.truncated else ""
    console.print(f"wrote {out}: {len(view.nodes)} nodes, {len(view.edges)} edges{notice}")


def register(app: typer.Typer) -> None:
    app.command("viz")(viz)
