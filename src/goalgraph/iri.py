"""Turn what a user typed (a full IRI or a CURIE) into a node of the graph, or say why not."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from goalgraph.errors import UnknownNodeError
from goalgraph.namespace import PREFIXES

if TYPE_CHECKING:
    from goalgraph.store.base import Store

_CURIE = re.compile(r"^([A-Za-z][\w.-]*)?:([^\s/][^\s]*)?$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+$|^urn:[^\s<>\"]+$")
# Characters RDF 1.1 does not allow in an IRI (IRIREF), wherever the IRI came from.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def looks_like_iri(text: str) -> bool:
    """True for a full IRI (scheme://…, urn:…)."""
    return bool(_IRI.match(text))


def namespaces(source: Store | None) -> dict[str, str]:
    """Prefixes usable in CURIEs: goalgraph's own, then those the store records."""
    known: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}
    declared = source.prefixes() if source is not None else {}
    for prefix, namespace in declared.items():
        known.setdefault(prefix, namespace)
    return known


def expand(text: str, graph: Store | None = None) -> URIRef:
    """Expand a full IRI (optionally in <…>) or a CURIE with a prefix known to goalgraph or
    recorded in the store. Raises UnknownNodeError for anything else."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if looks_like_iri(text):
        return _checked(text, text)
    match = _CURIE.match(text)
    if match:
        prefix, local = match.group(1) or "", match.group(2) or ""
        usable = namespaces(graph)
        if prefix in usable:
            return _checked(usable[prefix] + local, text)
        known = ", ".join(sorted(p for p in usable if p))
        raise UnknownNodeError(
            f"'{text}': unknown prefix '{prefix}:'; use a full IRI or one of: {known}"
        )
    raise UnknownNodeError(f"'{text}' is neither an IRI (https://…) nor a CURIE (prefix:name)")


def _checked(iri: str, text: str) -> URIRef:
    """``iri`` as a URIRef, or UnknownNodeError when it holds characters no IRI may hold
    (engines and serialisers refuse them further on, far from what the user typed)."""
    bad = _NOT_IN_IRI.search(iri)
    if bad is not None:
        char = bad.group(0)
        shown = repr(char) if char.isspace() or not char.isprintable() else f"'{char}'"
        raise UnknownNodeError(
            f"'{text}' is not a usable IRI: it contains {shown}, which an IRI may not hold; "
            f"percent-encode it (%{ord(char):02X}) or correct the name"
        )
    return URIRef(iri)


def exists(store: Store, node: URIRef) -> bool:
    """True when the store has a triple with ``node`` as subject or object and ``node`` is
    not one of the editor's change records or editors (they are not part of the model)."""
    from goalgraph.sparql.library import ask
    from goalgraph.store.changes import EDITOR_PREFIX

    return ask(store, "node-exists", {"node": node, "editors": Literal(EDITOR_PREFIX)})


def resolve(store: Store, text: str, *, what: str = "node") -> URIRef:
    """Expand ``text`` and check that the store says something about it."""
    node = expand(text, store)
    if not exists(store, node):
        raise UnknownNodeError(
            f"{what} <{node}> is not in the loaded graph; check the IRI, or the model you gave"
        )
    return node
