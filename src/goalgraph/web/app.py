"""The app factory: one FastAPI app serving the SPARQL endpoint, the JSON API and the pages."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goalgraph import __version__
from goalgraph.editing.nodes import EditError, NodeConflict
from goalgraph.editing.saving import EditNotAllowed
from goalgraph.errors import (
    GoalgraphError,
    LoadError,
    PrioritisationError,
    QueryError,
    SolverTimeout,
    StoreError,
    UnknownNodeError,
    ValidationError,
)
from goalgraph.safeinput import LiteralTooLarge
from goalgraph.store import history_graph, open_store
from goalgraph.validation.gate import ShaclRefused, VocabularyProtected
from goalgraph.web.auth import NotAllowed, Unauthorised, require_read
from goalgraph.web.deps import StoreSource, VersionedSource, WritesBusy
from goalgraph.web.editors import EditingForbidden, NotSignedIn, Sessions, editors_of
from goalgraph.web.fairness import ClientLimit, TooManyQueries
from goalgraph.web.gateworker import GateWorker, gate_worker
from goalgraph.web.guard import Forbidden, RequestTooLarge
from goalgraph.web.headers import SecurityHeaders
from goalgraph.web.i18n import texts
from goalgraph.web.routes import (
    api,
    cycles,
    docs,
    editor,
    editpages,
    graphs,
    pages,
    prioritise,
    sparql,
    workbook,
)
from goalgraph.web.routes.api import cached_balance_model
from goalgraph.web.routes.graphs import DefaultGraphReadOnly
from goalgraph.web.routes.pages import cached_ownership, cached_report_page, switch_url
from goalgraph.web.routes.workbook import WorkbookTooLarge
from goalgraph.web.settings import Settings
from goalgraph.web.templating import STATIC_DIR, environment
from goalgraph.web.treepage import cached_alerts, cached_counts, cached_page, cached_summary
from goalgraph.web.validator import Cancelled, Validator
from goalgraph.web.workers import QueryPool, QueryTimeout

logger = logging.getLogger(__name__)

# Subclasses come before their bases: the first match decides.
_STATUS: tuple[tuple[type[GoalgraphError], int], ...] = (
    (Unauthorised, 401),
    (NotSignedIn, 401),
    (EditNotAllowed, 403),
    (EditingForbidden, 403),
    (NodeConflict, 409),
    (EditError, 400),
    (DefaultGraphReadOnly, 405),
    (NotAllowed, 403),
    (Forbidden, 403),
    (VocabularyProtected, 403),
    (RequestTooLarge, 413),
    (LiteralTooLarge, 413),
    (WorkbookTooLarge, 413),
    (TooManyQueries, 429),
    (QueryTimeout, 503),
    (WritesBusy, 503),
    (Cancelled, 503),
    (UnknownNodeError, 404),
    (QueryError, 400),
    (LoadError, 400),
    (ValidationError, 422),
    (PrioritisationError, 422),
    (SolverTimeout, 503),
    # The store behind the server (a remote SPARQL server) failed or cannot be reached.
    (StoreError, 502),
)


#: Paths whose request bodies are uploads and updates, allowed up to the upload limit.
WRITE_PATHS = ("/graphs", "/update", "/sparql")


class BodyLimit:
    """Refuse request bodies larger than the limit with 413, before they are read.

    Writes may be larger (``upload_limit``) than other requests (``limit``).
    """

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.read_limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] in WRITE_PATHS else self.read_limit
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting, send)
        except _TooLarge:
            await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = PlainTextResponse(
            f"the request body is larger than the limit of {limit} bytes", status_code=413
        )
        await response(scope, receive, send)


class _TooLarge(Exception):
    """Raised inside the body stream when a chunked body passes the limit."""


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(
        ("/api", "/sparql", "/update", "/graphs", "/static", "/openapi.json", "/docs", "/redoc")
    )


def _page_language(request: Request) -> str:
    lang = request.query_params.get("lang")
    if lang in ("nb", "en"):
        return str(lang)
    default: str = request.app.state.settings.default_lang
    return default


def error_page(
    request: Request, status: int, detail: str, *, missing: Sequence[str] = ()
) -> Response:
    """An error as an HTML page in the page's language: what happened in words for a
    person, and the technical detail (in English) below."""
    lang = _page_language(request)
    t = texts(lang)
    if status == 404:
        heading = t["error_404_heading"]
        known_page = request.url.path in ("/goal", "/project", "/node", "/graph", "/report")
        explanation = t["error_node_text"] if known_page else t["error_404_text"]
    elif status == 422:
        heading = t["error_422_heading"]
        explanation = t["error_422_text"].format(fields=", ".join(missing) or "?")
    elif status >= 500:
        heading, explanation = t["error_500_heading"], ""
    else:
        heading, explanation = t["error_400_heading"], ""
    html = (
        environment()
        .get_template("error.html")
        .render(
            t=t,
            lang=lang,
            other_lang="en" if lang == "nb" else "nb",
            lang_url=switch_url(request, "en" if lang == "nb" else "nb"),
            heading=heading,
            explanation=explanation,
            message=detail,
            status=status,
        )
    )
    return Response(html, status_code=status, media_type="text/html")


def _error_response(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith(("/sparql", "/update", "/graphs")):
        return PlainTextResponse(message + "\n", status_code=status)
    if not _wants_html(request):
        return JSONResponse({"detail": message}, status_code=status)
    return error_page(request, status, message)


def _install_error_handlers(app: FastAPI) -> None:
    async def goalgraph_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, ShaclRefused):
            document = {"detail": str(exc), "report": exc.report.to_json()}
            return JSONResponse(document, status_code=422)
        for cls, status in _STATUS:
            if isinstance(exc, cls) and status == 401:
                response = _error_response(request, status, str(exc))
                response.headers["WWW-Authenticate"] = 'Bearer realm="goalgraph"'
                return response
            if isinstance(exc, cls) and isinstance(exc, WritesBusy):
                response = _error_response(request, status, str(exc))
                response.headers["Retry-After"] = "1"
                return response
            if isinstance(exc, cls) and status == 405:
                response = _error_response(request, status, str(exc))
                response.headers["Allow"] = "GET, HEAD"
                return response
            if isinstance(exc, cls):
                return _error_response(request, status, str(exc))
        logger.exception("unexpected error on %s", request.url.path, exc_info=exc)
        return _error_response(request, 500, "internal error; see the server log")

    app.add_exception_handler(GoalgraphError, goalgraph_error)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _wants_html(request) and exc.status_code in (404, 405):
            return error_page(request, exc.status_code, str(exc.detail))
        return await http_exception_handler(request, exc)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not _wants_html(request):
            return await request_validation_exception_handler(request, exc)
        missing = [str(error["loc"][-1]) for error in exc.errors() if error.get("loc")]
        detail = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        return error_page(request, 422, detail, missing=missing)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


#: The templates of the start page, compiled before its first request.
START_TEMPLATES = ("start.html", "_goal_tree.html", "_goal_node.html", "_signed_in.html")


def _warm_up(
    source: StoreSource,
    pool: QueryPool,
    lang: str,
    warmed: threading.Event,
    editing: bool = False,
    checker: GateWorker | None = None,
    warm_report_from: int | None = None,
) -> None:
    """Prepare the start page and count the triples while the server starts, and only then
    start the query workers: on a national store these take seconds, and starting worker
    processes takes the same cores. The goal tree with its project counts comes first: the
    start page shows it at once, and the goals' warnings and the party filter (seconds on
    a national store) follow on the page when ready (``warmed``). With editors, read the
    forms and the wording rules' lexicon too, so that the first live check does not wait
    for them. On a store of ``warm_report_from`` triples or more, the report page is then
    kept worked out (StoreSource.keep_warm)."""
    try:
        # As the start page reads the model (the default plan version): a value remembered
        # for the whole store would be another key, computed again by the first request.
        shown = VersionedSource(source, None)
        # What the start page cannot come without first, alone: it is ready sooner.
        cached_summary(shown)
        cached_counts(shown, lang)
        for template in START_TEMPLATES:
            environment().get_template(template)
        # Then the independent parts side by side: the store answers queries outside the
        # GIL, so on a national store they are ready in about half the time.
        with ThreadPoolExecutor(2, thread_name_prefix="goalgraph-warm-up") as side:
            parts: list[Future[object]] = [
                side.submit(cached_ownership, shown, lang),
                side.submit(cached_alerts, shown),
            ]
            len(source)
            for part in parts:
                part.result()
            cached_page(shown, lang)
        if editing:
            from goalgraph.editing.drafts import warm_up

            warm_up()
    except GoalgraphError:
        # The first request that needs them reports the failure to its user.
        logger.exception("could not prepare the start page")
    finally:
        warmed.set()
        pool.start()
        if checker is not None:
            checker.start()
    try:
        if warm_report_from is not None and len(source) >= warm_report_from:
            source.keep_warm(partial(_warm_report, source, lang))
    except GoalgraphError:
        logger.exception("could not count the triples")


def _warm_report(source: StoreSource, lang: str) -> None:
    # A view of the default plan version as it is now, as a request for /report makes one.
    shown = VersionedSource(source, None)
    cached_report_page(shown, lang)
    # Then the effect balance's read model, from which /api/effects answers at any date.
    cached_balance_model(shown, lang)


def create_app(settings: Settings, source: StoreSource | None = None) -> FastAPI:
    """The web app over ``source``, else the store ``settings.store`` names, else the files
    in ``settings.data`` loaded into an in-memory store."""
    if source is None:
        if settings.store is not None:
            source = StoreSource(open_store(settings.store))
        elif settings.data:
            source = StoreSource.from_files(settings.data)
        else:
            raise LoadError("nothing to serve: give at least one RDF file or folder, or a store")
    editors = editors_of(settings)
    # Set before the warm-up counts the triples: the editors' history is not the model.
    source.uncounted = tuple(
        history_graph(graph) for e in editors.editors.values() for graph in e.graphs
    )
    pool = QueryPool(settings.query_workers, settings.query_timeout, start=False)
    validator = Validator(settings.validation_timeout)
    checker = gate_worker(
        settings, source, writes=settings.write_token is not None or editors.enabled
    )
    warmed = threading.Event()
    threading.Thread(
        target=_warm_up,
        args=(
            source,
            pool,
            settings.default_lang,
            warmed,
            editors.enabled,
            checker,
            settings.warm_report_from,
        ),
        daemon=True,
    ).start()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        validator.close()
        if checker is not None:
            checker.close()

    app = FastAPI(
        title="goalgraph",
        version=__version__,
        description=(
            "Goals, strategies, assignments, measures, indicators and projects as one RDF "
            "graph: a SPARQL 1.1 Protocol endpoint at `/sparql` (updates with a token), the "
            "Graph Store Protocol at `/graphs`, a JSON API under `/api` and browser pages."
        ),
        lifespan=lifespan,
        # Served by routes/docs.py with assets from the package, not from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.source = source
    app.state.pool = pool
    #: Set when the warm-up is done; until then the start page may come without its warnings.
    app.state.warmed = warmed
    app.state.clients = ClientLimit(settings.max_queries_per_client)
    app.state.validator = validator
    app.state.editors = editors
    app.state.sessions = Sessions()
    _install_error_handlers(app)
    app.include_router(sparql.router)
    app.include_router(graphs.router)
    app.include_router(editor.router)
    app.include_router(editpages.router)
    app.include_router(api.router, dependencies=[Depends(require_read)])
    app.include_router(pages.router, dependencies=[Depends(require_read)])
    app.include_router(docs.router)
    app.include_router(prioritise.api_router, dependencies=[Depends(require_read)])
    app.include_router(prioritise.page_router, dependencies=[Depends(require_read)])
    app.include_router(cycles.api, dependencies=[Depends(require_read)])
    app.include_router(cycles.pages, dependencies=[Depends(require_read)])
    app.include_router(workbook.router, dependencies=[Depends(require_read)])
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    if settings.cors_origins:
        # Reads (GET, HEAD, POST of a query) from the allowed origins. No cookies are ever
        # accepted: a write must carry the write token, whatever the origin.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            allow_credentials=False,
            max_age=600,
        )
    app.add_middleware(
        BodyLimit, limit=settings.max_body_bytes, upload_limit=settings.max_upload_bytes
    )
    app.add_middleware(SecurityHeaders)
    return app
