"""Validate a goalgraph model against the SHACL shapes and report what to fix, node by node."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox
import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, IdentifiedNode, Literal, Node, URIRef, Variable
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier

from goalgraph.errors import LoadError, ValidationError
from goalgraph.labels import LANGUAGES, label, short_name
from goalgraph.load import new_graph, parse_file, rdf_files, vocabulary
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.resources import shapes_dir
from goalgraph.store import native
from goalgraph.store.base import Term
from goalgraph.store.oxigraph import from_ox, to_ox

logger = logging.getLogger(__name__)

#: Severities in the order results are reported.
SEVERITIES = ("Violation", "Warning", "Info")

_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_SDG_MODULE_IRI = URIRef("https://w3id.org/goalgraph/sdg")

#: pyshacl options, chosen on purpose (see README, "Validation"):
#: - no pre-inference: the ontology is part of the data graph, so class targets and sh:class
#:   already follow rdfs:subClassOf; RDFS domain/range inference would instead turn a wrong
#:   link into a type (a measure that "realises" a goal would become a strategy) and hide
#:   exactly the mistakes the shapes are there to report;
#: - no SHACL-AF ("advanced"): every rule is SHACL Core or SHACL-SPARQL, and SHACL rules or
#:   custom targets would make pyshacl copy and extend the data graph on every run.
PYSHACL_OPTIONS: dict[str, Any] = {"inference": "none", "advanced": False}

_TEXT = {
    "nb": {
        "Violation": "Brudd",
        "Warning": "Advarsel",
        "Info": "Merknad",
        "conforms": "Modellen har ingen brudd på reglene.",
        "fails": "Modellen har brudd på reglene.",
        "summary": "{Violation} brudd, {Warning} advarsler, {Info} merknader",
    },
    "en": {
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "conforms": "The model has no Violations.",
        "fails": "The model has Violations.",
        "summary": "{Violation} Violations, {Warning} Warnings, {Info} Infos",
    },
}


@dataclass(frozen=True)
class ValidationResult:
    """One problem: the node to fix, the rule it breaks and what to do, in one language."""

    focus: IdentifiedNode
    focus_label: str
    severity: str
    rule: str
    path: URIRef | None
    value: str | None
    message: str
    #: The message and the focus node's label in every language (for reports in another one).
    messages: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    focus_labels: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The result as in the ``results`` list of ``goalgraph validate --format json``."""
        return {
            "focus": str(self.focus),
            "focus_label": self.focus_label,
            "severity": self.severity,
            "rule": self.rule,
            "path": str(self.path) if self.path is not None else None,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class ValidationReport:
    """The outcome of a validation: conformance, counts per severity and the sorted results."""

    conforms: bool
    counts: dict[str, int]
    results: list[ValidationResult]
    graph: Graph
    lang: str = "nb"
    #: rule → language → the rule's label, for grouping results in text.
    rule_labels: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    def to_json(self) -> dict[str, Any]:
        """The document printed by ``goalgraph validate --format json``."""
        return {
            "conforms": self.conforms,
            "counts": dict(self.counts),
            "results": [r.to_json() for r in self.results],
        }

    def to_text(self, lang: str | None = None) -> str:
        """Results grouped by rule, each group with the rule's advice and the nodes to fix."""
        lang = _check_lang(lang or self.lang)
        words = _TEXT[lang]
        lines = [
            words["conforms"] if self.conforms else words["fails"],
            words["summary"].format(**self.counts),
        ]
        groups: dict[tuple[str, str], list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault((result.severity, result.rule), []).append(result)
        for (severity, rule), results in groups.items():
            rule_label = _pick(self.rule_labels.get(rule, {}), lang) or rule
            lines += ["", f"{words[severity]} · {rule} · {rule_label} ({len(results)})"]
            advice = dict.fromkeys(_pick(r.messages, lang) or r.message for r in results)
            lines += [f"  {text}" for text in advice]
            for result in results:
                name = _pick(result.focus_labels, lang) or result.focus_label
                detail = f"  - {name} <{result.focus}>"
                if result.path is not None:
                    detail += f"  {short_name(result.path)}"
                if result.value is not None and result.value != str(result.focus):
                    detail += f" = {_short_value(result.value)}"
                lines.append(detail)
        return "\n".join(lines) + "\n"

    def raise_for_results(self) -> None:
        """Raise ValidationError naming every Violation when the model has any."""
        violations = self.violations
        if not violations:
            return
        listed = "; ".join(f"{r.rule}: {r.focus_label} <{r.focus}>" for r in violations)
        raise ValidationError(f"the model has {len(violations)} Violation(s): {listed}")


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"'{lang}' is not a supported language; use one of {', '.join(LANGUAGES)}")
    return lang


def _pick(texts: dict[str, str], lang: str) -> str | None:
    """The text in ``lang``, else in another supported language, else any text."""
    if lang in texts:
        return texts[lang]
    for other in (*LANGUAGES, ""):
        if other in texts:
            return texts[other]
    return next(iter(texts.values()), None)


def _short_value(value: str) -> str:
    return short_name(URIRef(value)) if value.startswith(("http://", "https://")) else repr(value)


# ----------------------------------------------------------------------------------------
# Shapes
# ----------------------------------------------------------------------------------------


def _read_shapes(paths: list[Path]) -> Graph:
    graph = new_graph()
    for path in rdf_files(paths):
        parse_file(graph, path)
    if not any(str(p).startswith(str(SH)) for p in graph.predicates(unique=True)):
        where = ", ".join(str(p) for p in paths)
        raise LoadError(f"{where}: holds no SHACL shapes", source=where)
    return graph


@cache
def _builtin_shapes() -> Graph:
    return _read_shapes([shapes_dir()])


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes in a file or folder, or goalgraph's own shapes when ``path`` is None."""
    graph = new_graph()
    graph += _builtin_shapes() if path is None else _read_shapes([Path(path)])
    return graph


def _named_shape(shapes: Graph, shape: Node) -> URIRef | None:
    """The shape itself when named, else the named shape it is nested in (if any)."""
    seen: set[Node] = set()
    current: Node | None = shape
    while isinstance(current, BNode) and current not in seen:
        seen.add(current)
        current = next(
            (s for p in (SH.property, SH.node) for s in shapes.subjects(p, current)), None
        )
    return current if isinstance(current, URIRef) else None


def rule_id(shapes: Graph, shape: Node) -> str:
    """The stable short name of the rule a shape stands for: its local name.

    A blank shape nested in a named one (through sh:property or sh:node) belongs to that
    named shape's rule; a shape with no name anywhere is an "AnonymousShape".
    """
    named = _named_shape(shapes, shape)
    return _local_name(named) if named is not None else "AnonymousShape"


def _local_name(iri: URIRef) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return text


# ----------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


class SparqlMirror:
    """An in-memory Oxigraph copy of a data graph, answering the SPARQL pyshacl asks of it.

    pyshacl runs a SPARQL-based constraint once per focus node, and rdflib's SPARQL engine
    (parsing and evaluating in Python) is then most of the validation time. The copy holds
    the rdflib graph's own terms (literals in the lexical form rdflib gave them), and
    answers are mapped back to those very terms.
    """

    def __init__(self) -> None:
        self.store = ox.Store()
        self._to_ox: dict[Node, _OxTerm] = {}
        self._from_ox: dict[_OxTerm, Identifier] = {}
        self._by_focus: dict[str, _ByFocus | None] = {}

    @classmethod
    def of(cls, triples: Iterable[tuple[Node, Node, Node]]) -> SparqlMirror:
        """A mirror of rdflib triples (an rdflib graph, for one)."""
        mirror = cls()
        convert = mirror._convert
        mirror.store.extend([ox.Quad(*map(convert, triple)) for triple in triples])
        return mirror

    def copy_into(self, graph: Graph, triples: Iterable[tuple[_OxTerm, _OxTerm, _OxTerm]]) -> None:
        """Add pyoxigraph triples, as (subject, predicate, object), to both ``graph`` and the
        mirror, as ``OxigraphStore.export`` would convert them."""
        terms: dict[_OxTerm, tuple[Identifier, _OxTerm]] = {}

        def pair(term: _OxTerm) -> tuple[Identifier, _OxTerm]:
            found = terms.get(term)
            if found is None:
                rdflib_term = cast(Identifier, from_ox(term))
                # A literal goes into the mirror as rdflib wrote it (canonical lexical form).
                mirrored = self._convert(rdflib_term) if isinstance(term, ox.Literal) else term
                self._from_ox.setdefault(mirrored, rdflib_term)
                found = terms[term] = (rdflib_term, mirrored)
            return found

        rdflib_triples = []
        quads = []
        for subject, predicate, object_ in triples:
            s, s_ox = pair(subject)
            p, p_ox = pair(predicate)
            o, o_ox = pair(object_)
            rdflib_triples.append((s, p, o, graph))
            quads.append(ox.Quad(s_ox, p_ox, o_ox))  # type: ignore[arg-type]
        graph.addN(rdflib_triples)
        self.store.extend(quads)

    def _convert(self, term: Node) -> Any:  # an _OxTerm; Any lets it fill any Quad position
        found = self._to_ox.get(term)
        if found is None:
            found = to_ox(cast(Term, term))
            self._to_ox[term] = found
            self._from_ox.setdefault(found, cast(Identifier, term))
        return found

    def answer(self, text: str, bindings: Mapping[str, Node]) -> Result | None:
        """The answer to a SELECT or ASK query with ``bindings`` pre-bound, or None when
        Oxigraph cannot answer it as rdflib would (then rdflib answers it)."""
        if text in _RDFLIB_ONLY or any(isinstance(v, Literal) for v in bindings.values()):
            return None
        if bindings.keys() == {"this"}:
            table = self._table(text)
            if table is not None:
                result = Result("SELECT")
                result.vars = table.variables
                result.bindings = list(table.rows.get(self._convert(bindings["this"]), ()))
                return result
        try:
            found = native.query(
                self.store,
                text,
                substitutions={ox.Variable(k): self._convert(v) for k, v in bindings.items()},
            )
        except (SyntaxError, RuntimeError) as exc:
            # Oxigraph pre-binds only projected variables and knows no SPARQL extensions.
            logger.debug("SPARQL left to rdflib (%s): %s", exc, text)
            _RDFLIB_ONLY.add(text)
            return None
        if isinstance(found, bool):
            result = Result("ASK")
            result.askAnswer = found
            return result
        if not isinstance(found, native.Solutions):
            _RDFLIB_ONLY.add(text)
            return None
        variables = [Variable(v) for v in found.variables]
        result = Result("SELECT")
        result.vars = variables
        result.bindings = [self._row(variables, row) for row in found.rows]
        return result

    def _table(self, text: str) -> _ByFocus | None:
        """The answers for every focus node at once, by the node bound to $this, for a SELECT
        in which every solution binds $this: pySHACL asks it once per focus node, and one
        evaluation costs about what one of those asks does."""
        if text in self._by_focus:
            return self._by_focus[text]
        table: _ByFocus | None = None
        if _binds_this_in_every_solution(text):
            try:
                found = native.query(self.store, text)
            except (SyntaxError, RuntimeError):
                found = None
            if isinstance(found, native.Solutions):
                variables = [Variable(v) for v in found.variables]
                this = variables.index(_THIS)
                table = _ByFocus(variables, defaultdict(list))
                for row in found.rows:
                    table.rows[row[this]].append(self._row(variables, row))
        self._by_focus[text] = table
        return table

    def _row(self, variables: list[Variable], row: Any) -> dict[Variable, Identifier]:
        return {
            var: self._term(value)
            for var, value in zip(variables, row, strict=True)
            if value is not None
        }

    def _term(self, term: _OxTerm) -> Identifier:
        known = self._from_ox.get(term)
        return known if known is not None else from_ox(term)


@dataclass
class _ByFocus:
    """A SELECT's solutions grouped by the focus node bound to $this."""

    variables: list[Variable]
    rows: dict[_OxTerm, list[Mapping[Variable, Identifier]]]


_THIS = Variable("this")


@lru_cache(maxsize=256)
def _binds_this_in_every_solution(text: str) -> bool:
    """True for a SELECT that projects $this and binds it in every solution, with no
    sub-select, grouping or limit: then pre-binding $this only picks the solutions that
    bind it to that node."""
    try:
        algebra = _prepared(text).algebra
    except Exception:  # noqa: BLE001 - rdflib raises many kinds; the caller asks Oxigraph
        return False
    return algebra.name == "SelectQuery" and _THIS in _certain(algebra.p)


def _certain(node: Any) -> frozenset[Variable]:
    """The variables every solution of an algebra node binds (empty for forms not followed)."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return frozenset(t for triple in node.triples for t in triple if isinstance(t, Variable))
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name in ("LeftJoin", "Filter", "Extend", "Distinct", "Reduced", "OrderBy"):
        return _certain(node.p1 if name == "LeftJoin" else node.p)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Project":
        return _certain(node.p) & frozenset(node.PV)
    return frozenset()


#: Query texts Oxigraph cannot answer as rdflib would; found once per process.
_RDFLIB_ONLY: set[str] = set()


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
            query_object = _prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@cache
def vocabulary_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology and the SDG module, kept once per process (goalgraph.load.vocabulary()
    hands out a fresh copy on every call)."""
    return tuple(vocabulary())


@cache
def vocabulary_ox() -> tuple[tuple[_OxTerm, _OxTerm, _OxTerm], ...]:
    """The ontology and the SDG module as pyoxigraph triples (for SparqlMirror.copy_into),
    converted once per process: a worker adds them to every graph it validates."""
    mirror = SparqlMirror.of(vocabulary_triples())
    # Any: pyoxigraph types a quad's subject and object as possibly a quoted triple.
    quads: list[Any] = native.quads(mirror.store)
    return tuple((q.subject, q.predicate, q.object) for q in quads)


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
    data: Graph,
    *,
    shapes: Path | str | Graph | None = None,
    lang: str = "nb",
    mirror: SparqlMirror | None = None,
) -> ValidationReport:
    """Check a model against the shapes (goalgraph's own unless ``shapes`` is given).

    ``data`` is a graph as returned by ``goalgraph.load`` (model, ontology and SDG module);
    a graph with only the model gets the vocabulary added to a copy (add_vocabulary adds it
    in place, saving the copy). Messages and labels are in ``lang`` (nb or en). A ``mirror``
    built alongside ``data`` (holding exactly its triples, vocabulary included) saves making
    one. Raises LoadError when the shapes cannot be read or used.
    """
    _check_lang(lang)
    data_graph = _with_vocabulary(data)
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
) -> ValidationReport:
    """Check ``data`` as it is, with ``mirror`` holding exactly its triples: unlike validate,
    nothing is added, so the caller has put in what the shapes read of the vocabulary.
    With ``own_shapes``, the ``shapes`` graph is the caller's own to be changed, not copied.
    """
    _check_lang(lang)
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
            shapes_graph += _builtin_shapes() if shapes is None else _read_shapes([Path(shapes)])
    started = time.perf_counter()
    try:
        _, report_graph, report_text = pyshacl.validate(
            _QueryGraph(data, mirror),
            shacl_graph=shapes_graph,
            **PYSHACL_OPTIONS,
        )
    except ReportableRuntimeError as exc:
        raise LoadError(f"the shapes cannot be used: {exc.message}", source=None) from exc
    if not isinstance(report_graph, Graph):
        # pyshacl returns the failure in place of the report when a shape is unusable.
        raise LoadError(f"the shapes cannot be used: {report_text}", source=None)
    logger.debug("validated %d triples in %.2fs", len(data), time.perf_counter() - started)
    return _report(report_graph, data, shapes_graph, lang)


