"""The "gap bridge" of an indicator: from the latest reading, each project's counted effect
stacked on the last, to the target value. An SVG chart with a title, a description and a
text table beside it, in the page's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import URIRef

from goalgraph.analysis.defaults import DEFAULT_STALE_DAYS
from goalgraph.texts import Texts

if TYPE_CHECKING:
    from goalgraph.analysis.effects import IndicatorBalance

#: The chart's own texts: (nb, en).
_TEXTS: dict[str, tuple[str, str]] = {
    "latest": ("Siste måling", "Latest reading"),
    "baseline": ("Utgangsverdi", "Baseline"),
    "target": ("Målverdi", "Target value"),
    "after": ("Med prosjektene", "With the projects"),
    "remaining": ("Gjenstående gap", "Remaining gap"),
    "beyond": ("Over målet", "Beyond the target"),
    "title": ("Gapbro for {label}", "Gap bridge for {label}"),
    "desc_start": ("{what}: {value}.", "{what}: {value}."),
    "desc_projects": (
        "{count} med effekter som teller flytter den {change} til {after}.",
        "{count} with effects that count move it {change} to {after}.",
    ),
    "desc_none": (
        "Ingen prosjekter har effekter som teller.",
        "No project has effects that count.",
    ),
    "desc_target": (
        "Målverdien er {value} innen {date}.",
        "The target value is {value} by {date}.",
    ),
    "desc_status": ("Status: {status}.", "Status: {status}."),
    "stale": (
        "Siste måling er {days} dager gammel: gamle data.",
        "The latest reading is {days} days old: stale data.",
    ),
    "desc_covered": (
        "Status: {status}; prosjektene dekker {covered} av gapet.",
        "Status: {status}; the projects cover {covered} of the gap.",
    ),
}

_WIDTH = 640
_LABEL_WIDTH = 230
_ROW = 26
_TOP = 10
_BOTTOM = 28
_RIGHT = 70
#: Labels longer than this are cut on the chart (the table beside it has them whole).
_LABEL_CHARS = 34


def _ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Round values between ``low`` and ``high``, about five: steps of 1, 2 or 5 times a
    power of ten."""
    raw = (high - low) / 5
    power = Decimal(10) ** raw.adjusted()
    step = next(power * m for m in (1, 2, 5, 10) if power * m >= raw)
    first = (low / step).to_integral_value(rounding="ROUND_CEILING") * step
    found = []
    value = first
    while value <= high:
        found.append(value.normalize() if value == value.to_integral_value() else value)
        value += step
    return found


_BRIDGE_TEXTS = Texts(_TEXTS)


def _text(key: str, lang: str) -> str:
    # Any language but bokmål reads English.
    return _BRIDGE_TEXTS.text(key, "nb" if lang == "nb" else "en")


@dataclass(frozen=True)
class BridgeBar:
    """One row of the chart: a reading, a project's effect or the target, placed in SVG
    coordinates; ``text`` is its value as shown, ``kind`` its CSS class."""

    label: str
    short: str
    kind: str
    x: float
    y: float
    width: float
    height: float
    text: str
    project: str | None = None


@dataclass(frozen=True)
class BridgeTick:
    x: float
    text: str


@dataclass(frozen=True)
class BridgeRow:
    """A row of the table beside the chart."""

    label: str
    value: str
    running: str
    project: str | None = None


@dataclass(frozen=True)
class Bridge:
    """The chart of one indicator; all text is escaped by the template."""

    key: str
    indicator: str
    label: str
    title: str
    description: str
    width: int
    height: int
    left: float
    right: float
    bottom: float
    bars: list[BridgeBar]
    ticks: list[BridgeTick]
    target_x: float
    rows: list[BridgeRow]
    status: str
    #: Said when the latest observation is older than the stale age (None: it is not).
    stale: str | None = None


