"""`goalgraph diff`: hand-worked pairs of versions and what must be reported for each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS, XSD
from typer.testing import CliRunner

from goalgraph.analysis.diff import (
    PlanDiff,
    Record,
    diff_stores,
    literal_key,
    side_of,
    value_key,
)
from goalgraph.cli.main import app, main
from goalgraph.namespace import GG
from goalgraph.store import OxigraphStore, ensure_vocabulary
from tests.analysis.diffcases import EX, NEW, OLD, PREFIXES, ex, put, said
from tests.conftest import ASKER

runner = CliRunner()


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphStore]:
    with OxigraphStore(None) as opened:
        ensure_vocabulary(opened)
        yield opened


def diff(store: OxigraphStore, old: str, new: str, lang: str = "en") -> PlanDiff:
    """The two Turtle texts as two graphs of one store, compared through the Store protocol."""
    return diff_stores(*put(store, old, new), lang=lang)


def changes(result: PlanDiff, node: URIRef) -> dict[str, tuple[list[object], list[object]]]:
    found = next(c for c in result.to_json()["changed"] if c["node"] == str(node))
    return {c["property"]: (c["old"], c["new"]) for c in found["changes"]}


# --- renames ---------------------------------------------------------------------------------

GOAL = """
ex:g a gg:MainGoal ; rdfs:label "Barn får hjelp tidlig"@nb , "Children get help early"@en .
"""


def test_a_reworded_goal_is_one_changed_property_and_says_reworded(store: OxigraphStore) -> None:
    new = GOAL.replace("Children get help early", "Children get the right help early")
    result = diff(store, GOAL, new)
    assert result.added == () and result.removed == ()
    assert changes(result, ex("g")) == {
        str(RDFS.label): (
            [
                {"@value": "Barn får hjelp tidlig", "@language": "nb"},
                {"@value": "Children get help early", "@language": "en"},
            ],
            [
                {"@value": "Barn får hjelp tidlig", "@language": "nb"},
                {"@value": "Children get the right help early", "@language": "en"},
            ],
        )
    }
    assert said(result) == [
        "Main goal “Children get help early” reworded: “Children get the right help early”"
    ]
    # In bokmål the bokmål label did not change: the sentence says which language did.
    assert said(diff(store, GOAL, new, "nb")) == [
        "Hovedmål «Barn får hjelp tidlig» er omformulert på engelsk: "
        "«Children get the right help early»"
    ]


def test_no_change_is_an_empty_diff(store: OxigraphStore) -> None:
    result = diff(store, GOAL, GOAL)
    assert result.empty
    assert result.to_json() == {"added": [], "removed": [], "changed": []}
    assert "No changes." in result.to_text()


# --- re-links ----------------------------------------------------------------------------

CHAIN = """
ex:g a gg:MainGoal ; rdfs:label "Alle har et trygt hjem"@nb , "Everyone has a safe home"@en .
ex:s1 a gg:Strategy ; rdfs:label "Vi bygger flere boliger"@nb , "We build more homes"@en ;
    gg:realises ex:g .
ex:s2 a gg:Strategy ; rdfs:label "Vi hjelper folk å eie"@nb , "We help people to own"@en .
"""


def test_a_strategy_replaced_by_another_for_a_goal(store: OxigraphStore) -> None:
    new = CHAIN.replace("    gg:realises ex:g .\nex:s2", '    rdfs:comment "" .\nex:s2').replace(
        '"We help people to own"@en .', '"We help people to own"@en ; gg:realises ex:g .'
    )
    result = diff(store, CHAIN, new)
    assert changes(result, ex("s1"))[str(GG.realises)] == ([{"@id": EX + "g"}], [])
    assert changes(result, ex("s2"))[str(GG.realises)] == ([], [{"@id": EX + "g"}])
    assert "Strategy “We build more homes” replaced by “We help people to own” for main goal " \
        "“Everyone has a safe home”" in said(result)  # fmt: skip
    # The link's change is said once, by the replacement, not again on each strategy.
    assert not any("realises" in s for s in said(result))


def test_a_new_link_alone_is_said_as_linked(store: OxigraphStore) -> None:
    new = CHAIN.replace(
        '"We help people to own"@en .', '"We help people to own"@en ; gg:realises ex:g .'
    )
    assert said(diff(store, CHAIN, new)) == [
        "Strategy “We help people to own” now linked to main goal “Everyone has a safe home” "
        "(realises)"
    ]


# --- removed and added nodes -------------------------------------------------------------

PORTFOLIO = """
ex:pf a gg:Portfolio ; rdfs:label "Portefølje"@nb , "Portfolio"@en ;
    gg:budgetFrame "65000000"^^xsd:decimal .
