"""The history planner: a worker's stays checked as of their start dates, the planned renewal and the planned
F-2-7 application checked under the rules in force on their dates, into one report with a verdict for each."""

from __future__ import annotations

import datetime as dt

import attrs

from engine.core.errors import InputError, UnknownCode
from engine.history.cases import HistoryData
from engine.history.f27 import F27Check
from engine.history.model import History
from engine.history.renewal import RenewalCheck
from engine.history.reports import HistoryReport
from engine.history.rules import HistoryRules, ordered
from engine.history.stays import StayChecks
from engine.rules.decision import Finding, outcome_of
from engine.rules.evaluate import Evaluator


class HistoryChecker:
    """Checks histories with the data of one folder (catalogue, rulesets, history rules, points tables)."""

    def __init__(self, evaluator: Evaluator, rules: HistoryRules | None = None, lang: str = "en") -> None:
        """``lang``: "ko" gives the findings in Korean where the rules have Korean texts (docs/history.md)."""
        self.data = HistoryData(evaluator, rules, lang)
        self.evaluator = evaluator
        self.catalogue = self.data.catalogue
        self._stays = StayChecks(self.data)
        self._renewal = RenewalCheck(self.data)
        self._f27 = F27Check(self.data)

    def occupation_of(self, code: str, on: dt.date) -> tuple[str, str]:
        return self.data.occupation_of(code, on)

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

    def check(self, history: History, where: str = "") -> HistoryReport:
        where = where or history.id
        self._check_codes(history, where)
        renewal_on = history.plan.renewal_on
        first = self._stays.covered_from()
        if renewal_on is not None and renewal_on < first:
            raise InputError(
                where, "plan.renewal_on", f"expected a date on or after {first}, the first date e7 holds rules for"
            )
        stays = sorted(enumerate(history.stays), key=lambda item: (item[1].start, item[0]))
        reports = [self._stays.stay_report(history, stays, position) for position in range(len(stays))]
        for position, finding in self._stays.sequence(stays):
            r = reports[position]
            reports[position] = attrs.evolve(
                r, findings=ordered([*r.findings, finding]), outcome=outcome_of([*r.findings, finding])
            )
        reports = [attrs.evolve(r, findings=ordered(r.findings)) for r in reports]
        incomes = [self._stays.income(stays, reports, i) for i in sorted(history.income, key=lambda i: i.year)]
        by_year = {i.year: i for i in incomes}
        renewal = self._renewal.check(history, stays, by_year, renewal_on) if renewal_on else None
        f27 = self._f27.check(history, stays, history.plan.f27_on) if history.plan.f27_on else None
        everything: list[Finding] = [f for r in reports for f in r.findings]
        everything += [f for i in incomes for f in i.findings]
        if renewal is not None:
            everything += renewal.findings
        if f27 is not None:
            everything += f27.findings
        findings = ordered(everything)
        return HistoryReport(
            history.id, where, history.person, tuple(reports), tuple(incomes), renewal, f27, findings,
            outcome_of(findings),
        )  # fmt: skip
