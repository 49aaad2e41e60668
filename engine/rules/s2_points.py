"""The E-7-S2 score from its points table (stay manual 2026.6 pp.296-298; rulesets/points/e7-s2-*.toml).

Where the case gives every input the table reads, the score is computed and the E-7-S2 rules read it as
``s_points``; where it does not, the score the case states (``e7_s.points``) is read as before, and the table's
missing inputs are named. Both, where both are given, so that a rule can say when they differ.
May import engine.core and engine.rules.points (and what they import).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.core.case import Case
from engine.core.errors import OutOfRange
from engine.rules.points import PointsTables, score

TABLE_ID = "e7-s2"

# where each input the table reads lives in a case (for the "what is missing" message)
INPUT_PATHS = {
    "s2_income_krw": "position.annual_salary_krw (stay.previous_year_income_krw at an extension)",
    "age": "applicant.birth_date",
    "education": "applicant.education",
    "korean_level": "applicant.korean_level",
}


def s2_points_facts(
    case: Case, points: PointsTables, on: dt.date, age: int | None, gni_krw: float | None, missing: dict[str, str]
) -> dict[str, Any]:
    """The facts ``s_points`` (the score the rules read), ``s_points_stated`` and ``s_points_table`` (where
    computed); writes into ``missing`` what keeps the score from being known."""
    s = case.e7_s
    stated = s.points if s is not None else None
    fact: dict[str, Any] = {}
    if stated is not None:
        fact["s_points_stated"] = stated
    try:
        table = points.in_force(TABLE_ID, on)
    except OutOfRange:  # no table in force on that date: the stated score is all there is
        table = None
    if table is None or s is None:
        if stated is not None:
            fact["s_points"] = stated
        return fact
    # the manual's 기준 line (p.296): the contract's salary at issuance, last year's income certificate at an extension
    income = case.position.annual_salary_krw
    if case.kind == "extension" and case.stay is not None and case.stay.previous_year_income_krw is not None:
        income = case.stay.previous_year_income_krw
    inputs: dict[str, Any] = {
        "s2_income_krw": income,
        "age": age,
        "education": case.applicant.education,
        "stem_or_two_degrees": s.high_tech_degree,
        "korean_level": case.applicant.korean_level,
        "high_tech_experience_years": s.high_tech_experience_years,
        "korean_study_degree": s.korean_study_degree,
        "top_university": s.top_university,
        "kotra_recommendation": s.kotra_recommendation,
        "sme_or_venture_employer": s.sme_or_venture_employer,
        "research_paper": s.research_paper,
    }
    result = score(table, inputs, figures={"gni": gni_krw} if gni_krw is not None else {})
    absent = list(result.missing)
    if s.high_tech_degree is None and case.applicant.education not in (None, "none", "high_school"):
        absent.append("high_tech_degree")  # a degree scores by its field: unknown, it cannot be scored
    if absent:
        if stated is not None:
            fact["s_points"] = stated
        else:
            names = ", ".join(INPUT_PATHS.get(name, f"e7_s.{name}") for name in absent)
            missing["s_points"] = f"e7_s.points, or the E-7-S2 points table's inputs: {names}"
        return fact
    fact["s_points"] = result.total
    fact["s_points_table"] = table.table.effective.isoformat()
    return fact
