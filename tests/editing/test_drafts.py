"""Live checks of drafts meet what the write gate meets when the draft is saved."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from goalgraph.editing.drafts import check_draft
from goalgraph.editing.nodes import NodeInput
from goalgraph.editing.saving import Editing, Editor
from goalgraph.editing.schema import forms
from goalgraph.namespace import GG
from goalgraph.store import Store, file_graph, open_files
from goalgraph.validation.context import graph_context
from goalgraph.validation.gate import Gate, ShaclRefused
from goalgraph.validation.store import validate_context
from tests.conftest import ASKER

A = "https://w3id.org/goalgraph/examples/asker/"
GRAPH = file_graph(ASKER)


@pytest.fixture(scope="module")
def store() -> Store:
    return open_files(ASKER)


def editing(store: Store) -> Editing:
    return Editing(store, Gate(store, "en"), Editor("asker", frozenset({GRAPH})), forms())


DRAFTS = {
    "goal phrased as an intention": (
        None,
        NodeInput(
            graph=str(GRAPH),
            type="gg:MainGoal",
            labels={"nb": "Vi skal styrke folkehelsen", "en": "We will improve public health"},
        ),
    ),
    "strategy realising a strategy": (
        None,
        NodeInput(
            graph=str(GRAPH),
            type="gg:Strategy",
            labels={"nb": "Kommunen skal gjøre noe", "en": "We will do something"},
            links={"gg:realises": [A + "st-forebygging"]},
        ),
    ),
    "sub-goal cut loose": (A + "sg-gode-levevaner", NodeInput(links={"gg:contributesTo": []})),
    "renamed strategy": (
        A + "st-forebygging",
        NodeInput(labels={"nb": "Kommunen skal forebygge mer"}),
    ),
}


@pytest.mark.parametrize("name", list(DRAFTS))
def test_a_draft_check_predicts_the_gate(name: str) -> None:
    store = open_files(ASKER)
    node, given = DRAFTS[name]
    edit = editing(store)
    change = edit.plan_create(given) if node is None else edit.plan_update(URIRef(node), given)[0]
    base = graph_context(store, GRAPH)
    checked = check_draft(store, change, base, validate_context(base, lang="en"), lang="en")
    try:
        edit._save(change)
        saved = True
    except ShaclRefused:
        saved = False
    assert checked.refused == (not saved)
    assert saved == (name in ("goal phrased as an intention", "renamed strategy"))


def test_a_goal_phrased_as_an_intention_gets_a_wording_warning(store: Store) -> None:
    edit = editing(store)
    change = edit.plan_create(DRAFTS["goal phrased as an intention"][1])
    base = graph_context(store, GRAPH)
    checked = check_draft(store, change, base, validate_context(base, lang="nb"), lang="nb")
    wording = [r.result for r in checked.results if r.result.rule == "GoalPhrasedAsStrategyShape"]
    assert wording and "skal" in wording[0].message
    assert not checked.refused


def test_a_strategy_realising_a_strategy_is_refused_beside_the_link(store: Store) -> None:
    edit = editing(store)
    change = edit.plan_create(DRAFTS["strategy realising a strategy"][1])
    base = graph_context(store, GRAPH)
    checked = check_draft(store, change, base, validate_context(base, lang="en"), lang="en")
    refused = [r for r in checked.results if r.new]
    assert checked.refused
    assert {r.result.rule for r in refused} == {"RealisesTargetShape"}
    assert refused[0].result.path == GG.realises
