"""The SPARQL 1.1 Protocol endpoint, driven by real clients against a live server."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

from goalgraph.namespace import GG
from goalgraph.sparql.formats import serialise
from goalgraph.sparql.results import AskResult
from tests.web.conftest import EX, Served

PROJECTS = (
    "PREFIX gg: <https://w3id.org/goalgraph#> SELECT ?p WHERE { ?p a gg:Project } ORDER BY ?p"
)
CONSTRUCT = (
    "PREFIX gg: <https://w3id.org/goalgraph#> "
    "CONSTRUCT { ?p gg:implements ?m } WHERE { ?p gg:implements ?m }"
)
EXPECTED_PROJECTS = [EX + "prosjekt-fortau", EX + "prosjekt-kartlegging"]


def test_sparqlwrapper_select_json_by_get(web_server: Served) -> None:
    client = SPARQLWrapper(web_server.url + "/sparql")
    client.setQuery(PROJECTS)
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    assert isinstance(result, dict)
    assert [b["p"]["value"] for b in result["results"]["bindings"]] == EXPECTED_PROJECTS


def test_sparqlwrapper_select_xml_by_post(web_server: Served) -> None:
    client = SPARQLWrapper(web_server.url + "/sparql")
    client.setQuery(PROJECTS)
    client.setMethod(POST)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert uris == EXPECTED_PROJECTS


def test_sparqlwrapper_ask_and_construct(web_server: Served) -> None:
    client = SPARQLWrapper(web_server.url + "/sparql")
    client.setQuery(f"ASK {{ <{EX}prosjekt-fortau> a <{GG.Project}> }}")
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    assert isinstance(answer, dict) and answer["boolean"] is True
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 2
    assert (URIRef(EX + "prosjekt-fortau"), GG.implements, URIRef(EX + "tiltak-fortau")) in graph


def test_rdflib_sparqlstore(web_server: Served) -> None:
    graph = Graph(store=SPARQLStore(web_server.url + "/sparql"))
    rows = list(graph.query(PROJECTS))
    assert [str(row[0]) for row in rows] == EXPECTED_PROJECTS  # type: ignore[index]
    labels = set(graph.objects(URIRef(EX + "prosjekt-fortau"), RDFS.label))
    assert Literal("Fortau Skoleveien", lang="nb") in labels
    constructed = graph.query(CONSTRUCT)
    assert constructed.graph is not None and len(constructed.graph) == 2


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/html", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ],
)
def test_select_formats_by_accept(web_server: Served, accept: str, media_type: str) -> None:
    response = httpx.get(
        web_server.url + "/sparql", params={"query": PROJECTS}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media_type
    text = response.text
    if media_type.endswith("json"):
        found = [b["p"]["value"] for b in json.loads(text)["results"]["bindings"]]
    elif media_type.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        found = [u.text or "" for u in ET.fromstring(text).iter(ns + "uri")]
    elif media_type == "text/csv":
        found = [row[0] for row in list(csv.reader(io.StringIO(text)))[1:]]
    else:
        found = [line.strip("<>") for line in text.splitlines()[1:]]
    assert found == EXPECTED_PROJECTS


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
    ],
)
def test_construct_formats_by_accept(web_server: Served, accept: str, fmt: str) -> None:
    response = httpx.get(
        web_server.url + "/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    graph = Graph().parse(data=response.text, format=fmt)
    assert len(graph) == 2


def test_describe_defaults_to_turtle(web_server: Served) -> None:
    response = httpx.get(
        web_server.url + "/sparql", params={"query": f"DESCRIBE <{EX}prosjekt-fortau>"}
    )
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(EX + "prosjekt-fortau"), GG.phase, GG.PhaseExecution) in graph


def test_format_parameter_overrides_accept(web_server: Served) -> None:
    response = httpx.get(
        web_server.url + "/sparql",
        params={"query": PROJECTS, "format": "csv"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.headers["content-type"].startswith("text/csv")


def test_ask_as_csv(web_server: Served) -> None:
    response = httpx.get(
        web_server.url + "/sparql",
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    )
    assert response.text.split() == ["_askResult", "true"]
    # The one serialiser of the command line (goalgraph query --format csv) and the endpoint.
    assert response.content == serialise(AskResult(True), "csv")


def test_select_as_the_library_serialises_it(web_server: Served) -> None:
    expected = serialise(web_server.source.store.query(PROJECTS), "csv")
    response = httpx.get(
        web_server.url + "/sparql", params={"query": PROJECTS}, headers={"Accept": "text/csv"}
    )
    assert response.content == expected


def test_tsv_keeps_one_row_a_line(web_server: Served) -> None:
    query = 'SELECT ?text ?tag WHERE { BIND("two\\nlines\\tand a \\"quote\\"" AS ?text) '
    query += 'BIND("merke"@nb AS ?tag) }'
    response = httpx.get(
        web_server.url + "/sparql",
        params={"query": query},
        headers={"Accept": "text/tab-separated-values"},
    )
    assert response.status_code == 200, response.text
    assert response.text.split("\n") == [
        "?text\t?tag",
        '"two\\nlines\\tand a \\"quote\\""\t"merke"@nb',
        "",
    ]


def test_post_bodies(web_server: Served) -> None:
    direct = httpx.post(
        web_server.url + "/sparql",
        content=PROJECTS,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    form = httpx.post(
        web_server.url + "/sparql", data={"query": PROJECTS}, headers={"Accept": "text/csv"}
    )
    assert direct.status_code == form.status_code == 200
    assert direct.text == form.text
    assert EXPECTED_PROJECTS[0] in direct.text


def test_syntax_error_is_400_with_the_parser_message(web_server: Served) -> None:
    response = httpx.get(web_server.url + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p "})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert "syntax error at line 1" in response.text


def test_missing_query_is_400(web_server: Served) -> None:
    # A client asking for results without a query (one asking for RDF gets the service
    # description, tests/web/test_protocol.py).
    accept = {"Accept": "application/sparql-results+json"}
    assert httpx.get(web_server.url + "/sparql", headers=accept).status_code == 400
    response = httpx.post(web_server.url + "/sparql", data={"other": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
        (
            "update=INSERT+DATA+%7B+%3Curn%3Aa%3E+%3Curn%3Ab%3E+%3Curn%3Ac%3E+%7D",
            "application/x-www-form-urlencoded",
        ),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-query"),
    ],
)
def test_updates_are_refused(web_server: Served, content: str, content_type: str) -> None:
    before = len(web_server.source)
    response = httpx.post(
        web_server.url + "/sparql", content=content, headers={"Content-Type": content_type}
    )
    assert response.status_code == 403
    assert len(web_server.source) == before