ex:p a gg:Project ; rdfs:label "Folkehelse"@nb , "Public health"@en ;
    gg:phase gg:PhaseConcept ; gg:budget "12000000"^^xsd:decimal ; gg:riskLevel gg:RiskMedium ;
    gg:partOf ex:pf .
ex:q a gg:Project ; rdfs:label "Boligstrategi"@nb , "Housing strategy"@en ; gg:partOf ex:pf .
"""


def test_removed_and_added_nodes_with_label_and_class(store: OxigraphStore) -> None:
    new = PORTFOLIO.replace("ex:q a gg:Project", "ex:r a gg:Project").replace(
        '"Boligstrategi"@nb , "Housing strategy"@en', '"KomInn"@nb , "KomInn"@en'
    )
    result = diff(store, PORTFOLIO, new)
    document = result.to_json()
    assert set(document) == {"added", "removed", "changed"}
    assert document["added"] == [{"node": EX + "r", "label": "KomInn", "types": [str(GG.Project)]}]
    assert document["removed"] == [
        {"node": EX + "q", "label": "Housing strategy", "types": [str(GG.Project)]}
    ]
    assert document["changed"] == []
    assert said(result) == ["Project “Housing strategy” removed", "Project “KomInn” added"]
    assert said(diff(store, PORTFOLIO, new, "nb")) == [
        "Prosjekt «Boligstrategi» er fjernet",
        "Prosjekt «KomInn» er lagt til",
    ]


def test_phase_budget_risk_and_frame_in_words(store: OxigraphStore) -> None:
    new = (
        PORTFOLIO.replace("gg:PhaseConcept", "gg:PhasePlanning")
        .replace('"12000000"^^xsd:decimal', '"16000000.00"^^xsd:decimal')
        .replace("gg:RiskMedium", "gg:RiskHigh")
        .replace('"65000000"^^xsd:decimal', '"60000000"^^xsd:decimal')
    )
    assert said(diff(store, PORTFOLIO, new)) == [
        "Budget frame of “Portfolio” lowered by NOK 5 million (from NOK 65 million to NOK 60 "
        "million)",
        "Budget of “Public health” raised by NOK 4 million (from NOK 12 million to NOK 16 million)",
        "Project “Public health” moved from Concept to Planning",
        "Risk of “Public health” raised from Medium to High",
    ]
    assert "Budsjettet for «Folkehelse» er økt med 4 mill. kroner (fra 12 mill. kroner til " \
        "16 mill. kroner)" in said(diff(store, PORTFOLIO, new, "nb"))  # fmt: skip


# --- revised targets ---------------------------------------------------------------------

TARGET = """
ex:i a gg:Indicator ; rdfs:label "Andel digitale søknader"@nb , "Digital applications"@en .
ex:t a gg:TargetValue ; gg:indicator ex:i ; gg:value "15"^^xsd:decimal ;
    gg:date "2027-12-31"^^xsd:date .
"""


def test_a_revised_target_keeps_the_old_one_and_says_lowered_with_the_reason(
    store: OxigraphStore,
) -> None:
    new = (
        TARGET
        + """
ex:t2 a gg:TargetValue ; gg:indicator ex:i ; gg:value "14"^^xsd:decimal ;
    gg:date "2027-12-31"^^xsd:date ; gg:revises ex:t ;
    gg:revisionReason "Tiltakene kommer senere"@nb , "The measures come later"@en .
"""
    )
    result = diff(store, TARGET, new)
    assert [e.node for e in result.added] == [ex("t2")]
    assert result.removed == () and result.changed == ()
    assert said(result) == [
        "Target for “Digital applications” in 2027 lowered from 15 to 14: The measures come later"
    ]


def test_a_target_changed_in_place(store: OxigraphStore) -> None:
    new = TARGET.replace('"15"^^xsd:decimal', '"17.5"^^xsd:decimal')
    result = diff(store, TARGET, new)
    assert changes(result, ex("t")) == {
        str(GG.value): (
            [{"@value": "15", "@type": str(XSD.decimal)}],
            [{"@value": "17.5", "@type": str(XSD.decimal)}],
        )
    }
    assert said(result) == ["Target for “Digital applications” in 2027 raised from 15 to 17.5"]
    assert said(diff(store, TARGET, new, "nb")) == [
        "Målverdien for «Andel digitale søknader» i 2027 er hevet fra 15 til 17,5"
    ]


# --- blank-node records ------------------------------------------------------------------

EFFECT = """
ex:p a gg:Project ; rdfs:label "Folkehelse"@nb , "Public health"@en ;
    gg:expectedEffect [ a gg:ExpectedEffect ; gg:indicator ex:i ; gg:change "3"^^xsd:decimal ;
                        gg:date "2019-12-31"^^xsd:date ] .
