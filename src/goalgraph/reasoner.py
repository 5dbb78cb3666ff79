"""OWL reasoning with HermiT (through owlready2): infer gg:serves and check ends and means."""

from __future__ import annotations

import io
import logging
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Any, Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from goalgraph.errors import ReasonerUnavailable, ReasoningError
from goalgraph.files import new_graph, vocabulary
from goalgraph.labels import label, short_name
from goalgraph.namespace import GG, ONTOLOGY_IRI
from goalgraph.resources import core_ontology_path

logger = logging.getLogger(__name__)

Role = Literal["asserted", "domain", "range"]

_INPUT_IRI = "https://w3id.org/goalgraph/reasoning-input#"
_JAVA_MISSING = (
    "the OWL reasoner HermiT needs a Java runtime, and no 'java' program was found on "
    "PATH; install one (Debian/Ubuntu: 'apt-get install default-jre-headless', macOS: "
    "'brew install openjdk') and try again"
)
# Predicates that carry documentation, not logic; HermiT needs none of them.
_DOCUMENTATION = frozenset(
    {RDFS.label, RDFS.comment, RDFS.isDefinedBy, RDFS.seeAlso, OWL.versionIRI, OWL.versionInfo}
)


@dataclass(frozen=True)
class Named:
    """A node with its labels in Norwegian bokmål and English."""

    iri: URIRef
    label_nb: str
    label_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_nb

    def to_json(self) -> dict[str, Any]:
        return {"iri": str(self.iri), "label": {"nb": self.label_nb, "en": self.label_en}}


@dataclass(frozen=True)
class TypeReason:
    """Why an individual belongs to a class: its rdf:type, or the domain or range of a property.

    ``classes`` holds one class, or the alternatives of a union (``owl:unionOf``).
    """

    classes: tuple[URIRef, ...]
    role: Role
    property: URIRef | None = None
    other: Named | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "classes": [str(c) for c in self.classes],
            "property": str(self.property) if self.property is not None else None,
            "other": self.other.to_json() if self.other is not None else None,
        }


@dataclass(frozen=True)
class Clash:
    """An individual that the model puts into classes the ontology declares disjoint."""

    individual: Named
    disjoint: tuple[tuple[URIRef, URIRef], ...]
    reasons: tuple[TypeReason, ...]

    def to_text(self, lang: str = "nb") -> str:
        return "\n".join(_clash_lines(self, lang))

    def to_json(self) -> dict[str, Any]:
        return {
            "individual": self.individual.to_json(),
            "disjointClasses": [[str(a), str(b)] for a, b in self.disjoint],
            "reasons": [reason.to_json() for reason in self.reasons],
            "message": {lang: self.to_text(lang) for lang in ("nb", "en")},
        }


@dataclass(frozen=True)
class Inconsistency:
    """What makes the model inconsistent for OWL; ``clashes`` is empty if no clash of
    disjoint classes explains it."""

    clashes: tuple[Clash, ...]

    @property
    def individuals(self) -> tuple[URIRef, ...]:
        return tuple(clash.individual.iri for clash in self.clashes)

    @property
    def disjoint_classes(self) -> frozenset[URIRef]:
        return frozenset(c for clash in self.clashes for pair in clash.disjoint for c in pair)

    def to_json(self) -> dict[str, Any]:
        return {"clashes": [clash.to_json() for clash in self.clashes]}


