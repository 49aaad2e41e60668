"""A data release: ``release.toml`` at the top of a data folder lists every file e7 reads as data (catalogue
snapshots, the index, terms, the out-of-list reference, changelog entries, rulesets and points tables) with its
sha256 and size, a release id and date, and the e7 versions the data needs. The manifest's own sha256 names the
release in every output's provenance (docs/releases.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from engine import __version__
from engine.core.errors import InputError
from engine.data.folders import DataDir

MANIFEST_FILE = "release.toml"
# what e7 reads as data, relative to the data folder (catalogue/entry/ and rulesets/entry/ are the sources the
# data was typed from, README.md files are prose: neither is read by a command)
DATA_PATTERNS = (
    "catalogue/*.toml",
    "changelog/*.toml",
    "changelog/errata/*.toml",  # engine/catalogue/errata.py: corrections of published snapshots
    "rulesets/*.toml",
    "rulesets/points/*.toml",
    "rulesets/translations/*.toml",  # engine/translations.py: the rules' Korean texts
    "rulesets/history/*.toml",  # the history rules (engine/history/rules.py)
)
RELEASE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")
SHA256 = re.compile(r"[0-9a-f]{64}")
UNRELEASED = "unreleased"


def default_requirement(version: str = __version__) -> str:
    """The e7 versions a release made by this e7 needs: the same minor series (0.2.x for 0.2.0)."""
    major, minor = (int(part) for part in version.split(".")[:2])
    return f">={major}.{minor},<{major}.{minor + 1}"


@attrs.frozen
class ListedFile:
    path: str  # relative to the data folder, with forward slashes
    sha256: str
    bytes: int


@attrs.frozen
class Manifest:
    release: str
    date: dt.date
    requires_e7: str
    files: tuple[ListedFile, ...]

    def by_path(self) -> dict[str, ListedFile]:
        return {f.path: f for f in self.files}


@attrs.frozen
class Problem:
    path: str
    kind: str  # changed | added | missing | unreadable
    detail: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind} ({self.detail})"


def data_files(root: Path) -> list[str]:
    """Every data file of a folder, relative and sorted (hidden files, such as an import's temporaries, are not
    data)."""
    found = set()
    for pattern in DATA_PATTERNS:
        for path in root.glob(pattern):
            if not path.name.startswith(".") and (path.is_file() or path.is_symlink()):
                found.add(path.relative_to(root).as_posix())
    return sorted(found)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def build_manifest(
    root: Path, release: str, date: dt.date, requires: str | None = None, replaced: Mapping[str, bytes] | None = None
) -> Manifest:
    """The manifest of a folder's data files; ``replaced`` gives the content some files are about to have (an
    import lists the files it writes as they will be)."""
    replaced = replaced or {}
    names = sorted(set(data_files(root)) | set(replaced))
    files = []
    for name in names:
        content = replaced[name] if name in replaced else (root / name).read_bytes()
        files.append(ListedFile(name, digest(content), len(content)))
    return Manifest(check_release_id(release, "release"), date, requires or default_requirement(), tuple(files))


def check_release_id(value: str, where: str) -> str:
    if not RELEASE_ID.fullmatch(value):
        raise InputError(
            where, None, f"expected a release id of letters, digits, '.', '_' or '-' (at most 64), got {value!r}"
        )
    return value


def next_release_id(previous: Manifest | None, on: dt.date) -> str:
    """``YYYY.MM.DD``, then ``YYYY.MM.DD.2`` and on for further releases made the same day."""
    base = f"{on:%Y.%m.%d}"
    if previous is None or not (previous.release == base or previous.release.startswith(base + ".")):
        return base
    tail = previous.release.removeprefix(base).removeprefix(".")
    return f"{base}.{int(tail) + 1 if tail.isdigit() else 2}"


def manifest_text(manifest: Manifest) -> str:
    lines = [
        "# The e7 data release: every file e7 reads as data, with its sha256 (docs/releases.md).",
        "# Written by `e7 data manifest` and by `e7 catalogue import`; checked by `e7 data verify`.",
        "",
        "[release]",
        f"id = {json.dumps(manifest.release)}",
        f"date = {manifest.date.isoformat()}",
        f"requires_e7 = {json.dumps(manifest.requires_e7)}",
    ]
    for f in manifest.files:
        lines += ["", "[[files]]", f"path = {json.dumps(f.path, ensure_ascii=False)}", f'sha256 = "{f.sha256}"']
        lines.append(f"bytes = {f.bytes}")
    return "\n".join(lines) + "\n"


def parse_manifest(content: bytes, where: str) -> Manifest:
    """A manifest from its bytes; anything other than the expected form is an InputError naming the field.
    Read once per content and kept in the cache folder (engine/object_cache.py): every command reads one."""
    from engine.core import object_cache

    return object_cache.read("release", content, lambda: _parse_manifest(content, where))


def _parse_manifest(content: bytes, where: str) -> Manifest:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        raw = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(where, None, f"expected a TOML release manifest ({exc})") from None
    release = raw.get("release")
    if not isinstance(release, dict):
        raise InputError(where, "release", "expected a [release] table with id, date and requires_e7")
    rid, date, requires = release.get("id"), release.get("date"), release.get("requires_e7")
    if not isinstance(rid, str):
        raise InputError(where, "release.id", "expected a release id (text)")
    check_release_id(rid, f"{where}: release.id")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        raise InputError(where, "release.date", "expected a date (YYYY-MM-DD)")
    if not isinstance(requires, str):
        raise InputError(where, "release.requires_e7", "expected a version specifier such as '>=0.2,<0.3'")
    try:
        SpecifierSet(requires)
    except InvalidSpecifier:
        raise InputError(where, "release.requires_e7", f"expected a version specifier, got {requires!r}") from None
    files = []
    seen: set[str] = set()
    for n, entry in enumerate(raw.get("files", [])):
        field = f"files[{n}]"
        if not isinstance(entry, dict):
            raise InputError(where, field, "expected a table with path, sha256 and bytes")
        path, sha, size = entry.get("path"), entry.get("sha256"), entry.get("bytes")
        if not isinstance(path, str) or not safe_relative(path):
            raise InputError(where, f"{field}.path", f"expected a relative path inside the data, got {path!r}")
        if path in seen:
            raise InputError(where, f"{field}.path", f"expected each file listed once, {path} is listed twice")
        seen.add(path)
        if not isinstance(sha, str) or not SHA256.fullmatch(sha):
            raise InputError(where, f"{field}.sha256", "expected 64 lower-case hexadecimal digits")
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise InputError(where, f"{field}.bytes", "expected a size in bytes, 0 or more")
        files.append(ListedFile(path, sha, size))
    return Manifest(rid, date, requires, tuple(files))


def safe_relative(path: str) -> bool:
    """A path that stays inside the folder it is read from: relative, no '..', no empty or odd parts."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def load_manifest(data: DataDir) -> Manifest | None:
    path = data.root / MANIFEST_FILE
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None
    return parse_manifest(content, data.shown(path))


