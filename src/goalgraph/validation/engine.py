"""Run pySHACL on a model and turn its report into goalgraph's results, node by node."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph, IdentifiedNode, Literal, Node, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.query import Result
from rdflib.term import Identifier

from goalgraph.errors import LoadError
from goalgraph.files import new_graph, vocabulary_triples
from goalgraph.labels import LANGUAGES, label
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.store import Store, model_graph
from goalgraph.store.mirror import SparqlMirror, prepared
from goalgraph.validation import chainshapes
from goalgraph.validation.engines import DEFAULT_ENGINE, Engine, validate_data
from goalgraph.validation.report import (
    Severity,
    ValidationReport,
    ValidationResult,
    check_lang,
    counted,
    ordered,
    pick,
)
from goalgraph.validation.shapes import (
    builtin_shapes,
    local_name,
    named_shape,
    read_shapes,
    rule_id,
)

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

logger = logging.getLogger(__name__)

_SDG_MODULE_IRI = URIRef("https://w3id.org/goalgraph/sdg")

#: pyshacl options, chosen on purpose (see README, "Validation"):
#: - no pre-inference: the ontology is part of the data graph, so class targets and sh:class
#:   already follow rdfs:subClassOf; RDFS domain/range inference would instead turn a wrong
#:   link into a type (a measure that "realises" a goal would become a strategy) and hide
#:   exactly the mistakes the shapes are there to report;
#: - no SHACL-AF ("advanced"): every rule is SHACL Core or SHACL-SPARQL, and SHACL rules or
#:   custom targets would make pyshacl copy and extend the data graph on every run.
PYSHACL_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": False}


class _QueryGraph(Graph):
    """A view on a graph's store whose SPARQL queries go to an Oxigraph mirror when one
    can answer them, else to rdflib, parsing each text only once per process."""

    def __init__(self, graph: Graph, mirror: SparqlMirror | None = None) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier)
        self._mirror = mirror

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str):
            if self._mirror is not None and not initNs and not kwargs:
                answer = self._mirror.answer(query_object, initBindings or {})
                if answer is not None:
                    return answer
            query_object = prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def has_vocabulary(data: Graph) -> bool:
    """True when ``data`` holds the ontology and the SDG module (so validate adds neither)."""
    return all((iri, RDF.type, OWL.Ontology) in data for iri in (ONTOLOGY_IRI, _SDG_MODULE_IRI))


def add_vocabulary(data: Graph) -> None:
    """Add the ontology and the SDG module to ``data`` in place."""
    data.addN((s, p, o, data) for s, p, o in vocabulary_triples())


def _with_vocabulary(data: Graph) -> Graph:
    """A graph holding data, ontology and SDG module, flattening named graphs into one."""
    if isinstance(data, ConjunctiveGraph):
        # pyshacl validates each named graph of a dataset on its own; the rules need one graph.
        flat = new_graph()
        flat.addN((s, p, o, flat) for s, p, o, _ in data.quads((None, None, None, None)))
        data = flat
    elif has_vocabulary(data):
        return data
    else:
        copied = new_graph()
        copied += data
        data = copied
    if not has_vocabulary(data):
        add_vocabulary(data)
    return data


def validate(
    data: Graph | Store,
    *,
    shapes: Path | str | Graph | None = None,
    lang: str = "nb",
    mirror: SparqlMirror | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> ValidationReport:
    """Check a whole model against the shapes (goalgraph's own unless ``shapes`` is given).

    ``data`` is a store (its data graphs are checked as one model), or an rdflib graph of
    the model, with or without the ontology and SDG module (a graph without them gets them
    added to a copy; add_vocabulary adds them in place, saving the copy). Messages and labels
    are in ``lang`` (nb or en). A ``mirror`` built alongside ``data`` (holding exactly its
    triples, vocabulary included) saves making one. ``engine`` is the compiled engine or
    pySHACL (goalgraph.validation.engines); both report the same. Raises LoadError when the
    shapes cannot be read or used.
    """
    check_lang(lang)
    if not isinstance(data, Graph):
        data = model_graph(data)
    data_graph = _with_vocabulary(data)
    if Engine(engine) is not Engine.pyshacl:
        given = mirror if data_graph is data else None
        return validate_data(data_graph, shapes=shapes, lang=lang, engine=engine, mirror=given)
    if mirror is None or data_graph is not data:
        mirror = SparqlMirror.of(data_graph)
    return validate_complete(data_graph, mirror, shapes=shapes, lang=lang)


def validate_complete(
    data: Graph,
    mirror: SparqlMirror,
    *,
    shapes: Path | str | Graph | None = None,
    lang: str = "nb",
    own_shapes: bool = False,
    wording: bool = True,
) -> ValidationReport:
    """Check ``data`` as it is, with ``mirror`` holding exactly its triples: unlike validate,
    nothing is added, so the caller has put in what the shapes read of the vocabulary.
    With ``own_shapes``, the ``shapes`` graph is the caller's own to be changed, not copied.
    """
    # pySHACL (with rdflib's SPARQL engine, about 20 MB) comes in when a graph is validated,
    # not with goalgraph.validation: loading, querying and reporting never need it.
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    check_lang(lang)
    # pyshacl adds a few triples to the shapes graph it is given: unless it is the caller's
    # to change, hand it a copy, so that neither the caller's graph nor the cached built-in
    # shapes change under a reader.
    if isinstance(shapes, Graph) and own_shapes:
        shapes_graph = shapes
    else:
        shapes_graph = new_graph()
        if isinstance(shapes, Graph):
            shapes_graph += shapes
        else:
            shapes_graph += builtin_shapes() if shapes is None else read_shapes([Path(shapes)])
    started = time.perf_counter()
    # The goal-chain shapes are answered in one pass over the graph (see chainshapes).
    taken = chainshapes.take(shapes_graph, builtin_shapes())
    try:
        _, report_graph, report_text = pyshacl.validate(
            _QueryGraph(data, mirror),
            shacl_graph=shapes_graph,
            **PYSHACL_OPTIONS,
        )
    except ReportableRuntimeError as exc:
        raise LoadError(f"the shapes cannot be used: {exc.message}", source=None) from exc
    finally:
        chainshapes.put_back(shapes_graph, taken)
    if not isinstance(report_graph, Graph):
        # pyshacl returns the failure in place of the report when a shape is unusable.
        raise LoadError(f"the shapes cannot be used: {report_text}", source=None)
    chainshapes.add_results(report_graph, data, shapes_graph, taken)
    logger.debug("validated %d triples in %.2fs", len(data), time.perf_counter() - started)
    if not wording:
        return _report(report_graph, data, shapes_graph, lang)
    return finish(report_graph, data, shapes_graph, lang)


def report_reads() -> frozenset[URIRef]:
    """The predicates ``finish`` reads of the data (labels, and what the wording rules read):
    given only these triples of the data, it makes the same report."""
    from goalgraph.labels import LABEL_PROPERTIES
    from goalgraph.wording.rules import READS

    return frozenset((*LABEL_PROPERTIES, *READS))


def finish(report_graph: Graph, data: Graph, shapes: Graph, lang: str) -> ValidationReport:
    """The report of an engine's report graph, with the wording rules' results added (they
    need a lexicon, which SHACL cannot call; see shapes/wording.ttl)."""
    from goalgraph.wording.validation import with_wording

    return with_wording(_report(report_graph, data, shapes, lang), data, shapes)


def _report(report_graph: Graph, data: Graph, shapes: Graph, lang: str) -> ValidationReport:
    results = ordered(
        [
            _result(report_graph, node, data, shapes, lang)
            for node in report_graph.objects(None, SH.result)
        ]
    )
    counts = counted(results)
    rule_labels: dict[str, dict[str, str]] = {}
    for shape in set(report_graph.objects(None, SH.sourceShape)):
        named = named_shape(shapes, shape)
        if named is not None:
            rule_labels[local_name(named)] = {
                lit.language or "": str(lit)
                for lit in shapes.objects(named, RDFS.label)
                if isinstance(lit, Literal)
            }
    return ValidationReport(
        conforms=counts[Severity.VIOLATION] == 0,
        counts=counts,
        results=results,
        graph=report_graph,
        lang=lang,
        rule_labels=rule_labels,
    )


def _result(report: Graph, node: Node, data: Graph, shapes: Graph, lang: str) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    assert isinstance(focus, IdentifiedNode), "SHACL focus nodes are IRIs or blank nodes"
    severity_iri = report.value(node, SH.resultSeverity)
    severity = Severity.of(severity_iri)
    shape = report.value(node, SH.sourceShape)
    rule = rule_id(shapes, shape) if shape is not None else "AnonymousShape"
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    messages = _messages(report, node, shapes, shape)
    if not messages:
        component = report.value(node, SH.sourceConstraintComponent)
        messages[""] = f"{rule}: {local_name(component) if isinstance(component, URIRef) else ''}"
    focus_labels = {language: label(data, focus, language) for language in LANGUAGES}
    return ValidationResult(
        focus=focus,
        focus_label=focus_labels[lang],
        severity=severity,
        rule=rule,
        path=path if isinstance(path, URIRef) else None,
        value=str(value) if value is not None else None,
        message=pick(messages, lang) or "",
        messages=messages,
        focus_labels=focus_labels,
    )


def _messages(report: Graph, node: Node, shapes: Graph, shape: Node | None) -> dict[str, str]:
    """The result's messages by language.

    pyshacl drops the language tag of a SPARQL-based result's messages (it fills in the
    bound variables); a message equal to one of the shape's own gets that one's language back,
    else every language would share one key and the message shown would be any of them.
    """
    languages: dict[str, str] = {}
    for source in (shape, report.value(node, SH.sourceConstraint)):
        if source is not None:
            for lit in shapes.objects(source, SH.message):
                if isinstance(lit, Literal) and lit.language:
                    languages.setdefault(str(lit), lit.language)
    messages: dict[str, str] = {}
    for lit in report.objects(node, SH.resultMessage):
        if isinstance(lit, Literal):
            text = str(lit)
            messages[lit.language or languages.get(text, "")] = text
    return messages
