"""goalgraph: public-sector goal hierarchies and project portfolios as one RDF graph."""

import importlib
from typing import TYPE_CHECKING, Any

from goalgraph.errors import (
    GoalgraphError,
    LoadError,
    PrioritisationError,
    QueryError,
    ReasonerUnavailable,
    ReasoningError,
    SpreadsheetError,
    StoreError,
    UnknownNodeError,
    ValidationError,
)

if TYPE_CHECKING:
    from goalgraph.analysis.effects import BalanceModel, EffectBalance, IndicatorBalance, effects
    from goalgraph.analysis.info import ModelInfo, model_info
    from goalgraph.analysis.network import chain_digraph, find_cycles, served_goals
    from goalgraph.analysis.prioritise import Prioritisation, prioritise
    from goalgraph.analysis.report import PortfolioReport, portfolio_report
    from goalgraph.analysis.trace import (
        Hop,
        ServingProject,
        Trace,
        TracePath,
        projects_serving,
        trace,
    )
    from goalgraph.files import load_data, vocabulary
    from goalgraph.namespace import GG, SDG
    from goalgraph.reasoner import Inconsistency, ReasoningResult, reason
    from goalgraph.sparql.library import NamedQuery, named_queries, run_query
    from goalgraph.sparql.results import AskResult, QueryResult, SelectResult
    from goalgraph.store import GraphScope, Store, model_graph, open_store
    from goalgraph.validation import (
        GraphValidation,
        StoreValidation,
        ValidationReport,
        ValidationResult,
        load_shapes,
        validate,
        validate_graph,
        validate_store,
    )
    from goalgraph.validation.engines import Engine
    from goalgraph.versions import load

# Every name is imported on first use, so that `import goalgraph` and the command line start
# quickly (pyshacl, networkx, jinja2 and the engines load only when needed).
_LAZY = {
    "GG": ("namespace", "GG"),
    "SDG": ("namespace", "SDG"),
    "load": ("versions", "load"),
    "load_data": ("files", "load_data"),
    "vocabulary": ("files", "vocabulary"),
    "model_graph": ("store", "model_graph"),
    "GraphScope": ("store", "GraphScope"),
    "Store": ("store", "Store"),
    "open_store": ("store", "open_store"),
    "NamedQuery": ("sparql.library", "NamedQuery"),
    "named_queries": ("sparql.library", "named_queries"),
    "run_query": ("sparql.library", "run_query"),
    "AskResult": ("sparql.results", "AskResult"),
    "QueryResult": ("sparql.results", "QueryResult"),
    "SelectResult": ("sparql.results", "SelectResult"),
    "BalanceModel": ("analysis.effects", "BalanceModel"),
    "EffectBalance": ("analysis.effects", "EffectBalance"),
    "IndicatorBalance": ("analysis.effects", "IndicatorBalance"),
    "effects": ("analysis.effects", "effects"),
    "ModelInfo": ("analysis.info", "ModelInfo"),
    "model_info": ("analysis.info", "model_info"),
    "chain_digraph": ("analysis.network", "chain_digraph"),
    "find_cycles": ("analysis.network", "find_cycles"),
    "served_goals": ("analysis.network", "served_goals"),
    "Prioritisation": ("analysis.prioritise", "Prioritisation"),
    "prioritise": ("analysis.prioritise", "prioritise"),
    "PortfolioReport": ("analysis.report", "PortfolioReport"),
    "portfolio_report": ("analysis.report", "portfolio_report"),
    "Hop": ("analysis.trace", "Hop"),
    "ServingProject": ("analysis.trace", "ServingProject"),
    "Trace": ("analysis.trace", "Trace"),
    "TracePath": ("analysis.trace", "TracePath"),
    "projects_serving": ("analysis.trace", "projects_serving"),
    "trace": ("analysis.trace", "trace"),
    "Inconsistency": ("reasoner", "Inconsistency"),
    "ReasoningResult": ("reasoner", "ReasoningResult"),
    "reason": ("reasoner", "reason"),
    "ValidationReport": ("validation", "ValidationReport"),
    "ValidationResult": ("validation", "ValidationResult"),
    "load_shapes": ("validation", "load_shapes"),
    "validate": ("validation", "validate"),
    "GraphValidation": ("validation", "GraphValidation"),
    "StoreValidation": ("validation", "StoreValidation"),
    "validate_graph": ("validation", "validate_graph"),
    "validate_store": ("validation", "validate_store"),
    "Engine": ("validation.engines", "Engine"),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        # Reading the installed metadata takes a while (importlib.metadata alone imports
        # the email package): only when asked.
        from importlib.metadata import PackageNotFoundError, version

        try:
            found_version = version("goalgraph")
        except PackageNotFoundError:  # running from a source tree without installation
            found_version = "0.0.0"
        globals()[name] = found_version
        return found_version
    found = _LAZY.get(name)
    if found is None:
        raise AttributeError(f"module 'goalgraph' has no attribute '{name}'")
    module, attribute = found
    value = getattr(importlib.import_module(f"goalgraph.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "GG",
    "SDG",
    "AskResult",
    "BalanceModel",
    "EffectBalance",
    "Engine",
    "GoalgraphError",
    "GraphScope",
    "GraphValidation",
    "Hop",
    "Inconsistency",
    "IndicatorBalance",
    "LoadError",
    "ModelInfo",
    "NamedQuery",
    "PortfolioReport",
    "Prioritisation",
    "PrioritisationError",
    "QueryError",
    "QueryResult",
    "ReasonerUnavailable",
    "ReasoningError",
    "ReasoningResult",
    "SelectResult",
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
    "effects",
    "find_cycles",
    "load",
    "load_data",
    "load_shapes",
    "model_graph",
    "model_info",
    "named_queries",
    "open_store",
    "portfolio_report",
    "prioritise",
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
