"""The diff of two snapshots, following occupations across codes (a renumbering is reported as such, never as a
change of title); a diff turned back into a notice (``apply(notice_from_diff(a, b), a) == b`` for consecutive
snapshots); and the one-line summaries of a diff that changelog entries and import summaries print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

import attrs

from engine.catalogue.codes import follow_occupation
from engine.catalogue.notices import (
    AMENDABLE,
    SERIES,
    Amend,
    Notice,
    NoticeInfo,
    NoticeThresholds,
    Renumber,
    Retire,
    ThresholdKey,
    _key_text,
    _series_key,
)
from engine.core.convert import unstructure_for_toml
from engine.core.model import (
    Code,
    Renumbering,
    Retirement,
    Snapshot,
    Source,
)

# -- diff ---------------------------------------------------------------------------------------------------------


@attrs.frozen
class FieldChange:
    field: str  # dotted for a part of a table: "wage.rule", "source.status"
    old: Any
    new: Any


def field_changes(old: Any, new: Any, prefix: str = "", skip: Iterable[str] = ()) -> tuple[FieldChange, ...]:
    """Differences between two attrs objects of one class, field by field (into nested tables)."""
    skipped = set(skip)
    found: list[FieldChange] = []
    for f in attrs.fields(type(old)):
        if f.name in skipped:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a == b:
            continue
        name = f"{prefix}{f.name}"
        if a is not None and b is not None and attrs.has(type(a)) and type(a) is type(b):
            found.extend(field_changes(a, b, f"{name}."))
        else:
            found.append(FieldChange(name, a, b))
    return tuple(found)


@attrs.frozen
class Added:
    entry: Code


@attrs.frozen
class Retired:
    entry: Code  # as the earlier snapshot lists it
    record: Retirement | None  # the retirement by notice, if the later snapshot has one
    successor: Code | None  # where the successor is listed in the later snapshot


@attrs.frozen
class Renumbered:
    occupation: str
    old_code: str
    new_code: str
    title_ko: str
    record: Renumbering | None  # the later snapshot's record (its source), if any


@attrs.frozen
class Changed:
    occupation: str
    code: str  # as the later snapshot lists it
    title_ko: str
    fields: tuple[FieldChange, ...]


@attrs.frozen
class EntryChange:
    """A threshold or track entry added, removed or changed between two snapshots."""

    series: str
    key: str
    change: Literal["added", "removed", "changed"]
    old: Any
    new: Any
    fields: tuple[FieldChange, ...] = ()


@attrs.frozen
class Diff:
    old: Snapshot
    new: Snapshot
    added: tuple[Added, ...]
    retired: tuple[Retired, ...]
    renumbered: tuple[Renumbered, ...]
    changed: tuple[Changed, ...]
    thresholds: tuple[EntryChange, ...]
    tracks: tuple[EntryChange, ...]
    snapshot: tuple[FieldChange, ...]  # the [snapshot] table

    @property
    def empty(self) -> bool:
        return not (self.added or self.retired or self.renumbered or self.changed or self.thresholds or self.tracks)


def _new_records(records: tuple, old: Snapshot, new: Snapshot) -> list:
    return [r for r in records if old.effective < r.effective <= new.effective]


def diff(old: Snapshot, new: Snapshot) -> Diff:
    """What changed from ``old`` to ``new``, following occupations across codes."""
    before, after = old.by_occupation(), new.by_occupation()
    added = tuple(Added(c) for c in new.codes if c.occupation not in before)
    retirements = {r.occupation: r for r in _new_records(new.retired, old, new)}
    retired = []
    for code in old.codes:
        if code.occupation in after:
            continue
        record = retirements.get(code.occupation)
        successor = (
            follow_occupation(new, record.successor_occupation) if record and record.successor_occupation else None
        )
        retired.append(Retired(code, record, successor))
    moves = {r.occupation: r for r in _new_records(new.renumbered, old, new)}
    renumbered = []
    changed = []
    for code in new.codes:
        earlier = before.get(code.occupation)
        if earlier is None:
            continue
        if earlier.code != code.code:
            renumbered.append(
                Renumbered(code.occupation, earlier.code, code.code, code.title_ko, moves.get(code.occupation))
            )
        fields = field_changes(earlier, code, skip=("occupation", "code"))
        if fields:
            changed.append(Changed(code.occupation, code.code, code.title_ko, fields))
    thresholds: list[EntryChange] = []
    for name in SERIES:
        thresholds.extend(_series_changes(name, getattr(old.thresholds, name), getattr(new.thresholds, name)))
    tracks = _series_changes("tracks", old.tracks, new.tracks)
    info = field_changes(old.snapshot, new.snapshot)
    return Diff(
        old, new, added, tuple(retired), tuple(renumbered), tuple(changed), tuple(thresholds), tuple(tracks), info
    )


def _series_changes(series: str, old: tuple, new: tuple) -> list[EntryChange]:
    a = {_series_key(series, e): e for e in old}
    b = {_series_key(series, e): e for e in new}
    found: list[EntryChange] = []
    for key, entry in b.items():
        if key not in a:
            found.append(EntryChange(series, _key_text(series, key), "added", None, entry))
        elif a[key] != entry:
            found.append(
                EntryChange(series, _key_text(series, key), "changed", a[key], entry, field_changes(a[key], entry))
            )
    for key, entry in a.items():
        if key not in b:
            found.append(EntryChange(series, _key_text(series, key), "removed", entry, None))
    return found


def notice_from_diff(old: Snapshot, new: Snapshot, notice_id: str, published: dt.date | None = None) -> Notice:
    """The notice that makes ``new`` of ``old``: its header is ``new``'s [snapshot] table, its changes the diff.

    Retirements and renumberings keep the reasons, successors and sources ``new`` records for them, in the
    order it records them, so that ``apply(notice_from_diff(old, new, id), old) == new`` whenever ``new``
    could follow ``old`` (later date, renumberings and retirements carried forward, canonical order).
    """
    d = diff(old, new)
    s = new.snapshot
    info = NoticeInfo(
        id=notice_id,
        effective=s.effective,
        title=s.title,
        status=s.status,
        source=s.source,
        published=published,
        derived_from=s.derived_from,
        events=s.events,
        note=s.note,
    )

    def own(source: Source) -> Source | None:
        return None if source == info.source else source

    order = {r.occupation: i for i, r in enumerate(_new_records(new.retired, old, new))}
    retire = []
    for r in sorted(d.retired, key=lambda r: order.get(r.entry.occupation, len(order))):
        record = r.record
        if record is None:
            retire.append(Retire(r.entry.code, f"not on the list of {new.id}"))
            continue
        successor = ""
        if record.successor_occupation:
            listed = new.by_code().get(record.successor)
            if listed is not None and listed.occupation == record.successor_occupation:
                successor = record.successor
            elif r.successor is not None:
                successor = r.successor.code
        retire.append(Retire(r.entry.code, record.reason, successor, own(record.source)))
    order = {r.occupation: i for i, r in enumerate(_new_records(new.renumbered, old, new))}
    renumber = [
        Renumber(r.old_code, r.new_code, own(r.record.source) if r.record else None)
        for r in sorted(d.renumbered, key=lambda r: order.get(r.occupation, len(order)))
    ]
    before = old.by_occupation()
    amend = []
    for c in d.changed:
        entry = new.by_occupation()[c.occupation]
        earlier = before[c.occupation]
        names = [
            f.name
            for f in attrs.fields(Code)
            if f.name in AMENDABLE and getattr(earlier, f.name) != getattr(entry, f.name)
        ]
        values = unstructure_for_toml(entry)
        amend.append(
            Amend(
                code=entry.code,
                set={n: values[n] for n in names if getattr(entry, n) is not None},
                unset=tuple(n for n in names if getattr(entry, n) is None),
            )
        )
    add = tuple(a.entry for a in d.added)
    changes: dict[str, list] = {name: [] for name in SERIES}
    remove = []
    for e in d.thresholds:
        if e.change == "removed":
            key = _series_key(e.series, e.old)
            if e.series == "wages":
                remove.append(ThresholdKey("wages", effective=key[0], subcategory=key[1]))
            elif e.series == "gni_ratios":
                remove.append(ThresholdKey("gni_ratios", id=key[0], effective=key[1]))
            else:
                remove.append(ThresholdKey(e.series, year=key[0]))
        else:
            changes[e.series].append(e.new)
    tracks = tuple(e.new for e in d.tracks if e.change != "removed")
    remove_tracks = tuple(e.old.id for e in d.tracks if e.change == "removed")
    return Notice(
        notice=info,
        retire=tuple(retire),
        renumber=tuple(renumber),
        amend=tuple(amend),
        add=add,
        thresholds=NoticeThresholds(**{k: tuple(v) for k, v in changes.items()}, remove=tuple(remove)),
        tracks=tracks,
        remove_tracks=remove_tracks,
    )


# -- one line per change (changelog entries, import summaries) --------------------------------------------------


def _money(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _entry_brief(series: str, entry: Any) -> str:
    if series == "wages":
        return f"{_money(entry.amount_krw)} KRW"
    if series == "minimum_wage":
        return f"{_money(entry.hourly_krw)} KRW/hour, {_money(entry.monthly_krw)} KRW/month"
    if series == "gni":
        return f"{_money(entry.amount_krw)} KRW ({entry.estimate})"
    if series == "gni_ratios":
        return f"ratio {entry.ratio}"
    return entry.title_en


def summary_lines(d: Diff) -> list[str]:
    """What changed, one line per change (the changelog's ``changes``)."""
    lines = [f"added {a.entry.code} {a.entry.title_ko} ({a.entry.occupation}, {a.entry.subcategory})" for a in d.added]
    for r in d.retired:
        line = f"retired {r.entry.code} {r.entry.title_ko} ({r.entry.occupation})"
        if r.record is not None:
            line += f" by notice {r.record.notice}: {r.record.reason}"
        line += f"; successor {r.successor.code} {r.successor.title_ko}" if r.successor else "; no successor"
        lines.append(line)
    lines += [f"renumbered {r.old_code} -> {r.new_code} {r.title_ko} ({r.occupation})" for r in d.renumbered]
    lines += [f"changed {c.code} {c.title_ko}: {', '.join(f.field for f in c.fields)}" for c in d.changed]
    for e in (*d.thresholds, *d.tracks):
        where = f"thresholds.{e.series}" if e.series in SERIES else e.series
        if e.change == "added":
            lines.append(f"{where} {e.key}: added ({_entry_brief(e.series, e.new)})")
        elif e.change == "removed":
            lines.append(f"{where} {e.key}: removed")
        else:
            lines.append(f"{where} {e.key}: changed {', '.join(f.field for f in e.fields)}")
    return lines
