"""`goalgraph query`: run a named query or a .rq file and print the answer."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rdflib import Graph, Literal, URIRef
from rich.console import Console
from rich.table import Table
from rich.text import Text

from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    OutputOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    emit,
    open_model,
    output_console,
)
from goalgraph.errors import QueryError
from goalgraph.iri import namespaces
from goalgraph.labels import short_name
from goalgraph.sparql.formats import serialise
from goalgraph.sparql.library import get_query, named_queries, run_query
from goalgraph.sparql.results import AskResult, SelectResult
from goalgraph.sparql.text import Term


class QueryFormat(StrEnum):
    """Output formats of `goalgraph query`."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"'{pair}' is not key=value", param_hint="--param")
        params[key.strip()] = value
    return params


def _curie(prefixes: dict[str, str], node: Term | None) -> str:
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


def _table(prefixes: dict[str, str], result: SelectResult | AskResult, out: Console) -> None:
    if isinstance(result, AskResult):
        out.print("true" if result.value else "false")
        return
    table = Table(*result.variables, show_lines=False)
    for row in result:
        table.add_row(*(Text(_curie(prefixes, value)) for value in row))
    out.print(table)
    out.print(f"{len(result)} {'row' if len(result) == 1 else 'rows'}", style="dim")


def _print_list(out: Console) -> None:
    table = Table("name", "parameters", "answers")
    for query in named_queries().values():
        params = ", ".join(
            p.name if p.required else f"[{p.name}={p.default or ''}]" for p in query.params
        )
        table.add_row(Text(query.name), Text(params), Text(query.title))
    out.print(table)


def query(
    name: Annotated[
        str | None,
        typer.Argument(help="A named query (see --list) or the path of a .rq file."),
    ] = None,
    paths: PathsArgument = None,
    data: DataOption = None,
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            help="Bind a parameter: key=value (repeatable). IRIs and CURIEs are bound as IRIs, "
            "dates (YYYY-MM-DD) and numbers as typed literals, anything else as a string.",
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat,
        typer.Option(
            "--format", "-f", help="table, or a SPARQL 1.1 results format: json, csv, tsv, xml."
        ),
    ] = QueryFormat.table,
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the named queries and exit.")
    ] = False,
    show: Annotated[
        bool,
        typer.Option("--show", help="Print the query's SPARQL, chain paths expanded, and exit."),
    ] = False,
    output: OutputOption = None,
) -> None:
    """Run a named SPARQL query or a .rq file on the model.

    A query takes a parameter where its text writes $name; see docs/queries.md.
    """
    if list_queries:
        with output_console(output) as out:
            _print_list(out)
        return
    if name is None:
        raise typer.BadParameter("give a query name or a .rq file, or --list", param_hint="NAME")
    if show:
        emit(get_query(name).text, output)
        return
    params = _params(param or [])
    with open_model(paths, data, store, graph, version=plan_version) as source:
        result = run_query(source, name, params)
        prefixes = namespaces(source)
    if isinstance(result, Graph):
        raise QueryError(f"{name}: only SELECT and ASK queries can be run here")
    if fmt is QueryFormat.table:
        with output_console(output) as out:
            _table(prefixes, result, out)
    else:
        emit(serialise(result, fmt.value).decode("utf-8"), output)