@dataclass
class ReasoningResult:
    """What HermiT concluded: consistency, and the gg:serves links (means, goal) it inferred."""

    consistent: bool
    serves: set[tuple[URIRef, URIRef]]
    inconsistency: Inconsistency | None
    seconds: float
    names: Mapping[URIRef, Named]

    def served_goals(self, means: URIRef) -> set[URIRef]:
        """The goals ``means`` serves."""
        return {goal for source, goal in self.serves if source == means}

    def to_graph(self) -> Graph:
        """The materialised gg:serves triples."""
        graph = new_graph()
        for means, goal in self.serves:
            graph.add((means, GG.serves, goal))
        return graph

    def to_json(self) -> dict[str, Any]:
        return {
            "consistent": self.consistent,
            "seconds": round(self.seconds, 3),
            "serves": [
                {
                    **self._named(means).to_json(),
                    "goals": [self._named(goal).to_json() for goal in goals],
                }
                for means, goals in self._grouped("en")
            ],
            "inconsistency": self.inconsistency.to_json() if self.inconsistency else None,
        }

    def to_text(self, lang: str = "nb") -> str:
        if self.inconsistency is not None:
            return _inconsistency_text(self.inconsistency, lang) + "\n"
        grouped = self._grouped(lang)
        if lang == "en":
            head = (
                f"Consistent (HermiT, {self.seconds:.1f} s): {len(self.serves)} gg:serves "
                f"links for {len(grouped)} means."
            )
        else:
            head = (
                f"Konsistent (HermiT, {self.seconds:.1f} s): {len(self.serves)} gg:serves-"
                f"koblinger for {len(grouped)} virkemidler."
            )
        lines = [head]
        for means, goals in grouped:
            lines.append("")
            lines.append(self._line(means, lang))
            lines.extend(f"  → {self._line(goal, lang)}" for goal in goals)
        return "\n".join(lines) + "\n"

    def raise_for_inconsistency(self, lang: str = "nb") -> None:
        """Raise ReasoningError with the report if the model is inconsistent."""
        if self.inconsistency is not None:
            raise ReasoningError(_inconsistency_text(self.inconsistency, lang))

    def _named(self, node: URIRef) -> Named:
        return self.names.get(node) or Named(node, short_name(node), short_name(node))

    def _line(self, node: URIRef, lang: str) -> str:
        return f"«{self._named(node).label(lang)}» <{node}>"

    def _grouped(self, lang: str) -> list[tuple[URIRef, list[URIRef]]]:
        by_means: dict[URIRef, list[URIRef]] = defaultdict(list)
        for means, goal in self.serves:
            by_means[means].append(goal)

        def key(node: URIRef) -> tuple[str, str]:
            return (self._named(node).label(lang).casefold(), str(node))

        return [(m, sorted(by_means[m], key=key)) for m in sorted(by_means, key=key)]


# --------------------------------------------------------------------------- the TBox


@dataclass(frozen=True)
class _TBox:
    skeleton: Graph
    labels: Graph
    classes: frozenset[URIRef]
    object_properties: frozenset[URIRef]
    supers: Mapping[URIRef, frozenset[URIRef]]
    disjoint: frozenset[frozenset[URIRef]]
    domains: Mapping[URIRef, tuple[tuple[URIRef, ...], ...]]
    ranges: Mapping[URIRef, tuple[tuple[URIRef, ...], ...]]
    serving: frozenset[URIRef]

    def disjoint_pairs(self, first: URIRef, second: URIRef) -> list[tuple[URIRef, URIRef]]:
        """The declared-disjoint pairs that separate ``first`` from ``second``."""
        return [
            (a, b)
            for a in sorted(self.supers.get(first, frozenset({first})))
            for b in sorted(self.supers.get(second, frozenset({second})))
            if frozenset({a, b}) in self.disjoint
        ]


def _closure(graph: Graph, start: URIRef, prop: URIRef) -> frozenset[URIRef]:
    seen = {start}
    pending = [start]
    while pending:
        for parent in graph.objects(pending.pop(), prop):
            if isinstance(parent, URIRef) and parent not in seen:
                seen.add(parent)
                pending.append(parent)
    return frozenset(seen)


def _class_alternatives(graph: Graph, node: object) -> tuple[URIRef, ...]:
    if isinstance(node, URIRef):
        return (node,)
    union = graph.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    if union is None:
        return ()
    return tuple(m for m in Collection(graph, union) if isinstance(m, URIRef))


def _skeleton(ontology: Graph) -> Graph:
    # Datatype properties and literals are left out: HermiT rejects xsd:date, and nothing
    # about gg:serves or the disjointness of ends and means depends on them.
    annotation = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    dropped = set(ontology.subjects(RDF.type, OWL.DatatypeProperty)) | annotation | {ONTOLOGY_IRI}
    skipped = annotation | _DOCUMENTATION
    pending: list[URIRef | BNode] = [
        s
        for s in set(ontology.subjects())
        if (isinstance(s, URIRef) and s not in dropped)
        or (isinstance(s, BNode) and (None, None, s) not in ontology)
    ]
    skeleton = Graph()
    seen: set[URIRef | BNode] = set()
    while pending:
        subject = pending.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for predicate, obj in ontology.predicate_objects(subject):
            if isinstance(obj, RDFLiteral) or predicate in skipped:
                continue
            skeleton.add((subject, predicate, obj))
            if isinstance(obj, BNode):
                pending.append(obj)
    return skeleton


