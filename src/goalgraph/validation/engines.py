"""The SHACL engines validation can run on: a compiled one by default, pySHACL as the reference.

The compiled engine is pyshacl-turbo (a Rust SHACL engine with pySHACL's interface; see
docs/validation-engines.md for why this one). It is run as pySHACL is run (no pre-inference,
no SHACL-AF) and its report graph goes through the same code as pySHACL's
(``goalgraph.validation.engine``), so both give the same ValidationReport. A shape the
compiled engine cannot run, or would judge differently, is found before any data is read,
named in a logged warning and a note on every report, and checked with pySHACL; the other
shapes stay compiled.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, IdentifiedNode, Literal, Namespace, Node, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from goalgraph.errors import LoadError
from goalgraph.validation.shapes import builtin_shapes, load_shapes, rule_id

if TYPE_CHECKING:
    from pathlib import Path

    from goalgraph.store.mirror import SparqlMirror
    from goalgraph.validation.report import ValidationReport

logger = logging.getLogger(__name__)


class Engine(StrEnum):
    """The SHACL engine that checks a model."""

    #: pyshacl-turbo, compiled (Rust): the default.
    compiled = "compiled"
    #: pySHACL, pure Python: the reference the compiled engine is tested against.
    pyshacl = "pyshacl"


DEFAULT_ENGINE = Engine.compiled

_SH = Namespace(str(SH))  # rdflib's SH is closed and lacks the SHACL 1.2 and SHACL-JS terms

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_CLASS_TYPES = (RDFS.Class, OWL.Class)

#: What the compiled engine cannot run, or would judge unlike pySHACL as goalgraph runs it
#: (no SHACL-AF, no SHACL-JS): the shape is then checked with pySHACL. Each reason is
#: given in bokmål and English. Found by running both engines on one shape per feature
#: (docs/validation-engines.md, "Features"); anything else the compiled engine refuses is
#: found by asking it (see _plan).
_UNSUPPORTED: dict[URIRef, tuple[str, str]] = {
    SH.js: ("SHACL-JS (sh:js) finnes ikke i den kompilerte motoren", "it has no SHACL-JS (sh:js)"),
    _SH.jsFunctionName: (
        "SHACL-JS (sh:jsFunctionName) finnes ikke i den kompilerte motoren",
        "it has no SHACL-JS (sh:jsFunctionName)",
    ),
    _SH.jsLibrary: (
        "SHACL-JS (sh:jsLibrary) finnes ikke i den kompilerte motoren",
        "it has no SHACL-JS (sh:jsLibrary)",
    ),
    SH.target: (
        "egendefinerte mål (sh:target) hører til SHACL-AF, som pySHACL hopper over her",
        "custom targets (sh:target) are SHACL-AF, which pySHACL skips here",
    ),
    SH.rule: (
        "regler (sh:rule) hører til SHACL-AF, som pySHACL hopper over her",
        "rules (sh:rule) are SHACL-AF, which pySHACL skips here",
    ),
    _SH.expression: (
        "uttrykk (sh:expression) hører til SHACL-AF, som pySHACL hopper over her",
        "expressions (sh:expression) are SHACL-AF, which pySHACL skips here",
    ),
    _SH.targetWhere: (
        "sh:targetWhere er SHACL 1.2, som pySHACL ikke kjenner",
        "sh:targetWhere is SHACL 1.2, which pySHACL does not know",
    ),
    SH.lessThan: (
        "sh:lessThan rapporterer verdier som ikke kan sammenlignes, ulikt pySHACL",
        "sh:lessThan reports values that cannot be compared, unlike pySHACL",
    ),
    SH.lessThanOrEquals: (
        "sh:lessThanOrEquals rapporterer verdier som ikke kan sammenlignes, ulikt pySHACL",
        "sh:lessThanOrEquals reports values that cannot be compared, unlike pySHACL",
    ),
}
#: Pre-bound variables pySHACL refuses and the compiled engine accepts.
_SHAPES_GRAPH_VARIABLES = re.compile(r"[$?](shapesGraph|currentShape)\b")
_SPARQL_TEXTS = (SH.select, SH.ask)
#: How pyshacl-turbo names the shape it cannot compile: "Unsupported feature: X on <iri>".
_REFUSED_ON = re.compile(r"\bon (<[^<>\s]+>|_:\S+)\s*$")


# ----------------------------------------------------------------------------------------
# Which shapes the compiled engine runs
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fallback:
    """A shape with targets checked with pySHACL, the rule it stands for and why."""

    shape: IdentifiedNode
    rule: str
    reason: dict[str, str]

    def note(self) -> dict[str, str]:
        """The note on a report, in every language."""
        return {
            "nb": f"Regelen {self.rule} ble sjekket med pySHACL fordi den kompilerte motoren "
            f"ikke kan kjøre den: {self.reason['nb']}.",
            "en": f"The rule {self.rule} was checked with pySHACL because the compiled engine "
            f"cannot run it: {self.reason['en']}.",
        }


@dataclass
class CompiledPlan:
    """A shapes graph split between the engines: compiled once, reused for every graph."""

    #: The shapes as given: rule ids, labels and messages come from here.
    shapes: Graph
    #: pyshacl-turbo's compiled shapes, None when every shape falls back.
    compiled: Any
    #: The shapes pySHACL checks (targets kept only on the fallback shapes), None if none.
    fallback_shapes: Graph | None
    fallbacks: list[Fallback] = field(default_factory=list)

    @property
    def notes(self) -> list[dict[str, str]]:
        return [fallback.note() for fallback in self.fallbacks]


def plan(shapes: Graph) -> CompiledPlan:
    """Split ``shapes``: what the compiled engine runs, what falls back to pySHACL and why.

    Features known to differ are found in the shapes; anything else the compiled engine
    refuses to compile is found by asking it, shape by shape.
    """
    shapes_graph = Graph()
    shapes_graph += shapes
    for prefix, namespace in shapes.namespaces():
        shapes_graph.bind(prefix, namespace, override=False)
    tops = _top_level_shapes(shapes_graph)
    if not tops:
        # Nothing to start from, so nothing to report: pySHACL says so quickly.
        return CompiledPlan(shapes_graph, None, shapes_graph, [])
    found = _unsupported(shapes_graph)
    reaches = {top: _reach(shapes_graph, top) for top in tops}
    while True:
        falling = {top for top in tops if not reaches[top].isdisjoint(found)}
        compiled_graph = _without(shapes_graph, tops, falling, reaches, set(found))
        try:
            compiled = _compile(compiled_graph) if len(falling) < len(tops) else None
            break
        except _REFUSALS as exc:
            # Not in _UNSUPPORTED: the shape the engine names, else each shape it refuses
            # on its own, falls back; if it refuses none on its own, they all do.
            node = _refused_node(shapes_graph, str(exc))
            if node is not None and node not in found:
                found[node] = _engine_says(str(exc))
                continue
            kept = tops - falling
            refused = {top: why for top in kept if (why := _refusal(shapes_graph, top, reaches))}
            if not refused:
                logger.warning("the compiled engine cannot run these shapes (%s)", exc)
                refused = dict.fromkeys(kept, str(exc))
            found.update({top: _engine_says(why) for top, why in refused.items()})
    fallbacks = []
    for top in sorted(falling, key=str):
        cause = next(n for n in _ordered(reaches[top]) if n in found)
        fallback = Fallback(top, rule_id(shapes_graph, top), found[cause])
        logger.warning(
            "rule %s (shape %s) is checked with pySHACL: %s",
            fallback.rule,
            top.n3(),
            fallback.reason["en"],
        )
        fallbacks.append(fallback)
    fallback_shapes = _with_targets_of(shapes_graph, tops, falling) if falling else None
    return CompiledPlan(shapes_graph, compiled, fallback_shapes, fallbacks)


#: What pyshacl-turbo raises for shapes it will not compile (ReportableRuntimeError is a
#: RuntimeError, its ValidationFailure a ValueError).
_REFUSALS = (NotImplementedError, ValueError, RuntimeError)


def _compile(shapes: Graph) -> Any:
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes, advanced=False)


def _refusal(
    shapes: Graph, top: IdentifiedNode, reaches: dict[IdentifiedNode, set[Node]]
) -> str | None:
    """Why the compiled engine refuses the shape ``top`` alone, or None if it compiles."""
    alone = _without(shapes, set(reaches), set(reaches) - {top}, reaches, set())
    try:
        _compile(alone)
    except _REFUSALS as exc:
        return str(exc)
    return None


def _engine_says(message: str) -> dict[str, str]:
    return {"nb": f"motoren melder «{message}»", "en": f'the engine reports "{message}"'}


def _refused_node(shapes: Graph, message: str) -> IdentifiedNode | None:
    match = _REFUSED_ON.search(message)
    if match is None:
        return None
    text = match.group(1)
    node: IdentifiedNode = URIRef(text[1:-1]) if text.startswith("<") else BNode(text[2:])
    return node if (node, None, None) in shapes else None


def _unsupported(shapes: Graph) -> dict[Node, dict[str, str]]:
    """The nodes of ``shapes`` with a feature the compiled engine must not run, and why."""
    found: dict[Node, dict[str, str]] = {}
    for predicate, (nb, en) in _UNSUPPORTED.items():
        for node in shapes.subjects(predicate, None):
            found.setdefault(node, {"nb": nb, "en": en})
    for predicate in _SPARQL_TEXTS:
        for node, text in shapes.subject_objects(predicate):
            match = _SHAPES_GRAPH_VARIABLES.search(str(text))
            if match:
                variable = f"${match.group(1)}"
                found.setdefault(
                    node,
                    {
                        "nb": f"pySHACL støtter ikke {variable} i SPARQL-regler",
                        "en": f"pySHACL does not support {variable} in SPARQL constraints",
                    },
                )
    # A constraint component that cannot run makes every shape using its parameters fall back.
    for component in set(shapes.subjects(RDF.type, SH.ConstraintComponent)):
        reach = _reach(shapes, component)
        why = next((found[n] for n in _ordered(reach) if n in found), None)
        if why is None:
            continue
        for parameter in shapes.objects(component, SH.parameter):
            for path in shapes.objects(parameter, SH.path):
                if isinstance(path, URIRef):
                    for node in shapes.subjects(path, None):
                        found.setdefault(node, why)
    return found


def _top_level_shapes(shapes: Graph) -> set[IdentifiedNode]:
    """The shapes validation starts from: those with targets (implicit class targets too)."""
    tops: set[IdentifiedNode] = set()
    for predicate in (*_TARGETS, _SH.targetWhere):
        tops.update(s for s in shapes.subjects(predicate, None) if isinstance(s, IdentifiedNode))
    for class_type in _CLASS_TYPES:
        for node in shapes.subjects(RDF.type, class_type):
            if isinstance(node, IdentifiedNode) and _is_shape(shapes, node):
                tops.add(node)
    return tops


def _is_shape(shapes: Graph, node: Node) -> bool:
    return any(str(p).startswith(str(SH)) for p in shapes.predicates(node, None)) or any(
        (node, RDF.type, kind) in shapes for kind in (SH.NodeShape, SH.PropertyShape)
    )


def _reach(shapes: Graph, start: Node) -> set[Node]:
    """``start`` and every node its description leads to through SHACL terms and lists: the
    shapes it uses, their constraints, paths and SPARQL. Named nodes are followed only when
    they are shapes (a class or a predicate is not)."""
    seen = {start}
    pending = [start]
    while pending:
        node = pending.pop()
        for predicate, value in shapes.predicate_objects(node):
            if value in seen or isinstance(value, Literal):
                continue
            if not (str(predicate).startswith(str(SH)) or predicate in (RDF.first, RDF.rest)):
                continue
            if isinstance(value, URIRef) and not _is_shape(shapes, value):
                continue
            seen.add(value)
            pending.append(value)
    return seen


def _ordered(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: (isinstance(n, BNode), str(n)))


def _without(
    shapes: Graph,
    tops: set[IdentifiedNode],
    falling: set[IdentifiedNode],
    reaches: dict[IdentifiedNode, set[Node]],
    unsupported: set[Node],
) -> Graph:
    """The shapes the compiled engine runs: no trace of what falls back or cannot run."""
    kept_reach: set[Node] = set()
    for top in tops - falling:
        kept_reach |= reaches[top]
    dropped = set(unsupported)
    for top in falling:
        dropped |= reaches[top]
    for node in unsupported:
        dropped |= _reach(shapes, node)
    dropped -= kept_reach
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in shapes if s not in dropped)
    for prefix, namespace in shapes.namespaces():
        graph.bind(prefix, namespace, override=False)
    return graph


def _with_targets_of(
    shapes: Graph, tops: set[IdentifiedNode], falling: set[IdentifiedNode]
) -> Graph:
    """The shapes for pySHACL: as given, but only the fallback shapes keep their targets
    (the others are still there for the fallback shapes that refer to them)."""
    graph = Graph()
    graph += shapes
    for top in tops - falling:
        for predicate in (*_TARGETS, _SH.targetWhere):
            graph.remove((top, predicate, None))
        for class_type in _CLASS_TYPES:
            graph.remove((top, RDF.type, class_type))
    return graph


@cache
def builtin_plan() -> CompiledPlan:
    """The plan for goalgraph's own shapes, made once per process (two threads asking at
    once may both make it; either result is the same)."""
    return plan(builtin_shapes())


def plan_for(shapes: Path | str | Graph | None) -> CompiledPlan:
    """The plan for goalgraph's own shapes (None), a shapes file or folder, or a graph."""
    if shapes is None:
        return builtin_plan()
    if isinstance(shapes, Graph):
        return plan(shapes)
    return plan(load_shapes(shapes))


