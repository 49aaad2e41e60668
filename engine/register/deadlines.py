"""What comes due: each worker's dated steps (a stay's end, a planned renewal or filing, the F-2-7 application and
the date its 3-year stay condition is met), and the catalogue's changes to a code a worker holds (retired,
renumbered, amended) effective within the same window either side of today; as text, JSON or an iCalendar file
(RFC 5545, written with the `icalendar` package) an officer's calendar can subscribe to.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import attrs
from sqlalchemy import select

from engine import service
from engine.register.schema import Due, Worker
from engine.register.store import Register


@attrs.frozen
class Deadline:
    on: str
    worker: str
    what: str
    action: str


def deadlines(register: Register, data: Path | None, on: dt.date, within: int) -> list[Deadline]:
    end = on + dt.timedelta(days=within)
    found: list[Deadline] = []
    with register.read() as db:
        rows = db.execute(
            select(Due, Worker.key)
            .join(Worker, Worker.id == Due.worker_id)
            .where(Due.on >= on.isoformat(), Due.on <= end.isoformat(), Worker.forgotten_at.is_(None))
        )
        found += [Deadline(d.on, key, d.what, d.action) for d, key in rows]
        changes = service.code_changes(service.open_session(data), on - dt.timedelta(days=within), end)
        for change in changes:
            holders = db.scalars(
                select(Worker.key).where(Worker.code == change.code, Worker.forgotten_at.is_(None))
            ).all()
            for key in holders:
                found.append(
                    Deadline(
                        change.effective.isoformat(),
                        key,
                        f"code-{change.what}",
                        f"{change.code} {change.detail} (catalogue snapshot {change.snapshot}): "
                        "file the next application under the list in force then",
                    )
                )
    return sorted(found, key=lambda d: (d.on, d.worker, d.what))


def ics(found: list[Deadline], stamp: dt.date) -> bytes:
    """The deadlines as an iCalendar file: all-day events, UIDs stable across runs, so that a subscribed calendar
    updates rather than doubles; DTSTAMP the day they were counted from (same register, same file)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//e7//case register//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "e7 register deadlines")
    for d in found:
        day = dt.date.fromisoformat(d.on)
        event = Event()
        event.add("uid", f"{d.worker}-{d.what}-{d.on}@e7-register")
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.UTC))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", f"{d.worker}: {d.what}")
        event.add("description", d.action)
        calendar.add_component(event)
    return calendar.to_ical()


def write_ics(found: list[Deadline], path: Path, stamp: dt.date) -> None:
    """`ics` written whole or not at all."""
    payload = ics(found, stamp)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".e7-ics-", dir=path.parent or Path("."))
    except OSError as error:
        raise service.InputError(str(path), None, f"cannot be written ({error.strerror})") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise service.InputError(str(path), None, f"cannot be written ({error.strerror})") from None
