"""The condition language means the same in durable_rules and in Python (missing fields never match)."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core.model import Source
from engine.rules import conditions as rule_conditions
from engine.rules.compile import CompiledRuleset
from engine.rules.conditions import ConditionError, compile_all, compile_each, compile_python, parse
from engine.rules.rulesets import Rule, Ruleset, RulesetVersion, VersionInfo

# every fact field has one type, as in the facts e7 builds (durable_rules compares a text with a number as
# texts and treats true, 1 and "true" as equal: e7 never mixes them, and neither does this test)
TYPES = {"a": "int", "b": "int", "c": "text", "d": "bool"}
FIELDS = tuple(TYPES)
OPS = ("==", "!=", "<", "<=", ">", ">=")
_names = itertools.count()
LITERALS = {
    "int": st.integers(-3, 3).map(str),
    "text": st.sampled_from(["'x'", "'y'", "'z'"]),
    "bool": st.sampled_from(["true", "false"]),
}
VALUES = {"int": st.integers(-3, 3), "text": st.sampled_from(["x", "y"]), "bool": st.booleans()}


@st.composite
def conditions(draw, depth=0):
    kind = draw(st.sampled_from(["cmp", "ref", "presence"] + (["group"] if depth < 2 else [])))
    field = draw(st.sampled_from(FIELDS))
    kind_of = TYPES[field]
    ops = OPS if kind_of != "bool" else ("==", "!=")
    if kind == "cmp":
        return f"{field} {draw(st.sampled_from(ops))} {draw(LITERALS[kind_of])}"
    if kind == "ref":
        same = [f for f in FIELDS if TYPES[f] == kind_of]
        return f"{field} {draw(st.sampled_from(ops))} {draw(st.sampled_from(same))}"
    if kind == "presence":
        return f"{field} {draw(st.sampled_from(['exists', 'missing']))}"
    items = draw(st.lists(conditions(depth + 1), min_size=1, max_size=3))
    return {draw(st.sampled_from(["any", "all"])): items}


facts = st.fixed_dictionaries({}, optional={f: VALUES[t] for f, t in TYPES.items()})

CITATION = Source(document="test", status="U")


def ruleset_of(conditions_list) -> Ruleset:
    name = f"test-conditions-{next(_names)}"
    rules = tuple(
        Rule(
            id=f"r{i}",
            title="t",
            topic="code",
            authority="e7",
            citation=CITATION,
            explanation="x",
            severity="advice",
            applies=("kind_marker exists",),
            when=(condition,),
            message="m",
        )
        for i, condition in enumerate(conditions_list)
    )
    info = VersionInfo(id="2022-07-01", effective=dt.date(2022, 7, 1), title=name)
    version = RulesetVersion(ruleset=info, rules=rules)
    return Ruleset(name, version, (version,), rules, {}, name, {r.id: info.effective for r in rules})


@settings(max_examples=60, deadline=None)
@given(conds=st.lists(conditions(), min_size=1, max_size=8), fact_list=st.lists(facts, min_size=1, max_size=5))
def test_durable_and_python_agree(conds, fact_list):
    try:
        nodes = [parse(c) for c in conds]
    except ConditionError:
        return
    engine = CompiledRuleset.of(ruleset_of(conds))
    predicates = [compile_python(n) for n in nodes]
    together = compile_all(tuple(nodes))  # a rule's applies: one compiled function for all its conditions
    for fact in fact_list:
        fact = {**fact, "kind": "application", "kind_marker": 1}
        run = engine.run(fact)
        fired = {f.rule for f in run.firings if f.kind == "finding"}
        expected = {f"r{i}" for i, p in enumerate(predicates) if p(fact)}
        assert fired == expected, (conds, fact)
        assert together(fact) == (len(expected) == len(predicates)), (conds, fact)


def test_a_fact_that_is_not_an_application_is_refused_before_the_engine():
    import pytest

    from engine.rules.compile import RuleEngineError

    engine = CompiledRuleset.of(ruleset_of(["a == 1"]))
    with pytest.raises(RuleEngineError, match="application"):
        engine.run({"a": 1})


def test_an_error_in_an_action_is_reported_and_its_session_still_deleted():
    """e7 runs the actions itself (engine/rules/compile.py): an exception in one reaches the caller as a
    RuleEngineError naming it, and the case's session is deleted all the same. durable_rules allows 1,024 live
    sessions per ruleset and then crashes the process, so the check runs 1,100 failing cases in a child
    process and then one that works."""
    import subprocess
    import sys

    from .conftest import ROOT

    script = """
import datetime as dt
from engine.rules.calculations import COMPUTE
from engine.core.model import Source
from engine.rules.compile import CompiledRuleset, RuleEngineError
from engine.rules.rulesets import Rule, Ruleset, RulesetVersion, VersionInfo

def boom(fact):
    raise ZeroDivisionError("the calculation failed")

