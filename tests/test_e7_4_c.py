"""E-7-4 (K-point E74, issue 18, e74c): the passport's validity against the period granted (stay manual 2026.6
pp.308, 321), the shipbuilding confirmation required of a shipbuilding employer (p.310) and the dated work periods
in depopulation and eup/myeon areas behind the 20-point bonus (pp.302, 307-308), on both sides of each line."""

from __future__ import annotations

import pytest

from engine.rules.evaluate import Evaluator

from .test_case_kinds import example  # an example case as data, with deep overrides

PASS = "e7-4-root-industry-pass"  # filed 2026-07-01, a change of status that passes
PASSPORT = "stay.e7-4-passport-validity"


def _decision(ev: Evaluator, name: str = PASS, **changes: object):
    decision = ev.evaluate(example(name, **changes))
    return decision, {f.rule: f for f in decision.findings}


# -- the passport's validity (pp.308, 321) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "years", "confirmation", "used_before", "fires"),
    [
        ("2030-01-01", 2.0, None, None, False),  # valid past the 2 years asked for
        ("2028-06-30", 2.0, None, None, False),  # the 2 years end on 2028-06-30: within
        ("2028-06-29", 2.0, None, None, True),  # a day short
        ("2027-03-01", 2.0, None, None, True),  # 8 months left: the grant ends with the passport
        ("2026-09-01", 2.0, True, False, True),  # 2 months left, confirmation: 6 months, not 2 years
        ("2026-09-01", 0.5, True, False, False),  # 6 months asked for on the confirmation: within
        ("2026-09-01", 0.5, True, None, False),  # not said to be used before: read as not used
        ("2026-09-01", 0.5, True, True, True),  # the once-only confirmation used at an earlier grant
        ("2026-09-01", 0.5, False, None, True),  # no confirmation: only to the passport's expiry
    ],
)
def test_the_grant_is_no_longer_than_the_passport(ev, expires, years, confirmation, used_before, fires):
    stay = {"requested_years": years, "passport_expires_on": expires}
    if confirmation is not None:
        stay["passport_confirmation"] = confirmation
    if used_before is not None:
        stay["passport_confirmation_used_before"] = used_before
    decision, found = _decision(ev, stay=stay)
    assert (PASSPORT in found) is fires
    if fires:
        finding = found[PASSPORT]
        assert finding.severity == "risk"
        assert f"valid until {expires}" in finding.message
        assert decision.outcome == "at_risk"


def test_the_confirmation_gives_six_months_from_the_filing_date(ev):
    stay = {"requested_years": 2.0, "passport_expires_on": "2026-09-01", "passport_confirmation": True}
    _, found = _decision(ev, stay=stay)
    message = found[PASSPORT].message
    assert "granted no further than 2026-12-31" in message and "6 months" in message
    _, found = _decision(ev, stay=stay | {"passport_confirmation_used_before": True})
    assert "granted no further than 2026-09-01" in found[PASSPORT].message


def test_under_six_months_without_the_confirmation_said_the_decision_asks(ev):
    decision, found = _decision(ev, stay={"requested_years": 2.0, "passport_expires_on": "2026-09-01"})
    assert found[PASSPORT].severity == "needs_information"
    assert decision.outcome == "needs_information"
    assert any("stay.passport_confirmation" in m for m in found[PASSPORT].missing)


def test_the_passport_is_read_only_with_the_period_asked_for(ev):
    decision, found = _decision(ev, stay={"passport_expires_on": "2026-08-01"})
    assert PASSPORT not in found and decision.outcome == "ready"


def test_a_bad_passport_date_exits_2_with_one_line(e7, tmp_path):
    case = tmp_path / "bad.toml"
    case.write_text('[position]\ncode = "S740"\nsubcategory = "E-7-4"\n[stay]\npassport_expires_on = "soon"\n')
    result = e7("check", str(case))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "stay.passport_expires_on" in result.err


# -- within the employment contract (pp.304, 308) -------------------------------------------------------------

CONTRACT = "stay.e7-4-contract-period"


@pytest.mark.parametrize(("contract", "fires"), [(1.0, True), (1.99, True), (2.0, False), (3.0, False)])
def test_the_grant_is_within_the_contract(ev, contract, fires):
    _, found = _decision(ev, stay={"requested_years": 2.0, "contract_years": contract})
    assert (CONTRACT in found) is fires
    if fires:
        assert found[CONTRACT].severity == "risk"
        assert f"the employment contract runs {contract} years" in found[CONTRACT].message


def test_the_contract_is_read_only_with_the_period_asked_for(ev):
    _, found = _decision(ev, stay={"contract_years": 1.0})
    assert CONTRACT not in found


# -- the shipbuilding confirmation (p.310: 원청확인서 또는 기자재업체확인서, 조선업만 해당) ---------------------------

