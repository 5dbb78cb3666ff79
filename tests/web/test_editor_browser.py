"""A planner's session in the browser editor, in Chromium against a real `goalgraph serve`
over a store folder: sign in, add a main goal taking up an SDG target, a strategy realising
it, an assignment, a measure and a project; see a wording warning appear while typing a
goal phrased as an intention; fail to save a strategy that realises another strategy and
see why; rename a goal and undo the rename from its history.

Screenshots of the editor's pages go to tests/artefacts/ (GOALGRAPH_DOCS_SCREENSHOTS=1
copies them to docs/screenshots/)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from rdflib import URIRef

from goalgraph.editing.tokens import hash_token
from goalgraph.store import open_store, record_prefixes
from tests.conftest import ASKER, ROOT
from tests.web.browsing import ARGS, CHROMIUM, watched_context
from tests.web.serving import ServeProcess, serving

pytestmark = pytest.mark.browser

GRAPH = "https://example.org/graph/asker"
TOKEN = "asker-planner-token-0123456789"
ARTEFACTS = ROOT / "tests" / "artefacts"
DOCS = ROOT / "docs" / "screenshots"
#: A check or a save may wait for the wording rules' lexicon on a busy machine.
SLOW = 90_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    folder = tmp_path_factory.mktemp("editor")
    store = open_store(str(folder / "store"))
    store.load([ASKER], URIRef(GRAPH))
    record_prefixes(store, [ASKER])
    store.close()
    config = folder / "goalgraph.toml"
    config.write_text(
        f'default_lang = "nb"\nquery_workers = 1\n\n[[editor]]\nname = "asker"\n'
        f'token_hash = "{hash_token(TOKEN)}"\ngraphs = ["{GRAPH}"]\n',
        encoding="utf-8",
    )
    with serving("--store", str(folder / "store"), "--config", str(config), folder=folder) as up:
        yield up


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def shot(page: Page, name: str, top: str | None = None) -> None:
    """A screenshot of the viewport, with the element ``top`` scrolled to its top."""
    if top is not None:
        page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'start'})", top)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name))
    if os.environ.get("GOALGRAPH_DOCS_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(ARTEFACTS / name, DOCS / name)


def iri_of(page: Page) -> str:
    return parse_qs(urlparse(page.url).query)["iri"][0]


def pick(page: Page, field: str, typed: str, option: str) -> None:
    """Type into a link field's search and choose the option holding ``option``."""
    box = page.locator(f"#field-{field}")
    box.fill(typed)
    page.locator(f"#field-{field}-options [role=option]", has_text=option).first.click()
    expect(page.locator(f'.field[data-field$="{field}"] ul.chosen li')).not_to_have_count(0)


def save(page: Page, path: str) -> None:
    page.locator("#save-button").click()
    page.wait_for_url(re.compile(path), timeout=SLOW)


