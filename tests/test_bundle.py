"""Signed data bundles and the release store (issue #13, parts 4-5): a bundle installs atomically and becomes
the active release; a tampered, unsigned, wrongly signed or malformed bundle is refused whole (exit 2) with
nothing changed; an install killed part-way leaves the previous release active; a reader that resolved the
active release keeps a whole release while another is installed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .conftest import ROOT


def _write_key(folder: Path, name: str) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    private = folder / f"{name}.pem"
    public = folder / f"{name}.pub"
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return private, public


@pytest.fixture
def keys(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A throwaway key trusted through E7_TRUSTED_KEYS (the maintainer's real key is held outside the repo)."""
    private, public = _write_key(tmp_path, "test")
    monkeypatch.setenv("E7_TRUSTED_KEYS", str(public))
    return private, public


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("E7_HOME", str(folder))
    return folder


def _release(e7, data: Path, release: str) -> None:
    assert e7("--data", str(data), "data", "manifest", "--release", release).code == 0


def _bundle(e7, data: Path, key: Path, out: Path) -> Path:
    result = e7("--data", str(data), "data", "bundle", "--key", str(key), "-o", str(out))
    assert result.code == 0, result.err
    return out


def _members(bundle: Path) -> dict[str, bytes]:
    with tarfile.open(bundle) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isreg()}


def _rewrite(bundle: Path, members: dict[str, bytes], extra: list[tarfile.TarInfo] = ()) -> Path:
    out = bundle.with_name("changed.tar")
    with tarfile.open(out, "w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        for info in extra:
            tar.addfile(info)
    return out


def _state(home: Path) -> tuple[str, list[str]]:
    active = (home / "active").read_text() if (home / "active").exists() else ""
    releases = sorted(p.name for p in (home / "releases").iterdir()) if (home / "releases").is_dir() else []
    return active, releases


def _reword(data: Path) -> None:
    path = data / "catalogue/terms.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# a later release\n", encoding="utf-8")


@pytest.fixture
def installed(e7, data_copy, keys, home, tmp_path) -> Path:
    """Release 'first' built from a copy of the data and installed: the active release."""
    _release(e7, data_copy, "first")
    bundle = _bundle(e7, data_copy, keys[0], tmp_path / "e7-data-first.tar")
    result = e7("data", "install", str(bundle))
    assert result.code == 0, result.err
    assert "installed release first" in result.out and "now active" in result.out
    return bundle


def test_an_installed_release_becomes_active_and_takes_precedence(e7, installed, data_copy, keys, home, tmp_path):
    listing = e7("data", "list")
    assert listing.code == 0 and "* first" in listing.out
    version = e7("--version")
    assert "data release first" in version.out and str(home) in version.out
    decision = e7("check", str(ROOT / "examples/cases/backend-dev-2026.toml"), "--format", "json").json()
    assert decision["release"]["id"] == "first"
    # --data still wins
    assert "data release first" in e7("--data", str(data_copy), "--version").out  # the copy is release first too
    assert "from " + str(ROOT) in e7("--data", str(ROOT), "--version").out

    # a second release, then back to the first, then to the shipped data
    _reword(data_copy)
    _release(e7, data_copy, "second")
    second = _bundle(e7, data_copy, keys[0], tmp_path / "e7-data-second.tar")
    assert e7("data", "install", str(second)).code == 0
    assert "* second" in e7("data", "list").out
    assert e7("data", "use", "first").code == 0
    assert "* first" in e7("data", "list").out
    assert e7("data", "use", "shipped").code == 0
    assert "none active" in e7("data", "list").out
    assert e7("data", "use", "nonesuch").code == 2


def test_the_same_release_makes_the_same_bundle(e7, data_copy, keys, home, tmp_path):
    _release(e7, data_copy, "first")
    a = _bundle(e7, data_copy, keys[0], tmp_path / "a.tar")
    b = _bundle(e7, data_copy, keys[0], tmp_path / "b.tar")
    # Ed25519 signatures are deterministic, the tar has no times or owners
    assert a.read_bytes() == b.read_bytes()


def _refused(e7, home: Path, bundle: Path, expected: str, *options: str) -> None:
    before = _state(home)
    result = e7("data", "install", str(bundle), *options)
    assert result.code == 2, result.out + result.err
    assert expected in result.err and result.err.count("\n") == 1, result.err
    assert _state(home) == before
    assert not list((home / "releases").glob(".*")) if (home / "releases").is_dir() else True


def test_a_tampered_bundle_is_refused_with_nothing_changed(e7, installed, home):
    members = _members(installed)
    members["rulesets/2026-09-01.toml"] = members["rulesets/2026-09-01.toml"].replace(b"blocking", b"advice", 1)
    _refused(e7, home, _rewrite(installed, members), "rulesets/2026-09-01.toml: its content does not match")


def test_a_tampered_manifest_is_refused(e7, installed, home):
    members = _members(installed)
    members["release.toml"] = members["release.toml"].replace(b'id = "first"', b'id = "forged"')
    _refused(e7, home, _rewrite(installed, members), "the signature does not match")


