"""The effect balance on the web: /api/effects, the gap bridges of the goal and project pages
(tests/data/effects/model.ttl), and the goal page's bridge in Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import quote

import httpx
import pytest
from typer.testing import CliRunner

from goalgraph import load
from goalgraph.analysis.effects import effects
from goalgraph.cli.main import app
from goalgraph.language import format_number
from goalgraph.store import data_graphs
from tests.conftest import TEST_DATA
from tests.web.conftest import Served, run_server

MODEL = TEST_DATA / "effects"
EX = "https://w3id.org/goalgraph/tests/effects/"


@pytest.fixture(scope="module")
def effects_server() -> Iterator[Served]:
    yield from run_server([MODEL])


def get(server: Served, path: str, **params: str) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=60)


def test_api_effects_is_the_document_of_the_library_and_the_cli(effects_server: Served) -> None:
    response = get(effects_server, "/api/effects", at="2025-06-30", lang="en")
    assert response.status_code == 200
    document = response.json()
    expected = effects(load(MODEL), date(2025, 6, 30), lang="en").to_json()
    assert document == json.loads(json.dumps(expected))
    cli = CliRunner().invoke(
        app, ["effects", str(MODEL), "--at", "2025-06-30", "--lang", "en", "--format", "json"]
    )
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output) == document
    assert document["counts"]["short"] == 3


def test_api_effects_stale_age_and_default_date(effects_server: Served) -> None:
    today = get(effects_server, "/api/effects").json()
    assert today["at"] == date.today().isoformat()
    strict = get(effects_server, "/api/effects", at="2025-06-30", stale_after="100").json()
    assert strict["staleAfterDays"] == 100
    assert len(strict["stale"]) > len(
        get(effects_server, "/api/effects", at="2025-06-30").json()["stale"]
    )


@pytest.mark.parametrize(
    "at", ["2025-02-30", "yesterday", "2025-6-30", "20250630", "2025-06-30T00"]
)
def test_api_effects_refuses_a_bad_date(effects_server: Served, at: str) -> None:
    response = get(effects_server, "/api/effects", at=at)
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["detail"]


def test_api_effects_refuses_a_negative_age(effects_server: Served) -> None:
    assert get(effects_server, "/api/effects", stale_after="-1").status_code == 422


def test_openapi_describes_the_effects_endpoint(effects_server: Served) -> None:
    spec = get(effects_server, "/openapi.json").json()
    operation = spec["paths"]["/api/effects"]["get"]
    assert "effect balance" in operation["summary"]
    assert {p["name"] for p in operation["parameters"]} == {"lang", "at", "stale_after", "version"}


def page(server: Served, path: str) -> str:
    response = httpx.get(server.url + path, timeout=60)
    assert response.status_code == 200, response.text
    return response.text


def test_goal_page_shows_a_gap_bridge_with_its_table(effects_server: Served) -> None:
    html = page(effects_server, f"/goal?iri={quote(EX + 'other')}&lang=nb")
    # The satisfied residents: the baseline, two projects' effects, what is left, the target.
    assert '<svg class="bridge-chart"' in html
    assert 'role="img" aria-labelledby="bridge-' in html
    assert ">Gapbro for Fornøyde innbyggere</title>" in html
    assert "<desc id=" in html and "Utgangsverdi 01.01.2022: 40." in html
    assert "<caption>Tallene i gapbroen for Fornøyde innbyggere</caption>" in html
    assert html.count('class="bar effect harm"') == 1  # p1 moves it the wrong way
    assert "Gjenstående gap" in html and "Målverdi 31.12.2026" in html
    # The same address as every other link to the project's page (the crawl counts them).
    assert f'href="/project?iri={quote(EX + "p3", safe="")}&amp;lang=nb"' in html
    english = page(effects_server, f"/goal?iri={quote(EX + 'other')}&lang=en")
    assert ">Gap bridge for Satisfied residents</title>" in english
    assert "Baseline 2022-01-01: 40." in english


def test_goal_page_says_when_the_latest_reading_is_stale(effects_server: Served) -> None:
    # Car trips were last observed on 2024-06-30: more than 730 days before any day the page
    # is asked from now on. The satisfied residents have only a baseline: nothing to flag.
    html = page(effects_server, f"/goal?iri={quote(EX + 'sub1')}&lang=nb")
    days = (date.today() - date(2024, 6, 30)).days
    flag = f"⚠ Siste måling er {format_number(days, 'nb')} dager gammel: gamle data."
    assert f'<p class="stale"><span class="badge warn">{flag}</span></p>' in html
    other = page(effects_server, f"/goal?iri={quote(EX + 'other')}&lang=nb")
    (satisfied,) = [f for f in other.split("<figure") if "Gapbro for Fornøyde innbyggere" in f]
    assert "gamle data" not in satisfied


def test_project_page_marks_its_own_effects(effects_server: Served) -> None:
    html = page(effects_server, f"/project?iri={quote(EX + 'p1')}&lang=en")
    assert '<h2 id="effects">Expected effect on the indicators</h2>' in html
    assert ">Gap bridge for Satisfied residents</title>" in html
    assert 'class="bar effect harm own"' in html
    assert "<script" not in html.split("<body", 1)[1].replace('<script src="/static/', "")
    nothing = page(effects_server, f"/project?iri={quote(EX + 'p4')}&lang=en")
    assert "The project has no expected effects on indicators that can be counted." in nothing


def test_report_page_has_the_effect_balance_with_links(effects_server: Served) -> None:
    html = page(effects_server, "/report?lang=en")
    section = html.split('<section id="effects">', 1)[1].split("</section>", 1)[0]
    assert "<h2>Effect balance</h2>" in section and "<h3>Largest gaps</h3>" in section
    balance = effects(load(MODEL), date.today(), lang="en")
    assert f"{len(balance.indicators)} indicators" in section
    # The indicators and projects it names link to their pages, as the rest of the report's.
    for gap in balance.largest_gaps:
        href = f"/node?iri={quote(str(gap.indicator), safe='')}&amp;lang=en"
        assert f'<a href="{href}">{gap.label}</a>' in section
    for counted in (c for gap in balance.largest_gaps for c in gap.projects):
        href = f"/project?iri={quote(str(counted.project), safe='')}&amp;lang=en"
        assert f'<a href="{href}">{counted.label}</a> (' in section
    for contribution in balance.contributions:
        href = f"/project?iri={quote(str(contribution.project), safe='')}&amp;lang=en"
        assert f'<a href="{href}">{contribution.label}</a>' in section
    assert balance.largest_gaps and balance.contributions
    assert "<h2>Effektbalanse</h2>" in page(effects_server, "/report?lang=nb")


def _effects_section(html: str) -> str:
    return html.split('<section id="effects">', 1)[1].split("</section>", 1)[0]


def test_report_page_shows_the_balance_at_a_chosen_date(effects_server: Served) -> None:
    day = date(2025, 6, 30)
    html = page(effects_server, f"/report?lang=en&at={day.isoformat()}")
    section = _effects_section(html)
    assert "As of 30 June 2025: 9 indicators: 1 met, 1 covered, 3 short, 1 missed" in section
    balance = effects(load(MODEL), day, lang="en")
    assert balance.largest_gaps
    for gap in balance.largest_gaps:
        assert f">{gap.label}</a>" in section
    # The date stays chosen in the form, and the workbook comes at that date too.
    assert f'<input type="date" name="at" value="{day.isoformat()}">' in html
    assert f"&amp;at={day.isoformat()}" in html.split('id="workbook-link"', 1)[1].split(">", 1)[0]
    today = page(effects_server, "/report?lang=en")
    assert "As of 30 June 2025" not in _effects_section(today)
    assert f'<input type="date" name="at" value="{date.today().isoformat()}">' in today
    # A cleared date field (at= empty) is today.
    assert _effects_section(page(effects_server, "/report?lang=en&at=")) == _effects_section(today)


WRITE = "write-token-0123456789abcdef"
# Cycle parking is now expected to add 30 satisfied … to the short indicator, not 3.
MORE_EFFECT = """PREFIX gg: <https://w3id.org/goalgraph#>
DELETE {{ GRAPH <{graph}> {{ <{EX}p2-e1> gg:change ?old }} }}
INSERT {{ GRAPH <{graph}> {{ <{EX}p2-e1> gg:change 30.0 }} }}
WHERE {{ GRAPH <{graph}> {{ <{EX}p2-e1> gg:change ?old }} }}"""


def test_a_write_changes_the_remembered_balance_at_a_date() -> None:
    day = date(2025, 6, 30).isoformat()
    for served in run_server([MODEL], write_token=WRITE):
        before = get(served, "/api/effects", at=day).json()
        report = _effects_section(page(served, f"/report?lang=en&at={day}"))
        # Asked again, the same answer (remembered): the store has not changed.
        assert get(served, "/api/effects", at=day).json() == before
        (graph,) = [g.iri for g in data_graphs(served.source.store)]
        update = MORE_EFFECT.format(graph=graph, EX=EX)
        response = httpx.post(
            f"{served.url}/update",
            content=update,
            headers={
                "Authorization": f"Bearer {WRITE}",
                "Content-Type": "application/sparql-update",
            },
        )
        assert response.status_code == 200, response.text
        changed = load(MODEL)
        changed.update(update)
        expected = effects(changed, date.fromisoformat(day), lang="nb").to_json()
        after = get(served, "/api/effects", at=day).json()
        assert after != before
        assert after == json.loads(json.dumps(expected))
        new_report = _effects_section(page(served, f"/report?lang=en&at={day}"))
        assert new_report != report
        counts = expected["counts"]
        assert f"{counts['covered']} covered, {counts['short']} short" in new_report


@pytest.mark.parametrize("at", ["2025-13-01", "30.06.2025", "tomorrow"])
def test_report_page_refuses_a_bad_date(effects_server: Served, at: str) -> None:
    response = get(effects_server, "/report", at=at)
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.text


def test_goal_and_project_pages_are_read_at_the_date_given(effects_server: Served) -> None:
    goal = f"/goal?iri={quote(EX + 'sub1')}&lang=nb"
    # Car trips were last observed on 2024-06-30: a year old at 2025-06-30, not stale data;
    # 914 days old at 2026-12-31, stale.
    earlier = page(effects_server, goal + "&at=2025-06-30")
    assert '<p class="as-of" id="as-of">Statusen og effektbalansen per 30. juni 2025 ·' in earlier
    assert "gamle data" not in earlier
    later = page(effects_server, goal + "&at=2026-12-31")
    assert "⚠ Siste måling er 914 dager gammel: gamle data." in later
    assert 'id="as-of"' not in page(effects_server, goal)
    project = page(effects_server, f"/project?iri={quote(EX + 'p1')}&lang=en&at=2025-06-30")
    assert '<p class="as-of" id="as-of">Status and effect balance as of 30 June 2025 ·' in project
    assert get(effects_server, "/goal", iri=EX + "sub1", at="2025-06-31").status_code == 400
    # The report at a date leads to the goal and project pages at that date.
    report = page(effects_server, "/report?lang=en&at=2025-06-30")
    links = re.findall(r'href="(/(?:goal|project)\?[^"]+)"', report)
    assert links and all("&amp;at=2025-06-30" in link for link in links)
    parties = re.findall(r'href="(/report\?party=[^"]+)"', report)
    assert parties and all("&amp;at=2025-06-30" in link for link in parties)
    assert "&amp;at=" not in page(effects_server, "/report?lang=en")


def _dated_links(html: str) -> list[str]:
    """The links to goal, project and report pages, but the menu's and the one back to
    today's page."""
    html = re.sub(r'<nav>.*?</nav>|<p class="as-of" id="as-of">.*?</p>', "", html, flags=re.S)
    return re.findall(r'href="(/(?:goal|project|report)\?[^"]+)"', html)


