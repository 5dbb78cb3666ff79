"""The embedded store on pyoxigraph: persistent in a folder (default) or in memory."""

from __future__ import annotations

import logging
import mmap
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.errors import LoadError, QueryError, StoreError
from goalgraph.files import RDF_FORMATS, check_jsonld_file, new_graph, parse_file, rdf_files
from goalgraph.sparql.formats import TooManyResults
from goalgraph.sparql.library import query_text, select
from goalgraph.sparql.text import render
from goalgraph.store import native
from goalgraph.store.base import (
    AskResult,
    Dataset,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
    Triple,
    Value,
)
from goalgraph.store.syntax import engine_error

if TYPE_CHECKING:
    from goalgraph.store.reader import NativeGraphs

logger = logging.getLogger(__name__)

#: rdflib parser name (goalgraph.files.RDF_FORMATS) → the Oxigraph parser for the same syntax.
OX_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "n3": ox.RdfFormat.N3,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}

#: Bulk loads ``OxigraphStore.load_graphs`` runs side by side: one per core.
LOADERS = max(1, min(4, os.cpu_count() or 1))
#: How much N-Quads text one of its bulk loads takes. A bulk load holds several times its
#: text in memory, and two run side by side; measured on the 357 generated municipalities
#: (3.2 M triples, two loaders): 2 MB 165 MB at peak and 47 s CPU, 8 MB 251 MB and 50 s,
#: with as few files left (30, 41). One graph per load leaves hundreds of files.
BATCH_BYTES = 2 * 1024 * 1024
#: A graph and its files, loaded in one batch.
_Batched = tuple[URIRef | None, list[Path]]

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


def term_converter() -> Callable[[object], Term]:
    """``from_ox`` remembering what it converted: a graph repeats most of its terms."""
    return cache(from_ox)


def graph_node(graph: URIRef | None) -> ox.NamedNode | ox.DefaultGraph:
    """The pyoxigraph graph name for a graph IRI (None: the default graph)."""
    return ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()


#: A graph name no store holds: the default graph of a dataset that names none.
_NO_GRAPH = "urn:goalgraph:no-graph"


def _syntax_error(path: Path, fmt: str, exc: SyntaxError) -> LoadError:
    line = exc.lineno
    if line is None:
        # Oxigraph's RDF/XML parser reports no position; rdflib's parser names the line.
        # Never for JSON-LD: rdflib would fetch the contexts that Oxigraph refused to.
        if fmt == "xml":
            parse_file(Graph(), path, fmt)
        return LoadError(f"{path}: cannot parse {fmt}: {exc.msg}", source=str(path))
    reason = exc.msg.split(": ", 1)[1] if exc.msg.startswith("Parser error") else exc.msg
    return LoadError(
        f"{path}:{line}: cannot parse {fmt}: {reason}", source=str(path), line=int(line)
    )


#: Syntaxes that can name graphs: their quads are moved to the target graph one by one.
_DATASET_FORMATS = frozenset({"json-ld", "n3"})


def _read_quads(path: Path) -> Iterator[ox.Quad]:
    """One file's quads as Oxigraph's parser gives them, blank nodes renamed so that files
    merged into one graph cannot share one by accident. A file that cannot be parsed or read
    raises its LoadError (naming the line) when the parse reaches the fault."""
    fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
    if fmt == "json-ld":
        check_jsonld_file(path)
    try:
        yield from ox.parse(
            path=str(path),
            format=OX_FORMATS[fmt],
            base_iri=path.resolve().as_uri(),
            rename_blank_nodes=True,
        )
    except SyntaxError as exc:
        raise _syntax_error(path, fmt, exc) from exc
    except MemoryError as exc:
        raise _too_long(path, fmt, exc) from exc
    except OSError as exc:
        raise LoadError(f"{path}: cannot read: {exc}", source=str(path)) from exc


