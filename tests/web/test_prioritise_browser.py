"""The prioritisation page in Debian's headless Chromium: reached from the portfolio, and the
what-if form recalculates."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from tests.web.conftest import Served
from tests.web.test_browser import browser, page, screenshot  # noqa: F401

pytestmark = pytest.mark.browser

ASKER = "https://w3id.org/goalgraph/examples/asker/"


def test_prioritise_from_the_portfolio_and_ask_what_if(page: Page, asker_server: Served) -> None:  # noqa: F811
    portfolio = ASKER + "strategisk-portefolje"
    page.goto(f"{asker_server.url}/node?iri={quote(portfolio, safe='')}&lang=en")
    page.click("a.prioritise-link")
    page.wait_for_url("**/prioritise?**")
    assert page.locator("#page-title").inner_text() == (
        "Prioritisation: Strategic project portfolio"
    )
    # The 2016 portfolio, the version read by default, fits its frame of 65 MNOK.
    assert page.locator("#prio-ranking tr.dropped").count() == 0
    page.fill("#frame", "55 000 000")
    page.click("#what-if button[type=submit]")
    page.wait_for_url("**frame=*")
    dropped = page.locator("#prio-ranking tr.dropped")
    assert dropped.count() == 1
    assert "FutureBuilt" in dropped.first.inner_text()
    assert "47,250,000" in page.locator("#prio-cost").inner_text()
    screenshot(page, "prioritise-page.png")

    # What if FutureBuilt is forced in? Something else must leave.
    row = page.locator("#prio-ranking tr", has_text="FutureBuilt")
    row.locator("select").select_option(label="force in")
    page.click("#force-form button[type=submit]")
    page.wait_for_url("**force=in*")
    assert page.locator("#prio-ranking tr.dropped").count() >= 1
    assert "FutureBuilt" not in page.locator("#prio-ranking tr.dropped").first.inner_text()
    assert page.get_by_text("Without the changes").count() == 1

    # Every form control has a label a screen reader can read.
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input:not([type=hidden]), main select')]
              .filter(el => !el.labels || el.labels.length === 0).length"""
    )
    assert unlabelled == 0


def test_the_frame_field_recalculates(page: Page, asker_server: Served) -> None:  # noqa: F811
    portfolio = ASKER + "strategisk-portefolje"
    page.goto(f"{asker_server.url}/prioritise?portfolio={quote(portfolio, safe='')}&lang=en")
    page.fill("#frame", "80 000 000")
    page.click("#what-if button[type=submit]")
    page.wait_for_url("**frame=*")
    assert page.locator("#prio-ranking tr.dropped").count() == 0
    assert "Every project fits" in page.content()
