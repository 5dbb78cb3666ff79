"""The editor's pages: signing in and out, the form of a node (new or existing), and the
editing panel on the pages of nodes (edit link, new nodes that hang on it, history)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from goalgraph.editing.nodes import NodeState, home_graph, node_state
from goalgraph.editing.saving import Editor
from goalgraph.editing.schema import DESCRIPTION, Field, FieldKind, FormClass, forms
from goalgraph.errors import UnknownNodeError
from goalgraph.iri import expand
from goalgraph.labels import short_name
from goalgraph.store.base import Store, Triple
from goalgraph.views.lookup import describe
from goalgraph.web.deps import Source
from goalgraph.web.editors import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    check_csrf,
    directory,
    session_of,
    sessions,
    set_cookie,
    signed_in,
)
from goalgraph.web.routes.pages import page_lang, render

router = APIRouter(include_in_schema=False)

LangParam = Annotated[str | None, Query()]


def _next(target: str | None) -> str:
    """A path on this server to go on to (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/signin", response_class=HTMLResponse)
def signin_page(
    request: Request,
    lang: LangParam = None,
    next: Annotated[str | None, Query()] = None,
) -> Response:
    lang = page_lang(request, lang)
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "signin.html",
        lang,
        next_path=_next(next),
        csrf=token,
        enabled=directory(request).enabled,
        failed=False,
    )
    set_cookie(request, response, SIGNIN_COOKIE, token, max_age=3600)
    return response


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request,
    name: Annotated[str, Form(max_length=200)],
    token: Annotated[str, Form(max_length=1000)],
    csrf: Annotated[str, Form(max_length=200)],
    next_path: Annotated[str, Form(alias="next", max_length=2000)] = "/",
    lang: Annotated[str, Form(max_length=5)] = "nb",
) -> Response:
    lang = page_lang(request, lang)
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf.encode()):
        return render(
            request,
            "signin.html",
            lang,
            status=403,
            next_path=_next(next_path),
            csrf=expected,
            enabled=True,
            failed=False,
            stale=True,
        )
    editor = directory(request).by_name(name.strip(), token.strip())
    if editor is None:
        fresh = secrets.token_urlsafe(32)
        response = render(
            request,
            "signin.html",
            lang,
            status=401,
            next_path=_next(next_path),
            csrf=fresh,
            enabled=True,
            failed=True,
            name=name,
        )
        set_cookie(request, response, SIGNIN_COOKIE, fresh, max_age=3600)
        return response
    sid, _ = sessions(request).start(editor.name)
    target = _next(next_path)
    redirect = RedirectResponse(target, status_code=303)
    set_cookie(request, redirect, SESSION_COOKIE, sid)
    redirect.delete_cookie(SIGNIN_COOKIE, path="/")
    return redirect


