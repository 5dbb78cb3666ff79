"""Plan versions side by side: which graphs hold a version, which one is read, and the
`--plan-version` option of the commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from goalgraph import load, load_data
from goalgraph.analysis.report import portfolio_report
from goalgraph.cli.main import app
from goalgraph.errors import UnknownNodeError
from goalgraph.namespace import GG
from goalgraph.store import data_graphs, file_graph, open_files, open_store
from goalgraph.versions import (
    PlanView,
    chosen_versions,
    default_versions,
    plan_versions,
    shown_versions,
    version_view,
)
from tests.conftest import ASKER, MILJOPAKKEN

runner = CliRunner()
ASKER_NS = "https://w3id.org/goalgraph/examples/asker/"
V2015 = URIRef(ASKER_NS + "strategisk-portefolje-2015")
V2016 = URIRef(ASKER_NS + "strategisk-portefolje-2016")

PREFIXES = """@prefix gg: <https://w3id.org/goalgraph#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/v/> .
"""


def _version(name: str, adopted: str | None, series: str = "plan", extra: str = "") -> str:
    accepted = f'dct:dateAccepted "{adopted}"^^xsd:date ;' if adopted else ""
    return (
        PREFIXES
        + f"""
ex:v{name} a gg:PlanVersion ; dcat:version "{name}" ; {accepted}
    dcat:isVersionOf ex:{series} .
