"""Three shapes about the goal chain, evaluated once for the whole graph instead of per goal.

pySHACL evaluates a path such as ``( [ sh:zeroOrMorePath [ sh:inversePath gg:contributesTo ] ]
[ sh:inversePath gg:measures ] )`` anew from every goal, and the cycle shape walks
``gg:contributesTo*`` from every goal: on a chain of n goals that is n²/2 steps (an 800-goal
chain took minutes). The same answers come from one pass over the chain: the goals an
indicator reaches are those reachable up ``gg:contributesTo`` from the goals it measures,
and a goal is on a cycle when it shares a strongly connected component with the goal it
contributes to. goalgraph's own definitions of these shapes (recognised triple for triple)
are taken out of what pySHACL sees, and their results are written into its report graph as
pySHACL writes them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from goalgraph.namespace import GG

GGSH = Namespace("https://w3id.org/goalgraph/shapes#")

#: Shape → the predicate whose subjects, with the goals they reach up the chain, make a goal
#: pass ("measured", "served").
_REACH_SHAPES = {GGSH.GoalIndicatorShape: GG.measures, GGSH.GoalServedShape: GG.realises}
_CYCLE_SHAPE = GGSH.GoalCycleShape

_Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class TakenShape:
    """A shape taken out of a shapes graph, with its triples (to put back) and its IRI."""

    shape: URIRef
    triples: tuple[_Triple, ...]


def _description(graph: Graph, node: Node) -> list[_Triple]:
    """The node's triples and, recursively, those of the blank nodes they lead to."""
    found: list[_Triple] = []
    seen: set[Node] = set()
    waiting: deque[Node] = deque([node])
    while waiting:
        current = waiting.popleft()
        if current in seen:
            continue
        seen.add(current)
        for triple in graph.triples((current, None, None)):
            found.append(triple)
            if isinstance(triple[2], BNode):
                waiting.append(triple[2])
    return found


def _same(triples: Iterable[_Triple], other: Iterable[_Triple]) -> bool:
    first, second = Graph(), Graph()
    for triple in triples:
        first.add(triple)
    for triple in other:
        second.add(triple)
    return isomorphic(first, second)


def take(shapes: Graph, builtin: Graph) -> list[TakenShape]:
    """Remove from ``shapes`` those of the three shapes that are exactly goalgraph's own
    (a changed definition is left to pySHACL) and return them, for :func:`put_back`."""
    taken: list[TakenShape] = []
    for shape in (*_REACH_SHAPES, _CYCLE_SHAPE):
        if (shape, RDF.type, None) not in shapes:
            continue
        triples = _description(shapes, shape)
        if not _same(triples, _description(builtin, shape)):
            continue
        for triple in triples:
            shapes.remove(triple)
        taken.append(TakenShape(shape, tuple(triples)))
    return taken


def put_back(shapes: Graph, taken: Iterable[TakenShape]) -> None:
    """Return the taken shapes to ``shapes``."""
    for item in taken:
        for triple in item.triples:
            shapes.add(triple)


def _instances(data: Graph, cls: URIRef) -> set[Node]:
    classes: set[Node] = {cls}
    waiting: list[Node] = [cls]
    while waiting:
        for sub in data.subjects(RDFS.subClassOf, waiting.pop()):
            if sub not in classes:
                classes.add(sub)
                waiting.append(sub)
    return {s for c in classes for s in data.subjects(RDF.type, c)}


def _up_from(data: Graph, start: Iterable[Node]) -> set[Node]:
    """``start`` and every node reachable from it along gg:contributesTo."""
    reached = set(start)
    waiting = deque(reached)
    while waiting:
        for higher in data.objects(waiting.popleft(), GG.contributesTo):
            if higher not in reached:
                reached.add(higher)
                waiting.append(higher)
    return reached


def _unreached(data: Graph, goals: set[Node], predicate: URIRef) -> Iterator[Node]:
    """The goals no subject of ``predicate`` reaches, directly or through sub-goals."""
    reached = _up_from(data, set(data.objects(None, predicate)))
    return (goal for goal in goals if goal not in reached)


def _cycles(data: Graph, goals: set[Node]) -> Iterator[tuple[Node, Node]]:
    """(goal, higher) for every gg:contributesTo link of a goal that closes a cycle."""
    # Imported here: networkx takes half a second and 20 MB to import, which every process
    # that imports validation (the server, each command) would pay.
    import networkx as nx

    links = nx.DiGraph()
    links.add_edges_from(data.subject_objects(GG.contributesTo))
    component: dict[Node, int] = {}
    for index, members in enumerate(nx.strongly_connected_components(links)):
        for member in members:
            component[member] = index
    for goal, higher in data.subject_objects(GG.contributesTo):
        if goal in goals and (goal == higher or component[goal] == component[higher]):
            yield goal, higher


def _copy(shapes: Graph, report: Graph, node: Node) -> None:
    for triple in _description(shapes, node):
        report.add(triple)


def add_results(report: Graph, data: Graph, shapes: Graph, taken: Iterable[TakenShape]) -> None:
    """Write the results of the taken shapes into pySHACL's ``report`` graph, as pySHACL
    writes results of such shapes. ``shapes`` holds the taken shapes again."""
    taken = list(taken)
    if not taken:
        return
    goals = _instances(data, GG.Goal)
    header = next(report.subjects(RDF.type, SH.ValidationReport), None)
    added = False
    for item in taken:
        shape = item.shape
        severity = shapes.value(shape, SH.severity) or SH.Violation
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
        copied = False
        if shape in _REACH_SHAPES:
            path = shapes.value(shape, SH.path)
            for goal in _unreached(data, goals, _REACH_SHAPES[shape]):
                result = _result(report, header, shape, severity, goal)
                report.add((result, SH.sourceConstraintComponent, SH.MinCountConstraintComponent))
                if path is not None:
                    if not copied:
                        _copy(shapes, report, path)
                        copied = True
                    report.add((result, SH.resultPath, path))
                for message in messages:
                    report.add((result, SH.resultMessage, message))
                added = True
        else:
            constraint = shapes.value(shape, SH.sparql)
            for goal, higher in _cycles(data, goals):
                result = _result(report, header, shape, severity, goal)
                report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
                report.add((result, SH.value, higher))
                report.add((result, SH.resultPath, GG.contributesTo))
                if constraint is not None:
                    if not copied:
                        _copy(shapes, report, constraint)
                        copied = True
                    report.add((result, SH.sourceConstraint, constraint))
                # pySHACL drops the language of a SPARQL-based result's messages.
                for message in messages:
                    report.add((result, SH.resultMessage, Literal(str(message))))
                added = True
    if added and header is not None:
        report.set((header, SH.conforms, Literal(False)))


def _result(
    report: Graph, header: Node | None, shape: URIRef, severity: Node, focus: Node
) -> BNode:
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.sourceShape, shape))
    report.add((result, SH.resultSeverity, severity))
    report.add((result, SH.focusNode, focus))
    if header is not None:
        report.add((header, SH.result, result))
    return result
