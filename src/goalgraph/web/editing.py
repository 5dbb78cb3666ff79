"""The editor over HTTP: saves through the write gate as the only writer, live checks of
drafts on the graph's cached content, and a node read out the way the API takes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from goalgraph.editing.drafts import DraftCheck, check_draft
from goalgraph.editing.history import ChangeRecord
from goalgraph.editing.nodes import (
    Link,
    NodeInput,
    NodeState,
    home_graph,
    incoming,
    node_state,
)
from goalgraph.editing.saving import Editing, Editor, Saved, find_graph
from goalgraph.editing.schema import DESCRIPTION, Forms, forms
from goalgraph.namespace import PREFIXES
from goalgraph.store.base import Store
from goalgraph.validation.context import GraphContext, graph_context
from goalgraph.validation.gate import Gate
from goalgraph.validation.report import ValidationReport
from goalgraph.views.lookup import labels
from goalgraph.web.deps import StoreSource
from goalgraph.web.settings import Settings
from goalgraph.web.writes import gated_write


def _editing(source: StoreSource, settings: Settings, editor: Editor, gate: Gate) -> Editing:
    return Editing(source.store, gate, editor, forms(), max_literal=settings.max_literal_length)


def create_node(
    source: StoreSource, settings: Settings, editor: Editor, given: NodeInput, lang: str
) -> Saved:
    return gated_write(
        source, settings, lang, lambda gate: _editing(source, settings, editor, gate).create(given)
    )


def update_node(
    source: StoreSource,
    settings: Settings,
    editor: Editor,
    node: URIRef,
    given: NodeInput,
    if_match: str | None,
    lang: str,
) -> Saved:
    return gated_write(
        source,
        settings,
        lang,
        lambda gate: _editing(source, settings, editor, gate).update(node, given, if_match),
    )


def delete_node(
    source: StoreSource,
    settings: Settings,
    editor: Editor,
    node: URIRef,
    if_match: str | None,
    lang: str,
) -> Saved:
    return gated_write(
        source,
        settings,
        lang,
        lambda gate: _editing(source, settings, editor, gate).delete(node, if_match),
    )


def restore_node(
    source: StoreSource,
    settings: Settings,
    editor: Editor,
    node: URIRef,
    change: URIRef,
    lang: str,
) -> Saved:
    return gated_write(
        source,
        settings,
        lang,
        lambda gate: _editing(source, settings, editor, gate).restore(node, change),
    )


def history_of(source: StoreSource, editor: Editor, node: URIRef) -> list[ChangeRecord]:
    """The change records of ``node``, for an editor of its graph."""
    gate = Gate(source.store, shacl=False)
    return Editing(source.store, gate, editor, forms()).history(node)


def _base(source: StoreSource, graph: URIRef) -> GraphContext:
    """The graph's content and context as they are now, read once per write."""
    return source.remember(("editor-base", graph), lambda: graph_context(source.store, graph))


def _before(source: StoreSource, graph: URIRef, lang: str) -> ValidationReport:
    """The graph's report as it is now: the one the write gate starts from, made here when no
    write or view has made it yet (and kept for the next save)."""
    generation = source.generation
    known = source.graph_reports(lang).get(graph)
    if known is not None:
        return known
    # The SHACL engine is imported by the first check: the web app starts without it.
    from goalgraph.validation.store import validate_context

    report = validate_context(_base(source, graph), lang=lang)
    source.keep_reports(generation, lang, {graph: report})
    return report


def check_node(
    source: StoreSource,
    settings: Settings,
    editor: Editor,
    node: URIRef | None,
    given: NodeInput,
    lang: str,
) -> DraftCheck:
    """What saving ``given`` (a new node when ``node`` is None) would meet, without saving."""
    store = source.store
    editing = Editing(
        store, Gate(store, shacl=False), editor, forms(), max_literal=settings.max_literal_length
    )
    if node is None:
        change = editing.plan_create(given)
    else:
        change, _ = editing.plan_update(node, given)
    with source.validating():
        before = _before(source, change.graph, lang)
        return check_draft(store, change, _base(source, change.graph), before, lang=lang)


# ---------------------------------------------------------------------------------------
# A node as the API gives it
# ---------------------------------------------------------------------------------------


def curie(iri: URIRef) -> str:
    """``iri`` as a CURIE with one of goalgraph's prefixes, else the IRI itself."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text


def json_value(value: Literal) -> str | dict[str, str]:
    """A literal as the API takes it: plain text, or a JSON-LD value object."""
    if value.language:
        return {"@value": str(value), "@language": value.language}
    if value.datatype is not None and value.datatype != XSD.string:
        return {"@value": str(value), "@type": curie(value.datatype)}
    return str(value)


@dataclass(frozen=True)
class NodeView:
    """A node as an editor reads it: its statements by kind, its version, what links to it
    (with the linking nodes' labels and the properties' names)."""

    state: NodeState
    form_class: URIRef | None
    links: list[Link]
    names: dict[URIRef, str]

    def to_json(self) -> dict[str, Any]:
        labels: dict[str, str] = {}
        link_values: dict[str, list[str]] = {}
        values: dict[str, list[Any]] = {}
        kept: list[str] = []
        for _, prop, value in self.state.triples:
            if prop == RDF.type or not isinstance(prop, URIRef):
                continue
            if prop in (RDFS.label, SKOS.prefLabel) and isinstance(value, Literal):
                labels.setdefault(value.language or "", str(value))
            elif isinstance(value, URIRef):
                link_values.setdefault(curie(prop), []).append(str(value))
            elif isinstance(value, Literal):
                values.setdefault(curie(prop), []).append(json_value(value))
            elif isinstance(value, BNode):
                kept.append(curie(prop))
        return {
            "iri": str(self.state.node),
            "graph": str(self.state.graph),
            "type": curie(self.form_class) if self.form_class is not None else None,
            "types": [curie(t) for t in self.state.types()],
            "version": self.state.version,
            "labels": labels,
            "links": link_values,
            "values": values,
            "kept": sorted(set(kept)),
            "incoming": [
                {
                    "graph": str(link.graph),
                    "subject": str(link.subject),
                    "subject_label": self.names.get(link.subject, str(link.subject)),
                    "property": curie(link.property),
                    "property_label": self.names.get(link.property, curie(link.property)),
                    "same_graph": link.graph == self.state.graph,
                }
                for link in self.links
            ],
            "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
        }


def read_node(
    store: Store, node: URIRef, lang: str = "nb", all_forms: Forms | None = None
) -> NodeView | None:
    """``node`` as its graph describes it, or None when no data graph types it."""
    graph = home_graph(store, node)
    if graph is None:
        return None
    all_forms = all_forms or forms()
    state = node_state(store, graph, node)
    form = all_forms.for_types(state.types())
    links = incoming(store, node)
    names: dict[URIRef, str] = dict(labels(store, [link.subject for link in links], lang))
    for cls in all_forms.classes:
        for item in cls.fields:
            names.setdefault(item.iri, item.name(lang))
    return NodeView(state, form.iri if form is not None else None, links, names)


def editable_graph(store: Store, editor: Editor, node: URIRef) -> URIRef:
    """The node's graph, when ``editor`` may change it (else EditNotAllowed or
    UnknownNodeError)."""
    return find_graph(store, editor, node)


__all__ = [
    "DESCRIPTION",
    "NodeView",
    "check_node",
    "create_node",
    "curie",
    "delete_node",
    "editable_graph",
    "history_of",
    "read_node",
    "restore_node",
    "update_node",
]