def parse_quads(paths: Iterable[Path], graph: URIRef | None) -> list[ox.Quad]:
    """Parse files with Oxigraph's parsers into quads of ``graph``; nothing is written anywhere.

    Blank nodes are renamed so that files merged into one graph cannot share one by accident.
    """
    target = graph_node(graph)
    quads: list[ox.Quad] = []
    for path in paths:
        fmt = RDF_FORMATS.get(path.suffix.lower(), "turtle")
        if isinstance(target, ox.DefaultGraph) and fmt not in _DATASET_FORMATS:
            # Already in the default graph: rebuilding every quad costs more than parsing.
            quads.extend(_read_quads(path))
        else:
            quads.extend(
                ox.Quad(q.subject, q.predicate, q.object, target) for q in _read_quads(path)
            )
    return quads


def ntriples_of(paths: Iterable[Path]) -> bytes:
    """The files' triples as N-Triples, parsed (and so checked) as ``parse_quads`` parses them,
    a named graph in a file joining the others. Oxigraph writes them as its parser reads them:
    a list of quads made in between cost twice the parse."""
    return b"".join(
        ox.serialize((q.triple for q in _read_quads(path)), format=ox.RdfFormat.N_TRIPLES) or b""
        for path in paths
    )


def parse_triples(path: Path) -> list[ox.Triple]:
    """One file parsed with Oxigraph's parsers into triples (a named graph in the file joins
    the others); blank nodes get fresh names. A syntax error is a LoadError naming the line."""
    return [q.triple for q in parse_quads([path], None)]


def parse_document(path: Path) -> Graph:
    """One RDF file parsed with Oxigraph's parsers into an rdflib graph; a syntax error is a
    LoadError naming the line."""
    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in document_triples(path))
    return graph


def document_triples(path: Path, term: Callable[[object], Term] | None = None) -> list[Triple]:
    """One RDF file parsed with Oxigraph's parsers into triples of rdflib terms, without
    building a graph of them (blank nodes get fresh names); a syntax error is a LoadError
    naming the line. ``term`` converts each term (default: ``from_ox``, remembered for this
    file; a long-lived reader may pass one that remembers across files)."""
    term = term or term_converter()
    return [(term(q.subject), term(q.predicate), term(q.object)) for q in parse_quads([path], None)]


def document_literals(path: Path) -> tuple[int, list[str]]:
    """How many triples one RDF file holds and the texts of its literals, read with Oxigraph's
    parsers and never turned into rdflib terms (what a write checks before it goes on); a
    syntax error is a LoadError naming the line."""
    quads = parse_quads([path], None)
    texts = [q.object.value for q in quads if isinstance(q.object, ox.Literal)]
    # A triple said twice is one triple.
    return len({q.triple for q in quads}), texts


def _too_long(path: Path, fmt: str, exc: MemoryError) -> LoadError:
    # pyoxigraph reads files through a buffer of 16 MiB: one term may not be longer.
    return LoadError(
        f"{path}: cannot parse {fmt}: a single term (a literal or an IRI) is too long to "
        f"read ({exc})",
        source=str(path),
    )


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
            # rfind: about twice as fast as find over such texts (see _as_quads).
            return view.rfind(b"_:") != -1


def _as_quads(paths: Sequence[Path], graph: URIRef) -> bytes | None:
    """The N-Triples files as N-Quads of ``graph``, or None unless each is N-Triples written
    one triple a line, each line ending in " .", with no comment after a triple and no
    labelled blank node (as goalgraph generate and most exporters write it): then the graph's
    name can go before each line's final " ." as it is. Other files are parsed as they are
    (see ``load``)."""
    name = f" {graph_node(graph)} .\n".encode()
    parts = []
    for path in paths:
        if RDF_FORMATS.get(path.suffix.lower()) != "nt":
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None  # load reports it
        if data and not data.endswith(b"\n"):
            data += b"\n"
        # Each check is one pass in C over about a megabyte per municipality, and at
        # national scale they add up to seconds of the load's CPU; none copies the text, as
        # two loads run beside this one and every megabyte held here adds to their peak.
        # Hence: every line ends in " .\n" when the two counts agree; rfind, which searches
        # these texts about twice as fast as ``in``; the three marks of a comment after a
        # triple's full stop (at once or after a blank: it would take the graph's name and
        # leave the triple in the default graph). A comment on a line of its own stays one
        # with the name in it.
        if (
            data.count(b" .\n") != data.count(b"\n")
            or data.rfind(b"_:") != -1
            or data.rfind(b"\r") != -1
            or data.rfind(b" #") != -1
            or data.rfind(b"\t#") != -1
            or data.rfind(b".#") != -1
        ):
            return None
        parts.append(data.replace(b" .\n", name))
        del data
    return b"".join(parts)


