"""The embedded store on pyoxigraph: persistent in a folder (default) or in memory."""

from __future__ import annotations

import logging
import mmap
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.errors import LoadError, QueryError, StoreError
from goalgraph.load import RDF_FORMATS, new_graph, parse_file, rdf_files
from goalgraph.store import native
from goalgraph.store.base import (
    AskResult,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
    prebind,
    select,
    store_query,
)

logger = logging.getLogger(__name__)

#: rdflib parser name (goalgraph.load.RDF_FORMATS) → the Oxigraph parser for the same syntax.
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "n3": ox.RdfFormat.N3,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

#: Graphs bulk-loaded at the same time by ``OxigraphStore.load_graphs``: one per core.
LOADERS = max(1, min(4, os.cpu_count() or 1))

_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def from_ox(term: object) -> Term:
    """The rdflib term for a pyoxigraph term; xsd:string literals become plain literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"the store returned an RDF term goalgraph cannot represent: {term!r}")


def graph_node(graph: URIRef | None) -> ox.NamedNode | ox.DefaultGraph:
    """The pyoxigraph graph name for a graph IRI (None: the default graph)."""
    return ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()


def _syntax_error(path: Path, fmt: str, exc: SyntaxError) -> LoadError:
    line = exc.lineno
    if line is None:
        # Oxigraph's RDF/XML parser reports no position; rdflib's parser names the line.
        parse_file(Graph(), path, fmt)
        return LoadError(f"{path}: cannot parse {fmt}: {exc.msg}", source=str(path))
    reason = exc.msg.split(": ", 1)[1] if exc.msg.startswith("Parser error") else exc.msg
    return LoadError(
        f"{path}:{line}: cannot parse {fmt}: {reason}", source=str(path), line=int(line)
    )


def parse_quads(paths: Iterable[Path], graph: URIRef | None) -> list[ox.Quad]:
    """Parse files with Oxigraph's parsers into quads of ``graph``; nothing is written anywhere.

    Blank nodes are renamed so that files merged into one graph cannot share one by accident.
    """
    target = graph_node(graph)
    quads: list[ox.Quad] = []
    for path in paths:
        fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
        try:
            parsed = ox.parse(
                path=str(path),
                format=OX_FORMATS[fmt],
                base_iri=path.resolve().as_uri(),
                rename_blank_nodes=True,
            )
            quads.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in parsed)
        except SyntaxError as exc:
            raise _syntax_error(path, fmt, exc) from exc
        except OSError as exc:
            raise LoadError(f"{path}: cannot read: {exc}", source=str(path)) from exc
    return quads


#: Syntaxes whose files may go to Oxigraph's bulk loader directly (see _names_blank_nodes).
_BULK_FORMATS = frozenset({"nt", "turtle", "n3"})


def _names_blank_nodes(path: Path) -> bool:
    """Whether a Turtle/N-Triples/N3 file may contain a labelled blank node (``_:x``).

    Anonymous ``[]`` nodes get fresh names from the parser; a ``_:`` inside a literal only
    sends the file down the slower path.
    """
    with path.open("rb") as data:
        if os.fstat(data.fileno()).st_size == 0:
            return False
        with mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ) as view:
            return view.find(b"_:") != -1


def insert_data(graph: URIRef | None, quads: Sequence[ox.Quad]) -> str:
    """A SPARQL ``INSERT DATA`` operation adding ``quads`` to ``graph``."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    if graph is None:
        return f"INSERT DATA {{\n{body}\n}}"
    return f"INSERT DATA {{ GRAPH {graph_node(graph)} {{\n{body}\n}} }}"


def replace_update(graph: URIRef | None, quads: Sequence[ox.Quad]) -> str:
    """One SPARQL Update request that swaps the content of ``graph`` for ``quads``."""
    drop = "DROP SILENT DEFAULT" if graph is None else f"DROP SILENT GRAPH {graph_node(graph)}"
    return f"{drop} ;\n{insert_data(graph, quads)}" if quads else drop


def _result(answer: native.Answer) -> QueryResult:
    if isinstance(answer, bool):
        return AskResult(answer)
    if isinstance(answer, native.Solutions):
        rows = tuple(
            tuple(None if term is None else from_ox(term) for term in solution)
            for solution in answer.rows
        )
        return SelectResult(answer.variables, rows)
    graph = new_graph()
    for triple in answer:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph


class OxigraphStore(Store):
    """A pyoxigraph store; queries see the union of all graphs as their default graph."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.descriptor = str(path) if path is not None else "oxigraph in memory"
        if path is None:
            self._store = ox.Store()
            return
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: is a file; a store is a folder (give a new or store folder)")
        try:
            if read_only:
                # Takes no lock, so several processes can read while one holds it open.
                self._store = ox.Store.read_only(str(path))
                return
            path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store {path}: {exc} (is another process using it?)"
            ) from exc

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store itself, for readers that need Oxigraph's own terms."""
        return self._store

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        # Oxigraph's own substitutions require the variable to be projected; VALUES works
        # for every variable and still lets the engine start from the bound node.
        text = prebind(sparql, bindings)
        try:
            if default_graph is None:
                return _result(native.query(self._store, text, use_default_graph_as_union=True))
            graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                ox.NamedNode(str(g)) for g in default_graph
            ]
            return _result(native.query(self._store, text, default_graph=graphs))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: query failed: {exc}") from exc

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL Update syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: update failed: {exc}") from exc

    def _holds(self, target: ox.NamedNode | ox.DefaultGraph) -> bool:
        if isinstance(target, ox.NamedNode):
            return bool(self._store.contains_named_graph(target))
        return native.first_quad(self._store, None, None, None, target) is not None

    def _size(self, graph: URIRef | None) -> int:
        sparql = store_query("default-graph-size")
        result = native.query(self._store, sparql, default_graph=graph_node(graph))
        if not isinstance(result, native.Solutions) or not result.rows:
            raise StoreError(f"{self.descriptor}: a count query returned no rows")
        return int(result.rows[0][0].value)

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        paths = rdf_files(files)
        target = graph_node(graph)
        try:
            if not self._holds(target):
                self._bulk_load(paths, graph, target)
            else:
                quads = parse_quads(paths, graph)
                if replace:
                    # One update request is one transaction: readers see the old or the new graph.
                    self._store.update(replace_update(graph, quads))
                elif quads:
                    self._store.extend(quads)
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: cannot write: {exc}") from exc
        logger.info("loaded %s into %s", ", ".join(map(str, paths)), graph or "the default graph")
        return LoadResult(graph, self._size(graph), tuple(paths))

    def load_graphs(
        self, targets: Sequence[tuple[URIRef | None, Sequence[str | Path]]], replace: bool = True
    ) -> Iterator[LoadResult]:
        """Load each ``(graph, files)`` of ``targets`` as ``load`` does; results in that order.

        On disk, when every graph is new and named once, up to LOADERS graphs are
        bulk-loaded at the same time (the bulk loader sorts and writes one graph on one core).
        A file that cannot be parsed raises its LoadError, as ``load`` one graph after the
        other would: the graphs before it are loaded, it and the graphs after it are not.
        """
        graphs = [graph for graph, _ in targets]
        if (
            self.path is None
            or LOADERS == 1
            or len(set(graphs)) < len(graphs)
            or any(self._holds(graph_node(graph)) for graph in graphs)
        ):
            yield from super().load_graphs(targets, replace)
            return
        with ThreadPoolExecutor(LOADERS, thread_name_prefix="goalgraph-load") as pool:
            waiting = iter(targets)
            running: deque[Future[LoadResult]] = deque()
            # Twice as many as the loaders, so that a slow graph does not leave a core idle.
            for graph, files in waiting:
                running.append(pool.submit(self.load, files, graph, replace))
                if len(running) == 2 * LOADERS:
                    break
            while running:
                try:
                    result = running.popleft().result()
                except BaseException:
                    self._undo(running)
                    raise
                following = next(waiting, None)
                if following is not None:
                    running.append(pool.submit(self.load, following[1], following[0], replace))
                yield result

    def _undo(self, started: Iterable[Future[LoadResult]]) -> None:
        """Drop the graphs that loads after a failed one added (they were all new)."""
        for future in started:
            if future.cancel():
                continue
            try:
                self._drop(graph_node(future.result().graph))
            except Exception:  # noqa: BLE001
                # That load failed too and dropped its own graph; the first error is reported.
                continue

    def _bulk_load(
        self, paths: Sequence[Path], graph: URIRef | None, target: ox.NamedNode | ox.DefaultGraph
    ) -> None:
        """Fill a graph that does not exist yet file by file, without one transaction for all.

        On disk this is Oxigraph's bulk loader: several times faster on big stores, but
        readers may see the graph half filled, and a load cut short (killed process) leaves
        part of it. A file that cannot be parsed drops the graph, so the store is as it was.
        """
        # In memory, the transactional loader is the faster one.
        write = self._store.load if self.path is None else self._store.bulk_load
        for path in paths:
            fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
            try:
                if fmt in _BULK_FORMATS and not _names_blank_nodes(path):
                    write(
                        path=str(path),
                        format=OX_FORMATS[fmt],
                        base_iri=path.resolve().as_uri(),
                        to_graph=target,
                    )
                    continue
            except SyntaxError as exc:
                self._drop(target)
                raise _syntax_error(path, fmt, exc) from exc
            except OSError as exc:
                self._drop(target)
                if path.is_file() and os.access(path, os.R_OK):
                    raise
                raise LoadError(f"{path}: cannot read: {exc}", source=str(path)) from exc
            # Labelled blank nodes must be renamed so that files cannot share one by
            # accident; Oxigraph's loaders keep the labels, so such files are parsed here.
            try:
                quads = parse_quads([path], graph)
            except LoadError:
                self._drop(target)
                raise
            if self.path is None:
                self._store.extend(quads)
            else:
                self._store.bulk_extend(quads)

    def _drop(self, target: ox.NamedNode | ox.DefaultGraph) -> None:
        if isinstance(target, ox.NamedNode):
            self._store.remove_graph(target)
        else:
            self._store.clear_graph(target)

    def graphs(self) -> list[GraphInfo]:
        rows = select(self, store_query("graph-counts")).rows
        return [GraphInfo(URIRef(str(g)), int(str(n))) for g, n in rows]

    def triples_count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return len(self._store)
        return self._size(graph)

    def export(self, graph: URIRef | None = None) -> Graph:
        out = new_graph()
        node = graph_node(graph) if graph is not None else None
        for quad in self._store.quads_for_pattern(None, None, None, node):
            out.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        return out

    def optimize(self) -> None:
        # Each bulk load adds its own files to the store; until they are compacted into
        # one, every look-up searches all of them (queries several times slower).
        if self.path is not None and not self.read_only:
            try:
                self._store.optimize()
            except OSError as exc:
                raise StoreError(f"{self.descriptor}: cannot optimize: {exc}") from exc

    def close(self) -> None:
        # pyoxigraph releases the folder's lock when the Store object is freed.
        if not self.read_only:
            self._store.flush()
        del self._store
