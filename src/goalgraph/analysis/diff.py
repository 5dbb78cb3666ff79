"""What changed between two versions of a model: nodes added, removed and changed, with each
changed property's old and new values, and the same told in words a planner reads.

Each side is read through the Store protocol (``Store.triples`` of its data graphs, and the
named query ``node-texts`` for the vocabulary's labels). A node is an IRI that is the subject
of a triple. Blank-node records (expected effects, status reports, financing items written
as ``[ … ]``) are compared as part of the node that owns them: the IRI subject pointing at
them, or, for a record that nothing points at (a target value written as
``[] gg:indicator ex:i``), the nodes it points at, read backwards (``inverse``). Literals
compare by value: ``"15"^^xsd:decimal`` equals ``"15.0"^^xsd:decimal`` and ``15``, a
language tag compares without case, ``"x"`` equals ``"x"^^xsd:string``.

Two views of one store (two graphs, two plan versions) are not read whole: the store finds
the nodes whose triples differ, and only those and their neighbours are read
(``read_sides``), which keeps a diff of national portfolios linear in the triples.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from goalgraph.errors import GoalgraphError
from goalgraph.labels import short_name
from goalgraph.language import format_date, format_number, format_quarter
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.store.base import PREFIX_GRAPH, Store, Term

logger = logging.getLogger(__name__)

_VOCABULARY = URIRef("https://w3id.org/goalgraph")
_LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name)


# --------------------------------------------------------------------------------------------
# Values compared by value
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A blank-node record read as a value of the node that owns it: its properties and their
    values (nested records included), in a stable order."""

    values: tuple[tuple[URIRef, tuple[Value, ...]], ...]

    @property
    def key(self) -> tuple[Any, ...]:
        return ("record", frozenset((p, value_key(v)) for p, vs in self.values for v in vs))

    def get(self, prop: URIRef) -> tuple[Value, ...]:
        return next((vs for p, vs in self.values if p == prop), ())


Value = URIRef | Literal | Record

_NUMERIC = frozenset(
    XSD[name]
    for name in [
        "decimal",
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "float",
        "double",
    ]
)


def literal_key(value: Literal) -> tuple[Any, ...]:
    """What a literal is compared by: numbers by value, booleans, dates and times by what
    they stand for, a language tag without case, anything else by datatype and text."""
    lexical = str(value)
    if value.language:
        return ("text", lexical, value.language.lower())
    datatype = value.datatype
    if datatype is None or datatype == XSD.string:
        return ("text", lexical, "")
    stripped = lexical.strip()
    if datatype in _NUMERIC:
        try:
            number = Decimal(stripped)
        except InvalidOperation:
            return ("typed", str(datatype), lexical)
        return ("number", "NaN") if number.is_nan() else ("number", number)
    if datatype == XSD.boolean and stripped in ("true", "false", "1", "0"):
        return ("boolean", stripped in ("true", "1"))
    if datatype == XSD.date:
        try:
            return ("date", date.fromisoformat(stripped[:10]), stripped[10:])
        except ValueError:
            return ("typed", str(datatype), lexical)
    if datatype == XSD.dateTime:
        try:
            return ("dateTime", datetime.fromisoformat(stripped.replace("Z", "+00:00")))
        except ValueError:
            return ("typed", str(datatype), lexical)
    return ("typed", str(datatype), lexical)


def value_key(value: Value) -> tuple[Any, ...]:
    """What a value is compared by (see literal_key; records by their content)."""
    if isinstance(value, Record):
        return value.key
    if isinstance(value, Literal):
        return literal_key(value)
    return ("iri", str(value))


def _sort_key(value: Value) -> tuple[str, str]:
    if isinstance(value, Record):
        return ("2", repr(sorted(map(repr, value.key[1]))))
    return ("1" if isinstance(value, Literal) else "0", str(value))


# --------------------------------------------------------------------------------------------
# One side of a diff
# --------------------------------------------------------------------------------------------

#: A property of a node: the predicate and whether it is read backwards (records pointing at
#: the node).
PropertyKey = tuple[URIRef, bool]


@dataclass
class Side:
    """What one version says: for every node, its properties and their values by key."""

    name: str
    nodes: dict[URIRef, dict[PropertyKey, dict[tuple[Any, ...], Value]]] = field(
        default_factory=dict
    )
    #: Nodes that are the subject of at least one triple of their own.
    present: set[URIRef] = field(default_factory=set)
    #: Records that nothing points at and that point at no node.
    loose: dict[tuple[Any, ...], Record] = field(default_factory=dict)

    def values(self, node: URIRef, prop: URIRef, inverse: bool = False) -> list[Value]:
        return list(self.nodes.get(node, {}).get((prop, inverse), {}).values())

    def first(self, node: URIRef, prop: URIRef) -> Value | None:
        found = sorted(self.values(node, prop), key=_sort_key)
        return found[0] if found else None


def data_graphs_of(store: Store) -> list[URIRef]:
    """The graphs a side reads: every graph of the store (or view) but the vocabulary's and
    the recorded prefixes'."""
    return [info.iri for info in store.graphs() if info.iri not in (_VOCABULARY, PREFIX_GRAPH)]


def read_side(store: Store, name: str, graphs: Sequence[URIRef] | None = None) -> Side:
    """One side of a diff: the triples of ``graphs`` (default: the store's data graphs)."""
    triples: list[tuple[Term, Term, Term]] = []
    for graph in graphs if graphs is not None else data_graphs_of(store):
        triples.extend(store.triples(graph))
    return side_of(triples, name)


#: How many nodes one look-up names (a VALUES block of this many IRIs).
_CHUNK = 5000


@dataclass(frozen=True)
class _Footing:
    """What a side reads: the store below any view, and the graphs of it in view."""

    store: Store
    graphs: tuple[URIRef, ...]


def _footing(store: Store, graphs: Sequence[URIRef] | None) -> _Footing:
    from goalgraph.store.scope import GraphScope, GraphSetScope

    if isinstance(store, GraphScope):
        below: Store = store.store
        shown: Sequence[URIRef] = [store.graph]
    elif isinstance(store, GraphSetScope):
        below, shown = store.store, store.members
    else:
        below, shown = store, data_graphs_of(store)
    return _Footing(below, tuple(graphs if graphs is not None else shown))


def _chunks(nodes: Iterable[URIRef]) -> Iterator[list[URIRef]]:
    ordered = sorted(nodes, key=str)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _described(footing: _Footing, nodes: Iterable[URIRef]) -> list[tuple[Term, Term, Term]]:
    from goalgraph.store.oxigraph import OxigraphStore

    if isinstance(footing.store, OxigraphStore):
        # Index look-ups: a VALUES block and a free predicate is a scan of the store.
        return [
            t for t in footing.store.linked(nodes, footing.graphs) if not isinstance(t[2], BNode)
        ]
    found: list[tuple[Term, Term, Term]] = []
    for chunk in _chunks(nodes):
        rows = select(footing.store, "diff-nodes", {"node": chunk}, default_graph=footing.graphs)
        found.extend((s, p, o) for s, p, o in rows if s is not None and p and o is not None)
    return found


