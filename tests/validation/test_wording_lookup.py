"""The wording lexicon's lookup file: built once in the cache folder, then read word by word."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from goalgraph.wording.lexicon import Lexicon, Tag, lexicon, rows
from goalgraph.wording.lookup import CACHE_ENV, Lookup, cache_folder, open_lookup

WORDS = [("bedre", 5), ("styrke", 9), ("ø", 1)]


def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "goalgraph"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "own"))
    assert cache_folder() == tmp_path / "own"


def test_a_lookup_is_built_once_and_then_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    built: list[int] = []

    def build() -> list[tuple[str, int]]:
        built.append(1)
        return WORDS

    first = open_lookup("words", build)
    second = open_lookup("words", build)
    assert built == [1]
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["words.sqlite"]
    for lookup in (first, second):
        assert [lookup.get(w) for w, _ in WORDS] == [5, 9, 1]
        assert lookup.get("ukjent") == 0


def test_a_failed_build_leaves_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))

    def build() -> list[tuple[str, int]]:
        raise RuntimeError("the sources cannot be read")

    with pytest.raises(RuntimeError):
        open_lookup("words", build)
    assert list(tmp_path.iterdir()) == []


def test_a_cache_folder_that_is_a_file_reads_the_lookup_into_memory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "file"))
    lookup = open_lookup("words", lambda: WORDS)
    assert lookup.get("styrke") == 9


def test_a_forked_child_reads_the_lookup_with_its_own_connection(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    lookup = open_lookup("words", lambda: WORDS)
    assert lookup.get("bedre") == 5
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reader)
        os.write(writer, str(lookup.get("styrke")).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    with os.fdopen(reader) as answer:
        assert answer.read() == "9"


def test_the_lexicon_reads_its_rows_through_a_lookup() -> None:
    """The lexicon over an in-memory lookup of its own rows answers as the cached one."""
    cached = lexicon("en")
    direct = Lexicon("en", Lookup.in_memory(rows("en")))
    for word in ("better", "improve", "invests", "increased", "children", "prevention", "xqz"):
        assert direct.tags(word) == cached.tags(word)
        assert (word in direct.nouns) == (word in cached.nouns)
        assert (word in direct.verbs) == (word in cached.verbs)
    assert cached.tags("xqz") == Tag(0)
