"""Which named papers a file lacks: the lists the manuals give (ruleset parameters ``general_papers`` and
``e7_4_papers``, by kind of application, and ``code_papers``, by occupation) against the papers the case says it
holds (``documents.attached``).

A row of a list is ``{ paper = NAME }`` or ``{ any = [NAME, ...] }`` (one of them is enough; ``A + B`` inside
``any`` means both), with an optional ``where`` (a condition of the rules' language, engine/rules/conditions.py:
the paper is needed only where it holds, e.g. the degree certificate where the case states a degree), ``unless`` (a
condition under which it is not needed, e.g. a law-abiding company's establishment documents; either may be a list of
conditions that must all hold, e.g. a code and the dates of a pilot), and ``listed =
true`` (the manual asks it of some applicants only and a case does not say which: it is named in the finding, never
counted missing; with a ``where``, named only where it holds, e.g. while the case does not say whether the employer
is one of those applicants). Deciding the missing papers is a set difference; the rules documents.general-papers,
documents.code-papers and documents.e7-4-papers decide what a missing paper means. Nothing here runs unless the
case gives ``documents.attached``, so the files that say only ``documents.code_documents`` keep their outcomes.

May import engine.core and engine.rules.conditions (called by engine/rules/facts.py while it prepares a case).
"""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from engine.core.case import Case
from engine.core.papers import PAPER_WORDS
from engine.rules.conditions import compile_python, parse

GENERAL_PAPERS = "general_papers"
CODE_PAPERS = "code_papers"
E7_4_PAPERS = "e7_4_papers"
GUARANTEE_YEARS = "e7_4_guarantee_years"


@attrs.frozen
class PaperRow:
    """One line of a list: the papers that satisfy it (each a set of names all needed) and where it applies."""

    options: tuple[tuple[str, ...], ...]
    where: tuple[Any, ...] = ()  # all must hold; none: always
    listed: bool = False
    unless: tuple[Any, ...] = ()  # all must hold for the paper not to be needed; none: never

    @classmethod
    def parse(cls, row: dict[str, Any]) -> PaperRow:
        unknown = set(row) - {"paper", "any", "where", "unless", "listed"}
        if unknown or ("paper" in row) == ("any" in row):
            raise ValueError(f"value: expected a row with paper or any (and where, listed), got {row!r}")
        names = [row["paper"]] if "paper" in row else list(row["any"])
        options = tuple(tuple(part.strip() for part in name.split("+")) for name in names)
        for option in options:
            for name in option:
                if name not in PAPER_WORDS:
                    raise ValueError(f"value: unknown paper {name!r} (engine/core/papers.py names them)")
        where, unless = _conditions(row.get("where")), _conditions(row.get("unless"))
        for condition in (*where, *unless):
            parse(condition)  # a condition malformed is refused on reading
        return cls(options, where, bool(row.get("listed", False)), unless)

    def needed(self, context: dict[str, Any]) -> bool:
        if self.listed or (self.where and not _all_hold(self.where, context)):
            return False
        return not (self.unless and _all_hold(self.unless, context))

    def words(self) -> str:
        return " / ".join(" + ".join(_words(n) for n in option) for option in self.options)


def is_paper_row(row: Any) -> bool:
    return isinstance(row, dict) and ("paper" in row or "any" in row)


def _words(name: str) -> str:
    korean, english = PAPER_WORDS[name]
    return f"{korean} ({english})"


def _conditions(raw: Any) -> tuple[Any, ...]:
    """A row's where or unless: one condition or a list of them (all must hold); a condition is a text or a group
    of the rules' language (``{ any = [...] }``, ``{ all = [...] }``)."""
    if raw is None or raw == "":
        return ()
    return tuple(c if isinstance(c, dict) else str(c) for c in (raw if isinstance(raw, list) else [raw]))


def _all_hold(conditions: tuple[Any, ...], context: Any) -> bool:
    return all(_holds(c)(context) for c in conditions)


_COMPILED: dict[str, Callable[[dict[str, Any]], bool]] = {}  # each condition compiled once, keyed by its text


def _holds(condition: Any) -> Callable[[dict[str, Any]], bool]:
    key = repr(condition)
    predicate = _COMPILED.get(key)
    if predicate is None:
        predicate = _COMPILED[key] = compile_python(parse(condition))
    return predicate


