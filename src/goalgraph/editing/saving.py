"""Saving what an editor asks for: who may change which graph, the node's version, the
write gate, and the change with its record written in one transaction.

Every operation here runs as the only writer (the caller holds the store's write lock) and
raises before anything is written: a refused change leaves the store exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from goalgraph.editing.history import (
    ChangeRecord,
    new_change,
    node_history,
    now,
    record_triples,
    reverting,
)
from goalgraph.editing.nodes import (
    EditError,
    NodeConflict,
    NodeInput,
    NodeState,
    PlannedChange,
    difference,
    form_of,
    graph_namespace,
    home_graph,
    incoming,
    mint,
    mint_base,
    node_state,
    plan_delete,
    planned_triples,
    read_input,
    version_of,
)
from goalgraph.editing.schema import Forms
from goalgraph.errors import GoalgraphError, UnknownNodeError
from goalgraph.iri import expand
from goalgraph.store import GraphChange, change_update, history_graph
from goalgraph.store.base import Store
from goalgraph.validation.gate import Content, Gate


class EditNotAllowed(GoalgraphError):
    """The editor may not change that graph (answered with 403)."""


@dataclass(frozen=True)
class Editor:
    """A person or party allowed to change some named graphs."""

    name: str
    graphs: frozenset[URIRef]

    def may_edit(self, graph: URIRef) -> bool:
        return graph in self.graphs

    def check(self, graph: URIRef) -> None:
        if not self.may_edit(graph):
            raise EditNotAllowed(
                f"editor '{self.name}' may not change <{graph}>; its graphs: "
                + ", ".join(f"<{g}>" for g in sorted(self.graphs))
            )


@dataclass(frozen=True)
class Saved:
    """What a save did: the node, its graph and version afterwards, and the change record
    (None when the request changed nothing)."""

    node: URIRef
    graph: URIRef
    version: str
    record: URIRef | None
    removed: int = 0
    added: int = 0


def find_graph(store: Store, editor: Editor, node: URIRef) -> URIRef:
    """The graph ``node`` is described in, which ``editor`` must be allowed to change:
    UnknownNodeError when no data graph types it, EditNotAllowed for another editor's."""
    graph = home_graph(store, node)
    if graph is None:
        raise UnknownNodeError(f"<{node}> is not a node of any graph; check the IRI")
    editor.check(graph)
    return graph


def history_graph_of(store: Store, editor: Editor, node: URIRef) -> URIRef:
    """The graph whose history holds ``node``'s records: its graph when it is in the model,
    else (a deleted node) the one of ``editor``'s graphs whose history has it."""
    graph = home_graph(store, node)
    if graph is not None:
        editor.check(graph)
        return graph
    for candidate in sorted(editor.graphs, key=str):
        if node_history(store, node, [candidate]):
            return candidate
    raise UnknownNodeError(f"<{node}> is not a node of any graph and has no history")


def _match(state: NodeState, if_match: str | None) -> None:
    if if_match is not None and if_match not in ("*", state.version):
        raise NodeConflict(
            f"<{state.node}> was changed by someone else after you read it (version "
            f"{state.version}, yours {if_match}); reload it and make your change again"
        )


