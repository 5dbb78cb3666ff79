"""Turn what a user typed (a full IRI or a CURIE) into a node of the graph, or say why not."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef

from goalgraph.errors import UnknownNodeError
from goalgraph.namespace import PREFIXES

_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s/][^\s]*)?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+$|^urn:[^\s<>\"]+$")


def looks_like_iri(text: str) -> bool:
    """True for a full IRI (scheme://…, urn:…)."""
    return bool(_IRI.match(text))


def expand(text: str, graph: Graph | None = None) -> URIRef:
    """Expand a full IRI (optionally in <…>) or a CURIE with a prefix known to goalgraph or
    bound in ``graph``. Raises UnknownNodeError for anything else."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if looks_like_iri(text):
        return URIRef(text)
    match = _CURIE.match(text)
    if match:
        prefix, local = match.group(1) or "", match.group(2) or ""
        namespaces: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}
        if graph is not None:
            namespaces.update({p: str(ns) for p, ns in graph.namespaces()})
        if prefix in namespaces:
            return URIRef(namespaces[prefix] + local)
        known = ", ".join(sorted(p for p in namespaces if p))
        raise UnknownNodeError(
            f"'{text}': unknown prefix '{prefix}:'; use a full IRI or one of: {known}"
        )
    raise UnknownNodeError(f"'{text}' is neither an IRI (https://…) nor a CURIE (prefix:name)")


def resolve(graph: Graph, text: str, *, what: str = "node") -> URIRef:
    """Expand ``text`` and check that the graph says something about it."""
    node = expand(text, graph)
    if (node, None, None) not in graph and (None, None, node) not in graph:
        raise UnknownNodeError(
            f"{what} <{node}> is not in the loaded graph; check the IRI or the --data files"
        )
    return node