"""


def test_a_record_with_other_blank_nodes_and_lexical_forms_is_no_change(
    store: OxigraphStore,
) -> None:
    same = """
ex:p a gg:Project ; rdfs:label "Public health"@en , "Folkehelse"@nb ;
    gg:expectedEffect _:other .
_:other gg:date "2019-12-31"^^xsd:date ; gg:change "3.00"^^xsd:decimal ; a gg:ExpectedEffect ;
    gg:indicator ex:i .
"""
    assert diff(store, EFFECT, same).empty


def test_a_changed_record_is_reported_on_its_owner(store: OxigraphStore) -> None:
    result = diff(store, EFFECT, EFFECT.replace('"3"^^xsd:decimal', '"4"^^xsd:decimal'))
    assert result.added == () and result.removed == ()
    assert [c.node for c in result.changed] == [ex("p")]
    old, new = changes(result, ex("p"))[str(GG.expectedEffect)]
    assert old[0][str(GG.change)] == [{"@value": "3", "@type": str(XSD.decimal)}]
    assert new[0][str(GG.change)] == [{"@value": "4", "@type": str(XSD.decimal)}]
    assert said(result) == [
        "Project “Public health”: has expected effect changed from {change: 3; date: "
        "2019-12-31; indicator: «i»} to {change: 4; date: 2019-12-31; indicator: «i»}"
    ]


STATUS = """
ex:p a gg:Project ; rdfs:label "Folkehelse"@nb , "Public health"@en ; gg:budget 3000000 ;
    gg:statusReport [ a gg:StatusReport ; gg:startDate "2015-10-01"^^xsd:date ;
        gg:endDate "2015-12-31"^^xsd:date ; gg:timeStatus gg:StatusGreen ;
        gg:costStatus gg:StatusGreen ; gg:effectStatus gg:StatusGreen ;
        gg:riskStatus gg:StatusYellow ] .
"""


def test_a_new_status_report_is_said_for_its_quarter(store: OxigraphStore) -> None:
    new = STATUS.replace(
        "gg:riskStatus gg:StatusYellow ] .",
        """gg:riskStatus gg:StatusYellow ] , [ a gg:StatusReport ;
        gg:startDate "2016-01-01"^^xsd:date ; gg:endDate "2016-03-31"^^xsd:date ;
        gg:timeStatus gg:StatusYellow ; gg:costStatus gg:StatusRed ;
        gg:forecastCost "3500000"^^xsd:decimal ] .""",
    )
    result = diff(store, STATUS, new)
    old, now = changes(result, ex("p"))[str(GG.statusReport)]
    assert len(old) == 1 and len(now) == 2
    assert said(result) == [
        "New status report for “Public health” for Q1 2016: time yellow, cost red, forecast "
        "NOK 3.5 million"
    ]
    assert said(diff(store, STATUS, new, "nb")) == [
        "Ny statusrapport for «Folkehelse» for 1. kvartal 2016: tid gul, kostnad rød, prognose "
        "3,5 mill. kroner"
    ]


def test_a_record_nothing_points_at_belongs_to_what_it_points_at(store: OxigraphStore) -> None:
    old = """
