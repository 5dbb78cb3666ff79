"""The start page of a big store: a preview per SDG goal, each SDG's goals page by page, and
project counts that agree with the goal chain."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from rdflib import URIRef

from goalgraph.analysis.trace import projects_serving
from goalgraph.views.paging import PAGE_SIZE, PREVIEW, WHOLE_TREE
from goalgraph.web import StoreSource
from tests.web.conftest import WEB_DATA, Served, generated_source, run_server

CLIENT = httpx.Client(timeout=60)
# A goal's link and its figures, as _goal_node.html writes them.
GOAL_ROW = re.compile(
    r'<a href="/goal\?iri=([^&"]+)&amp;lang=nb">[^<]*</a>\s*'
    r'<span class="figures" data-projects="(\d+)"'
)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """21 generated municipalities (420 goals), one named graph each, served from memory."""
    yield from run_server([], generated_source(tmp_path_factory.mktemp("generated"), 21))


def _size(nodes: list[dict[str, Any]]) -> int:
    return sum(1 + _size(n["children"]) for n in nodes)


def _iris(nodes: list[dict[str, Any]]) -> set[str]:
    return {n["iri"] for n in nodes} | {i for n in nodes for i in _iris(n["children"])}


def _tree(server: Served) -> dict[str, Any]:
    tree: dict[str, Any] = CLIENT.get(f"{server.url}/api/goals/tree").json()
    return tree


def _rows(html: str) -> dict[str, int]:
    return {unquote(iri): int(n) for iri, n in GOAL_ROW.findall(html)}


def test_a_big_tree_is_previewed_per_sdg_goal(national: Served) -> None:
    tree = _tree(national)
    assert _size([g for b in tree["sdg"] for g in b["goals"]]) > WHOLE_TREE
    html = CLIENT.get(f"{national.url}/").text
    previewed = [g for b in tree["sdg"] for g in b["goals"][:PREVIEW]] + tree["unlinked"][:PREVIEW]
    assert html.count('<li class="goal ') == _size(previewed)
    for branch in tree["sdg"]:
        if len(branch["goals"]) > PREVIEW:
            code = branch["sdg"]["code"]
            assert f'href="/?sdg={code}&amp;lang=nb">Vis alle {len(branch["goals"])} målene' in html


def test_each_sdg_lists_all_its_goals_page_by_page(national: Served) -> None:
    branch = max(_tree(national)["sdg"], key=lambda b: len(b["goals"]))
    code = branch["sdg"]["code"]
    seen: set[str] = set()
    page = 1
    while True:
        html = CLIENT.get(f"{national.url}/", params={"sdg": code, "page": page}).text
        assert html.count('<li class="sdg">') == 1
        seen |= set(_rows(html))
        if 'rel="next"' not in html:
            break
        page += 1
    assert page == -(-len(branch["goals"]) // PAGE_SIZE) > 1
    assert seen == _iris(branch["goals"])


def test_counts_on_the_page_agree_with_the_goal_chain(national: Served) -> None:
    store = national.source.store
    shown = _rows(CLIENT.get(f"{national.url}/").text)
    assert shown
    for iri, count in shown.items():
        assert count == len(projects_serving(store, URIRef(iri))), iri


def test_the_whole_tree_counts_agree_with_the_goal_chain(national: Served) -> None:
    store = national.source.store
    tree = _tree(national)
    nodes = [g for b in tree["sdg"] for g in b["goals"]] + tree["unlinked"]
    while nodes:
        node = nodes.pop()
        nodes.extend(node["children"])
        serving = projects_serving(store, URIRef(node["iri"]))
        assert node["projects"] == len(serving), node["iri"]
        assert node["budget"] == pytest.approx(sum(float(s.budget or 0) for s in serving))


def test_an_unknown_sdg_is_404(national: Served) -> None:
    response = CLIENT.get(f"{national.url}/", params={"sdg": "99"})
    assert response.status_code == 404


def test_projects_serving_api_agrees_with_the_library(national: Served) -> None:
    store = national.source.store
    tree = _tree(national)
    for goal in sorted(_iris([g for b in tree["sdg"] for g in b["goals"]]))[:25]:
        answer = CLIENT.get(f"{national.url}/api/projects-serving", params={"goal": goal}).json()
        expected = projects_serving(store, URIRef(goal), lang="nb")
        assert [a["project"] for a in answer] == [str(s.project) for s in expected]
        assert [a["label"] for a in answer] == [s.label for s in expected]


def test_remembered_values_are_dropped_by_a_write() -> None:
    source = StoreSource.from_files([WEB_DATA])
    calls: list[str] = []

    def compute() -> int:
        calls.append("computed")
        return len(calls)

    assert source.remember("key", compute) == 1
    assert source.remember("key", compute) == 1
    before = len(source)
    source.writing(
        lambda: source.store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> 1 } }")
    )
    assert len(source) == before + 1
    assert source.remember("key", compute) == 2
