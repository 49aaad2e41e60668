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
from engine.history import HistoryChecker
from engine.rules.evaluate import Evaluator

from .test_history_f27_rules import _f27


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


def _found(f27: Any, rule: str) -> Any:
    return next((f for f in f27.findings if f.rule == rule), None)


@pytest.mark.parametrize(("days", "short"), [(61, False), (62, True)])
def test_days_abroad_are_added_to_the_3_years(checker, days, short):
    f27 = _f27(checker, WORKER | {"absences": [_abroad(days)]})
    found = _found(f27, "history.f27-time-abroad")
    assert (found is not None) is short
    assert f27.eligible is True  # e7's reading (status D): a risk for the officer, not a refusal
    if short:
        assert found.severity == "risk"
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
    assert found.severity == ("risk" if short else "advice")
    assert f27.eligible is True
    assert "120 days" in found.message


def test_time_at_sea_counts_only_for_the_fishing_managers_code(checker):
    f27 = _f27(checker, WORKER | {"absences": [_abroad(120, "at_sea")]})
    found = _found(f27, "history.f27-time-abroad")
    assert found is not None and found.severity == "risk"


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


WAR_TALENT = {"korean_war_participant_country_talent": True, "central_agency_recommendation": True,
              "korean_university_bachelor": True}  # fmt: skip


@pytest.mark.parametrize(("years", "risk"), [(3, False), (4, True)])
def test_route_4s_korean_war_talent_is_granted_3_years(checker, years, risk):
    data = WORKER | {"f27": WAR_TALENT, "plan": WORKER["plan"] | {"f27_period_years": years}}
    found = _found(_f27(checker, data), "history.f27-period-cap")
    assert (found is not None) is risk
    if risk:
        assert "grants 3 years" in found.message


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


# -- the E-7-S holders' route (stay manual p.295, visa manual p.250) ------------------------------------------

E7S: dict[str, Any] = {
    "id": "s",
    "person": {"birth_date": "1980-01-10", "education": "bachelor", "stem_or_two_degrees": False, "korean_level": 0},
    "stays": [{"code": "2111", "subcategory": "E-7-S2", "from": "2026-03-02", "until": "2029-03-01",
               "employer": "B", "annual_salary_krw": 62_000_000, "duties_documented": True}],
    "income": [{"year": 2026, "certified_krw": 52_000_000}],
    "plan": {"f27_on": "2027-03-02"},
    "f27": {"e7_s2_points": 60, "kiip_stage_3_completed_or_assigned": True},
}  # fmt: skip
# 2026-03-02 to 2027-03-02: 366 days on E-7-S on the application date; the F-2-7 points are below 80 (age 47)


def _e7s(**change: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(E7S))
    for key, value in change.items():
        section, _, name = key.partition("__")
        if name:
            data[section][name] = value
        else:
            data[section] = value
    return data


def test_an_e7_s2_holder_of_a_year_with_60_points_and_kiip_3_needs_no_f27_points(checker):
    f27 = _f27(checker, _e7s())
    route = _found(f27, "history.f27-route-e7-s")
    assert route is not None and route.severity == "advice"
    assert f27.total < f27.pass_mark and f27.eligible is True
    assert _found(f27, "history.f27-points").severity == "advice"  # waived by the route
    assert _found(f27, "history.f27-current-stay") is None


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"f27__e7_s2_points": 59}, "history.f27-e7-s-route"),
        ({"f27__kiip_stage_3_completed_or_assigned": False}, "history.f27-e7-s-route"),
        ({"plan__f27_on": "2027-02-28"}, "history.f27-e7-s-route"),  # 364 days on E-7-S
    ],
)
def test_the_e7_s_route_is_closed_below_each_condition(checker, change, rule):
    f27 = _f27(checker, _e7s(**change))
    assert _found(f27, "history.f27-route-e7-s") is None
    found = _found(f27, rule)
    assert found is not None and found.severity == "blocking" and f27.eligible is False


def test_the_e7_s_route_asks_for_the_points_and_kiip_where_the_history_leaves_them_out(checker):
    f27 = _f27(checker, _e7s(f27={}))
    found = _found(f27, "history.f27-e7-s-route")
    assert found is not None and found.severity == "needs_information" and f27.eligible is False


def test_365_days_on_e7_s_are_a_year(checker):
    f27 = _f27(checker, _e7s(plan__f27_on="2027-03-01"))  # 2026-03-02 to 2027-03-01: 365 days
    assert _found(f27, "history.f27-route-e7-s") is not None and f27.eligible is True


