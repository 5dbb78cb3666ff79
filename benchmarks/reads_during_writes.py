"""Where readers lose time to a writer: reads split by when they ran against the writes.

One server (``goalgraph serve --store``, writes on, SHACL gate on) answers ``--readers``
clients asking "which projects serve goal X" on ``/sparql`` for ``--seconds``; one more
client PUTs the first municipality's graph twice every 2 s in the middle of that time
(as benchmarks/versions.py does). Each read is then counted as

- ``no writer``: before the writer started or after it stopped;
- ``overlaps a write``: it ran while a PUT was being answered (competing for the cores);
- ``starts <1 s after``: it started within a second after a PUT's answer (caches of the
  old state dropped, query workers reopening the store);
- ``between writes``: the rest of the writer's time.

Reads slow only while a write runs point at the CPU (the gate's check); reads slow just
after one point at what a write invalidates.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_CACHE, SIZES, data_files
from versions import (
    _GOALS,
    ask_serving,
    graph_content,
    percentile,
    select,
    serving,
    writes,
)

from goalgraph.generate import GRAPH_BASE

Span = tuple[float, float]


def kind(read: Span, written: list[Span]) -> str:
    """Which of the module's groups the read spanning ``read`` belongs to."""
    start, end = read
    if any(start < w_end and end > w_start for w_start, w_end in written):
        return "overlaps a write"
    if any(0 <= start - w_end < 1.0 for _, w_end in written):
        return "starts <1 s after"
    if written and written[0][0] <= start <= written[-1][1] + 1.0:
        return "between writes"
    return "no writer"


def measure(base: str, graph: str, goals: list[str], readers: int, seconds: float) -> str:
    """The table of reads by group."""
    content = graph_content(base, graph)
    writes(base, graph, 2, content)  # the gate's first report of the graph, not measured
    read: list[Span] = []
    written: list[Span] = []
    stop = time.monotonic() + seconds

    def reader(seed: int) -> None:
        pick = random.Random(seed)
        with httpx.Client(timeout=120) as client:
            while time.monotonic() < stop:
                start = time.monotonic()
                answer = ask_serving(client, base, pick.choice(goals))
                if answer.status_code == 200:
                    read.append((start, time.monotonic()))

    def writer() -> None:
        # The first third and the last sixth are reads alone.
        time.sleep(seconds / 3)
        while time.monotonic() < stop - seconds / 6:
            start = time.monotonic()
            for spent in writes(base, graph, 2, content):
                written.append((start, start + spent))
                start += spent
            time.sleep(max(0.0, 2.0 - (time.monotonic() - written[-2][0])))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(readers)]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    groups: dict[str, list[float]] = {}
    for span in read:
        groups.setdefault(kind(span, written), []).append(span[1] - span[0])
    lines = ["| reads | count | p50 | p95 |", "|---|---|---|---|"]
    for name, spent in sorted(groups.items()):
        median, high = statistics.median(spent), percentile(spent, 0.95)
        lines.append(f"| {name} | {len(spent)} | {median:.3f} s | {high:.3f} s |")
    durations = [end - start for start, end in written]
    if durations:
        lines.append(
            f"\n{len(durations)} writes, p50 {statistics.median(durations):.3f} s "
            f"while the readers ran"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--store",
        type=Path,
        required=True,
        help="an on-disk store with the --size municipalities, one graph each (loaded here "
        "with goalgraph load when the folder does not exist)",
    )
    parser.add_argument(
        "--goalgraph",
        type=Path,
        default=Path(sys.executable).parent / "goalgraph",
        help="the goalgraph executable to serve with",
    )
    args = parser.parse_args(argv)
    files = data_files(args.cache, args.seed, SIZES[args.size])
    if not args.store.exists():
        command = [str(args.goalgraph), "load", *map(str, files), "--store", str(args.store)]
        subprocess.run([*command, "--graph", GRAPH_BASE + "{name}"], check=True)
    with serving(args.goalgraph, args.store, args.readers + 1, start_page=False) as base:
        goals = select(base, _GOALS)
        graph = GRAPH_BASE + files[0].stem
        print(f"## {args.size}: {args.readers} readers for {args.seconds:g} s\n")
        print(measure(base, graph, goals, args.readers, args.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
