"""Merge the wording rules' results into a SHACL validation report."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from goalgraph.validation.report import (
    Severity,
    ValidationReport,
    ValidationResult,
    counted,
    ordered,
)
from goalgraph.wording import rules


def with_wording(report: ValidationReport, data: Graph, shapes: Graph) -> ValidationReport:
    """``report`` with the results of the wording rules ``shapes`` declares, checked on
    ``data``, sorted and counted with the others (the report graph gets them too)."""
    declared = rules.declared(shapes)
    if not declared:
        return report
    found = rules.findings(data, declared)
    if not found:
        return report
    lang = report.lang
    added: list[ValidationResult] = []
    for finding in found:
        shape = URIRef(rules.SHAPES + finding.rule)
        severity_iri = shapes.value(shape, SH.severity)
        severity = Severity.of(severity_iri)
        messages = rules.messages(shapes, finding)
        labels = rules.focus_labels(data, finding.focus)
        added.append(
            ValidationResult(
                focus=finding.focus,
                focus_label=labels[lang],
                severity=severity,
                rule=finding.rule,
                path=finding.path,
                value=finding.value,
                message=messages.get(lang) or next(iter(messages.values()), finding.rule),
                messages=messages,
                focus_labels=labels,
            )
        )
        rules.report_triples(
            report.graph,
            shapes,
            finding,
            severity_iri if isinstance(severity_iri, URIRef) else SH.Violation,
        )
        if finding.rule not in report.rule_labels:
            report.rule_labels[finding.rule] = {
                lit.language or "": str(lit)
                for lit in shapes.objects(shape, RDFS.label)
                if isinstance(lit, Literal)
            }
    results = ordered([*report.results, *added])
    counts = counted(results)
    for conforms in list(report.graph.subjects(SH.conforms, None)):
        report.graph.set((conforms, SH.conforms, Literal(False)))
    return ValidationReport(
        conforms=counts[Severity.VIOLATION] == 0,
        counts=counts,
        results=results,
        graph=report.graph,
        lang=lang,
        rule_labels=report.rule_labels,
    )
