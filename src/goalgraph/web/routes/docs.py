"""The API documentation pages, Swagger UI at /docs and ReDoc at /redoc, served with their
assets from the package (static/vendor/) under the pages' Content-Security-Policy."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from goalgraph.web.templating import environment

router = APIRouter(include_in_schema=False)


def _page(request: Request, template: str) -> HTMLResponse:
    html = environment().get_template(template).render(openapi_url=request.app.openapi_url)
    return HTMLResponse(html)


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI: every operation of the API, to read and to try."""
    return _page(request, "docs.html")


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc: the API description as one readable page."""
    return _page(request, "redoc.html")
