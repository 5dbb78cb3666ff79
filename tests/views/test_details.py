"""The goal, project and node pages of both examples, blank nodes included, and the batch
look-ups of labels that every page uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, URIRef

from goalgraph.labels import label
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.store import Store, model_graph, open_files
from goalgraph.views.details import goal_detail, node_detail, project_detail
from goalgraph.views.lookup import describe, labels
from tests.conftest import ASKER, EXAMPLES, MILJOPAKKEN

MP = "https://w3id.org/goalgraph/examples/miljopakken/"


@pytest.fixture(scope="module", params=["asker", "miljopakken"])
def example(request: pytest.FixtureRequest) -> Iterator[Store]:
    with open_files(EXAMPLES / request.param) as store:
        yield store


def _of_class(store: Store, cls: URIRef) -> list[URIRef]:
    rows = select(store, "node-classes", {"node": None})
    return sorted({n for n, c in rows if c == cls and isinstance(n, URIRef)}, key=str)


def test_every_goal_page_of_the_examples(example: Store) -> None:
    goals = _of_class(example, GG.Goal)
    assert goals
    for goal in goals:
        for lang in ("nb", "en"):
            detail = goal_detail(example, goal, lang)
            assert detail.label and detail.kind in {"main-goal", "sub-goal", "goal"}
            for indicator in detail.indicators:
                assert indicator.observations or indicator.targets or indicator.chart is None


def test_every_project_page_of_the_examples(example: Store) -> None:
    projects = _of_class(example, GG.Project)
    assert projects
    for project in projects:
        detail = project_detail(example, project, "nb")
        assert detail.traces and all(len(path) > 1 for path in detail.traces)


def test_an_indicator_with_expected_effects_as_blank_nodes() -> None:
    """Miljøpakken's projects state expected effects on indicators as blank nodes: the pages
    of the goal the indicator measures and of the indicator itself show it."""
    with open_files(MILJOPAKKEN) as store:
        indicator = URIRef(MP + "ind-sykkelandel")
        goals = sorted(o for _, _, o in store.match([indicator], [GG.measures]))
        goal = goals[0]
        assert isinstance(goal, URIRef)
        detail = goal_detail(store, goal, "nb")
        (shown,) = [i for i in detail.indicators if i.iri == str(indicator)]
        assert shown.observations and shown.chart is not None
        page = node_detail(store, indicator, "en")
        # Blank nodes (the expected effects pointing at it) are neither listed nor linked.
        assert all(s.link is not None and "/node?iri=" in s.link.page for s in page.incoming)


def test_batch_labels_choose_as_the_label_function() -> None:
    with open_files(ASKER) as store:
        graph: Graph = model_graph(store)
        nodes = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)
        for lang in ("nb", "en"):
            found = labels(store, nodes, lang)
            assert found == {n: label(graph, n, lang) for n in nodes}


def test_describe_gives_kinds_notations_and_pages() -> None:
    with open_files(ASKER) as store:
        sdg = URIRef("http://metadata.un.org/sdg/3.4")
        goal = URIRef("https://w3id.org/goalgraph/examples/asker/mg-folkehelse")
        described = describe(store, [sdg, goal, URIRef("urn:x:nothing")], "en")
        assert described.sdg(sdg).code == "3.4"
        assert described.kind(goal).key == "main-goal"
        assert described.ref(goal).page.startswith("/goal?iri=")
        assert described.kind(URIRef("urn:x:nothing")).key == "other"
        assert described.label(URIRef("urn:x:nothing")) == "urn:x:nothing"
