"""Coverage of the rulebook: the traceability matrix (``rulesets/coverage.toml``) and the figure it gives.

Each requirement the MoJ manuals state on a traced page is an entry: where it is (manual, pages), its area,
a paraphrase and the manual's words, and whether e7 checks it (``covered`` by rules, ``partial``, or
``not_checked`` with the kind of reason). The figure is computed from these entries only, so it speaks for
the traced pages; the file also lists the page ranges not traced yet, which every report shows beside it.

Formula (docs/rulesets.md, "Coverage"): for an area, ``(covered + 0.5 × partial) / counted``, where
``counted`` is every requirement of the area except those ``out_of_scope`` (requirements of other kinds of
application that e7 does not handle, such as visas a consul issues at discretion). Requirements left to an
officer's discretion or undecidable from a case file stay in ``counted``: they are requirements e7 does not
check, and the figure says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Literal

import attrs

from engine.core.convert import read_toml, structure
from engine.core.errors import InputError, OutOfRange
from engine.data.folders import DataDir
from engine.rules.rulesets import Rulesets

Area = Literal[
    "general",
    "employer",
    "documents",
    "extension",
    "change_of_workplace",
    "change_of_status",
    "e7_4",
    "f2_7",
    "per_code",
]
AREAS: tuple[str, ...] = Area.__args__  # type: ignore[attr-defined]
Status = Literal["covered", "partial", "not_checked"]
Reason = Literal["cannot_be_decided_from_a_case_file", "officers_discretion", "out_of_scope", "not_yet_built"]
UnmappedKind = Literal["not_a_manual_requirement", "not_yet_traced"]

FILE = "coverage.toml"
_PAGES = re.compile(r"(\d{1,4}(-\d{1,4})?(, \d{1,4}(-\d{1,4})?)*)?")  # empty: a secondary source, no pages
_ID = re.compile(r"[a-z0-9_]+(\.[a-z0-9-]+)+")


def _pages(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not _PAGES.fullmatch(value):
        raise ValueError(f"{attribute.name}: expected page numbers such as '172' or '172-173, 176', got {value!r}")


def _text(_instance: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: expected a non-empty text")


@attrs.frozen
class Manual:
    id: str = attrs.field(validator=_text)
    document: str = attrs.field(validator=_text)
    edition: str = attrs.field(validator=_text)
    dated: dt.date
    source: str = attrs.field(validator=_text)
    # M: the manual's text is in e7's sources; N: a chapter e7 holds only through secondary sources, whose
    # requirements name their source (URL) instead of pages
    status: Literal["M", "N"] = "M"


@attrs.frozen
class PageRange:
    manual: str
    pages: str = attrs.field(validator=_pages)
    note: str = ""


@attrs.frozen
class Requirement:
    id: str
    manual: str
    pages: str = attrs.field(validator=_pages)
    area: Area
    text: str = attrs.field(validator=_text)
    korean: str = attrs.field(validator=_text)
    status: Status
    rules: tuple[str, ...] = ()
    missing: str = ""
    reason: Reason | None = None
    why: str = ""
    source: str = ""  # where a requirement of a secondary (status N) manual entry was read: a URL or document

    def __attrs_post_init__(self) -> None:
        if not _ID.fullmatch(self.id):
            raise ValueError(f"id: expected a dotted lower-case id such as 'general.stay-cap', got {self.id!r}")
        if self.status in ("covered", "partial") and not self.rules:
            raise ValueError(f"rules: expected the ids of the rules that check a {self.status} requirement")
        if self.status == "partial" and not self.missing.strip():
            raise ValueError("missing: expected what a partial requirement's rules do not check")
        if self.status == "not_checked":
            if self.rules:
                raise ValueError("rules: expected none on a not_checked requirement (use partial)")
            if self.reason is None:
                raise ValueError("reason: expected the kind of reason a requirement is not checked")
            if not self.why.strip():
                raise ValueError("why: expected a sentence saying why the requirement is not checked")
        elif self.reason is not None:
            raise ValueError(f"reason: expected only on a not_checked requirement, this one is {self.status}")


@attrs.frozen
class Unmapped:
    rule: str
    kind: UnmappedKind
    why: str = attrs.field(validator=_text)


@attrs.frozen
class Matrix:
    manuals: tuple[Manual, ...]
    traced: tuple[PageRange, ...]
    untraced: tuple[PageRange, ...]
    requirements: tuple[Requirement, ...]
    unmapped: tuple[Unmapped, ...] = ()

    def manual(self, manual_id: str) -> Manual:
        return next(m for m in self.manuals if m.id == manual_id)


@attrs.frozen
class AreaFigure:
    area: str
    covered: int
    partial: int
    not_checked: int
    out_of_scope: int

    @property
    def counted(self) -> int:
        return self.covered + self.partial + self.not_checked

    @property
    def coverage(self) -> float | None:
        """(covered + 0.5 × partial) / counted; None for an area with nothing counted yet."""
        if not self.counted:
            return None
        return (self.covered + 0.5 * self.partial) / self.counted


def _check_references(matrix: Matrix, where: str) -> None:
    known = {m.id for m in matrix.manuals}
    for field, ranges in (("traced", matrix.traced), ("untraced", matrix.untraced)):
        for i, r in enumerate(ranges):
            if r.manual not in known:
                raise InputError(where, f"{field}[{i}].manual", f"expected one of {sorted(known)}, got {r.manual!r}")
    seen: set[str] = set()
    for i, req in enumerate(matrix.requirements):
        if req.manual not in known:
            raise InputError(where, f"requirements[{i}].manual", f"expected one of {sorted(known)}, got {req.manual!r}")
        if req.id in seen:
            raise InputError(where, f"requirements[{i}].id", f"expected a unique id, {req.id!r} is used twice")
        secondary = matrix.manual(req.manual).status == "N"
        if secondary and not req.source.strip():
            raise InputError(where, f"requirements[{i}].source", "expected the URL or document it was read in")
        if not secondary and not req.pages:
            raise InputError(where, f"requirements[{i}].pages", "expected page numbers such as '172'")
        seen.add(req.id)
    rules = [u.rule for u in matrix.unmapped]
    for i, rule in enumerate(rules):
        if rules.index(rule) != i:
            raise InputError(where, f"unmapped[{i}].rule", f"expected each rule once, {rule!r} is listed twice")


def load(data: DataDir) -> Matrix:
    """The matrix of a data folder; a malformed file is an ``InputError`` naming the file and the field."""
    path = data.rulesets / FILE
    where = data.shown(path)
    matrix = structure(read_toml(path, where), Matrix, where)
    _check_references(matrix, where)
    return matrix


@attrs.frozen
class UnknownRule:
    requirement: str
    rule: str
    ruleset: str


def unknown_rules(matrix: Matrix, rulesets: Rulesets) -> list[UnknownRule]:
    """Rules a covered or partial requirement names that the ruleset in force on its manual's date lacks (a
    history rule, ``history.*``: the history ruleset in force then, rulesets/history/)."""
    history = history_rulesets(rulesets)
    found = []
    for req in matrix.requirements:
        dated = matrix.manual(req.manual).dated
        version = rulesets.in_force_id(dated)
        ids = {r.id for r in rulesets.get(version).rules}
        history_version = history_version_of(history, dated) if history is not None else ""
        if history is not None:
            ids |= {r.id for r in history.get(history_version).rules}
        for rule in req.rules:
            if rule not in ids:
                found.append(UnknownRule(req.id, rule, history_version if rule.startswith("history.") else version))
    return found


def history_rulesets(rulesets: Rulesets) -> Rulesets | None:
    """The history rulesets beside the case rulesets, if the data folder has them."""
    folder = rulesets.data.rulesets / "history"
    return Rulesets(rulesets.data, folder, "e7-history") if folder.is_dir() else None


def history_version_of(history: Rulesets, on: dt.date) -> str:
    """The history version in force on a date (the first before it, as the history planner does)."""
    try:
        return history.in_force_id(on)
    except OutOfRange:
        return history.ids[0]


def untraced_rules(matrix: Matrix, rulesets: Rulesets) -> list[str]:
    """Rules of the newest ruleset that no requirement names and the unmapped list does not explain."""
    named = {rule for req in matrix.requirements for rule in req.rules} | {u.rule for u in matrix.unmapped}
    newest = rulesets.get(rulesets.ids[-1])
    return [r.id for r in newest.rules if r.id not in named]


def figures(matrix: Matrix) -> list[AreaFigure]:
    """One figure per area in ``AREAS`` order, then ``all``."""

    def count(reqs: list[Requirement], area: str) -> AreaFigure:
        return AreaFigure(
            area,
            covered=sum(r.status == "covered" for r in reqs),
            partial=sum(r.status == "partial" for r in reqs),
            not_checked=sum(r.status == "not_checked" and r.reason != "out_of_scope" for r in reqs),
            out_of_scope=sum(r.reason == "out_of_scope" for r in reqs),
        )

    by_area = [count([r for r in matrix.requirements if r.area == a], a) for a in AREAS]
    return [*by_area, count(list(matrix.requirements), "all")]


def _percent(value: float | None) -> str:
    return "not traced yet" if value is None else f"{value * 100:.0f}%"


def _range(matrix: Matrix, r: PageRange) -> str:
    m = matrix.manual(r.manual)
    return f"{m.document} {m.edition} pp.{r.pages}" + (f" ({r.note})" if r.note else "")


def to_text(matrix: Matrix) -> str:
    lines = ["Coverage of the rulebook over the traced pages: (covered + 0.5 x partial) / counted", ""]
    lines.append(f"{'area':<21}{'coverage':>15}{'covered':>9}{'partial':>9}{'not checked':>13}{'out of scope':>14}")
    for f in figures(matrix):
        lines.append(
            f"{f.area:<21}{_percent(f.coverage):>15}{f.covered:>9}{f.partial:>9}{f.not_checked:>13}{f.out_of_scope:>14}"
        )
    lines += ["", "Traced page ranges:"] + [f"  {_range(matrix, r)}" for r in matrix.traced]
    lines += ["", "Not traced yet (the figure says nothing about them):"]
    lines += [f"  {_range(matrix, r)}" for r in matrix.untraced] or ["  none"]
    return "\n".join(lines) + "\n"


def to_json(matrix: Matrix) -> str:
    def ranges(items: tuple[PageRange, ...]) -> list[dict[str, str]]:
        return [{"manual": r.manual, "pages": r.pages, "note": r.note} for r in items]

    body = {
        "formula": "(covered + 0.5 * partial) / (covered + partial + not_checked); out_of_scope is not counted",
        "areas": [
            {
                "area": f.area,
                "coverage": None if f.coverage is None else round(f.coverage, 4),
                "covered": f.covered,
                "partial": f.partial,
                "not_checked": f.not_checked,
                "out_of_scope": f.out_of_scope,
            }
            for f in figures(matrix)
        ],
        "manuals": [
            {"id": m.id, "document": m.document, "edition": m.edition, "dated": m.dated.isoformat()}
            for m in matrix.manuals
        ],
        "traced": ranges(matrix.traced),
        "untraced": ranges(matrix.untraced),
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def path_of(data: DataDir) -> Path:
    return data.rulesets / FILE