def fits_running(manifest: Manifest, version: str = __version__) -> bool:
    from packaging.specifiers import SpecifierSet

    return SpecifierSet(manifest.requires_e7).contains(version, prereleases=True)


def check_files(root: Path, manifest: Manifest) -> list[Problem]:
    """Every data file against the manifest: changed (sha256 differs), added (not listed), missing (listed, not
    there), in path order."""
    listed = manifest.by_path()
    present = set(data_files(root))
    problems = []
    for name in sorted(present | set(listed)):
        entry = listed.get(name)
        if entry is None:
            problems.append(Problem(name, "added", f"not listed in {MANIFEST_FILE}"))
            continue
        if name not in present:
            problems.append(Problem(name, "missing", f"{MANIFEST_FILE} lists it with sha256 {entry.sha256[:16]}..."))
            continue
        path = root / name
        if path.is_symlink():
            problems.append(Problem(name, "changed", "a symbolic link where a file is listed"))
            continue
        try:
            actual = digest(path.read_bytes())
        except OSError as exc:
            problems.append(Problem(name, "unreadable", exc.strerror or str(exc)))
            continue
        if actual != entry.sha256:
            problems.append(
                Problem(name, "changed", f"sha256 {actual[:16]}..., {MANIFEST_FILE} lists {entry.sha256[:16]}...")
            )
    return problems


# -- provenance -------------------------------------------------------------------------------------------------


@attrs.frozen
class ReleaseInfo:
    """What names a data release in provenance: its id, date and the sha256 of its manifest."""

    id: str
    date: str
    sha256: str

    def data(self) -> dict[str, str]:
        return {"id": self.id, "date": self.date, "sha256": self.sha256}


_INFO: dict[tuple[str, int, int], ReleaseInfo] = {}


def release_info(data: DataDir) -> ReleaseInfo:
    """The release of a data folder (cached on the manifest's path, time and size); a folder without
    ``release.toml`` is "unreleased" with an empty sha256."""
    path = data.root / MANIFEST_FILE
    try:
        stat = path.stat()
    except FileNotFoundError:
        return ReleaseInfo(UNRELEASED, "", "")
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    info = _INFO.get(key)
    if info is None:
        content = path.read_bytes()
        manifest = parse_manifest(content, data.shown(path))
        info = _INFO[key] = ReleaseInfo(manifest.release, manifest.date.isoformat(), digest(content))
    return info


def engine_info() -> dict[str, str]:
    """The software half of provenance: e7's version, the rule engine, the duty matcher's version."""
    from engine import MATCHER_VERSION

    return {"name": "e7", "version": __version__, "rule_engine": "durable-rules 2.0.28", "matcher": MATCHER_VERSION}


def provenance(data: DataDir) -> dict[str, Any]:
    """``release`` and ``engine`` as every JSON output carries them (docs/json.md)."""
    return {"release": release_info(data).data(), "engine": engine_info()}


def provenance_line(data: DataDir) -> str:
    """The short provenance line of text outputs."""
    info = release_info(data)
    sha = f" (manifest sha256 {info.sha256[:16]}...)" if info.sha256 else ""
    return f"Data release {info.id}{sha}, e7 {__version__}"


def release_problems(data: DataDir, required: bool = True) -> list[str]:
    """``e7 data verify``'s findings as lines naming each file (``e7 catalogue verify`` adds them to its own, but
    does not require a manifest: a maintainer's folder of snapshots alone still verifies)."""
    try:
        manifest = load_manifest(data)
    except InputError as exc:
        return [str(exc)]
    if manifest is None and not required:
        return []
    if manifest is None:
        return [f"{MANIFEST_FILE}: missing (expected the data release manifest; `e7 data manifest` writes it)"]
    return [str(p) for p in check_files(data.root, manifest)]
