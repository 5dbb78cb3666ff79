"""Loading many graphs at once into the embedded store: side by side, yet as one by one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from goalgraph import GG, LoadError
from goalgraph.store import MemoryStore, OxigraphStore, oxigraph

EX = "https://example.org/"
GRAPHS = EX + "graph/"


def _party(folder: Path, name: str, goals: int) -> Path:
    """An N-Triples model of ``goals`` goals of the party ``name``."""
    lines = []
    for number in range(goals):
        goal = f"<{EX}{name}/goal{number}>"
        lines.append(f"{goal} <{RDF.type}> <{GG.MainGoal}> .")
        lines.append(f'{goal} <{RDFS.label}> "{name} mål {number}"@nb .')
    path = folder / f"{name}.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _broken(folder: Path, name: str) -> Path:
    path = folder / f"{name}.nt"
    path.write_text(f"<{EX}{name}/goal> <{RDF.type}> <{GG.MainGoal}> .\n<{EX}x> oops .\n")
    return path


def _targets(paths: list[Path]) -> list[tuple[URIRef | None, list[Path]]]:
    return [(URIRef(GRAPHS + path.stem), [path]) for path in paths]


@contextmanager
def _opened(folder: Path) -> Iterator[OxigraphStore]:
    store = OxigraphStore(folder)
    try:
        yield store
    finally:
        store.close()


def _quads(store: OxigraphStore) -> set[str]:
    return {str(quad) for quad in store.native.quads_for_pattern(None, None, None, None)}


@pytest.fixture
def parties(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "parties"
    folder.mkdir()
    return [_party(folder, f"party{n}", 5 + n) for n in range(7)]


@pytest.mark.parametrize("batch_bytes", [1, 1 << 24], ids=["a graph a batch", "one batch"])
def test_side_by_side_holds_what_one_by_one_holds(
    parties: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_bytes: int
) -> None:
    monkeypatch.setattr(oxigraph, "BATCH_BYTES", batch_bytes)
    with _opened(tmp_path / "one-by-one") as single:
        expected = [single.load(files, graph) for graph, files in _targets(parties)]
        expected_quads = _quads(single)
    with _opened(tmp_path / "side-by-side") as store:
        results = list(store.load_graphs(_targets(parties)))
        assert results == expected
        assert [r.triples for r in results] == [2 * (5 + n) for n in range(len(parties))]
        assert _quads(store) == expected_quads


@pytest.mark.parametrize("batch_bytes", [1, 1 << 24], ids=["a graph a batch", "one batch"])
def test_broken_file_stops_the_load_as_one_by_one_would(
    parties: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_bytes: int
) -> None:
    # With one graph a batch, the batches after the broken file's may be loading already.
    monkeypatch.setattr(oxigraph, "BATCH_BYTES", batch_bytes)
    files = [*parties[:2], _broken(tmp_path, "broken"), *parties[2:]]
    loaded: list[URIRef | None] = []
    with _opened(tmp_path / "store") as store:
        with pytest.raises(LoadError, match=r"broken\.nt:2"):
            for result in store.load_graphs(_targets(files)):
                loaded.append(result.graph)
        kept = [URIRef(GRAPHS + path.stem) for path in parties[:2]]
        assert loaded == kept
        assert [info.iri for info in store.graphs()] == kept


@pytest.mark.parametrize("space", [" ", "", "\t"], ids=["space", "none", "tab"])
def test_files_that_are_not_one_triple_a_line_load_as_they_are(
    parties: list[Path], tmp_path: Path, space: str
) -> None:
    # A comment after a triple (which may follow its full stop at once), a blank line, a
    # labelled blank node, Turtle: each file is parsed on its own, between the graphs loaded
    # together, and holds what it says.
    odd = tmp_path / "odd"
    odd.mkdir()
    commented = odd / "commented.nt"
    commented.write_text(
        f'<{EX}c> <{RDFS.label}> "c ." .{space}# a comment .\n'
        f"<{EX}c> <{RDF.type}> <{GG.MainGoal}> .\n"
    )
    # On a line of its own, a comment can go with the graphs loaded together.
    noted = odd / "noted.nt"
    noted.write_text(f'# a note .\n<{EX}n> <{RDFS.label}> "n" .\n')
    spaced = odd / "spaced.nt"
    spaced.write_text(f'<{EX}s> <{RDFS.label}> "s" .\n\n<{EX}s> <{RDF.type}> <{GG.MainGoal}> .\n')
    blank = odd / "blank.nt"
    blank.write_text(f'_:b <{RDFS.label}> "b" .\n<{EX}b> <{GG.contributesTo}> _:b .\n')
    turtle = odd / "turtle.ttl"
    turtle.write_text(f'<{EX}t> <{RDFS.label}> "t" .\n')
    files = [parties[0], commented, parties[1], noted, blank, spaced, turtle, parties[2]]
    with _opened(tmp_path / "one-by-one") as single:
        expected = [single.load(f, g) for g, f in _targets(files)]
        blank_labels = len(list(single.native.quads_for_pattern(None, None, None, None)))
    with _opened(tmp_path / "together") as store:
        assert list(store.load_graphs(_targets(files))) == expected
        assert len(list(store.native.quads_for_pattern(None, None, None, None))) == blank_labels
        labels = {str(q.object) for q in store.native.quads_for_pattern(None, None, None, None)}
        assert '"c ."' in labels
        assert store.triples_count(URIRef(GRAPHS + "commented")) == 2
        assert store.triples_count(URIRef(GRAPHS + "noted")) == 1
        assert not list(store.native.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_batched_load_leaves_few_files(tmp_path: Path) -> None:
    # One bulk load per graph left a dozen files per graph; many graphs a load, a dozen.
    folder = tmp_path / "parties"
    folder.mkdir()
    parties = [_party(folder, f"party{n}", 3) for n in range(40)]
    with _opened(tmp_path / "store") as store:
        list(store.load_graphs(_targets(parties)))
    assert len(list((tmp_path / "store").glob("*.sst"))) < 40


def test_existing_and_repeated_graphs_load_one_by_one(parties: list[Path], tmp_path: Path) -> None:
    first, second, third = parties[:3]
    graph = URIRef(GRAPHS + "shared")
    with _opened(tmp_path / "store") as store:
        store.load([first], graph)
        # An existing graph is replaced; a graph named twice ends with the later files.
        results = list(store.load_graphs([(graph, [second]), (URIRef(GRAPHS + "x"), [third])]))
        assert [r.triples for r in results] == [12, 14]
        repeated = list(store.load_graphs([(URIRef(GRAPHS + "y"), [first]), (graph, [third])]))
        assert [r.triples for r in repeated] == [10, 14]
        twice = URIRef(GRAPHS + "twice")
        assert [r.triples for r in store.load_graphs([(twice, [first]), (twice, [second])])] == [
            10,
            12,
        ]
        assert store.triples_count(twice) == 12


def test_cli_loads_graphs_in_argument_order_and_stops_at_a_broken_file(
    parties: list[Path], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    files = [*parties[:3], _broken(tmp_path, "broken"), *parties[3:]]
    done = subprocess.run(
        [sys.executable, "-m", "goalgraph.cli.main", "load", "--store", str(store),
         "--graph", GRAPHS + "{name}", *map(str, files)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "broken.nt:2" in done.stderr
    printed = [line.split(">")[0] + ">" for line in done.stdout.splitlines() if "triples" in line]
    assert printed == [f"<{GRAPHS}{path.stem}>" for path in parties[:3]]
    with _opened(store) as opened:
        held = {str(info.iri) for info in opened.graphs()}
    assert held == {GRAPHS + p.stem for p in parties[:3]} | {"https://w3id.org/goalgraph"}


def test_every_store_loads_graphs_one_after_another_by_default(parties: list[Path]) -> None:
    store = MemoryStore()
    results = list(store.load_graphs(_targets(parties)))
    assert [r.graph for r in results] == [graph for graph, _ in _targets(parties)]
    assert [info.triples for info in store.graphs()] == [r.triples for r in results]


_IRIS = ("<https://example.org/a>", "<https://w3id.org/goalgraph#Goal>", "<http://x.org/a.#b>")
_LITERALS = (
    '"plain"',
    '"ends with a stop ."',
    '"a # in it"',
    '"mål"@nb',
    '"4.09"^^<http://www.w3.org/2001/XMLSchema#decimal>',
)
#: What may follow a triple's full stop on its line: nothing, or comments a batch must refuse.
_AFTER = ("", " # note .", "#x .", "\t# note .", " # note")


@st.composite
def _ntriples(draw: st.DrawFn) -> str:
    """N-Triples text, mostly one triple a line as a batch takes it, with comments after
    triples, comments and blank lines of their own, blank nodes, tabs and CRLF mixed in."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append(draw(st.sampled_from(("", "# a line of its own .", "# a comment"))))
            continue
        subject = draw(st.sampled_from(_IRIS + (("_:b1",) if kind == 1 else ())))
        obj = draw(st.sampled_from(_IRIS + _LITERALS))
        blank = "\t" if kind == 2 else " "
        stop = "." if kind == 3 else " ."
        after = draw(st.sampled_from(_AFTER)) if kind >= 7 else ""
        lines.append(f"{subject}{blank}<https://example.org/p>{blank}{obj}{stop}{after}")
    end = "\r\n" if draw(st.integers(0, 9)) == 0 else draw(st.sampled_from(("\n", "")))
    return "\n".join(lines) + (end if lines else "")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_ntriples())
@example(text="<https://example.org/a> <https://example.org/p> <https://example.org/b> .#x .\n")
def test_a_file_goes_into_a_batch_only_as_what_it_says(tmp_path: Path, text: str) -> None:
    # Whatever the file, the N-Quads a batch would load hold exactly the file's triples, all
    # in its graph; or the file is left to be parsed on its own.
    path = tmp_path / "model.nt"
    path.write_bytes(text.encode("utf-8"))
    graph = URIRef(GRAPHS + "model")
    try:
        expected = {
            (q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        }
    except SyntaxError:
        return  # a broken file fails however it is loaded
    quads = oxigraph._as_quads([path], graph)
    if quads is None:
        return
    loaded = list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
    assert all(q.graph_name == ox.NamedNode(str(graph)) for q in loaded)
    assert {(q.subject, q.predicate, q.object) for q in loaded} == expected