def _referrers(footing: _Footing, nodes: Iterable[URIRef]) -> set[URIRef]:
    from goalgraph.store.oxigraph import OxigraphStore

    if isinstance(footing.store, OxigraphStore):
        triples = footing.store.linked(nodes, footing.graphs, incoming=True)
        return {s for s, _, _ in triples if isinstance(s, URIRef)}
    found: set[URIRef] = set()
    for chunk in _chunks(nodes):
        rows = select(
            footing.store, "diff-referrers", {"node": chunk}, default_graph=footing.graphs
        )
        found.update(s for (s,) in rows if isinstance(s, URIRef))
    return found


def _owners(records: Sequence[tuple[Term, Term, Term]]) -> set[URIRef]:
    """The IRIs whose records the blank-node triples hold: what points at a record, and what a
    record that nothing points at points at."""
    pointed = {o for _, _, o in records if isinstance(o, BNode)}
    owners = {s for s, _, o in records if isinstance(s, URIRef) and isinstance(o, BNode)}
    owners.update(
        o
        for s, p, o in records
        if isinstance(s, BNode) and s not in pointed and isinstance(o, URIRef) and p != RDF.type
    )
    return owners


def read_sides(
    old: Store,
    new: Store,
    old_name: str,
    new_name: str,
    old_graphs: Sequence[URIRef] | None = None,
    new_graphs: Sequence[URIRef] | None = None,
) -> tuple[Side, Side]:
    """Both sides of a diff. When both are views of one store (two graphs, two plan
    versions), only what differs is read: the store finds the subjects of the triples one
    side has and the other lacks (diff-subjects), and the sides hold those nodes, the records,
    and around them the nodes they link to and that link to them (for names and kinds), all
    of which are the same on both sides. Otherwise each side is read whole."""
    before, after = _footing(old, old_graphs), _footing(new, new_graphs)
    if before.store is not after.store:
        return read_side(old, old_name, old_graphs), read_side(new, new_name, new_graphs)
    store = before.store
    differing = select(
        store, "diff-subjects", {"old": list(before.graphs), "new": list(after.graphs)}
    )
    candidates = {s for (s,) in differing if isinstance(s, URIRef)}
    records = []
    for footing in (before, after):
        rows = select(store, "diff-records", default_graph=footing.graphs)
        found = [(s, p, o) for s, p, o in rows if s is not None and p and o is not None]
        candidates |= _owners(found)
        records.append(found)
    described = [_described(footing, candidates) for footing in (before, after)]
    # A node without a label is named after a node linking to it ("expected effect of P").
    labelled = {s for triples in described for s, p, _ in triples if p in _LABELS}
    around: set[URIRef] = set()
    for footing, triples, held in zip((before, after), described, records, strict=True):
        around |= _referrers(footing, candidates - labelled)
        around.update(o for _, _, o in (*triples, *held) if isinstance(o, URIRef))
    around -= candidates
    sides = []
    for footing, name, triples, held in zip(
        (before, after), (old_name, new_name), described, records, strict=True
    ):
        sides.append(side_of([*triples, *_described(footing, around), *held], name))
    logger.debug("diff: %d nodes differ, %d read around them", len(candidates), len(around))
    return sides[0], sides[1]


def side_of(triples: Iterable[tuple[Term, Term, Term]], name: str) -> Side:
    """One side of a diff from plain triples (see the module for how records are owned)."""
    outgoing: dict[Term, list[tuple[URIRef, Term]]] = defaultdict(list)
    pointed_at: set[BNode] = set()
    for s, p, o in dict.fromkeys(triples):
        if not isinstance(p, URIRef) or isinstance(s, Literal):
            continue
        outgoing[s].append((p, o))
        if isinstance(o, BNode):
            pointed_at.add(o)
    side = Side(name)
    records: dict[BNode, Record] = {}

    def record(node: BNode, path: frozenset[BNode]) -> Record:
        if node in records:
            return records[node]
        grouped: dict[URIRef, list[Value]] = defaultdict(list)
        for p, o in outgoing.get(node, ()):
            if isinstance(o, BNode):
                # A cycle of blank nodes is cut where it closes.
                if o in path:
                    continue
                grouped[p].append(record(o, path | {o}))
            else:
                grouped[p].append(o)
        found = Record(
            tuple(
                (p, tuple(sorted(vs, key=_sort_key)))
                for p, vs in sorted(grouped.items(), key=lambda item: str(item[0]))
            )
        )
        records[node] = found
        return found

    def add(node: URIRef, key: PropertyKey, value: Value) -> None:
        side.nodes.setdefault(node, {}).setdefault(key, {})[value_key(value)] = value

    for subject, pairs in outgoing.items():
        if isinstance(subject, URIRef):
            side.present.add(subject)
            for p, o in pairs:
                value = record(o, frozenset({o})) if isinstance(o, BNode) else o
                add(subject, (p, False), value)
        elif isinstance(subject, BNode) and subject not in pointed_at:
            found = record(subject, frozenset({subject}))
            owners = {o for p, o in pairs if isinstance(o, URIRef) and p != RDF.type}
            for p, o in pairs:
                if isinstance(o, URIRef) and p != RDF.type:
                    add(o, (p, True), found)
            if not owners:
                side.loose[found.key] = found
    return side


# --------------------------------------------------------------------------------------------
# The diff
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PropertyChange:
    """One property of a node whose values differ: the old values and the new ones."""

    property: URIRef
    old: tuple[Value, ...]
    new: tuple[Value, ...]
    inverse: bool = False

    def gone(self) -> tuple[Value, ...]:
        """The old values that the new version no longer has."""
        kept = {value_key(v) for v in self.new}
        return tuple(v for v in self.old if value_key(v) not in kept)

    def came(self) -> tuple[Value, ...]:
        """The new values that the old version did not have."""
        had = {value_key(v) for v in self.old}
        return tuple(v for v in self.new if value_key(v) not in had)

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "property": str(self.property),
            "old": [json_value(v) for v in self.old],
            "new": [json_value(v) for v in self.new],
        }
        if self.inverse:
            found["inverse"] = True
        return found


