"""Write query results in the SPARQL 1.1 result formats and RDF syntaxes: one serialiser for
the command line and the endpoint."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
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


class TooManyResults(Exception):
    """A result has more rows or triples than allowed."""


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
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    value = escape(str(term))
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{value}</literal>"
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{value}</literal>"
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


def _solutions(result: SelectResult, fmt: str) -> bytes:
    variables = result.variables
    if fmt == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in result.rows
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
            for row in result.rows
        )
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{body}</results></sparql>\n"
        ).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in result.rows)
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_term(t) for t in row) for row in result.rows)
    return ("\n".join(lines) + "\n").encode()


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


def serialise(result: QueryResult, fmt: str) -> bytes:
    """``result`` in ``fmt``: a result format for SELECT and ASK (json, xml, csv, tsv), an RDF
    syntax for a graph (turtle, nt, xml, json-ld)."""
    if isinstance(result, AskResult):
        return _boolean(result.value, fmt)
    if isinstance(result, SelectResult):
        return _solutions(result, fmt)
    if fmt == "turtle" and len(result) > PRETTY_TURTLE_LIMIT:
        fmt = "nt"
    return result.serialize(format=fmt, encoding="utf-8") or b""


def formats_for(result: QueryResult) -> Sequence[str]:
    """The formats ``result`` can be written in."""
    return GRAPH_FORMATS if isinstance(result, Graph) else RESULT_FORMATS
