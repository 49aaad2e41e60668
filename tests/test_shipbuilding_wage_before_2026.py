"""The shipbuilding codes' lower wage for workers brought in from 2024-10 (7406, 76212, 78369; visa manual 2026.6
pp.236, 238, 239) on application dates before 2026-02-01, when e7 holds no amount for it: the salary below 80% of
GNI is a risk (salary.shipbuilding-intake-amount-unknown), not a refusal (salary.below-floor). Each side of the
entry date, of the application dates and of the floor."""

from __future__ import annotations

import datetime as dt

import pytest

from .cases import make
from .test_rules_both_sides import findings

D = dt.date
RULE = "salary.shipbuilding-intake-amount-unknown"


def wage_case(kind: str, filed_on: dt.date, salary: int, entered_on: dt.date | None = None, code: str = "7406"):
    applicant = {"entered_on": entered_on} if entered_on else {}
    position = {"code": code, "subcategory": "E-7-3", "job_title": "Welder", "annual_salary_krw": salary}
    return make(
        kind=kind, filed_on=filed_on, position=position, applicant=applicant, employer={"absconders_past_two_years": 0}
    )


@pytest.mark.parametrize("code", ["7406", "76212", "78369"])
@pytest.mark.parametrize("filed_on", [D(2024, 10, 1), D(2025, 3, 31), D(2025, 4, 1), D(2026, 1, 31)])
def test_a_new_intake_below_80_percent_of_gni_is_a_risk_before_2026_02(ev, code, filed_on):
    # an initial application is a new intake: entered_on is the application date
    _, found = findings(ev, wage_case("initial", filed_on, 27_000_000, code=code))
    assert "salary.below-floor" not in found
    f = found[RULE]
    assert f.severity == "risk" and f.evidence["annual_salary_krw"] == 27_000_000
    assert f.evidence["derived.amount_krw"] > 27_000_000  # 80% of GNI (or the SME 70%) on that date


@pytest.mark.parametrize("filed_on", [D(2024, 10, 1), D(2026, 1, 31)])
def test_at_the_floor_neither_rule(ev, filed_on):
    _, found = findings(ev, wage_case("initial", filed_on, 27_000_000))
    floor = found[RULE].evidence["derived.amount_krw"]
    _, found = findings(ev, wage_case("initial", filed_on, floor))
    assert RULE not in found and "salary.below-floor" not in found
    _, found = findings(ev, wage_case("initial", filed_on, floor - 1))
    assert found[RULE].severity == "risk" and "salary.below-floor" not in found


def test_before_2024_10_the_80_percent_of_gni_refuses(ev):
    _, found = findings(ev, wage_case("initial", D(2024, 9, 30), 27_000_000))
    assert found["salary.below-floor"].severity == "blocking" and RULE not in found


def test_from_2026_02_the_26_amount_decides(ev):
    # 25,880,000 KRW ('26년 기준, 2026-02-01.toml [[conditional]]): at it no finding, below it a refusal
    _, found = findings(ev, wage_case("initial", D(2026, 2, 1), 25_880_000))
    assert RULE not in found and "salary.below-floor" not in found
    _, found = findings(ev, wage_case("initial", D(2026, 2, 1), 25_879_999))
    assert found["salary.below-floor"].severity == "blocking" and RULE not in found


@pytest.mark.parametrize(
    "entered_on,rule,severity",
    [(D(2024, 10, 1), RULE, "risk"), (D(2024, 9, 30), "salary.below-floor", "blocking")],
)
def test_a_worker_in_korea_by_the_entry_date(ev, entered_on, rule, severity):
    _, found = findings(ev, wage_case("extension", D(2025, 6, 2), 27_000_000, entered_on))
    assert found[rule].severity == severity
    assert (RULE in found) != ("salary.below-floor" in found)


def test_an_extension_without_the_entry_date_keeps_80_percent_of_gni(ev):
    _, found = findings(ev, wage_case("extension", D(2025, 6, 2), 27_000_000))
    assert found["salary.below-floor"].severity == "blocking" and RULE not in found


def test_another_e7_3_code_is_not_concerned(ev):
    _, found = findings(ev, wage_case("initial", D(2025, 6, 2), 20_000_000, code="S8417"))
    assert RULE not in found
