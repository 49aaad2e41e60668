"""Case kinds, part B (issue 18): an extension's dates and last year's pay, and the students' routes into the
shipbuilding and manufacturing codes, each on both sides of its boundary (the case where the rule fires with its
severity, and the nearest case where it does not), plus the new fields refused when they are not valid."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError
from engine.rules.evaluate import Evaluator
from engine.rules.stay import months_before

from .cases import make, merge

D = dt.date
FILED = D(2026, 7, 1)  # the base case's filing date


def found(ev: Evaluator, case: Any) -> dict[str, str]:
    return {f.rule: f.severity for f in ev.evaluate(case).findings}


# -- an extension: applied for from 4 months before the period ends, never after it ----------------------------


@pytest.mark.parametrize(
    "expires,late,early",
    [
        (D(2026, 6, 30), True, False),  # ended the day before filing
        (D(2026, 7, 1), False, False),  # its last day: still in time
        (D(2026, 11, 1), False, False),  # the window opened on 2026-07-01, the filing date
        (D(2026, 11, 2), False, True),  # the window opens on 2026-07-02, a day after filing
    ],
)
def test_an_extension_is_filed_within_the_window_before_expiry(ev, expires, late, early):
    rules = found(ev, make(kind="extension", stay={"expires_on": expires}))
    assert (rules.get("stay.extension-before-expiry") == "blocking") is late
    assert (rules.get("stay.extension-window") == "risk") is early


def test_the_dates_are_read_only_for_an_extension_and_only_where_given(ev):
    assert not {"stay.extension-before-expiry", "stay.extension-window"} & set(found(ev, make(kind="extension")))
    change = make(kind="change_of_workplace", stay={"expires_on": D(2026, 6, 30)})
    assert "stay.extension-before-expiry" not in found(ev, change)


@pytest.mark.parametrize(
    "day,opens",
    [
        ("2026-11-02", "2026-07-02"),
        ("2023-06-30", "2023-02-28"),
        ("2024-06-29", "2024-02-29"),
        ("2026-02-15", "2025-10-15"),
    ],
)
def test_the_window_opens_on_the_same_day_four_months_earlier(day, opens):
    assert months_before(D.fromisoformat(day), 4) == D.fromisoformat(opens)


# -- an extension: last year's pay on the income certificate against the wage floor (31,120,000 KRW here) ------


@pytest.mark.parametrize("income,fires", [(31_119_999, True), (31_120_000, False)])
def test_last_years_pay_below_the_wage_floor_is_a_risk(ev, income, fires):
    case = make(kind="extension", applicant={"entered_on": D(2024, 3, 1)}, stay={"previous_year_income_krw": income})
    assert (found(ev, case).get("stay.extension-previous-year-pay") == "risk") is fires


@pytest.mark.parametrize("entered,fires", [(D(2025, 1, 1), True), (D(2025, 1, 2), False)])
def test_only_a_whole_year_in_korea_is_compared(ev, entered, fires):
    """A worker who entered during the previous year has a part year's income on the certificate."""
    case = make(kind="extension", applicant={"entered_on": entered}, stay={"previous_year_income_krw": 20_000_000})
    assert ("stay.extension-previous-year-pay" in found(ev, case)) is fires


def test_last_years_pay_without_the_entry_date_asks_for_it(ev):
    decision = ev.evaluate(make(kind="extension", stay={"previous_year_income_krw": 20_000_000}))
    asked = {f.rule: f for f in decision.findings}["stay.extension-previous-year-pay"]
    assert asked.severity == "needs_information" and "applicant.entered_on" in asked.message
    initial = make(applicant={"entered_on": D(2024, 3, 1)}, stay={"previous_year_income_krw": 20_000_000})
    assert "stay.extension-previous-year-pay" not in found(ev, initial)


# -- a change of status by the students' route (stay manual pp.281-294) -------------------------------------------

WELDER = {
    "code": "7406",
    "subcategory": "E-7-3",
    "job_title": "Ship welder",
    "duties": [{"task": "FCAW welding of ship hull blocks", "share": 100}],
}


