"""The model as the planner's workbook (.xlsx) with its effect balance, for download."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from rdflib import URIRef

from goalgraph.errors import GoalgraphError, UnknownNodeError
from goalgraph.store import data_graphs, model_graph
from goalgraph.web.deps import ModelSource, Source, VersionedSource
from goalgraph.web.routes.api import Lang, balance_date

router = APIRouter(tags=["pages"])

#: The most triples the server writes as one workbook. A bigger model is downloaded graph by
#: graph (``?graph=``) or exported with ``goalgraph export``: the workbook of a national
#: store would take a server thread and hundreds of megabytes for minutes.
MAX_TRIPLES = 200_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class WorkbookTooLarge(GoalgraphError):
    """The model is larger than the server writes as one workbook (answered with 413)."""


@router.get(
    "/workbook.xlsx",
    summary="The model as a filled workbook, with its effect balance",
    response_class=Response,
    responses={
        200: {"content": {XLSX: {}}, "description": "The workbook `goalgraph export` writes."},
        400: {"description": "The date is not YYYY-MM-DD."},
        404: {"description": "The store has no such data graph."},
        413: {"description": "The model is larger than the server writes as one workbook."},
    },
)
def workbook(
    source: Source,
    model: ModelSource,
    lang: Lang = "nb",
    graph: Annotated[
        str | None, Query(description="One data graph of the store (default: all of them).")
    ] = None,
    at: Annotated[
        str | None,
        Query(description="The date of the effect balance, YYYY-MM-DD (default: today)."),
    ] = None,
) -> Response:
    """The workbook `goalgraph export` writes for the same model and date: the planner's sheets
    (which `goalgraph import` reads back) and, after them, the effect balance per indicator and
    the expected effects that count in it."""
    from goalgraph.analysis.effects import effects
    from goalgraph.spreadsheet import export_workbook

    day = balance_date(at)
    # As `goalgraph export`: one graph is read from the whole store unless a version is asked
    # for, the whole model as the plans' latest adopted versions (or ?version=).
    asked = isinstance(model, VersionedSource) and model.version is not None
    store = source.store if graph is not None and not asked else model.store
    graphs = {info.iri: info.triples for info in data_graphs(store)}
    scope = URIRef(graph) if graph is not None else None
    if scope is not None and scope not in graphs:
        raise UnknownNodeError(f"the store has no data graph <{graph}>")
    size = graphs[scope] if scope is not None else sum(graphs.values())
    if size > MAX_TRIPLES:
        raise WorkbookTooLarge(
            f"the model has {size:,} triples; the server writes workbooks of at most "
            f"{MAX_TRIPLES:,}: download one graph (?graph=IRI) or run goalgraph export --store"
        )
    balance = effects(store, day, lang=lang, graph=scope)
    with tempfile.TemporaryDirectory(prefix="goalgraph-workbook-") as folder:
        path = Path(folder) / "model.xlsx"
        export_workbook(model_graph(store, scope), path, lang=lang, balance=balance)
        content = path.read_bytes()
    name = _UNSAFE.sub("-", str(scope).rstrip("/#").rsplit("/", 1)[-1]) if scope else "model"
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="goalgraph-{name}-{day}.xlsx"'},
    )
