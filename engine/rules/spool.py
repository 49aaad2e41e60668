"""Where `e7 batch --jobs` workers put their decisions, so that the parent writes them without reading them.

Sent back through the process pool, every byte of every decision (about 11.6 kB a case) was pickled by a worker,
piped, unpickled by the parent and written again, on the same cores the workers need. Instead each worker writes
a chunk's lines into one unnamed scratch file (at an offset it reserves under a shared lock) and returns only
where they are; the parent copies them into the output in input order inside the kernel (``copy_file_range``)
and frees the scratch space behind it (a hole punched, where the file system can), so the scratch file stays
about the size of the chunks in flight. The scratch file is unnamed (or unlinked at once) in the output's folder:
on the output's file system, and nothing is left behind whatever ends the run.

Only where workers are forked: they inherit the file and the shared offset.
"""

from __future__ import annotations

import ctypes
import errno
import os
import tempfile
from collections.abc import Callable
from multiprocessing.context import BaseContext
from pathlib import Path

_PUNCH_HOLE = 0x01 | 0x02  # FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE (linux/falloc.h)
_COPY_FAILED = (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF)


class Spool:
    def __init__(self, context: BaseContext, folder: Path) -> None:
        # O_TMPFILE where it can; open as long as the spool is (close())
        self._file = tempfile.TemporaryFile(dir=folder, buffering=0)  # noqa: SIM115
        self.fd = self._file.fileno()
        self._end = context.Value("q", 0)  # the first free offset; its lock serialises reservations
        self._copy = hasattr(os, "copy_file_range")
        self._fallocate = _fallocate()

    def put(self, data: bytes) -> int:
        """(In a worker.) Write ``data`` at an offset of its own; that offset."""
        with self._end.get_lock():
            offset = self._end.value
            self._end.value = offset + len(data)
        view = memoryview(data)
        done = 0
        while done < len(data):
            done += os.pwrite(self.fd, view[done:], offset + done)
        return offset

    def copy(self, out: int, offset: int, length: int) -> None:
        """(In the parent.) Append ``length`` bytes from ``offset`` to the file open at descriptor ``out``, then
        free them here."""
        start, left = offset, length
        while left and self._copy:
            try:
                copied = os.copy_file_range(self.fd, out, left, start)
            except OSError as exc:
                if exc.errno not in _COPY_FAILED:
                    raise
                self._copy = False  # another file system, an older kernel: read and write instead
                break
            if copied == 0:
                raise OSError(errno.EIO, f"the batch's scratch file ended {left} bytes early")
            start += copied
            left -= copied
        while left:
            piece = os.pread(self.fd, min(left, 1 << 20), start)
            if not piece:
                raise OSError(errno.EIO, f"the batch's scratch file ended {left} bytes early")
            write_all(out, piece)
            start += len(piece)
            left -= len(piece)
        punch = self._fallocate
        if punch is not None and length and punch(self.fd, _PUNCH_HOLE, offset, length) != 0:
            self._fallocate = None  # this file system keeps the bytes until the run ends; that is all

    def close(self) -> None:
        self._file.close()


def write_all(fd: int, data: bytes) -> None:
    """``data`` written whole at the descriptor's position (``os.write`` may write only part)."""
    view = memoryview(data)
    done = 0
    while done < len(view):
        done += os.write(fd, view[done:])


def _fallocate() -> Callable[[int, int, int, int], int] | None:
    try:
        function = ctypes.CDLL(None, use_errno=True).fallocate
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64)
    function.restype = ctypes.c_int
    return function
