"""The facts a code's own section sets for a case: its conditional requirements read against the case
(ruleset ``[[conditional]]`` entries: wage, foreign ratio, recommendation, allowance per employer) and its own
employer and qualification conditions kept by occupation in the ruleset's parameters (visa manual 2026.6, the
codes' sections). Called by engine/rules/facts.py while it prepares a case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.core.case import Employer
from engine.core.model import Code
from engine.rules.rulesets import Ruleset

# where a condition cannot be decided, the value that blocks less
LENIENT = {"wage_fixed_krw": min, "foreign_ratio": max, "recommendation_required": min, "max_per_employer": max}


def conditional_values(
    entry: Code, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str], letter: bool
) -> dict[str, Any]:
    """The code's values after its conditional requirements (ruleset ``[[conditional]]``) read the case. A
    condition that cannot be decided takes the value that blocks less and leaves ``code_conditions_decided``
    missing, naming the fields, so that the decision asks for them."""
    from engine.rules.conditions import compile_all
    from engine.rules.fact_fields import CASE_FIELDS  # the case field each fact comes from

    values: dict[str, Any] = {
        "wage_fixed_krw": entry.wage.amount_krw,
        "foreign_ratio": entry.employer.foreign_ratio,
        "recommendation_required": entry.recommendation_required,
        "max_per_employer": entry.employer.max_per_employer,
    }
    undecided: list[str] = []
    applied: list[str] = []
    for c in ruleset.conditions_of(entry.occupation):
        if not c.when:
            continue  # words only: shown by the rules that read the condition's text
        absent = [name for name in c.needs if name not in fact]
        if absent and c.sets == "recommendation_required" and letter:
            continue  # the file has the letter: whether the case needs it does not matter
        if absent:
            base = values[c.sets] if c.otherwise is None else c.otherwise
            # no fixed amount (a code on a GNI ratio) is not a lower one: the conditional amount blocks less
            lenient = c.value if c.sets == "wage_fixed_krw" and not base else LENIENT[c.sets](base, c.value)
            values[c.sets] = lenient
            fields = ", ".join(CASE_FIELDS.get(name, name) for name in absent)
            undecided.append(f"{fields} (for {c.condition}: {c.citation.cite()})")
        elif _predicate(c, compile_all)(fact):
            values[c.sets] = c.value
            applied.append(c.condition)
        elif c.otherwise is not None:
            values[c.sets] = c.otherwise
    if any(c.when for c in ruleset.conditions_of(entry.occupation)):
        fact["code_has_conditions"] = True
        if undecided:
            missing["code_conditions_decided"] = "; ".join(undecided)
        else:
            fact["code_conditions_decided"] = True
        if applied:
            fact["code_conditions_met"] = "; ".join(applied)
    return values


# id of a conditional requirement -> (it, kept so that its id stays its own; its conditions compiled): compiling
# them for every case that reached them cost about 75 us each time
_predicates: dict[int, tuple[Any, Callable[[dict[str, Any]], bool]]] = {}
_PREDICATES = 4_096


def _predicate(conditional: Any, compile_all: Callable[..., Callable[[dict[str, Any]], bool]]) -> Callable[..., bool]:
    found = _predicates.get(id(conditional))
    if found is None or found[0] is not conditional:
        if len(_predicates) >= _PREDICATES:
            _predicates.clear()
        found = _predicates[id(conditional)] = (conditional, compile_all(conditional.parsed()))
    return found[1]


def code_own_facts(
    occupation: str, e: Employer, ruleset: Ruleset, fact: dict[str, Any], missing: dict[str, str]
) -> None:
    """A code's own conditions, kept by occupation in the ruleset's parameters (visa manual 2026.6, the codes'
    sections): the general qualification without its experience-only route, a minimum Korean level, a minimum
    revenue, a maximum workforce, a workplace outside the capital region, the certification the employer needs,
    and a window in which absconders bar the employer or are deducted from its allowance."""
    degree = ruleset.parameters.get("degree_route_only")
    if degree is not None and occupation in degree.value:
        fact["code_degree_route_only"] = True
    for parameter, name in (
        ("code_min_korean_level", "code_min_korean_level"),
        ("code_min_revenue_krw", "code_min_revenue_krw"),
        ("code_max_regular_workers", "code_max_regular_workers"),
    ):
        table = ruleset.parameters.get(parameter)
        if table is not None and occupation in table.value:
            fact[name] = table.value[occupation]
    outside = ruleset.parameters.get("code_outside_capital_region")
    if outside is not None and occupation in outside.value:
        fact["code_outside_capital_region"] = True
    certification = ruleset.parameters.get("code_employer_certification")
    if certification is not None and occupation in certification.value:
        needed = certification.value[occupation]
        fact["code_certification"] = needed
        if e.certifications is not None:
            fact["certification_held"] = needed in e.certifications
        else:
            missing["certification_held"] = f"employer.certifications (does the employer hold '{needed}'?)"
    window = ruleset.parameters.get("code_absconder_window_years")
    if window is None or occupation not in window.value:
        return
    years = int(window.value[occupation])
    fact["code_absconder_years"] = years
    fact["code_absconders_bar"] = occupation in ruleset.parameter("code_absconders_bar")
    count = e.absconders_past_year if years == 1 else e.absconders_past_two_years
    if count is not None:
        fact["absconders_in_window"] = count
    else:
        name = "absconders_past_year" if years == 1 else "absconders_past_two_years"
        months = 12 * years
        missing["absconders_in_window"] = (
            f"employer.{name} (foreign workers who absconded in the {months} months before filing)"
        )
