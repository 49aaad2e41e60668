"""Case files: one E-7 application as TOML or JSON (same structure), validated at the edge.

Every field but ``position.code`` may be missing; the rule that needs a missing field says so in a
``needs_information`` finding. What is present must be valid: a negative salary, shares that do not add
up to 100 or an impossible date are refused here with the file, the field and what was expected.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.core.convert import check_plain, file_id, read_data, read_quickly, structure
from engine.core.errors import InputError
from engine.core.model import CODE_PATTERN

Kind = Literal["initial", "extension", "change_of_workplace", "change_of_status"]
Education = Literal["none", "high_school", "associate", "bachelor", "master", "doctorate"]
EmployerSize = Literal["large", "mid", "sme", "venture", "non_profit", "public"]
CaseSubcategory = Literal["E-7-1", "E-7-2", "E-7-3", "E-7-4", "E-7-S1", "E-7-S2"]
PriorStatus = Literal["E-9", "E-10", "H-2"]
# the status held when filing: what a change of status leaves, or E-7 at an extension or change of workplace
CurrentStatus = Literal["E-7", "E-9", "E-10", "H-2", "D-2", "D-4", "D-10", "other"]
# the employer's sector where a code's requirement depends on it (S610: 외국인체류 안내매뉴얼 2026.6 pp.301, 303)
Sector = Literal["agriculture", "livestock", "fishery", "coastal_shipping", "forestry", "root_industry", "other"]
# 우대를 위한 특별요건 (visa issuance manual 2026.6 p.173): routes around the E-7-1 general requirement
SpecialRoute = Literal[
    "global_500_experience",  # 1 year or more in a professional job at a Fortune Global 500 company
    "top_world_university",  # bachelor's from a top world university (TIME 200 / QS 500): 1 year waived
    "korean_college",  # graduate of a Korean junior college, related field: 1 year waived
    "korean_university",  # bachelor's or higher from a Korean university, any field: 1 year waived
    "hightech_intern",  # 1 year or more on D-10-3 in the same field, paid at least 1 x GNI
    # visa issuance manual 2026.6 pp.174-175 (issue 18: rules, not advice)
    "ministry_1_5_gni",  # pay of 1.5 x GNI and a central ministry's recommendation: degree and experience waived
    "young_talent",  # aged 29 or under, top-200 world university or Korean studies with TOPIK 6
    "work_study",  # Korean associate degree or higher and the foreign-student work-study programme completed
]

# a designation, registration or recommendation of the employer that a code's section requires of it (visa manual
# 2026.6, the codes' sections; rulesets parameter code_employer_certification says which code needs which)
Certification = Literal[
    "halal_certified_slaughterhouse",  # 7103: 할랄 도축(도계)장 인증 (KMF or a foreign certifier)
    "elderly_care_facility",  # 42111 / 42210: 노인의료복지시설 with a 장기요양기관지정서
    "kepco_transmission_contract",  # 76231: a transmission-line contract won from KEPCO
    "medical_institution",  # 2430 / 2440: 의료법에 의한 의료기관
    "foreign_patient_attraction_registration",  # S3922 / S3612: 외국인환자 유치의료기관 or 유치업자
    "tourism_business_registration",  # 2732 / 2832, 43213 / 44213: 관광사업 등록 (일반여행업)
    "ministry_employer_recommendation",  # 76212, 78369, S75104: the ministry recommended the employer
    "local_government_recommendation",  # S85411: 지자체장 추천
    "designated_body_preliminary_recommendation",  # S85513: 예비고용추천
    "aircraft_parts_maker_confirmation",  # S8417: the ministry's designated body's 확인서
    "service_fdi_zone_school",  # 2543: 서비스외투지역 기술 및 직업훈련학교
]

EDUCATION_RANK = {"none": 0, "high_school": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}


def in_range(low: float | None, high: float | None, what: str):
    def check(_instance: object, attribute: attrs.Attribute, value: float | None) -> None:
        if value is None:
            return
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f">= {low}"
            raise ValueError(f"{attribute.name}: expected {what} {bounds}, got {value!r}")

    return check


# the bounds of every amount, count and number of years in a case or a history
MAX_YEARS = 80  # a working life
money = in_range(0, 10**13, "an amount in won")  # 10 trillion won: beyond it is a typing error
count = in_range(0, 10**9, "a count")  # a billion: beyond it is a typing error
years = in_range(0, MAX_YEARS, "a number of years")


@attrs.frozen
class Applicant:
    birth_date: dt.date | None = None
    education: Education | None = None
    degree_field: str | None = None
    degree_related: bool | None = None  # is the degree's field related to the position's duties?
    experience_years: float | None = attrs.field(default=None, validator=years)
    # of experience_years, the years after the degree or licence (visa manual p.172: only those count)
    experience_after_degree_years: float | None = attrs.field(default=None, validator=years)
    korean_level: int | None = attrs.field(default=None, validator=in_range(0, 6, "a TOPIK/KIIP level"))
    prior_e7_years: float | None = attrs.field(default=None, validator=years)
    special_route: SpecialRoute | None = None
    nationality: str | None = None
    # the day the worker entered Korea for this E-7 work (입국일): the shipbuilding codes hold workers brought in
    # from 2024-10 to a lower wage up to 3 years after it (visa manual 2026.6 pp.236-239)
    entered_on: dt.date | None = None


@attrs.frozen
class Employer:
    name: str | None = None
    size: EmployerSize | None = None
    capital_region: bool | None = None
    domestic_employees: int | None = attrs.field(default=None, validator=count)
    foreign_employees: int | None = attrs.field(default=None, validator=count)
    annual_revenue_krw: int | None = attrs.field(default=None, validator=money)
    industry: str | None = None
    mainly_domestic_sales: bool | None = None
    founded_on: dt.date | None = None
    tax_arrears: bool | None = None
    # barred from certificate issuance (출입국관리법 시행규칙 제17조의3 ②, visa manual p.176)
    invitation_restricted: bool | None = None
    # read only by the requirements that depend on them (docs/cases.md, "Conditional requirements")
    sector: Sector | None = None
    depopulation_area: bool | None = None  # 인구감소지역
    reshoring: bool | None = None  # 국내복귀기업 selected under the reshoring act
    regular_workers: int | None = attrs.field(default=None, validator=count)  # 상시근로자, foreign staff included
    # foreign workers who absconded (이탈) from the employer in the 12 and 24 months before filing: some codes'
    # sections bar such an employer or deduct them from its allowance (visa manual 2026.6 pp.222-247)
    absconders_past_year: int | None = attrs.field(default=None, validator=count)
    absconders_past_two_years: int | None = attrs.field(default=None, validator=count)
    certifications: tuple[Certification, ...] | None = None  # what the employer holds; [] for none

    def __attrs_post_init__(self) -> None:
        one, two = self.absconders_past_year, self.absconders_past_two_years
        if one is not None and two is not None and one > two:
            raise ValueError(
                f"absconders_past_two_years: expected at least absconders_past_year ({one}): the 24 months hold the "
                f"last 12, got {two}"
            )


@attrs.frozen
class Duty:
    task: str
    share: float = attrs.field(validator=in_range(0, 100, "a share of working time in percent"))

    def __attrs_post_init__(self) -> None:
        if not self.task.strip():
            raise ValueError("task: expected a description of the task, got an empty text")
        if self.share <= 0:
            raise ValueError(f"share: expected a share above 0 percent, got {self.share!r}")


@attrs.frozen
class Position:
    code: str = attrs.field()
    subcategory: CaseSubcategory | None = None
    job_title: str | None = None
    annual_salary_krw: int | None = attrs.field(default=None, validator=money)
    weekly_hours: float | None = attrs.field(default=None, validator=in_range(1, 84, "weekly working hours"))
    duties: tuple[Duty, ...] | None = None

    @code.validator
    def _code(self, _attribute: attrs.Attribute, value: str) -> None:
        if not CODE_PATTERN.fullmatch(value):
            raise ValueError(f"code: expected an occupation code of 3 to 5 digits, optionally after S, got {value!r}")

    def __attrs_post_init__(self) -> None:
        if self.duties is not None:
            if not self.duties:
                raise ValueError("duties: expected at least one duty, or no duties key at all")
            total = sum(d.share for d in self.duties)
            if abs(total - 100) > 0.01:
                raise ValueError(f"duties: expected shares that add up to 100, got {total:g}")


@attrs.frozen
class Documents:
    contract_lists_duties: bool | None = None
    sayuseo_cites_code: bool | None = None
    sayuseo_lists_tasks: bool | None = None
    sayuseo_reviewed_by_applicant: bool | None = None
    prior_letters_list_duties: bool | None = None
    income_certificate: bool | None = None
    recommendation_letter: bool | None = None
    guarantee: bool | None = None


@attrs.frozen
class SkilledPoints:
    """``[e7_4]``: what the E-7-4 points system (K-point E74) reads."""

    prior_status: PriorStatus | None = None
    years_on_prior_status: float | None = attrs.field(default=None, validator=years)  # within the last 10 years
    two_year_average_income_krw: int | None = attrs.field(default=None, validator=money)
    agriculture_or_fishery: bool | None = None
    non_capital_region_years: float | None = attrs.field(default=None, validator=years)
    metro_government_recommendation: bool | None = None
    central_ministry_recommendation: bool | None = None
    employer_recommendation: bool | None = None
    years_with_current_employer: float | None = attrs.field(default=None, validator=years)
    depopulation_area_years: float | None = attrs.field(default=None, validator=years)
    licence_or_korean_degree: bool | None = None
    korean_driving_licence: bool | None = None
    fines_under_1m_count: int | None = attrs.field(default=None, validator=count)
    tax_arrears_restriction_count: int | None = attrs.field(default=None, validator=count)
    immigration_violation_count: int | None = attrs.field(default=None, validator=count)
    # exclusions (stay manual p.303), each within the last 10 years where the manual says so
    fine_1m_or_more: bool | None = None  # a fine of 1,000,000 won or more
    personal_tax_arrears: bool | None = None
    illegal_stay_months: float | None = attrs.field(default=None, validator=in_range(0, 1200, "a number of months"))
    # the employer's side (stay manual pp.301, 303)
    employer_e9_workers: int | None = attrs.field(default=None, validator=count)  # E-9/E-10/H-2 employed now
    # the employer's E-7-4 and E-7-4R holders now, the only foreign staff its E-7-4 allowance counts (p.303)
    e7_4_workers: int | None = attrs.field(default=None, validator=count)
    # E-7-4 recommendations the employer has made, this one included
    employer_recommendations: int | None = attrs.field(default=None, validator=count)
    employer_recommendation_banned: bool | None = None  # wage arrears, abuse or illegal hiring within 5 years


@attrs.frozen
class Stay:
    """``[stay]``: what an extension, a change or addition of workplace or a change of status reads
    (docs/cases.md, "Case kinds")."""

    current_status: CurrentStatus | None = None
    requested_years: float | None = attrs.field(default=None, validator=in_range(0.01, 10, "a period of stay in years"))
    contract_years: float | None = attrs.field(default=None, validator=in_range(0.01, 10, "a contract length in years"))
    workplace_added: bool | None = None  # a workplace added (근무처 추가) rather than changed
    left_before_contract_end: bool | None = None  # the former contract ended early
    transfer_consent: bool | None = None  # the former employer's 이적동의서
    worker_not_at_fault: bool | None = None  # closure, downturn, contract expiry, arrears, abuse: documented
    korean_requirement_met: bool | None = None  # a pilot code's KIIP / TOPIK requirement (stay pp.283-294)


@attrs.frozen
class HighTech:
    """``[e7_s]``: what the E-7-S tracks read."""

    high_tech_field: bool | None = None
    points: int | None = attrs.field(default=None, validator=count)  # the E-7-S2 points score


@attrs.frozen
class Case:
    position: Position
    id: str = ""
    kind: Kind | None = None
    filed_on: dt.date | None = None
    applicant: Applicant = Applicant()
    employer: Employer = Employer()
    documents: Documents = Documents()
    e7_4: SkilledPoints | None = None
    e7_s: HighTech | None = None
    stay: Stay = Stay()


read_quickly(Case)  # a batch builds one per line: valid data skips the converter's bookkeeping


def case_from_data(data: Any, where: str, checked: bool = False) -> Case:
    """The case a file's data holds; ``checked`` when the data came from ``parse_json`` or ``read_data``, which
    have already refused what ``check_plain`` refuses."""
    if not isinstance(data, dict):
        raise InputError(where, None, "expected a table (a JSON object) holding one case")
    if not checked:
        check_plain(data, where)  # for data that did not come through read_data or parse_json
    case = structure(data, Case, where)
    if case.applicant.birth_date and case.filed_on and case.applicant.birth_date >= case.filed_on:
        raise InputError(where, "applicant.birth_date", f"expected a date before filed_on {case.filed_on}")
    if case.applicant.entered_on and case.filed_on and case.applicant.entered_on > case.filed_on:
        raise InputError(where, "applicant.entered_on", f"expected a date on or before filed_on {case.filed_on}")
    if case.employer.founded_on and case.filed_on and case.employer.founded_on > case.filed_on:
        raise InputError(where, "employer.founded_on", f"expected a date on or before filed_on {case.filed_on}")
    return case


def load_case(path: Path, shown: str | None = None) -> Case:
    """Read a case from a ``.toml`` or ``.json`` file."""
    where = shown or str(path)
    case = case_from_data(read_data(path, "case", where), where)
    if not case.id:
        case = attrs.evolve(case, id=file_id(path))
    return case
