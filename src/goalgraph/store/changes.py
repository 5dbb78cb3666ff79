"""Small changes to named graphs as one SPARQL Update request, and the graphs that keep the
record of such changes (the editor's history), which are not part of the model.

A change removes and adds given triples in given graphs; written as one request it is one
transaction on every adapter (the embedded stores and a SPARQL server alike), so that a
change and its record are kept together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import BNode, URIRef

from goalgraph.errors import QueryError
from goalgraph.sparql.text import constant
from goalgraph.store.base import Term, Triple

#: History graphs are named by this prefix and the IRI of the graph whose changes they hold.
HISTORY_PREFIX = "urn:goalgraph:history:"
#: The editors who saved changes are PROV agents named by this prefix and their name.
EDITOR_PREFIX = "urn:goalgraph:editor:"


def history_graph(graph: URIRef) -> URIRef:
    """The graph that holds the change records of ``graph``."""
    return URIRef(HISTORY_PREFIX + str(graph))


def is_history_graph(graph: object) -> bool:
    """Whether ``graph`` names a history graph (never part of the model)."""
    return isinstance(graph, URIRef) and str(graph).startswith(HISTORY_PREFIX)


def recorded_graph(history: URIRef) -> URIRef:
    """The graph whose changes the history graph ``history`` holds."""
    if not is_history_graph(history):
        raise QueryError(f"<{history}> is not a history graph")
    return URIRef(str(history)[len(HISTORY_PREFIX) :])


@dataclass
class GraphChange:
    """What a change does to one named graph: triples removed, then triples added, and the
    subjects whose blank-node values (one level deep) are removed with them."""

    graph: URIRef
    removed: list[Triple] = field(default_factory=list)
    added: list[Triple] = field(default_factory=list)
    drop_blank_values_of: list[URIRef] = field(default_factory=list)


def _triple(triple: Triple) -> str:
    # constant() refuses blank nodes: DELETE DATA and INSERT DATA of goalgraph never carry one
    # (INSERT DATA would make a new node of it, DELETE DATA may not name one).
    return " ".join(constant(term) for term in triple) + " ."


def _ground(triples: Iterable[Triple]) -> list[Triple]:
    return [t for t in triples if not any(isinstance(term, BNode) for term in t)]


def change_update(changes: Sequence[GraphChange]) -> str:
    """The SPARQL Update request that makes ``changes`` in one transaction; an empty string
    when there is nothing to do. Triples with blank nodes are left out of the removals (they
    go with ``drop_blank_values_of``) and refused in additions."""
    operations: list[str] = []
    for change in changes:
        name = constant(change.graph)
        for subject in change.drop_blank_values_of:
            node = constant(subject)
            operations.append(
                f"DELETE {{ GRAPH {name} {{ {node} ?p ?b . ?b ?q ?v }} }} "
                f"WHERE {{ GRAPH {name} {{ {node} ?p ?b . FILTER(isBlank(?b)) ?b ?q ?v }} }}"
            )
        removed = _ground(change.removed)
        if removed:
            body = "\n".join(_triple(t) for t in removed)
            operations.append(f"DELETE DATA {{ GRAPH {name} {{\n{body}\n}} }}")
    for change in changes:
        if change.added:
            body = "\n".join(_triple(t) for t in change.added)
            operations.append(f"INSERT DATA {{ GRAPH {constant(change.graph)} {{\n{body}\n}} }}")
    return " ;\n".join(operations)


def terms_in(triples: Iterable[Triple]) -> set[Term]:
    """Every term of ``triples``."""
    return {term for triple in triples for term in triple}
