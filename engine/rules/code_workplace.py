"""Employer conditions of the codes' sections on pp.220-250 of the visa manual 2026.6 that need a look-up before a
rule can compare (task codesB of issue 18): a minimum workforce a small enterprise (소기업) is exempt from (7406,
p.236) and a hotel's share of foreign guests by region (3922, pp.223-224). The figures are ruleset parameters by
occupation (``codesb_min_workers_unless_small``, ``codesb_foreign_guest_percent``); the rules
employer.code-minimum-workers-unless-small and employer.hotel-foreign-guests decide.

May import engine.core (called by engine/rules/facts.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Employer


def code_workplace_facts(
    occupation: str, e: Employer, parameters: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    workers = parameters.get("codesb_min_workers_unless_small")
    if workers is not None and occupation in workers.value:
        fact["code_min_workers_unless_small"] = workers.value[occupation]
        if e.small_enterprise is not None:
            fact["small_enterprise"] = e.small_enterprise
        else:
            missing["small_enterprise"] = "employer.small_enterprise (is the employer a 소기업?)"
        # regular workers (상시근로자) include every insured domestic and foreign employee: without the count, their
        # sum is a lower bound that settles the condition when it reaches the minimum
        if e.regular_workers is not None:
            fact["workforce_at_least"] = e.regular_workers
        elif e.domestic_employees is not None:
            fact["workforce_at_least"] = e.domestic_employees + (e.foreign_employees or 0)
        else:
            missing["workforce_at_least"] = "employer.regular_workers (상시근로자)"
    guests = parameters.get("codesb_foreign_guest_percent")
    if guests is not None and occupation in guests.value:
        # the share the hotel must exceed: by region, the depopulation areas' first (p.224: 30%, 비수도권 15%,
        # 인구감소지역 10%)
        shares: dict[str, float] = guests.value[occupation]
        fact["code_foreign_guests_apply"] = True
        share = e.foreign_guest_percent
        if share is None:
            missing["foreign_guest_percent"] = "employer.foreign_guest_percent (foreign guests' share of last year's)"
        else:
            fact["foreign_guest_percent"] = share
        regional = None if e.capital_region is None else shares["capital" if e.capital_region else "non_capital"]
        lowest = shares["depopulation_area"]
        # a depopulation area may lie in either region (Ganghwa and Gapyeong are in the capital region): while the
        # case does not say, the regional share holds only where the lower one would not change the answer
        if e.depopulation_area:
            fact["code_min_foreign_guest_percent"] = lowest
        elif regional is not None and (
            share is None or e.depopulation_area is False or share > regional or share <= lowest
        ):
            fact["code_min_foreign_guest_percent"] = regional
        else:
            missing["code_min_foreign_guest_percent"] = (
                "employer.capital_region and employer.depopulation_area (the share a hotel must exceed depends on"
                " its region)"
            )
