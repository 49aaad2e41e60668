"""What every check of a history shares: the data of one folder (evaluator, catalogue, history rules), the
occupation a code meant on a date, and a stay or a renewal as a case the evaluator decides."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from engine.catalogue.snapshots import Catalogue
from engine.core.case import Applicant, Case, Employer, Position
from engine.history.model import History, Stay
from engine.history.rules import HistoryRules
from engine.rules.decision import Decision, Finding
from engine.rules.evaluate import Evaluator

if TYPE_CHECKING:
    from engine.rules.translations import RuleTexts

# the evaluator's topics a history can check: the others need inputs a history does not hold
KEPT_TOPICS = ("code", "subcategory", "salary")
CaseKind = Literal["initial", "extension", "change_of_workplace"]
# the history rules of an evaluator's data folder, read once per evaluator (a service session keeps one), with
# their texts in English and, where asked, in Korean
_RULES: weakref.WeakKeyDictionary[Evaluator, HistoryRules] = weakref.WeakKeyDictionary()
_RULES_KO: weakref.WeakKeyDictionary[Evaluator, HistoryRules] = weakref.WeakKeyDictionary()


def _texts_in(lang: str, evaluator: Evaluator) -> Mapping[str, RuleTexts] | None:
    """The rules' texts in ``lang`` from the evaluator's data folder; None for English."""
    if lang == "en":
        return None
    from engine.rules.translations import load

    return load(evaluator.data)


class HistoryData:
    """The data a history is checked with."""

    def __init__(self, evaluator: Evaluator, rules: HistoryRules | None = None, lang: str = "en") -> None:
        self.evaluator = evaluator
        self.catalogue: Catalogue = evaluator.catalogue
        self.lang = lang
        if rules is None:
            cache = _RULES if lang == "en" else _RULES_KO
            rules = cache.get(evaluator)
            if rules is None:
                rules = cache[evaluator] = HistoryRules(evaluator.data, _texts_in(lang, evaluator))
        self.rules = rules
        # the Korean texts the history rules were given, read once with them (not again for every history)
        self._texts = None if lang == "en" else rules.texts or _texts_in(lang, evaluator)

    def occupation_of(self, code: str, on: dt.date) -> tuple[str, str]:
        """The occupation a code meant on a date (its first meaning before it was listed) and its title."""
        meanings = self.catalogue.occupations_of_code(code)
        before = [p for p in meanings if p.start <= on]
        period = before[-1] if before else meanings[0]
        return period.occupation, period.entry.title_ko

    @staticmethod
    def case(
        history: History, label: str, code: str, stay: Stay, on: dt.date, kind: CaseKind, prior_years: float
    ) -> Case:
        p = history.person
        return Case(
            position=Position(code=code, subcategory=stay.subcategory, annual_salary_krw=stay.annual_salary_krw),
            id=f"{history.id} {label}",
            kind=kind,
            filed_on=on,
            applicant=Applicant(
                birth_date=p.birth_date if p.birth_date and p.birth_date < on else None,
                education=p.education,
                korean_level=p.korean_level,
                prior_e7_years=round(prior_years, 2),
            ),
            employer=Employer(name=stay.employer, size=stay.employer_size, capital_region=stay.capital_region),
        )

    def _localized(self, decision: Decision) -> Decision:
        if self._texts is None:
            return decision
        from engine.core.i18n import field_labels
        from engine.rules.translations import localize

        ruleset = self.evaluator.rulesets.in_force(dt.date.fromisoformat(decision.as_of))
        return localize(decision, ruleset, self._texts, self.lang, field_labels(self.lang))

    def kept(self, decision: Decision, index: int | None) -> tuple[list[Finding], list[str]]:
        """The evaluator's findings a history can stand behind, and what it could not check (in the history's
        language: a decision's findings are localized first)."""
        decision = self._localized(decision)
        korean = self.lang != "en"
        kept: list[Finding] = []
        not_checked: list[str] = []
        for f in decision.findings:
            if f.topic not in KEPT_TOPICS:
                continue
            if f.severity != "needs_information":
                kept.append(f)
                continue
            if index is not None and f.missing == ("position.annual_salary_krw",):
                field = f"stays[{index}].annual_salary_krw"
                message = f"{f.title}: {field} 없이는 확인할 수 없습니다." if korean else None
                kept.append(
                    attrs.evolve(
                        f,
                        message=message or f"{f.title}: cannot be checked without {field}.",
                        fix=f"{field}을(를) 입력하고 다시 확인하십시오." if korean else f"Add {field} and check again.",
                        missing=(field,),
                    )
                )
                continue
            needs = "필요" if korean else "needs"
            not_checked.append(f"{f.title} ({needs} {'; '.join(f.missing)})")
        return kept, not_checked

    @staticmethod
    def floor_of(decision: Decision) -> tuple[int | None, str]:
        """The annual wage floor the evaluator applied (derived fact ``wage_floor``), or the minimum wage x 12."""
        for step in decision.trace:
            if step.kind == "derived" and step.detail.get("fact") == "wage_floor":
                return int(step.detail["amount_krw"]), str(step.detail.get("basis", ""))
        facts = decision.facts
        if facts.get("code_wage_rule") == "minimum_wage" and facts.get("minimum_monthly_krw") is not None:
            return int(facts["minimum_monthly_krw"]) * 12, "minimum-wage"
        return None, ""

    def first_announced(self, subcategory: str) -> dt.date | None:
        """The date of the first announced wage amount of a subcategory e7's catalogue holds."""
        latest = self.catalogue.get(self.catalogue.ids[-1])
        dates = [w.effective for w in latest.thresholds.wages if w.subcategory == subcategory]
        return min(dates) if dates else None
