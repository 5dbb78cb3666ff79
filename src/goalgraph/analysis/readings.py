"""An indicator's readings around a date, read once for the report and the effect balance.

The latest observation on or before the date, the first target value on or after it, the
last target value and the last one before it: one named query (``indicator-readings``) for
all indicators at once, so that the report's status and the balance's gap stand on the same
readings. A read model that answers for any date keeps every reading instead (``Series``,
read with ``indicator-series``) and picks the same four from them.
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote

from rdflib import URIRef
from rdflib.term import Node

from goalgraph.analysis.rendering import json_day, json_number
from goalgraph.namespace import GG
from goalgraph.sparql.library import select
from goalgraph.sparql.results import iri, text
from goalgraph.store.base import Store

logger = logging.getLogger(__name__)

#: At most this many indicators are read in full to find how far back to read.
_SAMPLE_SIZE = 16
_ALL_DATES = "0001-01-01"


@dataclass(frozen=True)
class Reading:
    """A value at a date (the date unknown for a baseline without gg:baselineDate)."""

    value: Decimal
    date: date | None

    def to_json(self) -> dict[str, Any]:
        return {"value": json_number(self.value), "date": json_day(self.date)}


@dataclass(frozen=True)
class Readings:
    """An indicator's readings around a date; target values a later one revises
    (gg:revises) are left out."""

    #: The latest observation dated on or before the date.
    latest: Reading | None = None
    #: The first target value dated on or after the date.
    next: Reading | None = None
    #: The last target value, whatever its date.
    last: Reading | None = None
    #: The last target value dated before the date.
    previous: Reading | None = None

    @property
    def target(self) -> Reading | None:
        """The target the latest observation is held against: the next, else the last."""
        return self.next or self.last


def parse_reading(node: Node | None, none: str = "") -> Reading | None:
    """A "DATE VALUE" key of the readings queries; ``none`` marks its absence. A value that
    is not a finite number or a date that is not one is no reading."""
    key = text(node)
    if key is None or key == none:
        return None
    return _parse_key(key)


def _parse_key(key: str) -> Reading | None:
    if not key:
        return None
    day, _, value = key.partition(" ")
    try:
        amount = Decimal(value)
        # The first ten characters leave out a time zone, as rdflib's xsd:date does.
        when = date.fromisoformat(day[:10])
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite():
        return None
    return Reading(amount, when)


def _read(
    store: Store, at: date, since: str, indicators: Sequence[URIRef] | None
) -> dict[URIRef, Readings]:
    params = {"today": at.isoformat(), "since": since, "indicator": indicators}
    found: dict[URIRef, Readings] = {}
    for row in select(store, "indicator-readings", params):
        node = iri(row["indicator"])
        if node is not None:
            found[node] = Readings(
                latest=parse_reading(row["observed"]),
                next=parse_reading(row["next"], "~"),
                last=parse_reading(row["last"]),
                previous=parse_reading(row["previous"]),
            )
    return found


def read_readings(
    store: Store, at: date, indicators: Sequence[URIRef], *, listed: bool
) -> dict[URIRef, Readings]:
    """The readings of ``indicators`` around ``at``.

    Given a short list (``listed``) they are read for those indicators. For every indicator
    of the store, a spread sample is read in full first: the earliest of their latest
    observations and last passed targets (or ``at``) starts a date window, and only the
    readings inside it are read for all indicators (on a disk store many times faster than
    reading every observation). Indicators with no observation or no target in the window
    are read in full again. The one reading the window can miss is the last target before
    ``at`` of an indicator outside the sample, when it is older than the window and no other
    target lies between: that indicator's past-due target is then not flagged.
    """
    if not indicators:
        return {}
    if listed or len(indicators) <= _SAMPLE_SIZE:
        return _read(store, at, _ALL_DATES, indicators)
    sample = indicators[:: max(1, len(indicators) // _SAMPLE_SIZE)]
    starts = [at]
    for found in _read(store, at, _ALL_DATES, sample).values():
        for reading in (found.latest, found.previous):
            if reading is not None and reading.date is not None:
                starts.append(reading.date)
    since = min(starts).isoformat()
    readings = _read(store, at, since, None)
    missing = [
        i
        for i in indicators
        if i not in readings or readings[i].latest is None or readings[i].last is None
    ]
    if missing:
        logger.debug("readings: %d indicators read in full", len(missing))
        readings.update(_read(store, at, _ALL_DATES, missing))
    return readings


def every_reading(store: Store, at: date) -> dict[URIRef, Readings]:
    """The readings around ``at`` of every indicator (gg:Indicator) of the store, as
    ``read_readings`` reads them for the whole store."""
    found = {iri(row["indicator"]) for row in select(store, "indicator-nodes")}
    indicators = sorted((i for i in found if i is not None), key=str)
    return read_readings(store, at, indicators, listed=False)


# A key's date is its first ten characters (YYYY-MM-DD): a probe made of a date and this
# ends after every key of that date.
_AFTER_THE_DAY = " \U0010ffff"


@dataclass(frozen=True)
class Series:
    """Every reading of one indicator as the "DATE VALUE" keys of indicator-readings, in
    order: what that query's aggregates pick at any date, picked here without reading again.
    """

    #: The observations' keys, sorted.
    observations: tuple[str, ...] = ()
    #: The target values' keys (without those a later one revises), sorted.
    targets: tuple[str, ...] = ()

    def around(self, at: date) -> Readings:
        """The readings around ``at``, as ``read_readings`` gives them."""
        day = at.isoformat()
        observed = bisect_right(self.observations, day + _AFTER_THE_DAY)
        ahead = bisect_left(self.targets, day)
        return Readings(
            latest=_parse_key(self.observations[observed - 1]) if observed else None,
            next=_parse_key(self.targets[ahead]) if ahead < len(self.targets) else None,
            last=_parse_key(self.targets[-1]) if self.targets else None,
            previous=_parse_key(self.targets[ahead - 1]) if ahead else None,
        )

    def observed_by(self, day: date) -> Reading | None:
        """The latest observation dated on or before ``day``."""
        observed = bisect_right(self.observations, day.isoformat() + _AFTER_THE_DAY)
        return _parse_key(self.observations[observed - 1]) if observed else None


def read_series(store: Store) -> dict[URIRef, Series]:
    """Every reading of every indicator, by indicator."""
    observations: dict[URIRef, list[str]] = defaultdict(list)
    targets: dict[URIRef, list[str]] = defaultdict(list)
    for row in select(store, "indicator-series"):
        node, kind, found = iri(row["indicator"]), iri(row["kind"]), text(row["readings"])
        if node is None or not found:
            continue
        if kind == GG.Observation:
            observations[node].extend(_decoded(found))
        elif kind == GG.TargetValue:
            targets[node].extend(_decoded(found))
    return {
        node: Series(tuple(sorted(observations[node])), tuple(sorted(targets[node])))
        for node in observations.keys() | targets.keys()
    }


def _decoded(readings: str) -> list[str]:
    """The "date value" keys of an indicator-series ?readings."""
    keys = []
    for reading in readings.split("|"):
        day, _, value = reading.partition(" ")
        if "%" in reading:
            day, value = unquote(day), unquote(value)
        keys.append(f"{day} {value}")
    return keys
