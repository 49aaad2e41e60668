"""The history file: a worker's person, stays, certified incomes, plan and F-2-7 inputs, and its reader.

Validation happens here, at the edge: a malformed file is one InputError naming the file, the field and what
was expected. The checks of a history live beside it (``engine/history/planner.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.core.case import MAX_YEARS, Education, EmployerSize, count, in_range, money
from engine.core.convert import check_plain, file_id, read_data, register_renamed, structure
from engine.core.errors import InputError
from engine.core.model import CODE_PATTERN
from engine.core.papers import Paper

HistorySubcategory = Literal["E-7-1", "E-7-2", "E-7-3", "E-7-4", "E-7-S1", "E-7-S2"]


@attrs.frozen
class Person:
    birth_date: dt.date | None = None
    education: Education | None = None
    stem_or_two_degrees: bool | None = None  # a STEM degree, or two degrees of that level (F-2-7 education)
    korean_level: int | None = attrs.field(default=None, validator=in_range(0, 6, "a TOPIK/KIIP level"))


@attrs.frozen
class Stay:
    """One stretch on one code, subcategory and employer (``from`` in the file is ``start`` here)."""

    code: str = attrs.field()
    subcategory: HistorySubcategory
    start: dt.date
    until: dt.date | None = None  # only the latest stay may leave it out (still in it)
    employer: str | None = None
    annual_salary_krw: int | None = attrs.field(default=None, validator=money)
    duties_documented: bool | None = None  # duties in the contract and 고용사유서 for this stay
    employer_size: EmployerSize | None = None  # for the SME / venture wage rule
    capital_region: bool | None = None

    @code.validator
    def _code(self, _attribute: attrs.Attribute, value: str) -> None:
        if not CODE_PATTERN.fullmatch(value):
            raise ValueError(f"code: expected an occupation code of 3 to 5 digits, optionally after S, got {value!r}")

    def __attrs_post_init__(self) -> None:
        if self.until is not None and self.until < self.start:
            raise ValueError(f"until: expected a date on or after from ({self.start}), got {self.until}")


@attrs.frozen
class Income:
    year: int = attrs.field(validator=in_range(1990, 2100, "a calendar year"))
    certified_krw: int = attrs.field(validator=money)  # taxable income on the 소득금액증명원


@attrs.frozen
class Plan:
    renewal_on: dt.date | None = None
    f27_on: dt.date | None = None
    # the period of stay asked for with the F-2-7 application, in years (the cap of one grant, p.362; F-2-7S, p.370)
    f27_period_years: int | None = attrs.field(
        default=None, validator=in_range(1, MAX_YEARS, "a period of stay in years")
    )


AbsenceReason = Literal["at_sea", "other"]


@attrs.frozen
class Absence:
    """A period out of Korea (``from`` in the file is ``start`` here) and why: aboard an international merchant ship
    (``at_sea``), which counts as stay for a fishing company's manager (stay manual p.369), or anything else."""

    start: dt.date
    until: dt.date
    reason: AbsenceReason = "other"

    def __attrs_post_init__(self) -> None:
        if self.until < self.start:
            raise ValueError(f"until: expected a date on or after from ({self.start}), got {self.until}")


