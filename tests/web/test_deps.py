"""The web app's store source: validation limited to the graphs a view shows."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import URIRef

from goalgraph.store import OxigraphStore, ensure_vocabulary
from goalgraph.validation import ValidationResult
from goalgraph.web.deps import StoreSource, VersionedSource
from tests.conftest import TEST_DATA

INVALID = TEST_DATA / "invalid"
CASE = "GoalPhrasedAsStrategyShape"
EX = f"https://example.org/invalid/{CASE}#"
BASE_GRAPH = URIRef("https://example.org/graph/base")
CASE_GRAPH = URIRef("https://example.org/graph/case")


def _source(case: Path) -> StoreSource:
    store = OxigraphStore(None)
    ensure_vocabulary(store)
    store.load([INVALID / "_base.ttl"], BASE_GRAPH)
    store.load([case], CASE_GRAPH)
    return StoreSource(store)


def _found(results: list[ValidationResult]) -> Counter[tuple[str, str]]:
    return Counter((r.rule, str(r.focus)) for r in results)


def test_issues_near_nodes_are_those_of_validating_everything() -> None:
    source = _source(INVALID / f"{CASE}.ttl")
    nodes = [URIRef(EX + name) for name in ("hovedmal", "hovedmal2", "hovedmal3")]
    near = source.issues_near(nodes, "en")
    assert _found(near) == Counter({(CASE, EX + "hovedmal"): 2, (CASE, EX + "hovedmal3"): 1})
    whole = [r for r in source.validation("en").results if r.focus in set(nodes)]
    assert _found(near) == _found(whole)
    assert all(r.message == r.messages["en"] != r.messages["nb"] for r in near)


def test_nodes_of_no_data_graph_have_no_issues() -> None:
    source = _source(INVALID / f"{CASE}.ttl")
    assert source.issues_near([URIRef("https://example.org/nowhere")], "nb") == []


def test_a_write_drops_the_remembered_validation(tmp_path: Path) -> None:
    source = _source(INVALID / f"{CASE}.ttl")
    goal = URIRef(EX + "hovedmal3")
    assert _found(source.issues_near([goal], "en")) == Counter({(CASE, str(goal)): 1})
    fixed = tmp_path / "fixed.ttl"
    text = (INVALID / f"{CASE}.ttl").read_text(encoding="utf-8")
    fixed.write_text(text.replace("Å styrke frivilligheten", "Frivilligheten er sterk"))
    source.writing(lambda: source.store.load([fixed], CASE_GRAPH))
    assert source.issues_near([goal], "en") == []


def test_remember_recent_keeps_the_last_few_of_a_group_until_a_write() -> None:
    source = StoreSource(OxigraphStore(None))
    calls: list[str] = []

    def compute(key: str) -> str:
        calls.append(key)
        return key.upper()

    def ask(key: str, group: str = "dates") -> str:
        return source.remember_recent(key, lambda: compute(key), group=group, keep=2)

    assert [ask("a"), ask("b"), ask("a")] == ["A", "B", "A"]
    assert calls == ["a", "b"]
    # A third key drops the one asked for least recently ("b"), not the first remembered.
    ask("c")
    assert (source.remembered("a"), source.remembered("b"), source.remembered("c")) == (
        True,
        False,
        True,
    )
    ask("b")
    assert calls == ["a", "b", "c", "b"]
    # Groups are bounded apart: another group's key drops nothing of this one.
    ask("x", group="other")
    assert source.remembered("c") and source.remembered("b")
    source.writing(lambda: None)
    assert not any(source.remembered(k) for k in "abcx")
    ask("a")
    assert calls == ["a", "b", "c", "b", "x", "a"]


def test_kept_gives_a_remembered_value_and_never_computes_one() -> None:
    source = StoreSource(OxigraphStore(None))
    version = VersionedSource(source, None)
    assert source.kept("model") is None and version.kept("model") is None
    version.remember("model", lambda: "read")
    # Kept per plan version, as remember keeps it.
    assert version.kept("model") == "read" and source.kept("model") is None
    source.writing(lambda: None)
    assert version.kept("model") is None
    assert not version.remembered("model")
