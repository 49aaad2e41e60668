"""Korean texts of the rules: ``rulesets/translations/ko-*.toml``, keyed by rule id (docs/rulesets.md).

Each file holds ``[rules."RULE-ID"]`` tables with ``title``, ``explanation``, ``message`` and ``fix``; a
``versions."YYYY-MM-DD"`` table under a rule overrides them for the ruleset version whose English text
differs. A key left out falls back to English. Placeholders are those of the English text, so a Korean
message is filled from the same facts the English one was (the decision's facts and the derived fact its rule
chains on, both in the decision). Several files may hold texts (one per part of the rules, written by whoever
adds the rules); a rule given twice is an error naming both files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from engine.core.convert import read_toml, structure
from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.rules.decision import Decision, Passed
from engine.rules.evaluate import Template
from engine.rules.rulesets import Ruleset

LANGUAGES = ("en", "ko")
FOLDER = "translations"
PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)(?::[^}]*)?\}")


@attrs.frozen
class Texts:
    title: str = ""
    explanation: str = ""
    message: str = ""
    fix: str = ""


@attrs.frozen
class RuleTexts(Texts):
    versions: dict[str, Texts] = attrs.Factory(dict)

    def of(self, version: str) -> Texts:
        """The texts for one ruleset version: the keys of the latest version table on or before it (the English
        text it overrides carries on into later versions), then the rule's."""
        earlier = [v for v in self.versions if v <= version]
        if not earlier:
            return self
        own = self.versions[max(earlier)]
        return Texts(*(getattr(own, k) or getattr(self, k) for k in ("title", "explanation", "message", "fix")))


@attrs.frozen
class TranslationFile:
    rules: dict[str, RuleTexts] = attrs.Factory(dict)


def load(data: DataDir) -> dict[str, RuleTexts]:
    """Every rule's Korean texts from every ``ko-*.toml`` of the data folder's rulesets/translations/."""
    folder = data.root / "rulesets" / FOLDER
    found: dict[str, RuleTexts] = {}
    origin: dict[str, str] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("ko-*.toml")):
        shown = f"rulesets/{FOLDER}/{path.name}"
        parsed = structure(read_toml(path, shown), TranslationFile, shown)
        for rule_id, texts in parsed.rules.items():
            if rule_id in found:
                raise InputError(shown, f"rules.{rule_id}", f"expected each rule once, but {origin[rule_id]} has it")
            found[rule_id] = texts
            origin[rule_id] = shown
    return found


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


_SHOWN_KO = {True: "예", False: "아니오"}


def _fill(text: str, context: Mapping[str, Any]) -> str:
    """A Korean template filled as the English one is, with yes/no and "unknown" in Korean."""
    template = Template.of(text)
    local = {k: (_SHOWN_KO[v] if isinstance(v, bool) else v) for k, v in context.items()}
    return template.format(local).replace("(unknown)", "(알 수 없음)")


def fill(text: str, context: Mapping[str, Any]) -> str:
    """A Korean template filled from the facts its English one is filled from (the history rules' findings)."""
    return _fill(text, context)


def _context(decision: Decision, after: str) -> dict[str, Any]:
    """The facts a finding's message was filled from: the decision's facts and its rule's derived fact."""
    context = dict(decision.facts)
    if after:
        for step in decision.trace:
            if step.kind == "derived" and step.detail.get("fact") == after:
                context.update({f"derived.{k}": v for k, v in step.detail.items() if k != "fact"})
    return context


def localize(
    decision: Decision,
    ruleset: Ruleset,
    texts: Mapping[str, RuleTexts],
    lang: str,
    labels: Mapping[str, str] | None = None,
) -> Decision:
    """The decision with its findings' and passed checks' texts in ``lang`` (English: as it is). ``labels`` names
    case fields in that language (a missing field is shown as "label (field.path)")."""
    if lang == "en":
        return decision
    version = ruleset.version.ruleset.id
    findings = []
    for f in decision.findings:
        own = texts.get(f.rule)
        if own is None:
            findings.append(f)
            continue
        ko = own.of(version)
        title = ko.title or f.title
        rule = next((r for r in ruleset.rules if r.id == f.rule), None)
        if f.severity == "needs_information" and f.missing:
            wanted = "; ".join(f"{labels[m]} ({m})" if labels and m in labels else m for m in f.missing)
            message = f"{title}: 다음 입력이 없어 확인할 수 없습니다: {wanted}."
            fix = f"{wanted}을(를) 입력하고 다시 확인하십시오."
        else:
            context = _context(decision, rule.after if rule else "")
            message = _fill(ko.message, context) if ko.message else f.message
            fix = _fill(ko.fix, context) if ko.fix else f.fix
        findings.append(
            attrs.evolve(f, title=title, message=message, fix=fix, explanation=ko.explanation or f.explanation)
        )
    passed = tuple(
        Passed(p.rule, p.topic, texts[p.rule].of(version).title or p.title) if p.rule in texts else p
        for p in decision.passed
    )
    return attrs.evolve(decision, findings=tuple(findings), passed=passed)


def missing_texts(ruleset: Ruleset, texts: Mapping[str, RuleTexts]) -> list[str]:
    """What a ruleset's rules lack in Korean: a title, an explanation, a message (for a rule that has one), or a Korean
    message or fix whose placeholders are not the English one's. Empty when the rules are all translated."""
    version = ruleset.version.ruleset.id
    problems = []
    for rule in ruleset.rules:
        own = texts.get(rule.id)
        if own is None:
            problems.append(f"{rule.id}: no Korean texts")
            continue
        ko = own.of(version)
        if not ko.title:
            problems.append(f"{rule.id}: no Korean title")
        if not ko.explanation:
            problems.append(f"{rule.id}: no Korean explanation")
        for key in ("message", "fix"):
            english = getattr(rule, key)
            korean = getattr(ko, key)
            if english and not korean and key == "message":
                problems.append(f"{rule.id}@{version}: no Korean message")
            if korean and placeholders(korean) != placeholders(english):
                problems.append(
                    f"{rule.id}@{version}: {key} placeholders {sorted(placeholders(korean))} "
                    f"differ from the English {sorted(placeholders(english))}"
                )
    return problems
