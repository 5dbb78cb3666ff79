"""Read RDF files and folders in any common syntax, with errors that name the file and line."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path
from xml.sax import SAXParseException

from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from goalgraph.errors import LoadError
from goalgraph.namespace import PREFIXES
from goalgraph.resources import core_ontology_path, sdg_module_path
from goalgraph.safeinput import check_jsonld

logger = logging.getLogger(__name__)

#: File suffix → rdflib parser name. Folders are searched for these suffixes.
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".n3": "n3",
    ".nt": "nt",
    ".ntriples": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}

_LINE_PATTERNS = (
    re.compile(r"at line (\d+)"),
    re.compile(r"line (\d+)"),
    re.compile(r":(\d+):\d+:"),
)


def rdf_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into the list of RDF files to read, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RDF_FORMATS
            )
            if not found:
                raise LoadError(
                    f"{path}: the folder holds no RDF files "
                    f"(looked for {', '.join(sorted(RDF_FORMATS))})",
                    source=str(path),
                )
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in RDF_FORMATS:
                raise LoadError(
                    f"{path}: unknown RDF file type '{path.suffix}'; use one of "
                    f"{', '.join(sorted(RDF_FORMATS))}",
                    source=str(path),
                )
            files.append(path)
        else:
            raise LoadError(f"{path}: no such file or folder", source=str(path))
    return files


def _error_line(exc: BaseException) -> int | None:
    if isinstance(exc, BadSyntax):
        return int(exc.lines) + 1
    if isinstance(exc, SAXParseException):
        line = exc.getLineNumber()
        return int(line) if line is not None else None
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno
    for pattern in _LINE_PATTERNS:
        match = pattern.search(str(exc))
        if match:
            return int(match.group(1))
    return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "the document nests too deeply to be read; write it with fewer nested levels"
    if isinstance(exc, BadSyntax):
        return str(exc._why)
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    if isinstance(exc, SAXParseException):
        return str(exc.getMessage())
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_PARSER_ERRORS = (
    BadSyntax,
    SAXParseException,
    json.JSONDecodeError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    UnicodeDecodeError,
    # rdflib's Turtle parser reports some malformed literals with assert statements.
    AssertionError,
    # rdflib's JSON-LD parser fails this way on a document that is neither object nor array.
    NameError,
    # rdflib's parsers recurse once per level of nesting.
    RecursionError,
)


def _is_parser_error(exc: Exception) -> bool:
    # rdflib's parsers signal bad input with many exception types, some of their own.
    return isinstance(exc, _PARSER_ERRORS) or type(exc).__module__.startswith("rdflib")


def _load_error(exc: Exception, source: str, fmt: str, path: Path | None = None) -> LoadError:
    line = _error_line(exc)
    if line is None and fmt == "nt" and path is not None:
        line = _first_bad_ntriples_line(path)
    where = f"{source}:{line}" if line is not None else source
    return LoadError(f"{where}: cannot parse {fmt}: {_reason(exc)}", source=source, line=line)


def parse_file(graph: Graph, path: Path, fmt: str | None = None) -> None:
    """Parse one file into ``graph``; a syntax error becomes a LoadError naming file and line.

    The file is first parsed into a scratch graph so that a broken file adds nothing.
    """
    fmt = fmt or RDF_FORMATS.get(path.suffix.lower(), "turtle")
    if fmt == "json-ld":
        check_jsonld_file(path)
    scratch = Graph()
    try:
        scratch.parse(path, format=fmt)
    except Exception as exc:
        if not _is_parser_error(exc):
            raise
        raise _load_error(exc, str(path), fmt, path) from exc
    graph += scratch
    _adopt_prefixes(graph, scratch)


def _adopt_prefixes(graph: Graph, source: Graph) -> None:
    # Keep the file's own prefixes so that users can type its CURIEs; goalgraph's win.
    taken = {prefix for prefix, _ in graph.namespaces()}
    for prefix, namespace in source.namespaces():
        if prefix and prefix not in taken:
            graph.bind(prefix, namespace, override=False)


def _first_bad_ntriples_line(path: Path) -> int | None:
    # rdflib's N-Triples parser reports the bad text but not its line; find it.
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                Graph().parse(data=line, format="nt")
            except Exception:  # noqa: BLE001 - any failure marks the line we are looking for
                return number
    return None


def _check_jsonld_top(text: str, source: str) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return  # the parser names the line
    if not isinstance(document, dict | list):
        raise LoadError(
            f"{source}:1: cannot parse json-ld: a JSON-LD document is an object or an array",
            source=source,
            line=1,
        )


def check_jsonld_file(path: Path) -> None:
    """Refuse a JSON-LD file nested too deeply or referring to contexts elsewhere (which the
    parsers would fetch or read) before any parser sees it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return  # the parser reports it
    check_jsonld(text, str(path))


