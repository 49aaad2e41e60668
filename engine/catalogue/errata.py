"""Errata: corrections of published snapshots where e7's reading of the source was wrong.

A notice records a change of the law on a date and makes the next snapshot. An erratum records that e7 typed
a published snapshot wrong (the law did not change): it rewrites named fields of named occupations in
published snapshots, so that the answers for past dates change too. ``e7 catalogue erratum FILE`` applies an
erratum file and writes the corrected snapshots, the erratum's changelog entry
(``changelog/errata/<made>-<id>.toml``: the snapshots, the fields with their old and new values, the reason,
the source and each snapshot's old and new sha256) and the index, all or nothing.

``e7 catalogue verify`` undoes the errata (newest first) to get back each snapshot as its notice made it, and
replays the notices on those; a snapshot whose file differs from what its last erratum wrote, or whose fields
no longer undo to the erratum's old sha256, is an edit that no erratum explains.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs

from engine.catalogue.snapshots import GROUP_SUBCATEGORY, INDEX_FILE, Catalogue, index_text, sha256_of, snapshot_text
from engine.core.convert import read_toml, structure, unstructure_for_toml
from engine.core.errors import E7Error, InputError
from engine.core.model import Code, Snapshot, Source
from engine.data.folders import DataDir

ERRATUM_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
ERRATA_FOLDER = "errata"
ERRATUM_FILE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml")
# fields of a code an erratum may correct (occupation is the identity; a code changes only by notice)
CORRECTABLE: tuple[str, ...] = tuple(f.name for f in attrs.fields(Code) if f.name not in ("occupation", "code"))
_DEFAULTED = frozenset(f.name for f in attrs.fields(Code) if f.default is not attrs.NOTHING)


def _erratum_id(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not ERRATUM_ID.fullmatch(value):
        raise ValueError(f"{attribute.name}: expected a lower-case kebab-case id (e.g. 's610-conditional-wage')")


def _text(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: expected a non-empty text")


@attrs.frozen
class ErratumInfo:
    """What the erratum corrects and why; ``made`` is the day it was written (it names the changelog entry)."""

    id: str = attrs.field(validator=_erratum_id)
    made: dt.date
    title: str = attrs.field(validator=_text)
    reason: str = attrs.field(validator=_text)
    source: Source


@attrs.frozen
class Correct:
    """Complete new values of some fields of one occupation, in the snapshots named (default: every published
    snapshot that lists it: the source was misread for every date)."""

    occupation: str
    set: dict[str, Any] = attrs.Factory(dict)
    unset: tuple[str, ...] = ()
    snapshots: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if not self.set and not self.unset:
            raise ValueError("set: expected at least one field to correct (in set or unset)")


@attrs.frozen
class Erratum:
    """An erratum file as a maintainer writes it."""

    erratum: ErratumInfo
    correct: tuple[Correct, ...]


@attrs.frozen
class Hashes:
    snapshot: str
    old_sha256: str
    new_sha256: str


@attrs.frozen
class FieldCorrection:
    """One field of one occupation in one snapshot; ``old`` / ``new`` are None where the field is unset."""

    snapshot: str
    occupation: str
    code: str
    field: str
    old: Any = None
    new: Any = None


@attrs.frozen
class ErratumEntry:
    """The changelog entry of an applied erratum (written by e7)."""

    erratum: ErratumInfo
    snapshots: tuple[Hashes, ...]
    changes: tuple[FieldCorrection, ...]
    path: Path | None = attrs.field(default=None, eq=False)

    def fields_of(self, snapshot: str) -> list[str]:
        return [f"{c.code} {c.field}" for c in self.changes if c.snapshot == snapshot]


def load_erratum(path: Path, shown: str | None = None) -> Erratum:
    where = shown or str(path)
    erratum = structure(read_toml(path, where), Erratum, where)
    if not erratum.correct:
        raise InputError(where, "correct", "expected at least one [[correct]] table")
    return erratum


def entry_name(info: ErratumInfo) -> str:
    return f"{info.made.isoformat()}-{info.id}.toml"


def errata_files(data: DataDir) -> list[Path]:
    folder = data.changelog / ERRATA_FOLDER
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if ERRATUM_FILE.fullmatch(p.name) and p.is_file())


def load_entries(data: DataDir) -> list[ErratumEntry]:
    """Every applied erratum, in the order they were applied (by file name: the day made, then the id)."""
    entries = []
    for path in errata_files(data):
        shown = data.shown(path)
        raw = read_toml(path, shown)
        entry = attrs.evolve(structure(raw, ErratumEntry, shown), path=path)
        if path.name != entry_name(entry.erratum):
            raise InputError(shown, "erratum.id", f"expected the file to be named {entry_name(entry.erratum)}")
        entries.append(entry)
    return entries


def _plain(value: Any) -> Any:
    """A value as TOML reads it back (lists, not tuples), so that old and new values compare as written."""
    from engine.core.tomlout import dumps

    if value is None:
        return None
    return tomllib.loads(dumps({"v": value}))["v"]


def entry_text(entry: ErratumEntry) -> str:
    from engine.core.tomlout import dumps

    data = {
        "erratum": unstructure_for_toml(entry.erratum),
        "snapshots": [unstructure_for_toml(h) for h in entry.snapshots],
        "changes": [unstructure_for_toml(c) for c in entry.changes],
    }
    header = (
        f"e7 erratum {entry.erratum.id}: a correction of published snapshots, not a change of the law.\n"
        "Written by `e7 catalogue erratum`, never by hand. `e7 catalogue verify` undoes it (the old values) to\n"
        "check each snapshot against its notice, and checks each snapshot's old and new sha256."
    )
    return dumps(data, header, inline_keys=frozenset({"source", "old", "new"}))


# -- applying ---------------------------------------------------------------------------------------------------


@attrs.frozen
class ErratumPlan:
    entry: ErratumEntry
    snapshots: tuple[Snapshot, ...]  # the corrected snapshots
    files: tuple[tuple[Path, str], ...]


def _corrected(code: Code, correct: Correct, where: str, field: str) -> Code:
    data = unstructure_for_toml(code)
    data.update(correct.set)
    for name in correct.unset:
        data.pop(name, None)
    new = structure(data, Code, where, f"{field}.set")
    if GROUP_SUBCATEGORY[new.group] != new.subcategory:
        raise InputError(where, f"{field}.set.group", f"expected a group of {new.subcategory}, got {new.group!r}")
    return new


def plan_erratum(data: DataDir, path: Path, shown: str | None = None) -> ErratumPlan:
    """Check an erratum file against the published snapshots and compute every file it writes."""
    from engine.catalogue.publish import release_manifest, sha256_text

    where = shown or str(path)
    erratum = load_erratum(path, where)
    catalogue = Catalogue(data)
    info = erratum.erratum
    applied = load_entries(data)
    for entry in applied:
        if entry.erratum.id == info.id:
            raise InputError(where, "erratum.id", f"expected an erratum not applied before, {info.id!r} was")
    # errata are undone newest first in the order of their file names (the day made, then the id), so a new one
    # must sort after every erratum applied before it
    if applied and entry_name(info) <= entry_name(applied[-1].erratum):
        newest = applied[-1].erratum
        raise InputError(
            where,
            "erratum.made",
            f"expected a date after the newest erratum's ({newest.made}, {newest.id!r}): errata apply in the order "
            "of their dates, so write the day it is made",
        )
    indexed = _indexed(data)
    final = final_digests(data)
    touched: dict[str, list[tuple[int, Correct]]] = {}
    for index, correct in enumerate(erratum.correct):
        field = f"correct[{index}]"
        for name in correct.set:
            if name not in CORRECTABLE:
                raise InputError(
                    where,
                    f"{field}.set.{name}",
                    "expected a field of a catalogue code other than "
                    "occupation and code (a code changes only by notice)",
                )
        for position, name in enumerate(correct.unset):
            if name not in CORRECTABLE or name not in _DEFAULTED:
                raise InputError(where, f"{field}.unset[{position}]", f"expected an optional field, got {name!r}")
        listing = [s.id for s in catalogue if correct.occupation in s.by_occupation()]
        if not listing:
            raise InputError(
                where,
                f"{field}.occupation",
                f"expected an occupation listed in a published snapshot, got {correct.occupation!r}",
            )
        for position, snapshot_id in enumerate(correct.snapshots):
            if snapshot_id not in listing:
                raise InputError(
                    where,
                    f"{field}.snapshots[{position}]",
                    f"expected a published snapshot that lists {correct.occupation!r} ({', '.join(listing)}), "
                    f"got {snapshot_id!r}",
                )
        for snapshot_id in correct.snapshots or listing:
            touched.setdefault(snapshot_id, []).append((index, correct))
    hashes: list[Hashes] = []
    changes: list[FieldCorrection] = []
    corrected: list[Snapshot] = []
    files: list[tuple[Path, str]] = []
    for snapshot_id in [i for i in catalogue.ids if i in touched]:
        file = catalogue.path(snapshot_id)
        old_sha = sha256_of(file)
        expected = final.get(snapshot_id) or indexed.get(snapshot_id)
        if expected is not None and expected != old_sha:
            raise InputError(
                data.shown(file),
                None,
                f"expected the published snapshot (sha256 {expected[:12]}...), found an edited file; an erratum "
                "corrects only a published snapshot (run `e7 catalogue verify`)",
            )
        snapshot = catalogue.get(snapshot_id)
        codes = list(snapshot.codes)
        for index, correct in touched[snapshot_id]:
            position = snapshot.position_of(correct.occupation)
            assert position is not None  # checked above: the snapshot lists it
            old = codes[position]
            new = _corrected(old, correct, where, f"correct[{index}]")
            before, after = unstructure_for_toml(old), unstructure_for_toml(new)
            names = [n for n in CORRECTABLE if _plain(before.get(n)) != _plain(after.get(n))]
            if not names:
                raise InputError(
                    where,
                    f"correct[{index}].set",
                    f"expected a correction, {old.code} in {snapshot_id} already has these values",
                )
            changes.extend(
                FieldCorrection(snapshot_id, old.occupation, old.code, n, _plain(before.get(n)), _plain(after.get(n)))
                for n in names
            )
            codes[position] = new
        new_snapshot = attrs.evolve(snapshot, codes=tuple(codes))
        text = snapshot_text(new_snapshot)
        if structure(tomllib.loads(text), Snapshot, "the corrected snapshot") != new_snapshot:
            raise RuntimeError(f"the text written for snapshot {snapshot_id} does not read back to the same snapshot")
        hashes.append(Hashes(snapshot_id, old_sha, sha256_text(text)))
        corrected.append(new_snapshot)
        files.append((file, text))
    entry = ErratumEntry(info, tuple(hashes), tuple(changes))
    replaced = {s.id: (s, text) for s, (_file, text) in zip(corrected, files, strict=True)}
    files.append((data.changelog / ERRATA_FOLDER / entry_name(info), entry_text(entry)))
    # the new data release's manifest, renamed into place before the index (the commit point), as for imports
    index = (data.catalogue / INDEX_FILE, index_text(catalogue, replaced=replaced))
    files.extend((release_manifest(data, [*files, index]), index))
    return ErratumPlan(entry, tuple(corrected), tuple(files))


def write_erratum(data: DataDir, plan: ErratumPlan) -> None:
    """Write the corrected snapshots, the erratum's entry and the index, all or nothing, through the import's
    journal (``engine/data/journal.py``: the index is renamed last and commits; a kill is recovered by the next e7
    command). The caller holds the data folder's lock."""
    from engine.data.journal import publish

    folder = data.changelog / ERRATA_FOLDER
    created = [f for f in (data.changelog, folder) if not f.exists()]
    for made in created:
        made.mkdir()
    try:
        publish(data, plan.files, plan.entry.erratum.id, created)
    except BaseException:
        for made in reversed(created):
            with contextlib.suppress(OSError):
                made.rmdir()
        raise


