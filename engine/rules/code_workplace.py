"""Employer conditions of the codes' sections on pp.220-250 of the visa manual 2026.6 that need a look-up before a
rule can compare (task codesB of issue 18): a minimum workforce a small enterprise (소기업) is exempt from (7406,
p.236) and a hotel's share of foreign guests by region (3922, pp.223-224). The figures are ruleset parameters by
occupation (``codesb_min_workers_unless_small``, ``codesb_foreign_guest_percent``); the rules
employer.code-minimum-workers-unless-small and employer.hotel-foreign-guests decide.

May import engine.core (called by engine/rules/facts.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Applicant, Employer


def given(fact: dict[str, Any], missing: dict[str, str], value: Any, field: str, name: str = "") -> None:
    """The case's value as the fact ``name`` (the field's own name by default), or the field that would give it where
    the case does not."""
    name = name or field.split(".")[-1].split(" ")[0]
    if value is not None:
        fact[name] = value
    else:
        missing[name] = field


def accept(
    fact: dict[str, Any], occupation: str, parameters: dict[str, Any], parameter: str, value: Any,
    names: tuple[str, str, str],
) -> bool:  # fmt: skip
    """Where a code's section accepts only some values (a comma-separated text by occupation in ``parameter``): the
    accepted values, the case's value and whether it is one of them as the facts ``names`` (list, value, accepted),
    the last two only where the case gives the value. False where the code has no such list."""
    table = parameters.get(parameter)
    if table is None or occupation not in table.value:
        return False
    listed, given_as, accepted = names
    options = [v.strip() for v in table.value[occupation].split(",")]
    fact[listed] = ", ".join(options)
    if value is not None:
        fact[given_as] = value
        fact[accepted] = value in options
    return True


def code_workplace_facts(
    occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    workers = parameters.get("codesb_min_workers_unless_small")
    if workers is not None and occupation in workers.value:
        fact["code_min_workers_unless_small"] = workers.value[occupation]
        given(fact, missing, e.small_enterprise, "employer.small_enterprise")
        # regular workers (상시근로자) include every insured domestic and foreign employee: without the count, their
        # sum is a lower bound that settles the condition when it reaches the minimum
        if e.regular_workers is not None:
            fact["workforce_at_least"] = e.regular_workers
        elif e.domestic_employees is not None:
            fact["workforce_at_least"] = e.domestic_employees + (e.foreign_employees or 0)
        else:
            missing["workforce_at_least"] = "employer.regular_workers (상시근로자)"
    guests = parameters.get("codesb_foreign_guest_percent")
    if guests is not None and occupation in guests.value:
        # the share the hotel must exceed: by region, the depopulation areas' first (p.224: 30%, 비수도권 15%,
        # 인구감소지역 10%)
        shares: dict[str, float] = guests.value[occupation]
        fact["code_foreign_guests_apply"] = True
        share = e.foreign_guest_percent
        given(fact, missing, share, "employer.foreign_guest_percent (of last year's guests)")
        regional = None if e.capital_region is None else shares["capital" if e.capital_region else "non_capital"]
        lowest = shares["depopulation_area"]
        # a depopulation area may lie in either region (Ganghwa and Gapyeong are in the capital region): while the
        # case does not say, the regional share holds only where the lower one would not change the answer
        if e.depopulation_area:
            fact["code_min_foreign_guest_percent"] = lowest
        elif regional is not None and (
            share is None or e.depopulation_area is False or share > regional or share <= lowest
        ):
            fact["code_min_foreign_guest_percent"] = regional
        else:
            missing["code_min_foreign_guest_percent"] = (
                "employer.capital_region and employer.depopulation_area (the share a hotel must exceed depends on"
                " its region)"
            )


# the case field each of a business kind's minimums compares (ruleset parameter codesb_business_minimums)
MINIMUMS = {
    "annual_revenue_krw": "code_min_business_revenue_krw",
    "annual_vat_krw": "code_min_vat_krw",
    "domestic_employees": "code_min_domestic_staff",
}


def business_kind_facts(
    occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """The kinds of business a code's section accepts (31215: duty-free shops, Jeju restaurants and the Jeju English
    city's shops, pp.221-222; 441: tourist hotels and restaurants, Chinese and other foreign restaurants, those of
    the special zones, pp.229-230), whether the employer is one, and the minimums of its kind, the floor area after
    the exceptions that lower it (a designated tourist facility, a Jeju restaurant's revenue or its designation as
    a model restaurant)."""
    kinds = parameters.get("codesb_business_kinds")
    if kinds is None or occupation not in kinds.value:
        return
    accepted = [k.strip() for k in kinds.value[occupation].split(",")]
    fact["code_business_kinds"] = ", ".join(accepted)
    if e.business_kind is None:
        missing["business_kind_accepted"] = f"employer.business_kind (one of: {', '.join(accepted)})"
        return
    fact["business_kind"] = e.business_kind
    fact["business_kind_accepted"] = e.business_kind in accepted
    own = parameters.get("code_own_protection")  # the section's own size and ratio rules (31215's Jeju restaurants)
    if own is not None and e.business_kind in [k.strip() for k in own.value.get(occupation, "").split(",")]:
        fact["code_own_protection"] = True
    size = parameters.get("code_own_size")  # the section's own size rule only (31215's duty-free shops: 2 domestic)
    if size is not None and e.business_kind in [k.strip() for k in size.value.get(occupation, "").split(",")]:
        fact["code_own_size"] = True
    table = parameters.get("codesb_business_minimums")
    if not fact["business_kind_accepted"] or table is None or e.business_kind not in table.value:
        return
    m: dict[str, float] = table.value[e.business_kind]
    for field, name in MINIMUMS.items():
        if field in m:
            fact[name] = m[field]
    if "domestic_employees_doubtful" in m:  # a minimum the manual's own table contradicts: a risk, not a refusal
        fact["code_doubtful_domestic_staff"] = m["domestic_employees_doubtful"]
    if e.annual_vat_krw is not None:
        fact["annual_vat_krw"] = e.annual_vat_krw
    area = e.floor_area_m2
    if area is not None:
        fact["floor_area_m2"] = area
    fact["code_business_area_applies"] = True
    full, reduced = m["floor_area_m2"], m.get("reduced_floor_area_m2")
    exceptions: list[tuple[bool | None, str]] = []
    if "reduced_if_revenue_krw" in m:
        revenue = e.annual_revenue_krw
        held = None if revenue is None else revenue >= m["reduced_if_revenue_krw"]
        cuisines = m.get("reduced_if_cuisines")
        if held and cuisines is not None and e.restaurant_cuisine is not None:
            # the revenue's exception is only for the cuisines it names (한식, 양식, 중식, 일식당에 한함);
            # where the case does not say the cuisine, the exception counts (the value that blocks less)
            held = e.restaurant_cuisine in [c.strip() for c in str(cuisines).split(",")]
        exceptions.append((held, "employer.annual_revenue_krw"))
    if "reduced_if_model_restaurant" in m:
        exceptions.append((e.model_restaurant, "employer.model_restaurant"))
    if "reduced_if_designated" in m:
        exceptions.append((e.tourist_facility_designated, "employer.tourist_facility_designated"))
    if reduced is None or all(held is False for held, _ in exceptions):
        fact["code_min_floor_area_m2"] = full
    elif any(held for held, _ in exceptions):
        fact["code_min_floor_area_m2"] = reduced
    elif area is not None and (area >= full or area < reduced):
        fact["code_min_floor_area_m2"] = full  # the exceptions would not change the answer
    else:
        fields = ", ".join(f for held, f in exceptions if held is None)
        missing["code_min_floor_area_m2"] = f"{fields} (whether the lower minimum floor area of {reduced:g} m² holds)"


def employer_record_facts(
    occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """The employer's record where a code's section asks for one: a travel agency's foreign tourists (43213, p.227),
    the industry of its business registration (78369, p.239) and law violations in the last 2 years (S8417, p.242)."""
    tourists = parameters.get("codesb_min_foreign_tourists")
    if tourists is not None and occupation in tourists.value:
        fact["code_min_foreign_tourists"] = tourists.value[occupation]
        # 2732's own minimum (code_min_foreign_tourists, code_qualifications.py) sets the same fact: this one marks
        # the codes whose rule reads the equivalent record, so that each rule applies only to its own codes
        fact["code_tourists_or_equivalent"] = True
        given(fact, missing, e.foreign_tourists_per_year, "employer.foreign_tourists_per_year")
        given(fact, missing, e.equivalent_tourist_record, "employer.equivalent_tourist_record")
    names = ("code_industry_codes", "ksic_code", "industry_code_accepted")
    if accept(fact, occupation, parameters, "codesb_industry_codes", e.ksic_code, names) and e.ksic_code is None:
        missing["industry_code_accepted"] = "employer.ksic_code (the industry of its business registration)"
    violations = parameters.get("codesb_no_law_violations_years")
    if violations is not None and occupation in violations.value:
        fact["code_no_law_violations_years"] = violations.value[occupation]
        given(
            fact,
            missing,
            e.law_violations_past_two_years,
            "employer.law_violations_past_two_years",
            "law_violations_in_window",
        )


def counselling_facts(
    occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """Customer-counselling clerks (3991, p.225): the employer's revenue from international service contracts, its
    direct hiring with an office of its own, and the pay of its domestic workers in the same job; and G-1 moves after
    wage arrears that count with the absconders (31215 p.223, 441 p.230)."""
    revenue = parameters.get("codesb_min_international_revenue_krw")
    if revenue is not None and occupation in revenue.value:
        fact["code_min_international_revenue_krw"] = revenue.value[occupation]
        given(fact, missing, e.international_service_revenue_krw, "employer.international_service_revenue_krw")
    for parameter, name, value, field in (
        ("codesb_direct_hire_with_office", "code_direct_hire_with_office", e.direct_hire_with_office,
         "employer.direct_hire_with_office"),
        ("codesb_domestic_average_pay", "code_domestic_average_pay", e.same_job_domestic_average_monthly_krw,
         "employer.same_job_domestic_average_monthly_krw"),
        ("codesb_g1_moves_deducted", "code_g1_moves_deducted", e.g1_moves_past_year, "employer.g1_moves_past_year"),
    ):  # fmt: skip
        listed = parameters.get(parameter)
        if listed is None or occupation not in listed.value:
            continue
        fact[name] = True
        given(fact, missing, value, field)


def language_facts(
    occupation: str, a: Applicant, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """A code's own language minimum with its English alternative (3991, p.226: TOPIK 2, KIIP stage 2 or TOEIC 730)."""
    table = parameters.get("codesb_language_minimum")
    if table is None or occupation not in table.value:
        return
    fact["code_language_korean_level"] = table.value[occupation]["korean_level"]
    fact["code_language_toeic"] = table.value[occupation]["toeic"]
    given(fact, missing, a.toeic_score, "applicant.toeic_score (TOEIC, the alternative to Korean)")


