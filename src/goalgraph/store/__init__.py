"""The storage layer: one Store interface, its adapters, and the factory that picks one."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from goalgraph.errors import StoreError
from goalgraph.files import RDF_FORMATS, new_graph, rdf_files
from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.resources import core_ontology_path, sdg_module_path
from goalgraph.sparql.library import ask
from goalgraph.store.base import (
    PREFIX_GRAPH,
    AskResult,
    Dataset,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
)
from goalgraph.store.changes import (
    HISTORY_PREFIX,
    GraphChange,
    change_update,
    history_graph,
    is_history_graph,
)
from goalgraph.store.memory import MemoryStore
from goalgraph.store.oxigraph import (
    OxigraphStore,
    document_literals,
    document_triples,
    parse_document,
    parse_quads,
)
from goalgraph.store.remote import RemoteStore
from goalgraph.store.scope import GraphScope, GraphSetScope

logger = logging.getLogger(__name__)

#: The named graph holding the core ontology and the SDG module.
VOCABULARY_GRAPH = ONTOLOGY_IRI

MEMORY = "memory:"


def open_store(descriptor: str, *, vocabulary: bool = True, read_only: bool = False) -> Store:
    """Open the store a descriptor names: ``memory:``, an ``http(s)://`` SPARQL query
    endpoint, or a folder for the embedded on-disk store (created if missing).

    With ``vocabulary`` a store without the vocabulary graph gets it loaded. With
    ``read_only`` an embedded store is opened without its lock, so that other processes can
    read it at the same time (it must exist and nothing may write it meanwhile); nothing is
    loaded then.
    """
    store: Store
    if descriptor == MEMORY:
        store = MemoryStore()
    elif descriptor.startswith(("http://", "https://")):
        store = RemoteStore(descriptor)
    else:
        path = Path(descriptor).expanduser()
        if read_only and not path.is_dir():
            raise StoreError(f"{path}: no such store folder; fill one with 'goalgraph load'")
        store = OxigraphStore(path, read_only=read_only)
    if vocabulary and not read_only:
        ensure_vocabulary(store)
    return store


def file_graph(path: str | Path) -> URIRef:
    """The named graph a file or folder is loaded into by :func:`open_files`: its file: IRI."""
    return URIRef(Path(path).resolve().as_uri())


def open_files(*paths: str | Path) -> OxigraphStore:
    """An embedded in-memory store holding the files and folders, each in its own named graph
    (:func:`file_graph`), with the vocabulary and the files' prefixes: how every command and
    the web app read a model given as files.

    In a folder, a file that declares a plan version (``gg:PlanVersion``) goes into a graph
    of its own, so that versions kept side by side stay apart (goalgraph.versions).

    Raises LoadError naming the file and line of the first file that cannot be read.
    """
    if not paths:
        raise StoreError("no model given: give RDF files or folders")
    store = OxigraphStore(None)
    ensure_vocabulary(store)
    for path in paths:
        for graph, files in version_targets(file_graph(path), [path], file_graph):
            store.load(files, graph)
    record_prefixes(store, list(paths))
    return store


#: The class whose instances mark a file as one version of a plan.
_PLAN_VERSION = ox.NamedNode("https://w3id.org/goalgraph#PlanVersion")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def declares_version(path: Path) -> bool:
    """Whether an RDF file states that a node is a plan version (``gg:PlanVersion``).

    Files that do not mention the class are not parsed (a look at their bytes).
    """
    try:
        with path.open("rb") as handle:
            if b"PlanVersion" not in handle.read():
                return False
    except OSError:
        return False  # the loader reports the file
    quads = parse_quads([path], None)
    return any(q.predicate == _RDF_TYPE and q.object == _PLAN_VERSION for q in quads)


def version_targets(
    graph: URIRef,
    paths: Sequence[str | Path],
    version_graph: Callable[[Path], URIRef] | None = None,
) -> list[tuple[URIRef, list[Path]]]:
    """Which files go to which graph when ``paths`` are read into ``graph``: a file that
    declares a plan version goes into a graph of its own (``version_graph(file)``, default
    ``graph/<file name without suffix>``), unless it is the only file; the rest into ``graph``.
    """
    files = rdf_files(paths)
    if len(files) == 1:
        return [(graph, files)]
    name = version_graph or (lambda path: URIRef(f"{str(graph).rstrip('/')}/{path.stem}"))
    versioned = [f for f in files if declares_version(f)]
    shared = [f for f in files if f not in versioned]
    targets: list[tuple[URIRef, list[Path]]] = [(graph, shared)] if shared else []
    targets.extend((name(f), [f]) for f in versioned)
    return targets


def model_graph(store: Store, graph: URIRef | None = None) -> Graph:
    """The model without the vocabulary as one rdflib Graph (for the edges that need one:
    SHACL, the reasoner, exports): one named graph, or every data graph merged."""
    if graph is not None:
        merged = store.export(graph)
    else:
        merged = new_graph()
        for info in data_graphs(store):
            merged += store.export(info.iri)
    for prefix, namespace in store.prefixes().items():
        merged.bind(prefix, namespace, override=False)
    return merged


def data_graphs(store: Store) -> list[GraphInfo]:
    """The named graphs holding a party's data: all but the vocabulary and prefix graphs and
    the history graphs (the editor's change records)."""
    return [info for info in store.graphs() if is_data_graph(info.iri)]


def is_data_graph(graph: URIRef) -> bool:
    """True for a graph holding a party's data (see ``data_graphs``)."""
    return graph not in {VOCABULARY_GRAPH, PREFIX_GRAPH} and not is_history_graph(graph)


def vocabulary_files() -> list[Path]:
    """The files of the vocabulary graph: the core ontology and, if built, the SDG module."""
    sdg = sdg_module_path()
    return [core_ontology_path(), sdg] if sdg.is_file() else [core_ontology_path()]


def ensure_vocabulary(store: Store, *, refresh: bool = False) -> bool:
    """Load the vocabulary graph if the store lacks it (always, with ``refresh``).

    Returns True when it was loaded.
    """
    present = ask(store, "vocabulary-present", {"g": VOCABULARY_GRAPH})
    if present and not refresh:
        return False
    result = store.load(vocabulary_files(), VOCABULARY_GRAPH)
    logger.info("vocabulary graph <%s>: %d triples", VOCABULARY_GRAPH, result.triples)
    return True


_PREFIX_LINE = re.compile(
    r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*):\s*<([^>\s]+)>", re.IGNORECASE | re.MULTILINE
)


