"""The codes' own sections read from case facts by task codes18 of issue 18 (visa manual 2026.6 pp.207-231): the
employer conditions (employer.code-conditions), the allowances per employer (employer.code-allowance: 3991, 2742's
online sellers, 43213, 441), 2543's qualification routes (qualification.code-routes with course_years) and 3922's
student route that lifts the cap per hotel; each on both sides of its boundary, and bad input refused in one line."""

from __future__ import annotations

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError

from .cases import make
from .test_rules_both_sides import findings, passed

CONDITIONS = "employer.code-conditions"
ALLOWANCE = "employer.code-allowance"
ROUTES = "qualification.code-routes"
EXPERIENCE = "qualification.code-route-experience"


def case(code: str, subcategory: str, employer: dict | None = None, applicant: dict | None = None, **position):
    pos = {"code": code, "subcategory": subcategory, "job_title": "Worker", "annual_salary_krw": 45_000_000} | position
    return make(position=pos, employer=employer or {}, applicant=applicant or {})


# -- employer.code-conditions (pp.207, 209, 217, 218, 223) ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "subcategory", "field", "extra"),
    [
        ("2364", "E-7-1", "training_institute", {"size": "public"}),
        ("2395", "E-7-1", "separate_design_space", {"regular_workers": 20}),
        ("2735", "E-7-1", "foreign_event_plan", {}),
        ("3922", "E-7-2", "tourist_hotel", {}),
    ],
)
def test_employer_condition_on_both_sides(ev, code, subcategory, field, extra):
    decision, found = findings(ev, case(code, subcategory, {field: True} | extra))
    assert CONDITIONS not in found and CONDITIONS in passed(decision)
    decision, found = findings(ev, case(code, subcategory, {field: False} | extra))
    f = found[CONDITIONS]
    assert f.severity == "blocking" and f.evidence["code_employer_conditions_unmet"]
    decision, found = findings(ev, case(code, subcategory, extra))  # not stated: not read (the advice names it)
    assert CONDITIONS not in found and CONDITIONS not in passed(decision)


def test_online_sellers_conditions_only_on_their_branch(ev):
    sellers = {"trade_registered": True, "seller_office": False, "exports_last_year_krw": 6_000_000_000}
    _, found = findings(ev, case("2742", "E-7-1", sellers, section_route="online_seller"))
    assert (
        "office for the sellers" in found[CONDITIONS].message
        and "trade association" not in found[CONDITIONS].evidence["code_employer_conditions_unmet"]
    )
    decision, found = findings(ev, case("2742", "E-7-1", sellers))  # the general branch: not its conditions
    assert CONDITIONS not in found and CONDITIONS not in passed(decision)
    decision, found = findings(
        ev, case("2742", "E-7-1", sellers | {"seller_office": True}, section_route="online_seller")
    )
    assert CONDITIONS not in found and CONDITIONS in passed(decision)


# -- employer.code-allowance ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "subcategory", "employer", "route"),
    [
        ("3991", "E-7-2", {"international_service_revenue_krw": 9_999_999_999}, None),
        ("2742", "E-7-1", {"exports_last_year_krw": 6_000_000_000}, "online_seller"),
    ],
)
def test_forty_below_ten_billion(ev, code, subcategory, employer, route):
    extra = {"section_route": route} if route else {}
    decision, found = findings(ev, case(code, subcategory, employer | {"same_code_workers": 39}, **extra))
    assert decision.facts["code_allowance"] == 40 and ALLOWANCE not in found and ALLOWANCE in passed(decision)
    _, found = findings(ev, case(code, subcategory, employer | {"same_code_workers": 40}, **extra))
    f = found[ALLOWANCE]
    assert f.severity == "blocking" and f.evidence["code_allowance"] == 40
    assert f.evidence["same_code_workers_after_hire"] == 41
    # from 10 billion KRW: no number (the 70% of the field's staff is not read)
    field = next(iter(employer))
    decision, found = findings(ev, case(code, subcategory, {field: 10_000_000_000, "same_code_workers": 100}, **extra))
    assert ALLOWANCE not in found and "code_allowance" not in decision.facts


