"""Branches of a code's section that bring requirements of their own (position.section_route; task codes18 of issue
18), where the case files under them:

- 1512's ship-management experts (운송관련 관리자, 선박관리전문가 특례, visa manual 2026.6 p.193): the worker's sea
  service and years as a ship manager replace the general qualification, and the company's managed ships and income
  are its employer conditions and allowance (ruleset parameter ``ship_management_expert``; rules
  qualification.ship-management-expert, employer.ship-management-company, employer.code-allowance);
- 261's foreign legal consultants (외국법자문사, p.213): the approval and the registration with the Korean Bar
  Association, and no added workplace (외국법자문사법 제25조 ②; rules qualification.legal-consultant-registration,
  stay.legal-consultant-no-added-workplace).

- the Jeju international schools' alumni (2599, 제주국제학교 보조교사 등 특례, p.213; 31215, 제주영어교육도시 내
  상업시설 종사자 특례, p.223): an alumnus of the school abroad aged 18 or over changes status from a visa-free
  entry (2599 also from a working holiday on H-1, not a British or Irish national), with 2 years in the field or an
  English-teaching certificate for 2599 (ruleset parameter ``jeju_alumni_routes``; rules
  stay.jeju-alumnus-entry, qualification.jeju-alumnus-age, qualification.jeju-alumnus-experience); a pupil's
  parent or a staff member's family works on a permit for activities outside the status held, which e7 does not
  check.

``section_branch`` tells whether the branch a case files under is one of its own code's section (the rules of the
codes' own employers and of their stay read it too).

May import engine.core and engine.rules.code_workplace (called by engine/rules/code_sections.py while a case's
facts are prepared)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Case
from engine.rules.code_workplace import given

ROUTE = "ship_management_expert"
CONSULTANT = "foreign_legal_consultant"
# 선장, 기관장, 1등 항해사․기관사로 승선경력자: 선박관리자 경력 1년 이상; 2등 또는 3등 항해사․기관사: 5년 이상
SENIOR = ("master", "chief_engineer", "first_officer")
JUNIOR = ("second_officer", "third_officer")


def section_branch(occupation: str, route: str | None, parameters: dict[str, Any]) -> str | None:
    """The case's branch of its code's section (position.section_route), where it is this occupation's (parameter
    ``section_route_occupation``); None for no branch or a branch of another code's section."""
    owners = parameters.get("section_route_occupation")
    if route is None or owners is None or owners.value.get(route) != occupation:
        return None
    return route


