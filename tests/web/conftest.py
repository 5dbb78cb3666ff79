"""Real uvicorn servers on free localhost ports for the web tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from goalgraph.generate import generate
from goalgraph.store import OxigraphStore, ensure_vocabulary
from goalgraph.web import Settings, StoreSource, create_app
from tests.conftest import ASKER, TEST_DATA, free_port

WEB_DATA = TEST_DATA / "web"
EX = "https://w3id.org/goalgraph/tests/web/"
SCRIPT_LABEL = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Served:
    """A running server: its base URL (no trailing slash) and what it serves."""

    url: str
    source: StoreSource
    app: FastAPI | None = None


def run_server(
    paths: list[Path], source: StoreSource | None = None, **options: Any
) -> Iterator[Served]:
    """Serve ``source`` (else ``paths`` loaded into memory) with the given settings."""
    port = free_port()
    settings = Settings(data=paths, port=port, **options)
    source = source if source is not None else StoreSource.from_files(paths)
    app = create_app(settings, source)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    # The start page is complete (warnings and parties inline) once the warm-up is done; the
    # page as it comes while the server still prepares them is tested in test_start_parts.py.
    if not app.state.warmed.wait(60):
        raise RuntimeError("the test server did not finish its warm-up")
    try:
        yield Served(f"http://127.0.0.1:{port}", source, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def generated_source(folder: Path, municipalities: int) -> StoreSource:
    """Generated municipalities (seed 1), one named graph each, in an in-memory store."""
    result = generate(folder, municipalities, seed=1)
    store = OxigraphStore(None)
    ensure_vocabulary(store)
    for model in result.models:
        store.load([model.path], model.graph)
    return StoreSource(store)


@pytest.fixture(scope="session")
def web_server() -> Iterator[Served]:
    """The small web fixture model (tests/data/web) served on localhost."""
    yield from run_server([WEB_DATA])


@pytest.fixture(scope="session")
def asker_server() -> Iterator[Served]:
    """The Asker example served on localhost."""
    yield from run_server([ASKER])


@pytest.fixture(scope="session")
def capped_server() -> Iterator[Served]:
    """The web fixture model with a graph view limited to 4 nodes."""
    yield from run_server([WEB_DATA], graph_max_nodes=4)