def test_tourist_guides_two_and_one_more_per_2000(ev):
    employer = {"foreign_tourists_per_year": 4_000, "same_code_workers": 3}
    decision, found = findings(ev, case("43213", "E-7-2", employer))
    assert decision.facts["code_allowance"] == 4 and ALLOWANCE not in found
    _, found = findings(ev, case("43213", "E-7-2", employer | {"foreign_tourists_per_year": 3_999}))
    assert found[ALLOWANCE].evidence["code_allowance"] == 3 and found[ALLOWANCE].severity == "blocking"
    # fewer than 2,000 (an equivalent record): 2
    decision, _ = findings(ev, case("43213", "E-7-2", {"foreign_tourists_per_year": 1_500, "same_code_workers": 0,
                                                         "equivalent_tourist_record": True}))  # fmt: skip
    assert decision.facts["code_allowance"] == 2


COOK_DUTIES = [{"task": "Cook Chinese dishes for the restaurant's guests", "share": 100}]


def cook(employer: dict):
    base = {"business_kind": "foreign_restaurant", "floor_area_m2": 100, "annual_vat_krw": 6_000_000,
            "domestic_employees": 4}  # fmt: skip
    return case("441", "E-7-2", base | employer)


def test_cook_allowance_average_of_area_vat_and_staff(ev):
    # a general restaurant: 100 m² → 3, VAT 6,000,000 → 3, 4 domestic staff → 4 (the table prints 4 for both 3 and
    # 4): an average of 3.33, taken rounded up to 4, at most the 4 by staff
    decision, found = findings(ev, cook({"same_code_workers": 3}))
    assert decision.facts["code_allowance"] == 4 and ALLOWANCE not in found
    _, found = findings(ev, cook({"same_code_workers": 4}))
    f = found[ALLOWANCE]
    assert f.severity == "blocking" and f.evidence["code_allowance"] == 4 and "3.33" in f.message
    # never above the allowance by domestic staff: 2 staff → 1
    decision, _ = findings(ev, cook({"domestic_employees": 2, "floor_area_m2": 700, "annual_vat_krw": 50_000_000,
                                     "same_code_workers": 0}))  # fmt: skip
    assert decision.facts["code_allowance"] == 1
    # the absconders and the G-1 moves of the last year are deducted
    decision, found = findings(ev, cook({"same_code_workers": 2, "absconders_past_year": 1, "g1_moves_past_year": 1}))
    assert decision.facts["code_allowance"] == 2 and found[ALLOWANCE].evidence["same_code_workers_after_hire"] == 3


def test_cook_allowance_chinese_and_special_zone_tables(ev):
    chinese = {"business_kind": "chinese_restaurant", "floor_area_m2": 250, "annual_vat_krw": 6_000_000,
               "domestic_employees": 5, "same_code_workers": 1}  # fmt: skip
    decision, found = findings(ev, case("441", "E-7-2", chinese))
    assert decision.facts["code_allowance"] == 2 and ALLOWANCE not in found
    decision, found = findings(
        ev, case("441", "E-7-2", chinese | {"floor_area_m2": 249.9, "annual_vat_krw": 5_999_999})
    )
    assert decision.facts["code_allowance"] == 2  # (1 + 1 + 2) / 3 = 1.33, rounded up
    decision, found = findings(ev, case("441", "E-7-2", chinese | {"domestic_employees": 4}))
    assert decision.facts["code_allowance"] == 1 and found[ALLOWANCE].severity == "blocking"
    zone = {"business_kind": "special_zone_restaurant", "floor_area_m2": 50, "annual_vat_krw": 2_000_000,
            "domestic_employees": 0, "same_code_workers": 0}  # fmt: skip
    decision, _ = findings(ev, case("441", "E-7-2", zone))
    # 30∼50㎡: 1, 2,000,000 won: 1, no domestic staff asked up to 3 ('-'): 3; (1 + 1 + 3) / 3 = 1.67, rounded up
    assert decision.facts["code_allowance"] == 2
    decision, _ = findings(ev, case("441", "E-7-2", zone | {"floor_area_m2": 50.5, "annual_vat_krw": 2_500_000}))
    assert decision.facts["code_allowance"] == 3  # above 50 m² (51∼100㎡): 2, 2,500,000 won: 2; 7 / 3 rounded up
    decision, _ = findings(ev, case("441", "E-7-2", zone | {"floor_area_m2": 201, "annual_vat_krw": 10_000_000}))
    assert decision.facts["code_allowance"] == 3  # 5 and 5, but 3 by 0 domestic staff


