"""The named-query library: headers, parameters, errors and the result formats."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from goalgraph import GG, QueryError, UnknownNodeError, load
from goalgraph.sparql.formats import serialise
from goalgraph.sparql.library import named_queries, run_query, select
from goalgraph.sparql.results import decimal, integer
from goalgraph.store import Store, data_graphs
from goalgraph.store.changes import EDITOR_PREFIX
from tests.conftest import TEST_DATA

T = "https://w3id.org/goalgraph/tests/trace/"
REQUIRED = {
    "projects-serving",
    "trace",
    "orphans",
    "uncovered-goals",
    "sdg-coverage",
    "goals-without-indicators",
    "indicators-without-targets",
}


def t(name: str) -> URIRef:
    return URIRef(T + name)


@pytest.fixture(scope="module")
def graph() -> Store:
    return load(TEST_DATA / "trace" / "model.ttl")


def _iris(values: Iterable[object]) -> set[str]:
    return {str(v).removeprefix(T) for v in values}


def test_library_holds_the_required_queries_with_headers() -> None:
    library = named_queries()
    assert set(library) >= REQUIRED
    for query in library.values():
        assert query.title, query.name
        assert query.description, query.name
    serving = library["projects-serving"]
    goal = serving.param("goal")
    lang = serving.param("lang")
    assert goal is not None and goal.required
    assert lang is not None and not lang.required and lang.default == "nb"


VALUES = {
    "goal": T + "m1",
    "project": T + "p1",
    "node": T + "p1",
    "today": "2025-01-01",
    "at": "2025-01-01",
    "g": "https://w3id.org/goalgraph",
    "link": str(GG.contributesTo),
    "limit": "10",
    "class": str(GG.Project),
    "code": "3.4",
    "portfolio": T + "portefolje",
    "editors": Literal(EDITOR_PREFIX),
}


@pytest.mark.parametrize("name", sorted(named_queries(internal=True)))
def test_every_named_query_runs(graph: Store, name: str) -> None:
    query = named_queries(internal=True)[name]
    # A graph is bound as an IRI (a string would be looked up as a node of the model).
    values: dict[str, str | URIRef] = {**VALUES, "graph": data_graphs(graph)[0].iri}
    params = {p.name: values[p.name] for p in query.params if p.required}
    result = run_query(graph, name, params)
    assert result is not None


@pytest.mark.parametrize("name", sorted(named_queries(internal=True)))
def test_every_parameter_has_its_place(name: str) -> None:
    query = named_queries(internal=True)[name]
    for param in query.params:
        place = f"VALUES ?{param.name} {{ }}" if param.is_list else f"${param.name}"
        assert place in query.text, (name, param.name)


def test_projects_serving_follows_sub_goals_and_multiple_parents(graph: Store) -> None:
    result = run_query(graph, "projects-serving", {"goal": T + "m1"})
    assert result.variables[0] == "project"
    assert {"label", "phase", "budget"} <= set(result.variables)
    assert _iris(result.column("project")) == {"p1", "p2"}
    # s2 contributes to both m1 and m2; p1 reaches m2 only through s2.
    assert _iris(run_query(graph, "projects-serving", {"goal": T + "m2"}).column("project")) == {
        "p1"
    }
    # The short-cut p5 → s1 is not part of the chain.
    assert "p5" not in _iris(
        run_query(graph, "projects-serving", {"goal": T + "s1"}).column("project")
    )


def test_projects_serving_labels_in_the_asked_language(graph: Store) -> None:
    result = run_query(graph, "projects-serving", {"goal": T + "s2", "lang": "en"})
    assert [str(v) for v in result.column("label")] == ["Safe at home"]
    assert decimal(result.rows[0]["budget"]) == 800_000


def test_trace_query_reaches_goals_and_sdg_items(graph: Store) -> None:
    rows = run_query(graph, "trace", {"project": T + "p1"})
    goals = {str(r["node"]) for r in rows if str(r["kind"]) == "goal"}
    sdg = {str(r["node"]) for r in rows if str(r["kind"]) == "sdg"}
    assert _iris(list(goals)) == {"s1", "s2", "m1", "m2"}
    assert sdg == {
        "http://metadata.un.org/sdg/3.4",
        "http://metadata.un.org/sdg/3",
        "http://metadata.un.org/sdg/11.2",
        "http://metadata.un.org/sdg/11",
    }


def test_orphans_names_each_kind(graph: Store) -> None:
    rows = run_query(graph, "orphans")
    found = {(str(r["node"]).removeprefix(T), r["kind"]) for r in rows}
    assert found == {
        ("st4", GG.Strategy),
        ("a3", GG.Assignment),
        ("t4", GG.Measure),
        ("p3", GG.Project),
        ("p4", GG.Project),
        ("p5", GG.Project),
    }


def test_uncovered_goals_tell_whether_a_strategy_exists(graph: Store) -> None:
    rows = {str(r["goal"]).removeprefix(T): r for r in run_query(graph, "uncovered-goals")}
    assert set(rows) == {"m3", "s3"}
    assert rows["s3"]["hasStrategy"] == Literal(True)
    assert rows["m3"]["hasStrategy"] == Literal(False)


def test_sdg_coverage_counts_goals_projects_and_budget(graph: Store) -> None:
    rows = {str(r["notation"]): r for r in run_query(graph, "sdg-coverage")}
    assert set(rows) == {"3", "3.4", "11", "11.2"}
    # sdg:3.4 ← m1 ← {p1 (800k), p2 (500k)}; p1 is counted once although it has two paths.
    assert integer(rows["3.4"]["projects"]) == 2
    assert decimal(rows["3.4"]["budget"]) == 1_300_000
    # sdg:11 is localised by m2 and, through target 11.2, by s2.
    assert integer(rows["11"]["goals"]) == 2
    assert integer(rows["11"]["projects"]) == 1


def test_goals_without_indicators_and_indicators_without_targets(graph: Store) -> None:
    goals = _iris(run_query(graph, "goals-without-indicators").column("goal"))
    assert goals == {"m3", "s2", "s3", "c1", "c2"}
    assert _iris(run_query(graph, "indicators-without-targets").column("indicator")) == {"i3"}


def test_unknown_query_lists_the_known_names() -> None:
    with pytest.raises(QueryError) as info:
        run_query(load(TEST_DATA / "trace" / "model.ttl"), "no-such-query")
    assert "projects-serving" in str(info.value)


def test_missing_parameter_is_named(graph: Store) -> None:
    with pytest.raises(QueryError, match="'goal'"):
        run_query(graph, "projects-serving")


def test_unknown_parameter_is_refused(graph: Store) -> None:
    with pytest.raises(QueryError, match="no parameter golf"):
        run_query(graph, "projects-serving", {"goal": T + "m1", "golf": "x"})


def test_iri_parameter_not_in_graph(graph: Store) -> None:
    with pytest.raises(UnknownNodeError, match="not in the loaded graph"):
        run_query(graph, "projects-serving", {"goal": T + "nothing"})


@pytest.mark.parametrize("day", ["2018-13-45", "2025-02-30", "0000-01-01"])
def test_a_date_that_does_not_exist_is_refused(graph: Store, day: str) -> None:
    with pytest.raises(QueryError, match=f"'{day}' is not a date .*write a date as YYYY-MM-DD"):
        run_query(graph, "indicator-readings", {"today": day})
    # A real day is read as one.
    assert run_query(graph, "indicator-readings", {"today": "2024-02-29"}).variables


def test_curie_and_typed_parameters(graph: Store, tmp_path: Path) -> None:
    rq = tmp_path / "phase.rq"
    rq.write_text(
        "# title: Projects in a phase with a budget above a floor\n"
        "SELECT ?project WHERE { ?project gg:phase $phase ; gg:budget ?b FILTER(?b > $floor) }\n",
        encoding="utf-8",
    )
    result = run_query(graph, rq, {"phase": "gg:PhaseExecution", "floor": "100000"})
    assert _iris(result.column("project")) == {"p1"}


def test_a_parameter_read_as_a_variable_too_is_refused(tmp_path: Path) -> None:
    rq = tmp_path / "both.rq"
    rq.write_text(
        "# param: goal required  the goal\nSELECT ?goal WHERE { ?p gg:realises $goal }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match=r"reads \?goal besides the parameter \$goal"):
        run_query(load(TEST_DATA / "trace" / "model.ttl"), rq, {"goal": T + "m1"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT ?x WHERE { ?x ?y }\n", r"SPARQL syntax error at line \d, column \d+: expected"),
        # Comment lines are not sent to the store, and goalgraph's prefixes go on the first
        # line: the error is still at the file's own line and column.
        (
            "# title: Broken\n# answers: nothing\nSELECT ?x\n  # a comment\nWHERE { ?x ?y . }\n",
            r"SPARQL syntax error at line 5, column 17:",
        ),
    ],
    ids=["bare", "commented"],
)
def test_malformed_user_query_gives_the_parser_message_at_the_files_place(
    tmp_path: Path, text: str, message: str
) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.rq: " + message):
        run_query(load(TEST_DATA / "trace" / "model.ttl"), rq)


def test_a_line_of_a_long_literal_that_starts_with_a_hash_is_kept(tmp_path: Path) -> None:
    rq = tmp_path / "literal.rq"
    rq.write_text(
        "# title: A literal over two lines\nSELECT ?text WHERE {\n"
        '  # the comment goes\n  BIND("""first\n# second""" AS ?text)\n}\n',
        encoding="utf-8",
    )
    result = select(load(TEST_DATA / "trace" / "model.ttl"), rq)
    assert [str(v) for v in result.column("text")] == ["first\n# second"]


