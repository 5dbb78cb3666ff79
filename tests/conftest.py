"""Shared fixtures: the example models and paths inside the repository."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from goalgraph import load

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
def asker_graph() -> Graph:
    """The Asker example with the ontology and the SDG module (do not modify)."""
    return load(ASKER)


@pytest.fixture(scope="session")
def miljopakken_graph() -> Graph:
    """The Miljøpakken example with the ontology and the SDG module (do not modify)."""
    return load(MILJOPAKKEN)


@pytest.fixture(scope="session", params=["asker", "miljopakken"])
def example_graph(request: pytest.FixtureRequest) -> Graph:
    """Each example model in turn (do not modify)."""
    return load(EXAMPLES / request.param)
