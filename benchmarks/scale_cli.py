"""Load, whole-store validation and a CLI query at national scale, two versions side by side.

Each version given with ``--version NAME=PATH`` (PATH: its ``goalgraph`` executable) runs,
one after the other in this run, as a whole process:

- load: ``goalgraph load`` of the generated municipalities into a fresh on-disk store, one
  named graph each (issue 15: ≤ 15 s at L);
- validate: ``goalgraph validate --store … --all`` (≤ 20 s at L), on one store for all
  versions (``--store``, else the store the first version loaded);
- CLI query: ``goalgraph query projects-serving --store … --param goal=…``, best of
  ``--cli-runs`` (≤ 0.35 s).

Every figure is printed with the CPU seconds the process used and the load average when it
ended (the machine's two cores are shared: read the ratios and the CPU time when it is
busy), then the target's verdict for each version. ``--skip`` leaves measurements out.

    python benchmarks/scale_cli.py --size L --version old=/path/goalgraph --version new=…
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_CACHE, SIZES, data_files

from goalgraph.generate import GRAPH_BASE

#: The issue's targets at L, in seconds of wall time.
TARGETS = {"load": 15.0, "validate --all": 20.0, "CLI query": 0.35}
GOAL = GRAPH_BASE + "kommune-001/hovedmal/1"


@dataclass
class Figure:
    """One measurement: wall and CPU seconds, and the load average when it ended."""

    seconds: float
    cpu: float
    load: float


@dataclass
class VersionRun:
    name: str
    executable: Path
    figures: dict[str, Figure] = field(default_factory=dict)


def timed(command: list[str], ok: tuple[int, ...] = (0,)) -> Figure:
    """Run ``command`` to its end; its wall and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command[:3])} … exited {done.returncode}: {done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Figure(seconds, cpu, os.getloadavg()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="append", metavar="NAME=PATH", required=True)
    parser.add_argument("--size", choices=list(SIZES), default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--store", type=Path, help="validate and query this store")
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated: load, validate, query")
    args = parser.parse_args(argv)
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    runs = []
    for item in args.version:
        name, _, path = item.partition("=")
        if not name or not Path(path).is_file():
            parser.error(f"--version {item}: give NAME=PATH of a goalgraph executable")
        runs.append(VersionRun(name, Path(path)))
    files = data_files(args.cache, args.seed, SIZES[args.size])
    with tempfile.TemporaryDirectory(prefix="goalgraph-scale-") as folder:
        shared = args.store
        for run in runs:
            exe = str(run.executable)
            store = Path(folder) / run.name
            if "load" not in skip:
                command = [exe, "load", *map(str, files), "--store", str(store)]
                run.figures["load"] = timed([*command, "--graph", GRAPH_BASE + "{name}"])
                shared = shared or store
            target = shared or store
            if "validate" not in skip:
                command = [exe, "validate", "--store", str(target), "--all"]
                run.figures["validate --all"] = timed(command, ok=(0, 1))
            if "query" not in skip:
                query = [exe, "query", "projects-serving", "--store", str(target)]
                spent = [timed([*query, "--param", f"goal={GOAL}"]) for _ in range(args.cli_runs)]
                run.figures["CLI query"] = min(spent, key=lambda f: f.seconds)
            for key, figure in run.figures.items():
                print(
                    f"{run.name}: {key} {figure.seconds:.3f} s (CPU {figure.cpu:.2f} s, "
                    f"load average {figure.load:.2f})",
                    flush=True,
                )
            if store != shared:
                shutil.rmtree(store, ignore_errors=True)
    print(f"\n## {args.size}: {len(files)} municipalities\n")
    names = [run.name for run in runs]
    print(f"| measurement | {' | '.join(names)} | target |")
    print("|---" * (len(names) + 2) + "|")
    for key, limit in TARGETS.items():
        cells = []
        for run in runs:
            found = run.figures.get(key)
            if found is None:
                cells.append("—")
                continue
            figure = found
            if args.size == "L" or key == "CLI query":
                verdict = "met" if figure.seconds <= limit else "not met"
            else:
                verdict = "the target is for L"
            cells.append(
                f"{figure.seconds:.3f} s (CPU {figure.cpu:.2f} s, load {figure.load:.1f}; "
                f"{verdict})"
            )
        print(f"| {key} | {' | '.join(cells)} | ≤ {limit:g} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
