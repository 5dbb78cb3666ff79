"""Validation: every rule reports exactly the nodes to fix; reports in JSON, text, Turtle; CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH
from typer.testing import CliRunner

from goalgraph import LoadError, ValidationError, load, load_data, vocabulary
from goalgraph.cli.main import app, main
from goalgraph.validation import SEVERITIES, ValidationReport, validate
from tests.conftest import ASKER, TEST_DATA

INVALID = TEST_DATA / "invalid"
BASE = INVALID / "_base.ttl"
RULE_FILES = sorted(INVALID.glob("*Shape.ttl"))

_EXPECT = re.compile(r"^# expect: (\S+) ex:(\S+)$", re.MULTILINE)
_EX_PREFIX = re.compile(r"^@prefix ex:\s+<([^>]+)>", re.MULTILINE)

runner = CliRunner()


def expected(path: Path) -> Counter[tuple[str, str]]:
    """The (rule, focus IRI) pairs a rule file declares in its '# expect:' lines."""
    text = path.read_text(encoding="utf-8")
    prefix = _EX_PREFIX.search(text)
    assert prefix is not None, f"{path.name} declares no ex: prefix"
    return Counter((rule, prefix.group(1) + local) for rule, local in _EXPECT.findall(text))


def reported(report: ValidationReport) -> Counter[tuple[str, str]]:
    return Counter((r.rule, str(r.focus)) for r in report.results)


def test_base_model_is_clean() -> None:
    report = validate(load(BASE))
    assert report.results == []
    assert report.conforms
    assert report.counts == {"Violation": 0, "Warning": 0, "Info": 0}


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_rule_reports_exactly_the_declared_nodes(path: Path) -> None:
    report = validate(load(BASE, path))
    assert expected(path), f"{path.name} declares no expected result"
    assert reported(report) == expected(path)
    # The rule the file is named after is among them, on a node of the file itself.
    assert path.stem in {r.rule for r in report.results}


def test_model_with_many_errors_reports_every_one() -> None:
    everything = sum((expected(p) for p in RULE_FILES), Counter())
    report = validate(load(INVALID))
    assert reported(report) == everything
    assert {r.rule for r in report.results} == {p.stem for p in RULE_FILES}
    assert report.counts["Violation"] > 30
    assert not report.conforms


def test_examples_have_no_violation(example_graph: Graph) -> None:
    report = validate(example_graph, lang="en")
    violations = [f"{r.rule} {r.focus} {r.value}" for r in report.violations]
    assert violations == []
    assert report.conforms


def test_ontology_and_sdg_module_alone_give_no_result_at_all() -> None:
    report = validate(vocabulary())
    assert report.results == []


def test_data_only_graph_gets_the_vocabulary() -> None:
    path = INVALID / "MeansPointsAtSDGShape.ttl"
    data_only = load_data(BASE, path)
    before = len(data_only)
    assert reported(validate(data_only)) == expected(path)
    assert len(data_only) == before


def test_named_graphs_are_validated_as_one_model() -> None:
    dataset = Dataset()
    dataset.graph(URIRef("urn:party:base")).parse(BASE)
    dataset.graph(URIRef("urn:party:other")).parse(INVALID / "RealisesTargetShape.ttl")
    report = validate(dataset)
    assert reported(report) == expected(INVALID / "RealisesTargetShape.ttl")


def test_results_name_path_value_and_message_in_the_chosen_language() -> None:
    path = INVALID / "RealisesTargetShape.ttl"
    nb = validate(load(BASE, path)).results[0]
    en = validate(load(BASE, path), lang="en").results[0]
    assert nb.path == URIRef("https://w3id.org/goalgraph#realises")
    assert nb.value == "https://example.org/invalid/base#oppdrag"
    assert nb.severity == "Violation"
    assert nb.focus_label == "Kommunen skal satse på idrett"
    assert en.focus_label == "The municipality will invest in sport"
    assert nb.message.startswith("En strategi realiserer et mål")
    assert en.message.startswith("A strategy realises a goal")


def test_results_are_sorted_by_severity_rule_and_focus() -> None:
    results = validate(load(INVALID)).results
    keys = [(SEVERITIES.index(r.severity), r.rule, str(r.focus)) for r in results]
    assert keys == sorted(keys)
    assert [r.severity for r in results][-1] == "Info"


def test_json_document_has_the_contracted_shape() -> None:
    document = validate(load(BASE, INVALID / "ImplementsShortcutShape.ttl"), lang="en").to_json()
    assert set(document) == {"conforms", "counts", "results"}
    assert document["conforms"] is True  # a Warning only
    assert document["counts"] == {"Violation": 0, "Warning": 2, "Info": 0}
    first = document["results"][0]
    assert set(first) == {"focus", "focus_label", "severity", "rule", "path", "value", "message"}
    assert first["rule"] == "ImplementsShortcutShape"
    assert first["path"] == "https://w3id.org/goalgraph#implements"
    assert first["value"] == "https://example.org/invalid/base#oppdrag"
    assert first["message"].startswith("The project implements an assignment")
    json.dumps(document)


def test_report_graph_is_a_standard_shacl_report() -> None:
    report = validate(load(BASE, INVALID / "GoalCycleShape.ttl"))
    node = report.graph.value(predicate=RDF.type, object=SH.ValidationReport)
    assert node is not None
    assert len(list(report.graph.objects(node, SH.result))) == 3


def test_text_groups_results_by_rule_with_labels() -> None:
    report = validate(load(BASE, INVALID / "GoalCycleShape.ttl"), lang="en")
    text = report.to_text()
    assert text.count("Violation · GoalCycleShape · cycle in the goal hierarchy (3)") == 1
    assert "Children cope at school" in text
    norwegian = report.to_text("nb")
    assert "sirkel i målhierarkiet (3)" in norwegian
    assert "Barn mestrer skolen" in norwegian


def test_raise_for_results_only_on_violations() -> None:
    validate(load(BASE, INVALID / "ImplementsShortcutShape.ttl")).raise_for_results()
    with pytest.raises(ValidationError, match="GoalCycleShape"):
        validate(load(BASE, INVALID / "GoalCycleShape.ttl")).raise_for_results()


CUSTOM_SHAPES = """
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix gg:   <https://w3id.org/goalgraph#> .
@prefix my:   <https://example.org/my-shapes#> .
my:ProjectRiskShape a sh:PropertyShape ;
    sh:targetClass gg:Project ;
    sh:path gg:riskLevel ;
    sh:minCount 1 ;
    sh:severity sh:Warning ;
    sh:message "Prosjektet mangler risikonivå."@nb , "The project has no risk level."@en .
