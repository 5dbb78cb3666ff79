"""The SPARQL 1.1 Service Description of /sparql: what it answers, in which formats, over
which dataset (https://www.w3.org/TR/sparql11-service-description/)."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from goalgraph import __version__
from goalgraph.sparql.formats import serialise
from goalgraph.store import PREFIX_GRAPH, is_history_graph
from goalgraph.web.deps import StoreSource
from goalgraph.web.settings import Settings

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")

#: The result formats /sparql writes, by their W3C format IRIs.
RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "JSON-LD",
    "N-Triples",
    "RDF_XML",
)


def _description(source: StoreSource, settings: Settings, endpoint: str) -> Graph:
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    service = URIRef(endpoint + "#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, DCTERMS.title, Literal(f"goalgraph {__version__}")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.write_token is not None:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    # Queries without a dataset of their own see the union of the named graphs.
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    if settings.allow_service:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    dataset = BNode()
    default = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    # The history graphs are not part of the endpoint's dataset (routes/sparql.py).
    infos = [
        info
        for info in source.store.graphs()
        if info.iri != PREFIX_GRAPH and not is_history_graph(info.iri)
    ]
    graph.add((default, VOID.triples, Literal(sum(i.triples for i in infos), datatype=XSD.integer)))
    for info in infos:
        named = BNode()
        described = BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, info.iri))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(info.triples, datatype=XSD.integer)))
    return graph


def service_description(source: StoreSource, settings: Settings, endpoint: str, fmt: str) -> bytes:
    """The description of the endpoint at ``endpoint`` serialised in ``fmt`` (an rdflib
    format name), built once per write."""
    graph = source.remember(
        ("service-description", endpoint), lambda: _description(source, settings, endpoint)
    )
    return serialise(graph, fmt)
