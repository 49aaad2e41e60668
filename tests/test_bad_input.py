"""Hostile and mistyped input (issue 12): every bad file or argument is exit 2 with a message naming the file
and the field, never an internal error (exit 1); the Python readers raise InputError, never RecursionError,
ValueError, UnicodeError or OverflowError, so that `e7 batch` can report a bad case in its own line."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.core.case import case_from_data, load_case
from engine.core.errors import InputError
from engine.history import load_history

ROOT = Path(__file__).resolve().parents[1]
HISTORY = ROOT / "examples" / "histories" / "business-manager-f27-short.toml"
CASE = ROOT / "examples" / "cases" / "backend-dev-2026.toml"

LIMIT = 16 * 1024 * 1024  # the documented limit of a file e7 reads (docs/cases.md)
GOOD = {"filed_on": "2026-07-01", "position": {"code": "2223", "subcategory": "E-7-1"}}


def one_clear_line(result, *pieces: str) -> None:
    assert result.code == 2, (result.code, result.err)
    assert result.out == ""
    assert result.err.startswith("e7: ") and result.err.count("\n") == 1, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    for piece in pieces:
        assert piece in result.err, (piece, result.err)


def history_data() -> dict:
    return json.loads(json.dumps(tomllib.loads(HISTORY.read_text(encoding="utf-8")), default=str))


# -- values no reader should let through ------------------------------------------------------------------


def test_a_5000_digit_salary_in_json_is_refused_naming_the_field(e7, tmp_path):
    path = tmp_path / "big.json"
    text = json.dumps(GOOD).replace('"E-7-1"', '"E-7-1", "annual_salary_krw": ' + "9" * 5000)
    path.write_text(text, encoding="utf-8")
    one_clear_line(e7("check", str(path)), f"{path}: position.annual_salary_krw: ", "at most 30 digits")


def test_a_5000_digit_salary_in_toml_is_refused_naming_the_line_and_field(e7, tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(f'filed_on = 2026-07-01\n[position]\ncode = "2223"\nannual_salary_krw = {"9" * 5000}\n')
    one_clear_line(e7("check", str(path)), f"{path}: line 4: position.annual_salary_krw: ", "at most 30 digits")


def test_deep_nesting_is_refused(e7, tmp_path):
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 100_000, encoding="utf-8")
    one_clear_line(e7("check", str(deep_json)), str(deep_json), "nested at most 32 deep")
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("x = " + "[" * 5_000, encoding="utf-8")
    one_clear_line(e7("check", str(deep_toml)), str(deep_toml), "nested at most 32 deep")
    # valid JSON, parsed fine, but deeper than any e7 file: refused before anything recurses over it
    parsed = tmp_path / "parsed.json"
    parsed.write_text(
        json.dumps({**GOOD, "id": "x", "e7_s": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})
    )
    one_clear_line(e7("check", str(parsed)), "e7_s", "nested at most 32 deep")


def test_a_lone_surrogate_in_a_case_is_refused_naming_the_field(e7, tmp_path):
    path = tmp_path / "surrogate.json"
    path.write_text(
        '{"filed_on": "2026-07-01", "position": {"code": "2223", "job_title": "\\ud800"}}', encoding="utf-8"
    )
    one_clear_line(e7("check", str(path)), f"{path}: position.job_title: ", "lone surrogate")
    one_clear_line(e7("check", str(path), "--format", "json"), "position.job_title")


def test_a_lone_surrogate_in_a_history_employer_is_refused(e7, tmp_path):
    data = history_data()
    data["stays"][0]["employer"] = "\ud800"
    path = tmp_path / "history.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # json.dumps writes it as the escape \ud800
    one_clear_line(e7("history", str(path), "--format", "json"), f"{path}: stays[0].employer: ", "lone surrogate")


def test_data_from_a_jsonl_line_is_checked_too():
    """`e7 batch` builds cases from parsed lines, not through read_data: case_from_data checks them too."""
    with pytest.raises(InputError, match=r"position\.job_title: expected Unicode text"):
        case_from_data({**GOOD, "position": {"code": "2223", "job_title": "a\udc80"}}, "in.jsonl:3")
    deep: list = []
    for _ in range(40):
        deep = [deep]
    with pytest.raises(InputError, match="nested at most"):
        case_from_data({**GOOD, "applicant": {"nationality": deep}}, "in.jsonl:4")


# -- dates near the ends of the calendar ----------------------------------------------------------------


@pytest.mark.parametrize("command", [("check", str(CASE)), ("codes",), ("thresholds",), ("code", "2223")])
def test_an_as_of_date_at_the_end_of_the_calendar_is_refused(e7, command):
    # 9999-10-03 plus the 90-day look-ahead for retiring codes is past 9999-12-31
    one_clear_line(e7(*command, "--as-of", "9999-10-03"), "--as-of", "expected a date from 1800-01-01 to 2999-12-31")


@pytest.mark.parametrize("field", ["renewal_on", "f27_on"])
def test_a_plan_date_at_the_end_of_the_calendar_is_refused(e7, tmp_path, field):
    data = history_data()
    data["plan"] = {field: "9999-12-31"}
    path = tmp_path / "history.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    one_clear_line(e7("history", str(path)), f"{path}: plan.{field}: ", "a date from 1800-01-01 to 2999-12-31")
    toml_path = tmp_path / "history.toml"
    text = HISTORY.read_text(encoding="utf-8").replace("f27_on = 2027-04-05", f"{field} = 9999-12-31")
    toml_path.write_text(text, encoding="utf-8")
    one_clear_line(e7("history", str(toml_path)), f"plan.{field}", "2999-12-31")


def test_200_stays_across_centuries_are_refused_as_more_than_80_years(e7, tmp_path):
    data = history_data()
    start = dt.date(1900, 1, 1)
    stays = []
    for index in range(200):
        first = start + dt.timedelta(days=index * 219)
        stays.append(
            {"code": "1212", "subcategory": "E-7-1", "from": str(first), "until": str(first + dt.timedelta(218))}
        )
    data.update(stays=stays, person={"birth_date": "1850-01-01"}, income=[], plan={})
    path = tmp_path / "history.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    one_clear_line(e7("history", str(path)), f"{path}: stays: ", "within 80 years of the first stay")


@pytest.mark.parametrize(("salary", "expected"), [(10**30, "at most 30 digits"), (10**20, "an amount in won from 0")])
def test_a_history_salary_has_the_bounds_of_a_case_salary(e7, tmp_path, salary, expected):
    data = history_data()
    data["stays"][0]["annual_salary_krw"] = salary
    path = tmp_path / "history.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    one_clear_line(e7("history", str(path)), f"{path}: stays[0].annual_salary_krw: ", expected)
    case = tmp_path / "case.json"
    case.write_text(json.dumps({**GOOD, "position": {"code": "2223", "annual_salary_krw": salary}}), encoding="utf-8")
    one_clear_line(e7("check", str(case)), "position.annual_salary_krw", expected)


@pytest.mark.parametrize("name", ["2026-02-30.toml", "0000-01-01.toml"])
def test_a_snapshot_named_by_an_impossible_date_is_refused(e7, data_copy, name):
    shutil.copy(data_copy / "catalogue" / "2026-06-17.toml", data_copy / "catalogue" / name)
    # the index is the commit point: readers never use a file it does not list, and verify refuses the name
    assert e7("--data", str(data_copy), "codes", "--as-of", "2026-10-01").code == 0
    one_clear_line(e7("--data", str(data_copy), "catalogue", "verify"), f"catalogue/{name}: ", "real calendar date")
    # a data folder without an index reads every snapshot file: there every command refuses it
    (data_copy / "catalogue" / "index.toml").unlink()
    one_clear_line(
        e7("--data", str(data_copy), "codes", "--as-of", "2026-10-01"), f"catalogue/{name}: ", "real calendar date"
    )


@pytest.mark.parametrize(
    ("copied", "name"),
    [
        ("rulesets/2026-09-01.toml", "rulesets/2026-02-30.toml"),
        ("rulesets/points/f2-7-2026-06-17.toml", "rulesets/points/f2-7-2026-13-01.toml"),
    ],
)
def test_a_ruleset_or_points_table_named_by_an_impossible_date_is_refused(e7, data_copy, copied, name):
    shutil.copy(data_copy / copied, data_copy / name)
    one_clear_line(e7("--data", str(data_copy), "check", str(CASE)), f"{name}: ", "real calendar date")


# -- files that never end -------------------------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_a_case_file_is_refused_at_the_size_limit(e7, tmp_path, device):
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    for suffix in (".toml", ".json"):
        link = tmp_path / f"case{suffix}"
        link.unlink(missing_ok=True)
        link.symlink_to(device)
        one_clear_line(e7("check", str(link)), str(link), "expected a file of at most 16 MB")


def test_every_reader_has_the_size_limit(tmp_path):
    big = tmp_path / "big.toml"
    with big.open("wb") as out:  # a sparse file: the size without the disk
        out.truncate(LIMIT + 1)
    for read in (load_case, load_history):
        with pytest.raises(InputError, match="at most 16 MB"):
            read(big)
    snapshot_folder = tmp_path / "data" / "catalogue"
    snapshot_folder.mkdir(parents=True)
    os.link(big, snapshot_folder / "2026-06-17.toml")
    from engine.catalogue.snapshots import Catalogue
    from engine.data.folders import DataDir

    with pytest.raises(InputError, match="at most 16 MB"):
        Catalogue(DataDir(tmp_path / "data")).get("2026-06-17")


def test_docs_serve_on_a_port_in_use_is_one_line(e7, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = e7("docs", "serve", "--port", str(port), "--output", str(tmp_path / "site"))
    one_clear_line(result, "--port", f"{port} cannot be used")
    assert not (tmp_path / "site").exists()  # refused before building anything


# -- messages that teach --------------------------------------------------------------------------------

HAND_TYPED = """filed_on = 2026-07-01
[employer]
domestic_employes = 10
size = "SME"
[position]
code = 2224
subcategory = "E-7-1"
annual_salary_krw = 40_000_000
"""


def test_thousands_separators_give_the_fix(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(HAND_TYPED.replace("40_000_000", "1,500,000,000"), encoding="utf-8")
    one_clear_line(
        e7("check", str(path)),
        f"{path}: line 8: position.annual_salary_krw: ",
        "write annual_salary_krw = 1_500_000_000 or annual_salary_krw = 1500000000",
    )


@pytest.mark.parametrize("typed", ["2026.03.15", "2026/03/15", "2026-3-15"])
def test_a_date_typed_with_dots_gives_the_fix(e7, tmp_path, typed):
    path = tmp_path / "case.toml"
    path.write_text(HAND_TYPED.replace("filed_on = 2026-07-01", f"filed_on = {typed}"), encoding="utf-8")
    one_clear_line(e7("check", str(path)), f"{path}: line 1: filed_on: ", "write filed_on = 2026-03-15")
    quoted = tmp_path / "case.json"
    quoted.write_text(json.dumps({**GOOD, "filed_on": typed}), encoding="utf-8")
    one_clear_line(e7("check", str(quoted)), f"{quoted}: filed_on: ", "(write 2026-03-15)")


def test_unquoted_text_and_capitalised_booleans_give_the_fix(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(HAND_TYPED.replace('size = "SME"', "size = sme"), encoding="utf-8")
    one_clear_line(e7("check", str(path)), "line 4: employer.size: ", 'write size = "sme"')
    path.write_text(HAND_TYPED.replace('size = "SME"', "capital_region = True"), encoding="utf-8")
    one_clear_line(e7("check", str(path)), "line 4: employer.capital_region: ", "write capital_region = true")
    path.write_text(HAND_TYPED.replace('size = "SME"', "domestic_employees = 10 people"), encoding="utf-8")
    result = e7("check", str(path))  # a number with a word after it: no advice to quote it, TOML's own message
    one_clear_line(result, "line 4: employer.domestic_employees: expected valid TOML")
    assert "quotes" not in result.err


def test_every_problem_is_shown_with_the_nearest_key_and_value(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(HAND_TYPED, encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2 and result.out == "" and "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 3, result.err  # every problem, not "and 2 more"
    assert lines[0].startswith(f"e7: {path}: position.code: ")  # the first line names the file and the field
    assert lines[0].endswith('expected a text, got 2224 (write "2224" in quotes)')
    assert f"{path}: employer.size: " in lines[1] and "(did you mean 'sme'?)" in lines[1]
    assert lines[2] == f"{path}: employer.domestic_employes: unknown key (did you mean 'domestic_employees'?)"
    with pytest.raises(InputError) as raised:
        load_case(path)
    assert [field for field, _ in raised.value.problems] == [
        "position.code",
        "employer.size",
        "employer.domestic_employes",
    ]


def test_a_history_key_is_suggested_as_the_file_spells_it(e7, tmp_path):
    path = tmp_path / "history.toml"
    path.write_text(HISTORY.read_text(encoding="utf-8").replace("from = 2024-04-08", "form = 2024-04-08"))
    result = e7("history", str(path))
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{path}: stays[0].from: required field is missing" in result.err
    assert f"{path}: stays[0].form: unknown key (did you mean 'from'?)" in result.err


def test_numbers_typed_as_text_give_the_fix(e7, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**GOOD, "position": {"code": "2223", "annual_salary_krw": "40,000,000"}}))
    one_clear_line(e7("check", str(path)), "position.annual_salary_krw", "(write 40000000 without quotes or commas)")


def test_a_file_with_a_byte_order_mark_is_read(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_bytes(b"\xef\xbb\xbf" + CASE.read_bytes())
    assert e7("check", str(path)).code == 0
    path = tmp_path / "case.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode())
    assert e7("check", str(path)).code == 0


def test_a_file_name_that_is_not_utf8_gives_a_case_id_that_can_be_written(tmp_path):
    name = os.fsdecode(b"case-\xff.toml")
    path = tmp_path / name
    path.write_text('filed_on = 2026-07-01\n[position]\ncode = "2223"\n', encoding="utf-8")
    assert load_case(path).id == "case-\ufffd"
    assert load_history(HISTORY).id == "business-manager-f27-short"


# -- today is a date in Korea ---------------------------------------------------------------------------

# 2026-08-31 20:00 UTC is 2026-09-01 05:00 in Seoul: the day the 2026-09-01 edition of the list took effect
INSTANT = dt.datetime(2026, 8, 31, 20, 0, tzinfo=dt.UTC).timestamp()


@pytest.fixture
def machine_zone(monkeypatch):
    """Set the machine's time zone for this process (TZ + tzset), restored afterwards."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_the_default_as_of_is_the_date_in_seoul(e7, monkeypatch, machine_zone, zone):
    machine_zone(zone)
    monkeypatch.setattr(time, "time", lambda: INSTANT)
    assert dt.date.today() < dt.date(2026, 9, 1)  # the machine's own date is still 2026-08-31 (or earlier)
    data = e7("codes", "--format", "json").json()
    assert data["as_of"] == "2026-09-01" and data["catalogue"]["snapshot"] == "2026-09-01"
    assert e7("code", "2223", "--format", "json").json()["as_of"] == "2026-09-01"
    assert e7("thresholds", "--format", "json").json()["as_of"] == "2026-09-01"