def coordinator_cap_facts(
    occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """Medical coordinators (S3922, p.224): the cap per registered body by its kind (an attraction medical
    institution 2, an agency 1; designated ones 3 and 2) and 1 more per 1,000 foreign patients above 1,000 over the
    last year: a band look-up the rule employer.coordinator-cap compares with the coordinators after the hire."""
    table = parameters.get("codesb_coordinator_caps")
    if table is None or occupation not in table.value:
        return
    caps: dict[str, float] = table.value[occupation]
    fact["code_coordinator_cap_applies"] = True
    after = None if e.same_code_workers is None else e.same_code_workers + 1
    given(fact, missing, after, "employer.same_code_workers (under this code)", "same_code_workers_after_hire")
    if e.attraction_body is None or e.attraction_designated is None or e.foreign_patients_past_year is None:
        names = ("attraction_body", "attraction_designated", "foreign_patients_past_year")
        absent = [f"employer.{n}" for n in names if getattr(e, n) is None]
        missing["code_coordinator_cap"] = f"{', '.join(absent)} (the cap of coordinators per registered body)"
        return
    kind = f"designated_{e.attraction_body}" if e.attraction_designated else e.attraction_body
    above = max(0, e.foreign_patients_past_year - int(caps["patients_from"]))
    fact["code_coordinator_cap"] = int(caps[kind]) + above // int(caps["patients_per_extra"])
    body = (
        "attraction medical institution (유치의료기관)"
        if e.attraction_body == "institution"
        else "attraction agency (유치업자)"
    )
    fact["attraction_kind"] = f"a designated {body}" if e.attraction_designated else f"an {body}"
    fact["foreign_patients_past_year"] = e.foreign_patients_past_year


def cuisine_facts(
    occupation: str, e: Employer, post: str | None, parameters: dict[str, Any], fact: dict[str, Any]
) -> None:
    """The cooks' 도입 불가 posts (parameter ``code_barred_cook_posts``: 한식, 분식·커피·전통차 조리사; 441, visa
    manual 2026.6 p.228, and 451 in the 2026-09-01 edition), read where the case states position.cook_post; and the
    2026-09-01 edition's bar on Korean-cuisine posts (451: 한식 주방장 및 조리사 등 위 도입불가 직종에서의 취업을
    제한, p.229; parameter ``code_no_korean_cuisine``), read where the case states employer.restaurant_cuisine."""
    barred = parameters.get("code_barred_cook_posts")
    if post is not None and barred is not None and occupation in barred.value:
        fact["code_barred_cook_posts"] = True
        fact["cook_post"] = post
        fact["cook_post_barred"] = post in [k.strip() for k in barred.value[occupation].split(",")]
    codes = parameters.get("code_no_korean_cuisine")
    if codes is None or occupation not in codes.value:
        return
    fact["code_no_korean_cuisine"] = True
    if e.restaurant_cuisine is not None:
        fact["restaurant_cuisine"] = e.restaurant_cuisine
