"""The focused graph view: neighbourhood walk, kinds, the standalone file and `goalgraph viz`,
the same on every store adapter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from goalgraph.cli.main import app
from goalgraph.store import MEMORY, Store, open_files, open_store
from goalgraph.views.graphview import GraphView, Issue, build_view, neighbourhood
from goalgraph.web.templating import standalone_html
from tests.web.conftest import EX, SCRIPT_LABEL, WEB_DATA

GOAL = URIRef(EX + "hovedmaal-helse")
#: The nodes within two links of GOAL (tests/data/web/model.ttl).
WITHIN_TWO = 12


def _graph() -> Store:
    """The web fixture model read as every command reads files (embedded, in memory)."""
    return open_files(WEB_DATA)


@pytest.fixture(scope="module", params=["disk", "memory"])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The web fixture model and the vocabulary in an on-disk store, and in the rdflib store."""
    where = str(tmp_path_factory.mktemp("view") / "store") if request.param == "disk" else MEMORY
    with open_store(where) as opened:
        opened.load([WEB_DATA])
        yield opened


def _drawn(view: GraphView) -> dict[str, Any]:
    """What a user sees of a view: nodes with label, kind and distance, labelled edges."""
    data = view.to_json()
    data["nodes"] = sorted(
        (n["id"], n["label"], n["kind"], n["distance"], n["page"]) for n in view.nodes
    )
    data["edges"] = sorted((e["from"], e["to"], e["label"]) for e in view.edges)
    return data


def test_depth_limits_the_walk() -> None:
    graph = _graph()
    one = neighbourhood(graph, GOAL, depth=1, cap=500)
    three = neighbourhood(graph, GOAL, depth=3, cap=500)
    assert URIRef(EX + "delmaal-skolevei") in one.nodes
    assert URIRef(EX + "strategi-aktiv") not in one.nodes
    assert three.nodes[URIRef(EX + "oppdrag-skolevei")] == 3
    assert not three.truncated
    # Shared concepts (phases) and records (observations) never join the view.
    assert not any("Phase" in str(n) or "obs-" in str(n) for n in three.nodes)


def test_links_among_the_outermost_nodes_are_kept() -> None:
    area = neighbourhood(_graph(), URIRef(EX + "tiltak-fortau"), depth=1, cap=500)
    pairs = {(link.source, link.target) for link in area.links}
    assert (URIRef(EX + "prosjekt-fortau"), URIRef(EX + "portefolje")) not in pairs
    assert all(s in area.nodes and t in area.nodes for s, t in pairs)


def test_cap_truncates() -> None:
    area = neighbourhood(_graph(), GOAL, depth=4, cap=6)
    assert len(area.nodes) == 6 and area.truncated


def test_a_cap_that_just_fits_does_not_claim_a_cut() -> None:
    fits = neighbourhood(_graph(), GOAL, depth=2, cap=WITHIN_TWO)
    assert len(fits.nodes) == WITHIN_TWO and not fits.truncated
    short = neighbourhood(_graph(), GOAL, depth=2, cap=WITHIN_TWO - 1)
    assert len(short.nodes) == WITHIN_TWO - 1 and short.truncated


def test_a_cut_keeps_the_nearest_nodes_in_iri_order() -> None:
    whole = neighbourhood(_graph(), GOAL, depth=2, cap=500)
    cut = neighbourhood(_graph(), GOAL, depth=2, cap=8)
    outer = sorted((n for n, level in whole.nodes.items() if level == 2), key=str)
    assert {n for n, level in cut.nodes.items() if level < 2} == {
        n for n, level in whole.nodes.items() if level < 2
    }
    assert [n for n, level in cut.nodes.items() if level == 2] == outer[:2]
    assert all(link.source in cut.nodes and link.target in cut.nodes for link in cut.links)


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_view_on_a_store_equals_the_view_on_the_files(store: Store, depth: int) -> None:
    for lang in ("nb", "en"):
        expected = _drawn(build_view(_graph(), GOAL, depth=depth, cap=500, lang=lang))
        assert _drawn(build_view(store, GOAL, depth=depth, cap=500, lang=lang)) == expected


def test_a_cut_view_on_a_store_equals_the_cut_view_on_the_files(store: Store) -> None:
    on_store = build_view(store, GOAL, depth=3, cap=7)
    assert on_store.truncated and len(on_store.nodes) == 7
    assert _drawn(on_store) == _drawn(build_view(_graph(), GOAL, depth=3, cap=7))


def test_view_has_kinds_legend_and_marks() -> None:
    graph = _graph()
    issue = Issue("Violation", "no manager")
    view = build_view(
        graph, GOAL, depth=2, cap=500, lang="en", issues={URIRef(EX + "delmaal-skolevei"): [issue]}
    )
    nodes = {n["id"]: n for n in view.nodes}
    assert nodes[str(GOAL)]["kind"] == "main-goal"
    assert nodes["http://metadata.un.org/sdg/3.4"]["kind"] == "sdg-target"
    assert nodes[EX + "delmaal-skolevei"]["issues"] == [
        {"severity": "Violation", "message": "no manager"}
    ]
    assert {k["key"] for k in view.kinds} >= {"main-goal", "sub-goal", "indicator", "strategy"}
    assert {e["label"] for e in view.edges} >= {"contributesTo", "measures", "realises"}


def test_standalone_file_is_self_contained() -> None:
    view = build_view(_graph(), URIRef(EX + "delmaal-skolevei"), depth=2, cap=500)
    html = standalone_html(view, "nb")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "vis-network" in html and "new vis.Network" in html
    assert SCRIPT_LABEL not in html


def test_viz_command(tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = CliRunner().invoke(
        app,
        [
            "viz",
            EX + "hovedmaal-helse",
            "--data",
            str(WEB_DATA),
            "--depth",
            "1",
            "-o",
            str(out),
            "--no-validate",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "6 noder, 6 kanter" in result.output  # default --lang nb
    assert "Innbyggerne lever gode og sunne liv" in out.read_text(encoding="utf-8")


def test_viz_unknown_node_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["viz", EX + "nothing", "--data", str(WEB_DATA), "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "x.html").exists()
