"""Evaluate a case as of a date: resolve the catalogue and ruleset in force, build the fact, run the rules,
and turn what fired into an explained decision."""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable
from itertools import compress
from typing import Any

import attrs

from engine.catalogue.snapshots import Catalogue, sha256_of
from engine.core.case import Case
from engine.core.errors import InputError, OutOfRange, UnknownCode
from engine.data.folders import DataDir
from engine.data.release import engine_info, release_info
from engine.rules.compile import CompiledRuleset, Run, suggestions_for
from engine.rules.conditions import compile_each
from engine.rules.decision import SEVERITY_ORDER, Citation, Decision, Finding, Passed, Suggestion, TraceStep, outcome_of
from engine.rules.fact_fields import field_description
from engine.rules.facts import Prepared, prepare
from engine.rules.points import PointsTables
from engine.rules.rulesets import Rule, Ruleset, Rulesets

_PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)(?::([^}]*))?\}")


@attrs.frozen
class Template:
    """A rule's message or fix: text with ``{field}`` or ``{field:spec}`` placeholders, split once into its
    pieces. A missing field reads "(unknown)", true/false read "yes"/"no", a spec that does not fit the value
    is ignored."""

    pieces: tuple[tuple[str, str, str], ...]  # literal text, then a field (or "") and its format spec
    tail: str

    @classmethod
    def of(cls, text: str) -> Template:
        pieces = []
        start = 0
        for match in _PLACEHOLDER.finditer(text):
            pieces.append((text[start : match.start()], match.group(1), match.group(2) or ""))
            start = match.end()
        return cls(tuple(pieces), text[start:])

    def format(self, context: dict[str, Any]) -> str:
        pieces = self.pieces
        if not pieces:  # a third of the texts a decision formats have no placeholder
            return self.tail
        get = context.get
        out = []
        for literal, name, spec in pieces:
            value = get(name)
            out.append(literal)
            # a text without a spec (most placeholders) is shown as it is, as ``_shown`` shows it
            out.append(value if type(value) is str and not spec else _shown(value, spec))
        out.append(self.tail)
        return "".join(out)


def _shown(value: Any, spec: str) -> str:
    if value is None:
        return "(unknown)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    try:
        return format(value, spec)
    except (TypeError, ValueError):
        return str(value)


