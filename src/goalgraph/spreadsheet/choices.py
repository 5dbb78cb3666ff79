"""The fixed choices of the sheets (kinds, phases, risk levels, directions) and SDG codes,
with their labels taken from the vocabulary so that sheets and ontology cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDFS, SKOS

from goalgraph.files import vocabulary
from goalgraph.namespace import GG


@dataclass(frozen=True)
class Choice:
    """One entry of a dropdown: the node it stands for and its label in each language."""

    node: URIRef
    label_nb: str
    label_en: str
    notation: str | None = None

    def label(self, lang: str) -> str:
        return self.label_nb if lang == "nb" else self.label_en

    def matches(self, text: str) -> bool:
        """True if a planner's text names this choice (either language, any case, or code)."""
        wanted = text.strip().casefold()
        names = {self.label_nb.casefold(), self.label_en.casefold()}
        if self.notation is not None:
            names.add(self.notation.casefold())
        return wanted in names


@cache
def vocabulary_graph() -> Graph:
    """The ontology and SDG module, read once."""
    return vocabulary()


def _text(graph: Graph, node: URIRef, prop: URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):
        if isinstance(value, Literal) and value.language == lang:
            text = str(value)
            return text[:1].upper() + text[1:]
    raise LookupError(f"the vocabulary has no {lang} label for {node}")


# W3C ORG classes carry no labels in goalgraph's vocabulary; these name them in the sheets.
_ORG_LABELS = {
    ORG.Organization: ("Organisasjon", "Organisation"),
    ORG.FormalOrganization: ("Formell organisasjon", "Formal organisation"),
    ORG.OrganizationalUnit: ("Organisasjonsenhet", "Organisational unit"),
    ORG.OrganizationalCollaboration: ("Samarbeid", "Collaboration"),
}


@cache
def class_choices(classes: tuple[URIRef, ...]) -> tuple[Choice, ...]:
    """Choices for a kind column: the classes with their labels in the vocabulary."""
    graph = vocabulary_graph()
    found = []
    for cls in classes:
        if cls in _ORG_LABELS:
            found.append(Choice(cls, *_ORG_LABELS[cls]))
        else:
            found.append(
                Choice(
                    cls, _text(graph, cls, RDFS.label, "nb"), _text(graph, cls, RDFS.label, "en")
                )
            )
    return tuple(found)


@cache
def scheme_choices(scheme: URIRef) -> tuple[Choice, ...]:
    """Choices for a concept column: the concepts of a scheme, ordered by notation."""
    graph = vocabulary_graph()
    concepts = [c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)]
    found = []
    for concept in concepts:
        notation = graph.value(concept, SKOS.notation)
        found.append(
            Choice(
                concept,
                _text(graph, concept, SKOS.prefLabel, "nb"),
                _text(graph, concept, SKOS.prefLabel, "en"),
                str(notation) if notation is not None else None,
            )
        )
    return tuple(sorted(found, key=lambda c: (c.notation or "", str(c.node))))


@dataclass(frozen=True)
class SDGCodes:
    """SDG codes and UN IRIs, both ways."""

    iri_by_code: dict[str, URIRef]
    code_by_iri: dict[URIRef, str]


@cache
def sdg_codes() -> SDGCodes:
    """Every SDG goal, target and indicator code with its UN IRI."""
    graph = vocabulary_graph()
    iri_by_code: dict[str, URIRef] = {}
    code_by_iri: dict[URIRef, str] = {}
    for item in sorted(graph.subjects(SKOS.inScheme, GG.SDGScheme), key=str):
        if not isinstance(item, URIRef):
            continue
        codes = sorted(str(c) for c in graph.objects(item, SKOS.notation))
        for code in codes:
            iri_by_code.setdefault(code, item)
        # A code shared by two items names the first; the other is written as its full IRI.
        own = [code for code in codes if iri_by_code[code] == item]
        if own:
            code_by_iri[item] = own[0]
    return SDGCodes(iri_by_code, code_by_iri)