"""


def test_shapes_can_be_replaced(tmp_path: Path) -> None:
    path = tmp_path / "mine.ttl"
    path.write_text(CUSTOM_SHAPES, encoding="utf-8")
    model = load(BASE, INVALID / "ProjectOwnerShape.ttl")
    for shapes in (path, Graph().parse(data=CUSTOM_SHAPES, format="turtle")):
        report = validate(model, shapes=shapes, lang="en")
        assert [(r.rule, r.severity, r.message) for r in report.results] == [
            ("ProjectRiskShape", "Warning", "The project has no risk level.")
        ] * 2
    result = runner.invoke(app, ["validate", str(BASE), "--shapes", str(path), "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["counts"] == {"Violation": 0, "Warning": 1, "Info": 0}


def test_unusable_shapes_are_a_load_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    with pytest.raises(LoadError, match="no SHACL shapes"):
        validate(load(BASE), shapes=empty)
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ;\n"
        '    sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .\n',
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match="shapes cannot be used"):
        validate(load(BASE), shapes=broken)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="not a supported language"):
        validate(load(BASE), lang="de")


# ----------------------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------------------


def test_cli_exit_code_zero_for_a_model_without_violations() -> None:
    result = runner.invoke(app, ["validate", str(ASKER)])
    assert result.exit_code == 0, result.output
    assert "ingen brudd" in result.output


def test_cli_exit_code_one_and_json_for_violations() -> None:
    path = INVALID / "RealisesSourceShape.ttl"
    result = runner.invoke(app, ["validate", str(BASE), str(path), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["conforms"] is False
    assert Counter((r["rule"], r["focus"]) for r in document["results"]) == expected(path)


def test_cli_warnings_only_exit_zero_in_english_text() -> None:
    path = INVALID / "GoalServedShape.ttl"
    result = runner.invoke(app, ["validate", str(BASE), str(path), "--lang", "en"])
    assert result.exit_code == 0
    assert "Warning · GoalServedShape · goal nothing serves (1)" in result.output
    assert "Everyone can take part in working life" in result.output


def test_cli_turtle_is_a_parseable_report() -> None:
    result = runner.invoke(
        app, ["validate", str(BASE), str(INVALID / "GoalCycleShape.ttl"), "-f", "turtle"]
    )
    assert result.exit_code == 1
    graph = Graph().parse(data=result.output, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in graph
    assert len(list(graph.subjects(SH.focusNode, None))) == 3


def test_cli_bad_format_or_language_exit_two() -> None:
    assert runner.invoke(app, ["validate", str(BASE), "--format", "xml"]).exit_code == 2
    assert runner.invoke(app, ["validate", str(BASE), "--lang", "de"]).exit_code == 2


def test_cli_unreadable_input_exits_two_naming_file_and_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = TEST_DATA / "load" / "broken.ttl"
    monkeypatch.setattr(sys, "argv", ["goalgraph", "validate", str(broken)])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 2
    assert f"{broken}:7" in capsys.readouterr().err


def test_summary_nouns_agree_with_their_counts() -> None:
    report = validate(load(BASE, INVALID / "IndicatorUnitLanguageShape.ttl"), lang="nb")
    assert report.to_text().splitlines()[1] == "1 brudd, 0 advarsler, 0 merknader"
    assert report.to_text("en").splitlines()[1] == "1 Violation, 0 Warnings, 0 Infos"


def test_pyshacl_is_imported_only_to_validate_with_it() -> None:
    # pySHACL and rdflib's SPARQL engine take about 20 MB: loading a model, reporting on it,
    # its effect balance and validation with the default engine come without them.
    script = (
        "import sys\n"
        "import goalgraph.validation, goalgraph.validation.store\n"
        "from goalgraph import load\n"
        "from goalgraph.analysis.effects import effects\n"
        "from goalgraph.analysis.report import portfolio_report\n"
        "from goalgraph.store import open_files\n"
        "from goalgraph.validation.engines import Engine\n"
        f"store = open_files({str(ASKER)!r})\n"
        "portfolio_report(store, lang='nb')\n"
        "effects(store)\n"
        f"model = load({str(ASKER)!r})\n"
        "goalgraph.validation.validate(model)\n"
        "heavy = ('pyshacl', 'rdflib.plugins.sparql')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
        "goalgraph.validation.validate(model, engine=Engine.pyshacl)\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["", "pyshacl,rdflib.plugins.sparql"]