class Editing:
    """One editor's writes to ``store``, checked by ``gate``."""

    def __init__(
        self,
        store: Store,
        gate: Gate,
        editor: Editor,
        forms: Forms,
        *,
        max_literal: int = 1_000_000,
    ) -> None:
        self.store = store
        self.gate = gate
        self.editor = editor
        self.forms = forms
        self.max_literal = max_literal

    def plan_create(self, given: NodeInput) -> PlannedChange:
        """The change that makes a new node of ``given.type`` in ``given.graph``, named from
        its label (nothing is written)."""
        if not given.graph:
            raise EditError("graph: name the graph the new node goes in")
        if not given.type:
            raise EditError("type: name the class of the new node")
        graph = expand(given.graph, self.store)
        self.editor.check(graph)
        form = form_of(self.forms, self.store, given.type)
        wanted = read_input(self.forms, self.store, given, form, max_literal=self.max_literal)
        namespace = graph_namespace(self.store, graph)
        node = mint(self.store, namespace, mint_base(form, wanted))
        state = NodeState(node, graph, ())
        return difference(state, planned_triples(state, wanted, self.forms), graph)

    def create(self, given: NodeInput) -> Saved:
        """Make a new node of ``given.type`` in ``given.graph``, named from its label."""
        return self._save(self.plan_create(given))

    def plan_update(
        self, node: URIRef, given: NodeInput, if_match: str | None = None
    ) -> tuple[PlannedChange, NodeState]:
        """The change to the parts of ``node`` that ``given`` names (nothing is written);
        NodeConflict when ``if_match`` is not its version."""
        graph = find_graph(self.store, self.editor, node)
        if given.graph and expand(given.graph, self.store) != graph:
            raise EditError(
                f"graph: <{node}> is in <{graph}>; a node moves between graphs only by a new "
                "node there"
            )
        state = node_state(self.store, graph, node)
        _match(state, if_match)
        form = (
            form_of(self.forms, self.store, given.type)
            if given.type
            else self.forms.for_types(state.types())
        )
        if form is None:
            raise EditError(f"<{node}> is of no class the editor has a form for; give its type")
        wanted = read_input(self.forms, self.store, given, form, max_literal=self.max_literal)
        return difference(state, planned_triples(state, wanted, self.forms), graph), state

    def update(self, node: URIRef, given: NodeInput, if_match: str | None) -> Saved:
        """Change the parts of ``node`` that ``given`` names; NodeConflict when ``if_match``
        is not its version."""
        change, state = self.plan_update(node, given, if_match)
        return self._save(change, state)

    def plan_delete(
        self, node: URIRef, if_match: str | None = None
    ) -> tuple[PlannedChange, NodeState]:
        """The change deleting ``node`` and the links to it in its graph (nothing is
        written); NodeConflict when other graphs link to it or ``if_match`` is not its
        version."""
        graph = find_graph(self.store, self.editor, node)
        state = node_state(self.store, graph, node)
        _match(state, if_match)
        return plan_delete(state, incoming(self.store, node)), state

    def delete(self, node: URIRef, if_match: str | None) -> Saved:
        """Delete ``node`` and the links to it in its graph."""
        change, state = self.plan_delete(node, if_match)
        return self._save(change, state)

    def restore(self, node: URIRef, back_to: URIRef) -> Saved:
        """Undo the change ``back_to`` of ``node`` and every later one (which puts the node
        back as it was before it), as a new change."""
        graph = history_graph_of(self.store, self.editor, node)
        records = node_history(self.store, node, [graph])
        present = set(self.store.triples(graph))
        found = reverting(records, back_to, present)
        if found is None:
            raise UnknownNodeError(f"<{back_to}> is not a change of <{node}>")
        remove, add = found
        state = node_state(self.store, graph, node)
        change = PlannedChange(graph, node, removed=remove, added=add)
        return self._save(change, state)

    def history(self, node: URIRef) -> list[ChangeRecord]:
        """The change records of ``node`` (the editor must be allowed its graph)."""
        return node_history(self.store, node, [history_graph_of(self.store, self.editor, node)])

    def _save(self, change: PlannedChange, state: NodeState | None = None) -> Saved:
        graph, node = change.graph, change.node
        if change.empty:
            version = state.version if state is not None else version_of(())
            return Saved(node, graph, version, None)
        # The graph afterwards, described for the gate rather than read here: the gate may
        # build it in a worker process that reads the store itself.
        after = Content(
            stored=True,
            removed=tuple(change.removed),
            added=tuple(change.added),
            drop_blank_values_of=(node,) if change.drop_blank_values else (),
        )
        self.gate.check_graph(graph, after)
        record = new_change()
        written = [
            GraphChange(
                graph,
                removed=change.removed,
                added=change.added,
                drop_blank_values_of=[node] if change.drop_blank_values else [],
            ),
            GraphChange(
                history_graph(graph),
                added=record_triples(change, self.editor.name, now(), record),
            ),
        ]
        self.store.update(change_update(written))
        # Read back: a store may write a literal in its canonical form.
        version = node_state(self.store, graph, node).version
        return Saved(node, graph, version, record, len(change.removed), len(change.added))
