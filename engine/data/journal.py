"""One writer per data folder, and an import that a kill cannot leave half done.

``e7 catalogue import`` takes an exclusive lock (``fcntl.flock`` on ``.e7-lock`` in the data folder) for the
whole import: a second import waits for it (up to ``--wait`` seconds, else it is refused) and then plans from
the newest snapshot as it is once the lock is held. The files go to temporary files beside their targets, then
a journal (``.e7-import-journal.json``, written and fsynced before the first rename) records every rename about
to be made and the backup (a hard link) of every file a rename replaces. ``catalogue/index.toml`` is renamed
last: it is the commit point, because readers use only the snapshots the index lists
(``engine/catalogue/snapshots.py``).

A journal left behind (the import was killed) is dealt with by the next e7 command that can take the lock: if
the index is the one the import wrote, the import committed and only the clean-up is finished; otherwise every
rename is undone, so ``catalogue/`` and ``changelog/`` are as they were before the import. Recovery is safe to
repeat: a kill during it leaves the journal for the next command.

For tests only, ``E7_TEST_IMPORT_AT=STEP:kill`` makes the import kill itself (SIGKILL) right after STEP and
``STEP:pause=SECONDS`` makes it sleep there; the steps are ``locked``, ``temporaries``, ``journal``,
``linked-N`` (backup of the N-th target made), ``renamed-N`` and ``done`` (docs/notices.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from engine.core.errors import InputError
from engine.data.folders import JOURNAL_FILE, DataDir

LOCK_FILE = ".e7-lock"
TEST_HOOK = "E7_TEST_IMPORT_AT"
DEFAULT_WAIT = 30.0  # seconds a second import waits for the first before it is refused
_POLL = 0.05


@attrs.frozen
class Move:
    """One rename of an import, paths relative to the data folder."""

    target: str
    temporary: str
    backup: str  # a hard link to the file the rename replaces; "" when the target did not exist
    sha256: str  # of the new text


@attrs.frozen
class Journal:
    notice: str
    moves: tuple[Move, ...]
    created: tuple[str, ...] = ()  # folders the import made, removed again by a roll back when empty


def reached(step: str) -> None:
    """The test hook: kill or pause the import after ``step`` when ``E7_TEST_IMPORT_AT`` names it."""
    wanted = os.environ.get(TEST_HOOK)
    if not wanted:
        return
    name, _, action = wanted.partition(":")
    if name != step:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action.startswith("pause="):
        time.sleep(float(action.removeprefix("pause=")))


# -- the lock -----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(data: DataDir, wait: float = DEFAULT_WAIT) -> Iterator[None]:
    """Hold the data folder's import lock; wait up to ``wait`` seconds for another import, then refuse."""
    path = data.root / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(
            str(path), None, f"expected a data folder e7 can write its import lock in ({exc.strerror})"
        ) from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise InputError(
                    str(data.root),
                    None,
                    f"expected no other import writing to this data folder: another `e7 catalogue import` held "
                    f"its lock ({LOCK_FILE}) for {wait:g} s (--wait); try again when it has finished",
                )
            time.sleep(_POLL)
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# -- publishing files through the journal -------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _relative(data: DataDir, path: Path) -> str:
    return path.relative_to(data.root).as_posix()


def _write_journal(data: DataDir, journal: Journal) -> None:
    text = json.dumps(attrs.asdict(journal), ensure_ascii=False, indent=1) + "\n"
    fd, name = tempfile.mkstemp(prefix=f"{JOURNAL_FILE}.", suffix=".e7-tmp", dir=data.root)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, data.root / JOURNAL_FILE)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    fsync_folder(data.root)