@attrs.frozen
class F27Inputs:
    """``[f27]``: F-2-7 bonus and deduction inputs (names as the points table reads them); all default to none."""

    korean_war_participant_country_talent: bool = False
    central_agency_recommendation: bool = False
    kiip_stage_5_completed: bool = False
    top_university_doctorate: bool = False
    korean_university_doctorate: bool = False
    top_university_master: bool = False
    korean_university_master: bool = False
    top_university_bachelor: bool = False
    korean_university_bachelor: bool = False
    volunteering_years: int = attrs.field(default=0, validator=count)
    immigration_act_fine_krw: int = attrs.field(default=0, validator=money)
    departure_orders_or_deportations_count: int = attrs.field(default=0, validator=count)
    criminal_fine_krw: int = attrs.field(default=0, validator=money)
    criminal_sentences_heavier_than_fine_count: int = attrs.field(default=0, validator=count)
    # the second waiver of the 3-year stay (stay manual p.369 ③㉡)
    stem_talent_invitee_recommended: bool = False
    # p.369: time at sea counts as stay for a fishing company's manager (어업기업 관리자, E-7-1); code 14901 also holds
    # 농림기업 관리자: true, the manager is a fishing company's; false, another's (time at sea is then time abroad);
    # left out, e7 counts it on 14901 and asks for the proof
    fishing_company_manager: bool | None = None
    # the volunteering record behind volunteering_years (p.374: each tier also needs its sessions and hours)
    volunteering_sessions: int | None = attrs.field(default=None, validator=count)
    volunteering_hours: int | None = attrs.field(default=None, validator=count)
    # the other routes of p.369-370, which need no 3 years of stay: 1) a listed company, 2) a promising industry,
    # 4) a Korean graduate degree (its date) or a Korean War participant country's talent, 5) potential talent
    employer_listed: bool = False  # the employer is listed on KOSPI or KOSDAQ
    high_tech_field: bool = False  # the employer's field is high technology (산업통상자원부 고시 제2020-40호)
    # route 2 for an applicant about to start the job (취업 예정자): the contract's annual salary, which the manual
    # takes in place of the previous year's certified income (p.369); left out for one already at work
    contract_salary_krw: int | None = attrs.field(default=None, validator=money)
    korean_graduate_degree_on: dt.date | None = None  # a regular master's or doctorate of a Korean university
    # 5) potential talent (F-2-7S, p.370): a master's or doctorate (obtained or expected) of a science and engineering
    # university or research institute of annex 1, and its president's recommendation (graduating or within a year)
    science_graduate_degree: bool = False
    president_recommendation: bool = False
    # the E-7-S route (stay manual p.295, visa manual p.250): the E-7-S2 points score (E-7-S1 shows its income
    # instead) and KIIP (사회통합프로그램) stage 3 or higher completed or assigned; each may be left out (not known)
    e7_s2_points: int | None = attrs.field(default=None, validator=count)
    kiip_stage_3_completed_or_assigned: bool | None = None
    # the exemptions from the foreign criminal record certificate (p.375); each may be left out (not known)
    born_in_korea: bool | None = None
    criminal_record_filed_before: bool | None = None  # a home-country certificate filed with an earlier application
    six_months_abroad: bool | None = None  # 6 consecutive months or more abroad since the birth or that filing
    visa_record_within_3_months: bool | None = None  # filed for a visa a consulate issued fewer than 3 months before
    # the documents issued abroad for the application (p.375): the earliest issue date, the apostille or consular
    # confirmation, and the Korean or English translation; each may be left out (not known)
    foreign_documents_issued_on: dt.date | None = None
    foreign_documents_legalised: bool | None = None
    foreign_documents_translated: bool | None = None


def _not_before_on(instance: Any, attribute: attrs.Attribute, value: dt.date | None) -> None:
    if value is not None and value < instance.on:
        raise ValueError(f"{attribute.name}: expected a date on or after on ({instance.on}), got {value}")


@attrs.frozen
class Violation:
    on: dt.date
    notified_fine_krw: int = attrs.field(default=0, validator=money)  # the 통고처분 amount
    # the day the case closed (사건종결일: the non-prosecution or the payment), from which the law-abiding citizen
    # course counts (p.372); left out, e7 counts from ``on``
    closed_on: dt.date | None = attrs.field(default=None, validator=_not_before_on)


@attrs.frozen
class Fine:
    on: dt.date  # the day the fine was sentenced
    amount_krw: int = attrs.field(validator=money)
    # the day the sentence became final (형이 확정된 시점), from which the 3 years of the bar count (p.374); left out,
    # e7 counts from the day it was sentenced (p.372: 선고받은 경우)
    final_on: dt.date | None = attrs.field(default=None, validator=_not_before_on)
    closed_on: dt.date | None = attrs.field(default=None, validator=_not_before_on)  # the payment (사건종결일, p.372)


# a sentence heavier than a fine (stay manual p.374 *): 사형, 징역, 금고 (금고 이상, good conduct ① p.371),
# 자격상실, 자격정지
SentenceKind = Literal[
    "death", "imprisonment", "imprisonment_without_labour", "loss_of_qualifications", "suspension_of_qualifications"
]
# the kinds of good conduct ① (p.371: 금고 이상의 형)
CUSTODIAL_OR_HEAVIER: tuple[str, ...] = ("death", "imprisonment", "imprisonment_without_labour")


