"""A small SVG line chart of an indicator's observations against its target values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Point:
    """A value at a date, placed on the chart."""

    x: float
    y: float
    text: str


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
    #: Target values a later one revised (shown hollow, with what replaced them).
    revised: list[Point] = field(default_factory=list)

    @property
    def observation_path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.observations)


def _fmt(value: float) -> str:
    return f"{value:g}"


def line_chart(
    observations: list[tuple[date, float]],
    targets: list[tuple[date, float]],
    *,
    unit: str = "",
    width: int = 560,
    height: int = 200,
    revised: list[tuple[date, float, str]] | None = None,
) -> Chart | None:
    """Place observations (a line), target values (markers) and revised target values
    (``revised``: date, value, what replaced it) on shared axes; None if empty."""
    revised = revised or []
    values = observations + targets + [(d, v) for d, v, _ in revised]
    if not values:
        return None
    left, right, top, bottom = 48, width - 16, 12, height - 28
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

    def points(series: list[tuple[date, float]]) -> list[Point]:
        placed = []
        for day, value in sorted(series):
            x, y = place(day, value)
            placed.append(Point(x, y, f"{day.isoformat()}: {_fmt(value)} {unit}".strip()))
        return placed

    years = sorted({d.year for d, _ in values})
    step = max(1, len(years) // 6)
    x_ticks = [
        Tick(place(date(year, 1, 1), low)[0], bottom, str(year))
        for year in years[::step]
        if first <= date(year, 1, 1).toordinal() <= last or len(years) == 1
    ] or [Tick(place(min(d for d, _ in values), low)[0], bottom, str(years[0]))]
    y_ticks = [
        Tick(
            left,
            place(date.fromordinal(first), low + span_y * i / 4)[1],
            _fmt(round(low + span_y * i / 4, 2)),
        )
        for i in range(5)
    ]
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        observations=points(observations),
        targets=points(targets),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        revised=[
            Point(*place(day, value), f"{text} {unit}".strip())
            for day, value, text in sorted(revised)
        ],
    )
