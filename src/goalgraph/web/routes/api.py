"""The JSON API: goal tree, goals and projects with filters, traces, validation and reports."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request
from rdflib import URIRef

from goalgraph.analysis.defaults import DEFAULT_STALE_DAYS
from goalgraph.analysis.effects import BalanceModel, EffectBalance
from goalgraph.analysis.report import portfolio_report
from goalgraph.analysis.trace import projects_serving, trace
from goalgraph.chain import is_project
from goalgraph.errors import QueryError, UnknownNodeError
from goalgraph.iri import resolve
from goalgraph.namespace import GG
from goalgraph.sparql.formats import serialise
from goalgraph.sparql.library import ask, get_query, named_queries, run_query
from goalgraph.store.base import Store
from goalgraph.views.catalogue import (
    Filters,
    GoalSummary,
    GoalTree,
    ProjectSummary,
    goal_tree,
    list_goals,
    list_projects,
)
from goalgraph.views.details import GoalDetail, goal_detail

# Pages and the API read one plan version of the store (?version=, goalgraph.versions).
from goalgraph.web.deps import ModelSource as Source
from goalgraph.web.validator import Validator

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["API"])

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Lang = Annotated[Literal["nb", "en"], Query(description="Language of labels and messages.")]
Phase = Annotated[str | None, Query(description="Project phase (IRI or CURIE, gg:PhaseExecution).")]
Responsible = Annotated[
    str | None, Query(description="Responsible organisation, its units included (IRI or CURIE).")
]
Portfolio = Annotated[str | None, Query(description="Portfolio or programme (IRI or CURIE).")]
Sdg = Annotated[str | None, Query(description="SDG goal or target: a code (3, 3.4) or an IRI.")]


@dataclass(frozen=True)
class ServingProjectOut:
    """A project that serves a goal."""

    project: str
    label: str
    phase: str | None
    phase_label: str | None
    budget: float | None


@dataclass(frozen=True)
class QueryInfo:
    """A named query of the library and its parameters."""

    name: str
    title: str
    description: str
    params: list[dict[str, Any]]
    text: str


def node_of_class(store: Store, text: str, cls: URIRef, what: str) -> URIRef:
    """Resolve ``text`` to a node of ``cls`` (or a subclass), or raise UnknownNodeError; a
    project may also be a node that implements something (goalgraph.chain)."""
    node = resolve(store, text, what=what)
    if cls == GG.Project:
        found = is_project(store, node)
    else:
        found = ask(store, "is-a", {"node": node, "class": cls})
    if not found:
        raise UnknownNodeError(f"<{node}> is not a {what} in the loaded graph")
    return node


@router.get("/goals/tree", summary="The goal tree from the SDG goals and main goals down")
def api_goal_tree(source: Source, lang: Lang = "nb") -> GoalTree:
    return source.remember(("goal-tree", lang), lambda: goal_tree(source.store, lang))


@router.get("/goals", summary="Goals, filtered by SDG item and by the projects serving them")
def api_goals(
    source: Source,
    lang: Lang = "nb",
    sdg: Sdg = None,
    phase: Phase = None,
    responsible: Responsible = None,
    portfolio: Portfolio = None,
) -> list[GoalSummary]:
    """Goals taking up an SDG goal or target (``sdg``) and served by at least one project
    in ``phase``, of ``responsible`` and in ``portfolio`` (each filter optional)."""
    store = source.store
    filters = Filters.parse(
        store, phase=phase, responsible=responsible, portfolio=portfolio, sdg=sdg
    )
    return list_goals(store, filters, lang)


@router.get("/goal", summary="One goal: what serves it, its indicators and SDG links")
def api_goal(
    source: Source,
    goal: Annotated[str, Query(description="The goal (IRI or CURIE).")],
    lang: Lang = "nb",
) -> GoalDetail:
    store = source.store
    return goal_detail(store, node_of_class(store, goal, GG.Goal, "goal"), lang)


@router.get("/projects", summary="Projects, filtered by phase, responsible, portfolio and SDG")
def api_projects(
    source: Source,
    lang: Lang = "nb",
    phase: Phase = None,
    responsible: Responsible = None,
    portfolio: Portfolio = None,
    sdg: Sdg = None,
) -> list[ProjectSummary]:
    store = source.store
    filters = Filters.parse(
        store, phase=phase, responsible=responsible, portfolio=portfolio, sdg=sdg
    )
    return list_projects(store, filters, lang)


@router.get("/trace", summary="The paths from a project up to its goals and SDG items")
def api_trace(
    source: Source,
    project: Annotated[str, Query(description="The project (IRI or CURIE).")],
    lang: Lang = "nb",
) -> dict[str, Any]:
    """The same document as ``goalgraph trace --format json``."""
    store = source.store
    node = node_of_class(store, project, GG.Project, "project")
    return trace(store, node, lang=lang).to_json()


@router.get("/projects-serving", summary="The projects that serve a goal")
def api_projects_serving(
    source: Source,
    goal: Annotated[str, Query(description="The goal (IRI or CURIE).")],
    lang: Lang = "nb",
) -> list[ServingProjectOut]:
    store = source.store
    node = node_of_class(store, goal, GG.Goal, "goal")
    found = projects_serving(store, node, lang=lang)
    return [
        ServingProjectOut(
            project=str(p.project),
            label=p.label,
            phase=str(p.phase) if p.phase is not None else None,
            phase_label=p.phase_label,
            budget=float(p.budget) if p.budget is not None else None,
        )
        for p in found
    ]


@router.post(
    "/validate",
    summary="Validate a posted Turtle model",
    responses={
        400: {"description": "The Turtle cannot be parsed (the line is named)."},
        413: {"description": "The body is larger than the configured limit."},
        503: {"description": "The validation ran over the time limit or the server is busy."},
    },
)
async def api_validate(
    request: Request,
    body: Annotated[
        str,
        Body(media_type="text/turtle", description="A model in Turtle; the vocabulary is added."),
    ],
    lang: Lang = "nb",
) -> dict[str, Any]:
    """The same document as ``goalgraph validate --format json``; the served graph is untouched.

    The model is parsed and validated in a worker process, within the time limit
    ``validation_timeout``, and stopped when the client leaves."""
    validator: Validator = request.app.state.validator
    return await validator.run_async(body, lang, request.is_disconnected)


@router.get("/report", summary="The portfolio report answering the portfolio questions")
def api_report(source: Source, lang: Lang = "nb") -> dict[str, Any]:
    return portfolio_report(source.store, lang=lang).to_json()


#: Balances at other dates (or ages for stale data) than the default remembered until the next
#: write, the latest asked for.
DATED_BALANCES = 3


def balance_date(text: str | None) -> date:
    """The date of an effect balance: YYYY-MM-DD, or today when not given."""
    if text is None:
        return date.today()
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise QueryError(f"'{text[:40]}' is not a date; give at as YYYY-MM-DD")


@router.get(
    "/effects",
    summary="The effect balance: do the projects' expected effects close the gaps?",
    responses={400: {"description": "The date is not YYYY-MM-DD."}},
)
def api_effects(
    source: Source,
    lang: Lang = "nb",
    at: Annotated[
        str | None,
        Query(
            description="The date of the balance, YYYY-MM-DD (default: today): the latest "
            "observation on or before it against the next target value on or after it."
        ),
    ] = None,
    stale_after: Annotated[
        int,
        Query(
            ge=0,
            le=100_000,
            description="Age in days after which an indicator's latest observation is stale.",
        ),
    ] = DEFAULT_STALE_DAYS,
) -> dict[str, Any]:
    """The same document as ``goalgraph effects --format json``: for every indicator its
    target, latest reading, gap, the counted expected effects (``projects``), ``toward``,
    ``covered`` and ``status`` (met, covered, short, missed, no-target, no-data,
    no-direction); conflicts between projects' effects, the contribution ranking, roll-ups
    per goal and per party, gaps no project addresses, stale data and past-due targets,
    benefits realisation, financing per source and earmarking, and the expected effects left
    out with the reason (``skipped``)."""
    day = balance_date(at)

    def compute() -> dict[str, Any]:
        from goalgraph.analysis.effects import effects

        # Where the read model is kept (worked out ahead on a national store), the balance
        # at any date comes from it without reading the store again.
        model = kept_balance_model(source, lang)
        if model is not None:
            return model.balance(day, stale_after=stale_after).to_json()
        return effects(source.store, day, lang=lang, stale_after=stale_after).to_json()

    # Today's balance is remembered until the next write; other dates and ages too, the last
    # few asked for only, so that requests for many dates cannot fill the memory.
    if day == date.today() and stale_after == DEFAULT_STALE_DAYS:
        return source.remember(_balance_key(day, lang), compute)
    return source.remember_recent(
        (*_balance_key(day, lang), stale_after),
        compute,
        group="dated-balances",
        keep=DATED_BALANCES,
    )


def _balance_key(day: date, lang: str) -> tuple[Hashable, ...]:
    return ("effects", day, lang)


def _model_key(lang: str) -> tuple[Hashable, ...]:
    return ("balance-model", lang)


def cached_balance_model(source: Source, lang: str) -> BalanceModel:
    """The effect balance's read model of the store, read once per language and write."""
    return source.remember(_model_key(lang), lambda: BalanceModel.read(source.store, lang))


