"""Live checks while a node is being edited: the SHACL results and wording warnings a save
of the draft would meet, before it is saved.

A draft is checked the way the write gate checks the save: its graph's content with the
draft in place of the node, with the graph's context, by the same validation. The graph's
content and context are read once per state of the store and reused for every keystroke;
only the nodes the draft newly links to are looked up.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, IdentifiedNode, URIRef

from goalgraph.editing.nodes import PlannedChange
from goalgraph.store.base import Store, Triple
from goalgraph.validation.context import DESCRIBING, GraphContext
from goalgraph.validation.report import Severity, ValidationReport, ValidationResult

ResultKey = tuple[str, str, str | None, str | None]


def result_key(result: ValidationResult) -> ResultKey:
    """How the write gate tells results apart (goalgraph.validation.gate)."""
    return (str(result.focus), result.rule, str(result.path), str(result.value))


@dataclass(frozen=True)
class DraftResult:
    """A result about the draft, and whether the draft would add it (a Violation the model
    has already does not refuse a save)."""

    result: ValidationResult
    new: bool

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "new": self.new}


@dataclass(frozen=True)
class DraftCheck:
    """What a save of the draft would meet: the results about the node, the Violations it
    would add to other nodes of the graph, and whether the gate would refuse it."""

    node: URIRef
    results: list[DraftResult]
    elsewhere: list[DraftResult]
    refused: bool
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "node": str(self.node),
            "refused": self.refused,
            "results": [r.to_json() for r in self.results],
            "elsewhere": [r.to_json() for r in self.elsewhere],
            "seconds": round(self.seconds, 3),
        }


def with_change(base: GraphContext, change: PlannedChange) -> set[Triple]:
    """The graph's content after ``change``."""
    content = set(base.content)
    if change.drop_blank_values:
        blanks = {o for s, _, o in content if s == change.node and isinstance(o, BNode)}
        content = {t for t in content if t[0] not in blanks and t[2] not in blanks}
    return (content - set(change.removed)) | set(change.added)


def draft_context(store: Store, base: GraphContext, content: set[Triple]) -> GraphContext:
    """``base`` with ``content`` as the graph's content and the types and labels of nodes of
    other graphs the content now links to."""
    described = {s for s, _, _ in content}
    known = {s for s, _, _ in base.context}
    linked = {o for _, _, o in content if isinstance(o, URIRef)}
    new = sorted(linked - described - known, key=str)
    extra = store.match(new, DESCRIBING, outside=base.graph) if new else []
    return GraphContext(base.graph, tuple(content), (*base.context, *extra))


def check_draft(
    store: Store,
    change: PlannedChange,
    base: GraphContext,
    before: ValidationReport,
    *,
    lang: str = "nb",
) -> DraftCheck:
    """Check ``change`` to ``base``'s graph (whose report as it is is ``before``)."""
    # The SHACL engine is imported by the first check: the web app starts without it.
    from goalgraph.validation.store import validate_context

    started = time.perf_counter()
    content = with_change(base, change)
    report = validate_context(draft_context(store, base, content), lang=lang)
    old = {result_key(r) for r in before.violations}
    node = change.node

    def drafted(results: Iterable[ValidationResult]) -> list[DraftResult]:
        return [
            DraftResult(r, r.severity is Severity.VIOLATION and result_key(r) not in old)
            for r in results
        ]

    own = drafted(r for r in report.results if _about(r.focus, node))
    elsewhere = [
        d for d in drafted(r for r in report.results if not _about(r.focus, node)) if d.new
    ]
    refused = any(d.new for d in own) or bool(elsewhere)
    return DraftCheck(node, own, elsewhere, refused, time.perf_counter() - started)


def _about(focus: IdentifiedNode, node: URIRef) -> bool:
    return focus == node


def warm_up() -> None:
    """Read what the first check needs once per process: the forms, and open the lexicons of
    the wording rules (on a machine's first start this builds their lookup files, seconds
    which a planner's first keystroke should not wait for)."""
    from goalgraph.editing.schema import forms
    from goalgraph.wording.lexicon import lexicon

    forms()
    for lang in ("nb", "en"):
        lexicon(lang)
