"""Grinding work of the shipbuilding welders (task e73 of issue 18): 7406 admits welders for grinding (용접사상) only
where a certificate of the designated body shows the job and safety training (visa manual 2026.6 p.236: 사상 공정의
경우, 관련 직무‧안전교육 이수 내역이 산업부 지정기관에서 발행한 증명서 등을 통해 확인되는 경우 투입 허용). The codes are
the ruleset parameter ``code_grinding_training``; this module hands on the case's facts for the rule
qualification.grinding-training, which reads them where the case says the welder is put on grinding.

May import engine.core and engine.rules.code_workplace (called by engine/rules/code_sections.py while it prepares
a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Applicant, Position
from engine.rules.code_workplace import given


def grinding_facts(
    occupation: str, a: Applicant, p: Position, parameters: dict[str, Any], fact: dict[str, Any],
    missing: dict[str, str],
) -> None:  # fmt: skip
    codes = parameters.get("code_grinding_training")
    if codes is None or occupation not in codes.value:
        return
    fact["code_grinding_training"] = True
    if p.grinding_work is not None:
        fact["grinding_work"] = p.grinding_work
    given(fact, missing, a.grinding_training_certified, "applicant.grinding_training_certified (the grinding training)")
