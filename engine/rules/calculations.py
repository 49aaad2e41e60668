"""The named calculations rules refer to (``compute`` and ``suggest`` in a ruleset).

Each takes the application fact (a flat dict, as the rule engine holds it) and returns plain data. They
are the arithmetic the manual describes, kept out of the conditions so that a rule stays readable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Fact = dict[str, Any]


def wage_floor(fact: Fact) -> dict[str, Any]:
    """The annual salary floor that applies, and why (visa manual p.182).

    - the code's own rule if it has one (a GNI ratio or a fixed amount), else the announced amount of the
      subcategory (E-7-1 always; E-7-2/3/4 where an amount is announced), else the minimum wage alone;
    - the SME / venture / non-capital mid-size special rule lowers an 80%-of-GNI floor to 70% for applicants
      with at most 3 years of E-7 work; where that special amount and the announced amount differ, the
      amount more favourable to the applicant (the lower) applies;
    - where it is unknown whether the special rule applies, the lower amount is the floor (only a salary
      below it is certainly short) and the basis says so.
    """
    candidates: list[tuple[int, str]] = []
    rule = fact.get("code_wage_rule")
    if rule == "fixed" and fact.get("code_fixed_krw"):
        candidates.append((fact["code_fixed_krw"], "code-fixed"))
    elif rule == "gni_ratio" and fact.get("code_ratio_krw"):
        candidates.append((fact["code_ratio_krw"], "code-gni-ratio"))
    elif fact.get("announced_krw"):
        candidates.append((fact["announced_krw"], "announced"))
    if not candidates:
        return {"amount_krw": 0, "basis": "minimum-wage-only"}
    amount, basis = candidates[0]
    special = fact.get("sme_special_krw")
    lowers_80_percent = basis == "announced" or (basis == "code-gni-ratio" and fact.get("code_ratio_x100") == 80)
    if special and lowers_80_percent and special < amount:
        eligible = fact.get("sme_special_eligible")
        if eligible is True:
            amount, basis = special, "sme-special"
        elif eligible is None:
            # eligibility unknown: only a salary below the lower amount is certainly short; the rule
            # salary.sme-eligibility asks for what decides it
            amount, basis = special, "sme-special-if-eligible"
    return {"amount_krw": amount, "basis": basis}


def successor(fact: Fact) -> list[dict[str, Any]]:
    """The code an occupation moved to (renumbering) or its successor, as a suggestion."""
    new = fact.get("new_code")
    if not new:
        return []
    return [{"code": new, "title": fact.get("new_code_title", ""), "reason": fact.get("new_code_reason", "")}]


def duty_alignment(fact: Fact) -> dict[str, Any]:
    """The duties measured against the code (engine/duties/alignment.py put the figures in the fact): the share of
    working time whose task fits the code, the threshold, and the duties that do and do not fit."""
    return {
        "alignment_x100": fact.get("duty_alignment_x100", 0),
        "threshold_x100": fact.get("duty_threshold_x100", 0),
        "classified_x100": fact.get("duty_classified_x100", 0),
        "best_code_alignment_x100": fact.get("best_code_alignment_x100", 0),
        "fitting": fact.get("duties_fitting", ""),
        "not_fitting": fact.get("duties_not_fitting", ""),
    }


def alternatives(fact: Fact) -> list[dict[str, Any]]:
    """The codes the duties fit better, best first, each with its alignment (a share of working time)."""
    out = []
    for n in range(1, 10):
        code = fact.get(f"alternative_{n}_code")
        if not code:
            break
        share = fact.get(f"alternative_{n}_alignment_x100", 0)
        duties = fact.get(f"alternative_{n}_duties", "")
        reason = (
            f"{share}% of the working time fits it: {duties}" if duties else f"{share}% of the working time fits it"
        )
        out.append(
            {"code": code, "title": fact.get(f"alternative_{n}_title", ""), "reason": reason, "alignment": share / 100}
        )
    return out


COMPUTE: dict[str, Callable[[Fact], dict[str, Any]]] = {"wage_floor": wage_floor, "duty_alignment": duty_alignment}
SUGGEST: dict[str, Callable[[Fact], list[dict[str, Any]]]] = {"successor": successor, "alternatives": alternatives}