@router.post("/signout")
def signout(
    request: Request,
    csrf: Annotated[str, Form(max_length=200)],
    lang: Annotated[str, Form(max_length=5)] = "nb",
) -> Response:
    session = session_of(request)
    if session is not None:
        check_csrf(request, session, csrf)
        sessions(request).end(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse(f"/?lang={page_lang(request, lang)}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# ---------------------------------------------------------------------------------------
# The form of a node
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueView:
    """A value of a field: a node (its IRI, label and page) or a literal's text."""

    text: str
    iri: str | None = None
    page: str | None = None
    lang: str | None = None


@dataclass
class FieldView:
    """A field of the form with the node's values in it."""

    spec: Field
    name: str
    help: str
    values: list[ValueView] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    selected: set[str] = field(default_factory=set)
    #: The editable class a new target can be made of (an expected effect of a project).
    new_class: FormClass | None = None

    @property
    def targets(self) -> str:
        return " ".join(str(t) for t in self.spec.targets)

    @property
    def input_type(self) -> str:
        return {FieldKind.NUMBER: "text", FieldKind.DATE: "date"}.get(self.spec.kind, "text")


@dataclass
class FormView:
    """The form page of a node: what the template and editor.js need."""

    form: FormClass
    graph: str
    node: str | None
    version: str
    labels: dict[str, str]
    descriptions: dict[str, str]
    fields: list[FieldView]
    classes: list[FormClass]
    graphs: list[tuple[str, str]]
    kept: list[tuple[str, str]]
    page: str
    from_node: str = ""
    via: str = ""


def _sentence(text: str) -> str:
    """A label as a heading: its first letter in upper case (the ontology's are lower)."""
    return text[:1].upper() + text[1:]


def _literal_text(value: Literal) -> str:
    return str(value)


def _form_view(
    store: Store,
    editor: Editor,
    form: FormClass,
    state: NodeState,
    lang: str,
    *,
    preset: dict[URIRef, list[URIRef]] | None = None,
) -> FormView:
    all_forms = forms()
    triples: list[Triple] = list(state.triples)
    for link, targets in (preset or {}).items():
        triples.extend((state.node, link, t) for t in targets)
    linked = [o for _, _, o in triples if isinstance(o, URIRef)]
    described = describe(store, [state.node, *linked], lang)
    labels: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    shown = {RDF.type, RDFS.label, SKOS.prefLabel, DESCRIPTION}
    for _, prop, value in triples:
        if prop in (RDFS.label, SKOS.prefLabel) and isinstance(value, Literal):
            labels.setdefault(value.language or "", str(value))
        elif prop == DESCRIPTION and isinstance(value, Literal):
            descriptions.setdefault(value.language or "", str(value))
    views = []
    for item in form.fields:
        shown.add(item.iri)
        view = FieldView(item, _sentence(item.name(lang)), item.help_text(lang))
        for _, prop, value in triples:
            if prop != item.iri or isinstance(value, BNode):
                continue
            if isinstance(value, URIRef):
                view.selected.add(str(value))
                view.values.append(
                    ValueView(
                        described.label(value),
                        str(value),
                        described.ref(value).page,
                        described.texts.label_langs.get(value),
                    )
                )
            elif item.kind is FieldKind.TEXT and isinstance(value, Literal):
                view.texts.setdefault(value.language or "", str(value))
            elif isinstance(value, Literal):
                view.values.append(ValueView(_literal_text(value)))
        creatable = [all_forms.get(t) for t in item.targets if all_forms.get(t) is not None]
        if item.kind is FieldKind.LINK and creatable and not item.sdg:
            view.new_class = creatable[0]
        views.append(view)
    kept = [
        (short_name(prop), str(value) if not isinstance(value, BNode) else "[…]")
        for _, prop, value in state.triples
        if prop not in shown
    ]
    graph_names = [(str(g), short_name(g)) for g in sorted(editor.graphs, key=str)]
    page = described.ref(state.node).page if state.exists else "/"
    return FormView(
        form=form,
        graph=str(state.graph),
        node=str(state.node) if state.exists else None,
        version=state.version if state.exists else "",
        labels=labels,
        descriptions=descriptions,
        fields=views,
        classes=list(all_forms.classes),
        graphs=graph_names,
        kept=kept,
        page=page,
    )


def _require_signed(request: Request, lang: str) -> tuple[Editor, str] | Response:
    found = signed_in(request)
    if found is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?lang={lang}&next={quote(path, safe='')}", status_code=303)
    editor, session = found
    return editor, session.csrf


@router.get("/edit", response_class=HTMLResponse)
def edit_page(
    request: Request, source: Source, iri: Annotated[str, Query()], lang: LangParam = None
) -> Response:
    lang = page_lang(request, lang)
    signed = _require_signed(request, lang)
    if isinstance(signed, Response):
        return signed
    editor, csrf = signed
    store = source.store
    node = expand(iri, store)
    graph = home_graph(store, node)
    if graph is None:
        raise UnknownNodeError(f"<{node}> is not a node of any graph")
    editor.check(graph)
    state = node_state(store, graph, node)
    form = forms().for_types(state.types())
    if form is None:
        raise UnknownNodeError(f"<{node}> is of no class the editor has a form for")
    view = _form_view(store, editor, form, state, lang)
    return render(request, "edit.html", lang, view=view, csrf=csrf, new=False)


@router.get("/edit/new", response_class=HTMLResponse)
def new_page(
    request: Request,
    source: Source,
    type: Annotated[str | None, Query()] = None,
    graph: Annotated[str | None, Query()] = None,
    link: Annotated[list[str] | None, Query()] = None,
    from_node: Annotated[str | None, Query(alias="from")] = None,
    via: Annotated[str | None, Query()] = None,
    lang: LangParam = None,
) -> Response:
    """The form of a new node; ``link=PROPERTY TARGET`` presets a link (a strategy realising
    the goal it was made from), ``from``/``via`` link the node it was made from to it."""
    lang = page_lang(request, lang)
    signed = _require_signed(request, lang)
    if isinstance(signed, Response):
        return signed
    editor, csrf = signed
    store = source.store
    all_forms = forms()
    form = all_forms.get(expand(type, store)) if type else None
    form = form or all_forms.classes[0]
    chosen = expand(graph, store) if graph else min(editor.graphs, key=str)
    editor.check(chosen)
    preset: dict[URIRef, list[URIRef]] = {}
    for item in link or []:
        prop_text, _, target_text = item.partition(" ")
        prop, target = expand(prop_text, store), expand(target_text, store)
        if form.field_for(prop) is not None:
            preset.setdefault(prop, []).append(target)
    state = NodeState(URIRef("urn:goalgraph:new-node"), chosen, ())
    view = _form_view(store, editor, form, state, lang, preset=preset)
    if from_node and via:
        view.from_node, view.via = str(expand(from_node, store)), str(expand(via, store))
    return render(request, "edit.html", lang, view=view, csrf=csrf, new=True)
