"""Validation of posted models in a worker process that is killed on time-out or when the
client leaves, so that no posted model holds the server or its locks."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from fastapi.concurrency import run_in_threadpool

from goalgraph.errors import GoalgraphError, LoadError
from goalgraph.web.workers import _CONTEXT, _START_TIMEOUT, QueryTimeout

logger = logging.getLogger(__name__)

_POLL = 0.1


@dataclass(frozen=True)
class _Outcome:
    """The validation document, or the message of a LoadError (``document`` None then)."""

    document: dict[str, Any] | None
    error: str = ""


class Cancelled(GoalgraphError):
    """The client left before the validation ended; nobody reads the answer."""


def _worker(connection: Connection) -> None:
    from goalgraph.files import parse_text, vocabulary_triples
    from goalgraph.validation.engine import validate

    vocabulary_triples()  # read once, before the first model arrives
    connection.send(None)
    while True:
        try:
            text, lang = connection.recv()
        except EOFError:
            return
        try:
            model = parse_text(text, "turtle", source="request body")
            outcome = _Outcome(validate(model, lang=lang).to_json())
        except LoadError as exc:
            outcome = _Outcome(None, str(exc))
        connection.send(outcome)


class Validator:
    """One worker process validating one posted model at a time within ``timeout`` seconds.

    The worker starts with the first validation and is replaced after one is stopped.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._busy = threading.Lock()
        self._process: Any = None
        self._connection: Connection | None = None

    def _ready(self) -> Connection:
        if self._connection is not None and self._process.is_alive():
            return self._connection
        ours, theirs = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_worker, args=(theirs,), daemon=True)
        process.start()
        theirs.close()
        if not ours.poll(_START_TIMEOUT):
            process.kill()
            raise QueryTimeout("the validation worker did not start; see the server log")
        ours.recv()
        self._process, self._connection = process, ours
        return ours

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None

    def run(self, text: str, lang: str, cancel: threading.Event | None = None) -> dict[str, Any]:
        """The validation document of the Turtle ``text``.

        Raises LoadError when it cannot be parsed, QueryTimeout when the validation runs
        over the time limit or another one is running, and Cancelled when ``cancel`` is set
        meanwhile.
        """
        # Refused at once rather than queued: a waiting request would hold a server thread.
        if not self._busy.acquire(blocking=False):
            raise QueryTimeout("another validation is running; try again in a moment")
        try:
            connection = self._ready()
            connection.send((text, lang))
            deadline = time.monotonic() + self.timeout
            while not connection.poll(_POLL):
                if cancel is not None and cancel.is_set():
                    self._stop()
                    raise Cancelled("the client left; the validation was stopped")
                if time.monotonic() > deadline:
                    self._stop()
                    logger.warning("a validation ran over %.1f s and was stopped", self.timeout)
                    raise QueryTimeout(
                        f"the validation ran longer than the limit of {self.timeout:g} seconds; "
                        "validate large models with `goalgraph validate`"
                    )
            try:
                outcome: _Outcome = connection.recv()
            except (EOFError, OSError):
                self._stop()
                raise QueryTimeout("the validation worker stopped unexpectedly") from None
        finally:
            self._busy.release()
        if outcome.document is None:
            raise LoadError(outcome.error, source="request body")
        return outcome.document

    async def run_async(
        self, text: str, lang: str, disconnected: Callable[[], Awaitable[bool]]
    ) -> dict[str, Any]:
        """:meth:`run` in a thread, stopped as soon as ``disconnected()`` says the client left."""
        cancel = threading.Event()
        task = asyncio.ensure_future(run_in_threadpool(self.run, text, lang, cancel))
        while True:
            done, _ = await asyncio.wait({task}, timeout=0.25)
            if done:
                return task.result()
            if await disconnected():
                cancel.set()

    def close(self) -> None:
        """Stop the worker."""
        self._stop()
