"""Random input into the importers, the query runner and the HTTP API: only our errors come out."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from goalgraph.errors import GoalgraphError, LoadError, QueryError
from goalgraph.files import load_data, parse_text
from goalgraph.sparql.library import named_queries, run_query
from goalgraph.spreadsheet import import_csv_folder, import_workbook, write_template
from goalgraph.store import Store
from goalgraph.web.guard import check
from tests.conftest import ASKER
from tests.web.conftest import Served, run_server

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
# Workbooks and HTTP requests are slower: fewer examples keep the file well under a minute.
FUZZ_SLOW = settings(FUZZ, max_examples=20)

# Pieces of Turtle, so that random text gets past the first token now and then.
TURTLE_TOKENS = [
    "@prefix",
    "@base",
    "PREFIX",
    "BASE",
    "ex:",
    "ex:a",
    ":",
    "<http://example.org/a>",
    "<>",
    "<a b>",
    '"x"',
    '"x"@nb',
    '"x"@',
    '"1"^^xsd:integer',
    '"1"^^<x>',
    "'''y'''",
    '"""z"""',
    ".",
    ";",
    ",",
    "[",
    "]",
    "(",
    ")",
    "a",
    "true",
    "1.5e3",
    "-0",
    "_:b",
    "_:",
    "#c\n",
    "\\u00",
    "\\U0001F600",
    "gg:Goal",
    "rdfs:label",
    "<<",
    ">>",
    "{",
    "}",
    "^^",
    "@nb-NO",
    "\n",
]
turtle_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(TURTLE_TOKENS), st.text(max_size=8)), max_size=40).map(
        " ".join
    ),
)
# JSON-LD keywords except @context and @import, whose string values would make the parser
# fetch documents; contexts are generated separately as inline objects.
JSONLD_KEYS = [
    "@id",
    "@type",
    "@value",
    "@language",
    "@list",
    "@set",
    "@graph",
    "@reverse",
    "@index",
    "@vocab",
    "@base",
    "@nest",
    "@included",
    "@direction",
    "@json",
]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["http://example.org/a", "ex:a", "_:b", "", "@id", "2024-01-01"]),
)
json_keys = st.one_of(st.sampled_from(JSONLD_KEYS), st.text(max_size=10)).filter(
    lambda k: k not in ("@context", "@import")
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(json_keys, inner, max_size=4)
    ),
    max_leaves=20,
)
contexts = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k not in ("@context", "@import")),
    st.one_of(
        st.sampled_from(["http://example.org/", "ex:", "@id", "@vocab"]), st.text(max_size=10)
    ),
    max_size=4,
)
jsonld_documents = st.one_of(
    json_values,
    st.builds(
        lambda c, body: {"@context": c, **body},
        contexts,
        st.dictionaries(json_keys, json_values, max_size=4),
    ),
)


@FUZZ
@given(turtle_text)
def test_turtle_text_gives_a_graph_or_a_load_error(text: str) -> None:
    with contextlib.suppress(LoadError):
        assert isinstance(parse_text(text, "turtle"), Graph)


@FUZZ
@given(jsonld_documents)
def test_jsonld_text_gives_a_graph_or_a_load_error(document: Any) -> None:
    with contextlib.suppress(LoadError):
        assert isinstance(parse_text(json.dumps(document), "json-ld"), Graph)


@FUZZ
@given(
    st.one_of(
        turtle_text.map(lambda t: (".ttl", t)),
        jsonld_documents.map(lambda d: (".jsonld", json.dumps(d))),
    )
)
def test_files_give_a_graph_or_a_load_error(file: tuple[str, str]) -> None:
    suffix, text = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(LoadError):
            load_data(path)


# Cell contents like those people type, and values that look like the ones the sheets expect.
# Spreadsheets cannot hold control characters; openpyxl refuses them before we see them.
cell_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
cells = st.one_of(
    st.none(),
    cell_text,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.sampled_from(
        [
            "mg-1",
            "dm-1",
            "Hovedmål",
            "Delmål",
            "sdg:3.4",
            "3.4",
            "asker:mg-1",
            "http://example.org/x",
            "mg-1; dm-1",
            "=1+1",
            "1 000",
            "12,5",
            "Ja",
            "Nei",
            "  ",
            "<script>",
            "a\nb",
        ]
    ),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / "template.xlsx")


def _headers(template: Path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(template)
    return {
        sheet.title: [str(c.value) for c in sheet[1] if c.value is not None]
        for sheet in book.worksheets[1:]
        if not sheet.title.startswith("_")
    }


sheet_rows = st.lists(st.lists(cells, min_size=1, max_size=12), min_size=1, max_size=6)


@FUZZ_SLOW
@given(st.data())
def test_random_workbooks_give_a_graph_or_our_error(template: Path, data: st.DataObject) -> None:
    book = openpyxl.load_workbook(template)
    titles = [s.title for s in book.worksheets[1:] if not s.title.startswith("_")]
    for title in data.draw(st.lists(st.sampled_from(titles), min_size=1, max_size=3)):
        sheet = book[title]
        for row in data.draw(sheet_rows):
            sheet.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        book.save(path)
        with contextlib.suppress(GoalgraphError):
            import_workbook(path)


@FUZZ_SLOW
@given(st.data())
def test_random_csv_folders_give_a_graph_or_our_error(template: Path, data: st.DataObject) -> None:
    headers = _headers(template)
    chosen = data.draw(st.lists(st.sampled_from(sorted(headers)), min_size=1, max_size=3))
    with tempfile.TemporaryDirectory() as folder:
        for title in chosen:
            rows = [["" if v is None else str(v) for v in r] for r in data.draw(sheet_rows)]
            with (Path(folder) / f"{title}.csv").open("w", encoding="utf-8", newline="") as out:
                csv.writer(out).writerows([headers[title], *rows])
        with contextlib.suppress(GoalgraphError):
            import_csv_folder(folder)


# Parameter values: random text and the shapes of IRIs, CURIEs and dates.
param_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "asker:",
            "asker:mg-folkehelse",
            "gg:Goal",
            "http://",
            "<x>",
            "a b",
            ":",
            "https://w3id.org/goalgraph/examples/asker/mg-folkehelse",
            "2024-13-40",
            "2024-01-01",
            "nb",
            "zz",
            "_:b",
            "sdg:3",
            '"x"',
            "x\u0000y",
            "%00",
            "?g",
            "asker:mg>x",
            'asker:a"b',
            "asker:{x}",
            "asker:a|b^c`d\\e",
            "<http://example.org/a b>",
        ]
    ),
)
PARAMETRISED = sorted(name for name, q in named_queries().items() if q.params)


@FUZZ
@given(
    st.sampled_from(PARAMETRISED),
    st.dictionaries(
        st.sampled_from(["goal", "project", "node", "today", "lang", "other"]),
        param_values,
        max_size=3,
    ),
)
def test_named_query_parameters_give_a_result_or_our_error(
    asker_graph: Store, name: str, params: dict[str, str]
) -> None:
    with contextlib.suppress(GoalgraphError):
        run_query(asker_graph, name, params)


@pytest.fixture(scope="module")
def asker_api() -> Iterator[Served]:
    yield from run_server([ASKER])


API_CLIENT = httpx.Client(timeout=60)


@FUZZ_SLOW
@given(
    st.sampled_from(
        [
            ("/api/trace", "project"),
            ("/api/projects-serving", "goal"),
            ("/api/goals", "sdg"),
            ("/api/goals", "phase"),
            ("/api/goals", "responsible"),
            ("/api/goals", "portfolio"),
            ("/api/goal", "goal"),
            ("/api/graph", "iri"),
            ("/api/graph", "node"),
            ("/api/queries/projects-serving", "goal"),
            ("/api/queries/trace", "project"),
            ("/goal", "iri"),
            ("/project", "iri"),
            ("/node", "iri"),
            ("/graph", "node"),
        ]
    ),
    param_values,
    st.sampled_from(["nb", "en", "xx", ""]),
)
def test_api_parameters_never_give_a_server_error(
    asker_api: Served, endpoint: tuple[str, str], value: str, lang: str
) -> None:
    path, name = endpoint
    response = API_CLIENT.get(f"{asker_api.url}{path}", params={name: value, "lang": lang})
    assert response.status_code < 500, response.text


# Contexts given by reference: the parsers would fetch or read them, so they are refused.
context_references = st.one_of(
    st.sampled_from(
        [
            "http://127.0.0.1:9/context.jsonld",
            "https://example.org/context",
            "file:///etc/passwd",
            "context.jsonld",
            "",
        ]
    ),
    st.text(max_size=20),
)


@FUZZ
@given(
    st.one_of(
        context_references,
        st.lists(st.one_of(context_references, contexts), min_size=1, max_size=3).filter(
            lambda items: any(isinstance(i, str) for i in items)
        ),
        st.builds(lambda ref: {"@import": ref}, context_references),
    ),
    st.dictionaries(json_keys, json_values, max_size=3),
)
def test_jsonld_context_references_are_refused(context: Any, body: dict[str, Any]) -> None:
    document = json.dumps({"@context": context, **body})
    with pytest.raises(LoadError, match="does not fetch or read"):
        parse_text(document, "json-ld")


SPARQL_TOKENS = [
    "SELECT",
    "ASK",
    "CONSTRUCT",
    "INSERT DATA",
    "DELETE WHERE",
    "WHERE",
    "SERVICE",
    "service",
    "LOAD",
    "SILENT",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "<http://example.org/a>",
    "<http://127.0.0.1:9/sparql>",
    "?s",
    "?p",
    "?o",
    "*",
    ".",
    ";",
    "'",
    '"',
    "'''",
    '"""',
    "#",
    "\n",
    "\\",
    "\\u0053",
    "gg:Goal",
    "a",
    "1",
]
sparql_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(SPARQL_TOKENS), max_size=60).map(" ".join),
)


@FUZZ
@given(sparql_text, st.booleans())
def test_sparql_text_is_checked_or_refused_with_our_error(text: str, allow_service: bool) -> None:
    with contextlib.suppress(QueryError):
        check(text, max_length=100_000, allow_service=allow_service)
