"""The steering year in the browser and the API: two versions compared, the yearly wheel,
and the plan versions the store holds."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from goalgraph.errors import QueryError
from goalgraph.versions import plan_versions
from goalgraph.views.cycles import changes_view, wheel_page
from goalgraph.web.deps import ModelSource, Source
from goalgraph.web.routes.pages import LangParam, page_lang, render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["API"])

Lang = Annotated[Literal["nb", "en"], Query(description="Language of labels and messages.")]
Old = Annotated[
    str | None,
    Query(description="The earlier version: a plan version (name or IRI) or a named graph."),
]
New = Annotated[str | None, Query(description="The later version, given the same way as old.")]
At = Annotated[str | None, Query(description="The date to look from, YYYY-MM-DD (default today).")]
Days = Annotated[int, Query(ge=0, le=3660, description="How many days ahead count as due.")]


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise QueryError(f"'{text}' is not a date; write it as YYYY-MM-DD") from exc


@pages.get("/diff", response_class=HTMLResponse)
def diff_page(
    request: Request, source: Source, old: Old = None, new: New = None, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    view = changes_view(source.store, old or None, new or None, lang)
    return render(request, "diff.html", lang, changes=view)


@pages.get("/wheel", response_class=HTMLResponse)
def wheel_view(
    request: Request, source: ModelSource, at: At = None, days: Days = 31, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    page = wheel_page(source.store, _day(at), days, lang)
    return render(request, "wheel.html", lang, wheel=page)


@api.get("/diff", summary="What changed between two plan versions or named graphs")
def api_diff(source: Source, old: Old = None, new: New = None, lang: Lang = "nb") -> dict[str, Any]:
    """The same document as ``goalgraph diff --format json``: nodes added, removed and
    changed, each change with the property's old and new values."""
    view = changes_view(source.store, old or None, new or None, lang, table=False)
    if view.diff is None:
        raise QueryError("give old and new: two plan versions or two named graphs")
    return view.diff.to_json()


@api.get("/wheel", summary="What the yearly wheel says is due")
def api_wheel(
    source: ModelSource, at: At = None, days: Days = 31, lang: Lang = "nb"
) -> dict[str, Any]:
    from goalgraph.analysis.wheel import what_is_due

    return what_is_due(source.store, _day(at), days, lang).to_json()


@api.get("/versions", summary="The plan versions the store holds")
def api_versions(source: Source, lang: Lang = "nb") -> list[dict[str, Any]]:
    return [v.to_json() for v in plan_versions(source.store, lang)]
