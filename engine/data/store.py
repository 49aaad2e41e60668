"""The user's release store: every data release e7 has installed or seen, content-addressed by the sha256 of its
manifest, and the "active" pointer naming the one e7 uses when neither ``--data`` nor ``$E7_DATA`` is given.

Layout (``$E7_HOME``, else the platform's user data folder, e.g. ``~/.local/share/e7``)::

    releases/<manifest sha256>/release.toml, catalogue/, changelog/, rulesets/   (never changed once there)
    active                                                                       (one line: a manifest sha256)

A release folder is written under a temporary name, fsynced and renamed into place whole; the pointer is
replaced atomically. So a reader that resolved the pointer once reads one whole release to the end of its
request, whatever is installed meanwhile (docs/releases.md).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import attrs

from engine import __version__
from engine.core.errors import E7Error, InputError
from engine.data.folders import DataDir
from engine.data.release import (
    MANIFEST_FILE,
    SHA256,
    Manifest,
    check_files,
    digest,
    fits_running,
    load_manifest,
    parse_manifest,
)

HOME_VAR = "E7_HOME"
ACTIVE_FILE = "active"
RELEASES = "releases"
TEST_HOOK = "E7_TEST_INSTALL_AT"  # tests: "STEP:kill" kills the install right after STEP


def home() -> Path:
    value = os.environ.get(HOME_VAR)
    if value:
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("e7", appauthor=False))


def reached(step: str) -> None:
    """The test hook: kill the install after ``step`` when ``E7_TEST_INSTALL_AT`` is ``STEP:kill``."""
    if os.environ.get(TEST_HOOK) == f"{step}:kill":
        os.kill(os.getpid(), signal.SIGKILL)


def replace_file(path: Path, content: bytes) -> None:
    """Write a file whole or not at all: a temporary file beside it, fsynced, renamed over it."""
    import tempfile

    from engine.data.journal import fsync_folder

    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".e7-tmp", dir=path.parent)
    try:
        os.chmod(name, 0o644)
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


@attrs.frozen
class Release:
    """One release in the store (or the data a command was pointed at): its manifest, the sha256 that names it,
    and the folder holding it. A stored release's folder never changes, so this object stays whole."""

    sha256: str
    manifest: Manifest
    data: DataDir


def releases_folder(root: Path | None = None) -> Path:
    return (root or home()) / RELEASES


def stored(sha256: str, root: Path | None = None) -> Release | None:
    folder = releases_folder(root) / sha256
    path = folder / MANIFEST_FILE
    try:
        content = path.read_bytes()
    except OSError:
        return None
    if digest(content) != sha256:  # a folder not named by its manifest is not a release of this store
        return None
    return Release(sha256, parse_manifest(content, str(path)), DataDir(folder))


def all_stored(root: Path | None = None) -> list[Release]:
    folder = releases_folder(root)
    found = []
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if SHA256.fullmatch(entry.name):
                release = stored(entry.name, root)
                if release is not None:
                    found.append(release)
    return sorted(found, key=lambda r: (r.manifest.date, r.manifest.release, r.sha256))


