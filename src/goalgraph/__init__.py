"""goalgraph: public-sector goal hierarchies and project portfolios as one RDF graph."""

from importlib.metadata import PackageNotFoundError, version

from goalgraph.errors import (
    GoalgraphError,
    LoadError,
    QueryError,
    ReasoningError,
    SpreadsheetError,
    StoreError,
    UnknownNodeError,
    ValidationError,
)
from goalgraph.load import load, load_data, vocabulary
from goalgraph.namespace import GG, SDG

try:
    __version__ = version("goalgraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "GG",
    "SDG",
    "GoalgraphError",
    "LoadError",
    "QueryError",
    "ReasoningError",
    "SpreadsheetError",
    "StoreError",
    "UnknownNodeError",
    "ValidationError",
    "__version__",
    "load",
    "load_data",
    "vocabulary",
]
