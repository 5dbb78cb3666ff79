"""Serialise SPARQL results from Oxigraph terms, counting rows against a limit."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: rdflib's format name → Oxigraph's serialiser for CONSTRUCT and DESCRIBE results.
GRAPH_SERIALISERS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
}

Row = Sequence[object | None]


class TooManyResults(Exception):
    """A result has more rows or triples than allowed."""


def limited(items: Iterable[object], limit: int) -> list[object]:
    """The items as a list; raises TooManyResults as soon as there are more than ``limit``."""
    out: list[object] = []
    for item in items:
        if len(out) >= limit:
            raise TooManyResults(f"the result has more than {limit} rows or triples")
        out.append(item)
    return out


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_term(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def solutions(variables: Sequence[str], rows: Sequence[Row], fmt: str) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV format (rdflib's names)."""
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt == "xml":
        head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        body = "".join(
            "<result>"
            + "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            + "</result>"
            for row in rows
        )
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{body}</results></sparql>\n"
        ).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        cells = ["" if t is None else str(t) for t in row]
        lines.append("\t".join(c.replace("\t", "\\t") for c in cells))
    return ("\n".join(lines) + "\n").encode()


def boolean(answer: bool, fmt: str) -> bytes:
    """An ASK result in the JSON or XML format, or as a one-cell CSV/TSV table."""
    value = "true" if answer else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{value}</boolean></sparql>\n"
        ).encode()
    return (f"_askResult\r\n{value}\r\n" if fmt == "csv" else f"?_askResult\n{value}\n").encode()


def triples(items: Sequence[object], fmt: str) -> bytes:
    """CONSTRUCT or DESCRIBE results serialised by Oxigraph."""
    data = ox.serialize(items, format=GRAPH_SERIALISERS[fmt])  # type: ignore[arg-type]
    return data or b""
