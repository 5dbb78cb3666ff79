"""Versions of a plan kept side by side in one store, and which of them a command reads.

A plan version is a node typed ``gg:PlanVersion`` (a ``dcat:Dataset``) with its name
(``dcat:version``, e.g. "2016"), adoption date (``dct:dateAccepted``), what it is a version of
(``dcat:isVersionOf``) and the version it follows (``dcat:previousVersion``). The named graph
that declares the node holds the version's content: the version graph describes itself, and
a version may span several graphs that each declare it. Graphs declaring no version are shared
by every version (the goals of a municipality whose portfolio is versioned, another party).

A store is read as a *view*: every graph that declares no version, and for each plan (the
``dcat:isVersionOf`` target; versions without one form one plan) the graphs of one version
— the one asked for, else the latest adopted one (the latest ``dct:dateAccepted`` not after
today; when none is adopted, the last by name). Nodes keep their IRIs across versions, so a
goal is the same goal in every version.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from goalgraph.errors import UnknownNodeError
from goalgraph.labels import short_name
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.sparql.results import date_value, iri, text
from goalgraph.store.base import PREFIX_GRAPH, Store
from goalgraph.store.scope import GraphSetScope

logger = logging.getLogger(__name__)

#: DCAT 3 (rdflib's DCAT namespace lacks its versioning terms).
DCAT = Namespace("http://www.w3.org/ns/dcat#")

#: The graph holding the vocabulary (goalgraph.store.VOCABULARY_GRAPH, without the import).
_VOCABULARY = URIRef("https://w3id.org/goalgraph")


@dataclass(frozen=True)
class PlanVersion:
    """One version of a plan: its node, name, label, adoption date and the graphs holding it."""

    iri: URIRef
    name: str
    label: str
    adopted: date | None
    series: URIRef | None
    previous: URIRef | None
    graphs: tuple[URIRef, ...]

    def adopted_by(self, day: date) -> bool:
        """Whether the version was adopted on or before ``day``."""
        return self.adopted is not None and self.adopted <= day

    def to_json(self) -> dict[str, Any]:
        return {
            "version": str(self.iri),
            "name": self.name,
            "label": self.label,
            "adopted": self.adopted.isoformat() if self.adopted else None,
            "versionOf": str(self.series) if self.series else None,
            "previousVersion": str(self.previous) if self.previous else None,
            "graphs": [str(g) for g in self.graphs],
        }


def _merge(rows: Iterable[tuple[URIRef, URIRef, dict[str, Any]]]) -> list[PlanVersion]:
    """One PlanVersion per node from (version, graph, facts) rows, its graphs collected."""
    graphs: dict[URIRef, list[URIRef]] = {}
    facts: dict[URIRef, dict[str, Any]] = {}
    for version, graph, found in rows:
        graphs.setdefault(version, []).append(graph)
        known = facts.setdefault(version, {})
        for key, value in found.items():
            if value is not None and known.get(key) is None:
                known[key] = value
    versions = [
        PlanVersion(
            iri=version,
            name=facts[version].get("name") or short_name(version),
            label=facts[version].get("label") or facts[version].get("name") or short_name(version),
            adopted=facts[version].get("adopted"),
            series=facts[version].get("series"),
            previous=facts[version].get("previous"),
            graphs=tuple(sorted(set(graphs[version]), key=str)),
        )
        for version in graphs
    ]
    return sorted(versions, key=_order)


def _order(version: PlanVersion) -> tuple[str, date, str, str]:
    return (str(version.series or ""), version.adopted or date.min, version.name, str(version.iri))


def plan_versions(store: Store, lang: str = "nb") -> list[PlanVersion]:
    """Every plan version the store holds, ordered by plan, adoption date and name."""
    rows = []
    for row in select(store, "plan-versions", {"lang": lang}):
        version, graph = iri(row["version"]), iri(row["graph"])
        if version is None or graph is None or graph in (_VOCABULARY, PREFIX_GRAPH):
            continue
        rows.append(
            (
                version,
                graph,
                {
                    "name": text(row["name"]),
                    "label": text(row["label"]) or text(row["anyLabel"]),
                    "adopted": date_value(row["adopted"]),
                    "series": iri(row["series"]),
                    "previous": iri(row["previous"]),
                },
            )
        )
    return _merge(rows)


def versions_in(graph: Graph, name: URIRef, lang: str = "nb") -> list[PlanVersion]:
    """The plan versions one parsed file declares (for reading files without a store)."""
    rows = []
    for version in sorted(graph.subjects(RDF.type, GG.PlanVersion), key=str):
        if not isinstance(version, URIRef):
            continue
        labels = [v for v in graph.objects(version, RDFS.label) if isinstance(v, Literal)]
        adopted = graph.value(version, DCTERMS.dateAccepted)
        series = graph.value(version, DCAT.isVersionOf) or graph.value(
            None, DCAT.hasVersion, version
        )
        previous = graph.value(version, DCAT.previousVersion) or graph.value(
            version, DCTERMS.replaces
        )
        found_name = graph.value(version, DCAT.version)
        rows.append(
            (
                version,
                name,
                {
                    "name": str(found_name) if found_name is not None else None,
                    "label": next((str(v) for v in labels if v.language == lang), None)
                    or next((str(v) for v in labels), None),
                    "adopted": date_value(adopted),
                    "series": iri(series),
                    "previous": iri(previous),
                },
            )
        )
    return _merge(rows)


def default_versions(
    versions: Sequence[PlanVersion], today: date | None = None
) -> dict[URIRef | None, PlanVersion]:
    """For each plan, the version read when none is asked for: the latest adopted by
    ``today`` (default: the current date), else the last by name."""
    today = today or date.today()
    chosen: dict[URIRef | None, PlanVersion] = {}
    for series in dict.fromkeys(v.series for v in versions):
        mine = [v for v in versions if v.series == series]
        adopted = [v for v in mine if v.adopted_by(today)]
        pool = adopted or mine
        chosen[series] = max(pool, key=lambda v: (v.adopted or date.min, v.name, str(v.iri)))
    return chosen


def find_version(
    versions: Sequence[PlanVersion], wanted: str, store: Store | None = None, where: str = ""
) -> PlanVersion:
    """The version named ``wanted``: its name (``dcat:version``), IRI or CURIE."""
    by_name = [v for v in versions if v.name == wanted.strip()]
    if len(by_name) == 1:
        return by_name[0]
    if not by_name:
        from goalgraph.iri import expand

        try:
            node = expand(wanted, store)
        except UnknownNodeError:
            node = None
        by_name = [v for v in versions if v.iri == node]
        if len(by_name) == 1:
            return by_name[0]
    listed = ", ".join(f"{v.name} (<{v.iri}>)" for v in versions) or "none"
    place = f" in {where}" if where else ""
    if by_name:
        raise UnknownNodeError(
            f"'{wanted}' names several plan versions{place}: {listed}; give the version's IRI"
        )
    raise UnknownNodeError(f"no plan version '{wanted}'{place}; its plan versions: {listed}")


def chosen_versions(
    versions: Sequence[PlanVersion], wanted: PlanVersion | None = None, today: date | None = None
) -> list[PlanVersion]:
    """The versions a view shows: ``wanted`` for its plan, the default for every other plan."""
    chosen = default_versions(versions, today)
    if wanted is not None:
        chosen[wanted.series] = wanted
    return sorted(chosen.values(), key=_order)


def shown_graphs(
    graphs: Sequence[URIRef], versions: Sequence[PlanVersion], chosen: Sequence[PlanVersion]
) -> list[URIRef]:
    """The graphs of a view: those declaring no version and those of a chosen version."""
    shown = {g for v in chosen for g in v.graphs}
    versioned = {g for v in versions for g in v.graphs}
    return [g for g in graphs if g not in versioned or g in shown]


class PlanView(GraphSetScope):
    """A store read as one version of each plan it holds (see the module)."""

    def __init__(
        self, store: Store, graphs: Sequence[URIRef], versions: Sequence[PlanVersion]
    ) -> None:
        names = ", ".join(v.name for v in versions)
        super().__init__(store, graphs, name=f"plan version {names}")
        self.versions = tuple(versions)
        #: Whether closing the view closes the store (a view made by ``load``).
        self.owns_store = False

    def close(self) -> None:
        if self.owns_store:
            self.store.close()


def version_view(
    store: Store, version: str | None = None, *, today: date | None = None, lang: str = "nb"
) -> Store:
    """``store`` as one version of each plan: ``version`` (name, IRI or CURIE) for its plan,
    the latest adopted version of every other plan. A store holding no versions is returned
    as it is; asking it for a version is an UnknownNodeError."""
    if isinstance(store, PlanView):
        store = store.store
    versions = plan_versions(store, lang)
    if not versions:
        if version is not None:
            raise UnknownNodeError(
                f"no plan version '{version}' in {store.descriptor}: it declares no plan "
                "versions (gg:PlanVersion)"
            )
        return store
    wanted = find_version(versions, version, store, store.descriptor) if version else None
    chosen = chosen_versions(versions, wanted, today)
    # Names only: counting every graph is a scan of the store, and a view is made again
    # after every write.
    graphs = [g for g in store.graph_names() if g not in (_VOCABULARY, PREFIX_GRAPH)]
    shown = shown_graphs(graphs, versions, chosen)
    logger.debug(
        "plan versions %s: %d of %d graphs", [v.name for v in chosen], len(shown), len(graphs)
    )
    return PlanView(store, shown, chosen)


def load(*paths: str | Path, version: str | None = None) -> Store:
    """The files and folders in an embedded in-memory store with the vocabulary, read as
    every command reads them: ``version`` of a plan kept in versions, else the latest
    adopted one. Closing the result releases the store."""
    from goalgraph.store import open_files

    store = open_files(*paths)
    view = version_view(store, version)
    if isinstance(view, PlanView):
        view.owns_store = True
    return view


def shown_versions(store: Store, lang: str | None = None) -> tuple[PlanVersion, ...]:
    """The plan versions a store view shows (none for a store without versions), with their
    labels in ``lang`` when it is given."""
    if not isinstance(store, PlanView):
        return ()
    if lang is None:
        return store.versions
    shown = {v.iri for v in store.versions}
    return tuple(v for v in plan_versions(store.store, lang) if v.iri in shown)


__all__ = [
    "PlanVersion",
    "PlanView",
    "chosen_versions",
    "default_versions",
    "find_version",
    "load",
    "plan_versions",
    "shown_graphs",
    "shown_versions",
    "version_view",
    "versions_in",
]