def gap_bridge(
    balance: IndicatorBalance,
    lang: str = "nb",
    *,
    key: str = "",
    own: URIRef | None = None,
    at: date | None = None,
    stale_after: int = DEFAULT_STALE_DAYS,
) -> Bridge | None:
    """The bridge of ``balance``, or None when it has no latest reading or no target (there
    is nothing to bridge). ``own`` marks one project's bars (the project page); ``key`` makes
    the SVG ids unique on a page with several bridges. With ``at``, the balance's date, a
    latest observation older than ``stale_after`` days is said to be stale data."""
    # The effect balance's module is imported by the first bridge drawn (start-up time).
    from goalgraph.analysis.effects import COVERED, SHORT
    from goalgraph.analysis.effects_text import Words

    if balance.latest is None or balance.target is None:
        return None
    words = Words(lang)
    start = balance.latest.value
    steps: list[tuple[str, str, Decimal, Decimal, str, str | None]] = []
    running = start
    for counted in balance.projects:
        after = running + counted.change
        kind = "effect" if counted.toward >= 0 else "effect harm"
        if own is not None and counted.project == own:
            kind += " own"
        steps.append(
            (
                counted.label,
                kind,
                running,
                after,
                words.signed(counted.change),
                str(counted.project),
            )
        )
        running = after
    target = balance.target.value
    values = [start, target, running, *(s[3] for s in steps)]
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or Decimal(1)
    low, high = low - span / 10, high + span / 10
    left, right = float(_LABEL_WIDTH), float(_WIDTH - _RIGHT)

    def x(value: Decimal) -> float:
        return left + float((value - low) / (high - low)) * (right - left)

    first = _text("baseline" if balance.latest_is_baseline else "latest", lang)
    first_label = f"{first} {words.day(balance.latest.date)}" if balance.latest.date else first
    target_label = f"{_text('target', lang)} {words.day(balance.target.date)}"
    bars: list[BridgeBar] = []
    table: list[BridgeRow] = []
    row = 0

    def add(label: str, kind: str, a: Decimal, b: Decimal, text: str, project: str | None) -> None:
        nonlocal row
        x1, x2 = sorted((x(a), x(b)))
        short = label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1].rstrip() + "…"
        bars.append(
            BridgeBar(
                label=label,
                short=short,
                kind=kind,
                x=round(x1, 1),
                y=float(_TOP + row * _ROW + 4),
                width=round(max(x2 - x1, 1.5), 1),
                height=float(_ROW - 8),
                text=text,
                project=project,
            )
        )
        table.append(BridgeRow(label, text, words.num(b), project))
        row += 1

    add(first_label, "reading", low, start, words.num(start), None)
    for label, kind, a, b, text, project in steps:
        add(label, kind, a, b, text, project)
    if balance.gap is not None and balance.gap > 0 and balance.remaining:
        sign = 1 if target >= running else -1
        add(
            _text("remaining", lang),
            "remaining",
            running,
            running + sign * balance.remaining,
            words.num(balance.remaining),
            None,
        )
    add(target_label, "target", low, target, words.num(target), None)
    height = _TOP + row * _ROW + _BOTTOM
    ticks = [BridgeTick(round(x(value), 1), words.num(value)) for value in _ticks(low, high)]
    title = _text("title", lang).format(label=balance.label)
    parts = [_text("desc_start", lang).format(what=first_label, value=words.num(start))]
    if steps:
        parts.append(
            _text("desc_projects", lang).format(
                count=words.count(len({s[5] for s in steps}), "project"),
                change=words.signed(running - start),
                after=words.num(running),
            )
        )
    else:
        parts.append(_text("desc_none", lang))
    parts.append(
        _text("desc_target", lang).format(
            value=words.num(target), date=words.day(balance.target.date)
        )
    )
    if balance.covered is not None and balance.status in (COVERED, SHORT):
        parts.append(
            _text("desc_covered", lang).format(
                status=words.status(balance.status), covered=words.pct(balance.covered)
            )
        )
    else:
        parts.append(_text("desc_status", lang).format(status=words.status(balance.status)))
    stale = None
    age = balance.stale_age(at, stale_after) if at is not None else None
    if age is not None:
        stale = _text("stale", lang).format(days=words.num(age))
        parts.append(stale)
    return Bridge(
        key=key or "bridge",
        indicator=str(balance.indicator),
        label=balance.label,
        title=title,
        description=" ".join(parts),
        width=_WIDTH,
        height=height,
        left=left,
        right=right,
        bottom=float(height - _BOTTOM + 4),
        bars=bars,
        ticks=ticks,
        target_x=round(x(target), 1),
        rows=table,
        status=words.status(balance.status),
        stale=stale,
    )
