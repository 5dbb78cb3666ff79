"""What a model holds: the number of nodes per goalgraph class and per party."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rdflib import URIRef

from goalgraph.labels import short_name
from goalgraph.sparql.library import select
from goalgraph.sparql.results import integer, iri, text
from goalgraph.store.base import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClassCount:
    """The number of nodes of one class, its subclasses included."""

    cls: URIRef
    label: str
    count: int


@dataclass(frozen=True)
class PartyCount:
    """The number of nodes of one (most specific, asserted) class that belong to one party."""

    party: URIRef
    party_label: str
    cls: URIRef
    class_label: str
    count: int


@dataclass(frozen=True)
class ModelInfo:
    """Counts per class and per party of a loaded model."""

    classes: list[ClassCount]
    parties: list[PartyCount]

    def count(self, cls: URIRef) -> int:
        """The number of nodes of ``cls`` (0 when there are none)."""
        return next((c.count for c in self.classes if c.cls == cls), 0)

    def party_count(self, party: URIRef, cls: URIRef) -> int:
        """The number of nodes of ``cls`` that belong to ``party``."""
        return next((p.count for p in self.parties if p.party == party and p.cls == cls), 0)


def model_info(store: Store, lang: str = "nb") -> ModelInfo:
    """Count the nodes of every goalgraph class, and per party (municipality, county, agency)."""
    classes: list[ClassCount] = []
    for row in select(store, "class-counts", {"lang": lang}):
        cls = iri(row["class"])
        if cls is not None:
            classes.append(
                ClassCount(cls, text(row["label"]) or short_name(cls), integer(row["count"]))
            )
    parties: list[PartyCount] = []
    for row in select(store, "party-counts", {"lang": lang}):
        party, cls = iri(row["party"]), iri(row["class"])
        if party is not None and cls is not None:
            parties.append(
                PartyCount(
                    party=party,
                    party_label=text(row["partyLabel"]) or short_name(party),
                    cls=cls,
                    class_label=text(row["classLabel"]) or short_name(cls),
                    count=integer(row["count"]),
                )
            )
    logger.debug("info: %d classes, %d party rows", len(classes), len(parties))
    return ModelInfo(classes, parties)
