"""Employer conditions and allowances of the codes' own sections (visa manual 2026.6 pp.207-230, issue 18, task
codes18) that need a look-up before a rule can compare:

- the yes/no conditions a section sets on the employer (2364's training institute, 2395's design space apart from
  production, 2735's plan of events for foreigners, 3922's kind of tourist hotel, the registration and office of
  2742's online sellers' employer): ruleset parameter ``codes18_employer_conditions``, rule employer.code-conditions;
- the allowance per employer where it follows from a figure of the case (3991's and 2742's online sellers' 40
  below 10 billion KRW, 43213's 2 and 1 more per 2,000 foreign tourists, 441's table by floor area, VAT paid and
  domestic staff): parameters ``codes18_revenue_caps``, ``codes18_tourist_caps``, ``codes18_cook_allowance``, rule
  employer.code-allowance; 31215's Jeju restaurants by the columns of their table, ``codes18_column_allowance``.

May import engine.core and engine.rules.section_branches (called by engine/rules/code_sections.py while a case's
facts are prepared)."""

from __future__ import annotations

import math
from typing import Any

from engine.core.case import Employer
from engine.rules.section_branches import section_branch


def employer_condition_facts(
    occupation: str, route: str | None, e: Employer, parameters: dict[str, Any], fact: dict[str, Any],
    missing: dict[str, str],
) -> None:  # fmt: skip
    """The employer's yes/no conditions of the section (by occupation, or by the branch the case files under):
    code_employer_conditions (in words), code_employer_conditions_met, code_employer_conditions_unmet. Read where
    the case states one of them: a case that states none is not asked for them (the advice employer.code-requirements
    names the section's conditions)."""
    table = parameters.get("codes18_employer_conditions")
    if table is None:
        return
    branch = section_branch(occupation, route, parameters)
    conditions: dict[str, str] = {**table.value.get(occupation, {}), **table.value.get(branch or "", {})}
    if not conditions:
        return
    values = {field: getattr(e, field) for field in conditions}
    if all(v is None for v in values.values()):
        return
    fact["code_employer_conditions"] = "; ".join(conditions.values())
    unmet = [conditions[f] for f, v in values.items() if v is False]
    if unmet:
        fact["code_employer_conditions_met"] = False
        fact["code_employer_conditions_unmet"] = "; ".join(unmet)
    elif all(v is True for v in values.values()):
        fact["code_employer_conditions_met"] = True
    else:
        absent = ", ".join(f"employer.{f}" for f, v in values.items() if v is None)
        missing["code_employer_conditions_met"] = f"{absent} (the employer conditions of the code's section)"


def band(value: float, minima: list[float], strict: bool = False) -> int:
    """How many of the ascending ``minima`` the value reaches (an allowance read from a table of bands); with
    ``strict`` every minimum but the first must be exceeded ("30∼50㎡, 51∼100㎡ … 200㎡초과")."""
    return sum(1 for i, m in enumerate(minima) if value > m or (value == m and not (strict and i > 0)))


def allowance_facts(
    occupation: str, route: str | None, e: Employer, parameters: dict[str, Any], fact: dict[str, Any],
    missing: dict[str, str],
) -> None:  # fmt: skip
    """code_allowance (the most workers under the code the employer may have, this hire included) and
    code_allowance_basis (how it was read), with same_code_workers_after_hire, or the fields that would give them. Read
    only where the case states the workers under the code (employer.same_code_workers): a case that does not is not
    asked for it, most employers being far from their allowance."""
    if e.same_code_workers is None:
        return
    branch = section_branch(occupation, route, parameters)
    revenue = parameters.get("codes18_revenue_caps")
    tourists = parameters.get("codes18_tourist_caps")
    cooks = parameters.get("codes18_cook_allowance")
    columns = parameters.get("codes18_column_allowance")
    key = next((k for k in (branch, occupation) if k and revenue is not None and k in revenue.value), None)
    if key is not None:
        applies = _revenue_cap(revenue.value[key], e, fact, missing)
    elif tourists is not None and occupation in tourists.value:
        applies = _tourist_cap(tourists.value[occupation], e, fact, missing)
    elif cooks is not None and occupation in cooks.value and e.business_kind in cooks.value[occupation]:
        applies = _cook_allowance(cooks.value[occupation][e.business_kind], e, fact, missing)
    elif columns is not None and occupation in columns.value and e.business_kind in columns.value[occupation]:
        applies = _column_allowance(columns.value[occupation][e.business_kind], e, fact, missing)
    else:
        applies = False
    if not applies:
        return
    fact["code_allowance_applies"] = True
    fact["same_code_workers_after_hire"] = e.same_code_workers + 1