@dataclass(frozen=True)
class NodeEntry:
    """A node added or removed, with its label and classes."""

    node: URIRef
    label: str
    types: tuple[URIRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {"node": str(self.node), "label": self.label, "types": [str(t) for t in self.types]}


@dataclass(frozen=True)
class ChangedNode:
    """A node in both versions whose properties differ."""

    node: URIRef
    label: str
    types: tuple[URIRef, ...]
    changes: tuple[PropertyChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "node": str(self.node),
            "label": self.label,
            "types": [str(t) for t in self.types],
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True)
class Sentence:
    """One change said in words: the section it belongs to (removed, added, changed), the
    node it is about and the text."""

    section: str
    node: URIRef | None
    text: str


@dataclass(frozen=True)
class PlanDiff:
    """Two versions compared: what was added, removed and changed, and in words (``said``)."""

    old: str
    new: str
    lang: str
    added: tuple[NodeEntry, ...]
    removed: tuple[NodeEntry, ...]
    changed: tuple[ChangedNode, ...]
    said: tuple[Sentence, ...]
    #: Records that no node owns, only in the new side (added) or the old (removed).
    loose_added: tuple[Record, ...] = ()
    loose_removed: tuple[Record, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.loose_added or self.loose_removed
        )

    def to_json(self) -> dict[str, Any]:
        """``{"added": [{"node": IRI, …}], "removed": […], "changed": [{"node": IRI,
        "changes": [{"property": IRI, "old": […], "new": […]}]}]}``; values as JSON-LD
        value objects (records as node objects)."""
        return {
            "added": [e.to_json() for e in self.added]
            + [{"node": None, "record": json_value(r)} for r in self.loose_added],
            "removed": [e.to_json() for e in self.removed]
            + [{"node": None, "record": json_value(r)} for r in self.loose_removed],
            "changed": [c.to_json() for c in self.changed],
        }

    def to_text(self) -> str:
        return _render(self, markdown=False)

    def to_markdown(self) -> str:
        return _render(self, markdown=True)


def json_value(value: Value) -> dict[str, Any]:
    """A value as JSON-LD writes it: ``{"@id": IRI}``, ``{"@value": …, "@type"|"@language":
    …}``, a record as a node object of its properties."""
    if isinstance(value, Record):
        return {str(p): [json_value(v) for v in vs] for p, vs in value.values}
    if isinstance(value, Literal):
        found: dict[str, Any] = {"@value": str(value)}
        if value.language:
            found["@language"] = value.language
        elif value.datatype is not None and value.datatype != XSD.string:
            found["@type"] = str(value.datatype)
        return found
    return {"@id": str(value)}


def compare(
    old: Side, new: Side
) -> tuple[list[URIRef], list[URIRef], dict[URIRef, list[PropertyChange]]]:
    """The nodes only in ``new``, only in ``old``, and the changes of nodes in both."""
    added = sorted(new.present - old.present, key=str)
    removed = sorted(old.present - new.present, key=str)
    gone, came = set(removed), set(added)
    changed: dict[URIRef, list[PropertyChange]] = {}
    for node in sorted(set(old.nodes) | set(new.nodes), key=str):
        if node in gone or node in came:
            continue
        before, after = old.nodes.get(node, {}), new.nodes.get(node, {})
        changes = []
        for key in sorted(set(before) | set(after), key=lambda k: (k[1], str(k[0]))):
            was, now = before.get(key, {}), after.get(key, {})
            if was.keys() == now.keys():
                continue
            changes.append(
                PropertyChange(
                    key[0],
                    tuple(sorted(was.values(), key=_sort_key)),
                    tuple(sorted(now.values(), key=_sort_key)),
                    key[1],
                )
            )
        if changes:
            changed[node] = changes
    return added, removed, changed


def diff_sides(old: Side, new: Side, lang: str = "nb", vocabulary: Store | None = None) -> PlanDiff:
    """Compare two sides; ``vocabulary`` (a store holding the vocabulary) names classes,
    properties and concepts in the sentences."""
    if lang not in ("nb", "en"):
        raise GoalgraphError(f"unsupported language '{lang}'; use nb or en")
    added, removed, changed = compare(old, new)
    names = _Names(old, new, lang, vocabulary)
    entries_added = tuple(NodeEntry(n, names.label(n), names.types(n)) for n in added)
    entries_removed = tuple(NodeEntry(n, names.label(n), names.types(n)) for n in removed)
    entries_changed = tuple(
        ChangedNode(n, names.label(n), names.types(n), tuple(c)) for n, c in changed.items()
    )
    said = tuple(_Words(old, new, names, lang).sentences(added, removed, changed))
    loose_added = tuple(r for k, r in new.loose.items() if k not in old.loose)
    loose_removed = tuple(r for k, r in old.loose.items() if k not in new.loose)
    return PlanDiff(
        old.name,
        new.name,
        lang,
        entries_added,
        entries_removed,
        entries_changed,
        said,
        loose_added,
        loose_removed,
    )


def diff_stores(
    old: Store,
    new: Store,
    *,
    lang: str = "nb",
    old_name: str | None = None,
    new_name: str | None = None,
    old_graphs: Sequence[URIRef] | None = None,
    new_graphs: Sequence[URIRef] | None = None,
) -> PlanDiff:
    """Compare two models read from stores (or views of one store: two plan versions, two
    graphs); the vocabulary's names are read from ``new``."""
    old_side, new_side = read_sides(
        old, new, old_name or old.descriptor, new_name or new.descriptor, old_graphs, new_graphs
    )
    return diff_sides(old_side, new_side, lang, new)


@dataclass(frozen=True)
class DiffSide:
    """One side of a diff: a store (or a view of one) and what to call it."""

    store: Store
    name: str


def resolve_side(store: Store, text: str, *, lang: str = "nb") -> DiffSide:
    """A named graph of ``store`` (its IRI or CURIE) or one of its plan versions (name or IRI)
    as one side of a diff."""
    from goalgraph.errors import UnknownNodeError
    from goalgraph.iri import expand
    from goalgraph.store.scope import GraphScope
    from goalgraph.versions import find_version, plan_versions, version_view

    graphs = set(data_graphs_of(store))
    try:
        node: URIRef | None = expand(text, store)
    except UnknownNodeError:
        node = None
    if node is not None and node in graphs:
        return DiffSide(GraphScope(store, node), f"<{node}>")
    versions = plan_versions(store, lang)
    if not versions:
        listed = ", ".join(f"<{g}>" for g in sorted(graphs, key=str)) or "none"
        raise UnknownNodeError(
            f"'{text}' is neither a graph nor a plan version of {store.descriptor}; its "
            f"graphs: {listed}"
        )
    version = find_version(versions, text, store, store.descriptor)
    return DiffSide(version_view(store, str(version.iri), lang=lang), version.label)


# --------------------------------------------------------------------------------------------
# Names: labels of data nodes from the sides, of the vocabulary's terms from the store
# --------------------------------------------------------------------------------------------


class _Names:
    def __init__(self, old: Side, new: Side, lang: str, vocabulary: Store | None) -> None:
        self.old, self.new, self.lang = old, new, lang
        self.vocabulary = vocabulary
        self._terms: dict[URIRef, tuple[str | None, str | None]] = {}

    def _label_in(self, side: Side, node: URIRef) -> str | None:
        found = [v for prop in _LABELS for v in side.values(node, prop) if isinstance(v, Literal)]
        for wanted in (self.lang, "nb", "en", None):
            for value in found:
                if wanted is None or value.language == wanted:
                    return str(value)
        return None

    def label(self, node: URIRef, side: Side | None = None) -> str:
        """The node's label in the language: from ``side`` (default: the new, then the old),
        else from the vocabulary, else a short name."""
        sides = (side,) if side is not None else (self.new, self.old)
        for each in sides:
            found = self._label_in(each, node)
            if found is not None:
                return found
        term = self.term(node)[0]
        return term or short_name(node)

    def types(self, node: URIRef) -> tuple[URIRef, ...]:
        found = self.new.values(node, RDF.type) or self.old.values(node, RDF.type)
        return tuple(sorted((t for t in found if isinstance(t, URIRef)), key=str))

    def lookup(self, nodes: Iterable[URIRef]) -> None:
        """Read the labels and notations of vocabulary terms, many at once."""
        wanted = [n for n in dict.fromkeys(nodes) if n not in self._terms]
        for node in wanted:
            self._terms[node] = (None, None)
        if not wanted or self.vocabulary is None:
            return
        labels: dict[URIRef, list[Literal]] = defaultdict(list)
        notations: dict[URIRef, str] = {}
        for row in select(self.vocabulary, "node-texts", {"node": wanted}):
            found, prop, value = row["node"], row["property"], row["value"]
            if not isinstance(found, URIRef) or not isinstance(value, Literal):
                continue
            node = found
            if prop in _LABELS:
                labels[node].append(value)
            elif prop == SKOS.notation:
                notations.setdefault(node, str(value))
        for node in wanted:
            chosen = None
            for lang in (self.lang, "nb", "en"):
                chosen = next((str(v) for v in labels[node] if v.language == lang), None)
                if chosen:
                    break
            self._terms[node] = (chosen, notations.get(node))

    def term(self, node: URIRef) -> tuple[str | None, str | None]:
        if node not in self._terms:
            self.lookup([node])
        return self._terms[node]

    def kind(self, node: URIRef) -> str:
        """What the node is, in words: its most telling class's label ("goal", "project")."""
        types = self.types(node)
        for cls in _KIND_ORDER:
            if cls in types:
                return _KIND_WORDS[self.lang].get(cls) or (self.term(cls)[0] or short_name(cls))
        ggs = [t for t in types if str(t).startswith(str(GG))]
        if ggs:
            return (self.term(ggs[0])[0] or short_name(ggs[0])).lower()
        return _WORDS[self.lang]["node"]


#: Classes in the order they name a node's kind, and the order sentences are told in.
_KIND_ORDER = (
    GG.MainGoal,
    GG.SubGoal,
    GG.Goal,
    GG.Strategy,
    GG.Assignment,
    GG.OperatingMeasure,
    GG.InvestmentMeasure,
    GG.Measure,
    GG.Portfolio,
    GG.Programme,
    GG.Project,
    GG.Indicator,
    GG.TargetValue,
    GG.Observation,
    GG.ExpectedEffect,
    GG.StatusReport,
    GG.Financing,
    GG.FinancingSource,
    GG.Plan,
    GG.YearlyWheel,
    GG.Milestone,
    GG.PlanVersion,
)

_KIND_WORDS: dict[str, dict[URIRef, str]] = {
    "nb": {
        GG.MainGoal: "hovedmål",
        GG.SubGoal: "delmål",
        GG.Goal: "mål",
        GG.Strategy: "strategi",
        GG.Assignment: "oppdrag",
        GG.OperatingMeasure: "tiltak",
        GG.InvestmentMeasure: "tiltak",
        GG.Measure: "tiltak",
        GG.Portfolio: "portefølje",
        GG.Programme: "program",
        GG.Project: "prosjekt",
        GG.Indicator: "indikator",
        GG.TargetValue: "målverdi",
        GG.Observation: "måling",
        GG.ExpectedEffect: "forventet effekt",
        GG.StatusReport: "statusrapport",
        GG.Financing: "finansiering",
        GG.FinancingSource: "finansieringskilde",
        GG.Plan: "plan",
        GG.YearlyWheel: "årshjul",
        GG.Milestone: "milepæl",
        GG.PlanVersion: "planversjon",
    },
    "en": {
        GG.MainGoal: "main goal",
        GG.SubGoal: "sub-goal",
        GG.Goal: "goal",
        GG.Strategy: "strategy",
        GG.Assignment: "assignment",
        GG.OperatingMeasure: "measure",
        GG.InvestmentMeasure: "measure",
        GG.Measure: "measure",
        GG.Portfolio: "portfolio",
        GG.Programme: "programme",
        GG.Project: "project",
        GG.Indicator: "indicator",
        GG.TargetValue: "target value",
        GG.Observation: "observation",
        GG.ExpectedEffect: "expected effect",
        GG.StatusReport: "status report",
        GG.Financing: "financing item",
        GG.FinancingSource: "financing source",
        GG.Plan: "plan",
        GG.YearlyWheel: "yearly wheel",
        GG.Milestone: "milestone",
        GG.PlanVersion: "plan version",
    },
}

#: The texts of the sentences; {kind} is lower case, the sentence starts with a capital.
_WORDS: dict[str, dict[str, str]] = {
    "nb": {
        "node": "node",
        "added": "{kind} «{label}» er lagt til",
        "removed": "{kind} «{label}» er fjernet",
        "reworded": "{kind} «{old}» er omformulert: «{new}»",
        "reworded_other": "{kind} «{label}» er omformulert på {language}: «{new}»",
        "described": "{kind} «{label}» har fått ny beskrivelse",
        "replaced": "{kind} «{old}» er erstattet av «{new}» for {target_kind} «{target}»",
        "linked": "{kind} «{label}» er nå knyttet til {target_kind} «{target}» ({link})",
        "unlinked": "{kind} «{label}» er ikke lenger knyttet til {target_kind} «{target}» ({link})",
        "moved": "{kind} «{label}» er flyttet fra {old} til {new}",
        "phase_set": "{kind} «{label}» har fått fasen {new}",
        "raised": "{what} for «{label}» er økt med {by} (fra {old} til {new})",
        "lowered": "{what} for «{label}» er redusert med {by} (fra {old} til {new})",
        "set": "{what} for «{label}» er satt til {new}",
        "unset": "{what} for «{label}» er fjernet (var {old})",
        "budget": "Budsjettet",
        "frame": "Budsjettrammen",
        "risk_up": "Risikoen for «{label}» er økt fra {old} til {new}",
        "risk_down": "Risikoen for «{label}» er redusert fra {old} til {new}",
        "risk": "Risikoen for «{label}» er endret fra {old} til {new}",
        "target_up": "Målverdien for «{indicator}» i {year} er hevet fra {old} til {new}",
        "target_down": "Målverdien for «{indicator}» i {year} er senket fra {old} til {new}",
        "target_new": "Ny målverdi for «{indicator}» i {year}: {new}",
        "target_gone": "Målverdien for «{indicator}» i {year} ({old}) er fjernet",
        "because": "{sentence}: {reason}",
        "status_new": "Ny statusrapport for «{label}» for {period}: {lights}",
        "status_gone": "Statusrapporten for «{label}» for {period} er fjernet",
        "status_changed": "Statusrapporten for «{label}» for {period} er endret: {lights}",
        "score_changed": (
            "Skåren til «{label}» på kriteriet «{criterion}» er endret fra {old} til {new}"
        ),
        "score_new": "«{label}» er vurdert på kriteriet «{criterion}»: skår {new}",
        "score_gone": "Vurderingen av «{label}» på kriteriet «{criterion}» er fjernet (skår {old})",
        "rationale_changed": (
            "Begrunnelsen for skåren til «{label}» på kriteriet «{criterion}» er endret: «{new}»"
        ),
        "record_new": "{kind} «{label}»: ny {what}: {value}",
        "record_gone": "{kind} «{label}»: {what} fjernet: {value}",
        "record_changed": "{kind} «{label}»: {what} endret fra {old} til {new}",
        "value_changed": "{kind} «{label}»: {what} endret fra {old} til {new}",
        "value_added": "{kind} «{label}»: {what} {new} lagt til",
        "value_removed": "{kind} «{label}»: {what} {old} fjernet",
        "of": "{kind} for «{owner}»",
        "time": "tid",
        "cost": "kostnad",
        "effect": "effekt",
        "risk_light": "risiko",
        "forecast": "prognose {amount}",
        "million": "{amount} mill. kroner",
        "kroner": "{amount} kroner",
        "en": "engelsk",
        "nb": "bokmål",
        "nothing": "Ingen endringer.",
        "summary": "{added} lagt til, {removed} fjernet, {changed} endret",
        "title": "Endringer fra {old} til {new}",
        "section_removed": "Fjernet",
        "section_added": "Lagt til",
        "section_changed": "Endret",
    },
    "en": {
        "node": "node",
        "added": "{kind} “{label}” added",
        "removed": "{kind} “{label}” removed",
        "reworded": "{kind} “{old}” reworded: “{new}”",
        "reworded_other": "{kind} “{label}” reworded in {language}: “{new}”",
        "described": "{kind} “{label}” has a new description",
        "replaced": "{kind} “{old}” replaced by “{new}” for {target_kind} “{target}”",
        "linked": "{kind} “{label}” now linked to {target_kind} “{target}” ({link})",
        "unlinked": "{kind} “{label}” no longer linked to {target_kind} “{target}” ({link})",
        "moved": "{kind} “{label}” moved from {old} to {new}",
        "phase_set": "{kind} “{label}” now in phase {new}",
        "raised": "{what} of “{label}” raised by {by} (from {old} to {new})",
        "lowered": "{what} of “{label}” lowered by {by} (from {old} to {new})",
        "set": "{what} of “{label}” set to {new}",
        "unset": "{what} of “{label}” removed (was {old})",
        "budget": "Budget",
        "frame": "Budget frame",
        "risk_up": "Risk of “{label}” raised from {old} to {new}",
        "risk_down": "Risk of “{label}” lowered from {old} to {new}",
        "risk": "Risk of “{label}” changed from {old} to {new}",
        "target_up": "Target for “{indicator}” in {year} raised from {old} to {new}",
        "target_down": "Target for “{indicator}” in {year} lowered from {old} to {new}",
        "target_new": "New target for “{indicator}” in {year}: {new}",
        "target_gone": "Target for “{indicator}” in {year} ({old}) removed",
        "because": "{sentence}: {reason}",
        "status_new": "New status report for “{label}” for {period}: {lights}",
        "status_gone": "Status report for “{label}” for {period} removed",
        "status_changed": "Status report for “{label}” for {period} changed: {lights}",
        "score_changed": (
            "Score of “{label}” on criterion “{criterion}” changed from {old} to {new}"
        ),
        "score_new": "“{label}” assessed on criterion “{criterion}”: score {new}",
        "score_gone": "Assessment of “{label}” on criterion “{criterion}” removed (score {old})",
        "rationale_changed": (
            "Rationale for the score of “{label}” on criterion “{criterion}” changed: “{new}”"
        ),
        "record_new": "{kind} “{label}”: new {what}: {value}",
        "record_gone": "{kind} “{label}”: {what} removed: {value}",
        "record_changed": "{kind} “{label}”: {what} changed from {old} to {new}",
        "value_changed": "{kind} “{label}”: {what} changed from {old} to {new}",
        "value_added": "{kind} “{label}”: {what} {new} added",
        "value_removed": "{kind} “{label}”: {what} {old} removed",
        "of": "{kind} of “{owner}”",
        "time": "time",
        "cost": "cost",
        "effect": "effect",
        "risk_light": "risk",
        "forecast": "forecast {amount}",
        "million": "NOK {amount} million",
        "kroner": "NOK {amount}",
        "en": "English",
        "nb": "Norwegian",
        "nothing": "No changes.",
        "summary": "{added} added, {removed} removed, {changed} changed",
        "title": "Changes from {old} to {new}",
        "section_removed": "Removed",
        "section_added": "Added",
        "section_changed": "Changed",
    },
}

#: The links of the goal chain and of the portfolio: a change of what links to a node is said
#: from that node ("strategy S replaced by T for goal G").
_LINKS = (
    GG.realises,
    GG.concretises,
    GG.resolves,
    GG.implements,
    GG.contributesTo,
    GG.measures,
    GG.partOf,
    GG.localises,
)

#: The links where one node taking over from another for the same target is said as a
#: replacement ("strategy S replaced by T for goal G"); for membership and contribution
#: links a node leaving and another coming are two separate facts.
_REPLACING = frozenset({GG.realises, GG.concretises, GG.resolves, GG.implements, GG.measures})

_LIGHTS = (
    (GG.timeStatus, "time"),
    (GG.costStatus, "cost"),
    (GG.effectStatus, "effect"),
    (GG.riskStatus, "risk_light"),
)

_SECTIONS = ("removed", "added", "changed")


def _day(value: Value | None) -> date | None:
    if isinstance(value, Literal):
        key = literal_key(value)
        if key[0] == "date" and isinstance(key[1], date):
            return key[1]
    return None


def period_text(start: date | None, end: date | None, lang: str) -> str:
    """A reporting period in words: «1. kvartal 2016» / "Q1 2016" for a calendar quarter,
    else its first and last day."""
    if start is not None and end is not None:
        quarter = (start.month - 1) // 3
        last_month = quarter * 3 + 3
        next_day = date(end.year + (last_month == 12), last_month % 12 + 1, 1)
        if (
            start.day == 1
            and start.month == quarter * 3 + 1
            and end.year == start.year
            and end.month == last_month
            and (next_day - end).days == 1
        ):
            return format_quarter(start, lang)

    shown = [format_date(d, lang) for d in (start, end) if d is not None]
    return "–".join(shown) or "?"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Words:
    """The changes told as sentences a planner reads."""

    def __init__(self, old: Side, new: Side, names: _Names, lang: str) -> None:
        self.old, self.new, self.names, self.lang = old, new, names, lang
        self.w = _WORDS[lang]
        self._referrers: dict[URIRef, list[URIRef]] | None = None
        self._revised: dict[URIRef, URIRef] = {}

    def referrers(self) -> dict[URIRef, list[URIRef]]:
        """For every IRI, the labelled nodes linking to it (new side first), built once."""
        if self._referrers is None:
            found: dict[URIRef, list[URIRef]] = defaultdict(list)
            for side in (self.new, self.old):
                for subject, props in side.nodes.items():
                    if self.names._label_in(side, subject) is None:
                        continue
                    for (_, inverse), values in props.items():
                        if inverse:
                            continue
                        for value in values.values():
                            if isinstance(value, URIRef):
                                found[value].append(subject)
            self._referrers = found
        return self._referrers

    # -- formatting ---------------------------------------------------------------------

    def number(self, value: Decimal) -> str:
        return format_number(
            value.normalize() if value == value.to_integral() else value, self.lang
        )

    def amount(self, value: Decimal) -> str:
        if abs(value) >= 1_000_000:
            millions = (value / 1_000_000).quantize(Decimal("0.01")).normalize()
            return self.w["million"].format(amount=format_number(millions, self.lang))
        return self.w["kroner"].format(amount=format_number(value.normalize(), self.lang))

    def show(self, value: Value) -> str:
        if isinstance(value, Record):
            parts = []
            for prop, values in value.values:
                if prop == RDF.type:
                    continue
                shown = ", ".join(self.show(v) for v in values)
                parts.append(f"{self.names.term(prop)[0] or short_name(prop)}: {shown}")
            return "{" + "; ".join(parts) + "}"
        if isinstance(value, URIRef):
            label = self.names.label(value)
            return label if self.names.term(value)[0] == label else f"«{label}»"
        key = literal_key(value)
        if key[0] == "number" and isinstance(key[1], Decimal):
            return self.number(key[1])
        if key[0] == "date" and isinstance(key[1], date):
            return key[1].isoformat()
        return f"«{value}»" if self.lang == "nb" else f"“{value}”"

    def prop(self, prop: URIRef) -> str:
        return self.names.term(prop)[0] or short_name(prop)

    def kind(self, node: URIRef) -> str:
        return self.names.kind(node)

    def name(self, node: URIRef, side: Side | None = None) -> str:
        """A node's label, or for a node without one (an expected effect, a financing item)
        "expected effect of «P»" after a node that links to it."""
        for each in (side,) if side is not None else (self.new, self.old):
            if self.names._label_in(each, node) is not None:
                return self.names.label(node, each)
        owner = self._owner(node)
        if owner is not None:
            return self.w["of"].format(kind=self.kind(node), owner=self.names.label(owner))
        return self.names.label(node)

    def _owner(self, node: URIRef) -> URIRef | None:
        found = self.referrers().get(node)
        return found[0] if found else None

    # -- the sentences ------------------------------------------------------------------

    def sentences(
        self,
        added: Sequence[URIRef],
        removed: Sequence[URIRef],
        changed: Mapping[URIRef, Sequence[PropertyChange]],
    ) -> list[Sentence]:
        self.names.lookup(self._terms_in(changed))
        said: list[tuple[tuple[int, int, str], Sentence]] = []
        came, gone = set(added), set(removed)
        self._linked_from = {
            side_name: {
                value
                for subject in others
                for values in side.nodes.get(subject, {}).values()
                for value in values.values()
                if isinstance(value, URIRef)
            }
            for side_name, side, others in (("old", self.old, gone), ("new", self.new, came))
        }
        for node in came:
            revised = self.new.first(node, GG.revises)
            if isinstance(revised, URIRef):
                self._revised[revised] = node
        told: set[tuple[URIRef, URIRef]] = set()
        for sentence, consumed in self._relinks(came, gone):
            said.append((self._order(sentence), sentence))
            told.update(consumed)
        for node in removed:
            for sentence in self._removed(node, came, gone):
                said.append((self._order(sentence), sentence))
        for node in added:
            for sentence in self._added(node, came):
                said.append((self._order(sentence), sentence))
        for node, changes in changed.items():
            for change in changes:
                if (node, change.property) in told and not change.inverse:
                    continue
                for sentence in self._changed(node, change):
                    said.append((self._order(sentence), sentence))
        return [s for _, s in sorted(said, key=lambda item: item[0])]

    def _terms_in(self, changed: Mapping[URIRef, Sequence[PropertyChange]]) -> list[URIRef]:
        terms: list[URIRef] = list(_KIND_ORDER) + [p for p, _ in _LIGHTS] + list(_LINKS)
        for changes in changed.values():
            for change in changes:
                terms.append(change.property)
                for value in (*change.old, *change.new):
                    if isinstance(value, URIRef):
                        terms.append(value)
                    elif isinstance(value, Record):
                        terms.extend(p for p, _ in value.values)
                        terms.extend(
                            v for _, vs in value.values for v in vs if isinstance(v, URIRef)
                        )
        return terms

    def _order(self, sentence: Sentence) -> tuple[int, int, str]:
        section = _SECTIONS.index(sentence.section)
        types = self.names.types(sentence.node) if sentence.node is not None else ()
        rank = next((i for i, cls in enumerate(_KIND_ORDER) if cls in types), len(_KIND_ORDER))
        return (section, rank, sentence.text)

    def _say(self, section: str, node: URIRef | None, key: str, **values: str) -> Sentence:
        return Sentence(section, node, _capital(self.w[key].format(**values)))

    def _relinks(
        self, came: set[URIRef], gone: set[URIRef]
    ) -> list[tuple[Sentence, set[tuple[URIRef, URIRef]]]]:
        found = []
        for link in _LINKS:
            before = self._links(self.old, link)
            after = self._links(self.new, link)
            for target in sorted(set(before) | set(after), key=str):
                was, now = before.get(target, set()), after.get(target, set())
                lost, won = sorted(was - now, key=str), sorted(now - was, key=str)
                if not lost and not won:
                    continue
                consumed = {(s, link) for s in (*lost, *won)}
                target_kind, target_name = self.kind(target), self.names.label(target)
                if len(lost) == 1 and len(won) == 1 and link in _REPLACING:
                    sentence = self._say(
                        "changed",
                        won[0],
                        "replaced",
                        kind=self.kind(won[0]),
                        old=self.name(lost[0], self.old),
                        new=self.name(won[0], self.new),
                        target_kind=target_kind,
                        target=target_name,
                    )
                    found.append((sentence, consumed))
                    continue
                for subject in won:
                    if subject not in came:
                        found.append(
                            (
                                self._say(
                                    "changed",
                                    subject,
                                    "linked",
                                    kind=self.kind(subject),
                                    label=self.name(subject, self.new),
                                    target_kind=target_kind,
                                    target=target_name,
                                    link=self.prop(link),
                                ),
                                {(subject, link)},
                            )
                        )
                for subject in lost:
                    if subject not in gone:
                        found.append(
                            (
                                self._say(
                                    "changed",
                                    subject,
                                    "unlinked",
                                    kind=self.kind(subject),
                                    label=self.name(subject, self.old),
                                    target_kind=target_kind,
                                    target=target_name,
                                    link=self.prop(link),
                                ),
                                {(subject, link)},
                            )
                        )
        return found

    @staticmethod
    def _links(side: Side, link: URIRef) -> dict[URIRef, set[URIRef]]:
        found: dict[URIRef, set[URIRef]] = defaultdict(set)
        for subject, props in side.nodes.items():
            for value in props.get((link, False), {}).values():
                if isinstance(value, URIRef):
                    found[value].add(subject)
        return found

    def _quiet(self, node: URIRef, side: Side, which: str) -> bool:
        """A node without a label that an added (or removed) node links to: an expected
        effect or financing item told with its owner, and a plan version's own node."""
        if GG.PlanVersion in self.names.types(node):
            return True
        if self.names._label_in(side, node) is not None:
            return False
        return node in self._linked_from[which]

    def _removed(self, node: URIRef, came: set[URIRef], gone: set[URIRef]) -> list[Sentence]:
        if self._quiet(node, self.old, "old"):
            return []
        if GG.TargetValue in self.names.types(node):
            return [] if node in self._revised else [self._target_gone(node)]
        return [
            self._say(
                "removed", node, "removed", kind=self.kind(node), label=self.name(node, self.old)
            )
        ]

    def _added(self, node: URIRef, came: set[URIRef]) -> list[Sentence]:
        if self._quiet(node, self.new, "new"):
            return []
        if GG.TargetValue in self.names.types(node):
            return [self._target_added(node)]
        return [
            self._say("added", node, "added", kind=self.kind(node), label=self.name(node, self.new))
        ]

    def _target(self, node: URIRef, side: Side) -> tuple[str, str, Decimal | None]:
        indicator = side.first(node, GG.indicator)
        day = side.first(node, GG.date)
        value = side.first(node, GG.value)
        key = literal_key(day)[1] if isinstance(day, Literal) else None
        year = str(key.year) if isinstance(key, date) else "?"
        name = self.names.label(indicator) if isinstance(indicator, URIRef) else "?"
        number = literal_key(value)[1] if isinstance(value, Literal) else None
        return name, year, number if isinstance(number, Decimal) else None

    def _target_added(self, node: URIRef) -> Sentence:
        indicator, year, value = self._target(node, self.new)
        revised = self.new.first(node, GG.revises)
        reason = self._text(self.new, node, GG.revisionReason)
        if isinstance(revised, URIRef) and revised in self.old.present:
            _, old_year, old_value = self._target(revised, self.old)
            if value is not None and old_value is not None and value != old_value:
                key = "target_up" if value > old_value else "target_down"
                sentence = self.w[key].format(
                    indicator=indicator,
                    year=old_year,
                    old=self.number(old_value),
                    new=self.number(value),
                )
                if reason:
                    sentence = self.w["because"].format(sentence=sentence, reason=reason)
                return Sentence("changed", node, _capital(sentence))
        sentence = self.w["target_new"].format(
            indicator=indicator, year=year, new=self.number(value) if value is not None else "?"
        )
        if reason:
            sentence = self.w["because"].format(sentence=sentence, reason=reason)
        return Sentence("added", node, _capital(sentence))

    def _target_gone(self, node: URIRef) -> Sentence:
        indicator, year, value = self._target(node, self.old)
        return self._say(
            "removed",
            node,
            "target_gone",
            indicator=indicator,
            year=year,
            old=self.number(value) if value is not None else "?",
        )

    def _text(self, side: Side, node: URIRef, prop: URIRef) -> str | None:
        found = [v for v in side.values(node, prop) if isinstance(v, Literal)]
        for lang in (self.lang, "nb", "en", None):
            for value in found:
                if lang is None or value.language == lang:
                    return str(value)
        return None

    def _changed(self, node: URIRef, change: PropertyChange) -> list[Sentence]:
        prop, kind, label = change.property, self.kind(node), self.name(node)
        if change.inverse:
            return self._records(node, change, kind, label)
        if prop in _LABELS:
            return self._reworded(node, change, kind)
        if prop == DCTERMS.description:
            return [self._say("changed", node, "described", kind=kind, label=label)]
        if prop == GG.phase:
            return [self._phase(node, change, kind, label)]
        if prop in (GG.budget, GG.budgetFrame):
            what = self.w["budget" if prop == GG.budget else "frame"]
            return [self._amount_change(node, change, what, label)]
        if prop == GG.riskLevel:
            return [self._risk(node, change, label)]
        if prop == GG.value and GG.TargetValue in self.names.types(node):
            return [self._target_value(node, change)]
        if prop == GG.statusReport:
            return self._status(node, change, label)
        if prop == GG.assessment:
            return self._assessments(node, change, label)
        if prop in (GG.score, GG.rationale) and GG.Assessment in self.names.types(node):
            return self._assessed(node, change)
        return self._records(node, change, kind, label)

    def _criterion(self, values: Sequence[Value]) -> str:
        found = next((v for v in values if isinstance(v, URIRef)), None)
        return self.names.label(found) if found is not None else "?"

    def _score(self, values: Sequence[Value]) -> str:
        number = self._number_of(values)
        return self.number(number) if number is not None else "?"

    @staticmethod
    def _rationale(values: Sequence[Value], lang: str) -> str | None:
        texts = [v for v in values if isinstance(v, Literal)]
        for wanted in (lang, "nb", "en", None):
            for value in texts:
                if wanted is None or value.language == wanted:
                    return str(value)
        return None

    def _assessment_sentence(
        self, node: URIRef, label: str, criterion: str, was: Record | None, now: Record | None
    ) -> Sentence | None:
        """One assessment on one criterion compared: the score, else the rationale."""
        if was is not None and now is not None:
            old, new = self._score(was.get(GG.score)), self._score(now.get(GG.score))
            if old != new:
                return self._say(
                    "changed", node, "score_changed", label=label, criterion=criterion,
                    old=old, new=new,
                )  # fmt: skip
            rationale = self._rationale(now.get(GG.rationale), self.lang)
            if rationale is not None and rationale != self._rationale(
                was.get(GG.rationale), self.lang
            ):
                return self._say(
                    "changed", node, "rationale_changed", label=label, criterion=criterion,
                    new=rationale,
                )  # fmt: skip
            return None
        if now is not None:
            new = self._score(now.get(GG.score))
            return self._say(
                "changed", node, "score_new", label=label, criterion=criterion, new=new
            )
        if was is not None:
            old = self._score(was.get(GG.score))
            return self._say(
                "changed", node, "score_gone", label=label, criterion=criterion, old=old
            )
        return None

    def _assessments(self, node: URIRef, change: PropertyChange, label: str) -> list[Sentence]:
        """Assessments written as records (``gg:assessment [ gg:criterion C ; gg:score 4 ]``),
        paired by criterion: "score of P on criterion C changed from 3 to 4"."""
        was = {
            self._criterion(r.get(GG.criterion)): r for r in change.gone() if isinstance(r, Record)
        }
        now = {
            self._criterion(r.get(GG.criterion)): r for r in change.came() if isinstance(r, Record)
        }
        said = []
        for criterion in sorted(set(was) | set(now)):
            sentence = self._assessment_sentence(
                node, label, criterion, was.get(criterion), now.get(criterion)
            )
            if sentence is not None:
                said.append(sentence)
        others = PropertyChange(
            change.property,
            tuple(v for v in change.gone() if not isinstance(v, Record)),
            tuple(v for v in change.came() if not isinstance(v, Record)),
        )
        if others.old or others.new:
            said.extend(self._records(node, others, self.kind(node), label))
        return said

    def _assessed(self, node: URIRef, change: PropertyChange) -> list[Sentence]:
        """A change of an assessment that is a node of its own: told of the project it
        assesses."""
        owner = self._owner(node)
        label = self.names.label(owner) if owner is not None else self.name(node)
        criterion = self._criterion(
            self.new.values(node, GG.criterion) or self.old.values(node, GG.criterion)
        )
        prop = change.property
        was = Record(((prop, change.old),))
        now = Record(((prop, change.new),))
        if prop == GG.rationale:
            # The score is unchanged here (else it is the change told): only the rationale.
            score = tuple(self.new.values(node, GG.score))
            was = Record(((GG.score, score), (prop, change.old)))
            now = Record(((GG.score, score), (prop, change.new)))
        sentence = self._assessment_sentence(node, label, criterion, was, now)
        if sentence is None:
            return self._records(node, change, self.kind(node), self.name(node))
        return [sentence]

    def _reworded(self, node: URIRef, change: PropertyChange, kind: str) -> list[Sentence]:
        def in_lang(values: Sequence[Value], lang: str) -> str | None:
            return next(
                (str(v) for v in values if isinstance(v, Literal) and v.language == lang), None
            )

        old, new = in_lang(change.old, self.lang), in_lang(change.new, self.lang)
        if old is not None and new is not None and old != new:
            return [self._say("changed", node, "reworded", kind=kind, old=old, new=new)]
        for lang in ("nb", "en"):
            was, now = in_lang(change.old, lang), in_lang(change.new, lang)
            if lang != self.lang and now is not None and was != now:
                return [
                    self._say(
                        "changed",
                        node,
                        "reworded_other",
                        kind=kind,
                        label=self.names.label(node),
                        language=self.w[lang],
                        new=now,
                    )
                ]
        return self._records(node, change, kind, self.names.label(node))

    def _phase(self, node: URIRef, change: PropertyChange, kind: str, label: str) -> Sentence:
        old = next((v for v in change.old if isinstance(v, URIRef)), None)
        new = next((v for v in change.new if isinstance(v, URIRef)), None)
        if old is not None and new is not None:
            return self._say(
                "changed",
                node,
                "moved",
                kind=kind,
                label=label,
                old=self.names.label(old),
                new=self.names.label(new),
            )
        if new is not None:
            return self._say(
                "changed", node, "phase_set", kind=kind, label=label, new=self.names.label(new)
            )
        return self._records(node, change, kind, label)[0]

    @staticmethod
    def _number_of(values: Sequence[Value]) -> Decimal | None:
        for value in values:
            if isinstance(value, Literal):
                key = literal_key(value)
                if key[0] == "number" and isinstance(key[1], Decimal):
                    return key[1]
        return None

    def _amount_change(
        self, node: URIRef, change: PropertyChange, what: str, label: str
    ) -> Sentence:
        old, new = self._number_of(change.old), self._number_of(change.new)
        if old is not None and new is not None:
            key = "raised" if new > old else "lowered"
            return self._say(
                "changed",
                node,
                key,
                what=what,
                label=label,
                by=self.amount(abs(new - old)),
                old=self.amount(old),
                new=self.amount(new),
            )
        if new is not None:
            return self._say("changed", node, "set", what=what, label=label, new=self.amount(new))
        if old is not None:
            return self._say("changed", node, "unset", what=what, label=label, old=self.amount(old))
        return self._records(node, change, self.kind(node), label)[0]

    def _risk(self, node: URIRef, change: PropertyChange, label: str) -> Sentence:
        old = next((v for v in change.old if isinstance(v, URIRef)), None)
        new = next((v for v in change.new if isinstance(v, URIRef)), None)
        if old is None or new is None:
            return self._records(node, change, self.kind(node), label)[0]
        old_order, new_order = self.names.term(old)[1], self.names.term(new)[1]
        key = "risk"
        if old_order and new_order and old_order != new_order:
            key = "risk_up" if new_order > old_order else "risk_down"
        return self._say(
            "changed",
            node,
            key,
            label=label,
            old=self.names.label(old),
            new=self.names.label(new),
        )

    def _target_value(self, node: URIRef, change: PropertyChange) -> Sentence:
        indicator, year, _ = self._target(node, self.new)
        old, new = self._number_of(change.old), self._number_of(change.new)
        if old is None or new is None:
            return self._records(node, change, self.kind(node), self.name(node))[0]
        return self._say(
            "changed",
            node,
            "target_up" if new > old else "target_down",
            indicator=indicator,
            year=year,
            old=self.number(old),
            new=self.number(new),
        )

    def _period(self, record: Record) -> str:
        start = _day(next(iter(record.get(GG.startDate)), None))
        end = _day(next(iter(record.get(GG.endDate)), None))
        return period_text(start, end, self.lang)

    def _lights(self, record: Record) -> str:
        parts = []
        for prop, word in _LIGHTS:
            light = next(iter(record.get(prop)), None)
            if isinstance(light, URIRef):
                parts.append(f"{self.w[word]} {self.names.label(light).lower()}")
        forecast = self._number_of(record.get(GG.forecastCost))
        if forecast is not None:
            parts.append(self.w["forecast"].format(amount=self.amount(forecast)))
        return ", ".join(parts) or "–"

    def _status(self, node: URIRef, change: PropertyChange, label: str) -> list[Sentence]:
        old = [v for v in change.gone() if isinstance(v, Record)]
        new = [v for v in change.came() if isinstance(v, Record)]
        was = {self._period(r): r for r in old}
        now = {self._period(r): r for r in new}
        said = []
        for period in sorted(set(was) | set(now)):
            if period in was and period in now:
                said.append(
                    self._say(
                        "changed",
                        node,
                        "status_changed",
                        label=label,
                        period=period,
                        lights=self._lights(now[period]),
                    )
                )
            elif period in now:
                said.append(
                    self._say(
                        "changed",
                        node,
                        "status_new",
                        label=label,
                        period=period,
                        lights=self._lights(now[period]),
                    )
                )
            else:
                said.append(self._say("changed", node, "status_gone", label=label, period=period))
        others = [v for v in (*change.gone(), *change.came()) if not isinstance(v, Record)]
        if others:
            rest = PropertyChange(
                change.property,
                tuple(v for v in change.gone() if not isinstance(v, Record)),
                tuple(v for v in change.came() if not isinstance(v, Record)),
            )
            said.extend(self._records(node, rest, self.kind(node), label))
        return said

    def _records(
        self, node: URIRef, change: PropertyChange, kind: str, label: str
    ) -> list[Sentence]:
        """Any other change: the values told as they are."""
        what = self.prop(change.property)
        old = [self.show(v) for v in change.gone()]
        new = [self.show(v) for v in change.came()]
        if change.inverse or any(isinstance(v, Record) for v in (*change.old, *change.new)):
            if len(old) == 1 and len(new) == 1:
                return [
                    self._say(
                        "changed",
                        node,
                        "record_changed",
                        kind=kind,
                        label=label,
                        what=what,
                        old=old[0],
                        new=new[0],
                    )
                ]
            said = [
                self._say("changed", node, "record_new", kind=kind, label=label, what=what, value=v)
                for v in new
            ]
            said += [
                self._say(
                    "changed", node, "record_gone", kind=kind, label=label, what=what, value=v
                )
                for v in old
            ]
            return said
        if old and new:
            return [
                self._say(
                    "changed",
                    node,
                    "value_changed",
                    kind=kind,
                    label=label,
                    what=what,
                    old=", ".join(old),
                    new=", ".join(new),
                )
            ]
        if new:
            return [
                self._say(
                    "changed",
                    node,
                    "value_added",
                    kind=kind,
                    label=label,
                    what=what,
                    new=", ".join(new),
                )
            ]
        return [
            self._say(
                "changed",
                node,
                "value_removed",
                kind=kind,
                label=label,
                what=what,
                old=", ".join(old),
            )
        ]


# --------------------------------------------------------------------------------------------
# Text and Markdown
# --------------------------------------------------------------------------------------------


def _render(diff: PlanDiff, *, markdown: bool) -> str:
    # Imported here: the rendering module brings Jinja, which the JSON and text need not.
    from goalgraph.analysis.rendering import markdown_text
    from goalgraph.language import plural

    words = _WORDS[diff.lang]

    nouns = {"nb": ("node", "noder"), "en": ("node", "nodes")}[diff.lang]
    summary = words["summary"].format(
        added=plural(len(diff.added), *nouns, lang=diff.lang),
        removed=plural(len(diff.removed), *nouns, lang=diff.lang),
        changed=plural(len(diff.changed), *nouns, lang=diff.lang),
    )
    title = words["title"].format(old=diff.old, new=diff.new)
    lines = [f"# {markdown_text(title)}" if markdown else title, ""]
    lines += [markdown_text(summary) if markdown else summary, ""]
    if not diff.said:
        lines += [words["nothing"], ""]
    for section in _SECTIONS:
        told = [s for s in diff.said if s.section == section]
        if not told:
            continue
        heading = words[f"section_{section}"]
        lines.append(f"## {heading}" if markdown else f"{heading}:")
        if markdown:
            lines.append("")
        lines += [f"- {markdown_text(s.text) if markdown else s.text}" for s in told]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = [
    "ChangedNode",
    "DiffSide",
    "NodeEntry",
    "PlanDiff",
    "PropertyChange",
    "Record",
    "Sentence",
    "Side",
    "Value",
    "compare",
    "diff_sides",
    "diff_stores",
    "json_value",
    "literal_key",
    "read_side",
    "read_sides",
    "resolve_side",
    "side_of",
    "value_key",
]