def _batches(
    targets: Sequence[tuple[URIRef | None, Sequence[str | Path]]],
) -> Iterator[tuple[list[_Batched], bytes, tuple[URIRef | None, list[Path]] | None]]:
    """``targets`` in order, as batches of about BATCH_BYTES of N-Quads (``_as_quads``,
    joined into one text) and, between them, single graphs whose files must be parsed as
    they are."""
    batch: list[_Batched] = []
    texts: list[bytes] = []
    size = 0
    for graph, files in targets:
        paths = rdf_files(files)
        text = _as_quads(paths, graph) if graph is not None else None
        if text is None:
            if batch:
                yield batch, b"".join(texts), None
                batch, texts, size = [], [], 0
            yield [], b"", (graph, paths)
            continue
        batch.append((graph, paths))
        texts.append(text)
        size += len(text)
        if size >= BATCH_BYTES:
            yield batch, b"".join(texts), None
            batch, texts, size = [], [], 0
    if batch:
        yield batch, b"".join(texts), None


def insert_data(graph: URIRef | None, quads: Sequence[ox.Quad | ox.Triple]) -> str:
    """A SPARQL ``INSERT DATA`` operation adding ``quads`` to ``graph``."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    if graph is None:
        return f"INSERT DATA {{\n{body}\n}}"
    return f"INSERT DATA {{ GRAPH {graph_node(graph)} {{\n{body}\n}} }}"


def _has_blank_node(triple: ox.Triple | ox.Quad) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def delete_data(graph: URIRef | None, quads: Sequence[ox.Quad | ox.Triple]) -> str:
    """A SPARQL ``DELETE DATA`` operation removing ``quads`` (no blank nodes) from ``graph``."""
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    if graph is None:
        return f"DELETE DATA {{\n{body}\n}}"
    return f"DELETE DATA {{ GRAPH {graph_node(graph)} {{\n{body}\n}} }}"


def change_update(
    graph: URIRef | None,
    removed: Sequence[ox.Quad | ox.Triple],
    added: Sequence[ox.Quad | ox.Triple],
) -> str:
    """One SPARQL Update request that removes ``removed`` from ``graph`` and adds ``added``:
    a replacement written as the difference, which the engine applies in one transaction."""
    parts = [delete_data(graph, removed)] if removed else []
    if added:
        parts.append(insert_data(graph, added))
    return " ;\n".join(parts)


def replace_update(graph: URIRef | None, quads: Sequence[ox.Quad | ox.Triple]) -> str:
    """One SPARQL Update request that swaps the content of ``graph`` for ``quads``."""
    drop = "DROP SILENT DEFAULT" if graph is None else f"DROP SILENT GRAPH {graph_node(graph)}"
    return f"{drop} ;\n{insert_data(graph, quads)}" if quads else drop


def _result(answer: native.Answer | native.TableAnswer) -> QueryResult:
    if isinstance(answer, bool):
        return AskResult(answer)
    if isinstance(answer, native.Table):
        return _table(answer.text)
    if isinstance(answer, native.Solutions):
        # Rows repeat most of their terms (a date, a class, the node of several rows), and
        # building an rdflib literal costs more than the lookup of one already built.
        term = term_converter()
        return SelectResult.of(
            answer.variables,
            tuple(
                tuple(None if value is None else term(value) for value in solution)
                for solution in answer.rows
            ),
        )
    graph = new_graph()
    for triple in answer:
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph


# --------------------------------------------------------------------------------------------
# SELECT answers read from Oxigraph's TSV (the SPARQL 1.1 Query Results TSV format)
# --------------------------------------------------------------------------------------------

_TSV_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_TSV_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}
_XSD_BOOLEAN = URIRef(XSD.boolean)
_XSD_INTEGER = URIRef(XSD.integer)
_XSD_DECIMAL = URIRef(XSD.decimal)
_XSD_DOUBLE = URIRef(XSD.double)


def _tsv_unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _TSV_ESCAPE.sub(lambda m: _TSV_ESCAPES.get(m.group(1), m.group(1)), text)


def tsv_term(token: str) -> Term:
    """The rdflib term for one field of Oxigraph's TSV results, the same term ``from_ox``
    gives for the pyoxigraph term it was written from."""
    first = token[0]
    if first == "<":
        if token.startswith("<<"):
            raise QueryError(f"the store returned an RDF term goalgraph cannot represent: {token}")
        return URIRef(token[1:-1])
    if first == '"':
        end = token.rindex('"')
        value = _tsv_unescape(token[1:end])
        rest = token[end + 1 :]
        if not rest:
            return Literal(value)
        if rest[0] == "@":
            # A base direction (RDF 1.2, "@en--ltr") has no place in an rdflib literal.
            return Literal(value, lang=rest[1:].split("--", 1)[0])
        datatype = rest[3:-1]
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(value)
        return Literal(value, datatype=URIRef(datatype))
    if token.startswith("_:"):
        return BNode(token[2:])
    # Numbers and booleans are written bare when their lexical form is Turtle's.
    if token in ("true", "false"):
        return Literal(token, datatype=_XSD_BOOLEAN)
    if "e" in token or "E" in token:
        return Literal(token, datatype=_XSD_DOUBLE)
    if "." in token:
        return Literal(token, datatype=_XSD_DECIMAL)
    return Literal(token, datatype=_XSD_INTEGER)


def _table(text: str) -> SelectResult:
    """A SelectResult from Oxigraph's TSV: each distinct field converted once."""
    lines = text.split("\n")
    header = lines[0]
    variables = tuple(name[1:] for name in header.split("\t")) if header else ()
    # Every line ends with a newline, so the last piece is empty; a line of one variable
    # left unbound is empty too.
    body = lines[1:-1]
    terms: dict[str, Term] = {}

    def term(token: str) -> Term | None:
        if not token:
            return None
        found = terms.get(token)
        if found is None:
            found = terms[token] = tsv_term(token)
        return found

    if len(variables) == 1:
        rows: list[tuple[Term | None, ...]] = [(term(line),) for line in body]
    elif not variables:
        rows = [() for _ in body]
    else:
        rows = [tuple(map(term, line.split("\t"))) for line in body]
    return SelectResult.of(variables, rows)


