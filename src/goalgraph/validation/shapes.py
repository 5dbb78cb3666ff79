"""goalgraph's SHACL shapes: reading them, and the stable rule name of each shape."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Node, URIRef
from rdflib.namespace import SH

from goalgraph.errors import LoadError
from goalgraph.files import new_graph, parse_file, rdf_files
from goalgraph.resources import shapes_dir


def read_shapes(paths: list[Path]) -> Graph:
    graph = new_graph()
    for path in rdf_files(paths):
        parse_file(graph, path)
    if not any(str(p).startswith(str(SH)) for p in graph.predicates(unique=True)):
        where = ", ".join(str(p) for p in paths)
        raise LoadError(f"{where}: holds no SHACL shapes", source=where)
    return graph


@cache
def builtin_shapes() -> Graph:
    return read_shapes([shapes_dir()])


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes in a file or folder, or goalgraph's own shapes when ``path`` is None."""
    graph = new_graph()
    graph += builtin_shapes() if path is None else read_shapes([Path(path)])
    return graph


def named_shape(shapes: Graph, shape: Node) -> URIRef | None:
    """The shape itself when named, else the named shape it is nested in (if any)."""
    seen: set[Node] = set()
    current: Node | None = shape
    while isinstance(current, BNode) and current not in seen:
        seen.add(current)
        current = next(
            (s for p in (SH.property, SH.node) for s in shapes.subjects(p, current)), None
        )
    return current if isinstance(current, URIRef) else None


def rule_id(shapes: Graph, shape: Node) -> str:
    """The stable short name of the rule a shape stands for: its local name.

    A blank shape nested in a named one (through sh:property or sh:node) belongs to that
    named shape's rule; a shape with no name anywhere is an "AnonymousShape".
    """
    named = named_shape(shapes, shape)
    return local_name(named) if named is not None else "AnonymousShape"


def local_name(iri: URIRef) -> str:
    text = str(iri)
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1] or text
    return text
