"""The browser pages: goal tree, goal and project pages, the graph view and the SPARQL page."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from rdflib import URIRef

from goalgraph.analysis.report import TEXTS as REPORT_TEXTS
from goalgraph.analysis.report import kind_label, uncovered_reason
from goalgraph.errors import QueryError, UnknownNodeError
from goalgraph.iri import resolve
from goalgraph.labels import LANGUAGES
from goalgraph.namespace import GG
from goalgraph.sparql.library import named_queries
from goalgraph.versions import PlanVersion, find_version, plan_versions
from goalgraph.views.classes import kinds_of
from goalgraph.views.cycles import status_history
from goalgraph.views.details import goal_detail, node_detail, project_detail
from goalgraph.views.lookup import Ref, page_path
from goalgraph.views.parties import Ownership, ownership
from goalgraph.views.reportview import PartyRow, ReportPage, party_rows, report_page

# Pages read one plan version of the store (?version=, goalgraph.versions).
from goalgraph.web.deps import ModelSource as Source
from goalgraph.web.deps import StoreSource
from goalgraph.web.editors import directory, signed_in
from goalgraph.web.editpanel import edit_panel, start_links
from goalgraph.web.i18n import other_language, texts
from goalgraph.web.links import keep_version
from goalgraph.web.routes.api import (
    balance_date,
    keep_balance,
    kept_balance_model,
    node_of_class,
)
from goalgraph.web.templating import environment
from goalgraph.web.treepage import (
    alerts_ready,
    cached_counts,
    cached_page,
    cached_skeleton,
    cached_summary,
)

if TYPE_CHECKING:
    from goalgraph.views.graphview import Issue

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

LangParam = Annotated[str | None, Query()]
IriParam = Annotated[str, Query()]
#: The date a page is read at, YYYY-MM-DD (default today; empty: today).
AtParam = Annotated[str | None, Query()]
#: Reports at dates other than today remembered until the next write, the latest asked for:
#: at national scale one takes 12–18 s to work out (the less with the balance's read model
#: kept) and holds some 35–65 MB.
DATED_REPORT_PAGES = 3

_EXAMPLE_QUERY = """PREFIX gg: <https://w3id.org/goalgraph#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?goal ?label WHERE {
  ?goal a gg:MainGoal ; rdfs:label ?label .
  FILTER(lang(?label) = "nb")
} ORDER BY ?label
"""


def page_lang(request: Request, lang: str | None) -> str:
    if lang in LANGUAGES:
        return str(lang)
    default: str = request.app.state.settings.default_lang
    return default


def same_page(request: Request, **params: str) -> str:
    """This page with ``params`` set, as a path relative to this server."""
    url = request.url.include_query_params(**params)
    return f"{url.path}?{url.query}"


def switch_url(request: Request, lang: str) -> str:
    """The same page in ``lang``, as a path relative to this server."""
    return same_page(request, lang=lang)


def _reading_version(request: Request, lang: str) -> PlanVersion | None:
    """The plan version the reader chose with ``?version=``, None when none or unknown (the
    page itself says so)."""
    name = request.query_params.get("version")
    if not name:
        return None
    source: StoreSource = request.app.state.source

    def compute() -> PlanVersion | None:
        try:
            return find_version(plan_versions(source.store, lang), name, source.store)
        except UnknownNodeError:
            return None

    return source.remember(("reading-version", name, lang), compute)


def render(
    request: Request, template: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page with the texts of ``lang``, a link to the same page in the other one,
    who is signed in as an editor (if anyone), and the plan version read when one was
    chosen."""
    other = other_language(lang)
    signed = signed_in(request)
    reading = _reading_version(request, lang) if status < 400 else None
    html = (
        environment()
        .get_template(template)
        .render(
            t=texts(lang),
            lang=lang,
            other_lang=other,
            lang_url=switch_url(request, other),
            editing_on=directory(request).enabled,
            signed_in=signed[0].name if signed else None,
            signed_csrf=signed[1].csrf if signed else "",
            reading_version=reading,
            # An empty version names the current one, and keep_version leaves it as it is.
            current_version_url=same_page(request, version="") if reading else "",
            **context,
        )
    )
    if status < 400:
        # The reader's plan version stays chosen on every page the links lead to.
        html = keep_version(html, request.query_params.get("version"))
    return HTMLResponse(html, status_code=status)


