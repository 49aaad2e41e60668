"""The F-2-7 history planner's inputs that f27 left partial (issue 18, task cov2): the points on a route that lifts
them (F-2-7S, stay manual 2026.6 p.370: no pass claimed below the mark, no missing input asked), route 2's contract
salary for an applicant about to start the job (p.369), and the deductions declared in [f27] against [conduct]
(p.374), each on both sides."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .test_history_f27_rules import WORKER


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


def _e72(recommended: bool, **person: Any) -> dict[str, Any]:
    """An E-7-2 holder with a science graduate degree, 60 points short; the president's recommendation opens F-2-7S."""
    data = WORKER | {"f27": {"science_graduate_degree": True, "president_recommendation": recommended}}
    data["person"] = WORKER["person"] | {"korean_level": 0, "education": "bachelor"} | person
    data["stays"] = [WORKER["stays"][0] | {"code": "3922", "subcategory": "E-7-2"}]
    return data


def _f27(checker: HistoryChecker, data: dict[str, Any]) -> Any:
    f27 = checker.check(history_from_data(data, "w.json"), "w.json").f27
    assert f27 is not None
    return f27


@pytest.mark.parametrize("recommended", [True, False])
def test_below_the_mark_on_a_waiving_route_is_not_a_pass(checker, e7, tmp_path, recommended):
    f27 = _f27(checker, _e72(recommended))
    assert f27.total < f27.pass_mark and f27.passes is False
    assert f27.points_waived is recommended
    path = tmp_path / "w.json"
    path.write_text(json.dumps(_e72(recommended)), encoding="utf-8")
    out = e7("history", str(path)).out
    assert "PASSES" not in out
    assert ("NOT REQUIRED on this route" in out) is recommended
    assert ("does not pass" in out) is not recommended
    data = json.loads(e7("history", str(path), "--format", "json").out)["f27"]
    assert data["passes"] is False and data["points_waived"] is recommended
    ko = e7("history", str(path), "--lang", "ko").out
    assert ("이 경로에서는 점수 요건 없음" in ko) is recommended and "합격 (" not in ko


@pytest.mark.parametrize("recommended", [True, False])
def test_missing_points_inputs_are_asked_only_where_the_points_are_required(checker, recommended):
    f27 = _f27(checker, _e72(recommended, korean_level=None))
    incomplete = [f for f in f27.findings if f.rule == "history.f27-points" and f.severity == "needs_information"]
    assert bool(incomplete) is not recommended
    assert f27.points_waived is recommended and f27.passes is False
    if recommended:  # nothing left to ask: the route is open and the points do not decide
        assert f27.outcome != "needs_information"


# -- route 2 for an applicant about to start the job: the contract's salary (stay manual 2026.6 p.369) -----------


def _about_to_start(contract: int | None, certified: int) -> dict[str, Any]:
    f27: dict[str, Any] = {"high_tech_field": True}
    if contract is not None:
        f27["contract_salary_krw"] = contract
    return WORKER | {"f27": f27, "income": [{"year": 2026, "certified_krw": certified}]}


def _route_2(checker: HistoryChecker, data: dict[str, Any]) -> Any:
    f27 = _f27(checker, data)
    return next((f for f in f27.findings if f.rule == "history.f27-route-promising-industry"), None), f27


@pytest.mark.parametrize(("contract", "certified", "open_"), [
    (None, 39_000_000, False),  # at work: the certificate alone, under 1.5 times GNI
    (200_000_000, 39_000_000, True),  # about to start: the contract's salary replaces the certificate
    (40_000_000, 39_000_000, False),  # about to start on a contract under 1.5 times GNI
    (40_000_000, 200_000_000, False),  # about to start: last year's income no longer counts
])  # fmt: skip
def test_route_2_reads_the_contract_salary_of_an_applicant_about_to_start(checker, contract, certified, open_):
    route, f27 = _route_2(checker, _about_to_start(contract, certified))
    assert (route is not None) is open_
    if certified < 40_000_000:  # (40,000,000 or more certified waives the 3 years on its own, p.369)
        assert f27.eligible is open_  # route 2 asks no 3 years; the worker has fewer
    if open_:
        assert "contract of 200,000,000 KRW" in route.message


def test_the_contract_salary_is_refused_when_it_is_not_an_amount(e7, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(WORKER | {"f27": {"contract_salary_krw": -5}}), encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and "contract_salary_krw" in result.err and "bad.json" in result.err
    assert len(result.err.strip().splitlines()) == 1


# -- the deductions declared in [f27] against what [conduct] shows (stay manual 2026.6 p.374) ------------------


def _deductions(checker: HistoryChecker, conduct: dict[str, Any], f27: dict[str, Any]) -> set[str]:
    found = _f27(checker, WORKER | {"conduct": conduct, "f27": f27}).findings
    return {f.rule for f in found if f.rule.startswith("history.f27-deduction-") and f.severity == "risk"}


@pytest.mark.parametrize(("paid", "amount", "declared", "understated"), [
    ("2024-04-02", 500_000, 0, True),  # paid within 3 full years of 2027-04-01, not declared
    ("2024-04-01", 500_000, 0, False),  # paid 3 full years before: no longer a deduction
    ("2026-01-10", 499_999, 0, False),  # under 500,000 won: no deduction either way
    ("2026-01-10", 1_000_000, 1_000_000, False),  # declared as the history shows
    ("2026-01-10", 1_000_000, 500_000, True),  # declared lower: one tier short
])  # fmt: skip
def test_a_notified_fine_in_the_history_is_checked_against_the_one_declared(
    checker, paid, amount, declared, understated
):
    conduct = {"immigration_violations": [{"on": "2023-12-01", "notified_fine_krw": amount, "closed_on": paid}]}
    seen = _deductions(checker, conduct, {"immigration_act_fine_krw": declared})
    assert ("history.f27-deduction-immigration-fine" in seen) is understated


@pytest.mark.parametrize(("declared", "understated"), [(0, True), (1_499_999, True), (1_500_000, False)])
def test_a_fine_in_the_history_is_checked_against_the_one_declared(checker, declared, understated):
    conduct = {"fines": [{"on": "2019-05-02", "amount_krw": 1_500_000}]}
    seen = _deductions(checker, conduct, {"criminal_fine_krw": declared})
    assert ("history.f27-deduction-criminal-fine" in seen) is understated


@pytest.mark.parametrize(("declared", "understated"), [(0, True), (1, False)])
def test_a_heavier_sentence_in_the_history_is_checked_against_the_count_declared(checker, declared, understated):
    conduct = {"imprisonment_sentences": ["2015-03-02"]}  # more than 5 years before: a deduction, not a bar
    seen = _deductions(checker, conduct, {"criminal_sentences_heavier_than_fine_count": declared})
    assert ("history.f27-deduction-sentences" in seen) is understated
