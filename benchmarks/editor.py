"""A save in the editor, with its SHACL check, on one municipality's graph in a national store.

    python benchmarks/editor.py [--sizes S,M,L] [--saves 20] [--store disk|memory]
        [--seed 1] [--cache DIR] [--out results.json]

For each size the generated municipalities (benchmarks/run.py's data cache) are loaded into a
store, one named graph each, and served by the web app in this process (FastAPI's test client:
the whole HTTP stack, no network). One editor may change one municipality's graph (the middle
one). Timed, each as p50 / p95 over ``--saves`` requests:

- ``save``: ``PATCH /api/nodes`` renaming a main goal (labels alternating, with If-Match), which
  the write gate validates (the graph with its context, goalgraph.validation.gate) before the
  change and its PROV-O record are written in one update. The first save after the server
  starts also validates the graph as it was (its report is kept for the next saves): shown
  apart as ``first save``.
- ``live check``: ``POST /api/nodes/check`` of a draft of the same goal (what the form sends
  while the planner types): the same validation, nothing written.
- ``baseline``: the same ``PATCH`` on a second app over the same store with the SHACL gate off
  (``shacl_gate = false``: the change and its PROV-O record written, nothing validated),
  timed after the checked saves; the ratio is save p50 over baseline p50, what the check
  costs.

The target (DESIGN.md §7 and issue 22) is a save at most 300 ms at p50 at size L.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from run import DEFAULT_CACHE, SIZES, data_files

from goalgraph.editing.drafts import warm_up
from goalgraph.editing.tokens import hash_token
from goalgraph.generate import GRAPH_BASE
from goalgraph.namespace import GG
from goalgraph.store import OxigraphStore, Store, ensure_vocabulary, history_graph
from goalgraph.web import Settings, StoreSource, create_app
from goalgraph.web.treepage import cached_page

logger = logging.getLogger("benchmarks.editor")

TOKEN = "benchmark-editor-token-0123456789"
WRITE = "benchmark-write-token-0123456789"
TARGET_MS = 300.0
GRAPH = "https://w3id.org/goalgraph/generated/graph/{name}"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L")
    parser.add_argument("--saves", type=int, default=20, help="timed requests per row")
    parser.add_argument("--store", choices=("disk", "memory"), default="disk")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument(
        "--skip-start-page",
        action="store_true",
        help="do not build the start page before the clock runs, nor let the app build it "
        "while it starts (minutes at L)",
    )
    parser.add_argument(
        "--existing",
        type=Path,
        metavar="FOLDER",
        help="an on-disk store loaded beforehand with the municipalities of one size, one "
        f"graph each named {GRAPH_BASE}{{name}} (goalgraph load --graph …), timed as that "
        "size (give one in --sizes) instead of loading one; the goal renamed and the change "
        "records are put back as they were afterwards",
    )
    return parser.parse_args(argv)


def load(store: Store, files: list[Path]) -> list[URIRef]:
    targets = [(URIRef(GRAPH.format(name=f.stem)), [f]) for f in files]
    for _ in store.load_graphs(targets):
        pass
    store.optimize()
    return [graph for graph, _ in targets]


def main_goal(store: Store, graph: URIRef) -> URIRef:
    goals = sorted(s for s, p, o in store.triples(graph) if p == RDF.type and o == GG.MainGoal)
    if not goals:
        raise SystemExit(f"{graph} has no main goal")
    return URIRef(str(goals[0]))


def timed(count: int, call: Callable[[int], httpx.Response], expect: int = 200) -> list[float]:
    """Seconds of each of ``count`` calls, each given its index."""
    seconds = []
    for i in range(count):
        started = time.perf_counter()
        response = call(i)
        seconds.append(time.perf_counter() - started)
        if response.status_code != expect:
            raise SystemExit(
                f"{response.request.method} answered {response.status_code}: {response.text[:300]}"
            )
    return seconds


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": statistics.median(ordered) * 1000, "p95_ms": p95 * 1000}


def measure(size: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    if args.existing is not None:
        store = OxigraphStore(args.existing)
        loaded = 0.0
        graphs = sorted(info.iri for info in store.graphs() if str(info.iri).startswith(GRAPH_BASE))
        municipalities = len(graphs)
    else:
        files = data_files(args.cache, args.seed, SIZES[size])
        municipalities = len(files)
        store = OxigraphStore(folder / size if args.store == "disk" else None)
        ensure_vocabulary(store)
        started = time.perf_counter()
        graphs = load(store, files)
        loaded = time.perf_counter() - started
    graph = graphs[len(graphs) // 2]
    goal = main_goal(store, graph)
    original = [
        o
        for s, p, o in store.triples(graph)
        if s == goal and p == RDFS.label and isinstance(o, Literal) and o.language == "nb"
    ]
    graph_triples = store.triples_count(graph)
    total = store.triples_count()
    source = StoreSource(store)
    # What the server prepares while it starts, done before the clock runs.
    warm_up()
    if args.skip_start_page:
        # The app's own warm-up would build it meanwhile: minutes at L (the goal tree's
        # warnings), not what is timed here.
        import goalgraph.web.app

        goalgraph.web.app.cached_page = lambda *a, **k: None  # type: ignore[assignment]
    else:
        cached_page(source, "nb")
    editor = {"name": "bench", "token_hash": hash_token(TOKEN), "graphs": [str(graph)]}
    common = {"editor": [editor], "query_workers": 1}
    gated = create_app(Settings(**common), source)
    plain = create_app(Settings(shacl_gate=False, **common), source)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    labels = ["Innbyggerne har god helse gjennom hele livet", "Innbyggerne har god helse"]
    # Both apps change the same goal: each save sends the version the last one read back.
    version = ""
    with TestClient(gated) as client, TestClient(plain) as unchecked:

        def save(through: TestClient, i: int, label: str | None = None) -> httpx.Response:
            nonlocal version
            response = through.patch(
                "/api/nodes",
                params={"iri": str(goal)},
                json={"labels": {"nb": label or labels[i % 2]}},
                headers={**headers, "If-Match": f'"{version}"'} if version else headers,
            )
            if response.status_code == 200:
                version = response.json().get("version", version)
            return response

        first = timed(1, lambda i: save(client, i))
        saves = timed(args.saves, lambda i: save(client, i + 1))
        checks = timed(
            args.saves,
            lambda i: client.post(
                "/api/nodes/check",
                params={"iri": str(goal)},
                json={"labels": {"nb": labels[i % 2] + " i dag"}},
                headers=headers,
            ),
        )
        # Last: a write outside the gate leaves the gate no report of the graph as it is,
        # so the checked saves after it would each validate the graph twice.
        unchecked_saves = timed(args.saves, lambda i: save(unchecked, args.saves + i + 1))
        if args.existing is not None and original:
            # Leave the store as it was found: the goal's label, and no change records.
            save(unchecked, 0, str(original[0]))
            store.update(f"DROP SILENT GRAPH <{history_graph(graph)}>")
    store.close()
    result = {
        "size": size,
        "municipalities": municipalities,
        "store": args.store,
        "triples": total,
        "graph_triples": graph_triples,
        "load_s": round(loaded, 1),
        "first_save_ms": first[0] * 1000,
        "save": summary(saves),
        "live_check": summary(checks),
        "baseline_unchecked_save": summary(unchecked_saves),
    }
    result["ratio"] = result["save"]["p50_ms"] / result["baseline_unchecked_save"]["p50_ms"]
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| size | triples | graph | first save | save p50 / p95 | live check p50 / p95 | "
        "save without check p50 / p95 | save / baseline | target ≤ 300 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s, c, b = r["save"], r["live_check"], r["baseline_unchecked_save"]
        verdict = "yes" if s["p50_ms"] <= TARGET_MS else "no"
        lines.append(
            f"| {r['size']} | {r['triples']:,} | {r['graph_triples']:,} | "
            f"{r['first_save_ms']:.0f} ms | {s['p50_ms']:.0f} / {s['p95_ms']:.0f} ms | "
            f"{c['p50_ms']:.0f} / {c['p95_ms']:.0f} ms | "
            f"{b['p50_ms']:.0f} / {b['p95_ms']:.0f} ms | "
            f"{r['ratio']:.2f} | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING)
    args = arguments(argv)
    if args.saves < 1:
        raise SystemExit("--saves must be at least 1")
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        raise SystemExit(f"unknown size {', '.join(unknown)}; use {', '.join(SIZES)}")
    if args.existing is not None and len(sizes) != 1:
        raise SystemExit("--existing: give the one size the store holds in --sizes")
    results = []
    with tempfile.TemporaryDirectory(prefix="goalgraph-editor-bench-") as folder:
        for size in sizes:
            results.append(measure(size, args, Path(folder)))
            print(f"{size}: done", file=sys.stderr)
    print(table(results))
    if args.out is not None:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
