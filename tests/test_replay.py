"""Replay (issue #13, part 3): a stored decision replays "same" on its own release (found in the local release
store after the data moved on) and shows the differences on another; a decision from another e7 version says
that only data is replayed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT

CASE = ROOT / "examples/cases/chef-441-long-hours.toml"


@pytest.fixture
def home(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("E7_HOME", str(folder))
    return folder


def _decide(e7, data: Path, out: Path) -> dict:
    result = e7("--data", str(data), "check", str(CASE), "--format", "json", "--embed-case")
    assert result.code == 0, result.err
    out.write_text(result.out, encoding="utf-8")
    return json.loads(result.out)


def _reword_every_message(data: Path) -> None:
    for path in (data / "rulesets").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('message = "', 'message = "Reworded: '), encoding="utf-8")


def test_a_decision_replays_same_on_its_own_release_and_differs_on_another(e7, data_copy, home, tmp_path):
    stored = tmp_path / "decision.json"
    decision = _decide(e7, data_copy, stored)
    assert decision["findings"], "the example is expected to have findings"
    assert decision["case_input"]["id"] == decision["case"]
    assert decision["release"]["sha256"] and decision["engine"]["matcher"]

    same = e7("--data", str(data_copy), "replay", str(stored))
    assert same.code == 0, same.out + same.err
    assert "same: outcome" in same.out

    # the data moves on: a new release with reworded messages
    _reword_every_message(data_copy)
    assert e7("--data", str(data_copy), "data", "manifest", "--release", "later").code == 0

    # its own release is still in the local store (kept when e7 check used it): same
    again = e7("--data", str(data_copy), "replay", str(stored))
    assert again.code == 0, again.out + again.err
    assert f"data release {decision['release']['id']}" in again.out and "same:" in again.out

    # against today's release: every finding's message changed, named by rule
    current = e7("--data", str(data_copy), "replay", str(stored), "--current")
    assert current.code == 1, current.out + current.err
    assert "different (" in current.out and "(--current)" in current.out
    for finding in decision["findings"]:
        if finding["severity"] != "needs_information":
            assert f"finding changed: {finding['rule']} message:" in current.out


def test_a_release_not_in_the_store_is_named(e7, data_copy, home, tmp_path):
    stored = tmp_path / "decision.json"
    decision = _decide(e7, data_copy, stored)
    shutil.rmtree(home / "releases")
    _reword_every_message(data_copy)
    assert e7("--data", str(data_copy), "data", "manifest", "--release", "later").code == 0
    result = e7("--data", str(data_copy), "replay", str(stored))
    assert result.code == 2
    assert f"data release {decision['release']['id']}" in result.err and "not in the local release store" in result.err


def test_another_e7_version_is_said_plainly(e7, data_copy, home, tmp_path):
    stored = tmp_path / "decision.json"
    decision = _decide(e7, data_copy, stored)
    decision["engine"]["version"] = "0.1.9"
    stored.write_text(json.dumps(decision), encoding="utf-8")
    result = e7("--data", str(data_copy), "replay", str(stored))
    assert result.code == 0
    assert "made by e7 0.1.9; this is e7 0.2.0" in result.out and "old code cannot be replayed" in result.out


def test_a_changed_outcome_is_reported(e7, data_copy, home, tmp_path):
    stored = tmp_path / "decision.json"
    decision = _decide(e7, data_copy, stored)
    decision["outcome"] = "ready" if decision["outcome"] != "ready" else "ineligible"
    stored.write_text(json.dumps(decision), encoding="utf-8")
    result = e7("--data", str(data_copy), "replay", str(stored))
    assert result.code == 1 and f"outcome: {decision['outcome']} ->" in result.out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[]", "expected one decision"),
        ('{"outcome": "ready", "findings": [], "as_of": "2026-13-01", "release": {}}', "as_of: expected a date"),
        ('{"outcome": "ready", "findings": [], "as_of": "2026-01-01"}', "release: expected the data release"),
        (
            '{"outcome": "ready", "findings": [], "as_of": "2026-01-01", "release": {"id": "x", "sha256": "x"}}',
            "not in the local release store",
        ),
    ],
)
def test_a_bad_decision_file_is_one_message(e7, home, tmp_path, content, expected):
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    result = e7("replay", str(path))
    assert result.code == 2 and expected in result.err and result.err.count("\n") == 1


def test_a_decision_without_its_case_needs_case(e7, home, tmp_path):
    result = e7("check", str(CASE), "--format", "json")
    path = tmp_path / "d.json"
    path.write_text(result.out, encoding="utf-8")
    refused = e7("replay", str(path))
    assert refused.code == 2 and "case_input: expected the case embedded" in refused.err
    given = e7("replay", str(path), "--case", str(CASE))
    assert given.code == 0 and "same:" in given.out


def test_embed_case_needs_json(e7):
    result = e7("check", str(CASE), "--embed-case")
    assert result.code == 2 and "--embed-case goes with --format json" in result.err
