"""The planned F-2-7 application (점수제 우수인재, stay manual pp.369-374): the stay on the application date (the
planned renewal continues the latest stay), the continuous years and their waivers, the points of the table in
force. The fact is built here; the history rules in force on the application date decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from engine.catalogue.thresholds import previous_year_gni, resolve
from engine.core.errors import OutOfRange
from engine.core.model import Gni
from engine.history.calculations import (
    Stays,
    add_months,
    add_years,
    band_points,
    continuous_since,
    days_abroad,
    won,
)
from engine.history.cases import HistoryData
from engine.history.f27_papers import papers_facts
from engine.history.f27_routes import E7_S, e7_s_facts, other_route
from engine.history.model import CUSTODIAL_OR_HEAVIER, Conduct, F27Inputs, History
from engine.history.reports import F27Report
from engine.history.rules import HistoryRules, ordered
from engine.history.scoring import FIELD_OF_INPUT, details_of, to_raise, unresolved_min_band
from engine.rules.decision import Finding
from engine.rules.facts import age_on
from engine.rules.points import score

WAIVERS = {
    "history.f27-continuous-stay.income-waiver": "income",
    "history.f27-continuous-stay.talent-waiver": "stem_talent_invitee",
    "history.f27-continuous-stay.other-route": "other_route",
}


class F27Check:
    def __init__(self, data: HistoryData) -> None:
        self.data = data

    def check(self, history: History, stays: Stays, on: dt.date) -> F27Report:
        data = self.data
        rules = data.rules
        try:
            table = data.evaluator.points.in_force("f2-7", on)
        except OutOfRange as exc:
            fact = {"check": "f27", "on": on.isoformat(), "table_held": False, "reason": str(exc)}
            found = rules.run(fact, on).findings
            return F27Report(on, None, None, None, "", None, None, False, {}, {}, (), ordered(found))
        info = table.table
        incomes = sorted((i for i in history.income if i.year < on.year), key=lambda i: i.year)
        latest = incomes[-1] if incomes else None
        fact: dict[str, Any] = {
            "check": "f27",
            "on": on.isoformat(),
            "f27_on": on.isoformat(),
            "table_held": True,
            "stem_talent_invitee_recommended": history.f27.stem_talent_invitee_recommended,
            "income_text": "the history holds no income certificate",
        }
        if history.plan.f27_period_years is not None:
            fact["f27_period_years"] = history.plan.f27_period_years
        if latest is not None:
            fact |= {
                "income_year": latest.year,
                "certified_krw": latest.certified_krw,
                "income_text": f"the latest income certificate ({latest.year}) shows {won(latest.certified_krw)}",
            }
        stays, continued, plan_findings = _planned(rules, stays, history.plan.renewal_on, on)
        route, waived, route_findings = "", "", ()
        current = [p for p, (_, s) in enumerate(stays) if s.start <= on and (s.until is None or s.until >= on)]
        fact["covered"] = bool(current)
        since: dt.date | None = None
        if current:
            index, stay = stays[current[-1]]
            since = continuous_since(stays, current[-1])
            if stay.subcategory == "E-7-1" and history.prior_stays:  # the professionals' route counts them (p.369)
                prior = _prior(history, since, tuple(rules.parameter(on, "f27_prior_statuses")))
                fact |= prior
                since = dt.date.fromisoformat(prior.get("prior_since", since.isoformat()))
            years = int(rules.parameter(on, "f27_min_years"))
            fact |= {
                "index": index,
                "subcategory": stay.subcategory,
                "code": stay.code,
                "continuous_since": since.isoformat(),
                "min_years": years,
                "reached_on": add_years(since, years).isoformat(),
            }
            fact |= _abroad(history, stays, since, add_years(since, years), on)
            gni = self._gni(on)
            route, waived, route_findings = other_route(rules, history, stay, latest, gni, on)
            # each open route by name (route_<id>), for the rules that read which one is open (the period granted)
            fact |= {
                "route_" + f.rule.removeprefix("history.f27-route-").replace("-", "_"): True for f in route_findings
            }
            if stay.subcategory in E7_S:  # what the E-7-S route asks, for the rules that say what it lacks
                fact |= e7_s_facts(history, on)
                if gni is not None:
                    fact |= {"gni_year": gni.year, "gni_krw": gni.amount_krw}
            if route:
                fact["other_route"] = route
            if waived:
                fact["points_waived_by"] = waived

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
        unresolved = unresolved_min_band(table, inputs, minimum)
        if unresolved:
            items[unresolved[0]] = None
            missing.append(f"the minimum wage of {on.year} (not in e7's catalogue)")
        total = sum(v for v in items.values() if v is not None) + result.bonus - result.deduction
        complete = not missing
        details = details_of(table, inputs, result, items, latest, minimum, on)
        raises = to_raise(table, inputs, result, total, minimum, on, person) if complete else []
        best = next((r for r in raises if r.passes_then), None)
        fact |= items
        fact |= {
            "bonus": result.bonus,
            "deduction": -result.deduction,
            "points_complete": complete,
            "missing_list": missing,
            "missing_text": "; ".join(missing),
            "total": total,
            "pass_mark": info.pass_mark,
            "short": info.pass_mark - total,
            "hint": f" With {best.how}, it would be {best.total_then}." if best else "",
            # the Korean message's {hint} (engine/history/rules.py reads a fact X_ko as X in Korean texts)
            "hint_ko": f" {best.how_ko}(이)면 {best.total_then}점이 됩니다." if best and best.how_ko else "",
        }
        age_item = next((item for item in table.items if item.id == "age"), None)
        if age_item is not None and person.birth_date is not None and inputs["age"] is not None:
            older = int(inputs["age"]) + 1
            turns = add_years(person.birth_date, older)
            fact |= {
                "birth_date": person.birth_date.isoformat(),
                "next_age": older,
                "turns_on": turns.isoformat(),
                "days_to_next_age": (turns - on).days,
                "age_points": items.get("age"),
                "age_points_then": band_points(age_item.bands, older, minimum),
            }
        fact |= _conduct(
            history.conduct,
            on,
            int(rules.parameter(on, "f27_conduct_window_years")),
            int(rules.parameter(on, "f27_law_course_window_years")),
        )
        fact |= _deductions_seen(
            history,
            on,
            int(rules.parameter(on, "f27_notified_fine_deduction_years")),
            int(rules.parameter(on, "f27_departure_order_deduction_years")),
        )
        declared = (
            "volunteering_years",
            "volunteering_sessions",
            "volunteering_hours",
            "born_in_korea",
            "criminal_record_filed_before",
            "six_months_abroad",
            "visa_record_within_3_months",
            "foreign_documents_legalised",
            "foreign_documents_translated",
        )  # [f27] inputs the F-2-7 rules read as given (left out: not known, and no rule compares them)
        fact |= {name: getattr(history.f27, name) for name in declared if getattr(history.f27, name) is not None}
        issued = history.f27.foreign_documents_issued_on
        if issued is not None:  # valid for 3 months from issue (p.375): the months are the rule's parameter
            months = int(rules.parameter(on, "f27_foreign_documents_valid_months"))
            fact |= {"foreign_documents_issued_on": issued.isoformat(), "valid_months": months}
            fact["foreign_documents_valid_until"] = add_months(issued, months).isoformat()
        fact |= papers_facts(history.f27_documents, rules, on, fact)  # [f27_documents]: the papers (p.375)
        checked = rules.run(fact, on)
        eligible = (checked.has("history.f27-route") or bool(route)) and not any(
            f.severity == "blocking" and f.rule != "history.f27-points" for f in checked.findings
        )
        waiver = next((w for rule, w in WAIVERS.items() if checked.has(rule)), "")
        if route and not waiver and not checked.has("history.f27-route"):
            waiver = "other_route"  # not on E-7-1: the route found is what makes the application eligible
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
            # below the mark on a route that waives the points is not a pass (history.f27-points.waived fired)
            complete and not checked.has("history.f27-points") and not checked.has("history.f27-points.waived"),
            items_out,
            details,
            tuple(raises),
            ordered([*plan_findings, *route_findings, *checked.findings]),
            continued,
            bool(waived),
        )

    def _gni(self, on: dt.date) -> Gni | None:
        """The previous year's GNI per capita on the application date (the latest published), where e7 holds it."""
        try:
            snapshot = self.data.catalogue.in_force(on)
        except OutOfRange:
            return None
        return previous_year_gni(snapshot, on)

    def _annual_minimum_wage(self, on: dt.date) -> int | None:
        """The minimum wage in force on the date as an annual amount: the monthly amount (209 hours) x 12."""
        try:
            snapshot = self.data.catalogue.in_force(on)
        except OutOfRange:
            return None
        minimum = resolve(snapshot, on).minimum_wage
        return minimum.monthly_krw * 12 if minimum is not None else None


