"""`e7 batch`'s JSON line written piece by piece (engine/decision_json.py) is byte for byte what json.dumps writes
for the decision's data, for every example and for values of every kind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs

from benchmarks.generated import generated_cases
from engine.core.case import Case, load_case
from engine.core.errors import E7Error
from engine.data.folders import DataDir
from engine.rules.decision import Citation, Decision, Finding, Passed, Suggestion, TraceStep
from engine.rules.decision_json import decision_line
from engine.rules.evaluate import Evaluator
from engine.rules.explain import decision_data, to_json_line

ROOT = Path(__file__).resolve().parents[1]


def _dumps(decision: Decision) -> str:
    return json.dumps(decision_data(decision), ensure_ascii=False, separators=(",", ":"))


def test_every_example_and_generated_decision_is_written_as_json_dumps_writes_it(data: DataDir):
    evaluator = Evaluator(data)
    cases = [load_case(p) for p in sorted((ROOT / "examples" / "cases").iterdir()) if p.suffix in (".toml", ".json")]
    decisions = []
    for case in cases + generated_cases(300, seed=4):
        try:
            decisions.append(evaluator.evaluate(case, None, case.id))
        except E7Error:
            continue
    assert len(decisions) > 250
    for decision in decisions + decisions:  # the second time from the pieces kept
        assert to_json_line(decision) == _dumps(decision)


def test_values_of_every_kind_are_written_alike():
    citation = Citation("manual", "p. 1", status="M", note='"quoted" \\ 한국어')
    odd = {
        "date": dt.date(2026, 7, 1),
        "float": 0.00001,
        "big": 1e300,
        "nan": float("nan"),
        "inf": float("-inf"),
        "nested": {"a": [1, (2, 3)], "b": None},
        "tuple": ("x", "y"),
        "surrogate": "\ud800",
        "control": "a\u2028b\x01",
        "yes": True,
    }
    many = {f"k{i}": i for i in range(12)}
    findings = (
        Finding("r.one", "topic", "risk", "Title", "Message é", citation, "law", "Why.\n", "Fix", odd, ("a", "b")),
        Finding("r.one", "topic", "needs_information", "Title", "Other", citation, "law", "Why.\n", evidence=many),
        Finding("r.two", "t", "advice", "T", "M", citation, "a", "e", evidence={1: "int key"}, rule_since="2026-01-01"),
    )
    decision = Decision(
        case='c "1"',
        as_of="2026-07-01",
        outcome="at_risk",
        catalogue={"snapshot": "2026-06-17", "sha256": "ab", "status": "M"},
        ruleset={"id": "x"},
        release={"id": "r", "nested": {"not": "plain"}},  # type: ignore[dict-item]
        engine={"name": "e7"},
        findings=findings,
        suggestions=(Suggestion("2223", "t", "r", "why", 0.5), Suggestion("1120", "u", "r")),
        passed=(Passed("p.one", "t", "T"), Passed("p.two", "t", "한국어")),
        trace=(TraceStep(1, "r.one", "finding", {"derived": {"x": 1}, "when": dt.date(2026, 1, 1)}),),
        facts={"as_of": "2026-07-01", "share": 33.3, "date": dt.date(2026, 1, 2), "none": None},
    )
    for value in (decision, attrs.evolve(decision, findings=(), suggestions=(), passed=(), facts={})):
        assert decision_line(value) == _dumps(value)
        assert decision_line(value) == _dumps(value)


def test_the_batch_line_is_the_json_line_in_utf8(data: DataDir):
    """`e7 batch` writes decision_bytes: the JSON line and a line break in UTF-8, a lone surrogate escaped."""
    from engine.rules.batch import _encoded
    from engine.rules.decision_json import decision_bytes

    evaluator = Evaluator(data)
    cases = [load_case(p) for p in sorted((ROOT / "examples" / "cases").iterdir()) if p.suffix in (".toml", ".json")]
    decisions = []
    for case in cases + generated_cases(300, seed=5):
        try:
            decisions.append(evaluator.evaluate(case, None, case.id))
        except E7Error:
            continue
    assert len(decisions) > 250
    odd = attrs.evolve(decisions[0], case="\ud800 한국어", facts={"x": "\udfff", "d": dt.date(2026, 1, 2)})
    for decision in [*decisions, *decisions, odd]:  # the second time from the pieces kept
        assert decision_bytes(decision) == _encoded(to_json_line(decision))
    assert b"\\ud800" in decision_bytes(odd)


def test_facts_evidence_and_messages_written_by_orjson_are_json_bytes(data: DataDir):
    """The batch line's facts, a finding's evidence, message and fix go through orjson when their values are
    plain: texts with every escape, numbers orjson writes otherwise (1e-07, NaN, past 64 bits) and a lone
    surrogate (orjson refuses it) give the bytes of the JSON line all the same."""
    from engine.rules.batch import _encoded
    from engine.rules.decision_json import decision_bytes

    evaluator = Evaluator(data)
    case = next(c for c in generated_cases(50, seed=6) if _decided(evaluator, c))
    decision = evaluator.evaluate(case, None, case.id)
    texts = {f"t{i}": f"a{chr(i)}b" for i in range(0x80)} | {"ls": "\u2028", "ko": "한국어", "astral": "\U0001f600"}
    numbers = {"small": 1e-07, "tiny": 5e-324, "big": 1e16, "zero": -0.0, "half": 0.5, "whole": 2**63 - 1}
    odd_values = ({"nan": float("nan")}, {"inf": float("inf")}, {"huge": 2**64}, {"low": -(2**63) - 1}, {"s": "\ud800"})
    finding = Finding("r.x", "t", "risk", "T", "M \ud800", Citation("m", "p. 1", status="M"), "law", "e", "F \x01", {})
    variants = [attrs.evolve(decision, facts=texts | numbers)]
    variants += [attrs.evolve(decision, facts=texts | numbers | odd) for odd in odd_values]
    variants += [attrs.evolve(decision, facts={**texts, 3: "int key"})]
    variants += [
        attrs.evolve(decision, findings=(attrs.evolve(finding, evidence=evidence),))
        for evidence in (texts, numbers, *odd_values, {1: "int key"}, {"nested": [1, 2]})
    ]
    for variant in variants:
        assert decision_bytes(variant) == _encoded(to_json_line(variant))


def _decided(evaluator: Evaluator, case: Case) -> bool:
    try:
        evaluator.evaluate(case, None, case.id)
    except E7Error:
        return False
    return True


def test_trace_steps_written_from_kept_pieces_are_json_bytes(data: DataDir):
    """A trace step's rule and kind are kept in UTF-8 (decision_json._step_bytes) and its detail written as the
    facts are: steps with every escape, a lone surrogate, floats orjson writes otherwise and values that are not
    plain give the bytes of the JSON line, the second time too (from the pieces kept)."""
    from engine.rules.batch import _encoded
    from engine.rules.decision_json import decision_bytes

    evaluator = Evaluator(data)
    case = next(c for c in generated_cases(50, seed=7) if _decided(evaluator, c))
    decision = evaluator.evaluate(case, None, case.id)
    steps = (
        TraceStep(1, "r.x", "finding"),
        TraceStep(2, 'r."q" \ud800 한', "derived", {"fact": "w", "x": 1e-07, "n": float("nan"), "k": "한\x01"}),
        TraceStep(3, "r.x", "derived", {"d": dt.date(2026, 1, 2), "big": 2**70, "nested": {"a": [1]}}),
        TraceStep(True, "r.x", "finding", {}),  # type: ignore[arg-type]
        TraceStep(4, "r.y", "suggestion", {f"k{i}": i for i in range(12)}),
    )
    for variant in (attrs.evolve(decision, trace=steps), attrs.evolve(decision, trace=steps[::-1])):
        assert decision_bytes(variant) == _encoded(to_json_line(variant))
        assert decision_bytes(variant) == _encoded(to_json_line(variant))


def test_missing_fields_and_odd_fields_of_a_decision_are_json_bytes(data: DataDir):
    """A finding's missing fields go through orjson when they are all texts (decision_json._texts_bytes), and a
    decision's fields are written one after the other (decision_bytes): texts with every escape, a lone surrogate,
    items that are not texts, an empty evidence and fields of other kinds than a decision holds give the bytes of
    the JSON line."""
    from engine.rules.batch import _encoded
    from engine.rules.decision_json import decision_bytes

    evaluator = Evaluator(data)
    case = next(c for c in generated_cases(50, seed=8) if _decided(evaluator, c))
    decision = evaluator.evaluate(case, None, case.id)
    finding = Finding("r.m", "t", "needs_information", "T", "M", Citation("m", "p. 1"), "law", "e", "F", {})
    texts = (*(f"a{chr(i)}b" for i in range(0x80)), "\u2028", "한국어", "\U0001f600")
    missings = [(), ("one",), texts, ("a", "\ud800"), ("a", 1), ("a", 0.1), ("a", None), ["a", "b"], (("a",),)]
    variants = [attrs.evolve(decision, findings=(attrs.evolve(finding, missing=m),)) for m in missings]  # type: ignore[arg-type]
    variants += [
        attrs.evolve(decision, case="\ud800 \x01 한"),
        attrs.evolve(decision, as_of=dt.date(2026, 1, 2)),  # type: ignore[arg-type]
        attrs.evolve(decision, trace=list(decision.trace)),  # type: ignore[arg-type]
        attrs.evolve(decision, suggestions=(Suggestion("2223", "t", "r", "why", 0.5),)),
        attrs.evolve(decision, catalogue=("not", "a table")),  # type: ignore[arg-type]
        attrs.evolve(decision, facts=(("a", 1),)),  # type: ignore[arg-type]
    ]
    for variant in variants:
        assert decision_bytes(variant) == _encoded(to_json_line(variant))
        assert decision_bytes(variant) == _encoded(to_json_line(variant))