@pytest.mark.parametrize(
    "path",
    [
        f"/goal?iri={quote(EX + 'top')}",
        f"/goal?iri={quote(EX + 'sub1')}",
        f"/project?iri={quote(EX + 'p1')}",
    ],
)
def test_links_from_a_page_at_a_date_stay_at_that_date(effects_server: Served, path: str) -> None:
    dated = _dated_links(page(effects_server, path + "&lang=en&at=2025-06-30"))
    # The goal's parents, sub-goals and projects, the project's goals and chain, the bridges'
    # projects and the owners' reports.
    assert len(dated) >= 2
    assert all("&amp;at=2025-06-30" in link for link in dated), dated
    today = _dated_links(page(effects_server, path + "&lang=en"))
    assert len(today) == len(dated)
    assert not any("at=" in link for link in today)


@pytest.mark.parametrize("kind, node", [("goal", "sub1"), ("project", "p1")])
def test_goal_and_project_pages_have_a_date_field(
    effects_server: Served, kind: str, node: str
) -> None:
    def form(html: str) -> str:
        found = re.search(
            r'<form class="inline at-form" id="at-form"[^>]*>(.*?)</form>', html, re.S
        )
        assert found is not None
        return found.group(0)

    dated = form(page(effects_server, f"/{kind}?iri={quote(EX + node)}&lang=en&at=2025-06-30"))
    assert f'action="/{kind}"' in dated
    assert f'name="iri" value="{EX + node}"' in dated
    assert 'name="at" value="2025-06-30"' in dated
    assert "Show status and effect balance as of" in dated
    today = form(page(effects_server, f"/{kind}?iri={quote(EX + node)}&lang=nb"))
    assert f'name="at" value="{date.today().isoformat()}"' in today
    assert "Vis status og effektbalanse per" in today
    # What the form sends is the page at that date.
    sent = get(effects_server, f"/{kind}", iri=EX + node, at="2025-06-30", lang="en")
    assert sent.status_code == 200
    assert "as of 30 June 2025" in sent.text


