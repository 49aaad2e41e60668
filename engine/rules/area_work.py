"""The E-7-4 bonus for work in depopulation and eup/myeon areas, from dated periods (issue 18, e74c).

외국인체류 안내매뉴얼 2026.6 p.302: 과거 10년 이내에 국내에서 3개 체류자격(E-9·E-10·H-2) 중 어느 하나 또는 자격 간
합산하여 인구감소지역 또는 읍면지역에서 3년 이상 합법적으로 정상 근무한 경력 (인구감소지역과 읍면지역 근무 경력 간 합산
가능); p.308 FAQ 8-2: a place that is both counts once (근무기간을 중복해서 가산할 수 없습니다); p.307 FAQ 8: an
earlier-than-previous workplace counts. Where the case lists the periods (e7_4.area_work), the years are those of
their union within the 10 years before the filing date, on E-9, E-10 or H-2 only: each span's whole calendar years
and its remaining days over 365, rounded down to the hundredth (e7's convention: the manual counts years, not
days); they replace e7_4.depopulation_area_years in the
points. The rule points.e7-4-area-work-periods says where the declared years reach the bonus and the periods do not.

May import engine.core (called by engine/rules/facts.py while it prepares a case)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from engine.core.area_work import AreaWork

COUNTED = ("E-9", "E-10", "H-2")
WINDOW_YEARS = 10


def window_start(filed: dt.date) -> dt.date:
    """The first day of the 10 years before the filing date (the same date 10 years earlier)."""
    try:
        return filed.replace(year=filed.year - WINDOW_YEARS)
    except ValueError:  # 29 February into a common year
        return filed.replace(year=filed.year - WINDOW_YEARS, day=28)


def area_years(periods: tuple[AreaWork, ...], filed: dt.date) -> tuple[float, dt.date]:
    """The years of the periods' union on E-9, E-10 or H-2 within the 10 years up to the filing date, and the first
    day of that window. Each span of the union counts its whole calendar years and its remaining days over 365."""
    first = window_start(filed)
    spans = sorted((max(p.start, first), min(p.end, filed)) for p in periods if p.status in COUNTED and p.end >= first)
    merged: list[list[dt.date]] = []
    for start, end in spans:
        if end < start:
            continue
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    whole, days = 0, 0
    for start, end in merged:
        years = end.year - start.year
        while years > 0 and _years_on(start, years) > end + dt.timedelta(days=1):
            years -= 1
        whole += years
        days += (end - _years_on(start, years)).days + 1
    return whole + math.floor(days * 100 / 365) / 100, first


def _years_on(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` later (28 February for 29 February into a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def area_work_facts(periods: tuple[AreaWork, ...] | None, declared: float | None, filed: dt.date) -> dict[str, Any]:
    """The facts points.e7-4-area-work-periods reads; none where the case lists no periods."""
    if periods is None:
        return {}
    years, first = area_years(periods, filed)
    fact: dict[str, Any] = {"e74_area_years": years, "e74_area_window_start": first.isoformat()}
    if declared is not None:
        fact["e74_area_years_declared"] = declared
    return fact
