"""`goalgraph load` and `goalgraph generate`: fill a store's named graphs, make test data."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, cast

import typer
from rdflib import Graph, URIRef

from goalgraph.cli._common import console, require_model
from goalgraph.generate import GRAPH_BASE, generate
from goalgraph.iri import expand
from goalgraph.load import load as load_files
from goalgraph.load import load_data, new_graph
from goalgraph.store import (
    GraphScope,
    Store,
    data_graphs,
    ensure_vocabulary,
    open_store,
    record_prefixes,
)

NAME_FIELD = "{name}"

ModelPaths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="RDF files or folders (Turtle, N-Triples, JSON-LD, RDF/XML); or give --store.",
        show_default=False,
    ),
]
ModelData = Annotated[
    list[Path] | None,
    typer.Option("--data", "-d", help="RDF file or folder to load (repeatable); or give --store."),
]
SourceStoreOption = Annotated[
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

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        help="The store: a folder (embedded, created if missing), memory: or the http(s) URL "
        "of a SPARQL query endpoint.",
    ),
]


def graph_iri(text: str, store: Store | None = None) -> URIRef:
    """A named graph's IRI from a full IRI or a CURIE (prefixes recorded in ``store`` work)."""
    node = expand(text, store)
    if not str(node).startswith(("http://", "https://", "urn:")):
        raise typer.BadParameter(f"'{text}' is not an absolute IRI", param_hint="--graph")
    return node


def _check_source(paths: list[Path] | None, store: str | None, graph: str | None) -> None:
    require_model(bool(paths), bool(store))
    if graph is not None and not store:
        raise typer.BadParameter("--graph limits a --store; give --store too", param_hint="--graph")


@contextmanager
def model_source(
    paths: list[Path] | None, store: str | None, graph: str | None = None
) -> Iterator[Graph]:
    """The model to analyse: the files with the vocabulary, or the store (one graph of it).

    The value is typed as a Graph because the analysis functions are; they run their SPARQL
    on a Store as well (``goalgraph.query.run_query``).
    """
    _check_source(paths, store, graph)
    if paths:
        yield load_files(*paths)
        return
    assert store is not None
    with open_store(store) as opened:
        source: Store = opened if graph is None else GraphScope(opened, graph_iri(graph, opened))
        yield cast(Graph, source)


def model_graph(paths: list[Path] | None, store: str | None, graph: str | None = None) -> Graph:
    """The model alone (no vocabulary) as an rdflib Graph: the files, one store graph, or
    every data graph of the store merged."""
    _check_source(paths, store, graph)
    if paths:
        return load_data(*paths)
    assert store is not None
    with open_store(store, vocabulary=False) as opened:
        if graph is not None:
            return GraphScope(opened, graph_iri(graph, opened)).export()
        merged = new_graph()
        for info in data_graphs(opened):
            merged += opened.export(info.iri)
        for prefix, namespace in opened.prefixes().items():
            merged.bind(prefix, namespace, override=False)
        return merged


def _targets(graph: str, files: list[Path]) -> list[tuple[URIRef, list[Path]]]:
    """Which files go to which graph: all to one, or with {name} one graph per argument."""
    if NAME_FIELD not in graph:
        return [(graph_iri(graph), files)]
    return [(graph_iri(graph.replace(NAME_FIELD, path.stem)), [path]) for path in files]


def _print_graphs(store: Store) -> None:
    infos = store.graphs()
    width = max((len(str(i.iri)) for i in infos), default=0)
    for info in infos:
        console.print(f"{info.iri!s:<{width}}  {info.triples:>10,}")
    total = sum(i.triples for i in infos)
    console.print(f"{len(infos)} named graphs, {total:,} triples")


def load(
    store: StoreOption,
    files: Annotated[
        list[Path] | None,
        typer.Argument(help="RDF files or folders (Turtle, N-Triples, JSON-LD, RDF/XML)."),
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            "-g",
            help="IRI (or CURIE) of the named graph to fill. With {name} in it, every FILE "
            "argument gets its own graph, {name} replaced by the file's or folder's name "
            "without suffix.",
        ),
    ] = None,
    append: Annotated[
        bool, typer.Option("--append", help="Add to the graph instead of replacing it.")
    ] = False,
    list_graphs: Annotated[
        bool, typer.Option("--list", help="List the named graphs and their triple counts.")
    ] = False,
) -> None:
    """Load a party's model into its own named graph, replacing the graph in one step.

    A file that cannot be parsed stops the command (exit 2) and leaves that graph as it was.
    A graph the store does not hold yet is bulk-loaded, not in one step: if the command is
    killed, run it again to replace the part written (docs/stores.md).
    The store always holds the ontology and SDG module in <https://w3id.org/goalgraph>.
    """
    if not files and not list_graphs:
        raise typer.BadParameter("give FILES to load, or --list", param_hint="FILES")
    if files and graph is None:
        raise typer.BadParameter("give the named graph to load into", param_hint="--graph")
    targets = _targets(graph, files) if files and graph is not None else []
    with open_store(store, vocabulary=False) as opened:
        if ensure_vocabulary(opened):
            console.print("loaded the vocabulary graph <https://w3id.org/goalgraph>")
        started = time.perf_counter()
        for result in opened.load_graphs(targets, replace=not append):
            record_prefixes(opened, result.files)
            # Graphs may load side by side: the time is what this graph added to the run.
            finished = time.perf_counter()
            console.print(
                f"<{result.graph}>: {result.triples:,} triples from {len(result.files)} "
                f"file(s) in {finished - started:.2f} s"
            )
            started = finished
        if targets:
            opened.optimize()
        if list_graphs:
            _print_graphs(opened)


def generate_command(
    out: Annotated[Path, typer.Option("-o", "--out", help="Folder to write the files into.")],
    municipalities: Annotated[
        int, typer.Option("--municipalities", "-n", min=1, help="How many municipalities.")
    ] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 1,
) -> None:
    """Write a synthetic, deterministic model per municipality as N-Triples (for benchmarks).

    Sizes used by the benchmarks: S = 1, M = 50, L = 357 municipalities.
    """
    started = time.perf_counter()
    result = generate(out, municipalities, seed)
    seconds = time.perf_counter() - started
    console.print(
        f"wrote {len(result.models)} municipalities ({result.triples:,} triples) to {out} "
        f"in {seconds:.1f} s"
    )
    console.print(
        f"load them with: goalgraph load --store STORE --graph '{GRAPH_BASE}{NAME_FIELD}' "
        f"{out}/*.nt"
    )


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("generate")(generate_command)
