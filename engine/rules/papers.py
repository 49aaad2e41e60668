"""Which named papers a file lacks: the lists the manuals give (ruleset parameters ``general_papers`` and
``e7_4_papers``, by kind of application, and ``code_papers``, by occupation) against the papers the case says it
holds (``documents.attached``).

A row of a list is ``{ paper = NAME }`` or ``{ any = [NAME, ...] }`` (one of them is enough; ``A + B`` inside
``any`` means both), with an optional ``where`` (a condition of the rules' language, engine/rules/conditions.py:
the paper is needed only where it holds, e.g. the degree certificate where the case states a degree), ``unless`` (a
condition under which it is not needed, e.g. a law-abiding company's establishment documents; either may be a list of
conditions that must all hold, e.g. a code and the dates of a pilot), ``listed =
true`` (the manual asks it of some applicants only and a case does not say which: it is named in the finding, never
counted missing), ``decided_by`` (the facts, keys of DECIDING_FIELDS, that tell whether a paper the manual asks of
some applicants only (해당자에 한함) applies: where one of them is not known the row is named as a listed one is,
with the case field that would decide it; where all are known its ``where`` and ``unless`` decide) and ``risk =
true`` (a missing paper whose exemptions the manual leaves open, e.g. with 등: counted in ``*_risk_missing``, which
a rule of severity risk reads, not in ``*_missing``). Deciding the missing papers is a set difference; the rules
documents.general-papers, documents.code-papers(-risk) and documents.e7-4-papers decide what a missing paper means.
Nothing here runs unless the case gives ``documents.attached``, so the files that say only
``documents.code_documents`` keep their outcomes.

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

# the facts a row's decided_by may name, each with the case field(s) a user states to decide it (papers3, issue 18)
DECIDING_FIELDS = {
    "business_kind": "employer.business_kind",
    "section_route": "position.section_route",
    "code_licence": "applicant.code_licence",
    "code_training_completed": "applicant.code_training_completed",
    "tourist_facility_designated": "employer.tourist_facility_designated",
    "employer_shipbuilding": "employer.shipbuilding",
    "coastal_regular_service": "employer.coastal_regular_service",
    "criminal_record_exempt": (
        "applicant.code_licence (the home country's teacher licence), position.hired_through_fair, "
        "applicant.korea_teacher_years_recent"
    ),
}


@attrs.frozen
class PaperRow:
    """One line of a list: the papers that satisfy it (each a set of names all needed) and where it applies."""

    options: tuple[tuple[str, ...], ...]
    where: tuple[Any, ...] = ()  # all must hold; none: always
    listed: bool = False
    unless: tuple[Any, ...] = ()  # all must hold for the paper not to be needed; none: never
    decided_by: tuple[str, ...] = ()  # facts that must all be known for where/unless to decide; else named only
    risk: bool = False  # missing, it is counted apart (*_risk_missing) for a rule of severity risk

    @classmethod
    def parse(cls, row: dict[str, Any]) -> PaperRow:
        unknown = set(row) - {"paper", "any", "where", "unless", "listed", "decided_by", "risk"}
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
        raw = row.get("decided_by", ())
        decided_by = tuple([raw] if isinstance(raw, str) else raw)
        for name in decided_by:
            if name not in DECIDING_FIELDS:
                raise ValueError(f"value: decided_by {name!r} is not one of {', '.join(DECIDING_FIELDS)}")
        return cls(options, where, bool(row.get("listed", False)), unless, decided_by, bool(row.get("risk", False)))

    def undecided(self, context: Mapping[str, Any]) -> list[str]:
        """The case fields that would decide a paper asked of some applicants only, where the case lacks them."""
        return [DECIDING_FIELDS[n] for n in self.decided_by if context.get(n) is None]

    def needed(self, context: Mapping[str, Any]) -> bool:
        if self.listed or (self.where and not _all_hold(self.where, context)):
            return False
        return not (self.unless and _all_hold(self.unless, context))

    def words(self) -> str:
        return " / ".join(" + ".join(paper_words(n) for n in option) for option in self.options)


def is_paper_row(row: Any) -> bool:
    return isinstance(row, dict) and ("paper" in row or "any" in row)


def paper_words(name: str) -> str:
    """A paper's name in the manual's words, its English beside them."""
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
    # 내항정기운송사업만 해당 (stay p.310): asked only of a coastal shipping employer (employer.sector)
    e = case.employer
    context["coastal_regular_service"] = e.coastal_regular_service if e.sector == "coastal_shipping" else False
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
    # what decides the papers a section asks of some applicants only (해당자에 한함; papers3)
    context["business_kind"] = case.employer.business_kind
    context["tourist_facility_designated"] = case.employer.tourist_facility_designated
    context["code_training_completed"] = case.applicant.code_training_completed
    context["criminal_record_exempt"] = criminal_record_exempt(case)
    return ChainMap(context, fact)


def criminal_record_exempt(case: Case) -> bool | None:
    """2599 (visa manual 2026.6 pp.212-213): the criminal record certificate is spared 해당국 교원자격증 소지자,
    채용박람회를 통해 채용된 교사, 최근 5년 이내 국내에서 회화지도강사(E-2) 또는 외국인교사(E-7)로 3년 이상 근무한 자:
    True where one of them holds, False where the case says none does, None where it cannot tell."""
    a, p = case.applicant, case.position
    recent = a.korea_teacher_years_recent
    exemptions = (a.code_licence, p.hired_through_fair, None if recent is None else recent >= 3)
    if any(e is True for e in exemptions):
        return True
    return False if all(e is False for e in exemptions) else None


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
    rows: list[dict[str, Any]], held: set[str], context: Mapping[str, Any], risky: list[str] | None = None
) -> tuple[list[str], list[str]]:
    """The rows this case lacks and the rows named for some applicants only, each in the manual's words; a missing
    row marked risk goes to ``risky`` instead (where given)."""
    missing: list[str] = []
    listed: list[str] = []
    for row in _rows(rows):
        undecided = row.undecided(context)
        if row.listed:
            listed.append(row.words())
        elif undecided:
            fields = "; ".join(undecided)
            listed.append(f"{row.words()} (해당 여부를 정하는 항목 미기재 / where it applies: {fields} not given)")
        elif row.needed(context) and not any(set(o) <= held for o in row.options):
            (risky if row.risk and risky is not None else missing).append(row.words())
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
        risky: list[str] = []
        missing, listed = missing_papers(table.value[key], held, context, risky)
        fact[f"{name}_missing_count"] = len(missing)
        fact[f"{name}_missing"] = "; ".join(missing) or "none"
        fact[f"{name}_listed"] = "; ".join(listed) or "none named"
        if any(row.risk for row in _rows(table.value[key])):  # only the lists with such a paper put these
            fact[f"{name}_risk_missing_count"] = len(risky)
            fact[f"{name}_risk_missing"] = "; ".join(risky) or "none"