def _alternatives_of(
    ontology: Graph, props: Iterable[URIRef], axiom: URIRef
) -> tuple[tuple[URIRef, ...], ...]:
    found: list[tuple[URIRef, ...]] = []
    for prop in props:
        for node in ontology.objects(prop, axiom):
            alternatives = _class_alternatives(ontology, node)
            if alternatives and alternatives not in found:
                found.append(alternatives)
    return tuple(found)


@cache
def _tbox() -> _TBox:
    ontology = Graph().parse(core_ontology_path(), format="turtle")
    classes = frozenset(c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
    properties = frozenset(
        p for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)
    )
    disjoint: set[frozenset[URIRef]] = {
        frozenset({a, b})
        for a, b in ontology.subject_objects(OWL.disjointWith)
        if isinstance(a, URIRef) and isinstance(b, URIRef)
    }
    for group in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ontology.value(group, OWL.members)
        if members is not None:
            named = [m for m in Collection(ontology, members) if isinstance(m, URIRef)]
            disjoint.update(frozenset(pair) for pair in combinations(named, 2))
    supers = {c: _closure(ontology, c, RDFS.subClassOf) for c in classes}
    domains: dict[URIRef, tuple[tuple[URIRef, ...], ...]] = {}
    ranges: dict[URIRef, tuple[tuple[URIRef, ...], ...]] = {}
    serving: set[URIRef] = set()
    for prop in properties:
        lineage = sorted(_closure(ontology, prop, RDFS.subPropertyOf))
        if GG.serves in lineage:
            serving.add(prop)
        domains[prop] = _alternatives_of(ontology, lineage, RDFS.domain)
        ranges[prop] = _alternatives_of(ontology, lineage, RDFS.range)
    labels = Graph()
    for triple in ontology.triples((None, RDFS.label, None)):
        labels.add(triple)
    return _TBox(
        skeleton=_skeleton(ontology),
        labels=labels,
        classes=classes,
        object_properties=properties,
        supers=supers,
        disjoint=frozenset(disjoint),
        domains=domains,
        ranges=ranges,
        serving=frozenset(serving),
    )


@cache
def _vocabulary_graph() -> Graph:
    return vocabulary()


# --------------------------------------------------------------------------- the ABox


def _assertions(graph: Graph, tbox: _TBox, include_vocabulary: bool) -> Graph:
    """rdf:type and object-property assertions between named individuals of ``graph``."""
    shipped = _vocabulary_graph()
    assertions = Graph()
    for subject, predicate, obj in graph:
        if not (isinstance(subject, URIRef) and isinstance(obj, URIRef)):
            continue
        if predicate == RDF.type:
            if obj not in tbox.classes:
                continue
        elif predicate not in tbox.object_properties:
            continue
        if not include_vocabulary and (subject, predicate, obj) in shipped:
            continue
        assertions.add((subject, predicate, obj))
    individuals = set(assertions.subjects()) | {
        o for _, p, o in assertions if p != RDF.type and isinstance(o, URIRef)
    }
    if not include_vocabulary:
        # The SDG items and concepts the model points at bring their types, nothing more.
        for node in individuals:
            for cls in shipped.objects(node, RDF.type):
                if cls in tbox.classes:
                    assertions.add((node, RDF.type, cls))
    for node in individuals:
        assertions.add((node, RDF.type, OWL.NamedIndividual))
    return assertions


# --------------------------------------------------------------------------- HermiT


def _java_message(exc: Exception) -> str:
    for line in str(exc).splitlines():
        text = line.strip()
        if text and not text.startswith(("at ", "...", "Java error message is")):
            return text[:400]
    return type(exc).__name__


