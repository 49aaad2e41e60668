"""The history rules: dated ruleset versions in ``rulesets/history/`` (docs/rulesets.md, "History rules"),
compiled into durable_rules like the case rules, and the findings they conclude.

Each check of a history is one fact (``check`` = stay | sequence | income | renewal | f27, built by
``engine/history/facts.py``); it runs in its own session of the version in force on the check's date. What
fires becomes a finding with the rule's message, citation and evidence; several rules may report one finding id
(``reports``), the variants of one check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from engine.core.errors import OutOfRange
from engine.data.folders import DataDir
from engine.rules.compile import CompiledRuleset
from engine.rules.decision import SEVERITY_ORDER, Citation, Finding
from engine.rules.evaluate import Template
from engine.rules.rulesets import Rule, Ruleset, Rulesets

if TYPE_CHECKING:
    from engine.rules.translations import RuleTexts

NAME = "e7-history"


@attrs.frozen
class Checked:
    """What one check concluded: its findings in rule order, and the ids of the rules that fired."""

    findings: tuple[Finding, ...]
    fired: frozenset[str]
    ruleset: str

    def has(self, rule_id: str) -> bool:
        return rule_id in self.fired


class HistoryRules:
    """The history ruleset versions of a data folder."""

    def __init__(self, data: DataDir, texts: Mapping[str, RuleTexts] | None = None) -> None:
        """``texts``: the rules' Korean texts (engine.rules.translations.load): the findings are then in Korean
        where a rule has them, filled from the same facts."""
        self.rulesets = Rulesets(data, data.rulesets / "history", NAME)
        self.texts = texts
        self._templates: dict[str, tuple[Template, Template, tuple[Template, ...]]] = {}

    def in_force(self, on: dt.date) -> Ruleset:
        """The version in force on a date; before the first version, the first (its rules say what they cannot
        check, such as a stay before the catalogue)."""
        try:
            return self.rulesets.in_force(on)
        except OutOfRange:
            return self.rulesets.get(self.rulesets.ids[0])

    def parameter(self, on: dt.date, name: str) -> Any:
        return self.in_force(on).parameter(name)

    def run(self, fact: dict[str, Any], on: dt.date, citations: dict[str, Citation] | None = None) -> Checked:
        """Run one check's fact under the rules in force on ``on``. ``citations`` replaces the rule's citation
        where the finding cites a source of the catalogue (the notice that renumbered a code)."""
        ruleset = self.in_force(on)
        run = CompiledRuleset.of(ruleset).run({**fact, "kind": "application"})
        fired = {f.rule for f in run.firings}
        findings = []
        for rule in ruleset.rules:  # in the order of the ruleset, so that the same history reads the same way
            if rule.id not in fired or rule.severity is None:
                continue
            context = dict(fact)
            if rule.after:  # as in a case's decision: the derived fact the rule chains on, as derived.X
                context.update({f"derived.{k}": v for k, v in run.derived.get(rule.after, {}).items()})
            finding = self._finding(rule, context, (citations or {}).get(rule.finding_id))
            if self.texts and rule.id in self.texts:
                finding = self._in_korean(finding, self.texts[rule.id], rule, ruleset.id, context)
            findings.append(finding)
        return Checked(tuple(findings), frozenset(fired), ruleset.id)

    def _finding(self, rule: Rule, context: dict[str, Any], citation: Citation | None) -> Finding:
        key = f"{rule.id}#{rule.message}#{rule.fix}#{rule.missing}"
        if key not in self._templates:
            self._templates[key] = (
                Template.of(rule.message),
                Template.of(rule.fix),
                tuple(Template.of(m) for m in rule.missing),
            )
        message, fix, missing = self._templates[key]
        asked: list[str] = []
        for text, template in zip(rule.missing, missing, strict=True):
            listed = context.get(text.strip("{}")) if text.startswith("{") and text.endswith("}") else None
            if isinstance(listed, list | tuple):  # a template that is one field holding a list: each of its items
                asked.extend(str(item) for item in listed)
            else:
                asked.append(template.format(context))
        evidence: dict[str, Any] = {}
        for entry in rule.evidence:
            shown, _, field = entry.partition("=")
            if (field or shown) in context:  # a field the check has (even empty), under its shown name
                evidence[shown] = context[field or shown]
        source = rule.citation
        return Finding(
            rule=rule.finding_id,
            topic=rule.topic,
            severity=rule.severity or "advice",
            title=rule.title,
            message=message.format(context),
            citation=citation or Citation(source.document, source.pages, source.edition, source.status, source.note),
            authority=rule.authority,
            explanation=" ".join(rule.explanation.split()),
            fix=fix.format(context),
            evidence=evidence,
            missing=tuple(asked),
        )

    @staticmethod
    def _in_korean(finding: Finding, texts: RuleTexts, rule: Rule, version: str, context: dict[str, Any]) -> Finding:
        from engine.rules.translations import fill

        ko = texts.of(version)
        # a fact named X_ko is X as the Korean texts read it (a sentence the checks write, such as a hint)
        context = context | {name[:-3]: value for name, value in context.items() if name.endswith("_ko") and value}
        return attrs.evolve(
            finding,
            title=ko.title or finding.title,
            explanation=" ".join(ko.explanation.split()) or finding.explanation,
            message=fill(ko.message, context) if ko.message and rule.message else finding.message,
            fix=fill(ko.fix, context) if ko.fix and rule.fix else finding.fix,
        )


def ordered(findings: list[Finding] | tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Most serious first, then in the order found; the same finding (rule and message) only once."""
    unique: dict[tuple[str, str], Finding] = {}
    for f in findings:
        unique.setdefault((f.rule, f.message), f)
    return tuple(sorted(unique.values(), key=lambda f: SEVERITY_ORDER[f.severity]))
