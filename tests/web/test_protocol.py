"""The rest of the SPARQL 1.1 Protocol: the dataset parameters, the service description,
HEAD and OPTIONS, CORS, the data's own prefixes, and the Graph Store Protocol's ?default."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from goalgraph.store import file_graph
from tests.conftest import MILJOPAKKEN
from tests.web.conftest import Served, run_server

FILES = sorted(MILJOPAKKEN.glob("*.ttl"))
MALVIK = file_graph(MILJOPAKKEN / "malvik-kommune.ttl")
TRONDHEIM = file_graph(MILJOPAKKEN / "trondheim-kommune.ttl")
UNKNOWN = "https://example.org/no-such-graph"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WRITE = "protocol-write-token-0123456789"
COUNT = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a gg:Project }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a gg:Project } } ORDER BY ?g"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    """Miljøpakken with one named graph per file, reads open to any origin, writes on."""
    yield from run_server(FILES, cors_origins=["*"], write_token=WRITE)


@pytest.fixture(scope="module")
def closed() -> Iterator[Served]:
    """The same model with no CORS setting."""
    yield from run_server(FILES[:2])


def projects_in(served: Served, *graphs: URIRef) -> int:
    """The projects of ``graphs`` (all: the union) as the store itself counts them."""
    text = "PREFIX gg: <https://w3id.org/goalgraph#> " + COUNT
    result = served.source.store.query(text, default_graph=list(graphs) or None)
    return int(str(result.rows[0][0]))  # type: ignore[union-attr]


def count(response: httpx.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def graphs(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["g"]["value"] for b in response.json()["results"]["bindings"]]


def get(served: Served, query: str, **params: str | list[str]) -> httpx.Response:
    return httpx.get(
        served.url + "/sparql", params={"query": query, **params}, headers=JSON, timeout=60
    )


def test_without_a_dataset_the_default_graph_is_the_union(served: Served) -> None:
    assert count(get(served, COUNT)) == projects_in(served) > projects_in(served, MALVIK)
    assert len(graphs(get(served, GRAPHS))) == 9


def test_default_graph_uri_limits_the_default_graph(served: Served) -> None:
    assert count(get(served, COUNT, **{"default-graph-uri": str(MALVIK)})) == 1
    both = get(served, COUNT, **{"default-graph-uri": [str(MALVIK), str(TRONDHEIM)]})
    assert count(both) == projects_in(served, MALVIK, TRONDHEIM) == 7
    # A dataset with a default graph only has no named graphs for GRAPH to visit.
    assert graphs(get(served, GRAPHS, **{"default-graph-uri": str(MALVIK)})) == []


def test_an_unknown_graph_is_empty(served: Served) -> None:
    assert count(get(served, COUNT, **{"default-graph-uri": UNKNOWN})) == 0
    assert graphs(get(served, GRAPHS, **{"named-graph-uri": UNKNOWN})) == []
    assert count(get(served, f"PREFIX gg: <https://w3id.org/goalgraph#> {COUNT} ")) > 7
    from_unknown = COUNT.replace("WHERE", f"FROM <{UNKNOWN}> WHERE")
    assert count(get(served, from_unknown)) == 0


def test_named_graph_uri_limits_graph_patterns(served: Served) -> None:
    found = graphs(get(served, GRAPHS, **{"named-graph-uri": [str(MALVIK), str(TRONDHEIM)]}))
    assert found == sorted([str(MALVIK), str(TRONDHEIM)])
    assert count(get(served, COUNT, **{"named-graph-uri": str(MALVIK)})) == 0


def test_from_and_from_named_in_the_query(served: Served) -> None:
    assert count(get(served, COUNT.replace("WHERE", f"FROM <{MALVIK}> WHERE"))) == 1
    named = GRAPHS.replace("WHERE", f"FROM NAMED <{TRONDHEIM}> WHERE")
    assert graphs(get(served, named)) == [str(TRONDHEIM)]


def test_the_protocol_dataset_overrides_from(served: Served) -> None:
    query = COUNT.replace("WHERE", f"FROM <{MALVIK}> WHERE")
    assert count(get(served, query, **{"default-graph-uri": str(TRONDHEIM)})) == 6


def test_dataset_parameters_by_post(served: Served) -> None:
    form = httpx.post(
        served.url + "/sparql",
        data={"query": COUNT, "default-graph-uri": str(MALVIK)},
        headers=JSON,
        timeout=60,
    )
    assert count(form) == 1
    body = httpx.post(
        served.url + "/sparql",
        params={"default-graph-uri": str(TRONDHEIM)},
        content=COUNT,
        headers={**JSON, "Content-Type": "application/sparql-query"},
        timeout=60,
    )
    assert count(body) == 6


def test_a_dataset_parameter_that_is_no_iri_is_400(served: Served) -> None:
    response = get(served, COUNT, **{"default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "default-graph-uri" in response.text


def test_service_description(served: Served) -> None:
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        response = httpx.get(served.url + "/sparql", headers={"Accept": accept}, timeout=60)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(accept)
        description = Graph().parse(data=response.text, format=fmt)
        service = next(description.subjects(RDF.type, SD.Service))
        assert (service, SD.endpoint, URIRef(served.url + "/sparql")) in description
        assert (service, SD.feature, SD.UnionDefaultGraph) in description
        assert (service, SD.supportedLanguage, SD.SPARQL11Update) in description
        names = set(description.objects(None, SD.name))
        assert MALVIK in names and TRONDHEIM in names
    # A client that asks for results but sends no query is told what is missing.
    assert httpx.get(served.url + "/sparql", headers=JSON).status_code == 400


def test_head_and_options(served: Served) -> None:
    head = httpx.head(served.url + "/sparql", params={"query": COUNT}, headers=JSON)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"].startswith("application/sparql-results+json")
    described = httpx.head(served.url + "/sparql", headers={"Accept": "text/turtle"})
    assert described.status_code == 200
    options = httpx.options(served.url + "/sparql")
    assert options.status_code == 204
    assert "POST" in options.headers["allow"] and "HEAD" in options.headers["allow"]


def test_cors_opens_reads_to_any_origin(served: Served, closed: Served) -> None:
    origin = {"Origin": "http://yasgui.example.org"}
    preflight = httpx.options(
        served.url + "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    read = httpx.get(served.url + "/sparql", params={"query": COUNT}, headers={**JSON, **origin})
    assert read.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in read.headers
    # Without the setting, no origin is allowed.
    shut = httpx.get(closed.url + "/sparql", params={"query": COUNT}, headers={**JSON, **origin})
    assert shut.status_code == 200 and "access-control-allow-origin" not in shut.headers


def test_cross_origin_writes_need_the_token(served: Served) -> None:
    update = "INSERT DATA { GRAPH <https://example.org/g> { <urn:a> <urn:b> <urn:c> } }"
    response = httpx.post(
        served.url + "/sparql",
        data={"update": update},
        headers={"Origin": "http://yasgui.example.org"},
    )
    assert response.status_code == 401
    preflight = httpx.options(
        served.url + "/graphs",
        headers={"Origin": "http://x.example.org", "Access-Control-Request-Method": "PUT"},
    )
    assert preflight.status_code == 400


def test_the_datas_own_prefixes(served: Served) -> None:
    query = "SELECT ?m WHERE { mp:prosjekt-gs-veg-saksvik-hommelvik gg:implements ?m }"
    response = get(served, query)
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 1


def test_syntax_errors_name_the_users_line_and_column(served: Served) -> None:
    response = get(served, "SELECT ?p WHERE { ?p a gg:Project ")
    assert response.status_code == 400
    assert "line 1, column 35" in response.text
    second = get(served, "SELECT ?p\nWHERE { ?p a mp:x ; }}")
    assert second.status_code == 400
    assert "line 2" in second.text


def test_graph_store_default_graph(served: Served) -> None:
    response = httpx.get(
        served.url + "/graphs", params={"default": ""}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200
    union = Graph().parse(data=response.text, format="turtle")
    one = httpx.get(served.url + "/graphs", params={"graph": str(MALVIK)})
    assert len(union) > len(Graph().parse(data=one.text, format="turtle")) > 0
    refused = httpx.put(
        served.url + "/graphs?default",
        content=b"<urn:a> <urn:b> <urn:c> .",
        headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {WRITE}"},
    )
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, HEAD"
    assert httpx.get(served.url + "/graphs").status_code == 400