class Evaluator:
    """Holds the data of one folder and the compiled rulesets; evaluates any number of cases."""

    def __init__(self, data: DataDir) -> None:
        self.data = data
        self.catalogue = Catalogue(data)
        self.rulesets = Rulesets(data)
        self.points = PointsTables(data)
        self.release = release_info(data).data()  # read once: an evaluator answers from one release
        self._hashes: dict[str, str] = {}
        self._plans: dict[str, _Plan] = {}

    def _catalogue_sha(self, snapshot_id: str) -> str:
        if snapshot_id not in self._hashes:
            self._hashes[snapshot_id] = sha256_of(self.catalogue.path(snapshot_id))
        return self._hashes[snapshot_id]

    def as_of(self, case: Case, override: dt.date | None, where: str | None = None) -> dt.date:
        on = override or case.filed_on
        if on is None:
            raise InputError(where or case.id or "case", "filed_on", "expected the application date (or give --as-of)")
        birth = case.applicant.birth_date
        if birth is not None and on <= birth:
            field = "--as-of" if override else "filed_on"
            raise InputError(where or case.id or "case", field, f"expected a date after applicant.birth_date {birth}")
        return on

    def evaluate(self, case: Case, as_of: dt.date | None = None, where: str | None = None) -> Decision:
        """The decision on a case as of a date. With ``where`` (the case's file or line), an error about the
        case's own values (a code on no list, a date before e7's first rules) is an InputError naming it and
        the field; without it, UnknownCode and OutOfRange reach the caller as they are."""
        on = self.as_of(case, as_of, where)
        date_field = "--as-of" if as_of else "filed_on"
        try:
            ruleset = self.rulesets.in_force(on)
            prepared = prepare(case, on, self.catalogue, ruleset, self.points)
        except UnknownCode as exc:
            if where is None:
                raise
            raise InputError(where, "position.code", str(exc)) from None
        except OutOfRange as exc:
            if where is None:  # callers such as the history checker report these themselves
                raise
            raise InputError(where, date_field, str(exc)) from None
        run = CompiledRuleset.of(ruleset).run(prepared.fact)
        return self._decision(case, on, ruleset, prepared, run)

    def _plan(self, ruleset: Ruleset) -> _Plan:
        plan = self._plans.get(ruleset.id)
        if plan is None or plan.ruleset is not ruleset:
            plan = self._plans[ruleset.id] = _Plan.of(ruleset)
        return plan

    def _decision(self, case: Case, on: dt.date, ruleset: Ruleset, prepared: Prepared, run: Run) -> Decision:
        fact = prepared.fact
        plan = self._plan(ruleset)
        findings: dict[str, Finding] = {}
        suggestions: list[Suggestion] = []
        fired: set[str] = set()
        for firing in run.firings:
            rule = plan.by_id.get(firing.rule)
            if rule is None:
                continue
            fired.add(rule.id)
            if firing.kind in ("finding", "suggestion") and rule.id not in findings:
                derived = firing.detail.get("derived")
                context = fact
                if derived:
                    context = dict(fact)
                    for key, value in derived.items():
                        context[f"derived.{key}"] = value
                if rule.severity is not None:
                    findings[rule.id] = self._finding(rule, plan, context)
                for s in suggestions_for(rule, fact) if rule.suggest else ():
                    suggestions.append(
                        Suggestion(s["code"], s.get("title", ""), rule.id, s.get("reason", ""), s.get("alignment"))
                    )
        missing: set[str] = set()
        applies = plan.applies(fact)  # whether each rule with inputs or a "passed" entry applies to this case
        # the needed fields the fact lacks, picked in C; a field given as None (none is, in the facts e7 builds)
        # counts as absent too, looked for only where the fact holds a None
        absent_anywhere = plan.needed.difference(fact)
        if None in fact.values():
            absent_anywhere = {name for name in plan.needed if fact.get(name) is None}
        # a rule that applies but lacks an input says so: only the rules needing an absent field are looked at
        # (a few of the ~100 that name inputs), in the ruleset's order
        lacking = sorted({k for name in absent_anywhere for k in plan.needing_of[name]})
        for k in lacking:
            rule, _, position = plan.needing[k]
            if not applies[position]:
                continue
            absent = [name for name in rule.needs if name in absent_anywhere]
            missing.add(rule.id)
            if rule.id in findings:
                continue
            described = [field_description(f, prepared.missing_reasons) for f in absent]
            findings[rule.id] = Finding(
                rule=rule.id,
                topic=rule.topic,
                severity="needs_information",
                title=rule.title,
                message=f"{rule.title}: cannot be checked without " + "; ".join(described) + ".",
                citation=plan.citations[rule.id],
                authority=rule.authority,
                explanation=rule.explanation,
                fix="Add " + "; ".join(described) + " and check again.",
                evidence={},
                missing=tuple(described),
                rule_since=plan.since[rule.id],
            )
        order = plan.order
        ordered = sorted(findings.values(), key=lambda f: (SEVERITY_ORDER[f.severity], order[f.rule]))
        # a rule that applied counts as checked and passed when it had all its inputs and did not fire
        derived = run.derived
        # the checkable rules that applied, picked in C (most do not apply), then those that did not fire
        passed = tuple(
            [
                entry
                for rule_id, after, entry in compress(plan.checkable_entries, plan.checkable_applies(applies))
                if rule_id not in fired and rule_id not in missing and (not after or after in derived)
            ]
        )
        trace = tuple(
            [TraceStep(i, f.rule, f.kind, _plain(f.detail) if f.detail else {}) for i, f in enumerate(run.firings, 1)]
        )
        snapshot = prepared.snapshot
        return Decision(
            case=case.id,
            as_of=on.isoformat(),
            outcome=outcome_of(ordered),
            catalogue={
                "snapshot": snapshot.id,
                "sha256": self._catalogue_sha(snapshot.id),
                "status": snapshot.snapshot.status,
            },
            ruleset=dict(plan.provenance),
            release=dict(self.release),
            engine=dict(_ENGINE),
            findings=tuple(ordered),
            suggestions=tuple(_unique(suggestions)),
            passed=passed,
            trace=trace,
            facts={name: fact[name] for name in _sorted_names(fact)},
        )

    @staticmethod
    def _finding(rule: Rule, plan: _Plan, context: dict[str, Any]) -> Finding:
        evidence = {name: context[name] for name in rule.evidence if context.get(name) is not None}
        return Finding(
            rule=rule.id,
            topic=rule.topic,
            severity=rule.severity or "advice",
            title=rule.title,
            message=plan.templates[rule.id][0].format(context),
            citation=plan.citations[rule.id],
            authority=rule.authority,
            explanation=rule.explanation,
            fix=plan.templates[rule.id][1].format(context),
            evidence=evidence,
            rule_since=plan.since[rule.id],
        )


