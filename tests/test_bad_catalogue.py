"""Each kind of malformed snapshot gives one message naming the file, the field and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SNAPSHOT = "catalogue/2026-06-17.toml"


def _edit(root: Path, old: str, new: str, count: int = 1) -> None:
    path = root / SNAPSHOT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


CASES = [
    # (what, old text, new text, expected pieces of the message)
    ("not TOML", 'id = "2026-06-17"', 'id = "2026-06-17', ["expected valid TOML"]),
    ("wrong type", "list_number = 8\n", 'list_number = "eight"\n', ["codes[", "list_number", "expected an integer"]),
    ("unknown key", 'code = "2223"\n', 'code = "2223"\ncolour = "blue"\n', ["codes[", ".colour: unknown key"]),
    ("missing field", 'title_ko = "응용 소프트웨어 개발자"\n', "", ["title_ko", "required field is missing"]),
    ("bad code", 'code = "2223"\n', 'code = "22-23"\n', ["codes[", ".code", "expected an occupation code"]),
    ("duplicate code", 'code = "2224"\n', 'code = "2223"\n', ["codes[", ".code", "listed once"]),
    ("id not the file name", 'id = "2026-06-17"', 'id = "2026-06-18"', ["snapshot.id", "the file's name"]),
    (
        "impossible date",
        "effective = 2026-06-17",
        'effective = "2026-02-30"',
        ["snapshot.effective", "real calendar date"],
    ),
    ("pilot ends before it starts", "end = 2027-09-30", "end = 2024-09-30", ["pilot.end", "on or after start"]),
    ("bad status", 'status = "M"', 'status = "maybe"', ["snapshot.status", "expected one of"]),
    ("group of another subcategory", 'group = "managers"', 'group = "service"', ["codes[0].group", "a group of E-7-1"]),
    ("negative amount", "amount_krw = 31_120_000", "amount_krw = -31_120_000", ["amount_krw", ">= 0"]),
]


@pytest.mark.parametrize("what,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_malformed_snapshot(e7, data_copy, what, old, new, expected):
    _edit(data_copy, old, new)
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-07-01")
    assert result.code == 2, result.out
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("e7: catalogue/2026-06-17.toml: ")
    for piece in expected:
        assert piece in result.err, (piece, result.err)


def test_not_utf8(e7, data_copy):
    (data_copy / SNAPSHOT).write_bytes(b"\xff\xfe not utf-8")
    result = e7("--data", str(data_copy), "codes", "--as-of", "2026-07-01")
    assert result.code == 2 and "catalogue/2026-06-17.toml: line 1: expected UTF-8 text" in result.err


def test_empty_catalogue_folder(e7, data_copy):
    for path in (data_copy / "catalogue").glob("*.toml"):
        path.unlink()
    result = e7("--data", str(data_copy), "codes")
    assert result.code == 2 and "expected at least one snapshot file" in result.err


def test_data_folder_that_does_not_exist(e7, tmp_path):
    result = e7("--data", str(tmp_path / "nowhere"), "codes")
    assert result.code == 2 and "--data" in result.err and "expected a folder" in result.err


def test_data_from_the_environment(e7, data_copy, monkeypatch):
    _edit(data_copy, 'title_ko = "응용 소프트웨어 개발자"', 'title_ko = "응용 소프트웨어 개발자 (copy)"')
    monkeypatch.setenv("E7_DATA", str(data_copy))
    from engine.cli.main import main

    assert main(["code", "2223", "--as-of", "2026-07-01"]) == 0


def test_other_snapshots_still_answer_when_one_is_broken(e7, data_copy):
    # snapshots load on demand: a broken 2026-06-17 does not stop a question about 2025
    _edit(data_copy, "list_number = 8\n", 'list_number = "eight"\n')
    result = e7("--data", str(data_copy), "codes", "--as-of", "2025-06-01", "--format", "json")
    assert result.code == 0 and re.search(r'"count": 90', result.out)


@pytest.mark.parametrize(
    "old,new,field,expected",
    [
        # a rule chained on a fact no rule derives
        ('derive = "duty_alignment"', 'derive = "duty_share"', ".after", "a fact some rule derives"),
        # a derived fact no rule reads: durable_rules would refuse it in the middle of a check
        ('after = "duty_alignment"', 'after = "wage_floor"', ".derive", "a fact some rule reads"),
    ],
    ids=["after without derive", "derive without reader"],
)
def test_broken_chaining_in_a_ruleset(e7, data_copy, old, new, field, expected):
    path = data_copy / "rulesets" / "2022-07-01.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = e7(
        "--data", str(data_copy), "check", str(Path(__file__).parents[1] / "examples/cases/backend-dev-2026.toml")
    )
    assert result.code == 2, result.out
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("e7: rulesets/2022-07-01.toml: rule ") and field in result.err, result.err
    assert expected in result.err, result.err
