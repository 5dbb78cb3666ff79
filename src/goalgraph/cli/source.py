"""How every command is given the model (PATHS, --data, --store, --graph) and where it writes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rdflib import URIRef
from rich.console import Console

from goalgraph.cli._common import console
from goalgraph.errors import UnknownNodeError
from goalgraph.iri import expand
from goalgraph.sparql.library import ask
from goalgraph.store import GraphScope, Store, open_files, open_store
from goalgraph.versions import version_view

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="RDF files or folders (Turtle, N-Triples, JSON-LD, RDF/XML); or give --data or "
        "--store.",
        show_default=False,
    ),
]
DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        "-d",
        help="RDF file or folder to read (repeatable); the same as giving it as PATHS.",
        show_default=False,
    ),
]
StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        help="Read a store instead of files: a folder (embedded), memory: or the http(s) URL "
        "of a SPARQL query endpoint.",
        show_default=False,
    ),
]
GraphOption = Annotated[
    str | None,
    typer.Option(
        "--graph",
        "-g",
        help="With --store: only this named graph (IRI or CURIE), with the vocabulary.",
        show_default=False,
    ),
]
PlanVersionOption = Annotated[
    str | None,
    typer.Option(
        "--plan-version",
        help="Read this version of the plan: its name (dcat:version, e.g. 2016) or IRI. "
        "Default: the latest adopted version of each plan the model keeps in versions.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of the terminal.", show_default=False
    ),
]

#: What to say when a command is given no model.


def graph_iri(text: str, store: Store | None = None) -> URIRef:
    """A named graph's IRI from a full IRI or a CURIE (prefixes recorded in ``store`` work)."""
    node = expand(text, store)
    if not str(node).startswith(("http://", "https://", "urn:", "file:")):
        raise typer.BadParameter(f"'{text}' is not an absolute IRI", param_hint="--graph")
    return node


def model_files(paths: list[Path] | None, data: list[Path] | None) -> list[Path]:
    """The files and folders given as PATHS and with --data, checked against --store."""
    return [*(paths or []), *(data or [])]


def check_source(
    files: list[Path],
    store: str | None,
    graph: str | None,
    *,
    hint: str = "PATHS or --data PATH",
) -> None:
    """Exactly one way of giving the model, saying what to give; --graph only with --store."""
    if not files and not store:
        raise typer.BadParameter(
            f"no model given; give RDF files or folders ({hint}), or a store (--store "
            "DESCRIPTOR: a folder, memory: or an http(s) URL)"
        )
    if files and store:
        raise typer.BadParameter(
            f"give the model as files ({hint}) or as --store DESCRIPTOR, not both",
            param_hint="--store",
        )
    if graph is not None and not store:
        raise typer.BadParameter("--graph limits a --store; give --store too", param_hint="--graph")


@contextmanager
def open_model(
    paths: list[Path] | None,
    data: list[Path] | None,
    store: str | None,
    graph: str | None = None,
    *,
    scoped: bool = True,
    read_only: bool = False,
    version: str | None = None,
) -> Iterator[Store]:
    """The model as a Store: the files in an embedded store (with the vocabulary), or the
    store, limited to ``graph`` (with the vocabulary) when ``scoped``.

    A model kept in plan versions is read as ``version`` of its plan, else the latest
    adopted one (goalgraph.versions); ``graph`` without ``version`` reads the store whole.
    """
    files = model_files(paths, data)
    check_source(files, store, graph)
    if files:
        with open_files(*files) as opened:
            yield version_view(opened, version)
        return
    assert store is not None
    with open_store(store, read_only=read_only) as opened:
        view = opened if graph is not None and version is None else version_view(opened, version)
        if graph is not None and scoped:
            yield GraphScope(view, graph_iri(graph, opened))
        else:
            yield view


def require_in_graph(store: Store, node: str, graph: str, what: str) -> None:
    """Refuse (exit 2) a ``node`` that ``graph`` of the store does not describe."""
    iri = expand(node, store)
    if not ask(store, "graph-describes", {"g": graph_iri(graph, store), "node": iri}):
        raise UnknownNodeError(f"the graph <{graph}> does not describe the {what} <{iri}>")


@contextmanager
def output_console(output: Path | None) -> Iterator[Console]:
    """The terminal's console, or one writing to ``output`` (said on stderr when done)."""
    if output is None:
        yield console
        return
    with output.open("w", encoding="utf-8") as handle:
        yield Console(file=handle, width=160, highlight=False, soft_wrap=True)
    typer.echo(f"wrote {output}", err=True)


def emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` and say so on stderr."""
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
