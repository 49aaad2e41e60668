"""The catalogue as typed objects: snapshots, occupations, thresholds and their sources.

Every class is frozen. Validation that concerns one value lives here (a code's shape, a status letter,
a window that ends before it starts); validation across values (unique codes in a snapshot) lives in
``catalogue.py``. TOML and JSON reach these classes only through ``convert.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Literal

import attrs

Status = Literal["M", "N", "D", "U"]
Subcategory = Literal["E-7-1", "E-7-2", "E-7-3", "E-7-4"]
Group = Literal["managers", "professionals", "clerical", "service", "general_skilled", "skilled_points"]
WageRuleKind = Literal["announced", "minimum_wage", "gni_ratio", "fixed"]
Qualification = Literal["general", "none", "special"]
Precision = Literal["day", "month", "year"]
# the country of the university the Asian STEM route reads (visa manual 2026.6 p.175: 대상 국가(베트남, 중국,
# 태국, 일본, 인도, 인도네시아, 말레이시아, 싱가포르, 필리핀)); "other" for any other country (case.py imports it)
UniversityCountry = Literal[
    "vietnam", "china", "thailand", "japan", "india", "indonesia", "malaysia", "singapore", "philippines", "other"
]

STATUS_MEANING = {
    "M": "read in the Ministry of Justice manual",
    "N": "reported by news or secondary pages quoting an official release",
    "D": "derived (arithmetic or reconstruction from other sourced values)",
    "U": "unverified",
}
SUBCATEGORIES: tuple[str, ...] = ("E-7-1", "E-7-2", "E-7-3", "E-7-4")
GROUPS: tuple[str, ...] = (
    "managers",
    "professionals",
    "clerical",
    "service",
    "general_skilled",
    "skilled_points",
)
GROUP_TITLES = {
    "managers": ("관리자", "Managers"),
    "professionals": ("전문가 및 관련종사자", "Professionals and related workers"),
    "clerical": ("사무종사자", "Clerical workers"),
    "service": ("서비스 종사자", "Service workers"),
    "general_skilled": ("일반기능인력", "General skilled workers"),
    "skilled_points": ("숙련기능인력(점수제)", "Skilled workers (points system)"),
}

CODE_PATTERN = re.compile(r"S?[0-9]{3,5}")
OCCUPATION_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _matches(pattern: re.Pattern[str], expected: str):
    def check(_instance: object, attribute: attrs.Attribute, value: str) -> None:
        if not pattern.fullmatch(value):
            raise ValueError(f"{attribute.name}: expected {expected}, got {value!r}")

    return check


def _not_negative(_instance: object, attribute: attrs.Attribute, value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name}: expected a number >= 0, got {value!r}")


# Upper bounds on the catalogue's numbers, as a case's (engine/core/case.py): a larger value is a typing error, and
# one past 64 bits breaks every later check in the rule engine. Checked at import and when a snapshot loads.
MAX_KRW = 10**13  # 10 trillion won
MAX_COUNT = 10**9  # employees, quotas, list positions, points


def _at_most(high: int, what: str):
    def check(instance: object, attribute: attrs.Attribute, value: float) -> None:
        _not_negative(instance, attribute, value)
        if value > high:
            raise ValueError(f"{attribute.name}: expected {what} of at most {high:_}, got {value!r}")

    return check


_krw = _at_most(MAX_KRW, "an amount in won")
_count = _at_most(MAX_COUNT, "a count")


def _year(_instance: object, attribute: attrs.Attribute, value: int) -> None:
    if not 1900 <= value <= 9999:
        raise ValueError(f"{attribute.name}: expected a year from 1900 to 9999, got {value!r}")


def _years(_instance: object, attribute: attrs.Attribute, value: float) -> None:
    if not 0 <= value <= 80:
        raise ValueError(f"{attribute.name}: expected a number of years from 0 to 80, got {value!r}")


def _ratio(_instance: object, attribute: attrs.Attribute, value: float) -> None:
    if not 0 <= value <= 10:
        raise ValueError(f"{attribute.name}: expected a ratio between 0 and 10, got {value!r}")


def _non_empty(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: expected a non-empty text")


valid_code = _matches(CODE_PATTERN, "an occupation code of 3 to 5 digits, optionally after S (e.g. 2223, S2855)")


@attrs.frozen
class Source:
    """Where a value came from and how sure it is (M/N/D/U, see ``STATUS_MEANING``)."""

    document: str = attrs.field(validator=_non_empty)
    status: Status
    edition: str = ""
    pages: str = ""
    url: str = ""
    note: str = ""

    def cite(self) -> str:
        parts = [self.document]
        if self.edition:
            parts.append(self.edition)
        if self.pages:
            parts.append(f"p. {self.pages}")
        return ", ".join(parts) + f" [{self.status}]"


@attrs.frozen
class WageRule:
    """How the salary of one occupation is judged (the general rule of its subcategory unless ``text``)."""

    rule: WageRuleKind
    ratio: float = attrs.field(default=0.0, validator=_ratio)
    amount_krw: int = attrs.field(default=0, validator=_krw)
    text: str = ""

    def __attrs_post_init__(self) -> None:
        if self.rule == "gni_ratio" and self.ratio <= 0:
            raise ValueError("ratio: expected a ratio > 0 for rule 'gni_ratio'")
        if self.rule == "fixed" and self.amount_krw <= 0:
            raise ValueError("amount_krw: expected an amount > 0 for rule 'fixed'")


@attrs.frozen
class EmployerRule:
    """Employer requirements an occupation sets beyond the general domestic-employment rules."""

    min_domestic_employees: int = attrs.field(default=0, validator=_count)
    foreign_ratio: float = attrs.field(default=0.0, validator=_ratio)
    max_per_employer: int = attrs.field(default=0, validator=_count)
    text: str = ""


@attrs.frozen
class Pilot:
    """A pilot window: the code is open only from ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date
    precision: Precision = "day"
    quota: int = attrs.field(default=0, validator=_count)
    quota_text: str = ""

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"end: expected a date on or after start {self.start}, got {self.end}")

    def is_open(self, on: dt.date) -> bool:
        return self.start <= on <= self.end


