"""Every page type in both languages in Chromium: axe-core finds no critical or serious
violation, nothing is wider than a phone (390 px), the chain view draws a goal's and a
project's own chain; and the screenshots of the docs (GOALGRAPH_DOCS_SCREENSHOTS=1 copies
them to docs/). One browser and one server per example for the whole module."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import ASKER, MILJOPAKKEN, ROOT
from tests.web.conftest import Served, run_server
from tests.web.jsdeps import node_modules
from tests.web.test_browser import ARGS, CHROMIUM, wait_for_graph

pytestmark = pytest.mark.browser

A = "https://w3id.org/goalgraph/examples/asker/"
M = "https://w3id.org/goalgraph/examples/miljopakken/"
ARTEFACTS = ROOT / "tests" / "artefacts"
DOCS = ROOT / "docs"
PAGES = {
    "start": "/",
    "goal": f"/goal?iri={quote(A + 'mg-folkehelse')}",
    "project": f"/project?iri={quote(A + 'pr-folkehelse')}",
    "node": f"/node?iri={quote(A + 'st-forebygging')}",
    "chain": f"/graph?node={quote(A + 'mg-folkehelse')}",
    "network": f"/graph?node={quote(A + 'mg-folkehelse')}&view=network&depth=1",
    "query": "/query",
    "report": "/report",
    "diff": "/diff",
    "wheel": "/wheel",
    "not-found": f"/goal?iri={quote(A + 'no-such-goal')}",
    "missing": "/goal",
}


@pytest.fixture(scope="module")
def asker() -> Iterator[Served]:
    yield from run_server([ASKER])


@pytest.fixture(scope="module")
def miljopakken() -> Iterator[Served]:
    yield from run_server(sorted(MILJOPAKKEN.glob("*.ttl")))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    return (node_modules() / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def open_page(browser: Browser, url: str, width: int = 1400, height: int = 900) -> Page:
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(60_000)
    page.goto(url)
    if "/graph" in url:
        wait_for_graph(page)
    return page


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_no_serious_accessibility_violations(
    browser: Browser, asker: Served, axe_source: str, lang: str
) -> None:
    found: dict[str, list[str]] = {}
    for name, path in PAGES.items():
        sep = "&" if "?" in path else "?"
        page = open_page(browser, f"{asker.url}{path}{sep}lang={lang}")
        # Evaluated by the browser's debugger, so the page's CSP need not allow it.
        page.evaluate(axe_source)
        violations = page.evaluate(
            """async () => {
              const result = await axe.run(document, {resultTypes: ["violations"]});
              return result.violations
                .filter(v => v.impact === "critical" || v.impact === "serious")
                .map(v => v.id + ": " +
                     v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
            }"""
        )
        if violations:
            found[name] = violations
        page.context.close()
    assert found == {}


@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_is_wider_than_a_phone(browser: Browser, asker: Served, name: str) -> None:
    page = open_page(browser, asker.url + PAGES[name], 390, 844)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} is {width} px wide"
    assert page.locator("#lang-switch").is_visible()
    page.context.close()


def test_errors_are_pages_for_a_person(browser: Browser, asker: Served) -> None:
    page = open_page(browser, asker.url + PAGES["missing"] + "?lang=nb")
    assert page.locator("h1").inner_text() == "Adressen mangler noe"
    page.goto(asker.url + "/no-such-page?lang=en")
    assert page.locator("h1").inner_text() == "Page not found"
    page.goto(asker.url + PAGES["not-found"])
    assert "Fant ikke" in page.locator("h1").inner_text()
    assert page.locator(".error[lang=en]").count() == 1
    page.context.close()


def test_chain_of_a_goal_goes_down_to_its_own_projects(browser: Browser, asker: Served) -> None:
    page = open_page(browser, asker.url + PAGES["goal"])
    page.get_by_role("link", name="Vis i graf").click()
    page.wait_for_url("**view=chain**")
    wait_for_graph(page)
    nodes = page.evaluate("window.goalgraphNodes.get()")
    levels = {n["kind"]: n["level"] for n in nodes}
    assert levels["sdg-goal"] < levels["main-goal"] < levels["strategy"] < levels["project"]
    assert not {"plan", "organisation", "portfolio"} & set(levels)
    projects = {n["id"] for n in nodes if n["kind"] == "project"}
    serving = page.context.request.get(
        asker.url + "/api/projects-serving?goal=" + quote(A + "mg-folkehelse")
    ).json()
    assert projects == {p["project"] for p in serving}
    assert page.locator("#chain-list tbody tr").count() == len(nodes)
    # Highlighting the way from a project in the list marks the nodes between.
    page.locator(f"#chain-list button[data-node='{A}pr-folkehelse']").click()
    way = page.evaluate("window.goalgraphWay")
    assert A + "pr-folkehelse" in way["nodes"] and A + "mg-folkehelse" in way["nodes"]
    assert len(way["edges"]) >= 4
    page.context.close()


def test_chain_of_a_project_goes_up(browser: Browser, asker: Served) -> None:
    page = open_page(browser, asker.url + f"/graph?node={quote(A + 'pr-folkehelse')}&hubs=true")
    nodes = page.evaluate("window.goalgraphNodes.get()")
    kinds = {n["kind"] for n in nodes}
    assert {"measure", "assignment", "strategy", "sub-goal", "sdg-goal"} <= kinds
    assert [n["id"] for n in nodes if n["kind"] == "project"] == [A + "pr-folkehelse"]
    assert {"organisation", "portfolio"} <= kinds
    page.context.close()


def test_party_filter_on_the_start_page(browser: Browser, miljopakken: Served) -> None:
    page = open_page(browser, miljopakken.url + "/")
    everything = page.locator("#goal-tree a[href^='/goal']").count()
    page.locator("#party-filter select").select_option(M + "malvik-kommune")
    page.locator("#party-filter button").click()
    page.wait_for_url("**party=**")
    assert 0 < page.locator("#goal-tree a[href^='/goal']").count() < everything
    assert page.locator("#goal-tree").inner_text().count("Hommelvik") >= 1
    page.context.close()


SHOTS = {
    "report": "/report",
    "project": {
        "asker": f"/project?iri={quote(A + 'pr-folkehelse')}",
        "miljopakken": f"/project?iri={quote(M + 'prosjekt-innfartsparkering-stasjoner')}",
    },
    "goal": {
        "asker": f"/goal?iri={quote(A + 'mg-folkehelse')}",
        "miljopakken": f"/goal?iri={quote(M + 'mal-areal-og-transport')}",
    },
    "chain": {
        "asker": f"/graph?node={quote(A + 'pr-folkehelse')}",
        "miljopakken": f"/graph?node={quote(M + 'mal-areal-og-transport')}",
    },
}


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_screenshots(
    browser: Browser, asker: Served, miljopakken: Served, width: int, height: int
) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for example, served in (("asker", asker), ("miljopakken", miljopakken)):
        for name, path in SHOTS.items():
            where = path if isinstance(path, str) else path[example]
            page = open_page(browser, served.url + where, width, height)
            file = f"{name}-{example}-{width}.png"
            page.screenshot(path=str(ARTEFACTS / file))
            if os.environ.get("GOALGRAPH_DOCS_SCREENSHOTS") == "1":
                (DOCS / "screenshots").mkdir(exist_ok=True)
                shutil.copyfile(ARTEFACTS / file, DOCS / "screenshots" / file)
            page.context.close()
    assert Path(ARTEFACTS / f"report-asker-{width}.png").stat().st_size > 10_000
