"""Merge the wording rules' results into a SHACL validation report."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from goalgraph.validate import SEVERITIES, ValidationReport, ValidationResult
from goalgraph.wording import rules

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


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
        severity = (
            _SEVERITIES.get(severity_iri, "Violation")
            if isinstance(severity_iri, URIRef)
            else "Violation"
        )
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
    order = {severity: index for index, severity in enumerate(SEVERITIES)}
    results = sorted(
        [*report.results, *added],
        key=lambda r: (
            order.get(r.severity, len(order)),
            r.rule,
            str(r.focus),
            str(r.path or ""),
            r.value or "",
        ),
    )
    counts = dict.fromkeys(SEVERITIES, 0)
    for result in results:
        counts[result.severity] += 1
    for conforms in list(report.graph.subjects(SH.conforms, None)):
        report.graph.set((conforms, SH.conforms, Literal(False)))
    return ValidationReport(
        conforms=counts["Violation"] == 0,
        counts=counts,
        results=results,
        graph=report.graph,
        lang=lang,
        rule_labels=report.rule_labels,
    )
