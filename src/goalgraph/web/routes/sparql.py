"""The SPARQL 1.1 Protocol endpoint: queries by GET and POST, updates by POST with a token."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from rdflib import URIRef

from goalgraph.errors import QueryError
from goalgraph.iri import looks_like_iri
from goalgraph.namespace import PREFIXES
from goalgraph.sparql.text import declares_dataset, named_in_dataset, with_prefixes
from goalgraph.store import Dataset, is_history_graph
from goalgraph.web.auth import NotAllowed, require_read, require_write
from goalgraph.web.deps import Source, StoreSource
from goalgraph.web.description import service_description
from goalgraph.web.fairness import ClientLimit, client_address
from goalgraph.web.guard import HISTORY_NOT_READ_HERE, Checked, Forbidden, Operation, check
from goalgraph.web.settings import Settings
from goalgraph.web.workers import Answer, Job, QueryPool, run_remote
from goalgraph.web.writes import run_update

logger = logging.getLogger(__name__)

router = APIRouter(tags=["SPARQL 1.1 Protocol"], dependencies=[Depends(require_read)])


@dataclass(frozen=True)
class ResultFormat:
    """A serialisation of query results: rdflib's name for it and its media type."""

    rdflib: str
    media_type: str


# Media type → format, in order of preference when the client accepts anything.
SOLUTION_FORMATS: dict[str, ResultFormat] = {
    "application/sparql-results+json": ResultFormat("json", "application/sparql-results+json"),
    "application/json": ResultFormat("json", "application/sparql-results+json"),
    "application/sparql-results+xml": ResultFormat("xml", "application/sparql-results+xml"),
    "application/xml": ResultFormat("xml", "application/sparql-results+xml"),
    "text/xml": ResultFormat("xml", "application/sparql-results+xml"),
    "text/csv": ResultFormat("csv", "text/csv; charset=utf-8"),
    "text/tab-separated-values": ResultFormat("tsv", "text/tab-separated-values; charset=utf-8"),
}
GRAPH_FORMATS: dict[str, ResultFormat] = {
    "text/turtle": ResultFormat("turtle", "text/turtle; charset=utf-8"),
    "application/x-turtle": ResultFormat("turtle", "text/turtle; charset=utf-8"),
    "application/ld+json": ResultFormat("json-ld", "application/ld+json"),
    "application/json": ResultFormat("json-ld", "application/ld+json"),
    "application/n-triples": ResultFormat("nt", "application/n-triples; charset=utf-8"),
    "text/plain": ResultFormat("nt", "application/n-triples; charset=utf-8"),
    "application/rdf+xml": ResultFormat("xml", "application/rdf+xml"),
    "application/xml": ResultFormat("xml", "application/rdf+xml"),
}
# The `format` query parameter, a convenience for browsers and curl.
FORMAT_ALIASES: dict[str, tuple[str, str]] = {
    # alias: (media type for solutions, media type for graphs)
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", "text/turtle"),
    "tsv": ("text/tab-separated-values", "text/turtle"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "ttl": ("application/sparql-results+json", "text/turtle"),
    "json-ld": ("application/sparql-results+json", "application/ld+json"),
    "jsonld": ("application/sparql-results+json", "application/ld+json"),
    "nt": ("application/sparql-results+json", "application/n-triples"),
    "ntriples": ("application/sparql-results+json", "application/n-triples"),
}

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"


def _accepted(header: str) -> list[str]:
    """Media types of an Accept header, best first (q-values respected, order kept on ties)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            if field.startswith("q="):
                try:
                    quality = float(field[2:])
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media))
    return [media for _, _, media in sorted(ranked)]


def negotiate(accept: str, fmt: str | None, *, graph_result: bool) -> ResultFormat:
    """The format to answer in: the `format` parameter, else the best acceptable, else default."""
    table = GRAPH_FORMATS if graph_result else SOLUTION_FORMATS
    if fmt:
        alias = FORMAT_ALIASES.get(fmt.lower())
        wanted = alias[1 if graph_result else 0] if alias else fmt.lower()
        if wanted in table:
            return table[wanted]
    for media in _accepted(accept):
        if media in table:
            return table[media]
    return next(iter(table.values()))


#: The Protocol's dataset parameters.
DEFAULT_GRAPH_URI = "default-graph-uri"
NAMED_GRAPH_URI = "named-graph-uri"


def protocol_dataset(pairs: list[tuple[str, str]]) -> Dataset | None:
    """The dataset the request's ``default-graph-uri`` and ``named-graph-uri`` parameters
    give, or None when it gives none (the query's FROM, else the union, then applies).

    Raises QueryError for a value that is not an absolute IRI."""
    default: list[URIRef] = []
    named: list[URIRef] = []
    for key, value in pairs:
        if key not in (DEFAULT_GRAPH_URI, NAMED_GRAPH_URI):
            continue
        value = value.strip()
        if not looks_like_iri(value) or any(c in value for c in ' <>"{}|\\^`'):
            raise QueryError(f"{key}: '{value}' is not an absolute IRI of a graph")
        (default if key == DEFAULT_GRAPH_URI else named).append(URIRef(value))
    if not default and not named:
        return None
    return Dataset(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def query_prefixes(source: StoreSource) -> dict[str, str]:
    """The prefixes a query may use without declaring them: the ones the loaded files declare
    (``asker:``) and goalgraph's own, which win where both name one prefix."""

    def compute() -> dict[str, str]:
        found = {p: ns for p, ns in source.store.prefixes().items() if p}
        found.update({p: str(ns) for p, ns in PREFIXES.items() if p})
        return found

    return source.remember("query-prefixes", compute)


def _run(
    request: Request,
    source: StoreSource,
    checked: Checked,
    fmt: str | None,
    dataset: Dataset | None,
) -> Response:
    settings: Settings = request.app.state.settings
    pool: QueryPool = request.app.state.pool
    graph_result = checked.form in ("CONSTRUCT", "DESCRIBE")
    chosen = negotiate(request.headers.get("accept", ""), fmt, graph_result=graph_result)
    clients: ClientLimit = request.app.state.clients
    with clients.slot(client_address(request)):
        answer = _answer(source, settings, pool, checked.text, chosen, dataset)
    return Response(answer.body, media_type=chosen.media_type, headers={"Vary": "Accept"})


@dataclass(frozen=True)
class _Graphs:
    history: tuple[URIRef, ...]
    others: tuple[URIRef, ...]


def _graphs(source: StoreSource) -> _Graphs:
    def compute() -> _Graphs:
        # Names only: counting the graphs scans the store, and this is asked again after
        # every write by the next query (seconds at national scale, every reader waiting).
        names = source.store.graph_names()
        return _Graphs(
            tuple(g for g in names if is_history_graph(g)),
            tuple(g for g in names if not is_history_graph(g)),
        )

    return source.remember("graphs-by-kind", compute)


def _refuse_history() -> Forbidden:
    return Forbidden(f"{HISTORY_NOT_READ_HERE}; leave it out of the query's dataset")


def readable_dataset(
    source: StoreSource, text: str, dataset: Dataset | None, prefixes: dict[str, str]
) -> Dataset | None:
    """The dataset a query is asked against once the history graphs are kept out of it.

    With history graphs in the store, the union is replaced by every other graph (and the
    store's own default graph), and a query or request naming a history graph is refused
    (Forbidden). Without them nothing changes."""
    graphs = _graphs(source)
    if not graphs.history:
        return dataset
    if dataset is not None:
        if any(is_history_graph(g) for g in (*dataset.default, *dataset.named)):
            raise _refuse_history()
        return dataset
    if declares_dataset(text):
        if any(is_history_graph(g) for g in named_in_dataset(text, prefixes)):
            raise _refuse_history()
        return None
    return Dataset(graphs.others, graphs.others, store_default=True)


def _answer(
    source: StoreSource,
    settings: Settings,
    pool: QueryPool,
    text: str,
    chosen: ResultFormat,
    dataset: Dataset | None,
) -> Answer:
    prefixes = query_prefixes(source)
    dataset = readable_dataset(source, text, dataset, prefixes)
    bounded = source.store.bounded(settings.query_timeout)
    if bounded is not None:
        answer = run_remote(
            bounded,
            # A server is sent one text: the prefixes go on its first line (see with_prefixes).
            with_prefixes(text, prefixes),
            chosen.rdflib,
            timeout=settings.query_timeout,
            max_results=settings.max_results,
            max_bytes=settings.max_result_bytes,
            dataset=dataset,
        )
    else:
        data = source.query_data()
        job = Job(
            generation=data.generation,
            data=data.path,
            text=text,
            fmt=chosen.rdflib,
            max_results=settings.max_results,
            store_folder=data.store_folder,
            max_bytes=settings.max_result_bytes,
            dataset=dataset,
            own_dataset=dataset is None and declares_dataset(text),
            prefixes=tuple(prefixes.items()),
        )
        answer = pool.run(job)
    return answer


def _check(request: Request, source: StoreSource, text: str) -> Checked:
    settings: Settings = request.app.state.settings
    return check(
        text,
        max_length=settings.max_query_length,
        allow_service=settings.allow_service,
        prefixes=query_prefixes(source),
    )


def _update(request: Request, source: StoreSource, checked: Checked) -> Response:
    require_write(request)
    settings: Settings = request.app.state.settings
    result = run_update(source, checked.text, settings)
    if result.graphs is not None:
        held = ", ".join(
            f"<{graph}> holds {count} triples" for graph, count in result.graphs.items()
        )
        return PlainTextResponse(f"update applied; {held or 'no graph written'}\n")
    return PlainTextResponse(f"update applied; the store holds {result.triples} triples\n")


def answer_query(
    request: Request,
    source: StoreSource,
    text: str,
    fmt: str | None,
    dataset: Dataset | None = None,
) -> Response:
    """Check and run a query; an update here is refused (updates are POSTed)."""
    checked = _check(request, source, text)
    if checked.operation is Operation.update:
        raise NotAllowed("a SPARQL Update must be sent by POST with the write token")
    return _run(request, source, checked, fmt, dataset)


def answer_post(
    request: Request,
    source: StoreSource,
    text: str,
    fmt: str | None,
    dataset: Dataset | None = None,
) -> Response:
    """Check a POSTed text and run it as a query or, with the write token, as an update."""
    checked = _check(request, source, text)
    if checked.operation is Operation.update:
        return _update(request, source, checked)
    return _run(request, source, checked, fmt, dataset)


def answer_update(request: Request, source: StoreSource, text: str) -> Response:
    """Check and apply a SPARQL Update (write token required); a query here is a 400."""
    require_write(request)
    checked = _check(request, source, text)
    if checked.operation is not Operation.update:
        raise QueryError("this endpoint takes SPARQL Update only; send queries to /sparql")
    return _update(request, source, checked)


def _missing_query() -> QueryError:
    return QueryError("no query given: send it as the 'query' parameter or as the request body")


QueryParam = Annotated[str | None, Query(description="The SPARQL query.")]
FormatParam = Annotated[
    str | None,
    Query(description="Result format instead of Accept: json, xml, csv, tsv, turtle, json-ld, nt."),
]


#: What a client may ask of /sparql.
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
_DATASET_DOC = (
    " The Protocol's `default-graph-uri` and `named-graph-uri` (each may repeat) give the "
    "dataset and override the query's FROM and FROM NAMED; without any, the default graph "
    "is the union of all graphs."
)


def _wants_results(accept: str) -> bool:
    """Whether a client that sent no query asked for query results rather than RDF."""
    for media in _accepted(accept):
        if media in GRAPH_FORMATS or media in ("*/*", "text/*", "application/*"):
            return False
        if media in SOLUTION_FORMATS:
            return True
    return False


def _description(request: Request, source: StoreSource, fmt: str | None) -> Response:
    chosen = negotiate(request.headers.get("accept", ""), fmt, graph_result=True)
    settings: Settings = request.app.state.settings
    endpoint = str(request.url.replace(query="", fragment=""))
    body = service_description(source, settings, endpoint, chosen.rdflib)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


@router.get(
    "/sparql",
    summary="SPARQL query by GET; without a query, the service description",
    response_class=Response,
    responses={200: {"content": {m: {} for m in {**SOLUTION_FORMATS, **GRAPH_FORMATS}}}},
)
def sparql_get(
    request: Request, source: Source, query: QueryParam = None, format: FormatParam = None
) -> Response:
    """Run a SPARQL query given as ``?query=``; the result format follows ``Accept``.
    Without a query, a browser is sent to the query page and any other client gets the
    SPARQL 1.1 Service Description (Turtle, JSON-LD, RDF/XML or N-Triples)."""
    if query is None:
        accept = request.headers.get("accept", "")
        if _accepted(accept)[:1] in (["text/html"], ["application/xhtml+xml"]):
            return RedirectResponse("/query", status_code=303)
        if _wants_results(accept):
            raise _missing_query()
        return _description(request, source, format)
    dataset = protocol_dataset(request.query_params.multi_items())
    return answer_query(request, source, query, format, dataset)


# HEAD answers as GET does, without the body (the server leaves it out).
router.add_api_route(
    "/sparql", sparql_get, methods=["HEAD"], include_in_schema=False, response_class=Response
)


@router.options("/sparql", summary="What /sparql answers", response_class=Response)
def sparql_options() -> Response:
    """The methods /sparql takes (a browser's CORS preflight is answered before this, when
    ``cors_origins`` allows the origin)."""
    return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})