def test_allowance_read_only_where_the_workers_under_the_code_are_stated(ev):
    decision, found = findings(ev, cook({}))
    assert ALLOWANCE not in found and "code_allowance_applies" not in decision.facts
    decision, found = findings(ev, case("43213", "E-7-2", {"foreign_tourists_per_year": 4_000}))
    assert ALLOWANCE not in found and ALLOWANCE not in passed(decision)


def test_cook_allowance_asks_for_what_it_needs(ev):
    decision, found = findings(ev, cook({"floor_area_m2": None, "same_code_workers": 1}))
    assert found[ALLOWANCE].severity == "needs_information" and "employer.floor_area_m2" in found[ALLOWANCE].message
    decision, _ = findings(ev, case("441", "E-7-2", {"business_kind": "tourist_hotel_or_restaurant"}))
    assert "code_allowance_applies" not in decision.facts  # no table for tourist hotels


# -- 3922's student route lifts the cap of 5 per hotel (p.224) ------------------------------------------------------


def test_student_route_lifts_the_hotel_cap(ev):
    employer = {"foreign_employees": 5, "domestic_employees": 100, "foreign_guest_percent": 40, "tourist_hotel": True}
    graduate = {"education": "associate", "korean_degree": True, "degree_related": True}
    _, found = findings(ev, case("3922", "E-7-2", employer, graduate))
    assert "employer.max-per-employer" not in found
    _, found = findings(ev, case("3922", "E-7-2", employer, graduate | {"korean_degree": False}))
    assert "employer.max-per-employer" in found


# -- 2543's own qualification routes (p.211) ---------------------------------------------------------------------


@pytest.mark.parametrize(("course", "years"), [(2, 5), (1, 7)])
def test_technical_instructor_course_routes(ev, course, years):
    applicant = {"education": "high_school", "degree_related": False, "code_course_years": course}
    decision, found = findings(ev, case("2543", "E-7-1", {}, applicant | {"experience_years": years}))
    assert ROUTES not in found and EXPERIENCE not in found and ROUTES in passed(decision)
    _, found = findings(ev, case("2543", "E-7-1", {}, applicant | {"experience_years": years - 0.5}))
    assert found[EXPERIENCE].severity == "blocking" and found[EXPERIENCE].evidence["code_route_experience"] == years


def test_technical_instructor_degree_route_and_none(ev):
    degree = {"education": "bachelor", "degree_related": True, "experience_years": 3}
    _, found = findings(ev, case("2543", "E-7-1", {}, degree))
    assert ROUTES not in found and EXPERIENCE not in found
    _, found = findings(ev, case("2543", "E-7-1", {}, degree | {"experience_years": 2.9, "code_course_years": 0}))
    assert found[EXPERIENCE].severity == "blocking"
    _, found = findings(ev, case("2543", "E-7-1", {}, {"education": "high_school", "code_course_years": 0.5,
                                                         "experience_years": 10}))  # fmt: skip
    assert found[ROUTES].severity == "blocking" and "a course of 1 years" in found[ROUTES].message


