"""The start page while the server still prepares the goals' warnings and the party filter:
it comes at once with the goal tree and its project counts, and the warnings and parties
follow from /start/parts (static/start.js puts them in place); once ready they are inline.

The server is put back into the state it has while it starts: what its warm-up prepared is
forgotten (as after a write) and the warm-up is not done."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.conftest import MILJOPAKKEN
from tests.web.conftest import Served, run_server
from tests.web.test_browser import ARGS, CHROMIUM

M = "https://w3id.org/goalgraph/examples/miljopakken/"
CLIENT = httpx.Client(timeout=60)
TREE = re.compile(r'<ul class="tree" id="goal-tree">.*?\n</ul>', re.S)
PARTY_FILTER = re.compile(
    r'<form class="inline" method="get" action="/" id="party-filter">.*?</form>', re.S
)


@pytest.fixture(scope="module")
def miljopakken() -> Iterator[Served]:
    yield from run_server(sorted(MILJOPAKKEN.glob("*.ttl")))


@contextmanager
def starting(served: Served) -> Iterator[None]:
    """The server as while its warm-up runs: nothing prepared, the warm-up not done."""
    assert served.app is not None
    done = served.app.state.warmed
    served.source.writing(lambda: None)
    served.app.state.warmed = threading.Event()
    try:
        yield
    finally:
        served.app.state.warmed = done


def complete(served: Served, query: str = "") -> str:
    html = CLIENT.get(f"{served.url}/{query}").text
    assert 'id="start-pending"' not in html
    return html


def test_the_complete_page_has_warnings_and_parties(miljopakken: Served) -> None:
    html = complete(miljopakken)
    assert 'class="badge warn' in html
    assert PARTY_FILTER.search(html)
    assert "/static/start.js" not in html


def test_while_starting_the_tree_comes_without_warnings_and_parties(
    miljopakken: Served,
) -> None:
    whole = complete(miljopakken)
    with starting(miljopakken):
        html = CLIENT.get(f"{miljopakken.url}/").text
    assert 'id="start-pending"' in html
    assert 'data-parts="/start/parts?"' in html
    assert '<script src="/static/start.js" defer></script>' in html
    assert 'class="badge warn' not in html
    assert not PARTY_FILTER.search(html)
    # The placeholder the party filter takes the place of, hidden until then.
    assert '<span id="party-filter" hidden></span>' in html
    # The same goals with the same project counts, only without their warnings.
    shown, full = TREE.search(html), TREE.search(whole)
    assert shown and full
    without_warnings = re.sub(r'<span class="badge warn[^"]*"[^>]*>[^<]*</span>', "", full[0])
    assert shown[0] == without_warnings


def test_the_parts_are_those_of_the_complete_page(miljopakken: Served) -> None:
    whole = complete(miljopakken)
    with starting(miljopakken):
        parts = CLIENT.get(f"{miljopakken.url}/start/parts")
    assert parts.status_code == 200
    assert parts.headers["content-type"].startswith("text/html")
    tree, full_tree = TREE.search(parts.text), TREE.search(whole)
    party, full_party = PARTY_FILTER.search(parts.text), PARTY_FILTER.search(whole)
    assert tree and full_tree and party and full_party
    assert tree[0] == full_tree[0]
    assert party[0] == full_party[0]
    # Once the parts are ready, the page has them inline again.
    assert 'class="badge warn' in complete(miljopakken)


def test_the_parts_keep_the_page_s_language_and_branch(miljopakken: Served) -> None:
    query = "?lang=en&sdg=11"
    whole = complete(miljopakken, query)
    with starting(miljopakken):
        html = CLIENT.get(f"{miljopakken.url}/{query}").text
        assert 'data-parts="/start/parts?lang=en&amp;sdg=11"' in html
        assert 'href="/?lang=en&amp;sdg=11"' in html  # the link that reloads the page
        assert "follow in a moment" in html
        parts = CLIENT.get(f"{miljopakken.url}/start/parts{query}").text
    tree, full_tree = TREE.search(parts), TREE.search(whole)
    assert tree and full_tree and tree[0] == full_tree[0]


def test_a_chosen_party_is_never_left_out(miljopakken: Served) -> None:
    query = f"?party={quote(M + 'malvik-kommune', safe='')}"
    with starting(miljopakken):
        html = CLIENT.get(f"{miljopakken.url}/{query}").text
    assert 'id="start-pending"' not in html
    assert PARTY_FILTER.search(html)
    with starting(miljopakken):
        unknown = CLIENT.get(f"{miljopakken.url}/start/parts?party=urn:x:nobody")
    assert unknown.status_code == 404


@pytest.mark.browser
def test_a_browser_shows_the_warnings_and_the_party_filter(miljopakken: Served) -> None:
    with sync_playwright() as playwright, starting(miljopakken):
        browser: Browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(miljopakken.url + "/")
        page.locator("#party-filter select").wait_for(state="visible")
        page.locator("#goal-tree .badge.warn").first.wait_for(state="visible")
        assert page.locator("#start-pending").count() == 0
        # The filter put in place works as the page's own.
        page.locator("#party-filter select").select_option(M + "malvik-kommune")
        page.locator("#party-filter button").click()
        page.wait_for_url("**party=**")
        assert page.locator("#goal-tree").inner_text().count("Hommelvik") >= 1
        browser.close()