@pytest.mark.parametrize(
    "education,korean,stem,blocks",
    [
        ("associate", True, True, False),  # the route's minimum
        ("high_school", True, True, True),  # below an associate degree
        ("bachelor", False, True, True),  # a degree from abroad
        ("bachelor", True, False, True),  # not a STEM field
    ],
)
def test_a_student_changes_status_only_with_a_korean_stem_degree(ev, education, korean, stem, blocks):
    case = make(
        kind="change_of_status",
        position=WELDER,
        applicant={"education": education, "korean_degree": korean, "stem_degree": stem},
        stay={"current_status": "D-2"},
    )
    assert (found(ev, case).get("stay.status-change-student-route") == "blocking") is blocks


def test_the_students_route_reads_only_students_and_job_seekers_of_its_codes(ev):
    degree = {"korean_degree": False, "stem_degree": True}
    student = {"current_status": "D-2"}  # a D-10 job seeker without a Korean degree is no student (test_review_reviewB)

    def fires(**changes: Any) -> bool:
        return "stay.status-change-student-route" in found(ev, make(applicant=degree, **changes))

    assert fires(kind="change_of_status", position=WELDER, stay=student)
    assert not fires(kind="change_of_status", position=WELDER, stay={"current_status": "E-9"})
    # 2223 (a developer) has no such route; an initial case is not a change of status
    assert not fires(kind="change_of_status", stay=student)
    assert not fires(position=WELDER, stay=student)


def test_the_students_route_asks_for_the_degree(ev):
    case = make(kind="change_of_status", position=WELDER, stay={"current_status": "D-2"})
    assert found(ev, case).get("stay.status-change-student-route") == "needs_information"


AIRCRAFT = {"code": "S8417", "subcategory": "E-7-3", "job_title": "Aircraft parts assembler"}
BODY = {"code": "S75104", "subcategory": "E-7-3", "job_title": "Car body repairer"}


@pytest.mark.parametrize(
    "position,applicant,degree,waived",
    [
        (AIRCRAFT, {"education": "associate"}, {"korean_degree": True, "stem_degree": True}, True),
        (AIRCRAFT, {"education": "high_school"}, {"korean_degree": True, "stem_degree": True}, False),
        (AIRCRAFT, {"education": "bachelor"}, {"korean_degree": True, "stem_degree": False}, False),
        (AIRCRAFT, {"education": "bachelor"}, {"korean_degree": False, "stem_degree": True}, False),
        # S75104: a degree in the field, STEM or not
        (BODY, {"education": "associate", "degree_related": True}, {"korean_degree": True, "stem_degree": False}, True),
        (
            BODY,
            {"education": "associate", "degree_related": False},
            {"korean_degree": True, "stem_degree": True},
            False,
        ),
        # 7406's route is a change of status, not a waiver
        (WELDER, {"education": "bachelor"}, {"korean_degree": True, "stem_degree": True}, False),
    ],
)
def test_a_korean_degree_waives_the_experience_of_three_codes(ev, position, applicant, degree, waived):
    rules = found(ev, make(position=position, applicant=dict(applicant, **degree)))
    assert (rules.get("qualification.student-route-experience") == "advice") is waived


# -- the new fields, refused when invalid ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"stay": {"previous_year_income_krw": -1}}, "previous_year_income_krw"),
        ({"stay": {"expires_on": "2026-02-30"}}, "stay.expires_on"),
        ({"applicant": {"korean_degree": "yes"}}, "applicant.korean_degree"),
        ({"applicant": {"entered_on": D(2025, 3, 1)}, "stay": {"expires_on": D(2025, 3, 1)}}, "stay.expires_on"),
    ],
)
def test_bad_stay_fields_are_refused_naming_the_field(changes, field):
    with pytest.raises(InputError) as error:
        make(**changes)
    assert field in str(error.value)


def test_a_korean_degree_exempts_from_the_korean_requirement_within_a_year(ev):
    """국내 대학 졸업자들은 이수 불필요 (S85411, stay manual p.290)."""
    parts = {"code": "S85411", "subcategory": "E-7-3", "job_title": "Car parts welder"}
    unmet = {"korean_requirement_met": False}
    applicant = {"entered_on": D(2025, 3, 1)}
    case = make(kind="extension", position=parts, applicant=applicant, stay=unmet)
    assert found(ev, case).get("stay.korean-within-a-year") == "risk"
    graduate = make(kind="extension", position=parts, applicant=dict(applicant, korean_degree=True), stay=unmet)
    assert "stay.korean-within-a-year" not in found(ev, graduate)