@pytest.mark.parametrize(
    ("section", "data", "field"),
    [
        ("applicant", {"code_course_years": -1}, "code_course_years"),
        ("employer", {"tourist_hotel": "yes"}, "tourist_hotel"),
    ],
)
def test_bad_input_names_the_field(section, data, field):
    raw = {"id": "bad", "position": {"code": "2543"}, section: data}
    with pytest.raises(InputError) as err:
        case_from_data(raw, "bad.toml")
    assert field in str(err.value) and "bad.toml" in str(err.value)


# -- 1512's ship-management experts (p.193) ----------------------------------------------------------------------

SHIP = "qualification.ship-management-expert"
COMPANY = "employer.ship-management-company"
COMPANY_OK = {"mof_registered": True, "ships_managed_avg": 10, "foreign_income_usd": 1_000_000}


def ship(applicant: dict, employer: dict | None = None, route: str = "ship_management_expert"):
    return case("1512", "E-7-1", COMPANY_OK | (employer or {}), applicant, section_route=route)


@pytest.mark.parametrize(("rank", "years"), [("master", 1), ("chief_engineer", 1), ("first_officer", 1),
                                             ("second_officer", 5), ("third_officer", 5)])  # fmt: skip
def test_ship_manager_years_by_rank(ev, rank, years):
    # the route replaces the general rule: a high-school graduate qualifies by sea service and years as manager
    applicant = {"education": "high_school", "experience_years": 0.5, "sea_rank": rank}
    decision, found = findings(ev, ship(applicant | {"ship_manager_years": years}))
    assert SHIP not in found and SHIP in passed(decision) and "qualification.e7-1-general" not in found
    _, found = findings(ev, ship(applicant | {"ship_manager_years": years - 0.1}))
    assert found[SHIP].severity == "blocking"


def test_ship_manager_without_officer_service_and_general_branch(ev):
    _, found = findings(ev, ship({"sea_rank": "none", "ship_manager_years": 10}))
    assert found[SHIP].severity == "blocking"
    # the general branch of 1512: the general rule, not the route
    decision, found = findings(ev, ship({"education": "high_school", "experience_years": 0.5}, route="general"))
    assert "qualification.e7-1-general" in found and SHIP not in found and SHIP not in passed(decision)


def test_ship_management_company_ships_and_income(ev):
    ok = {"sea_rank": "master", "ship_manager_years": 2}
    decision, found = findings(ev, ship(ok))
    assert COMPANY not in found and COMPANY in passed(decision) and CONDITIONS not in found
    _, found = findings(ev, ship(ok, {"ships_managed_avg": 9.9}))
    assert found[COMPANY].severity == "blocking"
    # either income settles it: revenue of 1 billion KRW without foreign income
    both_short = {"foreign_income_usd": 999_999, "revenue_excl_crew_wages_krw": 999_999_999}
    _, found = findings(ev, ship(ok, both_short))
    assert found[COMPANY].severity == "blocking"
    _, found = findings(ev, ship(ok, both_short | {"revenue_excl_crew_wages_krw": 1_000_000_000}))
    assert COMPANY not in found
    _, found = findings(ev, ship(ok, {"foreign_income_usd": None}))
    assert found[COMPANY].severity == "needs_information" and "revenue_excl_crew_wages_krw" in found[COMPANY].message
    _, found = findings(ev, ship(ok, {"mof_registered": False}))
    assert "oceans ministry" in found[CONDITIONS].message


def test_online_sellers_conditions_stated_in_part_ask_for_the_rest(ev):
    sellers = {"trade_registered": True, "exports_last_year_krw": 6_000_000_000}
    _, found = findings(ev, case("2742", "E-7-1", sellers, section_route="online_seller"))
    assert found[CONDITIONS].severity == "needs_information" and "employer.seller_office" in found[CONDITIONS].message


# -- 1320's recommended bachelor's (p.188) -----------------------------------------------------------------------

REVIEW = "qualification.recommended-bachelor-review"


