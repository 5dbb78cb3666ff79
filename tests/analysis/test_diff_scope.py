"""`goalgraph diff` at scale and in words: only the nodes that differ are read (and the result
is the one reading everything gives), the command starts without what it does not need, and
assessments are told in words."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from goalgraph.analysis.diff import (
    PlanDiff,
    diff_sides,
    diff_stores,
    read_side,
    read_sides,
    resolve_side,
)
from goalgraph.namespace import GG
from goalgraph.store import OxigraphStore, Store, ensure_vocabulary, open_files
from goalgraph.store.memory import MemoryStore
from tests.analysis.diffcases import EX, PREFIXES, ex, put, said
from tests.conftest import ASKER


@pytest.fixture(scope="module")
def store() -> Iterator[OxigraphStore]:
    with OxigraphStore(None) as opened:
        ensure_vocabulary(opened)
        yield opened


def whole(old: Store, new: Store, lang: str = "en") -> PlanDiff:
    """The diff reading both sides in full (what two separate stores get)."""
    return diff_sides(read_side(old, "old"), read_side(new, "new"), lang, new)


# --- only what differs is read, and the result is the same --------------------------------

MANY = "\n".join(
    f'ex:p{i} a gg:Project ; rdfs:label "Prosjekt {i}"@nb ; gg:budget {i}000000 ; '
    f"gg:partOf ex:portfolio ."
    for i in range(200)
) + (
    '\nex:portfolio a gg:Portfolio ; rdfs:label "Portefølje"@nb .\nex:i a gg:Indicator .'
    "\nex:p1 gg:expectedEffect [ gg:indicator ex:i ; gg:change 1 ] ."
)


def test_only_the_nodes_that_differ_and_their_neighbours_are_read(store: OxigraphStore) -> None:
    new = (
        MANY.replace("gg:budget 7000000 ;", "gg:budget 9000000 ;")
        .replace('"Prosjekt 11"@nb', '"Prosjekt elleve"@nb')
        .replace("ex:p5 a gg:Project", "ex:p5-ny a gg:Project")
    )
    old_view, new_view = put(store, MANY, new)
    before, after = read_sides(old_view, new_view, "old", "new")
    # Read: the projects changed, the new IRI, the owner of a blank-node record (its triple
    # names another blank node in each graph), and the nodes they link to; nothing else.
    assert {ex("p7"), ex("p11"), ex("p5"), ex("p1")} <= set(before.nodes)
    assert ex("p5-ny") in after.nodes and ex("portfolio") in after.nodes
    assert set(before.nodes) == {ex(n) for n in ("p1", "p5", "p7", "p11", "portfolio", "i")}
    assert ex("p100") not in after.nodes and len(after.nodes) == 6
    narrowed, full = diff_stores(old_view, new_view, lang="en"), whole(old_view, new_view)
    assert narrowed.to_json() == full.to_json()
    assert said(narrowed) == said(full)
    assert [c.node for c in narrowed.changed] == [ex("p11"), ex("p7")]


CASES = {
    "relinked": (
        'ex:g a gg:MainGoal ; rdfs:label "G"@en . ex:s a gg:Strategy ; rdfs:label "S"@en ; '
        'gg:realises ex:g . ex:t a gg:Strategy ; rdfs:label "T"@en .',
        'ex:g a gg:MainGoal ; rdfs:label "G"@en . ex:s a gg:Strategy ; rdfs:label "S"@en . '
        'ex:t a gg:Strategy ; rdfs:label "T"@en ; gg:realises ex:g .',
    ),
    "revised target": (
        'ex:i a gg:Indicator ; rdfs:label "Share"@en . ex:t1 a gg:TargetValue ; '
        'gg:indicator ex:i ; gg:value 15 ; gg:date "2027-12-31"^^xsd:date .',
        'ex:i a gg:Indicator ; rdfs:label "Share"@en . ex:t1 a gg:TargetValue ; '
        'gg:indicator ex:i ; gg:value 15 ; gg:date "2027-12-31"^^xsd:date . '
        "ex:t2 a gg:TargetValue ; gg:indicator ex:i ; gg:value 14 ; "
        'gg:date "2027-12-31"^^xsd:date ; gg:revises ex:t1 ; gg:revisionReason "Cut"@en .',
    ),
    "unlabelled node named after its owner": (
        'ex:p a gg:Project ; rdfs:label "P"@en ; gg:financing ex:f . ex:f gg:amount 5 .',
        'ex:p a gg:Project ; rdfs:label "P"@en ; gg:financing ex:f . ex:f gg:amount 6 .',
    ),
    "record nothing points at": (
        'ex:i a gg:Indicator ; rdfs:label "Share"@en . '
        '[] a gg:TargetValue ; gg:indicator ex:i ; gg:value 15 ; gg:date "2027-12-31"^^xsd:date .',
        'ex:i a gg:Indicator ; rdfs:label "Share"@en . '
        '[] a gg:TargetValue ; gg:indicator ex:i ; gg:value 14 ; gg:date "2027-12-31"^^xsd:date .',
    ),
    "lexical forms only": (
        'ex:p a gg:Project ; rdfs:label "P"@en ; gg:budget "15"^^xsd:decimal .',
        'ex:p a gg:Project ; rdfs:label "P"@en ; gg:budget "15.0"^^xsd:decimal .',
    ),
}


@pytest.fixture(scope="module")
def memory() -> Iterator[Store]:
    with MemoryStore() as opened:
        ensure_vocabulary(opened)
        yield opened


@pytest.mark.parametrize("kind", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_reading_what_differs_says_what_reading_everything_says(
    store: OxigraphStore, memory: Store, kind: str, case: str
) -> None:
    old_view, new_view = put(store if kind == "oxigraph" else memory, *CASES[case])
    for lang in ("en", "nb"):
        narrowed = diff_stores(old_view, new_view, lang=lang)
        full = whole(old_view, new_view, lang)
        assert narrowed.to_json() == full.to_json()
        assert said(narrowed) == said(full)
    assert said(diff_stores(old_view, new_view, lang="en")) or case == "lexical forms only"


def test_the_asker_versions_read_narrowly_say_what_a_full_reading_says() -> None:
    with open_files(ASKER) as opened:
        before, after = resolve_side(opened, "2015"), resolve_side(opened, "2016")
        narrowed = diff_stores(before.store, after.store, lang="en")
        full = whole(before.store, after.store)
    assert narrowed.to_json() == full.to_json()
    assert said(narrowed) == said(full) and len(said(full)) > 10


# --- assessments in words -----------------------------------------------------------------

ASSESSED = """
ex:c1 a gg:Criterion ; rdfs:label "Vedtatt politisk"@nb , "Politically adopted"@en .
ex:c2 a gg:Criterion ; rdfs:label "Varighet"@nb , "Duration"@en .
ex:p a gg:Project ; rdfs:label "Folkehelse"@nb , "Public health"@en ;
    gg:assessment [ a gg:Assessment ; gg:criterion ex:c1 ; gg:score 3 ;
                    gg:rationale "Vedtatt i 2014"@nb , "Adopted in 2014"@en ] ,
                  [ a gg:Assessment ; gg:criterion ex:c2 ; gg:score 2 ] .
