"""The goalgraph web app: SPARQL 1.1 endpoint, JSON API and browser pages over one store."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from goalgraph.web.app import create_app
    from goalgraph.web.deps import StoreSource
    from goalgraph.web.settings import Settings, load_settings

# Loaded on first use: query worker processes import goalgraph.web.workers and must start
# quickly, without the web framework.
_EXPORTS = {
    "create_app": "goalgraph.web.app",
    "StoreSource": "goalgraph.web.deps",
    "Settings": "goalgraph.web.settings",
    "load_settings": "goalgraph.web.settings",
}


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'goalgraph.web' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)


__all__ = ["Settings", "StoreSource", "create_app", "load_settings"]