def _prior(history: History, since: dt.date, counted: tuple[str, ...]) -> dict[str, Any]:
    """The earlier stays ([[prior_stays]]) that carry the continuous stay back from ``since``: each on a status of
    ``counted`` that reaches the day before the run (or into it), followed back while they adjoin. The facts: the
    new start of the run and the stays counted; the stay on a status not counted where one stops the run."""
    found: dict[str, Any] = {}
    counted_stays: list[str] = []
    start = since
    while True:
        adjoining = [p for p in history.prior_stays if p.start < start and p.until + dt.timedelta(days=1) >= start]
        if not adjoining:
            break
        counts = [p for p in adjoining if p.status in counted]
        if not counts:
            excluded = min(adjoining, key=lambda p: p.start)
            found["prior_excluded"] = f"{excluded.status} from {excluded.start} to {excluded.until}"
            break
        earliest = min(counts, key=lambda p: p.start)
        counted_stays.append(f"{earliest.status} from {earliest.start} to {earliest.until}")
        start = earliest.start
    if counted_stays:
        found |= {
            "prior_since": start.isoformat(),
            "prior_counted": "; ".join(reversed(counted_stays)),
            "prior_days": (since - start).days,
            "e7_since": since.isoformat(),
        }
    return found


def _sea_counted(history: History, stays: Stays, on: dt.date) -> tuple[list[str], tuple[tuple[dt.date, dt.date], ...]]:
    """Who time at sea counts for (p.369: 어업기업 관리자(E-7-1) 및 해기사(E-5)) and when: the E-7-1 stays on 14901
    (which holds 어업기업 관리자 and 농림기업 관리자; not where [f27] fishing_company_manager is false) and the E-5
    stays of [[prior_stays]] (ship officers)."""
    who: list[str] = []
    periods: list[tuple[dt.date, dt.date]] = []
    if history.f27.fishing_company_manager is not False:
        managed = [(s.start, s.until or on) for _, s in stays if s.subcategory == "E-7-1" and s.code == "14901"]
        if managed:
            who.append("어업기업 관리자 (a fishing company's manager, 14901)")
            periods += managed
    officers = [(p.start, p.until) for p in history.prior_stays if p.status == "E-5"]
    if officers:
        who.append("해기사 (a ship officer, E-5)")
        periods += officers
    return who, tuple(periods)


