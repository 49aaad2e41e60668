"""The planned renewal (extension of stay): the occupation followed across renumberings to the code listed on the
renewal date, the stay checked as an extension on that date, the income certificate it needs. The fact is built
here; the history rules in force on the renewal date decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.catalogue.thresholds import resolve
from engine.core.model import Snapshot
from engine.history.calculations import Stays, daily_cover, years_before
from engine.history.cases import HistoryData
from engine.history.model import History
from engine.history.reports import IncomeReport, RenewalReport
from engine.history.rules import ordered
from engine.rules.decision import Citation, Finding, outcome_of

# findings the renewal shows after the evaluator's (the order a reader follows: the code, the salary, the income)
_AFTER_CASE = ("history.renewal-amounts",)
_AFTER_INCOME = ("history.renewal-income-certificate",)


class RenewalCheck:
    def __init__(self, data: HistoryData) -> None:
        self.data = data

    def check(self, history: History, stays: Stays, income: dict[int, IncomeReport], on: dt.date) -> RenewalReport:
        data = self.data
        index, stay = [(i, s) for i, s in stays if s.start <= on][-1]
        prior = years_before(stays, on)
        # follow the occupation, not the code string: 441 meant chefs until 2026-08-31 (now 451)
        occupation, title = data.occupation_of(stay.code, stay.start)
        snapshot = data.catalogue.in_force(on)
        listed = snapshot.by_occupation().get(occupation)
        file_under = listed.code if listed is not None else stay.code
        decision = data.evaluator.evaluate(data.case(history, "renewal", file_under, stay, on, "extension", prior))
        moved = [r for r in snapshot.renumbered if r.occupation == occupation and r.new_code == file_under]
        changed_on = max(r.effective for r in moved).isoformat() if moved else ""
        reused = snapshot.by_code().get(stay.code)
        floor, basis = data.floor_of(decision)
        announced = resolve(snapshot, on).wage(stay.subcategory)
        year = on.year - 1
        fact: dict[str, Any] = {
            "check": "renewal",
            "on": on.isoformat(),
            "renewal_on": on.isoformat(),
            "index": index,
            "start": stay.start.isoformat(),
            "code": stay.code,
            "title": title,
            "occupation": occupation,
            "subcategory": stay.subcategory,
            "listed": listed is not None,
            "file_under": file_under,
            "renumbered_on": changed_on,
            "since_text": f" since {changed_on}" if changed_on else "",
            "now_means": f"; {stay.code} now means {reused.title_ko}" if reused is not None else "",
            "code_status": decision.facts.get("code_status"),
            "code_title": decision.facts.get("code_title", "another occupation"),
            "wage_basis": basis,
            "on_year": on.year,
            "income_year": year,
            "income_held": year in income,
            "income_year_covered": bool(daily_cover(stays, dt.date(year, 1, 1), dt.date(year, 12, 31))),
        }
        if stay.until is not None:
            fact["until"] = stay.until.isoformat()
        if announced is not None:
            fact |= {
                "amount_krw": announced.amount_krw,
                "effective": announced.effective.isoformat(),
                "amount_year": announced.effective.year,
            }
        citations = {"history.renewal-new-code": _renumbering_citation(snapshot, stay.code)}
        checked = data.rules.run(fact, on, {k: v for k, v in citations.items() if v is not None})
        kept, not_checked = data.kept(decision, index)
        first = [f for f in checked.findings if f.rule not in _AFTER_CASE + _AFTER_INCOME]
        findings: list[Finding] = [*first, *kept, *(f for f in checked.findings if f.rule in _AFTER_CASE)]
        if year in income:
            findings.extend(f for f in income[year].findings if f.severity != "advice")
        findings.extend(f for f in checked.findings if f.rule in _AFTER_INCOME)
        result = ordered(findings)
        successor = None
        if listed is None and decision.facts.get("code_status") == "retired" and decision.facts.get("new_code"):
            successor = str(decision.facts["new_code"])
        return RenewalReport(
            on, index, stay.code, file_under if listed is not None else None, successor, stay.subcategory,
            stay.annual_salary_krw, floor, basis, decision.catalogue["snapshot"], decision.catalogue["status"],
            decision.ruleset["id"], outcome_of(result), result, tuple(not_checked),
        )  # fmt: skip


def _renumbering_citation(snapshot: Snapshot, old_code: str) -> Citation | None:
    """The source of the notice that renumbered a code (the finding cites it rather than the manual)."""
    found = [r for r in snapshot.renumbered if r.old_code == old_code]
    if not found:
        return None
    source = max(found, key=lambda r: r.effective).source
    return Citation(source.document, source.pages, source.edition, source.status, source.note)