# -- the national-employment protection not applied (visa manual pp.173, 181) --------------------------------------

CROWDED = {"domestic_employees": 4, "foreign_employees": 3, "mainly_domestic_sales": True}  # over 20%, under 5
HOTEL = {"code": "3922", "subcategory": "E-7-2", "job_title": "Hotel receptionist"}


def protection(ev, stay: dict[str, Any]) -> dict[str, str]:
    rules = found(ev, make(kind="change_of_workplace", position=HOTEL, employer=CROWDED, stay=stay))
    keys = ("employer.foreign-ratio", "employer.domestic-employees-domestic-sales", "employer.protection-exempt")
    return {k: v for k, v in rules.items() if k in keys}


def test_the_protection_applies_to_a_full_time_change_of_workplace(ev):
    full_time = protection(ev, {"workplace_added": True, "part_time": False})
    assert full_time == {"employer.foreign-ratio": "blocking", "employer.domestic-employees-domestic-sales": "blocking"}
    changed = protection(ev, {"workplace_added": False, "part_time": True})  # a change, not an added workplace
    assert "employer.protection-exempt" not in changed and "employer.foreign-ratio" in changed


def test_part_time_work_at_an_added_workplace_is_exempt(ev):
    assert protection(ev, {"workplace_added": True, "part_time": True}) == {"employer.protection-exempt": "advice"}


@pytest.mark.parametrize(
    "scholar,size_rule",
    [(True, False), (False, True)],  # government scholars are exempt from the size rule too (p.181)
)
def test_a_d2_7_graduate_is_exempt_from_the_foreign_ratio(ev, scholar, size_rule):
    rules = protection(ev, {"d2_7_graduate": True, "government_scholar": scholar})
    assert "employer.foreign-ratio" not in rules and rules["employer.protection-exempt"] == "advice"
    assert ("employer.domestic-employees-domestic-sales" in rules) is size_rule


# -- the Asian STEM graduates' route (visa manual p.175) -----------------------------------------------------------

ASIAN = {
    "special_route": "asian_stem",
    "birth_date": D(1997, 7, 2),
    "education": "bachelor",
    "stem_degree": True,
    "korean_level": 2,
}


@pytest.mark.parametrize(
    "changes,blocks",
    [
        ({}, False),  # 29 on the filing date, a STEM bachelor's, TOPIK 2
        ({"birth_date": D(1996, 7, 1)}, True),  # 30
        ({"education": "associate"}, True),
        ({"stem_degree": False}, True),
        ({"korean_level": 1}, True),
    ],
)
def test_the_asian_stem_route_needs_age_degree_and_korean(ev, changes, blocks):
    case = make(applicant=dict(ASIAN, **changes))
    rules = found(ev, case)
    assert (rules.get("qualification.route-asian-stem") == "blocking") is blocks
    assert "qualification.e7-1-general" not in rules  # the route replaces the general rule


def test_the_asian_stem_route_asks_for_the_field_of_the_degree(ev):
    applicant = {k: v for k, v in ASIAN.items() if k != "stem_degree"}
    assert found(ev, make(applicant=applicant)).get("qualification.route-asian-stem") == "needs_information"


# -- E-7-4: the Korean requirement waived at the change, at the extension (stay manual p.302) ----------------------


def e7_4_extension(**stay: Any):
    path = Path(__file__).resolve().parents[1] / "examples" / "cases" / "e7-4-root-industry-pass.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return case_from_data(merge(data, {"kind": "extension", "filed_on": D(2026, 11, 2), "stay": stay}), "test")