def _abroad(history: History, stays: Stays, since: dt.date, reached: dt.date, on: dt.date) -> dict[str, Any]:
    """The days abroad of the continuous stay up to the application date ([[absences]]), and the day the 3 years
    in Korea are reached when they are added to the 3 years: all of them, or those not at sea within the stays of
    a fishing company's manager or a ship officer (which count as stay, p.369)."""
    who, periods = _sea_counted(history, stays, on)
    at_sea, other = days_abroad(history.absences, since, on, periods)
    if not at_sea + other:
        return {}
    found: dict[str, Any] = {"sea_counts_for": " and ".join(who)} if who else {}
    if history.f27.fishing_company_manager is not None:
        found["fishing_company_manager"] = history.f27.fishing_company_manager
    return found | {
        "abroad_days": at_sea + other,
        "abroad_days_at_sea": at_sea,
        "abroad_days_other": other,
        "reached_abroad_deducted_on": (reached + dt.timedelta(days=at_sea + other)).isoformat(),
        "reached_sea_counted_on": (reached + dt.timedelta(days=other)).isoformat(),
    }


def _conduct(conduct: Conduct, on: dt.date, window: int, course_window: int) -> dict[str, Any]:
    """The good-conduct facts on the application date: full years since the latest dated event of each kind, the
    violations and fines of the last ``window`` full years (their count, the sum and the largest amount), and the
    violations and fines of the last ``course_window`` full years (the law-abiding citizen course)."""

    def years_since(days: tuple[dt.date, ...] | list[dt.date]) -> int | None:
        before = [d for d in days if d <= on]
        return age_on(max(before), on) if before else None

    violations = [v for v in conduct.immigration_violations if v.on <= on and age_on(v.on, on) < window]
    # a fine bars from the day it became final where the history gives it (p.374), else from its sentencing (p.372)
    fines = [
        f.amount_krw for f in conduct.fines if (f.final_on or f.on) <= on and age_on(f.final_on or f.on, on) < window
    ]
    # good conduct ① (p.371) bars a sentence of 금고 or heavier: 자격상실 and 자격정지, also heavier than a fine
    # (p.374), are not; a sentence whose kind the history leaves out is the risk variant's (kind_unknown)
    sentenced = [
        *conduct.imprisonment_sentences,
        *(s.on for s in conduct.sentences if s.kind in CUSTODIAL_OR_HEAVIER),
    ]
    kind_unknown = [s.on for s in conduct.sentences if s.kind is None]
    # p.374: a sentence heavier than a fine whose 형이 확정된 시점 is within 3 years bars the change (as a fine does);
    # its table (형사처벌 전력, in 만원) reads Korean records: a sentence the history marks as imposed abroad is for
    # good conduct ⑦ and ⑧ (p.372), not for this bar
    final = [s.final_on for s in conduct.sentences if s.final_on is not None and s.korean is not False]
    found: dict[str, Any] = {
        "imprisonment_years_ago": years_since(sentenced),
        "heavier_final_years_ago": years_since(final),
        "sentence_kind_unknown_years_ago": years_since(kind_unknown),
        "foreign_imprisonment_years_ago": years_since(conduct.foreign_imprisonment_ended),
        "restricted_field_years_ago": years_since(conduct.restricted_field_work),
        "recent_violations": len(violations),
        "recent_violation_fines_krw": sum(v.notified_fine_krw for v in violations),
        "largest_recent_fine_krw": max(fines) if fines else None,
        "foreign_serious_crime_sentence": conduct.foreign_serious_crime_sentence,
        "conduct_window_years": window,
        "law_violations_in_window": _course_count(conduct, on, course_window),
        "law_course_window_years": course_window,
    }
    return {k: v for k, v in found.items() if v is not None}