@attrs.frozen
class Code:
    """One occupation as one snapshot lists it.

    ``occupation`` is the identity that survives renumbering; ``code`` is what the list prints on the date.
    """

    occupation: str = attrs.field(
        validator=_matches(OCCUPATION_PATTERN, "a kebab-case identity such as 'web-developer'")
    )
    code: str = attrs.field(validator=valid_code)
    subcategory: Subcategory
    group: Group
    list_number: int = attrs.field(validator=_count)
    title_ko: str = attrs.field(validator=_non_empty)
    title_en: str = attrs.field(validator=_non_empty)
    source: Source
    wage: WageRule
    former_code: str = ""
    section_title_ko: str = ""
    description: str = ""
    examples: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    recommender: str = ""
    recommendation_required: bool = False
    guarantee_required: bool = False
    domestic_protection: bool = False
    protection_note: str = ""
    qualification: Qualification = "general"
    requirements: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    employer: EmployerRule = EmployerRule()
    pilot: Pilot | None = None
    terms: tuple[str, ...] = ()

    def is_open(self, on: dt.date) -> bool:
        """Listed codes are open, except pilots outside their window."""
        return self.pilot is None or self.pilot.is_open(on)


@attrs.frozen
class Renumbering:
    """An occupation that keeps its identity and gets a new code from ``effective`` on."""

    occupation: str
    old_code: str = attrs.field(validator=valid_code)
    new_code: str = attrs.field(validator=valid_code)
    effective: dt.date
    source: Source


@attrs.frozen
class Retirement:
    """An occupation that a notice took off the list from ``effective`` on, with its successor if any.

    ``code`` and ``title_ko`` are as the list printed them before the retirement; ``successor`` is the code
    the notice names (as listed on ``effective``) and ``successor_occupation`` the identity behind it, so
    that the successor can be followed across later renumberings.
    """

    occupation: str
    code: str = attrs.field(validator=valid_code)
    title_ko: str
    effective: dt.date
    reason: str = attrs.field(validator=_non_empty)
    notice: str
    source: Source
    successor: str = attrs.field(default="", validator=lambda i, a, v: v == "" or valid_code(i, a, v))
    successor_occupation: str = ""


