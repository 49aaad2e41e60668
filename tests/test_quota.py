"""The quota number of the pilot sections (task quota of issue 18): where a section prints "(허용인원 상한) … 총 N명
범위 내 도입‧초청 허용 ※ 사증발급인정서 발급 및 체류자격 변경 접수‧심사 → 본부(체류관리과)에 쿼터 배정 요청 → 쿼터 번호
발부 → 허가" (42111 p.232, 6301's trial items p.234, S85411 p.244, S75104 p.246, S71032 p.247, S85513 p.249), a visa
certificate or change of status inside the quota period waits on the number (code.quota-number-pending, risk) and,
with it stated, the finding names it (code.quota-number-allotted, advice). S8417 (p.241) and 76231 (p.243) print no
such procedure: code.pilot-quota (advice) stays, and a number stated for them is not read."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.core.case import case_from_data, load_case
from engine.core.errors import InputError
from engine.core.i18n import error_ko

from .cases import make
from .conftest import ROOT
from .test_rules_both_sides import findings

PENDING = "code.quota-number-pending"
ALLOTTED = "code.quota-number-allotted"
QUOTA = "code.pilot-quota"
TRIAL_QUOTA = "code.aquaculture-trial-quota"
D = dt.date


def post(code: str, subcategory: str = "E-7-3", **fields) -> dict:
    return {"code": code, "subcategory": subcategory, "job_title": "Worker"} | fields


# code, subcategory, a date inside its quota period, the period, the yearly total (the sections' own figures)
PROCEDURE = [
    ("42111", "E-7-2", D(2025, 6, 2), ("2024-01-01", "2025-12-31"), 400),
    ("S85411", "E-7-3", D(2026, 7, 1), ("2025-10-01", "2027-09-30"), 100),
    ("S75104", "E-7-3", D(2026, 7, 1), ("2025-10-01", "2027-09-30"), 330),
    ("S71032", "E-7-3", D(2026, 7, 1), ("2026-01-01", "2027-12-31"), 150),
    ("S85513", "E-7-3", D(2026, 7, 1), ("2026-02-01", "2028-01-31"), 100),
]


@pytest.mark.parametrize(("code", "sub", "on", "period", "yearly"), PROCEDURE, ids=[p[0] for p in PROCEDURE])
def test_a_pilot_grant_waits_on_the_quota_number_and_names_it_once_issued(ev, code, sub, on, period, yearly):
    decision, found = findings(ev, make(filed_on=on, position=post(code, sub)))
    f = found[PENDING]
    assert f.severity == "risk" and ALLOTTED not in found and QUOTA not in found
    assert f.evidence == {"code": code, "quota_from": period[0], "quota_until": period[1], "quota_yearly": yearly}
    assert f"{yearly} a year in all" in f.message and "the grant waits on it" in f.message
    assert decision.outcome != "ready"
    decision, found = findings(ev, make(filed_on=on, position=post(code, sub, quota_number="Q-2026-0042")))
    f = found[ALLOTTED]
    assert f.severity == "advice" and PENDING not in found and QUOTA not in found
    assert f.evidence["quota_number"] == "Q-2026-0042" and "quota number Q-2026-0042" in f.message


def test_a_change_of_status_waits_too_an_extension_or_a_move_takes_no_new_place(ev):
    _, found = findings(ev, make(kind="change_of_status", position=post("S71032")))
    assert found[PENDING].severity == "risk"
    for kind in ("extension", "change_of_workplace"):
        _, found = findings(ev, make(kind=kind, position=post("S71032")))
        # the quota is of 도입‧초청: an extension or a move takes no place, and is not told to confirm one (fix4)
        assert PENDING not in found and ALLOTTED not in found and QUOTA not in found


def test_outside_the_quota_period_the_window_rules_apply_not_the_number(ev):
    # 42111's period '24~'25 has passed: code.pilot-window (risk), whether or not a number is stated
    for extra in ({}, {"quota_number": "Q-1"}):
        _, found = findings(ev, make(filed_on=D(2026, 1, 1), position=post("42111", "E-7-2", **extra)))
        assert found["code.pilot-window"].severity == "risk" and PENDING not in found and ALLOTTED not in found


@pytest.mark.parametrize(("code", "on"), [("S8417", D(2025, 3, 3)), ("76231", D(2026, 7, 1))])
def test_a_section_without_the_quota_number_procedure_keeps_the_advice(ev, code, on):
    # S8417 (p.241) and 76231 (p.243) print only "연간 총 300명 범위 내 도입‧초청 허용"
    for extra in ({}, {"quota_number": "Q-1"}):
        _, found = findings(ev, make(filed_on=on, position=post(code, **extra)))
        assert found[QUOTA].severity == "advice" and "a place is left" in found[QUOTA].message
        assert PENDING not in found and ALLOTTED not in found


def farm(ev, species: str, on: D | None = None, kind: str = "initial", **extra):
    on = on or D(2026, 7, 1)
    return findings(ev, make(kind=kind, filed_on=on, position=post("6301", aquaculture_species=species, **extra)))


def test_the_aquaculture_trial_items_wait_on_the_quota_number_sea_cucumber_does_not(ev):
    _, found = farm(ev, "fish")
    f = found[PENDING]
    assert f.severity == "risk" and f.evidence["quota_yearly"] == 200 and f.evidence["aquaculture_species"] == "fish"
    assert TRIAL_QUOTA not in found
    _, found = farm(ev, "fish", quota_number="양식-2026-7")
    assert found[ALLOTTED].evidence["quota_number"] == "양식-2026-7" and PENDING not in found
    for species in ("sea_cucumber", "other"):
        _, found = farm(ev, species)
        assert PENDING not in found and ALLOTTED not in found
    _, found = farm(ev, "fish", on=D(2028, 1, 1))  # after the trial: code.aquaculture-trial-window
    assert found["code.aquaculture-trial-window"].severity == "risk" and PENDING not in found
    _, found = farm(ev, "seaweed", kind="extension")
    assert found[TRIAL_QUOTA].severity == "advice" and PENDING not in found


def test_a_code_that_is_no_pilot_reads_no_quota_number(ev):
    decision, found = findings(ev, make(position={"quota_number": "Q-1"}))
    assert PENDING not in found and ALLOTTED not in found and "quota_number" not in decision.facts


@pytest.mark.parametrize("blank", ["", "   ", "\n"])
def test_a_blank_quota_number_is_refused_naming_the_field(blank):
    with pytest.raises(InputError) as err:
        case_from_data({"position": {"code": "S85411", "quota_number": blank}}, "case.toml")
    assert "position.quota_number" in str(err.value) and "case.toml" in str(err.value)
    assert "쿼터 번호" in error_ko(err.value.expected)


def test_the_examples_with_and_without_the_number(ev):
    root = ROOT / "examples" / "cases"
    without = ev.evaluate(load_case(root / "auto-parts-pilot-s85411.toml"))
    given = ev.evaluate(load_case(root / "auto-parts-pilot-s85411-quota-number.toml"))
    assert without.outcome == "at_risk" and given.outcome == "ready"
    assert {f.rule for f in without.findings} - {f.rule for f in given.findings} == {PENDING}
    assert {f.rule for f in given.findings} - {f.rule for f in without.findings} == {ALLOTTED}
