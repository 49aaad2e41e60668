"""Issue 18, task gen18: the doubts the reviewers left, settled by the manual's words, each on both sides of its
boundary (the overseas technical training route in its pilot period, the floor an extension's last-year pay is
compared with, the E-7-4 recommendation rules by case kind, the codes' own routes under pay of 3 x GNI), and the
cap of one grant of stay."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError
from engine.data.folders import locate
from engine.rules.evaluate import Evaluator

from .cases import DELETE, make, merge

D = dt.date


def found(ev: Evaluator, case: Any) -> dict[str, str]:
    return {f.rule: f.severity for f in ev.evaluate(case).findings}


# -- 1. the overseas technical training route: a pilot from June 2026 (visa manual 2026-09-01 edition p.175) ------

TRAINED = {"special_route": "overseas_training", "education": "bachelor", "degree_related": True}
BEFORE, PILOT, UNPRINTED = (
    "qualification.route-overseas-training",
    "qualification.route-overseas-training-pilot",
    "qualification.route-overseas-training-unprinted",
)


def trained(filed: dt.date, code: str = "2321", letter: bool = True, **applicant: Any):
    return make(
        filed_on=filed,
        position={"code": code},
        documents={"recommendation_letter": letter},
        applicant=dict(TRAINED, experience_years=0.0, **applicant),
    )


@pytest.mark.parametrize(
    "filed,expected",
    [
        (D(2026, 5, 31), {BEFORE: "blocking"}),  # the day before the pilot's month
        (D(2026, 6, 1), {UNPRINTED: "risk"}),  # in the pilot, before the edition that prints it
        (D(2026, 8, 31), {UNPRINTED: "risk"}),
        (D(2026, 9, 1), {}),  # the edition that prints it
    ],
)
def test_the_overseas_training_route_opens_with_its_pilot(ev, filed, expected):
    rules = found(ev, trained(filed))
    assert {r: s for r, s in rules.items() if r in (BEFORE, PILOT, UNPRINTED)} == expected


@pytest.mark.parametrize(
    "change,blocks",
    [
        ({}, False),
        ({"code": "2223"}, True),  # not one of its three codes
        ({"letter": False}, True),  # without the trade ministry's recommendation
        ({"education": "associate"}, True),
        ({"degree_related": False}, True),
    ],
)
def test_the_routes_conditions_are_checked_in_the_pilot_before_the_edition(ev, change, blocks):
    case = trained(D(2026, 7, 15), **change)
    assert (found(ev, case).get(PILOT) == "blocking") is blocks


# -- 2. last year's pay against the floor in force on the filing date (visa manual p.182) ------------------------


@pytest.mark.parametrize("filed,fires", [(D(2026, 1, 31), False), (D(2026, 2, 1), True)])
def test_last_years_pay_meets_the_floor_announced_as_of_the_filing_date(ev, filed, fires):
    """임금요건 기준 : … 신청일 기준으로 공고한 금액을 기준으로 함: 30,000,000 meets the E-7-1 amount of 28,670,000 in
    force until 2026-01-31, not the 31,120,000 in force from 2026-02-01."""
    case = make(
        kind="extension",
        filed_on=filed,
        employer={"size": "large"},
        applicant={"entered_on": D(2023, 3, 1), "prior_e7_years": 3.0},
        stay={"previous_year_income_krw": 30_000_000},
    )
    assert (found(ev, case).get("stay.extension-previous-year-pay") == "risk") is fires


# -- 3. the E-7-4 recommendation rules: the change of status only (stay manual pp.301, 304) ---------------------


QUOTA = "e7-4-construction-firm-quota"  # 60 regular workers, 5 recommendations, a construction amount


def e7_4(name: str, **changes: Any):
    path = locate(None).root / "examples" / "cases" / f"{name}.toml"
    return case_from_data(merge(tomllib.loads(path.read_text(encoding="utf-8")), changes), str(path))


@pytest.mark.parametrize(
    "kind,fires", [("change_of_status", True), ("extension", False), ("change_of_workplace", False)]
)
def test_the_construction_quota_counts_recommendations_at_the_change_only(ev, kind, fires):
    case = e7_4(QUOTA, kind=kind)
    assert (found(ev, case).get("employer.e7-4-construction-quota") == "blocking") is fires


@pytest.mark.parametrize("kind,fires", [("change_of_status", True), ("extension", False)])
def test_the_twenty_percent_quota_and_the_ban_apply_at_the_change_only(ev, kind, fires):
    # 60 regular workers allow 12 recommendations (20%); the 13th is over, counted without a construction amount
    over = e7_4(QUOTA, kind=kind, e7_4={"construction_amount_krw": DELETE, "employer_recommendations": 13})
    assert (found(ev, over).get("employer.e7-4-recommendation-quota") == "blocking") is fires
    banned = e7_4(QUOTA, kind=kind, e7_4={"employer_recommendation_banned": True})
    assert (found(ev, banned).get("employer.e7-4-recommendation-banned") == "blocking") is fires


def test_twelve_recommendations_of_sixty_workers_are_within_the_quota(ev):
    within = e7_4(QUOTA, e7_4={"construction_amount_krw": DELETE, "employer_recommendations": 12})
    assert "employer.e7-4-recommendation-quota" not in found(ev, within)


# -- 4. pay of 3 x GNI waives a code's own routes' degree and experience, not their licence or skill test (p.174) --

GNI_2025 = 52_416_000  # the previous year's GNI per capita for a case filed in 2026
ROUTES, ROUTES_3_GNI = "qualification.code-routes", "qualification.code-routes-3-gni"


def coded(code: str, subcategory: str, salary: int, **applicant: Any):
    position = {"code": code, "subcategory": subcategory, "job_title": "Worker", "annual_salary_krw": salary}
    return make(position=position, applicant=applicant)


@pytest.mark.parametrize("salary,routes", [(3 * GNI_2025, False), (3 * GNI_2025 - 60_000, True)])
def test_three_times_gni_waives_the_degree_a_route_names(ev, salary, routes):
    """31264 accepts a master's, or a bachelor's and 1 year (p.223): an associate degree opens no route, except at
    3 x GNI, where degree and experience are waived whatever the occupation."""
    rules = found(ev, coded("31264", "E-7-2", salary, education="associate", experience_years=0.0))
    assert (rules.get(ROUTES) == "blocking") is routes
    assert ROUTES_3_GNI not in rules


@pytest.mark.parametrize("licence,skill,blocks", [(True, True, False), (False, True, True), (True, False, True)])
def test_three_times_gni_still_asks_the_licence_and_skill_test(ev, licence, skill, blocks):
    """7406's only route is a welder's licence, 2 years after it and the skill test (p.237): at 3 x GNI the years
    go, the licence and the skill test (neither 학력 nor 경력) stay."""
    case = coded("7406", "E-7-3", 200_000_000, education="none", experience_years=0.0,
                 code_licence=licence, skill_test_passed=skill)  # fmt: skip
    rules = found(ev, case)
    assert (rules.get(ROUTES_3_GNI) == "blocking") is blocks
    assert ROUTES not in rules and "qualification.code-route-experience" not in rules


# -- 5. one grant of stay: 3 years, 5 for those p.170 names, a code section's own cap first (p.183) -------------

CAP = "stay.period-cap"


@pytest.mark.parametrize(
    "group,years,code,subcategory,cap",
    [
        ("advanced_medical_complex", 5.0, "2111", "E-7-1", None),  # at the 5-year cap
        ("advanced_medical_complex", 5.5, "2111", "E-7-1", 5),
        ("fez_medical_research", 4.0, "2111", "E-7-1", None),
        (None, 3.0, "2111", "E-7-1", None),  # the general cap
        (None, 3.5, "2111", "E-7-1", 3),
        ("regional_special_zone", 2.5, "31264", "E-7-2", 2),  # the E-7-2 section's own cap prevails
    ],
)
def test_the_cap_of_one_grant(ev, group, years, code, subcategory, cap):
    stay: dict[str, Any] = {"requested_years": years}
    if group is not None:
        stay["five_year_cap"] = group
    decision = ev.evaluate(make(kind="extension", position={"code": code, "subcategory": subcategory}, stay=stay))
    fired = {f.rule: f for f in decision.findings}.get(CAP)
    assert (fired is not None) is (cap is not None)
    if fired is not None:
        assert fired.severity == "risk" and fired.evidence["stay_cap_years"] == cap


def test_a_five_year_group_not_in_the_manual_is_refused_naming_the_field():
    with pytest.raises(InputError) as error:
        make(stay={"five_year_cap": "free_trade_zone"})
    assert "stay.five_year_cap" in str(error.value)


JAPANESE = "qualification.route-japanese-it-certificates-held"
WORK_STUDY = "qualification.route-work-study-programme"


# -- 6. what four special routes rest on, read where the case gives it (visa manual pp.173-175) ----------------


@pytest.mark.parametrize(
    "route,given,rule,blocks",
    [
        ("global_500_experience", {"global_500_years": 1.0}, "qualification.route-global-500-year", False),
        ("global_500_experience", {"global_500_years": 0.9}, "qualification.route-global-500-year", True),
        ("global_500_experience", {}, "qualification.route-global-500-year", False),  # not given: not read
        ("hightech_intern", {"d10_3_intern_years": 1.0}, "qualification.route-hightech-intern-year", False),
        ("hightech_intern", {"d10_3_intern_years": 0.9}, "qualification.route-hightech-intern-year", True),
        ("japanese_it_certificates", {"japanese_it_certificates": True}, JAPANESE, False),
        ("japanese_it_certificates", {"japanese_it_certificates": False}, JAPANESE, True),
        ("work_study", {"korean_degree": True, "work_study_completed": True}, WORK_STUDY, False),
        ("work_study", {"korean_degree": False, "work_study_completed": True}, WORK_STUDY, True),
        ("work_study", {"korean_degree": True, "work_study_completed": False}, WORK_STUDY, True),
        ("work_study", {"work_study_completed": False}, WORK_STUDY, True),
        ("work_study", {}, WORK_STUDY, False),  # not given: not read
    ],
)
def test_what_a_special_route_rests_on(ev, route, given, rule, blocks):
    applicant = {"special_route": route, "education": "associate", "nationality": "Japan", **given}
    case = make(kind="change_of_status", applicant=applicant, position={"annual_salary_krw": 60_000_000})
    assert (found(ev, case).get(rule) == "blocking") is blocks


@pytest.mark.parametrize(
    "field,value",
    [("global_500_years", -1), ("d10_3_intern_years", "one"), ("japanese_it_certificates", "yes")],
)
def test_bad_route_fields_are_refused_naming_the_field(field, value):
    with pytest.raises(InputError) as error:
        make(applicant={field: value})
    assert f"applicant.{field}" in str(error.value)


# -- 7. the students' routes waive the experience through the codes' own routes (stay manual pp.287, 291, 293) ---


@pytest.mark.parametrize(
    "code,applicant",
    [
        ("S8417", {"education": "associate", "stem_degree": True}),
        ("S75104", {"education": "associate", "degree_related": True, "skill_test_passed": True}),
        ("S85513", {"education": "associate", "stem_degree": True, "skill_test_passed": True, "code_licence": False}),
        # a non-STEM graduate who completed the designated training course (the route's licence)
        ("S85513", {"education": "associate", "stem_degree": False, "skill_test_passed": True, "code_licence": True}),
    ],
)
@pytest.mark.parametrize("korean,letter", [(True, True), (False, True), (True, False)])
def test_the_students_route_waives_the_experience_only_with_a_korean_degree_and_the_letter(
    ev, code, applicant, korean, letter
):
    position = {"code": code, "subcategory": "E-7-3", "job_title": "Worker", "annual_salary_krw": 40_000_000}
    case = make(
        kind="change_of_status",
        stay={"current_status": "D-10"},
        position=position,
        applicant=dict(applicant, korean_degree=korean, experience_years=0.0),
        documents={"recommendation_letter": letter},
    )
    rules = found(ev, case)
    waived = korean and letter
    assert ("qualification.code-route-experience" in rules) is not waived
    assert ("documents.recommendation" in rules) is not letter


# -- 8. the branches a case files under give way to pay of 3 x GNI, but for what is neither 학력 nor 경력 (p.174) --

HIGH, BELOW = 3 * GNI_2025, 3 * GNI_2025 - 60_000


def branch(code: str, route: str, salary: int, **applicant: Any):
    position = {"code": code, "subcategory": "E-7-1", "job_title": "Worker", "section_route": route}
    return make(position=position | {"annual_salary_krw": salary}, applicant=applicant, employer={"reshoring": True})


@pytest.mark.parametrize("salary,korean,blocks", [(HIGH, 3, False), (BELOW, 3, True), (HIGH, 2, True)])
def test_online_sellers_degree_gives_way_to_three_times_gni_not_their_korean(ev, salary, korean, blocks):
    case = branch("2742", "online_seller", salary, education="high_school", korean_level=korean)
    assert (found(ev, case).get("qualification.online-seller") == "blocking") is blocks


@pytest.mark.parametrize("salary,blocks", [(HIGH, False), (BELOW, True)])
def test_the_vietnamese_sw_route_gives_way_to_three_times_gni(ev, salary, blocks):
    case = branch("2222", "vietnam_sw", salary, education="high_school", experience_years=0.0)
    assert (found(ev, case).get("qualification.vietnam-sw-route") == "blocking") is blocks


@pytest.mark.parametrize("salary,blocks", [(HIGH, False), (BELOW, True)])
def test_the_reshoring_route_gives_way_to_three_times_gni(ev, salary, blocks):
    case = make(
        position={"code": "2111", "annual_salary_krw": salary},
        employer={"reshoring": True},
        applicant={"overseas_subsidiary_years": 0.2, "education": "associate"},
    )
    assert (found(ev, case).get("qualification.reshoring-route") == "blocking") is blocks


# -- 9. the D-4-6 route's course of 20 months and Korean licence (visa manual p.174) -----------------------------

D4_6 = "qualification.route-d4-6-course"


@pytest.mark.parametrize(
    "given,blocks",
    [
        ({"d4_6_course_months": 20, "korean_licence": True}, False),
        ({"d4_6_course_months": 19, "korean_licence": True}, True),
        ({"d4_6_course_months": 20, "korean_licence": False}, True),
        ({"korean_licence": False}, True),
        ({}, False),  # not given: not read
    ],
)
def test_the_d4_6_course_and_licence(ev, given, blocks):
    applicant = {"special_route": "d4_6_training", "education": "associate", "korean_level": 4, **given}
    case = make(kind="change_of_status", stay={"current_status": "D-4"}, applicant=applicant)
    assert (found(ev, case).get(D4_6) == "blocking") is blocks


def test_a_course_length_that_is_no_number_of_months_is_refused():
    with pytest.raises(InputError) as error:
        make(applicant={"d4_6_course_months": 0})
    assert "applicant.d4_6_course_months" in str(error.value)


# -- 10. a construction firm's E-7-4 allowance: 0.4 per 100 million won of construction (stay manual p.304) -------


@pytest.mark.parametrize("workers,fires", [(3, False), (4, True)])
def test_a_construction_firm_employs_within_its_construction_amount(ev, workers, fires):
    # 950,000,000 won allow 4 (9.5 x 0.4 = 3.8, rounded up); this hire counts
    case = e7_4(QUOTA, e7_4={"e7_4_workers": workers, "employer_recommendations": 1})
    rules = found(ev, case)
    assert (rules.get("employer.e7-4-construction-allowance") == "blocking") is fires
    assert "employer.foreign-ratio" not in rules


@pytest.mark.parametrize("workers,fires", [(11, False), (12, True)])
def test_without_the_amount_the_thirty_percent_of_domestic_employees_counts(ev, workers, fires):
    # 40 domestic employees allow 12 (30%)
    case = e7_4(QUOTA, e7_4={"e7_4_workers": workers, "employer_recommendations": 1, "construction_amount_krw": DELETE})
    rules = found(ev, case)
    assert (rules.get("employer.foreign-ratio") == "blocking") is fires
    assert "employer.e7-4-construction-allowance" not in rules


# -- 11. E-7-S: no work against public morals or closed to foreigners by law (visa manual p.250) ---------------


@pytest.mark.parametrize(
    "subcategory,restricted,blocks",
    [("E-7-S1", True, True), ("E-7-S1", False, False), ("E-7-S2", True, True), ("E-7-S1", None, False)],
)
def test_e7_s_restricted_fields(ev, subcategory, restricted, blocks):
    e7_s: dict[str, Any] = {"high_tech_field": True, "points": 70}
    if restricted is not None:
        e7_s["restricted_field"] = restricted
    position = {"code": "1120", "subcategory": subcategory, "annual_salary_krw": 240_000_000}
    case = make(position=position, e7_s=e7_s)
    assert (found(ev, case).get("track.s-restricted-field") == "blocking") is blocks


def test_an_e7_s_case_without_the_field_is_not_asked_for_it(ev):
    case = make(position={"code": "1120", "subcategory": "E-7-S1", "annual_salary_krw": 240_000_000})
    asked = {f.rule for f in ev.evaluate(case).findings if f.severity == "needs_information"}
    assert "track.s-restricted-field" not in asked


# -- 12. the university's place the top-university, young-talent and Asian STEM routes name (pp.173-175) --------

YOUNG = "qualification.route-young-talent-university"


@pytest.mark.parametrize(
    "route,given,rule,blocks",
    [
        ("top_world_university", {"qs_rank": 500}, "qualification.route-top-university-rank", False),
        ("top_world_university", {"qs_rank": 501}, "qualification.route-top-university-rank", True),
        ("top_world_university", {"qs_rank": 900, "times_rank": 200}, "qualification.route-top-university-rank", False),
        ("top_world_university", {"times_rank": 201}, "qualification.route-top-university-rank", True),
        ("top_world_university", {}, "qualification.route-top-university-rank", False),  # not given: not read
        ("young_talent", {"qs_rank": 200}, YOUNG, False),
        ("young_talent", {"qs_rank": 201}, YOUNG, True),
        ("young_talent", {"times_rank": 201, "korean_studies": True, "korean_level": 6}, YOUNG, False),
        ("young_talent", {"times_rank": 201, "korean_studies": True, "korean_level": 5}, YOUNG, True),
        ("asian_stem", {"qs_rank": 1000}, "qualification.route-asian-stem-rank", False),
        ("asian_stem", {"qs_rank": 1001}, "qualification.route-asian-stem-rank", True),
    ],
)
def test_the_university_place_a_route_names(ev, route, given, rule, blocks):
    applicant = {"special_route": route, "birth_date": D(2000, 1, 1), "stem_degree": True, **given}
    assert (found(ev, make(applicant=applicant)).get(rule) == "blocking") is blocks


def test_a_ranking_place_below_one_is_refused_naming_the_field():
    with pytest.raises(InputError) as error:
        make(applicant={"qs_rank": 0})
    assert "applicant.qs_rank" in str(error.value)


# -- 13. the worker's record at an extension (the general chapter as kvisa019.com reports it, status N) ---------

RECORD = "stay.extension-worker-record"


@pytest.mark.parametrize(
    "kind,stay,applicant,risk",
    [
        ("extension", {"worker_tax_arrears": True}, {}, True),
        ("extension", {"illegal_work": True}, {}, True),
        ("extension", {}, {"korean_criminal_record": True}, True),
        ("extension", {"worker_tax_arrears": False, "illegal_work": False}, {"korean_criminal_record": False}, False),
        ("extension", {}, {}, False),  # not given: not read
        ("change_of_workplace", {"illegal_work": True}, {}, False),  # read at an extension only
    ],
)
def test_the_workers_record_at_an_extension(ev, kind, stay, applicant, risk):
    assert (found(ev, make(kind=kind, stay=stay, applicant=applicant)).get(RECORD) == "risk") is risk


def test_a_record_field_that_is_no_yes_or_no_is_refused():
    with pytest.raises(InputError) as error:
        make(stay={"illegal_work": "maybe"})
    assert "stay.illegal_work" in str(error.value)


# -- 10. (merge) the branches codes18 added give way to 3 x GNI as well: 학력, 경력 모두 면제 (p.174) ---------------


@pytest.mark.parametrize("salary,blocks", [(HIGH, False), (BELOW, True)])
def test_an_online_sellers_foreign_degree_gives_way_to_three_times_gni(ev, salary, blocks):
    case = branch("2742", "online_seller", salary, education="associate", korean_degree=False, korean_level=3)
    assert (found(ev, case).get("qualification.online-seller-foreign-degree") == "blocking") is blocks


@pytest.mark.parametrize("salary,blocks", [(HIGH, False), (BELOW, True)])
def test_the_ship_management_route_gives_way_to_three_times_gni(ev, salary, blocks):
    case = branch("1512", "ship_management_expert", salary, sea_rank="second_officer", ship_manager_years=1.0)
    assert (found(ev, case).get("qualification.ship-management-expert") == "blocking") is blocks
