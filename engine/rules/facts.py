"""From a case, the catalogue and the thresholds in force to the flat fact the rule engine matches.

Only what the case holds and what e7 can compute goes in; a missing input is left out (never sent as null),
so that a rule that needs it yields a ``needs_information`` finding. Money is in whole won, dates are ISO
texts, ratios are integers in hundredths where a rule compares them.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import attrs

from engine.catalogue.codes import RetirementReport, retirement_of, retiring_within
from engine.catalogue.snapshots import Catalogue
from engine.catalogue.thresholds import ThresholdsOn, resolve, round_krw
from engine.core.case import EDUCATION_RANK, Case
from engine.core.errors import OutOfRange
from engine.core.model import Code, Snapshot
from engine.rules.area_work import area_work_facts
from engine.rules.code_facts import code_own_facts, conditional_values
from engine.rules.code_qualifications import code_qualification_facts
from engine.rules.code_sections import code_section_facts
from engine.rules.code_stay_facts import code_stay_facts
from engine.rules.exemptions import exemption_facts
from engine.rules.fact_fields import DOCUMENT_FIELDS
from engine.rules.foreign_staff import foreign_counted
from engine.rules.papers import papers_facts
from engine.rules.per_pair import kept_per_pair
from engine.rules.points import PointsTables, Score, score
from engine.rules.rulesets import Ruleset
from engine.rules.s2_points import s2_points_facts
from engine.rules.stay import months_before, stay_facts
from engine.rules.workplace_change import workplace_change_facts


@attrs.frozen
class CodeStatus:
    status: str  # listed | pilot_closed | renumbered | retired | not_yet_listed | not_applicable
    entry: Code | None
    new_code: str = ""
    new_code_title: str = ""
    changed_on: str = ""
    meaning_changed: bool = False  # the code meant another occupation before
    reason: str = ""  # why new_code is suggested, where it is not a renumbering
    retired_by: str = ""  # the notice that retired the code (status retired)
    retired_reason: str = ""
    retiring_on: str = ""  # a notice retires the listed code on this date, within the look-ahead
    retiring_notice: str = ""
    retiring_days: int = 0


@attrs.frozen
class Prepared:
    fact: dict[str, Any]
    snapshot: Snapshot
    thresholds: ThresholdsOn
    code: CodeStatus
    missing_reasons: dict[str, str]  # computed fields left out, and why
    e74: Score | None


@attrs.frozen
class Gap:
    """A reference figure of the date that e7's catalogue lacks, and the older figure checked instead."""

    missing: str
    used: str


ANNOUNCED_YEAR_DAYS = 366  # the amounts are announced every year: an amount older than a year may be outdated
# the ruleset parameter the duty facts carry (0.7, the practitioner guide); engine/duties never reads rulesets
DUTY_THRESHOLD_PARAMETER = "duty_alignment_threshold"


def reference_gaps(snapshot: Snapshot, on: dt.date, t: ThresholdsOn) -> tuple[ThresholdsOn, list[Gap]]:
    """Where the minimum wage of the date's year or the previous year's GNI is not in the catalogue, the latest
    figure e7 holds is used and the gap is reported as e7's (catalogue.reference-missing): the officer cannot
    add the figure, and the check need not stop for it."""
    gaps: list[Gap] = []
    if t.minimum_wage is None:
        held = [m for m in snapshot.thresholds.minimum_wage if m.year < on.year]
        if held:
            latest = max(held, key=lambda m: m.year)
            gaps.append(
                Gap(
                    f"the minimum wage of {on.year}",
                    f"the minimum wage of {latest.year} ({latest.hourly_krw:,} KRW an hour)",
                )
            )
            t = attrs.evolve(t, minimum_wage=latest)
    if t.gni is None:
        held_gni = [g for g in snapshot.thresholds.gni if g.year < on.year - 1]
        if held_gni:
            latest_gni = max(held_gni, key=lambda g: g.year)
            gaps.append(
                Gap(
                    f"GNI per capita of {on.year - 1}",
                    f"GNI per capita of {latest_gni.year} ({latest_gni.amount_krw:,} KRW)",
                )
            )
            t = attrs.evolve(t, gni=latest_gni, ratios=tuple(attrs.evolve(r, gni=latest_gni) for r in t.ratios))
    return t, gaps