@dataclass(frozen=True)
class _StartChoice:
    """What the start page shows, from its query (`/` and `/start/parts` alike): the SDG
    branch, the page of it and the party."""

    sdg: Annotated[str | None, Query()] = None
    page: Annotated[int, Query(ge=1)] = 1
    party: Annotated[str | None, Query()] = None


StartChoice = Annotated[_StartChoice, Depends()]


def _start_parts(source: Source, lang: str, choice: _StartChoice) -> dict[str, Any]:
    """What the start page's goal tree and party filter show: the tree with its warnings
    and the parties (waiting for them while the server prepares them)."""
    owned = cached_ownership(source, lang)
    chosen = owned.party(choice.party)
    if choice.party and chosen is None:
        raise UnknownNodeError(f"the model has no party <{choice.party}>")
    return {
        "shown": cached_page(source, lang, choice.sdg, choice.page, chosen),
        "parties": owned.parties if len(owned.parties) > 1 else [],
        "party": choice.party or "",
        "party_query": f"&party={quote(str(chosen), safe='')}" if chosen else "",
    }


def _parts_pending(request: Request, source: Source, lang: str) -> bool:
    """Whether the server is still preparing the start page's warnings and parties (the
    warm-up of goalgraph.web.app): the page then comes at once without them, and
    static/start.js fetches them from /start/parts. Afterwards they are always inline."""
    warmed = getattr(request.app.state, "warmed", None)
    if warmed is None or warmed.is_set():
        return False
    return not (alerts_ready(source) and ownership_ready(source, lang))


