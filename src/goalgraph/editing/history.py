"""The change records of the editor, in the store itself (PROV-O), and undoing changes.

Every change saved in the editor is a ``prov:Activity`` in the history graph of the graph it
changed (goalgraph.store.history_graph): who saved it (``prov:wasAssociatedWith`` an agent
named after the editor), when (``prov:endedAtTime``), the node (``gg:changedNode``, its IRI
as text) and the triples added and removed (``gg:addedTriples``, ``gg:removedTriples``, as
N-Triples). Nothing in a record links to a node of the model, so no query about the model
meets one; the history graphs are not data graphs (goalgraph.store.data_graphs).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from goalgraph.editing.nodes import PlannedChange, as_text, nt_line
from goalgraph.errors import LoadError
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.store import history_graph
from goalgraph.store.base import Store, Triple
from goalgraph.store.changes import EDITOR_PREFIX, is_history_graph, recorded_graph


def agent(name: str) -> URIRef:
    """The PROV agent standing for the editor ``name``."""
    return URIRef(EDITOR_PREFIX + name)


def new_change() -> URIRef:
    """A fresh IRI for a change record."""
    return URIRef(f"urn:uuid:{uuid.uuid4()}")


@dataclass(frozen=True)
class ChangeRecord:
    """One saved change of a node: who, when, and the triples removed and added."""

    change: URIRef
    graph: URIRef
    node: URIRef
    at: datetime
    by: str
    added: tuple[Triple, ...]
    removed: tuple[Triple, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "change": str(self.change),
            "at": self.at.isoformat(),
            "by": self.by,
            "added": [nt_line(t) for t in self.added],
            "removed": [nt_line(t) for t in self.removed],
        }


def record_triples(
    change: PlannedChange, editor: str, at: datetime, record: URIRef
) -> list[Triple]:
    """The statements recording ``change`` as saved by ``editor`` at ``at``."""
    who = agent(editor)
    stamp = Literal(at.astimezone(UTC).isoformat(), datatype=XSD.dateTime)
    triples: list[Triple] = [
        (record, RDF.type, PROV.Activity),
        (record, PROV.wasAssociatedWith, who),
        (record, PROV.endedAtTime, stamp),
        (record, GG.changedNode, as_text(change.node)),
        (who, RDF.type, PROV.Agent),
    ]
    if change.added:
        triples.append((record, GG.addedTriples, Literal(_text(change.added))))
    if change.removed:
        triples.append((record, GG.removedTriples, Literal(_text(change.removed))))
    return triples


def _text(triples: Iterable[Triple]) -> str:
    return "\n".join(nt_line(t) for t in triples)


def parse_triples(text: str | None) -> tuple[Triple, ...]:
    """The triples of a record's N-Triples text."""
    if not text:
        return ()
    graph = Graph()
    try:
        graph.parse(data=text, format="nt")
    except Exception as exc:  # rdflib's parsers raise anything
        raise LoadError(f"a change record holds triples that cannot be read: {exc}") from exc
    return tuple(graph)  # type: ignore[arg-type]


def _datetime(value: object) -> datetime:
    text = str(value)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def node_history(store: Store, node: URIRef, graphs: Sequence[URIRef]) -> list[ChangeRecord]:
    """The change records of ``node`` in the history graphs of ``graphs``, newest first."""
    if not graphs:
        return []
    histories = [history_graph(g) for g in graphs]
    rows = select(store, "editor-history", {"node": as_text(node), "history": histories})
    found = []
    for history, change, at, by, added, removed in rows:
        if not isinstance(change, URIRef) or not is_history_graph(history):
            continue
        name = str(by).removeprefix(EDITOR_PREFIX)
        found.append(
            ChangeRecord(
                change=change,
                graph=recorded_graph(history),  # type: ignore[arg-type]
                node=node,
                at=_datetime(at),
                by=name,
                added=parse_triples(str(added) if added is not None else None),
                removed=parse_triples(str(removed) if removed is not None else None),
            )
        )
    found.sort(key=lambda r: (r.at, str(r.change)), reverse=True)
    return found


def reverting(
    records: Sequence[ChangeRecord], back_to: URIRef, present: set[Triple]
) -> tuple[list[Triple], list[Triple]] | None:
    """What undoing the change ``back_to`` and every later one of ``records`` (newest first)
    does: the triples to remove and to add, given the ``present`` triples the records touch.
    None when ``back_to`` is not among the records."""
    wanted = [r.change for r in records]
    if back_to not in wanted:
        return None
    undone = records[: wanted.index(back_to) + 1]
    touched = {t for r in undone for t in (*r.added, *r.removed)}
    state = {t for t in touched if t in present}
    for record in undone:
        state = (state - set(record.added)) | set(record.removed)
    remove = [t for t in touched if t in present and t not in state]
    add = [t for t in touched if t in state and t not in present]
    return sorted(remove, key=nt_line), sorted(add, key=nt_line)


def now() -> datetime:
    """The time a change is saved at."""
    return datetime.now(UTC)
