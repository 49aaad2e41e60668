"""Answers about codes on a date: which are listed, what one covers, and where an occupation went."""

from __future__ import annotations

import datetime as dt
import unicodedata

import attrs

from engine.catalogue import Catalogue, Event, Period
from engine.model import Code, Snapshot


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
        retired_on = period.end + dt.timedelta(days=1) if period.end else None
        text = f"{query} ({title}) is not listed on {on}: it left the list on {retired_on}"
    return CodeReport(query, on, snapshot.id, None, False, status, text, current, histories, tuple(meanings))
