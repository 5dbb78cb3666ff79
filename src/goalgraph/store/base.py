"""The storage interface every goalgraph store adapter implements, and its typed results."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

from rdflib import Graph, URIRef

from goalgraph.errors import QueryError
from goalgraph.sparql.results import AskResult, QueryResult, SelectResult
from goalgraph.sparql.text import Term, Value

if TYPE_CHECKING:
    from goalgraph.store.reader import NativeGraphs

#: The named graph recording the namespace prefixes of loaded files.
PREFIX_GRAPH = URIRef("https://w3id.org/goalgraph/prefixes")
#: A graph name no store holds: ``match`` then leaves out no graph.
_NOWHERE = URIRef("urn:goalgraph:no-graph")

#: A triple of rdflib terms.
Triple = tuple[Term, Term, Term]


@dataclass(frozen=True)
class GraphInfo:
    """A named graph of a store and the number of triples in it."""

    iri: URIRef
    triples: int


@dataclass(frozen=True)
class Dataset:
    """The RDF dataset a query is asked against, as the SPARQL 1.1 Protocol gives it
    (``default-graph-uri``, ``named-graph-uri``): the graphs merged into the default graph and
    the graphs ``GRAPH`` may visit. A graph the store does not hold is empty."""

    default: tuple[URIRef, ...] = ()
    named: tuple[URIRef, ...] = ()
    #: Whether the store's own default graph (data written without a graph name) is merged
    #: into the default graph too; the Protocol cannot name it, a server's own policy can.
    #: A remote store is sent the Protocol's parameters only, so there it has no effect.
    store_default: bool = False


@dataclass(frozen=True)
class LoadResult:
    """What one ``Store.load`` did: the graph written, its size afterwards, the files read."""

    graph: URIRef | None
    triples: int
    files: tuple[Path, ...]


class Store(Protocol):
    """One RDF dataset of named graphs, queried with SPARQL over the union of its graphs.

    Adapters subclass this protocol to inherit the context-manager methods.
    """

    descriptor: str
    #: Whether queries may be asked from several threads at once and run side by side
    #: (goalgraph.store.concurrent); off unless the adapter says so.
    concurrent_reads: bool = False

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        """Run a SPARQL query with ``bindings`` written into its ``$name`` and ``VALUES ?name
        { }`` places (goalgraph.sparql.text).

        The query's default graph is the union of all graphs, or with ``default_graph`` the
        merge of just those named graphs (see ``GraphScope``).
        """
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update request as one transaction."""
        ...

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        """Read RDF files and folders into ``graph`` (None: the default graph).

        With ``replace`` the graph's old content is swapped for the files' content in one
        step; a file that cannot be parsed raises LoadError and leaves the store as it was.
        """
        ...

    def load_graphs(
        self, targets: Sequence[tuple[URIRef | None, Sequence[str | Path]]], replace: bool = True
    ) -> Iterator[LoadResult]:
        """Load each ``(graph, files)`` of ``targets`` as ``load`` does, yielding the results
        in that order (the embedded store loads new graphs side by side)."""
        for graph, paths in targets:
            yield self.load(paths, graph, replace)

    def put(self, graph: URIRef, content: Graph) -> None:
        """Make ``content``'s triples the whole content of ``graph`` (empty: drop it), in one
        transaction."""
        drop = f"DROP SILENT GRAPH {graph.n3()}"
        if not len(content):
            self.update(drop)
            return
        body = content.serialize(format="nt", encoding="utf-8").decode("utf-8")
        self.update(f"{drop} ;\nINSERT DATA {{ GRAPH {graph.n3()} {{\n{body}\n}} }}")

    def put_document(self, graph: URIRef, path: Path) -> None:
        """Make the triples of the RDF file at ``path`` the whole content of ``graph``, in
        one transaction; a file that cannot be parsed is a LoadError and changes nothing."""
        from goalgraph.files import new_graph, parse_file

        content = new_graph()
        parse_file(content, path)
        self.put(graph, content)

    def graphs(self) -> list[GraphInfo]:
        """The named graphs holding triples, ordered by IRI."""
        ...

    def graph_names(self) -> list[URIRef]:
        """The names of the named graphs holding triples, ordered by IRI, without their sizes
        (which ``graphs`` counts: a scan of the whole store in some adapters)."""
        return [info.iri for info in self.graphs()]

    def triples_count(self, graph: URIRef | None = None) -> int:
        """Triples in ``graph``, or (None) in the whole store, each graph counted separately."""
        ...

    def triples(self, graph: URIRef) -> list[Triple]:
        """The triples of one named graph as plain tuples (cheaper to go through than the
        rdflib graph ``export`` builds)."""
        return list(self.export(graph))  # type: ignore[arg-type]

    def export(self, graph: URIRef | None = None) -> Graph:
        """One graph (or, for None, the union) copied into an rdflib Graph; small graphs only."""
        ...

    def close(self) -> None:
        """Release the store; it must not be used afterwards."""
        ...

    def dump(self, path: Path) -> None:
        """Write every named graph to ``path`` as N-Quads: a snapshot another process loads
        with ``OxigraphStore.restore``."""
        with path.open("w", encoding="utf-8") as out:
            for info in self.graphs():
                name = info.iri.n3()
                lines = self.export(info.iri).serialize(format="nt", encoding="utf-8")
                for line in lines.decode("utf-8").splitlines():
                    # An N-Triples line ends with " ."; the graph goes before it.
                    if line.strip():
                        out.write(f"{line.rstrip().removesuffix('.').rstrip()} {name} .\n")

    def bounded(self, seconds: float) -> Store | None:
        """This store with queries that give up after ``seconds``, when it is answered
        elsewhere (a SPARQL server: a slow query there holds nothing of this process); None
        for a store whose queries run in this process, which the caller must then run where
        it can stop them."""
        return None

    def query_in(self, sparql: str, dataset: Dataset) -> QueryResult:
        """Run a query against the SPARQL Protocol's ``dataset`` (its default and named
        graphs, which override the query's own FROM and FROM NAMED); a store that cannot is a
        QueryError."""
        raise QueryError(
            f"{self.descriptor} cannot answer a query against the Protocol's dataset "
            "(default-graph-uri, named-graph-uri); send the query without them"
        )

    def optimize(self) -> None:
        """Reorganise the storage after big loads so that queries run fast again; stores
        with nothing to reorganise do nothing."""
        return None

    def match(
        self,
        subjects: Sequence[Term] | None,
        predicates: Sequence[URIRef],
        objects: Sequence[Term] | None = None,
        *,
        outside: URIRef | None = None,
    ) -> list[Triple]:
        """The triples with a subject among ``subjects`` and an object among ``objects``
        (None: any), a predicate among ``predicates``, in any named graph but ``outside``."""
        from goalgraph.sparql.library import select

        if (subjects is not None and not subjects) or (objects is not None and not objects):
            return []
        params = {"subject": subjects, "predicate": predicates, "object": objects}
        rows = select(self, "match", {**params, "outside": outside or _NOWHERE}).rows
        return [(s, p, o) for s, p, o in rows if s is not None and p is not None and o is not None]

    def native_graphs(self, *, remember: bool = False) -> NativeGraphs | None:
        """Reads of this store's graphs in its engine's own terms (whole-store validation's
        fast path), or None for a store that has none: then read it through rdflib terms.
        ``remember``: for a run during which the store does not change (NativeGraphs)."""
        return None

    def prefixes(self) -> dict[str, str]:
        """Namespace prefixes recorded for the loaded data (see ``record_prefixes``)."""
        from goalgraph.sparql.library import select

        found: dict[str, str] = {}
        for prefix, namespace in select(self, "prefixes", {"g": PREFIX_GRAPH}):
            if prefix is not None and namespace is not None:
                found.setdefault(str(prefix), str(namespace))
        return found

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


__all__ = [
    "PREFIX_GRAPH",
    "AskResult",
    "Dataset",
    "GraphInfo",
    "LoadResult",
    "QueryResult",
    "SelectResult",
    "Store",
    "Term",
    "Triple",
    "Value",
]