ex:i a gg:Indicator ; rdfs:label "Andel"@nb , "Share"@en .
[] a gg:TargetValue ; gg:indicator ex:i ; gg:value 15 ; gg:date "2027-12-31"^^xsd:date .
"""
    result = diff(store, old, old.replace("gg:value 15", "gg:value 14"))
    assert [c.node for c in result.changed] == [ex("i")]
    (change,) = result.changed[0].changes
    assert change.property == GG.indicator and change.inverse
    assert result.to_json()["changed"][0]["changes"][0]["inverse"] is True


# --- literals by value -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Literal("15", datatype=XSD.decimal), Literal("15.0", datatype=XSD.decimal)),
        (Literal("15", datatype=XSD.integer), Literal("15.00", datatype=XSD.decimal)),
        (Literal("1E1", datatype=XSD.double), Literal("10", datatype=XSD.integer)),
        (Literal(" 7 ", datatype=XSD.integer), Literal("+7", datatype=XSD.integer)),
        (Literal("true", datatype=XSD.boolean), Literal("1", datatype=XSD.boolean)),
        (Literal("x", lang="NB"), Literal("x", lang="nb")),
        (Literal("x"), Literal("x", datatype=XSD.string)),
        (Literal("mye", datatype=XSD.decimal), Literal("mye", datatype=XSD.decimal)),
    ],
)
def test_literals_equal_by_value(a: Literal, b: Literal) -> None:
    assert literal_key(a) == literal_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Literal("15", datatype=XSD.decimal), Literal("15.1", datatype=XSD.decimal)),
        (Literal("15"), Literal("15", datatype=XSD.decimal)),
        (Literal("x", lang="nb"), Literal("x", lang="en")),
        (Literal("x", lang="nb"), Literal("x")),
        (Literal("2019-12-31", datatype=XSD.date), Literal("2019-12-30", datatype=XSD.date)),
        (Literal("2019", datatype=XSD.gYear), Literal("2019", datatype=XSD.string)),
    ],
)
def test_literals_that_differ(a: Literal, b: Literal) -> None:
    assert literal_key(a) != literal_key(b)


def test_an_iri_is_not_a_literal_with_its_text() -> None:
    assert value_key(ex("a")) != value_key(Literal(EX + "a"))


def test_a_cycle_of_blank_nodes_is_read_without_end() -> None:
    a, b = BNode(), BNode()
    side = side_of(
        [(ex("p"), GG.expectedEffect, a), (a, RDFS.seeAlso, b), (b, RDFS.seeAlso, a)], "cycle"
    )
    (record,) = side.values(ex("p"), GG.expectedEffect)
    assert isinstance(record, Record)


# --- the command -------------------------------------------------------------------------


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(PREFIXES + text, encoding="utf-8")
    return path


def test_the_command_compares_files_as_json_text_and_markdown(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.ttl", PORTFOLIO)
    new = _write(tmp_path, "new.ttl", PORTFOLIO.replace("gg:PhaseConcept", "gg:PhasePlanning"))
    done = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert done.exit_code == 0, done.output
    document = json.loads(done.output)
    assert document["changed"][0]["changes"] == [
        {
            "property": str(GG.phase),
            "old": [{"@id": str(GG.PhaseConcept)}],
            "new": [{"@id": str(GG.PhasePlanning)}],
        }
    ]
    text = runner.invoke(app, ["diff", str(old), str(new), "--lang", "en"]).output
    assert "Project “Public health” moved from Concept to Planning" in text
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "md"]).output
    assert markdown.startswith("# Endringer fra ")
    assert "- Prosjekt «Folkehelse» er flyttet fra Konsept til Planlegging" in markdown


def test_the_command_compares_graphs_of_a_store(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    for graph, text in ((OLD, PORTFOLIO), (NEW, PORTFOLIO.replace("ex:q a", "ex:r a"))):
        path = _write(tmp_path, "model.ttl", text)
        assert runner.invoke(app, ["load", "-s", store, "-g", str(graph), str(path)]).exit_code == 0
    done = runner.invoke(app, ["diff", "--store", store, str(OLD), str(NEW), "-f", "json"])
    assert done.exit_code == 0, done.output
    document = json.loads(done.output)
    assert [e["node"] for e in document["added"]] == [EX + "r"]
    assert [e["node"] for e in document["removed"]] == [EX + "q"]


def test_the_command_compares_plan_versions_of_files() -> None:
    done = runner.invoke(app, ["diff", "--data", str(ASKER), "2015", "2016", "--lang", "en"])
    assert done.exit_code == 0, done.output
    for sentence in (
        "Project “Innovation strategy” replaced by “KomInn 3.0” for measure",
        "Project “AGP – Employer policy platform” moved from Concept to Planning",
        "Budget of “Digitalisation strategy” raised by NOK 4 million",
        "Target for “Share of applications to the municipality submitted digitally” in 2019 "
        "raised from 75 to 80",
        "New status report for “Digitalisation strategy” for Q1 2016: time yellow, cost red",
        "Project “Housing policy strategy” removed",
        "Project “Public health science centre” added",
    ):
        assert sentence in done.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", str(ASKER), "2015", "2017"], "no plan version '2017'"),
        (["no-such-file.ttl", str(ASKER)], "no such file or folder"),
    ],
)
def test_the_command_refuses_unknown_versions_and_files(
    args: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Through main(), the console script's entry point, which maps errors to exit codes.
    monkeypatch.setattr("sys.argv", ["goalgraph", "diff", *args])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    assert message in capsys.readouterr().err
