"""Compare the SHACL engines that install by name from PyPI on goalgraph's own shapes.

Not part of goalgraph's dependencies: run it in a virtual environment that has goalgraph and
the candidates installed (docs/validation-engines.md gives the commands). A candidate that
is not installed is reported as such.

For each candidate it prints

- correctness: on the invalid-model corpus, both examples, one generated municipality and
  ``--models`` random models (tests/test_reach.py's strategy, with goalgraph's shapes and
  with shapes of nested blank property shapes), whether the results (focus, rule, severity,
  path, value) are those of goalgraph's pySHACL route, blank nodes compared as blank;
- time: median seconds per corpus, each engine given the data in the form it takes best
  (stated in the table), shapes compiled once where the engine can;
- per graph of a store (``--store``, an on-disk store loaded with ``goalgraph load``): the
  median time to validate one graph with its context and the vocabulary, pruned as
  goalgraph.validate_store prunes it, from pyoxigraph triples;
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
from goalgraph.validate import _with_vocabulary, load_shapes, rule_id, validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from goalgraph import load
from goalgraph.generate import generate

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the random models come from tests/test_reach.py
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
    package = ""
    data_form = ""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        raise NotImplementedError


class PySHACL(Candidate):
    name, package, data_form = "pySHACL (goalgraph's route)", "pyshacl", "rdflib graph"

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        report = validate(data, shapes=self.shapes, engine="pyshacl")
        return [
            (str(r.focus), r.rule, r.severity, r.path and str(r.path), r.value)
            for r in report.results
        ]


class Turbo(Candidate):
    name, package, data_form = "pyshacl-turbo", "pyshacl_turbo", "pyoxigraph store"

    def __init__(self, shapes: Graph) -> None:
        super().__init__(shapes)
        self.compiled = importlib.import_module("pyshacl_turbo").compile_shapes(shapes)

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        return _from_report_graph(self.compiled.validate(store)[1], self.shapes)


class Shacl(Candidate):
    name, package, data_form = "shacl", "shacl", "N-Triples text"

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
    name, package, data_form = "pyrudof", "pyrudof", "N-Triples text"

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
    name, package, data_form = "pyshifty", "shifty", "N-Triples text"

    def __init__(self, shapes: Graph) -> None:
        super().__init__(shapes)
        module = importlib.import_module("shifty")
        self.compiled = module.PreparedValidator(shapes.serialize(format="turtle"))

    def run(self, data: Graph, nt: str, store: ox.Store) -> list[Row]:
        _, report, _ = self.compiled.validate(nt, infer=False)
        return _from_report_graph(report, self.shapes)


class ShaclRust(Candidate):
    name, package, data_form = "shacl-rust", "shacl_rust", "N-Triples text"

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


def available(shapes: Graph) -> tuple[list[Candidate], list[str]]:
    engines, missing = [], []
    for kind in CANDIDATES:
        try:
            importlib.import_module(kind.package)
        except ImportError:
            missing.append(kind.name)
            continue
        engines.append(kind(shapes))
    return engines, missing


def forms(data: Graph) -> tuple[Graph, str, ox.Store]:
    data = _with_vocabulary(data)
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
    return {
        "invalid corpus": load(ROOT / "tests" / "data" / "invalid"),
        "Asker": load(ROOT / "examples" / "asker"),
        "Miljøpakken": load(ROOT / "examples" / "miljopakken"),
        "1 generated municipality": load(folder / "kommune-001.nt"),
    }


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


def compare_random(engines: list[Candidate], custom: Graph, count: int) -> None:
    hypothesis = importlib.import_module("hypothesis")
    reach_tests = importlib.import_module("tests.test_reach")
    differs: dict[tuple[str, str], int] = {}
    first: dict[str, str] = {}
    sets = {"goalgraph's shapes": engines, "nested blank shapes": available(custom)[0]}
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
    from goalgraph.store import data_graphs, open_store

    module = importlib.import_module("goalgraph.validate_store")
    reach = module._reach(None)
    spent: dict[str, list[float]] = {e.name: [] for e in engines}
    with open_store(folder, read_only=True) as store:
        raw = store.native
        for graph in [info.iri for info in data_graphs(store)][:count]:
            own = [
                (q.subject, q.predicate, q.object)
                for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))
            ]
            context = module._oxigraph_context(raw, own)
            context.difference_update(own)
            kept = reach.prune([*own, *context, *module.vocabulary_ox()], module._ox_term)
            for engine in engines:
                if isinstance(engine, PySHACL):
                    seconds = median_seconds(
                        lambda g=graph: module.validate_graph(store, g, engine="pyshacl"), 1
                    )
                else:
                    seconds = median_seconds(lambda e=engine, k=kept: _from_triples(e, k), 1)
                spent[engine.name].append(seconds)
    print(f"\nOne graph of {folder} with context and vocabulary, pruned (median ms):\n")
    print("| engine | ms | from |")
    print("|---|---|---|")
    for engine in engines:
        how = (
            "validate_graph (read, context, rdflib graph, pySHACL, report)"
            if isinstance(engine, PySHACL)
            else f"the pruned pyoxigraph triples, into {engine.data_form}, engine, result rows"
        )
        print(f"| {engine.name} | {statistics.median(spent[engine.name]) * 1000:.0f} | {how} |")


def _from_triples(engine: Candidate, kept: list[Any]) -> list[Row]:
    store = ox.Store()
    store.bulk_extend(ox.Quad(s, p, o) for s, p, o in kept)
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
    from goalgraph.validate import PYSHACL_OPTIONS

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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="an on-disk store of generated municipalities")
    parser.add_argument("--graphs", type=int, default=10)
    parser.add_argument("--models", type=int, default=100)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    shapes = load_shapes()
    engines, missing = available(shapes)
    if missing:
        print(f"not installed: {', '.join(missing)}\n")
    print("Data given as: " + "; ".join(f"{e.name}: {e.data_form}" for e in engines) + "\n")
    with tempfile.TemporaryDirectory(prefix="goalgraph-candidates-") as work:
        compare_corpora(engines, corpora(Path(work)))
    reach_tests = importlib.import_module("tests.test_reach")
    compare_random(engines, reach_tests.CUSTOM, args.models)
    if args.store:
        per_store_graph(engines, args.store, args.graphs)
    compare_features()
    return 0


if __name__ == "__main__":
    sys.exit(main())
