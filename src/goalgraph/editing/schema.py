"""The editor's forms, derived from the ontology, the shapes and the goal chain.

Nothing here lists classes or properties by hand: a class gets a form when the ontology
defines it for data (not the vocabulary's own concepts, not the two roots End and Means),
its fields are the ontology's properties whose domain takes the class (a property without a
domain fits any class), a field's kind follows the property's range, a field is required
when a shape with severity Violation asks for at least one value, and the links of the goal
chain (goalgraph.chain) come first. A class or property added to the ontology gets its form
or field without a change here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from goalgraph.chain import LINKS, LOCALISES, STAGES, UP
from goalgraph.files import new_graph, parse_file
from goalgraph.labels import LANGUAGES
from goalgraph.namespace import GG, ONTOLOGY_IRI
from goalgraph.store import vocabulary_files
from goalgraph.validation.shapes import load_shapes

#: The properties every form has: the labels and descriptions, one per language.
LABEL = RDFS.label
DESCRIPTION = DCTERMS.description


class FieldKind(StrEnum):
    """How a field is filled in."""

    #: Links to other nodes of the range classes, picked from a list (searched by label).
    LINK = "link"
    #: One of the vocabulary's own concepts (a phase, a risk level, a direction).
    CHOICE = "choice"
    NUMBER = "number"
    DATE = "date"
    #: Text with a language, one value per language (a unit, a benefit).
    TEXT = "text"
    #: Plain text.
    STRING = "string"


@dataclass(frozen=True)
class Choice:
    """A concept a CHOICE field offers."""

    iri: URIRef
    names: dict[str, str]

    def name(self, lang: str) -> str:
        return _in(self.names, lang) or str(self.iri)


@dataclass(frozen=True)
class Field:
    """One property of a form."""

    iri: URIRef
    kind: FieldKind
    names: dict[str, str]
    help: dict[str, str]
    #: The classes a link or choice may point at (the property's range).
    targets: tuple[URIRef, ...] = ()
    datatype: URIRef | None = None
    #: At most one value (owl:FunctionalProperty).
    single: bool = False
    #: A shape with severity Violation asks for at least one value.
    required: bool = False
    #: A shape with severity Warning asks for at least one value.
    recommended: bool = False
    #: The class's own link in the goal chain (goalgraph.chain).
    chain: bool = False
    #: Points at SDG goals or targets: picked by code or text.
    sdg: bool = False
    #: The property has no domain: it fits any class (a plan, a period), shown last.
    general: bool = False
    choices: tuple[Choice, ...] = ()

    def name(self, lang: str) -> str:
        return _in(self.names, lang) or str(self.iri)

    def help_text(self, lang: str) -> str:
        return _in(self.help, lang) or ""

    @property
    def key(self) -> str:
        return local_name(self.iri)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "property": str(self.iri),
            "key": self.key,
            "kind": str(self.kind),
            "name": self.name(lang),
            "help": self.help_text(lang),
            "targets": [str(t) for t in self.targets],
            "datatype": str(self.datatype) if self.datatype is not None else None,
            "single": self.single,
            "required": self.required,
            "recommended": self.recommended,
            "chain": self.chain,
            "sdg": self.sdg,
            "choices": [{"iri": str(c.iri), "name": c.name(lang)} for c in self.choices],
        }


@dataclass(frozen=True, eq=False)
class FormClass:
    """A class the editor makes nodes of, with its fields in the order they are shown."""

    iri: URIRef
    names: dict[str, str]
    help: dict[str, str]
    fields: tuple[Field, ...]
    #: The class and its superclasses in the ontology.
    lineage: frozenset[URIRef]
    #: A shape with severity Violation asks for a label (in bokmål).
    label_required: bool = False
    #: Position of the class in the goal chain, for ordering (goals first, projects last).
    rank: int = 99

    @property
    def key(self) -> str:
        return local_name(self.iri)

    def name(self, lang: str) -> str:
        return _in(self.names, lang) or self.key

    def help_text(self, lang: str) -> str:
        return _in(self.help, lang) or ""

    def field_for(self, prop: URIRef) -> Field | None:
        return next((f for f in self.fields if f.iri == prop), None)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "class": str(self.iri),
            "key": self.key,
            "name": self.name(lang),
            "help": self.help_text(lang),
            "label_required": self.label_required,
            "fields": [f.to_json(lang) for f in self.fields],
        }


@dataclass(frozen=True)
class Forms:
    """Every form, by class, and the links that lead into each class from other forms."""

    classes: tuple[FormClass, ...]
    by_iri: dict[URIRef, FormClass] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_iri", {c.iri: c for c in self.classes})

    def get(self, cls: URIRef) -> FormClass | None:
        return self.by_iri.get(cls)

    def for_types(self, types: Iterable[URIRef]) -> FormClass | None:
        """The form of a node with ``types``: the most specific editable class among them."""
        found = [self.by_iri[t] for t in types if t in self.by_iri]
        if not found:
            return None
        # A class whose lineage holds another found class is the more specific one.
        return max(found, key=lambda c: len(c.lineage))

    def principal(self, classes: Iterable[FormClass]) -> list[FormClass]:
        """The classes to offer "new …" buttons for, in order: a stage of the goal chain stands
        for its subclasses (a measure for operating and investment measures; the form can
        switch), and a class that only groups others (a goal) gives way to them."""
        chosen = list({c.iri: c for c in classes}.values())
        stages = [c.iri for c in chosen if c.iri in STAGES]
        found = []
        for cls in chosen:
            below = any(o.iri != cls.iri and cls.iri in o.lineage for o in chosen)
            if any(s != cls.iri and s in cls.lineage for s in stages):
                continue
            if below and cls.iri not in STAGES:
                continue
            found.append(cls)
        return found

    def incoming(self, cls: FormClass) -> list[tuple[FormClass, Field]]:
        """The (form, link field) pairs whose links may point at nodes of ``cls``: what may
        be made to hang on such a node (a strategy that realises a goal, an observation of
        an indicator)."""
        found = []
        for other in self.classes:
            for item in other.fields:
                if item.kind is FieldKind.LINK and set(item.targets) & cls.lineage:
                    found.append((other, item))
        return found


def _in(texts: dict[str, str], lang: str) -> str | None:
    if lang in texts:
        return texts[lang]
    return next((texts[other] for other in LANGUAGES if other in texts), None)


def local_name(iri: URIRef) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[1] or text
    return text


def _texts(graph: Graph, node: URIRef, prop: URIRef) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in sorted(graph.objects(node, prop), key=str):
        if isinstance(value, Literal) and value.language and value.language not in found:
            found[value.language] = str(value)
    return found


def _members(graph: Graph, node: object) -> list[URIRef]:
    """A class or property expression as the named classes it stands for (a union's members)."""
    if isinstance(node, URIRef):
        return [node]
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            return [m for m in Collection(graph, union) if isinstance(m, URIRef)]
    return []


def _superclasses(graph: Graph, cls: URIRef) -> frozenset[URIRef]:
    found = {cls}
    todo = [cls]
    while todo:
        for parent in graph.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent not in found:
                found.add(parent)
                todo.append(parent)
    return frozenset(found)


def _defined_here(graph: Graph, term: URIRef) -> bool:
    return (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph


def _instantiated(graph: Graph, cls: URIRef) -> bool:
    """Whether the vocabulary itself has instances of ``cls`` (its concepts, the SDG items)."""
    return next(iter(graph.subjects(RDF.type, cls)), None) is not None


def _offered_classes(graph: Graph) -> list[URIRef]:
    """goalgraph's classes whose instances are data: not those the vocabulary itself
    instantiates (concepts, SDG items) nor their superclasses, and not a root class that
    only groups others (End, Means, Plan)."""
    classes = [
        c
        for c in graph.subjects(RDF.type, OWL.Class)
        if isinstance(c, URIRef) and _defined_here(graph, c)
    ]
    vocabulary: set[URIRef] = set()
    for cls in classes:
        if _instantiated(graph, cls):
            vocabulary |= _superclasses(graph, cls)
    offered = []
    for cls in classes:
        if cls in vocabulary:
            continue
        parents = {p for p in graph.objects(cls, RDFS.subClassOf) if isinstance(p, URIRef)}
        children = any(
            _defined_here(graph, c)
            for c in graph.subjects(RDFS.subClassOf, cls)
            if isinstance(c, URIRef)
        )
        if children and not any(_defined_here(graph, p) for p in parents):
            continue
        offered.append(cls)
    return offered


def _min_count_shapes(shapes: Graph) -> dict[tuple[URIRef, URIRef], URIRef]:
    """(target class, property) → the strictest severity of a shape asking for a value."""
    found: dict[tuple[URIRef, URIRef], URIRef] = {}
    for shape in shapes.subjects(SH.minCount, None):
        count = shapes.value(shape, SH.minCount)
        path = shapes.value(shape, SH.path)
        if not isinstance(path, URIRef) or not isinstance(count, Literal) or int(count) < 1:
            continue
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for target in shapes.objects(shape, SH.targetClass):
            if not isinstance(target, URIRef) or not isinstance(severity, URIRef):
                continue
            if found.get((target, path)) != SH.Violation:
                found[(target, path)] = severity
    return found


def _label_required(shapes: Graph, lineage: frozenset[URIRef]) -> bool:
    for shape in shapes.subjects(SH.targetClass, None):
        if not set(shapes.objects(shape, SH.targetClass)) & lineage:
            continue
        if (shapes.value(shape, SH.severity) or SH.Violation) != SH.Violation:
            continue
        path = shapes.value(shape, SH.path)
        paths = {path}
        if isinstance(path, BNode):
            alternatives = shapes.value(path, SH.alternativePath)
            if alternatives is not None:
                paths = set(Collection(shapes, alternatives))
        if LABEL in paths:
            return True
    return False


def _chain_links(lineage: frozenset[URIRef]) -> set[URIRef]:
    """The class's own links in the goal chain: a means' link up, a goal's links up and to
    the SDG targets it takes up."""
    found = {LINKS[i] for i, stage in enumerate(STAGES) if stage in lineage}
    if GG.Goal in lineage:
        found |= {UP, LOCALISES}
    return found


def _choices(graph: Graph, targets: tuple[URIRef, ...]) -> tuple[Choice, ...]:
    found = []
    for target in targets:
        for concept in graph.subjects(RDF.type, target):
            if isinstance(concept, URIRef):
                names = _texts(graph, concept, SKOS.prefLabel) or _texts(graph, concept, RDFS.label)
                notation = graph.value(concept, SKOS.notation)
                found.append((str(notation or ""), str(concept), Choice(concept, names)))
    return tuple(choice for *_, choice in sorted(found))


def _field(
    graph: Graph,
    prop: URIRef,
    lineage: frozenset[URIRef],
    asked: dict[tuple[URIRef, URIRef], URIRef],
) -> Field:
    ranges = [m for r in graph.objects(prop, RDFS.range) for m in _members(graph, r)]
    severities = {asked[(c, prop)] for c in lineage if (c, prop) in asked}
    common: dict[str, Any] = {
        "names": _texts(graph, prop, RDFS.label),
        "help": _texts(graph, prop, RDFS.comment),
        "single": (prop, RDF.type, OWL.FunctionalProperty) in graph,
        "required": SH.Violation in severities,
        "recommended": SH.Warning in severities and SH.Violation not in severities,
        "chain": prop in _chain_links(lineage),
        "general": not any(True for _ in graph.objects(prop, RDFS.domain)),
    }
    if (prop, RDF.type, OWL.DatatypeProperty) in graph:
        datatype = ranges[0] if ranges else None
        kind = {
            XSD.decimal: FieldKind.NUMBER,
            XSD.integer: FieldKind.NUMBER,
            XSD.date: FieldKind.DATE,
            RDF.langString: FieldKind.TEXT,
        }.get(datatype, FieldKind.STRING)  # type: ignore[arg-type]
        return Field(prop, kind, datatype=datatype, **common)
    targets = tuple(ranges)
    concepts = [t for t in targets if _instantiated(graph, t)]
    sdg = any(GG.SDGItem in _superclasses(graph, t) for t in targets)
    if concepts and not sdg:
        return Field(
            prop, FieldKind.CHOICE, targets=targets, choices=_choices(graph, targets), **common
        )
    return Field(prop, FieldKind.LINK, targets=targets, sdg=sdg, **common)


def _properties(graph: Graph) -> list[URIRef]:
    """goalgraph's properties a planner states: not those inferred (property chains) and not
    those of the change records."""
    found = []
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in graph.subjects(RDF.type, kind):
            if not isinstance(prop, URIRef) or not _defined_here(graph, prop):
                continue
            if (prop, OWL.propertyChainAxiom, None) in graph:
                continue
            domains = [m for d in graph.objects(prop, RDFS.domain) for m in _members(graph, d)]
            if any(not _defined_here(graph, d) for d in domains):
                continue
            found.append(prop)
    return sorted(set(found), key=str)


def _rank(lineage: frozenset[URIRef]) -> int:
    if GG.Goal in lineage:
        return 0
    for i, stage in enumerate(reversed(STAGES)):
        if stage in lineage:
            return 1 + i
    return 99


def build_forms(ontology: Graph, shapes: Graph) -> Forms:
    """The forms of every class ``ontology`` (the vocabulary: goalgraph's ontology and the SDG
    module) defines for data, with ``shapes``' demands."""
    asked = _min_count_shapes(shapes)
    properties = _properties(ontology)
    forms = []
    for cls in _offered_classes(ontology):
        lineage = _superclasses(ontology, cls)
        fields = []
        for prop in properties:
            domains = [
                m for d in ontology.objects(prop, RDFS.domain) for m in _members(ontology, d)
            ]
            if domains and not set(domains) & lineage:
                continue
            fields.append(_field(ontology, prop, lineage, asked))
        fields.sort(key=_field_order)
        forms.append(
            FormClass(
                iri=cls,
                names=_texts(ontology, cls, RDFS.label),
                help=_texts(ontology, cls, RDFS.comment),
                fields=tuple(fields),
                lineage=lineage,
                label_required=_label_required(shapes, lineage),
                rank=_rank(lineage),
            )
        )
    _rank_by_links(forms)
    forms.sort(key=lambda c: (c.rank, c.name("en")))
    return Forms(tuple(forms))


#: Kinds of field in the order a form shows them, after the chain and the required ones.
_KIND_ORDER = (
    FieldKind.LINK,
    FieldKind.CHOICE,
    FieldKind.NUMBER,
    FieldKind.TEXT,
    FieldKind.STRING,
    FieldKind.DATE,
)


def _field_order(item: Field) -> tuple[bool, bool, bool, bool, int, bool, str]:
    # A period reads start to end.
    name = item.name("en")
    return (
        not item.chain,
        item.general,
        not item.required,
        not item.recommended,
        _KIND_ORDER.index(item.kind),
        name.startswith("end"),
        name,
    )


def _rank_by_links(forms: list[FormClass]) -> None:
    """Rank the classes outside the chain by how many links away from it they are: an
    indicator measures a goal, an observation is of an indicator; the rest come last."""
    reached: frozenset[URIRef] = frozenset().union(*(c.lineage for c in forms if c.rank < 99))
    for rank in (5, 6, 7):
        linked = [
            i
            for i, cls in enumerate(forms)
            if cls.rank == 99
            and any(
                f.kind is FieldKind.LINK and not f.general and set(f.targets) & reached
                for f in cls.fields
            )
        ]
        for i in linked:
            forms[i] = replace(forms[i], rank=rank)
        reached = reached.union(*(forms[i].lineage for i in linked))


@cache
def forms(shapes: Path | None = None) -> Forms:
    """goalgraph's forms (built once per process), from its ontology and ``shapes``."""
    vocabulary = new_graph()
    for path in vocabulary_files():
        parse_file(vocabulary, path)
    return build_forms(vocabulary, load_shapes(shapes))