def _indexed(data: DataDir) -> dict[str, str]:
    from engine.catalogue.publish import _index_digests

    return _index_digests(data)


def final_digests(data: DataDir) -> dict[str, str]:
    """Each corrected snapshot's sha256 as its last erratum wrote it."""
    found: dict[str, str] = {}
    for entry in load_entries(data):
        for h in entry.snapshots:
            found[h.snapshot] = h.new_sha256
    return found


# -- undoing, for verify ------------------------------------------------------------------------------------------


@attrs.frozen
class Unwound:
    """Each snapshot as its notice made it (errata undone), with every version's sha256 oldest first."""

    original: dict[str, str]  # snapshot id -> text before any erratum
    versions: dict[str, tuple[tuple[str, str], ...]]  # snapshot id -> (sha256, text), original first
    problems: tuple[str, ...]
    entries: tuple[ErratumEntry, ...]


def unwind(data: DataDir, catalogue: Catalogue, ids: list[str] | None = None) -> Unwound:
    """Undo every erratum, newest first, on the snapshots ``ids`` (default: all the catalogue's; verify passes the
    ones it could read). A file that differs from what its last erratum wrote, or whose
    corrected fields are not the erratum's new values, is an edit no erratum explains; old values that do not
    give back the erratum's old sha256 mean the erratum entry was edited."""
    from engine.catalogue.publish import sha256_text

    problems: list[str] = []
    try:
        entries = load_entries(data)
    except E7Error as exc:
        entries = []
        problems.append(str(exc))
    texts = {
        i: catalogue.path(i).read_text(encoding="utf-8", errors="replace")
        for i in (catalogue.ids if ids is None else ids)
    }
    versions: dict[str, list[tuple[str, str]]] = {i: [(sha256_text(t), t)] for i, t in texts.items()}
    for entry in reversed(entries):
        where = data.shown(entry.path) if entry.path else entry.erratum.id
        for h in entry.snapshots:
            if h.snapshot not in texts:
                problems.append(f"{where}: snapshot {h.snapshot} is not in {data.shown(data.catalogue)}/")
                continue
            shown = data.shown(catalogue.path(h.snapshot))
            text = versions[h.snapshot][0][1]
            if sha256_text(text) != h.new_sha256:
                problems.append(
                    f"{shown}: sha256 {sha256_text(text)[:12]}... differs from what erratum {entry.erratum.id} "
                    f"wrote ({h.new_sha256[:12]}..., {where}): the published snapshot was edited and no erratum "
                    "explains the edit"
                )
            try:
                snapshot = structure(tomllib.loads(text), Snapshot, shown)
            except (E7Error, tomllib.TOMLDecodeError) as exc:
                problems.append(str(exc))
                continue
            codes = list(snapshot.codes)
            for change in (c for c in entry.changes if c.snapshot == h.snapshot):
                position = snapshot.position_of(change.occupation)
                if position is None:
                    problems.append(
                        f"{shown}: {change.occupation!r}, which erratum {entry.erratum.id} corrects, "
                        "is not listed: the published snapshot was edited"
                    )
                    continue
                current = unstructure_for_toml(codes[position])
                if _plain(current.get(change.field)) != change.new:
                    problems.append(
                        f"{shown}: {change.code} {change.field} is not the value erratum {entry.erratum.id} wrote "
                        f"({where}): the published snapshot was edited and no erratum explains the edit"
                    )
                if change.old is None:
                    current.pop(change.field, None)
                else:
                    current[change.field] = change.old
                try:
                    codes[position] = structure(current, Code, where, f"changes ({change.code} {change.field}).old")
                except E7Error as exc:
                    problems.append(str(exc))
            old_text = snapshot_text(attrs.evolve(snapshot, codes=tuple(codes)))
            if sha256_text(old_text) != h.old_sha256:
                problems.append(
                    f"{where}: the old values of {h.snapshot} do not give back its old sha256 "
                    f"({h.old_sha256[:12]}...): the erratum entry, or the snapshot beyond the fields it names, "
                    "was edited"
                )
            versions[h.snapshot].insert(0, (sha256_text(old_text), old_text))
    return Unwound(
        {i: v[0][1] for i, v in versions.items()},
        {i: tuple(v) for i, v in versions.items()},
        tuple(problems),
        tuple(entries),
    )


def snapshot_errata(data: DataDir, occupation: str | None = None) -> list[ErratumEntry]:
    """The applied errata, or those that correct one occupation."""
    entries = load_entries(data)
    if occupation is None:
        return entries
    return [e for e in entries if any(c.occupation == occupation for c in e.changes)]
