"""What would change the outcome of a case that is not ready: the nearest changes that pass, each one checked by
evaluating the changed case again (never inferred from the finding's text alone).

Tried, in this order: the lowest annual salary that meets the wage floor; each suggested code (the codes the
duties fit); the employer numbers the foreign-staff ratio needs (more domestic employees, or fewer counted
foreign staff); the earliest later date on which a new catalogue snapshot or ruleset gives a better outcome (a
pending rule, a code listed later, a pilot window). A change is reported only when the re-evaluated case no
longer has the findings it targets and its outcome is no worse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from engine.core.case import Case
from engine.rules.decision import Decision
from engine.rules.evaluate import Evaluator

# better outcomes first: a finding only asking for information is nearer to filing than a blocking one
RANK = {"ready": 0, "at_risk": 1, "needs_information": 2, "ineligible": 3}
MAX_CODES = 3  # suggested codes tried
MAX_DATES = 12  # later effective dates tried
HORIZON_DAYS = 3 * 366  # how far ahead a later date is looked for
RATIO_FINDINGS = ("employer.foreign-ratio",)
DUTY_PREFIXES = ("duties.", "code.")


@attrs.frozen
class Change:
    kind: str  # salary | code | employer | date
    field: str  # the case field changed, or "as_of"
    before: str
    after: str
    outcome: str  # the outcome of the changed case, re-evaluated
    resolves: tuple[str, ...]  # rule ids of the findings the change removes
    note: str = ""


def _position(case: Case, **changes: object) -> Case:
    return attrs.evolve(case, position=attrs.evolve(case.position, **changes))


def _employer(case: Case, **changes: object) -> Case:
    return attrs.evolve(case, employer=attrs.evolve(case.employer, **changes))


class _Trial:
    def __init__(self, evaluator: Evaluator, case: Case, decision: Decision, as_of: dt.date | None) -> None:
        self.evaluator, self.case, self.decision, self.as_of = evaluator, case, decision, as_of
        self.rules = {f.rule for f in decision.findings if f.severity != "advice"}

    def run(self, case: Case, on: dt.date | None = None) -> Decision | None:
        try:
            return self.evaluator.evaluate(case, on or self.as_of, "what-if")
        except Exception:  # a change the data cannot evaluate (a date beyond it) is no answer
            return None

    def resolved(self, after: Decision | None, targets: set[str]) -> tuple[str, ...] | None:
        """The targeted findings the changed case no longer has, when all of them are gone and it is no worse."""
        if after is None or RANK[after.outcome] > RANK[self.decision.outcome]:
            return None
        left = {f.rule for f in after.findings if f.severity != "advice"}
        if targets & left:
            return None
        return tuple(sorted(targets))


def _salary(t: _Trial) -> list[Change]:
    targets = {r for r in t.rules if r.startswith("salary.")}
    floor = next(
        (
            s.detail.get("amount_krw")
            for s in t.decision.trace
            if s.kind == "derived" and s.detail.get("fact") == "wage_floor"
        ),
        None,
    )
    salary = t.case.position.annual_salary_krw
    if not targets or salary is None:
        return []
    # the least amount that passes, by bisection from the floor (the rule is "salary < floor"; the hourly
    # minimum wage, which depends on the hours too, may ask for more)
    low = max(floor if isinstance(floor, int) else 0, salary + 1)
    found = _first(lambda n: t.resolved(t.run(_position(t.case, annual_salary_krw=n)), targets), low, 2 * low)
    if found is None:
        return []
    after = t.run(_position(t.case, annual_salary_krw=found))
    assert after is not None
    note = f"+{found - salary:,} KRW"
    return [
        Change(
            "salary",
            "position.annual_salary_krw",
            f"{salary:,}",
            f"{found:,}",
            after.outcome,
            tuple(sorted(targets)),
            note,
        )
    ]


def _codes(t: _Trial) -> list[Change]:
    targets = {r for r in t.rules if r.startswith(DUTY_PREFIXES)}
    if not targets:
        return []
    changes = []
    for s in [s for s in t.decision.suggestions if s.code != t.case.position.code][:MAX_CODES]:
        after = t.run(_position(t.case, code=s.code, subcategory=None))
        done = t.resolved(after, targets)
        if done and after:
            note = s.title + (f" ({s.alignment:.0%})" if s.alignment is not None else "")
            changes.append(Change("code", "position.code", t.case.position.code, s.code, after.outcome, done, note))
    return changes


def _ratio(t: _Trial) -> list[Change]:
    targets = t.rules & set(RATIO_FINDINGS)
    employer = t.case.employer
    if not targets or employer.domestic_employees is None or employer.foreign_employees is None:
        return []
    changes = []
    domestic = employer.domestic_employees
    found = _first(lambda d: t.resolved(t.run(_employer(t.case, domestic_employees=d)), targets), domestic + 1, 1000)
    if found is not None:
        after = t.run(_employer(t.case, domestic_employees=found))
        assert after is not None
        changes.append(
            Change(
                "employer",
                "employer.domestic_employees",
                str(domestic),
                str(found),
                after.outcome,
                tuple(sorted(targets)),
                f"+{found - domestic}",
            )
        )
    foreign = employer.foreign_employees
    for fewer in range(foreign - 1, -1, -1):
        after = t.run(_employer(t.case, foreign_employees=fewer))
        if t.resolved(after, targets) and after:
            changes.append(
                Change(
                    "employer",
                    "employer.foreign_employees",
                    str(foreign),
                    str(fewer),
                    after.outcome,
                    tuple(sorted(targets)),
                    f"-{foreign - fewer}",
                )
            )
            break
    return changes


def _first(fits: Callable[[int], object], low: int, span: int) -> int | None:
    """The least n in [low, low + span) for which ``fits`` holds, by bisection (the ratio only grows with n)."""
    high = low + span
    if not fits(high - 1):
        return None
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _dates(t: _Trial, evaluator: Evaluator) -> list[Change]:
    on = dt.date.fromisoformat(t.decision.as_of)
    if not t.rules:
        return []
    later = sorted(
        {dt.date.fromisoformat(i) for i in (*evaluator.catalogue.ids, *evaluator.rulesets.ids)}
        | {d for d in _pilot_dates(t)},
    )
    candidates = [d for d in later if on < d <= on + dt.timedelta(days=HORIZON_DAYS)][:MAX_DATES]
    for day in candidates:
        after = t.run(t.case, day)
        if after is None or RANK[after.outcome] >= RANK[t.decision.outcome]:
            continue
        left = {f.rule for f in after.findings if f.severity != "advice"}
        return [
            Change("date", "as_of", t.decision.as_of, day.isoformat(), after.outcome, tuple(sorted(t.rules - left)))
        ]
    return []


def _pilot_dates(t: _Trial) -> list[dt.date]:
    starts = t.decision.facts.get("pilot_start") or t.decision.facts.get("code_pilot_start")
    try:
        return [dt.date.fromisoformat(starts)] if isinstance(starts, str) else []
    except ValueError:
        return []


def what_if(evaluator: Evaluator, case: Case, decision: Decision, as_of: dt.date | None = None) -> list[Change]:
    """The nearest changes that make a case that is not ready pass, each verified by re-evaluation."""
    if decision.outcome == "ready":
        return []
    trial = _Trial(evaluator, case, decision, as_of)
    return [*_salary(trial), *_codes(trial), *_ratio(trial), *_dates(trial, evaluator)]
