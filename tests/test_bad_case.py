"""Each kind of bad case file gives one message naming the file, the field and what was expected; exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

GOOD = """id = "c"
kind = "initial"
filed_on = 2026-07-01
[applicant]
birth_date = 1990-01-01
[employer]
domestic_employees = 10
[position]
code = "2223"
subcategory = "E-7-1"
annual_salary_krw = 40_000_000
duties = [ { task = "code", share = 70 }, { task = "review", share = 30 } ]
"""

CASES = [
    (
        "wrong type",
        "annual_salary_krw = 40_000_000",
        'annual_salary_krw = "forty million"',
        "position.annual_salary_krw",
        "expected an integer",
    ),
    (
        "unknown subcategory",
        'subcategory = "E-7-1"',
        'subcategory = "E-7-9"',
        "position.subcategory",
        "expected one of",
    ),
    (
        "negative salary",
        "annual_salary_krw = 40_000_000",
        "annual_salary_krw = -1",
        "position.annual_salary_krw",
        "an amount in won",
    ),
    ("shares not 100", "share = 30 }", "share = 20 }", "position.duties", "add up to 100"),
    ("impossible date", "filed_on = 2026-07-01", 'filed_on = "2026-02-30"', "filed_on", "real calendar date"),
    ("unreadable TOML", 'kind = "initial"', 'kind = "initial', "", "expected valid TOML"),
    ("unknown key", 'kind = "initial"', 'kind = "initial"\ncolour = "red"', "colour", "unknown key; expected one of"),
    ("missing code", 'code = "2223"\n', "", "position.code", "required field is missing"),
    ("malformed code", 'code = "2223"', 'code = "22 23"', "position.code", "occupation code"),
    ("unknown code", 'code = "2223"', 'code = "9999"', "", "not on any E-7 list"),
    (
        "birth after filing",
        "birth_date = 1990-01-01",
        "birth_date = 2027-01-01",
        "applicant.birth_date",
        "before filed_on",
    ),
    (
        "negative employees",
        "domestic_employees = 10",
        "domestic_employees = -3",
        "employer.domestic_employees",
        "a count",
    ),
    ("bad kind", 'kind = "initial"', 'kind = "renewal"', "kind", "expected one of"),
]


@pytest.mark.parametrize("what,old,new,field,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_case_file(e7, tmp_path, what, old, new, field, expected):
    assert old in GOOD
    path = tmp_path / "case.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2, result.out
    assert result.out == ""
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert field in result.err and expected in result.err, result.err
    if what != "unknown code":
        assert str(path) in result.err


def test_good_case_runs(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert e7("check", str(path)).code == 0


def test_json_case_and_bad_json(e7, tmp_path):
    good = tmp_path / "case.json"
    good.write_text(json.dumps({"filed_on": "2026-07-01", "position": {"code": "2223"}}), encoding="utf-8")
    result = e7("check", str(good), "--format", "json")
    assert result.code == 0 and json.loads(result.out)["case"] == "case"
    bad = tmp_path / "bad.json"
    bad.write_text('{"position": {"code": "2223"', encoding="utf-8")
    result = e7("check", str(bad))
    assert result.code == 2 and "expected valid JSON" in result.err
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    result = e7("check", str(listed))
    assert result.code == 2 and "expected a table" in result.err


def test_missing_file_other_suffix_and_no_date(e7, tmp_path):
    assert "file not found" in e7("check", str(tmp_path / "none.toml")).err
    other = tmp_path / "case.yaml"
    other.write_text("x", encoding="utf-8")
    assert e7("check", str(other)).code == 2
    undated = tmp_path / "undated.toml"
    undated.write_text('[position]\ncode = "2223"\n', encoding="utf-8")
    result = e7("check", str(undated))
    assert result.code == 2 and "filed_on" in result.err and "--as-of" in result.err
    assert e7("check", str(undated), "--as-of", "2026-07-01").code == 0


def test_batch_reports_a_bad_case_in_its_line_and_goes_on(e7, tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.toml").write_text(GOOD, encoding="utf-8")
    (folder / "b.toml").write_text(GOOD.replace("share = 30 }", "share = 20 }"), encoding="utf-8")
    (folder / "c.toml").write_text(GOOD.replace('code = "2223"', 'code = "9999"'), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = e7("batch", str(folder), "-o", str(out))
    assert result.code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["outcome"] for line in lines][1:] == ["error", "error"]
    assert "add up to 100" in lines[1]["error"] and "b.toml" in lines[1]["input"]
    assert "3 cases" in result.err and "error 2" in result.err


def test_batch_from_jsonl_with_a_bad_line_and_jobs(e7, tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [
        json.dumps({"id": "one", "filed_on": "2026-07-01", "position": {"code": "2223"}}),
        "{not json",
        json.dumps({"filed_on": "2026-07-01", "position": {"code": "3922", "subcategory": "E-7-2"}}),
    ]
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert e7("batch", str(source), "-o", str(out), "--jobs", "2").code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["case"] == "one" and lines[1]["outcome"] == "error" and lines[2]["case"].endswith(":3")
    single = tmp_path / "single.jsonl"
    e7("batch", str(source), "-o", str(single))
    assert single.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_batch_bad_input_and_output_paths(e7, tmp_path):
    assert e7("batch", str(tmp_path / "none"), "-o", str(tmp_path / "o.jsonl")).code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    assert e7("batch", str(empty), "-o", str(tmp_path / "o.jsonl")).code == 2
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.toml").write_text(GOOD, encoding="utf-8")
    result = e7("batch", str(folder), "-o", str(tmp_path / "missing-dir" / "o.jsonl"))
    assert result.code == 2 and "existing folder" in result.err
    assert e7("batch", str(folder), "-o", str(tmp_path / "o.jsonl"), "--jobs", "0").code == 2
    assert not (tmp_path / "missing-dir").exists()
    assert not list(Path(tmp_path).glob(".e7-batch-*"))


def test_a_missing_field_is_named_once(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('filed_on = 2026-07-01\n[position]\nsubcategory = "E-7-1"\n', encoding="utf-8")
    result = e7("check", str(path))
    assert result.err == f"e7: {path}: position.code: required field is missing\n"
    empty = tmp_path / "empty.toml"
    empty.write_text('id = "x"\n', encoding="utf-8")
    assert e7("check", str(empty)).err == f"e7: {empty}: position: required field is missing\n"


def test_an_impossible_toml_date_names_its_line_and_key(e7, tmp_path):
    path = tmp_path / "case.toml"
    text = '[position]\ncode = "2223"\nweekly_hours = 40\n\n[applicant]\nbirth_date = 1990-02-30\n'
    path.write_text(text, encoding="utf-8")
    result = e7("check", str(path), "--as-of", "2026-07-01")
    assert result.code == 2 and "line 6: applicant.birth_date" in result.err
    assert "expected a real calendar date, got 1990-02-30" in result.err


def test_dates_before_the_rules_or_the_birth_date(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(GOOD, encoding="utf-8")
    result = e7("check", str(path), "--as-of", "2019-01-01")
    assert result.code == 2 and f"{path}: --as-of:" in result.err and "before the first ruleset" in result.err
    result = e7("check", str(path), "--as-of", "1989-12-31")
    assert result.code == 2 and "--as-of" in result.err
    early = tmp_path / "early.toml"
    early.write_text(GOOD.replace("filed_on = 2026-07-01", "filed_on = 2021-01-01"), encoding="utf-8")
    result = e7("check", str(early))
    assert result.code == 2 and f"{early}: filed_on:" in result.err


def test_absurd_salary_is_refused(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(GOOD.replace("40_000_000", "100_000_000_000_000_000_000_000"), encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2 and "position.annual_salary_krw" in result.err


def test_absurd_count_is_refused_in_check_and_in_its_batch_line(e7, tmp_path):
    """A count beyond a billion is a typing error: one message naming the field, not an engine failure."""
    path = tmp_path / "case.toml"
    path.write_text(GOOD.replace("domestic_employees = 10", f"domestic_employees = {2**64}"), encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2 and "employer.domestic_employees" in result.err and "a count" in result.err
    out = tmp_path / "out.jsonl"
    assert e7("batch", str(tmp_path), "-o", str(out)).code == 0
    [line] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert line["outcome"] == "error" and "employer.domestic_employees" in line["error"]


def test_batch_refuses_a_file_that_is_not_jsonl(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(GOOD, encoding="utf-8")
    result = e7("batch", str(path), "-o", str(tmp_path / "o.jsonl"))
    assert result.code == 2 and ".jsonl" in result.err
    assert not (tmp_path / "o.jsonl").exists()


def test_no_command_is_one_line(e7):
    result = e7()
    assert result.code == 2 and result.out == "" and result.err == "e7: a command is expected (see `e7 --help`)\n"
