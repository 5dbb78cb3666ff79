"""The API documentation works offline (issue 13, item 3): /docs (Swagger UI) and /redoc
(ReDoc) load everything from this server, under the pages' Content-Security-Policy, and list
every operation, in a real headless Chromium that may reach no other host."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from goalgraph.web.headers import CONTENT_SECURITY_POLICY
from tests.web.browsing import ARGS, CHROMIUM, watched_context
from tests.web.conftest import Served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def operations(server: Served) -> list[tuple[str, str]]:
    document = httpx.get(server.url + "/openapi.json", timeout=60).json()
    return [(path, method) for path, item in document["paths"].items() for method in item]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_carry_the_policy(web_server: Served, path: str) -> None:
    response = httpx.get(web_server.url + path, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "cdn" not in response.text.lower() and "https://" not in response.text


def test_swagger_ui_lists_every_operation_offline(browser: Browser, web_server: Served) -> None:
    expected = operations(web_server)
    with watched_context(browser, web_server.url) as (context, watched):
        page = watched.watch(context.new_page())
        page.goto(web_server.url + "/docs")
        page.wait_for_selector(".opblock")
        shown = page.eval_on_selector_all(
            ".opblock",
            """blocks => blocks.map(b => [
                 b.querySelector('.opblock-summary-path').getAttribute('data-path'),
                 b.querySelector('.opblock-summary-method').textContent.toLowerCase()])""",
        )
        assert sorted(map(tuple, shown)) == sorted(expected)
        assert page.locator(".info .title").inner_text().startswith("goalgraph")
        assert watched.problems() == []


def test_redoc_lists_every_operation_offline(browser: Browser, web_server: Served) -> None:
    expected = operations(web_server)
    with watched_context(browser, web_server.url) as (context, watched):
        page = watched.watch(context.new_page())
        page.goto(web_server.url + "/redoc")
        page.wait_for_selector("[data-section-id^='operation/']")
        shown = page.locator("[data-section-id^='operation/']").count()
        assert shown == len(expected)
        assert "goalgraph" in page.locator("h1").first.inner_text()
        assert watched.problems() == []
