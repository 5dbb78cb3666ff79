"""`goalgraph viz`: write a self-contained HTML file with the graph around one node."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from goalgraph.cli._common import DataOption, LangOption, check_lang, console
from goalgraph.iri import resolve
from goalgraph.load import load


def viz(
    node: Annotated[str, typer.Argument(help="The focus node: an IRI or a CURIE.")],
    data: DataOption,
    out: Annotated[Path, typer.Option("-o", "--out", help="The HTML file to write.")],
    depth: Annotated[int, typer.Option(min=1, max=10, help="Links away from the focus.")] = 2,
    max_nodes: Annotated[int, typer.Option(min=1, help="Most nodes to draw.")] = 500,
    mark_validation: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Mark validation results on nodes.")
    ] = True,
    lang: LangOption = "nb",
) -> None:
    """Draw the neighbourhood of NODE (vis-network inlined, opens without a server)."""
    # Imported here so that other commands start quickly.
    from goalgraph.validate import validate
    from goalgraph.web.graphview import build_view, issues_by_node, standalone_html

    check_lang(lang)
    if not data:
        raise typer.BadParameter("give the model with --data PATH (repeatable)")
    graph = load(*data)
    focus = resolve(graph, node)
    issues = issues_by_node(validate(graph, lang=lang)) if mark_validation else {}
    view = build_view(graph, focus, depth=depth, cap=max_nodes, lang=lang, issues=issues)
    out.write_text(standalone_html(view, lang), encoding="utf-8")
    notice = f" (cut at {max_nodes} nodes)" if view.truncated else ""
    console.print(f"wrote {out}: {len(view.nodes)} nodes, {len(view.edges)} edges{notice}")


def register(app: typer.Typer) -> None:
    app.command("viz")(viz)
