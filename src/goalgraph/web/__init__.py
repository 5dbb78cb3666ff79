"""The goalgraph web app: SPARQL 1.1 endpoint, JSON API and browser pages over one graph."""

from goalgraph.web.app import create_app
from goalgraph.web.deps import GraphSource
from goalgraph.web.settings import Settings

__all__ = ["GraphSource", "Settings", "create_app"]