def _run_hermit(
    skeleton: Graph, serving: Iterable[URIRef]
) -> tuple[bool, set[tuple[URIRef, URIRef]]]:
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerUnavailable(_JAVA_MISSING)
    # A private world: nothing leaks into owlready2's default world between calls.
    world = owlready2.World()
    try:
        data = skeleton.serialize(format="nt", encoding="utf-8")
        world.get_ontology(_INPUT_IRI).load(fileobj=io.BytesIO(data), format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False, set()
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerUnavailable(
                f"the OWL reasoner HermiT failed: {_java_message(exc)}"
            ) from None
        # HermiT reports each pair under its most specific property only: a strategy's own
        # goals come back as gg:realises, not as gg:serves.
        pairs = {
            (URIRef(a.iri), URIRef(b.iri))
            for prop in serving
            for a, b in world[str(prop)].get_relations()
        }
        return True, pairs
    finally:
        world.close()


# --------------------------------------------------------------------------- explanation


def _type_reasons(assertions: Graph, tbox: _TBox, names: _Names) -> dict[URIRef, list[TypeReason]]:
    reasons: dict[URIRef, list[TypeReason]] = defaultdict(list)

    def add(node: URIRef, reason: TypeReason) -> None:
        if reason not in reasons[node]:
            reasons[node].append(reason)

    for subject, predicate, obj in assertions:
        if not (
            isinstance(subject, URIRef)
            and isinstance(predicate, URIRef)
            and isinstance(obj, URIRef)
        ):
            continue
        if predicate == RDF.type:
            if obj in tbox.classes:
                add(subject, TypeReason((obj,), "asserted"))
            continue
        for alternatives in _implied(tbox, tbox.domains.get(predicate, ())):
            add(subject, TypeReason(alternatives, "domain", predicate, names(obj)))
        for alternatives in _implied(tbox, tbox.ranges.get(predicate, ())):
            add(obj, TypeReason(alternatives, "range", predicate, names(subject)))
    return reasons


def _implied(tbox: _TBox, found: tuple[tuple[URIRef, ...], ...]) -> list[tuple[URIRef, ...]]:
    # A super-property's domain (gg:serves → gg:Means) adds nothing when the property's own
    # domain (gg:realises → gg:Strategy) already lies inside it; keep the report short.
    singles = [alts[0] for alts in found if len(alts) == 1]
    return [
        alts
        for alts in found
        if not any(
            other not in alts and all(a in tbox.supers.get(other, ()) for a in alts)
            for other in singles
        )
    ]


_ROLE_ORDER = {"asserted": 0, "domain": 1, "range": 2}


def _reason_key(reason: TypeReason) -> tuple[int, str, str, tuple[str, ...]]:
    other = str(reason.other.iri) if reason.other is not None else ""
    return (_ROLE_ORDER[reason.role], str(reason.property or ""), other, tuple(reason.classes))


def _clash(tbox: _TBox, individual: Named, reasons: list[TypeReason]) -> Clash | None:
    pairs: list[tuple[URIRef, URIRef]] = []
    involved: list[TypeReason] = []

    def note(found: Iterable[tuple[URIRef, URIRef]], *why: TypeReason) -> None:
        for pair in found:
            if pair not in pairs and pair[::-1] not in pairs:
                pairs.append(pair)
        for reason in why:
            if reason not in involved:
                involved.append(reason)

    ordered = sorted(reasons, key=_reason_key)
    definite = [r for r in ordered if len(r.classes) == 1]
    for first, second in combinations(definite, 2):
        found = tbox.disjoint_pairs(first.classes[0], second.classes[0])
        if found:
            note(found, first, second)
    for union in (r for r in ordered if len(r.classes) > 1):
        # A union clashes when every one of its alternatives clashes with a definite class.
        per_alternative = [
            [(r, tbox.disjoint_pairs(r.classes[0], alt)) for r in definite] for alt in union.classes
        ]
        if all(any(found for _, found in options) for options in per_alternative):
            note((), union)
            for options in per_alternative:
                reason, found = next((r, f) for r, f in options if f)
                note(found, reason)
    if not pairs:
        return None
    return Clash(individual, tuple(pairs), _essential(tbox, sorted(involved, key=_reason_key)))


def _essential(tbox: _TBox, involved: list[TypeReason]) -> tuple[TypeReason, ...]:
    # A reason that only repeats a class another reason already implies (a range that says
    # "assignment" about a node declared an assignment) adds nothing to the explanation.
    kept: list[TypeReason] = []
    for reason in involved:
        if len(reason.classes) == 1 and any(
            len(k.classes) == 1 and reason.classes[0] in tbox.supers.get(k.classes[0], ())
            for k in kept
        ):
            continue
        kept.append(reason)
    return tuple(kept)


class _Names:
    """Labels of the nodes of one graph, looked up once."""

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._cache: dict[URIRef, Named] = {}

    def __call__(self, node: URIRef) -> Named:
        if node not in self._cache:
            self._cache[node] = Named(
                node, label(self._graph, node, "nb"), label(self._graph, node, "en")
            )
        return self._cache[node]

    @property
    def known(self) -> dict[URIRef, Named]:
        return dict(self._cache)


def find_clashes(graph: Graph) -> tuple[Clash, ...]:
    """Individuals of ``graph`` whose asserted types and the types implied by the domains and
    ranges of their properties fall into classes the ontology declares disjoint."""
    tbox = _tbox()
    return _find_clashes(_assertions(graph, tbox, True), tbox, _Names(graph))


def _find_clashes(assertions: Graph, tbox: _TBox, names: _Names) -> tuple[Clash, ...]:
    clashes: list[Clash] = []
    for node, reasons in sorted(_type_reasons(assertions, tbox, names).items()):
        clash = _clash(tbox, names(node), reasons)
        if clash is not None:
            clashes.append(clash)
    return tuple(clashes)


# --------------------------------------------------------------------------- planner words

_HINTS: dict[URIRef, tuple[str, str]] = {
    GG.implements: (
        "Bare et prosjekt gjennomfører, og det det gjennomfører er et tiltak: prosjekt → tiltak "
        "(gg:implements).",
        "Only a project implements, and what it implements is a measure: project → measure "
        "(gg:implements).",
    ),
    GG.resolves: (
        "Bare et tiltak løser, og det det løser er et oppdrag: tiltak → oppdrag (gg:resolves).",
        "Only a measure resolves, and what it resolves is an assignment: measure → assignment "
        "(gg:resolves).",
    ),
    GG.concretises: (
        "Bare et oppdrag konkretiserer, og det det konkretiserer er en strategi: oppdrag → "
        "strategi (gg:concretises).",
        "Only an assignment concretises, and what it concretises is a strategy: assignment → "
        "strategy (gg:concretises).",
    ),
    GG.realises: (
        "Bare en strategi realiserer, og det den realiserer er et mål: strategi → mål "
        "(gg:realises). Virkemidler peker opp mot mål, aldri motsatt.",
        "Only a strategy realises, and what it realises is a goal: strategy → goal "
        "(gg:realises). Means point up to ends, never the reverse.",
    ),
    GG.contributesTo: (
        "Bare mål bidrar til mål (gg:contributesTo); et virkemiddel når et mål gjennom kjeden "
        "prosjekt → tiltak → oppdrag → strategi → mål.",
        "Only goals contribute to goals (gg:contributesTo); a means reaches a goal through the "
        "chain project → measure → assignment → strategy → goal.",
    ),
}
_SHORT_CUT_HINT = (
    "Et prosjekt koblet rett til et oppdrag eller en strategi hopper over tiltaket; legg inn "
    "tiltaket som løser oppdraget og la prosjektet gjennomføre det. Valideringsreglene gir bare "
    "en advarsel for en slik snarvei, men for OWL-reasoneren er den en selvmotsigelse.",
    "A project linked straight to an assignment or a strategy skips the measure; add the "
    "measure that resolves the assignment and let the project implement it. The validation "
    "rules only warn about such a short-cut, but for the OWL reasoner it is a contradiction.",
)
_ENDS_MEANS_HINT = (
    "En node er enten et mål (en ønsket fremtidig tilstand) eller et virkemiddel (hvordan vi "
    "kommer dit), aldri begge: del den i et mål og en strategi som realiserer det.",
    "A node is either an end (a goal: a desired future state) or a means (how to get there), "
    "never both: split it into a goal and a strategy that realises it.",
)


def _class_text(classes: tuple[URIRef, ...], lang: str) -> str:
    labels = _tbox().labels
    names = [label(labels, c, lang) for c in classes]
    if lang == "en":
        names = [("an " if n[:1].lower() in "aeiou" else "a ") + n for n in names]
        return " or ".join(names)
    return " eller ".join(names)


def _reason_text(reason: TypeReason, lang: str) -> str:
    labels = _tbox().labels
    classes = _class_text(reason.classes, lang)
    if reason.property is None or reason.other is None:
        return f"is declared {classes}" if lang == "en" else f"er oppgitt som {classes}"
    prop = f"{label(labels, reason.property, lang)} ({short_name(reason.property)})"
    other = f"«{reason.other.label(lang)}»"
    if reason.role == "domain":
        if lang == "en":
            return f"{prop} {other}, so it must be {classes}"
        return f"{prop} {other}, så den må være {classes}"
    if lang == "en":
        return f"{other} {prop} it, so it must be {classes}"
    return f"{other} {prop} den, så den må være {classes}"


def _enumerate(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + (" and " if lang == "en" else " og ") + items[-1]


def _disjoint_text(first: URIRef, partners: list[URIRef], lang: str) -> str:
    labels = _tbox().labels
    name = label(labels, first, lang)
    others = _enumerate([label(labels, p, lang) for p in partners], lang)
    curies = _enumerate([short_name(p) for p in partners], lang)
    if lang == "en":
        if len(partners) == 1:
            return (
                f"But {name} and {others} exclude each other "
                f"({short_name(first)} and {curies} are disjoint)."
            )
        return f"But {name} excludes {others} ({short_name(first)} is disjoint with {curies})."
    if len(partners) == 1:
        return (
            f"Men {name} og {others} utelukker hverandre "
            f"({short_name(first)} og {curies} er disjunkte)."
        )
    return f"Men {name} utelukker {others} ({short_name(first)} er disjunkt med {curies})."


def _is_short_cut(clash: Clash) -> bool:
    """A project implements a node declared an assignment or a strategy."""
    implemented = any(r.property == GG.implements and r.role == "range" for r in clash.reasons)
    declared = {r.classes[0] for r in clash.reasons if r.role == "asserted"}
    return implemented and bool(declared & {GG.Assignment, GG.Strategy})


def _clash_lines(clash: Clash, lang: str) -> list[str]:
    lines = [f"«{clash.individual.label(lang)}» <{clash.individual.iri}>"]
    lines.extend(f"  - {_reason_text(reason, lang)}" for reason in clash.reasons)
    grouped: dict[URIRef, list[URIRef]] = defaultdict(list)
    for a, b in clash.disjoint:
        grouped[a].append(b)
    for a, partners in grouped.items():
        lines.append(f"  {_disjoint_text(a, partners, lang)}")
    index = 1 if lang == "en" else 0
    hints = [_HINTS[r.property][index] for r in clash.reasons if r.property in _HINTS]
    if _is_short_cut(clash):
        hints.append(_SHORT_CUT_HINT[index])
    if any({a, b} == {GG.End, GG.Means} for a, b in clash.disjoint):
        hints.append(_ENDS_MEANS_HINT[index])
    word = "Hint" if lang == "en" else "Råd"
    lines.extend(f"  {word}: {hint}" for hint in dict.fromkeys(hints))
    return lines


def _inconsistency_text(inconsistency: Inconsistency, lang: str) -> str:
    count = len(inconsistency.clashes)
    if not count:
        if lang == "en":
            return (
                "The model is inconsistent for OWL, but not through a clash of disjoint classes "
                "that goalgraph can point to; run 'goalgraph validate' to find what to fix."
            )
        return (
            "Modellen er inkonsistent for OWL, men ikke på grunn av disjunkte klasser som "
            "goalgraph kan peke på; kjør 'goalgraph validate' for å finne hva som må rettes."
        )
    if lang == "en":
        head = (
            f"The model is inconsistent: {count} node{'s' if count != 1 else ''} would have to "
            "belong to classes that exclude each other."
        )
    else:
        head = (
            f"Modellen er inkonsistent: {count} node{'r' if count != 1 else ''} måtte ha hørt "
            "til klasser som utelukker hverandre."
        )
    blocks = [head, *("\n".join(_clash_lines(clash, lang)) for clash in inconsistency.clashes)]
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- entry point


def reason(graph: Graph, *, include_vocabulary: bool = False) -> ReasoningResult:
    """Run HermiT over the ontology's class and property axioms and the model's types and
    object-property assertions; return the gg:serves links it infers or what makes the
    model inconsistent.

    By default the individuals of the shipped vocabulary (SDG items, phases) enter only where
    the model refers to them; ``include_vocabulary`` hands HermiT all of them.
    Raises ReasonerUnavailable (exit code 3) if Java is missing or HermiT fails.
    """
    started = time.perf_counter()
    tbox = _tbox()
    assertions = _assertions(graph, tbox, include_vocabulary)
    skeleton = Graph()
    skeleton += tbox.skeleton
    skeleton += assertions
    logger.debug("handing HermiT %d triples (%d assertions)", len(skeleton), len(assertions))
    consistent, pairs = _run_hermit(skeleton, tbox.serving)
    names = _Names(graph)
    inconsistency = None
    if not consistent:
        inconsistency = Inconsistency(_find_clashes(assertions, tbox, names))
    for means, goal in pairs:
        names(means)
        names(goal)
    seconds = time.perf_counter() - started
    logger.info("HermiT: consistent=%s, %d gg:serves in %.2f s", consistent, len(pairs), seconds)
    return ReasoningResult(consistent, pairs, inconsistency, seconds, names.known)
