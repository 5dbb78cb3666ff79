"""/workbook.xlsx: the workbook `goalgraph export` writes, with its effect balance, downloaded
from a server on localhost; the /report page links to it."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from goalgraph.cli.main import app
from goalgraph.spreadsheet import import_workbook
from goalgraph.store import (
    OxigraphStore,
    data_graphs,
    ensure_vocabulary,
    file_graph,
    model_graph,
)
from goalgraph.web.deps import StoreSource
from goalgraph.web.routes import workbook
from tests.conftest import ASKER, MILJOPAKKEN
from tests.spreadsheet.test_roundtrip import assert_same
from tests.web.conftest import Served, run_server

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def miljopakken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Miljøpakken in a store on disk, one graph per party's file."""
    store = OxigraphStore(tmp_path_factory.mktemp("store") / "store")
    ensure_vocabulary(store)
    files = sorted(MILJOPAKKEN.glob("*.ttl"))
    for _ in store.load_graphs([(file_graph(path), [path]) for path in files]):
        pass
    yield from run_server([], StoreSource(store))


def download(server: Served, **params: str) -> httpx.Response:
    return httpx.get(server.url + "/workbook.xlsx", params=params, timeout=120)


def sheets(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_the_download_is_the_workbook_goalgraph_export_writes(
    asker_server: Served, tmp_path: Path
) -> None:
    response = download(asker_server, lang="en", at="2026-06-15")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert 'filename="goalgraph-model-2026-06-15.xlsx"' in response.headers["content-disposition"]
    exported = tmp_path / "cli.xlsx"
    cli = CliRunner().invoke(
        app, ["export", str(ASKER), "-o", str(exported), "--lang", "en", "--at", "2026-06-15"]
    )
    assert cli.exit_code == 0, cli.output
    served, written = sheets(response.content), sheets(exported.read_bytes())
    assert served == written
    assert len(served["Effect balance"]) > 1 and served["Effect balance"][0][0] == "Indicator"
    assert len(served["Counted effects"]) > 1


def test_one_graph_downloads_that_graph_and_imports_back(
    miljopakken_server: Served, tmp_path: Path
) -> None:
    store = miljopakken_server.source.store
    graphs = sorted(data_graphs(store), key=lambda info: -info.triples)
    graph = graphs[0].iri
    assert len(graphs) > 1
    response = download(miljopakken_server, graph=str(graph), at="2026-06-15")
    assert response.status_code == 200
    path = tmp_path / "one.xlsx"
    path.write_bytes(response.content)
    # Only that graph's model is in the planner's sheets; the balance follows its links.
    assert_same(model_graph(store, graph), import_workbook(path))
    assert "Effektbalanse" in load_workbook(path).sheetnames


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"graph": "https://example.org/no-such-graph"}, 404, "no data graph"),
        ({"at": "2026-02-30"}, 400, "YYYY-MM-DD"),
        ({"lang": "de"}, 422, ""),
    ],
)
def test_wrong_requests_say_what_is_wrong(
    asker_server: Served, params: dict[str, str], status: int, words: str
) -> None:
    response = download(asker_server, **params)
    assert response.status_code == status
    assert words in response.text


def test_a_model_over_the_limit_is_refused_with_what_to_do(
    asker_server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "MAX_TRIPLES", 1000)
    response = download(asker_server)
    assert response.status_code == 413
    # A browser following the link gets the error page, saying what to do instead.
    assert "at most 1,000" in response.text
    assert "goalgraph export --store" in response.text


def test_the_report_page_links_to_the_workbook_of_its_scope(miljopakken_server: Served) -> None:
    page = httpx.get(miljopakken_server.url + "/report", params={"lang": "en"}, timeout=120)
    assert page.status_code == 200
    link = re.search(r'<a id="workbook-link" href="([^"]+)"', page.text)
    assert link is not None
    href = html.unescape(link.group(1))
    assert href == "/workbook.xlsx?lang=en"
    assert download(miljopakken_server, lang="en").status_code == 200
    graph = str(data_graphs(miljopakken_server.source.store)[0].iri)
    scoped = httpx.get(
        miljopakken_server.url + "/report", params={"lang": "nb", "graph": graph}, timeout=120
    )
    found = re.search(r'<a id="workbook-link" href="([^"]+)"', scoped.text)
    assert found is not None
    response = httpx.get(miljopakken_server.url + html.unescape(found.group(1)), timeout=120)
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
