"""The SPARQL 1.1 Protocol endpoint: queries by GET and POST, results negotiated by Accept."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pyparsing import ParseException
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.sparql import Query as PreparedQuery
from rdflib.query import Result, ResultRow

from goalgraph.errors import QueryError
from goalgraph.namespace import PREFIXES
from goalgraph.web.deps import Source

logger = logging.getLogger(__name__)

router = APIRouter(tags=["SPARQL 1.1 Protocol"])


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


class UpdateRefused(Exception):
    """A SPARQL Update reached the read-only endpoint."""


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


def prepare(text: str) -> PreparedQuery:
    """Parse a query; an update raises UpdateRefused, bad syntax a QueryError with the message."""
    try:
        return prepareQuery(text, initNs=dict(PREFIXES))
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n"
                f"{exc.line}\n{' ' * (exc.col - 1)}^"
            ) from exc
        raise UpdateRefused from exc
    except Exception as exc:
        # rdflib reports unknown prefixes and some malformed queries while building the
        # algebra, with exceptions of several types; they are all the query's fault.
        raise QueryError(f"the query cannot be evaluated: {exc}") from exc


def _ask_table(answer: bool, fmt: str) -> str:
    value = "true" if answer else "false"
    return f"_askResult\r\n{value}\r\n" if fmt == "csv" else f"?_askResult\n{value}\n"


def _tsv(result: Result) -> str:
    # rdflib parses TSV results but has no serialiser for them; terms are written in
    # N-Triples syntax as the SPARQL 1.1 TSV format asks.
    names = [str(v) for v in result.vars or []]
    lines = ["\t".join(f"?{name}" for name in names)]
    for row in result:
        assert isinstance(row, ResultRow)
        cells = [row[name].n3() if row[name] is not None else "" for name in names]
        lines.append("\t".join(cell.replace("\t", "\\t") for cell in cells))
    return "\n".join(lines) + "\n"


def serialise(result: Result, fmt: ResultFormat) -> bytes:
    """Serialise solutions, a boolean or a graph with rdflib's serialisers."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph.serialize(format=fmt.rdflib, encoding="utf-8")
    if result.type == "ASK" and fmt.rdflib in ("csv", "tsv"):
        # rdflib's CSV and TSV serialisers handle only SELECT; answer with a one-cell table.
        return _ask_table(bool(result.askAnswer), fmt.rdflib).encode()
    if fmt.rdflib == "tsv":
        return _tsv(result).encode()
    return result.serialize(format=fmt.rdflib, encoding="utf-8") or b""


def _refused() -> Response:
    return Response(
        "This endpoint is read-only: SPARQL Update is not accepted.\n",
        status_code=403,
        media_type="text/plain",
    )


def _answer(source: Source, text: str, request: Request, fmt: str | None) -> Response:
    with source.reading() as graph:
        try:
            prepared = prepare(text)
        except UpdateRefused:
            return _refused()
        result = graph.query(prepared)
        graph_result = result.type in ("CONSTRUCT", "DESCRIBE")
        chosen = negotiate(request.headers.get("accept", ""), fmt, graph_result=graph_result)
        body = serialise(result, chosen)
    return Response(body, media_type=chosen.media_type, headers={"Vary": "Accept"})


def _missing_query() -> QueryError:
    return QueryError("no query given: send it as the 'query' parameter or as the request body")


QueryParam = Annotated[str | None, Query(description="The SPARQL query.")]
FormatParam = Annotated[
    str | None,
    Query(description="Result format instead of Accept: json, xml, csv, tsv, turtle, json-ld, nt."),
]


@router.get(
    "/sparql",
    summary="SPARQL query by GET",
    response_class=Response,
    responses={200: {"content": {m: {} for m in {**SOLUTION_FORMATS, **GRAPH_FORMATS}}}},
)
def sparql_get(
    request: Request, source: Source, query: QueryParam = None, format: FormatParam = None
) -> Response:
    """Run a SPARQL query given as ``?query=``; the result format follows ``Accept``."""
    if query is None:
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/query", status_code=303)
        raise _missing_query()
    return _answer(source, query, request, format)


@router.post(
    "/sparql",
    summary="SPARQL query by POST",
    response_class=Response,
    responses={
        200: {"content": {m: {} for m in {**SOLUTION_FORMATS, **GRAPH_FORMATS}}},
        403: {"description": "SPARQL Update is refused: the endpoint is read-only."},
    },
)
async def sparql_post(request: Request, source: Source, format: FormatParam = None) -> Response:
    """Run a SPARQL query sent form-encoded (``query=``) or as an ``application/sparql-query``
    body; updates (``update=`` or ``application/sparql-update``) are refused with 403."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == _UPDATE_BODY:
        return _refused()
    if content_type == _QUERY_BODY:
        text = body
    elif content_type == _FORM:
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            return _refused()
        if "query" not in form:
            raise _missing_query()
        text = form["query"][0]
        if format is None and form.get("format"):
            format = form["format"][0]
    else:
        raise QueryError(
            f"unsupported content type '{content_type or 'none'}'; send the query as "
            f"{_FORM} (query=…) or as {_QUERY_BODY}"
        )
    return await run_in_threadpool(_answer, source, text, request, format)
