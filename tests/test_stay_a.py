"""A change of workplace as the codes' sections and the general chapter set it, and the E-7-4 employer track's year
and guarantee period (issue 18, stay manual pp.283-308, visa manual pp.204-226 and its 2026-09-01 edition): each
rule on both sides of its boundary (the case where it fires with its severity, and the nearest case where it does
not), plus the new fields refused when they are not valid."""

from __future__ import annotations

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError

from .cases import DELETE, make
from .test_case_kinds import example  # an example case as data, with deep overrides


def found(ev, case) -> dict[str, str]:
    """rule id -> severity of each finding."""
    return {f.rule: f.severity for f in ev.evaluate(case).findings}


SALES = "change-of-workplace-overseas-sales-rep"  # 2742
PAINTER = "change-of-workplace-ship-painter-yard-closed"  # 78369, papers
POWER = "change-of-workplace-power-line-next-section"  # 76231
DRAFTER = "change-of-workplace-drafter-agreed-termination"  # 2395, filed 2026-10-15
E74 = "e7-4-recommended-too-soon"
WELDER = "change-of-workplace-welder-left-early"  # 7406


# -- 2742 and 3991: no change of workplace in Korea (visa pp.218, 226) ---------------------------------------


def test_2742_and_3991_do_not_change_workplace_in_korea(ev):
    seen = found(ev, example(SALES))
    assert seen["stay.workplace-change-reentry-only"] == "blocking"
    assert "stay.workplace-change-permission" not in seen  # no permission to advise: the change is not open here
    clerk = make(kind="change_of_workplace", position={"code": "3991", "subcategory": "E-7-2"})
    assert found(ev, clerk)["stay.workplace-change-reentry-only"] == "blocking"


def test_other_codes_and_other_kinds_are_not_refused_for_a_change_in_korea(ev):
    developer = make(kind="change_of_workplace")
    assert "stay.workplace-change-reentry-only" not in found(ev, developer)
    # the same worker's first application is not a change of workplace
    assert "stay.workplace-change-reentry-only" not in found(ev, example(SALES, kind="initial", stay=DELETE))
    # a restricted code that may change with permission still gets the advice
    assert found(ev, example(WELDER))["stay.workplace-change-permission"] == "advice"


# -- 76231: the next section of works (stay pp.288-289) ---------------------------------------------------


def test_76231_next_section_needs_the_former_employers_consent(ev):
    seen = found(ev, example(POWER))
    assert seen["stay.workplace-change-next-section"] == "blocking"
    assert "stay.workplace-change-no-fault" not in seen  # the route is open to 76231 without a no-fault reason
    with_consent = found(ev, example(POWER, stay={"transfer_consent": True}))
    assert "stay.workplace-change-next-section" not in with_consent
    assert "stay.workplace-change-no-fault" not in with_consent
    assert "stay.transfer-consent" not in with_consent


def test_76231_without_the_sections_works_completed_moves_only_without_fault(ev):
    seen = found(ev, example(POWER, stay={"section_works_completed": False}))
    assert seen["stay.workplace-change-no-fault"] == "blocking"
    assert "stay.workplace-change-next-section" not in seen
    unknown = found(ev, example(POWER, stay={"section_works_completed": DELETE}))
    assert unknown["stay.workplace-change-no-fault"] == "blocking"
    # a move the worker is not at fault for needs no consent on either route
    not_at_fault = found(ev, example(POWER, stay={"worker_not_at_fault": True}))
    assert "stay.workplace-change-next-section" not in not_at_fault
    assert "stay.workplace-change-no-fault" not in not_at_fault


def test_the_next_section_route_is_only_76231s(ev):
    # a welder whose "section" is done is still held to the no-fault rule
    seen = found(ev, example(WELDER, stay={"section_works_completed": True}))
    assert seen["stay.workplace-change-no-fault"] == "blocking"
    assert "stay.workplace-change-next-section" not in seen


# -- the papers of 7430 (7406), 76212, 78369 and S75104 at a change (stay pp.283-291) -------------------------


def test_the_recommendation_at_a_change_is_required(ev):
    seen = found(ev, example(PAINTER))
    assert seen["stay.workplace-change-papers"] == "blocking"
    papers = next(f for f in ev.evaluate(example(PAINTER)).findings if f.rule == "stay.workplace-change-papers")
    assert "조선해양플랜트협회" in papers.message
    assert "stay.workplace-change-papers" not in found(ev, example(PAINTER, stay={"change_recommendation": True}))
    asked = found(ev, example(PAINTER, stay={"change_recommendation": DELETE}))
    assert asked["stay.workplace-change-papers"] == "needs_information"


