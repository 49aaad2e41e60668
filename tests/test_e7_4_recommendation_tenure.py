"""E-7-4 (K-point E74, issue 18): a metropolitan government recommends only a worker at least a year at a company
in its area (stay manual 2026.6 pp.299, 314), and the previous firm's period adds to the tenure with the current
employer only on objective proof of a move the worker was not at fault for (pp.301, 307): each on both sides, read
only where the case gives the field, and the new fields refused when they are not what they say."""

from __future__ import annotations

import json
import tomllib

import pytest

from engine.rules.evaluate import Evaluator

from .conftest import ROOT
from .test_case_kinds import example  # an example case as data, with deep overrides

E74 = "e7-4-recommended-too-soon"
RULE = "points.e7-4-metro-recommendation-area"
TENURE = "points.e7-4-tenure-previous-firm"


def _seen(ev: Evaluator, **e7_4: object) -> dict[str, str]:
    return {f.rule: f.severity for f in ev.evaluate(example(E74, e7_4=e7_4)).findings}


@pytest.mark.parametrize(("years", "risk"), [(0.5, True), (0.99, True), (1.0, False), (3.0, False)])
def test_a_metropolitan_recommendation_needs_a_year_at_a_company_in_the_area(ev, years, risk):
    seen = _seen(ev, metro_government_recommendation=True, metro_government_area_years=years)
    assert (seen.get(RULE) == "risk") is risk


def test_the_years_are_read_only_with_a_metropolitan_recommendation(ev):
    assert RULE not in _seen(ev, metro_government_recommendation=False, metro_government_area_years=0.5)
    assert RULE not in _seen(ev, metro_government_recommendation=True)


def test_the_finding_names_the_years_in_both_languages(e7, tmp_path):
    data = tomllib.loads((ROOT / "examples" / "cases" / f"{E74}.toml").read_text(encoding="utf-8"))
    data["e7_4"] |= {"metro_government_recommendation": True, "metro_government_area_years": 0.5}
    case = tmp_path / "metro.json"
    case.write_text(json.dumps(data, default=str), encoding="utf-8")
    assert "0.5 years at a company in its area" in e7("check", str(case)).out
    assert "근무 기간이 0.5년" in e7("check", str(case), "--lang", "ko").out


@pytest.mark.parametrize("value", ['"a year"', "-1"])
def test_bad_years_exit_2_with_one_line(e7, tmp_path, value):
    case = tmp_path / "bad.toml"
    position = '[position]\ncode = "7406"\nsubcategory = "E-7-4"\n'
    case.write_text(f"{position}[e7_4]\nmetro_government_area_years = {value}\n")
    result = e7("check", str(case))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "e7_4.metro_government_area_years" in result.err and "bad.toml" in result.err


# -- the previous firm's period in the tenure (pp.301, 307) --------------------------------------------------


def _found(ev: Evaluator, **e7_4: object) -> dict[str, object]:
    return {f.rule: f for f in ev.evaluate(example(E74, e7_4=e7_4)).findings}


@pytest.mark.parametrize(("proved", "risk"), [(False, True), (True, False)])
def test_the_previous_firms_years_count_only_on_proof(ev, proved, risk):
    found = _found(ev, years_with_current_employer=3.5, previous_employer_years=2.8, no_fault_move_proved=proved)
    assert (TENURE in found and found[TENURE].severity == "risk") is risk
    if risk:
        assert "the tenure is then 0.7 years" in found[TENURE].message


def test_the_proof_is_asked_for_only_where_a_previous_period_is_added(ev):
    asked = _found(ev, years_with_current_employer=3.5, previous_employer_years=1.0)
    assert asked[TENURE].severity == "needs_information"
    assert "e7_4.no_fault_move_proved" in " ".join(asked[TENURE].missing)
    assert TENURE not in _found(ev, years_with_current_employer=3.5, previous_employer_years=0.0)
    assert TENURE not in _found(ev, years_with_current_employer=3.5)


@pytest.mark.parametrize(("field", "value"), [("previous_employer_years", "-1"), ("no_fault_move_proved", '"yes"')])
def test_a_bad_tenure_field_exits_2_with_one_line(e7, tmp_path, field, value):
    case = tmp_path / "bad.toml"
    position = '[position]\ncode = "7406"\nsubcategory = "E-7-4"\n'
    case.write_text(f"{position}[e7_4]\n{field} = {value}\n")
    result = e7("check", str(case))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert f"e7_4.{field}" in result.err and "bad.toml" in result.err
