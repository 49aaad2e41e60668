"""Data files kept as read (engine/object_cache.py): a snapshot, a ruleset and a release manifest read again from
the cache folder are the same objects as read from their TOML; a changed file, a damaged cache file or one that
others may write is read from the TOML again; a bad file is refused every time."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from engine.catalogue.snapshots import load_snapshot
from engine.core import convert, index_cache, object_cache
from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.data.release import MANIFEST_FILE, parse_manifest
from engine.rules.rulesets import load_version


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(index_cache.CACHE_VAR, str(folder))
    return folder


@pytest.fixture
def no_toml(monkeypatch: pytest.MonkeyPatch):
    """Reading any TOML fails from here on: what is read now comes from the cache."""

    def refuse(*args, **kwargs):
        raise AssertionError("read from the TOML, not from the cache")

    def patch() -> None:
        monkeypatch.setattr(convert.tomllib, "loads", refuse)

    return patch


def _pickles(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_a_snapshot_a_ruleset_and_a_manifest_are_read_once_then_from_the_cache(cache, no_toml, data: DataDir):
    snapshot_file = data.catalogue / "2026-09-01.toml"
    ruleset_file = data.rulesets / "2026-02-01.toml"
    manifest = (data.root / MANIFEST_FILE).read_bytes()
    first = (load_snapshot(snapshot_file), load_version(ruleset_file, "r"), parse_manifest(manifest, "m"))
    assert len(_pickles(cache)) == 3
    no_toml()
    again = (load_snapshot(snapshot_file), load_version(ruleset_file, "r"), parse_manifest(manifest, "m"))
    assert again == first
    assert all(a is not b for a, b in zip(again, first, strict=True))


def test_a_changed_file_is_read_again(cache, tmp_path: Path, data: DataDir):
    copy = tmp_path / "2026-09-01.toml"
    shutil.copy(data.catalogue / "2026-09-01.toml", copy)
    before = load_snapshot(copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace(before.snapshot.title, "Another title"), encoding="utf-8")
    assert load_snapshot(copy).snapshot.title == "Another title"
    assert len(_pickles(cache)) == 2


def test_a_bad_file_is_refused_every_time_and_never_kept(cache, tmp_path: Path):
    bad = tmp_path / "2026-09-01.toml"
    bad.write_text('[snapshot]\nid = "2026-09-01"\n', encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError, match=r"2026-09-01\.toml"):
            load_snapshot(bad)
    assert _pickles(cache) == []


def test_a_damaged_or_foreign_writable_cache_file_is_not_read(cache, no_toml, data: DataDir):
    snapshot_file = data.catalogue / "2026-09-01.toml"
    expected = load_snapshot(snapshot_file)
    (entry,) = _pickles(cache)
    entry.write_bytes(entry.read_bytes()[:-10])  # cut short: its checksum no longer matches
    assert load_snapshot(snapshot_file) == expected
    if hasattr(os, "getuid"):
        entry.chmod(0o666)  # others may write it: it could hold anything
        no_toml()
        with pytest.raises(AssertionError, match="read from the TOML"):
            load_snapshot(snapshot_file)


def test_the_key_changes_with_e7s_code(cache, data: DataDir, monkeypatch: pytest.MonkeyPatch):
    load_snapshot(data.catalogue / "2026-09-01.toml")
    monkeypatch.setattr(object_cache, "code_version", lambda: "another version of e7")
    load_snapshot(data.catalogue / "2026-09-01.toml")
    assert len(_pickles(cache)) == 2


def test_no_cache_when_it_is_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: DataDir):
    monkeypatch.setenv(index_cache.CACHE_VAR, "off")
    assert load_snapshot(data.catalogue / "2026-09-01.toml").snapshot.id == "2026-09-01"
    assert not list(tmp_path.rglob("*.pickle"))
