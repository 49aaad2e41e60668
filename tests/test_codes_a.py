"""The codes' own sections of the visa manual pp.187-219 read from case facts (issue 18, codesA): a minimum
degree, a master's or a bachelor's with experience, a licence, the reshoring route (its qualification and its
allowance of 30%), 272's recommendation for a worker without a degree, the branch of a section
(position.section_route) that decides its recommendation, and 2742's overseas online sellers. Each rule on
both sides of its boundary; bad input refused with the file and the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.core.errors import InputError

from .cases import make
from .test_rules_both_sides import findings, passed

D = dt.date


def position(code: str, title: str) -> dict[str, Any]:
    return {"code": code, "subcategory": "E-7-1", "job_title": title, "annual_salary_krw": 60_000_000}


ROBOTICS = position("2352", "Robotics engineer")
LECTURER = position("2512", "Lecturer")
EDUCATION_MANAGER = position("1312", "Education manager")
EDUCATION_PRO = position("2591", "Curriculum specialist")
TRANSLATOR = position("2814", "Translator")
NURSE = position("2430", "Nurse")
LEGAL = position("261", "Foreign legal consultant")
BIOLOGIST = position("2111", "Biologist")
FINANCE = position("272", "Financial analyst")


def applicant(education: str, years: float = 0.0, related: bool = True, **more: Any) -> dict[str, Any]:
    return {"education": education, "experience_years": years, "degree_related": related, **more}


# -- a minimum degree (2352 p.205, 2512 p.210, 1312 p.188) -----------------------------------------------------


@pytest.mark.parametrize(
    ("job", "enough", "short"),
    [(ROBOTICS, "master", "bachelor"), (LECTURER, "master", "bachelor"), (EDUCATION_MANAGER, "bachelor", "associate")],
    ids=["2352", "2512", "1312"],
)
def test_minimum_degree_at_and_below(ev, job, enough, short):
    decision, found = findings(ev, make(position=job, applicant=applicant(enough, 10)))
    assert "qualification.code-min-education" not in found
    assert "qualification.code-min-education" in passed(decision)
    _, found = findings(ev, make(position=job, applicant=applicant(short, 10)))
    f = found["qualification.code-min-education"]
    assert f.severity == "blocking"
    assert f"a {short} degree" in f.message


def test_minimum_degree_only_for_codes_that_set_it(ev):
    decision, found = findings(ev, make(applicant=applicant("high_school", 8)))  # 2223 is on the general rule
    assert "code_min_education_rank" not in decision.facts and "qualification.code-min-education" not in found


def test_minimum_degree_follows_the_occupation_across_the_recoding(ev):
    # 로봇공학 전문가 keeps its master's requirement in the 2026-09-01 edition (the same words)
    robotics = ev.evaluate(make(filed_on=D(2026, 10, 1), position=ROBOTICS, applicant=applicant("bachelor", 3)))
    assert robotics.facts["code_min_education_rank"] == 4


# -- a master's, or a bachelor's with 1 year (2591 p.211, 2814 p.219) ----------------------------------------


@pytest.mark.parametrize("job", [EDUCATION_PRO, TRANSLATOR], ids=["2591", "2814"])
def test_master_or_bachelor_with_a_year(ev, job):
    for education, years in (("master", 0.0), ("bachelor", 1.0), ("doctorate", 0.0)):
        decision, found = findings(ev, make(position=job, applicant=applicant(education, years)))
        assert "qualification.code-bachelor-experience" not in found, (education, years)
        assert "qualification.code-bachelor-experience" in passed(decision)
    for education, years in (("bachelor", 0.9), ("associate", 10.0), ("high_school", 20.0)):
        _, found = findings(ev, make(position=job, applicant=applicant(education, years)))
        f = found["qualification.code-bachelor-experience"]
        assert f.severity == "blocking", (education, years)
        assert "a master's, or a bachelor's with 1 year(s)" in f.message


def test_a_korean_university_bachelor_is_spared_the_year_but_not_the_degree(ev):
    # visa manual p.173: 국내 대학 졸업 학사 이상은 1년 이상의 경력 요건 면제, whatever the listed occupation
    graduate = applicant("bachelor", 0.0, special_route="korean_university")
    decision, found = findings(ev, make(position=TRANSLATOR, applicant=graduate))
    assert "qualification.code-bachelor-experience" not in found
    assert "qualification.code-bachelor-experience" in passed(decision)
    _, found = findings(ev, make(position=TRANSLATOR, applicant=applicant("bachelor", 0.0)))
    assert found["qualification.code-bachelor-experience"].severity == "blocking"
    associate = applicant("associate", 5.0, special_route="korean_university")
    _, found = findings(ev, make(position=TRANSLATOR, applicant=associate))
    assert found["qualification.code-bachelor-experience"].severity == "blocking"


def test_master_or_bachelor_asks_for_the_experience_it_compares(ev):
    decision = ev.evaluate(make(position=TRANSLATOR, applicant={"education": "bachelor", "experience_years": None}))
    asked = {f.rule for f in decision.findings if f.severity == "needs_information"}
    assert "qualification.code-bachelor-experience" in asked


# -- a licence (2430 p.210, 261 p.213) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("job", "licence"), [(NURSE, "korean_nursing_licence"), (LEGAL, "foreign_law_licence")], ids=["2430", "261"]
)
def test_licence_held_or_not(ev, job, licence):
    held = make(position=job, applicant=applicant("bachelor", 3, licences=[licence]))
    decision, found = findings(ev, held)
    assert "qualification.code-licence" not in found and "qualification.code-licence" in passed(decision)
    other = "foreign_law_licence" if licence == "korean_nursing_licence" else "korean_nursing_licence"
    for licences in ([], [other]):
        _, found = findings(ev, make(position=job, applicant=applicant("bachelor", 3, licences=licences)))
        f = found["qualification.code-licence"]
        assert f.severity == "blocking" and f"'{licence}'" in f.message
    decision = ev.evaluate(make(position=job, applicant=applicant("bachelor", 3)))
    asked = {f.rule: f for f in decision.findings if f.severity == "needs_information"}
    assert "applicant.licences" in asked["qualification.code-licence"].message


# -- the reshoring route (pp.191-208): its qualification and its allowance -----------------------------------


def reshoring(years: float | None, education: str = "bachelor", related: bool = True, **employer: Any):
    who = applicant(education, 0.0, related)
    if years is not None:
        who["overseas_subsidiary_years"] = years
    return make(position=BIOLOGIST, applicant=who, employer={"reshoring": True, **employer})


def test_reshoring_route_six_months_with_a_related_bachelor(ev):
    decision, found = findings(ev, reshoring(0.5))
    assert "qualification.reshoring-route" not in found and "qualification.reshoring-route" in passed(decision)
    # the route replaces the general rule: a bachelor's without a year of experience is enough here
    assert "qualification.e7-1-general" not in found
    _, found = findings(ev, reshoring(0.4))
    f = found["qualification.reshoring-route"]
    assert f.severity == "blocking" and "0.4 years" in f.message


@pytest.mark.parametrize(("education", "related"), [("bachelor", False), ("associate", True), ("high_school", True)])
def test_reshoring_route_two_years_otherwise(ev, education, related):
    _, found = findings(ev, reshoring(2.0, education, related))
    assert "qualification.reshoring-route" not in found and "qualification.e7-1-general" not in found
    _, found = findings(ev, reshoring(1.9, education, related))
    assert found["qualification.reshoring-route"].severity == "blocking"


def test_reshoring_route_asks_for_the_service(ev):
    decision = ev.evaluate(reshoring(None))
    asked = {f.rule: f for f in decision.findings if f.severity == "needs_information"}
    assert "applicant.overseas_subsidiary_years" in asked["qualification.reshoring-route"].message


def test_no_reshoring_route_without_a_reshoring_company(ev):
    case = make(position=BIOLOGIST, applicant=applicant("bachelor", 0.0), employer={"reshoring": False})
    decision, found = findings(ev, case)
    assert "code_reshoring_route" not in decision.facts
    assert "qualification.reshoring-route" not in found and "employer.reshoring-allowance" not in found
    assert found["qualification.e7-1-general"].severity == "blocking"  # the general rule applies


def test_reshoring_allowance_is_thirty_percent_rounded_half_up(ev):
    # 10 insured domestic employees allow 3; the applicant counts
    decision, found = findings(ev, reshoring(1.0, domestic_employees=10, foreign_employees=2))
    assert decision.facts["reshoring_allowed"] == 3
    assert "employer.reshoring-allowance" not in found and "employer.reshoring-allowance" in passed(decision)
    _, found = findings(ev, reshoring(1.0, domestic_employees=10, foreign_employees=3))
    f = found["employer.reshoring-allowance"]
    assert f.severity == "blocking"
    assert f.evidence["foreign_after_hire"] == 4 and f.evidence["reshoring_allowed"] == 3
    # 5 x 30% = 1.5 rounds up to 2 (visa manual p.181); 4 x 30% = 1.2 rounds down to 1
    assert ev.evaluate(reshoring(1.0, domestic_employees=5)).facts["reshoring_allowed"] == 2
    assert ev.evaluate(reshoring(1.0, domestic_employees=4)).facts["reshoring_allowed"] == 1


# -- 272: the recommendation for a worker without a degree (p.215) -------------------------------------------


def test_finance_recommendation_only_without_a_degree(ev):
    no_letter = {"recommendation_letter": False}
    decision, found = findings(ev, make(position=FINANCE, applicant=applicant("bachelor", 3), documents=no_letter))
    assert decision.facts.get("code_conditions_decided") is True
    assert "documents.recommendation-condition-met" not in found
    assert "documents.recommendation-some-cases" not in found
    _, found = findings(ev, make(position=FINANCE, applicant=applicant("associate", 6), documents=no_letter))
    f = found["documents.recommendation-condition-met"]
    assert f.severity == "risk" and "학위 없는 경력 5년 이상자" in f.message
    # from 2026-09-01 the same occupation is 282
    later = {**FINANCE, "code": "282"}
    case = make(filed_on=D(2026, 10, 1), position=later, applicant=applicant("high_school", 6), documents=no_letter)
    assert "documents.recommendation-condition-met" in findings(ev, case)[1]


# -- the branch of a code's section (position.section_route): the recommendations it decides ------------------

SHIP = position("1512", "Ship manager")
PLANT = position("23512", "Plant engineer")
SELLER = position("2742", "Overseas online seller")


def branch(job: dict[str, Any], route: str | None) -> dict[str, Any]:
    return job if route is None else {**job, "section_route": route}


def test_a_declared_branch_decides_the_recommendation(ev):
    no_letter = {"recommendation_letter": False}
    _, found = findings(ev, make(position=branch(SHIP, "ship_management_expert"), documents=no_letter))
    f = found["documents.recommendation-condition-met"]
    assert f.severity == "risk" and "ship-management expert" in f.message
    _, found = findings(ev, make(position=branch(SHIP, "general"), documents=no_letter))
    assert not {"documents.recommendation-condition-met", "documents.recommendation-some-cases"} & set(found)
    assert "code.conditions" not in found


def test_an_undeclared_branch_is_asked_for_only_without_a_letter(ev):
    _, found = findings(ev, make(position=SHIP, documents={"recommendation_letter": False}))
    assert "position.section_route" in found["code.conditions"].message
    assert found["documents.recommendation-some-cases"].severity == "advice"
    _, found = findings(ev, make(position=SHIP, documents={"recommendation_letter": True}))
    assert "code.conditions" not in found


def test_plant_engineers_need_the_letter_for_special_equipment_or_a_reshoring_company(ev):
    no_letter = {"recommendation_letter": False}
    for route, reshoring_company in (("special_equipment_engineer", False), ("general", True)):
        case = make(position=branch(PLANT, route), employer={"reshoring": reshoring_company}, documents=no_letter)
        assert "documents.recommendation-condition-met" in findings(ev, case)[1], (route, reshoring_company)
    case = make(position=branch(PLANT, "general"), employer={"reshoring": False}, documents=no_letter)
    assert "documents.recommendation-condition-met" not in findings(ev, case)[1]


def test_a_large_enterprise_manager_needs_no_recommendation(ev):
    ship = branch(SHIP, "ship_management_expert")
    no_letter = {"recommendation_letter": False}
    _, found = findings(ev, make(position=ship, employer={"size": "large"}, documents=no_letter))
    assert found["documents.recommendation-waived"].severity == "advice"
    assert not {"documents.recommendation-condition-met", "documents.recommendation"} & set(found)
    _, found = findings(ev, make(position=ship, employer={"size": "mid"}, documents=no_letter))
    assert "documents.recommendation-condition-met" in found and "documents.recommendation-waived" not in found
    # not a manager's code: a large enterprise's plant engineer still needs the letter for special equipment
    large = {"size": "large", "reshoring": False}
    plant = make(position=branch(PLANT, "special_equipment_engineer"), employer=large, documents=no_letter)
    _, found = findings(ev, plant)
    assert "documents.recommendation-condition-met" in found and "documents.recommendation-waived" not in found


# -- 2742's overseas online sellers (p.218) ------------------------------------------------------------------


def seller(exports: int | None = 5_000_000_000, korean: int = 3, education: str = "associate", **documents: Any):
    employer = {} if exports is None else {"exports_last_year_krw": exports}
    who = applicant(education, 0.0, korean_level=korean)
    papers = {"guarantee": True, **documents}
    return make(position=branch(SELLER, "online_seller"), employer=employer, applicant=who, documents=papers)


def test_online_seller_exports_at_and_below_five_billion(ev):
    decision, found = findings(ev, seller(5_000_000_000))
    assert "employer.online-seller-exports" not in found and "employer.online-seller-exports" in passed(decision)
    f = findings(ev, seller(4_999_999_999))[1]["employer.online-seller-exports"]
    assert f.severity == "blocking" and "4,999,999,999 KRW" in f.message
    asked = {f.rule: f for f in ev.evaluate(seller(None)).findings if f.severity == "needs_information"}
    assert "employer.exports_last_year_krw" in asked["employer.online-seller-exports"].message


def test_online_seller_qualification_replaces_the_general_rule(ev):
    decision, found = findings(ev, seller())  # an associate degree, no experience, TOPIK 3
    assert "qualification.online-seller" in passed(decision)
    assert "qualification.online-seller" not in found and "qualification.e7-1-general" not in found
    for korean, education in ((2, "associate"), (3, "high_school")):
        f = findings(ev, seller(korean=korean, education=education))[1]["qualification.online-seller"]
        assert f.severity == "blocking", (korean, education)


def test_online_seller_guarantee(ev):
    assert "documents.online-seller-guarantee" in passed(ev.evaluate(seller(guarantee=True)))
    found = findings(ev, seller(guarantee=False))[1]
    assert found["documents.online-seller-guarantee"].severity == "blocking"
    assert "documents.guarantee-some-cases" not in found  # the case says its branch: no advice to check it
    general = make(position=branch(SELLER, "general"), documents={"guarantee": False})
    found = findings(ev, general)[1]
    assert not {"documents.online-seller-guarantee", "documents.guarantee-some-cases"} & set(found)
    assert "documents.guarantee-some-cases" in findings(ev, make(position=SELLER, documents={"guarantee": False}))[1]


def test_a_branch_of_another_code_is_not_read(ev):
    # online_seller is a branch of 2742's section: declared under 2223 it brings no requirement
    case = make(position={"section_route": "online_seller"}, documents={"guarantee": False})
    decision, found = findings(ev, case)
    assert "online_seller" not in decision.facts
    assert not {"documents.online-seller-guarantee", "employer.online-seller-exports"} & set(found)


# -- 14901's farm and forestry managers (p.192), 2715's accountants (p.214) -------------------------------------

FARM = position("14901", "Farm business manager")
CONSULTING = position("2715", "Accountant")


def test_farm_managers_need_a_related_master_or_bachelor_and_three_years(ev):
    farm = branch(FARM, "agri_forestry_manager")
    decision, found = findings(ev, make(position=farm, applicant=applicant("bachelor", 3.0)))
    assert "qualification.code-bachelor-experience" in passed(decision)
    assert "qualification.code-bachelor-experience" not in found and "qualification.e7-1-general" not in found
    for who in (applicant("bachelor", 2.9), applicant("master", 9.0, related=False), applicant("associate", 9.0)):
        f = findings(ev, make(position=farm, applicant=who))[1]["qualification.code-bachelor-experience"]
        assert f.severity == "blocking", who
    # the fishery managers of the same code stay on the general rule: a bachelor's and 1 year
    _, found = findings(ev, make(position=branch(FARM, "general"), applicant=applicant("bachelor", 1.0)))
    assert not {"qualification.code-bachelor-experience", "qualification.e7-1-general"} & set(found)


def test_accountants_under_a_foreign_law_need_their_licence(ev):
    accountant = branch(CONSULTING, "foreign_accountant")
    held = make(position=accountant, applicant={"licences": ["foreign_accountant_licence"]})
    assert "qualification.code-licence" in passed(ev.evaluate(held))
    f = findings(ev, make(position=accountant, applicant={"licences": []}))[1]["qualification.code-licence"]
    assert f.severity == "blocking" and "'foreign_accountant_licence'" in f.message
    decision = ev.evaluate(make(position=CONSULTING, applicant={"licences": []}))  # a consultant: no licence asked
    assert "code_licence" not in decision.facts


# -- 2351's former E-9 workers (p.203), 2364's public bodies (p.207) -------------------------------------------

MECHANICAL = position("2351", "Mechanical engineer")
SAFETY = position("2364", "Safety trainer")


def test_former_e9_worker_on_the_five_year_route_needs_a_bachelor(ev):
    def case(education: str, e9: bool | None):
        more = {} if e9 is None else {"former_e9_stay": e9}
        return make(position=MECHANICAL, applicant=applicant(education, 6.0, **more))

    f = findings(ev, case("high_school", True))[1]["qualification.former-e9-bachelor"]
    assert f.severity == "blocking" and "E-9" in f.message
    decision, found = findings(ev, case("high_school", False))
    assert "qualification.former-e9-bachelor" not in found and "qualification.former-e9-bachelor" in passed(decision)
    assert "qualification.former-e9-bachelor" not in findings(ev, case("bachelor", True))[1]
    asked = {f.rule: f for f in ev.evaluate(case("associate", None)).findings if f.severity == "needs_information"}
    assert "applicant.former_e9_stay" in asked["qualification.former-e9-bachelor"].message
    assert "qualification.former-e9-bachelor" not in findings(ev, case("bachelor", None))[1]  # not asked


def test_industrial_safety_professionals_only_at_a_public_body(ev):
    decision, found = findings(ev, make(position=SAFETY, employer={"size": "public"}))
    assert "employer.code-public-body" not in found and "employer.code-public-body" in passed(decision)
    for size in ("sme", "large", "non_profit"):
        f = findings(ev, make(position=SAFETY, employer={"size": size}))[1]["employer.code-public-body"]
        assert f.severity == "blocking" and f"'{size}'" in f.message


# -- 2222's Vietnamese SW route (p.198) -------------------------------------------------------------------------

SYSTEM_SW = branch(position("2222", "Firmware developer"), "vietnam_sw")
IN_TRIAL = D(2026, 7, 1)


def vietnam(education: str = "bachelor", size: str = "sme", filed: dt.date = IN_TRIAL):
    return make(filed_on=filed, position=SYSTEM_SW, applicant=applicant(education, 0.0), employer={"size": size})


def test_vietnamese_route_waives_the_year_for_an_sme_or_venture(ev):
    for size in ("sme", "venture"):
        decision, found = findings(ev, vietnam(size=size))
        assert "qualification.vietnam-sw-route" in passed(decision)
        assert not {"qualification.vietnam-sw-route", "qualification.e7-1-general"} & set(found)
    for education, size in (("bachelor", "large"), ("bachelor", "mid"), ("associate", "sme")):
        f = findings(ev, vietnam(education, size))[1]["qualification.vietnam-sw-route"]
        assert f.severity == "blocking", (education, size)
    # without the route the general rule asks for the year
    general = make(position=position("2222", "Firmware developer"), applicant=applicant("bachelor", 0.0))
    assert "qualification.e7-1-general" in findings(ev, general)[1]


def test_vietnamese_route_is_a_trial_of_2025_and_2026(ev):
    for filed in (D(2025, 1, 1), D(2026, 12, 31)):
        decision, found = findings(ev, vietnam(filed=filed))
        assert "qualification.vietnam-sw-trial" not in found and "qualification.vietnam-sw-trial" in passed(decision)
    f = findings(ev, vietnam(filed=D(2027, 1, 1)))[1]["qualification.vietnam-sw-trial"]
    assert f.severity == "risk" and "2027-01-01" in f.message


# -- 2732's travel agencies: foreign tourists and the allowance (pp.215-216) ------------------------------------

TRAVEL = position("2732", "Tour planner")
AGENCY = {"certifications": ["tourism_business_registration"]}


def travel(tourists: int | None, graduate: bool | None, foreign: int = 1):
    employer = {**AGENCY, "foreign_employees": foreign}
    if tourists is not None:
        employer["foreign_tourists_per_year"] = tourists
    who = {} if graduate is None else {"korean_graduate": graduate}
    return make(position=TRAVEL, employer=employer, applicant=who)


def test_travel_agency_foreign_tourists_at_and_below_two_thousand(ev):
    decision, found = findings(ev, travel(2000, False))
    assert "employer.code-foreign-tourists" not in found and "employer.code-foreign-tourists" in passed(decision)
    f = findings(ev, travel(1999, False))[1]["employer.code-foreign-tourists"]
    assert f.severity == "risk" and "1,999 foreign tourists" in f.message


def test_travel_agency_allowance_is_two_or_three(ev):
    assert ev.evaluate(travel(4999, False)).facts["code_max_per_employer"] == 2
    assert ev.evaluate(travel(5000, False)).facts["code_max_per_employer"] == 3
    assert ev.evaluate(travel(2000, True)).facts["code_max_per_employer"] == 3
    # 2 foreign staff with this hire make 3: over 2, within 3
    assert "employer.max-per-employer" in findings(ev, travel(4999, False, foreign=2))[1]
    assert "employer.max-per-employer" not in findings(ev, travel(5000, False, foreign=2))[1]
    # not known: the cap that blocks less, and e7 asks
    decision, found = findings(ev, travel(None, None, foreign=2))
    assert decision.facts["code_max_per_employer"] == 3
    assert "applicant.korean_graduate" in found["code.conditions"].message


# -- bad input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("licences", ["nursing"]),
        ("licences", "korean_nursing_licence"),
        ("overseas_subsidiary_years", -1),
        ("former_e9_stay", "yes"),
    ],
)
def test_bad_input_names_the_field(field, value):
    with pytest.raises(InputError) as raised:
        make(applicant={field: value})
    assert f"applicant.{field}" in str(raised.value)


def test_bad_branch_or_exports_name_the_field():
    with pytest.raises(InputError) as raised:
        make(position={"section_route": "seller"})
    assert "position.section_route" in str(raised.value)
    for field in ("exports_last_year_krw", "foreign_tourists_per_year"):
        with pytest.raises(InputError) as raised:
            make(employer={field: -1})
        assert f"employer.{field}" in str(raised.value)