@attrs.frozen
class Track:
    """An E-7-S track: no occupation list, an income or points rule instead."""

    id: str
    title_ko: str
    title_en: str
    rule: str
    source: Source
    gni_multiple: float = attrs.field(default=0.0, validator=_ratio)
    min_points: int = attrs.field(default=0, validator=_count)
    excluded: tuple[str, ...] = ()


@attrs.frozen
class AnnouncedWage:
    """The annual amount the Minister announces for a subcategory, in force from ``effective``."""

    effective: dt.date
    subcategory: Subcategory
    amount_krw: int = attrs.field(validator=_krw)
    source: Source
    note: str = ""


@attrs.frozen
class MinimumWage:
    """The statutory minimum wage of one year (hourly, and monthly at 209 hours)."""

    year: int = attrs.field(validator=_year)
    effective: dt.date
    hourly_krw: int = attrs.field(validator=_krw)
    monthly_krw: int = attrs.field(validator=_krw)
    source: Source


@attrs.frozen
class Gni:
    """Gross national income per capita of one year (Bank of Korea)."""

    year: int = attrs.field(validator=_year)
    amount_krw: int = attrs.field(validator=_krw)
    estimate: Literal["preliminary", "revised"]
    source: Source
    published: dt.date | None = None


@attrs.frozen
class GniRatioRule:
    """A wage floor expressed as a multiple of the previous year's GNI per capita."""

    id: str
    effective: dt.date
    ratio: float = attrs.field(validator=_ratio)
    text: str
    source: Source
    precision: Precision = "day"
    applies_to: str = ""
    max_prior_e7_years: float = attrs.field(default=0.0, validator=_years)


@attrs.frozen
class Thresholds:
    """The dated figures that rules compare against; each entry resolves by its own date."""

    wages: tuple[AnnouncedWage, ...] = ()
    minimum_wage: tuple[MinimumWage, ...] = ()
    gni: tuple[Gni, ...] = ()
    gni_ratios: tuple[GniRatioRule, ...] = ()


@attrs.frozen
class SnapshotInfo:
    """What a snapshot is, where it came from and, for a reconstructed one, how it was derived."""

    id: str
    effective: dt.date
    title: str
    status: Status
    source: Source
    derived_from: str = ""
    events: tuple[str, ...] = ()
    note: str = ""


@attrs.frozen
class Snapshot:
    """The whole list on its effective date (not a delta), with the thresholds known then.

    ``renumbered`` holds every renumbering in force on the date (carried forward from earlier snapshots), so
    that the snapshot alone tells what became of a former code; ``retired`` holds every retirement by notice
    the same way (carried forward), with the notice and the successor.
    """

    snapshot: SnapshotInfo
    codes: tuple[Code, ...] = ()
    renumbered: tuple[Renumbering, ...] = ()
    retired: tuple[Retirement, ...] = ()
    tracks: tuple[Track, ...] = ()
    thresholds: Thresholds = Thresholds()

    @property
    def id(self) -> str:
        return self.snapshot.id

    @property
    def effective(self) -> dt.date:
        return self.snapshot.effective

    def by_code(self) -> dict[str, Code]:
        return self._by_code

    def by_occupation(self) -> dict[str, Code]:
        return self._by_occupation

    def position_of(self, occupation: str) -> int | None:
        """The position in ``codes`` of an occupation's code, if it is listed."""
        return self._positions.get(occupation)

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        positions: dict[str, int] = {}
        for i, c in enumerate(self.codes):
            positions.setdefault(c.occupation, i)
        return positions

    @functools.cached_property
    def _by_code(self) -> dict[str, Code]:
        return {c.code: c for c in self.codes}

    @functools.cached_property
    def _by_occupation(self) -> dict[str, Code]:
        return {c.occupation: c for c in self.codes}