def test_ask_and_result_formats(graph: Store, tmp_path: Path) -> None:
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?p gg:implements ?m }\n", encoding="utf-8")
    assert json.loads(serialise(run_query(graph, ask), "json")) == {"head": {}, "boolean": True}
    result = select(graph, "projects-serving", {"goal": T + "s2", "lang": "en"})
    doc = json.loads(serialise(result, "json"))
    assert doc["head"]["vars"] == list(result.variables)
    binding = doc["results"]["bindings"][0]
    assert binding["project"] == {"type": "uri", "value": T + "p1"}
    assert binding["label"] == {"type": "literal", "value": "Safe at home", "xml:lang": "en"}
    assert binding["budget"]["datatype"] == str(XSD.decimal)
    lines = serialise(result, "csv").decode().split("\r\n")
    assert lines[0] == ",".join(result.variables)
    assert lines[1].startswith(T + "p1,Safe at home,")


def test_a_list_parameter_runs_the_query_once_for_all_its_nodes(graph: Store) -> None:
    result = select(graph, "node-texts", {"node": [t("p1"), t("p2")]})
    assert _iris(result.column("node")) == {"p1", "p2"}
    assert "Alarms for all" in [str(value) for value in result.column("value")]


def test_a_list_parameter_not_given_leaves_its_variable_free(graph: Store) -> None:
    every = select(graph, "indicator-readings", {"today": "2025-01-01"})
    some = select(graph, "indicator-readings", {"today": "2025-01-01", "indicator": [t("i1")]})
    assert _iris(some.column("indicator")) == {"i1"}
    assert _iris(every.column("indicator")) > {"i1"}
