"""The SPARQL 1.1 Graph Store Protocol for named graphs: read publicly, write with the token."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response
from rdflib import URIRef

from goalgraph.errors import QueryError, UnknownNodeError
from goalgraph.iri import looks_like_iri
from goalgraph.sparql.formats import serialise
from goalgraph.web.auth import require_read, require_write
from goalgraph.web.deps import Source
from goalgraph.web.routes.sparql import GRAPH_FORMATS, negotiate
from goalgraph.web.settings import Settings
from goalgraph.web.writes import delete_graph, write_graph

logger = logging.getLogger(__name__)

router = APIRouter(tags=["SPARQL 1.1 Graph Store Protocol"])

GraphParam = Annotated[str, Query(description="The IRI of the named graph.")]

_WRITE_RESPONSES: dict[int | str, dict[str, str]] = {
    400: {"description": "The document cannot be parsed (the line is named)."},
    401: {"description": "No valid write token."},
    403: {"description": "A read-only token, or writes are off."},
    413: {"description": "The body is larger than the upload limit."},
    415: {"description": "Not used; an unsupported media type gets 400."},
    422: {"description": "The change would leave the model with SHACL Violations."},
}


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
def graph_get(request: Request, source: Source, graph: GraphParam) -> Response:
    """The graph's triples in the format ``Accept`` asks for (Turtle by default)."""
    iri = _graph(graph)
    if iri not in {info.iri for info in source.store.graphs()}:
        raise UnknownNodeError(f"the store has no graph <{iri}>")
    chosen = negotiate(request.headers.get("accept", ""), None, graph_result=True)
    body = serialise(source.store.export(iri), chosen.rdflib)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


async def _write(request: Request, source: Source, graph: str, *, replace: bool) -> Response:
    require_write(request)
    iri = _graph(graph)
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
async def graph_put(request: Request, source: Source, graph: GraphParam) -> Response:
    """Replace the graph's content with the body (Turtle, N-Triples, JSON-LD or RDF/XML) in
    one transaction."""
    return await _write(request, source, graph, replace=True)


@router.post("/graphs", summary="Add to a named graph", responses=_WRITE_RESPONSES)
async def graph_post(request: Request, source: Source, graph: GraphParam) -> Response:
    """Add the body's triples to the graph in one transaction."""
    return await _write(request, source, graph, replace=False)


@router.delete(
    "/graphs",
    summary="Drop a named graph",
    responses={**_WRITE_RESPONSES, 404: {"description": "The store has no such graph."}},
)
def graph_delete(request: Request, source: Source, graph: GraphParam) -> Response:
    """Remove the graph and its triples."""
    require_write(request)
    iri = _graph(graph)
    settings: Settings = request.app.state.settings
    delete_graph(source, iri, settings)
    return PlainTextResponse(f"<{iri}> dropped\n")
