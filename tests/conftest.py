"""Shared fixtures: the example models and paths inside the repository."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef

from goalgraph import load, load_data, vocabulary
from goalgraph.sparql.results import SelectResult
from goalgraph.store import OxigraphStore, Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ASKER = EXAMPLES / "asker"
MILJOPAKKEN = EXAMPLES / "miljopakken"
TEST_DATA = Path(__file__).resolve().parent / "data"


def find_program(name: str) -> str | None:
    """A program on PATH, else beside the running interpreter: the virtual environment's
    bin/ holds the ones pip installed (the `oxigraph` server) even when it is not activated,
    as under `make check`."""
    found = shutil.which(name)
    if found is not None:
        return found
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def asker_graph() -> Store:
    """The Asker example in an embedded store with the vocabulary (do not modify)."""
    return load(ASKER)


@pytest.fixture(scope="session")
def miljopakken_graph() -> Store:
    """The Miljøpakken example in an embedded store with the vocabulary (do not modify)."""
    return load(MILJOPAKKEN)


@pytest.fixture(scope="session", params=["asker", "miljopakken"])
def example_graph(request: pytest.FixtureRequest) -> Store:
    """Each example model in turn, in an embedded store (do not modify)."""
    return load(EXAMPLES / request.param)


@pytest.fixture(scope="session")
def asker_rdf() -> Graph:
    """The Asker example with the ontology and the SDG module as one rdflib graph, as the
    SHACL engine and the reasoner take it (do not modify)."""
    graph = vocabulary()
    graph += load_data(ASKER)
    return graph


@pytest.fixture(scope="session")
def miljopakken_rdf() -> Graph:
    """The Miljøpakken example as one rdflib graph with the vocabulary (do not modify)."""
    graph = vocabulary()
    graph += load_data(MILJOPAKKEN)
    return graph


def store_of(*graphs: Graph, named: str = "https://w3id.org/goalgraph/tests/graph/") -> Store:
    """An embedded in-memory store holding each graph in a named graph of its own, as a
    model given as files is held (no vocabulary: the graphs bring what they need)."""
    store = OxigraphStore(None)
    for number, graph in enumerate(graphs):
        store.put(URIRef(f"{named}{number}"), graph)
    return store


def select_text(store: Store, text: str, bindings: dict[str, Any] | None = None) -> SelectResult:
    """The rows a SELECT query's text gives on ``store`` (``$name`` places bound)."""
    result = store.query(text, bindings)
    assert isinstance(result, SelectResult), text
    return result


@pytest.fixture(scope="session", params=["asker", "miljopakken"])
def example_rdf(request: pytest.FixtureRequest) -> Graph:
    """Each example model as one rdflib graph with the vocabulary (do not modify)."""
    graph = vocabulary()
    graph += load_data(EXAMPLES / request.param)
    return graph
