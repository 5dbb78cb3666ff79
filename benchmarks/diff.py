"""`goalgraph diff` on generated municipalities: the whole command on one municipality, and
the compare step on national portfolios.

For each size the generated N-Triples (``goalgraph generate``, cached as benchmarks/run.py
caches them) are the old version; the new version is made from them line by line: every
``--every``-th label reworded, budget raised, project removed and another project added
under a new IRI. Both versions go into one in-memory Oxigraph store as two graphs per
municipality, and ``diff_stores`` compares them through the Store protocol (what ``goalgraph
diff --store S OLD NEW`` does after opening the store): the "compare" figure, wall and CPU
time, with the microseconds per triple of both versions to show how it grows.

First, the whole command ``goalgraph diff OLD.nt NEW.nt -f json`` on the two versions of the
first municipality of L is run as a process ``--runs`` times (after one run that fills
Python's bytecode cache, as an installed package has it): wall time and CPU time (user +
system) of the process, process start, imports and parsing included, with the verdict
against the target of 1 s (issue 21) and the load average, which wall times depend on.

    python benchmarks/diff.py --sizes S,M [--runs 5] [--every 20] [--seed 1] [--out results.json]

Sizes as in benchmarks/run.py: S = 1, M = 50, L = 357 municipalities. Exits 1 when the
command's median wall time misses the target.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import URIRef

from goalgraph.analysis.diff import diff_stores
from goalgraph.generate import generate, slug
from goalgraph.store import GraphSetScope, OxigraphStore, ensure_vocabulary

logger = logging.getLogger("benchmarks.diff")

SIZES = {"S": 1, "M": 50, "L": 357}
#: The target for the whole command on one municipality (issue 21), in seconds.
TARGET = 1.0
_LABEL = re.compile(r'^(\S+ <http://www\.w3\.org/2000/01/rdf-schema#label> ")(.*)("@\w+ \.)$')
_BUDGET = re.compile(r'^(\S+ <https://w3id\.org/goalgraph#budget> ")([0-9.]+)(".*)$')
_PROJECT = "<https://w3id.org/goalgraph#Project>"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def data_files(cache: Path, seed: int, municipalities: int) -> list[Path]:
    """The first ``municipalities`` generated files, generating the data if any is missing."""
    folder = cache / f"seed-{seed}"
    wanted = [folder / f"{slug(i)}.nt" for i in range(1, municipalities + 1)]
    if not all(path.exists() for path in wanted):
        generate(folder, municipalities, seed)
    return wanted


def next_version(lines: list[str], every: int) -> tuple[list[str], dict[str, int]]:
    """The lines of a new version and how many of each change were made."""
    projects = [line.split(" ", 1)[0] for line in lines if _TYPE in line and _PROJECT in line]
    removed = set(projects[::every])
    moved = set(projects[1::every]) - removed  # the same project under a new IRI: one added
    counts = {"reworded": 0, "budgets": 0, "removed": len(removed), "added": len(moved)}
    out = []
    for number, line in enumerate(lines):
        subject = line.split(" ", 1)[0]
        if subject in removed:
            continue
        if subject in moved:
            line = subject[:-1] + "-ny>" + line[len(subject) :]
        label = _LABEL.match(line)
        if label and number % every == 0:
            line = f"{label[1]}{label[2]} (revidert){label[3]}"
            counts["reworded"] += 1
        budget = _BUDGET.match(line)
        if budget and number % 2 == 0:
            line = f"{budget[1]}{float(budget[2]) + 4_000_000:.2f}{budget[3]}"
            counts["budgets"] += 1
        out.append(line)
    return out, counts


def measure(size: str, files: list[Path], every: int, work: Path) -> dict[str, object]:
    """Time diff_stores over the old and new graphs of every municipality."""
    store = OxigraphStore(None)
    ensure_vocabulary(store)
    old_graphs, new_graphs = [], []
    made = {"reworded": 0, "budgets": 0, "removed": 0, "added": 0}
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        changed, counts = next_version(lines, every)
        for key, value in counts.items():
            made[key] += value
        newer = work / f"{path.stem}-new.nt"
        newer.write_text("\n".join(changed) + "\n", encoding="utf-8")
        old = URIRef(f"https://example.org/old/{path.stem}")
        new = URIRef(f"https://example.org/new/{path.stem}")
        store.load([path], old)
        store.load([newer], new)
        old_graphs.append(old)
        new_graphs.append(new)
    triples = store.triples_count()
    started, cpu = time.perf_counter(), time.process_time()
    result = diff_stores(
        GraphSetScope(store, old_graphs, name="old"),
        GraphSetScope(store, new_graphs, name="new"),
        lang="nb",
    )
    seconds = time.perf_counter() - started
    # CPU time of this process (Oxigraph's own work included): on a busy machine the wall
    # time is mostly waiting for a core.
    cpu_seconds = time.process_time() - cpu
    row: dict[str, object] = {
        "size": size,
        "municipalities": len(files),
        "triples": triples,
        "made": made,
        "added": len(result.added),
        "removed": len(result.removed),
        "changed": len(result.changed),
        "sentences": len(result.said),
        "diff_seconds": round(seconds, 3),
        "diff_cpu_seconds": round(cpu_seconds, 3),
        "microseconds_per_triple": round(seconds * 1e6 / max(1, triples), 2),
        "cpu_microseconds_per_triple": round(cpu_seconds * 1e6 / max(1, triples), 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    store.close()
    return row


def command_runs(path: Path, every: int, runs: int, work: Path) -> dict[str, object]:
    """Run ``goalgraph diff OLD NEW -f json`` as a process on two versions of one
    municipality: wall and CPU seconds of each run, after one run that is not counted."""
    lines = path.read_text(encoding="utf-8").splitlines()
    changed, _ = next_version(lines, every)
    newer = work / f"{path.stem}-new.nt"
    newer.write_text("\n".join(changed) + "\n", encoding="utf-8")
    command = [
        sys.executable, "-m", "goalgraph.cli.main", "diff", str(path), str(newer),
        "-f", "json", "-o", str(work / "out.json"),
    ]  # fmt: skip
    # Python writes its bytecode cache as an installed package has it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, env=env, capture_output=True)
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, env=env, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {
        "triples": len(lines) + len(changed),
        "runs": runs,
        "wall_median": round(statistics.median(walls), 3),
        "wall_max": round(max(walls), 3),
        "cpu_median": round(statistics.median(cpus), 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated sizes (S, M, L)")
    parser.add_argument("--every", type=int, default=20, help="change every N-th item")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "goalgraph" / "benchmarks"
    )
    parser.add_argument("--out", type=Path, help="write the rows as JSON here")
    parser.add_argument("--runs", type=int, default=5, help="runs of the whole command")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; use S, M or L")
    rows: list[dict[str, object]] = []
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    (first,) = data_files(args.cache, args.seed, 1)
    with tempfile.TemporaryDirectory() as work:
        run = command_runs(first, args.every, args.runs, Path(work))
    wall = float(str(run["wall_median"]))
    verdict = "met" if wall <= TARGET else "MISSED"
    print(
        f"goalgraph diff OLD.nt NEW.nt -f json, one municipality ({run['triples']} triples "
        f"in both versions), {run['runs']} runs: wall median {run['wall_median']} s "
        f"(max {run['wall_max']} s), CPU median {run['cpu_median']} s; target {TARGET} s "
        f"{verdict}; load average {' '.join(map(str, run['load_average']))}",  # type: ignore[call-overload]
        flush=True,
    )
    rows.append({"size": "command", **run, "target": TARGET, "met": wall <= TARGET})
    print(
        "| size | municipalities | triples | added | removed | changed | compare wall / CPU |",
        end="",
    )
    print(" µs/triple wall / CPU | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        files = data_files(args.cache, args.seed, SIZES[size])
        with tempfile.TemporaryDirectory() as work:
            row = measure(size, files, args.every, Path(work))
        rows.append(row)
        print(
            f"| {size} | {row['municipalities']} | {row['triples']} | {row['added']} | "
            f"{row['removed']} | {row['changed']} | {row['diff_seconds']} / "
            f"{row['diff_cpu_seconds']} s | {row['microseconds_per_triple']} / "
            f"{row['cpu_microseconds_per_triple']} | "
            f"{' '.join(map(str, row['load_average']))} |",  # type: ignore[call-overload]
            flush=True,
        )
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if wall <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
