"""goalgraph: public-sector goal hierarchies and project portfolios as one RDF graph."""

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from goalgraph.errors import (
    GoalgraphError,
    LoadError,
    QueryError,
    ReasonerUnavailable,
    ReasoningError,
    SpreadsheetError,
    StoreError,
    UnknownNodeError,
    ValidationError,
)
from goalgraph.load import load, load_data, vocabulary
from goalgraph.namespace import GG, SDG

# These functions share their names with their modules; binding them here, after the
# submodule import, keeps ``goalgraph.trace`` the function (a later lazy import of the
# submodule would otherwise replace it with the module).
from goalgraph.reason import reason
from goalgraph.trace import trace
from goalgraph.validate import validate
from goalgraph.validate_store import validate_store

if TYPE_CHECKING:
    from goalgraph.info import ModelInfo, model_info
    from goalgraph.network import chain_digraph, find_cycles, served_goals
    from goalgraph.query import NamedQuery, QueryResult, named_queries, run_query
    from goalgraph.reason import Inconsistency, ReasoningResult
    from goalgraph.report import PortfolioReport, portfolio_report
    from goalgraph.store import GraphScope, Store, open_store
    from goalgraph.trace import Hop, ServingProject, Trace, TracePath, projects_serving
    from goalgraph.validate import ValidationReport, ValidationResult, load_shapes
    from goalgraph.validate_store import GraphValidation, StoreValidation, validate_graph

# Heavy parts (pyshacl, networkx, jinja2) are imported on first use so that the command
# line starts quickly.
_LAZY = {
    "ModelInfo": "info",
    "model_info": "info",
    "chain_digraph": "network",
    "find_cycles": "network",
    "served_goals": "network",
    "NamedQuery": "query",
    "QueryResult": "query",
    "named_queries": "query",
    "run_query": "query",
    "Inconsistency": "reason",
    "ReasoningResult": "reason",
    "GraphScope": "store",
    "Store": "store",
    "open_store": "store",
    "GraphValidation": "validate_store",
    "StoreValidation": "validate_store",
    "validate_graph": "validate_store",
    "PortfolioReport": "report",
    "portfolio_report": "report",
    "Hop": "trace",
    "ServingProject": "trace",
    "Trace": "trace",
    "TracePath": "trace",
    "projects_serving": "trace",
    "ValidationReport": "validate",
    "ValidationResult": "validate",
    "load_shapes": "validate",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'goalgraph' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"goalgraph.{module}"), name)
    globals()[name] = value
    return value


try:
    __version__ = version("goalgraph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "GG",
    "SDG",
    "GoalgraphError",
    "GraphScope",
    "GraphValidation",
    "Hop",
    "Inconsistency",
    "LoadError",
    "ModelInfo",
    "NamedQuery",
    "PortfolioReport",
    "QueryError",
    "QueryResult",
    "ReasonerUnavailable",
    "ReasoningError",
    "ReasoningResult",
    "ServingProject",
    "SpreadsheetError",
    "Store",
    "StoreError",
    "StoreValidation",
    "Trace",
    "TracePath",
    "UnknownNodeError",
    "ValidationError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "chain_digraph",
    "find_cycles",
    "load",
    "load_data",
    "load_shapes",
    "model_info",
    "named_queries",
    "open_store",
    "portfolio_report",
    "projects_serving",
    "reason",
    "run_query",
    "served_goals",
    "trace",
    "validate",
    "validate_graph",
    "validate_store",
    "vocabulary",
]
