"""The facts of a case's kind: extension, change or addition of workplace, change of status (issue 18).

What the manuals give each kind: who needs the office's permission before a change of workplace and who only
reports it afterwards, the former employer's transfer consent, the codes that may move only when the worker is
not at fault, the per-grant cap on the period of stay, the pilot codes' Korean requirement within a year of
entry, the E-7-4 exclusions and employer conditions, an extension's dates and last year's pay, and the students'
routes of the shipbuilding and manufacturing codes. The rules that read these facts are in the rulesets
(docs/rulesets.md); the lists of occupations they name are ruleset parameters, so that a re-coding keeps them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.core.case import Case
from engine.core.model import Code
from engine.rules.per_pair import kept_per_pair
from engine.rules.rulesets import Ruleset

# where each fact comes from in a case file, for the "needs information" message
STAY_FIELDS = {
    "stay_current_status": "stay.current_status",
    "stay_requested_years": "stay.requested_years",
    "stay_contract_years": "stay.contract_years",
    "korean_requirement_met": "stay.korean_requirement_met",
    "korean_six_months_granted": "stay.korean_six_months_granted",
    "worker_not_at_fault": "stay.worker_not_at_fault",
    "left_before_contract_end": "stay.left_before_contract_end",
    "invitation_restricted": "employer.invitation_restricted",
    "salary_gni_x100": "position.annual_salary_krw (and GNI per capita of the previous year)",
    "e74_fine_1m_or_more": "e7_4.fine_1m_or_more",
    "e74_personal_tax_arrears": "e7_4.personal_tax_arrears",
    "e74_immigration_violation_count": "e7_4.immigration_violation_count",
    "e74_illegal_stay_months": "e7_4.illegal_stay_months",
    "korean_degree": "applicant.korean_degree",
    "stem_degree": "applicant.stem_degree",
    "previous_year_whole": "applicant.entered_on (was the worker in Korea for the whole previous year?)",
    "passport_limit_day": "stay.passport_confirmation",
}
KOREAN_GRADUATE_ROUTES = ("korean_university", "korean_college")  # 유학생 특례: the Korean requirement is waived


def stay_facts(
    case: Case, entry: Code | None, on: dt.date, ruleset: Ruleset, gni_krw: int | None, missing: dict[str, str]
) -> dict[str, Any]:
    """The facts of the case's kind; a fact whose inputs are missing is left out and its reason recorded."""
    s = case.stay
    fact: dict[str, Any] = {}

    current = s.current_status
    if current is None and case.kind == "change_of_status" and case.e7_4 is not None:
        current = case.e7_4.prior_status  # E-7-4: the status the years were spent on is the one left
    given = {
        "stay_current_status": current,
        "stay_requested_years": s.requested_years,
        "stay_contract_years": s.contract_years,
        "workplace_added": s.workplace_added,
        "left_before_contract_end": s.left_before_contract_end,
        "transfer_consent": s.transfer_consent,
        "worker_not_at_fault": s.worker_not_at_fault,
        "korean_requirement_met": s.korean_requirement_met,
        "korean_waiver": s.korean_waiver,
        "korean_six_months_granted": s.korean_six_months_granted,
        "invitation_restricted": case.employer.invitation_restricted,
        "experience_after_degree_years": case.applicant.experience_after_degree_years,
        "previous_year_income_krw": s.previous_year_income_krw,
        "korean_degree": case.applicant.korean_degree,
        "korean_institution": case.applicant.korean_institution,
        "korean_criminal_record": case.applicant.korean_criminal_record,
        "stem_degree": case.applicant.stem_degree,
        "global_500_years": case.applicant.global_500_years,
        "d10_3_intern_years": case.applicant.d10_3_intern_years,
        "japanese_it_certificates_held": case.applicant.japanese_it_certificates,
        "work_study_completed": case.applicant.work_study_completed,
        "d4_6_course_months": case.applicant.d4_6_course_months,
        "korean_licence": case.applicant.korean_licence,
        "qs_rank": case.applicant.qs_rank,
        "times_rank": case.applicant.times_rank,
        "korean_studies": case.applicant.korean_studies,
        "s_restricted_field": case.e7_s.restricted_field if case.e7_s is not None else None,
        "worker_tax_arrears": s.worker_tax_arrears,
        "illegal_work": s.illegal_work,
        "address_change_unreported": s.address_change_unreported,
        "wages_unpaid": s.wages_unpaid,
        "employer_business_worsened": s.employer_business_worsened,
        "insurance_enrolled": s.insurance_enrolled,
        "unauthorized_absence": s.unauthorized_absence,
        "university_country": case.applicant.university_country,
        "overseas_training_completed": case.applicant.overseas_training_completed,
    }
    fact.update((name, value) for name, value in given.items() if value is not None)
    countries = ruleset.parameters.get("asian_stem_countries")  # the Asian STEM route's nine (visa manual p.175)
    if countries is not None and "university_country" in fact:
        fact["university_country_listed"] = fact["university_country"] in countries.value
    if case.applicant.entered_on is not None:  # as engine/rules/facts.py puts it: full years since entry
        from engine.rules.facts import age_on

        fact["years_since_entry"] = age_on(case.applicant.entered_on, on)
    salary = case.position.annual_salary_krw
    if salary is not None and gni_krw:
        fact["salary_gni_x100"] = salary * 100 // gni_krw
    elif salary is not None:
        missing["salary_gni_x100"] = f"GNI per capita of {on.year - 1} (not in e7's catalogue)"

    _extension(case, on, ruleset, fact, missing)

    # the former employer's consent: needed only when the contract ended early and the worker was at fault; a
    # workplace added beside the current one leaves no employer
    settled = (s.workplace_added, s.transfer_consent, s.worker_not_at_fault)
    if s.left_before_contract_end is False or True in settled:
        fact["transfer_ok"] = True
    elif s.left_before_contract_end is True and s.transfer_consent is False and s.worker_not_at_fault is False:
        fact["transfer_ok"] = False
    else:
        unknown = [
            f"stay.{name}"
            for name in ("left_before_contract_end", "transfer_consent", "worker_not_at_fault")
            if getattr(s, name) is None
        ]
        missing["transfer_ok"] = " and ".join(unknown)

    if entry is not None:
        occupation = entry.occupation
        fact.update(_code_routes(entry, ruleset))
        _korean_within_a_year(case, occupation, ruleset, fact, missing)
        cap, basis = _stay_cap(case, entry, ruleset, fact)
        fact["stay_cap_years"] = cap
        fact["stay_cap_basis"] = basis
        if entry.subcategory == "E-7-4":
            _e7_4(case, ruleset, fact)
            _passport(case, on, fact, missing)
    return fact


