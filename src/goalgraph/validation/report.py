"""What validation found: results node by node, counted by severity, in words a planner reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rdflib import Graph, IdentifiedNode, URIRef
from rdflib.namespace import SH

from goalgraph.errors import ValidationError
from goalgraph.labels import LANGUAGES, short_name
from goalgraph.language import plural


class Severity(StrEnum):
    """The SHACL severities, in the order results are reported."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def of(cls, iri: object) -> Severity:
        """The severity an sh:resultSeverity IRI names; one of one's own counts as a
        Violation, the safe side."""
        return _BY_IRI.get(iri, cls.VIOLATION) if isinstance(iri, URIRef) else cls.VIOLATION


_BY_IRI = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}

#: Severities in the order results are reported.
SEVERITIES = tuple(Severity)

_TEXT: dict[str, dict[str, Any]] = {
    "nb": {
        "Violation": "Brudd",
        "Warning": "Advarsel",
        "Info": "Merknad",
        "conforms": "Modellen har ingen brudd på reglene.",
        "fails": "Modellen har brudd på reglene.",
        "summary": (("brudd", "brudd"), ("advarsel", "advarsler"), ("merknad", "merknader")),
    },
    "en": {
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "conforms": "The model has no Violations.",
        "fails": "The model has Violations.",
        "summary": (("Violation", "Violations"), ("Warning", "Warnings"), ("Info", "Infos")),
    },
}


@dataclass(frozen=True)
class ValidationResult:
    """One problem: the node to fix, the rule it breaks and what to do, in one language."""

    focus: IdentifiedNode
    focus_label: str
    severity: Severity
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
            "severity": str(self.severity),
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
    #: How the check was made, when it matters (a rule left to another engine), by language.
    notes: list[dict[str, str]] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity is Severity.VIOLATION]

    def to_json(self) -> dict[str, Any]:
        """The document printed by ``goalgraph validate --format json``."""
        document: dict[str, Any] = {
            "conforms": self.conforms,
            "counts": dict(self.counts),
            "results": [r.to_json() for r in self.results],
        }
        if self.notes:
            document["notes"] = [pick(note, self.lang) or "" for note in self.notes]
        return document

    def summary(self, lang: str | None = None) -> str:
        """The counts with nouns that agree: «0 brudd, 1 advarsel, 2 merknader»."""
        lang = check_lang(lang or self.lang)
        return ", ".join(
            plural(self.counts[severity], singular, plural_form, lang)
            for severity, (singular, plural_form) in zip(
                SEVERITIES, _TEXT[lang]["summary"], strict=True
            )
        )

    def to_text(self, lang: str | None = None) -> str:
        """Results grouped by rule, each group with the rule's advice and the nodes to fix."""
        lang = check_lang(lang or self.lang)
        words = _TEXT[lang]
        lines = [words["conforms"] if self.conforms else words["fails"], self.summary(lang)]
        groups: dict[tuple[str, str], list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault((result.severity, result.rule), []).append(result)
        for (severity, rule), results in groups.items():
            rule_label = pick(self.rule_labels.get(rule, {}), lang) or rule
            lines += ["", f"{words[severity]} · {rule} · {rule_label} ({len(results)})"]
            advice = dict.fromkeys(pick(r.messages, lang) or r.message for r in results)
            lines += [f"  {text}" for text in advice]
            for result in results:
                name = pick(result.focus_labels, lang) or result.focus_label
                detail = f"  - {name} <{result.focus}>"
                if result.path is not None:
                    detail += f"  {short_name(result.path)}"
                if result.value is not None and result.value != str(result.focus):
                    detail += f" = {_short_value(result.value)}"
                lines.append(detail)
        if self.notes:
            lines += ["", *(f"* {pick(note, lang)}" for note in self.notes)]
        return "\n".join(lines) + "\n"

    def raise_for_results(self) -> None:
        """Raise ValidationError naming every Violation when the model has any."""
        violations = self.violations
        if not violations:
            return
        listed = "; ".join(f"{r.rule}: {r.focus_label} <{r.focus}>" for r in violations)
        raise ValidationError(f"the model has {len(violations)} Violation(s): {listed}")


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"'{lang}' is not a supported language; use one of {', '.join(LANGUAGES)}")
    return lang


def pick(texts: dict[str, str], lang: str) -> str | None:
    """The text in ``lang``, else in another supported language, else any text."""
    if lang in texts:
        return texts[lang]
    for other in (*LANGUAGES, ""):
        if other in texts:
            return texts[other]
    return next(iter(texts.values()), None)


def _short_value(value: str) -> str:
    return short_name(URIRef(value)) if value.startswith(("http://", "https://")) else repr(value)


def ordered(results: list[ValidationResult]) -> list[ValidationResult]:
    """Results in the order reports list them: by severity, rule, node, path and value."""
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    return sorted(
        results,
        key=lambda r: (
            order.get(r.severity, len(order)),
            r.rule,
            str(r.focus),
            str(r.path or ""),
            r.value or "",
        ),
    )


def counted(results: list[ValidationResult]) -> dict[str, int]:
    """The number of results per severity, every severity present."""
    counts = {str(severity): 0 for severity in SEVERITIES}
    for result in results:
        counts[str(result.severity)] += 1
    return counts


def only(report: ValidationReport, keep: Callable[[IdentifiedNode], bool]) -> ValidationReport:
    """The report limited to the results whose focus node ``keep`` accepts."""
    kept = [r for r in report.results if keep(r.focus)]
    if len(kept) == len(report.results):
        return report
    graph = Graph()
    graph += report.graph
    for node in list(graph.objects(None, SH.result)):
        focus = graph.value(node, SH.focusNode)
        if isinstance(focus, IdentifiedNode) and not keep(focus):
            graph.remove((None, SH.result, node))
            graph.remove((node, None, None))
    counts = counted(kept)
    return ValidationReport(
        conforms=counts[Severity.VIOLATION] == 0,
        counts=counts,
        results=kept,
        graph=graph,
        lang=report.lang,
        rule_labels=report.rule_labels,
        notes=report.notes,
    )
