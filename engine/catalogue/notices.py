"""MoJ notices: the small TOML files that turn the newest catalogue snapshot into the next one, and the diff
between two snapshots that follows occupations, not code strings.

A notice (``docs/notices.md``) has a ``[notice]`` header that gives the new snapshot's ``[snapshot]`` table,
and lists what changes: ``[[retire]]`` (with an optional successor), ``[[renumber]]`` (an occupation keeps its
identity and gets a new code), ``[[amend]]`` (complete new values of some fields of a listed code), ``[[add]]``
(a whole catalogue code), ``[thresholds]`` entries to add or replace (by key) and ``[[thresholds.remove]]``,
and ``[[tracks]]`` / ``remove_tracks`` for the E-7-S tracks.

``apply`` checks a notice against the snapshot it applies to (every problem is one ``InputError`` naming the
notice file, the field and what was expected) and returns the new snapshot: a whole picture, with the
renumberings and retirements carried forward. ``diff`` compares any two snapshots; ``notice_from_diff`` turns
a diff back into a notice, so that ``apply(notice_from_diff(a, b), a) == b`` for consecutive snapshots.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.catalogue.codes import follow_occupation
from engine.catalogue.snapshots import GROUP_SUBCATEGORY, check_snapshot
from engine.core.convert import read_toml, structure, unstructure_for_toml
from engine.core.errors import InputError
from engine.core.model import (
    SUBCATEGORIES,
    AnnouncedWage,
    Code,
    Gni,
    GniRatioRule,
    MinimumWage,
    Renumbering,
    Retirement,
    Snapshot,
    SnapshotInfo,
    Source,
    Status,
    Thresholds,
    Track,
    valid_code,
)

NOTICE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_NOTICE_ID = 100  # it names the changelog file (YYYY-MM-DD-<id>.toml): well under a file name's 255 bytes
# C0 controls but tab and newline, DEL and C1: never meant in a notice, and TOML cannot hold most of them raw
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
Series = Literal["wages", "minimum_wage", "gni", "gni_ratios"]
SERIES: tuple[str, ...] = ("wages", "minimum_wage", "gni", "gni_ratios")

# fields of a code that an [[amend]] may set (occupation is the identity; the code changes by [[renumber]])
AMENDABLE: tuple[str, ...] = tuple(f.name for f in attrs.fields(Code) if f.name not in ("occupation", "code"))
_DEFAULTED = frozenset(f.name for f in attrs.fields(Code) if f.default is not attrs.NOTHING)


def _notice_id(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if len(value) > MAX_NOTICE_ID:
        raise ValueError(
            f"{attribute.name}: expected an id of at most {MAX_NOTICE_ID} characters (it names the changelog "
            f"file), got {len(value)}"
        )
    if not NOTICE_ID.fullmatch(value):
        raise ValueError(
            f"{attribute.name}: expected a lower-case kebab-case id such as 'moj-2026-123-retire-s2955' "
            f"(it names the changelog file), got {value!r}"
        )


def _text(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: expected a non-empty text")


def _line(instance: object, attribute: attrs.Attribute, value: str) -> None:
    _text(instance, attribute, value)
    if "\n" in value or "\r" in value:
        raise ValueError(f"{attribute.name}: expected one line of text (it titles the snapshot), got a line break")


def _controls(value: Any, path: str, where: str) -> None:
    """Refuse control characters anywhere in a notice's texts (keys included), naming the field."""
    if isinstance(value, str):
        found = CONTROL.search(value)
        if found:
            raise InputError(
                where,
                path or None,
                f"expected text without control characters, got U+{ord(found.group()):04X} at position "
                f"{found.start() + 1} (type the text as the notice prints it)",
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _controls(key, path, where)
            _controls(item, f"{path}.{key}" if path else key, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _controls(item, f"{path}[{index}]", where)


def _code_or_empty(instance: object, attribute: attrs.Attribute, value: str) -> None:
    if value:
        valid_code(instance, attribute, value)


@attrs.frozen
class NoticeInfo:
    """The notice itself; it also gives the new snapshot's ``[snapshot]`` table (id = the effective date)."""

    id: str = attrs.field(validator=_notice_id)
    effective: dt.date
    title: str = attrs.field(validator=_line)
    status: Status
    source: Source
    published: dt.date | None = None
    derived_from: str = ""
    events: tuple[str, ...] = ()
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.published is not None and self.published > self.effective:
            raise ValueError(f"published: expected a date on or before effective {self.effective}")


@attrs.frozen
class Retire:
    """A code that leaves the list; ``successor`` is a code listed after the notice, or ""."""

    code: str = attrs.field(validator=valid_code)
    reason: str = attrs.field(validator=_text)
    successor: str = attrs.field(default="", validator=_code_or_empty)
    source: Source | None = None  # default: the notice's source


@attrs.frozen
class Renumber:
    """An occupation that keeps its identity and is listed under a new code from the notice's date."""

    old_code: str = attrs.field(validator=valid_code)
    new_code: str = attrs.field(validator=valid_code)
    source: Source | None = None  # default: the notice's source

    def __attrs_post_init__(self) -> None:
        if self.old_code == self.new_code:
            raise ValueError(f"new_code: expected a code other than old_code {self.old_code}")


@attrs.frozen
class Amend:
    """Complete new values of some fields of a code on the new list (after this notice's renumberings)."""

    code: str = attrs.field(validator=valid_code)
    set: dict[str, Any] = attrs.Factory(dict)
    unset: tuple[str, ...] = ()  # fields set back to their default (e.g. a pilot window that ends)
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.set and not self.unset:
            raise ValueError("set: expected at least one field to change (in set or unset)")


@attrs.frozen
class ThresholdKey:
    """Which threshold entry to remove: wages by effective + subcategory, minimum_wage and gni by year,
    gni_ratios by id + effective."""

    series: Series
    effective: dt.date | None = None
    subcategory: str = ""
    year: int = 0
    id: str = ""

    def __attrs_post_init__(self) -> None:
        needed = {
            "wages": ("effective", "subcategory"),
            "minimum_wage": ("year",),
            "gni": ("year",),
            "gni_ratios": ("id", "effective"),
        }[self.series]
        for name in ("effective", "subcategory", "year", "id"):
            given = getattr(self, name) not in (None, "", 0)
            if name in needed and not given:
                raise ValueError(f"{name}: expected it for an entry of {self.series}")
            if name not in needed and given:
                raise ValueError(f"{name}: expected only {' and '.join(needed)} for an entry of {self.series}")

    def text(self) -> str:
        return _key_text(self.series, _removal_key(self))


@attrs.frozen
class NoticeThresholds:
    """Threshold entries to add, or to replace where an entry with the same key exists; and entries to remove."""

    wages: tuple[AnnouncedWage, ...] = ()
    minimum_wage: tuple[MinimumWage, ...] = ()
    gni: tuple[Gni, ...] = ()
    gni_ratios: tuple[GniRatioRule, ...] = ()
    remove: tuple[ThresholdKey, ...] = ()


@attrs.frozen
class Notice:
    notice: NoticeInfo
    retire: tuple[Retire, ...] = ()
    renumber: tuple[Renumber, ...] = ()
    amend: tuple[Amend, ...] = ()
    add: tuple[Code, ...] = ()
    thresholds: NoticeThresholds = NoticeThresholds()
    tracks: tuple[Track, ...] = ()  # add, or replace by id
    remove_tracks: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.notice.id

    @property
    def effective(self) -> dt.date:
        return self.notice.effective


def load_notice(path: Path, shown: str | None = None) -> Notice:
    """Read and type a notice file; a problem is one ``InputError`` naming the file and the field."""
    where = shown or str(path)
    data = read_toml(path, where)
    _controls(data, "", where)
    return structure(data, Notice, where)


# -- threshold series: keys and canonical order ------------------------------------------------------------


def _series_key(series: str, entry: Any) -> tuple:
    if series == "wages":
        return (entry.effective, entry.subcategory)
    if series in ("minimum_wage", "gni"):
        return (entry.year,)
    if series == "gni_ratios":
        return (entry.id, entry.effective)
    return (entry.id,)  # tracks


def _removal_key(key: ThresholdKey) -> tuple:
    if key.series == "wages":
        return (key.effective, key.subcategory)
    if key.series in ("minimum_wage", "gni"):
        return (key.year,)
    return (key.id, key.effective)


def _sort_key(series: str) -> Callable[[Any], tuple]:
    if series == "wages":
        return lambda w: (w.effective, SUBCATEGORIES.index(w.subcategory) if w.subcategory in SUBCATEGORIES else 9)
    if series == "gni_ratios":
        return lambda r: (r.effective, r.id)
    if series in ("minimum_wage", "gni"):
        return lambda e: (e.year,)
    return lambda t: (t.id,)


def _key_text(series: str, key: tuple) -> str:
    return " ".join(v.isoformat() if isinstance(v, dt.date) else str(v) for v in key)


def _code_sort_key(code: Code) -> tuple:
    from engine.core.model import GROUPS

    return (GROUPS.index(code.group), code.list_number, code.code)


# -- apply ----------------------------------------------------------------------------------------------------


def _listed_hint(snapshot: Snapshot, code: str) -> str:
    """Where a code that is not listed went, for an error message."""
    for r in reversed(snapshot.renumbered):
        if r.old_code == code:
            return f" ({code} was renumbered {r.new_code} on {r.effective})"
    for r in reversed(snapshot.retired):
        if r.code == code:
            return f" ({code} was retired on {r.effective} by notice {r.notice})"
    return ""


def apply(notice: Notice, base: Snapshot, where: str) -> Snapshot:
    """The snapshot that ``notice`` makes of ``base``; every problem is an ``InputError`` about the notice."""
    info = notice.notice
    if info.effective <= base.effective:
        raise InputError(
            where,
            "notice.effective",
            f"expected a date after {base.effective} (the snapshot {base.id} the notice applies to), "
            f"got {info.effective}",
        )
    listed = base.by_code()

    # retirements: codes of the base list
    retiring: dict[str, int] = {}
    for index, r in enumerate(notice.retire):
        field = f"retire[{index}]"
        if r.code not in listed:
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code listed in {base.id} (the snapshot the notice applies to), "
                f"got {r.code}{_listed_hint(base, r.code)}",
            )
        if r.code in retiring:
            raise InputError(
                where, f"{field}.code", f"expected each code retired once, {r.code} is also retire[{retiring[r.code]}]"
            )
        retiring[r.code] = index

    # renumberings: old codes of the base list, new codes free on the new list
    olds: dict[str, int] = {}
    news: dict[str, int] = {}
    for index, r in enumerate(notice.renumber):
        field = f"renumber[{index}]"
        if r.old_code not in listed:
            raise InputError(
                where,
                f"{field}.old_code",
                f"expected a code listed in {base.id}, got {r.old_code}{_listed_hint(base, r.old_code)}",
            )
        if r.old_code in retiring:
            raise InputError(
                where,
                f"{field}.old_code",
                f"expected a code this notice does not also retire (retire[{retiring[r.old_code]}])",
            )
        if r.old_code in olds:
            raise InputError(
                where,
                f"{field}.old_code",
                f"expected each code renumbered once, {r.old_code} is also renumber[{olds[r.old_code]}]",
            )
        if r.new_code in news:
            raise InputError(
                where,
                f"{field}.new_code",
                f"expected each new code once, {r.new_code} is also renumber[{news[r.new_code]}]",
            )
        olds[r.old_code] = index
        news[r.new_code] = index
    vacated = set(retiring) | set(olds)
    for index, r in enumerate(notice.renumber):
        if r.new_code in listed and r.new_code not in vacated:
            raise InputError(
                where,
                f"renumber[{index}].new_code",
                f"expected a code free on the new list, {r.new_code} stays listed ({listed[r.new_code].title_ko})",
            )

    current: dict[str, Code] = {}
    for code in base.codes:
        if code.code in retiring:
            continue
        if code.code in olds:
            code = attrs.evolve(code, code=notice.renumber[olds[code.code]].new_code)
        current[code.code] = code

    # amendments: codes of the new list (after renumbering), complete new values
    amended: dict[str, int] = {}
    for index, a in enumerate(notice.amend):
        field = f"amend[{index}]"
        if a.code not in current:
            moved = (
                f" ({a.code} is renumbered {notice.renumber[olds[a.code]].new_code} by this notice)"
                if a.code in olds
                else ""
            )
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code on the new list (after this notice's retirements and renumberings), got {a.code}"
                + (moved or _listed_hint(base, a.code)),
            )
        if a.code in amended:
            raise InputError(
                where, f"{field}.code", f"expected each code amended once, {a.code} is also amend[{amended[a.code]}]"
            )
        amended[a.code] = index
        for name in a.set:
            if name not in AMENDABLE:
                hint = " (a code changes by [[renumber]])" if name == "code" else ""
                raise InputError(
                    where,
                    f"{field}.set.{name}",
                    f"expected a field of a catalogue code other than occupation and code{hint}",
                )
        for position, name in enumerate(a.unset):
            if name not in AMENDABLE or name not in _DEFAULTED:
                raise InputError(
                    where, f"{field}.unset[{position}]", f"expected an optional field of a catalogue code, got {name!r}"
                )
            if name in a.set:
                raise InputError(where, f"{field}.unset[{position}]", f"expected a field not also in set, got {name!r}")
        old = current[a.code]
        data = unstructure_for_toml(old)
        data.update(a.set)
        for name in a.unset:
            data.pop(name, None)
        new = structure(data, Code, where, f"{field}.set")
        if new == old:
            raise InputError(where, f"{field}.set", f"expected a change, the values are those {a.code} already has")
        if GROUP_SUBCATEGORY[new.group] != new.subcategory:
            raise InputError(where, f"{field}.set.group", f"expected a group of {new.subcategory}, got {new.group!r}")
        current[a.code] = new

    # additions: new codes and new occupations
    occupations = {c.occupation: c for c in current.values()}
    for index, code in enumerate(notice.add):
        field = f"add[{index}]"
        if code.code in current:
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code not on the list, {code.code} is listed ({current[code.code].title_ko})",
            )
        if code.occupation in occupations:
            raise InputError(
                where,
                f"{field}.occupation",
                f"expected an occupation not on the list, {code.occupation!r} is listed as "
                f"{occupations[code.occupation].code}",
            )
        if GROUP_SUBCATEGORY[code.group] != code.subcategory:
            raise InputError(where, f"{field}.group", f"expected a group of {code.subcategory}, got {code.group!r}")
        current[code.code] = code
        occupations[code.occupation] = code

    # successors: listed after the notice
    for index, r in enumerate(notice.retire):
        if r.successor and r.successor not in current:
            raise InputError(
                where,
                f"retire[{index}].successor",
                f"expected a code listed after this notice (on {info.effective}), got {r.successor}"
                + _listed_hint(base, r.successor),
            )

    renumbered = base.renumbered + tuple(
        Renumbering(listed[r.old_code].occupation, r.old_code, r.new_code, info.effective, r.source or info.source)
        for r in notice.renumber
    )
    retired = base.retired + tuple(
        Retirement(
            occupation=listed[r.code].occupation,
            code=r.code,
            title_ko=listed[r.code].title_ko,
            effective=info.effective,
            reason=r.reason,
            notice=info.id,
            source=r.source or info.source,
            successor=r.successor,
            successor_occupation=current[r.successor].occupation if r.successor else "",
        )
        for r in notice.retire
    )

    t = base.thresholds
    changes = notice.thresholds
    removals: dict[str, list[tuple[int, ThresholdKey]]] = {name: [] for name in SERIES}
    for index, key in enumerate(changes.remove):
        removals[key.series].append((index, key))
    thresholds = Thresholds(
        **{
            name: _apply_series(
                name,
                getattr(t, name),
                getattr(changes, name),
                [(f"thresholds.remove[{i}]", _removal_key(k)) for i, k in removals[name]],
                where,
                f"thresholds.{name}",
                base.id,
            )
            for name in SERIES
        }
    )
    tracks = _apply_series(
        "tracks",
        base.tracks,
        notice.tracks,
        [(f"remove_tracks[{i}]", (track_id,)) for i, track_id in enumerate(notice.remove_tracks)],
        where,
        "tracks",
        base.id,
    )
    snapshot = Snapshot(
        snapshot=SnapshotInfo(
            id=info.effective.isoformat(),
            effective=info.effective,
            title=info.title,
            status=info.status,
            source=info.source,
            derived_from=info.derived_from,
            events=info.events,
            note=info.note,
        ),
        codes=tuple(sorted(current.values(), key=_code_sort_key)),
        renumbered=renumbered,
        retired=retired,
        tracks=tracks,
        thresholds=thresholds,
    )
    check_snapshot(snapshot, f"{where} (the snapshot it makes, {snapshot.id})")
    return snapshot


