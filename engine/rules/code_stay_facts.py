"""The facts of the stay manual's per-code conditions that are not about a change of workplace (issue 18): 441's
(451's from 2026-09-01) bar on employers where regular work is hard (wedding halls, caterers, event companies,
dispatched work; stay manual p.277, visa manual p.230), and the new invitations four codes restrict for an employer
that did not pay as its filed contract said (2351, 2395, 3991, and 2742's branch of online sellers: visa manual
pp.204, 209, 218, 226). The occupations (and the branch) are ruleset parameters (a re-coding keeps them); the
decisions are rules of the rulesets. Called by engine/rules/facts.py; imports only engine.core,
engine.rules.rulesets and engine.rules.section_branches (the case's branch of its section).
"""

from __future__ import annotations

from typing import Any

from engine.core.case import Case
from engine.core.model import Code
from engine.rules.rulesets import Ruleset
from engine.rules.section_branches import section_branch

# where each fact comes from in a case file, for the "needs information" message
CODE_STAY_FIELDS = {
    "irregular_work_business": "employer.irregular_work_business",
    "contract_wages_unpaid": "employer.contract_wages_unpaid",
}


def code_stay_facts(case: Case, entry: Code | None, ruleset: Ruleset) -> dict[str, Any]:
    """The facts above; a fact whose input is missing is left out."""
    fact: dict[str, Any] = {}
    if case.employer.irregular_work_business is not None:
        fact["irregular_work_business"] = case.employer.irregular_work_business
    barred = ruleset.parameters.get("code_no_irregular_work")
    if entry is not None and barred is not None:
        fact["code_no_irregular_work"] = entry.occupation in barred.value
    if case.employer.contract_wages_unpaid is not None:
        fact["contract_wages_unpaid"] = case.employer.contract_wages_unpaid
    unpaid = ruleset.parameters.get("code_unpaid_wages_invitation_bar")
    if entry is not None and unpaid is not None:
        # 신규 초청 제한 (2351, 2395) bars new invitations; 신규 초청(취업) 제한 (3991, and 2742's online sellers
        # only: p.218 prints it in their branch, 해외 영업원, 무역 영업원, 수출입 영업원은 위의 기존 규정 적용)
        # also new employment
        branch = section_branch(entry.occupation, case.position.section_route, ruleset.parameters)
        key = entry.occupation if entry.occupation in unpaid.value else branch
        if key is not None and key in unpaid.value:
            fact["code_unpaid_wages_bar"] = unpaid.value[key]
    return fact
