"""The methods attrs writes for e7's classes, compiled once and kept between runs in the user's cache folder.

attrs makes each class's ``__init__``, ``__eq__``, ``__repr__``, ``__hash__`` and ``__setattr__`` by writing their
Python source and compiling it when the class is defined: for the ninety-odd classes `e7 check` defines, compiling
was about a fifth of its start-up. Here the function attrs compiles with is wrapped: code compiled before from the
very same source text and file name is taken from the cache, any other is compiled as attrs would and added to
it. Code is looked up by the sha256 of its source and file name, so a class whose fields, defaults or options
changed (another source) is never given stale code; the cache file's name carries Python's version and attrs'
installed file (path, size, modification time), so another interpreter or attrs release reads a file of its own.

The file is one ``marshal`` dictionary in the folder of ``engine/core/index_cache.py``, with the same checksum,
atomic write and trust rules as ``engine/core/object_cache.py`` (marshal data, like pickle, is read only from a
file of this user that nobody else may write). It is written once, at exit, only when something was compiled that
it did not hold, and keeps at most ``LIMIT`` entries (past that, only the ones this process used), so edits to
e7's classes during development do not make it grow for ever. ``E7_CACHE=off`` turns it off: attrs compiles as
always. A cache that cannot be read or written is not used; the classes are the same either way.

May import: the standard library, ``attr`` (the private function it wraps; when attrs no longer has it, nothing
is wrapped) and engine.core.index_cache.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from types import CodeType
from typing import Any

from engine.core import index_cache

_MAGIC = b"e7-attrs-code-1\n"  # the file format; a checksum of the payload follows it
LIMIT = 4000  # entries kept at most (e7 defines some 400 classes, each compiled once or twice)
_PREFIX = "<attrs generated "  # the file names attrs gives its code
_TYPE_HASH = "_e7_attrs_type_hash"


class Codes:
    """The compiled methods of one cache file: those it held, and those compiled or used in this process."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.held: dict[bytes, CodeType] = _read(path) if path is not None else {}
        self.used: dict[bytes, CodeType] = {}
        self.compiled = 0  # compiled in this process: not in the file

    def code(self, script: str, filename: str, globs: dict[str, Any] | None) -> CodeType:
        script = _without_type_hash(script, filename, globs)
        key = hashlib.sha256(f"{filename}\0{script}".encode()).digest()
        code = self.held.get(key)
        if code is None:
            code = self.held[key] = compile(script, filename, "exec")
            self.compiled += 1
        self.used[key] = code
        return code

    def save(self) -> None:
        if not self.compiled or self.path is None:
            return
        kept = self.held if len(self.held) <= LIMIT else self.used
        index_cache.write_payload(self.path, _MAGIC, marshal.dumps(kept))


def _without_type_hash(script: str, filename: str, globs: dict[str, Any] | None) -> str:
    """The script with the number attrs writes into a ``__hash__`` (the hash of a text naming the class, which
    differs from process to process) read from a global instead, so that a class gives the same script in every
    run. The method computes the same hashes."""
    if globs is None or not filename.startswith(_PREFIX):
        return script
    target = filename[len(_PREFIX) :].partition(" ")[2]
    literal = str(hash(f"{_PREFIX}hash {target}"))  # what attrs' _make_hash_script writes
    if literal not in script:
        return script
    globs[_TYPE_HASH] = int(literal)
    return script.replace(literal, _TYPE_HASH)


def _read(path: Path) -> dict[bytes, CodeType]:
    payload = index_cache.read_payload(path, _MAGIC)
    if payload is None or not index_cache.trusted(path):
        return {}
    found = index_cache.unmarshal(payload)
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, bytes) and isinstance(v, CodeType)}


def cache_path(attrs_file: str) -> Path | None:
    """The cache file for this Python and this installed attrs (None when the cache is off or attrs' file cannot
    be read)."""
    base = index_cache.folder()
    if base is None:
        return None
    try:
        info = os.stat(attrs_file)
    except OSError:
        return None
    key = index_cache.digest([sys.version, os.path.realpath(attrs_file), str(info.st_size), str(info.st_mtime_ns)])
    return base / f"attrs-code-{key}.marshal"


installed: Codes | None = None


def install() -> None:
    """Wrap attrs' compile function (once per process). Classes defined before this are compiled as always."""
    global installed
    if installed is not None:
        return
    from attr import _make

    original = getattr(_make, "_compile_and_eval", None)
    if original is None or _make.__file__ is None:
        return  # another attrs: it compiles as it likes
    codes = installed = Codes(cache_path(_make.__file__))

    def compile_and_eval(
        script: str, globs: dict[str, Any] | None, locs: Mapping[str, object] | None = None, filename: str = ""
    ) -> None:
        eval(codes.code(script, filename, globs), globs, locs)  # what attrs' own function does with the code

    _make._compile_and_eval = compile_and_eval
    atexit.register(codes.save)