@pytest.mark.parametrize(
    "stay,unmet,expired",
    [
        ({"korean_waiver": True, "korean_requirement_met": False}, "risk", None),
        ({"korean_waiver": True, "korean_requirement_met": False, "korean_six_months_granted": False}, "risk", None),
        ({"korean_waiver": True, "korean_requirement_met": False, "korean_six_months_granted": True}, None, "blocking"),
        ({"korean_waiver": True, "korean_requirement_met": True, "korean_six_months_granted": True}, None, None),
        ({"korean_waiver": False, "korean_requirement_met": False}, None, None),  # admitted with Korean met
        ({"korean_waiver": True}, "needs_information", "needs_information"),
    ],
)
def test_an_e7_4_holder_on_the_korean_waiver_meets_it_by_the_extension(ev, stay, unmet, expired):
    rules = found(ev, e7_4_extension(**stay))
    assert rules.get("stay.e7-4-korean-waiver-unmet") == unmet
    assert rules.get("stay.e7-4-korean-waiver-expired") == expired


@pytest.mark.parametrize("met,capped", [(False, True), (True, False)])
def test_an_unmet_korean_waiver_caps_the_grant_at_six_months(ev, met, capped):
    case = e7_4_extension(korean_waiver=True, korean_requirement_met=met, requested_years=1.0)
    assert (found(ev, case).get("stay.period-cap") == "risk") is capped


# -- no recommendation letter where a university or a public institution hires (visa manual p.175) ----------------

SHIP = {"code": "7406", "subcategory": "E-7-3"}  # a compulsory (필수) recommendation


@pytest.mark.parametrize(
    "employer,exempt",
    [
        ({"size": "public"}, True),
        ({"university": True}, True),
        ({"size": "large"}, False),
        ({"university": False}, False),
    ],
)
def test_a_university_or_public_employer_needs_no_recommendation(ev, employer, exempt):
    rules = found(ev, make(employer=employer, position=SHIP, documents={"recommendation_letter": False}))
    assert (rules.get("documents.recommendation-exempt") == "advice") is exempt
    assert (rules.get("documents.recommendation") == "blocking") is not exempt


# -- fewer papers for a law-abiding, socially contributing company (visa manual p.179) -----------------------------

THIN = {"sayuseo_cites_code": False, "sayuseo_lists_tasks": False, "sayuseo_reviewed_by_applicant": False}
SAYUSEO = {"documents.sayuseo-code", "documents.sayuseo-tasks", "documents.sayuseo-reviewed"}


@pytest.mark.parametrize("designated,spared", [(True, True), (False, False), (None, False)])
def test_a_designated_company_is_spared_the_proof_of_need(ev, designated, spared):
    employer = {} if designated is None else {"compliance_designation": designated}
    rules = found(ev, make(employer=employer, documents=THIN))
    assert (rules.get("documents.simplified-compliant-firm") == "advice") is spared
    assert (not SAYUSEO & set(rules)) is spared


# -- skilled workers with a criminal record from a stay in Korea (stay manual p.278) -------------------------------


@pytest.mark.parametrize(
    "position,kind,record,fires",
    [
        (WELDER, "initial", True, True),
        (WELDER, "initial", False, False),
        (WELDER, "change_of_workplace", True, False),  # the manual speaks of certificates
        ({"code": "2223"}, "initial", True, False),  # a professional (E-7-1), not a skilled worker
    ],
)
def test_a_skilled_workers_criminal_record_in_korea_is_a_risk(ev, position, kind, record, fires):
    case = make(kind=kind, position=position, applicant={"korean_criminal_record": record})
    assert (found(ev, case).get("qualification.skilled-criminal-record") == "risk") is fires


# -- the Korean graduates' routes (visa manual p.173, and the 2026-09-01 edition p.173) ---------------------------


@pytest.mark.parametrize(
    "applicant,blocks",
    [
        ({"special_route": "korean_university", "education": "bachelor"}, False),
        ({"special_route": "korean_university", "education": "associate"}, True),
        ({"special_route": "korean_college", "education": "associate", "degree_related": True}, False),
        ({"special_route": "korean_college", "education": "high_school", "degree_related": True}, True),
        ({"special_route": "korean_college", "education": "associate", "degree_related": False}, True),
        # any field for the university route
        ({"special_route": "korean_university", "education": "bachelor", "degree_related": False}, False),
        ({"special_route": "korean_university", "korean_institution": "industrial_university"}, False),
        ({"special_route": "korean_university", "korean_institution": "remote_or_cyber_university"}, True),
        ({"special_route": "korean_university", "korean_institution": "miscellaneous_school"}, True),
        ({"special_route": "korean_university", "korean_degree": True}, False),
        ({"special_route": "korean_university", "korean_degree": False}, True),
    ],
)
def test_the_korean_graduates_routes_need_a_korean_degree_of_the_named_kind(ev, applicant, blocks):
    rules = found(ev, make(applicant=applicant))
    assert (rules.get("qualification.route-korean-degree") == "blocking") is blocks