def test_finance_manager_recommended_bachelor_left_to_review(ev):
    short = {"education": "bachelor", "degree_related": True, "experience_years": 0.5}
    _, found = findings(ev, case("1320", "E-7-1", {}, short))  # the base case files the recommendation
    assert found[REVIEW].severity == "risk" and "qualification.e7-1-general" not in found
    _, found = findings(ev, case("1320", "E-7-1", {}, short | {"experience_years": 1.0}))
    assert REVIEW not in found and "qualification.e7-1-general" not in found
    no_letter = make(position={"code": "1320", "subcategory": "E-7-1", "job_title": "Finance manager",
                               "annual_salary_krw": 45_000_000}, applicant=short,
                     documents={"recommendation_letter": False})  # fmt: skip
    _, found = findings(ev, no_letter)
    assert found["qualification.e7-1-general"].severity == "blocking" and REVIEW not in found
    # another code on the general rule: no such proviso
    _, found = findings(ev, case("1340", "E-7-1", {}, short))
    assert "qualification.e7-1-general" in found and REVIEW not in found


def test_ship_management_allowance(ev):
    ok = {"sea_rank": "master", "ship_manager_years": 2}
    # 25 ships and US$3 million (no revenue stated): 2 by ships, 3 by income: 2
    company = {"ships_managed_avg": 25, "foreign_income_usd": 3_000_000, "revenue_excl_crew_wages_krw": 0}
    decision, found = findings(ev, ship(ok, company | {"same_code_workers": 1}))
    assert decision.facts["code_allowance"] == 2 and ALLOWANCE not in found
    _, found = findings(ev, ship(ok, company | {"same_code_workers": 2}))
    assert found[ALLOWANCE].severity == "blocking" and found[ALLOWANCE].evidence["code_allowance"] == 2
    # at most 5 however large; either income counts (revenue of 9 billion KRW without foreign income)
    big = {"ships_managed_avg": 90, "foreign_income_usd": 0, "revenue_excl_crew_wages_krw": 9_000_000_000}
    decision, found = findings(ev, ship(ok, big | {"same_code_workers": 5}))
    assert decision.facts["code_allowance"] == 5 and found[ALLOWANCE].severity == "blocking"


# -- 261's foreign legal consultants (p.213) ---------------------------------------------------------------------

REGISTERED = "qualification.legal-consultant-registration"
NO_ADD = "stay.legal-consultant-no-added-workplace"


def consultant(applicant: dict, route: str = "foreign_legal_consultant", **data):
    a = {"licences": ["foreign_law_licence"]} | applicant
    pos = {"code": "261", "subcategory": "E-7-1", "job_title": "Foreign legal consultant",
           "annual_salary_krw": 90_000_000, "section_route": route}  # fmt: skip
    return make(position=pos, applicant=a, **data)


def test_legal_consultant_registration(ev):
    decision, found = findings(ev, consultant({"legal_consultant_registered": True}))
    assert REGISTERED not in found and REGISTERED in passed(decision)
    _, found = findings(ev, consultant({"legal_consultant_registered": False}))
    assert found[REGISTERED].severity == "blocking"
    _, found = findings(ev, consultant({}))
    assert found[REGISTERED].severity == "needs_information"
    decision, found = findings(ev, consultant({}, route="general"))  # a foreign lawyer, not a consultant
    assert REGISTERED not in found and REGISTERED not in passed(decision)


def test_legal_consultant_may_not_add_a_workplace(ev):
    added = {"kind": "change_of_workplace", "stay": {"workplace_added": True}}
    _, found = findings(ev, consultant({"legal_consultant_registered": True}, **added))
    assert found[NO_ADD].severity == "blocking"
    _, found = findings(ev, consultant({"legal_consultant_registered": True}, route="general", **added))
    assert NO_ADD not in found
    changed = {"kind": "change_of_workplace", "stay": {"workplace_added": False}}
    decision, found = findings(ev, consultant({"legal_consultant_registered": True}, **changed))
    assert NO_ADD not in found and NO_ADD in passed(decision)


# -- 2742's online sellers with a foreign degree (p.218) ---------------------------------------------------------

FOREIGN = "qualification.online-seller-foreign-degree"


