"""The JSON API and its OpenAPI description, against a live server."""

from __future__ import annotations

import httpx
import pytest
from rdflib import URIRef

from goalgraph import load
from goalgraph.analysis.trace import trace
from goalgraph.web import Settings
from tests.web.conftest import EX, WEB_DATA, Served


def get(server: Served, path: str, **params: str) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=60)


def test_goal_tree_counts_projects_and_budget(web_server: Served) -> None:
    tree = get(web_server, "/api/goals/tree").json()
    sdg3 = next(b for b in tree["sdg"] if b["sdg"]["code"] == "3")
    (health,) = sdg3["goals"]
    assert health["iri"] == EX + "hovedmaal-helse"
    assert (health["projects"], health["budget"]) == (2, 2_500_000.0)
    assert [c["iri"] for c in health["children"]] == [EX + "delmaal-skolevei"]
    sdg15 = next(b for b in tree["sdg"] if b["sdg"]["code"] == "15")
    assert sdg15["goals"][0]["projects"] == 0
    assert tree["unlinked"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"delmaal-skolevei", "hovedmaal-helse", "hovedmaal-natur"}),
        ({"sdg": "3"}, {"delmaal-skolevei", "hovedmaal-helse"}),
        ({"sdg": "15"}, {"hovedmaal-natur"}),
        ({"sdg": "3.4"}, {"delmaal-skolevei", "hovedmaal-helse"}),
        ({"phase": "gg:PhasePlanning"}, {"delmaal-skolevei", "hovedmaal-helse"}),
        ({"portfolio": EX + "portefolje"}, {"delmaal-skolevei", "hovedmaal-helse"}),
        ({"phase": "gg:PhaseIdea"}, set()),
    ],
)
def test_goal_filters(web_server: Served, params: dict[str, str], expected: set[str]) -> None:
    goals = get(web_server, "/api/goals", **params).json()
    assert {g["iri"].removeprefix(EX) for g in goals} == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"prosjekt-fortau", "prosjekt-kartlegging"}),
        ({"phase": "gg:PhaseExecution"}, {"prosjekt-fortau"}),
        # Responsible includes the units of an organisation: the schools unit is in oppvekst.
        ({"responsible": EX + "oppvekst"}, {"prosjekt-fortau", "prosjekt-kartlegging"}),
        ({"responsible": EX + "skoler"}, {"prosjekt-fortau"}),
        ({"sdg": "15"}, set()),
        ({"sdg": "3", "phase": "gg:PhasePlanning"}, {"prosjekt-kartlegging"}),
    ],
)
def test_project_filters(web_server: Served, params: dict[str, str], expected: set[str]) -> None:
    projects = get(web_server, "/api/projects", **params).json()
    assert {p["iri"].removeprefix(EX) for p in projects} == expected


def test_project_summary_fields(web_server: Served) -> None:
    (project,) = get(web_server, "/api/projects", phase="gg:PhaseExecution", lang="en").json()
    assert project["phase_label"] == "Execution"
    assert project["budget"] == 2_000_000.0
    assert [p["label"] for p in project["portfolios"]] == ["Strategic portfolio"]


def test_trace_is_the_cli_document(web_server: Served) -> None:
    body = get(web_server, "/api/trace", project=EX + "prosjekt-fortau").json()
    expected = trace(load(WEB_DATA), URIRef(EX + "prosjekt-fortau"), lang="nb").to_json()
    assert body == expected
    assert body["paths"][0][-1]["node"] == "http://metadata.un.org/sdg/3"


def test_projects_serving(web_server: Served) -> None:
    body = get(web_server, "/api/projects-serving", goal=EX + "hovedmaal-helse", lang="en").json()
    assert sorted((p["label"], p["phase_label"], p["budget"]) for p in body) == [
        ("Pavement Skoleveien", "Execution", 2_000_000.0),
        ("Survey of school routes", "Planning", 500_000.0),
    ]


def test_unknown_or_wrong_nodes_are_404(web_server: Served) -> None:
    assert get(web_server, "/api/trace", project=EX + "nothing").status_code == 404
    wrong_kind = get(web_server, "/api/projects-serving", goal=EX + "prosjekt-fortau")
    assert wrong_kind.status_code == 404
    assert "not a goal" in wrong_kind.json()["detail"]
    assert get(web_server, "/api/trace", project="nope:x").status_code == 404


