"""The SPARQL 1.1 Graph Store Protocol for named graphs: read publicly, write with the token."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response
from rdflib import Graph, URIRef

from goalgraph.errors import QueryError, UnknownNodeError
from goalgraph.files import new_graph
from goalgraph.iri import looks_like_iri
from goalgraph.sparql.formats import serialise
from goalgraph.store import is_history_graph
from goalgraph.store.base import Store
from goalgraph.web.auth import NotAllowed, require_read, require_write
from goalgraph.web.deps import Source
from goalgraph.web.guard import HISTORY_NOT_READ_HERE, RequestTooLarge
from goalgraph.web.routes.sparql import GRAPH_FORMATS, negotiate
from goalgraph.web.settings import Settings
from goalgraph.web.writes import delete_graph, write_graph

logger = logging.getLogger(__name__)

router = APIRouter(tags=["SPARQL 1.1 Graph Store Protocol"])

GraphParam = Annotated[
    str | None, Query(description="The IRI of the named graph (or give `default`).")
]
DefaultParam = Annotated[
    str | None,
    Query(
        description=(
            "Present (`?default`): the default graph, which is the union of the named graphs; "
            "it can be read, not written."
        )
    ),
]

_WRITE_RESPONSES: dict[int | str, dict[str, str]] = {
    400: {"description": "The document cannot be parsed (the line is named)."},
    401: {"description": "No valid write token."},
    403: {"description": "A read-only token, or writes are off."},
    413: {"description": "The body is larger than the upload limit."},
    415: {"description": "Not used; an unsupported media type gets 400."},
    405: {"description": "A write to the default graph (the union of the named graphs)."},
    422: {"description": "The change would leave the model with SHACL Violations."},
}


class DefaultGraphReadOnly(NotAllowed):
    """A write to the Graph Store Protocol's default graph (answered with 405)."""


def _target(graph: str | None, default: str | None) -> URIRef | None:
    """The named graph a request names, or None for ``?default``; exactly one is needed."""
    if (graph is None) == (default is None):
        raise QueryError("name one graph: ?graph=IRI for a named graph, or ?default")
    return None if graph is None else _graph(graph)


def _named(graph: str | None, default: str | None) -> URIRef:
    """The named graph a write is for; the default graph cannot be written."""
    target = _target(graph, default)
    if target is None:
        raise DefaultGraphReadOnly(
            "the default graph is the union of the named graphs and cannot be written; "
            "write to a named graph with ?graph=IRI"
        )
    return target


def _graph(text: str) -> URIRef:
    if not looks_like_iri(text) or any(c in text for c in ' <>"{}|\\^`'):
        raise QueryError(f"'{text}' is not an absolute IRI of a graph")
    return URIRef(text)


@router.get(
    "/graphs",
    summary="Read one named graph",
    dependencies=[Depends(require_read)],
    response_class=Response,
    responses={
        200: {"content": {m: {} for m in GRAPH_FORMATS}},
        404: {"description": "The store has no such graph."},
    },
)
def graph_get(
    request: Request, source: Source, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """The graph's triples in the format ``Accept`` asks for (Turtle by default); with
    ``?default`` the default graph, the union of the named graphs (up to ``max_results``
    triples)."""
    iri = _target(graph, default)
    settings: Settings = request.app.state.settings
    if iri is None:
        size = len(source)
        if size > settings.max_results:
            raise RequestTooLarge(
                f"the default graph has {size} triples, more than the limit of "
                f"{settings.max_results}; read the named graphs one by one with ?graph=IRI"
            )
    elif is_history_graph(iri):
        raise NotAllowed(HISTORY_NOT_READ_HERE)
    elif iri not in source.store.graph_names():
        raise UnknownNodeError(f"the store has no graph <{iri}>")
    chosen = negotiate(request.headers.get("accept", ""), None, graph_result=True)
    body = serialise(_export(source.store, iri), chosen.rdflib)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


def _export(store: Store, graph: URIRef | None) -> Graph:
    """One graph, or the union of the graphs without the history graphs (the editor's change
    records are not part of the model)."""
    infos = store.graphs() if graph is None else []
    if not any(is_history_graph(info.iri) for info in infos):
        return store.export(graph)
    merged = new_graph()
    for info in infos:
        if not is_history_graph(info.iri):
            merged += store.export(info.iri)
    return merged


router.add_api_route(
    "/graphs",
    graph_get,
    methods=["HEAD"],
    include_in_schema=False,
    dependencies=[Depends(require_read)],
    response_class=Response,
)


async def _write(
    request: Request, source: Source, graph: str | None, default: str | None, *, replace: bool
) -> Response:
    require_write(request)
    iri = _named(graph, default)
    settings: Settings = request.app.state.settings
    body = await request.body()
    result = await run_in_threadpool(
        write_graph,
        source,
        iri,
        body,
        request.headers.get("content-type", ""),
        settings,
        replace=replace,
    )
    return PlainTextResponse(f"<{iri}> holds {result.triples} triples\n")


@router.put("/graphs", summary="Replace a named graph", responses=_WRITE_RESPONSES)
async def graph_put(
    request: Request, source: Source, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Replace the graph's content with the body (Turtle, N-Triples, JSON-LD or RDF/XML) in
    one transaction."""
    return await _write(request, source, graph, default, replace=True)


@router.post("/graphs", summary="Add to a named graph", responses=_WRITE_RESPONSES)
async def graph_post(
    request: Request, source: Source, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Add the body's triples to the graph in one transaction."""
    return await _write(request, source, graph, default, replace=False)


@router.delete(
    "/graphs",
    summary="Drop a named graph",
    responses={**_WRITE_RESPONSES, 404: {"description": "The store has no such graph."}},
)
def graph_delete(
    request: Request, source: Source, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Remove the graph and its triples."""
    require_write(request)
    iri = _named(graph, default)
    settings: Settings = request.app.state.settings
    delete_graph(source, iri, settings)
    return PlainTextResponse(f"<{iri}> dropped\n")
