"""Publishing catalogue snapshots: importing a notice (new snapshot, changelog entry, index: all or nothing)
and verifying that the published snapshots are exactly what their notices make.

A changelog entry (``changelog/YYYY-MM-DD-<notice id>.toml``) holds a ``[changelog]`` table (the snapshot it
made, its sha256, the previous snapshot and its sha256, one line per change) followed by the notice itself, so
that ``e7 catalogue verify`` can replay every notice onto the snapshot before it and compare byte for byte.
The earliest snapshot has an entry without a notice (``YYYY-MM-DD-base.toml``): the chain starts there.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

import attrs

from engine.catalogue.apply import apply
from engine.catalogue.diff import Diff, diff, summary_lines
from engine.catalogue.notices import Notice, load_notice, notice_data
from engine.catalogue.snapshots import INDEX_FILE, Catalogue, index_text, sha256_of, snapshot_text
from engine.core.convert import read_toml, structure
from engine.core.errors import E7Error, InputError
from engine.core.model import Snapshot
from engine.data.folders import DataDir

CHANGELOG_FILE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml")
SHA256 = re.compile(r"[0-9a-f]{64}")


def _sha(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if value and not SHA256.fullmatch(value):
        raise ValueError(f"{attribute.name}: expected a sha256 of 64 lower-case hex digits, got {value!r}")


@attrs.frozen
class ChangelogInfo:
    """The ``[changelog]`` table of an entry."""

    snapshot: str
    sha256: str = attrs.field(validator=_sha)
    notice: str = ""  # "" for the earliest snapshot, which no notice made
    previous: str = ""
    previous_sha256: str = attrs.field(default="", validator=_sha)
    changes: tuple[str, ...] = ()
    note: str = ""


@attrs.frozen
class ChangelogEntry:
    path: Path
    info: ChangelogInfo
    notice: Notice | None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def changelog_name(snapshot_id: str, notice_id: str) -> str:
    return f"{snapshot_id}-{notice_id or 'base'}.toml"


def changelog_text(info: ChangelogInfo, notice: Notice | None) -> str:
    from engine.core.convert import unstructure_for_toml
    from engine.core.tomlout import dumps

    if notice is None:
        header = (
            f"e7 changelog entry: catalogue snapshot {info.snapshot}, the earliest; the notices start from it.\n"
            "Written by e7, never by hand (catalogue/README.md says how this snapshot was made)."
        )
    else:
        header = (
            f"e7 changelog entry: notice {notice.id} made catalogue snapshot {info.snapshot} from {info.previous}.\n"
            "Written by `e7 catalogue import`, never by hand. `e7 catalogue verify` replays the notice below onto\n"
            f"catalogue/{info.previous}.toml and compares the result with catalogue/{info.snapshot}.toml byte for byte."
        )
    data = {"changelog": {k: v for k, v in unstructure_for_toml(info).items() if v not in ("", (), [])}}
    if notice is not None:
        data.update(notice_data(notice))
    return dumps(data, header, inline_keys=frozenset({"source"}))


def load_entry(path: Path, shown: str) -> ChangelogEntry:
    match = CHANGELOG_FILE.fullmatch(path.name)
    data = read_toml(path, shown)
    if "changelog" not in data:
        raise InputError(shown, "changelog", "required table is missing (a changelog entry written by e7)")
    info = structure(data.pop("changelog"), ChangelogInfo, shown, "changelog")
    notice = structure(data, Notice, shown) if data else None
    expected = changelog_name(info.snapshot, notice.id if notice else "")
    if match is None or path.name != expected:
        raise InputError(shown, "changelog.snapshot", f"expected the file to be named {expected}")
    if notice is not None and notice.effective.isoformat() != info.snapshot:
        raise InputError(shown, "notice.effective", f"expected the date of the snapshot it made, {info.snapshot}")
    if notice is not None and info.notice != notice.id:
        raise InputError(shown, "changelog.notice", f"expected the id of the notice below, {notice.id!r}")
    return ChangelogEntry(path, info, notice)


def changelog_files(data: DataDir) -> list[Path]:
    folder = data.changelog
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if CHANGELOG_FILE.fullmatch(p.name) and p.is_file())


def load_changelog(data: DataDir) -> list[ChangelogEntry]:
    return [load_entry(p, data.shown(p)) for p in changelog_files(data)]


# -- import -----------------------------------------------------------------------------------------------------


@attrs.frozen
class ImportPlan:
    """Everything an import writes, computed before anything is written."""

    notice: Notice
    base: Snapshot
    snapshot: Snapshot
    diff: Diff
    files: tuple[tuple[Path, str], ...]  # (target, text) in the order they are renamed into place

    @property
    def snapshot_sha256(self) -> str:
        return sha256_text(self.files[0][1])


def _index_digests(data: DataDir) -> dict[str, str]:
    path = data.catalogue / INDEX_FILE
    if not path.is_file():
        return {}
    raw = read_toml(path, data.shown(path))
    found = {}
    for entry in raw.get("snapshots", []):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found[entry["id"]] = str(entry.get("sha256", ""))
    return found


def plan_import(data: DataDir, notice_path: Path, shown: str | None = None) -> ImportPlan:
    """Check a notice against the newest snapshot and the changelog; compute the files an import writes."""
    where = shown or str(notice_path)
    notice = load_notice(notice_path, where)
    catalogue = Catalogue(data)
    newest_id = catalogue.ids[-1]
    newest_path = catalogue.path(newest_id)
    newest_sha = sha256_of(newest_path)
    recorded = _index_digests(data).get(newest_id)
    if recorded is not None and recorded != newest_sha:
        raise InputError(
            data.shown(newest_path),
            None,
            f"expected the published snapshot (sha256 {recorded[:12]}... in catalogue/{INDEX_FILE}), found an edited "
            "file; a notice applies only to a published snapshot (run `e7 catalogue verify`)",
        )
    entries = load_changelog(data)
    logged = next((e for e in entries if e.info.snapshot == newest_id), None)
    from engine.catalogue.errata import final_digests  # an erratum may have corrected the newest snapshot since

    corrected = final_digests(data).get(newest_id)
    if logged is not None and (corrected or logged.info.sha256) != newest_sha:
        raise InputError(
            data.shown(newest_path),
            None,
            f"expected the published snapshot (sha256 {(corrected or logged.info.sha256)[:12]}... in "
            f"{data.shown(logged.path)} or its errata), "
            "found an edited file; a notice applies only to a published snapshot (run `e7 catalogue verify`)",
        )
    for entry in entries:  # an entry of a snapshot the index does not list was never published
        if entry.notice is not None and entry.notice.id == notice.id and entry.info.snapshot in catalogue.ids:
            raise InputError(
                where,
                "notice.id",
                f"expected a notice not imported before, {notice.id!r} made snapshot {entry.info.snapshot} "
                f"({data.shown(entry.path)})",
            )
    base = catalogue.get(newest_id)
    if notice.effective <= base.effective:
        raise InputError(
            where,
            "notice.effective",
            f"expected a date after the newest snapshot {base.id}, got {notice.effective} "
            "(a published snapshot is never changed; a notice makes the next one)",
        )
    snapshot = apply(notice, base, where)
    text = snapshot_text(snapshot)
    if structure(tomllib.loads(text), Snapshot, "the new snapshot") != snapshot:  # the writer must round-trip
        raise RuntimeError(f"the text written for snapshot {snapshot.id} does not read back to the same snapshot")
    d = diff(base, snapshot)
    if d.empty:  # as an [[amend]] or a threshold that changes nothing is refused
        raise InputError(
            where,
            None,
            f"expected a notice that changes something in {base.id} (a code retired, renumbered, amended or added, "
            "a threshold or a track), this one changes nothing",
        )
    info = ChangelogInfo(
        snapshot=snapshot.id,
        sha256=sha256_text(text),
        notice=notice.id,
        previous=base.id,
        previous_sha256=newest_sha,
        changes=tuple(summary_lines(d)),
    )
    written = (
        (data.catalogue / f"{snapshot.id}.toml", text),
        (data.changelog / changelog_name(snapshot.id, notice.id), changelog_text(info, notice)),
        (data.catalogue / INDEX_FILE, index_text(catalogue, (snapshot, text))),
    )
    # the new data release's manifest, renamed into place before the index (the commit point)
    files = (*written[:2], release_manifest(data, written), written[2])
    return ImportPlan(notice, base, snapshot, d, files)


def release_manifest(data: DataDir, written: Sequence[tuple[Path, str]]) -> tuple[Path, str]:
    """``release.toml`` for the data folder as it will be once ``written`` is in place: a new release id."""
    from engine.core.today import today
    from engine.data.release import MANIFEST_FILE, build_manifest, load_manifest, manifest_text, next_release_id

    on = today()  # a release is dated in Korea, like every "today" of e7
    replaced = {target.relative_to(data.root).as_posix(): text.encode("utf-8") for target, text in written}
    release = next_release_id(load_manifest(data), on)
    return data.root / MANIFEST_FILE, manifest_text(build_manifest(data.root, release, on, replaced=replaced))


def write_import(data: DataDir, plan: ImportPlan) -> None:
    """Write the new snapshot, its changelog entry and the index, all or nothing (``engine/data/journal.py``: the
    index is renamed last and commits; a kill before it is rolled back by the next e7 command)."""
    from engine.data.journal import publish

    created = not data.changelog.exists()
    if created:
        data.changelog.mkdir()
    try:
        publish(data, plan.files, plan.notice.id, (data.changelog,) if created else ())
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                data.changelog.rmdir()
        raise


# -- verify -----------------------------------------------------------------------------------------------------


@attrs.frozen
class Verification:
    problems: tuple[str, ...]
    snapshots: int
    replayed: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _first_difference(expected: str, actual: str) -> str:
    a, b = expected.splitlines(), actual.splitlines()
    for number, (x, y) in enumerate(zip(a, b, strict=False), 1):
        if x != y:
            return f"line {number}"
    return f"line {min(len(a), len(b)) + 1}"


def verify(data: DataDir) -> Verification:
    """Recompute every snapshot's sha256 against the index and the changelog, replay the chain of notices, and
    recompute what each changelog entry says. Each problem names the file that was edited: a snapshot that its
    notice reproduces is not blamed for a hash recorded elsewhere, nor, while every recorded hash still matches
    it, for a notice that no longer reproduces it (the changelog entry holding that notice is)."""
    from engine.catalogue.errata import unwind

    problems: list[str] = []
    catalogue = Catalogue(data, every_file=True)  # listed in the index or not: the index is checked against them
    digests: dict[str, str] = {}
    for i in catalogue.ids:
        try:
            digests[i] = sha256_of(catalogue.path(i))
        except InputError as exc:  # the one reader (convert.read_file) refused it: a loop, a device, too large
            problems.append(f"{data.shown(catalogue.path(i))}: {exc.expected}")
    ids = list(digests)
    # errata corrected some published snapshots: the notices are checked against each snapshot as its notice
    # made it (the errata undone), the index against the files as they are (engine/catalogue/errata.py)
    unwound = unwind(data, catalogue, ids)
    problems.extend(unwound.problems)
    files = digests
    digests = {i: sha256_text(unwound.original[i]) for i in ids}
    shown = {i: data.shown(catalogue.path(i)) for i in ids}
    index_path = data.catalogue / INDEX_FILE
    index_shown = data.shown(index_path)

    try:
        indexed = _index_digests(data)
    except E7Error as exc:
        problems.append(str(exc))
        indexed = {}
    if not index_path.is_file():
        problems.append(f"{index_shown}: file not found (it lists every snapshot with its sha256)")
    for i in ids:
        if i not in indexed and index_path.is_file():
            problems.append(f"{shown[i]}: not listed in {index_shown}")
    for i in indexed:
        if i not in catalogue.ids:
            problems.append(f"{index_shown}: lists {i}, but {data.shown(data.catalogue)}/{i}.toml does not exist")

    entries: dict[str, ChangelogEntry] = {}
    for path in changelog_files(data):
        try:
            entry = load_entry(path, data.shown(path))
        except E7Error as exc:
            problems.append(str(exc))
            continue
        other = entries.get(entry.info.snapshot)
        if other is not None:
            problems.append(
                f"{data.shown(path)}: a second entry for {entry.info.snapshot} (also {data.shown(other.path)})"
            )
            continue
        entries[entry.info.snapshot] = entry
        if entry.info.snapshot not in digests:
            problems.append(
                f"{data.shown(path)}: snapshot {entry.info.snapshot} is not in {data.shown(data.catalogue)}/"
            )

    following = {e.info.previous: e for e in entries.values() if e.info.previous}
    previous = ""
    replayed = 0
    made: Snapshot | None = None  # the previous snapshot as the chain makes it (as its file reads at the start)
    for i in ids:
        entry = entries.get(i)
        where = data.shown(entry.path) if entry else ""
        actual = unwound.original[i]
        result: Snapshot | None = None
        text: str | None = None  # what the notice makes of the previous snapshot
        base = made
        if entry is not None and previous and entry.info.previous_sha256 != digests[previous]:
            # imported after an erratum corrected the previous snapshot: replayed onto that version
            version = dict(unwound.versions[previous]).get(entry.info.previous_sha256)
            base = _read_snapshot(version, shown[previous]) if version is not None else made
        if entry is not None and entry.notice is not None and base is not None:
            try:
                result = apply(entry.notice, base, where)
            except E7Error as exc:
                problems.append(f"{exc} (replaying onto {previous})")
            else:
                replayed += 1
                text = snapshot_text(result)
        reproduced = text == actual  # the published file is what its notice makes: any other record is the edit
        found = len(problems)
        if i in indexed and indexed[i] != files[i]:
            if reproduced:  # the notice makes the published file byte for byte: the recorded hash is what changed
                problems.append(
                    f"{index_shown}: sha256 of {i} {indexed[i][:12]}... differs from {shown[i]} "
                    f"({files[i][:12]}...), which its notice (and its errata) reproduce byte for byte: the index "
                    "was edited"
                )
            else:
                problems.append(
                    f"{shown[i]}: sha256 {files[i][:12]}... differs from {index_shown} ({indexed[i][:12]}...): "
                    "the published snapshot was edited"
                )
        if entry is None:
            problems.append(f"{shown[i]}: no changelog entry in {data.shown(data.changelog)}/ records it")
        else:
            accepted = {sha for sha, _text in unwound.versions[previous]} if previous else set()
            problems.extend(_check_entry(entry, where, i, previous, digests, shown, reproduced, accepted))
        if text is not None and entry is not None and entry.notice is not None and not reproduced:
            after = following.get(i)
            recorded = (entry.info.sha256, after.info.previous_sha256 if after else digests[i])
            if indexed.get(i) == files[i] and all(digest == digests[i] for digest in recorded):
                # every recorded hash still matches the published file: the notice in the entry was edited
                problems.append(
                    f"{where}: its notice {entry.notice.id} replayed onto {previous} no longer gives {shown[i]} "
                    f"(first at {_first_difference(text, actual)} of the snapshot, whose sha256 still matches "
                    f"{index_shown} and this entry): the changelog entry was edited"
                )
                result = None  # go on from the published file
            else:
                problems.append(
                    f"{shown[i]}: differs from what the notice {entry.notice.id} in {where} makes of {previous} "
                    f"(first at {_first_difference(text, actual)}): the published snapshot was edited"
                )
        if entry is not None and len(problems) == found:
            # what the entry says, recomputed: its changes (and hash) from the replay, its text as e7 writes it
            problems.extend(_check_record(entry, where, base if reproduced else None, result, actual))
        if result is None:
            try:
                result = _read_snapshot(actual, shown[i])
            except E7Error as exc:
                problems.append(str(exc))
        made = result
        previous = i

    # the index's other columns (titles, counts): checked when everything else holds, so one edit is one problem
    if (
        not problems
        and index_path.is_file()
        and index_text(catalogue) != index_path.read_text(encoding="utf-8", errors="replace")
    ):
        problems.append(f"{index_shown}: differs from the index e7 writes for these snapshots (edited by hand?)")
    from engine.data.release import release_problems

    problems.extend(release_problems(data, required=False))
    return Verification(tuple(problems), len(ids), replayed)


def _check_entry(
    entry: ChangelogEntry,
    where: str,
    snapshot_id: str,
    previous: str,
    digests: dict[str, str],
    shown: dict[str, str],
    reproduced: bool,
    accepted: set[str],
) -> list[str]:
    problems = []
    if entry.info.sha256 != digests[snapshot_id]:
        if reproduced:  # the notice makes the published file byte for byte: the recorded hash is what changed
            problems.append(
                f"{where}: changelog.sha256: expected {digests[snapshot_id][:12]}... (the sha256 of "
                f"{shown[snapshot_id]}, which its notice reproduces byte for byte), got {entry.info.sha256[:12]}...: "
                "the changelog entry was edited"
            )
        else:
            problems.append(
                f"{shown[snapshot_id]}: sha256 {digests[snapshot_id][:12]}... differs from {where} "
                f"({entry.info.sha256[:12]}...): the published snapshot was edited"
            )
    if entry.info.previous != previous:
        expected = previous or "none (the earliest snapshot)"
        problems.append(f"{where}: changelog.previous: expected {expected}, got {entry.info.previous or 'none'}")
    elif previous and entry.info.previous_sha256 not in accepted:
        problems.append(f"{where}: changelog.previous_sha256: expected the sha256 of {shown[previous]}")
    if previous and entry.notice is None:
        problems.append(f"{where}: expected the notice that made {snapshot_id} from {previous}")
    if not previous and entry.notice is not None:
        problems.append(f"{where}: expected no notice for the earliest snapshot")
    return problems


def _check_record(
    entry: ChangelogEntry, where: str, base: Snapshot | None, made: Snapshot | None, actual: str
) -> list[str]:
    """What a changelog entry says, against what e7 writes for it: the ``changes`` lines recomputed from the
    notice's replay (``base`` and ``made``, when the replay reproduces the snapshot), then the whole text."""
    info = entry.info
    if entry.notice is not None:
        if base is None or made is None:
            return []  # no replay to recompute from (its problem is reported already)
        changes = tuple(summary_lines(diff(base, made)))
        if info.changes != changes:
            line = next(
                n for n in range(max(len(changes), len(info.changes))) if info.changes[n : n + 1] != changes[n : n + 1]
            )
            expected = f'"{changes[line]}"' if line < len(changes) else "no line"
            got = f'"{info.changes[line]}"' if line < len(info.changes) else "no line"
            return [
                f"{where}: changelog.changes[{line}]: expected {expected} (what the notice {entry.notice.id} "
                f"changes in {info.previous}), got {got}: the changelog entry was edited"
            ]
        info = ChangelogInfo(
            snapshot=made.id,
            sha256=sha256_text(actual),
            notice=entry.notice.id,
            previous=info.previous,
            previous_sha256=info.previous_sha256,
            changes=changes,
        )
    text = changelog_text(info, entry.notice)
    written = entry.path.read_text(encoding="utf-8", errors="replace")
    if written != text:
        about = f"notice {entry.notice.id}" if entry.notice else f"the earliest snapshot {info.snapshot}"
        return [
            f"{where}: differs from the entry e7 writes for {about} (first at {_first_difference(text, written)}): "
            "the changelog entry was edited"
        ]
    return []


def _read_snapshot(text: str, shown: str) -> Snapshot:
    """A snapshot from its text (a version an erratum replaced, or the file as it is)."""
    from engine.catalogue.snapshots import check_snapshot

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(shown, None, f"expected valid TOML ({exc})") from None
    snapshot = structure(data, Snapshot, shown)
    check_snapshot(snapshot, shown, Path(shown).stem)
    return snapshot


def _loads(catalogue: Catalogue, snapshot_id: str) -> bool:
    try:
        catalogue.get(snapshot_id)
    except E7Error:
        return False
    return True
