"""F-2-7 in the history planner (issue 18): time abroad against the 3 years of continuous stay, with time at sea
counted for a fishing company's manager (stay manual 2026.6 p.369, the history's [[absences]]), and the period
asked for (plan.f27_period_years) against the 5-year cap of one F-2 grant (p.362) and the 2 years F-2-7S is
granted (p.370); each on both sides of its threshold."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


# E-7-1 from 2024-04-01: 3 years on 2027-04-01; applying on 2027-06-01 leaves 61 days (April 30 + May 31) to spare
WORKER: dict[str, Any] = {
    "id": "w",
    "person": {"birth_date": "1992-05-01", "education": "master", "stem_or_two_degrees": True, "korean_level": 5},
    "stays": [{"code": "2211", "subcategory": "E-7-1", "from": "2024-04-01", "until": "2028-03-31",
               "employer": "A", "annual_salary_krw": 39_000_000, "duties_documented": True}],
    "income": [{"year": 2026, "certified_krw": 39_000_000}],
    "plan": {"f27_on": "2027-06-01"},
}  # fmt: skip
FISHING = WORKER | {"stays": [WORKER["stays"][0] | {"code": "14901"}]}


def _abroad(days: int, reason: str = "other", start: str = "2025-01-01") -> dict[str, Any]:
    until = dt.date.fromisoformat(start) + dt.timedelta(days=days - 1)
    return {"from": start, "until": until.isoformat(), "reason": reason}


def _f27(checker: HistoryChecker, data: dict[str, Any]) -> Any:
    f27 = checker.check(history_from_data(data, "w.json"), "w.json").f27
    assert f27 is not None
    return f27


def _found(f27: Any, rule: str) -> Any:
    return next((f for f in f27.findings if f.rule == rule), None)


@pytest.mark.parametrize(("days", "short"), [(61, False), (62, True)])
def test_days_abroad_are_added_to_the_3_years(checker, days, short):
    f27 = _f27(checker, WORKER | {"absences": [_abroad(days)]})
    found = _found(f27, "history.f27-time-abroad")
    assert (found is not None) is short
    assert f27.eligible is not short
    if short:
        assert found.severity == "blocking"
        assert "62 days" in found.message and "2027-06-02" in found.message


def test_no_absences_leave_the_3_years_as_before(checker):
    f27 = _f27(checker, WORKER)
    assert f27.eligible is True and _found(f27, "history.f27-time-abroad") is None


def test_days_abroad_outside_the_continuous_stay_are_not_counted(checker):
    f27 = _f27(checker, WORKER | {"absences": [_abroad(200, start="2023-01-01")]})  # before the stay began
    assert _found(f27, "history.f27-time-abroad") is None and f27.eligible is True


def test_the_income_waiver_spares_the_days_abroad(checker):
    rich = WORKER | {"absences": [_abroad(100)], "income": [{"year": 2026, "certified_krw": 40_000_000}]}
    f27 = _f27(checker, rich)
    assert _found(f27, "history.f27-time-abroad") is None and f27.eligible is True


@pytest.mark.parametrize(("other", "short"), [(61, False), (62, True)])
def test_time_at_sea_counts_as_stay_for_a_fishing_companys_manager(checker, other, short):
    absences = [_abroad(120, "at_sea", "2025-01-01"), _abroad(other, "other", "2026-01-01")]
    f27 = _f27(checker, FISHING | {"absences": absences})
    found = _found(f27, "history.f27-time-abroad")
    assert found is not None
    assert found.severity == ("blocking" if short else "advice")
    assert f27.eligible is not short
    assert "120 days" in found.message


def test_time_at_sea_counts_only_for_the_fishing_managers_code(checker):
    f27 = _f27(checker, WORKER | {"absences": [_abroad(120, "at_sea")]})
    found = _found(f27, "history.f27-time-abroad")
    assert found is not None and found.severity == "blocking" and f27.eligible is False


@pytest.mark.parametrize(("years", "risk"), [(5, False), (6, True)])
def test_the_period_asked_for_is_capped_at_5_years(checker, years, risk):
    f27 = _f27(checker, WORKER | {"plan": WORKER["plan"] | {"f27_period_years": years}})
    found = _found(f27, "history.f27-period-cap")
    assert (found is not None) is risk
    assert f27.eligible is True  # the office grants within the cap: not a bar
    if risk:
        assert found.severity == "risk" and "at most 5 years" in found.message


POTENTIAL = {"science_graduate_degree": True, "president_recommendation": True}


@pytest.mark.parametrize(("years", "risk"), [(2, False), (3, True)])
def test_f_2_7s_is_granted_2_years(checker, years, risk):
    data = WORKER | {"f27": POTENTIAL, "plan": WORKER["plan"] | {"f27_period_years": years}}
    found = _found(_f27(checker, data), "history.f27-period-cap")
    assert (found is not None) is risk
    if risk:
        assert "grants 2 years" in found.message


def test_the_2_years_of_f_2_7s_are_not_asked_on_the_professionals_route(checker):
    found = _found(_f27(checker, WORKER | {"plan": WORKER["plan"] | {"f27_period_years": 3}}), "history.f27-period-cap")
    assert found is None


def test_the_findings_are_in_korean_with_lang_ko():
    checker = HistoryChecker(Evaluator(locate(None)), lang="ko")
    data = WORKER | {"absences": [_abroad(62)], "plan": WORKER["plan"] | {"f27_period_years": 6}}
    f27 = _f27(checker, data)
    assert "국내 체류기간에 포함되지 않습니다" in _found(f27, "history.f27-time-abroad").message
    assert "1회 부여 상한은 5년" in _found(f27, "history.f27-period-cap").message


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"absences": [{"from": "2025-02-01", "until": "2025-01-01"}]}, "absences[0].until"),
        ({"absences": [{"from": "2025-01-01", "until": "2025-02-01", "reason": "ship"}]}, "absences[0].reason"),
        ({"absences": [{"from": "2025-01-01"}]}, "absences[0].until"),
        ({"plan": {"f27_on": "2027-06-01", "f27_period_years": 0}}, "plan.f27_period_years"),
        ({"plan": {"f27_on": "2027-06-01", "f27_period_years": -1}}, "plan.f27_period_years"),
    ],
)
def test_a_bad_absence_or_period_is_refused_in_one_line(e7, tmp_path, change, field):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(WORKER | change), encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and field in result.err and str(path) in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
