"""Code histories: a worker's E-7 stays checked against what was in force on each start date, and the next
renewal and F-2-7 application planned against what will be in force then.

A history file (TOML or JSON, ``docs/history.md``) holds the person, the stays (code, subcategory, dates,
salary), the certified incomes and the plan. ``HistoryChecker.check`` turns it into a ``HistoryReport``:

- each stay is evaluated as a case (``engine.core.case.Case``) by the ``Evaluator`` as of its start date; the
  findings of the topics code, subcategory and salary are kept, the others need inputs a history does not
  hold and are listed as not checked;
- history checks of their own (topic ``history``): gaps and overlaps, code changes that follow the
  occupation across renumberings, certified income against the declared salary, the renewal and F-2-7.

Every history finding has the shape of a decision's finding (``engine.rules.decision.Finding``) with a citation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.catalogue.snapshots import Catalogue
from engine.catalogue.thresholds import resolve, round_krw
from engine.core.case import (
    MAX_YEARS,
    Applicant,
    Case,
    Education,
    Employer,
    EmployerSize,
    Position,
    count,
    in_range,
    money,
)
from engine.core.convert import check_plain, file_id, read_data, register_renamed, structure, unstructure
from engine.core.errors import InputError, OutOfRange, UnknownCode
from engine.core.model import CODE_PATTERN, Snapshot
from engine.rules.decision import SEVERITY_ORDER, Citation, Decision, Finding, outcome_of
from engine.rules.evaluate import Evaluator
from engine.rules.facts import age_on
from engine.rules.points import Band, Score, Table, score

HistorySubcategory = Literal["E-7-1", "E-7-2", "E-7-3", "E-7-4"]

# the evaluator's topics a history can check: the others need inputs a history does not hold
KEPT_TOPICS = ("code", "subcategory", "salary")
# the tolerance e7 allows between the certified income and the declared salary before flagging it
SHORTFALL_TOLERANCE_PERCENT = 10


# -- the history file ------------------------------------------------------------------------------------


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


@attrs.frozen
class History:
    stays: tuple[Stay, ...]
    id: str = ""
    person: Person = Person()
    income: tuple[Income, ...] = ()
    plan: Plan = Plan()
    f27: F27Inputs = F27Inputs()


register_renamed(Stay, start="from")


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


# -- history rules: findings of topic "history" ----------------------------------------------------------

STAY_MANUAL = "외국인체류 안내매뉴얼"
VISA_MANUAL = "사증발급 안내매뉴얼"
GUIDE = "practitioner guide (shared/seed)"


@attrs.frozen
class HistoryRule:
    id: str
    title: str
    severity: str
    authority: str
    citation: Citation
    explanation: str


def _rule(rule_id: str, title: str, severity: str, authority: str, citation: Citation, explanation: str) -> HistoryRule:
    return HistoryRule(rule_id, title, severity, authority, citation, " ".join(explanation.split()))


INCOME_CERTIFICATE = Citation(
    VISA_MANUAL, "182", "2026.6", "M", "세무서 발행 전년도 소득금액 증명(기간연장, 근무처 변경 시 필수)"
)
F27_ROUTE = Citation(STAY_MANUAL, "369", "2026.6", "M", "5. 점수제 우수인재, 가. 신청대상 3) 전문직 종사자")
F27_POINTS = Citation(
    STAY_MANUAL, "372-374", "2026.6", "M", "3) (점수충족) 평가항목별 배점의 합산 점수가 80점 이상일 것"
)

RULES: dict[str, HistoryRule] = {
    r.id: r
    for r in (
        _rule(
            "history.before-catalogue",
            "Stay checked against the list in force on its start date",
            "advice",
            "e7",
            Citation("DESIGN.md (catalogue: before the first snapshot is an error, not a guess)", "", "", "D"),
            """e7 holds the E-7 list and thresholds from 2022-07-01 on. A stay that started earlier cannot be
            checked against the list in force on its start date; e7 does not guess it from a later list.""",
        ),
        _rule(
            "history.gap",
            "Stays follow each other without a gap",
            "advice",
            "e7",
            F27_ROUTE,
            """A day between two stays that no stay of the history covers. It may be time outside Korea or on
            another status; F-2-7 counts only an unbroken stay on a professional status (3 years '연속하여',
            stay manual p.369), so e7 counts continuity from the end of the last gap.""",
        ),
        _rule(
            "history.overlap",
            "Stays do not overlap",
            "risk",
            "e7",
            Citation("DESIGN.md (history checks: gaps and overlaps)", "", "", "D"),
            """Two stays cover the same days. One person holds one stay at a time, so the dates are probably
            wrong; where the person did work two jobs at once, the second workplace needed its own
            permission. e7 counts each day once (the later stay wins) for income and continuity.""",
        ),
        _rule(
            "history.code-change-duties",
            "A change of occupation code comes with documented duties",
            "risk",
            "practitioner guidance",
            Citation(
                GUIDE,
                "",
                "",
                "U",
                "'Changing your occupation code requires a new application and updated documentation, including "
                "a revised 고용사유서 (employment reason statement) from your employer.'",
            ),
            """Immigration checks the real duties against the code's official description; a stay under a
            new occupation code needs a contract and a 고용사유서 that describe the new duties. A code that
            was only renumbered (2733 became 2833 on 2026-09-01) is the same occupation and is not a change;
            a code that was reused for another occupation (441 before and after 2026-09-01) is one.""",
        ),
        _rule(
            "history.income-shortfall",
            "Certified income matches the declared salary",
            "risk",
            "MoJ manual",
            INCOME_CERTIFICATE,
            f"""The income certificate (소득금액증명원) of the previous year is required at every extension and
            change of workplace (visa issuance manual p.182), so the officer compares it with the salary the
            stays declared. e7 compares the certified income of a year with the declared salaries of the days
            of that year covered by stays: a shortfall of more than {SHORTFALL_TOLERANCE_PERCENT}% is a risk
            (the tolerance is e7's, not the manual's); certified income below the wage floor of those stays
            (each stay's floor on its start date, for the days it covers) is blocking.""",
        ),
        _rule(
            "history.income-without-stay",
            "Certified income of a year with a stay",
            "advice",
            "e7",
            INCOME_CERTIFICATE,
            """An income certificate for a year in which no stay of the history falls: nothing to compare it
            with. Add the stay, or check the year.""",
        ),
        _rule(
            "history.renewal-new-code",
            "Renewal filed under the code listed on the renewal date",
            "risk",
            "MoJ manual",
            Citation(VISA_MANUAL, "183-186", "2026-09-01 (E-7 section)", "M"),
            """The occupation is still on the list but under another code on the renewal date. The extension
            is filed under the code in force then, and the contract and 고용사유서 must cite it; filing under
            the old code is refused as a code no longer on the list.""",
        ),
        _rule(
            "history.renewal-occupation-unlisted",
            "Renewal: the occupation is on the list on the renewal date",
            "blocking",
            "MoJ manual",
            Citation(VISA_MANUAL, "183-186", "2026-09-01 (E-7 section)", "M"),
            """The worker's occupation is no longer on the list on the renewal date, while its former code now
            means another occupation (codes are not identities): an extension under that code would be for
            other duties.""",
        ),
        _rule(
            "history.renewal-amounts",
            "Renewal: the wage amount of the renewal year is known",
            "advice",
            "MoJ manual",
            Citation(VISA_MANUAL, "182", "2026.6", "M", "신청일 기준으로 공고한 금액을 기준으로 함"),
            """The salary is judged against the amount announced and in force on the application date. e7 holds
            the amounts announced so far; a renewal in a later year may face a new amount.""",
        ),
        _rule(
            "history.renewal-income-certificate",
            "Income certificate of the previous year for the renewal",
            "needs_information",
            "MoJ manual",
            INCOME_CERTIFICATE,
            """An extension needs the income certificate of the previous year; the history holds none for that
            year, so e7 cannot compare it with the declared salary.""",
        ),
        _rule(
            "history.renewal-after-stay",
            "Renewal planned before the stay ends",
            "risk",
            "e7",
            Citation(VISA_MANUAL, "182", "2026.6", "M", "기간연장"),
            """The renewal date falls after the end of the latest stay: an extension is filed while the stay
            is still valid. Check the dates.""",
        ),
        _rule(
            "history.f27-current-stay",
            "F-2-7: on an E-7-1 stay on the application date",
            "blocking",
            "MoJ manual",
            F27_ROUTE,
            """The professionals' route to F-2-7 is open to registered foreigners holding E-1 to E-7-1 (or
            D-5 to D-9) on the application date; E-7-2, E-7-3 and E-7-4 are excluded ('준전문·일반기능·숙련
            기능인력(E-7-2 ~ E-7-4) 제외').""",
        ),
        _rule(
            "history.f27-continuous-stay",
            "F-2-7: 3 years of continuous stay, or the income waiver",
            "blocking",
            "MoJ manual",
            F27_ROUTE,
            """The applicant must have stayed lawfully on a professional status (E-1 to E-7-1, D-5 to D-9) for
            3 years or more without a break on the application date ('3년 이상 연속하여'). The 3 years are
            waived where the income certificate shows an annual income of 40,000,000 won or more (③㉠), or for
            invitees of a science and engineering talent programme recommended by a central agency (③㉡). The
            history holds E-7 stays only: time on E-1 to E-6 (not E-6-2) or D-5 to D-9 also counts.""",
        ),
        _rule(
            "history.f27-points",
            "F-2-7: points at or above the pass mark",
            "blocking",
            "MoJ manual",
            F27_POINTS,
            """The F-2-7 points (age on the application date, education, Korean, the income of the latest
            income certificate, bonuses up to 40, deductions) must reach the pass mark of the table in force
            on the application date (80).""",
        ),
        _rule(
            "history.f27-age-band",
            "F-2-7: the age band on the application date",
            "advice",
            "MoJ manual",
            Citation(STAY_MANUAL, "373", "2026.6", "M", "기준 : 여권상 생년월일 (신청일 기준)"),
            """Age is counted from the passport date of birth on the application date, so a birthday between
            two possible application dates can move the applicant to a band with fewer points.""",
        ),
        _rule(
            "history.f27-table",
            "F-2-7: a points table in force on the application date",
            "needs_information",
            "e7",
            F27_POINTS,
            """e7 holds the F-2-7 table as printed in the 2026.6 stay manual (in force from 2026-06-17 for e7);
            it has no table for an earlier date.""",
        ),
    )
}