COMPUTE["boom"] = boom
source = Source(document="test", status="U")
common = dict(title="t", topic="salary", authority="e7", citation=source, explanation="x")
rules = (
    Rule(id="derive", derive="floor", compute="boom", when=("a > 0",), **common),
    Rule(id="after", severity="risk", after="floor", when=("a > 0",), message="m", **common),
    Rule(id="plain", severity="advice", when=("a == 0",), message="m", **common),
)
info = VersionInfo(id="2022-07-01", effective=dt.date(2022, 7, 1), title="boom")
version = RulesetVersion(ruleset=info, rules=rules)
ruleset = Ruleset("boom", version, (version,), rules, {}, "boom", {r.id: info.effective for r in rules})
engine = CompiledRuleset.of(ruleset)
for _ in range(1100):
    try:
        engine.run({"kind": "application", "a": 1})
    except RuleEngineError as exc:
        assert "ZeroDivisionError: the calculation failed" in str(exc), exc
    else:
        raise AssertionError("expected a RuleEngineError")
run = engine.run({"kind": "application", "a": 0})
print("ok", [f.rule for f in run.firings])
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok ['plain']"


def test_a_derived_fact_that_no_reader_accepts_ends_the_chain_quietly():
    """Forward chaining: the rules that read a derived fact test its values; when none holds, nothing follows
    (durable_rules reports "no rule matches", which is not an error here)."""
    from engine.rules.calculations import COMPUTE

    COMPUTE.setdefault("test-small-floor", lambda fact: {"x": fact["a"]})
    common = dict(title="t", topic="salary", authority="e7", citation=CITATION, explanation="x")
    rules = (
        Rule(id="derive", derive="floor", compute="test-small-floor", when=("a > 0",), **common),
        Rule(id="after", severity="risk", after="floor", when=("derived.x > 5",), message="m", **common),
    )
    name = f"test-chain-{next(_names)}"
    info = VersionInfo(id="2022-07-01", effective=dt.date(2022, 7, 1), title=name)
    version = RulesetVersion(ruleset=info, rules=rules)
    engine = CompiledRuleset.of(
        Ruleset(name, version, (version,), rules, {}, name, {r.id: info.effective for r in rules})
    )
    assert [f.rule for f in engine.run({"kind": "application", "a": 1}).firings] == ["derive"]
    assert [f.rule for f in engine.run({"kind": "application", "a": 9}).firings] == ["derive", "after"]


def test_rules_under_many_first_tests_fire_as_their_conditions_say():
    # more first tests than one branch node holds (compile._branch): the rules are split among several
    # branch nodes, each a test every application passes, and each still fires exactly where it holds
    from engine.rules.compile import _BRANCH_WIDTH, compile_ruleset

    conds = [f"a == {i}" if i % 3 else {"any": [f"a == {i}", "c == 'x'"]} for i in range(3 * _BRANCH_WIDTH)]
    conds += ["a missing", "b exists", "a < b", "c != 'y'"]
    rules = ruleset_of(conds)
    rules = attrs.evolve(rules, rules=tuple(attrs.evolve(r, applies=()) for r in rules.rules))
    branches: dict[str, set[str]] = {}
    for rule in compile_ruleset(rules).values():
        tests = rule["all"][0]["a"].get("$and", [])
        if len(tests) > 2:
            branches.setdefault(json.dumps(tests[1]), set()).add(json.dumps(tests[2], sort_keys=True))
    assert len(branches) > 2 and all(len(firsts) <= _BRANCH_WIDTH for firsts in branches.values())
    engine = CompiledRuleset.of(rules)
    predicates = [compile_python(parse(c)) for c in conds]
    for a, b, c in itertools.product([None, 0, 1, 5, 2 * _BRANCH_WIDTH + 1], [None, 3], [None, "x", "y"]):
        fact = {k: v for k, v in {"a": a, "b": b, "c": c}.items() if v is not None}
        run = engine.run({**fact, "kind": "application"})
        assert {f.rule for f in run.firings if f.kind == "finding"} == {
            f"r{i}" for i, p in enumerate(predicates) if p(fact)
        }, fact


class _Counting(dict):
    reads: list[str]

    def get(self, key, default=None):
        self.reads.append(key)
        return super().get(key, default)


@settings(max_examples=60, deadline=None)
@given(conds=st.lists(conditions(), min_size=1, max_size=6), picks=st.data(), fact_list=st.lists(facts, max_size=5))
def test_each_group_applies_as_its_conditions_alone(conds, picks, fact_list):
    try:
        nodes = [parse(c) for c in conds]
    except ConditionError:
        return
    # groups sharing conditions (compile_each tests a shared one once)
    groups = [tuple(picks.draw(st.lists(st.sampled_from(nodes), max_size=4))) for _ in range(5)]
    each = compile_each(groups)
    for fact in fact_list:
        answers = each(fact)
        assert answers == tuple(compile_all(g)(fact) for g in groups), (groups, fact)
        assert all(type(answer) is bool for answer in answers)  # written without bool() calls, still bools


