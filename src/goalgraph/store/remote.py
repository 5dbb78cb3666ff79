"""A SPARQL 1.1 server as a store: Query and Update protocols, and the Graph Store protocol."""

from __future__ import annotations

import http.client
import json
import logging
import threading
import urllib.parse
import urllib.request
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from goalgraph.errors import GoalgraphError, QueryError, StoreError
from goalgraph.files import new_graph, rdf_files
from goalgraph.sparql.library import query_text, select
from goalgraph.sparql.text import Style, query_form, render
from goalgraph.store.base import (
    AskResult,
    Dataset,
    GraphInfo,
    LoadResult,
    QueryResult,
    SelectResult,
    Store,
    Term,
    Value,
)
from goalgraph.store.oxigraph import graph_node, insert_data, ntriples_of, parse_quads

logger = logging.getLogger(__name__)

_RESULTS_ACCEPT = "application/sparql-results+json"
# Virtuoso answers a CONSTRUCT in results JSON if that is acceptable: ask for RDF only.
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, text/plain;q=0.5"


def _returns_graph(sparql: str) -> bool:
    return query_form(sparql) in {"CONSTRUCT", "DESCRIBE"}


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


#: Graphs a Virtuoso server keeps for itself; they are not goalgraph data.
SERVER_GRAPHS = frozenset(
    {
        URIRef("http://www.openlinksw.com/schemas/virtrdf#"),
        URIRef("http://www.w3.org/ns/ldp#"),
        URIRef("http://localuriqaserver/sparql"),
    }
)
#: Triples per SPARQL Update request when a server has no usable Graph Store endpoint.
CHUNK = 5000
#: How much of a server's error text goes into a message (Virtuoso repeats the whole request).
_DETAIL = 600
#: Statuses of a server without a Graph Store endpoint at the conventional address.
_NO_GRAPH_STORE = frozenset({404, 405})
#: What a kept-alive connection raises when the server closed it while it lay idle.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


@dataclass(frozen=True)
class _Connection:
    http: http.client.HTTPConnection
    whole_url: bool


@dataclass(frozen=True)
class _Response:
    status: int
    reason: str
    media_type: str
    body: bytes


