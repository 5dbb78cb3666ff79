"""The one object through which the web app reads its data, and its FastAPI dependency."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from rdflib import Graph

from goalgraph.validate import ValidationReport, validate

logger = logging.getLogger(__name__)


class GraphSource:
    """The served graph behind a lock, so that a store layer can later take its place.

    FastAPI runs plain route functions in a thread pool, but neither rdflib graphs nor
    rdflib's SPARQL parser (pyparsing keeps global parse state) are safe for concurrent
    use; every read, query and validation therefore holds the one lock of :meth:`reading`.
    """

    def __init__(self, graph: Graph) -> None:
        self._graph = graph
        self._lock = threading.RLock()
        self._validation: dict[str, ValidationReport] = {}

    @contextmanager
    def reading(self) -> Iterator[Graph]:
        """Hold the lock while the caller reads the graph."""
        with self._lock:
            yield self._graph

    def __len__(self) -> int:
        with self._lock:
            return len(self._graph)

    def validation(self, lang: str) -> ValidationReport:
        """The validation report of the served graph, computed once per language."""
        with self._lock:
            if lang not in self._validation:
                logger.info("validating the served graph (%d triples, %s)", len(self._graph), lang)
                self._validation[lang] = validate(self._graph, lang=lang)
            return self._validation[lang]


def get_source(request: Request) -> GraphSource:
    source: GraphSource = request.app.state.source
    return source


Source = Annotated[GraphSource, Depends(get_source)]
