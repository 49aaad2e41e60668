"""A second reading of the codes' own sections (visa manual 2026.6 pp.184-250, issue 18, task reviewA): each test
fails on the slip it names and passes after the correction (rulesets/2022-07-01.toml `corrections`)."""

from __future__ import annotations

from .cases import make
from .test_rules_both_sides import findings

GUIDE = {"code": "43213", "subcategory": "E-7-2", "job_title": "Tourist guide", "annual_salary_krw": 32_000_000}
DEVELOPER = {"code": "2732", "subcategory": "E-7-1", "job_title": "Tour planner", "annual_salary_krw": 40_000_000}
CODE_TOURISTS = "employer.code-foreign-tourists"  # 2732 / 2832 (pp.215-216), risk
AGENCY_TOURISTS = "employer.travel-agency-foreign-tourists"  # 43213 (p.227), blocking


def test_each_tourist_rule_reads_only_its_own_code(ev):
    # both rules once applied wherever a code had a minimum of foreign tourists: a 43213 agency with an equivalent
    # record (which p.227 accepts) was still "at risk" under 2732's rule, and a 2732 agency below 2,000 was asked
    # for 43213's equivalent record (needs_information) besides its own risk
    _, found = findings(ev, make(position=GUIDE, employer={"foreign_tourists_per_year": 1200,
                                                         "equivalent_tourist_record": True}))  # fmt: skip
    assert CODE_TOURISTS not in found and AGENCY_TOURISTS not in found
    _, found = findings(ev, make(position=GUIDE, employer={"foreign_tourists_per_year": 1200,
                                                         "equivalent_tourist_record": False}))  # fmt: skip
    assert found[AGENCY_TOURISTS].severity == "blocking" and CODE_TOURISTS not in found
    _, found = findings(ev, make(position=DEVELOPER, employer={"foreign_tourists_per_year": 1999}))
    assert found[CODE_TOURISTS].severity == "risk" and AGENCY_TOURISTS not in found
    _, found = findings(ev, make(position=DEVELOPER, employer={"foreign_tourists_per_year": 2000}))
    assert CODE_TOURISTS not in found and AGENCY_TOURISTS not in found


ROBOTICS = {"code": "2352", "subcategory": "E-7-1", "job_title": "Robotics engineer", "annual_salary_krw": 45_000_000}
MIN_EDUCATION = "qualification.code-min-education"
RESHORING = "qualification.reshoring-route"


def robotics_engineer(reshoring: bool, years_abroad: float, education: str = "bachelor"):
    return make(
        position=ROBOTICS,
        applicant={"education": education, "degree_related": True, "overseas_subsidiary_years": years_abroad},
        employer={"reshoring": reshoring, "domestic_employees": 10, "foreign_employees": 0},
    )


def test_reshoring_robotics_engineer_with_a_bachelors_is_not_held_to_the_masters(ev):
    # 2352 (pp.205-206): 국내·외 석사학위 이상, but 단, 국내복귀기업의 로봇공학 기술자는 별도 요건 적용: a related
    # bachelor's and 6 months at the reshoring company's overseas subsidiary; the master's rule blocked them
    _, found = findings(ev, robotics_engineer(reshoring=True, years_abroad=0.5))
    assert MIN_EDUCATION not in found and RESHORING not in found
    _, found = findings(ev, robotics_engineer(reshoring=True, years_abroad=0.4))
    assert found[RESHORING].severity == "blocking" and MIN_EDUCATION not in found
    _, found = findings(ev, robotics_engineer(reshoring=False, years_abroad=0.5))
    assert found[MIN_EDUCATION].severity == "blocking"  # outside the reshoring route the master's holds
    _, found = findings(ev, robotics_engineer(reshoring=False, years_abroad=0.0, education="master"))
    assert MIN_EDUCATION not in found


def test_travel_product_developer_with_an_equivalent_record_is_not_at_risk(ev):
    # pp.215-216: 2,000 a year 또는 이에 상응하는 실적; the case field came with 43213's rule, 2732's risk ignored it
    agency = {"foreign_tourists_per_year": 1500}
    _, found = findings(ev, make(position=DEVELOPER, employer={**agency, "equivalent_tourist_record": True}))
    assert CODE_TOURISTS not in found
    _, found = findings(ev, make(position=DEVELOPER, employer={**agency, "equivalent_tourist_record": False}))
    assert found[CODE_TOURISTS].severity == "risk"


MECHANICAL = {"code": "2351", "subcategory": "E-7-1", "job_title": "Machine design engineer"}
FORMER_E9 = "qualification.former-e9-bachelor"


def former_e9_technician(salary: int, **applicant):
    worker = {"education": "high_school", "degree_related": False, "experience_years": 7.0, "former_e9_stay": True}
    return make(position={**MECHANICAL, "annual_salary_krw": salary}, applicant={**worker, **applicant})


def test_former_e9_bachelor_only_on_the_five_year_route(ev):
    # p.203: 국내 E-9 자격으로 체류하였던 자가 5년 이상 경력요건으로 신청시에는 학사학위 이상일 것; pay of 3 x GNI
    # (p.174: 학력, 경력 모두 면제) or a special route is not the 5-year route, and the rule blocked them too
    decision, found = findings(ev, former_e9_technician(48_000_000))
    assert found[FORMER_E9].severity == "blocking" and decision.facts["salary_gni_x100"] < 300
    decision, found = findings(ev, former_e9_technician(200_000_000))
    assert decision.facts["salary_gni_x100"] >= 300 and FORMER_E9 not in found
    _, found = findings(ev, former_e9_technician(60_000_000, special_route="ministry_1_5_gni"))
    assert FORMER_E9 not in found
    _, found = findings(ev, former_e9_technician(48_000_000, education="bachelor"))
    assert FORMER_E9 not in found


BACHELOR_EXPERIENCE = "qualification.code-bachelor-experience"
TRANSLATOR = {"code": "2814", "subcategory": "E-7-1", "job_title": "Translator"}


def test_a_codes_own_degree_gives_way_where_the_manual_waives_degree_and_experience(ev):
    # p.174: 3 x GNI 직종에 관계없이 학력, 경력 모두 면제가능; 1.5 x GNI with the ministry's recommendation the same
    # for the 67 E-7-1 codes; 2352's master's and 2814's bachelor's with a year blocked those workers
    robotics = {"education": "bachelor", "degree_related": True}
    _, found = findings(ev, make(position={**ROBOTICS, "annual_salary_krw": 200_000_000}, applicant=robotics))
    assert MIN_EDUCATION not in found
    _, found = findings(ev, make(position={**ROBOTICS, "annual_salary_krw": 45_000_000}, applicant=robotics))
    assert found[MIN_EDUCATION].severity == "blocking"
    special = {**robotics, "special_route": "ministry_1_5_gni"}
    _, found = findings(ev, make(position={**ROBOTICS, "annual_salary_krw": 80_000_000}, applicant=special))
    assert MIN_EDUCATION not in found
    translator = {"education": "associate", "degree_related": True, "experience_years": 0.0}
    _, found = findings(ev, make(position={**TRANSLATOR, "annual_salary_krw": 200_000_000}, applicant=translator))
    assert BACHELOR_EXPERIENCE not in found
    _, found = findings(ev, make(position={**TRANSLATOR, "annual_salary_krw": 45_000_000}, applicant=translator))
    assert found[BACHELOR_EXPERIENCE].severity == "blocking"
