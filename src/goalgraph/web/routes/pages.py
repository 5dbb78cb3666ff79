"""The browser pages: goal tree, goal and project pages, the graph view and the SPARQL page."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from rdflib import URIRef

from goalgraph.errors import UnknownNodeError
from goalgraph.iri import resolve
from goalgraph.labels import LANGUAGES
from goalgraph.namespace import GG
from goalgraph.sparql.library import named_queries
from goalgraph.views.cycles import status_history
from goalgraph.views.details import goal_detail, node_detail, project_detail

# Pages and the API read one plan version of the store (?version=, goalgraph.versions).
from goalgraph.web.deps import ModelSource as Source
from goalgraph.web.i18n import other_language, texts
from goalgraph.web.routes.api import node_of_class
from goalgraph.web.templating import environment
from goalgraph.web.treepage import cached_page, cached_skeleton

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

LangParam = Annotated[str | None, Query()]
IriParam = Annotated[str, Query()]

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


def switch_url(request: Request, lang: str) -> str:
    """The same page in ``lang``, as a path relative to this server."""
    url = request.url.include_query_params(lang=lang)
    return f"{url.path}?{url.query}"


def render(
    request: Request, template: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render a page with the texts of ``lang`` and a link to the same page in the other one."""
    other = other_language(lang)
    html = (
        environment()
        .get_template(template)
        .render(
            t=texts(lang),
            lang=lang,
            other_lang=other,
            lang_url=switch_url(request, other),
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


@router.get("/", response_class=HTMLResponse)
def start_page(
    request: Request,
    source: Source,
    lang: LangParam = None,
    sdg: Annotated[str | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    lang = page_lang(request, lang)
    shown = cached_page(source, lang, sdg, page)
    return render(request, "start.html", lang, shown=shown, triples=len(source))


@router.get("/goal", response_class=HTMLResponse)
def goal_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    store = source.store
    goal = goal_detail(store, node_of_class(store, iri, GG.Goal, "goal"), lang)
    return render(request, "goal.html", lang, goal=goal)


@router.get("/project", response_class=HTMLResponse)
def project_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    store = source.store
    node = node_of_class(store, iri, GG.Project, "project")
    project = project_detail(store, node, lang)
    return render(
        request, "project.html", lang, project=project, statuses=status_history(store, node, lang)
    )


@router.get("/node", response_class=HTMLResponse)
def node_page(
    request: Request, source: Source, iri: IriParam, lang: LangParam = None
) -> HTMLResponse:
    lang = page_lang(request, lang)
    node = node_detail(source.store, resolve(source.store, iri), lang)
    return render(request, "node.html", lang, node=node)


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
) -> HTMLResponse:
    lang = page_lang(request, lang)
    settings = request.app.state.settings
    depth = min(depth, settings.graph_max_depth)
    focus = URIRef(node) if node else _default_focus(source, lang)
    context: dict[str, Any] = {
        "node_text": node or (str(focus) if focus else ""),
        "depth": depth,
        "max_depth": settings.graph_max_depth,
        "view": None,
        "error": None,
        "base": "",
    }
    if focus is not None:
        # Imported here: the graph view's renderer (pyvis) pulls in IPython, a second of
        # start-up that the other pages and the API need not wait for.
        from goalgraph.views.graphview import build_view, issues_by_node

        store = source.store
        try:
            resolved = resolve(store, str(focus)) if node is None else resolve(store, node)
            context["view"] = build_view(
                store,
                resolved,
                depth=depth,
                cap=settings.graph_max_nodes,
                lang=lang,
                issues=lambda nodes: issues_by_node(source.issues_near(nodes, lang)),
            )
        except UnknownNodeError as exc:
            # A mistyped focus is shown next to the form so the user can correct it.
            context["error"] = str(exc)
    return render(request, "graph.html", lang, status=404 if context["error"] else 200, **context)


@router.get("/query", response_class=HTMLResponse)
def query_page(request: Request, lang: LangParam = None) -> HTMLResponse:
    lang = page_lang(request, lang)
    queries = sorted(named_queries().values(), key=lambda q: q.title)
    return render(request, "query.html", lang, queries=queries, initial=_EXAMPLE_QUERY)
