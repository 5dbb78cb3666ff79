"""Click through the pages in Debian's headless Chromium, driven by Playwright.

Screenshots go to tests/artefacts/; with GOALGRAPH_DOCS_SCREENSHOTS=1 they also
replace the ones shown in the README (docs/*.png).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect, sync_playwright

from tests.conftest import ROOT
from tests.web.conftest import EX, SCRIPT_LABEL, Served

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = ROOT / "tests" / "artefacts"
DOCS = ROOT / "docs"
DOC_SCREENSHOTS = {"start-page.png", "goal-page.png", "graph-view.png"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1") else None,
    )
    page.set_default_timeout(60_000)
    yield page
    context.close()
    assert outside == [], f"pages requested other hosts: {outside}"


def screenshot(page: Page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=str(path), full_page=False)
    if name in DOC_SCREENSHOTS and os.environ.get("GOALGRAPH_DOCS_SCREENSHOTS") == "1":
        shutil.copyfile(path, DOCS / name)
    return path


def wait_for_graph(page: Page) -> int:
    page.wait_for_selector("body[data-graph-drawn='1']")
    page.wait_for_function(
        "window.goalgraphNetwork && Object.keys(window.goalgraphNetwork.getPositions()).length > 0"
    )
    count: int = page.evaluate("Object.keys(window.goalgraphNetwork.getPositions()).length")
    return count


def canvas_ink(page: Page) -> int:
    """How many pixels of the vis-network canvas are not blank."""
    ink: int = page.evaluate(
        """() => {
          const canvas = document.querySelector('#network canvas');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let count = 0;
          for (let i = 0; i < data.length; i += 4) {
            const ink = data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240;
            if (data[i + 3] > 0 && ink) count++;
          }
          return count;
        }"""
    )
    return ink


def click_node(page: Page, node: str) -> None:
    point = page.evaluate(
        """(id) => {
          const net = window.goalgraphNetwork;
          const dom = net.canvasToDOM(net.getPositions([id])[id]);
          const box = document.querySelector('#network').getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        node,
    )
    page.mouse.click(point["x"], point["y"])


def test_click_from_start_page_to_goal_and_graph(page: Page, asker_server: Served) -> None:
    page.goto(asker_server.url + "/")
    goals = page.locator("#goal-tree a[href^='/goal']")
    assert goals.count() > 3
    screenshot(page, "start-page.png")

    first = goals.first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/goal?**")
    assert page.locator("#page-title").inner_text() == title
    screenshot(page, "goal-page.png")

    page.get_by_role("link", name="Vis i graf").click()
    page.wait_for_url("**/graph?**")
    drawn = wait_for_graph(page)
    assert drawn == page.evaluate("window.goalgraphNodes.length") > 1
    assert canvas_ink(page) > 2000
    assert page.locator("#legend input[type=checkbox]").count() >= 2
    screenshot(page, "graph-view.png")

    focus = page.evaluate("JSON.parse(document.getElementById('graph-data').textContent).focus")
    click_node(page, focus)
    assert page.locator("#details .details-label").inner_text() == title
    link = page.locator("#details-link")
    assert link.get_attribute("href", timeout=5000).startswith("/goal?iri=")  # type: ignore[union-attr]


def test_class_filter_hides_nodes(page: Page, asker_server: Served) -> None:
    page.goto(asker_server.url + "/graph?depth=2&lang=en")
    wait_for_graph(page)
    kind = page.locator("#legend input[type=checkbox]").nth(1)
    key = kind.get_attribute("data-kind")
    kind.uncheck()
    hidden = page.evaluate(
        "(key) => window.goalgraphNodes.get().filter(n => n.kind === key).every(n => n.hidden)", key
    )
    assert hidden is True


def test_script_in_a_label_is_shown_as_text(page: Page, web_server: Served) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    goal = EX + "delmaal-skolevei"
    page.goto(f"{web_server.url}/goal?iri={quote(goal)}")
    assert SCRIPT_LABEL in page.locator("#page-title").inner_text()
    page.goto(f"{web_server.url}/")
    assert SCRIPT_LABEL in page.locator("#goal-tree").inner_text()
    page.goto(f"{web_server.url}/graph?node={quote(goal)}&depth=1")
    wait_for_graph(page)
    assert SCRIPT_LABEL in page.locator("#focus-label").inner_text()
    click_node(page, goal)
    assert SCRIPT_LABEL in page.locator("#details .details-label").inner_text()
    # The sub-goal has no indicator: the warning is listed with the node's details.
    assert page.locator("#details .issue").count() == 1
    page.goto(f"{web_server.url}/graph?node={quote(EX + 'prosjekt-kartlegging')}&depth=1")
    wait_for_graph(page)
    click_node(page, EX + "prosjekt-kartlegging")
    assert page.locator("#details .issue").count() == 2
    assert dialogs == []
    screenshot(page, "escaping.png")


def test_sparql_page_runs_a_named_query(page: Page, web_server: Served) -> None:
    page.goto(f"{web_server.url}/query?lang=en")
    card = page.locator("form.named-query[data-name='projects-serving']")
    card.locator("input[name=goal]").fill(EX + "hovedmaal-helse")
    card.get_by_role("button", name="Run").click()
    page.wait_for_selector("#result-table")
    assert page.locator("#result-table tr").count() == 3
    page.locator("#sparql-run").click()
    # The table of the named query stays until the answer replaces it.
    expect(page.locator("#result-table")).to_contain_text("Innbyggerne lever gode og sunne liv")


def test_graph_view_draws_under_the_csp_without_violations(
    page: Page, asker_server: Served
) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(
        "window.cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    response = page.goto(asker_server.url + "/graph?depth=2&lang=en")
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers.get("x-content-type-options") == "nosniff"
    assert wait_for_graph(page) > 3
    assert canvas_ink(page) > 0
    violations.extend(page.evaluate("window.cspViolations"))
    assert violations == []