def legal_consultant_facts(
    occupation: str, case: Case, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    if section_branch(occupation, case.position.section_route, parameters) != CONSULTANT:
        return
    fact["legal_consultant_route"] = True
    given(fact, missing, case.applicant.legal_consultant_registered, "applicant.legal_consultant_registered")


def ship_management_facts(
    occupation: str, case: Case, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    figures = parameters.get("ship_management_expert")
    if figures is None or section_branch(occupation, case.position.section_route, parameters) != ROUTE:
        return  # not this route, or a branch of another code's section
    f = figures.value
    a, e = case.applicant, case.employer
    fact["ship_management_route"] = True
    fact["section_qualification"] = "the ship-management experts' route"  # in place of the general rule
    given(fact, missing, a.sea_rank, "applicant.sea_rank (the highest rank sailed)")
    given(fact, missing, a.ship_manager_years, "applicant.ship_manager_years")
    if a.sea_rank in SENIOR:
        fact["ship_manager_years_needed"] = f["senior_years"]
    elif a.sea_rank in JUNIOR:
        fact["ship_manager_years_needed"] = f["junior_years"]
    fact["ship_min_ships"] = f["min_ships"]
    given(fact, missing, e.ships_managed_avg, "employer.ships_managed_avg (the average of the last 3 years)")
    # 선원임금을 제외한 외화수입이 연간 100만불 이상이거나 선원임금을 제외한 연매출액이 10억 원 이상: either settles it
    usd, krw = e.foreign_income_usd, e.revenue_excl_crew_wages_krw
    met = [usd is not None and usd >= f["min_foreign_income_usd"], krw is not None and krw >= f["min_revenue_krw"]]
    if any(met):
        fact["ship_income_met"] = True
    elif usd is not None and krw is not None:
        fact["ship_income_met"] = False
    else:
        missing["ship_income_met"] = (
            "employer.foreign_income_usd or employer.revenue_excl_crew_wages_krw (the company's income, crew wages"
            " aside)"
        )
    fact["ship_income"] = f"US${usd:,}" if usd is not None else "foreign income not stated"
    fact["ship_income"] += f", {krw:,} KRW of revenue" if krw is not None else ", revenue not stated"
    _allowance(f, case, fact, missing)


def _allowance(f: dict[str, Any], case: Case, fact: dict[str, Any], missing: dict[str, str]) -> None:
    """(업체당 고용허용인원) 기본요건 (관리선박 10척 + 외화수입 100만불 + 매출액 10억원) 당 1명씩 (업체 당 최대 5명):
    the unit names both incomes where the minimum asks one or the other, so the allowance is taken as the most
    either reading gives (units of 10 ships, and of US$1 million or of 1 billion KRW, whichever gives more), at most
    5; the rule employer.code-allowance compares it with the experts after the hire."""
    e = case.employer
    if e.same_code_workers is None:
        return  # read only where the case states the experts already employed (code_employers.allowance_facts)
    fact["code_allowance_applies"] = True
    fact["same_code_workers_after_hire"] = e.same_code_workers + 1
    cap = int(f["max_per_company"])
    by_ships = None if e.ships_managed_avg is None else int(e.ships_managed_avg // f["min_ships"])
    incomes = [
        None if e.foreign_income_usd is None else e.foreign_income_usd // f["min_foreign_income_usd"],
        None if e.revenue_excl_crew_wages_krw is None else e.revenue_excl_crew_wages_krw // f["min_revenue_krw"],
    ]
    known = [int(n) for n in incomes if n is not None]
    ceiling = cap if by_ships is None else min(cap, by_ships)
    if by_ships is None or not known or (None in incomes and max(known) < ceiling):
        missing["code_allowance"] = (
            "employer.ships_managed_avg, employer.foreign_income_usd and employer.revenue_excl_crew_wages_krw (the"
            " ship-management company's allowance)"
        )
        return
    fact["code_allowance"] = min(ceiling, max(known))
    fact["code_allowance_basis"] = (
        f"1 per {f['min_ships']} ships managed and US$1,000,000 of foreign income or 1,000,000,000 KRW of revenue,"
        f" at most {cap}"
    )


def jeju_alumni_facts(occupation: str, case: Case, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    """An alumnus's change of status under the Jeju international schools' special rules (pp.213, 223), read where
    the case states applicant.jeju_school_tie = alumnus; the parameter names, per occupation, the ways in
    (entries), the nationalities barred from the working-holiday one and the years in the field (or a certificate)."""
    routes = parameters.get("jeju_alumni_routes")
    a = case.applicant
    if routes is None or occupation not in routes.value or a.jeju_school_tie != "alumnus":
        return
    route = routes.value[occupation]
    # the special rule is the Jeju school's (2599) or the Jeju English city's (31215) branch: where the case states
    # another branch of the code (a school in Seoul, a duty-free shop), the alumnus's tie does not bring it in
    stated_branches = {"section_route": case.position.section_route, "business_kind": case.employer.business_kind}
    for branch, stated in stated_branches.items():
        if branch in route and stated is not None and stated != route[branch]:
            return
    fact["jeju_alumnus"] = True
    fact["jeju_alumnus_min_age"] = route["min_age"]
    entries = [x.strip() for x in route["entries"].split(",")]
    fact["jeju_alumnus_entries"] = ", ".join(entries)
    entry = case.stay.entry_status
    if entry is not None:
        fact["entry_status"] = entry
        # refused only where the manual restricts it (영국과 아일랜드 국민은 … 체류자격변경을 제한, p.213); a way in the
        # special rule does not name (another status held) is no refusal: the general rules of change of status
        # for the status held apply (stay.jeju-alumnus-entry-general, risk)
        barred = [x.strip().lower() for x in route.get("working_holiday_barred", "").split(",") if x.strip()]
        refused = entry == "working_holiday" and a.nationality is not None and a.nationality.strip().lower() in barred
        fact["jeju_alumnus_entry_accepted"] = not refused
        if a.nationality is not None:
            fact.setdefault("nationality", a.nationality)
        fact["jeju_alumnus_entry_named"] = entry in entries
    years = route.get("experience_years")
    if years is not None:
        fact["jeju_alumnus_experience_years"] = years
        if a.english_teaching_certificate is not None:
            fact["english_teaching_certificate"] = a.english_teaching_certificate
        if a.english_teaching_certificate:
            fact["jeju_alumnus_experience_met"] = True
        elif a.experience_years is not None and a.english_teaching_certificate is not None:
            fact["jeju_alumnus_experience_met"] = a.experience_years >= years
        elif a.experience_years is not None and a.experience_years >= years:
            fact["jeju_alumnus_experience_met"] = True
