"""The same behaviour from every store adapter: named graphs, union, atomic replace, queries."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from goalgraph import GG, LoadError, QueryError
from goalgraph.store import AskResult, SelectResult, Store
from tests.conftest import select_text

EX = "https://example.org/"
PARTY_A = URIRef(EX + "graph/a")
PARTY_B = URIRef(EX + "graph/b")
PREFIXES = f"PREFIX gg: <{GG._NS}>\nPREFIX rdfs: <{RDFS}>\n"

A_V1 = f"""@prefix gg: <{GG._NS}> . @prefix rdfs: <{RDFS}> . @prefix a: <{EX}a/> .
a:goal1 a gg:MainGoal ; rdfs:label "Byen er grønn"@nb , "The town is green"@en .
a:goal2 a gg:SubGoal ; gg:contributesTo a:goal1 ; rdfs:label "Luften er ren"@nb .
a:strategy1 a gg:Strategy ; gg:realises a:goal2 .
"""
A_V2 = f"""@prefix gg: <{GG._NS}> . @prefix rdfs: <{RDFS}> . @prefix a: <{EX}a/> .
a:goal1 a gg:MainGoal ; rdfs:label "Byen er blå"@nb .
"""
B = f"""@prefix gg: <{GG._NS}> . @prefix rdfs: <{RDFS}> . @prefix b: <{EX}b/> .
b:goal1 a gg:MainGoal ; rdfs:label "Bygda lever"@nb .
b:project1 a gg:Project ; gg:budget 1500000.0 .
"""
B_AS_NTRIPLES = f"""<{EX}b/goal1> <{RDF.type}> <{GG.MainGoal}> .
<{EX}b/goal1> <{RDFS.label}> "Bygda lever"@nb .
<{EX}b/project1> <{RDF.type}> <{GG.Project}> .
<{EX}b/project1> <{GG.budget}> "1500000.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .
"""
BROKEN = f"""@prefix gg: <{GG._NS}> .
<{EX}a/goal9> a gg:MainGoal .
<{EX}a/goal10> a gg:SubGoal
<{EX}a/goal11> a gg:SubGoal .
"""


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _checksum(store: Store, graph: URIRef) -> str:
    lines = sorted(store.export(graph).serialize(format="nt").splitlines())
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def _snapshot(store: Store) -> tuple[object, ...]:
    return (
        store.triples_count(),
        store.graphs(),
        _checksum(store, PARTY_A),
        _checksum(store, PARTY_B),
    )


@pytest.fixture
def two_parties(store: Store, tmp_path: Path) -> Store:
    store.load([_file(tmp_path, "a.ttl", A_V1)], PARTY_A)
    store.load([_file(tmp_path, "b.ttl", B)], PARTY_B)
    return store


def test_each_party_in_its_own_graph_and_union_sees_both(two_parties: Store) -> None:
    infos = {info.iri: info.triples for info in two_parties.graphs()}
    assert infos == {PARTY_A: 8, PARTY_B: 4}
    assert two_parties.triples_count(PARTY_A) == 8
    assert two_parties.triples_count() == 12
    goals = select_text(two_parties, PREFIXES + "SELECT ?g WHERE { ?g a gg:MainGoal } ORDER BY ?g")
    assert goals.column("g") == [URIRef(EX + "a/goal1"), URIRef(EX + "b/goal1")]
    per_graph = select_text(
        two_parties, PREFIXES + "SELECT ?graph WHERE { GRAPH ?graph { ?p a gg:Project } }"
    )
    assert per_graph.column("graph") == [PARTY_B]


def test_triples_are_one_graphs_triples_as_they_are(two_parties: Store) -> None:
    # Every adapter, whatever its way of reading: the graph's own triples, no other graph's,
    # as export gives them; a graph the store lacks has none.
    got = two_parties.triples(PARTY_B)
    assert len(got) == 4
    assert set(got) == set(two_parties.export(PARTY_B))
    assert (URIRef(EX + "b/goal1"), RDFS.label, Literal("Bygda lever", lang="nb")) in got
    assert {s for s, _, _ in two_parties.triples(PARTY_A)} == {
        URIRef(EX + "a/" + name) for name in ("goal1", "goal2", "strategy1")
    }
    assert two_parties.triples(URIRef(EX + "graph/none")) == []


def test_load_reports_the_graph_and_its_size(store: Store, tmp_path: Path) -> None:
    path = _file(tmp_path, "a.ttl", A_V1)
    result = store.load([path], PARTY_A)
    assert (result.graph, result.triples, result.files) == (PARTY_A, 8, (path,))


def test_replacing_a_graph_leaves_the_other(two_parties: Store, tmp_path: Path) -> None:
    before_b = _checksum(two_parties, PARTY_B)
    result = two_parties.load([_file(tmp_path, "a2.ttl", A_V2)], PARTY_A)
    assert result.triples == 2
    exported = two_parties.export(PARTY_A)
    assert (URIRef(EX + "a/goal1"), RDFS.label, Literal("Byen er blå", lang="nb")) in exported
    assert (URIRef(EX + "a/goal2"), None, None) not in exported
    assert _checksum(two_parties, PARTY_B) == before_b
    assert two_parties.triples_count() == 6


def test_append_adds_to_the_graph(two_parties: Store, tmp_path: Path) -> None:
    two_parties.load([_file(tmp_path, "a2.ttl", A_V2)], PARTY_A, replace=False)
    # A_V2 repeats one triple of A_V1 (goal1's type) and adds one label.
    assert two_parties.triples_count(PARTY_A) == 9


@pytest.mark.parametrize("graph", [PARTY_A, URIRef(EX + "graph/new")])
def test_broken_file_leaves_the_store_as_it_was(
    two_parties: Store, tmp_path: Path, graph: URIRef
) -> None:
    before = _snapshot(two_parties)
    good = _file(tmp_path, "a2.ttl", A_V2)
    broken = _file(tmp_path, "broken.ttl", BROKEN)
    with pytest.raises(LoadError) as info:
        two_parties.load([good, broken], graph)
    assert info.value.line == 4
    assert f"{broken}:4" in str(info.value)
    assert _snapshot(two_parties) == before


def test_ask_select_construct_return_rdflib_terms(two_parties: Store) -> None:
    assert two_parties.query(PREFIXES + "ASK { ?g a gg:SubGoal }") == AskResult(True)
    assert not two_parties.query(PREFIXES + "ASK { ?g a gg:Measure }")
    labels = two_parties.query(
        PREFIXES + f"SELECT ?label ?missing WHERE {{ <{EX}a/goal1> rdfs:label ?label "
        "OPTIONAL { ?label gg:nothing ?missing } } ORDER BY STR(?label)"
    )
    assert isinstance(labels, SelectResult)
    assert labels.variables == ("label", "missing")
    assert labels.rows == (
        (Literal("Byen er grønn", lang="nb"), None),
        (Literal("The town is green", lang="en"), None),
    )
    budget = select_text(two_parties, PREFIXES + "SELECT ?b WHERE { ?p gg:budget ?b }").rows[0][0]
    assert isinstance(budget, Literal) and budget.toPython() == pytest.approx(1500000)
    graph = two_parties.query(PREFIXES + "CONSTRUCT { ?g a gg:Goal } WHERE { ?g a gg:MainGoal }")
    assert isinstance(graph, Graph)
    assert set(graph) == {
        (URIRef(EX + "a/goal1"), RDF.type, GG.Goal),
        (URIRef(EX + "b/goal1"), RDF.type, GG.Goal),
    }


def test_bindings_fill_every_place_of_a_parameter(two_parties: Store) -> None:
    query = PREFIXES + "SELECT ?strategy WHERE { $goal ^gg:contributesTo*/^gg:realises ?strategy }"
    served = select_text(two_parties, query, {"goal": URIRef(EX + "a/goal1")})
    assert served.column("strategy") == [URIRef(EX + "a/strategy1")]
    assert not select_text(two_parties, query, {"goal": URIRef(EX + "b/goal1")}).rows
    by_label = select_text(
        two_parties,
        PREFIXES + "SELECT ?g WHERE { ?g rdfs:label $label }",
        {"label": Literal("Bygda lever", lang="nb")},
    )
    assert by_label.column("g") == [URIRef(EX + "b/goal1")]
    construct = two_parties.query(
        PREFIXES + "CONSTRUCT { ?g rdfs:comment 'x' } WHERE { ?g a $class }",
        {"class": GG.SubGoal},
    )
    assert isinstance(construct, Graph)
    assert set(construct.subjects()) == {URIRef(EX + "a/goal2")}


def test_update_runs_in_the_named_graph(two_parties: Store) -> None:
    two_parties.update(
        PREFIXES + f"INSERT DATA {{ GRAPH <{PARTY_B}> {{ <{EX}b/goal2> a gg:SubGoal }} }}"
    )
    assert two_parties.triples_count(PARTY_B) == 5
    two_parties.update(f"DROP GRAPH <{PARTY_B}>")
    assert [info.iri for info in two_parties.graphs()] == [PARTY_A]


def test_graph_names_are_the_graphs_holding_triples(two_parties: Store) -> None:
    assert two_parties.graph_names() == [info.iri for info in two_parties.graphs()]
    # Every triple deleted, not the graph dropped: a store may keep the name; it is not listed.
    two_parties.update(PREFIXES + f"DELETE WHERE {{ GRAPH <{PARTY_B}> {{ ?s ?p ?o }} }}")
    assert two_parties.graph_names() == [PARTY_A]
    assert [info.iri for info in two_parties.graphs()] == [PARTY_A]


@pytest.mark.parametrize("bad", ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x nope:p ?o }"])
def test_malformed_query_is_a_query_error(store: Store, bad: str) -> None:
    with pytest.raises(QueryError):
        store.query(bad)
    with pytest.raises(QueryError):
        store.update("INSERT DATTA { <a:b> <a:c> <a:d> }")


def test_folder_of_files_goes_into_one_graph(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "party"
    folder.mkdir()
    _file(folder, "goals.ttl", A_V1)
    _file(folder, "more.nt", f"<{EX}a/goal7> <{RDF.type}> <{GG.SubGoal}> .\n")
    assert store.load([folder], PARTY_A).triples == 9


def test_labelled_blank_nodes_of_two_files_stay_apart(store: Store, tmp_path: Path) -> None:
    # The same label in two files names two nodes, also when new graphs are bulk-loaded.
    line = f'_:b1 <{RDFS.label}> "tiltak" .\n'
    store.load([_file(tmp_path, "one.nt", line)], PARTY_A)
    store.load([_file(tmp_path, "two.nt", line)], PARTY_B)
    subjects = select_text(store, PREFIXES + "SELECT DISTINCT ?s WHERE { ?s rdfs:label ?l }")
    assert len(subjects) == 2


def test_a_new_graph_from_several_files_holds_all_of_them(store: Store, tmp_path: Path) -> None:
    a, b = _file(tmp_path, "a.ttl", A_V1), _file(tmp_path, "b.nt", B_AS_NTRIPLES)
    result = store.load([a, b], PARTY_A)
    assert result.triples == 12
    assert store.graphs()[0].triples == 12