def _course_count(conduct: Conduct, on: dt.date, course_window: int) -> int:
    """The violations of Korean law the law-abiding citizen course counts (pp.368, 372): those closed fewer than
    ``course_window`` full years before the date (a closing after the date: still open, counted), but none for the
    person the manual exempts (법위반 횟수가 1회 이하이며 100만원이하의 벌금·범칙금·과태료를 부과받은 지 10년이
    경과된 자: one violation in all, its amount known and 1,000,000 won or less, imposed ``course_window`` full years
    or more before the date)."""
    listed = [
        # a violation's notified fine defaults to 0 where the file gives none: read as not known (no exemption)
        *((v.on, v.closed_on, v.notified_fine_krw or None) for v in conduct.immigration_violations),
        *((f.on, f.closed_on, f.amount_krw) for f in conduct.fines),
        # a Korean court's sentence, from the day it became final (e7's reading: p.372 names no closing for it)
        *((s.on, s.final_on, None) for s in conduct.sentences if s.korean),
        *((p.on, p.closed_on, p.amount_krw) for p in conduct.other_penalties),  # 과태료, 범칙금, non-prosecutions
    ]
    listed = [item for item in listed if item[0] <= on]
    if len(listed) == 1:
        happened, _closed, amount = listed[0]
        if amount is not None and amount <= 1_000_000 and age_on(happened, on) >= course_window:
            return 0
    return sum(1 for happened, closed, _ in listed if age_on(closed or happened, on) < course_window)


