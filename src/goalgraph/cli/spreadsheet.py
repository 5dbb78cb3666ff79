"""`goalgraph template`, `import` and `export`: the model as a workbook planners fill in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from goalgraph.cli._common import LangOption, check_lang, console
from goalgraph.cli.source import (
    DataOption,
    GraphOption,
    PathsArgument,
    PlanVersionOption,
    StoreOption,
    graph_iri,
    open_model,
)
from goalgraph.labels import short_name
from goalgraph.language import plural
from goalgraph.store import GraphScope, model_graph

# How many SHACL results and unexported triples are listed before "… and N more".
_SHOWN = 15

BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help="Base IRI the row ids are relative to (default: the one on the instruction sheet).",
        show_default=False,
    ),
]

_NOUNS = {
    "nb": {
        "triple": ("trippel", "tripler"),
        "row": ("rad", "rader"),
        "indicator": ("indikator", "indikatorer"),
    },
    "en": {
        "triple": ("triple", "triples"),
        "row": ("row", "rows"),
        "indicator": ("indicator", "indicators"),
    },
}


def _count(number: int, noun: str, lang: str) -> str:
    singular, plural_form = _NOUNS[lang][noun]
    return plural(number, singular, plural_form, lang)


_WROTE = {
    "nb": {
        "template": "skrev {out}",
        "model": "skrev {out} ({triples})",
        "book": "skrev {out} ({rows}, base {base})",
        "balance": "  med effektbalansen per {day} ({indicators})",
        "unexported": "advarsel: {triples} får ikke plass i arkene:",
        "more": "  … og {n} til",
    },
    "en": {
        "template": "wrote {out}",
        "model": "wrote {out} ({triples})",
        "book": "wrote {out} ({rows}, base {base})",
        "balance": "  with the effect balance as of {day} ({indicators})",
        "unexported": "warning: {triples} cannot be held by the sheets:",
        "more": "  … and {n} more",
    },
}
_EMPTY = {
    "nb": "advarsel: {what} har ingen rader å importere (arkene er tomme under overskriftene); "
    "fyll inn én rad per mål, strategi, oppdrag, tiltak, indikator eller prosjekt",
    "en": "warning: {what} has no rows to import (the sheets are empty below their headers); "
    "fill in one row per goal, strategy, assignment, measure, indicator or project",
}
_WHAT = {
    "nb": {"book": "arbeidsboka", "folder": "CSV-mappa"},
    "en": {"book": "the workbook", "folder": "the CSV folder"},
}
_MORE = {
    "nb": "… og {n} til; kjør «goalgraph validate {path}»",
    "en": "… and {n} more; run «goalgraph validate {path}»",
}


def template(
    out: Annotated[Path, typer.Argument(help="The workbook to write (.xlsx).")],
    lang: LangOption = "nb",
    base: BaseOption = None,
) -> None:
    """Write an empty workbook: one sheet per kind, headers in --lang, dropdowns, instructions."""
    from goalgraph.spreadsheet import write_template

    check_lang(lang)
    write_template(out, lang, base)
    console.print(_WROTE[lang]["template"].format(out=out), markup=False)


def import_command(
    book: Annotated[
        Path, typer.Argument(help="A filled workbook (.xlsx) or a folder of CSV files.")
    ],
    out: Annotated[Path, typer.Option("-o", "--output", help="The model file to write (.ttl).")],
    base: BaseOption = None,
    lang: LangOption = "nb",
) -> None:
    """Turn a filled workbook (or CSV folder) into a model and show its SHACL check.

    Every problem of the input is listed with sheet, row and column; then nothing is
    written and the exit code is 1. Exit code 2: the input is missing or cannot be read at
    all. A workbook without rows is imported (an empty model) with a warning.
    """
    from goalgraph.spreadsheet import import_csv_folder, import_workbook, save_graph
    from goalgraph.validation.engine import validate

    check_lang(lang)
    if book.is_dir():
        graph = import_csv_folder(book, base, lang)
    else:
        graph = import_workbook(book, base, lang)
    save_graph(graph, out)
    words = _WROTE[lang]
    triples = _count(len(graph), "triple", lang)
    console.print(words["model"].format(out=out, triples=triples), markup=False)
    if len(graph) == 0:
        what = _WHAT[lang]["folder" if book.is_dir() else "book"]
        typer.echo(_EMPTY[lang].format(what=what), err=True)
    report = validate(graph, lang=lang)
    console.print(f"SHACL: {report.summary(lang)}", markup=False)
    for result in report.results[:_SHOWN]:
        console.print(
            f"  {result.severity} · {result.rule} · {result.focus_label}: {result.message}",
            markup=False,
        )
    if len(report.results) > _SHOWN:
        more = _MORE[lang].format(n=len(report.results) - _SHOWN, path=out)
        console.print(f"  {more}", markup=False)


def export_command(
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="The workbook to write (.xlsx), or a folder for CSV files."
        ),
    ],
    paths: PathsArgument = None,
    data: DataOption = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            help="Base IRI the ids are relative to (default: the model's most common namespace).",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = "nb",
    store: StoreOption = None,
    graph: GraphOption = None,
    plan_version: PlanVersionOption = None,
    with_balance: Annotated[
        bool,
        typer.Option(
            "--balance/--no-balance",
            help="Add the effect balance (as `goalgraph effects` computes it) after the "
            "planner's sheets; import leaves those sheets alone.",
        ),
    ] = True,
    at: Annotated[
        datetime | None,
        typer.Option(
            "--at",
            formats=["%Y-%m-%d"],
            help="The date of the effect balance, YYYY-MM-DD (default: today).",
        ),
    ] = None,
) -> None:
    """Write a model as a filled workbook (or CSV folder) that `goalgraph import` reads back.

    After the planner's sheets come the effect balance per indicator and the expected effects
    that count in it, computed at export (leave them out with --no-balance). Triples the
    sheets cannot hold are listed as a warning; the exit code stays 0.
    """
    from goalgraph.spreadsheet import export_csv_folder, export_workbook

    check_lang(lang)
    balance = None
    # Opened whole once: the sheets hold the graph (GraphScope, as a scoped open gives it), and
    # the balance is the one `goalgraph effects` draws, a graph's links followed into the others.
    with open_model(paths, data, store, graph, scoped=False, version=plan_version) as source:
        scope = graph_iri(graph, source) if graph is not None else None
        model = model_graph(GraphScope(source, scope) if scope is not None else source)
        if with_balance:
            from goalgraph.analysis.effects import effects

            day = at.date() if at is not None else None
            balance = effects(source, day, lang=lang, graph=scope)
    if out.suffix.lower() == ".xlsx":
        result = export_workbook(model, out, base, lang, balance=balance)
    else:
        result = export_csv_folder(model, out, base, lang, balance=balance)
    total = sum(result.rows.values())
    words = _WROTE[lang]
    rows = _count(total, "row", lang)
    console.print(words["book"].format(out=out, rows=rows, base=result.base), markup=False)
    if balance is not None and result.computed:
        indicators = _count(len(balance.indicators), "indicator", lang)
        day_text = balance.at.isoformat()
        console.print(words["balance"].format(day=day_text, indicators=indicators), markup=False)
    if result.unexported:
        triples = _count(len(result.unexported), "triple", lang)
        typer.echo(words["unexported"].format(triples=triples), err=True)
        for s, p, o in result.unexported[:_SHOWN]:
            typer.echo(f"  {short_name(s)} {short_name(p)} {o.n3()}", err=True)
        if len(result.unexported) > _SHOWN:
            typer.echo(words["more"].format(n=len(result.unexported) - _SHOWN), err=True)
