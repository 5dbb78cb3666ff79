"""Issue 17: the CLI's text as a planner reads it: the report, `info`, `trace`, `import`,
`export` and `viz` in bokmål and English, with counts that agree with their nouns and
Norwegian numbers and dates."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import FOAF
from typer.testing import CliRunner

from goalgraph.cli.main import app
from tests.conftest import ASKER

runner = CliRunner()
PROJECT = "https://w3id.org/goalgraph/examples/asker/pr-fremtidens-boligsosiale-tjenester"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def report_nb() -> str:
    return run("report", str(ASKER), "--today", "2026-01-15")


def test_report_dates_and_numbers_in_bokmaal(report_nb: str) -> None:
    assert "Per 15. januar 2026" in report_nb and "Per 2026-01-15" not in report_nb
    # 5.3 qualified applicants per position; 214000 tonnes CO2-equivalents.
    assert "5,3 (31.12.2018)" in report_nb and "5.3" not in report_nb
    assert "214\u00a0000 (31.12.2018)" in report_nb and "214000" not in report_nb
    assert "2018-12-31" not in report_nb
    assert "2\u00a0572 dager gammel" in report_nb


def test_report_in_english_keeps_english_formats() -> None:
    en = run("report", str(ASKER), "--today", "2026-01-15", "--lang", "en")
    assert "As of 15 January 2026" in en
    assert "5.3 (2018-12-31)" in en and "214,000" in en


def test_report_says_tjener_not_betjener(report_nb: str) -> None:
    assert "betjen" not in report_nb
    assert "Ingen prosjekter tjener disse målene:" in report_nb


def test_report_lists_labels_without_a_stop_before_the_separator(report_nb: str) -> None:
    assert ".;" not in report_nb
    assert "familiens økonomi; Kollektivtransport" in report_nb


def test_report_html_in_bokmaal() -> None:
    html = run("report", str(ASKER), "--today", "2026-01-15", "-f", "html")
    assert "Per 15. januar 2026" in html and "5,3" in html and ".;" not in html


def test_info_speaks_bokmaal_and_names_each_class_once() -> None:
    nb = run("info", str(ASKER))
    assert "Klasse" in nb and "Antall" in nb and "Per part" in nb
    assert "count" not in nb
    # gg:End and gg:Goal are both «mål»: one row says it.
    assert sum(1 for line in nb.splitlines() if line.strip("│ ").startswith("mål ")) == 1
    en = run("info", str(ASKER), "--lang", "en")
    assert "Class" in en and "Count" in en


def test_trace_says_once_that_the_sdg_texts_are_english() -> None:
    nb = run("trace", PROJECT, str(ASKER))
    assert "By 2030, ensure access for all" in nb
    assert nb.count("finnes bare på engelsk") == 1
    en = run("trace", PROJECT, str(ASKER), "--lang", "en")
    assert "bare på engelsk" not in en and "in English" not in en


def test_export_and_import_lines_agree_and_keep_person_labels(tmp_path: Path) -> None:
    book, back = tmp_path / "asker.xlsx", tmp_path / "back.ttl"
    out = run("export", str(ASKER), "-o", str(book))
    assert out.startswith("skrev ") and " rader, base " in out
    out = run("import", str(book), "-o", str(back))
    assert " tripler)" in out
    assert "SHACL: 0 brudd, 0 advarsler, 0 merknader" in out
    # Persons keep rdfs:label (nb and en) through the round trip, not only foaf:name.
    original = Graph()
    for path in sorted(ASKER.glob("*.ttl")):
        original.parse(path)
    returned = Graph().parse(back)
    persons = list(original.subjects(RDF.type, FOAF.Person))
    assert persons
    for person in persons:
        assert set(returned.objects(person, RDFS.label)) == set(
            original.objects(person, RDFS.label)
        )
    sheets = load_workbook(book, read_only=True).sheetnames
    assert "Målverdier og målinger" in sheets


def test_viz_line_counts_agree(tmp_path: Path) -> None:
    out = run("viz", PROJECT, str(ASKER), "-o", str(tmp_path / "v.html"), "--depth", "1")
    assert out.startswith("skrev ") and " noder, " in out and "nodes" not in out
