"""A node as the editor reads and changes it: its statements in its graph, its version, the
change a form or an API call asks for, and the IRI a new node gets.

A change is planned here as the triples it removes and adds in one graph; whether it is kept
is decided by the write gate (goalgraph.validation.gate) and it is written, with its change
record, by goalgraph.editing.saving.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from goalgraph.editing.schema import DESCRIPTION, LABEL, FieldKind, FormClass, Forms
from goalgraph.errors import GoalgraphError, UnknownNodeError
from goalgraph.iri import exists, expand
from goalgraph.sparql.library import ask, select
from goalgraph.store import PREFIX_GRAPH, VOCABULARY_GRAPH, Store, is_history_graph
from goalgraph.store.base import Term, Triple

#: A language tag the editor accepts (BCP 47, simplified).
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: Value objects as JSON-LD writes them.
JsonValue = str | int | float | bool | dict[str, Any]


class EditError(GoalgraphError):
    """The request asks for something the editor cannot do with the node (answered with 400):
    an unknown class or property, a value of the wrong kind, a link that is not an IRI."""


class NodeConflict(GoalgraphError):
    """The node changed since the client read it, or others' graphs link to a node that is
    to be deleted (answered with 409)."""


@dataclass(frozen=True)
class NodeInput:
    """What a form or an API call gives for a node (every part optional for a change):
    its graph and class, labels by language, links by property, literal values by property.

    Property keys are IRIs or CURIEs; an empty list (or label) removes the property's values.
    """

    graph: str | None = None
    type: str | None = None
    labels: Mapping[str, str | None] | None = None
    links: Mapping[str, Sequence[str]] | None = None
    values: Mapping[str, Sequence[JsonValue]] | None = None


@dataclass(frozen=True)
class NodeState:
    """A node's statements in its graph, and the version they make."""

    node: URIRef
    graph: URIRef
    triples: tuple[Triple, ...]

    @property
    def exists(self) -> bool:
        return bool(self.triples)

    @property
    def version(self) -> str:
        return version_of(self.triples)

    def types(self) -> list[URIRef]:
        return [o for _, p, o in self.triples if p == RDF.type and isinstance(o, URIRef)]


@dataclass
class PlannedChange:
    """What a change does to one graph: the triples it removes and adds, the node it is
    about, and the node's subjects whose blank-node values go with a deletion."""

    graph: URIRef
    node: URIRef
    removed: list[Triple] = field(default_factory=list)
    added: list[Triple] = field(default_factory=list)
    drop_blank_values: bool = False

    @property
    def empty(self) -> bool:
        return not self.removed and not self.added and not self.drop_blank_values


def nt_term(term: Term) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def nt_line(triple: Triple) -> str:
    return " ".join(nt_term(t) for t in triple) + " ."


