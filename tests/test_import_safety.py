"""Catalogue imports under races and kills: one writer per data folder, a journal the next e7 command finishes
or rolls back, and readers that use only the snapshots catalogue/index.toml lists (the commit point).

The kill test stops a real import at each step with SIGKILL through the test hook ``E7_TEST_IMPORT_AT=STEP:kill``
(engine/journal.py, docs/notices.md); the race test runs real imports as subprocesses on a copy of the data."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

HYPOTHETICAL = ROOT / "examples/notices/hypothetical/2026-12-01-hypothetical-retire-s2955.toml"
NOTICE = """[notice]
id = "{id}"
effective = {effective}
title = "A test notice of {effective}"
status = "U"
source = {{ document = "test notice (not a MoJ notice)", status = "U" }}

[[retire]]
code = "{code}"
reason = "test"
"""
# every step after which the import can be stopped, in order: the release manifest is renamed third (renamed-3),
# the index fourth (renamed-4), which commits
STEPS = (
    "locked", "temporaries", "journal", "renamed-1", "renamed-2", "linked-3", "renamed-3", "linked-4", "renamed-4",
    "done",
)
COMMITTED = ("renamed-4", "done")


def notice(tmp_path: Path, notice_id: str, effective: str, code: str) -> Path:
    path = tmp_path / f"{notice_id}.toml"
    path.write_text(NOTICE.format(id=notice_id, effective=effective, code=code), encoding="utf-8")
    return path


def e7_process(data: Path, *args: str, hook: str = "") -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("E7_DATA", "E7_TEST_IMPORT_AT")}
    if hook:
        env["E7_TEST_IMPORT_AT"] = hook
    return subprocess.Popen(
        [sys.executable, "-m", "engine", "--data", str(data), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _out, err = process.communicate(timeout=120)
    return process.returncode, err


def indexed(data: Path) -> list[str]:
    import tomllib

    return [e["id"] for e in tomllib.loads((data / "catalogue/index.toml").read_text(encoding="utf-8"))["snapshots"]]


def leftovers(data: Path) -> list[str]:
    return sorted(
        str(p.relative_to(data))
        for p in data.rglob("*")
        if p.name.endswith((".e7-tmp", ".e7-old")) or p.name == ".e7-import-journal.json"
    )


def lock_is_held(data: Path) -> bool:
    path = data / ".e7-lock"
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def wait_for_lock(data: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not lock_is_held(data):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)


def codes_on(e7, data: Path, day: str) -> dict:
    result = e7("--data", str(data), "codes", "--as-of", day, "--format", "json")
    assert result.code == 0, result.err
    return result.json()


# -- one writer ---------------------------------------------------------------------------------------------


def test_a_second_import_waits_and_builds_on_the_first(e7, data_copy, tmp_path):
    """A retires S2955 on 2026-12-01; B, started while A holds the lock, is dated 2027-01-01. Both succeed, the
    index lists both, and B's snapshot keeps A's retirement (it used to be built on 2026-09-01, undoing it)."""
    b_notice = notice(tmp_path, "test-b", "2027-01-01", "2223")
    a = e7_process(data_copy, "catalogue", "import", str(HYPOTHETICAL), hook="locked:pause=2")
    wait_for_lock(data_copy, a)
    b = e7_process(data_copy, "catalogue", "import", str(b_notice))
    (a_code, a_err), (b_code, b_err) = finished(a), finished(b)
    assert (a_code, b_code) == (0, 0), a_err + b_err
    assert indexed(data_copy)[-2:] == ["2026-12-01", "2027-01-01"]
    after = {c["code"] for c in codes_on(e7, data_copy, "2027-01-02")["codes"]}
    assert "S2955" not in after and "2223" not in after and "295" in after
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 0, result.out


def test_an_import_refused_after_waiting_writes_nothing(e7, data_copy):
    from .test_notices import folder_bytes

    (data_copy / ".e7-lock").touch()
    before = folder_bytes(data_copy)
    fd = os.open(data_copy / ".e7-lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another import holds the lock
        result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL), "--wait", "0.3")
    finally:
        os.close(fd)
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        f"e7: {data_copy}: expected no other import writing to this data folder: another `e7 catalogue import` "
        "held its lock (.e7-lock) for 0.3 s (--wait); try again when it has finished"
    )
    assert folder_bytes(data_copy) == before
    assert e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL)).code == 0  # once it is free


@pytest.mark.parametrize("wait", ["-1", "nan", "1e9", "soon"])
def test_wait_is_bounded(e7, data_copy, wait):
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL), "--wait", wait)
    assert result.code == 2 and "--wait" in result.err and "\n" not in result.err.strip()


def test_many_imports_at_once(e7, data_copy, tmp_path):
    """Five imports started together: each either succeeds or is refused in one line (its date is not after a
    snapshot another one published first); every success is in the index; verify passes; retirements stand."""
    notices = [
        (HYPOTHETICAL, "2026-12-01", "S2955"),
        (notice(tmp_path, "test-b", "2027-01-01", "2223"), "2027-01-01", "2223"),
        (notice(tmp_path, "test-c", "2027-02-01", "2224"), "2027-02-01", "2224"),
        (notice(tmp_path, "test-d", "2027-03-01", "1120"), "2027-03-01", "1120"),
        (notice(tmp_path, "test-e", "2027-03-01", "1212"), "2027-03-01", "1212"),  # same date as d: one loses
    ]
    processes = [
        e7_process(data_copy, "catalogue", "import", str(path), hook="locked:pause=0.3") for path, _, _ in notices
    ]
    results = [finished(p) for p in processes]
    succeeded = []
    for (_path, effective, code), (status, err) in zip(notices, results, strict=True):
        assert status in (0, 2), err
        if status == 0:
            succeeded.append((effective, code))
        else:
            assert err.count("\n") == 1 and "notice.effective: expected a date after the newest snapshot" in err, err
    assert succeeded and len({e for e, _ in succeeded}) == len(succeeded)
    listed = indexed(data_copy)
    assert [e for e, _ in sorted(succeeded)] == listed[12:]
    # every retirement that was imported holds in the newest snapshot: none was undone by a later import
    newest = {c["code"] for c in codes_on(e7, data_copy, listed[-1])["codes"]}
    assert not {code for _, code in succeeded} & newest
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 0, result.out
    assert leftovers(data_copy) == []


# -- kills ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_any_step_is_finished_or_rolled_back(e7, data_copy, step):
    killed = e7_process(data_copy, "catalogue", "import", str(HYPOTHETICAL), hook=f"{step}:kill")
    status, err = finished(killed)
    assert status == -signal.SIGKILL, err
    done = step in COMMITTED

    # before any e7 command recovers: a reader of the folder uses only what the index lists
    from engine.catalogue import Catalogue
    from engine.data import DataDir

    assert Catalogue(DataDir(data_copy)).in_force_id(__import__("datetime").date(2026, 12, 2)) == (
        "2026-12-01" if done else "2026-09-01"
    )

    # the next command recovers, says what it did, and answers from a consistent catalogue
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-12-02", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["catalogue"]["snapshot"] == ("2026-12-01" if done else "2026-09-01")
    if step in ("locked", "temporaries"):
        # no journal yet: the temporary files are all that is left, and the next import ignores them
        assert result.err == ""
    elif step == "done":
        assert result.err == ""
    else:
        assert ("finished an interrupted import" if done else "rolled back an interrupted import") in result.err
    assert leftovers(data_copy) == [] or step in ("locked", "temporaries")
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 0, result.out
    again = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    if done:
        assert again.code == 2 and "expected a notice not imported before" in again.err
    else:
        assert again.code == 0, again.err
    assert indexed(data_copy)[-1] == "2026-12-01"
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0
    assert leftovers(data_copy) == []


def test_temporary_files_of_a_kill_before_the_journal_are_ignored_and_cleaned_by_the_next_import(e7, data_copy):
    status, _ = finished(e7_process(data_copy, "catalogue", "import", str(HYPOTHETICAL), hook="temporaries:kill"))
    assert status == -signal.SIGKILL
    assert len(leftovers(data_copy)) == 4  # the four temporary files (release.toml too), nothing renamed, no journal
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0
    assert e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL)).code == 0
    assert leftovers(data_copy) == []


def test_sigterm_during_the_renames(e7, data_copy):
    process = e7_process(data_copy, "catalogue", "import", str(HYPOTHETICAL), hook="renamed-2:pause=30")
    deadline = time.monotonic() + 60
    while not (data_copy / "changelog/2026-12-01-hypothetical-retire-s2955.toml").exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    # while the import is paused holding the lock, a reader neither uses the half-published snapshot nor
    # rolls the import back under it
    reader = e7_process(data_copy, "codes", "--as-of", "2026-12-02", "--format", "json")
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and json.loads(out)["catalogue"]["snapshot"] == "2026-09-01", err
    assert (data_copy / ".e7-import-journal.json").exists()
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 0, result.out
    assert "rolled back an interrupted import of notice hypothetical-retire-s2955" in result.err
    assert not (data_copy / "catalogue/2026-12-01.toml").exists() and leftovers(data_copy) == []
    assert e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL)).code == 0


def test_recovery_interrupted_halfway_is_finished_by_the_next_command(e7, data_copy):
    status, _ = finished(e7_process(data_copy, "catalogue", "import", str(HYPOTHETICAL), hook="linked-4:kill"))
    assert status == -signal.SIGKILL
    # a first recovery that got as far as removing the new snapshot, then was killed in turn
    (data_copy / "catalogue/2026-12-01.toml").unlink()
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 0, result.out
    assert "rolled back" in result.err and leftovers(data_copy) == []


# -- readers: the index is the commit point -------------------------------------------------------------------


def test_a_snapshot_the_index_does_not_list_is_not_used(e7, data_copy, tmp_path):
    """What an import killed by an older e7 left: the snapshot and its changelog entry without an index line.
    Checks do not use it, verify names it, and the import can be run again."""
    other = tmp_path / "other"
    import shutil

    shutil.copytree(data_copy, other)
    assert e7("--data", str(other), "catalogue", "import", str(HYPOTHETICAL)).code == 0
    shutil.copy(other / "catalogue/2026-12-01.toml", data_copy / "catalogue")
    shutil.copy(other / "changelog/2026-12-01-hypothetical-retire-s2955.toml", data_copy / "changelog")
    assert codes_on(e7, data_copy, "2026-12-02")["catalogue"]["snapshot"] == "2026-09-01"
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 1 and "catalogue/2026-12-01.toml: not listed in catalogue/index.toml" in result.out
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 0, result.err
    assert e7("--data", str(data_copy), "catalogue", "verify").code == 0


@pytest.mark.parametrize("with_index", [True, False], ids=["with index", "without index"])
def test_an_unreadable_snapshot_is_refused_not_skipped(e7, data_copy, with_index):
    path = data_copy / "catalogue/2026-09-01.toml"
    path.unlink()
    path.symlink_to(path.name)  # a symlink loop
    if not with_index:
        (data_copy / "catalogue/index.toml").unlink()
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-10-01")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("e7: catalogue/2026-09-01.toml: cannot be read (Too many levels of symbolic links)")
    result = e7("--data", str(data_copy), "catalogue", "verify")
    assert result.code == 1 and "catalogue/2026-09-01.toml: cannot be read" in result.out
    assert "Traceback" not in result.err


def test_a_snapshot_the_index_lists_but_is_missing(e7, data_copy):
    (data_copy / "catalogue/2026-09-01.toml").unlink()
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-10-01")
    assert result.code == 2 and result.err.strip() == "e7: catalogue/2026-09-01.toml: file not found"


@pytest.mark.parametrize(
    "old,new,field",
    [
        ('file = "2026-09-01.toml"', 'file = "../../etc/passwd"', "snapshots[11].file"),
        (
            'id = "2026-09-01"\nfile = "2026-09-01.toml"',
            'id = "2026-06-01"\nfile = "2026-06-01.toml"',
            "snapshots[11].id",
        ),
        ('id = "2026-09-01"', 'id = "latest"', "snapshots[11].id"),
    ],
    ids=["file elsewhere", "out of order", "not a date"],
)
def test_a_malformed_index_is_one_clear_error(e7, data_copy, old, new, field):
    path = data_copy / "catalogue/index.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-10-01")
    assert result.code == 2 and result.err.startswith(f"e7: catalogue/index.toml: {field}: expected"), result.err


# -- numbers the catalogue loader refuses, as the import does ------------------------------------------------


@pytest.mark.parametrize(
    "old,new,field",
    [
        ("amount_krw = 31_120_000", "amount_krw = 10_000_000_000_000_000_000_000_000", "amount_krw"),
        ("max_per_employer = 0", "max_per_employer = 1_180_591_620_717_411_303_424", "max_per_employer"),
    ],
)
def test_a_snapshot_with_a_number_past_its_bound_is_refused(e7, data_copy, old, new, field):
    path = data_copy / "catalogue/2026-09-01.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-10-01")
    assert result.code == 2 and result.err.startswith("e7: catalogue/2026-09-01.toml: "), result.err
    assert field in result.err and "of at most" in result.err
