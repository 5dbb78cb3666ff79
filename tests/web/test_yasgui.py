"""YASGUI, the SPARQL client from npm, on another origin against /sparql: the endpoint's
CORS setting (cors_origins = ["*"]) lets it run SELECT, CONSTRUCT and ASK."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ASKER, free_port
from tests.web.conftest import Served, run_server
from tests.web.jsdeps import node_modules
from tests.web.test_browser import ARGS, CHROMIUM

pytestmark = pytest.mark.browser

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>YASGUI</title>
<link rel="stylesheet" href="/yasgui/yasgui.min.css">
<script src="/yasgui/yasgui.min.js"></script></head>
<body><div id="yasgui"></div>
<script>
  localStorage.clear();
  window.yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: new URLSearchParams(location.search).get("endpoint"),
                     method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null
  });
</script></body></html>
"""


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Served]:
    yield from run_server([ASKER], cors_origins=["*"])


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A static server on another port (another origin) with YASGUI from npm."""
    root = tmp_path_factory.mktemp("yasgui")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "yasgui").symlink_to(node_modules() / "@triply" / "yasgui" / "build")
    port = free_port()
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=10)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def yasgui(browser: Browser, endpoint: Served, other_origin: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "CORS" in m.text else None)
    page.goto(f"{other_origin}/index.html?endpoint={endpoint.url}/sparql")
    page.wait_for_function("window.yasgui && window.yasgui.getTab()")
    yield page
    context.close()
    assert errors == []


def run(page: Page, query: str) -> str:
    """Run ``query`` in YASGUI's tab and return the text its result view shows."""
    page.evaluate(
        """(query) => {
          window.done = false;
          const tab = window.yasgui.getTab();
          window.yasgui.once("queryResponse", () => { window.done = true; });
          tab.setQuery(query);
          tab.query();
        }""",
        query,
    )
    page.wait_for_function("window.done === true")
    page.wait_for_timeout(300)
    text: str = page.locator(".yasr").inner_text()
    return text


def test_yasgui_select(yasgui: Page) -> None:
    shown = run(
        yasgui,
        "PREFIX gg: <https://w3id.org/goalgraph#> PREFIX rdfs: "
        "<http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE { "
        "asker:pr-folkehelse rdfs:label ?label }",
    )
    assert "Folkehelse" in shown and "Public health" in shown


def test_yasgui_construct(yasgui: Page) -> None:
    shown = run(
        yasgui,
        "CONSTRUCT { asker:pr-folkehelse gg:implements ?m } "
        "WHERE { asker:pr-folkehelse gg:implements ?m }",
    )
    assert "tt-folkehelseprogram" in shown


def test_yasgui_ask(yasgui: Page) -> None:
    shown = run(yasgui, "ASK { asker:pr-folkehelse a gg:Project }")
    assert "true" in shown.lower()


def test_screenshot(yasgui: Page) -> None:
    path = Path(__file__).resolve().parents[1] / "artefacts"
    path.mkdir(parents=True, exist_ok=True)
    yasgui.screenshot(path=str(path / "yasgui.png"))
