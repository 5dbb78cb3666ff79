"""The example models load and follow the modelling guide (docs/modelling.md)."""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from goalgraph import GG, load_data, vocabulary
from goalgraph.namespace import PREFIXES
from tests.conftest import ASKER

USER_FACING = (
    "gg:Goal gg:Strategy gg:Assignment gg:Measure gg:Project gg:Programme gg:Portfolio "
    "gg:Indicator gg:FocusArea gg:CrossCuttingChallenge gg:Plan gg:FinancingSource "
    "<http://www.w3.org/ns/org#Organization>"
)

GOAL_MODAL_VERBS = re.compile(r"\b(skal|vil|må|will|shall)\b", re.IGNORECASE)
ACTION_VERB_OPENING = re.compile(
    r"^(styrke|øke|etablere|redusere|sikre|utvikle|bedre|fremme|"
    r"increase|establish|strengthen|reduce|ensure|develop|improve|promote)\b",
    re.IGNORECASE,
)


def _rows(graph: Graph, query: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in graph.query(query, initNs=PREFIXES)]


def test_example_loads_with_instance_data(example_rdf: Graph) -> None:
    assert len(example_rdf) > len(vocabulary()) + 100


def test_every_project_reaches_a_main_goal(example_rdf: Graph) -> None:
    projects = set(example_rdf.subjects(RDF.type, GG.Project))
    assert projects, "the example has no projects"
    unreached = _rows(
        example_rdf,
        """
        SELECT ?project WHERE {
          ?project a gg:Project .
          FILTER NOT EXISTS {
            ?project gg:implements/gg:resolves/gg:concretises/gg:realises/gg:contributesTo* ?goal .
            ?goal a gg:MainGoal .
          }
        }
        """,
    )
    assert unreached == []


def test_every_user_facing_node_has_nb_and_en_labels(example_rdf: Graph) -> None:
    missing = _rows(
        example_rdf,
        f"""
        SELECT DISTINCT ?node ?lang WHERE {{
          VALUES ?class {{ {USER_FACING} }}
          VALUES ?lang {{ "nb" "en" }}
          ?node rdf:type/rdfs:subClassOf* ?class .
          FILTER NOT EXISTS {{ ?node rdfs:label ?label . FILTER(lang(?label) = ?lang) }}
        }}
        """,
    )
    assert missing == []


def test_no_node_asserts_serves(example_rdf: Graph) -> None:
    # gg:serves is inferred by the reasoner; any occurrence here was written by hand.
    assert list(example_rdf.subject_objects(GG.serves)) == []


def test_localises_points_at_sdg_targets_or_goals(example_rdf: Graph) -> None:
    localised = list(example_rdf.subject_objects(GG.localises))
    assert localised, "no goal localises an SDG item"
    wrong = _rows(
        example_rdf,
        """
        SELECT ?goal ?item WHERE {
          ?goal gg:localises ?item .
          FILTER NOT EXISTS { VALUES ?class { gg:SDGTarget gg:SDGGoal } ?item a ?class }
        }
        """,
    )
    assert wrong == []


def test_goals_are_phrased_as_desired_states(example_rdf: Graph) -> None:
    offending = []
    for goal in set(example_rdf.subjects(RDF.type, GG.MainGoal)) | set(
        example_rdf.subjects(RDF.type, GG.SubGoal)
    ):
        for text in example_rdf.objects(goal, RDFS.label):
            if GOAL_MODAL_VERBS.search(str(text)) or ACTION_VERB_OPENING.match(str(text)):
                offending.append(str(text))
    assert offending == []


def test_means_never_point_at_sdg_items(example_rdf: Graph) -> None:
    wrong = _rows(
        example_rdf,
        """
        SELECT ?means ?item WHERE {
          ?means rdf:type/rdfs:subClassOf* gg:Means ; ?p ?item .
          ?item rdf:type/rdfs:subClassOf* gg:SDGItem .
        }
        """,
    )
    assert wrong == []


