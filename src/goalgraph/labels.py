"""Pick the label of a node in the user's language, with sensible fallbacks."""

from __future__ import annotations

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import FOAF, RDFS, SKOS

from goalgraph.namespace import PREFIXES

LANGUAGES = ("nb", "en")
_LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, FOAF.name)
#: What ``label`` reads of a node.
LABEL_PROPERTIES = _LABEL_PROPERTIES


def label(graph: Graph, node: Node, lang: str = "nb") -> str:
    """The node's label in ``lang``, else in the other language, else any label, else a CURIE.

    Of several labels equally fit (same property, same kind of language) the first in sort
    order is taken, so that a model gives the same label however its triples were read.
    """
    fallback: str | None = None
    other: str | None = None
    for prop in _LABEL_PROPERTIES:
        values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
        exact = [str(v) for v in values if v.language == lang]
        if exact:
            return min(exact)
        if other is None:
            other = min((str(v) for v in values if v.language in LANGUAGES), default=None)
        if fallback is None:
            fallback = min((str(v) for v in values if v.language not in LANGUAGES), default=None)
    if other is not None:
        return other
    if fallback is not None:
        return fallback
    return short_name(node)


def short_name(node: Node) -> str:
    """A CURIE for nodes in a known namespace, else the IRI's last segment."""
    text = str(node)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    if isinstance(node, URIRef):
        for sep in ("#", "/"):
            if sep in text.rstrip(sep):
                return text.rstrip(sep).rsplit(sep, 1)[1]
    return text
