"""F-2-7 points: the dated points table (rulesets/points/) applied to a history's inputs, the details of each item,
and the single changes that would raise the total. The pass mark is compared with the total by the history rule
history.f27-points; this module only scores and re-scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.history.calculations import add_years, band_label, band_points
from engine.history.model import Income, Person
from engine.history.reports import Raise
from engine.rules.points import Score, Table, score

FIELD_OF_INPUT = {
    "age": "person.birth_date",
    "education": "person.education",
    "korean_level": "person.korean_level",
    "previous_year_income_krw": "an income certificate of a year before the application ([[income]])",
}


def unresolved_min_band(table: Table, inputs: dict[str, Any], minimum: int | None) -> tuple[str, ...]:
    """The item whose value falls where only a band with an unresolved ``min_rule`` could score it."""
    if minimum is not None:
        return ()
    for item in table.items:
        value = inputs.get(item.input)
        if value is None or not any(b.min_rule for b in item.bands):
            continue
        fixed = [b.min for b in item.bands if b.min is not None]
        if fixed and value < min(fixed):
            return (item.id,)
    return ()


def details_of(
    table: Table,
    inputs: dict[str, Any],
    result: Score,
    items: dict[str, int | None],
    latest: Income | None,
    minimum: int | None,
    on: dt.date,
) -> dict[str, dict[str, Any]]:
    details: dict[str, dict[str, Any]] = {}
    for item in table.items:
        value = inputs.get(item.input)
        entry: dict[str, Any] = {
            "input": item.input,
            "value": value,
            "points": items.get(item.id),
            "max_points": item.max_points,
            "band": band_label(item.bands, value, minimum) if item.bands else "",
            "source": {
                "document": item.source.document,
                "edition": item.source.edition,
                "pages": item.source.pages,
                "status": item.source.status,
            },
        }
        if item.id == "education":
            entry["stem_or_two_degrees"] = inputs.get("stem_or_two_degrees")
            entry["value"] = inputs.get("education")
        if item.id == "age":
            entry["on"] = on.isoformat()
        if item.id == "income":
            entry["year"] = latest.year if latest is not None else None
            entry["minimum_wage_annual_krw"] = minimum
            entry["minimum_wage_status"] = "D" if minimum is not None else None
        details[item.id] = entry
    cap = table.table.bonus_cap
    details["bonus"] = {
        "points": result.bonus,
        "held": dict(result.bonus_items),
        "before_cap": result.bonus_before_cap,
        "cap": cap.points if cap else None,
    }
    details["deduction"] = {"points": -result.deduction}
    return details


def to_raise(
    table: Table,
    inputs: dict[str, Any],
    result: Score,
    total: int,
    minimum: int | None,
    on: dt.date,
    person: Person,
) -> list[Raise]:
    """Single changes that raise the score: the next income band, the next Korean level, KIIP stage 5,
    more volunteering, and applying before the birthday that moved the age band down."""
    pass_mark = table.table.pass_mark
    raises: list[Raise] = []

    def rescored(changed: dict[str, Any]) -> int:
        again = score(table, inputs | changed, minimum)
        return sum(v for v in again.items.values() if v is not None) + again.bonus - again.deduction

    def add(item: str, now: Any, then: Any, points_now: int, points_then: int, how: str, new_total: int) -> None:
        gain = new_total - total
        if gain > 0:
            raises.append(Raise(item, now, then, points_now, points_then, gain, new_total, new_total >= pass_mark, how))

    by_id = {item.id: item for item in table.items}
    income = by_id.get("income")
    value = inputs.get("previous_year_income_krw")
    if income is not None and value is not None:
        higher = sorted(b.min for b in income.bands if b.min is not None and b.min > value)
        now_points = result.items.get("income") or 0
        for low in higher:
            low_int = int(low)
            new_points = band_points(income.bands, low_int, minimum)
            if new_points > now_points:
                add(
                    "income",
                    value,
                    low_int,
                    now_points,
                    new_points,
                    f"a certified income of {low_int:,} KRW ({low_int - value:,} more) on the latest "
                    "income certificate",
                    rescored({"previous_year_income_krw": low_int}),
                )
                break
    korean = by_id.get("korean")
    level = inputs.get("korean_level")
    if korean is not None and level is not None:
        now_points = result.items.get("korean") or 0
        for next_level in range(level + 1, 7):
            new_points = band_points(korean.bands, next_level, minimum)
            if new_points > now_points:
                add(
                    "korean",
                    level,
                    next_level,
                    now_points,
                    new_points,
                    f"TOPIK level / KIIP stage {next_level}",
                    rescored({"korean_level": next_level}),
                )
                break
    for bonus in table.bonus:
        if bonus.id == "kiip_stage_5" and not inputs.get(bonus.input):
            new_total = rescored({bonus.input: True})
            add(
                "bonus",
                False,
                True,
                result.bonus,
                result.bonus + new_total - total,
                "completing KIIP (사회통합프로그램) stage 5",
                new_total,
            )
        if bonus.id == "volunteering" and bonus.tiers:
            years = int(inputs.get(bonus.input) or 0)
            nxt = next((t for t in sorted(bonus.tiers, key=lambda t: t.min) if t.min > years), None)
            if nxt is not None:
                new_total = rescored({bonus.input: nxt.min})
                add(
                    "bonus",
                    years,
                    nxt.min,
                    result.bonus,
                    result.bonus + new_total - total,
                    f"{nxt.min} year(s) of volunteering with the sessions and hours the manual asks",
                    new_total,
                )
    age = by_id.get("age")
    if age is not None and person.birth_date is not None and inputs.get("age") is not None:
        birthday = add_years(person.birth_date, int(inputs["age"]))
        younger = int(inputs["age"]) - 1
        if (on - birthday).days < 366 and younger >= 0:
            now_points = result.items.get("age") or 0
            new_points = band_points(age.bands, younger, minimum)
            if new_points > now_points:
                add(
                    "age",
                    inputs["age"],
                    younger,
                    now_points,
                    new_points,
                    f"applying before {birthday} (age {younger} on the application date)",
                    rescored({"age": younger}),
                )
    return raises
