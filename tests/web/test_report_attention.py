"""The report page's "needs attention" box on a big store: the first names of each topic, and
a link to the section that lists them all."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from goalgraph.analysis.report import portfolio_report
from goalgraph.language import format_number
from goalgraph.views.parties import ownership
from goalgraph.views.reportview import ATTENTION_ANCHORS, ATTENTION_SHOWN
from tests.web.conftest import WEB_DATA, Served, generated_source, run_server

# A topic of the box: its heading, its count and its list.
TOPIC = re.compile(
    r"<dt>([^<]*) \(([\d\s\u00a0,]+)\)</dt>\s*<dd><ul class=\"names\">(.*?)</ul></dd>", re.S
)
# A name shown, linked to its page, with its owners where the name repeats.
SHOWN = re.compile(
    r'<li><a href="[^"]+">([^<]*)</a>(?: <span class="muted">\(([^<]*)\)</span>)?</li>'
)
MORE = re.compile(r'<li class="more"><a href="#([\w-]+)">([^<]*)</a></li>')


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """16 generated municipalities, one named graph each, served from memory."""
    yield from run_server([], generated_source(tmp_path_factory.mktemp("generated"), 16))


def _attention(page: str) -> str:
    return page.split('id="attention"', 1)[1].split("</section>", 1)[0]


def _count(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_each_topic_shows_its_first_names_and_links_to_the_whole_list(
    national: Served, lang: str
) -> None:
    page = httpx.get(f"{national.url}/report", params={"lang": lang}, timeout=120).text
    report = portfolio_report(national.source.store, lang, date.today())
    owned = ownership(national.source.store, lang)
    labels = {ref.iri: ref.label for ref in owned.parties}
    found = TOPIC.findall(_attention(page))
    assert len(found) == len(report.attention)
    cut = 0
    for (_, total, items), topic in zip(found, report.attention, strict=True):
        assert _count(total) == len(topic.names)
        shown = SHOWN.findall(items)
        assert [html.unescape(name) for name, _ in shown] == list(topic.names[:ATTENTION_SHOWN])
        # A name shown twice or more is told apart by the parties that own each node.
        repeated = {n for n in topic.names if topic.names.count(n) > 1}
        for (name, owners), node in zip(shown, topic.nodes, strict=False):
            expected = sorted(labels[str(p)] for p in owned.owners_of(node))
            assert html.unescape(owners) == (
                ", ".join(expected) if html.unescape(name) in repeated else ""
            )
        more = MORE.findall(items)
        if len(topic.names) <= ATTENTION_SHOWN:
            assert more == []
            continue
        cut += 1
        ((anchor, text),) = more
        hidden = format_number(len(topic.names) - ATTENTION_SHOWN, lang)
        assert html.unescape(text) == ("… og {} til" if lang == "nb" else "… and {} more").format(
            hidden
        )
        assert anchor == ATTENTION_ANCHORS[topic.topic]
        assert f'id="{anchor}"' in page
    # The store is big enough that some topic is cut and some name repeats: the test sees the
    # link and the owners at work.
    assert cut > 0
    assert any(owners for _, _, items in found for _, owners in SHOWN.findall(items))
    # The badge still counts every name.
    badge = re.search(r'id="attention-heading">[^<]*<span class="badge warn">([^<]*)</span>', page)
    assert badge is not None
    assert _count(badge.group(1)) == report.attention_count


def test_the_uncovered_goals_are_all_listed_where_the_link_leads(national: Served) -> None:
    page = httpx.get(f"{national.url}/report", params={"lang": "en"}, timeout=120).text
    report = portfolio_report(national.source.store, "en", date.today())
    assert len(report.uncovered) > ATTENTION_SHOWN
    section = page.split('<h2 id="q2">', 1)[1].split("<h2", 1)[0]
    listed = re.findall(r"<li><a href=\"[^\"]+\">([^<]*)</a>:", section)
    assert [html.unescape(name) for name in listed] == [u.label for u in report.uncovered]


def test_a_small_model_shows_every_name_without_a_link() -> None:
    for served in run_server([WEB_DATA]):
        page = httpx.get(f"{served.url}/report", params={"lang": "en"}, timeout=60).text
        assert 'class="more"' not in _attention(page)