def age_on(birth: dt.date, on: dt.date) -> int:
    """Whole years of age on a date (a birthday counts from that day)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def years_between(start: dt.date, end: dt.date) -> float:
    return round((end - start).days / 365.25, 2)


def monthly_paid_hours(weekly_hours: float) -> float:
    """Paid hours a month, as the minimum-wage check counts them: regular hours (at most 40 a week), overtime
    at 1.5 times (근로기준법 제56조), and the paid weekly holiday (주휴, 1/5 of the regular week, at most 8
    hours, for 15 hours a week or more), over 365/7/12 weeks. 40 hours a week gives 208.6, which the
    Ministry of Employment and Labor rounds to 209."""
    regular = min(weekly_hours, 40)
    overtime = max(weekly_hours - 40, 0) * 1.5
    holiday = min(regular / 5, 8) if weekly_hours >= 15 else 0
    return (regular + overtime + holiday) * 365 / 7 / 12


def foreign_quota(domestic: int, ratio_per_mille: int, rounding: str) -> int:
    """Foreign staff allowed: domestic employees x ratio, rounded as the manual says.

    half_up: "계산 값의 한 자리 아래 숫자가 4 이하면 버리고 5 이상이면 올림" (visa manual p.181);
    ceil: "허용 계산값의 소수점 이하는 올림" (E-7-4, stay manual p.301). Integer arithmetic, no float error.
    """
    product = domestic * ratio_per_mille
    if rounding == "ceil":
        return -(-product // 1000)
    return (product + 500) // 1000


def _retired(report: RetirementReport) -> CodeStatus:
    """A code retired by a notice, forward-chained to its successor as listed on the date."""
    record, successor = report.record, report.successor
    reason = f"successor named by notice {record.notice}, which retired {record.code} on {record.effective}"
    return CodeStatus(
        "retired",
        report.entry,
        successor.code if successor else "",
        successor.title_ko if successor else "",
        record.effective.isoformat(),
        reason=reason if successor else "",
        retired_by=record.notice,
        retired_reason=record.reason,
    )


def code_status(
    catalogue: Catalogue, snapshot: Snapshot, code: str, on: dt.date, look_ahead_days: int = 0
) -> CodeStatus:
    """Where the code stands on the date; ``look_ahead_days`` > 0 also finds a notice that retires a listed
    code within that many days after the date."""
    listed = snapshot.by_code().get(code)
    # renumberings and retirements in force are carried in the snapshot: answered without the history
    moved = [r for r in snapshot.renumbered if r.old_code == code and r.effective <= on]
    if listed is not None:
        status = "listed" if listed.is_open(on) else "pilot_closed"
        changed = any(r.occupation != listed.occupation for r in moved)
        soon = retiring_within(catalogue, listed, on, look_ahead_days) if look_ahead_days > 0 else None
        if soon is None:
            return CodeStatus(status, listed, meaning_changed=changed)
        record, successor = soon.record, soon.successor
        return CodeStatus(
            status,
            listed,
            successor.code if successor else "",
            successor.title_ko if successor else "",
            meaning_changed=changed,
            reason=f"successor named by notice {record.notice}, which retires {code} on {record.effective}",
            retired_reason=record.reason,
            retiring_on=record.effective.isoformat(),
            retiring_notice=record.notice,
            retiring_days=(record.effective - on).days,
        )
    retired = retirement_of(catalogue, snapshot, on, code=code)
    if moved:
        last = max(moved, key=lambda r: r.effective)
        current = snapshot.by_occupation().get(last.occupation)
        if current is not None and (retired is None or retired.record.effective < last.effective):
            return CodeStatus("renumbered", current, current.code, current.title_ko, last.effective.isoformat())
        if current is None and retired is None:  # renumbered, then retired under its new code
            retired = retirement_of(catalogue, snapshot, on, occupation=last.occupation)
            if retired is not None:
                moved_status = _retired(retired)
                note = f"{moved_status.retired_reason}; {code} had become {retired.record.code} on {last.effective}"
                return attrs.evolve(moved_status, retired_reason=note)
    if retired is not None:
        return _retired(retired)
    from engine.catalogue.codes import describe

    report = describe(catalogue, code, on)
    current = report.current
    last = [p for p in report.meanings if p.start <= on]
    entry = (last[-1] if last else report.meanings[0]).entry
    if report.status == "renumbered" and current is not None:
        moved = next(
            (e for h in report.histories for e in h.events if e.kind == "renumbered" and e.code == current.code), None
        )
        return CodeStatus("renumbered", entry, current.code, current.title_ko, moved.on.isoformat() if moved else "")
    if report.status == "retired":
        period = last[-1]
        retired_on = (period.end + dt.timedelta(days=1)).isoformat() if period.end else ""
        return CodeStatus("retired", entry, changed_on=retired_on)
    first = report.meanings[0].start.isoformat()
    return CodeStatus("not_yet_listed", entry, changed_on=first)


def _on_date(catalogue: Catalogue, on: dt.date) -> tuple[Snapshot, ThresholdsOn, tuple[Gap, ...]]:
    snapshot = catalogue.in_force(on)
    t, gaps = reference_gaps(snapshot, on, resolve(snapshot, on))
    return snapshot, t, tuple(gaps)


@kept_per_pair
def _code_tables(entry: Code, ruleset: Ruleset) -> tuple[Any, ...]:
    """The code's facts that depend on the code and the ruleset alone, in two tables in the order ``prepare``
    puts them, each with a place held (None) for a value the case decides (``code_wage_rule`` and
    ``code_recommendation_required`` in the first, ``code_recommendation_decided`` in the second); the ruleset's
    condition on the code's recommendation; and the fields that condition needs but the second table does not
    give before it is decided. Worked out once per code and ruleset (a case asked the ruleset's parameters and
    conditions again each time)."""
    first = {
        "code_subcategory": entry.subcategory,
        "code_group": entry.group,
        "code_title": entry.title_ko,
        "code_wage_rule": None,
        "code_qualification": entry.qualification,
        "code_protected": entry.domestic_protection,
        "code_recommendation_required": None,
        "code_guarantee_required": entry.guarantee_required,
        "code_is_pilot": entry.pilot is not None,
        "code_has_employer_rules": bool(entry.employer.text or entry.employer.max_per_employer),
    }
    second: dict[str, Any] = {}
    if entry.employer.min_domestic_employees:
        second["code_min_domestic_employees"] = entry.employer.min_domestic_employees
    # several codes require a recommendation or a guarantee only for one kind of employer or worker (the
    # code's section says which): the ruleset lists them by occupation, so that a renumbering keeps them
    second["code_recommendation_conditional"] = entry.occupation in ruleset.parameter(
        "recommendation_for_some_cases_only"
    )
    condition = next((c for c in ruleset.conditions_of(entry.occupation) if c.sets == "recommendation_required"), None)
    second["code_recommendation_condition"] = condition.condition if condition else ""
    needs = tuple(n for n in condition.needs if n not in second) if condition is not None else ()
    second["code_recommendation_decided"] = None
    second["code_guarantee_conditional"] = entry.occupation in ruleset.parameter("guarantee_for_some_cases_only")
    if entry.pilot is not None:
        second["pilot_start"] = entry.pilot.start.isoformat()
        second["pilot_end"] = entry.pilot.end.isoformat()
    return first, second, condition, needs


def prepare(case: Case, on: dt.date, catalogue: Catalogue, ruleset: Ruleset, points: PointsTables) -> Prepared:
    # the list, the thresholds and the gaps in them on the date depend on nothing else: once per date
    snapshot, t, gaps = catalogue.remembered(("on", on), lambda: _on_date(catalogue, on))
    p = case.position
    a = case.applicant
    e = case.employer
    d = case.documents
    missing: dict[str, str] = {}
    fact: dict[str, Any] = {"kind": "application", "code": p.code, "as_of": on.isoformat()}

    def put(name: str, value: Any) -> None:
        if value is not None:
            fact[name] = value

    put("case_kind", case.kind)
    # the employer facts that conditional requirements read (ruleset [[conditional]])
    put("employer_sector", case.employer.sector)
    put("employer_depopulation_area", case.employer.depopulation_area)
    put("employer_reshoring", case.employer.reshoring)
    put("regular_workers", case.employer.regular_workers)
    put("domestic_employees", case.employer.domestic_employees)  # 295's cap (visa manual 2026.6 p.220)
    put("annual_revenue_krw", case.employer.annual_revenue_krw)  # 7103's cap (p.235)
    if case.applicant.education is not None:  # and 272's recommendation (p.215)
        fact["education_rank"] = EDUCATION_RANK[case.applicant.education]
    # the day of entry (입국일), which the shipbuilding codes' lower wage reads (pp.236-239); an initial application
    # brings a worker in, so it enters on the date in e7's reading (a certificate of visa issuance is for a worker
    # abroad)
    entered = case.applicant.entered_on or (on if case.kind == "initial" else None)
    if entered is not None:
        fact["entered_on"] = entered.isoformat()
        fact["years_since_entry"] = age_on(entered, on)  # full years: the lower wage holds up to the 3rd anniversary
    put("declared_subcategory", p.subcategory)
    put("section_route", p.section_route)  # read by conditional requirements (code_qualifications.py reads more)
    put("aquaculture_species", p.aquaculture_species)  # 6301's cap of 2 for the trial items (a conditional, p.234)
    negative = p.subcategory in ("E-7-S1", "E-7-S2")
    fact["track"] = "negative" if negative else "list"
    put("job_title", p.job_title)
    put("annual_salary_krw", p.annual_salary_krw)
    put("weekly_hours", p.weekly_hours)
    if p.duties is not None:
        fact["duties_count"] = len(p.duties)
    fact["catalogue_age_days"] = (on - snapshot.effective).days
    if gaps:
        fact["reference_missing"] = "; ".join(g.missing for g in gaps)
        fact["reference_used"] = "; ".join(g.used for g in gaps)
    fact["catalogue_status"] = snapshot.snapshot.status

    # the code as listed on the date
    look_ahead = ruleset.parameters.get("retirement_look_ahead_days")
    days = int(look_ahead.value) if look_ahead else 0
    status = (
        CodeStatus("not_applicable", None)
        if negative
        else catalogue.remembered(
            ("code status", snapshot.id, p.code, on, days), lambda: code_status(catalogue, snapshot, p.code, on, days)
        )
    )
    fact["code_status"] = status.status
    fact["code_major_group"] = p.code.lstrip("S")[:1]
    if status.new_code:
        fact["new_code"] = status.new_code
        fact["new_code_title"] = status.new_code_title
        fact["new_code_reason"] = status.reason or f"renumbered on {status.changed_on}"
    if status.changed_on:
        fact["code_changed_on"] = status.changed_on
    fact["code_meaning_changed"] = status.meaning_changed
    if status.status == "retired":
        fact["code_retired_by"] = (
            f"notice {status.retired_by} ({status.retired_reason})"
            if status.retired_by
            else f"the list in force from {status.changed_on} (no notice recorded)"
        )
    if status.retiring_on:
        fact["code_retiring_on"] = status.retiring_on
        fact["code_retiring_days"] = status.retiring_days
        fact["code_retiring_notice"] = f"notice {status.retiring_notice} ({status.retired_reason})"
    if status.status == "retired" or status.retiring_on:
        fact["code_successor_note"] = (
            f"the notice names {status.new_code} ({status.new_code_title}) as its successor"
            if status.new_code
            else "no successor is named"
        )
    entry = status.entry
    code_values: dict[str, Any] = {}
    if entry is not None:
        code_qualification_facts(entry.occupation, case, ruleset, fact, missing, entry.group)  # conditions' inputs
        code_values = conditional_values(entry, ruleset, fact, missing, d.recommendation_letter is True)
        # what the code and the ruleset alone give is worked out once per pair (``_code_tables``); the values the
        # case decides are put in their places, so that the fact's fields come in the same order as before
        first, second, condition, needs = _code_tables(entry, ruleset)
        fact.update(first)
        # a lower fixed amount a conditional requirement sets for some cases replaces the code's rule there
        fact["code_wage_rule"] = "fixed" if code_values["wage_fixed_krw"] else entry.wage.rule
        fact["code_recommendation_required"] = code_values["recommendation_required"]
        if code_values["max_per_employer"]:
            fact["code_max_per_employer"] = code_values["max_per_employer"]
        # a condition e7 reads from the case (2111: a reshoring company) is decided here, not left to the officer
        decided = condition is not None and bool(condition.when) and all(n in fact for n in needs)
        fact.update(second)
        fact["code_recommendation_decided"] = decided

    # salary: the amounts the wage_floor calculation chooses from (engine/rules/calculations.py)
    sub = entry.subcategory if entry is not None else None
    announced = t.wage(sub) if sub else None
    if announced is not None:
        fact["announced_krw"] = announced.amount_krw
        if (on - announced.effective).days > ANNOUNCED_YEAR_DAYS:
            gap = Gap(
                f"an announced {sub} amount after the one of {announced.effective} (announced yearly)",
                f"{announced.amount_krw:,} KRW announced for {sub} from {announced.effective}",
            )
            fact["reference_missing"] = "; ".join(filter(None, (fact.get("reference_missing"), gap.missing)))
            fact["reference_used"] = "; ".join(filter(None, (fact.get("reference_used"), gap.used)))
    if fact.get("code_wage_rule") == "fixed":
        fact["code_fixed_krw"] = code_values["wage_fixed_krw"]
    if entry is not None and entry.wage.rule == "gni_ratio":
        fact["code_ratio_x100"] = round(entry.wage.ratio * 100)
        if t.gni is not None:
            fact["code_ratio_krw"] = round_krw(entry.wage.ratio * t.gni.amount_krw)
    special = t.ratio("sme-special")
    if special is not None and special.amount_krw is not None:
        fact["sme_special_krw"] = special.amount_krw
    if entry is not None:
        rule = fact["code_wage_rule"]
        available = (
            rule == "minimum_wage"
            or rule == "fixed"
            or (rule == "announced" and announced is not None)
            or (rule == "gni_ratio" and "code_ratio_krw" in fact)
        )
        if available:
            fact["wage_floor_available"] = True
        elif rule == "announced":
            missing["wage_floor_available"] = f"the amount announced for {sub} in force on {on} (not in e7's catalogue)"
        else:
            missing["wage_floor_available"] = f"GNI per capita of {on.year - 1} (not in e7's catalogue)"
    if special is not None and special.amount_krw is not None:
        limit = special.rule.max_prior_e7_years or ruleset.parameter("sme_special_max_prior_e7_years")
        small = None if e.size is None else e.size in ("sme", "venture")
        if e.size == "mid":
            small = None if e.capital_region is None else not e.capital_region
        if small is False or (a.prior_e7_years is not None and a.prior_e7_years > limit):
            fact["sme_special_eligible"] = False
        elif small is True and a.prior_e7_years is not None:
            fact["sme_special_eligible"] = True
        else:
            unknown = [
                name
                for name, value in (
                    ("employer.size", e.size),
                    ("employer.capital_region", e.capital_region if e.size == "mid" else True),
                    ("applicant.prior_e7_years", a.prior_e7_years),
                )
                if value is None
            ]
            missing["sme_special_eligible"] = " and ".join(unknown)
        general = fact.get("code_ratio_krw") if fact.get("code_ratio_x100") == 80 else fact.get("announced_krw")
        # the special rule can only matter where it is lower than the general floor
        fact["sme_special_relevant"] = bool(general and special.amount_krw < general)
    if t.minimum_wage is not None:
        fact["minimum_hourly_krw"] = t.minimum_wage.hourly_krw
        fact["minimum_monthly_krw"] = t.minimum_wage.monthly_krw
    else:
        missing["minimum_hourly_krw"] = missing["minimum_monthly_krw"] = (
            f"the minimum wage of {on.year} (not in e7's catalogue)"
        )
    if p.annual_salary_krw is not None:
        fact["monthly_salary_krw"] = p.annual_salary_krw // 12
        if p.weekly_hours is not None:
            # floor keeps "< an integer threshold" exact
            fact["hourly_wage_krw"] = math.floor(p.annual_salary_krw / 12 / monthly_paid_hours(p.weekly_hours))

    # applicant
    put("education", a.education)
    put("degree_related", a.degree_related)
    put("korean_degree", a.korean_degree)  # 3922's student route (p.224)
    put("experience_years", a.experience_years)
    put("korean_level", a.korean_level)
    put("prior_e7_years", a.prior_e7_years)
    put("special_route", a.special_route)
    if a.birth_date is not None:
        fact["age"] = age_on(a.birth_date, on)

    # employer
    put("employer_size", e.size)
    put("capital_region", e.capital_region)
    put("foreign_employees", e.foreign_employees)
    put("mainly_domestic_sales", e.mainly_domestic_sales)
    put("tax_arrears", e.tax_arrears)
    if e.founded_on is not None:
        fact["years_since_founded"] = years_between(e.founded_on, on)
        # E-7-4: 원칙적으로 개업 후 최소 3개월 이후 신청 가능 (stay manual 2026.6 p.303)
        fact["open_3_months"] = e.founded_on <= months_before(case.filed_on or on, 3)
        fact["founded_on"] = e.founded_on.isoformat()
    if entry is not None:
        code_own_facts(entry.occupation, e, ruleset, fact, missing)
        code_section_facts(entry.occupation, case, ruleset.parameters, fact, missing)  # pp.220-250 (codesB)
    skilled = entry is not None and entry.subcategory == "E-7-4"
    counted = foreign_counted(e, skilled, ruleset)  # by each employee's status where the case lists them
    if skilled and case.e7_4 is not None and case.e7_4.e7_4_workers is not None:
        counted = case.e7_4.e7_4_workers  # E-7-4: only E-7-4 and E-7-4R holders count (stay manual p.303)
    fact["foreign_counted"] = (
        "E-7-4 and E-7-4R holders (stay manual p.303)" if skilled else "E-1 to E-7-3 holders (visa manual p.181)"
    )
    if counted is not None:
        fact["foreign_after_hire"] = counted + 1  # the applicant counts toward the ratio
    elif skilled:
        missing["foreign_after_hire"] = (
            "e7_4.e7_4_workers (only E-7-4 and E-7-4R holders count) or employer.foreign_employees"
        )
    if e.domestic_employees is not None and entry is not None:
        ratio = code_values["foreign_ratio"] or ruleset.parameter("foreign_ratio")
        rounding = "ceil" if skilled else "half_up"
        fact["foreign_ratio_x100"] = round(ratio * 100)
        fact["foreign_allowed"] = foreign_quota(e.domestic_employees, round(ratio * 1000), rounding)
        if skilled and case.e7_4 is not None and case.e7_4.employer_e9_workers:
            # 현재 E-9 및 E-10 외국인 근로자를 고용하고 있는 기업의 경우 최소 1명(인구감소지역 등은 2명), p.304
            fact["foreign_allowed"] = max(fact["foreign_allowed"], 2 if ratio >= 0.5 else 1)

    # duties: the share of working time that fits the code, the codes that fit better (engine/duties/alignment.py)
    if not negative:
        from engine.duties.alignment import duty_facts  # loads the Korean analyser only for a case with duties

        threshold = ruleset.parameter(DUTY_THRESHOLD_PARAMETER)
        duty = duty_facts(catalogue.data, snapshot, entry, p.duties, p.job_title, threshold)
        fact.update(duty.fact)
        missing.update(duty.missing)
        if status.meaning_changed and entry is not None:
            # a reused code (441): do the duties read as the occupation the code meant before?
            before = [
                r
                for r in snapshot.renumbered
                if r.old_code == p.code and r.occupation != entry.occupation and r.effective <= on
            ]
            former = snapshot.by_occupation().get(before[-1].occupation) if before else None
            if former is not None:
                fact["code_former_meaning_code"] = former.code
                fact["code_former_meaning_title"] = former.title_ko
                fact["code_former_meaning_since"] = before[-1].effective.isoformat()
                if "best_code" in fact:
                    fact["code_former_meaning_fits"] = fact["best_code"] == former.code

    # documents
    for name in DOCUMENT_FIELDS:
        put(name, getattr(d, name))

    # E-7-4 points
    e74: Score | None = None
    if case.e7_4 is not None or (entry is not None and entry.subcategory == "E-7-4"):
        q = case.e7_4
        if q is not None:
            put("e74_years_prior", q.years_on_prior_status)
            put("e74_non_capital_years", q.non_capital_region_years)
            put("e74_metro_recommendation", q.metro_government_recommendation)
            put("e74_metro_area_years", q.metro_government_area_years)
            put("e74_employer_recommendation", q.employer_recommendation)
            put("e74_ministry_recommendation", q.central_ministry_recommendation)
            put(
                "e74_ministry_recommendation_on",
                q.central_ministry_recommendation_on and str(q.central_ministry_recommendation_on),
            )
            fact.update(area_work_facts(q.area_work, q.depopulation_area_years, case.filed_on or on))
        try:
            table = points.in_force("e7-4", on)
        except OutOfRange:  # no table in force: the rules of that date say so
            table = None
        if table is not None:
            inputs: dict[str, Any] = {"korean_level": a.korean_level, "age": fact.get("age")}
            if q is not None:
                inputs.update({f.name: getattr(q, f.name) for f in attrs.fields(type(q))})
                if "e74_area_years" in fact:  # dated periods replace the declared years (engine/rules/area_work.py)
                    inputs["depopulation_area_years"] = fact["e74_area_years"]
            e74 = score(table, inputs)
            fact["e74_table"] = table.table.effective.isoformat()
            fact["e74_pass_mark"] = table.table.pass_mark
            if e74.missing:
                missing["e74_total"] = "the E-7-4 points inputs: " + ", ".join(
                    _input_path(name) for name in e74.missing
                )
            else:
                fact["e74_total"] = e74.total
                fact["e74_income_points"] = e74.items.get("income") or 0
                fact["e74_korean_points"] = e74.items.get("korean") or 0
            cond = table.table.conditional_pass
            fact["e74_conditional_available"] = cond is not None and on <= cond.until
            if cond is not None:
                fact["e74_conditional_pass_mark"] = cond.pass_mark
            for minimum in table.table.minimums:
                fact[f"e74_min_{minimum.item}"] = minimum.points

    # the case's kind: extension, change of workplace, change of status (engine/stay.py)
    fact.update(stay_facts(case, entry, on, ruleset, t.gni.amount_krw if t.gni is not None else None, missing))
    fact.update(workplace_change_facts(case, entry, ruleset, on))
    fact.update(code_stay_facts(case, entry, ruleset))
    fact.update(exemption_facts(case))  # the manual's exemptions (engine/rules/exemptions.py)
    if entry is not None:  # the named papers, read after the pay's ratio to GNI (3 x GNI spares some proofs)
        papers_facts(entry.occupation, entry.subcategory, case, ruleset.parameters, fact)

    # E-7-S tracks
    if negative:
        track = next((tr for tr in snapshot.tracks if tr.id == p.subcategory), None)
        if track is None:
            missing["s_income_floor_krw"] = f"the {p.subcategory} track is not in the catalogue on {on}"
        else:
            fact["s_min_points"] = track.min_points
        if track is not None and t.gni is not None:
            fact["s_income_floor_krw"] = round_krw(track.gni_multiple * t.gni.amount_krw)
        elif track is not None:
            missing["s_income_floor_krw"] = f"GNI per capita of {on.year - 1} (not in e7's catalogue)"
        if case.e7_s is not None:
            put("high_tech_field", case.e7_s.high_tech_field)
            put("s_points", case.e7_s.points)
        if p.subcategory == "E-7-S2":  # its score from the points table where the case gives the inputs
            gni = t.gni.amount_krw if t.gni is not None else None
            fact.update(s2_points_facts(case, points, on, fact.get("age"), gni, missing))
    return Prepared(fact, snapshot, t, status, missing, e74)


def _input_path(name: str) -> str:
    if name in ("korean_level", "age"):
        return "applicant.korean_level" if name == "korean_level" else "applicant.birth_date"
    return f"e7_4.{name}"