def version_of(triples: Iterable[Triple]) -> str:
    """A short digest of a node's statements: equal statements, equal version. Blank nodes
    count as blank nodes only (their labels change from read to read)."""
    lines = sorted(
        " ".join("_:" if isinstance(t, BNode) else nt_term(t) for t in triple) for triple in triples
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def home_graph(store: Store, node: URIRef) -> URIRef | None:
    """The data graph that types ``node`` (the first by IRI when several do), or None."""
    for (graph,) in select(store, "editor-home", {"node": node}):
        if isinstance(graph, URIRef) and not _reserved(graph):
            return graph
    return None


def home_graphs(store: Store, node: URIRef) -> list[URIRef]:
    """Every data graph that types ``node``."""
    rows = select(store, "editor-home", {"node": node})
    return [g for (g,) in rows if isinstance(g, URIRef) and not _reserved(g)]


def _reserved(graph: URIRef) -> bool:
    return graph in (VOCABULARY_GRAPH, PREFIX_GRAPH) or is_history_graph(graph)


def node_state(store: Store, graph: URIRef, node: URIRef) -> NodeState:
    """The statements ``graph`` makes about ``node``."""
    rows = select(store, "editor-node", {"node": node, "graph": graph})
    triples = tuple((node, p, o) for p, o in rows if isinstance(p, URIRef) and o is not None)
    return NodeState(node, graph, triples)


@dataclass(frozen=True)
class Link:
    """A statement linking to a node: from where, by which property, in which graph."""

    graph: URIRef
    subject: URIRef
    property: URIRef


def incoming(store: Store, node: URIRef) -> list[Link]:
    """The links into ``node`` from the data graphs (what hangs on it)."""
    rows = select(store, "editor-incoming", {"node": node})
    return [
        Link(g, s, p)
        for g, s, p in rows
        if isinstance(g, URIRef)
        and isinstance(s, URIRef)
        and isinstance(p, URIRef)
        and not _reserved(g)
    ]


# ---------------------------------------------------------------------------------------
# Reading what a form or an API call gives
# ---------------------------------------------------------------------------------------


def _iri(store: Store, text: str, what: str) -> URIRef:
    try:
        return expand(str(text), store)
    except UnknownNodeError as exc:
        raise EditError(f"{what}: {exc}") from exc


def form_of(forms: Forms, store: Store, text: str) -> FormClass:
    """The form of the class ``text`` names; EditError for a class the editor has no form
    for."""
    cls = _iri(store, text, "type")
    found = forms.get(cls)
    if found is None:
        names = ", ".join(c.key for c in forms.classes)
        raise EditError(f"type: the editor makes no nodes of <{cls}>; it makes: {names}")
    return found


def _language(tag: str, where: str) -> str:
    if not _LANGUAGE.match(tag):
        raise EditError(f"{where}: '{tag}' is not a language tag (nb, en, …)")
    return tag


def _decimal(value: JsonValue, where: str) -> Literal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise EditError(f"{where}: give a number, not {value!r}")
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise EditError(f"{where}: '{value}' is not a number") from exc
    if not number.is_finite():
        raise EditError(f"{where}: '{value}' is not a finite number")
    # The canonical form (no leading or trailing zeros), as the stores give decimals back.
    text = "0" if number.is_zero() else format(number.normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def _date(value: JsonValue, where: str) -> Literal:
    try:
        return Literal(date.fromisoformat(str(value).strip()).isoformat(), datatype=XSD.date)
    except ValueError as exc:
        raise EditError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from exc


def _literal(store: Store, kind: FieldKind | None, value: JsonValue, where: str) -> Literal:
    """A JSON value (a scalar, or a JSON-LD value object with @value and @language or @type)
    as the literal a field of ``kind`` takes (None: any literal)."""
    language: str | None = None
    datatype: URIRef | None = None
    if isinstance(value, dict):
        unknown = set(value) - {"@value", "@language", "@type"}
        if "@value" not in value or unknown:
            raise EditError(f"{where}: a value object has '@value' and '@language' or '@type'")
        if "@language" in value:
            language = _language(str(value["@language"]), where)
        if "@type" in value:
            datatype = _iri(store, str(value["@type"]), where)
        value = value["@value"]
        if isinstance(value, dict):
            raise EditError(f"{where}: '@value' holds a value, not an object")
    if kind is FieldKind.NUMBER:
        return _decimal(value, where)
    if kind is FieldKind.DATE:
        return _date(value, where)
    if kind is FieldKind.TEXT:
        if language is None:
            raise EditError(
                f"{where}: give the text with its language, e.g. "
                '{"@value": "prosent", "@language": "nb"}'
            )
        return Literal(str(value), lang=language)
    if isinstance(value, bool):
        return Literal(value)
    if language is not None:
        return Literal(str(value), lang=language)
    if datatype is not None:
        return Literal(str(value), datatype=datatype)
    if isinstance(value, (int, float)):
        return _decimal(value, where)
    return Literal(str(value))


@dataclass(frozen=True)
class Wanted:
    """The statements a request asks for, property by property: None for a property it does
    not mention (kept as it is)."""

    types: list[URIRef] | None
    #: label language → the new label (None: remove it)
    labels: dict[str, Literal | None]
    #: property → the new values; for text properties, only the languages named change
    values: dict[URIRef, list[Term]]
    #: text properties: property → the languages given (their old values go)
    by_language: dict[URIRef, set[str]]


def read_input(
    forms: Forms, store: Store, given: NodeInput, form: FormClass, *, max_literal: int
) -> Wanted:
    """What ``given`` asks of a node of ``form``; EditError naming the field at fault."""
    wanted = Wanted(None, {}, {}, {})
    if given.type is not None:
        wanted = Wanted([form.iri], {}, {}, {})
    for lang, text in (given.labels or {}).items():
        _language(lang, "labels")
        if text is not None and len(text) > max_literal:
            raise EditError(f"labels.{lang}: the label is longer than {max_literal} characters")
        label = (text or "").strip()
        wanted.labels[lang] = Literal(label, lang=lang) if label else None
    for key, targets in (given.links or {}).items():
        prop = _iri(store, key, "links")
        item = form.field_for(prop)
        if item is None or item.kind not in (FieldKind.LINK, FieldKind.CHOICE):
            raise EditError(_unknown_field(form, prop, "links"))
        if isinstance(targets, str):
            raise EditError(f"links.{key}: give a list of IRIs")
        found = [_iri(store, t, f"links.{key}") for t in targets]
        if item.single and len(found) > 1:
            raise EditError(f"links.{key}: {item.name('en')} takes one value, not {len(found)}")
        wanted.values[prop] = list(dict.fromkeys(found))
    for key, items in (given.values or {}).items():
        prop = _iri(store, key, "values")
        if prop == LABEL:
            raise EditError("values: give labels under 'labels', by language")
        item = form.field_for(prop)
        text_property = prop == DESCRIPTION or (item is not None and item.kind is FieldKind.TEXT)
        if prop != DESCRIPTION and (
            item is None or item.kind in (FieldKind.LINK, FieldKind.CHOICE)
        ):
            raise EditError(_unknown_field(form, prop, "values"))
        if isinstance(items, (str, dict)) or not isinstance(items, Sequence):
            raise EditError(f"values.{key}: give a list of values")
        kind = FieldKind.TEXT if text_property else (item.kind if item is not None else None)
        literals = [_literal(store, kind, v, f"values.{key}") for v in items]
        for literal in literals:
            if len(str(literal)) > max_literal:
                raise EditError(f"values.{key}: a value is longer than {max_literal} characters")
        literals = [lit for lit in literals if str(lit).strip() or kind is not FieldKind.TEXT]
        if item is not None and item.single and len(literals) > 1:
            raise EditError(f"values.{key}: {item.name('en')} takes one value, not {len(literals)}")
        if text_property:
            languages = {lit.language for lit in literals if lit.language}
            given_languages = {
                str(v["@language"]) for v in items if isinstance(v, dict) and "@language" in v
            }
            wanted.by_language[prop] = languages | given_languages
        wanted.values[prop] = list(dict.fromkeys(literals))
    return wanted


def _unknown_field(form: FormClass, prop: URIRef, where: str) -> str:
    kinds = (FieldKind.LINK, FieldKind.CHOICE) if where == "links" else None
    fields = [
        f.key
        for f in form.fields
        if (kinds is None) != (f.kind in (FieldKind.LINK, FieldKind.CHOICE))
    ]
    if where == "values":
        fields.append("description")
    return (
        f"{where}: a {form.name('en')} has no {where[:-1]} field <{prop}>; its {where[:-1]} "
        f"fields: {', '.join(sorted(fields)) or 'none'}"
    )


def planned_triples(state: NodeState, wanted: Wanted, forms: Forms) -> list[Triple]:
    """The node's statements after the change ``wanted`` asks for, from ``state``."""
    node = state.node
    kept: list[Triple] = []
    label_props = {LABEL, SKOS.prefLabel}
    uses_pref = any(p == SKOS.prefLabel for _, p, _ in state.triples)
    for triple in state.triples:
        _, prop, value = triple
        if prop == RDF.type and wanted.types is not None and value in forms.by_iri:
            continue
        if (
            prop in label_props
            and isinstance(value, Literal)
            and (value.language or "") in wanted.labels
        ):
            continue
        if isinstance(prop, URIRef) and prop in wanted.values and not isinstance(value, BNode):
            languages = wanted.by_language.get(prop)
            if languages is None:
                continue
            if isinstance(value, Literal) and value.language in languages:
                continue
        kept.append(triple)
    added: list[Triple] = []
    for cls in wanted.types or ():
        added.append((node, RDF.type, cls))
    for label in wanted.labels.values():
        if label is not None:
            added.append((node, LABEL, label))
            if uses_pref:
                added.append((node, SKOS.prefLabel, label))
    for prop, values in wanted.values.items():
        added.extend((node, prop, value) for value in values)
    return list(dict.fromkeys([*kept, *added]))


def difference(state: NodeState, after: Sequence[Triple], graph: URIRef) -> PlannedChange:
    """The change from ``state`` to the statements ``after``."""
    before = set(state.triples)
    now = set(after)
    return PlannedChange(
        graph,
        state.node,
        removed=[t for t in state.triples if t not in now],
        added=[t for t in after if t not in before],
    )


def plan_delete(state: NodeState, links: Sequence[Link]) -> PlannedChange:
    """Removing the node's statements and the links to it in its own graph; NodeConflict
    when other graphs link to it (their editors would be left with links to nothing)."""
    elsewhere = [link for link in links if link.graph != state.graph]
    if elsewhere:
        shown = ", ".join(f"<{link.subject}> in <{link.graph}>" for link in elsewhere[:5])
        raise NodeConflict(
            f"<{state.node}> cannot be deleted: {len(elsewhere)} links from other graphs point "
            f"at it ({shown}); their editors must remove them first"
        )
    own = [(link.subject, link.property, state.node) for link in links if link.graph == state.graph]
    return PlannedChange(
        state.graph,
        state.node,
        removed=[*state.triples, *[t for t in own if t not in state.triples]],
        drop_blank_values=any(isinstance(o, BNode) for _, _, o in state.triples),
    )


# ---------------------------------------------------------------------------------------
# Minting IRIs
# ---------------------------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "ß": "ss"})
#: The longest local name minted from a label, in characters (whole words are kept).
SLUG_LENGTH = 48


def slug(text: str, length: int = SLUG_LENGTH) -> str:
    """``text`` as a readable local name: lower case ASCII words joined by hyphens, cut at a
    word boundary (Norwegian letters spelt out: æ → ae, ø → o, å → a)."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD).lower())
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w]
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > length:
            break
        kept.append(word[:length])
    return "-".join(kept)


def graph_namespace(store: Store, graph: URIRef) -> str:
    """Where new nodes of ``graph`` are named: the namespace most of its typed nodes share
    (up to the last / or #), else the graph's IRI followed by /."""
    spaces: Counter[str] = Counter()
    for (node,) in select(store, "editor-namespaces", {"graph": graph}):
        text = str(node)
        cut = max(text.rfind("/"), text.rfind("#"))
        if cut > text.find("://") + 2:
            spaces[text[: cut + 1]] += 1
    if spaces:
        return min(spaces.items(), key=lambda item: (-item[1], item[0]))[0]
    text = str(graph)
    return text if text.endswith(("/", "#")) else text + "/"


def mint(store: Store, namespace: str, base: str) -> URIRef:
    """A new IRI in ``namespace`` from ``base`` (a slug), unique in the store and in every
    history graph: ``base``, else ``base-2``, ``base-3``, …"""
    base = base or "node"
    for n in range(1, 10_000):
        candidate = URIRef(f"{namespace}{base}" if n == 1 else f"{namespace}{base}-{n}")
        if not used(store, candidate):
            return candidate
    raise EditError(f"no free IRI for '{base}' in {namespace}")


def used(store: Store, node: URIRef) -> bool:
    """Whether ``node`` is in the store or was ever changed in the editor."""
    if exists(store, node):
        return True
    return ask(store, "editor-history-mentions", {"node": as_text(node)})


def as_text(node: URIRef) -> Literal:
    """The node's IRI as the xsd:anyURI literal change records name it by."""
    return Literal(str(node), datatype=XSD.anyURI)


def mint_base(form: FormClass, wanted: Wanted) -> str:
    """The slug a new node is named by: its label (bokmål first), else its class with the
    node it links to and its date (an observation of an indicator at a date)."""
    for lang in ("nb", "en", *sorted(wanted.labels)):
        label = wanted.labels.get(lang)
        if label is not None and slug(str(label)):
            return slug(str(label))
    parts = [slug(form.key)]
    for item in form.fields:
        values = wanted.values.get(item.iri) or []
        if item.kind is FieldKind.LINK and values and not item.general:
            parts.insert(0, slug(str(values[0]).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]))
        if item.kind is FieldKind.DATE and values and not item.general:
            parts.append(str(values[0]))
    return slug("-".join(p for p in parts if p), length=SLUG_LENGTH * 2)


__all__ = [
    "EditError",
    "Link",
    "NodeConflict",
    "NodeInput",
    "NodeState",
    "PlannedChange",
    "Wanted",
    "difference",
    "form_of",
    "graph_namespace",
    "home_graph",
    "incoming",
    "mint",
    "mint_base",
    "node_state",
    "nt_line",
    "plan_delete",
    "planned_triples",
    "read_input",
    "slug",
    "version_of",
]