def test_an_unsigned_bundle_is_refused(e7, installed, home):
    members = _members(installed)
    del members["release.toml.sig"]
    _refused(e7, home, _rewrite(installed, members), "release.toml.sig: missing")


def test_a_bundle_signed_by_an_untrusted_key_is_refused(e7, installed, data_copy, home, tmp_path):
    other, other_public = _write_key(tmp_path, "other")
    _reword(data_copy)
    _release(e7, data_copy, "stranger")
    bundle = _bundle(e7, data_copy, other, tmp_path / "stranger.tar")
    _refused(e7, home, bundle, "any trusted key")
    # trusted on the command line, it installs
    assert e7("data", "install", str(bundle), "--trust-key", str(other_public)).code == 0


@pytest.mark.parametrize("kind", ["extra", "traversal", "absolute", "symlink", "hardlink", "folder"])
def test_a_malformed_bundle_is_refused(e7, installed, home, kind):
    members = _members(installed)
    extra = []
    if kind == "extra":
        members["rulesets/points/extra.toml"] = b"# not listed\n"
    elif kind in ("traversal", "absolute"):
        members["../../evil.toml" if kind == "traversal" else "/tmp/evil.toml"] = b"x"
    else:
        info = tarfile.TarInfo("catalogue/linked.toml")
        info.type = {"symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE, "folder": tarfile.DIRTYPE}[kind]
        info.linkname = "/etc/passwd"
        extra.append(info)
    expected = {"extra": "not listed in release.toml", "symlink": "expected a regular file"}.get(
        kind, "expected a path inside the release" if kind in ("traversal", "absolute") else "expected a regular file"
    )
    _refused(e7, home, _rewrite(installed, members, extra), expected)
    assert not Path("/tmp/evil.toml").exists()


def test_a_missing_file_and_not_a_bundle_are_refused(e7, installed, home, tmp_path):
    members = _members(installed)
    del members["catalogue/terms.toml"]
    _refused(e7, home, _rewrite(installed, members), "catalogue/terms.toml: missing")
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not a tar at all" * 100)
    _refused(e7, home, junk, "expected a tar bundle")


def test_a_release_for_another_e7_is_refused(e7, data_copy, keys, home, tmp_path):
    assert e7("--data", str(data_copy), "data", "manifest", "--release", "future", "--requires", ">=9").code == 0
    bundle = _bundle(e7, data_copy, keys[0], tmp_path / "future.tar")
    result = e7("data", "install", str(bundle))
    assert result.code == 2 and "needs e7 >=9" in result.err


@pytest.mark.parametrize("step", ["written", "stored"])
def test_an_interrupted_install_leaves_the_previous_release_active(
    e7, installed, data_copy, keys, home, tmp_path, step
):
    active_before = (home / "active").read_text()
    _reword(data_copy)
    _release(e7, data_copy, "second")
    bundle = _bundle(e7, data_copy, keys[0], tmp_path / "second.tar")
    env = dict(os.environ, E7_TEST_INSTALL_AT=f"{step}:kill")
    killed = subprocess.run(
        [sys.executable, "-m", "engine", "data", "install", str(bundle)], env=env, capture_output=True, timeout=120
    )
    assert killed.returncode == -9, killed.stderr
    assert (home / "active").read_text() == active_before
    assert "data release first" in e7("--version").out
    # installing again completes
    assert e7("data", "install", str(bundle)).code == 0
    assert "data release second" in e7("--version").out


def test_two_loads_around_an_install_see_old_then_new_each_whole(e7, installed, data_copy, keys, home, tmp_path):
    from engine.data.release import check_files
    from engine.data.store import active_release
    from engine.rules.evaluate import Evaluator

    old = active_release()
    assert old is not None and old.manifest.release == "first"
    _reword(data_copy)
    _release(e7, data_copy, "second")
    assert e7("data", "install", str(_bundle(e7, data_copy, keys[0], tmp_path / "second.tar"))).code == 0
    new = active_release()
    assert new is not None and new.manifest.release == "second" and new.sha256 != old.sha256
    # the first load still reads release first, whole: its folder never changes
    assert check_files(old.data.root, old.manifest) == [] and check_files(new.data.root, new.manifest) == []
    case = ROOT / "examples/cases/backend-dev-2026.toml"
    from engine.core.case import load_case

    assert Evaluator(old.data).evaluate(load_case(case)).release["id"] == "first"
    assert Evaluator(new.data).evaluate(load_case(case)).release["id"] == "second"


def test_an_active_release_e7_cannot_use_is_said_not_silently_skipped(e7, installed, home):
    """The pointer names a release that is gone from the store: every command says it uses the shipped data."""
    import shutil

    for folder in (home / "releases").iterdir():
        shutil.rmtree(folder)
    result = e7("codes", "--as-of", "2026-10-01", "--format", "json")
    assert result.code == 0
    assert result.err.startswith("e7: warning: the active data release ")
    assert "is not in the release store; using the data shipped with e7" in result.err