def _deductions_seen(history: History, on: dt.date, window: int, orders_window: int) -> dict[str, Any]:
    """What [conduct] shows against the deductions [f27] declares (p.374), for the rules that compare them: the
    largest notified fine paid (closed_on, else the violation's date) fewer than ``window`` full years before the
    date, the largest fine ever sentenced or final by the date, the sentences heavier than a fine by the date, and
    the departure orders or deportations imposed fewer than ``orders_window`` full years before the date."""
    conduct, declared = history.conduct, history.f27
    notified = [
        v.notified_fine_krw
        for v in conduct.immigration_violations
        if (v.closed_on or v.on) <= on and age_on(v.closed_on or v.on, on) < window
    ]
    fines = [f.amount_krw for f in conduct.fines if f.on <= on]
    found: dict[str, Any] = {
        "declared_immigration_fine_krw": declared.immigration_act_fine_krw,
        "declared_criminal_fine_krw": declared.criminal_fine_krw,
        "declared_heavier_sentences": declared.criminal_sentences_heavier_than_fine_count,
        "heavier_sentences_seen": sum(
            1 for d in [*conduct.imprisonment_sentences, *(s.on for s in conduct.sentences)] if d <= on
        ),
        "notified_fine_window_years": window,
        "declared_departure_orders": declared.departure_orders_or_deportations_count,
        "departure_orders_seen": sum(
            1 for d in conduct.departure_orders_or_deportations if d <= on and age_on(d, on) < orders_window
        ),
        "departure_order_window_years": orders_window,
    }
    if notified:
        found["notified_fine_seen_krw"] = max(notified)
    if fines:
        found["criminal_fine_seen_krw"] = max(fines)
    return found


def _planned(
    rules: HistoryRules, stays: Stays, renewal_on: dt.date | None, on: dt.date
) -> tuple[Stays, dt.date | None, tuple[Finding, ...]]:
    """The stays as planned on the application date, and what the plan check found. Whether the planned renewal
    continues the latest stay is the rule history.f27-renewal-continues-stay's (a fact of its own, check =
    'f27_plan', whose finding history.f27-planned-renewal says so); where it holds, the stay continues from its
    end (same code, subcategory, employer and salary) — the renewal's own verdict says whether that extension is
    at risk."""
    if renewal_on is None or not stays:
        return stays, None, ()
    index, latest = stays[-1]
    fact: dict[str, Any] = {
        "check": "f27_plan",
        "on": on.isoformat(),
        "renewal_on": renewal_on.isoformat(),
        "continued_by_renewal": renewal_on.isoformat(),
        "covered": any(s.start <= on and (s.until is None or s.until >= on) for _, s in stays),
        "index": index,
        "start": latest.start.isoformat(),
    }
    if latest.until is not None:
        fact["until"] = latest.until.isoformat()
    checked = rules.run(fact, on)
    if latest.until is None or not checked.has("history.f27-renewal-continues-stay"):
        return stays, None, ()
    continued = attrs.evolve(latest, start=latest.until + dt.timedelta(days=1), until=None)
    return [*stays, (index, continued)], renewal_on, checked.findings
