"""The F-2-7 history planner's entries task f27c of issue 18 completes (stay manual 2026.6 pp.374-375): departure
orders and deportations dated in [conduct] against the deduction declared (p.374), each on both sides, with the
example histories that show them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.core.errors import InputError
from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .conftest import ROOT
from .test_history_f27_rules import WORKER  # an E-7-1 worker applying for F-2-7 on 2027-04-01


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


def _f27(checker: HistoryChecker, data: dict[str, Any]) -> Any:
    f27 = checker.check(history_from_data(json.loads(json.dumps(data)), "w.json"), "w.json").f27
    assert f27 is not None
    return f27


def _finding(f27: Any, rule: str) -> Any:
    return next((f for f in f27.findings if f.rule == rule), None)


# -- departure orders and deportations (p.374: 출국명령, 강제퇴거 : 신청일로부터 5년 이내에 부과된 경우, -30) ----------

ORDERS = "history.f27-deduction-departure-orders"


@pytest.mark.parametrize(
    ("imposed", "declared", "understated"),
    [
        (["2022-04-02"], 0, True),  # 4 full years before 2027-04-01: within 5 years, not declared
        (["2022-04-01"], 0, False),  # 5 full years before: no longer a deduction
        (["2022-04-02"], 1, False),  # declared: the points show the -30
        (["2022-04-02", "2025-01-10"], 1, True),  # two within 5 years, one declared
        (["2027-04-02"], 0, False),  # after the application date
        ([], 0, False),
    ],
)
def test_a_departure_order_in_the_history_is_checked_against_the_count_declared(
    checker, imposed, declared, understated
):
    data = WORKER | {
        "conduct": {"departure_orders_or_deportations": imposed},
        "f27": {"departure_orders_or_deportations_count": declared},
    }
    finding = _finding(_f27(checker, data), ORDERS)
    assert (finding is not None) is understated
    if finding is not None:
        assert finding.severity == "risk"
        assert f"lists {len([d for d in imposed if '2022-04-02' <= d <= '2027-04-01'])} departure order" in (
            finding.message
        )
        assert f"the points count {declared}" in finding.message


def test_the_declared_departure_order_costs_30_points(checker):
    plain = _f27(checker, WORKER)
    declared = _f27(checker, WORKER | {"f27": {"departure_orders_or_deportations_count": 1}})
    assert plain.total - declared.total == 30


def test_a_departure_order_that_is_not_a_date_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        history_from_data(WORKER | {"conduct": {"departure_orders_or_deportations": ["soon"]}}, "w.json")
    assert "departure_orders_or_deportations" in str(caught.value)


def test_the_departure_order_example_is_at_risk_and_in_korean(e7):
    path = ROOT / "examples/histories/data-analyst-f27-departure-order-undeclared.toml"
    data = e7("history", str(path), "--format", "json").json()
    assert data["f27"]["total"] == 108 and data["f27"]["passes"] is True
    finding = next(f for f in data["f27"]["findings"] if f["rule"] == ORDERS)
    assert finding["severity"] == "risk" and "the deduction is understated" in finding["message"]
    ko = e7("history", str(path), "--lang", "ko").out
    assert "출국명령 또는 강제퇴거가 1건 있으나" in ko