# ----------------------------------------------------------------------------------------
# Validating
# ----------------------------------------------------------------------------------------


def validate_data(
    data: Graph,
    *,
    shapes: Path | str | Graph | None = None,
    lang: str = "nb",
    engine: Engine = DEFAULT_ENGINE,
    mirror: SparqlMirror | None = None,
) -> ValidationReport:
    """Check ``data`` as it is (nothing is added) with ``engine``: what
    goalgraph.validation.engine.validate_complete returns for pySHACL. A ``mirror`` holding
    exactly the triples of ``data`` saves pySHACL making one."""
    from goalgraph.store.mirror import SparqlMirror
    from goalgraph.validation.engine import validate_complete

    if Engine(engine) is Engine.pyshacl:
        if mirror is None:
            mirror = SparqlMirror.of(data)
        return validate_complete(data, mirror, shapes=shapes, lang=lang)
    return run_plan(plan_for(shapes), data, lang=lang, mirror=mirror)


def run_plan(
    compiled: CompiledPlan,
    data: Graph,
    *,
    lang: str,
    mirror: SparqlMirror | None = None,
    engine_input: Any = None,
) -> ValidationReport:
    """Validate ``data`` with a plan, and report as pySHACL's report would be reported.

    ``engine_input``, the same triples in a form the compiled engine reads faster (their
    N-Triples text or an in-memory pyoxigraph store, see goalgraph.store.reader), is given
    to it instead of ``data``."""
    from goalgraph.validation.engine import finish

    report_graph = (
        _compiled_report(compiled, data if engine_input is None else engine_input)
        if compiled.compiled is not None
        else None
    )
    if compiled.fallback_shapes is not None:
        reference = _reference_report(compiled.fallback_shapes, data, lang, mirror)
        report_graph = reference if report_graph is None else _merged(report_graph, reference)
    assert report_graph is not None, "a plan runs at least one engine"
    report = finish(report_graph, data, compiled.shapes, lang)
    report.notes = compiled.notes
    return report


