"""Every use of durable_rules lives here: compiling a ruleset and running one case in its own session.

durable_rules keeps global state in a C core, allows 1,024 live sessions per ruleset and crashes when a
session in which no action ran is deleted (see ``shared/notes/durable-rules.md``). So: each ruleset version
is registered once per process under its own name; each case runs in a session of its own, with a catch-all
rule that always fires once. A finished case's facts are retracted and its session serves the next case
(``CompiledRuleset._clear``): creating a session clears pools for every node of the ruleset, which was more than a
quarter of a case's instructions. A session is deleted only after a failure (an action raised, a retraction
failed, an action was left pending), when an action has run in it, so the core does not crash.

The ruleset is compiled to durable_rules' JSON form with named Python actions, and e7 runs the actions itself
through the C core's own action API (``start_action_for_state`` / ``complete_and_start_action``), as the
library's Python wrapper does, but without its per-action closures, clocks and JSON round trips of the
session state: the actions here read nothing from the state and change nothing in it. That made a case's
engine run about three times as fast, and an exception raised in an action reaches e7 instead of being
swallowed.

Missing inputs are found before the engine runs (engine/rules/evaluate.py: a rule's ``needs`` where its ``applies``
holds): a comparison with a missing field never matches in the engine, so the engine decides findings and e7
says on purpose what it could not check. (One engine rule per needed field cost a quarter of the time.)
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import attrs
import durable_rules_engine as _core
import orjson

from engine.rules.calculations import COMPUTE, SUGGEST
from engine.rules.conditions import Group, Test, fields_of, orient, to_durable
from engine.rules.rulesets import Rule, Ruleset

START = "$start"
_OBSERVED = 2  # the core's result code for a fact asserted already (1: no rule matches it)
_IDLE_SESSIONS = 2  # sessions kept per ruleset version for reuse (about 2 MB each in the core for e7's rulesets)


@attrs.define
class Firing:
    rule: str
    kind: str  # finding | derived | suggestion
    detail: dict[str, Any] = attrs.Factory(dict)


@attrs.define
class Run:
    """What one case's session produced, in firing order."""

    fact: dict[str, Any]
    firings: list[Firing] = attrs.Factory(list)
    derived: dict[str, dict[str, Any]] = attrs.Factory(dict)


class RuleEngineError(RuntimeError):
    """The rule engine failed on a case (an internal error, exit status 1)."""


Action = Callable[[Run, "_Session"], None]


class _Session:
    """What an action may do besides recording: assert a derived fact into its case's session (and remember
    its id, so that the fact can be retracted when the case is done and the session serves the next case)."""

    __slots__ = ("asserted", "handle", "sid")

    def __init__(self, handle: int, sid: str) -> None:
        self.handle = handle
        self.sid = sid
        self.asserted: list[str] = []

    def assert_fact(self, fact: dict[str, Any]) -> None:
        code = _core.assert_fact(self.handle, _encode({**fact, "sid": self.sid}))[0]
        # a result of 1 (no rule matches) is normal here: the rules that read this derived fact test its
        # values and none holds for this case (a fact no rule reads at all is refused when the ruleset loads)
        if code == _OBSERVED:
            raise RuleEngineError(f"fact asserted twice: {fact.get('id')}")
        self.asserted.append(fact["id"])


def _finding_action(rule: Rule) -> Action:
    kind = "suggestion" if rule.suggest and not rule.severity else "finding"
    after = rule.after

    def action(run: Run, _session: _Session) -> None:
        detail: dict[str, Any] = {}
        if after:
            detail["derived"] = dict(run.derived.get(after, {}))
        run.firings.append(Firing(rule.id, kind, detail))

    return action


def _derive_action(rule: Rule) -> Action:
    compute = COMPUTE[rule.compute] if rule.compute else (lambda fact: {})
    name = rule.derive

    def action(run: Run, session: _Session) -> None:
        payload = compute(run.fact)
        run.derived[name] = payload
        run.firings.append(Firing(rule.id, "derived", {"fact": name, **payload}))
        session.assert_fact({"kind": "derived", "name": name, "id": f"derived:{name}", **payload})

    return action


def _start_action(_run: Run, _session: _Session) -> None:  # the catch-all: every session runs one action
    return None


def _patterns(
    nodes: tuple[Test | Group, ...], after: str, extra: list[dict[str, Any]], names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    app: list[dict[str, Any]] = [{"kind": "application"}]
    derived: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, Test):
            node = orient(node)
            (derived if node.on_derived else app).append(to_durable(node, "a", names))
            if node.on_derived and node.ref and not node.ref.startswith("derived."):
                # durable_rules fails (error 311) when a join reads a field the other fact lacks
                app.append({"$ex": {(names or {}).get(node.ref, node.ref): 1}})
        else:
            target = derived if any(isinstance(i, Test) and i.on_derived for i in node.items) else app
            target.append(to_durable(node, "a", names))
    app.extend(extra)
    patterns = [{"a": {"$and": app} if len(app) > 1 else app[0]}]
    if after:
        head = [{"kind": "derived"}, {"name": after}]
        patterns.append({"d": {"$and": head + derived}})
    return patterns