def test_goal_detail(web_server: Served) -> None:
    goal = get(web_server, "/api/goal", goal=EX + "hovedmaal-helse", lang="en").json()
    assert [s["code"] for s in goal["sdg"]] == ["3.4"]
    (indicator,) = goal["indicators"]
    assert len(indicator["observations"]) == 3 and len(indicator["targets"]) == 2


VALID = """@prefix gg: <https://w3id.org/goalgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:p> a gg:Project ; rdfs:label "P"@nb , "P"@en .
"""


def test_validate_posted_turtle(web_server: Served) -> None:
    before = len(web_server.source)
    response = httpx.post(
        web_server.url + "/api/validate?lang=en",
        content=VALID,
        headers={"Content-Type": "text/turtle"},
        timeout=60,
    )
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False
    assert {r["focus"] for r in report["results"]} == {"urn:x:p"}
    assert len(web_server.source) == before


def test_validate_malformed_turtle_names_the_line(web_server: Served) -> None:
    response = httpx.post(
        web_server.url + "/api/validate",
        content="@prefix gg: <https://w3id.org/goalgraph#> .\n\n<urn:a> gg:budget <urn:b\n",
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 400
    assert "request body:3" in response.json()["detail"]


def test_validate_oversized_body_is_413(web_server: Served) -> None:
    limit = Settings().max_body_bytes
    response = httpx.post(
        web_server.url + "/api/validate",
        content="#" * (limit + 1),
        headers={"Content-Type": "text/turtle"},
    )
    assert response.status_code == 413


def test_report(web_server: Served) -> None:
    report = get(web_server, "/api/report").json()
    uncovered = {g["goal"] for g in report["sufficient"]["uncoveredGoals"]}
    assert EX + "hovedmaal-natur" in uncovered


def test_openapi_and_docs(web_server: Served) -> None:
    spec = get(web_server, "/openapi.json").json()
    for path in (
        "/sparql",
        "/api/goals/tree",
        "/api/goals",
        "/api/projects",
        "/api/trace",
        "/api/projects-serving",
        "/api/validate",
        "/api/report",
    ):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/validate"]
    assert get(web_server, "/docs").status_code == 200


def test_named_queries_run_with_parameters(web_server: Served) -> None:
    names = {q["name"] for q in get(web_server, "/api/queries").json()}
    assert "projects-serving" in names
    result = get(web_server, "/api/queries/projects-serving", goal=EX + "hovedmaal-helse").json()
    projects = {b["project"]["value"] for b in result["results"]["bindings"]}
    assert projects == {EX + "prosjekt-fortau", EX + "prosjekt-kartlegging"}
    missing = get(web_server, "/api/queries/projects-serving")
    assert missing.status_code == 400


def test_graph_neighbourhood_is_capped(capped_server: Served) -> None:
    body = get(capped_server, "/api/graph", node=EX + "hovedmaal-helse", depth="3").json()
    assert body["truncated"] is True
    assert len(body["nodes"]) == 4
    too_deep = get(capped_server, "/api/graph", node=EX + "hovedmaal-helse", depth="9")
    assert too_deep.status_code == 400


def test_graph_marks_validation_results(web_server: Served) -> None:
    body = get(web_server, "/api/graph", node=EX + "prosjekt-kartlegging", lang="en").json()
    nodes = {n["id"]: n for n in body["nodes"]}
    flagged = nodes[EX + "prosjekt-kartlegging"]
    assert {i["severity"] for i in flagged["issues"]} == {"Violation"}
    assert flagged["label"].endswith("⚠")
    assert nodes[EX + "tiltak-fortau"]["issues"] == []


def test_settings_take_any_origin_alone_or_listed_origins() -> None:
    assert Settings(cors_origins=["*"]).cors_origins == ["*"]
    assert Settings(cors_origins=["https://a.example.org"]).cors_origins
    with pytest.raises(ValueError, match="alone"):
        Settings(cors_origins=["*", "https://a.example.org"])
    with pytest.raises(ValueError, match="not an origin"):
        Settings(cors_origins=["https://a.example.org/path/"])
