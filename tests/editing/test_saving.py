"""Saving through the write gate: nodes created, changed, deleted and restored, each change
recorded in the store with who, when and what; a refused change leaves the store as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from goalgraph.editing.history import node_history
from goalgraph.editing.nodes import EditError, NodeConflict, NodeInput, node_state, slug
from goalgraph.editing.saving import Editing, EditNotAllowed, Editor
from goalgraph.editing.schema import forms
from goalgraph.errors import UnknownNodeError
from goalgraph.namespace import GG
from goalgraph.store import (
    MemoryStore,
    OxigraphStore,
    Store,
    data_graphs,
    ensure_vocabulary,
    file_graph,
    history_graph,
    open_files,
)
from goalgraph.validation.gate import Gate, ShaclRefused
from tests.conftest import ASKER, MILJOPAKKEN

A = "https://w3id.org/goalgraph/examples/asker/"
GRAPH = file_graph(ASKER)


def dump(store: Store, folder: Path) -> set[str]:
    path = folder / "dump.nq"
    store.dump(path)
    return set(path.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def store() -> Store:
    return open_files(ASKER)


def editing(store: Store, graphs: tuple[URIRef, ...] = (GRAPH,), name: str = "asker") -> Editing:
    return Editing(store, Gate(store, "en"), Editor(name, frozenset(graphs)), forms())


def goal_input(label: str = "Alle innbyggere har et trygt hjem") -> NodeInput:
    return NodeInput(
        graph=str(GRAPH),
        type="gg:MainGoal",
        labels={"nb": label, "en": "Everyone has a safe home"},
        links={"gg:localises": ["sdg:11.1"]},
    )


def test_a_new_node_is_named_from_its_label_in_the_graphs_namespace(store: Store) -> None:
    saved = editing(store).create(goal_input())
    assert saved.node == URIRef(A + "alle-innbyggere-har-et-trygt-hjem")
    again = editing(store).create(goal_input())
    assert again.node == URIRef(A + "alle-innbyggere-har-et-trygt-hjem-2")
    state = node_state(store, GRAPH, saved.node)
    assert (saved.node, RDF.type, GG.MainGoal) in state.triples
    assert (saved.node, GG.localises, URIRef("http://metadata.un.org/sdg/11.1")) in state.triples
    assert saved.version == state.version


def test_slugs_are_readable_ascii_cut_at_a_word() -> None:
    assert slug("Sårbare barn og unge får hjelp") == "sarbare-barn-og-unge-far-hjelp"
    assert slug("Økt bruk av kollektivtransport, sykkel og gange") == (
        "okt-bruk-av-kollektivtransport-sykkel-og-gange"
    )
    long = slug("Ord " * 40)
    assert len(long) <= 48 and not long.endswith("-")


def test_a_deleted_nodes_iri_is_never_minted_again(store: Store) -> None:
    first = editing(store).create(goal_input())
    editing(store).delete(first.node, first.version)
    second = editing(store).create(goal_input())
    assert second.node != first.node


def test_a_change_adding_violations_is_refused_and_nothing_changes(
    store: Store, tmp_path: Path
) -> None:
    goal = editing(store).create(goal_input())
    strategy = editing(store).create(
        NodeInput(
            graph=str(GRAPH),
            type="gg:Strategy",
            labels={"nb": "Kommunen skal bygge flere boliger", "en": "We will build homes"},
            links={"gg:realises": [str(goal.node)]},
        )
    )
    before = dump(store, tmp_path)
    with pytest.raises(ShaclRefused) as refused:
        editing(store).create(
            NodeInput(
                graph=str(GRAPH),
                type="gg:Strategy",
                labels={"nb": "Kommunen skal gjøre noe", "en": "We will do something"},
                links={"gg:realises": [str(strategy.node)]},
            )
        )
    rules = {r.rule for r in refused.value.report.violations}
    assert "RealisesTargetShape" in rules
    assert dump(store, tmp_path) == before


def test_a_model_that_already_fails_stays_editable(store: Store) -> None:
    # A sub-goal without a higher goal is a Violation; it can still be renamed.
    broken = editing(store).create
    with pytest.raises(ShaclRefused):
        broken(NodeInput(graph=str(GRAPH), type="gg:SubGoal", labels={"nb": "Delmål"}))
    sub = URIRef(A + "sg-gode-levevaner")
    store.update(f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ <{sub}> <{GG.contributesTo}> ?g }} }}")
    renamed = editing(store).update(sub, NodeInput(labels={"nb": "Gode levevaner"}), None)
    assert renamed.record is not None


def test_a_stale_version_is_a_conflict(store: Store, tmp_path: Path) -> None:
    goal = editing(store).create(goal_input())
    editing(store).update(goal.node, NodeInput(labels={"nb": "Første navn"}), goal.version)
    before = dump(store, tmp_path)
    with pytest.raises(NodeConflict):
        editing(store).update(goal.node, NodeInput(labels={"nb": "Andre navn"}), goal.version)
    assert dump(store, tmp_path) == before


def test_an_editor_writes_only_its_graphs(tmp_path: Path) -> None:
    files = sorted(MILJOPAKKEN.glob("*.ttl"))
    store = open_files(*files)
    melhus = file_graph(MILJOPAKKEN / "melhus-kommune.ttl")
    trondheim = file_graph(MILJOPAKKEN / "trondheim-kommune.ttl")
    node = next(
        s for s, p, o in store.triples(trondheim) if p == RDF.type and isinstance(s, URIRef)
    )
    before = dump(store, tmp_path)
    other = editing(store, (melhus,), "melhus")
    with pytest.raises(EditNotAllowed):
        other.update(node, NodeInput(labels={"nb": "Nytt navn"}), None)  # type: ignore[arg-type]
    with pytest.raises(EditNotAllowed):
        other.delete(node, None)  # type: ignore[arg-type]
    with pytest.raises(EditNotAllowed):
        other.create(NodeInput(graph=str(trondheim), type="gg:MainGoal", labels={"nb": "x"}))
    with pytest.raises(EditNotAllowed):
        other.history(node)  # type: ignore[arg-type]
    assert dump(store, tmp_path) == before


def test_bad_input_names_the_field(store: Store) -> None:
    edit = editing(store)
    with pytest.raises(EditError, match="links: a strategy has no link field"):
        edit.create(
            NodeInput(graph=str(GRAPH), type="gg:Strategy", links={"gg:implements": [A + "x"]})
        )
    with pytest.raises(EditError, match="not a number"):
        edit.create(NodeInput(graph=str(GRAPH), type="gg:Project", values={"gg:budget": ["mye"]}))
    with pytest.raises(EditError, match="makes no nodes of"):
        edit.create(NodeInput(graph=str(GRAPH), type="gg:SDGTarget"))
    with pytest.raises(EditError, match="its language"):
        edit.create(
            NodeInput(graph=str(GRAPH), type="gg:Indicator", values={"gg:unit": ["prosent"]})
        )
    with pytest.raises(UnknownNodeError):
        edit.update(URIRef(A + "no-such-node"), NodeInput(labels={"nb": "x"}), None)


def test_history_records_who_when_and_what_and_undo_restores(store: Store) -> None:
    goal = editing(store).create(goal_input("Alle har et hjem"))
    renamed = editing(store).update(
        goal.node, NodeInput(labels={"nb": "Alle har et godt hjem"}), goal.version
    )
    records = node_history(store, goal.node, [GRAPH])
    assert [r.by for r in records] == ["asker", "asker"]
    assert records[0].at >= records[1].at
    new_label = (goal.node, RDFS.label, Literal("Alle har et godt hjem", lang="nb"))
    old_label = (goal.node, RDFS.label, Literal("Alle har et hjem", lang="nb"))
    assert records[0].added == (new_label,) and records[0].removed == (old_label,)
    restored = editing(store).restore(goal.node, records[0].change)
    assert restored.version == goal.version, "the node is as it was before the rename"
    assert old_label in node_state(store, GRAPH, goal.node).triples
    assert renamed.version != restored.version
    assert len(node_history(store, goal.node, [GRAPH])) == 3, "the undo is itself recorded"


def test_a_deleted_node_comes_back_with_the_links_to_it(store: Store) -> None:
    goal = editing(store).create(goal_input())
    indicator = editing(store).create(
        NodeInput(
            graph=str(GRAPH),
            type="gg:Indicator",
            labels={"nb": "Andel som eier bolig", "en": "Share owning a home"},
            links={"gg:measures": [str(goal.node)]},
        )
    )
    # The indicator must measure a goal: deleting its only goal would leave it hanging.
    with pytest.raises(ShaclRefused):
        editing(store).delete(goal.node, None)
    editing(store).update(
        indicator.node,
        NodeInput(links={"gg:measures": [str(goal.node), A + "mg-folkehelse"]}),
        None,
    )
    before = node_state(store, GRAPH, goal.node).version
    link = (indicator.node, GG.measures, goal.node)
    editing(store).delete(goal.node, before)
    assert not node_state(store, GRAPH, goal.node).exists
    assert link not in node_state(store, GRAPH, indicator.node).triples
    record = node_history(store, goal.node, [GRAPH])[0]
    editing(store).restore(goal.node, record.change)
    assert node_state(store, GRAPH, goal.node).version == before
    assert link in node_state(store, GRAPH, indicator.node).triples


def test_history_graphs_are_not_data_graphs(store: Store) -> None:
    editing(store).create(goal_input())
    history = history_graph(GRAPH)
    assert history in {info.iri for info in store.graphs()}
    assert history not in {info.iri for info in data_graphs(store)}


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_literals_survive_the_round_trip_exactly(kind: str, tmp_path: Path) -> None:
    store: Store = MemoryStore() if kind == "memory" else OxigraphStore(None)
    ensure_vocabulary(store)
    graph = URIRef("https://example.org/graph/test")
    tricky = 'Et "sitat" med \\ og } ; DROP ALL ; # og\nlinjeskift'
    edit = editing(store, (graph,), "test")
    saved = edit.create(
        NodeInput(
            graph=str(graph),
            type="gg:Observation",
            values={
                "gg:value": ["12.50"],
                "gg:date": ["2024-12-31"],
                "dct:description": [{"@value": tricky, "@language": "nb"}],
            },
        )
    )
    state = node_state(store, graph, saved.node)
    assert (saved.node, GG.value, Literal("12.5", datatype=XSD.decimal)) in state.triples
    descriptions = [str(o) for _, p, o in state.triples if str(p).endswith("description")]
    assert descriptions == [tricky]
    assert ask_graphs(store) >= {graph, history_graph(graph)}
    # The literal is read back as written: the node can be deleted exactly.
    edit.delete(saved.node, saved.version)
    assert not node_state(store, graph, saved.node).exists


def ask_graphs(store: Store) -> set[URIRef]:
    return {info.iri for info in store.graphs()}
