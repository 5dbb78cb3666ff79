"""What a shapes graph can read of a data graph: the analysis, and proof that validating only
that part reports exactly what validating everything reports."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from goalgraph.files import new_graph, vocabulary_triples
from goalgraph.namespace import GG
from goalgraph.store.mirror import SparqlMirror
from goalgraph.validation import ValidationReport, load_shapes, validate
from goalgraph.validation.engine import validate_complete
from goalgraph.validation.engines import Engine
from goalgraph.validation.reach import Reach, shapes_reach

EX = "https://example.org/reach/"
PREFIXES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex:   <https://example.org/reach/> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def _shapes(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


DECLARE = """sh:prefixes [
        sh:declare [ sh:prefix "gg" ; sh:namespace "https://w3id.org/goalgraph#"^^xsd:anyURI ] ,
            [ sh:prefix "ex" ; sh:namespace "https://example.org/reach/"^^xsd:anyURI ] ]"""


def _sparql_shape(select: str) -> Graph:
    return _shapes(
        f"""
        ex:S a sh:NodeShape ; sh:targetClass gg:Goal ;
            sh:sparql [ sh:select \"\"\"{select}\"\"\" ; {DECLARE} ] .
        """
    )


def _node(name: str) -> URIRef:
    return URIRef(EX + name)


# ----------------------------------------------------------------------------------------
# The analysis
# ----------------------------------------------------------------------------------------


def test_the_built_in_shapes_can_be_followed() -> None:
    reach = shapes_reach(load_shapes())
    assert not reach.whole
    assert not reach.any_forward
    assert {GG.Goal, GG.Means, GG.Project, GG.Indicator} <= reach.classes
    # Paths written with sh:inversePath: what serves a goal, what measures it.
    assert {GG.contributesTo, GG.realises, GG.measures} <= reach.inverse
    assert {RDF.type, RDFS.subClassOf, GG.implements, RDFS.label} <= reach.forward
    # Read forward from expected effects to their indicator (and between the target values a
    # revision compares), never back from an indicator to its observations.
    assert GG.indicator in reach.forward
    assert GG.indicator not in reach.inverse | reach.everywhere


def test_an_inverse_path_and_a_target_of_objects_are_read_backwards() -> None:
    reach = shapes_reach(
        _shapes(
            """
            ex:A a sh:NodeShape ; sh:targetObjectsOf ex:o ;
                sh:property [ sh:path ( ex:p [ sh:inversePath ex:q ] ) ; sh:minCount 1 ] .
            """
        )
    )
    assert reach.objects_of == {_node("o")}
    assert {_node("o"), _node("q")} <= reach.inverse
    assert _node("p") in reach.forward and _node("p") not in reach.inverse


def test_a_closed_shape_reads_every_predicate_of_the_nodes_it_reaches() -> None:
    reach = shapes_reach(_shapes("ex:A a sh:NodeShape ; sh:targetClass gg:Goal ; sh:closed true ."))
    assert reach.any_forward and not reach.whole


def test_what_the_analysis_cannot_follow_reads_the_whole_graph() -> None:
    custom_target = _shapes("ex:A a sh:NodeShape ; sh:target [ a ex:Custom ] .")
    on_a_property = _shapes(
        """
        ex:A a sh:PropertyShape ; sh:targetClass gg:Goal ; sh:path ex:p ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this $PATH ?v }" ] .
        """
    )
    assert shapes_reach(custom_target).whole
    assert shapes_reach(on_a_property).whole
    assert shapes_reach(_sparql_shape("SELECT $this WHERE { ?x ?p $this }")).whole
    assert shapes_reach(_sparql_shape("SELECT $this WHERE { $this ex:a ?v . ?x ex:b* ?y }")).whole
    assert shapes_reach(_sparql_shape("SELECT $this WHERE { GRAPH ?g { $this ?p ?o } }")).whole
    assert shapes_reach(_sparql_shape("SELECT $this WHERE { $this ?p $currentShape }")).whole
    assert shapes_reach(_sparql_shape("SELECT $this WHERE { this is not SPARQL")).whole


def test_sparql_patterns_anchored_at_this_are_read_from_there() -> None:
    forward = shapes_reach(
        _sparql_shape("SELECT $this ?value WHERE { $this ?path ?value . ?value ex:a ?x }")
    )
    assert not forward.whole and not forward.any_forward
    assert _node("a") in forward.forward and not forward.everywhere
    backwards = shapes_reach(_sparql_shape("SELECT $this WHERE { $this ex:a ?v . ?x ex:b ?v }"))
    assert _node("b") in backwards.inverse
    # A variable predicate beyond $this reads every triple of the nodes reached.
    assert shapes_reach(
        _sparql_shape("SELECT $this WHERE { $this ex:a ?v . ?v ?p ?w }")
    ).any_forward


def test_a_pattern_no_reached_node_anchors_is_read_everywhere() -> None:
    union = shapes_reach(
        _sparql_shape("SELECT $this WHERE { { $this ex:a ?v } UNION { ?v ex:b ?w } }")
    )
    assert _node("b") in union.everywhere and _node("a") not in union.everywhere
    # An OPTIONAL leans only on its own left side, never on a sibling of the whole.
    optional = shapes_reach(
        _sparql_shape(
            "SELECT $this WHERE { { $this ex:a ?v OPTIONAL { ?w ex:b ?u } } $this ex:c ?w }"
        )
    )
    assert _node("b") in optional.everywhere
    # A LIMIT keeps solutions chosen among all of them.
    limited = shapes_reach(
        _sparql_shape(
            "SELECT $this WHERE { $this ex:a ?v { SELECT ?v WHERE { ?v ex:b ?w } LIMIT 1 } }"
        )
    )
    assert _node("b") in limited.everywhere
    # A sub-select without a limit is joined on what it projects.
    joined = shapes_reach(
        _sparql_shape("SELECT $this WHERE { $this ex:a ?v { SELECT ?v WHERE { ?v ex:b ?w } } }")
    )
    assert _node("b") in joined.forward and _node("b") not in joined.everywhere


def test_not_exists_is_read_from_the_solution_it_filters() -> None:
    reach = shapes_reach(
        _sparql_shape("SELECT $this WHERE { $this ex:a ?v FILTER NOT EXISTS { ?x ex:b ?v } }")
    )
    assert _node("b") in reach.inverse and not reach.everywhere


# ----------------------------------------------------------------------------------------
# Pruning
# ----------------------------------------------------------------------------------------


def _pruned(data: Graph, reach: Reach) -> Graph:
    triples = [*data, *vocabulary_triples()]
    kept = new_graph()
    for triple in reach.prune(triples, lambda term: term):
        kept.add(triple)
    return kept


def test_observations_no_shape_reads_are_left_out() -> None:
    data = new_graph()
    goal, indicator, observation = _node("goal"), _node("indicator"), _node("obs")
    data.add((goal, RDF.type, GG.MainGoal))
    data.add((goal, RDFS.label, Literal("Trygge barn", lang="nb")))
    data.add((indicator, RDF.type, GG.Indicator))
    data.add((indicator, GG.measures, goal))
    data.add((observation, RDF.type, GG.Observation))
    data.add((observation, GG.indicator, indicator))
    data.add((observation, GG.value, Literal("3.5", datatype=XSD.decimal)))
    pruned = _pruned(data, shapes_reach(load_shapes()))
    assert (goal, RDFS.label, Literal("Trygge barn", lang="nb")) in pruned
    assert (indicator, GG.measures, goal) in pruned
    assert not set(pruned.triples((observation, None, None)))
    # The class hierarchy the goal's type needs is kept, the rest of the vocabulary is not.
    assert (GG.MainGoal, RDFS.subClassOf, GG.Goal) in pruned
    assert len(pruned) < len(vocabulary_triples())


def test_a_vocabulary_indexed_once_prunes_as_if_given_with_the_data() -> None:
    data = new_graph()
    goal, strategy = _node("goal"), _node("strategy")
    data.add((goal, RDF.type, GG.MainGoal))
    data.add((strategy, RDF.type, GG.Strategy))
    data.add((strategy, GG.realises, goal))
    data.add((_node("obs"), RDF.type, GG.Observation))
    reach = shapes_reach(load_shapes())
    same = lambda term: term  # noqa: E731
    together = reach.prune([*data, *vocabulary_triples()], same)
    apart = reach.prune(list(data), same, reach.index(vocabulary_triples(), same))
    assert sorted(apart) == sorted(together)
    assert (GG.MainGoal, RDFS.subClassOf, GG.Goal) in apart


def test_a_whole_reach_keeps_everything() -> None:
    triples = [(_node("a"), _node("p"), _node("b")), (_node("c"), _node("q"), Literal(1))]
    assert Reach(whole=True).prune(triples, lambda term: term) == triples


def _results(report: ValidationReport) -> list[dict[str, object]]:
    return [r.to_json() for r in report.results]


def _same_reports(data: Graph, shapes: Graph) -> None:
    reach = shapes_reach(shapes)
    pruned = _pruned(data, reach)
    for lang in ("nb", "en"):
        whole = validate(data, shapes=shapes, lang=lang, engine=Engine.pyshacl)
        part = validate_complete(pruned, SparqlMirror.of(pruned), shapes=shapes, lang=lang)
        assert _results(part) == _results(whole)
        assert part.to_text() == whole.to_text()


# Nodes of every kind of the goal chain, and links between any two of them (right or wrong),
# so that the shapes have plenty to report.
_KINDS = [
    GG.MainGoal,
    GG.SubGoal,
    GG.Strategy,
    GG.Assignment,
    GG.Measure,
    GG.Project,
    GG.Indicator,
    GG.Observation,
]
_LINKS = [
    GG.contributesTo,
    GG.realises,
    GG.concretises,
    GG.resolves,
    GG.implements,
    GG.measures,
    GG.indicator,
    GG.localises,
    RDFS.label,
]
_nodes = st.lists(st.sampled_from(_KINDS), min_size=1, max_size=8)


@st.composite
def _models(draw: st.DrawFn) -> Graph:
    kinds = draw(_nodes)
    nodes = [_node(f"n{i}") for i in range(len(kinds))]
    data = new_graph()
    for node, kind in zip(nodes, kinds, strict=True):
        data.add((node, RDF.type, kind))
        if draw(st.booleans()):
            data.add((node, RDFS.label, Literal(f"Node {node[-1]}", lang="nb")))
    targets = [*nodes, URIRef("http://metadata.un.org/sdg/1.1"), BNode()]
    for _ in range(draw(st.integers(0, 12))):
        source = draw(st.sampled_from(nodes))
        link = draw(st.sampled_from(_LINKS))
        target = draw(st.sampled_from(targets))
        if link == RDFS.label:
            data.add((source, link, Literal(draw(st.sampled_from(["Vi skal øke", "Trygg by"])))))
        else:
            data.add((source, link, target))
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_models())
def test_random_models_report_the_same_when_pruned(data: Graph) -> None:
    _same_reports(data, load_shapes())


CUSTOM = _shapes(
    f"""
    ex:Served a sh:NodeShape ; sh:targetClass gg:Goal ;
        sh:property [ sh:path [ sh:inversePath gg:realises ] ; sh:minCount 1 ;
                      sh:message "not realised"@en , "ikke realisert"@nb ] .
    ex:ObservedIndicator a sh:NodeShape ; sh:targetClass gg:Indicator ;
        sh:property [ sh:path [ sh:inversePath gg:indicator ] ; sh:minCount 1 ;
                      sh:message "no observation"@en , "ingen observasjon"@nb ] .
    ex:LinkedSources a sh:NodeShape ; sh:targetObjectsOf gg:implements ;
        sh:sparql [ sh:message "implemented by a non-project"@en ; {DECLARE} ;
            sh:select \"\"\"SELECT $this ?value WHERE {{
                ?value gg:implements $this .
                FILTER NOT EXISTS {{ ?value a gg:Project }} }}\"\"\" ] .
    """
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_models())
def test_shapes_that_read_backwards_report_the_same_when_pruned(data: Graph) -> None:
    reach = shapes_reach(CUSTOM)
    assert not reach.whole and GG.indicator in reach.inverse
    _same_reports(data, CUSTOM)