@pytest.mark.browser
def test_goal_page_draws_the_bridge_in_chromium(effects_server: Served) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.web.test_browser import ARGS, CHROMIUM, screenshot

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            view = browser.new_page(viewport={"width": 1400, "height": 900})
            view.goto(f"{effects_server.url}/goal?iri={quote(EX + 'other')}&lang=en")
            chart = view.get_by_role("img", name="Gap bridge for Satisfied residents")
            expect(chart).to_be_visible()
            box = chart.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100
            # Baseline, two effects, the remaining gap and the target.
            assert chart.locator("rect").count() == 5
            table = view.get_by_role(
                "table", name="The figures of the gap bridge for Satisfied residents"
            )
            expect(table).to_be_visible()
            expect(table.get_by_role("row")).to_have_count(6)
            chart.scroll_into_view_if_needed()
            screenshot(view, "gap-bridge.png")
        finally:
            browser.close()


@pytest.mark.browser
def test_a_planner_picks_the_date_of_a_goal_page_in_chromium(effects_server: Served) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.web.test_browser import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            view = browser.new_page()
            view.goto(f"{effects_server.url}/goal?iri={quote(EX + 'sub1')}&lang=en")
            expect(view.locator("#as-of")).to_have_count(0)
            view.get_by_label("Show status and effect balance as of").fill("2026-12-31")
            view.locator("#at-form").get_by_role("button", name="Show").click()
            expect(view.locator("#as-of")).to_contain_text("as of 31 December 2026")
            assert "at=2026-12-31" in view.url
            # The stale reading of car trips at that date, as the page without a browser says.
            expect(view.get_by_text("914 days old", exact=False).first).to_be_visible()
            # Back to today by the page's own link.
            view.get_by_role("link", name="show as of today").click()
            expect(view.locator("#as-of")).to_have_count(0)
        finally:
            browser.close()
