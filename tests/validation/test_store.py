"""Validation graph by graph: the fast Oxigraph path and the SPARQL mirror report exactly what
the generic path and plain pySHACL report."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from goalgraph import load, load_data, vocabulary
from goalgraph.generate import generate
from goalgraph.store import MemoryStore, OxigraphStore, Store, data_graphs, ensure_vocabulary
from goalgraph.validation import load_shapes, validate
from goalgraph.validation.context import graph_context
from goalgraph.validation.engine import PYSHACL_OPTIONS
from goalgraph.validation.engines import Engine
from goalgraph.validation.reach import Reach, shapes_reach
from goalgraph.validation.report import only
from goalgraph.validation.shapes import rule_id
from goalgraph.validation.store import validate_graph, validate_store
from goalgraph.wording.rules import RULES as WORDING_RULES
from tests.conftest import ASKER, MILJOPAKKEN, TEST_DATA

WHOLE = Reach(whole=True)
BUILT_IN = shapes_reach(load_shapes())
INVALID = TEST_DATA / "invalid"
CUSTOM_SHAPES = TEST_DATA / "validate_store" / "unprojected-this.ttl"
GRAPHS = "https://example.org/validate-store/"


def _fill(store: Store, generated: Path) -> None:
    """Both examples (Miljøpakken one graph per party), generated municipalities, and the
    invalid corpus with its base model in a graph of its own, so that the rule files'
    links into it need the context from another graph."""
    ensure_vocabulary(store)
    store.load([ASKER], URIRef(GRAPHS + "asker"))
    for path in sorted(MILJOPAKKEN.glob("*.ttl")):
        store.load([path], URIRef(GRAPHS + "miljopakken/" + path.stem))
    for path in sorted(generated.glob("*.nt")):
        store.load([path], URIRef(GRAPHS + "generated/" + path.stem))
    store.load([INVALID / "_base.ttl"], URIRef(GRAPHS + "invalid/base"))
    store.load(sorted(INVALID.glob("*Shape.ttl")), URIRef(GRAPHS + "invalid/rules"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, 1, seed=11)
    return folder


@pytest.fixture(scope="module")
def oxigraph(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = OxigraphStore(tmp_path_factory.mktemp("validate-store") / "store")
    _fill(store, generated)
    yield store
    store.close()


@pytest.fixture(scope="module")
def memory(generated: Path) -> Store:
    store = MemoryStore()
    _fill(store, generated)
    return store


def _graphs(store: Store) -> list[URIRef]:
    return [info.iri for info in data_graphs(store)]


def test_the_store_holds_every_kind_of_graph(oxigraph: Store) -> None:
    graphs = {str(g).removeprefix(GRAPHS).split("/")[0] for g in _graphs(oxigraph)}
    assert graphs == {"asker", "miljopakken", "generated", "invalid"}


class _Generic:
    """A store whose look-ups go through the protocol's SPARQL query instead of Oxigraph's
    index look-ups."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def match(self, *args: Any, **options: Any) -> list[Any]:
        return Store.match(self.store, *args, **options)


def test_oxigraph_look_ups_give_what_the_context_query_gives(oxigraph: Store) -> None:
    assert isinstance(oxigraph, OxigraphStore)
    borrowed = 0
    for graph in _graphs(oxigraph):
        fast = graph_context(oxigraph, graph)
        slow = graph_context(cast(Store, _Generic(oxigraph)), graph)
        assert set(fast.content) == set(slow.content), graph
        assert set(fast.context) == set(slow.context), graph
        borrowed += len(fast.context)
    assert borrowed > 0


@pytest.mark.parametrize("engine", list(Engine))
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_graph_reports_what_the_generic_path_reports(
    oxigraph: Store, lang: str, engine: Engine
) -> None:
    # The generic path, with nothing left out: the graph, its context and the whole
    # vocabulary in an rdflib graph, mirrored afresh.
    results = 0
    for graph in _graphs(oxigraph):
        fast = validate_graph(oxigraph, graph, lang=lang, engine=engine)
        found = graph_context(oxigraph, graph)
        data = Graph()
        data += found.content
        data.addN((s, p, o, data) for s, p, o in found.context)
        own = found.subjects
        slow = only(
            validate(data, lang=lang, engine=engine),
            lambda f, own=own: isinstance(f, BNode) or f in own,
        )
        assert fast.report.to_json() == slow.to_json(), graph
        assert fast.report.to_text() == slow.to_text(), graph
        results += len(fast.report.results)
    assert results > 40