def _revenue_cap(cap: dict[str, Any], e: Employer, fact: dict[str, Any], missing: dict[str, str]) -> bool:
    # 3991 p.226, 2742's online sellers p.218: 50억 이상 ~ 100억 이하 최대 40명; 100억원 이상 인원제한 없음 (단,
    # 해당분야 고용인력 70% 이내). At exactly 10 billion both lines hold: the one without a number is taken.
    field = cap["field"]
    value = getattr(e, field)
    if value is None:
        missing["code_allowance"] = f"employer.{field} (the allowance depends on it)"
        return True
    if value >= cap["unlimited_from_krw"]:
        return False  # no number
    fact["code_allowance"] = int(cap["cap"])
    fact["code_allowance_basis"] = f"{cap['label']} of {value:,} KRW, below {cap['unlimited_from_krw']:,} KRW"
    return True


def _tourist_cap(cap: dict[str, Any], e: Employer, fact: dict[str, Any], missing: dict[str, str]) -> bool:
    # 43213 p.227-228: 업체당 최대 2명 (단, 유치실적이 2,000명 이상인 경우 상기 허용인원에서 2,000명 당 1명씩 추가)
    tourists = e.foreign_tourists_per_year
    if tourists is None:
        missing["code_allowance"] = "employer.foreign_tourists_per_year (the allowance depends on it)"
        return True
    per = int(cap["tourists_per_extra"])
    extra = tourists // per if tourists >= cap["extra_from"] else 0
    fact["code_allowance"] = int(cap["base"]) + extra
    fact["code_allowance_basis"] = f"{cap['base']} per employer and 1 more per {per:,} of {tourists:,} foreign tourists"
    return True


def _cook_allowance(table: dict[str, Any], e: Employer, fact: dict[str, Any], missing: dict[str, str]) -> bool:
    """441 (p.230-231): the average of the allowances by floor area, VAT paid and domestic staff, never above the
    one by domestic staff, less the absconders and the workers moved to G-1 in the year before filing. The manual
    does not say how a fractional average is rounded: the average rounded up is taken (the most it can allow)."""
    inputs = {"floor_area_m2": e.floor_area_m2, "annual_vat_krw": e.annual_vat_krw,
              "domestic_employees": e.domestic_employees}  # fmt: skip
    absent = [f"employer.{f}" for f, v in inputs.items() if v is None]
    if absent:
        missing["code_allowance"] = f"{', '.join(absent)} (the cooks' allowance by area, VAT paid and domestic staff)"
        return True
    by = {f: band(float(v), table[f], bool(table.get(f"{f}_strict"))) for f, v in inputs.items()}
    average = sum(by.values()) / 3
    deducted = (e.absconders_past_year or 0) + (e.g1_moves_past_year or 0)
    fact["code_allowance"] = max(0, min(math.ceil(average), by["domestic_employees"]) - deducted)
    fact["code_allowance_basis"] = (
        f"{by['floor_area_m2']} by floor area, {by['annual_vat_krw']} by VAT paid and {by['domestic_employees']} by"
        f" domestic staff: an average of {average:.2f}, at most the {by['domestic_employees']} by domestic staff"
        + (f", less {deducted} absconded or moved to G-1 in the last year" if deducted else "")
    )
    return True


def _column_allowance(table: dict[str, Any], e: Employer, fact: dict[str, Any], missing: dict[str, str]) -> bool:
    """31215's Jeju restaurants (p.222): the highest column of the section's table whose every minimum the employer
    meets (a row of numbers: the field's minimum; a row of yes/no: the field must be true where the column says
    so), less the absconders and the workers moved to G-1 in the year before filing (pp.222-223)."""
    rows = {f: v for f, v in table.items() if f != "allowance"}
    figures = [f for f, v in rows.items() if not isinstance(v[0], bool)]
    absent = [f"employer.{f}" for f in figures if getattr(e, f) is None]
    if absent:
        missing["code_allowance"] = f"{', '.join(absent)} (the allowance by the section's table)"
        return True

    def best(unstated: bool) -> int:
        """The highest column met, a yes/no the case does not state taken as ``unstated``."""
        values = {f: (unstated if getattr(e, f) is None else getattr(e, f)) for f in rows}
        met = [int(a) for i, a in enumerate(table["allowance"])
               if all((values[f] or not v[i]) if isinstance(v[i], bool) else float(values[f]) >= v[i]
                      for f, v in rows.items())]  # fmt: skip
        return max(met, default=0)

    if best(False) != best(True):  # a yes/no the case does not state would change it (the model restaurant)
        unstated = [f"employer.{f}" for f in rows if f not in figures and getattr(e, f) is None]
        missing["code_allowance"] = f"{', '.join(unstated)} (the allowance by the section's table)"
        return True
    allowed = best(False)
    deducted = (e.absconders_past_year or 0) + (e.g1_moves_past_year or 0)
    fact["code_allowance"] = max(0, allowed - deducted)
    fact["code_allowance_basis"] = f"{allowed} by the floor area, revenue and domestic staff of the section's table" + (
        f", less {deducted} absconded or moved to G-1 in the last year" if deducted else ""
    )
    return True
