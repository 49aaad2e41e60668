"""Data files as read and checked, kept between runs in the user's cache folder (the one of
``engine/index_cache.py``), so that a command does not parse and check the same TOML again.

Reading a catalogue snapshot (TOML, a few hundred kilobytes) and checking it takes about a tenth of a second;
`e7 check` reads two or three of them and a batch over many dates all twelve. The objects made from a file are
written (``pickle``) under a name that is the sha256 of the file's bytes, what the file is ("snapshot",
"ruleset") and every source file of e7 itself and the versions of Python, attrs and cattrs: any change to the
file or to the code that reads it gives another name, so a stale object is never read. Only a file that was
read without error is kept: a bad file is read, and refused, every time.

As with the index, a cache that cannot be read or written is not used, and a file whose checksum does not
match is ignored. Since unpickling can run code, a cache file is read only when it belongs to the user running
e7 and nobody else may write it (on POSIX); ``E7_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from engine.core import index_cache

T = TypeVar("T")
_MAGIC = b"e7-object-1\n"  # the file format; a checksum of the payload follows it


@functools.cache
def code_version() -> str | None:
    """The sha256 of e7's own source files, Python's version and the versions of attrs and cattrs, which build
    the objects (None when the sources cannot be read: then nothing is cached)."""
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent.parent  # engine/, every subpackage
    parts = [sys.version]
    try:
        # the libraries' installed files stand for their versions (an upgrade rewrites them; attrs.__version__
        # would import importlib.metadata, a tenth of the start-up); found without importing them (cattrs is
        # imported only when a file is read by the converter)
        for library in ("attr", "cattrs"):
            spec = find_spec(library)
            if spec is None or spec.origin is None:
                return None
            installed = Path(spec.origin).resolve()
            info = installed.stat()
            parts += [str(installed), str(info.st_size), str(info.st_mtime_ns)]
        for path in sorted(package.rglob("*.py")):
            parts += [str(path.relative_to(package)), path.read_text(encoding="utf-8")]
    except (OSError, UnicodeDecodeError):
        return None
    return index_cache.digest(parts)


def _path(kind: str, raw: bytes) -> Path | None:
    base = index_cache.folder()
    code = code_version()
    if base is None or code is None:
        return None
    return base / f"{kind}-{index_cache.digest([kind, hashlib.sha256(raw).hexdigest(), code])}.pickle"


def read(kind: str, raw: bytes, build: Callable[[], T]) -> T:
    """The object ``build`` makes from a file whose bytes are ``raw``: from the cache when it was built before,
    else built (an error propagates, nothing is kept) and kept for the next run."""
    path = _path(kind, raw)
    if path is None:
        return build()
    found = _load(path)
    if found is not None:
        return found
    value = build()
    _store(path, value)
    return value


def _load(path: Path) -> object | None:
    payload = index_cache.read_payload(path, _MAGIC)
    if payload is None or not index_cache.trusted(path):
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a file from another version of a library: rebuilt
        return None


def _store(path: Path, value: object) -> None:
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an object that cannot be pickled is simply not kept
        return
    index_cache.write_payload(path, _MAGIC, payload)