def kept_balance_model(source: Source, lang: str) -> BalanceModel | None:
    """The read model when it is kept now (never reads one, nor waits for one being read)."""
    found = source.kept(_model_key(lang))
    return found if isinstance(found, BalanceModel) else None


def keep_balance(source: Source, balance: EffectBalance | None, generation: int) -> None:
    """Remember the balance of the whole model that a page worked out (the report's) as the
    answer of ``/effects``, when it is one that is remembered: today's, with the default age
    for stale data. On a national store the report is worked out before anyone asks
    (``StoreSource.keep_warm``), and so the balance is ready too."""
    if (
        balance is not None
        and balance.at == date.today()
        and balance.stale_after == DEFAULT_STALE_DAYS
    ):
        source.keep(_balance_key(balance.at, balance.lang), balance.to_json(), generation)


@router.get("/graph", summary="The neighbourhood of a node as vis-network data")
def api_graph(
    request: Request,
    source: Source,
    node: Annotated[str, Query(description="The focus node (IRI or CURIE).")],
    depth: Annotated[int, Query(ge=1, description="How many links away from the focus.")] = 2,
    lang: Lang = "nb",
) -> dict[str, Any]:
    settings = request.app.state.settings
    if depth > settings.graph_max_depth:
        raise QueryError(f"depth {depth} is too large; the largest is {settings.graph_max_depth}")
    # Imported here: the graph view's renderer (pyvis) pulls in IPython, a second of
    # start-up that the other pages and the API need not wait for.
    from goalgraph.views.graphview import build_view, issues_by_node

    store = source.store
    view = build_view(
        store,
        resolve(store, node),
        depth=depth,
        cap=settings.graph_max_nodes,
        lang=lang,
        issues=lambda nodes: issues_by_node(source.issues_near(nodes, lang)),
    )
    return view.to_json()


@router.get("/queries", summary="The named queries of the library")
def api_queries() -> list[QueryInfo]:
    return [
        QueryInfo(
            name=q.name,
            title=q.title,
            description=q.description,
            params=[
                {
                    "name": p.name,
                    "description": p.description,
                    "required": p.required,
                    "default": p.default,
                }
                for p in q.params
            ],
            text=q.text,
        )
        for q in named_queries().values()
    ]


@router.get("/queries/{name}", summary="Run a named query; parameters as query parameters")
def api_run_query(request: Request, source: Source, name: str) -> dict[str, Any]:
    """The SPARQL 1.1 Query Results JSON of the named query."""
    if name not in named_queries():
        raise UnknownNodeError(f"there is no named query '{name}'")
    params = dict(request.query_params)
    # ?version= chooses the plan version read (ModelSource), not a parameter of the query.
    params.pop("version", None)
    result = run_query(source.store, get_query(name), params)
    document: dict[str, Any] = json.loads(serialise(result, "json"))
    return document
