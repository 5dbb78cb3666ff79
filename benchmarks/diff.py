"""`goalgraph diff` on generated municipalities: one municipality and the national portfolio.

For each size the generated N-Triples (``goalgraph generate``, cached as benchmarks/run.py
caches them) are the old version; the new version is made from them line by line: every
``--every``-th label reworded, budget raised, project removed and another project added
under a new IRI. Both versions go into one in-memory Oxigraph store as two graphs per
municipality, and ``diff_stores`` compares them through the Store protocol (reading, comparing
and the sentences; what ``goalgraph diff --store S OLD NEW`` does after opening the store).
For size S it also times the command on the two files, process start included.

    python benchmarks/diff.py --sizes S,M [--every 20] [--seed 1] [--out results.json]

Sizes as in benchmarks/run.py: S = 1, M = 50, L = 357 municipalities.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import re
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
    started = time.perf_counter()
    result = diff_stores(
        GraphSetScope(store, old_graphs, name="old"),
        GraphSetScope(store, new_graphs, name="new"),
        lang="nb",
    )
    seconds = time.perf_counter() - started
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
    }
    if len(files) == 1:
        command = [
            sys.executable, "-m", "goalgraph.cli.main", "diff", str(files[0]),
            str(work / f"{files[0].stem}-new.nt"), "-f", "json", "-o", str(work / "out.json"),
        ]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True)
        row["command_seconds"] = round(time.perf_counter() - started, 3)
    store.close()
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated sizes (S, M, L)")
    parser.add_argument("--every", type=int, default=20, help="change every N-th item")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument(
        "--cache", type=Path, default=Path.home() / ".cache" / "goalgraph" / "benchmarks"
    )
    parser.add_argument("--out", type=Path, help="write the rows as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; use S, M or L")
    rows = []
    print(f"python {platform.python_version()}, {platform.machine()}")
    print("| size | municipalities | triples | added | removed | changed | diff | command |")
    print("|---|---|---|---|---|---|---|---|")
    for size in sizes:
        files = data_files(args.cache, args.seed, SIZES[size])
        with tempfile.TemporaryDirectory() as work:
            row = measure(size, files, args.every, Path(work))
        rows.append(row)
        command = f"{row['command_seconds']} s" if "command_seconds" in row else "–"
        print(
            f"| {size} | {row['municipalities']} | {row['triples']} | {row['added']} | "
            f"{row['removed']} | {row['changed']} | {row['diff_seconds']} s | {command} |",
            flush=True,
        )
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
