"""The editing panel on the pages of nodes for a signed-in editor of the node's graph: the
link to its form, the forms of new nodes that hang on it, and its history with undo."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from goalgraph.editing.history import ChangeRecord
from goalgraph.editing.nodes import home_graph, node_state
from goalgraph.editing.schema import DESCRIPTION, forms
from goalgraph.labels import short_name
from goalgraph.store.base import Store
from goalgraph.views.lookup import describe
from goalgraph.web.deps import StoreSource
from goalgraph.web.editing import history_of
from goalgraph.web.editors import signed_in
from goalgraph.web.i18n import texts


@dataclass(frozen=True)
class NewLink:
    """A link to the form of a new node that hangs on the page's node."""

    text: str
    url: str


@dataclass(frozen=True)
class Change:
    """One property's values before and after a change, in words."""

    property: str
    removed: list[str]
    added: list[str]


@dataclass(frozen=True)
class HistoryView:
    """A saved change as the page shows it."""

    record: str
    at: str
    by: str
    changes: list[Change]


@dataclass(frozen=True)
class EditPanel:
    """What a signed-in editor of the node's graph sees on its page."""

    node: str
    edit_url: str
    new_links: list[NewLink]
    history: list[HistoryView]
    csrf: str


def _describe_changes(store: Store, records: list[ChangeRecord], lang: str) -> list[HistoryView]:
    nodes = {t for r in records for triple in (*r.added, *r.removed) for t in triple}
    named = describe(store, [n for n in nodes if isinstance(n, URIRef)], lang)
    names: dict[URIRef, str] = {}
    for form in forms().classes:
        for item in form.fields:
            names[item.iri] = item.name(lang)
    names[RDFS.label] = texts(lang)["edit_label"]
    names[DESCRIPTION] = texts(lang)["edit_description"]
    names[RDF.type] = texts(lang)["kind"]

    def said(value: object) -> str:
        if isinstance(value, URIRef):
            return named.label(value)
        if isinstance(value, Literal) and value.language:
            return f"{value} ({value.language})"
        return str(value)

    found = []
    for record in records:
        by_property: dict[tuple[str, str], Change] = {}
        for triple in (*record.removed, *record.added):
            subject, prop, _ = triple
            key = (str(subject), str(prop))
            title = names.get(prop, short_name(prop))  # type: ignore[arg-type]
            if subject != record.node:
                title = f"{named.label(subject)} → {title}"  # type: ignore[arg-type]
            by_property.setdefault(key, Change(title, [], []))
        for subject, prop, value in record.removed:
            by_property[(str(subject), str(prop))].removed.append(said(value))
        for subject, prop, value in record.added:
            by_property[(str(subject), str(prop))].added.append(said(value))
        found.append(
            HistoryView(
                str(record.change),
                record.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                record.by,
                list(by_property.values()),
            )
        )
    return found


def edit_panel(request: Request, source: StoreSource, node: URIRef, lang: str) -> EditPanel | None:
    """The editing panel for ``node``'s page, or None when the browser is not signed in as an
    editor of the node's graph."""
    found = signed_in(request)
    if found is None:
        return None
    editor, session = found
    store = source.store
    graph = home_graph(store, node)
    if graph is None or not editor.may_edit(graph):
        return None
    all_forms = forms()
    state = node_state(store, graph, node)
    form = all_forms.for_types(state.types())
    t = texts(lang)
    new_links = []
    if form is not None:
        hanging = [(o, f) for o, f in all_forms.incoming(form) if o.rank < 99 and not f.general]
        offered = {c.iri for c in all_forms.principal(o for o, _ in hanging)}
        for other, item in hanging:
            if other.iri not in offered:
                continue
            offered.discard(other.iri)
            link = quote(f"{item.iri} {node}", safe="")
            new_links.append(
                NewLink(
                    t["edit_new_linked"].format(kind=other.name(lang), link=item.name(lang)),
                    f"/edit/new?type={quote(str(other.iri), safe='')}&graph="
                    f"{quote(str(graph), safe='')}&link={link}&lang={lang}",
                )
            )
    records = history_of(source, editor, node)
    return EditPanel(
        node=str(node),
        edit_url=f"/edit?iri={quote(str(node), safe='')}&lang={lang}",
        new_links=new_links,
        history=_describe_changes(store, records, lang),
        csrf=session.csrf,
    )


def start_links(request: Request, lang: str) -> list[NewLink]:
    """The "new …" links of the start page for a signed-in editor: the goal chain's classes
    in the editor's first graph."""
    found = signed_in(request)
    if found is None:
        return []
    editor, _ = found
    graph = min(editor.graphs, key=str) if editor.graphs else None
    if graph is None:
        return []
    t = texts(lang)
    all_forms = forms()
    return [
        NewLink(
            t["edit_new"].format(kind=c.name(lang)),
            f"/edit/new?type={quote(str(c.iri), safe='')}&graph={quote(str(graph), safe='')}"
            f"&lang={lang}",
        )
        for c in all_forms.principal(c for c in all_forms.classes if c.rank < 5)
    ]


__all__ = ["EditPanel", "NewLink", "edit_panel", "start_links"]
