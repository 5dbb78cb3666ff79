"""The focused graph view: neighbourhood walk, kinds, the standalone file and `goalgraph viz`."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from typer.testing import CliRunner

from goalgraph import load
from goalgraph.cli.main import app
from goalgraph.web.graphview import Issue, build_view, neighbourhood, standalone_html
from tests.web.conftest import EX, SCRIPT_LABEL, WEB_DATA

GOAL = URIRef(EX + "hovedmaal-helse")


def _graph() -> Graph:
    return load(WEB_DATA)


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
    assert "nodes" in result.output
    assert "Innbyggerne lever gode og sunne liv" in out.read_text(encoding="utf-8")


def test_viz_unknown_node_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["viz", EX + "nothing", "--data", str(WEB_DATA), "-o", str(tmp_path / "x.html")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "x.html").exists()
