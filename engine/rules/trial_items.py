"""The trial items of a code whose section admits some items only in a trial period (task e73 of issue 18): the
aquaculture technicians (6301) farm sea cucumber at any time, and fish, shellfish, white shrimp, seaweed and
invertebrates only in the trial from 2026-01 to 2027-12, at most 200 a year in all, with a quota number (visa manual
2026.6 p.234). The period and the quota are the ruleset parameter ``code_trial_items``; this module only hands them
on as facts for the rules code.aquaculture-species, code.aquaculture-trial-quota and code.aquaculture-trial-window
(the cap of 2 for the trial items is a ruleset [[conditional]]). Nothing is asked for here: the rules read the item
where the case states it (position.aquaculture_species).

May import engine.core (called by engine/rules/code_sections.py while it prepares a case)."""

from __future__ import annotations

from typing import Any


def trial_item_facts(occupation: str, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    table = parameters.get("code_trial_items")
    if table is None or occupation not in table.value:
        return
    v: dict[str, Any] = table.value[occupation]
    # the period as ISO dates, which compare as texts (YYYYMMDD numbers in the parameter: a table of numbers)
    for name in ("from", "until"):
        day = str(int(v[name]))
        fact[f"trial_items_{name}"] = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    fact["trial_items_quota"] = int(v["yearly_quota"])