def test_s75104_files_the_transport_ministry_offices_papers(ev):
    car_body = example(PAINTER, position={"code": "S75104", "subcategory": "E-7-3"})
    decision = ev.evaluate(car_body)
    papers = next(f for f in decision.findings if f.rule == "stay.workplace-change-papers")
    assert papers.severity == "blocking" and "자동차운영보험과" in papers.message


def test_codes_without_such_papers_are_not_asked(ev):
    for code, sub in (("S85411", "E-7-3"), ("S8417", "E-7-3"), ("2223", "E-7-1")):
        seen = found(ev, example(PAINTER, position={"code": code, "subcategory": sub}))
        assert "stay.workplace-change-papers" not in seen, code
        assert "stay.workplace-change-site-inspection" not in seen, code


def test_the_site_inspection_report_only_at_an_unavoidable_change(ev):
    assert found(ev, example(PAINTER))["stay.workplace-change-site-inspection"] == "blocking"
    with_report = found(ev, example(PAINTER, stay={"site_inspection_report": True}))
    assert "stay.workplace-change-site-inspection" not in with_report
    # a move at the contract's expiry is not an unavoidable change
    expiry = found(ev, example(PAINTER, stay={"left_before_contract_end": False}))
    assert "stay.workplace-change-site-inspection" not in expiry
    # nor a move the worker is at fault for (refused by the no-fault rule instead)
    at_fault = found(ev, example(PAINTER, stay={"worker_not_at_fault": False, "transfer_consent": True}))
    assert "stay.workplace-change-site-inspection" not in at_fault
    assert at_fault["stay.workplace-change-no-fault"] == "blocking"


# -- the former employer's report (고용변동 신고, 출입국관리법 제19조) ------------------------------------------


def test_the_former_employers_report_is_a_risk_where_it_was_not_made(ev):
    assert found(ev, example(PAINTER))["stay.employment-change-reported"] == "risk"
    rule = "stay.employment-change-reported"
    assert rule not in found(ev, example(PAINTER, stay={"former_employer_reported": True}))
    # not asked where the case does not say, and not for a workplace added beside the current one
    assert rule not in found(ev, example(PAINTER, stay={"former_employer_reported": DELETE}))
    assert rule not in found(ev, example(PAINTER, stay={"workplace_added": True}))
    # nor at an extension
    assert rule not in found(ev, example(PAINTER, kind="extension"))


# -- 2351 and 2395: a contract ended early by agreement (the 2026-09-01 edition pp.204, 210) ------------------


def test_an_agreed_termination_bars_2351_and_2395_from_the_2026_09_01_edition(ev):
    assert found(ev, example(DRAFTER))["stay.workplace-change-agreed-termination"] == "blocking"
    engineer = example(DRAFTER, position={"code": "2351"})
    assert found(ev, engineer)["stay.workplace-change-agreed-termination"] == "blocking"
    rule = "stay.workplace-change-agreed-termination"
    assert rule not in found(ev, example(DRAFTER, stay={"ended_by_agreement": False}))
    # before the edition the rule is not in force
    assert rule not in found(ev, example(DRAFTER, filed_on="2026-08-31"))


def test_the_agreed_termination_is_asked_only_where_the_contract_ended_early(ev):
    asked = found(ev, example(DRAFTER, stay={"ended_by_agreement": DELETE}))
    assert asked["stay.workplace-change-agreed-termination"] == "needs_information"
    expired = found(ev, example(DRAFTER, stay={"ended_by_agreement": DELETE, "left_before_contract_end": False}))
    assert "stay.workplace-change-agreed-termination" not in expired
    # other codes are not barred by it
    other = example(DRAFTER, position={"code": "2223", "job_title": "Backend Engineer"})
    assert "stay.workplace-change-agreed-termination" not in found(ev, other)


# -- E-7-4: a year at the recommending firm, the guarantee's period (stay pp.301, 308) ------------------------


@pytest.mark.parametrize("years,blocks", [(0.7, True), (0.99, True), (1.0, False), (3.5, False)])
def test_the_employers_recommendation_after_a_year_at_the_firm(ev, years, blocks):
    seen = found(ev, example(E74, e7_4={"years_with_current_employer": years}))
    assert (seen.get("points.e7-4-employer-tenure") == "blocking") is blocks