def _apply_series(
    series: str,
    items: tuple,
    added: tuple,
    removed: list[tuple[str, tuple]],
    where: str,
    field: str,
    base_id: str,
) -> tuple:
    by_key = {_series_key(series, item): item for item in items}
    for path, key in removed:
        if key not in by_key:
            raise InputError(
                where,
                path,
                f"expected an entry of {series} in {base_id} to remove, none has key {_key_text(series, key)}",
            )
        del by_key[key]
    seen: dict[tuple, int] = {}
    for index, item in enumerate(added):
        key = _series_key(series, item)
        if key in seen:
            raise InputError(
                where,
                f"{field}[{index}]",
                f"expected each key once, {_key_text(series, key)} is also {field}[{seen[key]}]",
            )
        seen[key] = index
        if by_key.get(key) == item:
            raise InputError(
                where,
                f"{field}[{index}]",
                f"expected a change, {base_id} already has this entry ({_key_text(series, key)})",
            )
        by_key[key] = item
    return tuple(sorted(by_key.values(), key=_sort_key(series)))


# -- writing a notice -------------------------------------------------------------------------------------------


def _drop_defaults(data: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    kept = set(keep)
    return {k: v for k, v in data.items() if k in kept or v not in (None, "", (), [], {})}


def notice_data(notice: Notice) -> dict[str, Any]:
    """Plain data for a notice, with empty optional keys left out (what ``notice_text`` writes)."""
    data = unstructure_for_toml(notice)
    out: dict[str, Any] = {"notice": _drop_defaults(data["notice"], ("id", "effective", "title", "status", "source"))}
    if data["remove_tracks"]:
        out["remove_tracks"] = list(data["remove_tracks"])
    for key in ("retire", "renumber", "amend"):
        if data[key]:
            out[key] = [_drop_defaults(item) for item in data[key]]
    if data["add"]:
        out["add"] = [{k: v for k, v in item.items() if v is not None} for item in data["add"]]
    thresholds = {k: v for k, v in data["thresholds"].items() if v}
    if thresholds:
        out["thresholds"] = thresholds
    if data["tracks"]:
        out["tracks"] = data["tracks"]
    return out


def notice_text(notice: Notice, header: str = "") -> str:
    """The canonical TOML text of a notice (what e7 writes; reading it back gives the same notice)."""
    from engine.core.tomlout import dumps

    return dumps(notice_data(notice), header, inline_keys=frozenset({"source"}))


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
