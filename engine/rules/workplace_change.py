"""The facts of a change or addition of workplace that the codes' own sections and the general chapter add
(issue 18), and of the E-7-4 guarantee period and employer track.

What they read: the occupations whose change is refused inside Korea (3991, and 2742's online sellers by their
branch: the worker leaves and comes back on a new visa), those barred after a contract ended early by agreement
(2351, 2395 from the 2026-09-01 edition), 76231's move to the next section of works, the papers 7430 (7406), 76212,
78369 and S75104 file at a change, the former employer's report of the end of the employment (고용변동 신고), the
E-7-4 employer track's year at the recommending firm (and the previous firm's period added into it) and the
guarantee's period. The lists of occupations are
ruleset parameters (a re-coding keeps them); every decision is a rule of the rulesets (docs/rulesets.md). Called by
engine/rules/facts.py; imports only engine.core and engine.rules.rulesets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.core.case import Case
from engine.core.model import Code
from engine.rules.rulesets import Ruleset

# where each fact comes from in a case file, for the "needs information" message
WORKPLACE_CHANGE_FIELDS = {
    "ended_by_agreement": "stay.ended_by_agreement",
    "section_works_completed": "stay.section_works_completed",
    "change_recommendation": "stay.change_recommendation",
    "site_inspection_report": "stay.site_inspection_report",
    "former_employer_reported": "stay.former_employer_reported",
    "guarantee_years": "stay.guarantee_years",
    "e74_years_with_employer": "e7_4.years_with_current_employer",
    "e74_previous_firm_years": "e7_4.previous_employer_years",
    "e74_no_fault_move_proved": "e7_4.no_fault_move_proved",
    "e74_construction_quota": "e7_4.construction_amount_krw",
    "e74_construction_amount_krw": "e7_4.construction_amount_krw",
    "e74_working_normally": "e7_4.working_normally",
    "e74_pretest_years": "e7_4.kiip_pretest_on",
    "e74_pretest_stage": "e7_4.kiip_pretest_stage",
    "left_recommending_area": "stay.left_recommending_area",
    "e74_years_since_change": "stay.e7_4_changed_on",
}

# occupation lists read as flags: fact name -> ruleset parameter (a parameter a version lacks sets no flag)
FLAGS = {
    "workplace_change_reentry_only": "workplace_change_reentry_only",
    "workplace_change_next_section": "workplace_change_next_section",
    "workplace_change_no_agreed_termination": "workplace_change_no_agreed_termination",
}


def workplace_change_facts(case: Case, entry: Code | None, ruleset: Ruleset, on: dt.date) -> dict[str, Any]:
    """The facts above; a fact whose input is missing is left out (the rules that need it ask for it)."""
    s = case.stay
    q = case.e7_4
    given = {
        "ended_by_agreement": s.ended_by_agreement,
        "section_works_completed": s.section_works_completed,
        "change_recommendation": s.change_recommendation,
        "site_inspection_report": s.site_inspection_report,
        "former_employer_reported": s.former_employer_reported,
        "guarantee_years": s.guarantee_years,
        "e74_years_with_employer": q.years_with_current_employer if q is not None else None,
        "e74_construction_amount_krw": q.construction_amount_krw if q is not None else None,
        "e74_working_normally": q.working_normally if q is not None else None,
        "e74_previous_firm_years": q.previous_employer_years if q is not None else None,
        "e74_no_fault_move_proved": q.no_fault_move_proved if q is not None else None,
        "e74_pretest_stage": q.kiip_pretest_stage if q is not None else None,
        "left_recommending_area": s.left_recommending_area,
    }
    fact: dict[str, Any] = {name: value for name, value in given.items() if value is not None}
    _construction_quota(case, ruleset, fact)
    from engine.rules.facts import age_on  # full years, as an age is counted (facts.py imports this module)

    if q is not None and q.previous_employer_years and q.years_with_current_employer is not None:
        # the tenure without the previous firm's period, which counts only on proof of a no-fault move (p.301)
        alone = max(q.years_with_current_employer - q.previous_employer_years, 0.0)
        fact["e74_years_without_previous_firm"] = round(alone, 2)
    if q is not None and q.kiip_pretest_on is not None:
        fact["e74_pretest_years"] = age_on(q.kiip_pretest_on, on)
    if s.e7_4_changed_on is not None:
        fact["e74_years_since_change"] = age_on(s.e7_4_changed_on, on)
    # the years a metropolitan government's recommendation binds the address: 3 on the non-capital special route
    duty = ruleset.parameters.get("e74_metro_residence_years")
    if duty is not None and s.e7_4_changed_on is not None:
        route = "non_capital_route" if s.e7_4_non_capital_route else "general"  # unsaid: the shorter duty
        fact["e74_residence_duty_years"] = duty.value[route]
    if entry is None:
        return fact
    occupation = entry.occupation
    for name, parameter in FLAGS.items():
        listed = ruleset.parameters.get(parameter)
        fact[name] = listed is not None and occupation in listed.value
    papers = ruleset.parameters.get("workplace_change_papers_from")
    if papers is not None and occupation in papers.value:
        fact["workplace_change_papers_from"] = papers.value[occupation]  # who issues them, shown in the finding
    return fact


def _construction_quota(case: Case, ruleset: Ruleset, fact: dict[str, Any]) -> None:
    """A construction firm's E-7-4 recommendations: 0.4 per 100 million won of its construction amount, rounded up,
    at least 1 for an employer of E-9 or E-10 workers (stay manual p.301), in place of 20% of its regular workers."""
    q = case.e7_4
    per_100m = ruleset.parameters.get("e74_construction_recommendations_per_100m_krw")
    if q is None or q.construction_amount_krw is None or per_100m is None:
        return
    tenths = round(float(per_100m.value) * 10)  # 0.4 -> 4: integer arithmetic, no float error
    quota = -(-q.construction_amount_krw * tenths // (10 * 100_000_000))  # 소수점 이하는 올림
    if q.employer_e9_workers:
        quota = max(quota, 1)
    fact["e74_construction_quota"] = quota