@pytest.mark.parametrize(("certified", "open_"), [(157_248_000, True), (157_247_999, False)])
def test_an_e7_s1_holder_needs_3_times_gni(checker, certified, open_):
    """3 x the 2025 GNI per capita (52,416,000, the latest e7 holds on 2027-03-02) = 157,248,000."""
    stays = [E7S["stays"][0] | {"subcategory": "E-7-S1", "annual_salary_krw": certified}]
    f27 = _f27(
        checker,
        _e7s(
            stays=stays,
            income=[{"year": 2026, "certified_krw": certified}],
            f27={"kiip_stage_3_completed_or_assigned": True},
        ),
    )
    assert (_found(f27, "history.f27-route-e7-s") is not None) is open_
    blocked = _found(f27, "history.f27-e7-s-route")
    assert (blocked is not None and blocked.severity == "blocking") is not open_


def test_an_e7_s2_holder_is_not_told_the_professionals_route_is_for_e7_1(checker):
    f27 = _f27(checker, _e7s(f27__e7_s2_points=40))
    assert _found(f27, "history.f27-current-stay") is None
    assert "60" in _found(f27, "history.f27-e7-s-route").message


# -- the dates good conduct counts from: a fine's finality (p.374), a case's closing (p.372) ---------------------


@pytest.mark.parametrize(
    ("fine", "bars"),
    [
        ({"on": "2024-05-01", "amount_krw": 3_000_000}, False),  # sentenced 3 years and a month before 2027-06-01
        ({"on": "2024-05-01", "amount_krw": 3_000_000, "final_on": "2024-06-02"}, True),  # final fewer than 3 years
        ({"on": "2024-05-01", "amount_krw": 3_000_000, "final_on": "2024-06-01"}, False),  # final 3 full years
    ],
)
def test_a_fine_bars_from_the_day_it_became_final(checker, fine, bars):
    f27 = _f27(checker, WORKER | {"conduct": {"fines": [fine]}})
    assert (_found(f27, "history.f27-conduct-fine") is not None) is bars
    assert f27.eligible is not bars


@pytest.mark.parametrize(
    ("violation", "due"),
    [
        ({"on": "2017-05-01"}, False),  # 10 years and a month before 2027-06-01
        ({"on": "2017-05-01", "closed_on": "2017-06-02"}, True),  # closed fewer than 10 years before
        ({"on": "2017-05-01", "closed_on": "2017-06-01"}, False),
        ({"on": "2027-05-01", "closed_on": "2027-07-01"}, True),  # still open on the date
    ],
)
def test_the_law_abiding_course_counts_from_the_cases_closing(checker, violation, due):
    f27 = _f27(checker, WORKER | {"conduct": {"immigration_violations": [violation]}})
    assert (_found(f27, "history.f27-law-abiding-course") is not None) is due


def test_a_fines_payment_closes_its_case(checker):
    # 1,500,000 won: above the 1,000,000 of the exemption (p.372: 100만원이하의 벌금 ... 부과받은 지 10년이 경과된 자),
    # which spares a single fine of 1,000,000 won or less imposed 10 years ago even if paid later
    # (tests/test_history_f27d.py)
    fine = {"on": "2017-01-10", "amount_krw": 1_500_000, "closed_on": "2017-06-02"}
    f27 = _f27(checker, WORKER | {"conduct": {"fines": [fine]}})
    assert _found(f27, "history.f27-law-abiding-course") is not None


@pytest.mark.parametrize(
    ("conduct", "field"),
    [
        ({"fines": [{"on": "2024-05-01", "amount_krw": 1, "final_on": "2024-04-30"}]}, "conduct.fines[0].final_on"),
        ({"immigration_violations": [{"on": "2024-05-01", "closed_on": "2024-04-30"}]}, "closed_on"),
    ],
)
def test_a_closing_or_finality_before_the_event_is_refused_in_one_line(e7, tmp_path, conduct, field):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(WORKER | {"conduct": conduct}), encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and field in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(("korean_level", "listed"), [(5, True), (0, False)])
def test_the_documents_for_the_points_are_listed_where_the_points_pass(checker, korean_level, listed):
    person = WORKER["person"] | {"korean_level": korean_level}  # 20 + 20 + 20 + 30 = 90; TOPIK 0: 70
    f27 = _f27(checker, WORKER | {"person": person})
    found = _found(f27, "history.f27-points-documents")
    assert (found is not None) is listed
    if listed:
        assert found.severity == "advice" and "annex 2" in found.message and "2026 income certificate" in found.message


def test_the_documents_for_the_points_are_not_listed_on_a_route_without_the_points(checker):
    f27 = _f27(checker, WORKER | {"f27": POTENTIAL})
    assert _found(f27, "history.f27-points-documents") is None