@kept_per_pair
def _code_routes(entry: Code, ruleset: Ruleset) -> dict[str, Any]:
    """How the code's worker changes workplace and which students' route it has: facts of the code and the
    ruleset alone, in the order ``stay_facts`` puts them, worked out once per pair (a case read six of the
    ruleset's lists of occupations each time)."""
    occupation = entry.occupation
    fact: dict[str, Any] = {}
    permission = entry.guarantee_required or occupation in ruleset.parameter("workplace_change_no_fault_only")
    some_cases = occupation in ruleset.parameter("guarantee_for_some_cases_only")
    fact["workplace_change_procedure"] = (
        "permission_some_cases" if some_cases else "permission" if permission else "report"
    )
    fact["workplace_change_no_fault_only"] = occupation in ruleset.parameter("workplace_change_no_fault_only")
    fact["workplace_change_non_capital_small_only"] = occupation in ruleset.parameter(
        "workplace_change_non_capital_small_only"
    )
    if "overseas_training_route" in ruleset.parameters:  # from the 2026-09-01 edition
        fact["overseas_training_code"] = occupation in ruleset.parameter("overseas_training_route")
    for route in ("status_change", "experience_stem", "experience_related"):
        if occupation in ruleset.parameter(f"student_route_{route}"):
            fact["student_route"] = route  # 유학생 특례 (stay manual pp.281-294)
    return fact