def parse_text(text: str, fmt: str = "turtle", *, source: str = "<input>") -> Graph:
    """Parse RDF text; a syntax error becomes a LoadError naming ``source`` and the line."""
    graph = new_graph()
    if fmt == "json-ld":
        check_jsonld(text, source)
        _check_jsonld_top(text, source)
    try:
        graph.parse(data=text, format=fmt)
    except Exception as exc:
        if not _is_parser_error(exc):
            raise
        raise _load_error(exc, source, fmt) from exc
    return graph


def new_graph() -> Graph:
    """An empty graph with goalgraph's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def _parse_vocabulary() -> Graph:
    graph = Graph()
    graph.parse(core_ontology_path(), format="turtle")
    sdg = sdg_module_path()
    if sdg.is_file():
        graph.parse(sdg, format="turtle")
    else:
        logger.warning("SDG module %s is missing; run 'goalgraph sdg build'", sdg)
    return graph


def vocabulary() -> Graph:
    """A fresh copy of the core ontology plus the SDG module."""
    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in vocabulary_triples())
    return graph


@cache
def vocabulary_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of the core ontology and the SDG module, parsed once per process. Only
    the triples are kept: the parsed graph's indexes held as much again."""
    return tuple(_parse_vocabulary())


def load_data(*paths: str | Path, version: str | None = None) -> Graph:
    """Load only the given files and folders (no vocabulary).

    Files that declare a plan version (``gg:PlanVersion``) are versions kept side by side:
    only those of the version read are merged in, as goalgraph.versions chooses it —
    ``version`` (its name or IRI) for its plan, else the latest adopted one.
    """
    graph = new_graph()
    versioned: list[tuple[URIRef, Graph]] = []
    for path in rdf_files(paths):
        if not _mentions_versions(path):
            parse_file(graph, path)
            continue
        scratch = new_graph()
        parse_file(scratch, path)
        if (None, RDF.type, _PLAN_VERSION) in scratch:
            versioned.append((URIRef(path.resolve().as_uri()), scratch))
        else:
            graph += scratch
            _adopt_prefixes(graph, scratch)
    if versioned:
        _add_versions(graph, versioned, version)
    elif version is not None:
        from goalgraph.errors import UnknownNodeError

        raise UnknownNodeError(
            f"no plan version '{version}': the files declare no plan versions (gg:PlanVersion)"
        )
    return graph


_PLAN_VERSION = URIRef("https://w3id.org/goalgraph#PlanVersion")


def _mentions_versions(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return b"PlanVersion" in handle.read()
    except OSError:
        return False  # the parser reports the file


def _add_versions(graph: Graph, parts: list[tuple[URIRef, Graph]], wanted: str | None) -> None:
    """Merge into ``graph`` the files of the versions read (see goalgraph.versions)."""
    from goalgraph.versions import chosen_versions, find_version, shown_graphs, versions_in

    versions = [v for name, part in parts for v in versions_in(part, name)]
    merged: dict[URIRef, list[URIRef]] = {}
    for found in versions:
        merged.setdefault(found.iri, []).extend(found.graphs)
    versions = [
        replace(v, graphs=tuple(merged[v.iri])) for v in {v.iri: v for v in versions}.values()
    ]
    chosen = chosen_versions(versions, find_version(versions, wanted) if wanted else None)
    shown = set(shown_graphs([name for name, _ in parts], versions, chosen))
    for name, part in parts:
        if name in shown:
            graph += part
            _adopt_prefixes(graph, part)
