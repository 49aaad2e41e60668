"""An output file that appears whole or not at all, and leaves nothing behind when its writer is killed.

On Linux the file is written unnamed (``O_TMPFILE``) in the target's folder and given its name only at the end
(linked under a temporary name and renamed over the target, so a reader sees the old file or the new one,
never part of one). A process killed with SIGKILL, which can clean up nothing, then leaves nothing visible:
the kernel frees an unnamed file when its last descriptor closes. Where ``O_TMPFILE`` is not available (another
system, a file system without it) the file is written under a visible temporary name that holds the host and
the writer's process id (``.e7-batch-HOST-PID-XXXX.tmp``); every later run in that folder removes the ones
whose process is no longer alive on this host. The same names are used for the instant between linking and
renaming, so a kill at that instant is cleaned up the same way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import socket
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

PREFIX = ".e7-batch-"
_STALE = re.compile(re.escape(PREFIX) + r"(?P<host>.+)-(?P<pid>\d+)-[0-9a-f]{8}\.tmp")


def _host() -> str:
    # a name without path separators, so that it can be part of a file name
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname()) or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: alive, someone else's
        return True
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary files left in ``folder`` by writers on this host that are no longer alive."""
    removed = []
    host = _host()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _STALE.fullmatch(entry.name)
            if not match or match["host"] != host:
                continue
            pid = int(match["pid"])
            if pid == os.getpid() or _alive(pid):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _temporary_name(folder: Path) -> Path:
    return folder / f"{PREFIX}{_host()}-{os.getpid()}-{secrets.token_hex(4)}.tmp"


class WholeFile:
    """``with WholeFile(target) as out: out.write(b"...")``: ``target`` is replaced only when the block ends
    without an exception; otherwise nothing is left. Errors of the file system are ``OSError``."""

    def __init__(self, target: Path, unnamed: bool = True) -> None:
        self.target = target
        self.folder = target.parent
        self._name: Path | None = None  # the visible temporary name, when not unnamed
        remove_stale(self.folder)
        self._fd = self._open_unnamed() if unnamed else None
        if self._fd is None:
            self._name = _temporary_name(self.folder)
            self._fd = os.open(self._name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self.file = os.fdopen(self._fd, "wb", buffering=1 << 16)

    def _open_unnamed(self) -> int | None:
        flag = getattr(os, "O_TMPFILE", None)
        if flag is None or not os.path.isdir("/proc/self/fd"):
            return None
        try:
            return os.open(self.folder, flag | os.O_WRONLY, 0o666)
        except OSError as exc:
            if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                return None  # the file system cannot: fall back to a named temporary file
            raise

    def __enter__(self) -> BinaryIO:
        return self.file

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            self._commit()
        else:
            self._discard()

    def _commit(self) -> None:
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            if self._name is None:
                self._name = _temporary_name(self.folder)
                # through linkat(AT_SYMLINK_FOLLOW): plain link() would link the /proc entry, not the file
                proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
                try:
                    os.link(str(self.file.fileno()), self._name, src_dir_fd=proc, follow_symlinks=True)
                finally:
                    os.close(proc)
            os.replace(self._name, self.target)
            self._name = None
        except BaseException:
            self._discard()
            raise
        self.file.close()

    def _discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        if self._name is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._name)
            self._name = None
