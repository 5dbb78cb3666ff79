"""`/api/prioritise` and the `/prioritise` page against a live server, and their links."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import TEST_DATA
from tests.web.conftest import Served, run_server

T = "https://w3id.org/goalgraph/tests/prioritise/"
ASKER = "https://w3id.org/goalgraph/examples/asker/"


@pytest.fixture(scope="module")
def prioritise_server() -> Iterator[Served]:
    yield from run_server([TEST_DATA / "prioritise"])


def get(server: Served, path: str, **params: str | list[str]) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=60)


def test_api_gives_the_contract(prioritise_server: Served) -> None:
    response = get(prioritise_server, "/api/prioritise", portfolio=T + "portefolje")
    assert response.status_code == 200
    document = response.json()
    assert document["portfolio"] == T + "portefolje"
    assert document["frame"] == 10
    assert sorted(document["selected"]) == [T + "B", T + "C"]
    assert sorted(document["dropped"]) == [T + "A", T + "D"]
    assert (document["cost"], document["value"]) == (10, 10)
    assert [r["project"] for r in document["ranking"]] == [T + "A", T + "B", T + "C", T + "D"]
    assert document["greedy"]["value"] == 8.5


def test_api_what_if(prioritise_server: Served) -> None:
    document = get(
        prioritise_server,
        "/api/prioritise",
        portfolio=T + "portefolje",
        frame="12",
        force_out=[T + "B"],
    ).json()
    assert sorted(document["selected"]) == [T + "A", T + "C", T + "D"]
    assert document["baseline"]["frame"] == 10
    assert sorted(document["changes"]["added"]) == [T + "A", T + "D"]
    assert document["changes"]["removed"] == [T + "B"]


def test_api_bad_input_is_4xx_and_names_the_node(prioritise_server: Served) -> None:
    committed = get(prioritise_server, "/api/prioritise", portfolio=T + "bundet")
    assert committed.status_code == 422
    assert T + "bundet" in committed.json()["detail"] and T + "E" in committed.json()["detail"]
    unknown = get(prioritise_server, "/api/prioritise", portfolio=T + "ingen")
    assert unknown.status_code == 404
    negative = get(prioritise_server, "/api/prioritise", portfolio=T + "portefolje", frame="-1")
    assert negative.status_code == 422


def test_api_is_in_the_openapi_description(prioritise_server: Served) -> None:
    paths = get(prioritise_server, "/openapi.json").json()["paths"]
    assert "/api/prioritise" in paths
    names = {p["name"] for p in paths["/api/prioritise"]["get"]["parameters"]}
    assert {"portfolio", "frame", "force_in", "force_out", "lang"} <= names


def test_page_in_both_languages_escapes_labels(prioritise_server: Served) -> None:
    page = get(prioritise_server, "/prioritise", portfolio=T + "portefolje")
    assert page.status_code == 200
    assert '<html lang="nb">' in page.text and "Hvorfor prosjektene faller ut" in page.text
    assert "Prosjekt A &lt;b&gt;" in page.text and "Prosjekt A <b>" not in page.text
    english = get(prioritise_server, "/prioritise", portfolio=T + "portefolje", lang="en")
    assert '<html lang="en">' in english.text and "Why projects are dropped" in english.text


def test_page_what_if_form(prioritise_server: Served) -> None:
    page = get(
        prioritise_server,
        "/prioritise",
        portfolio=T + "portefolje",
        frame="12",
        force=["in:" + T + "D"],
        lang="en",
    )
    assert page.status_code == 200
    assert f'value="in:{T}D" selected' in page.text
    assert "Without the changes" in page.text


def test_page_bad_input_shows_the_error(prioritise_server: Served) -> None:
    page = get(prioritise_server, "/prioritise", portfolio=T + "bundet", lang="en")
    assert page.status_code == 422
    assert "committed projects" in page.text
    wrong = get(prioritise_server, "/prioritise", portfolio=T + "portefolje", frame="mye")
    assert wrong.status_code == 422


def test_portfolio_and_project_pages_link_to_the_page(asker_server: Served) -> None:
    portfolio = ASKER + "strategisk-portefolje"
    node = get(asker_server, "/node", iri=portfolio)
    assert f'href="/prioritise?portfolio={quote(portfolio, safe="/")}' in node.text
    project = get(asker_server, "/project", iri=ASKER + "pr-agp")
    assert f'href="/prioritise?portfolio={quote(portfolio, safe="/")}' in project.text
    page = get(asker_server, "/prioritise", portfolio=portfolio)
    assert page.status_code == 200 and "FutureBuilt" in page.text


def test_a_portfolio_without_criteria_is_not_offered(asker_server: Served) -> None:
    """The ICT portfolio has no criteria scheme: neither its page nor its projects' pages link
    to a prioritisation that could only answer with an error."""
    portfolio = ASKER + "ikt-portefolje"
    link = f'href="/prioritise?portfolio={quote(portfolio, safe="/")}'
    node = get(asker_server, "/node", iri=portfolio)
    assert node.status_code == 200 and link not in node.text
    project = get(asker_server, "/project", iri=ASKER + "pr-framsikt")
    assert project.status_code == 200 and link not in project.text
    assert get(asker_server, "/prioritise", portfolio=portfolio).status_code == 422


def test_a_prioritisation_over_the_time_limit_is_503() -> None:
    for served in run_server([TEST_DATA / "prioritise"], query_timeout=1e-9):
        response = get(served, "/api/prioritise", portfolio=T + "portefolje")
        assert response.status_code == 503
        assert "longer than the time allowed" in response.json()["detail"]