def test_the_year_at_the_firm_is_asked_where_the_employer_recommends(ev):
    seen = found(ev, example(E74, e7_4={"years_with_current_employer": DELETE}))
    assert seen["points.e7-4-employer-tenure"] == "needs_information"
    # without the recommendation the requirement itself fails (points.e7-4-employer-recommendation)
    none = found(ev, example(E74, e7_4={"employer_recommendation": False}))
    assert "points.e7-4-employer-tenure" not in none
    assert none["points.e7-4-employer-recommendation"] == "blocking"
    # not an E-7-4 condition elsewhere
    developer = make(e7_4={"years_with_current_employer": 0.2, "employer_recommendation": True})
    assert "points.e7-4-employer-tenure" not in found(ev, developer)


@pytest.mark.parametrize("guarantee,risk", [(1.0, True), (1.99, True), (2.0, False), (3.0, False)])
def test_no_longer_a_stay_than_the_guarantee(ev, guarantee, risk):
    seen = found(ev, example(E74, stay={"guarantee_years": guarantee}))
    assert (seen.get("stay.e7-4-guarantee-period") == "risk") is risk


def test_the_guarantee_period_is_read_only_where_both_periods_are_given(ev):
    assert "stay.e7-4-guarantee-period" not in found(ev, example(E74, stay={"guarantee_years": DELETE}))
    assert "stay.e7-4-guarantee-period" not in found(ev, example(E74, stay={"requested_years": DELETE}))
    # an E-7-1 case with a short guarantee is not held to it
    developer = make(kind="extension", stay={"requested_years": 2.0, "guarantee_years": 1.0})
    assert "stay.e7-4-guarantee-period" not in found(ev, developer)


# -- the new fields -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,value",
    [("guarantee_years", -1), ("guarantee_years", 0), ("ended_by_agreement", "yes"), ("change_recommendation", 1)],
)
def test_bad_new_fields_are_refused_naming_the_field(field, value):
    with pytest.raises(InputError) as caught:
        case_from_data({"position": {"code": "2223"}, "stay": {field: value}}, "c.toml")
    assert f"stay.{field}" in str(caught.value) and "c.toml" in str(caught.value)


def test_a_bad_new_field_exits_2_with_one_line(e7, tmp_path):
    case = tmp_path / "bad.toml"
    case.write_text('kind = "change_of_workplace"\n[position]\ncode = "7406"\n[stay]\nguarantee_years = -2\n')
    result = e7("check", str(case))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "stay.guarantee_years" in result.err and "bad.toml" in result.err


# -- E-7-4: a construction firm's recommendation quota (stay p.301) ---------------------------------------------


@pytest.mark.parametrize(
    "amount,recommendations,blocks",
    [
        (5_000_000_000, 20, False),  # 50 x 0.4 = 20
        (5_000_000_000, 21, True),
        (5_100_000_000, 21, False),  # 51 x 0.4 = 20.4, rounded up: 21
        (100_000_000, 1, False),  # 0.4 rounded up: 1
        (100_000_000, 2, True),
    ],
)
def test_a_construction_firm_recommends_by_its_construction_amount(ev, amount, recommendations, blocks):
    case = example(E74, e7_4={"construction_amount_krw": amount, "employer_recommendations": recommendations})
    seen = found(ev, case)
    assert (seen.get("employer.e7-4-construction-quota") == "blocking") is blocks
    assert "employer.e7-4-recommendation-quota" not in seen  # the 20% of regular workers does not apply to it


def test_a_construction_firm_of_e9_workers_recommends_at_least_one(ev):
    case = example(E74, e7_4={"construction_amount_krw": 0, "employer_recommendations": 1, "employer_e9_workers": 3})
    assert "employer.e7-4-construction-quota" not in found(ev, case)
    none = example(E74, e7_4={"construction_amount_krw": 0, "employer_recommendations": 1, "employer_e9_workers": 0})
    assert found(ev, none)["employer.e7-4-construction-quota"] == "blocking"


def test_other_firms_keep_the_20_percent_of_regular_workers(ev):
    case = example(E74, employer={"regular_workers": 10}, e7_4={"employer_recommendations": 3})
    seen = found(ev, case)
    assert seen["employer.e7-4-recommendation-quota"] == "blocking"  # 20% of 10 = 2
    assert "employer.e7-4-construction-quota" not in seen


# -- 441: employers where regular work is hard (stay p.277) -----------------------------------------------------


