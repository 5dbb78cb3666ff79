"""The report page's parties table: each party's own goals and projects, and the goals
several parties own together."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import URIRef

from goalgraph.store import Store, open_files
from goalgraph.views.classes import kinds_of
from goalgraph.views.parties import Ownership, ownership
from goalgraph.views.reportview import party_rows
from tests.conftest import MILJOPAKKEN
from tests.views.conftest import model_store

EX = "https://example.org/parties/"
MODEL = """\
@prefix gg: <https://w3id.org/goalgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://example.org/parties/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:a rdfs:label "Aby"@en . ex:b rdfs:label "Bby"@en .
ex:planA a gg:Plan ; gg:party ex:a .
ex:planB a gg:Plan ; gg:party ex:b .
ex:agreement a gg:Plan ; gg:party ex:a , ex:b .
ex:unitB org:unitOf ex:b .

ex:goalA a gg:MainGoal ; rdfs:label "Goal of A"@en ; gg:plan ex:planA .
ex:strategyA a gg:Strategy ; rdfs:label "Strategy of A"@en ; gg:plan ex:planA .
ex:measureA a gg:Measure ; rdfs:label "Measure of A"@en ; gg:plan ex:planA .
ex:subB a gg:SubGoal ; rdfs:label "Sub-goal of B"@en ; gg:plan ex:planB .
ex:projectB a gg:Project ; rdfs:label "Project of B"@en ; gg:responsible ex:unitB .
ex:shared a gg:Goal ; rdfs:label "Shared goal"@en ; gg:plan ex:agreement .
ex:sharedProject a gg:Project ; rdfs:label "Shared project"@en ; gg:plan ex:agreement .
ex:sharedIndicator a gg:Indicator ; rdfs:label "Shared indicator"@en ; gg:plan ex:agreement .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with model_store(tmp_path_factory, "parties", MODEL) as opened:
        yield opened


def _table(
    store: Store, owned: Ownership
) -> tuple[dict[str, tuple[list[str], list[str]]], list[str]]:
    rows, joint = party_rows(store, owned, "en")
    table = {
        row.party.label: ([g.label for g in row.goals], [p.label for p in row.projects])
        for row in rows
    }
    return table, [g.label for g in joint]


def test_each_party_lists_its_own_goals_and_projects_and_the_joint_goals(store: Store) -> None:
    table, joint = _table(store, ownership(store, "en"))
    assert table == {
        "Aby": (["Goal of A"], []),
        "Bby": (["Sub-goal of B"], ["Project of B"]),
    }
    assert joint == ["Shared goal"]


def _by_every_node(
    store: Store, owned: Ownership
) -> tuple[dict[str, tuple[list[str], list[str]]], list[str]]:
    """The table worked out from the kind of every owned node, as the page once did."""
    from goalgraph.views.lookup import describe

    described = describe(store, list(owned.owners), "en")
    kinds = kinds_of(store, list(owned.owners))
    goal_kinds = ("main-goal", "sub-goal", "goal")
    table = {}
    for party in owned.parties:
        mine = [n for n in owned.owned_by(URIRef(party.iri)) if len(owned.owners_of(n)) == 1]
        goals = described.refs(n for n in mine if kinds[n].key in goal_kinds)
        projects = described.refs(n for n in mine if kinds[n].key == "project")
        table[party.label] = ([g.label for g in goals], [p.label for p in projects])
    joint = described.refs(
        n for n, o in owned.owners.items() if len(o) > 1 and kinds[n].key in goal_kinds
    )
    return table, [g.label for g in joint]


def test_the_miljopakken_table_is_the_one_every_nodes_kind_gives() -> None:
    with open_files(MILJOPAKKEN) as store:
        owned = ownership(store, "en")
        table, joint = _table(store, owned)
        assert (table, joint) == _by_every_node(store, owned)
        assert len(table) >= 2 and any(goals or projects for goals, projects in table.values())
