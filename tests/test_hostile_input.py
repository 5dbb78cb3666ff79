"""Regression tests for issue 16 outside the server: hostile files given to `goalgraph load`
and the library's parsers give goalgraph's errors, never a fetch, a file read or a crash."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from goalgraph import load
from goalgraph.cli.main import app as cli
from goalgraph.errors import LoadError
from goalgraph.files import parse_text
from goalgraph.safeinput import json_nesting


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(b'{"@context": {"x": "http://example.org/x"}}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _documents(base: str, folder: Path) -> list[dict[str, object]]:
    secret = folder / "secret.jsonld"
    secret.write_text('{"@context": {"leak": "http://example.org/leak"}}', encoding="utf-8")
    contexts: list[object] = [
        f"{base}/internal/admin?secret=1",
        [f"{base}/ctx"],
        {"@import": f"{base}/import"},
        secret.as_uri(),
        "secret.jsonld",
    ]
    return [
        {"@context": context, "@id": "urn:a", "leak": value}
        for context in contexts
        for value in ("1", {"@value": []})
    ]


def test_load_fetches_no_context(tmp_path: Path, recorder: str) -> None:
    _Recorder.seen.clear()
    for index, document in enumerate(_documents(recorder, tmp_path)):
        path = tmp_path / f"doc{index}.jsonld"
        path.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(LoadError, match="does not fetch or read"):
            load(path)
        result = CliRunner().invoke(
            cli,
            ["load", "--store", str(tmp_path / f"store{index}"), "--graph", "urn:g", str(path)],
        )
        assert isinstance(result.exception, LoadError), result.output
        assert result.exception.exit_code == 2  # what the console script exits with
        assert "does not fetch or read" in str(result.exception)
        with pytest.raises(LoadError, match="does not fetch or read"):
            parse_text(json.dumps(document), "json-ld")
    assert _Recorder.seen == []


def test_deeply_nested_jsonld_is_a_load_error(tmp_path: Path) -> None:
    depth = 6000
    text = '{"@id": "urn:a", "urn:b": ' + '{"urn:c": ' * depth + "1" + "}" * depth + "}"
    assert json_nesting(text) > 100
    path = tmp_path / "deep.jsonld"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match="levels deep"):
        load(path)
    result = CliRunner().invoke(
        cli, ["load", "--store", str(tmp_path / "store"), "--graph", "urn:g", str(path)]
    )
    assert isinstance(result.exception, LoadError) and "levels deep" in str(result.exception)


def test_json_nesting_reads_strings_as_strings() -> None:
    assert json_nesting('{"a": "[[[{{{", "b": [1, {"c": "\\\\\\"]]"}]}') == 3


def test_turtle_nested_300_levels_is_a_load_error() -> None:
    text = "<urn:a> <urn:b> " + "[ <urn:c> " * 300 + "1" + " ]" * 300 + " ."
    with pytest.raises(LoadError, match="nests too deeply"):
        parse_text(text, "turtle")