def test_a_cook_is_not_employed_by_a_wedding_hall_caterer_or_event_company(ev):
    assert found(ev, example("chef-wedding-hall"))["employer.code-irregular-work"] == "blocking"
    restaurant = example("chef-wedding-hall", employer={"irregular_work_business": False})
    assert "employer.code-irregular-work" not in found(ev, restaurant)
    # read where the case says; other codes are not barred by it
    assert "employer.code-irregular-work" not in found(
        ev, example("chef-wedding-hall", employer={"irregular_work_business": DELETE})
    )
    developer = make(employer={"irregular_work_business": True})
    assert "employer.code-irregular-work" not in found(ev, developer)


# -- E-7-4: working normally now (p.300), the KIIP pre-test (p.306) ------------------------------------------


def test_e7_4_is_open_only_to_workers_working_normally_now(ev):
    assert found(ev, example("e7-4-not-working-now"))["stay.status-change-e7-4-working"] == "blocking"
    working = example("e7-4-not-working-now", e7_4={"working_normally": True})
    assert "stay.status-change-e7-4-working" not in found(ev, working)
    unsaid = example("e7-4-not-working-now", e7_4={"working_normally": DELETE})
    assert "stay.status-change-e7-4-working" not in found(ev, unsaid)  # read where the case says


@pytest.mark.parametrize("stage,risk", [(0, True), (2, True), (3, False), (5, False)])
def test_a_pretest_counts_only_from_stage_3(ev, stage, risk):
    seen = found(ev, example("e7-4-not-working-now", e7_4={"kiip_pretest_stage": stage}))
    assert (seen.get("points.e7-4-pretest-stage") == "risk") is risk


@pytest.mark.parametrize(
    "taken,risk",
    [("2024-05-18", True), ("2024-07-01", True), ("2024-07-02", False), ("2026-01-10", False)],
)
def test_a_pretest_result_is_void_two_years_after_its_date(ev, taken, risk):
    # filed on 2026-07-01: a result of 2024-07-01 is 2 full years old that day
    seen = found(ev, example("e7-4-kiip-pretest-expired", e7_4={"kiip_pretest_on": taken}))
    assert (seen.get("points.e7-4-pretest-expired") == "risk") is risk


def test_a_pretest_dated_after_filing_is_refused():
    data = {"filed_on": "2026-07-01", "position": {"code": "S740"}, "e7_4": {"kiip_pretest_on": "2026-07-02"}}
    with pytest.raises(InputError) as caught:
        case_from_data(data, "c.toml")
    assert "e7_4.kiip_pretest_on" in str(caught.value)


# -- E-7-4: the recommending metropolitan area kept for 2 years, 3 on the non-capital route (pp.299, 314) -----

MOVED = "e7-4-metro-recommended-moved-away"  # changed 2025-10-01, filed 2026-08-20


@pytest.mark.parametrize(
    "changed,non_capital,risk",
    [
        ("2025-10-01", False, True),
        ("2024-08-21", False, True),  # 1 full year on 2026-08-20
        ("2024-08-20", False, False),  # 2 full years that day
        ("2024-08-20", True, True),  # the non-capital route binds for 3
        ("2023-08-20", True, False),
    ],
)
def test_a_metro_recommended_holder_keeps_the_address_in_the_area(ev, changed, non_capital, risk):
    case = example(MOVED, stay={"e7_4_changed_on": changed, "e7_4_non_capital_route": non_capital})
    assert (found(ev, case).get("stay.e7-4-metro-residence") == "risk") is risk


def test_the_residence_duty_binds_only_a_metro_recommendation_and_a_move_out(ev):
    assert "stay.e7-4-metro-residence" not in found(ev, example(MOVED, stay={"left_recommending_area": False}))
    assert "stay.e7-4-metro-residence" not in found(ev, example(MOVED, e7_4={"metro_government_recommendation": False}))
    assert "stay.e7-4-metro-residence" not in found(ev, example(MOVED, stay={"left_recommending_area": DELETE}))
    asked = found(ev, example(MOVED, stay={"e7_4_changed_on": DELETE}))
    assert asked["stay.e7-4-metro-residence"] == "needs_information"
    # an unsaid route reads the shorter duty
    unsaid = example(MOVED, stay={"e7_4_changed_on": "2024-08-20", "e7_4_non_capital_route": DELETE})
    assert "stay.e7-4-metro-residence" not in found(ev, unsaid)
