"""Data releases (issue #13, part 1): release.toml lists every data file with its sha256; `e7 data verify` and
`e7 catalogue verify` catch any data file changed, added or missing, naming it; `e7 data manifest` and
`e7 catalogue import` write a new manifest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_data_matches_its_manifest(e7):
    result = e7("data", "verify")
    assert result.code == 0, result.out + result.err
    manifest = tomllib.loads((ROOT / "release.toml").read_text(encoding="utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    # every kind of data file e7 reads is listed
    assert {"catalogue/index.toml", "catalogue/terms.toml", "catalogue/outside-list.toml"} <= listed
    assert any(p.startswith("changelog/") for p in listed)
    assert "rulesets/2026-09-01.toml" in listed and "rulesets/points/e7-4-2024-11-27.toml" in listed
    assert "catalogue/README.md" not in listed and not any(p.startswith("catalogue/entry/") for p in listed)


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("rulesets/2026-09-01.toml", 'severity = "blocking"', 'severity = "advice"'),
        ("rulesets/points/e7-4-2024-11-27.toml", "\n", "\n# edited\n"),
        ("catalogue/terms.toml", "\n", "\n# edited\n"),
        ("catalogue/outside-list.toml", "\n", "\n# edited\n"),
        ("changelog/2022-07-01-base.toml", "\n", "\n# edited\n"),
    ],
)
def test_an_edited_data_file_is_caught_by_both_verifies(e7, data_copy: Path, name: str, old: str, new: str):
    _edit(data_copy / name, old, new)
    for command in (("data", "verify"), ("catalogue", "verify")):
        result = e7("--data", str(data_copy), *command)
        assert result.code == 1, (command, result.out)
        assert f"{name}: changed (sha256" in result.out, (command, result.out)


def test_added_and_missing_files_are_named(e7, data_copy: Path):
    (data_copy / "rulesets/points/extra.toml").write_text("# not released\n", encoding="utf-8")
    (data_copy / "catalogue/terms.toml").unlink()
    result = e7("--data", str(data_copy), "data", "verify")
    assert result.code == 1
    assert "rulesets/points/extra.toml: added (not listed in release.toml)" in result.out
    assert "catalogue/terms.toml: missing (release.toml lists it" in result.out
    assert "2 problem(s)" in result.err


def test_data_verify_without_a_manifest_says_so(e7, data_copy: Path):
    (data_copy / "release.toml").unlink()
    result = e7("--data", str(data_copy), "data", "verify")
    assert result.code == 1 and "release.toml: missing" in result.out
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0  # snapshots alone still verify


def test_a_malformed_manifest_is_one_message(e7, data_copy: Path):
    _edit(data_copy / "release.toml", 'sha256 = "', 'sha256 = "zz')
    result = e7("--data", str(data_copy), "data", "verify")
    assert result.code == 1
    assert "release.toml: files[0].sha256: expected 64 lower-case hexadecimal digits" in result.out


def test_data_manifest_writes_a_new_release_after_an_edit(e7, data_copy: Path):
    before = tomllib.loads((data_copy / "release.toml").read_text(encoding="utf-8"))
    unchanged = e7("--data", str(data_copy), "data", "manifest")
    assert unchanged.code == 0 and "unchanged" in unchanged.out
    _edit(data_copy / "catalogue/terms.toml", "\n", "\n# edited\n")
    result = e7("--data", str(data_copy), "data", "manifest", "--date", "2030-01-02")
    assert result.code == 0, result.err
    after = tomllib.loads((data_copy / "release.toml").read_text(encoding="utf-8"))
    assert after["release"]["id"] == "2030.01.02" != before["release"]["id"]
    assert after["release"]["requires_e7"] == ">=0.2,<0.3"
    assert e7("--data", str(data_copy), "data", "verify").code == 0
    again = e7("--data", str(data_copy), "data", "manifest", "--date", "2030-01-02", "--release", "bad id")
    assert again.code == 2 and "--release: expected a release id" in again.err
    second = e7("--data", str(data_copy), "data", "manifest", "--date", "2030-01-02")
    assert second.code == 0 and "release 2030.01.02.2" in second.out


def test_an_import_writes_the_new_release_manifest_with_its_files(e7, data_copy: Path):
    notice = ROOT / "examples/notices/hypothetical/2026-12-01-hypothetical-retire-s2955.toml"
    before = (data_copy / "release.toml").read_text(encoding="utf-8")
    result = e7("--data", str(data_copy), "catalogue", "import", str(notice))
    assert result.code == 0, result.err
    assert "release.toml" in result.err
    after = (data_copy / "release.toml").read_text(encoding="utf-8")
    assert after != before
    verified = e7("--data", str(data_copy), "data", "verify")
    assert verified.code == 0, verified.out
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0