@pytest.mark.parametrize("workers", [1, 2])
def test_a_whole_store_run_reports_what_each_graph_alone_reports(
    oxigraph: Store, workers: int
) -> None:
    # A run reads the graphs through one reader, which remembers the look-ups graphs
    # share (in this process, or in each worker with the store opened read-only).
    run = validate_store(oxigraph, workers=workers)
    assert run.workers == workers
    assert [item.graph for item in run.graphs] == sorted(_graphs(oxigraph), key=str)
    results = 0
    for item in run.graphs:
        alone = validate_graph(oxigraph, item.graph)
        assert item.report.to_json() == alone.report.to_json(), item.graph
        assert (item.triples, item.context) == (alone.triples, alone.context), item.graph
        results += len(item.report.results)
    assert results > 40


@pytest.mark.parametrize("engine", list(Engine))
def test_a_memory_store_reports_what_an_oxigraph_store_reports(
    oxigraph: Store, memory: Store, engine: Engine
) -> None:
    # Only the small graphs: the in-memory store answers the context queries slowly.
    graphs = [g for g in _graphs(oxigraph) if "/invalid/" in str(g) or "agreement" in str(g)]
    for graph in graphs:
        fast = validate_graph(oxigraph, graph, engine=engine)
        slow = validate_graph(memory, graph, engine=engine)
        assert fast.report.to_json() == slow.report.to_json(), graph
        assert (fast.triples, fast.context) == (slow.triples, slow.context), graph


def _plain_pyshacl(data: Graph, shapes: Graph) -> set[tuple[Any, ...]]:
    """The results of pySHACL alone (rdflib answering the SPARQL) as comparable tuples."""
    copied = Graph()
    copied += shapes
    _, report, _ = pyshacl.validate(data, shacl_graph=copied, **PYSHACL_OPTIONS)
    assert isinstance(report, Graph)
    return {
        (
            str(report.value(node, SH.focusNode)),
            rule_id(shapes, report.value(node, SH.sourceShape)),
            _iri_or_none(report.value(node, SH.resultPath)),
            str(report.value(node, SH.value)) if report.value(node, SH.value) is not None else None,
            frozenset(str(m) for m in report.objects(node, SH.resultMessage)),
        )
        for node in report.objects(None, SH.result)
    }


def _iri_or_none(node: object) -> URIRef | None:
    # Reports name a complex path by a blank node, which ValidationResult leaves out.
    return node if isinstance(node, URIRef) else None


def _with_vocabulary(*paths: Path) -> Graph:
    data = vocabulary()
    data += load_data(*paths)
    return data


def _ours(data: Graph, shapes: Graph) -> set[tuple[Any, ...]]:
    # pySHACL with the SPARQL mirror (tests/validation/test_engines.py holds the compiled
    # engine to it). The wording rules are deactivated for SHACL engines and checked by
    # goalgraph.wording (tests/validation/test_wording.py): plain pySHACL cannot give them.
    return {
        (r.focus and str(r.focus), r.rule, r.path, r.value, frozenset(r.messages.values()))
        for r in validate(data, shapes=shapes, engine=Engine.pyshacl).results
        if r.rule not in WORDING_RULES
    }


@pytest.mark.parametrize(
    "paths",
    [[INVALID], [ASKER], [MILJOPAKKEN]],
    ids=["invalid-corpus", "asker", "miljopakken"],
)
def test_the_sparql_mirror_reports_what_plain_pyshacl_reports(paths: list[Path]) -> None:
    data = _with_vocabulary(*paths)
    shapes = load_shapes()
    assert _ours(data, shapes) == _plain_pyshacl(data, shapes)


def test_generated_data_reports_what_plain_pyshacl_reports(generated: Path) -> None:
    data = _with_vocabulary(*sorted(generated.glob("*.nt")))
    shapes = load_shapes()
    assert _ours(data, shapes) == _plain_pyshacl(data, shapes)


def test_a_query_oxigraph_cannot_pre_bind_is_left_to_rdflib() -> None:
    # The constraint's SELECT does not project $this, which Oxigraph needs to pre-bind it.
    data = _with_vocabulary(INVALID / "_base.ttl", INVALID / "RealisesTargetShape.ttl")
    shapes = load_shapes(CUSTOM_SHAPES)
    ours = _ours(data, shapes)
    assert ours == _plain_pyshacl(data, shapes)
    assert {rule for _, rule, *_ in ours} == {"StrategyRealisesNonGoalShape"}


@pytest.mark.parametrize("engine", list(Engine))
def test_sparql_based_results_keep_the_language_of_their_message(engine: Engine) -> None:
    data = load(INVALID / "_base.ttl", INVALID / "GoalCycleShape.ttl")
    nb = validate(data, lang="nb", engine=engine).results
    en = validate(data, lang="en", engine=engine).results
    assert nb and all(r.rule == "GoalCycleShape" for r in nb)
    assert all(r.message.startswith("Målet bidrar") for r in nb)
    assert all(r.message.startswith("The goal contributes") for r in en)
    assert set(nb[0].messages) == {"nb", "en"}