def test_suggest_defaults_to_the_date_in_seoul(e7, monkeypatch, machine_zone):
    machine_zone("UTC")
    monkeypatch.setattr(time, "time", lambda: INSTANT)
    assert e7("suggest", "cook Korean dishes", "--format", "json").json()["as_of"] == "2026-09-01"


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime (apt-get install faketime)")
@pytest.mark.parametrize(
    ("zone", "clock"), [("UTC", "2026-08-31 20:00:00"), ("America/Los_Angeles", "2026-08-31 13:00:00")]
)
def test_the_command_in_a_faked_clock_answers_for_seoul(tmp_path, zone, clock):
    """The installed command under a faked system clock (libfaketime), in a zone where the date is behind."""
    env = {**os.environ, "TZ": zone, "FAKETIME": f"@{clock}", "FAKETIME_DONT_RESET": "1"}
    env.pop("E7_DATA", None)
    probe = subprocess.run(
        ["faketime", "-f", f"@{clock}", sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == "2026-08-31"  # the machine's clock says the day before
    result = subprocess.run(
        ["faketime", "-f", f"@{clock}", sys.executable, "-m", "engine", "codes", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == "2026-09-01"


def test_today_is_the_date_in_seoul_now():
    from engine.core.today import today

    before = dt.datetime.now(ZoneInfo("Asia/Seoul")).date()
    assert today() in (before, dt.datetime.now(ZoneInfo("Asia/Seoul")).date())


# -- any data: a case or an InputError, never another exception -------------------------------------------

KEYS = {
    "": ["id", "kind", "filed_on", "applicant", "employer", "position", "e7_4", "e7_s", "documents"],
    "position": ["code", "subcategory", "job_title", "annual_salary_krw", "weekly_hours", "duties"],
    "applicant": ["birth_date", "education", "experience_years", "korean_level", "prior_e7_years", "nationality"],
    "employer": ["name", "size", "domestic_employees", "foreign_employees", "annual_revenue_krw", "founded_on"],
}
ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec=None), max_size=20)  # lone surrogates included
    | st.sampled_from(["2026-07-01", "9999-12-31", "0001-01-01", "2026-02-30", "2223", "E-7-1", "sme", "\ud800"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def evaluator():
    from engine.data.folders import locate
    from engine.rules.evaluate import Evaluator

    return Evaluator(locate(None))


FIELDS = [(section, name) for section, names in sorted(KEYS.items()) for name in names]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=ANY_JSON, depth=st.integers(0, 40))
@example(field=("position", "job_title"), value="\ud800", depth=0)
@example(field=("", "filed_on"), value="9999-12-31", depth=0)
@example(field=("employer", "name"), value="x", depth=40)
def test_any_value_anywhere_gives_a_decision_or_an_input_error(tmp_path_factory, evaluator, field, value, depth):
    from engine.core.errors import E7Error

    for _ in range(depth if depth > 30 else 0):  # now and then deeper than any file may be
        value = [value]
    data = json.loads(json.dumps(GOOD))
    section, name = field
    (data.setdefault(section, {}) if section else data)[name] = value
    path = tmp_path_factory.mktemp("any") / "case.json"
    path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
    try:
        case = load_case(path)
    except InputError:
        return
    with contextlib.suppress(E7Error):  # an unknown code, a date before the catalogue
        evaluator.evaluate(case, None, str(path))


def test_a_key_holding_a_line_break_stays_on_its_problem_line(e7, tmp_path):
    """U+0085 and U+2028 end a line for str.splitlines: a misspelt key holding them is shown escaped, so each
    problem is still one line naming the file."""
    case = tmp_path / "case.json"
    case.write_text(json.dumps({**GOOD, "a\u0085b": 1, "c\u2028d": 2}), encoding="utf-8")
    result = e7("check", str(case))
    assert result.code == 2 and result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"e7: {case}: ") and lines[1].startswith(f"{case}: ")
    assert "a\\x85b: unknown key" in result.err and "c\\u2028d: unknown key" in result.err
