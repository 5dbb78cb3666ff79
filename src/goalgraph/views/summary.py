"""What a model holds, counted in a planner's words (main goals, sub-goals, projects,
indicators) for the start page."""

from __future__ import annotations

from dataclasses import dataclass

from goalgraph.sparql.library import select
from goalgraph.sparql.results import integer, text
from goalgraph.store.base import Store

#: The kinds counted, in the order a page names them.
KINDS = ("main_goal", "sub_goal", "project", "indicator")


@dataclass(frozen=True)
class ModelSummary:
    """The number of nodes of each of KINDS (kinds with none are left out when shown)."""

    counts: tuple[tuple[str, int], ...]

    @property
    def shown(self) -> list[tuple[str, int]]:
        return [(kind, count) for kind, count in self.counts if count]


def model_summary(store: Store) -> ModelSummary:
    """Count the main goals, sub-goals, projects and indicators of the model in ``store``."""
    found = {
        text(row["kind"]) or "": integer(row["count"]) for row in select(store, "model-summary")
    }
    return ModelSummary(tuple((kind, found.get(kind, 0)) for kind in KINDS))
