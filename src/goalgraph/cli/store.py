"""`goalgraph load` and `goalgraph generate`: fill a store's named graphs, make test data."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rdflib import URIRef

from goalgraph.cli._common import console
from goalgraph.cli.source import graph_iri
from goalgraph.store import (
    Store,
    ensure_vocabulary,
    open_store,
    record_prefixes,
    version_targets,
)

NAME_FIELD = "{name}"

TargetStoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        help="The store: a folder (embedded, created if missing), memory: or the http(s) URL "
        "of a SPARQL query endpoint.",
    ),
]


def _targets(graph: str, files: list[Path]) -> list[tuple[URIRef, list[Path]]]:
    """Which files go to which graph: all to one, or with {name} one graph per argument; a
    file that declares a plan version, read with others, goes to a graph of its own
    (``GRAPH/<file name>``), so that versions kept side by side stay apart."""
    if NAME_FIELD not in graph:
        given = [(graph_iri(graph), files)]
    else:
        given = [(graph_iri(graph.replace(NAME_FIELD, path.stem)), [path]) for path in files]
    return [target for iri, paths in given for target in version_targets(iri, paths)]


def _print_graphs(store: Store) -> None:
    infos = store.graphs()
    width = max((len(str(i.iri)) for i in infos), default=0)
    for info in infos:
        console.print(f"{info.iri!s:<{width}}  {info.triples:>10,}")
    total = sum(i.triples for i in infos)
    console.print(f"{len(infos)} named graphs, {total:,} triples")


def load(
    store: TargetStoreOption,
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
    A file that declares a plan version (gg:PlanVersion) and is read with other files goes
    into a graph of its own, GRAPH/<file name> (docs/versions.md).
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
        loaded = 0
        for result in opened.load_graphs(targets, replace=not append):
            record_prefixes(opened, result.files)
            # Graphs load side by side and are counted at the end: one time for the run.
            console.print(
                f"<{result.graph}>: {result.triples:,} triples from {len(result.files)} file(s)"
            )
            loaded += 1
        if targets:
            opened.optimize()
            console.print(f"loaded {loaded} graph(s) in {time.perf_counter() - started:.2f} s")
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
    # Imported here so that other commands start quickly.
    from goalgraph.generate import GRAPH_BASE, generate

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
