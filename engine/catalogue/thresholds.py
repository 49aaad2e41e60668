"""Thresholds in force on a date. Each series resolves by its own dates, inside the snapshot in force."""

from __future__ import annotations

import datetime as dt

import attrs

from engine.core.model import SUBCATEGORIES, AnnouncedWage, Gni, GniRatioRule, MinimumWage, Snapshot


@attrs.frozen
class RatioAmount:
    """A GNI-ratio rule turned into an amount with the GNI it used (status D: arithmetic on sourced values)."""

    rule: GniRatioRule
    gni: Gni | None

    @property
    def amount_krw(self) -> int | None:
        if self.gni is None:
            return None
        return round_krw(self.rule.ratio * self.gni.amount_krw)


def round_krw(value: float) -> int:
    """Round half up to the won (Python's round() is half-to-even)."""
    return int(value + 0.5)


@attrs.frozen
class ThresholdsOn:
    on: dt.date
    snapshot: str
    wages: tuple[tuple[str, AnnouncedWage | None], ...]
    minimum_wage: MinimumWage | None
    gni: Gni | None  # the previous year's GNI per capita
    ratios: tuple[RatioAmount, ...]

    def wage(self, subcategory: str) -> AnnouncedWage | None:
        return dict(self.wages).get(subcategory)

    def ratio(self, rule_id: str) -> RatioAmount | None:
        return next((r for r in self.ratios if r.rule.id == rule_id), None)


def _latest(entries, on: dt.date):
    chosen = None
    for entry in entries:
        if entry.effective <= on and (chosen is None or entry.effective >= chosen.effective):
            chosen = entry
    return chosen


def previous_year_gni(snapshot: Snapshot, on: dt.date) -> Gni | None:
    """The "전년도 GNI" on a date: the figure of the year before, once published.

    The Bank of Korea publishes a year's figure in the spring of the next year, so early in a year the
    figure in use is still the one of two years before. e7 takes the record of year(on) - 1 if it was
    published on or before ``on`` (or its publication date is not recorded), else the record of
    year(on) - 2. e7 keeps one figure per year: where a preliminary figure was in use before the recorded
    (revised) one was published, the year before's figure is used instead.
    """
    by_year = {g.year: g for g in snapshot.thresholds.gni}
    last = by_year.get(on.year - 1)
    if last is not None and (last.published is None or last.published <= on):
        return last
    return by_year.get(on.year - 2)


def resolve(snapshot: Snapshot, on: dt.date) -> ThresholdsOn:
    t = snapshot.thresholds
    wages = tuple((sub, _latest([w for w in t.wages if w.subcategory == sub], on)) for sub in SUBCATEGORIES)
    minimum = _latest([m for m in t.minimum_wage if m.year == on.year], on)
    gni = previous_year_gni(snapshot, on)
    ratios = tuple(RatioAmount(rule, gni) for rule in _latest_by_id(t.gni_ratios, on))
    return ThresholdsOn(on, snapshot.id, wages, minimum, gni, ratios)


def _latest_by_id(rules: tuple[GniRatioRule, ...], on: dt.date) -> list[GniRatioRule]:
    ids: list[str] = []
    for rule in rules:
        if rule.id not in ids:
            ids.append(rule.id)
    found = [_latest([r for r in rules if r.id == rule_id], on) for rule_id in ids]
    return [r for r in found if r is not None]
