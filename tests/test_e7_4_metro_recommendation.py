"""E-7-4 (K-point E74, issue 18): a metropolitan government recommends only a worker at least a year at a company
in its area (stay manual 2026.6 pp.299, 314), on both sides of the year, read only where the case gives the years,
and the new field refused when it is not a number of years."""

from __future__ import annotations

import json
import tomllib

import pytest

from engine.data.folders import locate
from engine.rules.evaluate import Evaluator

from .conftest import ROOT
from .test_case_kinds import example  # an example case as data, with deep overrides

E74 = "e7-4-recommended-too-soon"
RULE = "points.e7-4-metro-recommendation-area"


@pytest.fixture(scope="module")
def ev() -> Evaluator:
    return Evaluator(locate(None))


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
