"""Small models written in the tests, opened as every command opens files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from goalgraph.store import Store, open_files


@contextmanager
def model_store(factory: pytest.TempPathFactory, name: str, turtle: str) -> Iterator[Store]:
    """``turtle`` written to a file of its own and opened (the vocabulary loaded beside it)."""
    path = factory.mktemp(name) / "model.ttl"
    path.write_text(turtle, encoding="utf-8")
    with open_files(path) as opened:
        yield opened
