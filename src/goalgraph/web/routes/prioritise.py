"""Prioritisation over HTTP: `/api/prioritise` (JSON) and the `/prioritise` page."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from goalgraph.analysis.defaults import DEFAULT_EXPLAIN
from goalgraph.views.lookup import page_path

# Prioritisation reads one plan version of the store (?version=, goalgraph.versions).
from goalgraph.web.deps import ModelSource as Source
from goalgraph.web.routes.pages import LangParam, page_lang, render

if TYPE_CHECKING:
    from goalgraph.analysis.prioritise import Prioritisation

api_router = APIRouter(prefix="/api", tags=["API"])
page_router = APIRouter(include_in_schema=False)

PortfolioParam = Annotated[str, Query(description="The portfolio (IRI or CURIE).")]
FrameParam = Annotated[
    Decimal | None,
    Query(ge=0, description="The frame in NOK (default: the portfolio's gg:budgetFrame)."),
]
ForceIn = Annotated[
    list[str] | None, Query(description="Projects that must be in (IRI or CURIE, repeatable).")
]
ForceOut = Annotated[
    list[str] | None, Query(description="Projects that must be out (IRI or CURIE, repeatable).")
]
Explain = Annotated[
    int, Query(ge=0, le=100, description="Explain at most this many dropped projects.")
]


def _run(
    source: Source,
    portfolio: str,
    frame: Decimal | None,
    force_in: list[str] | None,
    force_out: list[str] | None,
    lang: str,
    explain: int,
    time_limit: float,
) -> Prioritisation:
    # The prioritisation (and its solvers) is imported by the first request for one.
    from goalgraph.analysis.prioritise import prioritise

    return prioritise(
        source.store,
        portfolio,
        frame,
        force_in=[p for p in force_in or [] if p],
        force_out=[p for p in force_out or [] if p],
        lang=lang,
        explain=explain,
        time_limit=time_limit,
    )


@api_router.get(
    "/prioritise",
    summary="The best selection of a portfolio's projects within its frame",
    responses={
        404: {"description": "The portfolio or a forced project is not in the graph."},
        503: {"description": "The solver ran over the time limit (query_timeout)."},
        422: {
            "description": "The portfolio cannot be prioritised: a score on a criterion outside "
            "its scheme, a criterion without a weight, a frame smaller than the committed "
            "projects (the node is named)."
        },
    },
)
def api_prioritise(
    request: Request,
    source: Source,
    portfolio: PortfolioParam,
    frame: FrameParam = None,
    force_in: ForceIn = None,
    force_out: ForceOut = None,
    lang: Annotated[Literal["nb", "en"], Query(description="Language of labels.")] = "nb",
    explain: Explain = DEFAULT_EXPLAIN,
) -> dict[str, Any]:
    """The same document as ``goalgraph prioritise --format json``: the projects chosen
    (largest value within the frame and yearly frames, committed ones always in, ties to the
    cheaper selection), the ranking, why each dropped project was dropped and what the goals
    lose. ``frame``, ``force_in`` and ``force_out`` ask what-if questions."""
    limit = request.app.state.settings.query_timeout
    return _run(source, portfolio, frame, force_in, force_out, lang, explain, limit).to_json()


@page_router.get("/prioritise", response_class=HTMLResponse)
def prioritise_page(
    request: Request,
    source: Source,
    portfolio: Annotated[str, Query()],
    lang: LangParam = None,
    frame: Annotated[str | None, Query()] = None,
    force: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """The page's form sends each forced project as ``force=in:IRI`` or ``force=out:IRI``."""
    from goalgraph.analysis.prioritise import prioritise
    from goalgraph.analysis.prioritise_text import figure, nok, share

    lang = page_lang(request, lang)
    # A frame typed with spaces between thousands ("65 000 000") is read as a number; anything
    # that is not one gets the error page naming it.
    given = "".join((frame or "").split()).replace("\u00a0", "") or None
    result = prioritise(
        source.store,
        portfolio,
        given,
        force_in=[f[3:] for f in force or [] if f.startswith("in:")],
        force_out=[f[4:] for f in force or [] if f.startswith("out:")],
        lang=lang,
        time_limit=request.app.state.settings.query_timeout,
    )
    return render(
        request,
        "prioritise.html",
        lang,
        r=result,
        nok=lambda v: nok(v, lang),
        figure=lambda v: figure(v, lang),
        share=share,
        page=lambda node: page_path("project", node),
        goal_page=lambda node: page_path("goal", node),
        frame_text=frame or "",
        criterion_label={c.criterion: c.label for c in result.criteria},
    )