@attrs.frozen
class Sentence:
    """A sentence heavier than a fine (사형, 징역, 금고, 자격상실, 자격정지; suspended included, p.374) with its
    dates."""

    on: dt.date  # the day it was sentenced (선고), from which good conduct ① counts its 5 years (p.371)
    # the day it became final (형이 확정된 시점), from which p.374 counts its 3 years (자격변경 불허 대상); left out,
    # only the sentencing is checked
    final_on: dt.date | None = attrs.field(default=None, validator=_not_before_on)
    # imposed by a Korean court (a violation of Korean law, which the law-abiding citizen course counts, p.372);
    # left out or false, the course does not count it (a sentence abroad is no violation of Korean law)
    korean: bool | None = None
    # which sentence (p.374's *: 사형, 징역, 금고, 자격상실, 자격정지): good conduct ① (p.371) bars only 금고
    # 이상 (death, imprisonment, imprisonment_without_labour) for 5 years from the sentencing; left out, that bar is
    # a risk (history.f27-conduct-imprisonment.kind-unknown), not a refusal
    kind: SentenceKind | None = None


@attrs.frozen
class OtherPenalty:
    """A penalty for breaking Korean law outside the Immigration Act violations and the fines: a 과태료 (administrative
    fine) or a 범칙금 (penalty notice) under any law, or a case closed by non-prosecution (불기소처분); the
    law-abiding citizen course counts them (pp.368, 372: 국내법 위반 사실 ... 벌금·범칙금·과태료 ...
    사건종결일(불기소처분일, 벌금 등 납부일))."""

    kind: Literal["administrative_fine", "penalty_notice", "non_prosecution"]
    on: dt.date  # the day it was imposed (부과·처분) or the violation's day
    amount_krw: int | None = attrs.field(default=None, validator=money)
    closed_on: dt.date | None = attrs.field(default=None, validator=_not_before_on)  # paid or the non-prosecution


@attrs.frozen
class Conduct:
    """``[conduct]``: the F-2-7 good-conduct bars and restricted fields (stay manual pp.371-372, 375). Each list
    holds dates (or dated items) before the application; what the file leaves out is not checked."""

    imprisonment_sentences: tuple[dt.date, ...] = ()  # ① sentences of 금고 or heavier, suspended and foreign included
    immigration_violations: tuple[Violation, ...] = ()  # ② Immigration Act violations with their notified fines
    fines: tuple[Fine, ...] = ()  # ③ fines for breaking Korean law (the Immigration Act included)
    foreign_serious_crime_sentence: bool = False  # ⑦ sentenced abroad for a specified violent crime, fraud, drugs, ...
    foreign_imprisonment_ended: tuple[
        dt.date, ...
    ] = ()  # ⑧ days a foreign 금고-or-heavier sentence ended or was remitted
    restricted_field_work: tuple[dt.date, ...] = ()  # p.375 ①: days worked in a restricted field (붙임 5)
    # p.374: days a departure order (출국명령) or a deportation (강제퇴거) was imposed; within 5 years a deduction of 30
    departure_orders_or_deportations: tuple[dt.date, ...] = ()
    # ① sentences heavier than a fine with the day each became final (p.374) and whether a Korean court imposed it;
    # each sentence is listed once, here or in imprisonment_sentences (its sentencing day only)
    sentences: tuple[Sentence, ...] = ()
    other_penalties: tuple[OtherPenalty, ...] = ()  # 과태료, 범칙금 and non-prosecutions (the course, pp.368, 372)


# the statuses a history's earlier stays may hold (F-2-7's professionals' route, stay manual p.369:
# 교수(E-1)부터 전문인력(E-7-1)까지 또는 취재(D-5)부터 무역경영(D-9)까지, *호텔·관광유흥업소 종사자(E-6-2) ... 제외):
# "E-6" is an E-6 stay other than E-6-2; which of them count is the history ruleset's parameter f27_prior_statuses
PriorStatus = Literal["E-1", "E-2", "E-3", "E-4", "E-5", "E-6", "E-6-2", "D-5", "D-6", "D-7", "D-8", "D-9"]


@attrs.frozen
class PriorStay:
    """A stay on another professional status before the E-7 stays (``from`` in the file is ``start`` here), which
    counts towards F-2-7's 3 years of continuous stay where it adjoins them (p.369)."""

    status: PriorStatus
    start: dt.date
    until: dt.date

    def __attrs_post_init__(self) -> None:
        if self.until < self.start:
            raise ValueError(f"until: expected a date on or after from ({self.start}), got {self.until}")