def test_a_planners_session(server: ServeProcess, browser: Browser) -> None:
    with watched_context(browser, server.url) as (context, watched):
        page = watched.watch(context.new_page())
        page.goto(server.url + "/?lang=nb")
        page.locator("#sign-in").click()
        page.locator("#signin-name").fill("asker")
        page.locator("#signin-token").fill(TOKEN)
        page.locator("#signin-form button[type=submit]").click()
        expect(page.locator("#signed-in")).to_contain_text("asker")

        # A main goal, first phrased as an intention: the wording warning appears beside it.
        page.locator("#new-nodes a", has_text="Legg til hovedmål").click()
        page.locator("#label-nb").fill("Vi skal sikre trygge boliger for alle")
        warning = page.locator(
            '.field-results[data-lang="nb"] .result.warning[data-rule="GoalPhrasedAsStrategyShape"]'
        )
        expect(warning).to_be_visible(timeout=SLOW)
        expect(warning).to_contain_text("skal")
        shot(page, "editor-wording-warning-1400.png")
        page.locator("#label-nb").fill("Alle innbyggere har en trygg og god bolig")
        page.locator("#label-en").fill("Every resident has a safe and good home")
        expect(warning).to_have_count(0, timeout=SLOW)
        pick(page, "localises", "11.1", "11.1")
        save(page, r"/goal\?")
        goal = iri_of(page)
        expect(page.locator("#page-title")).to_have_text(
            "Alle innbyggere har en trygg og god bolig"
        )
        expect(page.locator("a.badge, .badge.sdg", has_text="11.1").first).to_be_visible()

        # A strategy that realises it, an assignment, a measure and a project, each made
        # from the page of the node it hangs on.
        page.locator("#edit-panel a", has_text="Legg til strategi").click()
        expect(page.locator('ul[data-link$="realises"] li')).to_have_count(1)
        page.locator("#label-nb").fill("Kommunen skal bygge flere utleieboliger")
        page.locator("#label-en").fill("The municipality will build more rental homes")
        save(page, r"/node\?")
        strategy = iri_of(page)
        page.locator("#edit-panel a", has_text="Legg til oppdrag").click()
        page.locator("#label-nb").fill("Helse og omsorg skal skaffe flere utleieboliger")
        page.locator("#label-en").fill("Health and Care will provide more rental homes")
        pick(page, "responsible", "Helse og", "Helse og omsorg")
        save(page, r"/node\?")
        page.locator("#edit-panel a", has_text="Legg til tiltak").click()
        page.locator("#label-nb").fill("Kjøpe og bygge tjue utleieboliger")
        page.locator("#label-en").fill("Buy and build twenty rental homes")
        save(page, r"/node\?")
        page.locator("#edit-panel a", has_text="Legg til prosjekt").click()
        page.locator("#label-nb").fill("Utleieboliger på Dikemark")
        page.locator("#label-en").fill("Rental homes at Dikemark")
        page.locator("#field-budget").fill("24000000")
        page.locator("#field-phase").select_option(label="Planlegging")
        pick(page, "owner", "Helse og", "Helse og omsorg")
        pick(page, "manager", "Bolig og", "Bolig og tjenestetildeling")
        expect(page.locator("#check-status")).to_have_class(re.compile("warned|ok"), timeout=SLOW)
        shot(page, "editor-project-1400.png", ".fields")
        save(page, r"/project\?")
        expect(page.locator("#page-title")).to_have_text("Utleieboliger på Dikemark")
        # The project traces up to the new goal.
        expect(page.locator("main")).to_contain_text("Alle innbyggere har en trygg og god bolig")

        # A strategy that "realises" another strategy: refused, and the reason is shown
        # beside the link.
        page.goto(server.url + "/?lang=nb")
        page.locator("#new-nodes a", has_text="Legg til strategi").click()
        page.locator("#label-nb").fill("Kommunen skal følge opp boligstrategien")
        page.locator("#label-en").fill("The municipality will follow up the housing strategy")
        pick(page, "realises", strategy, strategy)
        refusal = page.locator('.field-results[data-results-for$="realises"] .result.violation')
        expect(refusal).to_be_visible(timeout=SLOW)
        page.locator("#save-button").click()
        expect(page.locator("#save-result")).to_contain_text("Ikke lagret", timeout=SLOW)
        expect(refusal).to_contain_text("realiserer et mål")
        assert "/edit/new" in page.url
        shot(page, "editor-refused-1400.png", ".fields")

        # Rename the goal, then undo the rename from its history.
        page.goto(f"{server.url}/goal?iri={goal}&lang=nb")
        page.locator("#edit-link").click()
        page.locator("#label-nb").fill("Alle innbyggere har en trygg bolig")
        save(page, r"/goal\?")
        expect(page.locator("#page-title")).to_have_text("Alle innbyggere har en trygg bolig")
        newest = page.locator(".history-entry").first
        expect(newest).to_contain_text("Alle innbyggere har en trygg og god bolig")
        shot(page, "editor-history-1400.png", "#history")
        newest.locator("button.restore").click()
        expect(page.locator("#page-title")).to_have_text(
            "Alle innbyggere har en trygg og god bolig", timeout=SLOW
        )
        expect(page.locator(".history-entry")).to_have_count(3)

        # Only the refused save answered with an error (which the browser logs as well).
        refused = [p for p in watched.problems() if "422" in p and "/api/nodes" in p]
        assert refused
        assert [p for p in watched.problems() if p not in refused] == []


def test_signed_out_pages_offer_no_editing(server: ServeProcess, browser: Browser) -> None:
    with watched_context(browser, server.url) as (context, watched):
        page = watched.watch(context.new_page())
        page.goto(
            server.url
            + "/goal?iri=https%3A%2F%2Fw3id.org%2Fgoalgraph%2Fexamples%2Fasker%2Fmg-folkehelse"
        )
        expect(page.locator("#sign-in")).to_be_visible()
        expect(page.locator("#edit-panel")).to_have_count(0)
        expect(page.locator("#history")).to_have_count(0)
        page.goto(server.url + "/edit/new?type=gg%3AMainGoal")
        expect(page.locator("#signin-form")).to_be_visible()
        assert watched.problems() == []
