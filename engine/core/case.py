"""Case files: one E-7 application as TOML or JSON (same structure), validated at the edge.

Every field but ``position.code`` may be missing; the rule that needs a missing field says so in a
``needs_information`` finding. What is present must be valid: a negative salary, shares that do not add
up to 100 or an impossible date are refused here with the file, the field and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.core.area_work import AreaWork
from engine.core.case_choices import (
    CookPost,
    EntryStatus,
    FiveYearCap,
    ForeignStatus,
    JejuSchoolTie,
    KoreanInstitution,
    RestaurantCuisine,
    SpecialRoute,
)
from engine.core.convert import check_plain, file_id, read_data, read_quickly, structure
from engine.core.errors import InputError
from engine.core.model import CODE_PATTERN, UniversityCountry
from engine.core.papers import Paper

Kind = Literal["initial", "extension", "change_of_workplace", "change_of_status"]
Education = Literal["none", "high_school", "associate", "bachelor", "master", "doctorate"]
EmployerSize = Literal["large", "mid", "sme", "venture", "non_profit", "public"]
CaseSubcategory = Literal["E-7-1", "E-7-2", "E-7-3", "E-7-4", "E-7-S1", "E-7-S2"]
PriorStatus = Literal["E-9", "E-10", "H-2"]
# the status held when filing: what a change of status leaves, or E-7 at an extension or change of workplace
CurrentStatus = Literal["E-7", "E-9", "E-10", "H-2", "D-2", "D-4", "D-10", "other"]
# the employer's sector where a code's requirement depends on it (S610: 외국인체류 안내매뉴얼 2026.6 pp.301, 303)
Sector = Literal["agriculture", "livestock", "fishery", "coastal_shipping", "forestry", "root_industry", "other"]

# what the Korean level rests on: a TOPIK score sheet is filed; a KIIP completion or pre-test result is not (stay
# manual 2026.6 p.310: 한국어능력 입증을 TOPIK으로 할 경우만 점수표를 제출)
KoreanTest = Literal["topik", "kiip", "kiip_pretest"]
# 2814: how fluency in a foreign language other than the mother tongue is shown (visa manual 2026.6 p.219)
LanguageProof = Literal["study_abroad", "certificate", "none"]
# 441: the route of the cooks' section the worker qualifies by (visa manual 2026.6 pp.228-229)
CookRoute = Literal[
    "competition_award",
    "foreign_licence_intermediate",
    "foreign_licence_elementary",
    "foreign_course",
    "local_cuisine",
    "korean_bachelor",
    "korean_associate",
    "korean_d4_6",
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

# a licence or qualification a code's section requires of the worker (visa manual 2026.6 pp.210, 213; rulesets
# parameter code_required_licence says which code needs which)
Licence = Literal[
    "korean_nursing_licence",  # 2430: 의료법 제7조 간호사 면허 (보건복지부장관); a nursing assistant's is not one
    "foreign_law_licence",  # 261: 외국 법률에 의한 해당 자격증 (a lawyer's or other legal qualification abroad)
    "foreign_accountant_licence",  # 2715: 외국 법률에 의한 회계사 자격증
]

# the branch of a code's own section the case files under, where the section gives some of its workers or
# employers requirements of their own (visa manual 2026.6 pp.193-218); "general" for none of them
SectionRoute = Literal[
    "general",
    "ship_management_expert",  # 1512: 선박관리업체 또는 선박운송업체의 선박관리 전문가 (p.193)
    "travel_or_leisure_manager",  # 1521: 여행업체 관리자, 관광레저사업체 관리자 (p.194)
    "vietnam_sw",  # 2222: 베트남 SW인력 특례 (p.198)
    "special_equipment_engineer",  # 23512: 특수 설비 및 제작 기술자 (p.204)
    "international_school_teacher",  # 2599: 제주 국제학교 등, 국제중·외국어고·국제고·자사고 교사 (pp.212-213)
    "foreign_school_teacher",  # 2599: 외국인학교(외국인유치원), 대안학교 또는 외국교육기관의 교사 (p.212)
    "gifted_school_teacher",  # 2599: 영재학교 교사 (p.212)
    "performance_planner",  # 2735: 공연기획자 (p.217)
    "special_exporter",  # 2742: 외국인투자업체 or 특수언어지역 대상 수출업체, the 특례 of its protection rules (p.217)
    "online_seller",  # 2742: 해외 온라인 상품 판매원 (p.218)
    "agri_forestry_manager",  # 14901: 농림기업 관리자, a qualification of its own (p.192)
    "foreign_accountant",  # 2715: 외국 법률에 의한 회계사, who needs the licence (p.214)
    "foreign_legal_consultant",  # 261: 외국법자문사법에 의한 외국법자문사 (p.213)
]

# the highest rank a ship-management expert of 1512 sailed (p.193): 선장, 기관장, 1등 항해사․기관사 (first_officer:
# the first mate or first engineer), 2등 or 3등 항해사․기관사, or none of them
SeaRank = Literal["master", "chief_engineer", "first_officer", "second_officer", "third_officer", "none"]

# the kinds of business the sections of 31215 and 441 name (visa manual 2026.6 pp.221-231; rulesets parameters
# codesb_business_kinds and codesb_business_minimums)
BusinessKind = Literal[
    "duty_free_shop",  # 외국인관광객 면세판매장 (designated) or 보세판매장 (licensed)
    "jeju_restaurant",  # 제주특별자치도 내 음식점
    "jeju_english_city_shop",  # 제주영어교육도시 내 식품접객업소 또는 상점 등 상업시설
    "tourist_hotel_or_restaurant",  # 관광호텔, 관광식당, 외국인관광객 전문식당, 항공사 기내식 사업부
    "chinese_restaurant",  # 중식당 (a foreign-cuisine restaurant without a tourist designation)
    "foreign_restaurant",  # 일반식당: another foreign-cuisine restaurant
    "special_zone_restaurant",  # 안산 다문화마을 특구 내 식당, 인천 중구 차이나타운 특구 내 중식당
    # the employers 7406, S75104 and S71032 accept (pp.236, 245, 247; rulesets parameter code_employer_kinds)
    "shipyard",  # 7406: 조선소
    "ship_block_maker",  # 7406: 선박관련 블록제조업
    "ship_equipment_maker",  # 7406: 조선 기자재 업체 confirmed at 50% or more of shipbuilding (산업부 지정기관 확인서)
    "general_repair_shop",  # S75104: 자동차관리사업 등록증 상 종합정비업
    "slaughterhouse",  # S71032: 도축업체
    "travel_agency",  # 1521 (p.194): 여행업체 (일반여행업, 국외여행업), whose manager files 관광사업등록증 사본
    "other",
]

# the items an aquaculture technician (6301) may farm (visa manual 2026.6 p.234 【양식기술자 도입 가능 품목】): sea
# cucumber, and on trial fish (넙치·조피볼락·숭어·참돔 only), shellfish (굴, 홍합, 바지락, 피조개, 전복), white shrimp
# (흰다리새우), seaweed (김, 미역, 다시마) and invertebrates (우렁쉥이, 미더덕, 오만둥이); other: none of these
AquacultureSpecies = Literal["sea_cucumber", "fish", "shellfish", "white_shrimp", "seaweed", "invertebrate", "other"]

EDUCATION_RANK = {"none": 0, "high_school": 1, "associate": 2, "bachelor": 3, "master": 4, "doctorate": 5}


def in_range(low: float | None, high: float | None, what: str):
    def check(_instance: object, attribute: attrs.Attribute, value: float | None) -> None:
        if value is None:
            return
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f">= {low}"
            raise ValueError(f"{attribute.name}: expected {what} {bounds}, got {value!r}")

    return check


def matching(pattern: str, what: str):
    def check(_instance: object, attribute: attrs.Attribute, value: str | None) -> None:
        if value is not None and not re.fullmatch(pattern, value):
            raise ValueError(f"{attribute.name}: expected {what}, got {value!r}")

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
    korean_test: KoreanTest | None = None  # what korean_level rests on: the paper it needs (stay manual p.310)
    prior_e7_years: float | None = attrs.field(default=None, validator=years)
    special_route: SpecialRoute | None = None
    nationality: str | None = None
    # the day the worker entered Korea for this E-7 work (입국일): the shipbuilding codes hold workers brought in
    # from 2024-10 to a lower wage up to 3 years after it (visa manual 2026.6 pp.236-239)
    entered_on: dt.date | None = None
    # the codes' own qualification (visa manual 2026.6 pp.191-213): licences held ([] for none), and the years
    # employed at a reshoring company's overseas subsidiary (국내복귀기업 해외법인 근무경력)
    licences: tuple[Licence, ...] | None = None
    overseas_subsidiary_years: float | None = attrs.field(default=None, validator=years)
    # a graduate of a Korean university, or of a Korean-studies department abroad (2732's extra place, p.216)
    korean_graduate: bool | None = None
    former_e9_stay: bool | None = None  # stayed in Korea on E-9 before (2351's 5-year route needs a bachelor's, p.203)
    # what a code's own qualification routes read (visa manual 2026.6 pp.223-249; rulesets parameter
    # codesb_qualification_routes): a science or engineering degree (이공계), a degree from a Korean school, the
    # licence, certificate or course the code's section names, the designated body's skill test (기량검증) passed;
    # the two degree fields are also read by the students' routes (stay manual pp.281-294) and the Korean
    # graduates' route (visa manual p.173)
    stem_degree: bool | None = None
    korean_degree: bool | None = None
    code_licence: bool | None = None
    skill_test_passed: bool | None = None
    # 7406 (p.236): a certificate of the job and safety training for grinding (사상) from the designated body
    grinding_training_certified: bool | None = None
    # 2814: a foreign language other than the mother tongue shown by study abroad or a certificate (p.219)
    language_proof: LanguageProof | None = None
    # 1312: the teacher's qualification the law sets (p.188); 441: the cook's route, months of training (pp.228-229)
    teacher_qualification: bool | None = None
    cook_route: CookRoute | None = None
    korean_training_months: int | None = attrs.field(default=None, validator=in_range(0, 240, "a number of months"))
    # years of the course at the kind of school a code's own route names (2543: 해외기술전문학교 교육 이수, p.211)
    code_course_years: float | None = attrs.field(default=None, validator=years)
    # 1512's ship-management experts (p.193): the highest rank sailed and the years as a ship manager (선박관리자 경력)
    sea_rank: SeaRank | None = None
    ship_manager_years: float | None = attrs.field(default=None, validator=years)
    # 261's foreign legal consultants (p.213): approved under the Foreign Legal Consultant Act and registered with the
    # Korean Bar Association (외국법자문사 승인, 대한변호사협회 등록)
    legal_consultant_registered: bool | None = None
    toeic_score: int | None = attrs.field(default=None, validator=in_range(10, 990, "a TOEIC score"))  # 3991, p.226
    # the Jeju international schools' special rules (pp.213, 223): the tie to the school, a TESOL-like certificate
    jeju_school_tie: JejuSchoolTie | None = None
    english_teaching_certificate: bool | None = None
    # the kind of Korean school the degree is from (the Korean graduates' route, visa manual p.173)
    korean_institution: KoreanInstitution | None = None
    # a criminal record from an earlier stay in Korea (drink-driving, assault, theft): skilled workers are, as a rule,
    # not issued a certificate (stay manual 2026.6 p.278)
    korean_criminal_record: bool | None = None
    # what the special routes rest on (visa manual 2026.6 pp.173-175), read where given: years in a professional
    # job at a Fortune Global 500 company, years as a D-10-3 high-tech intern in the field of the job, the CAIT /
    # JITEC software developer and basic IT certificates both held, the foreign-student work-study programme
    # (일학습병행제) completed in a field related to the code
    global_500_years: float | None = attrs.field(default=None, validator=years)
    d10_3_intern_years: float | None = attrs.field(default=None, validator=years)
    japanese_it_certificates: bool | None = None
    work_study_completed: bool | None = None
    # the D-4-6 route (p.174): the months of the Korean training course completed in the field of the degree, and a
    # Korean national licence (국내 공인 자격증) held
    d4_6_course_months: int | None = attrs.field(default=None, validator=in_range(1, 120, "a number of months"))
    korean_licence: bool | None = None
    # the university's best place in the last 3 years' QS World University Rankings and Times Higher Education
    # rankings (최근 3년 이내, visa manual p.175), and a Korean-studies degree: what the top-university, young-talent
    # and Asian STEM routes read (pp.173-175)
    qs_rank: int | None = attrs.field(default=None, validator=in_range(1, 5000, "a university ranking place"))
    times_rank: int | None = attrs.field(default=None, validator=in_range(1, 5000, "a university ranking place"))
    korean_studies: bool | None = None
    # S85513 (p.248): completed the section's training course (기술 훈련 과정), whose 훈련이수 확인증 the file holds
    code_training_completed: bool | None = None
    # 2599 (p.212): years in Korea in the last 5 as an E-2 or E-7 teacher; 3 or more spare the criminal record
    korea_teacher_years_recent: float | None = attrs.field(default=None, validator=in_range(0, 5, "a number of years"))
    university_country: UniversityCountry | None = None  # the Asian STEM route's university's country (p.175)
    overseas_training_completed: bool | None = None  # the overseas training programme's course (2026-09-01 p.175)


@attrs.frozen
class Employer:
    name: str | None = None
    size: EmployerSize | None = None
    capital_region: bool | None = None
    domestic_employees: int | None = attrs.field(default=None, validator=count)
    foreign_employees: int | None = attrs.field(default=None, validator=count)
    # the residence status of each foreign employee now, one entry per person: where given, the foreign ratio counts
    # the statuses the manual counts from it (ruleset parameters foreign_ratio_not_counted, e7_4_foreign_counted)
    foreign_staff_statuses: tuple[ForeignStatus, ...] | None = None
    annual_revenue_krw: int | None = attrs.field(default=None, validator=money)
    industry: str | None = None
    mainly_domestic_sales: bool | None = None
    founded_on: dt.date | None = None
    tax_arrears: bool | None = None
    # barred from certificate issuance (출입국관리법 시행규칙 제17조의3 ②, visa manual p.176)
    invitation_restricted: bool | None = None
    contract_wages_unpaid: bool | None = None  # did not pay as its filed contract said (visa pp.204, 209, 218, 226)
    # a wedding hall, caterer, event company or dispatched work, where regular work is hard (441: stay manual p.277)
    irregular_work_business: bool | None = None
    # a university (고등교육법의 대학) hires: no recommendation letter is asked (visa manual p.175)
    university: bool | None = None
    # a law-abiding, socially contributing company (성실납세기업, 일자리 으뜸기업, 동반성장지수 우수, 출소자 or 제대군인
    # 고용 우수기업): spared the establishment documents and the proof of the need to hire (visa manual p.179)
    compliance_designation: bool | None = None
    # read only by the requirements that depend on them (docs/cases.md, "Conditional requirements")
    sector: Sector | None = None
    depopulation_area: bool | None = None  # 인구감소지역
    reshoring: bool | None = None  # 국내복귀기업 selected under the reshoring act
    shipbuilding: bool | None = None  # 조선업: E-7-4 files the shipyard's or supplier's confirmation (p.310)
    coastal_regular_service: bool | None = None  # 내항정기운송사업: E-7-4 files its licence (stay p.310)
    regular_workers: int | None = attrs.field(default=None, validator=count)  # 상시근로자, foreign staff included
    # foreign workers who absconded (이탈) from the employer in the 12 and 24 months before filing: some codes'
    # sections bar such an employer or deduct them from its allowance (visa manual 2026.6 pp.222-247)
    absconders_past_year: int | None = attrs.field(default=None, validator=count)
    absconders_past_two_years: int | None = attrs.field(default=None, validator=count)
    certifications: tuple[Certification, ...] | None = None  # what the employer holds; [] for none
    exports_last_year_krw: int | None = attrs.field(default=None, validator=money)  # 2742's online sellers (p.218)
    # foreign tourists brought in a year, the average of the last 2 years (the travel agencies of 2732, pp.215-216,
    # and of 43213, p.227)
    foreign_tourists_per_year: int | None = attrs.field(default=None, validator=count)
    # codesB (visa manual 2026.6 pp.223-236): a small enterprise (소기업 확인서, 중소기업기본법), which 7406's minimum
    # of 10 regular workers exempts; a hotel's foreign guests as a share of last year's guests, in percent (3922)
    small_enterprise: bool | None = None
    foreign_guest_percent: float | None = attrs.field(default=None, validator=in_range(0, 100, "a share in percent"))
    # 31215 and 441 (pp.221-231): the kind of business, its floor area in m², its yearly VAT paid (부가세 납부세액),
    # a designated tourist facility (관광편의시설업 지정) and a model restaurant (모범음식점), which lower the
    # minimum area
    business_kind: BusinessKind | None = None
    floor_area_m2: float | None = attrs.field(default=None, validator=in_range(0, 10**7, "a floor area in m²"))
    annual_vat_krw: int | None = attrs.field(default=None, validator=money)
    tourist_facility_designated: bool | None = None
    model_restaurant: bool | None = None
    restaurant_cuisine: RestaurantCuisine | None = None  # 31215's Jeju restaurants (p.222), 451 (2026-09-01, p.229)
    # 43213 (p.227): the foreign tourists (foreign_tourists_per_year above) or an equivalent record; 78369
    # (p.239): the industry code (KSIC) of the business registration; S8417 (p.242): law violations in 2 years
    equivalent_tourist_record: bool | None = None
    ksic_code: str | None = attrs.field(default=None, validator=matching(r"\d{5}", "a 5-digit KSIC code"))
    law_violations_past_two_years: bool | None = None
    # 78369 (p.239): a cooperation with the prime contractor (원청업체) on inviting and managing the painters is shown
    prime_contractor_cooperation: bool | None = None
    # 3991 (p.225): revenue from international service contracts, direct hiring with an office of its own, the
    # average monthly pay of its domestic workers in the same job last year; 31215, 441 (pp.223, 230): workers who
    # moved to G-1 after wage arrears in the year before filing
    international_service_revenue_krw: int | None = attrs.field(default=None, validator=money)
    direct_hire_with_office: bool | None = None
    same_job_domestic_average_monthly_krw: int | None = attrs.field(default=None, validator=money)
    g1_moves_past_year: int | None = attrs.field(default=None, validator=count)
    # S3922 (p.224): the registered body (an attraction medical institution or an agency), its designation
    # (지정유치기관), its foreign patients over the last year, the employer's workers under the code before this hire
    attraction_body: Literal["institution", "agency"] | None = None
    attraction_designated: bool | None = None
    foreign_patients_past_year: int | None = attrs.field(default=None, validator=count)
    same_code_workers: int | None = attrs.field(default=None, validator=count)
    # codes18 (visa manual 2026.6 pp.207-223; rulesets parameter codes18_employer_conditions): a training institute
    # (2364), a design (CAD) space apart from production (2395), events for foreigners planned within a year of the
    # hire (2735), a tourist hotel of the four kinds of 관광진흥법 시행령 제2조 (3922), and for 2742's online sellers
    # a trading business registered with the trade association and an office for the sellers
    training_institute: bool | None = None
    separate_design_space: bool | None = None
    foreign_event_plan: bool | None = None
    tourist_hotel: bool | None = None
    trade_registered: bool | None = None
    seller_office: bool | None = None
    # 1512's ship-management company (p.193): registered with the oceans ministry, ships managed a year (the average of
    # the last 3 years), foreign income in US dollars and revenue in won, crew wages aside
    mof_registered: bool | None = None
    ships_managed_avg: float | None = attrs.field(default=None, validator=in_range(0, 10**6, "a number of ships"))
    foreign_income_usd: int | None = attrs.field(default=None, validator=money)
    revenue_excl_crew_wages_krw: int | None = attrs.field(default=None, validator=money)

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
    section_route: SectionRoute | None = None  # the branch of the code's section (visa manual pp.193-218)
    aquaculture_species: AquacultureSpecies | None = None  # 6301: the item farmed (p.234)
    cook_post: CookPost | None = None  # 451: the cook's post, some barred (2026-09-01 edition, pp.228-229)
    # the quota number headquarters issued for a pilot's place (쿼터 번호 발부 → 허가, pp.232-249): as issued, not blank
    quota_number: str | None = attrs.field(default=None, validator=matching(r"(?s).*\S.*", "a quota number, not blank"))
    grinding_work: bool | None = None  # 7406: the welder is put on grinding (용접사상, p.236)
    # the managers' codes: a manager of the head-office department (pp.187-193, position.head-office-department)
    head_office_department: bool | None = None
    # 2512: the degree relates directly to the subject taught (p.210, qualification.degree-subject)
    degree_related_to_subject: bool | None = None
    # 2512: a bachelor's holder's expertise in the subject shown by a double major, a licence or experience (p.210)
    subject_expertise_shown: bool | None = None
    hired_through_fair: bool | None = None  # 2599: hired through a recruitment fair (채용박람회), no criminal record

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
    # the documents the code's own section adds (its (추가) 제출서류; rulesets parameter codesb_added_documents)
    code_documents: bool | None = None
    # the papers the file holds, by name (engine/core/papers.py): the lists of rulesets parameters code_papers and
    # e7_4_papers are checked against it and the finding names each one missing; [] for none
    attached: tuple[Paper, ...] | None = None
    contract_states_hours: bool | None = None  # the contract states daily and monthly hours against the pay (p.182)
    guarantee_by_employer: bool | None = None  # E-7-4: the employer is the guarantor (stay manual p.310)
    guarantee_until: dt.date | None = None  # the last day of the guarantee period (보증기간, stay manual pp.308, 324)
    issued_abroad: bool | None = None  # some papers were issued abroad (they need an apostille or consular check)
    # the papers issued abroad are in English or Korean: no translation (국문 또는 영문 번역본, visa p.176) is asked
    abroad_papers_in_english: bool | None = None


@attrs.frozen
class SkilledPoints:
    """``[e7_4]``: what the E-7-4 points system (K-point E74) reads."""

    prior_status: PriorStatus | None = None
    years_on_prior_status: float | None = attrs.field(default=None, validator=years)  # within the last 10 years
    two_year_average_income_krw: int | None = attrs.field(default=None, validator=money)
    agriculture_or_fishery: bool | None = None
    non_capital_region_years: float | None = attrs.field(default=None, validator=years)
    metro_government_recommendation: bool | None = None
    # years the worker has worked at a company in the recommending metropolitan government's area (p.314: 1 or more)
    metro_government_area_years: float | None = attrs.field(default=None, validator=years)
    central_ministry_recommendation: bool | None = None
    central_ministry_recommendation_on: dt.date | None = None  # the day the ministry issued it (p.308 FAQ 9-1)
    employer_recommendation: bool | None = None
    years_with_current_employer: float | None = attrs.field(default=None, validator=years)
    # of those years, the ones at the previous firm, added after a move the worker was not at fault for (p.301), and
    # whether objective evidence proves that move (closure, abuse, wage arrears: 객관적 증빙자료)
    previous_employer_years: float | None = attrs.field(default=None, validator=years)
    no_fault_move_proved: bool | None = None
    depopulation_area_years: float | None = attrs.field(default=None, validator=years)
    area_work: tuple[AreaWork, ...] | None = None  # dated periods behind those years (p.302; docs/cases.md)
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
    # a construction firm's 시공능력평가액 or yearly average construction amount, as it chooses (its quota, p.301)
    construction_amount_krw: int | None = attrs.field(default=None, validator=money)
    working_normally: bool | None = None  # registered, working lawfully at the current workplace now (p.300)
    # where applicant.korean_level rests on a KIIP pre-test: its result date and the stage it placed at (p.306)
    kiip_pretest_on: dt.date | None = None
    kiip_pretest_stage: int | None = attrs.field(default=None, validator=in_range(0, 5, "a KIIP stage"))


@attrs.frozen
class Stay:
    """``[stay]``: what an extension, a change or addition of workplace or a change of status reads
    (docs/cases.md, "Case kinds")."""

    current_status: CurrentStatus | None = None
    requested_years: float | None = attrs.field(default=None, validator=in_range(0.01, 10, "a period of stay in years"))
    five_year_cap: FiveYearCap | None = None  # one of those whose grant may be 5 years (visa p.170)
    contract_years: float | None = attrs.field(default=None, validator=in_range(0.01, 10, "a contract length in years"))
    workplace_added: bool | None = None  # a workplace added (근무처 추가) rather than changed
    left_before_contract_end: bool | None = None  # the former contract ended early
    transfer_consent: bool | None = None  # the former employer's 이적동의서
    # a change of workplace as the codes' sections and the general chapter set it (engine/rules/workplace_change.py)
    ended_by_agreement: bool | None = None  # the former contract ended early by agreement (계약 중도 합의 해지)
    section_works_completed: bool | None = None  # 76231: the section's transmission-line works are completed
    change_recommendation: bool | None = None  # the recommendation a code's section asks at a change of workplace
    site_inspection_report: bool | None = None  # 기업체 현장실사 보고서, at an unavoidable change
    former_employer_reported: bool | None = None  # the former employer's 고용변동 신고 within 15 days
    guarantee_years: float | None = attrs.field(default=None, validator=in_range(0.01, 10, "a guarantee in years"))
    # an E-7-4 holder recommended by a metropolitan government keeps its address in that area (stay manual p.314)
    e7_4_changed_on: dt.date | None = None  # the date the worker changed to E-7-4
    e7_4_non_capital_route: bool | None = None  # changed on the non-capital special route (3 years outside the capital)
    left_recommending_area: bool | None = None  # the address is now outside the recommending metropolitan government
    worker_not_at_fault: bool | None = None  # closure, downturn, contract expiry, arrears, abuse: documented
    # a Korean requirement after entry: a pilot code's KIIP / TOPIK within a year (stay pp.283-294), or an E-7-4
    # holder's Korean level by the first extension after a change on the temporary waiver (p.302)
    korean_requirement_met: bool | None = None
    korean_waiver: bool | None = None  # changed to E-7-4 on the temporary Korean waiver (한국어 요건 한시적 유예)
    korean_six_months_granted: bool | None = None  # an extension of 6 months already given for the unmet Korean
    # an extension: the last day of the current period of stay (applied for from 4 months before it, never after)
    expires_on: dt.date | None = None
    # an extension: the pay on the previous year's income certificate (소득금액증명원), checked against the wage rule
    previous_year_income_krw: int | None = attrs.field(default=None, validator=money)
    # the national-employment protection is not applied (visa manual p.181) to part-time work at an added workplace,
    # nor the foreign ratio to D-2-7 work-study graduates (p.173) and the employer's size to government scholars
    # among them (p.181)
    part_time: bool | None = None
    # an extension: the worker's own record the office reads (the general chapter, as secondary sources report it):
    # unpaid national or local taxes, work outside the permitted activity or workplace (불법취업)
    worker_tax_arrears: bool | None = None
    illegal_work: bool | None = None
    # an extension: a change of address (체류지 변경) the worker did not report (the general chapter, as reported)
    address_change_unreported: bool | None = None
    passport_expires_on: dt.date | None = None  # E-7-4; under 6 months left, the confirmation (붙임10, pp.308, 321)
    passport_confirmation: bool | None = None
    passport_confirmation_used_before: bool | None = None
    wages_unpaid: bool | None = None  # an extension, the employer's side (kvisa019.com): 급여 지급 정상 여부,
    employer_business_worsened: bool | None = None  # 회사 매출·사업 상황 악화,
    insurance_enrolled: bool | None = None  # 건강보험·4대보험 가입 여부; the worker's 무단 결근·무단 이직:
    unauthorized_absence: bool | None = None
    d2_7_graduate: bool | None = None
    government_scholar: bool | None = None
    entry_status: EntryStatus | None = None  # how the worker is in Korea (the Jeju special rules, pp.213, 223)


@attrs.frozen
class HighTech:
    """``[e7_s]``: what the E-7-S tracks read."""

    high_tech_field: bool | None = None
    # the work is against public morals or in a field another law closes to foreigners for security, such as the
    # head of a news agency (visa manual 2026.6 p.250)
    restricted_field: bool | None = None
    points: int | None = attrs.field(default=None, validator=count)  # the E-7-S2 points score
    # what the E-7-S2 points table reads (stay manual 2026.6 pp.296-298; rulesets/points/e7-s2-*.toml): where all
    # are given with applicant.birth_date, education and korean_level and the income, e7 computes the score itself
    high_tech_degree: bool | None = None  # the degree is in a high-tech field, or two or more of that level
    high_tech_experience_years: float | None = attrs.field(default=None, validator=years)  # regular jobs only
    korean_study_degree: Education | None = None  # the highest degree earned in Korea (not at a distance); "none"
    top_university: bool | None = None  # THE top 200 or QS top 500 (Korean universities too)
    kotra_recommendation: bool | None = None  # KOTRA's employment recommendation
    sme_or_venture_employer: bool | None = None  # the employer is a certified SME or venture company
    research_paper: bool | None = None  # an SCI/SCIE/SSCI/A&HCI paper within 5 years, first or corresponding author


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
    changed = case.stay.e7_4_changed_on
    if changed and case.filed_on and changed > case.filed_on:
        raise InputError(where, "stay.e7_4_changed_on", f"expected a date on or before filed_on {case.filed_on}")
    pretest = case.e7_4.kiip_pretest_on if case.e7_4 is not None else None
    if pretest and case.filed_on and pretest > case.filed_on:
        raise InputError(where, "e7_4.kiip_pretest_on", f"expected a date on or before filed_on {case.filed_on}")
    if case.employer.founded_on and case.filed_on and case.employer.founded_on > case.filed_on:
        raise InputError(where, "employer.founded_on", f"expected a date on or before filed_on {case.filed_on}")
    entered, expires = case.applicant.entered_on, case.stay.expires_on
    if entered and expires and expires <= entered:  # a period of stay ends after the entry it began with
        raise InputError(where, "stay.expires_on", f"expected a date after applicant.entered_on {entered}")
    return case


def load_case(path: Path, shown: str | None = None) -> Case:
    """Read a case from a ``.toml`` or ``.json`` file."""
    where = shown or str(path)
    case = case_from_data(read_data(path, "case", where), where)
    if not case.id:
        case = attrs.evolve(case, id=file_id(path))
    return case
