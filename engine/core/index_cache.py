"""The duty matcher's index, kept between runs in the user's cache folder.

Building the index of a snapshot means analysing every code's Korean text with kiwipiepy: loading the
analyser and running it over the catalogue takes seconds, far more than a check. So the index is built once
and written, as plain data (``marshal``), into the user's cache folder under a name that is the sha256 of
everything it is built from: every code's texts, the curated terms and glossary, the reference of work outside
the list, the matcher's own source and the versions of the analyser, its model, the stemmer and Python. Any
change to one of them gives another name, so a stale index is never read; the cache folder only ever grows by
one small file per snapshot and version.

Texts' analyses and matches are not kept here but one row each in ``engine/core/keyed_store.py``.

The folder is ``$E7_CACHE`` when set (``off`` or an empty value: no cache), else the platform's user cache
folder (``$XDG_CACHE_HOME/e7`` or ``~/.cache/e7`` on Linux, ``~/Library/Caches/e7`` on macOS,
``%LOCALAPPDATA%\\e7\\Cache`` on Windows); never the installed package. A cache that cannot be read or
written is simply not used, and a file whose checksum does not match (cut short, edited, another format) is
ignored and rebuilt: the cache can make e7 faster, never make it fail or answer differently.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CACHE_VAR = "E7_CACHE"
_MAGIC = b"e7-index-1\n"  # the file format; a checksum of the payload follows it


def folder() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    value = os.environ.get(CACHE_VAR)
    if value is not None:
        return None if value.strip() in ("", "off") else Path(value).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "e7" / "Cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "e7"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache") / "e7"


def digest(parts: Iterable[str]) -> str:
    """The sha256 of a sequence of texts (each length-prefixed, so no two sequences share a digest)."""
    h = hashlib.sha256()
    for part in parts:
        _add(h, part)
    return h.hexdigest()


def digest_after(first: str) -> Callable[[str], str]:
    """``digest([first, text])`` as a function of ``text``, with ``first`` hashed once (a key met for every
    text, such as an index's)."""
    h = hashlib.sha256()
    _add(h, first)

    def of(text: str) -> str:
        d = h.copy()
        _add(d, text)
        return d.hexdigest()

    return of


def _add(h: Any, part: str) -> None:
    data = part.encode("utf-8")
    h.update(len(data).to_bytes(8, "big"))
    h.update(data)


def path_of(key: str) -> Path | None:
    base = folder()
    return None if base is None else base / f"index-{key}.bin"


def load(key: str) -> Any | None:
    """The plain data stored under a key, or None (no cache, no such file, a damaged file)."""
    path = path_of(key)
    return unmarshal(None if path is None else read_payload(path, _MAGIC))


def unmarshal(payload: bytes | None) -> Any | None:
    """Plain data written by ``marshal``, or None (no payload, or one that does not read)."""
    if payload is None:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def store(key: str, value: Any) -> None:
    """Write plain data (dicts, lists, tuples, str, float, int) under a key; on any error write nothing."""
    path = path_of(key)
    if path is not None:
        write_payload(path, _MAGIC, marshal.dumps(value))


def read_payload(path: Path, magic: bytes) -> bytes | None:
    """What a cache file written by ``write_payload`` holds, or None (no such file, not readable, another
    format, cut short or edited: its checksum does not match)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(magic)
    if blob[:head] != magic or hashlib.sha256(blob[head + 32 :]).digest() != blob[head : head + 32]:
        return None
    return blob[head + 32 :]


def trusted(path: Path) -> bool:
    """Whether a cache file of pickled or marshalled objects may be read: only a file of this user that no one else
    may write (such data can run code or crash the interpreter)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def write_payload(path: Path, magic: bytes, payload: bytes) -> None:
    """Write a cache file: ``magic``, the payload's sha256, the payload. The file is written beside its final
    name and renamed, so a reader never sees half a file; on any error nothing is written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(magic + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return