ex:goal a gg:MainGoal ; rdfs:label "Mål {name}"@nb .
{extra}
"""
    )


def test_a_folder_puts_each_version_file_in_a_graph_of_its_own() -> None:
    with open_files(ASKER) as store:
        graphs = {info.iri for info in data_graphs(store)}
        assert graphs == {
            file_graph(ASKER),
            file_graph(ASKER / "portfolio-2015.ttl"),
            file_graph(ASKER / "portfolio-2016.ttl"),
        }
        versions = plan_versions(store, "en")
    assert [(v.iri, v.name, v.adopted, v.previous) for v in versions] == [
        (V2015, "2015", date(2015, 6, 16), None),
        (V2016, "2016", date(2015, 12, 15), V2015),
    ]
    assert versions[1].label == "Strategic project portfolio 2016"
    assert versions[0].graphs == (file_graph(ASKER / "portfolio-2015.ttl"),)


def test_the_latest_adopted_version_is_read_by_default() -> None:
    store = load(ASKER)
    assert isinstance(store, PlanView)
    assert [v.name for v in shown_versions(store)] == ["2016"]
    # A project only in 2015 is not in the default view; one in both has its 2016 phase.
    projects = {s.project for s in portfolio_report(store, "en").projects}
    assert URIRef(ASKER_NS + "pr-bfe") not in projects
    assert URIRef(ASKER_NS + "pr-kominn") in projects
    older = load(ASKER, version="2015")
    assert URIRef(ASKER_NS + "pr-bfe") in {s.project for s in portfolio_report(older).projects}
    # By IRI and by CURIE too.
    assert shown_versions(load(ASKER, version=str(V2015))) == shown_versions(older)
    assert shown_versions(load(ASKER, version="asker:strategisk-portefolje-2015")) == (
        shown_versions(older)
    )


def test_a_version_adopted_later_than_today_is_not_read_yet(tmp_path: Path) -> None:
    (tmp_path / "shared.ttl").write_text(PREFIXES + "ex:x a gg:Plan .\n", encoding="utf-8")
    (tmp_path / "a.ttl").write_text(_version("2025", "2024-12-12"), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(_version("2026", "2025-12-11"), encoding="utf-8")
    (tmp_path / "c.ttl").write_text(_version("2027", None), encoding="utf-8")
    with open_files(tmp_path) as store:
        versions = plan_versions(store)
        chosen = default_versions(versions, date(2025, 6, 1))
        assert [v.name for v in chosen.values()] == ["2025"]
        assert [v.name for v in chosen_versions(versions, today=date(2026, 1, 1))] == ["2026"]
        # The shared file is in every view; the other versions' files in none.
        view = version_view(store, "2027")
        assert {i.iri for i in view.graphs()} == {
            file_graph(tmp_path),
            file_graph(tmp_path / "c.ttl"),
        }
        assert view.graph_names() == [i.iri for i in view.graphs()]


def test_drafts_only_read_the_last_by_name(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(_version("2026", None), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(_version("2027", None), encoding="utf-8")
    with open_files(tmp_path) as store:
        assert [v.name for v in shown_versions(version_view(store))] == ["2027"]


def test_each_plan_keeps_its_own_latest_version(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text(_version("A1", "2024-01-01", "a"), encoding="utf-8")
    (tmp_path / "b.ttl").write_text(_version("A2", "2025-01-01", "a"), encoding="utf-8")
    (tmp_path / "c.ttl").write_text(_version("B1", "2023-01-01", "b"), encoding="utf-8")
    with open_files(tmp_path) as store:
        assert [v.name for v in shown_versions(version_view(store))] == ["A2", "B1"]
        assert [v.name for v in shown_versions(version_view(store, "A1"))] == ["A1", "B1"]


def test_an_unknown_version_names_the_versions_there_are() -> None:
    with (
        open_files(ASKER) as store,
        pytest.raises(UnknownNodeError, match=r"no plan version '2017'.*2015.*2016"),
    ):
        version_view(store, "2017")
    with open_files(MILJOPAKKEN) as store:
        assert version_view(store) is store
        with pytest.raises(UnknownNodeError, match="declares no plan versions"):
            version_view(store, "2016")


def test_load_data_reads_one_version() -> None:
    latest = load_data(ASKER)
    assert (URIRef(ASKER_NS + "pr-kominn"), None, None) in latest
    assert (URIRef(ASKER_NS + "pr-bfe"), None, None) not in latest
    assert (V2016, None, None) in latest and (V2015, None, None) not in latest
    older = load_data(ASKER, version="2015")
    assert (URIRef(ASKER_NS + "pr-bfe"), GG.phase, GG.PhaseBenefitsRealisation) in older
    with pytest.raises(UnknownNodeError):
        load_data(MILJOPAKKEN, version="2015")


def test_load_puts_the_versions_of_a_folder_in_graphs_of_their_own(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    graph = "https://example.org/graph/asker"
    done = runner.invoke(app, ["load", "-s", store, "-g", graph, str(ASKER)])
    assert done.exit_code == 0, done.output
    with open_store(store) as opened:
        assert {str(i.iri) for i in data_graphs(opened)} == {
            graph,
            f"{graph}/portfolio-2015",
            f"{graph}/portfolio-2016",
        }
    report = runner.invoke(
        app, ["report", "-s", store, "--plan-version", "2015", "-f", "json", "--lang", "en"]
    )
    assert report.exit_code == 0, report.output
    document = json.loads(report.output)
    assert [v["name"] for v in document["versions"]] == ["2015"]
    strategic = next(
        p for p in document["affordable"]["portfolios"] if p["label"].startswith("Strategic")
    )
    assert strategic["budget"] == 39_550_000


@pytest.mark.parametrize(
    ("version", "budget", "share"),
    [("2015", "39,550,000", "61 %"), ("2016", "61,250,000", "94 %"), (None, "61,250,000", "94 %")],
)
def test_the_report_per_version(version: str | None, budget: str, share: str) -> None:
    args = ["report", str(ASKER), "--lang", "en", "--today", "2016-03-31"]
    if version is not None:
        args += ["--plan-version", version]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    row = next(line for line in done.output.splitlines() if line.startswith("| Strategic"))
    assert budget in row and share in row
    shown = "Corrected strategic project portfolio 2015 (2015, adopted 16 June 2015)"
    if version != "2015":
        shown = "Strategic project portfolio 2016 (2016, adopted 15 December 2015)"
    assert f"Plan version: {shown}" in done.output


def test_the_report_compared_with_an_earlier_version() -> None:
    done = runner.invoke(
        app,
        ["report", str(ASKER), "--lang", "en", "--compare-with", "2015", "-f", "json"],
    )
    assert done.exit_code == 0, done.output
    changes = json.loads(done.output)["changes"]
    assert changes["from"] == "Corrected strategic project portfolio 2015"
    assert (
        "Project “AGP – Employer policy platform” moved from Concept to Planning"
        in (changes["said"])
    )


@pytest.mark.parametrize("command", ["info", "trace asker:pr-agp", "validate", "export"])
def test_every_model_command_takes_a_plan_version(command: str, tmp_path: Path) -> None:
    args = [*command.split(), str(ASKER), "--plan-version", "2015"]
    if command == "export":
        args += ["-o", str(tmp_path / "book.xlsx")]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output


def test_the_report_names_the_quarter_in_its_language() -> None:
    nb = runner.invoke(app, ["report", str(ASKER), "--today", "2016-03-31"])
    assert nb.exit_code == 0, nb.output
    assert "1. kvartal 2016 (01.01.2016–31.03.2016)" in nb.output
    en = runner.invoke(app, ["report", str(ASKER), "--lang", "en", "--today", "2016-03-31"])
    assert "Q1 2016 (2016-01-01–2016-03-31)" in en.output
