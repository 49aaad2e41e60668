"""Small results kept between runs, one row per key, in a SQLite file in the user's cache folder.

The duty matcher keeps two kinds of result here (engine/duties/): the Korean analyser's reading of a text and
the match of a text against a snapshot's index. Both are keyed by a sha256 of everything the result depends on
(the text, and for a match the index's sources and the matcher's version), so a stale row is never read: a
change to any of them gives another key. Unlike one file holding every result, a process reads only the rows
it asks for, so neither its memory nor its start-up grows with what earlier runs kept. The file itself is
bounded: past ``MAX_ROWS`` rows (about 1 KB each) a write drops rows by the first hex digit of their key (a
sha256, so each digit is a random sixteenth), digit after digit in a random order, until at most half are left;
those are worked out again when next asked for. A process counts the file once and then adds its own rows, so
processes writing at once (``--jobs``) may pass the bound by what the others added before one of them recounts.

Writes are held in memory and written in one transaction when ``PENDING`` rows wait, and at exit; several
processes (``e7 batch --jobs``) share the file through SQLite's own locking, and a row two processes both
worked out is written by the first (the same key means the same value). As with the index cache, a store that
cannot be opened, read or written is simply not used: the cache can make e7 faster, never make it fail or
answer differently. ``E7_CACHE=off`` turns it off.

May import: the standard library and engine.core.index_cache (the cache folder).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import random
import sqlite3
import threading
from pathlib import Path

from engine.core import index_cache

FILE_NAME = "results-1.sqlite"  # the file's format in its name: another layout gets another file
PENDING = 2_000  # rows held before they are written
MAX_ROWS = 200_000  # rows kept at most (about 200 MB): past it a write drops rows until half are left
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS rows (kind TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, "
    "PRIMARY KEY (kind, key)) WITHOUT ROWID"
)
# connections a forked process inherited: kept open, never used nor closed there (closing a WAL connection in
# a child could checkpoint or remove files its parent is using)
_inherited: list[sqlite3.Connection] = []
_UNSET = object()
_MANY = 500  # keys asked for in one query by ``get_many``


class KeyedStore:
    """Rows (kind, key) -> bytes in the cache folder's SQLite file, opened on first use in each process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._pid = 0  # the process that opened the connection: a forked worker opens its own
        self._broken = False
        self._base: Path | None = None  # the cache folder the connection is in
        self._setting: str | object | None = _UNSET  # E7_CACHE when the folder was last worked out
        self._folder: Path | None = None
        self._pending: dict[tuple[str, str], bytes] = {}
        self._rows: int | None = None  # rows in the file as this connection last counted them, plus its own inserts
        self._exit_registered = False

    def _open(self) -> sqlite3.Connection | None:
        # the folder follows E7_CACHE, which may change within a process (the tests); working it out costs more
        # than a look-up, so only when the variable changed
        setting = os.environ.get(index_cache.CACHE_VAR)
        if setting != self._setting or self._setting is _UNSET:
            self._setting, self._folder = setting, index_cache.folder()
        base = self._folder
        if base != self._base:
            self._write()
            if self._connection is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._connection.close()
                self._connection = None
            self._base, self._broken = base, False
        if self._broken:
            return None
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        if self._pid != os.getpid():  # a forked child: the parent's connection and rows are not its own
            if self._connection is not None:
                _inherited.append(self._connection)
            self._connection, self._pending = None, {}
        if base is None:
            self._broken = True
            return None
        try:
            base.mkdir(parents=True, exist_ok=True)
            path = base / FILE_NAME
            connection = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
            os.chmod(path, 0o600)  # duty texts come from case files: the user's own (its -wal file inherits this)
            # readers never wait for a writer; another process changing the mode at the same moment (the workers
            # of a batch open the file together) may refuse it without waiting: the file is then in WAL already,
            # or will be on the next run, and works either way
            with contextlib.suppress(sqlite3.Error):
                connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # a cache: a row lost in a power cut is worked out again
            connection.execute(_SCHEMA)
        except (sqlite3.Error, OSError):
            self._broken = True
            return None
        self._connection, self._pid, self._rows = connection, os.getpid(), None
        return connection

    def get(self, kind: str, key: str) -> bytes | None:
        """The value kept under (kind, key), or None (none kept, no cache, a cache that cannot be read)."""
        with self._lock:
            pending = self._pending.get((kind, key)) if self._pid == os.getpid() else None
            if pending is not None:
                return pending
            connection = self._open()
            if connection is None:
                return None
            try:
                row = connection.execute("SELECT value FROM rows WHERE kind = ? AND key = ?", (kind, key)).fetchone()
            except sqlite3.Error:
                return None
        return row[0] if row is not None else None

    def get_many(self, kind: str, keys: list[str]) -> dict[str, bytes | None]:
        """``get`` for several keys in one query (a case's duty texts): every key asked for, with its value or
        None; an empty table when the cache cannot be read (the caller then asks key by key, or works them out)."""
        with self._lock:
            mine = self._pid == os.getpid()
            found: dict[str, bytes | None] = {}
            wanted = []
            for key in keys:
                pending = self._pending.get((kind, key)) if mine else None
                if pending is not None:
                    found[key] = pending
                else:
                    wanted.append(key)
            if not wanted:
                return found
            connection = self._open()
            if connection is None:
                return {}
            rows = []
            try:
                for start in range(0, len(wanted), _MANY):  # within SQLite's bound on a query's parameters
                    part = wanted[start : start + _MANY]
                    query = f"SELECT key, value FROM rows WHERE kind = ? AND key IN ({','.join('?' * len(part))})"
                    rows += connection.execute(query, (kind, *part)).fetchall()
            except sqlite3.Error:
                return {}
        found.update(dict.fromkeys(wanted))
        found.update(rows)
        return found

    def put(self, kind: str, key: str, value: bytes) -> None:
        """Keep a value (written with the next ``PENDING`` rows, or at exit)."""
        with self._lock:
            if self._open() is None:
                return
            self._pending[(kind, key)] = value
            if not self._exit_registered:
                atexit.register(self.flush)
                self._exit_registered = True
            full = len(self._pending) >= PENDING
        if full:
            self.flush()

    def flush(self) -> None:
        """Write the rows held in memory (on any error they are dropped: they will be worked out again)."""
        with self._lock:
            self._write()

    def _write(self) -> None:
        if not self._pending or self._pid != os.getpid() or self._connection is None:
            return
        rows = [(kind, key, value) for (kind, key), value in self._pending.items()]
        self._pending = {}
        with contextlib.suppress(sqlite3.Error):
            self._connection.execute("BEGIN IMMEDIATE")
            try:
                added = self._connection.executemany("INSERT OR IGNORE INTO rows VALUES (?, ?, ?)", rows).rowcount
                # counting the rows reads the whole file: once per connection, then this process's own inserts are
                # added (other processes' are seen at the exact count this does before dropping rows, or when it next
                # opens the file: processes writing at once may pass the bound by what the others added meanwhile)
                if self._rows is None:
                    (self._rows,) = self._connection.execute("SELECT count(*) FROM rows").fetchone()
                else:
                    self._rows += max(added, 0)
                if self._rows > MAX_ROWS:
                    (count,) = self._connection.execute("SELECT count(*) FROM rows").fetchone()
                    for digit in random.sample("0123456789abcdef", 16):
                        if count <= MAX_ROWS // 2:
                            break
                        gone = self._connection.execute("DELETE FROM rows WHERE substr(key, 1, 1) = ?", (digit,))
                        count -= gone.rowcount
                    self._rows = count
                self._connection.execute("COMMIT")
            except sqlite3.Error:
                self._rows = None  # counted again on the next write
                self._connection.execute("ROLLBACK")

    def close(self) -> None:
        """Write what is held and close the file (the next use opens it again, e.g. after E7_CACHE changed)."""
        self.flush()
        with self._lock:
            if self._connection is not None and self._pid == os.getpid():
                with contextlib.suppress(sqlite3.Error):
                    self._connection.close()
            elif self._connection is not None:
                _inherited.append(self._connection)
            self._connection, self._pid, self._broken, self._pending, self._base = None, 0, False, {}, None


store = KeyedStore()
