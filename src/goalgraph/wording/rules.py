"""The wording rules: results of the same kind as the SHACL shapes', for the texts of a model.

SHACL cannot call a lexicon, so shapes/wording.ttl declares these rules (name, label,
severity, messages; deactivated for SHACL engines) and this module checks them. A rule runs
when the shapes graph declares it, so a validation with other shapes runs none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Graph, IdentifiedNode, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SH, SKOS

from goalgraph.labels import LANGUAGES, label
from goalgraph.namespace import GG
from goalgraph.wording import phrasing
from goalgraph.wording.phrasing import Notice

SHAPES = "https://w3id.org/goalgraph/shapes#"
GOAL_RULE = "GoalPhrasedAsStrategyShape"
STRATEGY_RULE = "StrategyPhrasedAsGoalShape"
ASSIGNMENT_RULE = "AssignmentSubjectShape"
#: The rules this module checks, by rule id.
RULES = (GOAL_RULE, STRATEGY_RULE, ASSIGNMENT_RULE)
#: Where the placeholder for what a rule noticed stands in its messages.
PLACEHOLDER = "{?noticed}"

_GOAL_TEXTS = (RDFS.label, SKOS.prefLabel, DCTERMS.description)
_NAMES = (RDFS.label, SKOS.prefLabel)
#: Every predicate the rules read of a model (with goalgraph.labels.LABEL_PROPERTIES, which
#: their focus labels read): a graph of only these triples gives the same findings.
READS = (RDF.type, RDFS.subClassOf, *_GOAL_TEXTS, GG.responsible)


@dataclass(frozen=True)
class Finding:
    """One text a wording rule noticed something in."""

    rule: str
    focus: IdentifiedNode
    path: URIRef
    value: str | None
    #: What was noticed, told in each language, to fill the rule's messages.
    noticed: dict[str, str]


def declared(shapes: Graph) -> list[str]:
    """The wording rules ``shapes`` declares (so validation runs them)."""
    return [rule for rule in RULES if (URIRef(SHAPES + rule), RDF.type, SH.NodeShape) in shapes]


def findings(data: Graph, rules: Iterable[str] = RULES) -> list[Finding]:
    """What the wording ``rules`` notice in the goals, strategies and assignments of ``data``
    (a graph holding the ontology, so that subclasses count)."""
    rules = set(rules)
    found: list[Finding] = []
    if GOAL_RULE in rules:
        for goal in _instances(data, GG.Goal):
            found += _goal(data, goal)
    if STRATEGY_RULE in rules:
        actors = _organisation_names(data)
        for strategy in _instances(data, GG.Strategy):
            found += _strategy(data, strategy, actors)
    if ASSIGNMENT_RULE in rules:
        areas = [
            str(name)
            for area in _instances(data, GG.ServiceArea)
            for name in data.objects(area, RDFS.label)
        ]
        for assignment in _instances(data, GG.Assignment):
            found += _assignment(data, assignment, areas)
    return found


def _instances(data: Graph, cls: URIRef) -> list[IdentifiedNode]:
    classes = set(data.transitive_subjects(RDFS.subClassOf, cls))
    nodes = {
        s for c in classes for s in data.subjects(RDF.type, c) if isinstance(s, IdentifiedNode)
    }
    return sorted(nodes, key=str)


def _texts(data: Graph, node: Node, paths: Iterable[URIRef]) -> list[tuple[URIRef, Literal]]:
    return [
        (path, text)
        for path in paths
        for text in data.objects(node, path)
        if isinstance(text, Literal) and phrasing.supported(text.language or "") is not None
    ]


def _goal(data: Graph, goal: IdentifiedNode) -> list[Finding]:
    found = []
    for path, text in _texts(data, goal, _GOAL_TEXTS):
        notice = _reading("goal", str(text), text.language or "")
        if notice is not None:
            found.append(Finding(GOAL_RULE, goal, path, str(text), _told(notice)))
    return found


def _strategy(data: Graph, strategy: IdentifiedNode, actors: list[str]) -> list[Finding]:
    texts = _texts(data, strategy, _NAMES)
    if not texts:
        return []  # LabelNbShape reports a strategy without a name
    notices = []
    for _, text in texts:
        lang = phrasing.supported(text.language or "") or "nb"
        notice = phrasing.strategy_phrased_as_state(str(text), lang, actors)
        if notice is None:
            return []  # one label that shows the path is enough
        notices.append((text, notice))
    # Report the text in goalgraph's first language when there is one.
    text, notice = min(notices, key=lambda pair: (pair[0].language or "") != "nb")
    return [Finding(STRATEGY_RULE, strategy, RDFS.label, str(text), _told(notice))]


def _assignment(data: Graph, assignment: IdentifiedNode, areas: list[str]) -> list[Finding]:
    responsible = [
        str(name)
        for party in data.objects(assignment, GG.responsible)
        for name in data.objects(party, RDFS.label)
    ]
    found = []
    for path, text in _texts(data, assignment, _NAMES):
        notice = _reading("assignment", str(text), text.language or "", (*responsible, *areas))
        if notice is not None:
            found.append(Finding(ASSIGNMENT_RULE, assignment, path, str(text), _told(notice)))
    return found


@lru_cache(maxsize=8192)
def _reading(kind: str, text: str, lang: str, names: tuple[str, ...] = ()) -> Notice | None:
    # Reading is pure, and a national model repeats its texts from graph to graph (the same
    # goals and assignments in every municipality), validated one after the other.
    return phrasing.reading(kind, text, lang, names)


def _organisation_names(data: Graph) -> list[str]:
    classes = set(data.transitive_subjects(RDFS.subClassOf, ORG.Organization))
    parties = {s for c in classes for s in data.subjects(RDF.type, c)}
    parties |= set(data.objects(None, GG.responsible))
    return [str(name) for party in parties for name in data.objects(party, RDFS.label)]


# ----------------------------------------------------------------------------------------
# What was noticed, in words
# ----------------------------------------------------------------------------------------


def _told(notice: Notice) -> dict[str, str]:
    words = notice.words
    told = {
        phrasing.MODAL: (
            f"inneholder «{words}», som uttrykker en intensjon",
            f'contains "{words}", which expresses an intention',
        ),
        phrasing.INFINITIVE: (
            f"begynner med «{words}», en handling",
            f'opens with "{words}", an action',
        ),
        phrasing.VERB_FIRST: (
            f"begynner med verbet «{words}»",
            f'opens with the verb "{words}"',
        ),
        phrasing.RESULT_FIRST: (
            f"begynner med «{words}», som beskriver et resultat, og sier ikke hvem som gjør hva",
            f'opens with "{words}", which describes a result, and does not say who does what',
        ),
        phrasing.NO_PATH: (
            "har verken «skal» eller «vil», et verb først eller en handling som «forebygging»",
            'has no "will" or "shall", no verb first and no action such as "prevention"',
        ),
        phrasing.NO_MODAL: (
            "har ingen «skal» eller «vil» som sier hva tjenesteområdet skal gjøre",
            'has no "will" or "shall" saying what the service area will do',
        ),
        phrasing.SUBJECT: (
            f"har «{words}» som subjekt, og det er ikke et tjenesteområde i modellen",
            f'has "{words}" as its subject, which is not a service area of the model',
        ),
    }[notice.kind]
    return {"nb": told[0], "en": told[1]}


def messages(shapes: Graph, finding: Finding) -> dict[str, str]:
    """The rule's messages (from its shape) with what was noticed filled in, by language."""
    shape = URIRef(SHAPES + finding.rule)
    result: dict[str, str] = {}
    for message in shapes.objects(shape, SH.message):
        if isinstance(message, Literal):
            lang = message.language or ""
            noticed = finding.noticed.get(lang) or finding.noticed["en"]
            result[lang] = str(message).replace(PLACEHOLDER, noticed)
    return result


def focus_labels(data: Graph, focus: Node) -> dict[str, str]:
    return {lang: label(data, focus, lang) for lang in LANGUAGES}


def report_triples(report: Graph, shapes: Graph, finding: Finding, severity: URIRef) -> Node:
    """Add ``finding`` to a SHACL validation report graph as an sh:ValidationResult."""
    node = BNode()
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.focusNode, finding.focus))
    report.add((node, SH.resultSeverity, severity))
    report.add((node, SH.sourceShape, URIRef(SHAPES + finding.rule)))
    report.add((node, SH.resultPath, finding.path))
    if finding.value is not None:
        report.add((node, SH.value, Literal(finding.value)))
    for lang, text in messages(shapes, finding).items():
        report.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
    return node