def test_a_condition_several_groups_hold_is_tested_once():
    shared, other = parse("a == 1"), parse("b == 2")
    fact = _Counting(a=0, b=2)
    fact.reads = []
    assert compile_each([(shared, other), (shared,), (other, shared)])(fact) == (False, False, False)
    assert fact.reads.count("a") == 1


def test_fields_go_to_the_engine_under_short_names_whose_hashes_differ(monkeypatch):
    from engine.rules import compile as compile_module

    names = compile_module.short_names(["kind", "sid", "id", "annual_salary_krw", "code_status", "a"])
    assert {names["kind"], names["sid"], names["id"]} == {"kind", "sid", "id"}
    short = [names[f] for f in ("annual_salary_krw", "code_status", "a")]
    assert len(set(short)) == 3 and all(n.startswith("_") and len(n) <= 3 for n in short)
    # the core tells fields apart by the FNV-1a hash of their names alone (compile._fnv1a): two names with one
    # hash are one field to it, so short names whose hashes meet are not used (the fields' own names are)
    assert compile_module._fnv1a("f6059") == compile_module._fnv1a("f264602")
    monkeypatch.setattr(compile_module, "_fnv1a", lambda name: 1)
    assert compile_module.short_names(["kind", "a", "b"]) == {"kind": "kind", "a": "a", "b": "b"}
    monkeypatch.setattr(compile_module, "short_names", lambda fields: {f: f for f in fields})
    engine = CompiledRuleset.of(ruleset_of(["f6059 == 1", "f264602 == 2"]))
    fired = {f.rule for f in engine.run({"kind": "application", "kind_marker": 1, "f264602": 1}).firings}
    assert fired == {"r0"}  # the core read f264602 for f6059: the hash is the core's own


def test_rules_on_short_names_fire_as_their_conditions_say():
    # fields compared with each other, scaled, tested for presence, matched: all under their short names
    conds = ["a < b", "b >= a * 2", "c exists", "c missing", "c == 'x'", {"any": ["a == 1", "d == true"]}]
    conds += ["c matches 'X|z'"]
    engine = CompiledRuleset.of(ruleset_of(conds))
    assert engine._names["a"] != "a"
    predicates = [compile_python(parse(c)) for c in conds]
    for a, b, c, d in itertools.product([None, 1, 3], [None, 2, 6], [None, "x", "y"], [None, True, False]):
        fact = {k: v for k, v in {"a": a, "b": b, "c": c, "d": d}.items() if v is not None}
        run = engine.run({**fact, "kind": "application", "kind_marker": 1})
        assert {f.rule for f in run.firings if f.kind == "finding"} == {
            f"r{i}" for i, p in enumerate(predicates) if p(fact)
        }, fact


def test_a_condition_text_is_parsed_once_and_its_test_shared():
    # a ruleset version repeats most rules of the one it extends: the same text gives the same frozen Test object
    text = "annual_salary_krw >= 31_000_000"
    first, again = rule_conditions.parse(text), rule_conditions.parse(text)
    assert first is again
    assert first == rule_conditions.Test("annual_salary_krw", ">=", 31_000_000, None)
    group = rule_conditions.parse({"any": [text, "employer_size missing"]})
    assert group.items[0] is first


def test_a_bad_condition_text_is_refused_every_time_and_not_remembered():
    for _ in range(2):
        with pytest.raises(rule_conditions.ConditionError, match="expected 'FIELD OP VALUE'"):
            rule_conditions.parse("salary is high")
    assert "salary is high" not in rule_conditions._parsed_texts


def test_an_equality_with_a_literal_holds_only_for_a_value_of_the_literal_kind():
    """``FIELD == LITERAL`` is compiled as a bare comparison (no check of the value's kind first): it holds
    exactly where the value is present, of the literal's kind (a text for a text, a number or true/false for a
    number) and equal, as the other comparisons are written; and ``!=`` still fails on a missing field."""
    values = [None, "x", "1", "true", "", 1, 0, 1.0, 2.5, True, False, float("nan"), [1], {"a": 1}]
    for literal in ("'x'", "'1'", "'true'", "1", "0", "2.5", "true", "false"):
        value = parse(f"a == {literal}").value
        for fact_value in values:
            fact = {} if fact_value is None else {"a": fact_value}
            expected = (
                fact_value is not None and isinstance(fact_value, str) == isinstance(value, str) and fact_value == value
            )
            assert compile_python(parse(f"a == {literal}"))(fact) is expected, (literal, fact_value)
            assert compile_each([(parse(f"a == {literal}"),)])(fact) == (expected,)
        assert compile_python(parse(f"a != {literal}"))({}) is False
