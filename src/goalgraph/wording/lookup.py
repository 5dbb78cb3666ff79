"""The lexicon's words as a compact lookup file, built once per machine and read word by word.

Reading the lexicon's sources (``spacy-lookups-data``: a 2.4 MB gzipped JSON of 600 k
bokmål word forms) and working out each form's word classes takes seconds and some 200 MB,
which every process paid on its first wording check. The result is the same every time, so
it is written once into an SQLite file in goalgraph's cache folder and later processes look
up only the words they read. The file's name holds what it was built from (the version of
``spacy-lookups-data`` and a digest of the module that derives the word classes), so a new
version of either builds a new file. Where the cache folder cannot be written, the lookup is
built in memory (as slow as before, but the same answers).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path

logger = logging.getLogger(__name__)

#: The environment variable that moves goalgraph's cache folder.
CACHE_ENV = "GOALGRAPH_CACHE_DIR"


def cache_folder() -> Path:
    """``$GOALGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/goalgraph``, else ``~/.cache/goalgraph``."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "goalgraph"


def built_from(derivation: Path) -> str:
    """What a lookup file is built from: the lexicon package's version and the derivation."""
    try:
        version = metadata.version("spacy-lookups-data")
    except metadata.PackageNotFoundError:
        version = "none"
    digest = hashlib.sha256(derivation.read_bytes()).hexdigest()[:12]
    return f"{version}-{digest}"


class Lookup:
    """Word → an integer of bits, from an SQLite table; each word is read once per process.

    Safe to share between threads (one lock) and across ``fork`` (a child opens its own
    connection).
    """

    def __init__(self, location: str) -> None:
        self._location = location
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = -1
        self._seen: dict[str, int] = {}

    @classmethod
    def in_memory(cls, rows: Iterable[tuple[str, int]]) -> Lookup:
        found = cls(":memory:")
        with found._lock:
            _fill(found._connect(), rows)
        return found

    def _connect(self) -> sqlite3.Connection:
        if self._location == ":memory:":
            # Built and read by the same connection; a forked child reads its copy.
            if self._connection is None:
                self._connection = sqlite3.connect(":memory:", check_same_thread=False)
            return self._connection
        if self._connection is None or self._pid != os.getpid():
            uri = f"file:{self._location}?mode=ro"
            self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._connection

    def get(self, word: str) -> int:
        """The bits of ``word`` (0 when the table does not hold it)."""
        found = self._seen.get(word)
        if found is None:
            with self._lock:
                row = (
                    self._connect()
                    .execute("SELECT bits FROM words WHERE word = ?", (word,))
                    .fetchone()
                )
            found = int(row[0]) if row is not None else 0
            self._seen[word] = found
        return found


def _fill(connection: sqlite3.Connection, rows: Iterable[tuple[str, int]]) -> None:
    connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, bits INTEGER) WITHOUT ROWID")
    connection.executemany("INSERT INTO words VALUES (?, ?)", rows)
    connection.commit()


def open_lookup(name: str, build: Callable[[], Iterable[tuple[str, int]]]) -> Lookup:
    """The lookup file ``name`` in the cache folder, built with ``build`` when missing."""
    folder = cache_folder()
    path = folder / f"{name}.sqlite"
    if path.is_file():
        return Lookup(str(path))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Written beside its place and renamed: a process reading at the same time sees the
        # whole file or none, and two processes building at once both end with a whole file.
        handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        os.close(handle)
        Path(temporary).chmod(0o644)
    except OSError as exc:
        logger.warning(
            "cannot write the wording lexicon's cache in %s (%s); reading it into memory. "
            "Set %s to a writable folder to read it quickly.",
            folder,
            exc,
            CACHE_ENV,
        )
        return Lookup.in_memory(build())
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, build())
        finally:
            connection.close()
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info("built the wording lexicon's lookup %s", path)
    return Lookup(str(path))
