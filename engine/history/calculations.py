"""The small, general calculations of the history checks: differences of dates, days covered by stays, sums
over stays, band look-ups. They decide nothing: the history rules (``rulesets/history/``) compare what they
return with the thresholds of the rules."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from engine.history.model import Absence, Stay
from engine.rules.points import Band

Stays = list[tuple[int, Stay]]  # (index in the file, stay), sorted by start date


def days_between(start: dt.date, end: dt.date) -> int:
    """Days from start to end, both included."""
    return (end - start).days + 1


def add_years(start: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February goes to 1 March)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 3, 1)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the last day of that month where it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def won(amount: int | None) -> str:
    return "unknown" if amount is None else f"{amount:,} KRW"


def daily_cover(stays: Stays, start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, Stay]]:
    """For each day from start to end, the stay covering it (its position; the later one where two overlap)."""
    cover: dict[dt.date, tuple[int, Stay]] = {}
    for position, (_index, stay) in enumerate(stays):
        first = max(stay.start, start)
        last = min(stay.until or end, end)
        day = first
        while day <= last:
            cover[day] = (position, stay)
            day += dt.timedelta(days=1)
    return cover


def years_before(stays: Stays, before: dt.date) -> float:
    """The years of the days before a date covered by stays (each day once)."""
    days: set[dt.date] = set()
    for _, s in stays:
        end = min(s.until or before, before - dt.timedelta(days=1))
        day = s.start
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return len(days) / 365.25


def continuous_since(stays: Stays, position: int) -> dt.date:
    """The start of the unbroken run of stays on the subcategory of stays[position] that ends with it."""
    subcategory = stays[position][1].subcategory
    since = stays[position][1].start
    while position > 0:
        _, before = stays[position - 1]
        if before.subcategory != subcategory or before.until is None:
            break
        if before.until + dt.timedelta(days=1) < since:
            break
        since = min(since, before.start)
        position -= 1
    return since


def band_points(bands: tuple[Band, ...], value: float, minimum: int | None) -> int:
    """The points of the best band a value falls in (a band from the minimum wage needs ``minimum``)."""
    best = 0
    for band in bands:
        low = band.min if band.min is not None else (minimum if band.min_rule else None)
        if band.min_rule and low is None:
            continue
        if low is not None and value < low:
            continue
        if band.max is not None and value > band.max:
            continue
        best = max(best, band.points)
    return best


def band_label(bands: tuple[Band, ...], value: Any, minimum: int | None) -> str:
    """The band a value falls in: ``30-34``, ``60,000,000 to under 70,000,000``, ``5+``."""
    if value is None:
        return ""
    lows = sorted(
        (b.min if b.min is not None else minimum, b) for b in bands if b.min is not None or minimum is not None
    )
    for position, (low, band) in enumerate(lows):
        if low is None or value < low or (band.max is not None and value > band.max):
            continue
        upper = lows[position + 1][0] if position + 1 < len(lows) else None
        if band.max is not None:
            label = f"{_num(low)}" if band.max == low else f"{_num(low)}-{_num(band.max)}"
        elif upper is not None and value < upper:
            label = f"{_num(low)} to under {_num(upper)}"
        else:
            label = f"{_num(low)}+"
        if band.min_rule:
            label += f" (from the {band.min_rule.replace('_', ' ')}, monthly x 12)"
        if upper is None or value < upper or band.max is not None:
            return label
    return "below the lowest band"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    number = int(value)
    return f"{number:,}"


def days_abroad(
    absences: tuple[Absence, ...],
    start: dt.date,
    end: dt.date,
    sea_counted: tuple[tuple[dt.date, dt.date], ...] | None = None,
) -> tuple[int, int]:
    """The days from ``start`` to ``end`` (both included) spent abroad: (at sea, for any other reason). A day in two
    absences counts once, as at sea where one of them is. Where ``sea_counted`` is given (the periods, both ends
    included, in which time at sea counts as stay), a day at sea outside them counts as any other day abroad."""
    at_sea: set[dt.date] = set()
    other: set[dt.date] = set()
    for absence in absences:
        day = max(absence.start, start)
        while day <= min(absence.until, end):
            sea = absence.reason == "at_sea" and (
                sea_counted is None or any(first <= day <= last for first, last in sea_counted)
            )
            (at_sea if sea else other).add(day)
            day += dt.timedelta(days=1)
    return len(at_sea), len(other - at_sea)
