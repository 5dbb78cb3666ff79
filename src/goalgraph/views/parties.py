"""The parties of a model (an agreement's municipalities, county and state agencies) and
what each owns: the party of a node's plan, or the top organisation responsible for it
(party-owns.rq)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from goalgraph.sparql.library import select
from goalgraph.store.base import Store
from goalgraph.views.catalogue import GoalNode, GoalTree, SdgBranch
from goalgraph.views.lookup import Ref, describe


@dataclass
class Ownership:
    """Who owns which node. A node of a plan of several parties (an agreement's goal) is
    owned by each of them, jointly."""

    owners: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    parties: list[Ref] = field(default_factory=list)

    def owned_by(self, party: URIRef) -> set[URIRef]:
        return {node for node, owners in self.owners.items() if party in owners}

    def owners_of(self, node: URIRef) -> set[URIRef]:
        return self.owners.get(node, set())

    def refs(self, nodes: Iterable[URIRef]) -> list[Ref]:
        """The parties among ``nodes``, as references in label order."""
        wanted = {str(n) for n in nodes}
        return [ref for ref in self.parties if ref.iri in wanted]

    def party(self, text: str | None) -> URIRef | None:
        """The party a filter names (its IRI), None for none or one the model lacks."""
        if not text:
            return None
        return URIRef(text) if any(ref.iri == text for ref in self.parties) else None


def ownership(store: Store, lang: str) -> Ownership:
    """Every node's owners and the parties with their labels: one query, whatever the size."""
    owners: dict[URIRef, set[URIRef]] = defaultdict(set)
    for node, owner in select(store, "party-owns"):
        if isinstance(node, URIRef) and isinstance(owner, URIRef):
            owners[node].add(owner)
    parties = {p for found in owners.values() for p in found}
    described = describe(store, parties, lang)
    return Ownership(dict(owners), described.refs(parties))


def owned_by(store: Store, party: URIRef) -> set[URIRef]:
    """The nodes ``party`` owns (alone or jointly)."""
    rows = select(store, "party-owns", {"party": party})
    return {node for node, _ in rows if isinstance(node, URIRef)}


def keep_owned(tree: GoalTree, owned: set[URIRef]) -> GoalTree:
    """The goal tree cut to the goals in ``owned`` and the goals above them (so that each
    stays in its place)."""

    def cut(nodes: list[GoalNode]) -> list[GoalNode]:
        kept = []
        for node in nodes:
            children = cut(node.children)
            if children or URIRef(node.iri) in owned:
                kept.append(replace(node, children=children))
        return kept

    branches = [SdgBranch(b.sdg, goals) for b in tree.sdg if (goals := cut(b.goals))]
    return GoalTree(sdg=branches, unlinked=cut(tree.unlinked))