def _context(case: Case, fact: dict[str, Any]) -> ChainMap[str, Any]:
    """The facts a row's ``where`` may read: a few case fields only these lists read, over the application fact."""
    context: dict[str, Any] = {}
    context["issued_abroad"] = case.documents.issued_abroad
    context["abroad_papers_in_english"] = case.documents.abroad_papers_in_english
    context["employer_sector"] = case.employer.sector
    context["employer_shipbuilding"] = case.employer.shipbuilding
    context["compliance_designation"] = case.employer.compliance_designation  # put later by exemption_facts
    if case.e7_4 is not None:  # read before the E-7-4 points facts are put
        context["e74_employer_recommendation"] = case.e7_4.employer_recommendation
        context["e74_licence_or_korean_degree"] = case.e7_4.licence_or_korean_degree
        context["e74_korean_driving_licence"] = case.e7_4.korean_driving_licence
        context["construction_amount_krw"] = case.e7_4.construction_amount_krw
    context["experience_years"] = case.applicant.experience_years
    context["skill_test_passed"] = case.applicant.skill_test_passed
    context["korean_test"] = case.applicant.korean_test
    context["code_licence"] = case.applicant.code_licence  # the licence the code's section names
    return ChainMap(context, fact)


def _held(case: Case) -> set[str]:
    d = case.documents
    held = set(d.attached or ())
    # the yes/no fields that name one of these papers count as it (a file may state either)
    if d.guarantee:
        held.add("guarantee")
    if d.income_certificate:
        held.add("income_certificate")
    return held


# the rows of each list, parsed once: keyed by the list's identity, which the ruleset keeps for the process
_PARSED: dict[int, tuple[list[dict[str, Any]], tuple[PaperRow, ...]]] = {}


def _rows(raw: list[dict[str, Any]]) -> tuple[PaperRow, ...]:
    hit = _PARSED.get(id(raw))
    if hit is None or hit[0] is not raw:
        hit = (raw, tuple(PaperRow.parse(r) for r in raw))
        _PARSED[id(raw)] = hit
    return hit[1]


def missing_papers(
    rows: list[dict[str, Any]], held: set[str], context: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """The rows this case lacks and the rows named for some applicants only, each in the manual's words."""
    missing: list[str] = []
    listed: list[str] = []
    for row in _rows(rows):
        if row.listed:
            if not row.where or _all_hold(row.where, context):  # named where its condition holds, or always
                listed.append(row.words())
        elif row.needed(context) and not any(set(o) <= held for o in row.options):
            missing.append(row.words())
    return missing, listed


def guarantee_facts(case: Case, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    """An E-7-4 letter of guarantee: who guarantees, and the last day its period must reach for the stay of
    parameter e7_4_guarantee_years from the filing date (the day before the same date that many years on: a
    guarantee of 2026-07-01 to 2028-06-30 covers 2 years). Days as ordinals, so that the rule compares numbers."""
    d = case.documents
    if d.guarantee_by_employer is not None:
        fact["e74_guarantee_by_employer"] = d.guarantee_by_employer
    years = parameters.get(GUARANTEE_YEARS)
    if d.guarantee_until is None or years is None or case.filed_on is None:
        return
    start = case.filed_on
    try:
        later = start.replace(year=start.year + int(years.value))
    except ValueError:  # 29 February into a common year
        later = start.replace(year=start.year + int(years.value), day=28)
    needed = later - dt.timedelta(days=1)
    fact["e74_guarantee_until"] = d.guarantee_until.isoformat()
    fact["e74_guarantee_until_day"] = d.guarantee_until.toordinal()
    fact["e74_guarantee_needed"] = needed.isoformat()
    fact["e74_guarantee_needed_day"] = needed.toordinal()


def papers_facts(
    occupation: str, subcategory: str, case: Case, parameters: dict[str, Any], fact: dict[str, Any]
) -> None:
    if subcategory == "E-7-4":
        guarantee_facts(case, parameters, fact)
    if case.documents.attached is None:
        return
    fact["attached_count"] = len(case.documents.attached)
    held, context = _held(case), _context(case, fact)
    for name, table, key in (
        ("general_papers", parameters.get(GENERAL_PAPERS), case.kind),
        ("code_papers", parameters.get(CODE_PAPERS), occupation),
        ("e74_papers", parameters.get(E7_4_PAPERS) if subcategory == "E-7-4" else None, case.kind),
    ):
        if table is None or key not in table.value:
            continue
        missing, listed = missing_papers(table.value[key], held, context)
        fact[f"{name}_missing_count"] = len(missing)
        fact[f"{name}_missing"] = "; ".join(missing) or "none"
        fact[f"{name}_listed"] = "; ".join(listed) or "none named"
