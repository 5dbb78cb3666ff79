"""A plan version chosen on a page (``?version=``) stays chosen on the pages its links lead to."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx

from goalgraph.web.links import keep_version
from tests.web.conftest import Served

_HREF = re.compile(r'href="(/(?!/)[^"]*)"')
_SKIPPED = ("/static/", "/docs", "/redoc", "/openapi.json", "/signin", "/signout")
KOMINN = "https://w3id.org/goalgraph/examples/asker/pr-kominn"


def links(html: str) -> list[str]:
    """The internal links of a page (as the browser reads them), files and API docs left out."""
    return [unescape(u) for u in _HREF.findall(html) if not u.startswith(_SKIPPED)]


def version_of(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True).get("version", [])


def test_links_and_get_forms_carry_the_version() -> None:
    html = (
        '<a href="/goal?iri=x&amp;lang=en">g</a> <a href="/report?lang=nb#top">r</a> '
        '<a href="/docs">d</a> <a href="/static/style.css">s</a> <a href="//other/x">o</a> '
        '<a href="https://example.org/">e</a> <a href="/?lang=en&amp;version=2016">kept</a> '
        '<form method="get" action="/graph"><input name="node"></form> '
        '<form method="post" action="/signout"></form>'
    )
    out = keep_version(html, "2015")
    assert '<a href="/goal?iri=x&amp;lang=en&amp;version=2015">' in out
    assert '<a href="/report?lang=nb&amp;version=2015#top">' in out
    assert '<a href="/docs">' in out and '<a href="/static/style.css">' in out
    assert '<a href="//other/x">' in out and '<a href="https://example.org/">' in out
    assert '<a href="/?lang=en&amp;version=2016">' in out  # a link to another version stays
    assert (
        '<form method="get" action="/graph"><input type="hidden" name="version" value="2015">'
        in out
    )
    assert '<form method="post" action="/signout"></form>' in out
    assert keep_version(html, None) == html and keep_version(html, "") == html


def test_a_hostile_version_is_quoted_in_links_and_escaped_in_forms() -> None:
    out = keep_version('<a href="/?lang=nb">x</a><form method="get">', '"><script>&x=1')
    assert "<script>" not in out
    assert 'href="/?lang=nb&amp;version=%22%3E%3Cscript%3E%26x%3D1"' in out
    assert 'value="&quot;&gt;&lt;script&gt;&amp;x=1"' in out


def test_following_links_from_a_page_of_version_2015_stays_in_2015(
    asker_server: Served,
) -> None:
    """Start page → goals → projects (two clicks deep): every page answers, every internal
    link on it keeps version=2015, and no page of a project only the 2016 portfolio holds
    is reached."""
    client = httpx.Client(base_url=asker_server.url, timeout=60)
    seen: set[str] = set()
    frontier = ["/?lang=en&version=2015"]
    reached_projects: set[str] = set()
    for _ in range(3):
        following: list[str] = []
        for url in frontier:
            response = client.get(url)
            assert response.status_code == 200, url
            found = links(response.text)
            assert found, url
            # One link leaves the version: the notice's "show the current version".
            current = [link for link in found if version_of(link) == [""]]
            assert len(current) == 1, url
            for link in found:
                if link not in current:
                    assert version_of(link) == ["2015"], f"{link} on {url}"
            if "<form" in response.text and 'method="get"' in response.text:
                assert '<input type="hidden" name="version" value="2015">' in response.text
            for link in found:
                if link in current:
                    continue
                path = urlsplit(link).path
                if path in ("/goal", "/project") and link not in seen:
                    seen.add(link)
                    following.append(link)
                if path == "/project":
                    reached_projects.update(parse_qs(urlsplit(link).query)["iri"])
        frontier = following[:25]
    assert reached_projects, "no project page reached from the start page"
    assert KOMINN not in reached_projects
    # The nav bar and the forms too: the diff page's form sends the version along (its
    # table links each value to the version it belongs to).
    diff = client.get("/diff?lang=en&version=2015").text
    assert '<input type="hidden" name="version" value="2015">' in diff
    navigation = [link for link in links(diff) if "iri=" not in link and version_of(link) != [""]]
    assert navigation and all(version_of(link) == ["2015"] for link in navigation)
    assert all(len(version_of(link)) == 1 for link in links(diff))


def test_a_page_says_which_version_is_read_and_leads_back_to_the_current_one(
    asker_server: Served,
) -> None:
    client = httpx.Client(base_url=asker_server.url, timeout=60)
    page = client.get("/?lang=en&version=2015").text
    assert "You are reading the plan version" in page
    assert "Corrected strategic project portfolio 2015" in page
    back = [link for link in links(page) if version_of(link) == [""]]
    assert len(back) == 1
    current = client.get(back[0]).text
    assert "You are reading the plan version" not in current
    assert "plan version" not in client.get("/?lang=en").text.split("<main", 1)[1][:400]
    nb = client.get("/?lang=nb&version=2015").text
    assert "Du leser planversjonen" in nb and "Vis gjeldende versjon" in nb
    # An unknown version is the page's own 404, without the notice.
    unknown = client.get("/?lang=en&version=1999")
    assert unknown.status_code == 404
    assert "You are reading the plan version" not in unknown.text