def active_sha(root: Path | None = None) -> str | None:
    try:
        text = ((root or home()) / ACTIVE_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text if SHA256.fullmatch(text) else None


def active_release(root: Path | None = None) -> Release | None:
    """The release the active pointer names, read once: what one command or one request uses throughout. None
    when nothing is installed, the pointer names no stored release, or the release needs another e7."""
    sha = active_sha(root)
    if sha is None:
        return None
    release = stored(sha, root)
    if release is None or not fits_running(release.manifest):
        # never silently: the user installed data this e7 does not use, so every command says so once
        why = (
            "is not in the release store"
            if release is None
            else f"needs e7 {release.manifest.requires_e7} (this is e7 {__version__})"
        )
        print(
            f"e7: warning: the active data release {sha[:12]}... {why}; using the data shipped with e7 "
            "(see `e7 data list`, `e7 data use`)",
            file=sys.stderr,
        )
        return None
    return release


def set_active(sha256: str | None, root: Path | None = None) -> None:
    """Point e7 at a stored release (None: back to the data shipped with e7), atomically."""
    base = root or home()
    base.mkdir(parents=True, exist_ok=True)
    if sha256 is None:
        from engine.data.journal import fsync_folder

        (base / ACTIVE_FILE).unlink(missing_ok=True)
        fsync_folder(base)
        return
    replace_file(base / ACTIVE_FILE, (sha256 + "\n").encode("ascii"))


def add_tree(files: dict[str, bytes], manifest_content: bytes, root: Path | None = None) -> Release:
    """Store a release whose files (relative path -> content) were checked against its manifest: written under a
    temporary name, every file and folder fsynced, then renamed to its sha256. Already stored: left as it is."""
    # imported here: every command reads the store (the active release, remember), only an install writes it
    import shutil
    import tempfile

    from engine.data.journal import fsync_folder

    sha = digest(manifest_content)
    base = releases_folder(root)
    base.mkdir(parents=True, exist_ok=True)
    target = base / sha
    existing = stored(sha, root)
    if existing is not None:
        return existing
    staging = Path(tempfile.mkdtemp(prefix=f".{sha[:16]}.", suffix=".e7-tmp", dir=base))
    try:
        for name, content in {**files, MANIFEST_FILE: manifest_content}.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
        for folder in sorted({p.parent for p in staging.rglob("*")} | {staging}, key=lambda p: -len(p.parts)):
            fsync_folder(folder)
        reached("written")
        if target.exists():  # a folder left by a killed install or another writer: not a release, replace it
            shutil.rmtree(target)
        os.rename(staging, target)
        fsync_folder(base)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    reached("stored")
    release = stored(sha, root)
    if release is None:
        raise E7Error(f"{target}: the release stored there does not read back")
    return release


def sweep(root: Path | None = None) -> None:
    """Remove what installs killed part-way left: temporary release folders and pointer files."""
    import shutil

    base = releases_folder(root)
    if base.is_dir():
        for path in base.glob(".*.e7-tmp"):
            if time.time() - path.stat().st_mtime > 3600:  # an install running now is not disturbed
                shutil.rmtree(path, ignore_errors=True)


def remember(data: DataDir, root: Path | None = None) -> Release | None:
    """Keep the release a command used in the store (once per release), so that decisions made with it can be
    replayed after the data moves on. Data that no longer matches its manifest is not kept; failures to write
    the store never stop the command."""
    try:
        manifest_path = data.root / MANIFEST_FILE
        content = manifest_path.read_bytes()
    except OSError:
        return None
    sha = digest(content)
    already = stored(sha, root)
    if already is not None:
        return already
    try:
        manifest = load_manifest(data)
        if manifest is None or check_files(data.root, manifest):
            return None
        files = {f.path: (data.root / f.path).read_bytes() for f in manifest.files}
        if any(digest(files[f.path]) != f.sha256 for f in manifest.files):
            return None  # changed while being read
        return add_tree(files, content, root)
    except (OSError, InputError):
        with contextlib.suppress(Exception):
            sweep(root)
        return None


def find(name: str, root: Path | None = None) -> Release:
    """A stored release by its id or its sha256 (or a unique prefix of 8 or more hex digits of it)."""
    releases = all_stored(root)
    matches = [r for r in releases if r.manifest.release == name or r.sha256 == name]
    if not matches and len(name) >= 8 and all(c in "0123456789abcdef" for c in name):
        matches = [r for r in releases if r.sha256.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(r.manifest.release for r in releases) or "none"
    if not matches:
        raise InputError("RELEASE", None, f"expected a stored release id or sha256, got {name!r} (stored: {known})")
    raise InputError("RELEASE", None, f"{name!r} names {len(matches)} stored releases: give its sha256")