def _compiled_report(compiled: CompiledPlan, data: Any) -> Graph:
    import pyshacl_turbo

    if isinstance(data, str):
        # N-Triples text goes to the engine as it reads an in-memory store (which it first
        # writes out as N-Quads): same parser, blank nodes keeping their names, no store.
        from pyshacl_turbo.rdf import Input

        data = Input(data, "oxigraph-nquads", None, {}, preserve_ids=True)
    try:
        _, report_graph, _ = compiled.compiled.validate(data)
    except (pyshacl_turbo.ValidationFailure, pyshacl_turbo.ReportableRuntimeError) as exc:
        raise LoadError(f"the shapes cannot be used: {exc}", source=None) from exc
    assert isinstance(report_graph, Graph)
    return report_graph


def _reference_report(shapes: Graph, data: Graph, lang: str, mirror: SparqlMirror | None) -> Graph:
    from goalgraph.store.mirror import SparqlMirror
    from goalgraph.validation.engine import validate_complete

    if mirror is None:
        mirror = SparqlMirror.of(data)
    # The pySHACL part's report graph only: the wording rules are added once, by finish().
    return validate_complete(data, mirror, shapes=shapes, lang=lang, wording=False).graph


def _merged(report: Graph, other: Graph) -> Graph:
    """``report`` with the results of ``other`` added (both sh:ValidationReport graphs)."""
    head = next(report.subjects(RDF.type, SH.ValidationReport))
    other_head = next(other.subjects(RDF.type, SH.ValidationReport))
    conforms = report.value(head, SH.conforms)
    other_conforms = other.value(other_head, SH.conforms)
    report.addN((s, p, o, report) for s, p, o in other if s != other_head)
    report.addN((head, SH.result, r, report) for r in other.objects(other_head, SH.result))
    report.set((head, SH.conforms, Literal(bool(conforms) and bool(other_conforms))))
    return report
