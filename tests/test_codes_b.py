"""The codes' own qualification routes of the visa manual 2026.6 pp.223-249 (issue 18, task codesB): the parameter
codesb_qualification_routes, read by engine/rules/code_routes.py, and the rules qualification.code-routes and
qualification.code-route-experience, each on both sides of its boundary; bad input refused with the file and the
field."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.rules.rulesets import Rulesets

from .cases import make
from .test_rules_both_sides import findings, passed

ROUTES = "qualification.code-routes"
EXPERIENCE = "qualification.code-route-experience"


def position(code: str, subcategory: str = "E-7-3") -> dict:
    return {"code": code, "subcategory": subcategory, "job_title": "Worker", "annual_salary_krw": 45_000_000}


def check(ev, code: str, subcategory: str = "E-7-3", **applicant):
    return findings(ev, make(position=position(code, subcategory), applicant=applicant))


# -- experience alone (7303 p.235: 경력 10년 이상; 43291 p.228: 경력 5년 이상) ---------------------------------


@pytest.mark.parametrize(("code", "subcategory", "years"), [("7303", "E-7-3", 10), ("43291", "E-7-2", 5)])
def test_experience_only_routes_at_and_below(ev, code, subcategory, years):
    decision, found = check(ev, code, subcategory, education="none", experience_years=years)
    assert decision.facts["code_route_experience"] == years
    assert EXPERIENCE not in found and EXPERIENCE in passed(decision) and ROUTES in passed(decision)
    _, found = check(ev, code, subcategory, education="none", experience_years=years - 0.1)
    f = found[EXPERIENCE]
    assert f.severity == "blocking" and f.evidence["code_route_experience"] == years
    assert f"need at least {years}" in f.message


def test_pay_of_three_times_gni_waives_the_routes_experience(ev):
    # visa manual p.174: 연간 총 수령보수가 전년도 1인당 GNI의 3배 이상 ⇒ 직종에 관계없이 학력, 경력 모두 면제가능
    high = make(position=position("7303") | {"annual_salary_krw": 200_000_000},
                applicant={"education": "none", "experience_years": 2.0})  # fmt: skip
    decision, found = findings(ev, high)
    assert decision.facts["salary_gni_x100"] >= 300 and EXPERIENCE not in found
    decision, found = check(ev, "7303", education="none", experience_years=2.0)
    assert decision.facts["salary_gni_x100"] < 300 and found[EXPERIENCE].severity == "blocking"


# -- degree and experience (31264 p.223: 석사 이상, 학사 및 경력 1년 이상; 431 p.227: … 경력 3년 이상) -----------


def test_air_transport_clerk_master_bachelor_and_below(ev):
    decision, found = check(ev, "31264", "E-7-2", education="master", experience_years=0.0)
    assert decision.facts["code_route_experience"] == 0 and EXPERIENCE not in found and ROUTES not in found
    _, found = check(ev, "31264", "E-7-2", education="bachelor", experience_years=1.0)
    assert EXPERIENCE not in found and ROUTES not in found
    _, found = check(ev, "31264", "E-7-2", education="bachelor", experience_years=0.9)
    assert found[EXPERIENCE].evidence["code_route_experience"] == 1
    # an associate degree opens no route, whatever the experience: there is no experience-only route
    _, found = check(ev, "31264", "E-7-2", education="associate", experience_years=20.0)
    f = found[ROUTES]
    assert f.severity == "blocking" and "(1) lacks a master's; (2) lacks a bachelor's" in f.message
    assert EXPERIENCE not in found


def test_a_master_needs_no_experience_figure(ev):
    case = make(position=position("31264", "E-7-2"), applicant={"education": "master", "experience_years": None})
    _, found = findings(ev, case)
    assert EXPERIENCE not in found and ROUTES not in found


def test_transport_service_worker_three_years_without_degree(ev):
    _, found = check(ev, "431", "E-7-2", education="high_school", experience_years=3.0)
    assert EXPERIENCE not in found and ROUTES not in found
    _, found = check(ev, "431", "E-7-2", education="high_school", experience_years=2.9)
    assert found[EXPERIENCE].evidence["code_route_experience"] == 3


# -- licence and skill test (7406 p.237: 중급이상 조선용접공 자격증 취득 후 2년 이상 경력 + 현지 기량검증 통과) --------


def test_welder_licence_skill_test_and_two_years(ev):
    ok = {"education": "high_school", "code_licence": True, "skill_test_passed": True}
    _, found = check(ev, "7406", experience_years=2.0, **ok)
    assert EXPERIENCE not in found and ROUTES not in found
    _, found = check(ev, "7406", experience_years=1.9, **ok)
    assert found[EXPERIENCE].evidence["code_route_experience"] == 2
    _, found = check(ev, "7406", experience_years=9.0, education="high_school", code_licence=True,
                     skill_test_passed=False)  # fmt: skip
    assert "the designated body's skill test" in found[ROUTES].message


def test_welder_without_the_licence_field_is_asked_for_it(ev):
    decision, found = check(ev, "7406", experience_years=5.0, education="high_school", skill_test_passed=True)
    f = found[ROUTES]
    assert decision.outcome == "needs_information" or f.severity == "needs_information"
    assert "applicant.code_licence" in f.message


# -- related degree, skill test relaxing the experience (76212 p.238) ---------------------------------------------


def test_ship_electrician_skill_test_lowers_the_experience(ev):
    base = {"education": "associate", "degree_related": True}
    decision, _ = check(ev, "76212", experience_years=2.0, skill_test_passed=True, **base)
    assert decision.facts["code_route_experience"] == 2
    decision, found = check(ev, "76212", experience_years=2.0, skill_test_passed=False, **base)
    assert decision.facts["code_route_experience"] == 5 and EXPERIENCE in found
    _, found = check(ev, "76212", experience_years=8.0, education="associate", degree_related=False,
                     skill_test_passed=True)  # fmt: skip
    assert ROUTES in found  # 관련 분야 degree required on every route


def test_ship_electrician_undecided_skill_test_matters_only_below_the_known_route(ev):
    base = {"education": "associate", "degree_related": True}
    decision, found = check(ev, "76212", experience_years=6.0, **base)  # 5 years suffice whatever the skill test
    assert decision.facts["code_route_experience"] == 5 and EXPERIENCE not in found
    decision, found = check(ev, "76212", experience_years=3.0, **base)  # 3 years: the skill test decides
    assert "code_route_experience" not in decision.facts
    assert "applicant.skill_test_passed" in found[EXPERIENCE].message


# -- Korean degree and licence, all required (42111 p.232) ------------------------------------------------------


def test_care_worker_needs_a_korean_degree_and_the_licence(ev):
    base = {"education": "associate", "experience_years": 0.0, "korean_level": 3}
    _, found = check(ev, "42111", korean_degree=True, code_licence=True, **base)
    assert ROUTES not in found
    _, found = check(ev, "42111", korean_degree=False, code_licence=True, **base)
    assert "a degree from a Korean school" in found[ROUTES].message
    _, found = check(ev, "42111", korean_degree=True, code_licence=False, **base)
    assert ROUTES in found


# -- student route (S8417 p.241: 국내 이공계 전문학사 + 산업부 추천 → 경력요건 면제) ----------------------------------


def test_aircraft_parts_student_route_waives_experience(ev):
    student = {"education": "associate", "stem_degree": True, "korean_degree": True, "experience_years": 0.0}
    decision, found = check(ev, "S8417", **student)  # the base case files the recommendation letter
    assert decision.facts["code_route_experience"] == 0 and ROUTES not in found and EXPERIENCE not in found
    decision, found = check(ev, "S8417", **{**student, "korean_degree": False})
    # a foreign STEM associate degree opens only the 5 years' route
    assert ROUTES not in found and found[EXPERIENCE].evidence["code_route_experience"] == 5


def test_codes_without_routes_are_untouched(ev):
    decision, found = findings(ev, make())  # 2223 on the general rule
    assert "code_routes" not in decision.facts and ROUTES not in found and EXPERIENCE not in found


# -- bad input --------------------------------------------------------------------------------------------------


def test_a_route_field_of_the_wrong_type_is_refused_naming_it():
    with pytest.raises(InputError) as raised:
        case_from_data({"position": {"code": "7406"}, "applicant": {"code_licence": "yes"}}, "case.toml")
    assert "applicant.code_licence" in str(raised.value) and "case.toml" in str(raised.value)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("{ experience = 10 }", '{ experience = "ten" }', "not a number of years"),
        ("{ experience = 10 }", "{ years = 10 }", "unknown route key"),
        ('"casino-dealer" = [{ experience = 5 }]', '"casino-dealer" = [{ education = "phd" }]', "is not one of"),
    ],
)
def test_a_malformed_route_is_refused_on_reading(data_copy: Path, old, new, words):
    path = data_copy / "rulesets" / "2022-07-01.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        Rulesets(DataDir(data_copy)).get("2022-07-01")
    assert "codesb_qualification_routes" in str(raised.value) and words in str(raised.value)


# -- the documents a code's section adds (pp.223-248; documents.code-documents) ---------------------------------

DOCUMENTS = "documents.code-documents"


@pytest.mark.parametrize(("code", "words"), [("7406", "기량검증확인서"), ("43213", "관광사업자등록증")])
def test_added_documents_attached_or_not(ev, code, words):
    subcategory = "E-7-2" if code == "43213" else "E-7-3"
    decision, found = findings(ev, make(position=position(code, subcategory), documents={"code_documents": True}))
    assert words in decision.facts["code_documents_list"]
    assert DOCUMENTS not in found and DOCUMENTS in passed(decision)
    _, found = findings(ev, make(position=position(code, subcategory), documents={"code_documents": False}))
    f = found[DOCUMENTS]
    assert f.severity == "blocking" and words in f.message and f.evidence["code_documents"] is False


def test_added_documents_asked_for_where_the_case_is_silent(ev):
    _, found = findings(ev, make(position=position("S71032")))
    assert "documents.code_documents" in found[DOCUMENTS].message


def test_added_documents_not_asked_at_an_extension_or_for_other_codes(ev):
    case = make(kind="extension", position=position("7406"), documents={"code_documents": False})
    _, found = findings(ev, case)
    assert DOCUMENTS not in found
    decision, found = findings(ev, make(documents={"code_documents": False}))  # 2223 adds none
    assert "code_documents_list" not in decision.facts and DOCUMENTS not in found


# -- 7406: 10 regular workers unless a small enterprise (p.236) ---------------------------------------------------

WORKERS = "employer.code-minimum-workers-unless-small"


def welder_employer(**employer):
    return make(position=position("7406"), employer={"absconders_past_two_years": 0, **employer})


def test_welder_employer_ten_workers_at_and_below(ev):
    decision, found = findings(ev, welder_employer(regular_workers=10, small_enterprise=False))
    assert WORKERS not in found and decision.facts["workforce_at_least"] == 10
    _, found = findings(ev, welder_employer(regular_workers=9, small_enterprise=False))
    f = found[WORKERS]
    assert f.severity == "blocking" and f.evidence["workforce_at_least"] == 9 and "at least 10" in f.message


def test_a_small_enterprise_is_exempt(ev):
    _, found = findings(ev, welder_employer(regular_workers=4, small_enterprise=True))
    assert WORKERS not in found


def test_insured_staff_settle_the_workforce_without_the_count(ev):
    # no regular_workers: 8 domestic + 2 foreign insured staff are at least 10, whatever the enterprise's size
    decision, found = findings(ev, welder_employer(regular_workers=None, domestic_employees=8, foreign_employees=2))
    assert WORKERS not in found and decision.facts["workforce_at_least"] == 10
    _, found = findings(ev, welder_employer(regular_workers=None, domestic_employees=7, foreign_employees=2))
    assert "employer.small_enterprise" in found[WORKERS].message  # 9: whether it is a 소기업 decides


# -- 3922: foreign guests above 30% / 15% / 10% (pp.223-224) ------------------------------------------------------

GUESTS = "employer.hotel-foreign-guests"
HOTEL = {"code": "3922", "subcategory": "E-7-2", "job_title": "Front desk", "annual_salary_krw": 32_000_000}


def hotel(share, **employer):
    return make(position=HOTEL, employer={"foreign_guest_percent": share, **employer})


@pytest.mark.parametrize(
    ("region", "threshold"),
    [
        ({"capital_region": True, "depopulation_area": False}, 30),
        ({"capital_region": False, "depopulation_area": False}, 15),
        ({"capital_region": False, "depopulation_area": True}, 10),
        ({"capital_region": True, "depopulation_area": True}, 10),
    ],
)
def test_foreign_guest_share_by_region_on_both_sides(ev, region, threshold):
    decision, found = findings(ev, hotel(threshold + 0.1, **region))
    assert decision.facts["code_min_foreign_guest_percent"] == threshold
    assert GUESTS not in found and GUESTS in passed(decision)
    _, found = findings(ev, hotel(threshold, **region))  # 초과: the threshold itself is not enough
    f = found[GUESTS]
    assert f.severity == "blocking" and f"more than {threshold}%" in f.message


def test_depopulation_area_asked_only_where_it_decides(ev):
    _, found = findings(ev, hotel(35.0, capital_region=True))  # above 30%: passes in any case
    assert GUESTS not in found
    _, found = findings(ev, hotel(20.0, capital_region=True))  # 10% < 20% <= 30%: the depopulation area decides
    assert "employer.depopulation_area" in found[GUESTS].message


def test_the_student_route_is_exempt_from_the_share(ev):
    student = {"education": "associate", "degree_related": True, "korean_degree": True}
    case = make(position=HOTEL, applicant=student, employer={"foreign_guest_percent": 1.0, "capital_region": True})
    _, found = findings(ev, case)
    assert GUESTS not in found
    employer = {"foreign_guest_percent": 1.0, "capital_region": True, "depopulation_area": False}
    case = make(position=HOTEL, applicant={**student, "korean_degree": False}, employer=employer)
    _, found = findings(ev, case)
    assert GUESTS in found


def test_a_share_above_100_is_refused_naming_the_field():
    with pytest.raises(InputError) as raised:
        case_from_data({"position": {"code": "3922"}, "employer": {"foreign_guest_percent": 130}}, "hotel.toml")
    assert "employer.foreign_guest_percent" in str(raised.value) and "hotel.toml" in str(raised.value)


# -- 31215 and 441: the kinds of business and their minimums (pp.221-222, 229-230) --------------------------------

CHEF = {"code": "441", "subcategory": "E-7-2", "job_title": "Chef", "annual_salary_krw": 33_000_000}
CLERK = {"code": "31215", "subcategory": "E-7-2", "job_title": "Sales clerk", "annual_salary_krw": 30_000_000}
CHINESE = {"business_kind": "chinese_restaurant", "floor_area_m2": 200.0, "annual_vat_krw": 5_000_000,
           "domestic_employees": 3, "tourist_facility_designated": False}  # fmt: skip
BUSINESS_RULES = ("employer.business-floor-area", "employer.business-vat", "employer.business-domestic-staff")


def chef(**employer):
    return make(position=CHEF, employer={**CHINESE, **employer})


def test_a_chinese_restaurant_at_its_minimums(ev):
    decision, found = findings(ev, chef())
    assert not set(BUSINESS_RULES) & set(found) and set(BUSINESS_RULES) <= passed(decision)
    assert "employer.business-kind" in passed(decision)


@pytest.mark.parametrize(
    ("field", "below", "rule"),
    [
        ("floor_area_m2", 199.9, "employer.business-floor-area"),
        ("annual_vat_krw", 4_999_999, "employer.business-vat"),
        ("domestic_employees", 2, "employer.business-domestic-staff"),
    ],
)
def test_a_chinese_restaurant_below_each_minimum(ev, field, below, rule):
    _, found = findings(ev, chef(**{field: below}))
    assert found[rule].severity == "blocking" and "chinese_restaurant" in found[rule].message


def test_a_designated_tourist_facility_needs_half_the_area(ev):
    _, found = findings(ev, chef(floor_area_m2=100.0, tourist_facility_designated=True))
    assert "employer.business-floor-area" not in found
    _, found = findings(ev, chef(floor_area_m2=99.0, tourist_facility_designated=True))
    assert found["employer.business-floor-area"].evidence["code_min_floor_area_m2"] == 100
    # not said: asked only where it decides (between half and the full area)
    _, found = findings(ev, chef(floor_area_m2=150.0, tourist_facility_designated=None))
    assert "employer.tourist_facility_designated" in found["employer.business-floor-area"].message
    _, found = findings(ev, chef(floor_area_m2=250.0, tourist_facility_designated=None))
    assert "employer.business-floor-area" not in found


def test_a_kind_the_code_does_not_accept(ev):
    _, found = findings(ev, chef(business_kind="duty_free_shop"))
    f = found["employer.business-kind"]
    assert f.severity == "blocking" and "duty_free_shop" in f.message
    _, found = findings(ev, chef(business_kind="tourist_hotel_or_restaurant", floor_area_m2=10.0))
    assert not {"employer.business-kind", *BUSINESS_RULES} & set(found)  # a tourist hotel has no minimums
    _, found = findings(ev, chef(business_kind=None))
    assert "employer.business_kind" in found["employer.business-kind"].message


def test_duty_free_shop_revenue_on_both_sides(ev):
    shop = {"business_kind": "duty_free_shop", "floor_area_m2": 200.0, "domestic_employees": 2}
    _, found = findings(ev, make(position=CLERK, employer={**shop, "annual_revenue_krw": 240_000_000}))
    assert "employer.business-revenue" not in found
    _, found = findings(ev, make(position=CLERK, employer={**shop, "annual_revenue_krw": 239_999_999}))
    assert found["employer.business-revenue"].evidence["code_min_business_revenue_krw"] == 240_000_000


def test_a_jeju_restaurant_of_300_million_needs_70_square_metres(ev):
    jeju = {"business_kind": "jeju_restaurant", "floor_area_m2": 70.0, "model_restaurant": False}
    decision, found = findings(ev, make(position=CLERK, employer={**jeju, "annual_revenue_krw": 300_000_000}))
    assert decision.facts["code_min_floor_area_m2"] == 70 and "employer.business-floor-area" not in found
    decision, found = findings(ev, make(position=CLERK, employer={**jeju, "annual_revenue_krw": 299_999_999}))
    assert found["employer.business-floor-area"].evidence["code_min_floor_area_m2"] == 100
    model = {**jeju, "model_restaurant": True, "annual_revenue_krw": 100_000_000}
    _, found = findings(ev, make(position=CLERK, employer=model))
    assert "employer.business-floor-area" not in found and "employer.business-revenue" not in found


def test_a_bad_business_kind_or_area_is_refused_naming_the_field():
    with pytest.raises(InputError) as raised:
        case_from_data({"position": {"code": "441"}, "employer": {"business_kind": "bar"}}, "chef.toml")
    assert "employer.business_kind" in str(raised.value)
    with pytest.raises(InputError) as raised:
        case_from_data({"position": {"code": "441"}, "employer": {"floor_area_m2": -5}}, "chef.toml")
    assert "employer.floor_area_m2" in str(raised.value)


# -- the employer's record: 43213's tourists (p.227), 78369's industry (p.239), S8417's law violations (p.242) ----

TOURISTS = "employer.travel-agency-foreign-tourists"
GUIDE = {"code": "43213", "subcategory": "E-7-2", "job_title": "Tourist guide", "annual_salary_krw": 32_000_000}


def test_travel_agency_tourists_on_both_sides(ev):
    agency = {"equivalent_tourist_record": False}
    _, found = findings(ev, make(position=GUIDE, employer={**agency, "foreign_tourists_per_year": 2000}))
    assert TOURISTS not in found
    _, found = findings(ev, make(position=GUIDE, employer={**agency, "foreign_tourists_per_year": 1999}))
    f = found[TOURISTS]
    assert f.severity == "blocking" and f.evidence["code_min_foreign_tourists"] == 2000
    _, found = findings(ev, make(position=GUIDE, employer={"foreign_tourists_per_year": 1999,
                                                         "equivalent_tourist_record": True}))  # fmt: skip
    assert TOURISTS not in found
    _, found = findings(ev, make(position=GUIDE, employer={"foreign_tourists_per_year": 2500}))
    assert TOURISTS not in found  # the equivalent record is asked only below 2,000


def test_ship_painter_industry_codes(ev):
    painter = position("78369")
    for accepted in ("31113", "31114", "42411"):
        _, found = findings(ev, make(position=painter, employer={"ksic_code": accepted}))
        assert "employer.code-industry" not in found
    _, found = findings(ev, make(position=painter, employer={"ksic_code": "25921"}))
    f = found["employer.code-industry"]
    assert f.severity == "blocking" and "25921" in f.message
    with pytest.raises(InputError) as raised:
        case_from_data({"position": {"code": "78369"}, "employer": {"ksic_code": "3111"}}, "painter.toml")
    assert "employer.ksic_code" in str(raised.value) and "5-digit" in str(raised.value)


def test_aircraft_parts_law_violations(ev):
    maker = position("S8417")
    _, found = findings(ev, make(position=maker, employer={"law_violations_past_two_years": False}))
    assert "employer.code-law-violations" not in found
    _, found = findings(ev, make(position=maker, employer={"law_violations_past_two_years": True}))
    assert found["employer.code-law-violations"].severity == "blocking"
    _, found = findings(ev, make(position=maker))
    assert "employer.law_violations_past_two_years" in found["employer.code-law-violations"].message


# -- 3991 (pp.225-226) and the G-1 moves of 31215 and 441 (pp.223, 230) -----------------------------------------------

COUNSELLOR = {
    "code": "3991",
    "subcategory": "E-7-2",
    "job_title": "Customer counsellor",
    "annual_salary_krw": 36_000_000,
}


def counsellor(applicant=None, **employer):
    return make(position=COUNSELLOR, applicant=applicant or {}, employer=employer)


def test_international_service_revenue_on_both_sides(ev):
    decision, found = findings(ev, counsellor(international_service_revenue_krw=5_000_000_000, regular_workers=500))
    assert "employer.international-service-revenue" not in found
    assert decision.facts["code_min_domestic_employees"] == 500  # the catalogue's 500 regular workers
    _, found = findings(ev, counsellor(international_service_revenue_krw=4_999_999_999))
    assert found["employer.international-service-revenue"].severity == "blocking"


def test_direct_hire_with_an_office(ev):
    _, found = findings(ev, counsellor(direct_hire_with_office=True))
    assert "employer.direct-hire-own-office" not in found
    _, found = findings(ev, counsellor(direct_hire_with_office=False))
    assert found["employer.direct-hire-own-office"].severity == "blocking"


def test_pay_against_the_domestic_average(ev):
    # 36,000,000 a year is 3,000,000 a month
    _, found = findings(ev, counsellor(same_job_domestic_average_monthly_krw=3_000_000))
    assert "salary.domestic-average" not in found
    _, found = findings(ev, counsellor(same_job_domestic_average_monthly_krw=3_000_001))
    assert found["salary.domestic-average"].evidence["monthly_salary_krw"] == 3_000_000


def test_korean_level_or_toeic(ev):
    _, found = findings(ev, counsellor({"korean_level": 2}))
    assert "qualification.code-language" not in found  # TOEIC not asked
    _, found = findings(ev, counsellor({"korean_level": 1, "toeic_score": 730}))
    assert "qualification.code-language" not in found
    _, found = findings(ev, counsellor({"korean_level": 1, "toeic_score": 729}))
    assert found["qualification.code-language"].severity == "blocking"
    _, found = findings(ev, counsellor({"korean_level": 1}))
    assert "applicant.toeic_score" in found["qualification.code-language"].message


@pytest.mark.parametrize("position", [CLERK, CHEF], ids=["31215", "441"])
def test_g1_moves_count_with_the_absconders(ev, position):
    _, found = findings(ev, make(position=position, employer={"g1_moves_past_year": 0}))
    assert "employer.g1-moves-deducted" not in found
    _, found = findings(ev, make(position=position, employer={"g1_moves_past_year": 1}))
    assert found["employer.g1-moves-deducted"].severity == "risk"


# -- S3922: medical coordinators per registered body (p.224) ------------------------------------------------------

CAP = "employer.coordinator-cap"
COORDINATOR = {"code": "S3922", "subcategory": "E-7-2", "job_title": "Coordinator", "annual_salary_krw": 36_000_000}


def coordinator(workers: int, patients: int, body: str = "institution", designated: bool = False):
    employer = {"same_code_workers": workers, "foreign_patients_past_year": patients, "attraction_body": body,
                "attraction_designated": designated}  # fmt: skip
    return make(position=COORDINATOR, employer=employer)


@pytest.mark.parametrize(
    ("body", "designated", "cap"),
    [("institution", False, 2), ("agency", False, 1), ("institution", True, 3), ("agency", True, 2)],
)
def test_coordinator_cap_by_body_on_both_sides(ev, body, designated, cap):
    decision, found = findings(ev, coordinator(cap - 1, 999, body, designated))  # the hire makes cap
    assert decision.facts["code_coordinator_cap"] == cap and CAP not in found and CAP in passed(decision)
    _, found = findings(ev, coordinator(cap, 999, body, designated))
    assert found[CAP].severity == "blocking" and found[CAP].evidence["same_code_workers_after_hire"] == cap + 1


def test_one_more_per_thousand_patients_above_a_thousand(ev):
    decision, _ = findings(ev, coordinator(0, 1999))
    assert decision.facts["code_coordinator_cap"] == 2
    decision, _ = findings(ev, coordinator(0, 2000))
    assert decision.facts["code_coordinator_cap"] == 3
    decision, _ = findings(ev, coordinator(0, 3500, "agency", True))
    assert decision.facts["code_coordinator_cap"] == 4


def test_coordinator_cap_asks_for_what_it_lacks(ev):
    _, found = findings(ev, make(position=COORDINATOR, employer={"same_code_workers": 1}))
    assert "employer.attraction_body" in found[CAP].message
