"""`goalgraph query`: run a named query or a .rq file and print the answer."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rdflib import Literal, URIRef
from rdflib.term import Node
from rich.table import Table
from rich.text import Text

from goalgraph.cli._common import console
from goalgraph.cli.store import GraphOption, ModelData, SourceStoreOption, model_source
from goalgraph.iri import namespaces
from goalgraph.labels import short_name
from goalgraph.query import QueryResult, named_queries, run_query


class QueryFormat(StrEnum):
    """Output formats of `goalgraph query`."""

    table = "table"
    json = "json"
    csv = "csv"


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{pair}' is not key=value", param_hint="--param")
        params[key.strip()] = value
    return params


def _curie(prefixes: dict[str, str], node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        text = str(node)
        best = ""
        best_prefix = ""
        for prefix, namespace in prefixes.items():
            if prefix and text.startswith(namespace) and len(namespace) > len(best):
                best, best_prefix = namespace, prefix
        return f"{best_prefix}:{text[len(best) :]}" if best else short_name(node)
    if isinstance(node, Literal) and node.language:
        return f"{node}@{node.language}"
    return str(node)


def _print_table(prefixes: dict[str, str], result: QueryResult) -> None:
    if result.boolean is not None:
        typer.echo("true" if result.boolean else "false")
        return
    table = Table(*result.vars, show_lines=False)
    for row in result:
        table.add_row(*(Text(_curie(prefixes, value)) for value in row.values))
    console.print(table)
    console.print(f"{len(result)} rows", style="dim")


def _print_list() -> None:
    table = Table("name", "parameters", "answers")
    for query in named_queries().values():
        params = ", ".join(
            p.name if p.required else f"[{p.name}={p.default}]" for p in query.params
        )
        table.add_row(Text(query.name), Text(params), Text(query.title))
    console.print(table)


def query(
    name: Annotated[
        str | None,
        typer.Argument(help="A named query (see --list) or the path of a .rq file."),
    ] = None,
    data: ModelData = None,
    store: SourceStoreOption = None,
    graph: GraphOption = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="Bind a variable: key=value (repeatable). IRIs and CURIEs are bound as IRIs, "
            "dates (YYYY-MM-DD) and numbers as typed literals, anything else as a string.",
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat,
        typer.Option("--format", "-f", help="table, json (SPARQL 1.1 results JSON) or csv."),
    ] = QueryFormat.table,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the named queries and exit.")
    ] = False,
) -> None:
    """Run a named SPARQL query or a .rq file on the loaded model."""
    if list_queries:
        _print_list()
        return
    if name is None:
        raise typer.BadParameter("give a query name or a .rq file, or --list", param_hint="NAME")
    params = _params(param or [])
    with model_source(data, store, graph) as source:
        result = run_query(source, name, params)
        prefixes = namespaces(source)
    if fmt is QueryFormat.json:
        typer.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif fmt is QueryFormat.csv:
        typer.echo(result.to_csv(), nl=False)
    else:
        _print_table(prefixes, result)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
