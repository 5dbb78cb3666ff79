"""The printed tables: one per size, each figure with its ratio to the rdflib baseline, and the
targets of the default store at L marked met or missed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from national.measure import BASELINE, DEFAULT_STORE, MEASUREMENTS, AdapterRun, Measurement

TITLES = {
    "load": "load (vocabulary + one graph per municipality)",
    "trace-all": "trace of every project (one SPARQL query)",
    "serving": "which projects serve goal X, p50 / p95",
    "serving-http": "… over HTTP, p50 / p95",
    "report": "portfolio report, whole store, without the effect balance",
    "report-full": "portfolio report, whole store, with the effect balance",
    "validate": "SHACL validation of one municipality",
    "view": "focused graph view (≤ 500 nodes)",
    "serve-ready": "serve ready on a loaded store",
}
TARGET_SIZE = "L"
#: Most times slower than the default store that the remote adapter may be.
REMOTE_FACTOR = 3.0


@dataclass(frozen=True)
class Target:
    """A limit on one figure of the default store at size L."""

    measurement: str
    limit: float
    unit: str
    text: str


TARGETS = (
    Target("load", 15.0, "s", "load ≤ 15 s"),
    Target("load", 2048.0, "MB", "load peak memory ≤ 2 GB"),
    Target("serving", 0.005, "s", "which projects serve goal X p50 ≤ 5 ms in-process"),
    Target("serving-http", 0.020, "s", "which projects serve goal X p50 ≤ 20 ms over HTTP"),
    Target("trace-all", 2.0, "s", "trace of every project ≤ 2 s"),
    Target("report", 10.0, "s", "portfolio report without the effect balance ≤ 10 s"),
    Target("report-full", 10.0, "s", "portfolio report with the effect balance ≤ 10 s"),
    Target("validate", 2.0, "s", "validation of one municipality ≤ 2 s"),
    Target("view", 1.0, "s", "focused graph view ≤ 1 s"),
    Target("serve-ready", 5.0, "s", "serve ready ≤ 5 s on a loaded store"),
)


def seconds(value: float) -> str:
    """A duration with a unit that keeps three significant digits readable."""
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1.0:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _figure(found: Measurement) -> str:
    if found.error is not None:
        return "error"
    if found.timed_out:
        done = f", {found.samples} goals done" if found.samples else ""
        return f"> {found.limit:.0f} s{done}"
    if found.seconds is None:
        return "—"
    text = seconds(found.seconds)
    if found.p95 is not None and found.samples > 1:
        text += f" / {seconds(found.p95)}"
    return text


def _ratio(found: Measurement, base: Measurement | None) -> str:
    if found.seconds is None or found.error is not None or base is None:
        return ""
    if base.timed_out and base.limit is not None:
        return f" (< {found.seconds / base.limit:.2g}×)"
    if base.seconds is None or base.seconds == 0:
        return ""
    return f" ({found.seconds / base.seconds:.2g}×)"


def _memory(found: Measurement | None, base: Measurement | None) -> str:
    if found is None or found.peak_mb is None:
        return "—"
    text = f"{found.peak_mb:,.0f} MB"
    if base is not None and base.peak_mb and not base.timed_out and found is not base:
        text += f" ({found.peak_mb / base.peak_mb:.2g}×)"
    return text


def _highest(run: AdapterRun) -> Measurement | None:
    measured = [m for m in run.measurements if m.peak_mb is not None]
    return max(measured, key=lambda m: m.peak_mb or 0.0, default=None)


def size_table(size: str, runs: Sequence[AdapterRun]) -> list[str]:
    """A Markdown table of one size: a row per measurement, a column per adapter."""
    base = next((r for r in runs if r.adapter == BASELINE), None)
    triples = max((r.triples for r in runs), default=0)
    municipalities = runs[0].municipalities if runs else 0
    lines = [
        f"### {size}: {municipalities} municipalities, {triples:,} triples",
        "",
        "| measurement | " + " | ".join(r.adapter for r in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]
    for name in MEASUREMENTS:
        cells = []
        for run in runs:
            found = run.get(name)
            if found is None:
                cells.append("—")
                continue
            reference = base.get(name) if base is not None and run is not base else None
            cells.append(_figure(found) + _ratio(found, reference))
        lines.append(f"| {TITLES[name]} | " + " | ".join(cells) + " |")
    cells = [_memory(r.get("load"), base.get("load") if base else None) for r in runs]
    lines.append("| peak memory after load | " + " | ".join(cells) + " |")
    cells = [_memory(_highest(r), None) for r in runs]
    lines.append("| peak memory of the whole run | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Ratios are against the rdflib in-memory baseline of this run (< 1 is faster).")
    return lines


def notes(runs: Sequence[AdapterRun]) -> list[str]:
    """What each figure counted, and every error, one line each."""
    lines: list[str] = []
    for run in runs:
        for found in run.measurements:
            if found.error is not None:
                lines.append(f"- {run.adapter} {found.name}: ERROR {found.error}")
            elif found.note:
                lines.append(f"- {run.adapter} {found.name}: {found.note}")
    return lines


def target_checks(runs: Sequence[AdapterRun]) -> list[str]:
    """Each target of the default store at L: met, or missed and by how much."""
    default = next((r for r in runs if r.adapter == DEFAULT_STORE), None)
    if default is None:
        return []
    lines = [f"Targets at {TARGET_SIZE}, default store ({DEFAULT_STORE}):", ""]
    for target in TARGETS:
        found = default.get(target.measurement)
        value = None
        if found is not None and found.error is None:
            value = found.peak_mb if target.unit == "MB" else found.seconds
        if value is None:
            lines.append(f"- {target.text}: not measured")
            continue
        shown = f"{value:,.0f} MB" if target.unit == "MB" else seconds(value)
        if value <= target.limit:
            lines.append(f"- {target.text}: {shown} — met")
        else:
            over = (
                f"{value - target.limit:,.0f} MB"
                if target.unit == "MB"
                else seconds(value - target.limit)
            )
            factor = value / target.limit
            lines.append(f"- {target.text}: {shown} — MISSED by {over} ({factor:.1f}× the limit)")
    lines.extend(_remote_checks(runs, default))
    return lines


def _remote_checks(runs: Sequence[AdapterRun], default: AdapterRun) -> list[str]:
    lines: list[str] = []
    for run in runs:
        if run.adapter not in ("virtuoso", "oxigraph-server"):
            continue
        for name in ("trace-all", "serving", "report", "report-full", "validate", "view"):
            found, local = run.get(name), default.get(name)
            if found is None or local is None or found.seconds is None or not local.seconds:
                continue
            factor = found.seconds / local.seconds
            verdict = "met" if factor <= REMOTE_FACTOR else "MISSED"
            lines.append(
                f"- {run.adapter} within {REMOTE_FACTOR:.0f}× of {DEFAULT_STORE}, {name}: "
                f"{factor:.2g}× — {verdict}"
            )
    return lines
