"""The small shipbuilder's allowance of the shipbuilding E-7-3 codes (visa manual 2026.6 pp.236, 238, 239; stay
manual 2026.6 pp.282, 283, 285): a small shipbuilder (소규모 조선업체: a 소기업 by the Framework Act on SMEs, a year
or more in business) may employ at least 5 shipbuilding E-7-3 workers whatever its domestic staff, and 1 more per
2 billion KRW of yearly revenue. The figures are the ruleset parameter ``small_shipbuilder_allowance``; this module
only does the sum (5 + revenue // 2 billion) and hands on the case's facts. Whether the employer is a small
shipbuilder and whether the hire fits are decided by the rules employer.small-shipbuilder-allowance,
employer.foreign-ratio and employer.domestic-employees-domestic-sales.

May import engine.core (called by engine/rules/code_sections.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Employer

PARAMETER = "small_shipbuilder_allowance"


def small_shipbuilder_facts(occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    """Set small_shipbuilder_min_years, small_enterprise and small_shipbuilder_allowed for the shipbuilding codes.
    Nothing is asked for here: the allowance is a relief, read only where the case states what it needs."""
    table = parameters.get(PARAMETER)
    if table is None or occupation not in table.value:
        return
    v: dict[str, Any] = table.value[occupation]
    fact["small_shipbuilder_min_years"] = v["min_years_in_business"]
    if e.small_enterprise is not None:
        fact["small_enterprise"] = e.small_enterprise
    if e.annual_revenue_krw is not None:
        fact["small_shipbuilder_allowed"] = v["minimum"] + e.annual_revenue_krw // v["revenue_per_extra_krw"]
