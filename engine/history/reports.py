"""The report of a history: one part per stay, per income year, the renewal and the F-2-7 application, each with
its own verdict, and its JSON form (docs/json.md, ``e7 history --format json``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from engine.core.convert import unstructure
from engine.history.model import Person, Stay
from engine.rules.decision import Finding, outcome_of


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
    how_ko: str = ""  # the Korean report's (not in the JSON, whose texts are the English ones)


@attrs.frozen
class F27Report:
    on: dt.date
    table: str | None  # "f2-7@2026-06-17"
    eligible: bool | None
    continuous_since: dt.date | None
    waiver: str  # "" | "income" | "stem_talent_invitee" | "other_route" (history.f27-route-*: no 3 years asked)
    total: int | None
    pass_mark: int | None
    passes: bool
    items: dict[str, int | None]
    details: dict[str, dict[str, Any]]
    to_raise: tuple[Raise, ...]
    findings: tuple[Finding, ...]
    # the renewal planned on this date continues the stay that ended before the application (docs/history.md)
    continued_by_renewal: dt.date | None = None
    # a route open on the date lifts the points requirement (F-2-7S, E-7-S: history.f27-points.waived), so a
    # total below the mark, or one that cannot be totalled, does not decide the application
    points_waived: bool = False

    @property
    def outcome(self) -> str:
        return outcome_of(self.findings)


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
    outcome: str  # of every finding: the worst of the verdicts

    @property
    def verdicts(self) -> dict[str, str | None]:
        """Separate verdicts: the stays so far (with their incomes), the renewal, the F-2-7 application."""
        past = [f for r in self.stays for f in r.findings] + [f for i in self.income for f in i.findings]
        return {
            "stays": outcome_of(past),
            "renewal": self.renewal.outcome if self.renewal is not None else None,
            "f27": self.f27.outcome if self.f27 is not None else None,
        }


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
            "points_waived": f.points_waived,
            "items": f.items,
            "details": f.details,
            "to_raise": [{k: v for k, v in unstructure(r).items() if k != "how_ko"} for r in f.to_raise],
            "findings": [_finding_data(x) for x in f.findings],
            "continued_by_renewal": f.continued_by_renewal.isoformat() if f.continued_by_renewal else None,
            "outcome": f.outcome,
        }
    person = report.person
    return {
        "history": report.id,
        "outcome": report.outcome,
        "verdicts": report.verdicts,
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
