"""The app factory: one FastAPI app serving the SPARQL endpoint, the JSON API and the pages."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goalgraph import __version__
from goalgraph.errors import (
    GoalgraphError,
    LoadError,
    QueryError,
    UnknownNodeError,
    ValidationError,
)
from goalgraph.load import load
from goalgraph.web.deps import GraphSource
from goalgraph.web.i18n import texts
from goalgraph.web.routes import api, pages, sparql
from goalgraph.web.routes.pages import switch_url
from goalgraph.web.settings import Settings
from goalgraph.web.templating import STATIC_DIR, environment

logger = logging.getLogger(__name__)

_STATUS: tuple[tuple[type[GoalgraphError], int], ...] = (
    (UnknownNodeError, 404),
    (QueryError, 400),
    (LoadError, 400),
    (ValidationError, 422),
)


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413, before they are read."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse(
            f"the request body is larger than the limit of {self.limit} bytes", status_code=413
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    """Raised inside the body stream when a chunked body passes the limit."""


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path.startswith("/sparql"))


def _error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/sparql"):
        return PlainTextResponse(message + "\n", status_code=status)
    if not _wants_html(request):
        return JSONResponse({"detail": message}, status_code=status)
    lang = request.query_params.get("lang", "nb")
    lang = lang if lang in ("nb", "en") else "nb"
    t = texts(lang)
    html = (
        environment()
        .get_template("error.html")
        .render(
            t=t,
            lang=lang,
            other_lang="en" if lang == "nb" else "nb",
            lang_url=switch_url(request, "en" if lang == "nb" else "nb"),
            heading=t["not_found"] if status == 404 else t["error"],
            message=message,
        )
    )
    return Response(html, status_code=status, media_type="text/html")


def _install_error_handlers(app: FastAPI) -> None:
    async def goalgraph_error(request: Request, exc: Exception) -> Response:
        for cls, status in _STATUS:
            if isinstance(exc, cls):
                return _error_response(request, status, str(exc))
        logger.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return _error_response(request, 500, "internal error; see the server log")

    app.add_exception_handler(GoalgraphError, goalgraph_error)


def create_app(settings: Settings, source: GraphSource | None = None) -> FastAPI:
    """The web app over ``source``, or over the files named in ``settings.data``."""
    if source is None:
        if not settings.data:
            raise LoadError("nothing to serve: give at least one RDF file or folder")
        source = GraphSource(load(*settings.data))
    app = FastAPI(
        title="goalgraph",
        version=__version__,
        description=(
            "Goals, strategies, assignments, measures, indicators and projects as one RDF "
            "graph: a SPARQL 1.1 Protocol endpoint at `/sparql`, a JSON API under `/api` "
            "and browser pages."
        ),
    )
    app.state.settings = settings
    app.state.source = source
    _install_error_handlers(app)
    app.include_router(sparql.router)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type"],
        )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app
