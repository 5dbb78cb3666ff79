"""SHACL validation: of a model, of one graph with its context, of a whole store, and of
every write before it is kept."""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from goalgraph.validation.context import GraphContext, graph_context
    from goalgraph.validation.engine import validate
    from goalgraph.validation.engines import Engine
    from goalgraph.validation.report import (
        SEVERITIES,
        Severity,
        ValidationReport,
        ValidationResult,
    )
    from goalgraph.validation.shapes import load_shapes
    from goalgraph.validation.store import (
        GraphValidation,
        StoreValidation,
        validate_context,
        validate_graph,
        validate_store,
    )

# Imported on first use: the SHACL engines take a while to import, and most commands need
# none of them.
_LAZY = {
    "GraphContext": "context",
    "graph_context": "context",
    "validate": "engine",
    "Engine": "engines",
    "SEVERITIES": "report",
    "Severity": "report",
    "ValidationReport": "report",
    "ValidationResult": "report",
    "load_shapes": "shapes",
    "GraphValidation": "store",
    "StoreValidation": "store",
    "validate_context": "store",
    "validate_graph": "store",
    "validate_store": "store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'goalgraph.validation' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"goalgraph.validation.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "SEVERITIES",
    "Engine",
    "GraphContext",
    "GraphValidation",
    "Severity",
    "StoreValidation",
    "ValidationReport",
    "ValidationResult",
    "graph_context",
    "load_shapes",
    "validate",
    "validate_context",
    "validate_graph",
    "validate_store",
]