# Asker-specific content: the example tells the whole story of its source documents.


def test_asker_has_at_least_twelve_complete_projects(asker_rdf: Graph) -> None:
    required = (
        GG.implements,
        GG.owner,
        GG.manager,
        GG.phase,
        GG.budget,
        GG.startDate,
        GG.endDate,
        GG.riskLevel,
        GG.partOf,
        GG.expectedBenefit,
    )
    projects = set(asker_rdf.subjects(RDF.type, GG.Project))
    assert len(projects) >= 12
    incomplete = [
        (project, prop)
        for project in projects
        for prop in required
        if asker_rdf.value(project, prop) is None
    ]
    assert incomplete == []
    with_effect = {p for p in projects if asker_rdf.value(p, GG.expectedEffect) is not None}
    assert len(with_effect) >= 5


def test_asker_budgets_are_decimals(asker_rdf: Graph) -> None:
    budgets = list(asker_rdf.objects(None, GG.budget))
    assert budgets
    assert all(isinstance(b, Literal) and isinstance(b.toPython(), Decimal) for b in budgets)


def test_asker_every_indicator_has_target_values_and_observations(asker_rdf: Graph) -> None:
    counts = _rows(
        asker_rdf,
        """
        SELECT ?indicator (COUNT(DISTINCT ?target) AS ?targets)
               (COUNT(DISTINCT ?observation) AS ?observations) WHERE {
          ?indicator a gg:Indicator .
          OPTIONAL { ?target a gg:TargetValue ; gg:indicator ?indicator ; gg:date ?d1 . }
          OPTIONAL { ?observation a gg:Observation ; gg:indicator ?indicator ; gg:date ?d2 . }
        } GROUP BY ?indicator
        """,
    )
    assert counts
    too_few = [row for row in counts if int(str(row[1])) < 2 or int(str(row[2])) < 3]
    assert too_few == []


def test_asker_every_goal_has_an_indicator(asker_rdf: Graph) -> None:
    unmeasured = _rows(
        asker_rdf,
        """
        SELECT ?goal WHERE {
          VALUES ?class { gg:MainGoal gg:SubGoal }
          ?goal a ?class .
          FILTER NOT EXISTS { ?indicator gg:measures ?goal }
        }
        """,
    )
    assert unmeasured == []


def _strategic_budget(graph: Graph) -> tuple[Decimal, Decimal]:
    portfolio = URIRef("https://w3id.org/goalgraph/examples/asker/strategisk-portefolje")
    frame = graph.value(portfolio, GG.budgetFrame)
    assert isinstance(frame, Literal)
    direct = [
        graph.value(p, GG.budget)
        for p in graph.subjects(GG.partOf, portfolio)
        if (p, RDF.type, GG.Project) in graph
    ]
    return sum((Decimal(str(b)) for b in direct if b is not None), Decimal(0)), Decimal(frame)


def test_asker_portfolio_versions_are_each_within_the_frame() -> None:
    # The 2015 and 2016 portfolios merged into one exceed the frame; each version does not.
    merged = Graph()
    for path in sorted(ASKER.glob("*.ttl")):
        merged.parse(path)
    total, frame = _strategic_budget(merged)
    assert total > frame
    for version, expected in (("2015", Decimal("38500000")), ("2016", Decimal("60200000"))):
        total, frame = _strategic_budget(load_data(ASKER, version=version))
        assert total == expected
        assert total < frame


def test_asker_sources_name_the_source_documents() -> None:
    data = load_data(ASKER)
    sources = {str(s) for s in data.objects(None, DCTERMS.source)}
    assert sources == {
        "Asker kommune: Helhetlig virksomhetsstyring – fra bærekraftsmål til praktiske verktøy",
        "Asker kommune: Porteføljestyring – strategisk prosjektportefølje 2015/2016",
        "Porteføljestyring i kommunene – litt om praksisen i Asker, Bergen og Trondheim",
    }
