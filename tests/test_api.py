"""The public API re-exported from goalgraph: every name resolves, and stays what it is."""

from __future__ import annotations

import importlib
import pkgutil
import types

import goalgraph


def test_every_public_name_is_an_object_not_a_module() -> None:
    for name in goalgraph.__all__:
        first = getattr(goalgraph, name)
        assert not isinstance(first, types.ModuleType), name


def test_importing_every_submodule_leaves_the_public_names_as_they_are() -> None:
    # Importing a submodule binds it as an attribute of its package: a submodule named like a
    # public function (goalgraph/load.py, say) would replace the function.
    for info in pkgutil.walk_packages(goalgraph.__path__, "goalgraph."):
        importlib.import_module(info.name)
    for name in goalgraph.__all__:
        value = getattr(goalgraph, name)
        assert not isinstance(value, types.ModuleType), name


def test_unknown_names_raise_attribute_error() -> None:
    try:
        goalgraph.does_not_exist  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "does_not_exist" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
