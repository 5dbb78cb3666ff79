"""Read SPARQL text with the embedded engine's own parser, running nothing.

What is accepted or refused is then what the engine that runs the text would accept, not what
some other parser makes of it; and a syntax error names the line and column the engine gives.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Mapping
from functools import cache

import pyoxigraph as ox

from goalgraph.errors import QuerySyntaxError
from goalgraph.namespace import PREFIXES

# A variable that no query names: pyoxigraph refuses to substitute a variable the query
# does not project, and it does so after parsing and before evaluating anything.
_ABSENT = ox.Variable("goalgraph_parse_only_7f3a")
_PROBE = ox.Store()
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items() if prefix}
_FOLDERS: list[tempfile.TemporaryDirectory[str]] = []
_PROBE_LOCK = threading.Lock()

_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.S)
# pyoxigraph ends its list of what it expected with Unicode ranges: not useful to a reader.
_CHAR_RANGES = re.compile(r",?\s*\[(?:'|_\]).*", re.S)


def engine_error(exc: SyntaxError) -> QuerySyntaxError:
    """The engine's report of a text it cannot parse, with its line and column."""
    message = str(exc)
    position = _POSITION.match(message)
    if position is None:
        return QuerySyntaxError(message)
    reason = _CHAR_RANGES.sub("", position.group(3)).strip() or "unexpected text"
    if len(reason) > 300:
        reason = reason[:300] + "…"
    return QuerySyntaxError(reason, line=int(position.group(1)), column=int(position.group(2)))


@cache
def _update_probe() -> ox.Store:
    """A read-only store: pyoxigraph parses an update for it, then refuses to start writing,
    so nothing of the update (a LOAD, a SERVICE) is ever carried out."""
    folder = tempfile.TemporaryDirectory(prefix="goalgraph-parse-")
    _FOLDERS.append(folder)
    ox.Store(folder.name)
    return ox.Store.read_only(folder.name)


def query_error(text: str, prefixes: Mapping[str, str] | None = None) -> QuerySyntaxError | None:
    """None when the engine parses ``text`` as a query with ``prefixes`` declared (by default
    goalgraph's), else where and why it cannot."""
    declared = _PREFIXES if prefixes is None else dict(prefixes)
    try:
        _PROBE.query(text, prefixes=declared, substitutions={_ABSENT: ox.Literal("")})
    except SyntaxError as exc:
        return engine_error(exc)
    except (RuntimeError, OSError):
        return None
    return None  # pragma: no cover - the substitution always refuses


def update_error(text: str) -> QuerySyntaxError | None:
    """None when the engine parses ``text`` as an update, else where and why it cannot."""
    try:
        with _PROBE_LOCK:
            store = _update_probe()
        store.update(text)
    except SyntaxError as exc:
        return engine_error(exc)
    except (RuntimeError, OSError):
        return None
    return None  # pragma: no cover - a read-only store always refuses
