"""E-7-4 (K-point E74, issue 18): the previous firm's period adds to the tenure with the current employer only on
objective proof of a move the worker was not at fault for (stay manual 2026.6 pp.301, 307), on both sides, asked
for where the case gives the period, and the new fields refused when they are not what they say."""

from __future__ import annotations

import pytest

from engine.data.folders import locate
from engine.rules.evaluate import Evaluator

from .test_case_kinds import example  # an example case as data, with deep overrides

E74 = "e7-4-recommended-too-soon"
RULE = "points.e7-4-tenure-previous-firm"


@pytest.fixture(scope="module")
def ev() -> Evaluator:
    return Evaluator(locate(None))


def _found(ev: Evaluator, **e7_4: object) -> dict[str, object]:
    return {f.rule: f for f in ev.evaluate(example(E74, e7_4=e7_4)).findings}


@pytest.mark.parametrize(("proved", "risk"), [(False, True), (True, False)])
def test_the_previous_firms_years_count_only_on_proof(ev, proved, risk):
    found = _found(ev, years_with_current_employer=3.5, previous_employer_years=2.8, no_fault_move_proved=proved)
    assert (RULE in found and found[RULE].severity == "risk") is risk
    if risk:
        assert "the tenure is then 0.7 years" in found[RULE].message


def test_the_proof_is_asked_for_only_where_a_previous_period_is_added(ev):
    asked = _found(ev, years_with_current_employer=3.5, previous_employer_years=1.0)
    assert asked[RULE].severity == "needs_information"
    assert "e7_4.no_fault_move_proved" in " ".join(asked[RULE].missing)
    assert RULE not in _found(ev, years_with_current_employer=3.5, previous_employer_years=0.0)
    assert RULE not in _found(ev, years_with_current_employer=3.5)


@pytest.mark.parametrize(("field", "value"), [("previous_employer_years", "-1"), ("no_fault_move_proved", '"yes"')])
def test_a_bad_field_exits_2_with_one_line(e7, tmp_path, field, value):
    case = tmp_path / "bad.toml"
    position = '[position]\ncode = "7406"\nsubcategory = "E-7-4"\n'
    case.write_text(f"{position}[e7_4]\n{field} = {value}\n")
    result = e7("check", str(case))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert f"e7_4.{field}" in result.err and "bad.toml" in result.err