def _report(report_graph: Graph, data: Graph, shapes: Graph, lang: str) -> ValidationReport:
    results = [
        _result(report_graph, node, data, shapes, lang)
        for node in report_graph.objects(None, SH.result)
    ]
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    results.sort(
        key=lambda r: (
            order.get(r.severity, len(order)),
            r.rule,
            str(r.focus),
            str(r.path or ""),
            r.value or "",
        )
    )
    counts = dict.fromkeys(SEVERITIES, 0)
    for result in results:
        counts[result.severity] += 1
    rule_labels: dict[str, dict[str, str]] = {}
    for shape in set(report_graph.objects(None, SH.sourceShape)):
        named = _named_shape(shapes, shape)
        if named is not None:
            rule_labels[_local_name(named)] = {
                lit.language or "": str(lit)
                for lit in shapes.objects(named, RDFS.label)
                if isinstance(lit, Literal)
            }
    return ValidationReport(
        conforms=counts["Violation"] == 0,
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
    # SHACL allows severities of one's own; they count as Violations, the safe side.
    severity = (
        _SEVERITY_NAMES.get(severity_iri, "Violation")
        if isinstance(severity_iri, URIRef)
        else "Violation"
    )
    shape = report.value(node, SH.sourceShape)
    rule = rule_id(shapes, shape) if shape is not None else "AnonymousShape"
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    messages = _messages(report, node, shapes, shape)
    if not messages:
        component = report.value(node, SH.sourceConstraintComponent)
        messages[""] = f"{rule}: {_local_name(component) if isinstance(component, URIRef) else ''}"
    focus_labels = {language: label(data, focus, language) for language in LANGUAGES}
    return ValidationResult(
        focus=focus,
        focus_label=focus_labels[lang],
        severity=severity,
        rule=rule,
        path=path if isinstance(path, URIRef) else None,
        value=str(value) if value is not None else None,
        message=_pick(messages, lang) or "",
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