sparql_get.__doc__ = (sparql_get.__doc__ or "") + _DATASET_DOC


@router.post(
    "/sparql",
    summary="SPARQL query by POST",
    response_class=Response,
    responses={
        200: {"content": {m: {} for m in {**SOLUTION_FORMATS, **GRAPH_FORMATS}}},
        401: {"description": "An update without a valid write token."},
        403: {"description": "SERVICE or LOAD, a read-only token, or writes are off."},
        408: {"description": "Not used; a query over the time limit gets 503."},
        413: {"description": "The query, the body or the result is larger than the limit."},
        422: {"description": "The update would leave the model with SHACL Violations."},
        503: {"description": "The query ran over the time limit or the server is busy."},
    },
)
async def sparql_post(request: Request, source: Source, format: FormatParam = None) -> Response:
    """Run a SPARQL query sent form-encoded (``query=``) or as an ``application/sparql-query``
    body; an update (``update=`` or ``application/sparql-update``) needs the write token."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == _UPDATE_BODY:
        return await run_in_threadpool(answer_update, request, source, body)
    pairs = request.query_params.multi_items()
    if content_type == _QUERY_BODY:
        text = body
    elif content_type == _FORM:
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            return await run_in_threadpool(answer_update, request, source, form["update"][0])
        if "query" not in form:
            raise _missing_query()
        text = form["query"][0]
        if format is None and form.get("format"):
            format = form["format"][0]
        pairs = [*pairs, *((k, v) for k, vs in form.items() for v in vs)]
    else:
        raise QueryError(
            f"unsupported content type '{content_type or 'none'}'; send the query as "
            f"{_FORM} (query=…) or as {_QUERY_BODY}"
        )
    dataset = protocol_dataset(pairs)
    return await run_in_threadpool(answer_post, request, source, text, format, dataset)


@router.post(
    "/update",
    summary="SPARQL Update by POST (write token required)",
    response_class=PlainTextResponse,
    responses={
        400: {"description": "Bad syntax or not an update."},
        401: {"description": "No valid write token."},
        403: {"description": "LOAD or SERVICE, a read-only token, or writes are off."},
        413: {"description": "The update is larger than the limit."},
        422: {"description": "The update would leave the model with SHACL Violations."},
    },
)
async def update_post(request: Request, source: Source) -> Response:
    """Apply a SPARQL Update sent as ``application/sparql-update`` or form-encoded ``update=``,
    as one transaction, after checking that the model keeps passing validation."""
    require_write(request)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == _FORM:
        form = parse_qs(body, keep_blank_values=True)
        if "update" not in form:
            raise QueryError("no update given: send it as the 'update' parameter")
        body = form["update"][0]
    elif content_type != _UPDATE_BODY:
        raise QueryError(
            f"unsupported content type '{content_type or 'none'}'; send the update as "
            f"{_FORM} (update=…) or as {_UPDATE_BODY}"
        )
    return await run_in_threadpool(answer_update, request, source, body)
