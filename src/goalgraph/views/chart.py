"""A small SVG line chart of an indicator's observations against its target values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from goalgraph.language import format_number, format_short_date


@dataclass(frozen=True)
class Point:
    """A value at a date, placed on the chart."""

    x: float
    y: float
    text: str
    #: A target value whose date has passed.
    past: bool = False
    day: date | None = None
    value: float = 0.0


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Chart:
    """Coordinates for the template; all text is escaped there."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    observations: list[Point]
    targets: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    #: The x position of today, when it lies within the chart.
    today_x: float | None = None
    #: Target values a later one revised (shown hollow, with what replaced them).
    revised: list[Point] = field(default_factory=list)

    @property
    def past_targets(self) -> list[Point]:
        return [p for p in self.targets if p.past]

    @property
    def observation_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.observations)


def _fmt(value: float, lang: str = "en") -> str:
    # Six significant digits are enough on an axis; grouped as the language writes them.
    return format_number(float(f"{value:.6g}"), lang)


#: At most this many dates are written under the x axis.
_MAX_X_TICKS = 8


def _x_ticks(days: list[date]) -> list[tuple[date, str]]:
    """Ticks at the readings' own dates, so that a reading sits on its tick: labelled with
    the year when no year has two readings, else with year and month (or the date)."""
    distinct = sorted(set(days))
    years = [d.year for d in distinct]
    if len(set(years)) == len(years):
        texts = [str(d.year) for d in distinct]
    elif len({(d.year, d.month) for d in distinct}) == len(distinct):
        texts = [f"{d.year}-{d.month:02d}" for d in distinct]
    else:
        texts = [d.isoformat() for d in distinct]
    step = max(1, -(-len(distinct) // _MAX_X_TICKS))
    chosen = list(range(0, len(distinct), step))
    if chosen[-1] != len(distinct) - 1:
        chosen.append(len(distinct) - 1)
    return [(distinct[i], texts[i]) for i in chosen]


def line_chart(
    observations: list[tuple[date, float]],
    targets: list[tuple[date, float]],
    *,
    unit: str = "",
    width: int = 560,
    height: int = 200,
    today: date | None = None,
    lang: str = "en",
    revised: list[tuple[date, float, str]] | None = None,
) -> Chart | None:
    """Place observations (a line), target values (markers) and revised target values
    (``revised``: date, value, what replaced it) on shared axes; None if empty. A target
    value dated before ``today`` is marked as past."""
    revised = revised or []
    values = observations + targets + [(d, v) for d, v, _ in revised]
    if not values:
        return None
    left, right, top, bottom = 48, width - 24, 12, height - 28
    first = min(d for d, _ in values).toordinal()
    last = max(d for d, _ in values).toordinal()
    low = min(0.0, min(v for _, v in values))
    high = max(v for _, v in values)
    span_x = max(last - first, 1)
    span_y = (high - low) or 1.0
    high = high + span_y * 0.1
    span_y = high - low

    def place(day: date, value: float) -> tuple[float, float]:
        x = left + (day.toordinal() - first) / span_x * (right - left)
        y = bottom - (value - low) / span_y * (bottom - top)
        return x, y

    def points(series: list[tuple[date, float]], targets: bool = False) -> list[Point]:
        placed = []
        for day, value in sorted(series):
            x, y = place(day, value)
            past = targets and today is not None and day < today
            text = f"{format_short_date(day, lang)}: {_fmt(value, lang)} {unit}".strip()
            placed.append(Point(x, y, text, past, day, value))
        return placed

    x_ticks = [
        Tick(place(day, low)[0], bottom, text) for day, text in _x_ticks([d for d, _ in values])
    ]
    y_ticks = [
        Tick(
            left,
            place(date.fromordinal(first), low + span_y * i / 4)[1],
            _fmt(round(low + span_y * i / 4, 2), lang),
        )
        for i in range(5)
    ]
    today_x = None
    if today is not None and first < today.toordinal() < last:
        today_x = place(today, low)[0]
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        observations=points(observations),
        targets=points(targets, targets=True),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        today_x=today_x,
        revised=[
            Point(*place(day, value), f"{text} {unit}".strip(), day=day, value=value)
            for day, value, text in sorted(revised)
        ],
    )
