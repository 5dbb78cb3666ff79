"""The public API re-exported from goalgraph: every name resolves, and stays what it is."""

from __future__ import annotations

import importlib
import types

import goalgraph


def test_every_public_name_is_an_object_not_a_module() -> None:
    for name in goalgraph.__all__:
        first = getattr(goalgraph, name)
        assert not isinstance(first, types.ModuleType), name


def test_importing_a_same_named_submodule_later_does_not_shadow_the_function() -> None:
    # trace, reason, validate and validate_store are both modules and functions.
    for name in ("trace", "reason", "validate", "validate_store"):
        importlib.import_module(f"goalgraph.{name}")
        assert callable(getattr(goalgraph, name)), name
        assert not isinstance(getattr(goalgraph, name), types.ModuleType), name


def test_unknown_names_raise_attribute_error() -> None:
    try:
        goalgraph.does_not_exist  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "does_not_exist" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
