"""A fair share of the query workers for every client: a limit on queries per client address."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request

from goalgraph.errors import GoalgraphError


class TooManyQueries(GoalgraphError):
    """The client already runs as many queries as it may at once (answered with 429)."""


def client_address(request: Request) -> str:
    """The address the request came from (behind a proxy: what the proxy headers say, when
    uvicorn is told to trust the proxy)."""
    return request.client.host if request.client is not None else "unknown"


class ClientLimit:
    """At most ``limit`` queries at once per client address; more are refused at once
    rather than queued, so that a client flooding the endpoint holds no server threads."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold one of the client's query slots; TooManyQueries when none is free."""
        with self._lock:
            running = self._running.get(client, 0)
            if running >= self.limit:
                raise TooManyQueries(
                    f"your address already runs {running} queries at once, the most allowed "
                    f"({self.limit}); wait for them to finish, then try again"
                )
            self._running[client] = running + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running[client] - 1
                if left:
                    self._running[client] = left
                else:
                    del self._running[client]
