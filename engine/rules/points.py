"""Points tables (E-7-4 K-point E74, F-2-7) as dated data, and the score they give.

``rulesets/points/<table>-YYYY-MM-DD.toml``: the table in force on a date is the latest of its id on or
before the date. Bands read lower bounds inclusive; each item and bonus names the input field it reads.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from engine.core.convert import named_date, read_toml, structure
from engine.core.errors import InputError, OutOfRange
from engine.core.model import Source
from engine.data.folders import DataDir

POINTS_FILE = re.compile(r"([a-z0-9-]+?)-([0-9]{4}-[0-9]{2}-[0-9]{2})\.toml")


@attrs.frozen
class Band:
    points: int
    min: float | None = None
    max: float | None = None
    min_rule: str = ""  # e.g. "minimum_wage": the bound is a figure e7 resolves elsewhere


@attrs.frozen
class ByBand:
    """One column of a two-way item (E-7-S2: income by age): the bands that apply where the second input
    (``Item.by_input``) is within min..max, both inclusive."""

    bands: tuple[Band, ...]
    min: float | None = None
    max: float | None = None


@attrs.frozen
class Choice:
    points: int
    education: str
    stem_or_two_degrees: bool | None = None


@attrs.frozen
class Item:
    id: str
    title_ko: str
    input: str
    max_points: int
    source: Source
    title_en: str = ""
    text: str = ""
    note: str = ""
    bands: tuple[Band, ...] = ()
    choices: tuple[Choice, ...] = ()
    relaxed_input: str = ""  # a boolean input that switches to relaxed_bands (e.g. agriculture and fishery)
    relaxed_bands: tuple[Band, ...] = ()
    by_input: str = ""  # a second input that picks the bands from by_bands (E-7-S2: age for the income item)
    by_bands: tuple[ByBand, ...] = ()


@attrs.frozen
class Tier:
    min: int
    points: int


@attrs.frozen
class Bonus:
    id: str
    title_ko: str
    input: str
    source: Source
    points: int = 0
    tiers: tuple[Tier, ...] = ()
    excludes: tuple[str, ...] = ()
    text: str = ""
    note: str = ""
    title_en: str = ""


@attrs.frozen
class Deduction:
    id: str
    title_ko: str
    input: str
    source: Source
    tiers: tuple[Tier, ...] = ()
    points: int = 0
    max_points: int = 0
    text: str = ""
    note: str = ""
    title_en: str = ""


@attrs.frozen
class Minimum:
    item: str
    points: int
    source: Source


@attrs.frozen
class ConditionalPass:
    pass_mark: int
    until: dt.date
    source: Source
    requires_item_minimum: str = ""
    text: str = ""


@attrs.frozen
class Cap:
    points: int
    source: Source
    note: str = ""


@attrs.frozen
class TableInfo:
    id: str
    effective: dt.date
    title_ko: str
    pass_mark: int
    source: Source
    title_en: str = ""
    base_max: int = 0
    note: str = ""
    minimums: tuple[Minimum, ...] = ()
    conditional_pass: ConditionalPass | None = None
    deduction_cap: Cap | None = None
    bonus_cap: Cap | None = None  # bonuses counted up to this many points in all (F-2-7: 40)


@attrs.frozen
class Raising:
    """One single change that may raise a score (F-2-7's "what would raise the points"): the item or bonus it
    changes, the step that finds the changed value (``next_band``, ``set_true``, ``next_tier``, ``younger``) and
    the text of how, a template over ``now``, ``then``, ``more`` (then - now) and ``birthday`` (``younger``)."""

    item: str
    step: Literal["next_band", "set_true", "next_tier", "younger"]
    how: str
    how_ko: str = ""  # the same in Korean (`e7 history --lang ko`), over the same names
    within_days: int = 0  # younger: only where the birthday that made the age is fewer days back than this
    note: str = ""


@attrs.frozen
class Table:
    table: TableInfo
    items: tuple[Item, ...] = ()
    bonus: tuple[Bonus, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    eligibility: dict[str, Any] = attrs.Factory(dict)
    raises: tuple[Raising, ...] = ()  # in the order they are listed


@attrs.frozen
class Score:
    table: str
    effective: dt.date
    items: dict[str, int | None]  # None: the input is missing
    bonus: int
    bonus_items: dict[str, int]
    deduction: int
    total: int
    missing: tuple[str, ...]
    pass_mark: int
    bonus_before_cap: int = 0  # the bonuses held, before table.bonus_cap

    @property
    def passes(self) -> bool:
        return not self.missing and self.total >= self.pass_mark


def _band_points(
    bands: tuple[Band, ...], value: Any, resolved_minimum: float | None, figures: Mapping[str, float]
) -> int:
    best = 0
    for band in bands:
        resolved = figures.get(band.min_rule, resolved_minimum) if band.min_rule else None
        low = band.min if band.min is not None else resolved
        if low is not None and value < low:
            continue
        if band.max is not None and value > band.max:
            continue
        if low is None and band.min_rule:
            continue  # the bound is a figure e7 does not hold for this date
        best = max(best, band.points)
    return best


def _tiered(tiers: tuple[Tier, ...], count: int) -> int:
    return max((t.points for t in tiers if count >= t.min), default=0)


def _by_bands(item: Item, by_value: Any) -> tuple[Band, ...]:
    for column in item.by_bands:
        if (column.min is None or by_value >= column.min) and (column.max is None or by_value <= column.max):
            return column.bands
    return ()  # outside every column: the item scores 0


def score(
    table: Table,
    inputs: Mapping[str, Any],
    minimum_wage_annual: float | None = None,
    figures: Mapping[str, float] | None = None,
) -> Score:
    """The points a table gives; a missing input leaves its item at None and the score incomplete. ``figures``
    resolves a band's ``min_rule`` by name (E-7-S2: "gni"); ``minimum_wage_annual`` any other."""
    items: dict[str, int | None] = {}
    missing: list[str] = []
    for item in table.items:
        absent = [name for name in (item.input, item.by_input) if name and inputs.get(name) is None]
        if absent:
            items[item.id] = None
            missing.extend(absent)
            continue
        value = inputs[item.input]
        if item.choices:
            stem = bool(inputs.get("stem_or_two_degrees"))
            exact = [c.points for c in item.choices if c.education == value and c.stem_or_two_degrees in (None, stem)]
            items[item.id] = max(exact, default=0)
            continue
        bands = item.bands
        if item.relaxed_input and inputs.get(item.relaxed_input) is True and item.relaxed_bands:
            bands = item.relaxed_bands
        if item.by_input:
            bands = _by_bands(item, inputs[item.by_input])
        items[item.id] = _band_points(bands, value, minimum_wage_annual, figures or {})
    bonus_items: dict[str, int] = {}
    for bonus in table.bonus:
        value = inputs.get(bonus.input)
        got = _tiered(bonus.tiers, int(value or 0)) if bonus.tiers else (bonus.points if value is True else 0)
        if got and not any(bonus_items.get(other) for other in bonus.excludes):
            bonus_items[bonus.id] = got
    deduction = 0
    for item_d in table.deductions:
        count = int(inputs.get(item_d.input) or 0)
        got = _tiered(item_d.tiers, count) if item_d.tiers else (item_d.points if count else 0)
        deduction += min(got, item_d.max_points) if item_d.max_points else got
    if table.table.deduction_cap:
        deduction = min(deduction, table.table.deduction_cap.points)
    held = sum(bonus_items.values())
    bonus = min(held, table.table.bonus_cap.points) if table.table.bonus_cap else held
    total = sum(v for v in items.values() if v is not None) + bonus - deduction
    return Score(
        table.table.id,
        table.table.effective,
        items,
        bonus,
        bonus_items,
        deduction,
        total,
        tuple(missing),
        table.table.pass_mark,
        held,
    )


class PointsTables:
    def __init__(self, data: DataDir) -> None:
        self.data = data
        self._files: dict[str, list[tuple[dt.date, Path]]] = {}
        folder = data.rulesets / "points"
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                match = POINTS_FILE.fullmatch(path.name)
                if match:
                    on = named_date(match.group(2), data.shown(path))
                    self._files.setdefault(match.group(1), []).append((on, path))
        self._loaded: dict[Path, Table] = {}

    def ids(self) -> list[str]:
        return sorted(self._files)

    def versions(self, table_id: str) -> list[dt.date]:
        return [d for d, _ in self._files.get(table_id, [])]

    def in_force(self, table_id: str, on: dt.date) -> Table:
        chosen = [p for d, p in self._files.get(table_id, []) if d <= on]
        if not chosen:
            raise OutOfRange(f"e7 holds no {table_id} points table in force on {on}")
        return self.load(chosen[-1])

    def load(self, path: Path) -> Table:
        if path not in self._loaded:
            shown = self.data.shown(path)
            table = structure(read_toml(path, shown), Table, shown)
            match = POINTS_FILE.fullmatch(path.name)
            if match and (table.table.id != match.group(1) or table.table.effective.isoformat() != match.group(2)):
                raise InputError(shown, "table", "expected id and effective date to match the file's name")
            names = {item.id: item for item in table.items} | {bonus.id: bonus for bonus in table.bonus}
            for index, raising in enumerate(table.raises):
                target = names.get(raising.item)
                fits = {"next_band": Item, "younger": Item, "set_true": Bonus, "next_tier": Bonus}[raising.step]
                if not isinstance(target, fits):
                    kind = "an item" if fits is Item else "a bonus"
                    raise InputError(shown, f"raises[{index}].item", f"expected {kind} of the table for {raising.step}")
            self._loaded[path] = table
        return self._loaded[path]
