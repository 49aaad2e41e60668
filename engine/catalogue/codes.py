"""Answers about codes on a date: which are listed, what one covers, and where an occupation went."""

from __future__ import annotations

import datetime as dt
import unicodedata

import attrs

from engine.catalogue.snapshots import Catalogue, Event, Period
from engine.core.model import Code, Retirement, Snapshot


def _fold(text: str) -> str:
    # NFKC folds the PDF's middle-dot variants and full-width forms; casefold for English
    return unicodedata.normalize("NFKC", text).casefold().replace("․", "·").replace("‧", "·")


def searchable_text(code: Code) -> str:
    parts = [
        code.code,
        code.title_ko,
        code.section_title_ko,
        code.title_en,
        code.description,
        *code.examples,
        *code.terms,
    ]
    return _fold(" ".join(parts))


def search(snapshot: Snapshot, text: str | None, subcategory: str | None) -> list[Code]:
    """Codes of a snapshot, filtered by subcategory and by every word of ``text`` (Korean or English)."""
    words = _fold(text).split() if text else []
    found = []
    for code in snapshot.codes:
        if subcategory and code.subcategory != subcategory:
            continue
        haystack = searchable_text(code)
        if all(word in haystack for word in words):
            found.append(code)
    return found


def follow_occupation(snapshot: Snapshot, occupation: str) -> Code | None:
    """Where an occupation is listed in a snapshot, under any code; a retired one is followed to its successor
    (and on, should that one be retired too)."""
    seen: set[str] = set()
    while occupation and occupation not in seen:
        seen.add(occupation)
        entry = snapshot.by_occupation().get(occupation)
        if entry is not None:
            return entry
        records = [r for r in snapshot.retired if r.occupation == occupation]
        occupation = records[-1].successor_occupation if records else ""
    return None


@attrs.frozen
class RetirementReport:
    """A retirement by notice, with the code as last listed and where its successor is listed on the date."""

    record: Retirement
    entry: Code | None  # the code as the list printed it the day before the retirement
    successor: Code | None  # the successor as listed on the date asked about (followed across codes), or None


def _report(catalogue: Catalogue, snapshot: Snapshot, record: Retirement) -> RetirementReport:
    before = catalogue.in_force(record.effective - dt.timedelta(days=1)).by_occupation().get(record.occupation)
    successor = follow_occupation(snapshot, record.successor_occupation) if record.successor_occupation else None
    return RetirementReport(record, before, successor)


def retirement_of(
    catalogue: Catalogue, snapshot: Snapshot, on: dt.date, code: str = "", occupation: str = ""
) -> RetirementReport | None:
    """The latest retirement by notice, in force on ``on``, of a code (or of an occupation), if any."""
    records = [
        r
        for r in snapshot.retired
        if r.effective <= on and ((code and r.code == code) or (occupation and r.occupation == occupation))
    ]
    if not records:
        return None
    return _report(catalogue, snapshot, max(records, key=lambda r: r.effective))


def retiring_within(catalogue: Catalogue, entry: Code, on: dt.date, days: int) -> RetirementReport | None:
    """A retirement of a listed code by a notice effective within ``days`` after ``on`` (the catalogue holds
    the snapshot that notice made), with the successor as listed on that date."""
    horizon = on + dt.timedelta(days=days)
    for snapshot_id in catalogue.ids:
        effective = dt.date.fromisoformat(snapshot_id)
        if not on < effective <= horizon:
            continue
        later = catalogue.get(snapshot_id)
        for record in later.retired:
            if record.effective == effective and record.occupation == entry.occupation and record.code == entry.code:
                successor = (
                    follow_occupation(later, record.successor_occupation) if record.successor_occupation else None
                )
                return RetirementReport(record, entry, successor)
    return None


@attrs.frozen
class OccupationHistory:
    occupation: str
    periods: tuple[Period, ...]
    events: tuple[Event, ...]


@attrs.frozen
class CodeReport:
    """What ``e7 code CODE --as-of D`` answers."""

    query: str
    on: dt.date
    snapshot: str
    entry: Code | None  # the code as listed on the date, if it is
    open_on_date: bool
    status: str  # listed | pilot_closed | renumbered | retired | not_yet_listed
    explanation: str
    current: Code | None  # where the occupation the code last meant is listed on the date, under any code
    histories: tuple[OccupationHistory, ...]  # every occupation the code has meant, in order
    meanings: tuple[Period, ...]  # the stretches in which the code meant each occupation


def describe(catalogue: Catalogue, query: str, on: dt.date) -> CodeReport:
    meanings = catalogue.occupations_of_code(query)  # raises UnknownCode for a code never listed
    snapshot = catalogue.in_force(on)
    listed = snapshot.by_code().get(query)
    occupations: list[str] = []
    for period in meanings:
        if period.occupation not in occupations:
            occupations.append(period.occupation)
    histories = tuple(
        OccupationHistory(o, tuple(catalogue.periods(o)), tuple(catalogue.events(o))) for o in occupations
    )
    if listed is not None:
        open_now = listed.is_open(on)
        if open_now:
            status, text = "listed", f"{query} is listed on {on} ({snapshot.id} snapshot)"
        else:
            assert listed.pilot is not None
            status = "pilot_closed"
            text = (
                f"{query} is on the list of {snapshot.id} but its pilot window "
                f"({listed.pilot.start} to {listed.pilot.end}) is not open on {on}"
            )
        return CodeReport(query, on, snapshot.id, listed, open_now, status, text, listed, histories, tuple(meanings))

    # not listed on the date: follow the occupation the code meant most recently before the date,
    # or, if the code only appears later, the first one it will mean
    before = [p for p in meanings if p.start <= on]
    period = before[-1] if before else meanings[0]
    current = snapshot.by_occupation().get(period.occupation)
    title = period.entry.title_ko
    if not before:
        status = "not_yet_listed"
        text = f"{query} is not listed on {on}; it is first listed on {period.start} ({title})"
        if current is not None:
            text += f"; on {on} that occupation is listed as {current.code}"
    elif current is not None:
        status = "renumbered"
        moved = next(
            (e for e in catalogue.events(period.occupation) if e.kind == "renumbered" and e.on > period.start),
            None,
        )
        since = f" since {moved.on}" if moved else ""
        text = f"{query} is not listed on {on}: {title} is listed as {current.code}{since}"
    else:
        status = "retired"
        last = [p for p in catalogue.periods(period.occupation) if p.start <= on][-1]
        retired_on = last.end + dt.timedelta(days=1) if last.end else None
        text = f"{query} ({title}) is not listed on {on}: it left the list on {retired_on}"
        if last.code != query:
            text = (
                f"{query} ({title}) is not listed on {on}: it became {last.code} on {last.start}, "
                f"which left the list on {retired_on}"
            )
        report = retirement_of(catalogue, snapshot, on, occupation=period.occupation)
        if report is not None:
            record = report.record
            text += f" (notice {record.notice}: {record.reason})"
            if report.successor is not None:
                successor = report.successor
                text += f"; its successor is {successor.code} ({successor.title_ko}), listed on {on}"
            elif record.successor:
                text += f"; the notice named {record.successor} as its successor, which is not listed on {on}"
            else:
                text += "; the notice names no successor"
    return CodeReport(query, on, snapshot.id, None, False, status, text, current, histories, tuple(meanings))