def _finding(
    rule_id: str,
    message: str,
    fix: str = "",
    evidence: dict[str, Any] | None = None,
    severity: str | None = None,
    missing: Iterable[str] = (),
    citation: Citation | None = None,
) -> Finding:
    rule = RULES[rule_id]
    return Finding(
        rule=rule.id,
        topic="history",
        severity=severity or rule.severity,
        title=rule.title,
        message=message,
        citation=citation or rule.citation,
        authority=rule.authority,
        explanation=rule.explanation,
        fix=fix,
        evidence=evidence or {},
        missing=tuple(missing),
    )


def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Most serious first, then in the order found; the same finding (rule and message) only once."""
    unique: dict[tuple[str, str], Finding] = {}
    for f in findings:
        unique.setdefault((f.rule, f.message), f)
    return tuple(sorted(unique.values(), key=lambda f: SEVERITY_ORDER[f.severity]))


# -- the report ------------------------------------------------------------------------------------------


@attrs.frozen
class StayReport:
    index: int  # position in the file (stays[index])
    stay: Stay
    occupation: str
    title_ko: str
    checked_on: dt.date
    snapshot: str | None  # catalogue snapshot in force on the start date (None: before the catalogue)
    snapshot_status: str | None
    ruleset: str | None
    wage_floor_krw: int | None  # the annual floor the salary was checked against
    wage_floor_basis: str
    renumbered_from: str  # the previous stay's code when only the number changed
    outcome: str
    findings: tuple[Finding, ...]
    not_checked: tuple[str, ...]


@attrs.frozen
class IncomeReport:
    year: int
    certified_krw: int
    declared_krw: int | None  # the declared salaries of the covered days of the year
    floor_krw: int | None  # the wage floors of the covered days of the year
    days_covered: int
    findings: tuple[Finding, ...]


@attrs.frozen
class RenewalReport:
    on: dt.date
    stay_index: int
    code: str  # the code held
    file_under: str | None  # the code to file under on the date (None: the occupation is not listed)
    successor: str | None  # where the occupation left the list: the successor a notice names, if any
    subcategory: str
    annual_salary_krw: int | None
    wage_floor_krw: int | None
    wage_floor_basis: str
    snapshot: str
    snapshot_status: str
    ruleset: str
    outcome: str
    findings: tuple[Finding, ...]
    not_checked: tuple[str, ...]


@attrs.frozen
class Raise:
    """One way to raise the F-2-7 score: what changes, the points then and whether that passes."""

    item: str
    now: Any
    then: Any
    points_now: int
    points_then: int
    gain: int
    total_then: int
    passes_then: bool
    how: str


@attrs.frozen
class F27Report:
    on: dt.date
    table: str | None  # "f2-7@2026-06-17"
    eligible: bool | None
    continuous_since: dt.date | None
    waiver: str  # "" | "income" | "stem_talent_invitee"
    total: int | None
    pass_mark: int | None
    passes: bool
    items: dict[str, int | None]
    details: dict[str, dict[str, Any]]
    to_raise: tuple[Raise, ...]
    findings: tuple[Finding, ...]


@attrs.frozen
class HistoryReport:
    id: str
    source: str
    person: Person
    stays: tuple[StayReport, ...]
    income: tuple[IncomeReport, ...]
    renewal: RenewalReport | None
    f27: F27Report | None
    findings: tuple[Finding, ...]
    outcome: str


# -- the checker -----------------------------------------------------------------------------------------


def _days(start: dt.date, end: dt.date) -> int:
    """Days from start to end, both included."""
    return (end - start).days + 1


def add_years(start: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February goes to 1 March)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return dt.date(start.year + years, 3, 1)


def _won(amount: int | None) -> str:
    return "unknown" if amount is None else f"{amount:,} KRW"


def _floor_of(decision: Decision) -> tuple[int | None, str]:
    """The annual wage floor the evaluator applied (derived fact ``wage_floor``), or the minimum wage x 12."""
    for step in decision.trace:
        if step.kind == "derived" and step.detail.get("fact") == "wage_floor":
            return int(step.detail["amount_krw"]), str(step.detail.get("basis", ""))
    facts = decision.facts
    if facts.get("code_wage_rule") == "minimum_wage" and facts.get("minimum_monthly_krw") is not None:
        return int(facts["minimum_monthly_krw"]) * 12, "minimum-wage"
    return None, ""


class HistoryChecker:
    """Checks histories with the data of one folder (catalogue, rulesets, points tables)."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self.catalogue: Catalogue = evaluator.catalogue

    # ---- codes and occupations ----

    def _check_codes(self, history: History, where: str) -> None:
        for index, stay in enumerate(history.stays):
            try:
                self.catalogue.occupations_of_code(stay.code)
            except UnknownCode:
                raise InputError(
                    where,
                    f"stays[{index}].code",
                    f"expected a code on an E-7 list e7 holds ({self.catalogue.ids[0]} to {self.catalogue.ids[-1]}), "
                    f"got {stay.code!r}, which is on none (see `e7 codes`)",
                ) from None

    def occupation_of(self, code: str, on: dt.date) -> tuple[str, str]:
        """The occupation a code meant on a date (its first meaning before it was listed) and its title."""
        meanings = self.catalogue.occupations_of_code(code)
        before = [p for p in meanings if p.start <= on]
        period = before[-1] if before else meanings[0]
        return period.occupation, period.entry.title_ko

    # ---- one stay ----

    def _case(
        self,
        history: History,
        label: str,
        code: str,
        stay: Stay,
        on: dt.date,
        kind: Literal["initial", "extension", "change_of_workplace"],
        prior_years: float,
    ) -> Case:
        p = history.person
        return Case(
            position=Position(code=code, subcategory=stay.subcategory, annual_salary_krw=stay.annual_salary_krw),
            id=f"{history.id} {label}",
            kind=kind,
            filed_on=on,
            applicant=Applicant(
                birth_date=p.birth_date if p.birth_date and p.birth_date < on else None,
                education=p.education,
                korean_level=p.korean_level,
                prior_e7_years=round(prior_years, 2),
            ),
            employer=Employer(name=stay.employer, size=stay.employer_size, capital_region=stay.capital_region),
        )

    @staticmethod
    def _kept(decision: Decision, index: int | None) -> tuple[list[Finding], list[str]]:
        """The evaluator's findings a history can stand behind, and what it could not check."""
        kept: list[Finding] = []
        not_checked: list[str] = []
        for f in decision.findings:
            if f.topic not in KEPT_TOPICS:
                continue
            if f.severity != "needs_information":
                kept.append(f)
                continue
            if index is not None and f.missing == ("position.annual_salary_krw",):
                field = f"stays[{index}].annual_salary_krw"
                kept.append(
                    attrs.evolve(
                        f,
                        message=f"{f.title}: cannot be checked without {field}.",
                        fix=f"Add {field} and check again.",
                        missing=(field,),
                    )
                )
                continue
            not_checked.append(f"{f.title} (needs {'; '.join(f.missing)})")
        return kept, not_checked

    @staticmethod
    def _prior_years(stays: list[tuple[int, Stay]], before: dt.date) -> float:
        days: set[dt.date] = set()
        for _, s in stays:
            end = min(s.until or before, before - dt.timedelta(days=1))
            day = s.start
            while day <= end:
                days.add(day)
                day += dt.timedelta(days=1)
        return len(days) / 365.25

    def _stay_report(self, history: History, stays: list[tuple[int, Stay]], position: int) -> StayReport:
        index, stay = stays[position]
        occupation, title = self.occupation_of(stay.code, stay.start)
        previous = stays[position - 1][1] if position else None
        if previous is None:
            kind: Literal["initial", "extension", "change_of_workplace"] = "initial"
        elif previous.employer != stay.employer:
            kind = "change_of_workplace"
        else:
            kind = "extension"
        prior = self._prior_years(stays[:position], stay.start)
        case = self._case(history, f"stays[{index}]", stay.code, stay, stay.start, kind, prior)
        try:
            decision = self.evaluator.evaluate(case)
        except OutOfRange as exc:
            finding = _finding(
                "history.before-catalogue",
                f"stays[{index}] ({stay.code}, from {stay.start}) is not checked: {exc}.",
                fix="Check this stay's code and salary against the MoJ list and amounts of its start date by hand.",
                evidence={"from": stay.start.isoformat(), "first_snapshot": self.catalogue.ids[0]},
            )
            return StayReport(
                index,
                stay,
                occupation,
                title,
                stay.start,
                None,
                None,
                None,
                None,
                "",
                "",
                outcome_of([finding]),
                (finding,),
                ("code, subcategory and salary (no list or rules for the date)",),
            )
        kept, not_checked = self._kept(decision, index)
        floor, basis = _floor_of(decision)
        renumbered_from = ""
        if (
            previous is not None
            and previous.code != stay.code
            and self.occupation_of(previous.code, previous.start)[0] == occupation
        ):
            renumbered_from = previous.code
        return StayReport(
            index,
            stay,
            occupation,
            title,
            stay.start,
            decision.catalogue["snapshot"],
            decision.catalogue["status"],
            decision.ruleset["id"],
            floor,
            basis,
            renumbered_from,
            outcome_of(kept),
            tuple(kept),
            tuple(not_checked),
        )

    # ---- between stays ----

    def _sequence(self, stays: list[tuple[int, Stay]]) -> list[tuple[int, Finding]]:
        """Gaps, overlaps and code changes between consecutive stays, keyed by the later stay's position."""
        found: list[tuple[int, Finding]] = []
        for position in range(1, len(stays)):
            i, a = stays[position - 1]
            j, b = stays[position]
            end = a.until or b.start
            if b.start > end + dt.timedelta(days=1):
                gap = (b.start - end).days - 1
                found.append(
                    (
                        position,
                        _finding(
                            "history.gap",
                            f"{gap} day(s) between stays[{i}] (until {end}) and stays[{j}] (from {b.start}) are "
                            "covered by no stay.",
                            fix="If the person held another professional status (E-1 to E-7-1, D-5 to D-9) in "
                            "between, the stay may still be continuous for F-2-7; otherwise continuity restarts "
                            f"on {b.start}.",
                            evidence={"until": end.isoformat(), "from": b.start.isoformat(), "days": gap},
                        ),
                    )
                )
            elif b.start <= end:
                last = min(end, b.until or end)
                days = _days(b.start, last)
                found.append(
                    (
                        position,
                        _finding(
                            "history.overlap",
                            f"stays[{i}] (until {end}) and stays[{j}] (from {b.start}) overlap by {days} day(s), "
                            f"{b.start} to {last}.",
                            fix=f"Check the dates: stays[{i}].until is usually the day before stays[{j}].from.",
                            evidence={"from": b.start.isoformat(), "until": last.isoformat(), "days": days},
                        ),
                    )
                )
            occupation_a, title_a = self.occupation_of(a.code, a.start)
            occupation_b, title_b = self.occupation_of(b.code, b.start)
            if occupation_a == occupation_b:
                continue
            evidence = {
                "from_code": a.code,
                "from_title": title_a,
                "to_code": b.code,
                "to_title": title_b,
                "on": b.start.isoformat(),
            }
            same_string = " (the same code number, reused for another occupation)" if a.code == b.code else ""
            change = f"stays[{j}] changes the occupation from {a.code} {title_a} to {b.code} {title_b}{same_string}"
            if b.duties_documented is None:
                found.append(
                    (
                        position,
                        _finding(
                            "history.code-change-duties",
                            f"{change} on {b.start}; whether its duties were documented is not known.",
                            fix=f"Add stays[{j}].duties_documented (true if the contract and 고용사유서 of the "
                            "new stay describe its duties).",
                            evidence=evidence,
                            severity="needs_information",
                            missing=(f"stays[{j}].duties_documented",),
                        ),
                    )
                )
            elif not b.duties_documented:
                found.append(
                    (
                        position,
                        _finding(
                            "history.code-change-duties",
                            f"{change} on {b.start} without documented duties for the new stay.",
                            fix=f"Keep a contract and a 고용사유서 that cite {b.code} and list the specific new "
                            "duties; without them the change surfaces at the next renewal or at F-2-7.",
                            evidence=evidence,
                        ),
                    )
                )
        return found

    # ---- income ----

    @staticmethod
    def _daily(stays: list[tuple[int, Stay]], start: dt.date, end: dt.date) -> dict[dt.date, tuple[int, Stay]]:
        """For each day from start to end, the stay covering it (the later one where two overlap)."""
        cover: dict[dt.date, tuple[int, Stay]] = {}
        for position, (_index, stay) in enumerate(stays):
            first = max(stay.start, start)
            last = min(stay.until or end, end)
            day = first
            while day <= last:
                cover[day] = (position, stay)
                day += dt.timedelta(days=1)
        return cover

    def _income(self, stays: list[tuple[int, Stay]], reports: list[StayReport], income: Income) -> IncomeReport:
        start, end = dt.date(income.year, 1, 1), dt.date(income.year, 12, 31)
        year_days = _days(start, end)
        cover = self._daily(stays, start, end)
        if not cover:
            finding = _finding(
                "history.income-without-stay",
                f"The certified income of {income.year} ({_won(income.certified_krw)}) falls in no stay of the "
                "history.",
                fix="Add the stays of that year, or check the year.",
                evidence={"year": income.year, "certified_krw": income.certified_krw},
            )
            return IncomeReport(income.year, income.certified_krw, None, None, 0, (finding,))
        positions = sorted({p for p, _ in cover.values()})
        unknown = [stays[p][0] for p in positions if stays[p][1].annual_salary_krw is None]
        if unknown:
            fields = [f"stays[{i}].annual_salary_krw" for i in unknown]
            finding = _finding(
                "history.income-shortfall",
                f"The certified income of {income.year} cannot be compared: the salary of "
                + ", ".join(fields)
                + " is not given.",
                fix="Add " + ", ".join(fields) + " and check again.",
                severity="needs_information",
                missing=fields,
            )
            return IncomeReport(income.year, income.certified_krw, None, None, len(cover), (finding,))
        salary_days = sum(stay.annual_salary_krw or 0 for _, stay in cover.values())
        declared = round_krw(salary_days / year_days)
        floors = [reports[p].wage_floor_krw for p in positions]
        floor: int | None = None
        if all(f is not None for f in floors):
            floor_days = sum(reports[p].wage_floor_krw or 0 for p, _ in cover.values())
            floor = round_krw(floor_days / year_days)
        covered = len(cover)
        part = "the whole year" if covered == year_days else f"{covered} of its {year_days} days"
        stays_text = ", ".join(f"stays[{stays[p][0]}]" for p in positions)
        evidence: dict[str, Any] = {
            "year": income.year,
            "certified_krw": income.certified_krw,
            "declared_krw": declared,
            "days_covered": covered,
        }
        findings: list[Finding] = []
        if floor is not None and income.certified_krw < floor:
            evidence["floor_krw"] = floor
            findings.append(
                _finding(
                    "history.income-shortfall",
                    f"The certified income of {income.year}, {_won(income.certified_krw)}, is below the wage floor "
                    f"of {_won(floor)} for {part} ({stays_text}, each at the floor in force on its start date); the "
                    f"salary declared for those days is {_won(declared)}.",
                    fix="Find out why the certified income is lower (unpaid months, untaxed allowances, a wrong "
                    "certificate) and document it before the next extension or change of workplace; pay at or "
                    "above the floor is a condition of the stay.",
                    evidence=evidence,
                    severity="blocking",
                )
            )
        elif income.certified_krw * 100 < declared * (100 - SHORTFALL_TOLERANCE_PERCENT):
            short = declared - income.certified_krw
            percent = short * 100 / declared
            evidence["shortfall_percent"] = round(percent, 1)
            findings.append(
                _finding(
                    "history.income-shortfall",
                    f"The certified income of {income.year}, {_won(income.certified_krw)}, is {percent:.1f}% "
                    f"({_won(short)}) below the salary declared for {part} ({stays_text}), {_won(declared)}.",
                    fix="Find out why (unpaid months, untaxed allowances, a pay cut) and keep payslips or an "
                    "explanation ready for the officer; bring the contract in line with the real pay.",
                    evidence=evidence,
                )
            )
        return IncomeReport(income.year, income.certified_krw, declared, floor, covered, tuple(findings))

    # ---- renewal ----

    def _renewal(
        self,
        history: History,
        stays: list[tuple[int, Stay]],
        income: dict[int, IncomeReport],
        on: dt.date,
    ) -> RenewalReport:
        current = [(i, s) for i, s in stays if s.start <= on]
        index, stay = current[-1]
        findings: list[Finding] = []
        if stay.until is not None and stay.until < on:
            findings.append(
                _finding(
                    "history.renewal-after-stay",
                    f"The renewal on {on} is after the end of stays[{index}] ({stay.until}).",
                    fix=f"File the extension on or before {stay.until}, or correct the dates.",
                    evidence={"renewal_on": on.isoformat(), "until": stay.until.isoformat()},
                )
            )
        prior = self._prior_years(stays, on)
        # follow the occupation, not the code string: 441 meant chefs until 2026-08-31 (now 451)
        occupation, title = self.occupation_of(stay.code, stay.start)
        snapshot = self.catalogue.in_force(on)
        listed = snapshot.by_occupation().get(occupation)
        file_under = listed.code if listed is not None else stay.code
        case = self._case(history, "renewal", file_under, stay, on, "extension", prior)
        decision = self.evaluator.evaluate(case)
        if listed is not None and listed.code != stay.code:
            moved = [r for r in snapshot.renumbered if r.occupation == occupation and r.new_code == listed.code]
            changed_on = max(r.effective for r in moved).isoformat() if moved else ""
            since = f" since {changed_on}" if changed_on else ""
            reused = snapshot.by_code().get(stay.code)
            now_means = f"; {stay.code} now means {reused.title_ko}" if reused is not None else ""
            findings.append(
                _finding(
                    "history.renewal-new-code",
                    f"{title} is listed as {file_under}{since}, not {stay.code}, on {on}{now_means}. The renewal "
                    f"is filed under {file_under}.",
                    fix=f"File the extension under {file_under}; have the employer cite {file_under} in the contract "
                    "and the 고용사유서 (same occupation, same duties: not a change of code).",
                    evidence={"code": stay.code, "file_under": file_under, "renumbered_on": changed_on},
                    citation=_renumbering_citation(snapshot, stay.code),
                )
            )
        elif listed is None and decision.facts.get("code_status") == "listed":
            # the code string is listed, but for another occupation: the worker's occupation has left the list
            findings.append(
                _finding(
                    "history.renewal-occupation-unlisted",
                    f"{title} ({stay.code} on {stay.start}) is not on the list in force on {on}; {stay.code} now "
                    f"means {decision.facts.get('code_title', 'another occupation')}.",
                    fix="The extension cannot be granted under this occupation; look for the code that fits the "
                    "duties now (`e7 codes --search`).",
                    evidence={"code": stay.code, "occupation": occupation},
                )
            )
        kept, not_checked = self._kept(decision, index)
        findings.extend(kept)
        floor, basis = _floor_of(decision)
        announced = resolve(snapshot, on).wage(stay.subcategory)
        if basis == "announced" and announced is not None and announced.effective.year < on.year:
            findings.append(
                _finding(
                    "history.renewal-amounts",
                    f"The salary is checked against {_won(announced.amount_krw)}, the {stay.subcategory} amount "
                    f"in force since {announced.effective}, the latest e7 holds; an amount for {on.year} may be "
                    "announced before the renewal.",
                    fix=f"Check the amount announced for {on.year} before filing (`e7 thresholds`, or the MoJ "
                    "notice), and update e7's catalogue when it is published.",
                    evidence={"amount_krw": announced.amount_krw, "effective": announced.effective.isoformat()},
                )
            )
        year = on.year - 1
        covered = self._daily(stays, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if year in income:
            findings.extend(f for f in income[year].findings if f.severity != "advice")
        elif covered:
            findings.append(
                _finding(
                    "history.renewal-income-certificate",
                    f"The renewal on {on} needs the income certificate of {year}; the history holds none.",
                    fix=f"Add the {year} income certificate ([[income]] year = {year}) to compare it with the "
                    "declared salary before filing.",
                    missing=(f"income (year = {year})",),
                )
            )
        result = ordered(findings)
        successor = None
        if listed is None and decision.facts.get("code_status") == "retired" and decision.facts.get("new_code"):
            successor = str(decision.facts["new_code"])
        return RenewalReport(
            on,
            index,
            stay.code,
            file_under if listed is not None else None,
            successor,
            stay.subcategory,
            stay.annual_salary_krw,
            floor,
            basis,
            decision.catalogue["snapshot"],
            decision.catalogue["status"],
            decision.ruleset["id"],
            outcome_of(result),
            result,
            tuple(not_checked),
        )

    # ---- F-2-7 ----

    def _f27(self, history: History, stays: list[tuple[int, Stay]], on: dt.date) -> F27Report:
        try:
            table = self.evaluator.points.in_force("f2-7", on)
        except OutOfRange as exc:
            finding = _finding(
                "history.f27-table",
                f"F-2-7 on {on} is not scored: {exc}.",
                fix="Plan the application on or after the date of e7's table, or score it by hand.",
                missing=("an F-2-7 points table in force on " + on.isoformat(),),
            )
            return F27Report(on, None, None, None, "", None, None, False, {}, {}, (), (finding,))
        info = table.table
        rules = table.eligibility
        findings: list[Finding] = []
        incomes = sorted((i for i in history.income if i.year < on.year), key=lambda i: i.year)
        latest = incomes[-1] if incomes else None

        # eligibility: on an E-7-1 stay on the date, for 3 years without a break or with a waiver
        current = [p for p, (_, s) in enumerate(stays) if s.start <= on and (s.until is None or s.until >= on)]
        eligible: bool | None
        since: dt.date | None = None
        waiver = ""
        allowed = tuple(rules.get("eligible_e7", ("E-7-1",)))
        if not current:
            eligible = False
            findings.append(
                _finding(
                    "history.f27-current-stay",
                    f"No stay of the history covers {on}: the applicant must hold the status on the application "
                    "date ('신청일 현재').",
                    fix="Plan the application inside a stay, or add the stay that covers the date.",
                    evidence={"f27_on": on.isoformat()},
                )
            )
        else:
            index, stay = stays[current[-1]]
            if stay.subcategory not in allowed:
                eligible = False
                findings.append(
                    _finding(
                        "history.f27-current-stay",
                        f"On {on} the applicant is on {stay.subcategory} (stays[{index}]); the professionals' route "
                        f"is open to {', '.join(allowed)} among the E-7 subcategories.",
                        fix="An E-7-2 to E-7-4 holder cannot use this route; see the other F-2-7 routes or a "
                        "change to an E-7-1 code first.",
                        evidence={"subcategory": stay.subcategory, "code": stay.code},
                    )
                )
            else:
                since = self._continuous_since(stays, current[-1], allowed)
                years = int(rules.get("min_years", 3))
                reached = add_years(since, years)
                enough = reached <= on
                waiver_krw = int(rules.get("income_waiver_krw", 40_000_000))
                if not enough and latest is not None and latest.certified_krw >= waiver_krw:
                    waiver = "income"
                elif not enough and history.f27.stem_talent_invitee_recommended:
                    waiver = "stem_talent_invitee"
                eligible = enough or bool(waiver)
                if not enough:
                    evidence: dict[str, Any] = {
                        "continuous_since": since.isoformat(),
                        "reached_on": reached.isoformat(),
                    }
                    if latest is not None:
                        evidence["income_year"] = latest.year
                        evidence["certified_krw"] = latest.certified_krw
                    if waiver:
                        why = (
                            f"the {latest.year} income certificate shows {_won(latest.certified_krw)}, at or above "
                            f"{_won(waiver_krw)}"
                            if waiver == "income" and latest is not None
                            else "the applicant is a recommended science and engineering talent invitee (③㉡)"
                        )
                        findings.append(
                            _finding(
                                "history.f27-continuous-stay",
                                f"The E-7-1 stay has been continuous since {since} only, short of {years} years on "
                                f"{on}; the requirement is waived because {why}.",
                                fix="Keep the income certificate that shows it with the application.",
                                evidence=evidence,
                                severity="advice",
                            )
                        )
                    else:
                        income_text = (
                            f"the latest income certificate ({latest.year}) shows {_won(latest.certified_krw)}"
                            if latest is not None
                            else "the history holds no income certificate"
                        )
                        findings.append(
                            _finding(
                                "history.f27-continuous-stay",
                                f"The E-7-1 stay has been continuous since {since}: {years} years are reached on "
                                f"{reached}, after the application date {on}, and {income_text}, below the "
                                f"{_won(waiver_krw)} that waives them.",
                                fix=f"Apply on or after {reached}, or with an income certificate of at least "
                                f"{_won(waiver_krw)}.",
                                evidence=evidence,
                            )
                        )

        # points
        person = history.person
        inputs: dict[str, Any] = {
            "age": age_on(person.birth_date, on) if person.birth_date else None,
            "education": person.education,
            "stem_or_two_degrees": bool(person.stem_or_two_degrees),
            "korean_level": person.korean_level,
            "previous_year_income_krw": latest.certified_krw if latest is not None else None,
        }
        inputs.update({f.name: getattr(history.f27, f.name) for f in attrs.fields(F27Inputs)})
        minimum = self._annual_minimum_wage(on)
        result = score(table, inputs, minimum)
        items: dict[str, int | None] = dict(result.items)
        missing = [FIELD_OF_INPUT.get(name, name) for name in result.missing]
        unresolved = self._unresolved_min_band(table, inputs, minimum)
        if unresolved:
            items[unresolved[0]] = None
            missing.append(f"the minimum wage of {on.year} (not in e7's catalogue)")
        total = sum(v for v in items.values() if v is not None) + result.bonus - result.deduction
        complete = not missing
        passes = complete and total >= info.pass_mark
        details = self._details(table, inputs, result, items, latest, minimum, on)
        to_raise = self._to_raise(table, inputs, result, total, minimum, on, person) if complete else ()
        evidence_points = {k: v for k, v in items.items()} | {"bonus": result.bonus, "deduction": -result.deduction}
        if not complete:
            findings.append(
                _finding(
                    "history.f27-points",
                    f"The F-2-7 points on {on} cannot be totalled without " + "; ".join(missing) + ".",
                    fix="Add " + "; ".join(missing) + " and check again.",
                    evidence=evidence_points,
                    severity="needs_information",
                    missing=missing,
                    citation=_table_citation(table),
                )
            )
        elif not passes:
            short = info.pass_mark - total
            best = next((r for r in to_raise if r.passes_then), None)
            hint = f" With {best.how}, it would be {best.total_then}." if best else ""
            findings.append(
                _finding(
                    "history.f27-points",
                    f"F-2-7 points on {on}: {total}, {short} short of the pass mark {info.pass_mark}.{hint}",
                    fix="See what would raise the score (to_raise) and plan the application date, the income "
                    "certificate and the Korean level accordingly.",
                    evidence=evidence_points | {"total": total, "pass_mark": info.pass_mark},
                    citation=_table_citation(table),
                )
            )
        age_item = next((item for item in table.items if item.id == "age"), None)
        if age_item is not None and person.birth_date is not None and inputs["age"] is not None:
            older = int(inputs["age"]) + 1
            turns = add_years(person.birth_date, older)
            later = _band_points(age_item.bands, older, minimum)
            if (turns - on).days <= 366 and later < (items.get("age") or 0):
                findings.append(
                    _finding(
                        "history.f27-age-band",
                        f"The age band changes on {turns} (age {older}): an application on or after that date "
                        f"scores {later} age points instead of {items.get('age')}.",
                        fix=f"Apply before {turns} if the other conditions are met by then.",
                        evidence={
                            "birth_date": person.birth_date.isoformat(),
                            "turns_on": turns.isoformat(),
                            "age_points_then": later,
                        },
                        citation=Citation(
                            STAY_MANUAL,
                            age_item.source.pages,
                            age_item.source.edition,
                            age_item.source.status,
                            "기준 : 여권상 생년월일 (신청일 기준)",
                        ),
                    )
                )
        items_out: dict[str, int | None] = {
            "age": items.get("age"),
            "education": items.get("education"),
            "korean": items.get("korean"),
            "income": items.get("income"),
            "bonus": result.bonus,
            "deduction": -result.deduction,
        }
        return F27Report(
            on,
            f"{info.id}@{info.effective.isoformat()}",
            eligible,
            since,
            waiver,
            total,
            info.pass_mark,
            passes,
            items_out,
            details,
            tuple(to_raise),
            ordered(findings),
        )

    @staticmethod
    def _continuous_since(stays: list[tuple[int, Stay]], position: int, allowed: tuple[str, ...]) -> dt.date:
        """The start of the unbroken run of stays on an allowed subcategory that ends with stays[position]."""
        since = stays[position][1].start
        while position > 0:
            _, before = stays[position - 1]
            if before.subcategory not in allowed or before.until is None:
                break
            if before.until + dt.timedelta(days=1) < since:
                break
            since = min(since, before.start)
            position -= 1
        return since

    def _annual_minimum_wage(self, on: dt.date) -> int | None:
        """The minimum wage in force on the date as an annual amount: the monthly amount (209 hours) x 12."""
        try:
            snapshot = self.catalogue.in_force(on)
        except OutOfRange:
            return None
        minimum = resolve(snapshot, on).minimum_wage
        return minimum.monthly_krw * 12 if minimum is not None else None

    @staticmethod
    def _unresolved_min_band(table: Table, inputs: dict[str, Any], minimum: int | None) -> tuple[str, ...]:
        """The item whose value falls where only a band with an unresolved ``min_rule`` could score it."""
        if minimum is not None:
            return ()
        for item in table.items:
            value = inputs.get(item.input)
            if value is None or not any(b.min_rule for b in item.bands):
                continue
            fixed = [b.min for b in item.bands if b.min is not None]
            if fixed and value < min(fixed):
                return (item.id,)
        return ()

    @staticmethod
    def _details(
        table: Table,
        inputs: dict[str, Any],
        result: Score,
        items: dict[str, int | None],
        latest: Income | None,
        minimum: int | None,
        on: dt.date,
    ) -> dict[str, dict[str, Any]]:
        details: dict[str, dict[str, Any]] = {}
        for item in table.items:
            value = inputs.get(item.input)
            entry: dict[str, Any] = {
                "input": item.input,
                "value": value,
                "points": items.get(item.id),
                "max_points": item.max_points,
                "band": _band_label(item.bands, value, minimum) if item.bands else "",
                "source": {
                    "document": item.source.document,
                    "edition": item.source.edition,
                    "pages": item.source.pages,
                    "status": item.source.status,
                },
            }
            if item.id == "education":
                entry["stem_or_two_degrees"] = inputs.get("stem_or_two_degrees")
                entry["value"] = inputs.get("education")
            if item.id == "age":
                entry["on"] = on.isoformat()
            if item.id == "income":
                entry["year"] = latest.year if latest is not None else None
                entry["minimum_wage_annual_krw"] = minimum
                entry["minimum_wage_status"] = "D" if minimum is not None else None
            details[item.id] = entry
        cap = table.table.bonus_cap
        details["bonus"] = {
            "points": result.bonus,
            "held": dict(result.bonus_items),
            "before_cap": result.bonus_before_cap,
            "cap": cap.points if cap else None,
        }
        details["deduction"] = {"points": -result.deduction}
        return details

    def _to_raise(
        self,
        table: Table,
        inputs: dict[str, Any],
        result: Score,
        total: int,
        minimum: int | None,
        on: dt.date,
        person: Person,
    ) -> list[Raise]:
        """Single changes that raise the score: the next income band, the next Korean level, KIIP stage 5,
        more volunteering, and applying before the birthday that moved the age band down."""
        pass_mark = table.table.pass_mark
        raises: list[Raise] = []

        def rescored(changed: dict[str, Any]) -> int:
            again = score(table, inputs | changed, minimum)
            return sum(v for v in again.items.values() if v is not None) + again.bonus - again.deduction

        def add(item: str, now: Any, then: Any, points_now: int, points_then: int, how: str, new_total: int) -> None:
            gain = new_total - total
            if gain > 0:
                raises.append(
                    Raise(item, now, then, points_now, points_then, gain, new_total, new_total >= pass_mark, how)
                )

        by_id = {item.id: item for item in table.items}
        income = by_id.get("income")
        value = inputs.get("previous_year_income_krw")
        if income is not None and value is not None:
            higher = sorted(b.min for b in income.bands if b.min is not None and b.min > value)
            now_points = result.items.get("income") or 0
            for low in higher:
                low_int = int(low)
                new_points = _band_points(income.bands, low_int, minimum)
                if new_points > now_points:
                    add(
                        "income",
                        value,
                        low_int,
                        now_points,
                        new_points,
                        f"a certified income of {low_int:,} KRW ({low_int - value:,} more) on the latest "
                        "income certificate",
                        rescored({"previous_year_income_krw": low_int}),
                    )
                    break
        korean = by_id.get("korean")
        level = inputs.get("korean_level")
        if korean is not None and level is not None:
            now_points = result.items.get("korean") or 0
            for next_level in range(level + 1, 7):
                new_points = _band_points(korean.bands, next_level, minimum)
                if new_points > now_points:
                    add(
                        "korean",
                        level,
                        next_level,
                        now_points,
                        new_points,
                        f"TOPIK level / KIIP stage {next_level}",
                        rescored({"korean_level": next_level}),
                    )
                    break
        for bonus in table.bonus:
            if bonus.id == "kiip_stage_5" and not inputs.get(bonus.input):
                new_total = rescored({bonus.input: True})
                add(
                    "bonus",
                    False,
                    True,
                    result.bonus,
                    result.bonus + new_total - total,
                    "completing KIIP (사회통합프로그램) stage 5",
                    new_total,
                )
            if bonus.id == "volunteering" and bonus.tiers:
                years = int(inputs.get(bonus.input) or 0)
                nxt = next((t for t in sorted(bonus.tiers, key=lambda t: t.min) if t.min > years), None)
                if nxt is not None:
                    new_total = rescored({bonus.input: nxt.min})
                    add(
                        "bonus",
                        years,
                        nxt.min,
                        result.bonus,
                        result.bonus + new_total - total,
                        f"{nxt.min} year(s) of volunteering with the sessions and hours the manual asks",
                        new_total,
                    )
        age = by_id.get("age")
        if age is not None and person.birth_date is not None and inputs.get("age") is not None:
            birthday = add_years(person.birth_date, int(inputs["age"]))
            younger = int(inputs["age"]) - 1
            if (on - birthday).days < 366 and younger >= 0:
                now_points = result.items.get("age") or 0
                new_points = _band_points(age.bands, younger, minimum)
                if new_points > now_points:
                    add(
                        "age",
                        inputs["age"],
                        younger,
                        now_points,
                        new_points,
                        f"applying before {birthday} (age {younger} on the application date)",
                        rescored({"age": younger}),
                    )
        return raises

    # ---- all of it ----

    def check(self, history: History, where: str = "") -> HistoryReport:
        where = where or history.id
        self._check_codes(history, where)
        renewal_on = history.plan.renewal_on
        first = max(self.catalogue.first_date(), dt.date.fromisoformat(self.evaluator.rulesets.ids[0]))
        if renewal_on is not None and renewal_on < first:
            raise InputError(
                where, "plan.renewal_on", f"expected a date on or after {first}, the first date e7 holds rules for"
            )
        stays = sorted(enumerate(history.stays), key=lambda item: (item[1].start, item[0]))
        reports = [self._stay_report(history, stays, position) for position in range(len(stays))]
        for position, finding in self._sequence(stays):
            r = reports[position]
            reports[position] = attrs.evolve(
                r, findings=ordered([*r.findings, finding]), outcome=outcome_of([*r.findings, finding])
            )
        incomes = [self._income(stays, reports, i) for i in sorted(history.income, key=lambda i: i.year)]
        by_year = {i.year: i for i in incomes}
        renewal = self._renewal(history, stays, by_year, history.plan.renewal_on) if history.plan.renewal_on else None
        f27 = self._f27(history, stays, history.plan.f27_on) if history.plan.f27_on else None
        everything: list[Finding] = [f for r in reports for f in r.findings]
        everything += [f for i in incomes for f in i.findings]
        if renewal is not None:
            everything += renewal.findings
        if f27 is not None:
            everything += f27.findings
        findings = ordered(everything)
        return HistoryReport(
            history.id,
            where,
            history.person,
            tuple(reports),
            tuple(incomes),
            renewal,
            f27,
            findings,
            outcome_of(findings),
        )


FIELD_OF_INPUT = {
    "age": "person.birth_date",
    "education": "person.education",
    "korean_level": "person.korean_level",
    "previous_year_income_krw": "an income certificate of a year before the application ([[income]])",
}


def _band_points(bands: tuple[Band, ...], value: float, minimum: int | None) -> int:
    best = 0
    for band in bands:
        low = band.min if band.min is not None else (minimum if band.min_rule else None)
        if band.min_rule and low is None:
            continue
        if low is not None and value < low:
            continue
        if band.max is not None and value > band.max:
            continue
        best = max(best, band.points)
    return best


def _band_label(bands: tuple[Band, ...], value: Any, minimum: int | None) -> str:
    """The band a value falls in: ``30-34``, ``60,000,000 to under 70,000,000``, ``5+``."""
    if value is None:
        return ""
    lows = sorted(
        (b.min if b.min is not None else minimum, b) for b in bands if b.min is not None or minimum is not None
    )
    for position, (low, band) in enumerate(lows):
        if low is None or value < low or (band.max is not None and value > band.max):
            continue
        upper = lows[position + 1][0] if position + 1 < len(lows) else None
        if band.max is not None:
            label = f"{_num(low)}" if band.max == low else f"{_num(low)}-{_num(band.max)}"
        elif upper is not None and value < upper:
            label = f"{_num(low)} to under {_num(upper)}"
        else:
            label = f"{_num(low)}+"
        if band.min_rule:
            label += f" (from the {band.min_rule.replace('_', ' ')}, monthly x 12)"
        if upper is None or value < upper or band.max is not None:
            return label
    return "below the lowest band"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    number = int(value)
    return f"{number:,}"


def _renumbering_citation(snapshot: Snapshot, old_code: str) -> Citation:
    found = [r for r in snapshot.renumbered if r.old_code == old_code]
    if not found:
        return RULES["history.renewal-new-code"].citation
    source = max(found, key=lambda r: r.effective).source
    return Citation(source.document, source.pages, source.edition, source.status, source.note)


def _table_citation(table: Table) -> Citation:
    source = table.table.source
    return Citation(source.document, "372-374", source.edition, source.status, F27_POINTS.note)


# -- JSON ------------------------------------------------------------------------------------------------


def _finding_data(finding: Finding) -> dict[str, Any]:
    data = unstructure(finding)
    data["missing"] = list(finding.missing)
    return data


def _stay_data(r: StayReport) -> dict[str, Any]:
    s = r.stay
    return {
        "index": r.index,
        "code": s.code,
        "subcategory": s.subcategory,
        "from": s.start.isoformat(),
        "until": s.until.isoformat() if s.until else None,
        "employer": s.employer,
        "annual_salary_krw": s.annual_salary_krw,
        "duties_documented": s.duties_documented,
        "occupation": r.occupation,
        "title_ko": r.title_ko,
        "renumbered_from": r.renumbered_from or None,
        "checked_on": r.checked_on.isoformat(),
        "catalogue": {"snapshot": r.snapshot, "status": r.snapshot_status} if r.snapshot else None,
        "ruleset": r.ruleset,
        "wage_floor_krw": r.wage_floor_krw,
        "wage_floor_basis": r.wage_floor_basis or None,
        "outcome": r.outcome,
        "findings": [_finding_data(f) for f in r.findings],
        "not_checked": list(r.not_checked),
    }


def report_data(report: HistoryReport) -> dict[str, Any]:
    """The JSON form of a history report (docs/json.md, ``e7 history``)."""
    renewal = None
    if report.renewal is not None:
        r = report.renewal
        renewal = {
            "on": r.on.isoformat(),
            "stay": r.stay_index,
            "code": r.code,
            "file_under": r.file_under,
            "successor": r.successor,
            "subcategory": r.subcategory,
            "annual_salary_krw": r.annual_salary_krw,
            "wage_floor_krw": r.wage_floor_krw,
            "wage_floor_basis": r.wage_floor_basis or None,
            "catalogue": {"snapshot": r.snapshot, "status": r.snapshot_status},
            "ruleset": r.ruleset,
            "outcome": r.outcome,
            "findings": [_finding_data(f) for f in r.findings],
            "not_checked": list(r.not_checked),
        }
    f27 = None
    if report.f27 is not None:
        f = report.f27
        f27 = {
            "on": f.on.isoformat(),
            "table": f.table,
            "eligible": f.eligible,
            "continuous_since": f.continuous_since.isoformat() if f.continuous_since else None,
            "waiver": f.waiver or None,
            "total": f.total,
            "pass_mark": f.pass_mark,
            "passes": f.passes,
            "items": f.items,
            "details": f.details,
            "to_raise": [unstructure(r) for r in f.to_raise],
            "findings": [_finding_data(x) for x in f.findings],
        }
    person = report.person
    return {
        "history": report.id,
        "outcome": report.outcome,
        "person": {
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "education": person.education,
            "stem_or_two_degrees": person.stem_or_two_degrees,
            "korean_level": person.korean_level,
        },
        "stays": [_stay_data(r) for r in report.stays],
        "income": [
            {
                "year": i.year,
                "certified_krw": i.certified_krw,
                "declared_krw": i.declared_krw,
                "floor_krw": i.floor_krw,
                "days_covered": i.days_covered,
                "findings": [_finding_data(x) for x in i.findings],
            }
            for i in report.income
        ],
        "renewal": renewal,
        "f27": f27,
        "findings": [_finding_data(x) for x in report.findings],
    }
