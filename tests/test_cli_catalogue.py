"""`e7 codes`, `e7 code` and `e7 thresholds` as a user runs them."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from .conftest import ROOT


def test_codes_json_lists_94_before_and_after_the_recoding(e7):
    for day in ("2026-07-01", "2026-10-01"):
        result = e7("codes", "--as-of", day, "--format", "json")
        assert result.code == 0, result.err
        data = result.json()
        assert data["count"] == 94 and len(data["codes"]) == 94
        assert data["as_of"] == day


def test_codes_before_the_2025_pilots_do_not_list_them(e7):
    data = e7("codes", "--as-of", "2025-06-01", "--format", "json").json()
    listed = {c["code"] for c in data["codes"]}
    assert not {"S85411", "S75104", "S71032", "S85513"} & listed
    assert {"S8417", "42111", "76231"} <= listed
    assert data["catalogue"]["snapshot"] == "2025-04-01"
    assert len(data["catalogue"]["sha256"]) == 64


def test_codes_search_finds_korean_and_english_and_example_titles(e7):
    korean = e7("codes", "--as-of", "2026-07-01", "--search", "웹", "--format", "json").json()
    assert "2224" in {c["code"] for c in korean["codes"]}
    english = e7("codes", "--as-of", "2026-07-01", "--search", "hotel receptionist", "--format", "json").json()
    assert [c["code"] for c in english["codes"]] == ["3922"]
    example = e7("codes", "--as-of", "2026-07-01", "--search", "게임 프로그래머", "--format", "json").json()
    assert [c["code"] for c in example["codes"]] == ["2223"]


def test_codes_subcategory_filter_and_text_table(e7):
    result = e7("codes", "--as-of", "2026-07-01", "--subcategory", "E-7-4")
    assert result.code == 0
    assert "S740" in result.out and "S610" in result.out and "S700" in result.out
    assert "2223" not in result.out
    assert "E-7 codes in force on 2026-07-01: 3" in result.out


def test_code_441_means_chefs_before_and_transport_after(e7):
    before = e7("code", "441", "--as-of", "2026-07-01", "--format", "json").json()
    assert before["status"] == "listed"
    assert before["code"]["title_ko"] == "주방장 및 조리사"
    after = e7("code", "441", "--as-of", "2026-10-01", "--format", "json").json()
    assert after["code"]["title_ko"] == "운송 서비스 종사자"
    assert {m["title_ko"] for m in after["meanings"]} == {"주방장 및 조리사", "운송 서비스 종사자"}
    text = e7("code", "441", "--as-of", "2026-10-01").out
    assert "has meant more than one occupation" in text


def test_code_2733_shows_it_became_2833(e7):
    result = e7("code", "2733", "--as-of", "2026-10-01", "--format", "json")
    assert result.code == 0
    data = result.json()
    assert data["status"] == "renumbered"
    assert data["code"] is None
    assert data["current"]["code"] == "2833"
    events = data["history"][0]["events"]
    assert {"on": "2026-09-01", "event": "renumbered", "code": "2833"}.items() <= next(
        e for e in events if e["event"] == "renumbered"
    ).items()
    text = e7("code", "2733", "--as-of", "2026-10-01").out
    assert "listed as 2833 since 2026-09-01" in text


def test_code_2223_in_full(e7):
    data = e7("code", "2223", "--as-of", "2026-07-01", "--format", "json").json()
    code = data["code"]
    assert code["title_ko"] == "응용 소프트웨어 개발자"
    assert code["description"].startswith("기업이나 개인 등이 사용할 수 있는 워드프로세서")
    assert "게임 프로그래머" in code["examples"]
    assert code["source"]["status"] == "M" and code["source"]["pages"]


def test_code_default_as_of_is_today(e7, monkeypatch):
    import engine.cli.main

    monkeypatch.setattr(engine.cli.main, "today", lambda: dt.date(2026, 7, 1))
    data = e7("code", "2223", "--format", "json").json()
    assert data["as_of"] == "2026-07-01"


def test_unknown_code_exits_2_with_one_line(e7):
    result = e7("code", "9999")
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert "9999" in result.err and "not on any E-7 list" in result.err


def test_malformed_code_argument_and_bad_dates_exit_2(e7):
    for args in (
        ("code", "22x3"),
        ("codes", "--as-of", "2026-02-30"),
        ("codes", "--as-of", "yesterday"),
        ("codes", "--subcategory", "E-7-9"),
        ("codes", "--format", "xml"),
        ("nonsense",),
    ):
        result = e7(*args)
        assert result.code == 2, args
        assert result.err.startswith("e7: ") and result.err.count("\n") == 1, (args, result.err)
        assert "Traceback" not in result.err


def test_date_before_the_first_snapshot_exits_2(e7):
    result = e7("codes", "--as-of", "2020-01-01")
    assert result.code == 2
    assert "before the first catalogue snapshot" in result.err


def test_thresholds_day_before_and_day_of_new_amounts(e7):
    def e71(day):
        data = e7("thresholds", "--as-of", day, "--format", "json").json()
        return next(w for w in data["announced_wages"] if w["subcategory"] == "E-7-1")["amount_krw"]

    assert e71("2025-03-31") == 35_240_800
    assert e71("2025-04-01") == 28_670_000
    assert e71("2026-01-31") == 28_670_000
    assert e71("2026-02-01") == 31_120_000
    assert e71("2023-06-01") is None  # no announced amount recorded before 2024-04-01


def test_thresholds_text_names_sources_and_the_sme_rule(e7):
    result = e7("thresholds", "--as-of", "2026-07-01")
    assert result.code == 0
    assert "31,120,000 KRW" in result.out
    assert "10,320 KRW an hour" in result.out
    assert "sme-special: 0.7 x GNI = 36,691,200 KRW [D]" in result.out  # 0.7 x GNI 2025 52,416,000


def test_python_dash_m_engine_and_console_script_agree():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    module = subprocess.run(
        [sys.executable, "-m", "engine", "code", "2223", "--as-of", "2026-07-01", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    assert "응용 소프트웨어 개발자" in module.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "engine", "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert usage.returncode == 0 and "--data" in usage.stdout


def test_output_is_deterministic(e7):
    first = e7("code", "441", "--as-of", "2026-10-01", "--format", "json").out
    second = e7("code", "441", "--as-of", "2026-10-01", "--format", "json").out
    assert first == second
