"""Batch look-ups of what pages show about nodes: labels, descriptions, notations, kinds, and
references to their pages; one query for many nodes, never one per node."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS
from rdflib.term import Node

from goalgraph.labels import LANGUAGES, short_name
from goalgraph.sparql.library import select
from goalgraph.store.base import Store
from goalgraph.views.classes import OTHER, NodeKind, kinds_of

#: The label properties in the order goalgraph.labels.label tries them.
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, FOAF.name)


@dataclass(frozen=True)
class Ref:
    """A node named in the user's language, with the path of its page."""

    iri: str
    label: str
    page: str


@dataclass(frozen=True)
class SdgRef:
    """An SDG goal or target a local goal takes up; ``lang`` is the language of its label
    (the UN's texts are often in English only)."""

    iri: str
    code: str
    label: str
    lang: str | None = None


def page_path(kind: str, iri: Node) -> str:
    """The page of a node: goals and projects have their own, anything else the node page."""
    section = {"main-goal": "goal", "sub-goal": "goal", "goal": "goal", "project": "project"}
    return f"/{section.get(kind, 'node')}?iri={quote(str(iri), safe='')}"


#: The pages that can be read at a date (``?at=YYYY-MM-DD``): their status and balance.
_DATED_PAGES = ("/goal?", "/project?", "/report?")


def at_suffix(day: date | None) -> str:
    """What a link adds to read its page at ``day`` ("&at=YYYY-MM-DD"); nothing for today."""
    return "" if day is None or day == date.today() else f"&at={day.isoformat()}"


def dated_path(path: str, day: date | None) -> str:
    """``path`` read at ``day``: a goal, project or report page at another day than today
    carries the date, so that following links from a page at a date stays at that date."""
    suffix = at_suffix(day)
    if not suffix or not (path == "/report" or path.startswith(_DATED_PAGES)):
        return path
    return path + suffix if "?" in path else f"{path}?{suffix[1:]}"


def _rank(value: Literal, lang: str) -> int:
    if value.language == lang:
        return 0
    return 1 if value.language in LANGUAGES else 2


def pick_label(values: Iterable[tuple[URIRef, Literal]], lang: str) -> str | None:
    """The label goalgraph.labels.label chooses among a node's (property, label) pairs: in
    ``lang``, else in the other supported language, else any; the label properties in their
    order, and in that the first by text (so that every engine gives the same one)."""
    picked = pick_label_lang(values, lang)
    return picked[0] if picked else None


def pick_label_lang(
    values: Iterable[tuple[URIRef, Literal]], lang: str
) -> tuple[str, str | None] | None:
    """:func:`pick_label`'s label with its language tag (None when untagged)."""
    ranked = sorted(
        (_rank(v, lang), LABEL_PROPERTIES.index(p), str(v), v.language or "")
        for p, v in values
        if p in LABEL_PROPERTIES
    )
    return (ranked[0][2], ranked[0][3] or None) if ranked else None


def pick_text(values: Iterable[Literal], lang: str) -> str | None:
    """A description in ``lang``, else in any language (the first by text)."""
    texts = sorted(values, key=lambda v: (v.language != lang, str(v)))
    return str(texts[0]) if texts else None


@dataclass(frozen=True)
class Texts:
    """The labels, descriptions and notations of some nodes, as one query found them."""

    lang: str
    labels: Mapping[URIRef, str]
    descriptions: Mapping[URIRef, str]
    notations: Mapping[URIRef, str]
    #: The language of each label (None: untagged).
    label_langs: Mapping[URIRef, str | None] = field(default_factory=dict)

    def label(self, node: URIRef) -> str:
        """The node's label (a short name when it has none)."""
        found = self.labels.get(node)
        return found if found is not None else short_name(node)

    def description(self, node: URIRef) -> str | None:
        return self.descriptions.get(node)

    def notation(self, node: URIRef) -> str:
        """The node's notation (an SDG code), or an empty string."""
        return self.notations.get(node, "")


def texts(store: Store, nodes: Iterable[URIRef], lang: str, *, names_only: bool = False) -> Texts:
    """The label, description and notation of each of ``nodes`` in ``lang``, in one query
    (only the labels with ``names_only``)."""
    wanted = list(dict.fromkeys(n for n in nodes if isinstance(n, URIRef)))
    labels: dict[URIRef, list[tuple[URIRef, Literal]]] = defaultdict(list)
    descriptions: dict[URIRef, list[Literal]] = defaultdict(list)
    notations: dict[URIRef, list[str]] = defaultdict(list)
    if wanted:
        query = "node-labels" if names_only else "node-texts"
        for node, prop, value in select(store, query, {"node": wanted}):
            if not isinstance(node, URIRef) or not isinstance(value, Literal):
                continue
            if prop == DCTERMS.description:
                descriptions[node].append(value)
            elif prop == SKOS.notation:
                notations[node].append(str(value))
            elif isinstance(prop, URIRef):
                labels[node].append((prop, value))
    picked = {node: pick_label_lang(values, lang) for node, values in labels.items()}
    return Texts(
        lang=lang,
        labels={node: found[0] for node, found in picked.items() if found is not None},
        label_langs={node: found[1] for node, found in picked.items() if found is not None},
        descriptions={
            node: text
            for node, values in descriptions.items()
            if (text := pick_text(values, lang)) is not None
        },
        notations={node: min(values) for node, values in notations.items()},
    )


def labels(store: Store, nodes: Iterable[URIRef], lang: str) -> dict[URIRef, str]:
    """The label of each of ``nodes`` in ``lang`` (a short name for a node without one)."""
    wanted = list(dict.fromkeys(nodes))
    found = texts(store, wanted, lang, names_only=True)
    return {node: found.label(node) for node in wanted}


@dataclass(frozen=True)
class Described:
    """Texts and kinds of some nodes: what references to their pages are made from."""

    texts: Texts
    kinds: Mapping[URIRef, NodeKind]

    def label(self, node: URIRef) -> str:
        return self.texts.label(node)

    def kind(self, node: URIRef) -> NodeKind:
        return self.kinds.get(node, OTHER)

    def ref(self, node: URIRef) -> Ref:
        """A reference to the node's page."""
        return Ref(str(node), self.label(node), page_path(self.kind(node).key, node))

    def refs(self, nodes: Iterable[URIRef]) -> list[Ref]:
        """References to the nodes' pages, ordered by label."""
        return sorted((self.ref(n) for n in dict.fromkeys(nodes)), key=lambda r: (r.label, r.iri))

    def sdg(self, node: URIRef) -> SdgRef:
        """The node as an SDG item: its code and label."""
        return SdgRef(
            iri=str(node),
            code=self.texts.notation(node),
            label=self.label(node),
            lang=self.texts.label_langs.get(node),
        )


def describe(store: Store, nodes: Iterable[URIRef], lang: str) -> Described:
    """The texts and kinds of ``nodes``: two queries, however many nodes."""
    wanted = list(dict.fromkeys(n for n in nodes if isinstance(n, URIRef)))
    return Described(texts(store, wanted, lang), kinds_of(store, wanted))
