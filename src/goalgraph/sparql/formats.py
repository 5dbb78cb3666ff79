"""Write query results in the SPARQL 1.1 result formats and RDF syntaxes: one serialiser for
the command line and the endpoint."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.sparql.results import AskResult, QueryResult, SelectResult
from goalgraph.sparql.text import Term

#: Result formats of SELECT and ASK answers, by the name goalgraph uses for them.
RESULT_FORMATS = ("json", "xml", "csv", "tsv")
#: RDF syntaxes of CONSTRUCT and DESCRIBE answers (rdflib's format names).
GRAPH_FORMATS = ("turtle", "nt", "xml", "json-ld")

_XSD_STRING = str(XSD.string)
#: Graphs larger than this are written as Turtle one triple a line (N-Triples is Turtle):
#: rdflib's grouped Turtle takes about a second per 10,000 triples.
PRETTY_TURTLE_LIMIT = 10_000


@cache
def _not_in_xml() -> re.Pattern[str]:
    """Characters XML 1.0 cannot hold, not even as character references (compiled when the
    first XML result is written: the ranges take a while)."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_NO_LIMIT = 2**62


class TooManyResults(Exception):
    """A result has more rows or triples, or more bytes, than allowed."""


class NotInXml(ValueError):
    """A result holds a character that an XML document cannot hold."""


def _xml_text(value: str) -> str:
    bad = _not_in_xml().search(value)
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
    """Counts rows and written bytes of a result against the limits."""

    def __init__(self, max_rows: int | None, max_bytes: int | None) -> None:
        self.max_rows = _NO_LIMIT if max_rows is None else max_rows
        self.max_bytes = _NO_LIMIT if max_bytes is None else max_bytes
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


def check_size(result: QueryResult, limit: int) -> None:
    """Raise TooManyResults when ``result`` has more than ``limit`` rows or triples."""
    size = len(result.rows) if isinstance(result, SelectResult) else 0
    if isinstance(result, Graph):
        size = len(result)
    if size > limit:
        raise TooManyResults(f"the result has more than {limit} rows or triples")


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out


def _xml_term(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_xml_text(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_xml_text(str(term))}</bnode>"
    value = _xml_text(str(term))
    if term.language:
        return f"<literal xml:lang={_attribute(term.language)}>{value}</literal>"
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f"<literal datatype={_attribute(str(term.datatype))}>{value}</literal>"
    return f"<literal>{value}</literal>"


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


#: What a literal's text escapes in TSV results, one term a cell and one row a line.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal):
        # Written here, not by n3(): rdflib writes a text with line breaks in triple quotes.
        quoted = '"' + str(term).translate(_TSV_ESCAPES) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{quoted}^^<{term.datatype}>"
        return quoted
    return term.n3().replace("\t", "\\t")


def _solution_parts(
    variables: Sequence[str], rows: Iterable[Sequence[Term | None]], fmt: str
) -> Iterator[str]:
    """A SELECT result written in pieces: a head, one piece per row, a tail."""
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
            yield "\t".join(_tsv_term(t) for t in row) + "\n"


def _solutions(result: SelectResult, fmt: str, budget: _Budget) -> bytes:
    def counted() -> Iterator[Sequence[Term | None]]:
        for row in result.rows:
            budget.row()
            yield row

    out = bytearray()
    for part in _solution_parts(result.variables, counted(), fmt):
        data = part.encode()
        budget.add(len(data))
        out += data
    return bytes(out)


def _triples(graph: Graph, fmt: str, budget: _Budget) -> bytes:
    for triple in graph:
        budget.row()
        # About the N-Triples size: the other syntaxes are of the same order.
        budget.add(sum(len(str(term)) for term in triple) + 4)
        if fmt == "xml":
            for term in triple:
                _xml_text(str(term))
    if fmt == "turtle" and len(graph) > PRETTY_TURTLE_LIMIT:
        fmt = "nt"
    data = graph.serialize(format=fmt, encoding="utf-8") or b""
    if len(data) > budget.max_bytes:
        budget.add(len(data))
    return data


def _boolean(answer: bool, fmt: str) -> bytes:
    value = "true" if answer else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{value}</boolean></sparql>\n"
        ).encode()
    # The CSV and TSV formats have no boolean form: a one-cell table, as other stores write it.
    return (f"_askResult\r\n{value}\r\n" if fmt == "csv" else f"?_askResult\n{value}\n").encode()


def serialise(
    result: QueryResult, fmt: str, *, max_rows: int | None = None, max_bytes: int | None = None
) -> bytes:
    """``result`` in ``fmt``: a result format for SELECT and ASK (json, xml, csv, tsv), an RDF
    syntax for a graph (turtle, nt, xml, json-ld).

    Rows are written as they come, so that a result of more than ``max_rows`` rows or
    ``max_bytes`` bytes raises TooManyResults before it is all in memory; a character XML
    cannot hold raises NotInXml.
    """
    budget = _Budget(max_rows, max_bytes)
    if isinstance(result, AskResult):
        return _boolean(result.value, fmt)
    if isinstance(result, SelectResult):
        return _solutions(result, fmt, budget)
    return _triples(result, fmt, budget)


def formats_for(result: QueryResult) -> Sequence[str]:
    """The formats ``result`` can be written in."""
    return GRAPH_FORMATS if isinstance(result, Graph) else RESULT_FORMATS
