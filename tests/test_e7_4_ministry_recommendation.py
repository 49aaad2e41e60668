"""E-7-4 (K-point E74, issue 18): a central ministry's recommendation issued before the guideline took effect
(2024-11-27) is not valid (stay manual 2026.6 p.308 FAQ 9-1), on both sides of the day, and the new field refused
when it is not a date."""

from __future__ import annotations

import pytest

from engine.rules.evaluate import Evaluator

from .test_case_kinds import example  # an example case as data, with deep overrides

E74 = "e7-4-recommended-too-soon"
RULE = "points.e7-4-ministry-recommendation-date"


def _seen(ev: Evaluator, **e7_4: object) -> dict[str, str]:
    return {f.rule: f.severity for f in ev.evaluate(example(E74, e7_4=e7_4)).findings}


@pytest.mark.parametrize(("issued", "risk"), [("2024-11-26", True), ("2024-11-27", False), ("2025-06-01", False)])
def test_a_ministry_recommendation_issued_before_k_point_e74_is_not_valid(ev, issued, risk):
    seen = _seen(ev, central_ministry_recommendation=True, central_ministry_recommendation_on=issued)
    assert (seen.get(RULE) == "risk") is risk


def test_the_date_is_read_only_with_a_ministry_recommendation(ev):
    assert RULE not in _seen(ev, central_ministry_recommendation=False, central_ministry_recommendation_on="2024-01-02")
    assert RULE not in _seen(ev, central_ministry_recommendation=True)


def test_a_bad_date_exits_2_with_one_line(e7, tmp_path):
    case = tmp_path / "bad.toml"
    case.write_text(
        '[position]\ncode = "7406"\nsubcategory = "E-7-4"\n[e7_4]\ncentral_ministry_recommendation_on = "soon"\n'
    )
    result = e7("check", str(case))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "e7_4.central_ministry_recommendation_on" in result.err and "bad.toml" in result.err
