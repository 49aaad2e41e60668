"""The facts of the stay manual's per-code conditions that are not about a change of workplace (issue 18): 441's
(451's from 2026-09-01) bar on employers where regular work is hard (wedding halls, caterers, event companies,
dispatched work; stay manual p.277, visa manual p.230). The occupations are a ruleset parameter (a re-coding keeps
them); the decision is a rule of the rulesets. Called by engine/rules/facts.py; imports only engine.core and
engine.rules.rulesets.
"""

from __future__ import annotations

from typing import Any

from engine.core.case import Case
from engine.core.model import Code
from engine.rules.rulesets import Ruleset

# where each fact comes from in a case file, for the "needs information" message
CODE_STAY_FIELDS = {"irregular_work_business": "employer.irregular_work_business"}


def code_stay_facts(case: Case, entry: Code | None, ruleset: Ruleset) -> dict[str, Any]:
    """The facts above; a fact whose input is missing is left out."""
    fact: dict[str, Any] = {}
    if case.employer.irregular_work_business is not None:
        fact["irregular_work_business"] = case.employer.irregular_work_business
    barred = ruleset.parameters.get("code_no_irregular_work")
    if entry is not None and barred is not None:
        fact["code_no_irregular_work"] = entry.occupation in barred.value
    return fact
