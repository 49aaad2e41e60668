"""Allowances of foreign workers some E-7-3 and pilot codes give an employer beyond the share of domestic staff
(task e73 of issue 18), by ruleset parameter:

- ``small_shipbuilder_allowance``: a small shipbuilder (소규모 조선업체: a 소기업 by the Framework Act on SMEs, a year
  or more in business) hiring under 7406, 76212 or 78369 may employ at least 5 shipbuilding E-7-3 workers whatever its
  domestic staff, and 1 more per 2 billion KRW of yearly revenue (visa manual 2026.6 pp.236, 238, 239; stay manual
  2026.6 pp.282, 283, 285). This module only does the sum (5 + revenue // 2 billion); whether the employer is a
  small shipbuilder and whether the hire fits are decided by the rules employer.small-shipbuilder-allowance,
  employer.foreign-ratio and employer.domestic-employees-domestic-sales.
- ``code_min_foreign_allowance``: the workers a code allows an employer whatever the share (S71032: the 2026.6
  edition's separate standard 업체당 최대 2명, and the 2026-09-01 edition's 업체당 2명 이상 고용을 허용하되, 3명 이상 …
  국민 고용 인원의 20%까지, p.247), read by employer.foreign-ratio.

Nothing is asked for here: the allowances are reliefs, read only where the case states what they need.

May import engine.core (called by engine/rules/code_sections.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Employer


def share_exception_facts(occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    """Set small_shipbuilder_min_years, small_enterprise and small_shipbuilder_allowed for the shipbuilding codes,
    and code_min_foreign_allowance where the code has a floor."""
    floor = parameters.get("code_min_foreign_allowance")
    if floor is not None and occupation in floor.value:
        fact["code_min_foreign_allowance"] = floor.value[occupation]
    table = parameters.get("small_shipbuilder_allowance")
    if table is None or occupation not in table.value:
        return
    v: dict[str, Any] = table.value[occupation]
    fact["small_shipbuilder_min_years"] = v["min_years_in_business"]
    if e.small_enterprise is not None:
        fact["small_enterprise"] = e.small_enterprise
    if e.annual_revenue_krw is not None:
        fact["small_shipbuilder_allowed"] = v["minimum"] + e.annual_revenue_krw // v["revenue_per_extra_krw"]
