"""SHACL validation: of a model, of one graph with its context, of a whole store, and of
every write before it is kept."""

from goalgraph.validation.context import GraphContext, graph_context
from goalgraph.validation.engine import validate
from goalgraph.validation.report import SEVERITIES, Severity, ValidationReport, ValidationResult
from goalgraph.validation.shapes import load_shapes
from goalgraph.validation.store import (
    GraphValidation,
    StoreValidation,
    validate_context,
    validate_graph,
    validate_store,
)

__all__ = [
    "SEVERITIES",
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
