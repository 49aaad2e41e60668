"""A code's own qualification routes (visa manual 2026.6, the codes' sections pp.223-249: "석사 이상, 학사 및 경력
1년 이상, 경력 3년 이상" and the like), kept by occupation in the ruleset parameter ``codesb_qualification_routes``.

Each route is a table: ``education`` (the lowest degree, a name of engine.core.case.EDUCATION_RANK), ``related``
(the degree in the field the section names), ``stem`` (a science or engineering degree, 이공계), ``korean_degree``
(from a Korean school), ``licence`` (the licence, certificate or course the section names), ``skill_test`` (the
designated body's 기량검증 passed), ``recommendation`` (the ministry's 고용추천서 filed), ``experience`` (years of
related experience), ``course_years`` (years of the course the section names: 2543's overseas technical school,
p.211) and ``korean_level`` (the lowest TOPIK or KIIP level). A code whose section sets routes by the kind of
employer or branch keys them ``occupation/branch`` (branch: the case's position.section_route or
employer.business_kind, 31215's kinds of shop, pp.221-222), read in place of the occupation's. This module only
looks up, for the case, whether some route's conditions other than experience are met (``code_route_open``), the
least experience the routes so opened ask (``code_route_experience``) and whether some route is open once its degree
is waived for pay of 3 x GNI (``code_route_open_3_gni``); the rules qualification.code-routes,
qualification.code-routes-3-gni and qualification.code-route-experience decide. A condition the case does not state
leaves the fact missing, naming the field, where the answer depends on it.

May import engine.core and engine.rules.rulesets (called by engine/rules/facts.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

import attrs

from engine.core.case import EDUCATION_RANK, Applicant, Documents

PARAMETER = "codesb_qualification_routes"
# a route's yes/no conditions: the case field each reads, and how a message names it
CONDITIONS = {
    "related": ("applicant.degree_related", "a degree in the related field"),
    "stem": ("applicant.stem_degree", "a science or engineering degree (이공계)"),
    "korean_degree": ("applicant.korean_degree", "a degree from a Korean school"),
    "licence": ("applicant.code_licence", "the licence or certificate the section names"),
    "skill_test": ("applicant.skill_test_passed", "the designated body's skill test (기량검증)"),
    "recommendation": ("documents.recommendation_letter", "the ministry's recommendation (고용추천서)"),
}
DEGREE_CONDITIONS = ("related", "stem", "korean_degree")  # what a degree is (학력), with its level
DEGREE = {"high_school": "high school", "associate": "an associate degree", "bachelor": "a bachelor's",
          "master": "a master's", "doctorate": "a doctorate"}  # fmt: skip


@attrs.frozen
class Route:
    education: str | None = None
    experience: float = 0
    needs: tuple[str, ...] = ()  # the yes/no conditions (keys of CONDITIONS) the route asks
    course_years: float = 0  # the years of the section's course (applicant.code_course_years)
    korean_level: int = 0  # the lowest TOPIK or KIIP level (applicant.korean_level)

    @classmethod
    def parse(cls, table: dict[str, Any]) -> Route:
        unknown = set(table) - {"education", "experience", "course_years", "korean_level", *CONDITIONS}
        if unknown:
            raise ValueError(f"{PARAMETER}: unknown route key(s) {sorted(unknown)}, expected education, experience,"
                             f" course_years, korean_level or {', '.join(CONDITIONS)}")  # fmt: skip
        education = table.get("education")
        if education is not None and education not in EDUCATION_RANK:
            raise ValueError(f"{PARAMETER}: education {education!r} is not one of {', '.join(EDUCATION_RANK)}")
        experience, course = table.get("experience", 0), table.get("course_years", 0)
        level = table.get("korean_level", 0)
        for key, value in (("experience", experience), ("course_years", course), ("korean_level", level)):
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{PARAMETER}: {key} {value!r} is not a number of years")
        for key in CONDITIONS:
            if key in table and table[key] is not True:
                raise ValueError(f"{PARAMETER}: {key} = {table[key]!r}: a route names only what it requires (true)")
        return cls(education, experience, tuple(k for k in CONDITIONS if k in table), course, int(level))

    def describe(self) -> str:
        parts = [DEGREE[self.education] + " or higher"] if self.education else []
        if self.korean_level:
            parts.append(f"Korean at level {self.korean_level} (TOPIK or KIIP)")
        parts += [CONDITIONS[k][1] for k in self.needs]
        if self.course_years:
            parts.append(f"{self.course_years:g} year{'' if self.course_years == 1 else 's'} of the section's course")
        if self.experience:
            parts.append(f"{self.experience:g} year{'' if self.experience == 1 else 's'} of related experience")
        return " + ".join(parts) or "no condition"

    def open(self, inputs: dict[str, Any], degree_waived: bool = False) -> tuple[bool | None, list[str]]:
        """Whether the route's conditions other than experience are met (None: the case does not say), with what it
        lacks or what the case should state. ``degree_waived``: the degree and its field are not asked (pay of 3 x
        GNI waives 학력 and 경력, visa manual p.174), only the licence, skill test and recommendation."""
        lacking: list[str] = []
        unknown: list[str] = []
        # the route's minimums: (the case's value, the least the route asks, the field, how a shortfall reads)
        minimums = [
            (inputs["korean_level"], self.korean_level, "applicant.korean_level",
             f"Korean at level {self.korean_level}"),
            (inputs["course_years"], self.course_years, "applicant.code_course_years",
             f"a course of {self.course_years:g} years"),
        ]  # fmt: skip
        if self.education is not None and not degree_waived:
            least = EDUCATION_RANK[self.education]
            minimums.insert(0, (inputs["education"], least, "applicant.education", DEGREE[self.education]))
        for value, least, field, shortfall in minimums:
            if not least:
                continue
            if value is None:
                unknown.append(field)
            elif value < least:
                lacking.append(shortfall)
        for key in self.needs:
            if degree_waived and key in DEGREE_CONDITIONS:
                continue
            value = inputs[key]
            if value is None:
                unknown.append(CONDITIONS[key][0])
            elif value is not True:
                lacking.append(CONDITIONS[key][1])
        if lacking:
            return False, lacking
        return (None, unknown) if unknown else (True, [])


def routes_of(occupation: str, parameters: dict[str, Any], branches: tuple[str | None, ...] = ()) -> list[Route] | None:
    """The routes of the case's branch of the section (``occupation/branch``), else the occupation's."""
    found = _routes_described(occupation, parameters, branches)
    return None if found is None else list(found[0])


# id of the ruleset's parameter of routes, and a key of it -> (the parameter, kept so that its id stays its own; the
# key's routes parsed, and described as code_routes reads)
_parsed: dict[tuple[int, str], tuple[Any, tuple[Route, ...], str]] = {}


def _routes_described(
    occupation: str, parameters: dict[str, Any], branches: tuple[str | None, ...]
) -> tuple[tuple[Route, ...], str] | None:
    """``routes_of``'s routes and their description, parsed and written once per parameter and key (a case with
    routes parsed and described them each time)."""
    table = parameters.get(PARAMETER)
    if table is None:
        return None
    key = next((f"{occupation}/{b}" for b in branches if b and f"{occupation}/{b}" in table.value), occupation)
    if key not in table.value:
        return None
    found = _parsed.get((id(table), key))
    if found is None or found[0] is not table:
        routes = tuple(Route.parse(r) for r in table.value[key])
        described = "; or ".join(f"({i}) {r.describe()}" for i, r in enumerate(routes, 1))
        if len(_parsed) >= 4_096:
            _parsed.clear()
        found = _parsed[id(table), key] = (table, routes, described)
    return found[1], found[2]


def code_route_facts(
    occupation: str, a: Applicant, d: Documents, parameters: dict[str, Any], fact: dict[str, Any],
    missing: dict[str, str], branches: tuple[str | None, ...] = (),
) -> None:  # fmt: skip
    """Set code_routes (the routes in words), code_route_open and code_route_experience for a code with its own
    qualification routes, or say in ``missing`` which fields decide them."""
    found = _routes_described(occupation, parameters, branches)
    if found is None:
        return
    routes, fact["code_routes"] = found
    inputs: dict[str, Any] = {
        "education": None if a.education is None else EDUCATION_RANK[a.education],
        "related": a.degree_related,
        "stem": a.stem_degree,
        "korean_degree": a.korean_degree,
        "licence": a.code_licence,
        "skill_test": a.skill_test_passed,
        "recommendation": d.recommendation_letter,
        "course_years": a.code_course_years,
        "korean_level": a.korean_level,
    }
    verdicts = [(r, *r.open(inputs)) for r in routes]
    opened = [r.experience for r, ok, _ in verdicts if ok]
    undecided = [(r, notes) for r, ok, notes in verdicts if ok is None]
    if opened:
        fact["code_route_open"] = True
    elif not undecided:
        fact["code_route_open"] = False
        fact["code_route_unmet"] = "; ".join(f"({i}) lacks {', '.join(n)}" for i, (_, _, n) in enumerate(verdicts, 1))
    else:
        missing["code_route_open"] = _fields(undecided)
    _without_degree(routes, inputs, fact, missing)
    # the least experience an opened route asks, unless a route not yet decided might ask less and matter
    least = min(opened) if opened else None
    experience = a.experience_years
    lower = [(r, notes) for r, notes in undecided if least is None or r.experience < least]
    if least is not None and (not lower or (experience is not None and experience >= least)):
        fact["code_route_experience"] = least
    elif lower and (least is not None or not opened):
        missing["code_route_experience"] = _fields(lower)


def _without_degree(
    routes: tuple[Route, ...], inputs: dict[str, Any], fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """code_route_open_3_gni: whether some route is open once its degree is waived (pay of 3 x GNI or more, visa
    manual p.174: 직종에 관계없이 학력, 경력 모두 면제가능), that is whether the worker has the licence, skill test or
    recommendation some route names; a licence or a skill test is neither 학력 nor 경력, so it is still asked."""
    verdicts = [(r, *r.open(inputs, degree_waived=True)) for r in routes]
    if any(ok for _, ok, _ in verdicts):
        fact["code_route_open_3_gni"] = True
    elif all(ok is False for _, ok, _ in verdicts):
        fact["code_route_open_3_gni"] = False
        fact["code_route_unmet_3_gni"] = "; ".join(
            f"({i}) lacks {', '.join(n)}" for i, (_, _, n) in enumerate(verdicts, 1)
        )
    else:
        missing["code_route_open_3_gni"] = _fields([(r, n) for r, ok, n in verdicts if ok is None])


def _fields(undecided: list[tuple[Route, list[str]]]) -> str:
    fields = sorted({f for _, notes in undecided for f in notes})
    return f"{', '.join(fields)} (which of the code's own qualification routes is open)"