def _sibling(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _child(url: str, name: str) -> str:
    return url.rstrip("/") + "/" + name


def endpoints(url: str) -> tuple[str, str | None]:
    """The update and Graph Store endpoints that go with a query endpoint, by convention.

    ``…/query`` (Oxigraph, Fuseki) → ``…/update`` and ``…/store``; ``…/sparql`` (Virtuoso)
    → the same URL and ``…/sparql-graph-crud``; ``…/repositories/ID`` (GraphDB) →
    ``…/statements`` and ``…/rdf-graphs/service``; anything else takes updates itself.
    """
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    if path.endswith("/query"):
        return _sibling(url, "update"), _sibling(url, "store")
    if path.endswith("/sparql"):
        return url, _sibling(url, "sparql-graph-crud")
    if "/repositories/" in path:
        return _child(url, "statements"), _child(url, "rdf-graphs/service")
    return url, None


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _insert_template(graph: URIRef | None, quads: Sequence[ox.Quad]) -> str:
    # Some servers (Virtuoso) refuse blank nodes in INSERT DATA; a template is standard and
    # mints one fresh blank node per label, so every blank-node triple goes in one request.
    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    if graph is None:
        return f"INSERT {{\n{body}\n}} WHERE {{}}"
    return f"INSERT {{ GRAPH {graph_node(graph)} {{\n{body}\n}} }} WHERE {{}}"


def update_requests(graph: URIRef | None, quads: Sequence[ox.Quad], replace: bool) -> list[str]:
    """SPARQL Update requests that write ``quads`` into ``graph``, at most CHUNK triples each.

    With ``replace`` the first request drops the graph; when everything fits in one request
    the replacement is a single request, which the server runs as one transaction.
    """
    plain = [q for q in quads if not _has_blank_node(q)]
    blank = [q for q in quads if _has_blank_node(q)]
    requests = [insert_data(graph, plain[i : i + CHUNK]) for i in range(0, len(plain), CHUNK)]
    if blank:
        requests.append(_insert_template(graph, blank))
    if replace:
        drop = "DROP SILENT DEFAULT" if graph is None else f"DROP SILENT GRAPH {graph_node(graph)}"
        if len(requests) == 1:
            return [f"{drop} ;\n{requests[0]}"]
        requests.insert(0, drop)
    return requests


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over plain HTTP with explicit formats.

    ``url`` is the query endpoint; the update and Graph Store endpoints follow from it (see
    ``endpoints``) unless given. Files are loaded with a Graph Store ``PUT`` (one request,
    so the replacement is atomic); a server without a Graph Store endpoint (404, 405) is
    loaded with SPARQL Update instead. The server must show the union of its graphs as the
    default graph (Oxigraph: ``--union-default-graph``; Virtuoso does so by default). Since
    the server's default graph is such a view, ``triples_count()`` and ``export()`` without
    a graph cover the named graphs only, and Virtuoso's own graphs (SERVER_GRAPHS) are left
    out of ``graphs()``. Each thread keeps its connection to a server open between requests.
    """

    #: Each thread asks on its own connection: reads from several threads run side by side.
    concurrent_reads = True

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
        conventional_update, conventional_store = endpoints(url)
        self.update_url = update_url or conventional_update
        self.graph_store_url = graph_store_url or conventional_store
        self.timeout = timeout
        #: The server's ``Server`` header, learnt from its first answer.
        self.server: str | None = None
        self._local = threading.local()
        self._opened: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        # A store dropped without close() still closes its connections, without warnings.
        weakref.finalize(self, _close_all, self._opened, self._lock)

    @property
    def takes_parameters(self) -> bool:
        """Whether the server takes query parameters (Virtuoso's ``?::name``); known from
        its first answer on."""
        return self.server is not None and self.server.startswith("Virtuoso/")

    def _connection(self, parts: urllib.parse.SplitResult) -> _Connection:
        """This thread's open connection to the host of ``parts`` (through the proxy urllib
        would use for it)."""
        key = (parts.scheme, parts.netloc)
        connections: dict[tuple[str, str], _Connection] = getattr(self._local, "connections", {})
        self._local.connections = connections
        if key in connections:
            return connections[key]
        secure = parts.scheme == "https"
        kind = http.client.HTTPSConnection if secure else http.client.HTTPConnection
        proxy = _proxy(parts)
        if proxy is None:
            http_connection = kind(parts.hostname or "", parts.port, timeout=self.timeout)
        else:
            through = urllib.parse.urlsplit(proxy)
            http_connection = kind(through.hostname or "", through.port, timeout=self.timeout)
            if secure:
                http_connection.set_tunnel(parts.hostname or "", parts.port)
        # A plain HTTP proxy is sent the whole URL; a server or a tunnel only its path.
        connection = _Connection(http_connection, whole_url=proxy is not None and not secure)
        connections[key] = connection
        with self._lock:
            self._opened.append(http_connection)
        return connection

    def _forget(self, parts: urllib.parse.SplitResult) -> None:
        connection = self._local.connections.pop((parts.scheme, parts.netloc)).http
        connection.close()
        with self._lock:
            # close() may have let go of it already, from another thread.
            if connection in self._opened:
                self._opened.remove(connection)

    def _request(
        self, url: str, data: bytes, content_type: str, method: str, accept: str
    ) -> _Response:
        parts = urllib.parse.urlsplit(url)
        headers = {"Content-Type": content_type, "Accept": accept}
        for attempt in (1, 2):
            connection = self._connection(parts)
            reused = connection.http.sock is not None
            target = url if connection.whole_url else _path(parts)
            try:
                connection.http.request(method, target, body=data, headers=headers)
                response = connection.http.getresponse()
                body = response.read()
            except _STALE as exc:
                self._forget(parts)
                # The server may close a connection that lay idle; a new one is tried once.
                if reused and attempt == 1:
                    continue
                raise StoreError(f"cannot reach the SPARQL server {url}: {exc}") from exc
            except (OSError, http.client.HTTPException) as exc:
                self._forget(parts)
                raise StoreError(f"cannot reach the SPARQL server {url}: {exc}") from exc
            if response.will_close:
                self._forget(parts)
            if self.server is None:
                self.server = response.getheader("Server", "")
            media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            return _Response(response.status, response.reason, media_type, body)
        raise StoreError(f"cannot reach the SPARQL server {url}")

    def _send(
        self, url: str, data: bytes, content_type: str, *, method: str = "POST", accept: str = "*/*"
    ) -> tuple[str, bytes]:
        response = self._request(url, data, content_type, method, accept)
        if response.status >= 300:
            raise self._error(url, response)
        return response.media_type, response.body

    def _error(self, url: str, response: _Response) -> GoalgraphError:
        detail = response.body.decode("utf-8", errors="replace").strip()
        if len(detail) > _DETAIL:
            detail = detail[:_DETAIL] + " …"
        if response.status == 400:
            return QueryError(f"{self.descriptor} rejected the request: {detail}")
        return StoreError(f"{url}: HTTP {response.status} {response.reason}: {detail}")

    def _query(
        self,
        sparql: str,
        dataset: Sequence[URIRef] = (),
        parameters: Sequence[tuple[str, str]] = (),
        named: Sequence[URIRef] = (),
    ) -> QueryResult:
        form = [("query", sparql)] + [("default-graph-uri", str(g)) for g in dataset]
        form += [("named-graph-uri", str(g)) for g in named]
        media_type, body = self._send(
            self.url,
            urllib.parse.urlencode([*form, *parameters]).encode("utf-8"),
            "application/x-www-form-urlencoded",
            accept=_GRAPH_ACCEPT if _returns_graph(sparql) else _RESULTS_ACCEPT,
        )
        if media_type == "application/sparql-results+json":
            data = json.loads(body)
            if "boolean" in data:
                return AskResult(bool(data["boolean"]))
            variables = tuple(data["head"]["vars"])
            return SelectResult.of(
                variables,
                tuple(
                    tuple(_term(b[v]) if v in b else None for v in variables)
                    for b in data["results"]["bindings"]
                ),
            )
        if media_type not in _GRAPH_FORMATS:
            raise StoreError(f"{self.url} answered in an unexpected format: {media_type}")
        graph = new_graph()
        graph.parse(data=body, format=_GRAPH_FORMATS[media_type])
        return graph

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Value] | None = None,
        *,
        default_graph: Sequence[URIRef] | None = None,
    ) -> QueryResult:
        """Run a query on the server. A server that takes parameters (Virtuoso) is sent the
        IRIs bound to ``$name`` as request parameters instead of in the text, so that it
        compiles one text for every value and reuses the plan: for a short query compiling
        costs it more than running it (~4 ms against ~1 ms for "which projects serve goal
        X" at L). Every server gets them in the text until its first answer has told which
        it is; an ASK always does (Virtuoso answers one sent with parameters as a SELECT
        without rows)."""
        form = query_form(sparql)
        style = Style.VIRTUOSO if self.takes_parameters and form == "SELECT" else Style.CONSTANT
        rendered = render(sparql, bindings, style)
        result = self._query(rendered.text, default_graph or (), rendered.parameters)
        if form == "ASK" and isinstance(result, SelectResult):
            # Virtuoso answers an ASK as a SELECT of ?__ASK_RETVAL: one row when true.
            return AskResult(any(str(row[0]) not in {"0", "false"} for row in result if row))
        return result

    def query_in(self, sparql: str, dataset: Dataset) -> QueryResult:
        """Run a query against the Protocol's ``dataset``: the server is sent its
        ``default-graph-uri`` and ``named-graph-uri`` parameters."""
        # A dataset of named graphs only has an empty default graph: one no server holds.
        default = dataset.default or (URIRef("urn:goalgraph:no-graph"),)
        return self._query(sparql, default, (), dataset.named)

    def bounded(self, seconds: float) -> RemoteStore:
        return RemoteStore(
            self.url,
            update_url=self.update_url,
            graph_store_url=self.graph_store_url,
            timeout=seconds,
        )

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
        if self.graph_store_url is None or not self._put(graph, ntriples_of(paths), replace):
            for request in update_requests(graph, parse_quads(paths, graph), replace):
                self.update(request)
        result = LoadResult(graph, self._size(graph), tuple(paths))
        logger.info("%s now holds %d triples", graph or "the default graph", result.triples)
        return result

    def _put(self, graph: URIRef | None, body: bytes, replace: bool) -> bool:
        """Send N-Triples with the Graph Store protocol; False when the server turns out to
        have none (``load`` asks only while ``graph_store_url`` is known)."""
        assert self.graph_store_url is not None
        which = "default" if graph is None else urllib.parse.urlencode({"graph": str(graph)})
        url = f"{self.graph_store_url}?{which}"
        response = self._request(
            url, body, "application/n-triples", "PUT" if replace else "POST", "*/*"
        )
        if response.status in _NO_GRAPH_STORE:
            logger.info("%s has no Graph Store endpoint; using SPARQL Update", self.url)
            self.graph_store_url = None
            return False
        if response.status >= 300:
            raise self._error(url, response)
        return True

    def _size(self, graph: URIRef | None) -> int:
        result = self._query(query_text("default-graph-size"), [graph] if graph else [])
        if not isinstance(result, SelectResult):
            raise StoreError(f"{self.url} did not answer a SELECT query with results")
        return int(str(result.rows[0][0]))

    def graphs(self) -> list[GraphInfo]:
        rows = select(self, "graph-counts").rows
        found = [GraphInfo(URIRef(str(g)), int(str(n))) for g, n in rows]
        return [info for info in found if info.iri not in SERVER_GRAPHS]

    def triples_count(self, graph: URIRef | None = None) -> int:
        if graph is None:
            return sum(info.triples for info in self.graphs())
        return int(str(select(self, "graph-size", {"g": graph}).rows[0][0]))

    def export(self, graph: URIRef | None = None) -> Graph:
        bindings = {"g": graph} if graph is not None else None
        result = self.query(query_text("graph-export"), bindings)
        if not isinstance(result, Graph):
            raise StoreError(f"{self.url} did not answer a CONSTRUCT query with a graph")
        return result

    def close(self) -> None:
        """Close the connections every thread kept open; a later request opens new ones."""
        _close_all(self._opened, self._lock)
        self._local = threading.local()


def _close_all(opened: list[http.client.HTTPConnection], lock: threading.Lock) -> None:
    with lock:
        closing = list(opened)
        opened.clear()
    for connection in closing:
        connection.close()


def _path(parts: urllib.parse.SplitResult) -> str:
    return urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))


def _proxy(parts: urllib.parse.SplitResult) -> str | None:
    """The proxy urllib would use for the URL of ``parts`` (from the environment), if any."""
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy is None or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return proxy
