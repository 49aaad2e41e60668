"""The kind of employer some E-7-3 and pilot codes accept, and 78369's cooperation with the prime contractor (task e73
of issue 18): 7406 only a shipyard, a ship block maker or a shipbuilding equipment maker confirmed at 50% or more of
shipbuilding (visa manual 2026.6 p.236), S75104 only a general repair shop (종합정비업, p.245), S71032 only a
slaughterhouse (p.247); 78369 an employer whose cooperation with its prime contractor is shown (p.239). The kinds and
the codes are ruleset parameters (``code_employer_kinds``, ``code_prime_contractor_cooperation``); the rules
employer.code-employer-kind and employer.prime-contractor-cooperation decide. Both are read where the case states the
field (employer.business_kind, employer.prime_contractor_cooperation): nothing is asked for here.

May import engine.core and engine.rules.code_workplace (called by engine/rules/code_sections.py while it prepares a
case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Employer
from engine.rules.code_workplace import accept


def employer_kind_facts(occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    names = ("code_employer_kinds", "employer_kind", "employer_kind_accepted")
    accept(fact, occupation, parameters, "code_employer_kinds", e.business_kind, names)
    cooperation = parameters.get("code_prime_contractor_cooperation")
    if cooperation is not None and occupation in cooperation.value:
        fact["code_prime_contractor_cooperation"] = True
        if e.prime_contractor_cooperation is not None:
            fact["prime_contractor_cooperation"] = e.prime_contractor_cooperation
