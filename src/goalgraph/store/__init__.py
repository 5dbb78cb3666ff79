"""The storage layer: one Store interface, its adapters, and the factory that picks one."""

from __future__ import annotations

import logging
from pathlib import Path

from goalgraph.namespace import ONTOLOGY_IRI
from goalgraph.resources import core_ontology_path, sdg_module_path
from goalgraph.store.base import (
    AskResult,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
    select,
    store_query,
)
from goalgraph.store.memory import MemoryStore
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.remote import RemoteStore

logger = logging.getLogger(__name__)

#: The named graph holding the core ontology and the SDG module.
VOCABULARY_GRAPH = ONTOLOGY_IRI

MEMORY = "memory:"


def open_store(descriptor: str, *, vocabulary: bool = True) -> Store:
    """Open the store a descriptor names: ``memory:``, an ``http(s)://`` SPARQL query
    endpoint, or a folder for the embedded on-disk store (created if missing).

    With ``vocabulary`` a store without the vocabulary graph gets it loaded.
    """
    store: Store
    if descriptor == MEMORY:
        store = MemoryStore()
    elif descriptor.startswith(("http://", "https://")):
        store = RemoteStore(descriptor)
    else:
        store = OxigraphStore(Path(descriptor).expanduser())
    if vocabulary:
        ensure_vocabulary(store)
    return store


def vocabulary_files() -> list[Path]:
    """The files of the vocabulary graph: the core ontology and, if built, the SDG module."""
    sdg = sdg_module_path()
    return [core_ontology_path(), sdg] if sdg.is_file() else [core_ontology_path()]


def ensure_vocabulary(store: Store, *, refresh: bool = False) -> bool:
    """Load the vocabulary graph if the store lacks it (always, with ``refresh``).

    Returns True when it was loaded.
    """
    present = store.query(store_query("vocabulary-present"), {"g": VOCABULARY_GRAPH})
    if present and not refresh:
        return False
    result = store.load(vocabulary_files(), VOCABULARY_GRAPH)
    logger.info("vocabulary graph <%s>: %d triples", VOCABULARY_GRAPH, result.triples)
    return True


__all__ = [
    "MEMORY",
    "VOCABULARY_GRAPH",
    "AskResult",
    "GraphInfo",
    "LoadResult",
    "MemoryStore",
    "OxigraphStore",
    "QueryResult",
    "RemoteStore",
    "SelectResult",
    "Store",
    "Term",
    "ensure_vocabulary",
    "open_store",
    "select",
    "store_query",
    "vocabulary_files",
]
