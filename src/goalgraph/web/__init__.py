"""The goalgraph web app: SPARQL 1.1 endpoint, JSON API and browser pages over one store."""

from goalgraph.web.app import create_app
from goalgraph.web.deps import StoreSource
from goalgraph.web.settings import Settings, load_settings

__all__ = ["Settings", "StoreSource", "create_app", "load_settings"]