def declared_prefixes(files: Sequence[str | Path]) -> dict[str, str]:
    """The prefixes declared in Turtle-like files (the first declaration of a prefix wins)."""
    found: dict[str, str] = {}
    for path in rdf_files(files):
        if RDF_FORMATS.get(path.suffix.lower()) not in {"turtle", "n3"}:
            continue
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(65536)
        for prefix, namespace in _PREFIX_LINE.findall(head):
            found.setdefault(prefix, namespace)
    return found


def record_prefixes(store: Store, files: Sequence[str | Path]) -> dict[str, str]:
    """Record the files' prefixes in the store so that CURIEs work against it later."""
    prefixes = declared_prefixes(files)
    if not prefixes:
        return prefixes
    vann = "<http://purl.org/vocab/vann/preferredNamespacePrefix>"
    graph = PREFIX_GRAPH.n3()
    # A prefix maps to one namespace: a file that rebinds it replaces the old record.
    operations = [
        f"DELETE WHERE {{ GRAPH {graph} {{ ?ns {vann} {Literal(p).n3()} }} }}"
        for p in sorted(prefixes)
    ]
    inserts = " ".join(
        f"{URIRef(ns).n3()} {vann} {Literal(p).n3()} ." for p, ns in sorted(prefixes.items())
    )
    operations.append(f"INSERT DATA {{ GRAPH {graph} {{ {inserts} }} }}")
    store.update(" ;\n".join(operations))
    return prefixes


__all__ = [
    "HISTORY_PREFIX",
    "MEMORY",
    "PREFIX_GRAPH",
    "VOCABULARY_GRAPH",
    "AskResult",
    "Dataset",
    "GraphChange",
    "GraphInfo",
    "GraphScope",
    "GraphSetScope",
    "LoadResult",
    "MemoryStore",
    "OxigraphStore",
    "QueryResult",
    "RemoteStore",
    "SelectResult",
    "Store",
    "Term",
    "change_update",
    "data_graphs",
    "declared_prefixes",
    "declares_version",
    "document_literals",
    "document_triples",
    "ensure_vocabulary",
    "file_graph",
    "history_graph",
    "is_data_graph",
    "is_history_graph",
    "model_graph",
    "open_files",
    "open_store",
    "parse_document",
    "record_prefixes",
    "version_targets",
    "vocabulary_files",
]
