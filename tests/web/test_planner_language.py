"""Issue 17: the pages speak as a planner writes, in bokmål and English (counts that agree
with their nouns, Norwegian numbers and dates, «Bærekraftsmål 11», singular kinds)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import httpx

from tests.web.conftest import Served

ASKER = "https://w3id.org/goalgraph/examples/asker/"


def text(server: Served, path: str) -> str:
    """The visible text of a page, tags and scripts removed, spaces collapsed."""
    response = httpx.get(server.url + path, timeout=60)
    assert response.status_code == 200, path
    body = re.sub(r"<(script|style)\b.*?</\1>", "", response.text, flags=re.S)
    # Only ASCII white space: a no-break space in «65 000 000» is part of the text.
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def test_start_page_counts_agree_and_say_what_the_model_holds(asker_server: Served) -> None:
    nb = text(asker_server, "/?lang=nb")
    en = text(asker_server, "/?lang=en")
    assert "Modellen har 5 hovedmål, 12 delmål, 14 prosjekter og 17 indikatorer" in nb
    assert "The model has 5 main goals, 12 sub-goals, 14 projects and 17 indicators" in en
    assert "tripler" not in nb and "triples" not in en
    # A goal served by one project (sg-attraktiv-arbeidsgiver).
    assert "1 prosjekt ·" in nb and "1 prosjekter" not in nb
    assert "1 project ·" in en and "1 projects" not in en
    assert "0 prosjekter" in nb


def test_sdg_badges_read_baerekraftsmaal_in_bokmaal(asker_server: Served) -> None:
    nb = text(asker_server, "/?lang=nb")
    assert "Bærekraftsmål 11" in nb and "SDG 11" not in nb
    assert "SDG 11" in text(asker_server, "/?lang=en")
    goal = text(asker_server, f"/goal?iri={quote(ASKER + 'sg-god-bolig', safe='')}&lang=nb")
    assert "Bærekraftsmål 11.1" in goal and "SDG " not in goal


def test_english_sdg_texts_are_marked_and_said_once(asker_server: Served) -> None:
    path = f"/goal?iri={quote(ASKER + 'sg-god-bolig', safe='')}"
    html = httpx.get(asker_server.url + path + "&lang=nb", timeout=60).text
    assert 'lang="en">By 2030, ensure access for all' in html
    assert html.count('id="sdg-english"') == 1
    assert "finnes bare på engelsk" in text(asker_server, path + "&lang=nb")
    assert 'id="sdg-english"' not in httpx.get(asker_server.url + path + "&lang=en").text
    project = (
        f"/project?iri={quote(ASKER + 'pr-fremtidens-boligsosiale-tjenester', safe='')}&lang=nb"
    )
    assert text(asker_server, project).count("finnes bare på engelsk") == 1


def test_goal_summary_counts_agree(asker_server: Served) -> None:
    nb = text(asker_server, f"/goal?iri={quote(ASKER + 'sg-god-bolig', safe='')}&lang=nb")
    assert "1 av 1 indikator i rute" in nb
    health = text(asker_server, f"/goal?iri={quote(ASKER + 'mg-folkehelse', safe='')}&lang=nb")
    assert "i 3 prosjekter tjener målet" in health
    one = text(
        asker_server, f"/goal?iri={quote(ASKER + 'sg-attraktiv-arbeidsgiver', safe='')}&lang=en"
    )
    assert "in 1 project serve this goal" in one and "1 projects" not in one


def test_project_page_names_its_kind_in_the_singular(asker_server: Served) -> None:
    path = f"/project?iri={quote(ASKER + 'pr-fremtidens-boligsosiale-tjenester', safe='')}"
    nb = text(asker_server, path + "&lang=nb")
    assert nb.split(" · Vis i graf")[0].endswith("Prosjekt")
    assert "Prosjekter" not in nb.split("Veien opp til målene")[1].split("Alle sporene")[0]
    en = text(asker_server, path + "&lang=en")
    assert en.split(" · Show in graph")[0].endswith("Project")


def test_node_page_says_links_here_and_writes_numbers_in_bokmaal(asker_server: Served) -> None:
    path = f"/node?iri={quote(ASKER + 'strategisk-portefolje', safe='')}"
    nb = text(asker_server, path + "&lang=nb")
    assert "Lenker hit" in nb and "Pekes på av" not in nb
    assert "65\u00a0000\u00a0000" in nb and "65000000" not in nb
    en = text(asker_server, path + "&lang=en")
    assert "Links here" in en and "65,000,000" in en


def test_indicator_values_and_dates_in_bokmaal(asker_server: Served) -> None:
    goal = quote(ASKER + "sg-attraktiv-arbeidsgiver", safe="")
    nb = text(asker_server, f"/goal?iri={goal}&lang=nb")
    # 5.3 qualified applicants per position, observed 31 December 2018.
    assert "5,3" in nb and "5.3" not in nb
    assert "31. desember 2018" in nb and "2018-12-31" not in nb
    en = text(asker_server, f"/goal?iri={goal}&lang=en")
    assert "5.3" in en and "31 December 2018" in en
