"""Every use of durable_rules lives here: compiling a ruleset and running one case in its own session.

durable_rules keeps global state in a C core, swallows exceptions raised in actions, allows 1,024 live
sessions per ruleset and crashes when a session in which no action ran is deleted (see
``shared/notes/durable-rules.md``). So: each ruleset version is registered once per process under its own
name; each case gets a fresh session id, a catch-all rule that always fires once, and its session deleted
afterwards; actions only record what fired and re-raise any error after the run.

Missing inputs are found before the engine runs (engine/evaluate.py: a rule's ``needs`` where its ``applies``
holds): a comparison with a missing field never matches in the engine, so the engine decides findings and e7
says on purpose what it could not check. (One engine rule per needed field cost a quarter of the time.)
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import re
from collections.abc import Callable
from typing import Any, ClassVar

import attrs
import durable.engine as durable
from durable.engine import MessageNotHandledException

from engine.calculations import COMPUTE, SUGGEST
from engine.conditions import Group, Test, fields_of, orient, to_durable
from engine.rulesets import Rule, Ruleset

START = "$start"


@attrs.define
class Firing:
    rule: str
    kind: str  # finding | needs | derived | suggestion
    detail: dict[str, Any] = attrs.Factory(dict)


@attrs.define
class Run:
    """What one case's session produced, in firing order."""

    fact: dict[str, Any]
    firings: list[Firing] = attrs.Factory(list)
    derived: dict[str, dict[str, Any]] = attrs.Factory(dict)
    errors: list[str] = attrs.Factory(list)


class RuleEngineError(RuntimeError):
    """durable_rules reported an error inside an action (an internal error, exit status 1)."""


_current: list[Run] = []  # the run in progress (actions run synchronously inside assert_fact)


def _guard(action: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(c: Any) -> None:
        try:
            action(c)
        except Exception as exc:  # durable_rules would swallow it: keep it for after the run
            _current[-1].errors.append(f"{exc.__class__.__name__}: {exc}")

    return run


def _finding_action(rule: Rule) -> Callable[[Any], None]:
    def action(c: Any) -> None:
        run = _current[-1]
        detail: dict[str, Any] = {}
        if rule.after:
            detail["derived"] = dict(run.derived.get(rule.after, {}))
        run.firings.append(Firing(rule.id, "suggestion" if rule.suggest and not rule.severity else "finding", detail))

    return _guard(action)


def _derive_action(rule: Rule) -> Callable[[Any], None]:
    compute = COMPUTE[rule.compute] if rule.compute else (lambda fact: {})

    def action(c: Any) -> None:
        run = _current[-1]
        payload = compute(run.fact)
        run.derived[rule.derive] = payload
        run.firings.append(Firing(rule.id, "derived", {"fact": rule.derive, **payload}))
        c.assert_fact({"kind": "derived", "name": rule.derive, "id": f"derived:{rule.derive}", **payload})

    return _guard(action)


def _start_action(c: Any) -> None:  # the catch-all: every session runs at least one action
    return None


def _patterns(nodes: tuple[Test | Group, ...], after: str, extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    app: list[dict[str, Any]] = [{"kind": "application"}]
    derived: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, Test):
            node = orient(node)
            (derived if node.on_derived else app).append(to_durable(node, "a"))
            if node.on_derived and node.ref and not node.ref.startswith("derived."):
                # durable_rules fails (error 311) when a join reads a field the other fact lacks
                app.append({"$ex": {node.ref: 1}})
        else:
            target = derived if any(isinstance(i, Test) and i.on_derived for i in node.items) else app
            target.append(to_durable(node, "a"))
    app.extend(extra)
    patterns = [{"a": {"$and": app} if len(app) > 1 else app[0]}]
    if after:
        head = [{"kind": "derived"}, {"name": after}]
        patterns.append({"d": {"$and": head + derived}})
    return patterns


def compile_ruleset(ruleset: Ruleset) -> dict[str, Any]:
    """The durable_rules definition (with Python actions) of a ruleset."""
    definition: dict[str, Any] = {START: {"all": [{"a": {"kind": "application"}}], "run": _start_action}}
    for rule in ruleset.rules:
        if rule.when or rule.after:
            action = _derive_action(rule) if rule.derive else _finding_action(rule)
            definition[rule.id] = {
                "all": _patterns(rule.parsed("applies") + rule.parsed("when"), rule.after, []),
                "run": action,
            }
    return definition


_SAFE = re.compile(r"[^A-Za-z0-9_.@-]")


class CompiledRuleset:
    """One ruleset version registered with durable_rules (once per process)."""

    _registered: ClassVar[dict[str, CompiledRuleset]] = {}
    _sessions = itertools.count(1)

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        name = _SAFE.sub("_", f"{ruleset.id}#{ruleset.sha256[:12]}")
        self._durable = durable.Ruleset(name, durable.Host(), copy.deepcopy(compile_ruleset(ruleset)))
        # only the fields some rule reads go to the engine: less JSON to write and parse per case
        fields = {"kind"}
        for rule in ruleset.rules:
            for node in rule.parsed("applies") + rule.parsed("when"):
                fields |= {f for f in fields_of(node) if not f.startswith("derived.")}
            fields |= set(rule.needs)
        self._fields = frozenset(fields)

    @classmethod
    def of(cls, ruleset: Ruleset) -> CompiledRuleset:
        key = f"{ruleset.id}#{ruleset.sha256}"
        if key not in cls._registered:
            cls._registered[key] = cls(ruleset)
        return cls._registered[key]

    def run(self, fact: dict[str, Any]) -> Run:
        """Assert one application fact in a fresh session; forward chaining runs to completion."""
        if fact.get("kind") != "application":
            # the catch-all rule must fire, or durable_rules aborts the process when the session is deleted
            raise RuleEngineError("expected an application fact (kind = 'application')")
        sent = {k: (_plain_number(v) if type(v) is float else v) for k, v in fact.items() if k in self._fields}
        sid = f"case-{next(self._sessions)}"
        run = Run(fact)
        _current.append(run)
        errors: list[Any] = []
        try:
            handle = self._durable.assert_fact({**sent, "sid": sid, "id": "application"})
            self._durable.do_actions(handle, lambda error, _state: errors.append(error) if error else None)
        except MessageNotHandledException:  # cannot happen: the catch-all matches every application
            raise RuleEngineError("no rule matched the application fact") from None
        finally:
            _current.pop()
            with contextlib.suppress(Exception):  # the state may already be gone
                self._durable.delete_state(sid)
        if errors or run.errors:
            raise RuleEngineError("; ".join([*map(str, errors), *run.errors]))
        return run


def _plain_number(value: Any) -> Any:
    """durable_rules cannot read JSON exponents (1e-05): send floats rounded to 4 decimals."""
    if isinstance(value, float):
        rounded = round(value, 4)
        if rounded != rounded or abs(rounded) >= 1e15:
            raise RuleEngineError(f"a number the rule engine cannot read: {value!r}")
        return rounded + 0.0
    return value


def suggestions_for(rule: Rule, fact: dict[str, Any]) -> list[dict[str, Any]]:
    return SUGGEST[rule.suggest](fact) if rule.suggest else []


__all__ = ["CompiledRuleset", "Firing", "Group", "RuleEngineError", "Run", "suggestions_for"]
