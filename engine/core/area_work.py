"""``[[e7_4.area_work]]``: one period of lawful work in a depopulation area or an eup/myeon area, for the E-7-4
bonus (외국인체류 안내매뉴얼 2026.6 p.302: 과거 10년 이내에 국내에서 3개 체류자격(E-9·E-10·H-2) 중 어느 하나 또는 자격
간 합산하여 인구감소지역 또는 읍면지역에서 3년 이상 합법적으로 정상 근무한 경력). engine/rules/area_work.py adds the
periods up.

May import nothing of e7."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import attrs

# the status the period was worked on: only E-9, E-10 and H-2 count (p.302); "other" for any other status
AreaWorkStatus = Literal["E-9", "E-10", "H-2", "other"]


@attrs.frozen
class AreaWork:
    start: dt.date  # the first day of work there
    end: dt.date  # the last day (the filing date where the work goes on)
    status: AreaWorkStatus

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end: expected a date on or after start {self.start}, got {self.end}")
