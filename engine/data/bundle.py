"""Signed data bundles: a tar of ``release.toml``, its Ed25519 signature (``release.toml.sig``) and every file the
manifest lists. The signature covers the manifest, and the manifest every file's sha256, so one signature vouches
for the whole release. Installing checks everything before anything is written (docs/releases.md)."""

from __future__ import annotations

import io
import os
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.data.release import (
    MANIFEST_FILE,
    Manifest,
    check_files,
    digest,
    fits_running,
    load_manifest,
    parse_manifest,
    safe_relative,
)

SIGNATURE_FILE = MANIFEST_FILE + ".sig"
KEYS_VAR = "E7_TRUSTED_KEYS"  # more trusted public keys (PEM files), separated by os.pathsep
MAINTAINER_KEY = Path(__file__).resolve().parent / "keys" / "maintainer.pub"
MAX_FILE = 64 * 1024 * 1024  # far above any data file (the largest snapshot is under 1 MB)
MAX_TOTAL = 512 * 1024 * 1024
MAX_MEMBERS = 10_000


def load_private_key(path: Path, shown: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise InputError(shown, None, f"cannot be read ({exc.strerror or exc})") from None
    except (ValueError, TypeError) as exc:
        raise InputError(shown, None, f"expected an unencrypted Ed25519 private key in PEM ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(shown, None, "expected an Ed25519 private key")
    return key


def load_public_key(path: Path, shown: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except OSError as exc:
        raise InputError(shown, None, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise InputError(shown, None, f"expected an Ed25519 public key in PEM ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(shown, None, "expected an Ed25519 public key")
    return key


def trusted_keys(extra: Sequence[str] = ()) -> list[Ed25519PublicKey]:
    """The maintainer's key shipped with e7, those in ``$E7_TRUSTED_KEYS``, and ``--trust-key`` files."""
    names = [str(MAINTAINER_KEY)] if MAINTAINER_KEY.is_file() else []
    names += [n for n in os.environ.get(KEYS_VAR, "").split(os.pathsep) if n]
    names += list(extra)
    return [load_public_key(Path(n), n) for n in names]


def _member(name: str, content: bytes) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o644
    info.mtime = 0  # the same release makes the same bundle, byte for byte
    return info, io.BytesIO(content)


def build_bundle(data: DataDir, key_path: Path, output: Path, key_shown: str, output_shown: str) -> Manifest:
    """Check the data folder against its manifest, sign the manifest, write the tar (whole or not at all)."""
    key = load_private_key(key_path, key_shown)
    manifest = load_manifest(data)
    if manifest is None:
        raise InputError(data.shown(data.root / MANIFEST_FILE), None, "missing: run `e7 data manifest` first")
    problems = check_files(data.root, manifest)
    if problems:
        raise InputError(
            str(problems[0]),
            None,
            f"the data does not match {MANIFEST_FILE} ({len(problems)} problem(s); see `e7 data verify`)",
        )
    content = (data.root / MANIFEST_FILE).read_bytes()
    if not output.parent.is_dir():
        raise InputError(output_shown, None, "expected a file in an existing folder")
    fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".e7-tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            tar.addfile(*_member(MANIFEST_FILE, content))
            tar.addfile(*_member(SIGNATURE_FILE, key.sign(content)))
            for f in manifest.files:
                tar.addfile(*_member(f.path, (data.root / f.path).read_bytes()))
        os.replace(name, output)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return manifest


def read_bundle(path: Path, shown: str, keys: Sequence[Ed25519PublicKey]) -> tuple[bytes, Manifest, dict[str, bytes]]:
    """Everything a bundle holds, checked: regular files only, paths inside the release, sizes bounded, the
    signature by a trusted key, every file listed with its sha256 and size and nothing else, the e7 versions."""
    files: dict[str, bytes] = {}
    total = 0
    try:
        with tarfile.open(path, mode="r:") as tar:
            for count, member in enumerate(tar, 1):
                if count > MAX_MEMBERS:
                    raise InputError(shown, None, f"expected at most {MAX_MEMBERS} files in a bundle")
                name = member.name
                if not safe_relative(name):
                    raise InputError(shown, name, "expected a path inside the release (no '/', '..' or '\\\\')")
                if not member.isreg():
                    raise InputError(shown, name, "expected a regular file (no links, folders or devices)")
                if member.size > MAX_FILE:
                    raise InputError(shown, name, f"expected at most {MAX_FILE} bytes, got {member.size}")
                total += member.size
                if total > MAX_TOTAL:
                    raise InputError(shown, None, f"expected at most {MAX_TOTAL} bytes in all")
                if name in files:
                    raise InputError(shown, name, "expected each file once, found twice")
                extracted = tar.extractfile(member)
                if extracted is None:
                    raise InputError(shown, name, "expected a regular file")
                files[name] = extracted.read(MAX_FILE + 1)
    except FileNotFoundError:
        raise InputError(shown, None, "file not found") from None
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise InputError(shown, None, f"expected a tar bundle made by e7 data bundle ({exc})") from None
    content = files.pop(MANIFEST_FILE, None)
    signature = files.pop(SIGNATURE_FILE, None)
    if content is None:
        raise InputError(shown, MANIFEST_FILE, "missing: a bundle holds its release manifest")
    if signature is None:
        raise InputError(shown, SIGNATURE_FILE, "missing: the bundle is not signed")
    if not _signed(content, signature, keys):
        raise InputError(
            shown,
            SIGNATURE_FILE,
            "the signature does not match the manifest with any trusted key (tampered, or "
            "signed by a key e7 does not trust)",
        )
    manifest = parse_manifest(content, f"{shown}: {MANIFEST_FILE}")
    listed = manifest.by_path()
    for name in sorted(files.keys() - listed.keys()):
        raise InputError(shown, name, f"not listed in {MANIFEST_FILE}: a bundle holds the listed files only")
    for name in sorted(listed.keys() - files.keys()):
        raise InputError(shown, name, f"missing: {MANIFEST_FILE} lists it")
    for name, entry in listed.items():
        if len(files[name]) != entry.bytes or digest(files[name]) != entry.sha256:
            raise InputError(shown, name, f"its content does not match the sha256 {MANIFEST_FILE} lists")
    if not fits_running(manifest):
        from engine import __version__

        raise InputError(
            shown,
            MANIFEST_FILE,
            f"release {manifest.release} needs e7 {manifest.requires_e7}; this is e7 {__version__}",
        )
    return content, manifest, files


def _signed(content: bytes, signature: bytes, keys: Sequence[Ed25519PublicKey]) -> bool:
    for key in keys:
        try:
            key.verify(signature, content)
        except InvalidSignature:
            continue
        return True
    return False


def install_bundle(path: Path, shown: str, keys: Sequence[Ed25519PublicKey], root: Path | None = None):
    """Check a bundle whole, store its release and make it active; a refused bundle changes nothing."""
    from engine.data.store import add_tree, reached, set_active

    content, _manifest, files = read_bundle(path, shown, keys)
    release = add_tree(files, content, root)
    set_active(release.sha256, root)
    reached("active")
    return release
