"""Turn what a user typed (a full IRI or a CURIE) into a node of the graph, or say why not."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from goalgraph.errors import UnknownNodeError
from goalgraph.namespace import PREFIXES

if TYPE_CHECKING:
    from goalgraph.store.base import Store

_EXISTS = "ASK { { ?node ?p ?o } UNION { ?s ?p ?node } }"
_INSTANCE = "ASK { ?node a ?type . ?type <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?cls }"

_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s/][^\s]*)?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+$|^urn:[^\s<>\"]+$")


def looks_like_iri(text: str) -> bool:
    """True for a full IRI (scheme://…, urn:…)."""
    return bool(_IRI.match(text))


def namespaces(source: Graph | Store | None) -> dict[str, str]:
    """Prefixes usable in CURIEs: goalgraph's own, then those the source declares."""
    known: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}
    if isinstance(source, Graph):
        declared = {p: str(ns) for p, ns in source.namespaces()}
    elif source is not None:
        declared = source.prefixes()
    else:
        declared = {}
    for prefix, namespace in declared.items():
        known.setdefault(prefix, namespace)
    return known


def expand(text: str, graph: Graph | Store | None = None) -> URIRef:
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
        usable = namespaces(graph)
        if prefix in usable:
            return URIRef(usable[prefix] + local)
        known = ", ".join(sorted(p for p in usable if p))
        raise UnknownNodeError(
            f"'{text}': unknown prefix '{prefix}:'; use a full IRI or one of: {known}"
        )
    raise UnknownNodeError(f"'{text}' is neither an IRI (https://…) nor a CURIE (prefix:name)")


def exists(source: Graph | Store, node: URIRef) -> bool:
    """True when the graph or store has a triple with ``node`` as subject or object."""
    if isinstance(source, Graph):
        return (node, None, None) in source or (None, None, node) in source
    return bool(source.query(_EXISTS, {"node": node}))


def is_instance(source: Graph | Store, node: URIRef, cls: URIRef) -> bool:
    """True when ``node`` is typed with ``cls`` or one of its subclasses."""
    bindings = {"node": node, "cls": cls}
    if isinstance(source, Graph):
        return bool(source.query(_INSTANCE, initBindings=bindings).askAnswer)
    return bool(source.query(_INSTANCE, bindings))


def resolve(graph: Graph | Store, text: str, *, what: str = "node") -> URIRef:
    """Expand ``text`` and check that the graph (or store) says something about it."""
    node = expand(text, graph)
    if not exists(graph, node):
        raise UnknownNodeError(
            f"{what} <{node}> is not in the loaded graph; check the IRI or the --data files"
        )
    return node