PAPERS = "documents.e7-4-papers"
NAMED = "e7-4-root-industry-papers-named"  # lacks the recommender's ID and the root-industry confirmation
CONFIRMATION = "원청확인서 또는 기자재업체확인서"
HELD = [
    "application_form",
    "passport_copy",
    "points_self_assessment",
    "personal_statement",
    "e7_4_standard_contract",
    "income_certificate",
    "business_registration",
    "national_tax_certificate",
    "local_tax_certificate",
    "social_insurance_roster",
    "employer_recommendation_letter",
    "recommender_id_copy",
    "root_industry_confirmation",
]


@pytest.mark.parametrize(
    ("shipbuilding", "held", "required", "named"),
    [
        (True, False, True, False),  # a shipbuilder without it: the file lacks it
        (True, True, False, False),  # a shipbuilder with it
        (False, False, False, False),  # not a shipbuilder: neither asked nor named
        (None, False, False, True),  # not said: named for those it applies to, never counted missing
    ],
)
def test_the_shipbuilding_confirmation_is_asked_of_a_shipbuilder(ev, shipbuilding, held, required, named):
    employer = {} if shipbuilding is None else {"shipbuilding": shipbuilding}
    attached = HELD + (["prime_contractor_or_supplier_confirmation"] if held else [])
    decision, found = _decision(ev, NAMED, employer=employer, documents={"attached": attached})
    assert (PAPERS in found) is required
    if required:
        assert found[PAPERS].severity == "blocking" and decision.outcome == "ineligible"
        lacks = f"The E-7-4 application lacks {CONFIRMATION} (prime contractor or supplier confirmation)."
        assert found[PAPERS].message == lacks
    else:
        assert decision.outcome == "ready"
    assert (CONFIRMATION in decision.facts["e74_papers_listed"]) is named


# -- the dated periods in depopulation and eup/myeon areas (pp.302, 307-308) ------------------------------------

AREA = "points.e7-4-area-work-periods"


def _period(start: str, end: str, status: str = "E-9") -> dict[str, str]:
    return {"start": start, "end": end, "status": status}


def _area(ev: Evaluator, periods: list[dict[str, str]], declared: float | None = 3.0, name: str = PASS):
    e7_4 = {"area_work": periods} | ({} if declared is None else {"depopulation_area_years": declared})
    decision, found = _decision(ev, name, e7_4=e7_4)
    return decision, found, decision.facts.get("e74_area_years")


@pytest.mark.parametrize(
    ("periods", "years"),
    [
        ([_period("2023-07-01", "2026-06-30")], 3.0),  # 3 years to the day before filing (2026-07-01)
        ([_period("2023-07-02", "2026-06-30")], 2.99),  # a day short
        ([_period("2015-01-01", "2018-12-31")], 2.5),  # only from 2016-07-01, the 10 years' first day, counts
        ([_period("2020-01-01", "2022-12-31", "other")], 0.0),  # not on E-9, E-10 or H-2
        ([_period("2021-01-01", "2022-12-31"), _period("2024-07-01", "2025-06-30", "H-2")], 3.0),  # added up
        # the same place, a depopulation area that is also a myeon, listed twice: once (p.308 FAQ 8-2)
        ([_period("2022-01-01", "2023-12-31"), _period("2022-01-01", "2023-12-31", "E-10")], 2.0),
        ([_period("2021-01-01", "2022-12-31"), _period("2022-07-01", "2023-06-30")], 2.49),  # overlapping
    ],
)
def test_the_years_are_each_day_once_on_the_three_statuses_within_ten_years(ev, periods, years):
    _, found, counted = _area(ev, periods)
    assert counted == years
    assert (AREA in found) is (years < 3)
    if years < 3:
        assert found[AREA].severity == "risk"
        assert f"the periods listed give {years} years" in found[AREA].message
        assert "from 2016-07-01" in found[AREA].message


def test_the_periods_decide_the_bonus_in_the_score(ev):
    base, _, _ = _area(ev, [_period("2023-07-01", "2026-06-30")])
    short, _, _ = _area(ev, [_period("2023-07-02", "2026-06-30")])
    assert base.facts["e74_total"] - short.facts["e74_total"] == 20


def test_the_declared_years_alone_keep_the_bonus_and_no_finding(ev):
    decision, found = _decision(ev, e7_4={"depopulation_area_years": 3.0})
    assert AREA not in found and "e74_area_years" not in decision.facts


def test_periods_without_declared_years_give_no_finding(ev):
    _, found, counted = _area(ev, [_period("2024-01-01", "2024-12-31")], declared=None)
    assert counted == 1.0 and AREA not in found


def test_a_period_that_ends_before_it_starts_exits_2_with_one_line(e7, tmp_path):
    case = tmp_path / "bad.toml"
    case.write_text(
        '[position]\ncode = "S740"\nsubcategory = "E-7-4"\n'
        '[[e7_4.area_work]]\nstart = 2024-01-01\nend = 2023-01-01\nstatus = "E-9"\n'
    )
    result = e7("check", str(case))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "e7_4.area_work" in result.err
