"""The stays of a history: each stay as a case on its start date, what lies between consecutive stays, and each
certified income against the salaries the stays declared. The facts are built here; the history rules decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.catalogue.thresholds import round_krw
from engine.core.errors import OutOfRange
from engine.history.calculations import Stays, daily_cover, days_between, years_before
from engine.history.cases import CaseKind, HistoryData
from engine.history.model import History, Income
from engine.history.reports import IncomeReport, StayReport
from engine.rules.decision import Finding, outcome_of


class StayChecks:
    def __init__(self, data: HistoryData) -> None:
        self.data = data

    def covered_from(self) -> dt.date:
        """The first date e7 holds both a list and rules for."""
        return max(self.data.catalogue.first_date(), dt.date.fromisoformat(self.data.evaluator.rulesets.ids[0]))

    def stay_report(self, history: History, stays: Stays, position: int) -> StayReport:
        index, stay = stays[position]
        data = self.data
        occupation, title = data.occupation_of(stay.code, stay.start)
        previous = stays[position - 1][1] if position else None
        kind: CaseKind = "initial"
        if previous is not None:
            kind = "change_of_workplace" if previous.employer != stay.employer else "extension"
        prior = years_before(stays[:position], stay.start)
        case = data.case(history, f"stays[{index}]", stay.code, stay, stay.start, kind, prior)
        fact: dict[str, Any] = {
            "check": "stay",
            "index": index,
            "code": stay.code,
            "subcategory": stay.subcategory,
            "from": stay.start.isoformat(),
            "covered_from": self.covered_from().isoformat(),
            "first_snapshot": data.catalogue.ids[0],
        }
        try:
            decision = data.evaluator.evaluate(case)
        except OutOfRange as exc:
            checked = data.rules.run(fact | {"reason": str(exc)}, stay.start)
            if not checked.findings:  # the rules must say why a stay is not checked
                raise
            return StayReport(
                index, stay, occupation, title, stay.start, None, None, None, None, "", "",
                outcome_of(checked.findings), checked.findings,
                ("code, subcategory and salary (no list or rules for the date)",),
            )  # fmt: skip
        kept, not_checked = data.kept(decision, index)
        floor, basis = data.floor_of(decision)
        first = data.first_announced(stay.subcategory)
        if first is not None:
            fact["first_announced"] = first.isoformat()
        if floor is not None:
            fact |= {"floor_krw": floor, "floor_basis": basis}
        findings = [*kept, *data.rules.run(fact, stay.start).findings]
        renumbered_from = ""
        if (
            previous is not None
            and previous.code != stay.code
            and data.occupation_of(previous.code, previous.start)[0] == occupation
        ):
            renumbered_from = previous.code
        return StayReport(
            index, stay, occupation, title, stay.start,
            decision.catalogue["snapshot"], decision.catalogue["status"], decision.ruleset["id"],
            floor, basis, renumbered_from, outcome_of(findings), tuple(findings), tuple(not_checked),
        )  # fmt: skip

    def sequence(self, stays: Stays) -> list[tuple[int, Finding]]:
        """Gaps, overlaps and code changes between consecutive stays, keyed by the later stay's position."""
        found: list[tuple[int, Finding]] = []
        for position in range(1, len(stays)):
            i, a = stays[position - 1]
            j, b = stays[position]
            end = a.until or b.start
            occupation_a, title_a = self.data.occupation_of(a.code, a.start)
            occupation_b, title_b = self.data.occupation_of(b.code, b.start)
            fact: dict[str, Any] = {
                "check": "sequence",
                "i": i,
                "j": j,
                "until": end.isoformat(),
                "from": b.start.isoformat(),
                "gap_days": (b.start - end).days - 1,
                "overlap_until": min(end, b.until or end).isoformat(),
                "overlap_days": days_between(b.start, min(end, b.until or end)),
                "same_occupation": occupation_a == occupation_b,
                "from_code": a.code,
                "from_title": title_a,
                "to_code": b.code,
                "to_title": title_b,
                "on": b.start.isoformat(),
                "reuse_note": " (the same code number, reused for another occupation)" if a.code == b.code else "",
            }
            if b.duties_documented is not None:
                fact["duties_documented"] = b.duties_documented
            found += [(position, f) for f in self.data.rules.run(fact, b.start).findings]
        return found

    def income(self, stays: Stays, reports: list[StayReport], income: Income) -> IncomeReport:
        start, end = dt.date(income.year, 1, 1), dt.date(income.year, 12, 31)
        year_days = days_between(start, end)
        cover = daily_cover(stays, start, end)
        fact: dict[str, Any] = {
            "check": "income",
            "year": income.year,
            "certified_krw": income.certified_krw,
            "days_covered": len(cover),
        }
        positions = sorted({p for p, _ in cover.values()})
        unknown = [
            f"stays[{stays[p][0]}].annual_salary_krw" for p in positions if stays[p][1].annual_salary_krw is None
        ]
        declared: int | None = None
        floor: int | None = None
        fact["salaries_known"] = not unknown
        if unknown:
            fact |= {"unknown_salary_fields": unknown, "unknown_salaries": ", ".join(unknown)}
        elif cover:
            declared = round_krw(sum(stay.annual_salary_krw or 0 for _, stay in cover.values()) / year_days)
            if all(reports[p].wage_floor_krw is not None for p in positions):
                floor = round_krw(sum(reports[p].wage_floor_krw or 0 for p, _ in cover.values()) / year_days)
                fact["floor_krw"] = floor
            covered = len(cover)
            fact |= {
                "declared_krw": declared,
                "part": "the whole year" if covered == year_days else f"{covered} of its {year_days} days",
                "stays_text": ", ".join(f"stays[{stays[p][0]}]" for p in positions),
            }
            if declared > 0:
                short = declared - income.certified_krw
                percent = short * 100 / declared
                fact |= {
                    "shortfall_krw": short,
                    "shortfall_percent_exact": percent,
                    "shortfall_percent": round(percent, 1),
                }
        checked = self.data.rules.run(fact, end)
        return IncomeReport(income.year, income.certified_krw, declared, floor, len(cover), checked.findings)
