"""Serialise SPARQL results from Oxigraph terms, counting rows against a limit."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
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


#: Characters XML 1.0 cannot hold, not even as character references.
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class TooManyResults(Exception):
    """A result has more rows or triples, or more bytes, than allowed."""


class NotInXml(ValueError):
    """A result holds a character that an XML document cannot hold."""


def _xml_text(value: str) -> str:
    bad = _NOT_IN_XML.search(value)
    if bad is not None:
        raise NotInXml(
            f"the result holds the character U+{ord(bad.group(0)):04X}, which XML cannot "
            "hold; ask for JSON, CSV or TSV results instead"
        )
    return escape(value)


def _attribute(value: str) -> str:
    _xml_text(value)
    return quoteattr(value)


class _Budget:
    """Counts rows and serialised bytes of a result against the limits."""

    def __init__(self, max_rows: int, max_bytes: int) -> None:
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.rows = 0
        self.size = 0

    def row(self) -> None:
        self.rows += 1
        if self.rows > self.max_rows:
            raise TooManyResults(f"the result has more than {self.max_rows} rows or triples")

    def add(self, size: int) -> None:
        self.size += size
        if self.size > self.max_bytes:
            raise TooManyResults(
                f"the result is larger than the limit of {self.max_bytes} bytes; "
                "ask for fewer rows (LIMIT) or shorter values"
            )


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
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        value = _xml_text(term.value)
        if term.language:
            return f"<literal xml:lang={_attribute(term.language)}>{value}</literal>"
        if term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return f"<literal datatype={_attribute(term.datatype.value)}>{value}</literal>"
        return f"<literal>{value}</literal>"
    return f"<literal>{_xml_text(str(term))}</literal>"


def _csv_term(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def _solution_parts(variables: Sequence[str], rows: Iterable[Row], fmt: str) -> Iterator[str]:
    """The serialised result in pieces: a head, one piece per row, a tail."""
    if fmt == "json":
        yield json.dumps({"head": {"vars": list(variables)}}, ensure_ascii=False)[:-1]
        yield ', "results": {"bindings": ['
        for index, row in enumerate(rows):
            binding = {
                v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None
            }
            yield (", " if index else "") + json.dumps(binding, ensure_ascii=False)
        yield "]}}"
    elif fmt == "xml":
        head = "".join(f"<variable name={_attribute(v)}/>" for v in variables)
        yield (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>"
        )
        for row in rows:
            yield (
                "<result>"
                + "".join(
                    f"<binding name={_attribute(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(variables, row, strict=True)
                    if t is not None
                )
                + "</result>"
            )
        yield "</results></sparql>\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        yield buffer.getvalue()
        for row in rows:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_csv_term(t) for t in row])
            yield buffer.getvalue()
    else:
        yield "\t".join(f"?{v}" for v in variables) + "\n"
        for row in rows:
            cells = ["" if t is None else str(t) for t in row]
            yield "\t".join(c.replace("\t", "\\t") for c in cells) + "\n"


def solutions(
    variables: Sequence[str],
    rows: Iterable[Row],
    fmt: str,
    *,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV format (rdflib's names).

    Rows are serialised as they come, so that a result over ``max_rows`` rows or
    ``max_bytes`` bytes raises TooManyResults before it is all in memory.
    """
    budget = _Budget(max_rows if max_rows is not None else 2**62, max_bytes or 2**62)

    def counted() -> Iterator[Row]:
        for row in rows:
            budget.row()
            yield row

    out = bytearray()
    for part in _solution_parts(variables, counted(), fmt):
        data = part.encode()
        budget.add(len(data))
        out += data
    return bytes(out)


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


def triples(
    items: Iterable[Any],
    fmt: str,
    *,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> bytes:
    """CONSTRUCT or DESCRIBE results serialised by Oxigraph, within the limits."""
    budget = _Budget(max_rows if max_rows is not None else 2**62, max_bytes or 2**62)
    found: list[object] = []
    for triple in items:
        budget.row()
        # About the N-Triples size: the other syntaxes are of the same order.
        terms = (triple.subject, triple.predicate, triple.object)
        budget.add(sum(len(str(term)) for term in terms) + 4)
        if fmt == "xml":
            for term in terms:
                _xml_text(getattr(term, "value", ""))
        found.append(triple)
    data = ox.serialize(found, format=GRAPH_SERIALISERS[fmt]) or b""  # type: ignore[arg-type]
    if len(data) > budget.max_bytes:
        budget.add(len(data))
    return data
