"""Two installed versions of goalgraph side by side on one national store: load, whole-store
validation, a CLI query, gated writes, and reads with and without a writer.

Every version given with ``--version NAME=PATH`` (PATH: its ``goalgraph`` executable) is run
on the same generated municipalities, one after the other, in one run of this script, so
that the ratios compare like with like on the same machine under the same load:

- load: ``goalgraph load`` of every municipality into a fresh on-disk store, one named
  graph each (the whole process);
- validate: ``goalgraph validate --store … --all`` (the whole process);
- CLI query: ``goalgraph query projects-serving --store … --param goal=…`` as a whole
  process, median of ``--cli-runs``;
- write: ``PUT /graphs?graph=…`` of the first municipality's graph (its own content with
  one label changed, alternately, so that the gate has real work), with the SHACL gate on,
  p50 and p95 of ``--writes`` writes one after the other;
- reads: ``--readers`` clients asking "which projects serve goal X" on ``/sparql`` for
  ``--seconds``, alone and then with one client writing once a second; p95 of each and
  their ratio (the issue asks for at most 2).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DEFAULT_CACHE, SIZES, data_files

from goalgraph.generate import GRAPH_BASE

HOST = "127.0.0.1"
TOKEN = "benchmark-write-token-0123456789"
_START_TIMEOUT = 600.0
_GOALS = """PREFIX gg: <https://w3id.org/goalgraph#>
SELECT DISTINCT ?goal WHERE {
  GRAPH ?g { ?goal a gg:MainGoal ;
    ^gg:contributesTo*/^gg:realises/^gg:concretises/^gg:resolves/^gg:implements ?p . }
} ORDER BY ?goal LIMIT 200"""
_SERVING = """PREFIX gg: <https://w3id.org/goalgraph#>
SELECT DISTINCT ?project WHERE {
  ?project gg:implements/gg:resolves/gg:concretises/gg:realises/gg:contributesTo* <GOAL> .
} ORDER BY ?project"""
_LABEL = "<https://w3id.org/goalgraph/benchmarks/versions#written>"


@dataclass
class VersionRun:
    """The figures of one version, in seconds."""

    name: str
    executable: Path
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without PYTHONPATH: each executable runs the goalgraph
    installed beside it, not one a path points to."""
    found = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**found, **extra}