def seller(applicant: dict):
    employer = {"exports_last_year_krw": 6_000_000_000, "trade_registered": True, "seller_office": True}
    return case("2742", "E-7-1", employer, {"korean_level": 3} | applicant, section_route="online_seller")


def test_online_seller_foreign_degree(ev):
    decision, found = findings(ev, seller({"education": "associate", "korean_degree": True, "experience_years": 0}))
    assert FOREIGN not in found and FOREIGN in passed(decision)
    _, found = findings(ev, seller({"education": "bachelor", "korean_degree": False, "experience_years": 1}))
    assert FOREIGN not in found
    _, found = findings(ev, seller({"education": "bachelor", "korean_degree": False, "experience_years": 0.9}))
    assert found[FOREIGN].severity == "blocking"
    _, found = findings(ev, seller({"education": "associate", "korean_degree": False, "experience_years": 5}))
    assert found[FOREIGN].severity == "blocking"
    _, found = findings(ev, seller({"education": "associate", "korean_degree": True, "experience_years": 0}))
    assert FOREIGN not in found
    _, found = findings(ev, seller({"education": "master", "korean_degree": False, "experience_years": 0}))
    assert FOREIGN not in found
    # not asked where it does not decide: a bachelor's with the year, wherever it is from
    decision, found = findings(ev, seller({"education": "bachelor", "experience_years": 2.5}))
    assert FOREIGN not in found and FOREIGN not in passed(decision)
    _, found = findings(ev, seller({"education": "bachelor", "experience_years": 0.5}))
    assert found[FOREIGN].severity == "needs_information" and "applicant.korean_degree" in found[FOREIGN].message


# -- 31215's qualification by kind of shop (pp.221-222) ----------------------------------------------------------


def clerk(kind: str, applicant: dict):
    return case("31215", "E-7-2", {"business_kind": kind}, applicant)


@pytest.mark.parametrize(
    ("education", "korean_degree", "years", "refused"),
    [
        ("high_school", False, 3, None),  # 3 years as a tourist guide or duty-free clerk
        ("high_school", False, 2.9, EXPERIENCE),
        ("associate", True, 0, None),  # a Korean associate degree, any field, no experience
        ("associate", False, 0, EXPERIENCE),  # a foreign one is not enough
        ("bachelor", False, 0, None),  # a foreign bachelor's is
    ],
)
def test_duty_free_clerk_routes(ev, education, korean_degree, years, refused):
    applicant = {"education": education, "korean_degree": korean_degree, "experience_years": years}
    decision, found = findings(ev, clerk("duty_free_shop", applicant))
    assert ROUTES not in found and ROUTES in passed(decision)
    if refused:
        assert found[refused].severity == "blocking" and found[EXPERIENCE].evidence["code_route_experience"] == 3
    else:
        assert EXPERIENCE not in found


def test_jeju_restaurant_clerk_routes(ev):
    foreign = {"education": "high_school", "korean_degree": False, "experience_years": 0}
    decision, found = findings(ev, clerk("jeju_restaurant", foreign | {"korean_level": 2}))
    assert ROUTES not in found and ROUTES in passed(decision)
    _, found = findings(ev, clerk("jeju_restaurant", foreign | {"korean_level": 1, "code_licence": False}))
    assert found[ROUTES].severity == "blocking" and "Korean at level 2" in found[ROUTES].message
    _, found = findings(ev, clerk("jeju_restaurant", foreign | {"korean_level": 1, "code_licence": True}))
    assert ROUTES not in found  # the D-4-1 course of 6 months and TOPIK 1
    # the Jeju English city's shops and a case without the kind: no routes read (the advice shows the section)
    decision, found = findings(ev, clerk("jeju_english_city_shop", foreign | {"korean_level": 0}))
    assert ROUTES not in found and ROUTES not in passed(decision) and "qualification.code-specific" in found


# -- 31215's Jeju restaurants: the allowance table's columns (p.222) ---------------------------------------------


