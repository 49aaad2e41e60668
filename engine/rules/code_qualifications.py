"""The facts of a code's own qualification set by its section (visa manual 2026.6 pp.187-219, issue 18): a
minimum degree, a master's or a bachelor's with years of experience, a licence, the reshoring companies' route
(its qualification by service at the company's overseas subsidiary and its allowance of 30% of the insured
domestic employees) and 2742's overseas online sellers (their thresholds and the employer's exports). The
tables are ruleset parameters kept by occupation; the rules that compare them are in rulesets/2022-07-01.toml.
Called by engine/rules/facts.py while it prepares a case.

May import engine.core and engine.rules.rulesets; engine.rules.facts (which imports this module) only inside
a function."""

from __future__ import annotations

from typing import Any

from engine.core.case import Case
from engine.rules.rulesets import Ruleset

# the fact each table sets where the case's occupation is in it, read by the qualification rules
TABLES = {
    "code_min_education_rank": "code_min_education_rank",
    "code_bachelor_experience_years": "code_bachelor_experience_years",
}

# the thresholds of 2742's online sellers (p.218), set as facts where the case files under that branch
ONLINE_SELLER = ("online_seller_min_exports_krw", "online_seller_min_korean_level", "online_seller_min_education_rank")

# a reshoring company's allowance: 고용보험 가입 내국인 피보험자(3개월 평균) 수의 30% (pp.191, 195, 202-208)
RESHORING_RATIO = "code_reshoring_allowance_ratio"


def code_qualification_facts(
    occupation: str, case: Case, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str], group: str = ""
) -> None:
    """Set the facts of the code's own qualification tables and of the reshoring route for ``occupation`` (of the
    catalogue's ``group``)."""
    for parameter, name in TABLES.items():
        table = ruleset.parameters.get(parameter)
        if table is not None and occupation in table.value:
            fact[name] = table.value[occupation]
    a = case.applicant
    owners = ruleset.parameters.get("section_route_occupation")
    route = case.position.section_route
    if owners is not None and owners.value.get(route) != occupation:
        route = None  # a branch of another code's section: not this code's requirement
    routes = ruleset.parameters.get("route_bachelor_experience_years")
    if route is not None and routes is not None and route in routes.value:
        # the branch's own degree and experience, in place of the general rule (14901's farm managers, p.192)
        fact["code_bachelor_experience_years"] = routes.value[route]
        fact["code_degree_must_relate"] = True
        fact["section_qualification"] = route
    e9 = ruleset.parameters.get("code_former_e9_bachelor")
    if e9 is not None and occupation in e9.value:
        fact["code_former_e9_bachelor"] = True
        if a.former_e9_stay is not None:
            fact["former_e9_stay"] = a.former_e9_stay
        else:
            missing["former_e9_stay"] = "applicant.former_e9_stay (did the worker stay in Korea on E-9 before?)"
    tourists = ruleset.parameters.get("code_min_foreign_tourists")
    if tourists is not None and occupation in tourists.value:
        fact["code_min_foreign_tourists"] = tourists.value[occupation]
    # read by rules and by 2732's conditional allowance (ruleset [[conditional]]), which runs after this
    for name, value in (
        ("foreign_tourists_per_year", case.employer.foreign_tourists_per_year),
        ("equivalent_tourist_record", case.employer.equivalent_tourist_record),
        ("korean_graduate", a.korean_graduate),
    ):
        if value is not None:
            fact[name] = value
    # a large enterprise's manager needs no recommendation: the managers' common criteria (1212 to 1522, pp.187-193)
    # and the general rule (p.175: 사기업이라도 대기업 관리자에 해당하는 자를 고용하는 경우), which names no code, so
    # every code of the catalogue's managers group, whatever the snapshot
    waived = ruleset.parameters.get("recommendation_waived_large_enterprise")
    manager = group == "managers" or (waived is not None and occupation in waived.value)
    if manager and case.employer.size == "large":
        fact["recommendation_waived"] = "a large enterprise's manager (대기업 종사 관리자: 고용추천서 징구 면제)"
    public = ruleset.parameters.get("code_public_employer_only")
    if public is not None and occupation in public.value:
        fact["code_public_employer_only"] = True
    licences = ruleset.parameters.get("code_required_licence")
    by_route = ruleset.parameters.get("route_required_licence")
    needed: str | None = None
    if licences is not None and occupation in licences.value:
        needed = licences.value[occupation]
    elif route is not None and by_route is not None and route in by_route.value:
        needed = by_route.value[route]
    if needed is not None:
        fact["code_licence"] = needed
        if a.licences is not None:
            fact["licence_held"] = needed in a.licences
        else:
            missing["licence_held"] = f"applicant.licences (does the applicant hold '{needed}'?)"
    _reshoring(occupation, case, ruleset, fact, missing)
    if route == "online_seller":
        _online_seller(case, ruleset, fact, missing)
    if route == "vietnam_sw":
        # 2222's Vietnamese SW route waives the general rule's year (p.198), during its trial
        fact["vietnam_sw_route"] = True
        fact["section_qualification"] = "the Vietnamese SW route"
        start, end = ruleset.parameter("vietnam_sw_trial")
        fact["vietnam_sw_trial_start"], fact["vietnam_sw_trial_end"] = start, end
        fact["vietnam_sw_trial_open"] = start <= fact["as_of"] <= end


def _online_seller(case: Case, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str]) -> None:
    """2742's overseas online sellers (해외 온라인 상품 판매원, p.218): the thresholds of their branch, and the
    employer's exports they are compared with."""
    fact["online_seller"] = True  # the branch of 2742 / 2842 (section_route_occupation): its rules apply
    fact["section_qualification"] = "overseas online sellers"  # 별도 요건 적용, in place of the general rule
    for name in ONLINE_SELLER:
        fact[name] = ruleset.parameter(name)
    exports = case.employer.exports_last_year_krw
    if exports is not None:
        fact["exports_last_year_krw"] = exports
    else:
        missing["exports_last_year_krw"] = "employer.exports_last_year_krw (the employer's exports of the last year)"


def _reshoring(occupation: str, case: Case, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str]) -> None:
    """The reshoring route (국내복귀기업 특례): where the employer is a selected reshoring company, its section
    sets the worker's qualification and the employer's allowance in place of the general ones."""
    ratio = ruleset.parameters.get(RESHORING_RATIO)
    if ratio is None or occupation not in ratio.value or case.employer.reshoring is not True:
        return
    fact["code_reshoring_route"] = True
    fact["section_qualification"] = "the reshoring route"  # in place of the general rule (qualification.e7-1-general)
    years = case.applicant.overseas_subsidiary_years
    if years is not None:
        fact["overseas_subsidiary_years"] = years
    else:
        missing["overseas_subsidiary_years"] = (
            "applicant.overseas_subsidiary_years (years employed at the reshoring company's overseas subsidiary)"
        )
    per_mille = round(float(ratio.value[occupation]) * 1000)
    fact["reshoring_ratio_x100"] = per_mille // 10
    domestic = case.employer.domestic_employees
    if domestic is not None:
        from engine.rules.facts import foreign_quota  # facts.py imports this module

        fact["reshoring_allowed"] = foreign_quota(domestic, per_mille, "half_up")
