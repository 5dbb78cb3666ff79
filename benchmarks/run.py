"""Benchmark the national portfolio (S, M, L) on every store adapter; one table per size."""

from __future__ import annotations

import argparse
import compileall
import json
import logging
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from national.measure import ADAPTERS, BASELINE, AdapterRun, Measurement, Worker
from national.table import TARGET_SIZE, notes, size_table, target_checks

import goalgraph
from goalgraph.generate import generate, slug

logger = logging.getLogger("benchmarks.run")

#: Municipalities per size; M is the first 50 of L, S the first one.
SIZES = {"S": 1, "M": 50, "L": 357}
DEFAULT_CACHE = Path.home() / ".cache" / "goalgraph" / "benchmarks"
PACKAGES = ("goalgraph", "rdflib", "pyoxigraph", "oxigraph", "pyshacl", "pyvis", "fastapi")


def _list(text: str, allowed: tuple[str, ...] | list[str], what: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in allowed]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown {what} {', '.join(unknown)}; use {', '.join(allowed)}"
        )
    return chosen


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M,L", type=lambda t: _list(t, list(SIZES), "size"))
    parser.add_argument(
        "--adapters",
        default="rdflib,oxigraph-memory,oxigraph-disk,oxigraph-server",
        type=lambda t: _list(t, ADAPTERS, "adapter"),
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--out", type=Path, help="write every figure and the machine as JSON")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="generated data folder")
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=120.0,
        help="seconds after which one rdflib measurement is cut short and reported as '> T s'",
    )
    parser.add_argument(
        "--report-timeout",
        type=float,
        default=60.0,
        help="seconds after which the portfolio report is stopped on any adapter",
    )
    parser.add_argument("--quick", action="store_true", help="few goals: a smoke run")
    parser.add_argument("--verbose", "-v", action="store_true")
    # One measurement set in a fresh process, so that each adapter's peak memory is its own.
    parser.add_argument(
        "--worker", nargs=3, metavar=("SIZE", "ADAPTER", "RESULT"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def data_files(cache: Path, seed: int, municipalities: int) -> list[Path]:
    """The first ``municipalities`` generated files, generating the data if any is missing."""
    folder = cache / f"seed-{seed}"
    wanted = [folder / f"{slug(i)}.nt" for i in range(1, municipalities + 1)]
    if not all(path.is_file() for path in wanted):
        started = time.perf_counter()
        generate(folder, municipalities, seed)
        logger.info(
            "generated %d municipalities in %.1f s", municipalities, time.perf_counter() - started
        )
    return wanted


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    described = {
        "nproc": subprocess.run(
            ["nproc"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    described["cpu"] = next(
        (
            line.split(":", 1)[1].strip()
            for line in lscpu.splitlines()
            if line.startswith("Model name")
        ),
        "unknown",
    )
    free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.split(
        "\n"
    )
    described["memory"] = next(
        (line.split()[1] for line in free if line.startswith("Mem:")), "unknown"
    )
    for package in PACKAGES:
        try:
            described[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            described[package] = "not installed"
    return described


def run_worker(size: str, adapter: str, result: Path, args: argparse.Namespace) -> None:
    files = data_files(args.cache, args.seed, SIZES[size])
    run = AdapterRun(size, adapter, len(files))
    with tempfile.TemporaryDirectory(prefix=f"goalgraph-bench-{size}-{adapter}-") as work:
        try:
            Worker(
                run, files, Path(work), args.baseline_timeout, args.quick, args.report_timeout
            ).all()
        except Exception as exc:
            logger.exception("%s on %s failed", adapter, size)
            run.measurements.append(Measurement("load", error=f"{type(exc).__name__}: {exc}"))
    result.write_text(json.dumps(asdict(run)), encoding="utf-8")


def compile_package() -> None:
    """Write goalgraph's bytecode, as ``pip install`` does: started with
    PYTHONDONTWRITEBYTECODE (or from a read-only checkout) every worker and server would
    otherwise compile the package's source again, and its first steps would time that."""
    compileall.compile_dir(Path(goalgraph.__file__).parent, quiet=1)


def spawn(size: str, adapter: str, args: argparse.Namespace) -> AdapterRun:
    """Run one adapter at one size in a fresh interpreter and read back its figures."""
    with tempfile.TemporaryDirectory(prefix="goalgraph-bench-") as folder:
        result = Path(folder) / "result.json"
        script = str(Path(__file__).resolve())
        command = [sys.executable, script, "--worker", size, adapter, str(result),
                   "--seed", str(args.seed), "--cache", str(args.cache),
                   "--baseline-timeout", str(args.baseline_timeout),
                   "--report-timeout", str(args.report_timeout)]  # fmt: skip
        command += ["--quick"] * args.quick + ["--verbose"] * args.verbose
        started = time.perf_counter()
        finished = subprocess.run(command, check=False)
        logger.info("%s %s took %.1f s", size, adapter, time.perf_counter() - started)
        if not result.is_file():
            failed = AdapterRun(size, adapter, SIZES[size])
            failed.measurements.append(
                Measurement("load", error=f"worker exited with {finished.returncode}")
            )
            return failed
        data = json.loads(result.read_text(encoding="utf-8"))
    measurements = [Measurement(**m) for m in data.pop("measurements")]
    return AdapterRun(**data, measurements=measurements)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
    )
    if args.worker:
        size, adapter, result = args.worker
        run_worker(size, adapter, Path(result), args)
        return 0
    data_files(args.cache, args.seed, max(SIZES[s] for s in args.sizes))
    compile_package()
    adapters = [BASELINE, *(a for a in args.adapters if a != BASELINE)]
    described = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in described.items()), flush=True)
    every: list[AdapterRun] = []
    errors = 0
    for size in args.sizes:
        runs = [spawn(size, adapter, args) for adapter in adapters]
        every.extend(runs)
        print("\n".join(["", *size_table(size, runs), "", *notes(runs)]), flush=True)
        if size == TARGET_SIZE:
            print("\n".join(["", *target_checks(runs)]), flush=True)
        errors += sum(1 for r in runs for m in r.measurements if m.error is not None)
    if args.out is not None:
        args.out.write_text(
            json.dumps({"machine": described, "runs": [asdict(r) for r in every]}, indent=2),
            encoding="utf-8",
        )
    print(f"\n{errors} measurement(s) failed" if errors else "\nall measurements ran")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