class OxigraphStore(Store):
    """A pyoxigraph store; queries see the union of all graphs as their default graph."""

    #: Oxigraph evaluates a query outside the GIL, and its store is safe for concurrent reads.
    concurrent_reads = True

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.descriptor = str(path) if path is not None else "oxigraph in memory"
        #: How ``triples`` and ``match`` convert terms; None: ``from_ox`` remembered per call.
        #: A long-lived reader (the write gate's worker) sets one that remembers across calls.
        self.terms: Callable[[object], Term] | None = None
        # put() reads a graph and writes the difference: no other put may come between.
        self._writing = threading.Lock()
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

    @classmethod
    def restore(cls, path: Path) -> OxigraphStore:
        """An in-memory store holding the N-Quads snapshot at ``path`` (see ``dump``)."""
        store = cls(None)
        try:
            try:
                store._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            except MemoryError:
                # Reading a file, pyoxigraph's parser refuses a line over its 16 MiB buffer
                # (one large literal); from memory it takes any size.
                store._store.clear()
                store._store.bulk_load(path.read_bytes(), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as exc:
            raise LoadError(f"{path}: cannot parse the snapshot: {exc}", source=str(path)) from exc
        except OSError as exc:
            raise LoadError(f"{path}: cannot read the snapshot: {exc}", source=str(path)) from exc
        return store

    def dump(self, path: Path) -> None:
        try:
            self._store.dump(str(path), ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: cannot write {path}: {exc}") from exc

    def query_at_most(
        self,
        sparql: str,
        limit: int,
        *,
        dataset: Dataset | None = None,
        own_dataset: bool = False,
        prefixes: Mapping[str, str] | None = None,
    ) -> QueryResult:
        """``query`` (no bindings) refusing an answer of more than ``limit`` rows or triples:
        TooManyResults as soon as one more arrives, so that a huge answer is never read whole.

        The query is asked against ``dataset`` when given (the Protocol's graphs, which
        override the query's own FROM and FROM NAMED), else with ``own_dataset`` against the
        dataset its FROM and FROM NAMED clauses describe, else against the union of all
        graphs. ``prefixes`` are declared for the query without changing its text, so that
        the line and column of a syntax error are those of ``sparql``.
        """
        options: dict[str, Any] = {"prefixes": dict(prefixes or {})}
        if dataset is not None:
            # An empty default graph is one no store holds (the store's own default graph
            # may hold data loaded without a graph name).
            default: list[ox.NamedNode | ox.DefaultGraph] = [
                ox.NamedNode(str(g)) for g in dataset.default
            ]
            if dataset.store_default:
                default.append(ox.DefaultGraph())
            options["default_graph"] = default or [ox.NamedNode(_NO_GRAPH)]
            options["named_graphs"] = [ox.NamedNode(str(g)) for g in dataset.named]
        elif not own_dataset:
            options["use_default_graph_as_union"] = True
        try:
            result = self._store.query(sparql, **options)
        except SyntaxError as exc:
            raise engine_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: query failed: {exc}") from exc
        # The iterator is thread-bound (see store/native.py): read and dropped in this call.
        try:
            if isinstance(result, ox.QueryBoolean):
                return AskResult(bool(result))
            # Counted before anything is converted, so that a refused answer costs little.
            found: list[Any] = []
            for item in result:
                if len(found) >= limit:
                    raise TooManyResults(f"the result has more than {limit} rows or triples")
                found.append(item)
            variables = (
                tuple(v.value for v in result.variables)
                if isinstance(result, ox.QuerySolutions)
                else None
            )
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: query failed: {exc}") from exc
        finally:
            del result
        term = term_converter()
        if variables is not None:
            rows = [tuple(None if t is None else term(t) for t in row) for row in found]
            return SelectResult.of(variables, rows)
        graph = new_graph()
        graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in found)
        return graph

    @property
    def native(self) -> ox.Store:
        """The pyoxigraph store itself, for readers that need Oxigraph's own terms."""
        return self._store

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        # Oxigraph's own substitutions require the variable to be projected: constants in
        # the text work everywhere, and the engine starts from them.
        text = render(sparql, bindings).text
        try:
            if default_graph is None:
                return _result(
                    native.query_table(self._store, text, use_default_graph_as_union=True)
                )
            graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
                ox.NamedNode(str(g)) for g in default_graph
            ]
            return _result(native.query_table(self._store, text, default_graph=graphs))
        except SyntaxError as exc:
            raise engine_error(exc) from exc
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
        sparql = query_text("default-graph-size")
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
                if replace and graph is not None:
                    # One update request is one transaction: readers see the old or the new graph.
                    self._replace(graph, {t for path in paths for t in parse_triples(path)})
                elif replace:
                    self._store.update(replace_update(graph, parse_quads(paths, graph)))
                else:
                    quads = parse_quads(paths, graph)
                    if quads:
                        self._store.extend(quads)
        except OSError as exc:
            raise StoreError(f"{self.descriptor}: cannot write: {exc}") from exc
        logger.info("loaded %s into %s", ", ".join(map(str, paths)), graph or "the default graph")
        return LoadResult(graph, self._size(graph), tuple(paths))

    def load_graphs(
        self, targets: Sequence[tuple[URIRef | None, Sequence[str | Path]]], replace: bool = True
    ) -> Iterator[LoadResult]:
        """Load each ``(graph, files)`` of ``targets`` as ``load`` does; results in that order
        (on disk, once every graph is loaded).

        On disk, when every graph is new and named once, the graphs' N-Triples files are
        bulk-loaded many graphs at a time, as N-Quads naming each triple's graph (about
        BATCH_BYTES of text in one bulk load, LOADERS bulk loads side by side): one bulk load
        per graph left the store in hundreds of small files that every look-up and every
        opening of the store went through. Other files are loaded graph by graph, in order.
        A file that cannot be parsed raises its LoadError, as ``load`` one graph after the
        other would: the graphs before it are loaded, it and the graphs after it are not.
        """
        graphs = [graph for graph, _ in targets]
        if (
            self.path is None
            # One graph gains nothing from batches, and its files go to the loader unread.
            or len(graphs) == 1
            or len(set(graphs)) < len(graphs)
            or any(self._holds(graph_node(graph)) for graph in graphs)
        ):
            yield from super().load_graphs(targets, replace)
            return
        # Graphs are counted once every bulk load has ended: a count reads the graph back,
        # and read while loads still run it grows the store's cache on top of their buffers
        # (at 50 municipalities 130 MB at peak instead of 108 MB).
        done: list[LoadResult | _Batched] = []
        running: deque[tuple[Future[None], list[_Batched]]] = deque()
        with ThreadPoolExecutor(LOADERS, thread_name_prefix="goalgraph-load") as pool:
            try:
                for batch, text, single in _batches(targets):
                    if batch:
                        # At most LOADERS texts are held: each is freed when its load ends.
                        while len(running) >= LOADERS:
                            self._finish(*running.popleft(), replace, done)
                        running.append((pool.submit(self._bulk_quads, text), batch))
                        del text
                        continue
                    while running:
                        self._finish(*running.popleft(), replace, done)
                    assert single is not None
                    done.append(self.load(single[1], single[0], replace))
                while running:
                    self._finish(*running.popleft(), replace, done)
            except Exception:
                # Graphs loaded after the one at fault are removed, as if never started; the
                # graphs before it are loaded, and reported as such.
                for future, batch in running:
                    future.cancel()
                    futures_wait([future])
                    for graph, _ in batch:
                        self._drop(graph_node(graph))
                yield from self._counted(done)
                raise
        yield from self._counted(done)

    def _counted(self, done: Iterable[LoadResult | _Batched]) -> Iterator[LoadResult]:
        for entry in done:
            if isinstance(entry, LoadResult):
                yield entry
            else:
                graph, paths = entry
                logger.info("loaded %s into %s", ", ".join(map(str, paths)), graph)
                yield LoadResult(graph, self._size(graph), tuple(paths))

    def _bulk_quads(self, text: bytes) -> None:
        self._store.bulk_load(text, ox.RdfFormat.N_QUADS)

    def _finish(
        self,
        future: Future[None],
        batch: list[_Batched],
        replace: bool,
        done: list[LoadResult | _Batched],
    ) -> None:
        """Add a batch's graphs to ``done``, to be counted; if its bulk load failed, drop what
        it wrote and load its graphs one by one, which names the file and line at fault."""
        try:
            future.result()
        except (SyntaxError, MemoryError, OSError):
            for graph, _ in batch:
                self._drop(graph_node(graph))
            for graph, paths in batch:
                done.append(self.load(paths, graph, replace))
            return
        done.extend(batch)

    def _bulk_load(
        self, paths: Sequence[Path], graph: URIRef | None, target: ox.NamedNode | ox.DefaultGraph
    ) -> None:
        """Fill a graph that does not exist yet file by file, without one transaction for all.

        On disk this is Oxigraph's bulk loader: several times faster on big stores, but
        readers may see the graph half filled, and a load cut short (killed process) leaves
        part of it. A file that cannot be parsed drops the graph, so the store is as it was.
        """
        # In memory, the transactional loader is the faster one. On disk, even for a small
        # file it is not: what it leaves in memory is written out before the next bulk load.
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
            except MemoryError as exc:
                self._drop(target)
                raise _too_long(path, fmt, exc) from exc
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

    def put(self, graph: URIRef, content: Graph) -> None:
        self._replace(graph, {ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in content})  # type: ignore[arg-type]

    def put_document(self, graph: URIRef, path: Path) -> None:
        self._replace(graph, set(parse_triples(path)))

    def document_update(self, graph: URIRef, path: Path) -> str:
        """The SPARQL Update that ``put_document(graph, path)`` would make (empty: nothing to
        change), for a writer that works it out while something else runs and writes it
        later with ``update``; it holds only while no one else writes ``graph``."""
        return self._replacement(graph, set(parse_triples(path)))

    def _replacement(self, graph: URIRef, new: set[ox.Triple]) -> str:
        """The update that makes ``new`` the whole content of ``graph`` (empty: drops it).

        A new version of a graph mostly differs from the old in a few triples: the difference
        is written, not the whole graph (parsing an update of every triple dominated a write).
        DELETE DATA cannot name a stored blank node, so a graph whose removed triples hold one
        is replaced whole.
        """
        target = graph_node(graph)
        if not new:
            return f"DROP SILENT GRAPH {target}"
        old = {q.triple for q in native.quads(self._store, None, None, None, target)}
        removed = old - new
        if any(_has_blank_node(t) for t in removed):
            return replace_update(graph, list(new))
        return change_update(graph, list(removed), list(new - old))

    def _replace(self, graph: URIRef, new: set[ox.Triple]) -> None:
        """Make ``new`` the whole content of ``graph`` (empty: drop it) in one update."""
        with self._writing:
            update = self._replacement(graph, new)
            if not update:
                return
            try:
                self._store.update(update)
            except OSError as exc:
                raise StoreError(f"{self.descriptor}: cannot write: {exc}") from exc

    def graphs(self) -> list[GraphInfo]:
        rows = select(self, "graph-counts").rows
        return [GraphInfo(URIRef(str(g)), int(str(n))) for g, n in rows]

    def graph_names(self) -> list[URIRef]:
        # Oxigraph's list of graph names, then one index look-up each: counting the graphs
        # (``graphs``) scans every quad, seconds at national scale. A graph whose triples
        # were all deleted keeps its name there, so each is checked for a first quad.
        names = [g for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]
        found = [URIRef(g.value) for g in names if native.first_quad(self._store, graph=g)]
        return sorted(found, key=str)

    def triples_count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return len(self._store)
        return self._size(graph)

    def export(self, graph: URIRef | None = None) -> Graph:
        out = new_graph()
        node = graph_node(graph) if graph is not None else None
        term = term_converter()
        out.addN(
            (term(q.subject), term(q.predicate), term(q.object), out)
            for q in native.quads(self._store, None, None, None, node)
        )
        return out

    def triples(self, graph: URIRef) -> list[Triple]:
        term = self.terms or term_converter()
        return [
            (term(q.subject), term(q.predicate), term(q.object))
            for q in native.quads(self._store, None, None, None, graph_node(graph))
        ]

    def match(
        self,
        subjects: Sequence[Term] | None,
        predicates: Sequence[URIRef],
        objects: Sequence[Term] | None = None,
        *,
        outside: URIRef | None = None,
    ) -> list[Triple]:
        term = self.terms or term_converter()
        found = native.named_quads(
            self._store,
            None if subjects is None else [to_ox(t) for t in subjects],
            [to_ox(p) for p in predicates],
            None if objects is None else [to_ox(t) for t in objects],
            graph_node(outside) if outside is not None else None,
        )
        return list(
            dict.fromkeys((term(q.subject), term(q.predicate), term(q.object)) for q in found)
        )

    def linked(
        self, nodes: Iterable[URIRef], graphs: Sequence[URIRef], *, incoming: bool = False
    ) -> list[Triple]:
        """The triples in ``graphs`` whose subject is one of ``nodes`` (with ``incoming``,
        whose object is): one index look-up per node, where a SPARQL VALUES block of many
        nodes and a free predicate is answered by a scan of the store per query."""
        wanted = {graph_node(g) for g in graphs}
        term = term_converter()
        found: list[Triple] = []
        for node in nodes:
            named = ox.NamedNode(str(node))
            subject, object_ = (None, named) if incoming else (named, None)
            found.extend(
                (term(q.subject), term(q.predicate), term(q.object))
                for q in native.quads(self._store, subject, None, object_, None)
                if q.graph_name in wanted
            )
        return found

    def native_graphs(self, *, remember: bool = False) -> NativeGraphs:
        from goalgraph.store.reader import NativeGraphs

        return NativeGraphs(self._store, remember=remember)

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
