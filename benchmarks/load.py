"""Load a served example with concurrent clients on loopback; print latency per request kind.

Starts ``goalgraph serve`` on 127.0.0.1 (a free port) with the Asker example, then runs
``--clients`` threads that share a bounded list of ``--requests`` requests mixing named
queries on /sparql, the JSON API, page views and POST /api/validate, until the list is done
or ``--seconds`` have passed. Exits 1 if any request failed (not 200 or no answer).
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import httpx

from goalgraph.sparql.library import named_queries

logger = logging.getLogger("benchmarks.load")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "asker"
HOST = "127.0.0.1"
#: The most time a run may take, whatever is asked.
MAX_SECONDS = 60.0
_START_TIMEOUT = 60.0
#: Named queries that need no parameter, sent as they are to /sparql.
SPARQL_QUERIES = ("class-counts", "sdg-coverage", "portfolio-budget", "uncovered-goals", "orphans")
PACKAGES = ("goalgraph", "fastapi", "uvicorn", "rdflib", "pyoxigraph", "pyshacl", "httpx")
_PICK = """PREFIX gg: <https://w3id.org/goalgraph#>
SELECT ?goal ?project WHERE {
  ?goal a gg:MainGoal ;
    ^gg:contributesTo*/^gg:realises/^gg:concretises/^gg:resolves/^gg:implements ?project .
} ORDER BY ?goal ?project LIMIT 1"""


@dataclass(frozen=True)
class Request:
    """One request of the mix: its kind (a row of the table), method, path, params, body."""

    kind: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """How one request went: its kind, its latency and whether it failed (and why)."""

    kind: str
    seconds: float
    error: str | None


@dataclass(frozen=True)
class KindStats:
    """One row of the table."""

    kind: str
    count: int
    p50_ms: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(example: Path, workers: int) -> Iterator[str]:
    """Run ``goalgraph serve`` on loopback until the block ends; yields its base URL."""
    port = free_port()
    command = shutil.which("goalgraph") or "goalgraph"
    process = subprocess.Popen(
        [command, "serve", str(example), "--host", HOST, "--port", str(port)],
        env={**_environment(), "GOALGRAPH_QUERY_WORKERS": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server stopped: {process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/api/queries", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer in time")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _environment() -> dict[str, str]:
    # No token: the benchmark reads only; proxies must not see loopback traffic.
    keep = {k: v for k, v in os.environ.items() if not k.startswith("GOALGRAPH_")}
    keep["NO_PROXY"] = HOST
    return keep


def request_mix(base: str, count: int, seed: int) -> list[Request]:
    """``count`` requests, the kinds in turn, in a seeded random order."""
    found = httpx.get(
        f"{base}/sparql",
        params={"query": _PICK},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    ).json()["results"]["bindings"]
    if not found:
        raise RuntimeError("the served example has no project serving a main goal")
    goal, project = found[0]["goal"]["value"], found[0]["project"]["value"]
    library = named_queries()
    model = (EXAMPLE / "goals.ttl").read_bytes()
    kinds: list[list[Request]] = [
        [
            Request(
                "sparql named query",
                "GET",
                "/sparql",
                {"query": library[name].text},
                headers={"Accept": "application/sparql-results+json"},
            )
            for name in SPARQL_QUERIES
        ],
        [Request("api projects-serving", "GET", "/api/projects-serving", {"goal": goal})],
        [Request("api trace", "GET", "/api/trace", {"project": project})],
        [Request("page /", "GET", "/")],
        [Request("page goal", "GET", "/goal", {"iri": goal})],
        [Request("page graph", "GET", "/graph", {"node": goal, "depth": "2"})],
        [
            Request(
                "api validate",
                "POST",
                "/api/validate",
                body=model,
                headers={"Content-Type": "text/turtle"},
            )
        ],
    ]
    mix = [
        kinds[i % len(kinds)][(i // len(kinds)) % len(kinds[i % len(kinds)])] for i in range(count)
    ]
    random.Random(seed).shuffle(mix)
    return mix


def run(base: str, mix: list[Request], clients: int, seconds: float) -> tuple[list[Outcome], float]:
    """Send ``mix`` from ``clients`` threads until done or ``seconds`` pass; the outcomes and
    the wall time."""
    pending = iter(mix)
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.monotonic() < deadline:
                with lock:
                    item = next(pending, None)
                if item is None:
                    return
                started = time.perf_counter()
                error: str | None = None
                try:
                    response = http.request(
                        item.method,
                        item.path,
                        params=item.params,
                        content=item.body,
                        headers=item.headers,
                    )
                    if response.status_code != 200:
                        error = f"HTTP {response.status_code}: {response.text[:200]}"
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}: {exc}"
                outcome = Outcome(item.kind, time.perf_counter() - started, error)
                with lock:
                    outcomes.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (``share`` between 0 and 1)."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(outcomes: list[Outcome]) -> list[KindStats]:
    kinds = sorted({o.kind for o in outcomes})
    rows = []
    for kind in [*kinds, "all"]:
        mine = [o for o in outcomes if kind in ("all", o.kind)]
        times = [o.seconds * 1000 for o in mine]
        rows.append(
            KindStats(
                kind,
                len(mine),
                statistics.median(times),
                percentile(times, 0.99),
                sum(o.error is not None for o in mine),
            )
        )
    return rows


def machine() -> str:
    """nproc, memory, CPU model, Python and package versions, one line each."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout
    total = next((line.split()[1] for line in memory.splitlines() if line.startswith("Mem:")), "?")
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return (
        f"nproc: {len(os.sched_getaffinity(0))}; memory: {total}; CPU: {cpu}\n"
        f"Python {platform.python_version()} on {platform.system()} {platform.release()}\n"
        f"{versions}"
    )


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--requests", type=int, default=400, help="requests in all (default 400)")
    parser.add_argument(
        "--seconds", type=float, default=MAX_SECONDS, help=f"time limit, at most {MAX_SECONDS:g}"
    )
    parser.add_argument("--workers", type=int, default=2, help="query worker processes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 64 or not 1 <= args.requests <= 10_000:
        parser.error("--clients must be 1..64 and --requests 1..10000")
    seconds = min(args.seconds, MAX_SECONDS)
    logging.basicConfig(level=logging.WARNING)
    with served(EXAMPLE, args.workers) as base:
        mix = request_mix(base, args.requests, args.seed)
        outcomes, wall = run(base, mix, args.clients, seconds)
    rows = summarise(outcomes)
    print(machine())
    print(
        f"\n{args.clients} clients, {len(outcomes)} of {len(mix)} requests in {wall:.1f} s: "
        f"{len(outcomes) / wall:.1f} requests/s\n"
    )
    print(f"| {'kind':<22} | {'count':>5} | {'p50 ms':>8} | {'p99 ms':>8} | {'errors':>6} |")
    print(f"|{'-' * 24}|{'-' * 7}|{'-' * 10}|{'-' * 10}|{'-' * 8}|")
    for row in rows:
        print(
            f"| {row.kind:<22} | {row.count:>5} | {row.p50_ms:>8.1f} | {row.p99_ms:>8.1f} "
            f"| {row.errors:>6} |"
        )
    failed = [o for o in outcomes if o.error is not None]
    for outcome in failed[:10]:
        print(f"error ({outcome.kind}): {outcome.error}", file=sys.stderr)
    if len(outcomes) < len(mix):
        print(f"stopped at the time limit of {seconds:g} s", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