@router.get("/", response_class=HTMLResponse)
def start_page(
    request: Request, source: Source, choice: StartChoice, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    # A chosen party needs the parties: only the whole tree can come before them.
    pending = not choice.party and _parts_pending(request, source, lang)
    if pending:
        parts: dict[str, Any] = {
            "shown": cached_counts(source, lang, choice.sdg, choice.page),
            "parties": [],
            "party": "",
            "party_query": "",
        }
    else:
        parts = _start_parts(source, lang, choice)
    return render(
        request,
        "start.html",
        lang,
        summary=cached_summary(source),
        new_links=start_links(request, lang),
        pending=pending,
        parts_url=f"/start/parts?{request.url.query}",
        reload_url=same_page(request),
        **parts,
    )


@router.get("/start/parts", response_class=HTMLResponse)
def start_parts(
    request: Request, source: Source, choice: StartChoice, lang: LangParam = None
) -> HTMLResponse:
    """The start page's party filter and goal tree with its warnings, as an HTML fragment
    (for static/start.js); waits until they are ready."""
    lang = page_lang(request, lang)
    html = (
        environment()
        .get_template("_start_parts.html")
        .render(t=texts(lang), lang=lang, **_start_parts(source, lang, choice))
    )
    return HTMLResponse(keep_version(html, request.query_params.get("version")))


@router.get("/goal", response_class=HTMLResponse)
def goal_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None, at: AtParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    store = source.store
    day = balance_date(at or None)
    node = node_of_class(store, iri, GG.Goal, "goal")
    goal = goal_detail(store, node, lang, today=day)
    owned = cached_ownership(source, lang)
    owners = owned.refs(owned.owners_of(node))
    panel = edit_panel(request, source, node, lang)
    return render(
        request,
        "goal.html",
        lang,
        goal=goal,
        owners=owners,
        panel=panel,
        at=_other_day(day),
        day=day,
    )


@router.get("/project", response_class=HTMLResponse)
def project_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None, at: AtParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    store = source.store
    day = balance_date(at or None)
    node = node_of_class(store, iri, GG.Project, "project")
    project = project_detail(store, node, lang, today=day)
    owned = cached_ownership(source, lang)
    owners = owned.refs(owned.owners_of(node))
    panel = edit_panel(request, source, node, lang)
    return render(
        request,
        "project.html",
        lang,
        project=project,
        owners=owners,
        rt=REPORT_TEXTS.of(lang),
        panel=panel,
        statuses=status_history(store, node, lang),
        at=_other_day(day),
        day=day,
    )


def _other_day(day: date) -> date | None:
    """The page's date when it is not today (the page then says which it is)."""
    return day if day != date.today() else None


@router.get("/node", response_class=HTMLResponse)
def node_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    found = resolve(source.store, iri)
    node = node_detail(source.store, found, lang)
    panel = edit_panel(request, source, found, lang)
    return render(request, "node.html", lang, node=node, panel=panel)


def _default_focus(source: Source, lang: str) -> URIRef | None:
    tree = cached_skeleton(source, lang)
    roots = [g for branch in tree.sdg for g in branch.goals] + tree.unlinked
    return URIRef(roots[0].iri) if roots else None


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    request: Request,
    source: Source,
    node: Annotated[str | None, Query()] = None,
    depth: Annotated[int, Query(ge=1)] = 2,
    lang: LangParam = None,
    view: Annotated[str | None, Query(pattern="^(chain|network)$")] = None,
    hubs: Annotated[bool, Query()] = False,
    party: Annotated[str | None, Query()] = None,
    # The other pages name their node iri=: a link written after theirs works here too.
    iri: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    lang = page_lang(request, lang)
    if node and iri and node != iri:
        raise QueryError(
            f"the graph page has two focus nodes, node={node} and iri={iri}; give one of them"
        )
    node = node or iri
    settings = request.app.state.settings
    depth = min(depth, settings.graph_max_depth)
    focus = URIRef(node) if node else _default_focus(source, lang)
    owned = cached_ownership(source, lang)
    chosen_party = owned.party(party)
    context: dict[str, Any] = {
        "node_text": node or (str(focus) if focus else ""),
        "depth": depth,
        "max_depth": settings.graph_max_depth,
        "view": None,
        "error": None,
        "base": "",
        "hubs": hubs,
        "parties": owned.parties if len(owned.parties) > 1 else [],
        "party": party or "",
        "mode": view,
    }
    if focus is not None:
        # Imported here: the graph view's renderer (pyvis) pulls in IPython, a second of
        # start-up that the other pages and the API need not wait for.
        from goalgraph.views.chainview import CHAIN_KINDS, build_chain, chain_kind
        from goalgraph.views.graphview import build_view, issues_by_node

        store = source.store
        try:
            resolved = resolve(store, str(focus)) if node is None else resolve(store, node)
            mode = view or (
                "chain" if chain_kind(store, resolved).key in CHAIN_KINDS else "network"
            )
            context["mode"] = mode

            def issues(nodes: Sequence[URIRef]) -> dict[URIRef, list[Issue]]:
                return issues_by_node(source.issues_near(nodes, lang))

            if mode == "chain":
                mine = owned.owned_by(chosen_party) if chosen_party is not None else None
                context["view"] = build_chain(
                    store,
                    resolved,
                    lang=lang,
                    cap=settings.graph_max_nodes,
                    hubs=hubs,
                    keep=mine.__contains__ if mine is not None else None,
                    issues=issues,
                )
            else:
                context["view"] = build_view(
                    store,
                    resolved,
                    depth=depth,
                    cap=settings.graph_max_nodes,
                    lang=lang,
                    issues=issues,
                )
        except UnknownNodeError as exc:
            # A mistyped focus is shown next to the form so the user can correct it.
            context["error"] = str(exc)
    return render(request, "graph.html", lang, status=404 if context["error"] else 200, **context)


@router.get("/query", response_class=HTMLResponse)
def query_page(request: Request, lang: LangParam = None) -> HTMLResponse:
    lang = page_lang(request, lang)
    queries = sorted(named_queries().values(), key=lambda q: q.title_in(lang))
    return render(request, "query.html", lang, queries=queries, initial=_EXAMPLE_QUERY)


def _node_param(text: str | None) -> URIRef | None:
    """A scope given as an IRI in the address (empty: none)."""
    text = (text or "").strip()
    return URIRef(text) if text else None


def cached_ownership(source: Source, lang: str) -> Ownership:
    """Who owns what, once per language and write."""
    return source.remember(("ownership", lang), lambda: ownership(source.store, lang))


def ownership_ready(source: Source, lang: str) -> bool:
    """Whether :func:`cached_ownership` answers at once."""
    return source.remembered(("ownership", lang))


def cached_party_rows(source: Source, lang: str) -> tuple[list[PartyRow], list[Ref]]:
    """The report's parties table, once per language and write: the same at every date."""
    return source.remember(
        ("party-rows", lang),
        lambda: party_rows(source.store, cached_ownership(source, lang), lang),
    )


def cached_report_page(
    source: Source,
    lang: str,
    graph: URIRef | None = None,
    portfolio: URIRef | None = None,
    party: URIRef | None = None,
) -> ReportPage:
    """The report page of a scope, worked out once per write."""

    def compute() -> ReportPage:
        generation = source.generation
        owned = cached_ownership(source, lang)
        page = report_page(
            source.store,
            lang,
            owned,
            graph=graph,
            portfolio=portfolio,
            party=party,
            parties=None if party is not None else cached_party_rows(source, lang),
        )
        if graph is None:
            # The report's balance covers the whole model (portfolio and party scopes leave
            # it whole): it is /api/effects' answer too.
            keep_balance(source, page.report.effects, generation)
        return page

    return source.remember(("report-page", lang, graph, portfolio, party), compute)


@router.get("/report", response_class=HTMLResponse)
def report_page_route(
    request: Request,
    source: Source,
    lang: LangParam = None,
    graph: Annotated[str | None, Query()] = None,
    portfolio: Annotated[str | None, Query()] = None,
    party: Annotated[str | None, Query()] = None,
    at: AtParam = None,
) -> HTMLResponse:
    lang = page_lang(request, lang)
    store = source.store
    # A cleared date field sends at= empty: today.
    day = balance_date(at or None)
    owned = cached_ownership(source, lang)
    scope = (_node_param(graph), _node_param(portfolio), owned.party(party))
    if party and scope[2] is None:
        raise UnknownNodeError(f"the model has no party <{party}>")
    if scope[0] is not None and scope[0] not in set(store.graph_names()):
        raise UnknownNodeError(f"the store has no graph <{scope[0]}>; choose one on /report")
    if day == date.today():
        built = cached_report_page(source, lang, *scope)
    else:
        graph_node, portfolio_node, party_node = scope
        # Another date is remembered until the next write, the last few of them only, so
        # that requests for many dates cannot fill the memory.
        built = source.remember_recent(
            ("report-page", lang, *scope, day),
            partial(
                report_page,
                store,
                lang,
                owned,
                graph=graph_node,
                portfolio=portfolio_node,
                party=party_node,
                today=day,
                parties=None if party_node is not None else cached_party_rows(source, lang),
                balance_model=kept_balance_model(source, lang),
            ),
            group="dated-report-pages",
            keep=DATED_REPORT_PAGES,
        )
    names = {c.value: c.label for c in [*built.graphs, *built.portfolios, *built.parties]}
    scope_text = " · ".join(names.get(str(s), str(s)) for s in scope if s is not None)
    if scope[1] is not None:
        scope_text += " — " + texts(lang)["scope_portfolio_note"]
    report_texts = REPORT_TEXTS.of(lang)
    return render(
        request,
        "report.html",
        lang,
        page=built,
        rt=report_texts,
        chosen={"graph": graph or "", "portfolio": portfolio or "", "party": party or ""},
        scope_text=scope_text,
        kind_label=lambda kind: kind_label(kind, lang),
        uncovered_reason=lambda goal: uncovered_reason(goal, lang),
    )


@router.get("/resource")
def resource_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None
) -> RedirectResponse:
    """The page of any node: a goal's or a project's own page, else the node page (the
    query page links result IRIs here)."""
    lang = page_lang(request, lang)
    node = resolve(source.store, iri)
    kind = kinds_of(source.store, [node])[node]
    return RedirectResponse(f"{page_path(kind.key, node)}&lang={lang}", status_code=303)
