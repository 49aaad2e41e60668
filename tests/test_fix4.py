"""fix4 (issue 18): each change on both sides.

- employer.e7-4-opened-3-months: 원칙적으로 개업 후 최소 3개월 이후 신청 가능 (stay manual 2026.6 p.303), a risk.
"""

from __future__ import annotations

import pytest

from engine.data.folders import locate
from engine.rules.evaluate import Evaluator

from .cases import DELETE
from .test_case_kinds import example

OPENED = "employer.e7-4-opened-3-months"


@pytest.fixture(scope="module")
def ev() -> Evaluator:
    return Evaluator(locate(None))


def _found(ev: Evaluator, name: str, **changes: object):
    decision = ev.evaluate(example(name, **changes))
    return decision, {f.rule: f for f in decision.findings}


@pytest.mark.parametrize(
    ("founded", "fires"),
    [("2026-04-02", True), ("2026-06-30", True), ("2026-04-01", False), ("2001-07-01", False)],
)
def test_an_e7_4_application_three_months_after_opening(ev, founded, fires):
    # e7-4-root-industry-pass is filed on 2026-07-01: 3 months before is 2026-04-01
    decision, found = _found(ev, "e7-4-root-industry-pass", employer={"founded_on": founded})
    if fires:
        assert found[OPENED].severity == "risk"
        assert f"opened on {founded}, less than 3 months before the filing date (2026-07-01)" in found[OPENED].message
        assert decision.outcome == "at_risk"
    else:
        assert OPENED not in found
        assert decision.outcome == "ready"


def test_the_opening_date_not_given_asks_nothing(ev):
    decision, found = _found(ev, "e7-4-root-industry-pass", employer={"founded_on": DELETE})
    assert OPENED not in found
    assert decision.outcome == "ready"