def test_a_bad_institution_kind_is_refused_naming_the_field():
    with pytest.raises(InputError) as error:
        make(applicant={"korean_institution": "online academy"})
    assert "applicant.korean_institution" in str(error.value)


# -- the overseas technical training route (visa manual 2026-09-01 edition pp.174-175) ------------------------------

TRAINED = {
    "special_route": "overseas_training",
    "education": "bachelor",
    "degree_related": True,
    "experience_years": 0.0,
}


@pytest.mark.parametrize(
    "filed,code,letter,applicant,blocks",
    [
        (D(2026, 10, 1), "2321", True, {}, False),
        (D(2026, 10, 1), "2342", True, {}, False),  # 전자공학 기술자 (2343 in the route's note)
        (D(2026, 5, 31), "2321", True, {}, True),  # before the pilot period (from June 2026, p.175)
        (D(2026, 10, 1), "2223", True, {}, True),  # not one of its three codes
        (D(2026, 10, 1), "2321", False, {}, True),  # without the trade ministry's recommendation
        (D(2026, 10, 1), "2321", True, {"education": "associate"}, True),
        (D(2026, 10, 1), "2321", True, {"degree_related": False}, True),
    ],
)
def test_the_overseas_training_route(ev, filed, code, letter, applicant, blocks):
    case = make(
        filed_on=filed,
        position={"code": code},
        documents={"recommendation_letter": letter},
        applicant=dict(TRAINED, **applicant),
    )
    assert (found(ev, case).get("qualification.route-overseas-training") == "blocking") is blocks


# -- the D-4-6 training route (visa manual p.174) --------------------------------------------------------------------

TRAINEE = {"special_route": "d4_6_training", "education": "associate", "degree_related": True, "korean_level": 4}


@pytest.mark.parametrize(
    "kind,status,applicant,position,blocks",
    [
        ("change_of_status", "D-4", {}, {}, False),
        ("initial", "D-4", {}, {}, True),  # a change of status only
        ("change_of_status", "D-2", {}, {}, True),
        ("change_of_status", "D-4", {"korean_level": 3}, {}, True),
        ("change_of_status", "D-4", {"education": "high_school"}, {}, True),
        ("change_of_status", "D-4", {"degree_related": False}, {}, True),
        ("change_of_status", "D-4", {}, {"code": "S740", "subcategory": "E-7-4"}, True),  # E-7-4 excluded
    ],
)
def test_the_d4_6_training_route(ev, kind, status, applicant, position, blocks):
    case = make(kind=kind, stay={"current_status": status}, applicant=dict(TRAINEE, **applicant), position=position)
    assert (found(ev, case).get("qualification.route-d4-6-training") == "blocking") is blocks


# -- the Japanese software engineers' route (visa manual p.174) -------------------------------------------------------


@pytest.mark.parametrize(
    "nationality,blocks",
    [("Japan", False), (" JP ", False), ("일본", False), ("Vietnam", True), ("KR", True)],
)
def test_the_japanese_it_certificates_route_is_for_japanese_nationals(ev, nationality, blocks):
    applicant = {"special_route": "japanese_it_certificates", "nationality": nationality}
    rules = found(ev, make(applicant=applicant))
    assert (rules.get("qualification.route-japanese-it-certificates") == "blocking") is blocks
    assert "qualification.e7-1-general" not in rules  # the route replaces the qualification criteria


def test_the_japanese_route_asks_for_the_nationality(ev):
    rules = found(ev, make(applicant={"special_route": "japanese_it_certificates"}))
    assert rules.get("qualification.route-japanese-it-certificates") == "needs_information"
