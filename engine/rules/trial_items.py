"""The trial items of a code whose section admits some items only in a trial period (task e73 of issue 18): the
aquaculture technicians (6301) farm sea cucumber at any time, and fish, shellfish, white shrimp, seaweed and
invertebrates only in the trial from 2026-01 to 2027-12, at most 200 a year in all, with a quota number (visa manual
2026.6 p.234). The period and the quota are the ruleset parameter ``code_trial_items``; this module only hands them
on as facts for the rules code.aquaculture-species, code.aquaculture-trial-quota and code.aquaculture-trial-window
(the cap of 2 for the trial items is a ruleset [[conditional]]). Nothing is asked for here: the rules read the item
where the case states it (position.aquaculture_species).

The quota number (task quota of issue 18): where a section prints "(허용인원 상한) … 총 N명 범위 내 도입‧초청 허용
※ 사증발급인정서 발급 및 체류자격 변경 접수‧심사 → 본부(체류관리과)에 쿼터 배정 요청 → 쿼터 번호 발부 → 허가" (the
pilot codes of the parameter ``pilot_quota_numbers``: 42111, S85411, S75104, S71032, S85513, and 6301's trial items),
the grant waits on the number headquarters issues. ``quota_number_facts`` hands on the quota's period, its yearly
total and the number the case states (position.quota_number) for code.quota-number-allotted and
code.quota-number-pending; the rules compare the date with the period and the kind of application.

May import engine.core (called by engine/rules/code_sections.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import Position

TRIAL_ITEMS_WITHOUT_QUOTA = ("sea_cucumber", "other")  # 해삼양식기술자는 제외; other is no item of the section


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


def quota_number_facts(occupation: str, p: Position, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    """The quota a section allots by quota number: its period, its yearly total and the number the case states.
    Called after trial_item_facts and after the code's pilot window (pilot_start, pilot_end) is in ``fact``."""
    pilots = parameters.get("pilot_quota_numbers")
    if pilots is not None and occupation in pilots.value and "pilot_start" in fact:
        period = (fact["pilot_start"], fact["pilot_end"])
        yearly = int(pilots.value[occupation])
    elif "trial_items_from" in fact and p.aquaculture_species not in (None, *TRIAL_ITEMS_WITHOUT_QUOTA):
        period = (fact["trial_items_from"], fact["trial_items_until"])
        yearly = fact["trial_items_quota"]
    else:
        return
    fact.update(quota_number_procedure=True, quota_from=period[0], quota_until=period[1], quota_yearly=yearly)
    if p.quota_number is not None:
        fact["quota_number"] = p.quota_number.strip()