def timed_run(command: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """Seconds the command takes as a whole process; SystemExit if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment())
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


#: ``goalgraph serve`` without the start page's warm-up: at national scale building it (the
#: goal tree's warnings) takes many minutes on a busy machine, and the query workers start
#: only after it. Neither is what this script measures.
_WITHOUT_START_PAGE = (
    "import goalgraph.web.app as app; app.cached_page = lambda *a, **k: None; "
    "from goalgraph.cli.main import main; main()"
)


@contextmanager
def serving(
    executable: Path, store: Path, clients: int, *, start_page: bool = True
) -> Iterator[str]:
    """``goalgraph serve --store`` with writes on, letting ``clients`` queries from this
    one address run at once (all readers share it); yields its base URL. Without
    ``start_page``, the server does not build its start page while it starts."""
    port = free_port()
    # A query limit that the choice of goals fits in at national scale (5 s by default).
    settings = environment(
        GOALGRAPH_WRITE_TOKEN=TOKEN,
        GOALGRAPH_MAX_QUERIES_PER_CLIENT=str(clients),
        GOALGRAPH_QUERY_TIMEOUT="120",
    )
    command = [str(executable), "serve", "--store", str(store), "--host", HOST, "--port", str(port)]
    if not start_page:
        python = executable.parent / "python"
        command = [str(python), "-c", _WITHOUT_START_PAGE, *command[1:]]
    process = subprocess.Popen(
        command, env=settings, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the server stopped: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                # Ready when the query workers answer (they start after the warm-up).
                probe = httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=30)
                if probe.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start in time")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def select(base: str, query: str) -> list[str]:
    answer = httpx.post(
        f"{base}/sparql",
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=120,
    )
    if answer.status_code != 200:
        raise SystemExit(f"{query[:60]}… answered {answer.status_code}: {answer.text[:300]}")
    rows = answer.json()["results"]["bindings"]
    return [next(iter(row.values()))["value"] for row in rows]


#: Seconds after which one write is given up and counted at this figure.
WRITE_TIMEOUT = 300.0


def graph_content(base: str, graph: str) -> str:
    """``graph`` as N-Triples, without the triple these writes add (left by a run cut short)."""
    got = httpx.get(
        f"{base}/graphs",
        params={"graph": graph},
        headers={"Accept": "application/n-triples"},
        timeout=WRITE_TIMEOUT,
    )
    got.raise_for_status()
    return "".join(line for line in got.text.splitlines(keepends=True) if _LABEL not in line)


def writes(base: str, graph: str, count: int, content: str | None = None) -> list[float]:
    """Seconds per gated PUT of ``graph``: its ``content`` (read first when not given),
    alternately with one triple more. A write that takes longer than WRITE_TIMEOUT is counted
    at that figure and ends the series (the server may still be busy with it)."""
    if content is None:
        content = graph_content(base, graph)
    with httpx.Client(timeout=WRITE_TIMEOUT) as client:
        subject = f"<{graph}>"
        changed = content + f'{subject} {_LABEL} "written" .\n'
        spent: list[float] = []
        for i in range(count):
            started = time.perf_counter()
            try:
                answer = client.put(
                    f"{base}/graphs",
                    params={"graph": graph},
                    content=(changed if i % 2 == 0 else content).encode("utf-8"),
                    headers={
                        "Content-Type": "application/n-triples",
                        "Authorization": f"Bearer {TOKEN}",
                    },
                )
            except httpx.TimeoutException:
                spent.append(WRITE_TIMEOUT)
                break
            spent.append(time.perf_counter() - started)
            if answer.status_code >= 300:
                raise SystemExit(f"PUT {graph} answered {answer.status_code}: {answer.text[:500]}")
    return spent


def ask_serving(client: httpx.Client, base: str, goal: str) -> httpx.Response:
    """One read of the benchmark's question: which projects serve ``goal``, on /sparql."""
    return client.get(
        f"{base}/sparql",
        params={"query": _SERVING.replace("GOAL", goal)},
        headers={"Accept": "application/sparql-results+json"},
    )


def reads(
    base: str, goals: list[str], clients: int, seconds: float, writer_graph: str | None
) -> tuple[list[float], int, list[str]]:
    """Seconds per read of ``clients`` readers for ``seconds``; with ``writer_graph``, one
    more client writes that graph once a second meanwhile. Also the writes made and the
    reads that failed (a 503 over the server's time limit is a figure, not a crash)."""
    stop = time.monotonic() + seconds
    spent: list[float] = []
    lock = threading.Lock()
    written = [0]
    failures: list[str] = []

    def reader(seed: int) -> None:
        pick = random.Random(seed)
        with httpx.Client(timeout=120) as client:
            while time.monotonic() < stop:
                started = time.perf_counter()
                answer = ask_serving(client, base, pick.choice(goals))
                took = time.perf_counter() - started
                with lock:
                    if answer.status_code == 200:
                        spent.append(took)
                    else:
                        failures.append(f"read {answer.status_code}: {answer.text[:300]}")

    def writer(graph: str) -> None:
        # Read once: the writer's load on the server is its writes, not reads of the graph.
        content = graph_content(base, graph)
        while time.monotonic() < stop:
            started = time.monotonic()
            writes(base, graph, 2, content)
            written[0] += 2
            time.sleep(max(0.0, 2.0 - (time.monotonic() - started)))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(clients)]
    if writer_graph is not None:
        threads.append(threading.Thread(target=writer, args=(writer_graph,)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if not spent:
        phase = "with a writer" if writer_graph else "alone"
        raise SystemExit(f"every read {phase} failed, first: {failures[0]}")
    return spent, written[0], failures


def run_version(run: VersionRun, files: list[Path], args: argparse.Namespace) -> None:
    exe = str(run.executable)
    with tempfile.TemporaryDirectory(prefix=f"goalgraph-{run.name}-") as folder:
        if args.store is not None:
            # Loaded beforehand: every version is served the same folder in turn. Writes
            # come in pairs (a label added, then removed), so the store ends as it was.
            store = args.store
        else:
            store = Path(folder) / "store"
            graphs = GRAPH_BASE + "{name}"
            command = [exe, "load", *map(str, files), "--store", str(store), "--graph", graphs]
            run.figures["load"] = timed_run(command)
        if not args.skip_validate:
            command = [exe, "validate", "--store", str(store), "--all"]
            run.figures["validate --all"] = timed_run(command, ok=(0, 1))
        with serving(
            run.executable, store, args.readers + 1, start_page=not args.skip_start_page
        ) as base:
            goals = select(base, _GOALS)
            if not goals:
                raise SystemExit("the store has no goal served by a project")
            graph = GRAPH_BASE + files[0].stem
            spent = writes(base, graph, args.writes)
            run.figures["write p50"] = statistics.median(spent)
            run.figures["write p95"] = percentile(spent, 0.95)
            alone, _, failed_alone = reads(base, goals, args.readers, args.seconds, None)
            run.figures["reads alone p95"] = percentile(alone, 0.95)
            run.figures["reads alone p50"] = statistics.median(alone)
            busy, written, failed_busy = reads(base, goals, args.readers, args.seconds, graph)
            run.figures["reads with a writer p95"] = percentile(busy, 0.95)
            run.figures["reads with a writer p50"] = statistics.median(busy)
            run.figures["reads with a writer / alone, p95"] = (
                run.figures["reads with a writer p95"] / run.figures["reads alone p95"]
            )
            run.notes.append(
                f"{len(alone)} reads alone ({len(failed_alone)} failed), {len(busy)} with a "
                f"writer ({len(failed_busy)} failed; {written} writes)"
            )
            for failure in (failed_alone + failed_busy)[:1]:
                run.notes.append(f"first failed read: {failure}")
        # The CLI after the server: the store is no longer held open.
        if not args.skip_cli:
            query = [exe, "query", "projects-serving", "--store", str(store), "--param"]
            spent = [
                timed_run([*query, f"goal={goals[i % len(goals)]}"]) for i in range(args.cli_runs)
            ]
            run.figures["CLI query (whole process)"] = statistics.median(spent)
        if args.store is None:
            shutil.rmtree(store, ignore_errors=True)


def table(runs: list[VersionRun]) -> str:
    names = [run.name for run in runs]
    header = f"| measurement | {' | '.join(names)} |"
    if len(runs) == 2:
        header += f" {names[0]} / {names[1]} |"
    lines = [header, "|---" * (len(names) + 1 + (len(runs) == 2)) + "|"]
    for key in runs[0].figures:
        ratio_row = key.endswith("/ alone, p95")
        cells = [
            f"{run.figures[key]:.2f}" if ratio_row else f"{run.figures[key]:.3f} s"
            for run in runs
            if key in run.figures
        ]
        line = f"| {key} | {' | '.join(cells)} |"
        if len(runs) == 2 and key in runs[1].figures and not ratio_row:
            line += f" {runs[0].figures[key] / runs[1].figures[key]:.2f} |"
        elif len(runs) == 2:
            line += " |"
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--version",
        action="append",
        metavar="NAME=PATH",
        help="a version to measure: a name and its goalgraph executable (repeatable; "
        "default: this environment's goalgraph as 'new')",
    )
    parser.add_argument("--size", choices=list(SIZES), default="M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--skip-validate", action="store_true")
    parser.add_argument("--skip-cli", action="store_true", help="leave out the CLI query")
    parser.add_argument(
        "--skip-start-page",
        action="store_true",
        help="serve without building the start page at start-up (minutes at L, and the "
        "query workers wait for it); the same for every version",
    )
    parser.add_argument(
        "--store",
        type=Path,
        help="an on-disk store loaded beforehand with the --size municipalities, one graph "
        f"each named {GRAPH_BASE}{{name}} (goalgraph load --graph …): no load is timed, and "
        "every version serves this folder in turn",
    )
    args = parser.parse_args(argv)
    if args.writes % 2:
        parser.error("--writes must be even: writes come in pairs that leave the graph as it was")
    if args.store is not None and not args.store.is_dir():
        parser.error(f"--store {args.store}: not a store folder")
    given = args.version or [f"new={Path(sys.executable).parent / 'goalgraph'}"]
    runs: list[VersionRun] = []
    for item in given:
        name, _, path = item.partition("=")
        executable = Path(path)
        if not name or not executable.is_file():
            parser.error(f"--version {item}: give NAME=PATH of a goalgraph executable")
        runs.append(VersionRun(name, executable))
    files = data_files(args.cache, args.seed, SIZES[args.size])
    for run in runs:
        before = os.getloadavg()[0]
        run_version(run, files, args)
        run.notes.append(f"load average {before:.2f} before, {os.getloadavg()[0]:.2f} after")
        # Each version's figures as soon as they are known: a later failure keeps them.
        figures = ", ".join(f"{key} {value:.3f}" for key, value in run.figures.items())
        print(f"{run.name}: {figures}", file=sys.stderr, flush=True)
    print(
        f"## {args.size}: {len(files)} municipalities; {args.readers} readers for "
        f"{args.seconds:g} s; {args.writes} writes\n"
    )
    print(table(runs))
    print()
    for run in runs:
        version = subprocess.run(
            [str(run.executable), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        print(
            f"- {run.name}: {run.executable} ({version or 'no --version'}); {'; '.join(run.notes)}"
        )
    cores = os.cpu_count()
    print(f"- machine: Python {platform.python_version()}, {platform.platform()}, {cores} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
