"""The goal-chain shapes evaluated in one pass give exactly pySHACL's results, in linear time."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SH

from goalgraph.files import parse_text
from goalgraph.validation import load_shapes, validate
from goalgraph.validation.chainshapes import GGSH

CHAIN_SHAPES = (GGSH.GoalIndicatorShape, GGSH.GoalServedShape, GGSH.GoalCycleShape)
HEAD = """@prefix gg: <https://w3id.org/goalgraph#> . @prefix : <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
CASES = {
    "two-cycle": ":a a gg:SubGoal ; gg:contributesTo :b . :b a gg:SubGoal ; gg:contributesTo :a .",
    "self-loop": ":a a gg:MainGoal ; gg:contributesTo :a .",
    "cycle-through-a-non-goal": ":a a gg:SubGoal ; gg:contributesTo :x . :x gg:contributesTo :a .",
    "three-cycle-and-tail": (
        ":a a gg:SubGoal ; gg:contributesTo :b . :b a gg:SubGoal ; gg:contributesTo :c ."
        ":c a gg:SubGoal ; gg:contributesTo :a , :d . :d a gg:MainGoal ."
        ":e a gg:SubGoal ; gg:contributesTo :a ."
    ),
    "measured-and-served": (
        ":m a gg:MainGoal . :s a gg:SubGoal ; gg:contributesTo :m ."
        ":t a gg:SubGoal ; gg:contributesTo :s . :i a gg:Indicator ; gg:measures :t ."
        ":st a gg:Strategy ; gg:realises :s . :u a gg:SubGoal ; gg:contributesTo :m ."
    ),
    "chain": " ".join(f":g{i} a gg:SubGoal ; gg:contributesTo :g{i + 1} ." for i in range(30))
    + " :i a gg:Indicator ; gg:measures :g10 .",
}


def _pyshacl_only() -> Graph:
    """goalgraph's shapes with the three chain shapes changed in a way that changes no
    result (a comment), so that pySHACL evaluates them itself."""
    shapes = load_shapes()
    for shape in CHAIN_SHAPES:
        shapes.add((shape, RDFS.comment, Literal("evaluated by pySHACL")))
    return shapes


@pytest.mark.parametrize("name", sorted(CASES))
def test_results_are_those_of_pyshacl(name: str) -> None:
    data = parse_text(HEAD + CASES[name])
    ours = validate(data, lang="en")
    theirs = validate(data, lang="en", shapes=_pyshacl_only())
    assert ours.results == theirs.results
    assert [r.messages for r in ours.results] == [r.messages for r in theirs.results]
    assert ours.counts == theirs.counts
    assert ours.graph.value(None, SH.conforms) == theirs.graph.value(None, SH.conforms)
    assert any(r.rule in {s.split("#")[1] for s in CHAIN_SHAPES} for r in ours.results)


def test_the_examples_get_the_same_results(example_graph: Graph) -> None:
    assert (
        validate(example_graph).results == validate(example_graph, shapes=_pyshacl_only()).results
    )


def test_shapes_given_by_the_caller_are_left_as_they_were() -> None:
    shapes = load_shapes()
    before = len(shapes)
    validate(parse_text(HEAD + CASES["two-cycle"]), shapes=shapes)
    assert len(shapes) >= before
    assert (GGSH.GoalCycleShape, SH.sparql, None) in shapes


def test_an_800_goal_chain_validates_with_one_pass_per_shape() -> None:
    # Issue 16, item 1: the chain shapes took n²/2 steps (minutes at 800 goals).
    text = HEAD + " ".join(f":g{i} a gg:SubGoal ; gg:contributesTo :g{i + 1} ." for i in range(800))
    report = validate(parse_text(text), lang="en")
    by_rule = dict.fromkeys(("GoalIndicatorShape", "GoalServedShape", "GoalCycleShape"), 0)
    for result in report.results:
        if result.rule in by_rule:
            by_rule[result.rule] += 1
    assert by_rule == {"GoalIndicatorShape": 800, "GoalServedShape": 800, "GoalCycleShape": 0}
