"""`goalgraph reason`: infer gg:serves with the OWL reasoner and check that ends and means
stay apart."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rdflib import Graph

from goalgraph.cli._common import LangOption, check_lang
from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    emit,
    open_model,
)
from goalgraph.files import new_graph, vocabulary
from goalgraph.store import model_graph

if TYPE_CHECKING:
    from goalgraph.reasoner import ReasoningResult


class ReasonFormat(StrEnum):
    """How the reasoner's answer is written."""

    text = "text"
    json = "json"
    turtle = "turtle"


FormatOption = Annotated[
    ReasonFormat,
    typer.Option(
        "--format",
        "-f",
        help="text: per means the goals it serves, or what is inconsistent; json: one "
        "document; turtle: the model with the inferred gg:serves triples.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "--out",
        "-o",
        help="Write to this file instead of the terminal.",
        show_default=False,
    ),
]


def _render(result: ReasoningResult, model: Graph, fmt: ReasonFormat, lang: str) -> str:
    if fmt is ReasonFormat.json:
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt is ReasonFormat.turtle:
        materialised = new_graph()
        for prefix, namespace in model.namespaces():
            materialised.bind(prefix, namespace, override=False)
        materialised += model
        materialised += result.to_graph()
        return materialised.serialize(format="turtle")
    return result.to_text(lang)


def reason_command(
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    fmt: FormatOption = ReasonFormat.text,
    out: OutOption = None,
    lang: LangOption = "nb",
) -> None:
    """Run the OWL reasoner HermiT (needs Java): infer which goals every strategy,
    assignment, measure and project serves (gg:serves), and check that no node is both an
    end and a means, or two kinds of means at once.

    Exit codes: 0 consistent; 1 inconsistent (the nodes and the disjoint classes are named);
    2 the input could not be read; 3 the reasoner could not run (no Java runtime: install
    one, e.g. Debian's default-jre-headless, or `make system-deps`).
    """
    # Imported here so that other commands start quickly.
    from goalgraph.reasoner import reason

    check_lang(lang)
    with open_model(paths, data, store, graph, version=plan_version) as source:
        model = model_graph(source)
    whole = vocabulary()
    whole += model
    result = reason(whole)
    emit(_render(result, model, fmt, lang), out)
    raise typer.Exit(0 if result.consistent else 1)
