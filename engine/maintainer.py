"""The maintainer's questions, beside engine/service.py and re-exported by it: writing a data folder (importing
a notice, applying an erratum) under its lock, verifying the catalogue, data releases (the manifest, signed
bundles, installing and choosing releases), building the site and the coverage figure.

A front end reaches these through engine.service (``service.write_manifest(...)``), never by importing this
module. Same layer as engine/service.py: may import anything below it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from engine.core.errors import InputError
from engine.core.today import today

if TYPE_CHECKING:
    from engine.catalogue.errata import ErratumPlan
    from engine.catalogue.publish import ImportPlan, Verification
    from engine.data.release import Manifest, ReleaseInfo
    from engine.data.store import Release
    from engine.rules.coverage import Matrix
    from engine.service import Session


@contextlib.contextmanager
def writing(session: Session, wait: float, test_step: str | None = None) -> Iterator[str | None]:
    """Hold the data folder's writer lock (waiting up to `wait` seconds), after recovering an interrupted import;
    yields what the recovery did. `test_step` names the kill-test hook reached once locked (docs/notices.md)."""
    from engine.data.journal import locked, reached, recover_locked

    with locked(session.data, wait):
        if test_step is not None:
            reached(test_step)
        yield recover_locked(session.data)
    session.reload()


def write_import(session: Session, plan: ImportPlan) -> None:
    """Write a planned import (under `writing`): all or nothing; OSError when it was undone."""
    from engine.catalogue.publish import write_import as write

    write(session.data, plan)


def plan_erratum(session: Session, erratum: Path, shown: str | None = None) -> ErratumPlan:
    from engine.catalogue.errata import plan_erratum as plan

    return plan(session.data, erratum, shown)


def write_erratum(session: Session, plan: ErratumPlan) -> None:
    from engine.catalogue.errata import write_erratum as write

    write(session.data, plan)


def verify_catalogue(session: Session) -> tuple[Verification, bool]:
    """The published snapshots checked against the index, the changelog and their notices, and whether the data
    folder has a release.toml (which the check then covers too)."""
    from engine.catalogue.publish import verify

    return verify(session.data), (session.data.root / "release.toml").is_file()


# -- data releases


@attrs.frozen
class ManifestWritten:
    written: bool  # False: the manifest already listed every file as it is
    release: str
    files: int


def write_manifest(
    session: Session, release: str | None, date: dt.date | None, requires: str | None
) -> ManifestWritten:
    """Write release.toml for the data folder, unless nothing is asked for and it already lists every file."""
    from engine.data.release import (
        MANIFEST_FILE,
        build_manifest,
        check_files,
        check_release_id,
        load_manifest,
        manifest_text,
        next_release_id,
    )
    from engine.data.store import replace_file

    data = session.data
    previous = load_manifest(data)
    explicit = release is not None or date is not None or requires is not None
    if not explicit and previous is not None and not check_files(data.root, previous):
        return ManifestWritten(False, previous.release, len(previous.files))
    if requires is not None:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            SpecifierSet(requires)
        except InvalidSpecifier:
            raise InputError("--requires", None, f"expected a version specifier, got {requires!r}") from None
    on = date or today()
    name = check_release_id(release, "--release") if release else next_release_id(previous, on)
    manifest = build_manifest(data.root, name, on, requires)
    replace_file(data.root / MANIFEST_FILE, manifest_text(manifest).encode("utf-8"))
    return ManifestWritten(True, name, len(manifest.files))


def verify_release(session: Session) -> tuple[list[str], ReleaseInfo | None]:
    """Every data file against release.toml: the problems (one per file), else the release they match."""
    from engine.data.release import release_info as info_of
    from engine.data.release import release_problems

    problems = release_problems(session.data)
    return problems, None if problems else info_of(session.data)


def build_bundle(session: Session, key: Path, output: Path, key_shown: str, output_shown: str) -> Manifest:
    from engine.data.bundle import build_bundle as build

    return build(session.data, key, output, key_shown, output_shown)


def install_bundle(bundle: Path, shown: str, trust_keys: Sequence[str] = ()) -> Release:
    """Check a signed bundle (against the shipped key, $E7_TRUSTED_KEYS and `trust_keys`), store it, make it
    active."""
    from engine.data.bundle import install_bundle as install
    from engine.data.bundle import trusted_keys

    return install(bundle, shown, trusted_keys(trust_keys))


def stored_releases() -> tuple[list[Release], str | None, Path]:
    """The stored releases (oldest first), the sha256 of the active one, and the store's folder."""
    from engine.data.store import active_sha, all_stored, home

    active = active_sha()
    return all_stored(), active, home()


def use_release(name: str) -> Release | None:
    """Make a stored release active by id or sha256 (prefix); 'shipped' goes back to the shipped data (None)."""
    from engine import __version__
    from engine.data.release import fits_running
    from engine.data.store import find, set_active

    if name == "shipped":
        set_active(None)
        return None
    release = find(name)
    if not fits_running(release.manifest):
        raise InputError(
            "RELEASE",
            None,
            f"release {release.manifest.release} needs e7 {release.manifest.requires_e7}; this is e7 {__version__}",
        )
    set_active(release.sha256)
    return release


# -- the site, coverage, replays, impact


def build_site(session: Session, output: Path) -> dt.timedelta:
    """Generate the site's pages from the data beside docs/ and build it with mkdocs --strict into `output`."""
    from engine.site.build import build

    return build(session.data, output)


def coverage(session: Session) -> Matrix:
    from engine.rules.coverage import load

    return load(session.data)


def coverage_text(matrix: Matrix) -> str:
    from engine.rules.coverage import to_text

    return to_text(matrix)


def coverage_json(matrix: Matrix) -> str:
    from engine.rules.coverage import to_json

    return to_json(matrix)
