"""Locate the ontology, shapes and SDG data shipped with goalgraph (source tree or wheel)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
# In a wheel the top-level folders are copied into goalgraph/_data; in a source
# checkout (editable install, tests) they stay at the repository root.
_CANDIDATES = (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent.parent)


@cache
def _root_for(folder: str) -> Path:
    for base in _CANDIDATES:
        if (base / folder).is_dir():
            return base / folder
    raise FileNotFoundError(
        f"goalgraph's '{folder}' folder is missing from {_PACKAGE_DIR}; reinstall goalgraph"
    )


def ontology_dir() -> Path:
    """Folder holding goalgraph.ttl and sdg.ttl."""
    return _root_for("ontology")


def shapes_dir() -> Path:
    """Folder holding the SHACL shapes."""
    return _root_for("shapes")


def sdg_data_dir() -> Path:
    """Folder holding the UN SDG CSV data and its README (attribution)."""
    if (_PACKAGE_DIR / "_data" / "sdg").is_dir():
        return _PACKAGE_DIR / "_data" / "sdg"
    return _root_for("data") / "sdg"


def core_ontology_path() -> Path:
    return ontology_dir() / "goalgraph.ttl"


def sdg_module_path() -> Path:
    return ontology_dir() / "sdg.ttl"


def examples_dir() -> Path | None:
    """The examples folder of a source checkout, or None in an installed wheel."""
    candidate = _PACKAGE_DIR.parent.parent / "examples"
    return candidate if candidate.is_dir() else None