_ENGINE = engine_info()


@attrs.frozen
class _Plan:
    """What every decision under one ruleset shares, built once: rules by id and in order, citations, the
    rules that name inputs, the rules that can be listed as passed."""

    ruleset: Ruleset
    by_id: dict[str, Rule]
    order: dict[str, int]
    since: dict[str, str]
    citations: dict[str, Citation]
    templates: dict[str, tuple[Template, Template]]  # message, fix
    applies: Callable[[dict[str, Any]], tuple[bool, ...]]  # for a fact: whether each scoped rule applies
    needing: tuple[tuple[Rule, frozenset[str], int], ...]  # a rule that names inputs, its inputs, its position
    needed: frozenset[str]  # every field some rule needs
    needing_of: dict[str, tuple[int, ...]]  # a needed field -> the positions in ``needing`` of the rules needing it
    checkable_entries: tuple[tuple[str, str, Passed], ...]  # id, after, how it is listed
    checkable_applies: Callable[[tuple[bool, ...]], tuple[bool, ...]]  # ``applies`` of each checkable rule
    provenance: dict[str, str]

    @classmethod
    def of(cls, ruleset: Ruleset) -> _Plan:
        rules = ruleset.rules
        checkable = [r for r in rules if r.severity in ("blocking", "risk") and (r.when or r.after)]
        listed = {r.id for r in checkable}
        scoped = [r for r in rules if r.needs or r.id in listed]  # the rules whose scope a decision reads
        position = {r.id: i for i, r in enumerate(scoped)}
        return cls(
            ruleset=ruleset,
            by_id={r.id: r for r in rules},
            order={r.id: i for i, r in enumerate(rules)},
            since={r.id: ruleset.since[r.id].isoformat() for r in rules},
            citations={r.id: _citation(r) for r in rules},
            templates={r.id: (Template.of(r.message), Template.of(r.fix)) for r in rules},
            applies=compile_each([r.parsed("applies") for r in scoped]),
            needing=tuple((r, frozenset(r.needs), position[r.id]) for r in rules if r.needs),
            needed=frozenset(n for r in rules for n in r.needs),
            needing_of=_needing_of([r for r in rules if r.needs]),
            checkable_entries=tuple((r.id, r.after, Passed(r.id, r.topic, r.title)) for r in checkable),
            checkable_applies=_picker(tuple(position[r.id] for r in checkable)),
            provenance={
                "id": ruleset.id,
                "version": ruleset.version.ruleset.id,
                "sha256": ruleset.sha256,
                "title": ruleset.version.ruleset.title,
            },
        )


def _picker(positions: tuple[int, ...]) -> Callable[[tuple[bool, ...]], tuple[bool, ...]]:
    """The items at ``positions`` of a tuple, as a tuple (itemgetter gives a bare item for one position)."""
    if len(positions) == 1:
        return lambda values: (values[positions[0]],)
    if not positions:
        return lambda values: ()
    return operator.itemgetter(*positions)


_SORTED_MEMO = 4_096  # orders of field names kept; then the memo starts again
_sorted_of: dict[tuple[str, ...], list[str]] = {}


def _sorted_names(fact: dict[str, Any]) -> list[str]:
    """The fact's field names in order (what ``dict(sorted(fact.items()))`` gives, the names being unique),
    remembered by the names in the order the fact was built: cases of one kind build the same fields in the
    same order, and sorting about 90 names cost more than a sixth of a decision."""
    key = tuple(fact)
    found = _sorted_of.get(key)
    if found is None:
        if len(_sorted_of) >= _SORTED_MEMO:
            _sorted_of.clear()
        found = _sorted_of[key] = sorted(key)
    return found


def _needing_of(needing: list[Rule]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for k, rule in enumerate(needing):
        for name in rule.needs:
            found.setdefault(name, []).append(k)
    return {name: tuple(ks) for name, ks in found.items()}


def _citation(rule: Rule) -> Citation:
    c = rule.citation
    return Citation(source=c.document, pages=c.pages, edition=c.edition, status=c.status, note=c.note)


def _plain(detail: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in detail.items() if k != "derived"}


def _unique(items: list[Suggestion]) -> list[Suggestion]:
    seen: set[str] = set()
    out = []
    for s in items:
        if s.code not in seen:
            seen.add(s.code)
            out.append(s)
    return out
