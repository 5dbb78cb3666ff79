"""The editor's change records are never read outside /api/history: the SPARQL endpoint keeps
the history graphs out of every dataset, and no page shows a change record or an editor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.web.conftest import Served
from tests.web.test_editor_api import EDITORS, FILES, WRITE, create, goal_body, http, serving

PROV = "http://www.w3.org/ns/prov#"


@pytest.fixture(scope="module")
def edited() -> Iterator[tuple[Served, str]]:
    with serving(FILES, editor=EDITORS, write_token=WRITE) as served:
        saved = create(served, goal_body("Alle har et trygt hjem i Trondheim"))
        yield served, saved["change"]


def rows(served: Served, query: str, **params: str) -> list[str]:
    response = http.get(
        f"{served.url}/sparql", params={"query": query, **params}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200, response.text
    return response.text.splitlines()[1:]


def test_the_union_holds_no_change_record(edited: tuple[Served, str]) -> None:
    served, change = edited
    assert rows(served, f"SELECT ?p WHERE {{ <{change}> ?p ?o }}") == []
    assert rows(served, f"SELECT ?a WHERE {{ ?a a <{PROV}Activity> }}") == []
    assert rows(served, f"SELECT ?a WHERE {{ ?a <{PROV}wasAssociatedWith> ?who }}") == []


def test_graph_variables_do_not_visit_history_graphs(edited: tuple[Served, str]) -> None:
    served, _ = edited
    graphs = rows(served, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert graphs, "the model's graphs are listed"
    assert not [g for g in graphs if g.startswith("urn:goalgraph:history:")]


def test_the_model_and_the_saved_goal_are_still_read(edited: tuple[Served, str]) -> None:
    served, _ = edited
    goal = "https://w3id.org/goalgraph/examples/miljopakken/alle-har-et-trygt-hjem-i-trondheim"
    assert rows(served, f"ASK {{ <{goal}> ?p ?o }}") == ["true"]
    count = rows(
        served, "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/goalgraph#Project> }"
    )
    assert int(count[0]) > 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM <{h}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <{h}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        # The same graph by a prefixed name and by an escaped IRI.
        "PREFIX h: <urn:goalgraph:history:> SELECT * FROM h:{rest} WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM <\\u0075rn:goalgraph:history:{graph}> WHERE {{ ?s ?p ?o }}",
    ],
)
def test_a_query_naming_a_history_graph_is_refused(edited: tuple[Served, str], query: str) -> None:
    served, _ = edited
    history = "urn:goalgraph:history:" + EDITORS[0]["graphs"][0]
    graph = EDITORS[0]["graphs"][0]
    # A prefixed name's local part escapes '/' and '.' with a backslash.
    rest = re.sub(r"([/.~#?&=%-])", r"\\\1", graph)
    text = query.format(h=history, rest=rest, graph=graph)
    response = http.get(f"{served.url}/sparql", params={"query": text})
    assert response.status_code == 403, response.text
    assert "/api/history" in response.text


@pytest.mark.parametrize("key", ["default-graph-uri", "named-graph-uri"])
def test_protocol_parameters_naming_a_history_graph_are_refused(
    edited: tuple[Served, str], key: str
) -> None:
    served, _ = edited
    history = "urn:goalgraph:history:" + EDITORS[0]["graphs"][0]
    response = http.get(
        f"{served.url}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", key: history}
    )
    assert response.status_code == 403


def test_a_query_naming_a_model_graph_still_runs(edited: tuple[Served, str]) -> None:
    served, _ = edited
    graph = EDITORS[1]["graphs"][0]
    assert rows(served, f"ASK FROM <{graph}> {{ ?s ?p ?o }}") == ["true"]


@pytest.mark.parametrize("node", ["change", "urn:goalgraph:editor:trondheim"])
def test_no_page_shows_a_change_record_or_an_editor(edited: tuple[Served, str], node: str) -> None:
    served, change = edited
    iri = change if node == "change" else node
    for path in (
        f"/node?iri={quote(iri)}",
        f"/graph?node={quote(iri)}",
        f"/api/graph?node={quote(iri)}",
        f"/api/queries/describe?node={quote(iri)}",
    ):
        response = http.get(served.url + path)
        assert response.status_code == 404, (path, response.text[:200])


def test_the_service_description_lists_no_history_graph(edited: tuple[Served, str]) -> None:
    served, _ = edited
    response = http.get(f"{served.url}/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert EDITORS[0]["graphs"][0] in response.text
    assert "urn:goalgraph:history:" not in response.text