def publish(data: DataDir, files: Sequence[tuple[Path, str]], notice: str, created: Sequence[Path] = ()) -> None:
    """Put every file in place, or none: temporary files, the journal, then one rename per file in order (the
    last one, the index, commits). Any failure or interrupt in this process rolls back at once; a kill leaves
    the journal for ``recover``."""
    temporaries: list[Path] = []
    journal: Journal | None = None
    try:
        for target, text in files:
            fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".e7-tmp", dir=target.parent)
            temporaries.append(Path(name))
            # mkstemp makes the file private; give it the mode of the file it replaces, else rw-r--r--
            os.chmod(name, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644)
            with os.fdopen(fd, "wb") as out:
                out.write(text.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
        reached("temporaries")
        moves = []
        for (target, text), temporary in zip(files, temporaries, strict=True):
            backup = target.with_name(f".{target.name}.e7-old") if target.exists() else None
            moves.append(
                Move(
                    _relative(data, target),
                    _relative(data, temporary),
                    _relative(data, backup) if backup else "",
                    _sha256(text.encode("utf-8")),
                )
            )
        journal = Journal(notice, tuple(moves), tuple(_relative(data, folder) for folder in created))
        _write_journal(data, journal)
        reached("journal")
        for number, move in enumerate(journal.moves, 1):
            target = data.root / move.target
            if move.backup:
                backup = data.root / move.backup
                backup.unlink(missing_ok=True)
                os.link(target, backup)
                reached(f"linked-{number}")
            os.replace(data.root / move.temporary, target)
            reached(f"renamed-{number}")
        for folder in {(data.root / m.target).parent for m in journal.moves}:
            fsync_folder(folder)
    except BaseException:
        if journal is not None:
            roll_back(data, journal)
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # committed: a clean-up left undone is finished by the next e7 command
        finish(data, journal)
    reached("done")


def roll_back(data: DataDir, journal: Journal) -> None:
    """Undo an import's renames (each step safe to repeat), then remove its temporary files and the journal."""
    for move in reversed(journal.moves):
        target = data.root / move.target
        if move.backup:
            backup = data.root / move.backup
            if backup.exists():
                os.replace(backup, target)
                backup.unlink(missing_ok=True)  # replace does nothing when both names are one file
        else:
            target.unlink(missing_ok=True)
        (data.root / move.temporary).unlink(missing_ok=True)
    for folder in journal.created:
        with contextlib.suppress(OSError):  # not empty: something else is in it, keep it
            (data.root / folder).rmdir()
    _forget(data, journal)


def finish(data: DataDir, journal: Journal) -> None:
    """Clean up after an import that committed: its backups, leftover temporary files and the journal."""
    for move in journal.moves:
        if move.backup:
            (data.root / move.backup).unlink(missing_ok=True)
        (data.root / move.temporary).unlink(missing_ok=True)
    _forget(data, journal)


def _forget(data: DataDir, journal: Journal) -> None:
    for folder in {(data.root / m.target).parent for m in journal.moves}:
        if folder.is_dir():
            fsync_folder(folder)
    (data.root / JOURNAL_FILE).unlink(missing_ok=True)
    fsync_folder(data.root)


# -- recovery -----------------------------------------------------------------------------------------------


def _read_journal(data: DataDir) -> Journal:
    from engine.core.convert import read_json, structure

    path = data.root / JOURNAL_FILE
    journal = structure(read_json(path, str(path)), Journal, str(path))
    for move in journal.moves:
        for name in (move.target, move.temporary, move.backup):
            inside = (data.root / name).resolve().is_relative_to(data.root.resolve())
            if name and (Path(name).is_absolute() or ".." in Path(name).parts or not inside):
                raise InputError(str(path), "moves", f"expected paths inside the data folder, got {name!r}")
    return journal


def committed(data: DataDir, journal: Journal) -> bool:
    """Whether the import reached its commit point: its last target (the index) holds what it wrote."""
    last = data.root / journal.moves[-1].target
    try:
        return _sha256(last.read_bytes()) == journal.moves[-1].sha256
    except OSError:
        return False


def _sweep(data: DataDir) -> None:
    """Remove temporary files an import killed before its journal left (only e7's: ``.NAME.*.e7-tmp``)."""
    for folder in (data.root, data.catalogue, data.changelog):
        if folder.is_dir():
            for path in folder.glob(".*.e7-tmp"):
                path.unlink(missing_ok=True)


def recover_locked(data: DataDir) -> str | None:
    """With the lock held: finish or roll back an import a kill interrupted; what was done, or None. Temporary
    files of an import killed before it wrote its journal are removed too (nothing had been renamed)."""
    if not (data.root / JOURNAL_FILE).exists():
        _sweep(data)
        return None
    journal = _read_journal(data)
    if journal.moves and committed(data, journal):
        finish(data, journal)
        return (
            f"finished an interrupted import of notice {journal.notice}: it had committed "
            f"({journal.moves[-1].target} lists its snapshot)"
        )
    roll_back(data, journal)
    return (
        f"rolled back an interrupted import of notice {journal.notice}: catalogue/ and changelog/ are as they "
        "were before it"
    )


def recover(data: DataDir) -> str | None:
    """What every e7 command does first: if a journal is left and no import holds the lock, recover it."""
    if not (data.root / JOURNAL_FILE).exists():  # the usual case: one stat, nothing else
        return None
    try:
        fd = os.open(data.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None  # a read-only folder: readers use only what the index lists, so they are safe anyway
    try:
        if not _try_lock(fd):
            return None  # an import is running: its journal is not stale
        return recover_locked(data)
    finally:
        os.close(fd)
