"""Case kinds (issue 18): the rules of an extension, a change or addition of workplace and a change of status,
the E-7-4 exclusions and employer conditions, the inviter's bar, experience after the degree and the special
routes, each on both sides of its boundary (the case where it fires with its severity, and the nearest case
where it does not), plus the new fields refused when they are not valid."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError

from .cases import DELETE, make, merge
from .conftest import ROOT

D = dt.date


def example(name: str, **changes: Any):
    """An example case as data, with deep overrides."""
    data = tomllib.loads((ROOT / "examples" / "cases" / f"{name}.toml").read_text(encoding="utf-8"))
    return case_from_data(merge(data, changes), "test")


def findings(ev, case):
    decision = ev.evaluate(case)
    return decision, {f.rule: f for f in decision.findings}


def fires(ev, case, rule: str, severity: str) -> bool:
    _, found = findings(ev, case)
    if rule in found:
        assert found[rule].severity == severity, (rule, found[rule].severity)
        return True
    return False


# -- change or addition of workplace -----------------------------------------------------------------------

WELDER = "change-of-workplace-welder-left-early"  # 7406: permission, no fault only


def test_a_restricted_code_needs_permission_and_an_open_one_reports(ev):
    assert fires(ev, example(WELDER), "stay.workplace-change-permission", "advice")
    assert not fires(ev, example(WELDER), "stay.workplace-change-report", "advice")
    developer = example("change-of-workplace-developer-report")
    assert fires(ev, developer, "stay.workplace-change-report", "advice")
    assert not fires(ev, developer, "stay.workplace-change-permission", "advice")
    # an initial case is not a change of workplace: neither applies
    _, found = findings(ev, example("change-of-workplace-developer-report", kind="initial"))
    assert not {"stay.workplace-change-report", "stay.workplace-change-permission"} & set(found)


def test_a_code_on_the_guarantee_list_needs_permission(ev):
    """3922 is on the list of p.179 (근무처변경․추가 신고가 제한되는 직종), not on the no-fault list."""
    case = make(kind="change_of_workplace", position={"code": "3922", "subcategory": "E-7-2"})
    assert fires(ev, case, "stay.workplace-change-permission", "advice")
    assert not fires(ev, case, "stay.workplace-change-no-fault", "blocking")


@pytest.mark.parametrize(
    "stay,blocks",
    [
        ({"left_before_contract_end": True, "transfer_consent": False, "worker_not_at_fault": False}, True),
        ({"left_before_contract_end": True, "transfer_consent": True, "worker_not_at_fault": False}, False),
        ({"left_before_contract_end": True, "transfer_consent": False, "worker_not_at_fault": True}, False),
        ({"left_before_contract_end": False, "transfer_consent": False, "worker_not_at_fault": False}, False),
        # a workplace added beside the current one (근무처 추가) leaves no former employer to consent
        (
            {
                "workplace_added": True,
                "left_before_contract_end": True,
                "transfer_consent": False,
                "worker_not_at_fault": False,
            },
            False,
        ),
    ],
)
def test_transfer_consent_when_the_contract_ended_early(ev, stay, blocks):
    case = example("change-of-workplace-developer-report", stay=stay)
    assert fires(ev, case, "stay.transfer-consent", "blocking") is blocks


def test_transfer_consent_unknown_asks_for_the_fields(ev):
    case = example("change-of-workplace-developer-report", stay={"left_before_contract_end": True})
    decision, found = findings(ev, case)
    assert decision.outcome == "needs_information"
    asked = found["stay.transfer-consent"]
    assert asked.severity == "needs_information"
    assert "stay.transfer_consent" in asked.message and "stay.worker_not_at_fault" in asked.message


def test_no_fault_codes_move_only_when_the_worker_is_not_at_fault(ev):
    assert fires(ev, example(WELDER), "stay.workplace-change-no-fault", "blocking")
    not_at_fault = example(WELDER, stay={"worker_not_at_fault": True})
    assert not fires(ev, not_at_fault, "stay.workplace-change-no-fault", "blocking")
    assert not fires(ev, not_at_fault, "stay.transfer-consent", "blocking")
    # 2351 (visa p.204) is on the list too; 2223 is not
    engineer = make(kind="change_of_workplace", stay={"worker_not_at_fault": False}, position={"code": "2351"})
    assert fires(ev, engineer, "stay.workplace-change-no-fault", "blocking")
    developer = make(kind="change_of_workplace", stay={"worker_not_at_fault": False})
    assert not fires(ev, developer, "stay.workplace-change-no-fault", "blocking")


@pytest.mark.parametrize(
    "capital,workers,blocks",
    [(True, 180, True), (False, 300, True), (False, 299, False), (False, 180, False)],
)
def test_s85411_moves_only_outside_the_capital_region_under_300_staff(ev, capital, workers, blocks):
    case = example(
        "change-of-workplace-auto-parts-to-capital",
        employer={"capital_region": capital, "regular_workers": workers},
    )
    assert fires(ev, case, "stay.workplace-change-region", "blocking") is blocks


def test_the_region_limit_is_only_for_s85411(ev):
    case = example(WELDER, employer={"capital_region": True, "regular_workers": 900})
    assert not fires(ev, case, "stay.workplace-change-region", "blocking")


# -- period of stay ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code,subcategory,years,capped",
    [
        ("2223", "E-7-1", 3.0, False),
        ("2223", "E-7-1", 3.5, True),
        ("3922", "E-7-2", 2.0, False),
        ("3922", "E-7-2", 2.5, True),
    ],
)
def test_the_period_asked_for_against_the_cap_of_one_grant(ev, code, subcategory, years, capped):
    case = make(position={"code": code, "subcategory": subcategory}, stay={"requested_years": years})
    _decision, found = findings(ev, case)
    assert ("stay.period-cap" in found) is capped
    if capped:
        assert found["stay.period-cap"].severity == "risk"
        assert found["stay.period-cap"].evidence["stay_cap_years"] == (3.0 if subcategory == "E-7-1" else 2.0)


def test_the_e7_4_cap_is_two_years(ev):
    assert fires(ev, example("e7-4-root-industry-pass", stay={"requested_years": 3.0}), "stay.period-cap", "risk")
    assert not fires(ev, example("e7-4-root-industry-pass", stay={"requested_years": 2.0}), "stay.period-cap", "risk")


def test_no_period_asked_for_no_cap_finding(ev):
    decision, found = findings(ev, make())
    assert "stay.period-cap" not in found
    assert "stay.period-cap" not in {p.rule for p in decision.passed}


# -- the pilot codes' Korean requirement ------------------------------------------------------------------

KOREAN = "extension-auto-parts-korean-unmet"  # S85411, entered 2025-11-10, filed 2026-11-20


def test_korean_unmet_a_year_after_entry_limits_the_extension(ev):
    _decision, found = findings(ev, example(KOREAN))
    assert found["stay.korean-within-a-year"].severity == "risk"
    assert found["stay.period-cap"].evidence["stay_cap_years"] == 0.5


@pytest.mark.parametrize(
    "changes",
    [
        {"stay": {"korean_requirement_met": True}},  # met
        {"applicant": {"entered_on": D(2025, 11, 25)}},  # less than a year after entry
        {"applicant": {"special_route": "korean_university"}},  # Korean graduates are exempt
        {"kind": "change_of_workplace", "stay": {"left_before_contract_end": False}},  # not an extension
    ],
)
def test_korean_requirement_does_not_apply(ev, changes):
    assert not fires(ev, example(KOREAN, **changes), "stay.korean-within-a-year", "risk")


def test_korean_requirement_of_7406_applies_to_entrants_from_2024(ev):
    def on(entered: dt.date):
        stay = {"korean_requirement_met": False, "requested_years": DELETE}
        return example(WELDER, kind="extension", stay=stay, applicant={"entered_on": entered})

    after, before = on(D(2024, 1, 1)), on(D(2023, 12, 31))
    assert fires(ev, after, "stay.korean-within-a-year", "risk")
    assert not fires(ev, before, "stay.korean-within-a-year", "risk")


def test_korean_requirement_needs_the_entry_date(ev):
    case = example(KOREAN, applicant={"entered_on": DELETE})
    _decision, found = findings(ev, case)
    assert found["stay.korean-within-a-year"].severity == "needs_information"
    assert "applicant.entered_on" in found["stay.korean-within-a-year"].message


# -- change of status, E-7-4 ------------------------------------------------------------------------------

E74 = "e7-4-root-industry-pass"


@pytest.mark.parametrize(
    "status,blocks", [("E-9", False), ("E-10", False), ("H-2", False), ("D-2", True), ("E-7", True)]
)
def test_e7_4_only_from_e9_e10_h2(ev, status, blocks):
    case = example(E74, stay={"current_status": status})
    assert fires(ev, case, "stay.status-change-e7-4-from", "blocking") is blocks


def test_e7_4_current_status_defaults_to_the_prior_status(ev):
    assert not fires(ev, example(E74), "stay.status-change-e7-4-from", "blocking")
    h2 = example(E74, e7_4={"prior_status": "H-2"})
    assert not fires(ev, h2, "stay.status-change-e7-4-from", "blocking")


@pytest.mark.parametrize(
    "field,value,blocks",
    [
        ("fine_1m_or_more", True, True),
        ("personal_tax_arrears", True, True),
        ("immigration_violation_count", 4, True),
        ("immigration_violation_count", 3, False),
        ("illegal_stay_months", 3, True),
        ("illegal_stay_months", 2.9, False),
    ],
)
def test_e7_4_exclusions(ev, field, value, blocks):
    assert fires(ev, example(E74, e7_4={field: value}), "points.e7-4-exclusion", "blocking") is blocks


def test_e7_4_exclusions_ask_for_the_fields(ev):
    decision, found = findings(ev, example(E74, e7_4={"fine_1m_or_more": DELETE}))
    assert decision.outcome == "needs_information"
    assert "e7_4.fine_1m_or_more" in found["points.e7-4-exclusion"].message


@pytest.mark.parametrize("workers,blocks", [(0, True), (1, False)])
def test_e7_4_employer_employs_an_e9_worker(ev, workers, blocks):
    case = example(E74, e7_4={"employer_e9_workers": workers})
    assert fires(ev, case, "employer.e7-4-current-e9-worker", "blocking") is blocks


@pytest.mark.parametrize(
    "regular,e9,made,blocks",
    [
        (9, 0, 2, False),  # 20% of 9 = 1.8, rounded up: 2
        (9, 0, 3, True),
        (3, 2, 1, False),  # 0.6 rounded up: 1
        (3, 2, 2, True),
        (100, 5, 20, False),  # the manual's example: 100 regular workers, 20 recommendations
        (100, 5, 21, True),
    ],
)
def test_e7_4_recommendations_up_to_20_percent(ev, regular, e9, made, blocks):
    case = example(
        E74, employer={"regular_workers": regular}, e7_4={"employer_e9_workers": e9, "employer_recommendations": made}
    )
    assert fires(ev, case, "employer.e7-4-recommendation-quota", "blocking") is blocks


def test_e7_4_quota_needs_the_regular_workers(ev):
    _decision, found = findings(ev, example(E74, e7_4={"employer_recommendations": 2}))
    assert found["employer.e7-4-recommendation-quota"].severity == "needs_information"


@pytest.mark.parametrize("banned,blocks", [(True, True), (False, False)])
def test_e7_4_employer_banned_from_recommending(ev, banned, blocks):
    case = example(E74, e7_4={"employer_recommendation_banned": banned})
    assert fires(ev, case, "employer.e7-4-recommendation-banned", "blocking") is blocks


@pytest.mark.parametrize("years,blocks", [(1.9, True), (2.0, False)])
def test_e7_4_contract_of_two_years(ev, years, blocks):
    case = example(E74, stay={"contract_years": years})
    assert fires(ev, case, "points.e7-4-contract-two-years", "blocking") is blocks


# -- the inviter, experience after the degree, the special routes -----------------------------------------


@pytest.mark.parametrize("restricted,blocks", [(True, True), (False, False)])
def test_a_barred_inviter(ev, restricted, blocks):
    case = make(employer={"invitation_restricted": restricted})
    assert fires(ev, case, "employer.invitation-restricted", "blocking") is blocks


@pytest.mark.parametrize("after,blocks", [(0.9, True), (1.0, False)])
def test_experience_counts_after_the_degree(ev, after, blocks):
    case = make(applicant={"experience_after_degree_years": after})
    assert fires(ev, case, "qualification.experience-after-degree", "blocking") is blocks


def test_experience_after_the_degree_does_not_matter_with_5_years(ev):
    case = make(applicant={"experience_years": 5.0, "experience_after_degree_years": 0.0})
    assert not fires(ev, case, "qualification.experience-after-degree", "blocking")


@pytest.mark.parametrize("salary,route", [(157_248_000, True), (157_247_999, False)])
def test_pay_of_3_x_gni_waives_degree_and_experience(ev, salary, route):
    """GNI per capita of 2025: 52,416,000 KRW; 3 x = 157,248,000."""
    case = make(applicant={"education": "high_school", "experience_years": 2.0}, position={"annual_salary_krw": salary})
    _, found = findings(ev, case)
    assert ("qualification.route-3-gni" in found) is route
    assert ("qualification.e7-1-general" in found) is not route


@pytest.mark.parametrize(
    "salary,letter,code,blocks",
    [
        (78_624_000, True, "2223", False),  # 1.5 x 52,416,000
        (78_623_999, True, "2223", True),
        (78_624_000, False, "2223", True),
        (78_624_000, True, "3922", True),  # E-7-2: the route is for the E-7-1 codes
    ],
)
def test_the_ministry_1_5_gni_route(ev, salary, letter, code, blocks):
    case = make(
        applicant={"special_route": "ministry_1_5_gni"},
        position={"code": code, "subcategory": DELETE, "annual_salary_krw": salary},
        documents={"recommendation_letter": letter},
    )
    assert fires(ev, case, "qualification.route-ministry-1-5-gni", "blocking") is blocks


def test_the_ministry_route_gives_1_year_at_first(ev):
    case = make(
        applicant={"special_route": "ministry_1_5_gni"},
        position={"annual_salary_krw": 80_000_000},
        stay={"requested_years": 2.0},
    )
    _, found = findings(ev, case)
    assert found["stay.period-cap"].evidence["stay_cap_years"] == 1.0


@pytest.mark.parametrize("birth,blocks", [(D(1996, 7, 2), False), (D(1996, 7, 1), True)])
def test_the_young_talent_route_is_for_29_or_under(ev, birth, blocks):
    """Filed 2026-07-01: born 1996-07-02 is 29, born 1996-07-01 is 30."""
    case = make(applicant={"special_route": "young_talent", "birth_date": birth})
    assert fires(ev, case, "qualification.route-young-talent", "blocking") is blocks


@pytest.mark.parametrize("education,blocks", [("associate", False), ("high_school", True)])
def test_the_work_study_route_needs_an_associate_degree(ev, education, blocks):
    case = make(applicant={"special_route": "work_study", "education": education})
    assert fires(ev, case, "qualification.route-work-study", "blocking") is blocks


@pytest.mark.parametrize(
    "kind,salary,blocks",
    [
        ("change_of_status", 52_416_000, False),
        ("change_of_status", 52_415_999, True),
        ("initial", 60_000_000, True),
    ],
)
def test_the_intern_route(ev, kind, salary, blocks):
    case = make(kind=kind, applicant={"special_route": "hightech_intern"}, position={"annual_salary_krw": salary})
    assert fires(ev, case, "qualification.route-hightech-intern", "blocking") is blocks


# -- the new fields are validated at the edge -------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"stay": {"current_status": "E-77"}}, "stay.current_status"),
        ({"stay": {"requested_years": 0}}, "stay.requested_years"),
        ({"stay": {"requested_years": -1}}, "stay.requested_years"),
        ({"stay": {"contract_years": 11}}, "stay.contract_years"),
        ({"applicant": {"entered_on": D(2026, 7, 2)}}, "applicant.entered_on"),
        ({"stay": {"left_early": True}}, "stay.left_early"),
        ({"e7_4": {"illegal_stay_months": -1}}, "e7_4.illegal_stay_months"),
        ({"applicant": {"special_route": "gold_card"}}, "applicant.special_route"),
        ({"applicant": {"experience_after_degree_years": -0.5}}, "applicant.experience_after_degree_years"),
    ],
)
def test_bad_new_fields_are_refused_with_the_field(changes, field):
    with pytest.raises(InputError) as caught:
        make(**changes)
    assert field in str(caught.value)


def test_a_bad_stay_field_on_the_command_line(e7, tmp_path):
    case = tmp_path / "case.toml"
    case.write_text(
        'kind = "extension"\nfiled_on = 2026-07-01\n[position]\ncode = "2223"\n[stay]\nrequested_years = -2\n'
    )
    result = e7("check", str(case))
    assert result.code == 2
    assert "stay.requested_years" in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_six_month_extensions_only_for_the_four_codes_that_say_so(ev):
    """S85411, S75104, S71032 and S85513 say 1회 6개월씩 (stay pp.290-294); the shipbuilding sections only check."""
    stay = {"korean_requirement_met": False, "requested_years": 2.0}
    welder = example(WELDER, kind="extension", stay=stay, applicant={"entered_on": D(2024, 3, 4)})
    _, found = findings(ev, welder)
    assert found["stay.korean-within-a-year"].severity == "risk"
    assert "stay.period-cap" not in found  # the welder's cap stays 2 years
    _, found = findings(ev, example(KOREAN))
    assert found["stay.period-cap"].evidence["stay_cap_years"] == 0.5


# -- data slips (issue 18): the E-7-4 guarantee (erratum) and the E-7-4 foreign-staff count (rule) ----------


@pytest.mark.parametrize("code", ["S610", "S700", "S740"])
@pytest.mark.parametrize("filed", [D(2024, 12, 1), D(2026, 7, 1)])
def test_every_e7_4_applicant_files_a_guarantee(ev, code, filed):
    """외국인체류 안내매뉴얼 p.310: 신원보증서 → 고용주가 신원보증인, for every E-7-4 code (erratum
    skilled-workers-guarantee corrects S610 and S700 in every snapshot)."""
    without = example(E74, filed_on=filed, position={"code": code}, documents={"guarantee": False})
    assert fires(ev, without, "documents.guarantee", "blocking")
    with_it = example(E74, filed_on=filed, position={"code": code}, documents={"guarantee": True})
    assert not fires(ev, with_it, "documents.guarantee", "blocking")


def test_an_e7_4_change_of_workplace_needs_permission(ev):
    case = example(E74, kind="change_of_workplace", position={"code": "S610"}, stay={"left_before_contract_end": False})
    assert fires(ev, case, "stay.workplace-change-permission", "advice")


@pytest.mark.parametrize(
    "foreign,e74_workers,blocks",
    [
        # S740 (root industries): 50% of 20 domestic employees = 10
        (30, None, True),  # without the E-7-4 count, employer.foreign_employees is read as it: 31 > 10
        (30, 9, False),  # 30 foreign staff, of whom 9 hold E-7-4 or E-7-4R: 10 <= 10
        (30, 10, True),  # 11 > 10
    ],
)
def test_e7_4_counts_only_e7_4_and_e7_4r_holders(ev, foreign, e74_workers, blocks):
    changes: dict[str, Any] = {"employer": {"domestic_employees": 20, "foreign_employees": foreign}}
    if e74_workers is not None:
        changes["e7_4"] = {"e7_4_workers": e74_workers}
    decision, found = findings(ev, example(E74, **changes))
    assert ("employer.foreign-ratio" in found) is blocks
    assert decision.facts["foreign_counted"] == "E-7-4 and E-7-4R holders (stay manual p.303)"


@pytest.mark.parametrize("e9_workers,blocks", [(0, True), (3, False)])
def test_an_e7_4_employer_of_e9_workers_may_employ_at_least_one(ev, e9_workers, blocks):
    """With no domestic employee the share allows none; an employer of E-9 / E-10 workers may still employ 1,
    2 in root industries such as S740's (p.304: 최소 1명(인구감소지역, 뿌리산업, 농축어업은 2명))."""
    case = example(E74, employer={"domestic_employees": 0}, e7_4={"e7_4_workers": 0, "employer_e9_workers": e9_workers})
    assert fires(ev, case, "employer.foreign-ratio", "blocking") is blocks


def test_the_foreign_count_of_other_codes_is_unchanged(ev):
    decision, _ = findings(ev, make())
    assert decision.facts["foreign_after_hire"] == 2
    assert decision.facts["foreign_counted"] == "E-1 to E-7-3 holders (visa manual p.181)"
