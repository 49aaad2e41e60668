"""The dated catalogue: loading snapshots, "as of" resolution and following occupations across codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs

from engine.core import object_cache
from engine.core.convert import named_date, read_file, read_toml, structure, toml_data
from engine.core.errors import InputError, OutOfRange, UnknownCode
from engine.core.model import Code, Snapshot
from engine.data.folders import DataDir

T = TypeVar("T")
REMEMBERED = 100_000  # memo entries per catalogue (a few hundred bytes each)
SNAPSHOT_FILE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\.toml")
INDEX_FILE = "index.toml"

GROUP_SUBCATEGORY = {
    "managers": "E-7-1",
    "professionals": "E-7-1",
    "clerical": "E-7-2",
    "service": "E-7-2",
    "general_skilled": "E-7-3",
    "skilled_points": "E-7-4",
}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(read_file(path)).hexdigest()


def check_snapshot(snapshot: Snapshot, where: str, expected_id: str | None = None) -> None:
    """Checks across values that the classes cannot make alone; each failure names file and field."""
    info = snapshot.snapshot
    if expected_id is not None and info.id != expected_id:
        raise InputError(where, "snapshot.id", f"expected {expected_id!r} (the file's name), got {info.id!r}")
    if info.effective.isoformat() != info.id:
        raise InputError(where, "snapshot.effective", f"expected the date in the id {info.id!r}, got {info.effective}")
    seen_codes: dict[str, int] = {}
    seen_occupations: dict[str, int] = {}
    for index, code in enumerate(snapshot.codes):
        field = f"codes[{index}]"
        if code.code in seen_codes:
            raise InputError(
                where,
                f"{field}.code",
                f"expected a code listed once, {code.code} is also codes[{seen_codes[code.code]}]",
            )
        if code.occupation in seen_occupations:
            raise InputError(
                where,
                f"{field}.occupation",
                f"expected a unique occupation, {code.occupation!r} is also codes[{seen_occupations[code.occupation]}]",
            )
        if GROUP_SUBCATEGORY[code.group] != code.subcategory:
            raise InputError(
                where,
                f"{field}.group",
                f"expected a group of {code.subcategory}, "
                f"got {code.group!r} (a group of {GROUP_SUBCATEGORY[code.group]})",
            )
        seen_codes[code.code] = index
        seen_occupations[code.occupation] = index
    listed = snapshot.by_occupation()
    for index, renumbering in enumerate(snapshot.renumbered):
        entry = listed.get(renumbering.occupation)
        if renumbering.effective == info.effective and (entry is None or entry.code != renumbering.new_code):
            raise InputError(
                where,
                f"renumbered[{index}].new_code",
                f"expected the code listed for {renumbering.occupation!r} in this snapshot, got {renumbering.new_code}",
            )
        if renumbering.effective > info.effective:
            raise InputError(where, f"renumbered[{index}].effective", f"expected a date on or before {info.effective}")
    for index, retirement in enumerate(snapshot.retired):
        field = f"retired[{index}]"
        if retirement.effective > info.effective:
            raise InputError(where, f"{field}.effective", f"expected a date on or before {info.effective}")
        if retirement.effective != info.effective:
            continue
        if retirement.occupation in listed:
            raise InputError(
                where,
                f"{field}.occupation",
                f"expected an occupation not listed in this snapshot, {retirement.occupation!r} is listed as "
                f"{listed[retirement.occupation].code}",
            )
        successor = snapshot.by_code().get(retirement.successor) if retirement.successor else None
        if retirement.successor and (successor is None or successor.occupation != retirement.successor_occupation):
            raise InputError(
                where,
                f"{field}.successor",
                f"expected a code listed in this snapshot for {retirement.successor_occupation!r}, "
                f"got {retirement.successor}",
            )


def load_snapshot(path: Path, shown: str | None = None) -> Snapshot:
    where = shown or str(path)
    match = SNAPSHOT_FILE.fullmatch(path.name)
    raw = read_file(path, where)

    def build() -> Snapshot:
        snapshot = structure(toml_data(raw, where), Snapshot, where)
        check_snapshot(snapshot, where, match.group(1) if match else None)
        return snapshot

    # the id the file's name gives is part of the check, so part of what the cached object is for
    return object_cache.read(f"snapshot-{match.group(1) if match else ''}", raw, build)


@attrs.frozen
class Period:
    """One stretch of snapshots in which an occupation was listed with the same code."""

    occupation: str
    code: str
    start: dt.date  # effective date of the first snapshot of the stretch
    end: dt.date | None  # the day before the first snapshot without it (None: still listed)
    first_snapshot: str
    entry: Code  # the entry as the last snapshot of the stretch lists it


@attrs.frozen
class Event:
    """Something that happened to an occupation between two snapshots."""

    on: dt.date
    snapshot: str
    kind: str  # listed | changed | renumbered | retired | relisted
    code: str
    detail: str = ""
    fields: tuple[str, ...] = ()


_COMPARED = tuple(f.name for f in attrs.fields(Code) if f.name not in ("source", "list_number", "code", "former_code"))


def changed_fields(old: Code, new: Code) -> tuple[str, ...]:
    """The fields whose content differs (sources, list position and code are tracked separately)."""
    return tuple(name for name in _COMPARED if getattr(old, name) != getattr(new, name))


def indexed_ids(data: DataDir) -> list[str] | None:
    """The snapshot ids ``catalogue/index.toml`` lists, oldest first, or None when there is no index (a data
    folder made by hand). The index is an import's commit point (renamed into place last), so a snapshot file
    it does not list is one an import has not finished publishing: readers never use it."""
    path = data.catalogue / INDEX_FILE
    if not path.exists() and not path.is_symlink():
        return None
    where = data.shown(path)
    entries = read_toml(path, where).get("snapshots", [])
    if not isinstance(entries, list):
        raise InputError(where, "snapshots", "expected a list of [[snapshots]] tables (the index e7 writes)")
    ids: list[str] = []
    for number, entry in enumerate(entries):
        snapshot_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(snapshot_id, str) or not SNAPSHOT_FILE.fullmatch(f"{snapshot_id}.toml"):
            raise InputError(
                where, f"snapshots[{number}].id", f"expected a snapshot id YYYY-MM-DD, got {snapshot_id!r}"
            )
        if entry.get("file") != f"{snapshot_id}.toml":
            raise InputError(
                where, f"snapshots[{number}].file", f"expected {snapshot_id}.toml, got {entry.get('file')!r}"
            )
        if ids and snapshot_id <= ids[-1]:
            raise InputError(
                where,
                f"snapshots[{number}].id",
                f"expected each snapshot once, oldest first: {snapshot_id} after {ids[-1]}",
            )
        ids.append(snapshot_id)
    return ids


class Catalogue:
    """The snapshots of one data folder, loaded on demand and kept sorted by effective date.

    By default the snapshots are those ``catalogue/index.toml`` lists (``indexed_ids``; every file named
    YYYY-MM-DD.toml when there is no index). ``every_file=True`` takes every such file in the folder, listed or
    not: what ``e7 catalogue verify`` compares with the index. A listed file that cannot be read is an error
    naming it when it is used, never skipped.
    """

    def __init__(self, data: DataDir, every_file: bool = False) -> None:
        self.data = data
        folder = data.catalogue
        if not folder.is_dir():
            raise InputError(str(folder), None, "expected a catalogue folder of dated snapshots")
        listed = None if every_file else indexed_ids(data)
        if listed is None:
            listed = sorted(m.group(1) for p in folder.iterdir() if (m := SNAPSHOT_FILE.fullmatch(p.name)))
        for snapshot_id in listed:  # a file named by an impossible date (2026-02-30.toml) is refused, not skipped
            named_date(snapshot_id, data.shown(folder / f"{snapshot_id}.toml"))
        self._files: dict[str, Path] = {snapshot_id: folder / f"{snapshot_id}.toml" for snapshot_id in listed}
        if not self._files:
            raise InputError(data.shown(folder), None, "expected at least one snapshot file named YYYY-MM-DD.toml")
        self._loaded: dict[str, Snapshot] = {}
        self._remembered: dict[tuple[Any, ...], Any] = {}

    def remembered(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """A value that depends only on this catalogue's data (the thresholds on a date, a code's status on a
        date), computed once per key: a batch asks the same few questions for many cases. At most
        ``REMEMBERED`` values are kept; then the memo starts again."""
        if key in self._remembered:
            return self._remembered[key]
        value = compute()
        if len(self._remembered) >= REMEMBERED:
            self._remembered.clear()
        self._remembered[key] = value
        return value

    @property
    def ids(self) -> list[str]:
        return list(self._files)

    def path(self, snapshot_id: str) -> Path:
        return self._files[snapshot_id]

    def get(self, snapshot_id: str) -> Snapshot:
        if snapshot_id not in self._files:
            known = ", ".join(self._files)
            raise InputError("snapshot", None, f"expected one of {known}, got {snapshot_id!r}")
        if snapshot_id not in self._loaded:
            path = self._files[snapshot_id]
            self._loaded[snapshot_id] = load_snapshot(path, self.data.shown(path))
        return self._loaded[snapshot_id]

    def __iter__(self) -> Iterator[Snapshot]:
        return (self.get(i) for i in self._files)

    def all(self) -> list[Snapshot]:
        return list(self)

    def first_date(self) -> dt.date:
        return dt.date.fromisoformat(self.ids[0])

    def in_force_id(self, on: dt.date) -> str:
        """The id of the snapshot with the latest effective date on or before ``on``."""
        chosen = None
        for snapshot_id in self._files:
            if dt.date.fromisoformat(snapshot_id) <= on:
                chosen = snapshot_id
            else:
                break
        if chosen is None:
            raise OutOfRange(
                f"{on} is before the first catalogue snapshot ({self.ids[0]}); e7 has no list of codes for that date"
            )
        return chosen

    def in_force(self, on: dt.date) -> Snapshot:
        return self.get(self.in_force_id(on))

    def next_after(self, snapshot_id: str) -> str | None:
        ids = self.ids
        position = ids.index(snapshot_id)
        return ids[position + 1] if position + 1 < len(ids) else None

    # -- following occupations and codes ------------------------------------------------------------

    def periods(self, occupation: str) -> list[Period]:
        """The stretches in which an occupation was listed, split where its code changed or it left the list."""
        found: list[Period] = []
        current: dict | None = None
        for snapshot in self:
            entry = snapshot.by_occupation().get(occupation)
            if entry is not None and current is not None and current["code"] == entry.code:
                current["entry"] = entry
                continue
            if current is not None:
                end = snapshot.effective - dt.timedelta(days=1)
                found.append(
                    Period(occupation, current["code"], current["start"], end, current["first"], current["entry"])
                )
                current = None
            if entry is not None:
                current = {"code": entry.code, "start": snapshot.effective, "first": snapshot.id, "entry": entry}
        if current is not None:
            found.append(
                Period(occupation, current["code"], current["start"], None, current["first"], current["entry"])
            )
        return found

    def events(self, occupation: str) -> list[Event]:
        """Listed, changed, renumbered, retired and relisted events of one occupation, oldest first."""
        events: list[Event] = []
        previous: Code | None = None
        was_listed = False
        for snapshot in self:
            entry = snapshot.by_occupation().get(occupation)
            if entry is None:
                if previous is not None:
                    record = next(
                        (
                            r
                            for r in snapshot.retired
                            if r.occupation == occupation and r.effective == snapshot.effective
                        ),
                        None,
                    )
                    detail = ""
                    if record is not None:
                        detail = f"notice {record.notice}: {record.reason}"
                        detail += f"; successor {record.successor}" if record.successor else "; no successor"
                    events.append(Event(snapshot.effective, snapshot.id, "retired", previous.code, detail))
                previous = None
                continue
            if previous is None:
                kind = "relisted" if was_listed else "listed"
                events.append(Event(snapshot.effective, snapshot.id, kind, entry.code, entry.title_ko))
            else:
                if previous.code != entry.code:
                    events.append(
                        Event(
                            snapshot.effective,
                            snapshot.id,
                            "renumbered",
                            entry.code,
                            f"{previous.code} -> {entry.code}",
                        )
                    )
                fields = changed_fields(previous, entry)
                if fields:
                    events.append(Event(snapshot.effective, snapshot.id, "changed", entry.code, fields=fields))
            previous = entry
            was_listed = True
        return events

    def occupations_of_code(self, code: str) -> list[Period]:
        """Every stretch in which some occupation was listed under ``code`` (a code can be reused)."""
        occupations: list[str] = []
        for snapshot in self:
            entry = snapshot.by_code().get(code)
            if entry is not None and entry.occupation not in occupations:
                occupations.append(entry.occupation)
        if not occupations:
            raise UnknownCode(
                f"code {code!r} is not on any E-7 list e7 holds ({self.ids[0]} to {self.ids[-1]}); "
                "check the number against `e7 codes`"
            )
        stretches = [p for occupation in occupations for p in self.periods(occupation) if p.code == code]
        return sorted(stretches, key=lambda p: p.start)


def snapshot_text(snapshot: Snapshot) -> str:
    """The TOML text e7 writes for a snapshot (key order as in ``model.py``)."""
    from engine.core.convert import unstructure_for_toml
    from engine.core.tomlout import dumps

    info = snapshot.snapshot
    header = (
        f"e7 catalogue snapshot {info.id}: {info.title}\n"
        f"Status {info.status}. Published snapshots are immutable; a change is a new snapshot "
        "(`e7 catalogue import`).\n"
        "What each key means: catalogue/README.md"
    )
    data = unstructure_for_toml(snapshot)
    ordered = {"snapshot": data["snapshot"], "thresholds": data["thresholds"]}
    for key in ("renumbered", "retired", "tracks", "codes"):
        if data[key]:
            ordered[key] = data[key]
    return dumps(ordered, header, inline_keys=frozenset({"source"}))


def index_text(
    catalogue: Catalogue,
    new: tuple[Snapshot, str] | None = None,
    replaced: dict[str, tuple[Snapshot, str]] | None = None,
) -> str:
    """The index of snapshots with each file's sha256 (regenerated, never edited by hand).

    ``new`` is a snapshot about to be written (with its text), listed after the catalogue's own; ``replaced``
    holds published snapshots about to be rewritten by an erratum (engine/catalogue/errata.py), by id.
    """
    from engine.core.tomlout import dumps

    replaced = replaced or {}
    listed = [
        (snapshot, catalogue.path(snapshot.id).name, sha256_of(catalogue.path(snapshot.id))) for snapshot in catalogue
    ]
    listed = [
        (replaced[s.id][0], file, hashlib.sha256(replaced[s.id][1].encode("utf-8")).hexdigest())
        if s.id in replaced
        else (s, file, digest)
        for s, file, digest in listed
    ]
    if new is not None:
        snapshot, text = new
        listed.append((snapshot, f"{snapshot.id}.toml", hashlib.sha256(text.encode("utf-8")).hexdigest()))
    entries = []
    for snapshot, file, digest in listed:
        info = snapshot.snapshot
        entries.append(
            {
                "id": info.id,
                "file": file,
                "effective": info.effective,
                "status": info.status,
                "codes": len(snapshot.codes),
                "title": info.title,
                "derived_from": info.derived_from,
                "sha256": digest,
            }
        )
    header = (
        "Index of the catalogue snapshots, oldest first, with the sha256 of each file.\n"
        "Written by e7; `e7 catalogue verify` recomputes the hashes. Status: M manual, N news, D derived, U unverified."
    )
    return dumps({"snapshots": entries}, header)
