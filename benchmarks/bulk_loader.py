"""Oxigraph's bulk loader alone on the generated municipalities: the floor under `goalgraph load`.

Each variant runs in a fresh process with no goalgraph code: the municipalities' N-Triples
files are joined into one N-Quads text (one named graph each, as `goalgraph load --graph
'…/{name}'` keeps them) or one N-Triples text (the default graph), then given to one
``Store.bulk_load`` call on a new on-disk store, without ``optimize``. The CPU time is the
process's user + system time, every loader thread included: on a machine with N cores, no
load of the same data can take less than CPU / N seconds of wall time.

    python benchmarks/bulk_loader.py [--data FOLDER] [--municipalities 357]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT_DATA = Path.home() / ".cache" / "goalgraph" / "benchmarks" / "seed-1"
GRAPHS = "https://w3id.org/goalgraph/generated/"
#: (name, named graphs, lenient): lenient skips the parser's checks of IRIs.
VARIANTS = (
    ("named graphs", True, False),
    ("named graphs, lenient", True, True),
    ("default graph", False, False),
)

_CHILD = r"""
import json, os, resource, sys, time
import pyoxigraph as ox
folder, count, store = sys.argv[1], int(sys.argv[2]), sys.argv[5]
named, lenient = sys.argv[3] == "1", sys.argv[4] == "1"
files = sorted(f for f in os.listdir(folder) if f.endswith(".nt"))[:count]
parts = []
for name in files:
    data = open(os.path.join(folder, name), "rb").read()
    if named:
        data = data.replace(b" .\n", f" <{sys.argv[6]}{name[:-3]}> .\n".encode())
    parts.append(data)
text = b"".join(parts)
del parts
before = resource.getrusage(resource.RUSAGE_SELF)
started = time.perf_counter()
syntax = ox.RdfFormat.N_QUADS if named else ox.RdfFormat.N_TRIPLES
ox.Store(store).bulk_load(text, syntax, lenient=lenient)
wall = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
peak = after.ru_maxrss / 1024
found = {"files": len(files), "mb": len(text) / 1e6, "wall": wall, "cpu": cpu, "peak_mb": peak}
print(json.dumps(found))
"""


def run(folder: Path, count: int, named: bool, lenient: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="goalgraph-bulk-") as scratch:
        answer = subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(folder),
                str(count),
                "1" if named else "0",
                "1" if lenient else "0",
                str(Path(scratch) / "store"),
                GRAPHS,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if answer.returncode != 0:
        raise SystemExit(f"the bulk load failed: {answer.stderr.strip()[-2000:]}")
    found: dict[str, float] = json.loads(answer.stdout)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="generated N-Triples")
    parser.add_argument("--municipalities", type=int, default=357, help="how many files")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*.nt"))[: args.municipalities]
    if len(files) < args.municipalities:
        raise SystemExit(
            f"{args.data}: {len(files)} of {args.municipalities} municipality files; make them "
            f"with: goalgraph generate -o {args.data} -n {args.municipalities}"
        )
    cores = os.cpu_count() or 1
    print(
        f"{len(files)} municipalities from {args.data}; {cores} cores; load average before: "
        + " ".join(f"{v:.2f}" for v in os.getloadavg())
    )
    print()
    print("| variant | text | wall | CPU | CPU / cores (least wall possible) | peak memory |")
    print("|---|---|---|---|---|---|")
    for name, named, lenient in VARIANTS:
        found = run(args.data, len(files), named, lenient)
        print(
            f"| {name} | {found['mb']:.0f} MB | {found['wall']:.1f} s | {found['cpu']:.1f} s "
            f"| {found['cpu'] / cores:.1f} s | {found['peak_mb']:.0f} MB |"
        )
    print()
    print("load average after: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