def compile_ruleset(ruleset: Ruleset, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The durable_rules definition (with Python actions) of a ruleset; with ``names``, the application's
    fields under the names it gives (``short_names``)."""
    definition: dict[str, Any] = {START: {"all": [{"a": {"kind": "application"}}], "run": _start_action}}
    for rule in ruleset.rules:
        if rule.when or rule.after:
            action = _derive_action(rule) if rule.derive else _finding_action(rule)
            definition[rule.id] = {
                "all": _patterns(rule.parsed("applies") + rule.parsed("when"), rule.after, [], names),
                "run": action,
            }
    _branch(definition)
    return definition


_BRANCH_WIDTH = 14  # the first tests hung from one branch node of the application fact (see ``_branch``)


def _branch(definition: dict[str, Any]) -> None:
    """Hang the rules' first tests on the application fact from a few branch nodes rather than from one.

    durable_rules' core keeps the tests that follow a test in a table of 512 slots, each placed from the slot
    ``hash(field) & 31`` onwards (its ``HASH_MASK``), and for every test that holds it probes that table once
    per field of the fact, each probe walking on until an empty slot. After ``kind == 'application'`` come the
    first tests of every rule (some 110 different ones), so they fill one run of over a hundred slots, and
    each of the fact's ~75 fields walked through most of it (that walk was about half of the core's
    ``handleAlpha``, 314,000 of its instructions per case; 159,000 with the branches). Here the
    rules are split, by their first test, into groups of at most ``_BRANCH_WIDTH`` first tests, and each group
    is put behind a test of its own that every application fact passes (``kind != '@N'``: its kind is
    ``'application'``), so that no table holds more than a few dozen tests. A rule's conditions are a
    conjunction: one more test that always holds changes no match, and the order in which rules fire is the
    order of their actions in the definition, which does not change."""
    groups: dict[str, int] = {}
    for rule in definition.values():
        (pattern, *_) = rule["all"]
        tests = pattern["a"].get("$and")
        if tests is None or tests[0] != {"kind": "application"}:
            continue
        first = json.dumps(tests[1], sort_keys=True)
        group = groups.setdefault(first, len(groups) // _BRANCH_WIDTH)
        tests.insert(1, {"$neq": {"kind": f"@{group}"}})


_SAFE = re.compile(r"[^A-Za-z0-9_.@-]")
_KEPT = frozenset({"kind", "sid", "id"})  # names the engine itself reads (the session, the fact's id) or e7 does
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def short_names(fields: Iterable[str]) -> dict[str, str]:
    """Each field of the application under a short name for the engine (``_0``, ``_1``, ... ``_a9``), but
    ``kind``, ``sid`` and ``id``: the core parses the application's JSON, hashing each name in it, and writes the
    whole fact again into the message of every action that fires (about 2 kB a case, some 1,300 bytes of it the
    fields' names). The values are the same, and so is every test, under the new names. The core tells fields
    apart by the 32-bit FNV-1a hash of their names alone (two names with one hash are one field to it), so the
    short names are used only when their hashes all differ; otherwise the fields keep their own names."""
    names: dict[str, str] = {}
    count = 0
    for field in sorted(fields):
        if field in _KEPT:
            names[field] = field
            continue
        short, k = "", count
        while True:
            short = _DIGITS[k % 36] + short
            k //= 36
            if not k:
                break
        names[field] = "_" + short
        count += 1
    hashes = {_fnv1a(name) for name in names.values()} | {_fnv1a(name) for name in _KEPT}
    if len(hashes) != len(set(names.values()) | _KEPT):
        return {field: field for field in fields}
    return names


def _fnv1a(name: str) -> int:
    """The hash durable_rules' core gives a field's name (json.c ``getStringAndHash``), for an ASCII name."""
    value = 0x811C9DC5
    for byte in name.encode("ascii"):
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


class CompiledRuleset:
    """One ruleset version registered with durable_rules' core (once per process), and its named actions."""

    _registered: ClassVar[dict[str, CompiledRuleset]] = {}
    _sessions = itertools.count(1)
    _idle: list[str]  # sessions of finished cases, their facts retracted: ready for the next case

    def __init__(self, ruleset: Ruleset) -> None:
        self.ruleset = ruleset
        self._idle = []
        name = _SAFE.sub("_", f"{ruleset.id}#{ruleset.sha256[:12]}")
        # only the fields some rule reads go to the engine: less JSON to write and parse per case
        # (a rule's needs are checked in Python before the run, so they are not sent)
        fields = {"kind"}
        for rule in ruleset.rules:
            for node in rule.parsed("applies") + rule.parsed("when"):
                fields |= {f for f in fields_of(node) if not f.startswith("derived.")}
        self._fields = frozenset(fields)
        # and each under a short name (``short_names``): the field -> the name the engine knows it by
        self._names = short_names(fields)
        definition = compile_ruleset(ruleset, self._names)
        self._actions: dict[str, Action] = {rule_id: rule.pop("run") for rule_id, rule in definition.items()}
        self._handle: int = _core.create_ruleset(name, json.dumps(definition, ensure_ascii=False))

    @classmethod
    def of(cls, ruleset: Ruleset) -> CompiledRuleset:
        key = f"{ruleset.id}#{ruleset.sha256}"
        if key not in cls._registered:
            cls._registered[key] = cls(ruleset)
        return cls._registered[key]

    def _action_of(self, message: str) -> Action:
        # the core writes {"<rule name>": {...}}: read the name without parsing the facts behind it
        name = message[2 : message.find('"', 2)]
        if name not in self._actions:
            name = next(iter(json.loads(message)))
        return self._actions[name]

    def run(self, fact: dict[str, Any]) -> Run:
        """Assert one application fact in a session of its own and run its actions until none is pending;
        forward chaining (an action asserting a derived fact) runs to completion inside this call. The session
        is one a finished case left clean (its facts retracted, ``_clear``) or, when none is idle, a new one."""
        if fact.get("kind") != "application":
            # the catch-all rule must fire, or durable_rules aborts the process when the session is deleted
            raise RuleEngineError("expected an application fact (kind = 'application')")
        names = self._names
        # the fields sent, under their short names, floats rounded as ``_encode`` does, in one pass over the fact
        sent = {names[k]: (_plain_number(v) if type(v) is float else v) for k, v in fact.items() if k in names}
        idle = self._idle
        # list.pop and list.append are atomic: two threads (the web app's) never share a session
        reused = bool(idle)
        sid = idle.pop() if reused else f"case-{next(self._sessions)}"
        sent["sid"], sent["id"] = sid, "application"
        handle = self._handle
        run = Run(fact)
        session = _Session(handle, sid)
        state = None
        done = False
        try:
            code, state = _core.assert_fact(handle, orjson.dumps(sent).decode())
            if code != 0:  # cannot happen: the catch-all matches every application, and each session is clean
                raise RuleEngineError(f"the rule engine refused the application fact (code {code})")
            pending = _core.start_action_for_state(handle, state)
            message = pending[1] if pending else None
            while message:
                try:
                    self._action_of(message)(run, session)
                except Exception:
                    _core.abandon_action(handle, state)
                    raise
                message = _core.complete_and_start_action(handle, state)
            done = True
        except RuleEngineError:
            raise
        except Exception as exc:
            raise RuleEngineError(f"{exc.__class__.__name__}: {exc}") from exc
        finally:
            # a session that ran no action must not be deleted (the core crashes): one whose assert failed
            # before any action is left as it is, as before; a reused one has run actions in earlier cases
            if (state is not None or reused) and not (done and self._clear(session, state)):
                with contextlib.suppress(Exception):  # the state may already be gone
                    _core.delete_state(handle, sid)
        return run

    def _clear(self, session: _Session, state: int) -> bool:
        """Retract a finished case's facts (the application and the derived facts its actions asserted) and
        keep its session for the next case: creating a session clears pools for every node of the ruleset in
        durable_rules' core, which cost more than a quarter of a case. Retracting a fact deletes every partial
        match and pending action that holds it. False (the caller deletes the session) when a retraction
        fails, when an action is still pending afterwards, or when enough sessions are idle already."""
        handle, sid = session.handle, session.sid
        key = (sid, *session.asserted)  # a few sessions, most cases asserting the same derived facts: kept
        retraction = _retractions.get(key)
        if retraction is None:
            facts = [{"sid": sid, "id": "application"}, *({"sid": sid, "id": i} for i in session.asserted)]
            if len(_retractions) >= _RETRACTIONS:
                _retractions.clear()
            retraction = _retractions[key] = orjson.dumps(facts).decode()
        try:
            _core.retract_facts(handle, retraction)
            if _core.start_action_for_state(handle, state):  # a match left over: never let it reach a case
                return False
        except Exception:
            return False
        if len(self._idle) >= _IDLE_SESSIONS:
            return False
        self._idle.append(sid)
        return True


_RETRACTIONS = 4_096  # retractions kept; then the memo starts again
# a session and the ids of the derived facts its case asserted -> the JSON that retracts them with the application
_retractions: dict[tuple[str, ...], str] = {}


def _encode(fact: dict[str, Any]) -> str:
    """A fact (the application or a derived one) as the JSON text the core parses, floats rounded so that no
    exponent appears (``_plain_number``). orjson writes it about eight times faster than ``json``."""
    return orjson.dumps({k: (_plain_number(v) if type(v) is float else v) for k, v in fact.items()}).decode()


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