"""


def test_assessment_records_are_told_by_criterion(store: OxigraphStore) -> None:
    new = ASSESSED.replace("gg:score 3", "gg:score 4").replace(
        """ ,
                  [ a gg:Assessment ; gg:criterion ex:c2 ; gg:score 2 ] .""",
        " .",
    )
    old_view, new_view = put(store, ASSESSED, new)
    assert said(diff_stores(old_view, new_view, lang="en")) == [
        "Assessment of “Public health” on criterion “Duration” removed (score 2)",
        "Score of “Public health” on criterion “Politically adopted” changed from 3 to 4",
    ]
    assert said(diff_stores(old_view, new_view, lang="nb")) == [
        "Skåren til «Folkehelse» på kriteriet «Vedtatt politisk» er endret fra 3 til 4",
        "Vurderingen av «Folkehelse» på kriteriet «Varighet» er fjernet (skår 2)",
    ]
    # Back again: a new assessment.
    assert said(diff_stores(new_view, old_view, lang="en")) == [
        "Score of “Public health” on criterion “Politically adopted” changed from 4 to 3",
        "“Public health” assessed on criterion “Duration”: score 2",
    ]


def test_a_new_rationale_with_the_same_score_is_told(store: OxigraphStore) -> None:
    new = ASSESSED.replace('"Adopted in 2014"@en', '"Adopted in 2014, confirmed in 2015"@en')
    old_view, new_view = put(store, ASSESSED, new)
    assert said(diff_stores(old_view, new_view, lang="en")) == [
        "Rationale for the score of “Public health” on criterion “Politically adopted” "
        "changed: “Adopted in 2014, confirmed in 2015”"
    ]


def test_an_assessment_of_its_own_is_told_of_the_project_it_assesses(
    store: OxigraphStore,
) -> None:
    old = """
ex:c1 a gg:Criterion ; rdfs:label "Politically adopted"@en .
ex:p a gg:Project ; rdfs:label "Public health"@en ; gg:assessment ex:a .
ex:a a gg:Assessment ; gg:criterion ex:c1 ; gg:score 3 .
"""
    old_view, new_view = put(store, old, old.replace("gg:score 3", "gg:score 5"))
    result = diff_stores(old_view, new_view, lang="en")
    assert [c.node for c in result.changed] == [ex("a")]
    assert said(result) == [
        "Score of “Public health” on criterion “Politically adopted” changed from 3 to 5"
    ]
    assert GG.score in {c.property for c in result.changed[0].changes}


# --- the command starts with what it needs ------------------------------------------------


def test_the_command_loads_neither_validation_nor_optimiser_nor_web(tmp_path: Path) -> None:
    old = tmp_path / "old.ttl"
    old.write_text(PREFIXES + 'ex:p a gg:Project ; rdfs:label "P"@en ; gg:budget 1 .\n')
    new = tmp_path / "new.ttl"
    new.write_text(PREFIXES + 'ex:p a gg:Project ; rdfs:label "P"@en ; gg:budget 2 .\n')
    script = (
        "import sys\n"
        "from goalgraph.cli.main import main\n"
        f"sys.argv = ['goalgraph', 'diff', {str(old)!r}, {str(new)!r}, '-f', 'json']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = ['pyshacl', 'highspy', 'ortools', 'numpy', 'fastapi', 'jinja2', 'networkx', "
        "'openpyxl', 'goalgraph.validation', 'goalgraph.web', 'goalgraph.analysis.prioritise']\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    document, loaded = done.stdout.rsplit("LOADED", 1)
    assert loaded.strip() == "[]"
    changed = json.loads(document)["changed"]
    assert [c["node"] for c in changed] == [EX + "p"]
