"""Today, for e7: the date in Korea, whatever the machine's time zone.

The rules e7 applies are Korean and take effect on Korean dates, so the default ``--as-of`` date (and any
other "today") is the date in Asia/Seoul: a server running in UTC is in yesterday until 09:00 in Seoul.
The zone comes from the system's database or, where there is none, from the ``tzdata`` package.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

KOREA = ZoneInfo("Asia/Seoul")


def today() -> dt.date:
    """The date in Seoul now (``time.time()``: the same clock ``date.today()`` reads)."""
    return dt.datetime.fromtimestamp(time.time(), KOREA).date()