@attrs.frozen
class AbroadPaper:
    """One paper of the F-2-7 application issued abroad (stay manual p.375: apostilled or consular-confirmed,
    translated, valid 3 months from issue, unless already filed and visible to the examiner). Each fact but the
    paper may be left out (not known)."""

    paper: Paper
    issued_on: dt.date | None = None
    legalised: bool | None = None  # apostilled or confirmed by a Korean consulate
    translated: bool | None = None  # with a Korean or English translation
    # the paper itself is in Korean or English: it needs no translation (국문 또는 영문 번역문, p.375; as visa p.176)
    in_korean_or_english: bool | None = None
    # filed with an earlier application (a visa issuance certificate or a stay permit) and visible to the examiner
    # on the internal network: it may be left out (제출 생략 가능)
    on_file: bool | None = None


@attrs.frozen
class F27Documents:
    """``[f27_documents]``: the papers the F-2-7 application holds, by the names of engine/core/papers.py (a case's
    documents.attached), and those issued abroad with their own dates. Left out: the papers are not checked."""

    attached: tuple[Paper, ...] | None = None
    abroad: tuple[AbroadPaper, ...] = ()


@attrs.frozen
class History:
    stays: tuple[Stay, ...]
    id: str = ""
    person: Person = Person()
    income: tuple[Income, ...] = ()
    plan: Plan = Plan()
    f27: F27Inputs = F27Inputs()
    conduct: Conduct = Conduct()
    absences: tuple[Absence, ...] = ()  # periods out of Korea during the stays (F-2-7's 3 years, p.369)
    f27_documents: F27Documents = F27Documents()  # the F-2-7 application's papers (p.375)
    prior_stays: tuple[PriorStay, ...] = ()  # stays on E-1 to E-6 or D-5 to D-9 before the E-7 ones (p.369)


register_renamed(Stay, start="from")
register_renamed(Absence, start="from")
register_renamed(PriorStay, start="from")


def history_from_data(data: Any, where: str) -> History:
    if not isinstance(data, dict):
        raise InputError(where, None, "expected a table (a JSON object) holding one history")
    check_plain(data, where)  # again for data that did not come through read_data
    history = structure(data, History, where)
    if not history.stays:
        raise InputError(where, "stays", "expected at least one stay")
    order = sorted(range(len(history.stays)), key=lambda i: history.stays[i].start)
    for i in order[:-1]:
        if history.stays[i].until is None:
            latest = history.stays[order[-1]].start
            raise InputError(
                where,
                f"stays[{i}].until",
                f"expected the end date of this stay (only the latest stay, from {latest}, may leave it out)",
            )
    first = history.stays[order[0]].start
    birth = history.person.birth_date
    if birth is not None and birth >= first:
        raise InputError(where, "person.birth_date", f"expected a date before the first stay ({first}), got {birth}")
    seen: dict[int, int] = {}
    for index, income in enumerate(history.income):
        if income.year in seen:
            raise InputError(
                where,
                f"income[{index}].year",
                f"expected each year once, {income.year} is also income[{seen[income.year]}]",
            )
        seen[income.year] = index
    for name in ("renewal_on", "f27_on"):
        on = getattr(history.plan, name)
        if on is not None and on < first:
            raise InputError(where, f"plan.{name}", f"expected a date on or after the first stay ({first}), got {on}")
    # each stay is checked as a case whose prior_e7_years counts the days before it: bounded as in a case
    dates = [d for s in history.stays for d in (s.start, s.until) if d] + [
        d for d in (history.plan.renewal_on, history.plan.f27_on) if d
    ]
    span = (max(dates) - first).days / 365.25
    if span > MAX_YEARS:
        raise InputError(
            where,
            "stays",
            f"expected stays and plan dates within {MAX_YEARS} years of the first stay (from {first}), "
            f"got {span:.1f} years to {max(dates)}",
        )
    return history


def load_history(path: Path, shown: str | None = None) -> History:
    """Read a history from a ``.toml`` or ``.json`` file (the codes are checked against the catalogue later)."""
    where = shown or str(path)
    history = history_from_data(read_data(path, "history", where), where)
    if not history.id:
        history = attrs.evolve(history, id=file_id(path))
    return history
