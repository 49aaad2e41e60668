"""F-2-7 points: the dated points table (rulesets/points/) applied to a history's inputs, the details of each item,
and the single changes that would raise the total. The pass mark is compared with the total by the history rule
history.f27-points; this module only scores and re-scores."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.history.calculations import add_years, band_label, band_points
from engine.history.model import Income, Person
from engine.history.reports import Raise
from engine.rules.points import Bonus, Item, Raising, Score, Table, score

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
    """The single changes that raise the score, as the table lists them (``[[raises]]``, docs/rulesets.md): each
    step finds the changed value by a general calculation, the table is scored again with it, and a change is
    kept where the total is higher."""
    pass_mark = table.table.pass_mark
    items = {item.id: item for item in table.items}
    bonuses = {bonus.id: bonus for bonus in table.bonus}
    raises: list[Raise] = []
    for raising in table.raises:
        if raising.item in items:  # the table's loader holds that each names an item or a bonus fit for its step
            found = _item_step(raising, items[raising.item], inputs, result, minimum, on, person)
        else:
            found = _bonus_step(raising, bonuses[raising.item], inputs)
        if found is None:
            continue
        name, field, now, then, extra = found
        again = score(table, inputs | {field: then}, minimum)
        new_total = sum(v for v in again.items.values() if v is not None) + again.bonus - again.deduction
        gain = new_total - total
        if gain <= 0:
            continue
        if name == "bonus":  # a bonus is shown as the bonus total, capped, before and after
            points_now, points_then = result.bonus, result.bonus + gain
        else:
            points_now, points_then = result.items.get(name) or 0, again.items.get(name) or 0
        values = {"now": now, "then": then, "more": then - now, **extra}
        how, how_ko = raising.how.format(**values), raising.how_ko.format(**values)
        passes = new_total >= pass_mark
        raises.append(Raise(name, now, then, points_now, points_then, gain, new_total, passes, how, how_ko))
    return raises


def _item_step(
    raising: Raising,
    item: Item,
    inputs: dict[str, Any],
    result: Score,
    minimum: int | None,
    on: dt.date,
    person: Person,
) -> tuple[str, str, Any, Any, dict[str, Any]] | None:
    """The changed value of an item: the next band that scores more, or the age a year less."""
    value = inputs.get(item.input)
    if value is None:
        return None
    now_points = result.items.get(item.id) or 0
    if raising.step == "next_band":
        for low in sorted(b.min for b in item.bands if b.min is not None and b.min > value):
            if band_points(item.bands, int(low), minimum) > now_points:
                return item.id, item.input, value, int(low), {}
        return None
    if raising.step == "younger" and person.birth_date is not None:
        birthday = add_years(person.birth_date, int(value))
        younger = int(value) - 1
        recent = (on - birthday).days < raising.within_days
        if recent and younger >= 0 and band_points(item.bands, younger, minimum) > now_points:
            return item.id, item.input, value, younger, {"birthday": birthday}
    return None


def _bonus_step(
    raising: Raising, bonus: Bonus, inputs: dict[str, Any]
) -> tuple[str, str, Any, Any, dict[str, Any]] | None:
    """The changed value of a bonus: held where it is not, or the next tier above the value."""
    if raising.step == "set_true":
        return None if inputs.get(bonus.input) else ("bonus", bonus.input, False, True, {})
    if raising.step == "next_tier" and bonus.tiers:
        years = int(inputs.get(bonus.input) or 0)
        nxt = next((t for t in sorted(bonus.tiers, key=lambda t: t.min) if t.min > years), None)
        return None if nxt is None else ("bonus", bonus.input, years, nxt.min, {})
    return None
