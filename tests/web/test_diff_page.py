"""The /diff page's table of changes: nodes and values by their labels in the page's
language, linked to their pages in the version they belong to; property names as labels."""

from __future__ import annotations

import re

import httpx

from tests.web.conftest import Served

AGP = "https%3A%2F%2Fw3id.org%2Fgoalgraph%2Fexamples%2Fasker%2Fpr-agp"
CONCEPT = "https%3A%2F%2Fw3id.org%2Fgoalgraph%23PhaseConcept"
PLANNING = "https%3A%2F%2Fw3id.org%2Fgoalgraph%23PhasePlanning"


def table(server: Served, query: str) -> str:
    html = httpx.get(server.url + "/diff?" + query, timeout=60).text
    return html.split("<details>", 1)[1].split("</details>", 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_table_names_and_links_nodes_and_properties(asker_server: Served) -> None:
    en = table(asker_server, "old=2015&new=2016&lang=en")
    # The node, linked to its page in the new version; the phase before and after, each
    # linked in its own version; the property by its label.
    assert (
        f'<a href="/project?iri={AGP}&amp;version=2016&amp;lang=en">'
        "AGP – Employer policy platform</a></td><td>phase</td>"
    ) in en
    assert f'<a href="/node?iri={CONCEPT}&amp;version=2015&amp;lang=en">Concept</a>' in en
    assert f'<a href="/node?iri={PLANNING}&amp;version=2016&amp;lang=en">Planning</a>' in en
    words = text_of(en)
    # Records by their properties' labels, texts in the page's language only, amounts as
    # numbers of the language; no IRI shown as text.
    assert "time status: Yellow" in words and "budget 12,000,000 16,000,000" in words
    assert "Planning took a month longer than planned" in words
    assert "Planleggingen tok en måned lenger" not in words
    assert "http" not in words and "{" not in words
    nb = text_of(table(asker_server, "old=2015&new=2016&lang=nb"))
    assert "AGP – Arbeidsgiverpolitisk plattform fase Konsept Planlegging" in nb
    assert "budsjett 12 000 000 16 000 000" in nb
    assert "Planleggingen tok en måned lenger" in nb and "http" not in nb
