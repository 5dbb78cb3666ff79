"""Compare the SHACL engines that install by name from PyPI on goalgraph's own shapes.

Not part of goalgraph's dependencies: run it in a virtual environment that has goalgraph
(with its dev extras, for hypothesis) and the candidates installed:

    pip install -e '.[dev]' shacl pyrudof pyshifty shacl-rust

(docs/validation-engines.md, "Reproducing the comparison"). A candidate that is not
installed is left out and named, with the command that installs it; pySHACL and
pyshacl-turbo come with goalgraph.

For each candidate it prints

- correctness: on the invalid-model corpus, both examples, one generated municipality and
  ``--models`` random models (tests/validation/test_reach.py's strategy, with goalgraph's
  shapes and with shapes of nested blank property shapes), whether the results (focus,
  rule, severity, path, value) are those of goalgraph's pySHACL route, blank nodes compared
  as blank. The wording rules are left out on both sides: goalgraph checks them in Python
  after any engine (shapes/wording.ttl only declares them);
- time: median seconds per corpus, each engine given the data in the form it takes best
  (stated in the table), shapes compiled once where the engine can;
- per graph of a store (``--store``, an on-disk store loaded with ``goalgraph load``): the
  median time to validate one graph with its context and the vocabulary, pruned as
  ``goalgraph.validation.store.validate_context`` prunes it. The graph and its context come
  from ``graph_context`` as rdflib terms (the earlier code read pyoxigraph terms); each
  candidate's time counts turning the pruned triples into its form, goalgraph's routes are
  the whole of ``validate_graph`` with each engine;
- features: one small shape per feature, run by pySHACL, pyshacl-turbo and shacl.

    python benchmarks/shacl_candidates.py [--store FOLDER] [--graphs 10] [--models 100]
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Node, URIRef
from rdflib.namespace import SH

from goalgraph.files import new_graph, vocabulary_triples
from goalgraph.generate import generate
from goalgraph.store import data_graphs, model_graph, open_files, open_store
from goalgraph.store.base import Triple
from goalgraph.store.mirror import SparqlMirror
from goalgraph.store.oxigraph import to_ox
from goalgraph.validation.context import graph_context
from goalgraph.validation.engine import (
    PYSHACL_OPTIONS,
    add_vocabulary,
    has_vocabulary,
    validate_complete,
)
from goalgraph.validation.reach import shapes_reach
from goalgraph.validation.shapes import load_shapes, rule_id
from goalgraph.validation.store import validate_graph

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the random models come from tests/validation/test_reach.py
#: Where the random models and the second shapes graph come from.
REACH_TESTS = "tests.validation.test_reach"
Row = tuple[str, str, str, str | None, str | None]
_BLANK = re.compile(r"^(_:.*|[Nn]?[0-9a-f]{16,}(b\d+)?|[0-9]+:b[0-9]+)$")


def _plain(term: str | None) -> str | None:
    """A term as goalgraph reports it, blank nodes all alike (each engine names them its way)."""
    if term is None:
        return None
    return "_:" if _BLANK.match(term) else term


def _nt(term: str | None) -> str | None:
    """The lexical form of an N-Triples term."""
    if term is None:
        return None
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    found = re.match(r'^"(.*)"(?:@[A-Za-z-]+|\^\^<[^>]*>)?$', term, re.S)
    if found:
        return found.group(1).encode("latin-1", "backslashreplace").decode("unicode_escape")
    return term


def _simple_path(path: str | None) -> str | None:
    # goalgraph reports a path only when it is a single predicate.
    if path and path.startswith("<") and path.endswith(">") and ">" not in path[1:-1]:
        return path[1:-1]
    return None


def _rows(rows: list[Row]) -> list[Row]:
    return sorted(((_plain(f) or "", r, s, p, _plain(v)) for f, r, s, p, v in rows), key=str)


def _from_report_graph(report: Graph, shapes: Graph) -> list[Row]:
    rows: list[Row] = []
    for node in report.objects(None, SH.result):
        shape = report.value(node, SH.sourceShape)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        severity = report.value(node, SH.resultSeverity)
        rows.append(
            (
                str(report.value(node, SH.focusNode)),
                rule_id(shapes, shape) if shape is not None else "AnonymousShape",
                str(severity).rsplit("#", 1)[-1],
                str(path) if isinstance(path, URIRef) else None,
                str(value) if value is not None else None,
            )
        )
    return rows


class Candidate:
    """One engine: how it is given shapes and data, and how its results are read."""

    name = ""
    #: The module imported, and the distribution pip installs it from.
    package = ""
    distribution = ""
    #: A dependency of goalgraph, so always there.
    bundled = False
    data_form = ""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        raise NotImplementedError


class PySHACL(Candidate):
    name, package, distribution = "pySHACL (goalgraph's route)", "pyshacl", "pyshacl"
    bundled = True
    data_form = "rdflib graph"

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        # What goalgraph.validation.engine.validate does with pySHACL, but without the wording
        # rules: those goalgraph checks in Python after any engine (shapes/wording.ttl), so
        # no candidate is asked for them.
        report = validate_complete(data, SparqlMirror.of(data), shapes=self.shapes, wording=False)
        return [
            (str(r.focus), r.rule, str(r.severity), r.path and str(r.path), r.value)
            for r in report.results
        ]


class Turbo(Candidate):
    name, package, distribution = "pyshacl-turbo", "pyshacl_turbo", "pyshacl-turbo"
    bundled = True
    data_form = "pyoxigraph store"

    def __init__(self, shapes: Graph) -> None:
        super().__init__(shapes)
        self.compiled = importlib.import_module("pyshacl_turbo").compile_shapes(shapes)

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        return _from_report_graph(self.compiled.validate(store)[1], self.shapes)


class Shacl(Candidate):
    name, package, distribution = "shacl", "shacl", "shacl"
    data_form = "N-Triples text"

    def __init__(self, shapes: Graph) -> None:
        super().__init__(shapes)
        module = importlib.import_module("shacl")
        self.compiled = module.Shapes.from_text(shapes.serialize(format="nt"), format="ntriples")

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        report = self.compiled.validate_text(nt, format="ntriples")
        return [
            (
                _nt(r.focus_node) or "",
                rule_id(self.shapes, URIRef(_nt(r.root_shape) or "")),
                r.severity,
                _simple_path(r.path),
                r.value_plain,
            )
            for r in report.results
        ]


class Rudof(Candidate):
    name, package, distribution = "pyrudof", "pyrudof", "pyrudof"
    data_form = "N-Triples text"

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        module = importlib.import_module("pyrudof")
        rudof = module.Rudof(module.RudofConfig())
        rudof.read_data(nt, format=module.RDFFormat.NTriples)
        rudof.read_shacl(self.shapes.serialize(format="nt"), format=module.ShaclFormat.NTriples)
        rudof.validate_shacl()
        text = rudof.serialize_shacl_validation_results(
            format=module.ResultShaclValidationFormat.NTriples
        )
        return _from_report_graph(Graph().parse(data=text, format="nt"), self.shapes)


class Shifty(Candidate):
    name, package, distribution = "pyshifty", "shifty", "pyshifty"
    data_form = "N-Triples text"

    def __init__(self, shapes: Graph) -> None:
        super().__init__(shapes)
        module = importlib.import_module("shifty")
        self.compiled = module.PreparedValidator(shapes.serialize(format="turtle"))

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        _, report, _ = self.compiled.validate(nt, infer=False)
        return _from_report_graph(report, self.shapes)


class ShaclRust(Candidate):
    name, package, distribution = "shacl-rust", "shacl_rust", "shacl-rust"
    data_form = "N-Triples text"

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        module = importlib.import_module("shacl_rust")
        shapes = self.shapes.serialize(format="nt")
        report = module.validate(nt, shapes, data_format="nt", shapes_format="nt")
        rows: list[Row] = []
        for r in report["results"]:
            shape = r.get("sourceShape", "")
            rows.append(
                (
                    _nt(r["focusNode"]) or "",
                    rule_id(self.shapes, URIRef(shape[1:-1])) if shape.startswith("<") else "?",
                    r["severity"].strip("<>").rsplit("#", 1)[-1],
                    _simple_path(r.get("resultPath")),
                    _nt(r.get("value")),
                )
            )
        return rows


CANDIDATES: list[type[Candidate]] = [PySHACL, Turbo, Shacl, Rudof, Shifty, ShaclRust]


def missing_candidates() -> list[type[Candidate]]:
    """The candidates whose package cannot be imported here."""
    missing = []
    for kind in CANDIDATES:
        try:
            importlib.import_module(kind.package)
        except ImportError:
            missing.append(kind)
    return missing


def install_hint(missing: list[type[Candidate]]) -> str:
    """What to say about candidates that are not installed: their names and the command."""
    names = ", ".join(kind.name for kind in missing)
    command = " ".join(kind.distribution for kind in missing)
    return (
        f"not installed, left out: {names}. To compare them, install them into this "
        f"environment: pip install {command}"
    )


def available(shapes: Graph) -> list[Candidate]:
    """The installed candidates, each with ``shapes`` compiled where it can."""
    missing = missing_candidates()
    return [kind(shapes) for kind in CANDIDATES if kind not in missing]


def forms(data: Graph) -> tuple[Graph, str, ox.Store]:
    """The model with the vocabulary, as an rdflib graph, N-Triples text and a store."""
    if not has_vocabulary(data):
        copied = new_graph()
        copied += data
        add_vocabulary(copied)
        data = copied
    nt = data.serialize(format="nt")
    store = ox.Store()
    store.load(nt.encode(), ox.RdfFormat.N_TRIPLES)
    return data, nt, store


def median_seconds(action: Callable[[], Any], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def corpora(folder: Path) -> dict[str, Graph]:
    generate(folder, 1, seed=1)
    paths = {
        "invalid corpus": ROOT / "tests" / "data" / "invalid",
        "Asker": ROOT / "examples" / "asker",
        "Miljøpakken": ROOT / "examples" / "miljopakken",
        "1 generated municipality": folder / "kommune-001.nt",
    }
    return {name: _model(path) for name, path in paths.items()}


def _model(path: Path) -> Graph:
    # As every command reads files: into an embedded store, then the model as one graph.
    with open_files(path) as store:
        return model_graph(store)


def compare_corpora(engines: list[Candidate], named: dict[str, Graph]) -> None:
    print("| corpus | triples | " + " | ".join(e.name for e in engines) + " |")
    print("|---|---|" + "---|" * len(engines))
    for name, graph in named.items():
        data, nt, store = forms(graph)
        reference = _rows(engines[0].run(data, nt, store))
        cells = []
        for engine in engines:
            try:
                rows = _rows(engine.run(data, nt, store))
                seconds = median_seconds(lambda e=engine, d=data, n=nt, s=store: e.run(d, n, s))
            except Exception as exc:  # noqa: BLE001 - a candidate's failure is a finding
                cells.append(f"error: {type(exc).__name__}")
                continue
            verdict = "same" if rows == reference else f"**differs** ({len(rows)} results)"
            cells.append(f"{seconds:.3f} s, {len(rows)} results, {verdict}")
        print(f"| {name} | {len(data)} | " + " | ".join(cells) + " |")


def compare_random(engines: list[Candidate], count: int) -> None:
    try:
        hypothesis = importlib.import_module("hypothesis")
    except ImportError:
        print("\nRandom models left out: they need hypothesis (pip install hypothesis).")
        return
    reach_tests = importlib.import_module(REACH_TESTS)
    differs: dict[tuple[str, str], int] = {}
    first: dict[str, str] = {}
    sets = {"goalgraph's shapes": engines, "nested blank shapes": available(reach_tests.CUSTOM)}
    seen = [0]

    @hypothesis.settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(reach_tests._models())
    def check(model: Graph) -> None:
        seen[0] += 1
        data, nt, store = forms(model)
        for label, group in sets.items():
            reference = _rows(group[0].run(data, nt, store))
            for engine in group[1:]:
                try:
                    rows = _rows(engine.run(data, nt, store))
                    missing = [r for r in reference if r not in rows]
                    extra = [r for r in rows if r not in reference]
                    what = f"{label}: missing {missing[:1]}, extra {extra[:1]}"
                except Exception as exc:  # noqa: BLE001 - a candidate's failure is a finding
                    rows, what = [], f"{label}: {type(exc).__name__}: {exc}"
                if rows != reference:
                    differs[engine.name, label] = differs.get((engine.name, label), 0) + 1
                    first.setdefault(engine.name, what)

    check()
    print(f"\nRandom models: {seen[0]}, each with {' and with '.join(sets)}; runs that differ:\n")
    for engine in engines[1:]:
        counts = ", ".join(f"{differs.get((engine.name, label), 0)} with {label}" for label in sets)
        example = f"; first: {first[engine.name]}" if engine.name in first else ""
        print(f"- {engine.name}: {counts} (of {seen[0]} each){example}")


def per_store_graph(engines: list[Candidate], folder: str, count: int) -> None:
    reach = shapes_reach(load_shapes())
    vocabulary = vocabulary_triples()
    routes = {f"validate_graph, {engine}": engine for engine in ("pyshacl", "compiled")}
    spent: dict[str, list[float]] = {name: [] for name in routes}
    spent.update({e.name: [] for e in engines if not isinstance(e, PySHACL)})
    with open_store(folder, read_only=True) as store:
        graphs = [info.iri for info in data_graphs(store)][:count]
        if not graphs:
            raise SystemExit(f"{folder} holds no data graphs: fill it with 'goalgraph load'")
        for route in routes.values():  # warm up: shapes compiled, reach worked out, lexicon read
            validate_graph(store, graphs[0], engine=route)
        for graph in graphs:
            # What validate_context validates: the graph, its context, the vocabulary, pruned.
            found = graph_context(store, graph)
            kept = reach.prune([*found.content, *found.context, *vocabulary], _as_is)
            for name, route in routes.items():
                seconds = median_seconds(
                    lambda g=graph, r=route: validate_graph(store, g, engine=r), 1
                )
                spent[name].append(seconds)
            for engine in engines:
                if not isinstance(engine, PySHACL):
                    seconds = median_seconds(lambda e=engine, k=kept: _from_triples(e, k), 1)
                    spent[engine.name].append(seconds)
    print(f"\nOne graph of {folder} with context and vocabulary, pruned (median ms):\n")
    print("| engine | ms | from |")
    print("|---|---|---|")
    for name in routes:
        how = "the store: graph_context, prune, rdflib graph, engine, report, wording rules"
        print(f"| goalgraph's {name} | {statistics.median(spent[name]) * 1000:.0f} | {how} |")
    for engine in engines:
        if not isinstance(engine, PySHACL):
            ms = statistics.median(spent[engine.name]) * 1000
            how = f"the pruned triples (rdflib terms), into {engine.data_form}, engine, result rows"
            print(f"| {engine.name} | {ms:.0f} | {how} |")


def _as_is(term: Node) -> Node:
    return term


def _from_triples(engine: Candidate, kept: list[Triple]) -> list[Row]:
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in kept)
    nt = (
        ""
        if isinstance(engine, Turbo)
        else store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()
    )
    return engine.run(Graph(), nt, store)


FEATURE_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
FEATURE_DATA = """ex:a a ex:C ; ex:p "abc" , "x1" ; ex:q ex:b . ex:b a ex:D ; ex:p "zz"@en .
ex:c a ex:C ; ex:q ex:a . ex:C rdfs:subClassOf ex:Top ."""
_TARGET = "ex:S a sh:NodeShape ; sh:targetClass ex:C ;"
FEATURES = {
    "SHACL-JS (sh:js)": f'{_TARGET} sh:js [ a sh:JSConstraint ; sh:jsFunctionName "f" ] .',
    "SHACL-AF target (sh:target)": """ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ;
        sh:select "SELECT ?this WHERE { ?this <http://ex/q> ?x }" ] ;
        sh:property [ sh:path ex:p ; sh:maxCount 1 ] .""",
    "SHACL-AF sh:expression": f"{_TARGET} sh:expression [ sh:path ex:q ] .",
    "SHACL-AF sh:rule": f"""{_TARGET} sh:rule [ a sh:TripleRule ; sh:subject sh:this ;
        sh:predicate ex:r ; sh:object ex:z ] ; sh:property [ sh:path ex:r ; sh:maxCount 0 ] .""",
    "SHACL 1.2 sh:targetWhere": """ex:S a sh:NodeShape ; sh:targetWhere [ sh:class ex:C ] ;
        sh:property [ sh:path ex:p ; sh:maxCount 1 ] .""",
    "SPARQL component (select)": """ex:L a sh:ConstraintComponent ;
        sh:parameter [ sh:path ex:len ] ;
        sh:propertyValidator [ a sh:SPARQLSelectValidator ; sh:select
        "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (STRLEN(STR(?value)) > $len) }" ] .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; ex:len 2 ] .""",
    "SPARQL $PATH": """ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ;
        sh:sparql [ sh:select
        "SELECT $this ?value WHERE { $this $PATH ?value FILTER (STRLEN(?value) > 2) }" ] .""",
    "SPARQL $shapesGraph": f"""{_TARGET} sh:sparql [ sh:select
        "SELECT $this WHERE {{ GRAPH $shapesGraph {{ ?s ?p ?o }} }}" ] .""",
    "SPARQL without $this projected": f"""{_TARGET} sh:sparql [ sh:select
        "SELECT ?value WHERE {{ $this <http://ex/p> ?value }}" ] .""",
    "SPARQL VALUES": f"""{_TARGET} sh:sparql [ sh:select
        "SELECT $this WHERE {{ VALUES ?x {{ 1 }} $this ?p ?o }}" ] .""",
    "sh:pattern with look-ahead": f'{_TARGET} sh:property [ sh:path ex:p ; sh:pattern "^(?!a)" ] .',
    "REGEX with look-ahead in SPARQL": _TARGET
    + ' sh:sparql [ sh:select "SELECT $this ?value WHERE { $this <http://ex/p> ?value'
    + " FILTER REGEX(?value, '^(?!a)') }\" ] .",
    "sh:lessThan on incomparable values": (
        f"{_TARGET} sh:property [ sh:path ex:p ; sh:lessThan ex:q ] ."
    ),
    "sh:closed": f"{_TARGET} sh:closed true ; sh:ignoredProperties ( rdf:type ) .".replace(
        "rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    ),
    "sh:uniqueLang, sh:languageIn": """ex:S a sh:NodeShape ; sh:targetNode ex:b ;
        sh:property [ sh:path ex:p ; sh:uniqueLang true ; sh:languageIn ("nb") ] .""",
    "recursive shape": f"{_TARGET} sh:property [ sh:path ex:q ; sh:node ex:S ] .",
}


def compare_features() -> None:
    import pyshacl

    data = Graph().parse(data=FEATURE_PREFIXES + FEATURE_DATA, format="turtle")

    def outcome(run: Callable[[], list[tuple[str, str]]]) -> str:
        try:
            return repr(sorted(run()))
        except Exception as exc:  # noqa: BLE001 - an engine's refusal is a finding
            return f"refused: {type(exc).__name__}: {str(exc).splitlines()[0][:70]}"

    def keyed(report: Any) -> list[tuple[str, str]]:
        if not isinstance(report, Graph):  # pySHACL returns the failure in place of a report
            raise RuntimeError(str(report))
        return [
            (str(report.value(r, SH.focusNode)), str(report.value(r, SH.value)))
            for r in report.objects(None, SH.result)
        ]

    print("\nOne shape per feature; pySHACL as goalgraph runs it (no SHACL-AF) is the reference:\n")
    print("| feature | pySHACL | pyshacl-turbo | shacl |")
    print("|---|---|---|---|")
    for name, text in FEATURES.items():
        shapes = Graph().parse(data=FEATURE_PREFIXES + text, format="turtle")
        reference = outcome(
            lambda s=shapes: keyed(pyshacl.validate(data, shacl_graph=s, **PYSHACL_OPTIONS)[1])
        )
        cells = []
        for package in ("pyshacl_turbo", "shacl"):
            try:
                module = importlib.import_module(package)
            except ImportError:
                cells.append("not installed")
                continue
            if package == "shacl":
                got = outcome(
                    lambda s=shapes, m=module: [
                        (_nt(r.focus_node) or "", r.value_plain or "None")
                        for r in m.Shapes.from_text(s.serialize(format="nt"), format="ntriples")
                        .validate_text(data.serialize(format="nt"), format="ntriples")
                        .results
                    ]
                )
            else:
                got = outcome(
                    lambda s=shapes, m=module: keyed(m.compile_shapes(s).validate(data)[1])
                )
            cells.append("same" if got == reference else got)
        shown = reference if reference.startswith("refused") else f"{reference.count('(')} results"
        print(f"| {name} | {shown} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    extra = " ".join(kind.distribution for kind in CANDIDATES if not kind.bundled)
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="pySHACL and pyshacl-turbo come with goalgraph; the other candidates from PyPI "
        f"(pip install {extra}). A candidate that is not installed is left out and named.",
    )
    parser.add_argument("--store", help="an on-disk store of generated municipalities")
    parser.add_argument("--graphs", type=int, default=10)
    parser.add_argument("--models", type=int, default=100)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    missing = missing_candidates()
    if missing:
        print(install_hint(missing) + "\n")
    engines = available(load_shapes())  # pySHACL first: goalgraph cannot run without it
    print("Data given as: " + "; ".join(f"{e.name}: {e.data_form}" for e in engines) + "\n")
    with tempfile.TemporaryDirectory(prefix="goalgraph-candidates-") as work:
        compare_corpora(engines, corpora(Path(work)))
    compare_random(engines, args.models)
    if args.store:
        per_store_graph(engines, args.store, args.graphs)
    compare_features()
    return 0


if __name__ == "__main__":
    sys.exit(main())
