"""Rules no other test names, each on both sides of its boundary: the case where it fires with its severity,
and the nearest case where it does not. Plus the outcome recomputed from the findings' severities, without
engine.rules.decision.outcome_of."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings

from .cases import DELETE, make
from .test_evaluate_property import cases

D = dt.date


def findings(ev, case, as_of=None):
    decision = ev.evaluate(case, as_of)
    return decision, {f.rule: f for f in decision.findings}


def passed(decision) -> set[str]:
    return {p.rule for p in decision.passed}


# duties that fit the code, so that the cases below carry no finding but the one under test
HOTEL_RECEPTION = {
    # 호텔 접수 사무원 on 2026-07-01: recommendation (문화체육관광부장관 ※ 필수) and guarantee required in every
    # case, at most 5 per hotel
    "code": "3922",
    "subcategory": "E-7-2",
    "job_title": "Front desk clerk",
    "annual_salary_krw": 30_000_000,
    "duties": [{"task": "호텔 고객 접수 및 예약 확인", "share": 70}, {"task": "프런트데스크 안내 서비스", "share": 30}],
}


# -- documents -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,rule,severity",
    [
        ("contract_lists_duties", "documents.contract-duties", "risk"),
        ("sayuseo_cites_code", "documents.sayuseo-code", "risk"),
        ("sayuseo_lists_tasks", "documents.sayuseo-tasks", "risk"),
        ("sayuseo_reviewed_by_applicant", "documents.sayuseo-reviewed", "advice"),
    ],
)
def test_document_missing_from_the_file_and_present(ev, field, rule, severity):
    decision, found = findings(ev, make(documents={field: False}))
    assert found[rule].severity == severity
    assert found[rule].evidence == {field: False}
    assert decision.outcome == ("at_risk" if severity == "risk" else "ready")
    decision, found = findings(ev, make(documents={field: True}))
    assert rule not in found and decision.outcome == "ready"
    if severity == "risk":
        assert rule in passed(decision)
    # not stated at all: the officer is asked for it, naming the field
    _, found = findings(ev, make(documents={field: DELETE}))
    assert found[rule].severity == "needs_information"
    assert f"documents.{field}" in found[rule].message


def test_sayuseo_names_the_code_it_must_cite(ev):
    _, found = findings(ev, make(documents={"sayuseo_cites_code": False}))
    assert found["documents.sayuseo-code"].message == "The 고용사유서 does not cite code 2223."
    assert "Cite code 2223" in found["documents.sayuseo-code"].fix


@pytest.mark.parametrize("years,fires", [(0.0, False), (0.5, True)])
def test_prior_letters_only_with_experience(ev, years, fires):
    # a related master's meets the E-7-1 general requirement with no experience: only the letters are in question
    applicant = {"education": "master", "experience_years": years}
    decision, found = findings(ev, make(applicant=applicant, documents={"prior_letters_list_duties": False}))
    assert ("documents.prior-letters" in found) is fires
    if fires:
        f = found["documents.prior-letters"]
        assert f.severity == "risk" and decision.outcome == "at_risk"
        assert "0.5 years of experience" in f.message
        assert f.evidence == {"prior_letters_list_duties": False, "experience_years": 0.5}
    else:
        assert decision.outcome == "ready"
    # with no experience to prove, the letters are not asked for either
    _, found = findings(ev, make(applicant=applicant, documents={"prior_letters_list_duties": DELETE}))
    assert ("documents.prior-letters" in found) is fires


def test_prior_letters_listing_duties_pass(ev):
    decision, found = findings(ev, make(applicant={"experience_years": 0.5, "education": "master"}))
    assert "documents.prior-letters" not in found
    assert "documents.prior-letters" in passed(decision)


def test_recommendation_letter_where_the_code_requires_one(ev):
    # 3922 requires the recommendation in every case; 2223 (the base case's code) requires none
    decision, found = findings(ev, make(position=HOTEL_RECEPTION, documents={"recommendation_letter": False}))
    f = found["documents.recommendation"]
    assert f.severity == "blocking" and decision.outcome == "ineligible"  # 필수 (p.175: 접수시 반드시 첨부)
    assert f.message.startswith("Code 3922 requires a recommendation letter (고용추천서")
    assert f.evidence == {"recommendation_letter": False}
    decision, found = findings(ev, make(position=HOTEL_RECEPTION))
    assert "documents.recommendation" not in found and "documents.recommendation" in passed(decision)
    _, found = findings(ev, make(position=HOTEL_RECEPTION, documents={"recommendation_letter": DELETE}))
    assert found["documents.recommendation"].severity == "needs_information"
    assert "documents.recommendation_letter" in found["documents.recommendation"].message
    # a code that requires none: no letter, no finding, and no question
    decision, found = findings(ev, make(documents={"recommendation_letter": False}))
    assert "documents.recommendation" not in found and decision.outcome == "ready"
    _, found = findings(ev, make(documents={"recommendation_letter": DELETE}))
    assert "documents.recommendation" not in found


def test_letter_of_guarantee_where_the_code_requires_one(ev):
    decision, found = findings(ev, make(position=HOTEL_RECEPTION, documents={"guarantee": False}))
    f = found["documents.guarantee"]
    assert f.severity == "blocking" and decision.outcome == "ineligible"
    assert f.message == "Code 3922 requires a letter of guarantee (신원보증서); the file has none."
    decision, found = findings(ev, make(position=HOTEL_RECEPTION))
    assert "documents.guarantee" not in found and "documents.guarantee" in passed(decision)
    _, found = findings(ev, make(position=HOTEL_RECEPTION, documents={"guarantee": DELETE}))
    assert found["documents.guarantee"].severity == "needs_information"
    # 2223 is not on the guarantee list
    _, found = findings(ev, make(documents={"guarantee": False}))
    assert "documents.guarantee" not in found


def test_kind_of_application_asked_for_when_not_stated(ev):
    decision, found = findings(ev, make(kind=DELETE))
    f = found["documents.kind"]
    assert f.severity == "needs_information" and decision.outcome == "needs_information"
    assert f.missing == ("kind",) and "without kind" in f.message
    for kind in ("initial", "extension", "change_of_workplace", "change_of_status"):
        _, found = findings(ev, make(kind=kind))
        assert "documents.kind" not in found, kind


# -- employer --------------------------------------------------------------------------------------------


def test_tax_arrears(ev):
    decision, found = findings(ev, make(employer={"tax_arrears": True}))
    f = found["employer.tax-arrears"]
    assert f.severity == "blocking" and decision.outcome == "ineligible"
    assert f.evidence == {"tax_arrears": True} and "납세증명서" in f.fix
    decision, found = findings(ev, make(employer={"tax_arrears": False}))
    assert "employer.tax-arrears" not in found and "employer.tax-arrears" in passed(decision)
    decision, found = findings(ev, make(employer={"tax_arrears": DELETE}))
    assert found["employer.tax-arrears"].severity == "needs_information"
    assert "employer.tax_arrears" in found["employer.tax-arrears"].message
    assert decision.outcome == "needs_information"


@pytest.mark.parametrize(
    "position,domestic,cap",
    [
        (HOTEL_RECEPTION, 40, 5),  # 3922: '(업체당 허용인원 기준) 호텔 당 최대 5명'
        # 285 디자이너 by insured domestic employees: 5-49: 1, 50-99: 2, 100 or more: 3 (p.220)
        ({"code": "285", "job_title": "Designer"}, 40, 1),
        ({"code": "285", "job_title": "Designer"}, 50, 2),
        ({"code": "285", "job_title": "Designer"}, 99, 2),
        ({"code": "285", "job_title": "Designer"}, 100, 3),
    ],
)
def test_cap_per_employer_at_and_above(ev, position, domestic, cap):
    # 40 or more domestic employees allow 8 or more foreign staff under the 20% rule: only the code's cap is in play
    at = make(position=position, employer={"domestic_employees": domestic, "foreign_employees": cap - 1})
    decision, found = findings(ev, at)
    assert decision.facts["code_max_per_employer"] == cap and decision.facts["foreign_after_hire"] == cap
    assert "employer.max-per-employer" not in found and "employer.max-per-employer" in passed(decision)
    above = make(position=position, employer={"domestic_employees": domestic, "foreign_employees": cap})
    _, found = findings(ev, above)
    f = found["employer.max-per-employer"]
    assert f.severity == "risk"
    assert f.evidence == {"code_max_per_employer": cap, "foreign_after_hire": cap + 1}
    assert f"at most {cap} per employer" in f.message and f"{cap + 1} counted foreign staff" in f.message
    assert "employer.foreign-ratio" not in found


def test_cap_per_employer_only_for_codes_with_a_cap(ev):
    _, found = findings(ev, make(employer={"domestic_employees": 40, "foreign_employees": 30}))
    assert "employer.max-per-employer" not in found  # 2223 has no cap
    _, found = findings(ev, make(position=HOTEL_RECEPTION, employer={"foreign_employees": DELETE}))
    assert found["employer.max-per-employer"].severity == "needs_information"
    assert "employer.foreign_employees" in found["employer.max-per-employer"].message


def test_code_sets_its_own_employer_requirements(ev):
    # 1522 음식서비스관련 관리자 has an employer section; its neighbour 1521 has none
    _, found = findings(ev, make(position={"code": "1522", "job_title": "Restaurant chain manager"}))
    f = found["employer.code-requirements"]
    assert f.severity == "advice" and "e7 code 1522" in f.message
    _, found = findings(ev, make(position={"code": "1521", "job_title": "Hotel operations manager"}))
    assert "employer.code-requirements" not in found
    # a cap is an employer requirement too
    _, found = findings(ev, make(position=HOTEL_RECEPTION))
    assert found["employer.code-requirements"].severity == "advice"


# -- qualification ---------------------------------------------------------------------------------------


def test_code_sets_its_own_qualification_requirements(ev):
    # 1312 교육 관리자 (별도 기준) against 1320 보험 및 금융관리자 (general E-7-1 requirement)
    applicant = {"education": "bachelor", "degree_related": True, "experience_years": 0.0}
    _, found = findings(ev, make(position={"code": "1312", "job_title": "Academic director"}, applicant=applicant))
    f = found["qualification.code-specific"]
    assert f.severity == "advice" and "e7 code 1312" in f.message
    assert "qualification.e7-1-general" not in found  # the code's own requirements replace the general ones
    # without the Financial Services Commission's recommendation (with it, a substantive review decides, p.188:
    # qualification.recommended-bachelor-review, tests/test_codes_18.py)
    no_letter = {"recommendation_letter": False}
    _, found = findings(ev, make(position={"code": "1320", "job_title": "Finance manager"}, applicant=applicant,
                                 documents=no_letter))  # fmt: skip
    assert "qualification.code-specific" not in found
    assert found["qualification.e7-1-general"].severity == "blocking"
    # 1120 기업 고위임원 has no qualification requirement at all
    _, found = findings(ev, make(position={"code": "1120", "job_title": "Chief executive"}, applicant=applicant))
    assert "qualification.code-specific" not in found and "qualification.e7-1-general" not in found


# -- catalogue and code ----------------------------------------------------------------------------------


def test_reconstructed_catalogue_day_before_and_day_of_the_manual(ev):
    # 2026-06-16: the 2026-02-01 snapshot (status D); 2026-06-17: the 2026.6 manual (status M)
    decision, found = findings(ev, make(), D(2026, 6, 16))
    f = found["catalogue.reconstructed"]
    assert decision.catalogue["snapshot"] == "2026-02-01" and decision.catalogue["status"] == "D"
    assert f.severity == "advice" and f.evidence == {"catalogue_status": "D"}
    assert "2026-06-16 is a reconstruction (status D)" in f.message
    assert decision.outcome == "ready"
    decision, found = findings(ev, make(), D(2026, 6, 17))
    assert decision.catalogue["snapshot"] == "2026-06-17" and decision.catalogue["status"] == "M"
    assert "catalogue.reconstructed" not in found


def test_pilot_quota_inside_the_window_only(ev):
    # S71032 도축원: pilot from 2026-01-01 to 2027-12-31, first listed on 2026-01-01
    slaughterer = {"code": "S71032", "subcategory": "E-7-3", "job_title": "Slaughterer"}
    # its section prints the quota-number procedure (p.247): without the number the grant waits on it (task quota)
    _, found = findings(ev, make(position=slaughterer), D(2026, 1, 1))
    f = found["code.quota-number-pending"]
    assert f.severity == "risk" and "code.pilot-quota" not in found
    period = {"quota_from": "2026-01-01", "quota_until": "2027-12-31"}
    assert f.evidence == {"code": "S71032", **period, "quota_yearly": 150}
    assert "the grant waits on it" in f.message
    _, found = findings(ev, make(position=slaughterer), D(2025, 12, 31))
    assert "code.quota-number-pending" not in found and found["code.not-yet-listed"].severity == "blocking"
    # 42111 요양보호사: last day of the window, and the day after
    care = {"code": "42111", "subcategory": "E-7-2", "job_title": "Care worker"}
    _, found = findings(ev, make(position=care), D(2025, 12, 31))
    assert found["code.quota-number-pending"].severity == "risk"
    _, found = findings(ev, make(position=care), D(2026, 1, 1))
    assert "code.quota-number-pending" not in found and found["code.pilot-window"].severity == "risk"
    # a code that is not a pilot
    _, found = findings(ev, make(), D(2026, 1, 1))
    assert "code.pilot-quota" not in found and "code.quota-number-pending" not in found


# -- E-7-4 points ----------------------------------------------------------------------------------------


def e74_case(immigration_violations: int):
    """A change of status to S700 scored on the 2024-11-27 table (rulesets/points/e7-4-2024-11-27.toml):
    income 25,000,000 (band 2,500~3,000만) 50 + Korean level 2 50 + age 32 (27~33) 60 + employer
    recommendation 50 = 210; no tenure bonus (2 years < 3); immigration violations deduct 5 / 10 / 15."""
    return make(
        kind="change_of_status",
        position={
            "code": "S700",
            "subcategory": "E-7-4",
            "job_title": "Press operator",
            "annual_salary_krw": 36_000_000,
            "duties": [{"task": "금속 프레스 기계 조작", "share": 100}],
        },
        applicant={"birth_date": D(1994, 5, 1), "korean_level": 2},
        # the sector and area decide S700's foreign ratio (30%, 50% in depopulation areas and root industries)
        employer={"sector": "other", "depopulation_area": False},
        e7_4={
            "prior_status": "E-9",
            "years_on_prior_status": 5.0,
            "two_year_average_income_krw": 25_000_000,
            "employer_recommendation": True,
            "years_with_current_employer": 2.0,
            "immigration_violation_count": immigration_violations,
            "fine_1m_or_more": False,  # none of the exclusions (stay manual p.303; issue 18)
            "personal_tax_arrears": False,
            "illegal_stay_months": 0,
        },
    )


def test_e7_4_total_exactly_at_and_just_below_the_pass_mark(ev):
    decision, found = findings(ev, e74_case(2))  # 210 - 10 = 200
    assert decision.facts["e74_total"] == 200 and decision.facts["e74_pass_mark"] == 200
    assert decision.facts["e74_korean_points"] == 50 and decision.facts["e74_income_points"] == 50
    assert "points.e7-4-total" not in found and "points.e7-4-total" in passed(decision)
    assert not {rule for rule in found if rule.startswith("points.")}
    assert decision.outcome == "ready"
    decision, found = findings(ev, e74_case(3))  # 210 - 15 = 195
    f = found["points.e7-4-total"]
    assert f.severity == "blocking" and decision.outcome == "ineligible"
    assert f.evidence == {"e74_total": 195, "e74_pass_mark": 200}
    assert f.message == "The E-7-4 score is 195 points; the pass mark is 200."


# -- the outcome follows the findings --------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_outcome_recomputed_from_the_severities(ev, case):
    decision = ev.evaluate(case)
    severities = [f.severity for f in decision.findings]
    if "blocking" in severities:
        expected = "ineligible"
    elif "risk" in severities:
        expected = "at_risk"
    elif "needs_information" in severities:
        expected = "needs_information"
    else:
        expected = "ready"  # advice alone never holds a case back
    assert decision.outcome == expected, severities
    for f in decision.findings:
        # a question for missing information names what is missing; a finding of the rule does not
        assert bool(f.missing) is (f.severity == "needs_information"), f.rule