def jeju(employer: dict):
    base = {"business_kind": "jeju_restaurant", "floor_area_m2": 100, "annual_revenue_krw": 500_000_000,
            "domestic_employees": 2, "model_restaurant": False, "same_code_workers": 1}  # fmt: skip
    return case("31215", "E-7-2", base | employer, {"korean_level": 2})


def test_jeju_restaurant_allowance_columns(ev):
    decision, found = findings(ev, jeju({}))
    assert decision.facts["code_allowance"] == 2 and ALLOWANCE not in found  # 100 m², 500 million, 2 staff
    _, found = findings(ev, jeju({"annual_revenue_krw": 499_999_999}))
    assert found[ALLOWANCE].evidence["code_allowance"] == 1 and found[ALLOWANCE].severity == "blocking"
    _, found = findings(ev, jeju({"domestic_employees": 1}))
    assert found[ALLOWANCE].evidence["code_allowance"] == 1
    decision, _ = findings(ev, jeju({"annual_revenue_krw": 1_000_000_000, "domestic_employees": 3}))
    assert decision.facts["code_allowance"] == 3
    # 70 m² with 300 million KRW: 1; with 100 million KRW only as a model restaurant
    decision, _ = findings(ev, jeju({"floor_area_m2": 70, "annual_revenue_krw": 300_000_000, "same_code_workers": 0}))
    assert decision.facts["code_allowance"] == 1
    decision, _ = findings(ev, jeju({"floor_area_m2": 70, "annual_revenue_krw": 100_000_000, "same_code_workers": 0}))
    assert decision.facts["code_allowance"] == 0
    decision, _ = findings(ev, jeju({"floor_area_m2": 70, "annual_revenue_krw": 100_000_000, "same_code_workers": 0,
                                     "model_restaurant": True}))  # fmt: skip
    assert decision.facts["code_allowance"] == 1
    _, found = findings(ev, jeju({"floor_area_m2": 70, "annual_revenue_krw": 100_000_000, "model_restaurant": None}))
    assert "employer.model_restaurant" in found[ALLOWANCE].message  # asked only where it decides
    decision, _ = findings(ev, jeju({"model_restaurant": None}))
    assert decision.facts["code_allowance"] == 2
    # absconders deducted
    decision, found = findings(ev, jeju({"absconders_past_year": 1}))
    assert decision.facts["code_allowance"] == 1 and found[ALLOWANCE].severity == "blocking"


# -- 2599's teachers at foreign and gifted schools (p.212) -------------------------------------------------------


def teacher(route: str, applicant: dict):
    return case("2599", "E-7-1", {}, applicant, section_route=route)


@pytest.mark.parametrize(
    ("education", "licence", "years", "refused"),
    [
        ("bachelor", False, 2, None),
        ("bachelor", False, 1.5, EXPERIENCE),
        ("associate", True, 0, None),  # the home country's teacher licence, whatever the degree and experience
    ],
)
def test_foreign_school_teacher_routes(ev, education, licence, years, refused):
    applicant = {"education": education, "code_licence": licence, "experience_years": years}
    decision, found = findings(ev, teacher("foreign_school_teacher", applicant))
    assert ROUTES not in found and ROUTES in passed(decision)
    assert (found[refused].severity == "blocking") if refused else EXPERIENCE not in found


def test_gifted_school_teacher_routes(ev):
    _, found = findings(ev, teacher("gifted_school_teacher", {"education": "doctorate", "experience_years": 0}))
    assert ROUTES not in found and EXPERIENCE not in found
    _, found = findings(ev, teacher("gifted_school_teacher", {"education": "master", "experience_years": 2.9}))
    assert found[EXPERIENCE].evidence["code_route_experience"] == 3
    _, found = findings(ev, teacher("gifted_school_teacher", {"education": "bachelor", "experience_years": 10}))
    assert found[ROUTES].severity == "blocking"
    # the international high schools' and Jeju's teachers: not read (the advice shows the section)
    decision, found = findings(ev, teacher("international_school_teacher", {"education": "bachelor"}))
    assert ROUTES not in found and ROUTES not in passed(decision)