def _extension(case: Case, on: dt.date, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str]) -> None:
    """The dates of an extension (applied for from some months before the period of stay ends, never after it)
    and whether last year's income certificate covers a whole year in Korea."""
    expires = case.stay.expires_on
    if expires is not None:
        opens = months_before(expires, int(ruleset.parameter("extension_window_months")))
        fact["stay_expires_on"] = expires.isoformat()
        fact["stay_window_opens"] = opens.isoformat()
        fact["stay_days_to_expiry"] = (expires - on).days
        fact["stay_days_before_window"] = (opens - on).days
    if case.stay.previous_year_income_krw is not None:
        entered = case.applicant.entered_on
        if entered is None:
            missing["previous_year_whole"] = STAY_FIELDS["previous_year_whole"]
        else:  # a worker who entered during the previous year has a part year's income on the certificate
            fact["previous_year_whole"] = entered <= dt.date(on.year - 1, 1, 1)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))


def _korean_within_a_year(
    case: Case, occupation: str, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """The pilot codes' KIIP / TOPIK requirement within a year of entry (stay manual pp.283-294)."""
    if occupation not in ruleset.parameter("korean_within_a_year"):
        return
    if case.applicant.special_route in KOREAN_GRADUATE_ROUTES or case.applicant.korean_degree:
        fact["korean_within_a_year_applies"] = False  # 유학생 특례: not required
        return
    entered = case.applicant.entered_on
    from_date = dt.date.fromisoformat(str(ruleset.parameter("korean_within_a_year_entrants_from")))
    if occupation in ruleset.parameter("korean_within_a_year_dated") and entered is not None and entered < from_date:
        fact["korean_within_a_year_applies"] = False  # entered before the requirement (’24. 1. 1. 이후 입국자부터)
        return
    fact["korean_within_a_year_applies"] = True


def _stay_cap(case: Case, entry: Code, ruleset: Ruleset, fact: dict[str, Any]) -> tuple[float, str]:
    """The longest period one grant gives (visa manual p.170: 3 years, 5 for ministry-recommended talent, the
    regional special zones, the medical complexes and FEZ medical researchers; the E-7-2 and E-7-3 sections and the
    E-7-4 guideline: 2 years, which a code's section sets for itself and so prevails (p.183); the 1.5 x GNI route:
    1 year at first; the Korean requirement of S85411, S75104, S71032 or S85513 unmet a year after entry: 6
    months)."""
    if entry.subcategory in ("E-7-2", "E-7-3", "E-7-4"):
        cap, basis = float(ruleset.parameter("stay_cap_years_skilled")), f"the {entry.subcategory} cap per grant"
    elif case.stay.five_year_cap is not None:  # p.170: 5 years for these, where no code section sets its own cap
        cap, basis = float(ruleset.parameter("stay_cap_years_five")), f"the 5-year cap ({case.stay.five_year_cap})"
    else:
        cap, basis = float(ruleset.parameter("stay_cap_years")), "the general cap per grant"
    if case.applicant.special_route == "ministry_1_5_gni" and case.kind in ("initial", "change_of_status"):
        cap, basis = 1.0, "the first grant on the ministry-recommended 1.5 x GNI route"
    unmet = fact.get("korean_within_a_year_applies") and fact.get("korean_requirement_met") is False
    six_months = entry.occupation in ruleset.parameter("korean_within_a_year_six_months")
    if unmet and six_months and case.kind == "extension" and fact.get("years_since_entry", 0) >= 1:
        cap, basis = 0.5, "extensions of 6 months while the Korean requirement is unmet"
    waived = entry.subcategory == "E-7-4" and case.stay.korean_waiver and case.stay.korean_requirement_met is False
    if waived and case.kind == "extension":  # 2년 내 한국어능력 미충족시 … 이후 체류기간 6개월만 부여 (stay p.302)
        cap, basis = 0.5, "6 months for an E-7-4 holder who has not met the Korean requirement waived at the change"
    return cap, basis


def _passport(case: Case, on: dt.date, fact: dict[str, Any], missing: dict[str, str]) -> None:
    """E-7-4: the last day the passport allows the grant to reach. A stay is granted within the passport's
    validity (stay manual p.321: 다음 체류허가 신청 시에는 여권 유효기간 범위내에서 체류허가); with less than 6 months
    left on the filing date, once only and on the signed confirmation (붙임10), the passport is taken as valid for
    6 months (p.308 FAQ 9: 여권 유효기간을 6개월로 간주하여 체류기간을 부여), read as 6 months from the filing date,
    but not where stay.contract_years says the contract runs under 2 years (단, 고용계약기간은 2년 이상 되어있어야 함).
    The period asked for ends the day before the same date that many months on (2 years from 2026-07-01: 2028-06-30)."""
    s = case.stay
    if s.passport_expires_on is None or s.requested_years is None:
        return
    start = case.filed_on or on
    expires = s.passport_expires_on
    six_months = months_before(start, -6)
    requested_until = months_before(start, -round(s.requested_years * 12)) - dt.timedelta(days=1)
    fact["passport_expires_on"] = expires.isoformat()
    fact["stay_requested_until"] = requested_until.isoformat()
    fact["stay_requested_until_day"] = requested_until.toordinal()
    # the basis is read in both languages' messages: "Korean / English", as the papers' listed rows are (revb)
    if not start <= expires < six_months:  # expired, or 6 months or more left
        limit, basis = expires, "여권 유효기간 만료일 / the passport's expiry"
    elif s.passport_confirmation is None:
        missing["passport_limit_day"] = (
            "stay.passport_confirmation (the passport has less than 6 months left: is the once-only confirmation, "
            "annex 10, signed with this application?)"
        )
        return
    elif s.passport_confirmation and not s.passport_confirmation_used_before:
        if s.contract_years is not None and s.contract_years < 2:  # p.308: (단, 고용계약기간은 2년 이상 되어있어야 함)
            limit = expires
            basis = (
                "여권 유효기간 만료일: 확인서에 따른 6개월 간주는 고용계약기간 2년 이상이어야 함 / "
                "the passport's expiry: the confirmation's relief needs an employment contract of 2 years or more"
            )
        else:
            limit = six_months - dt.timedelta(days=1)
            basis = (
                "확인서 제출로 신청일부터 6개월로 간주(1회에 한함) / the passport taken as valid for 6 months from the "
                "filing date on the signed confirmation (once only)"
            )
    else:
        limit = expires
        basis = (
            "여권 유효기간 만료일: 1회에 한하는 확인서를 이전 허가 때 사용함 / the passport's expiry: the once-only "
            "confirmation was used at an earlier grant"
            if s.passport_confirmation
            else "여권 유효기간 만료일: 붙임10 확인서 미제출 / the passport's expiry: no confirmation (annex 10) signed"
        )
    fact["passport_limit"] = limit.isoformat()
    fact["passport_limit_day"] = limit.toordinal()
    fact["passport_limit_basis"] = basis


def _e7_4(case: Case, ruleset: Ruleset, fact: dict[str, Any]) -> None:
    """E-7-4 exclusions and employer conditions (stay manual pp.301, 303)."""
    q = case.e7_4
    if q is None:
        return
    for name in ("fine_1m_or_more", "personal_tax_arrears", "immigration_violation_count", "illegal_stay_months"):
        value = getattr(q, name)
        if value is not None:
            fact[f"e74_{name}"] = value
    if q.employer_e9_workers is not None:
        fact["e74_employer_e9_workers"] = q.employer_e9_workers
    if q.employer_recommendations is not None:
        fact["e74_employer_recommendations"] = q.employer_recommendations
    if q.employer_recommendation_banned is not None:
        fact["e74_employer_recommendation_banned"] = q.employer_recommendation_banned
    regular = case.employer.regular_workers
    # the 20% quota is a parameter of the rulesets from 2024-11-27 (the K-point E74 guideline); before it, no quota
    if regular is not None and "e74_recommendation_share" in ruleset.parameters:
        share = round(float(ruleset.parameter("e74_recommendation_share")) * 100)
        quota = -(-regular * share // 100)  # 소수점 이하는 올림
        if q.employer_e9_workers:  # an employer of E-9 / E-10 workers may recommend at least 1
            quota = max(quota, 1)
        fact["e74_recommendation_quota"] = quota
