"""A SPARQL 1.1 server as a store: Query and Update protocols, and the Graph Store protocol."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from goalgraph.errors import QueryError, StoreError
from goalgraph.load import new_graph, rdf_files
from goalgraph.store.base import (
    AskResult,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
    bind_values,
    select,
    store_query,
)
from goalgraph.store.oxigraph import insert_data, parse_quads, replace_update

logger = logging.getLogger(__name__)

_ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "text/plain;q=0.5"
)
#: Response media type → rdflib parser, for CONSTRUCT and DESCRIBE answers.
_GRAPH_FORMATS = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


def _term(value: dict[str, Any]) -> Term:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def _sibling(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over plain HTTP with explicit formats.

    ``url`` is the query endpoint. A URL ending in ``/query`` (Oxigraph, Fuseki) has its
    update endpoint at ``…/update`` and its Graph Store endpoint at ``…/store``; any other
    URL (Virtuoso's ``/sparql``) takes updates itself and is loaded with SPARQL Update.
    The server must show the union of its graphs as the default graph (Oxigraph:
    ``--union-default-graph``; Virtuoso does so by default). Since the server's default
    graph is such a view, ``triples_count()`` and ``export()`` without a graph cover the
    named graphs only.
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 300.0,
    ) -> None:
        self.descriptor = url
        self.url = url
        by_convention = urllib.parse.urlsplit(url).path.endswith("/query")
        self.update_url = update_url or (_sibling(url, "update") if by_convention else url)
        self.graph_store_url = graph_store_url or (
            _sibling(url, "store") if by_convention else None
        )
        self.timeout = timeout

    def _send(
        self, url: str, data: bytes, content_type: str, *, method: str = "POST", accept: str = "*/*"
    ) -> tuple[str, bytes]:
        request = urllib.request.Request(
            url, data=data, method=method, headers={"Content-Type": content_type, "Accept": accept}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                return media_type, response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", errors="replace").strip()
            if exc.code == 400:
                raise QueryError(f"{self.descriptor} rejected the request: {detail}") from exc
            raise StoreError(f"{url}: HTTP {exc.code} {exc.reason}: {detail}") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise StoreError(f"cannot reach the SPARQL server {url}: {exc}") from exc

    def _query(self, sparql: str, dataset: Sequence[URIRef] = ()) -> QueryResult:
        form = [("query", sparql)] + [("default-graph-uri", str(g)) for g in dataset]
        media_type, body = self._send(
            self.url,
            urllib.parse.urlencode(form).encode("utf-8"),
            "application/x-www-form-urlencoded",
            accept=_ACCEPT,
        )
        if media_type == "application/sparql-results+json":
            data = json.loads(body)
            if "boolean" in data:
                return AskResult(bool(data["boolean"]))
            variables = tuple(data["head"]["vars"])
            rows = tuple(
                tuple(_term(b[v]) if v in b else None for v in variables)
                for b in data["results"]["bindings"]
            )
            return SelectResult(variables, rows)
        if media_type not in _GRAPH_FORMATS:
            raise StoreError(f"{self.url} answered in an unexpected format: {media_type}")
        graph = new_graph()
        graph.parse(data=body, format=_GRAPH_FORMATS[media_type])
        return graph

    def query(self, sparql: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        return self._query(bind_values(sparql, bindings or {}))

    def update(self, sparql: str) -> None:
        self._send(
            self.update_url,
            urllib.parse.urlencode({"update": sparql}).encode("utf-8"),
            "application/x-www-form-urlencoded",
        )

    def load(
        self, files: Sequence[str | Path], graph: URIRef | None = None, replace: bool = True
    ) -> LoadResult:
        paths = rdf_files(files)
        # Parsing here first means a broken file is reported with its line and sends nothing.
        quads = parse_quads(paths, graph)
        if self.graph_store_url is not None:
            body = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
            which = "default" if graph is None else urllib.parse.urlencode({"graph": str(graph)})
            self._send(
                f"{self.graph_store_url}?{which}",
                body,
                "application/n-triples",
                method="PUT" if replace else "POST",
            )
        elif replace:
            self.update(replace_update(graph, quads))
        elif quads:
            self.update(insert_data(graph, quads))
        logger.info("sent %d triples to %s", len(quads), graph or "the default graph")
        return LoadResult(graph, self._size(graph), tuple(paths))

    def _size(self, graph: URIRef | None) -> int:
        result = self._query(store_query("default-graph-size"), [graph] if graph else [])
        if not isinstance(result, SelectResult):
            raise StoreError(f"{self.url} did not answer a SELECT query with results")
        return int(str(result.rows[0][0]))

    def graphs(self) -> list[GraphInfo]:
        rows = select(self, store_query("graph-counts")).rows
        return [GraphInfo(URIRef(str(g)), int(str(n))) for g, n in rows]

    def triples_count(self, graph: URIRef | None = None) -> int:
        bindings = {"g": graph} if graph is not None else None
        return int(str(select(self, store_query("graph-size"), bindings).rows[0][0]))

    def export(self, graph: URIRef | None = None) -> Graph:
        bindings = {"g": graph} if graph is not None else None
        result = self.query(store_query("graph-export"), bindings)
        if not isinstance(result, Graph):
            raise StoreError(f"{self.url} did not answer a CONSTRUCT query with a graph")
        return result

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""
