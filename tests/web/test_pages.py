"""The server-rendered pages: content, language, escaping and no outside hosts."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from tests.web.conftest import EX, SCRIPT_LABEL, Served

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def page(server: Served, path: str) -> httpx.Response:
    return httpx.get(server.url + path, timeout=60, follow_redirects=False)


def test_start_page_shows_the_tree_with_counts(web_server: Served) -> None:
    html = page(web_server, "/").text
    assert "Innbyggerne lever gode og sunne liv" in html
    assert 'data-projects="2"' in html
    assert "2\u202f500\u202f000 kr" in html
    assert "NOK 2,500,000" in page(web_server, "/?lang=en").text
    assert "Bærekraftsmål 3" in html and "Bærekraftsmål 15" in html


def test_language_switch(web_server: Served) -> None:
    nb = page(web_server, "/").text
    en = page(web_server, "/?lang=en").text
    assert "Fra bærekraftsmål til prosjekter" in nb
    assert "From the SDGs to projects" in en
    assert "Residents live good and healthy lives" in en
    assert 'id="lang-switch" href="' in en and "lang=nb" in en.split('id="lang-switch"')[1][:200]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/goal?iri={quote(EX + 'delmaal-skolevei')}",
        f"/project?iri={quote(EX + 'prosjekt-fortau')}",
        f"/node?iri={quote(EX + 'strategi-aktiv')}",
        f"/graph?node={quote(EX + 'delmaal-skolevei')}",
    ],
)
def test_labels_are_escaped(web_server: Served, path: str) -> None:
    html = page(web_server, path).text
    assert SCRIPT_LABEL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003cscript\\u003e" in html


def test_description_markup_is_escaped(web_server: Served) -> None:
    html = page(web_server, f"/goal?iri={quote(EX + 'hovedmaal-helse')}").text
    assert "<b>ulikhetene</b>" not in html
    assert "&lt;b&gt;ulikhetene&lt;/b&gt;" in html


def test_goal_page(web_server: Served) -> None:
    html = page(web_server, f"/goal?iri={quote(EX + 'hovedmaal-helse')}&lang=en").text
    assert "Pavement Skoleveien" in html and "Survey of school routes" in html
    assert "SDG 3.4" in html
    chart = html.split('<svg class="chart"')[1].split("</svg>")[0]
    assert chart.count('class="obs-dot"') == 3
    assert chart.count('class="target"') == 2


def test_project_page_draws_the_trace(web_server: Served) -> None:
    html = page(web_server, f"/project?iri={quote(EX + 'prosjekt-fortau')}&lang=en").text
    trace = html.split('class="trace"')[1].split("</div>")[0]
    hops = re.findall(r'class="hop"', trace)
    assert len(hops) == 8
    assert (
        trace.index("Build pavements")
        < trace.index("Residents live good")
        < trace.index("Ensure healthy lives")
    )
    assert "Kari Nordmann" in html


def test_unknown_node_page_is_404_html(web_server: Served) -> None:
    response = page(web_server, f"/goal?iri={quote(EX + 'nothing')}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "nothing" in response.text


def test_a_report_of_an_unknown_graph_is_404(web_server: Served) -> None:
    response = page(web_server, f"/report?graph={quote(EX + 'no-such-graph')}")
    assert response.status_code == 404
    assert "no graph" in response.text and "no-such-graph" in response.text
    graph = web_server.source.store.graph_names()[0]
    assert page(web_server, f"/report?graph={quote(str(graph))}").status_code == 200


def test_sparql_page_lists_named_queries(web_server: Served) -> None:
    html = page(web_server, "/query").text
    assert 'data-name="projects-serving"' in html
    # Without a query, a client that is no browser gets the service description.
    assert page(web_server, "/sparql").headers["content-type"].startswith("text/turtle")
    browser = httpx.get(web_server.url + "/sparql", headers={"Accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["location"] == "/query"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/goal?iri={quote(EX + 'hovedmaal-helse')}",
        f"/project?iri={quote(EX + 'prosjekt-fortau')}",
        "/graph",
        "/query",
        f"/node?iri={quote('http://metadata.un.org/sdg/3')}",
    ],
)
def test_pages_load_nothing_from_other_hosts(web_server: Served, path: str) -> None:
    response = page(web_server, path)
    assert response.status_code == 200
    assert not _EXTERNAL.search(response.text)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', response.text):
        assert page(web_server, asset).status_code == 200, asset


def test_the_graph_page_takes_its_focus_as_iri_too(web_server: Served) -> None:
    goal = EX + "delmaal-skolevei"
    by_node = page(web_server, f"/graph?node={quote(goal)}&lang=en")
    by_iri = page(web_server, f"/graph?iri={quote(goal)}&lang=en")
    assert by_iri.status_code == 200
    focus = re.compile(r'<span id="focus-label">([^<]*)</span>')
    found = focus.search(by_iri.text)
    assert found is not None and found.group(1) == focus.search(by_node.text).group(1)  # type: ignore[union-attr]
    assert f'name="node" value="{goal}"' in by_iri.text
    both = page(web_server, f"/graph?node={quote(goal)}&iri={quote(EX + 'other')}")
    assert both.status_code == 400
    assert "two focus nodes" in both.text
