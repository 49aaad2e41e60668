"""The history rules (rulesets/history/): each rule on both sides (a fact that makes it fire and one that does
not, at the threshold where it has one), every rule covered, a new version changing the answer from its date,
and the planning changes of issue 14 end to end."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from typing import Any

import pytest

from engine.data.folders import locate
from engine.history import HistoryChecker, HistoryRules, history_from_data
from engine.rules.conditions import ConditionError, compile_python, parse, to_durable
from engine.rules.evaluate import Evaluator

from .conftest import ROOT

ON = dt.date(2026, 12, 1)

STAY = {"check": "stay", "index": 0, "code": "441", "subcategory": "E-7-2", "covered_from": "2022-07-01",
        "first_snapshot": "2022-07-01", "first_announced": "2025-04-01"}  # fmt: skip
SEQUENCE = {"check": "sequence", "i": 0, "j": 1, "until": "2024-07-31", "from": "2024-08-01", "gap_days": 0,
            "overlap_until": "2024-07-31", "overlap_days": 0, "same_occupation": True, "from_code": "2211",
            "from_title": "a", "to_code": "2223", "to_title": "b", "on": "2024-08-01", "reuse_note": "",
            "duties_documented": True}  # fmt: skip
INCOME = {"check": "income", "year": 2025, "certified_krw": 45_000_000, "days_covered": 365,
          "salaries_known": True, "declared_krw": 50_000_000, "floor_krw": 31_000_000, "part": "the whole year",
          "stays_text": "stays[0]", "shortfall_krw": 5_000_000, "shortfall_percent_exact": 10.0,
          "shortfall_percent": 10.0}  # fmt: skip
RENEWAL = {"check": "renewal", "on": "2026-12-01", "renewal_on": "2026-12-01", "index": 0, "start": "2024-12-01",
           "until": "2026-12-31", "code": "2211", "title": "t", "occupation": "o", "subcategory": "E-7-1",
           "listed": True, "file_under": "2211", "renumbered_on": "", "since_text": "", "now_means": "",
           "code_status": "listed", "code_title": "t", "wage_basis": "announced", "on_year": 2026,
           "amount_krw": 31_120_000, "effective": "2026-02-01", "amount_year": 2026, "income_year": 2025,
           "income_held": True, "income_year_covered": True}  # fmt: skip
F27 = {"check": "f27", "on": "2027-04-01", "f27_on": "2027-04-01", "table_held": True, "covered": True,
       "index": 0, "subcategory": "E-7-1", "code": "2211", "continuous_since": "2023-01-02", "min_years": 3,
       "reached_on": "2026-01-02", "stem_talent_invitee_recommended": False, "income_year": 2026,
       "certified_krw": 39_999_999, "income_text": "x", "points_complete": True, "missing_list": [],
       "missing_text": "", "age": 20, "education": 20, "korean": 15, "income": 25, "bonus": 0, "deduction": 0,
       "total": 80, "pass_mark": 80, "short": 0, "hint": "", "age_points": 20, "age_points_then": 20,
       "days_to_next_age": 200, "next_age": 36, "turns_on": "2027-10-18", "birth_date": "1991-10-18"}  # fmt: skip
PLANNED = {"check": "f27_plan", "on": "2027-04-01", "renewal_on": "2026-11-20", "continued_by_renewal": "2026-11-20",
           "covered": False, "index": 0, "start": "2023-12-01", "until": "2026-11-30"}  # fmt: skip
ROUTES = {"check": "f27_routes", "on": "2027-04-01", "code": "2211", "subcategory": "E-7-1", "previous_year": 2026,
          "employer_listed": False, "high_tech_field": False, "korean_war_participant_country_talent": False,
          "central_agency_recommendation": False, "korean_university_bachelor": False,
          "korean_university_master": False, "korean_university_doctorate": False, "income_year": 2026,
          "science_graduate_degree": True, "president_recommendation": False,
          "certified_krw": 74_999_999, "gni_year": 2025, "gni_krw": 50_000_000}  # fmt: skip
WAR = ROUTES | {"korean_war_participant_country_talent": True, "central_agency_recommendation": True}
# time abroad against the 3 years (p.369): 3 years reached by the permissions on 2026-01-02, by the days in Korea
# a day after the application date
ABROAD = F27 | {"abroad_days": 455, "abroad_days_at_sea": 0, "abroad_days_other": 455,
                "reached_abroad_deducted_on": "2027-04-02", "reached_sea_counted_on": "2027-04-02"}  # fmt: skip
SEA = ABROAD | {
    "code": "14901",
    "sea_counts_for": "어업기업 관리자 (a fishing company's manager, 14901)",
    "abroad_days_at_sea": 455,
    "abroad_days_other": 0,
    "reached_sea_counted_on": "2026-01-02",
}
# the E-7-S holders' route (p.295): a year on E-7-S, 60 E-7-S2 points, KIIP stage 3
E7S_ROUTES = ROUTES | {"subcategory": "E-7-S2", "science_graduate_degree": False, "e7_s_days": 365, "e7_s2_points": 60,
                       "kiip_stage_3_completed_or_assigned": True}  # fmt: skip
E7S_F27 = F27 | {"subcategory": "E-7-S2", "e7_s_days": 365, "e7_s2_points": 60, "gni_year": 2025,
                 "gni_krw": 50_000_000, "kiip_stage_3_completed_or_assigned": True}  # fmt: skip
E7S1_F27 = E7S_F27 | {"subcategory": "E-7-S1", "certified_krw": 150_000_000}

# rule id -> (the fact that makes it fire, the fact that does not): the second is the nearest that does not
BOTH_SIDES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "history.before-catalogue": (STAY | {"from": "2022-06-30", "reason": "r"}, STAY | {"from": "2022-07-01"}),
    "history.wage-amount-before-announced": (
        STAY | {"from": "2025-03-31", "floor_krw": 25_155_240, "floor_basis": "minimum-wage"},
        STAY | {"from": "2025-04-01", "floor_krw": 25_150_000, "floor_basis": "announced"},
    ),
    "history.wage-amount-before-announced.floor-unknown": (
        STAY | {"from": "2025-03-31"},
        STAY | {"from": "2025-04-01"},
    ),
    "history.gap": (SEQUENCE | {"gap_days": 1}, SEQUENCE),
    "history.overlap": (SEQUENCE | {"gap_days": -1, "overlap_days": 1}, SEQUENCE),
    "history.code-change-duties": (
        SEQUENCE | {"same_occupation": False, "duties_documented": False},
        SEQUENCE | {"same_occupation": False},
    ),
    "history.code-change-duties.unknown": (
        {k: v for k, v in SEQUENCE.items() if k != "duties_documented"} | {"same_occupation": False},
        {k: v for k, v in SEQUENCE.items() if k != "duties_documented"},
    ),
    "history.income-shortfall": (INCOME | {"certified_krw": 30_999_999}, INCOME | {"certified_krw": 31_000_000}),
    # exactly 10% short is within e7's tolerance; one won more is not
    "history.income-shortfall.below-declared": (INCOME | {"certified_krw": 44_999_999}, INCOME),
    "history.income-shortfall.salary-unknown": (
        INCOME
        | {
            "salaries_known": False,
            "unknown_salaries": "stays[0].annual_salary_krw",
            "unknown_salary_fields": ["stays[0].annual_salary_krw"],
        },
        INCOME,
    ),
    "history.income-without-stay": (INCOME | {"days_covered": 0}, INCOME),
    "history.renewal-after-stay": (RENEWAL | {"until": "2026-11-30"}, RENEWAL | {"until": "2026-12-01"}),
    "history.renewal-new-code": (RENEWAL | {"file_under": "2311"}, RENEWAL),
    "history.renewal-occupation-unlisted": (
        RENEWAL | {"listed": False},
        RENEWAL | {"listed": False, "code_status": "retired"},
    ),
    "history.renewal-amounts": (RENEWAL | {"amount_year": 2025}, RENEWAL),
    "history.renewal-income-certificate": (RENEWAL | {"income_held": False}, RENEWAL),
    "history.f27-table": ({"check": "f27", "on": "2026-01-01", "table_held": False, "reason": "r"}, F27),
    "history.f27-current-stay": (F27 | {"covered": False}, F27),
    "history.f27-current-stay.subcategory": (F27 | {"subcategory": "E-7-2"}, F27),
    "history.f27-route": (F27, F27 | {"subcategory": "E-7-4"}),
    # the planned renewal continues the latest stay: filed on its last day at the latest, on its first at the
    # earliest, the stay ending before the application date, which no stay covers
    "history.f27-renewal-continues-stay": (
        PLANNED | {"renewal_on": "2026-11-30"},
        PLANNED | {"renewal_on": "2026-12-01"},
    ),
    "history.f27-planned-renewal": (PLANNED | {"renewal_on": "2023-12-01"}, PLANNED | {"renewal_on": "2023-11-30"}),
    "history.f27-continuous-stay": (F27 | {"reached_on": "2027-04-02"}, F27 | {"reached_on": "2027-04-01"}),
    "history.f27-continuous-stay.income-waiver": (
        F27 | {"reached_on": "2027-04-02", "certified_krw": 40_000_000},
        F27 | {"reached_on": "2027-04-02"},
    ),
    "history.f27-continuous-stay.talent-waiver": (
        F27 | {"reached_on": "2027-04-02", "stem_talent_invitee_recommended": True},
        F27 | {"reached_on": "2027-04-02", "stem_talent_invitee_recommended": True, "certified_krw": 40_000_000},
    ),
    "history.f27-points": (F27 | {"total": 79}, F27),
    "history.f27-points.incomplete": (
        F27 | {"points_complete": False, "missing_list": ["person.birth_date"], "missing_text": "person.birth_date"},
        F27,
    ),
    # the deductions declared in [f27] against [conduct] (p.374): the largest notified fine from 500,000 won
    "history.f27-deduction-immigration-fine": (
        F27 | {"notified_fine_seen_krw": 500_000, "declared_immigration_fine_krw": 0},
        F27 | {"notified_fine_seen_krw": 499_999, "declared_immigration_fine_krw": 0},
    ),
    "history.f27-deduction-criminal-fine": (
        F27 | {"criminal_fine_seen_krw": 1_000_000, "declared_criminal_fine_krw": 999_999},
        F27 | {"criminal_fine_seen_krw": 1_000_000, "declared_criminal_fine_krw": 1_000_000},
    ),
    "history.f27-deduction-sentences": (
        F27 | {"heavier_sentences_seen": 1, "declared_heavier_sentences": 0},
        F27 | {"heavier_sentences_seen": 1, "declared_heavier_sentences": 1},
    ),
    "history.f27-deduction-departure-orders": (
        F27 | {"departure_orders_seen": 1, "declared_departure_orders": 0, "departure_order_window_years": 5},
        F27 | {"departure_orders_seen": 1, "declared_departure_orders": 1, "departure_order_window_years": 5},
    ),
    "history.f27-foreign-documents.paper-expired": (
        F27 | {"abroad_papers_first_valid_until": "2027-03-31", "abroad_papers_expired": "x", "valid_months": 3},
        F27 | {"abroad_papers_first_valid_until": "2027-04-01", "abroad_papers_expired": "none", "valid_months": 3},
    ),
    "history.f27-foreign-documents.paper-legalised": (
        F27 | {"abroad_papers_count": 1, "abroad_papers_not_legalised_count": 1, "abroad_papers_not_legalised": "x"},
        F27 | {"abroad_papers_count": 1, "abroad_papers_not_legalised_count": 0, "abroad_papers_not_legalised": ""},
    ),
    "history.f27-foreign-documents.paper-translated": (
        F27 | {"abroad_papers_count": 1, "abroad_papers_not_translated_count": 1, "abroad_papers_not_translated": "x"},
        F27 | {"abroad_papers_count": 1, "abroad_papers_not_translated_count": 0, "abroad_papers_not_translated": ""},
    ),
    "history.f27-foreign-documents.on-file": (
        F27
        | {"abroad_papers_count": 1, "abroad_papers_on_file_count": 1, "abroad_papers_on_file": "x", "valid_months": 3},
        F27
        | {"abroad_papers_count": 1, "abroad_papers_on_file_count": 0, "abroad_papers_on_file": "", "valid_months": 3},
    ),
    "history.f27-points-papers": (
        F27 | {"f27_points_papers_missing_count": 1, "f27_points_papers_missing": "x", "f27_points_papers_listed": ""},
        F27 | {"f27_points_papers_missing_count": 0, "f27_points_papers_missing": "", "f27_points_papers_listed": ""},
    ),
    "history.f27-basic-papers": (
        F27 | {"f27_papers_missing_count": 1, "f27_papers_missing": "x", "f27_papers_attached_count": 7},
        F27 | {"f27_papers_missing_count": 0, "f27_papers_missing": "none", "f27_papers_attached_count": 8},
    ),
    "history.f27-prior-stays": (
        F27 | {"prior_since": "2022-01-01", "prior_counted": "x", "prior_days": 9, "e7_since": "2022-01-10"},
        F27 | {"subcategory": "E-7-2", "prior_since": "2022-01-01", "prior_counted": "x", "prior_days": 9},
    ),
    "history.f27-prior-stays.excluded": (
        F27 | {"prior_excluded": "E-6-2 from 2020-01-01 to 2022-12-31"},
        F27 | {"subcategory": "E-7-2", "prior_excluded": "E-6-2 from 2020-01-01 to 2022-12-31"},
    ),
    "history.f27-age-band": (F27 | {"age_points_then": 12}, F27 | {"age_points_then": 12, "days_to_next_age": 367}),
    "history.f27-conduct-imprisonment": (F27 | {"imprisonment_years_ago": 4}, F27 | {"imprisonment_years_ago": 5}),
    "history.f27-conduct-immigration-violations": (
        F27 | {"recent_violations": 3, "recent_violation_fines_krw": 5_000_000},
        F27 | {"recent_violations": 3, "recent_violation_fines_krw": 4_999_999},
    ),
    "history.f27-conduct-imprisonment.kind-unknown": (
        F27 | {"sentence_kind_unknown_years_ago": 4},
        F27 | {"sentence_kind_unknown_years_ago": 5},
    ),
    "history.f27-conduct-sentence-final": (
        F27 | {"heavier_final_years_ago": 2},
        F27 | {"heavier_final_years_ago": 3},
    ),
    "history.f27-conduct-fine": (
        F27 | {"largest_recent_fine_krw": 3_000_000},
        F27 | {"largest_recent_fine_krw": 2_999_999},
    ),
    "history.f27-conduct-foreign-serious-crime": (
        F27 | {"foreign_serious_crime_sentence": True},
        F27 | {"foreign_serious_crime_sentence": False},
    ),
    "history.f27-conduct-foreign-imprisonment": (
        F27 | {"foreign_imprisonment_years_ago": 4},
        F27 | {"foreign_imprisonment_years_ago": 5},
    ),
    "history.f27-restricted-field": (F27 | {"restricted_field_years_ago": 2}, F27 | {"restricted_field_years_ago": 3}),
    "history.f27-continuous-stay.other-route": (
        F27 | {"reached_on": "2027-04-02", "other_route": "route 1"},
        F27 | {"reached_on": "2027-04-01", "other_route": "route 1"},
    ),
    # the other routes (pp.369-370): a manager or professional (KSCO 1, 2; an S code too) of a listed company
    "history.f27-route-listed-company": (
        ROUTES | {"employer_listed": True, "code": "S2743"},
        ROUTES | {"employer_listed": True, "code": "3922", "subcategory": "E-7-2"},
    ),
    # income of the previous year at 1.5 times GNI, not one won less
    "history.f27-route-promising-industry": (
        ROUTES | {"high_tech_field": True, "certified_krw": 75_000_000},
        ROUTES | {"high_tech_field": True},
    ),
    # about to start the job (p.369): the contract's salary in place of the certificate, at 1.5 times GNI
    "history.f27-route-promising-industry.contract": (
        ROUTES | {"high_tech_field": True, "contract_salary_krw": 75_000_000},
        ROUTES | {"high_tech_field": True, "contract_salary_krw": 74_999_999, "certified_krw": 75_000_000},
    ),
    "history.f27-route-study-talent": (
        ROUTES | {"graduate_degree_on": "2022-04-02", "graduate_degree_years_ago": 4},
        ROUTES | {"graduate_degree_on": "2022-04-01", "graduate_degree_years_ago": 5},
    ),
    "history.f27-route-korean-war-talent": (WAR | {"korean_university_master": True}, WAR),
    "history.f27-route-potential-talent": (ROUTES | {"president_recommendation": True}, ROUTES),
    "history.f27-time-abroad": (ABROAD, ABROAD | {"reached_abroad_deducted_on": "2027-04-01"}),
    "history.f27-time-abroad.fishing-manager": (
        ABROAD | {"code": "14901", "sea_counts_for": "x"},
        ABROAD | {"code": "14901", "sea_counts_for": "x", "reached_sea_counted_on": "2027-04-01"},
    ),
    "history.f27-time-abroad.at-sea-counted": (SEA, SEA | {"reached_sea_counted_on": "2027-04-02"}),
    "history.f27-period-cap": (F27 | {"f27_period_years": 6}, F27 | {"f27_period_years": 5}),
    "history.f27-period-cap.potential-talent": (
        F27 | {"f27_period_years": 3, "points_waived_by": "route 5"},
        F27 | {"f27_period_years": 2, "points_waived_by": "route 5"},
    ),
    "history.f27-period-cap.korean-war-talent": (
        F27 | {"f27_period_years": 4, "route_korean_war_talent": True},
        F27 | {"f27_period_years": 3, "route_korean_war_talent": True},
    ),
    "history.f27-points-documents": (F27, F27 | {"total": 79}),
    "history.f27-route-e7-s": (E7S_ROUTES, E7S_ROUTES | {"e7_s2_points": 59}),
    "history.f27-route-e7-s.s1": (
        E7S_ROUTES | {"subcategory": "E-7-S1", "certified_krw": 150_000_000},
        E7S_ROUTES | {"subcategory": "E-7-S1", "certified_krw": 149_999_999},
    ),
    "history.f27-e7-s-route": (E7S_F27 | {"e7_s_days": 364}, E7S_F27),
    "history.f27-e7-s-route.points": (E7S_F27 | {"e7_s2_points": 59}, E7S_F27),
    "history.f27-e7-s-route.income": (E7S1_F27 | {"certified_krw": 149_999_999}, E7S1_F27),
    "history.f27-e7-s-route.kiip": (E7S_F27 | {"kiip_stage_3_completed_or_assigned": False}, E7S_F27),
    "history.f27-e7-s-route.incomplete": (
        {k: v for k, v in E7S_F27.items() if k != "e7_s2_points"},
        E7S_F27,
    ),
    "history.f27-points.waived": (F27 | {"total": 79, "points_waived_by": "route 5"}, F27 | {"points_waived_by": "r"}),
    # the foreign criminal record certificate (p.375): needed unless an exemption holds
    "history.f27-criminal-record-certificate": (
        F27 | {"born_in_korea": False, "criminal_record_filed_before": False, "visa_record_within_3_months": False},
        F27 | {"born_in_korea": False, "criminal_record_filed_before": True, "visa_record_within_3_months": False},
    ),
    "history.f27-criminal-record-certificate.abroad": (
        F27 | {"born_in_korea": True, "six_months_abroad": True, "visa_record_within_3_months": False},
        F27 | {"born_in_korea": True, "six_months_abroad": True, "visa_record_within_3_months": True},
    ),
    # documents issued abroad (p.375): valid 3 months from issue; apostilled and translated
    "history.f27-foreign-documents": (
        F27
        | {
            "foreign_documents_issued_on": "2026-12-31",
            "valid_months": 3,
            "foreign_documents_valid_until": "2027-03-31",
        },
        F27
        | {
            "foreign_documents_issued_on": "2027-01-01",
            "valid_months": 3,
            "foreign_documents_valid_until": "2027-04-01",
        },
    ),
    "history.f27-foreign-documents.legalised": (
        F27 | {"foreign_documents_legalised": False},
        F27 | {"foreign_documents_legalised": True},
    ),
    "history.f27-foreign-documents.translated": (
        F27 | {"foreign_documents_translated": False},
        F27 | {"foreign_documents_translated": True},
    ),
    "history.f27-law-abiding-course": (
        F27 | {"law_violations_in_window": 1, "law_course_window_years": 10},
        F27 | {"law_violations_in_window": 0, "law_course_window_years": 10},
    ),
    "history.f27-volunteering-record": (
        F27 | {"volunteering_years": 3, "volunteering_sessions": 18, "volunteering_hours": 149},
        F27 | {"volunteering_years": 3, "volunteering_sessions": 18, "volunteering_hours": 150},
    ),
    "history.f27-volunteering-record.two-years": (
        F27 | {"volunteering_years": 2, "volunteering_sessions": 11, "volunteering_hours": 100},
        F27 | {"volunteering_years": 2, "volunteering_sessions": 12, "volunteering_hours": 100},
    ),
    "history.f27-volunteering-record.one-year": (
        F27 | {"volunteering_years": 1, "volunteering_sessions": 6, "volunteering_hours": 49},
        F27 | {"volunteering_years": 1, "volunteering_sessions": 6, "volunteering_hours": 50},
    ),
}


@pytest.fixture(scope="module")
def history_rules() -> HistoryRules:
    return HistoryRules(locate(None))


def test_every_history_rule_is_tested_on_both_sides(history_rules):
    rulesets = history_rules.rulesets
    ids = {rule.id for version in rulesets.ids for rule in rulesets.get(version).rules}
    assert ids == set(BOTH_SIDES)


@pytest.mark.parametrize("rule_id", sorted(BOTH_SIDES))
def test_a_history_rule_fires_on_one_side_only(history_rules, rule_id):
    fires, does_not = BOTH_SIDES[rule_id]
    assert history_rules.run(fires, ON).has(rule_id)
    assert not history_rules.run(does_not, ON).has(rule_id)


@pytest.mark.parametrize(
    "changed",
    [{"covered": True}, {"until": "2027-04-01"}, {"until": None}, {"renewal_on": "2027-04-02"}],
    ids=["a-stay-covers-the-date", "the-stay-reaches-the-date", "the-stay-has-no-end", "renewal-after-the-date"],
)
def test_the_planned_renewal_continues_no_stay_otherwise(history_rules, changed):
    fact = {k: v for k, v in (PLANNED | changed).items() if v is not None}
    assert history_rules.run(PLANNED, ON).has("history.f27-renewal-continues-stay")
    assert not history_rules.run(fact, ON).has("history.f27-renewal-continues-stay")
    assert history_rules.run(fact, ON).findings == ()


def test_a_variant_reports_under_its_finding_id_with_its_own_severity(history_rules):
    fires, _ = BOTH_SIDES["history.code-change-duties.unknown"]
    (finding,) = history_rules.run(fires, ON).findings
    assert finding.rule == "history.code-change-duties" and finding.severity == "needs_information"
    assert finding.missing == ("stays[1].duties_documented",)
    fires, _ = BOTH_SIDES["history.income-shortfall.salary-unknown"]
    (finding,) = history_rules.run(fires, ON).findings
    assert finding.missing == ("stays[0].annual_salary_krw",)
    (gap,) = history_rules.run(SEQUENCE | {"gap_days": 3}, ON).findings
    assert gap.evidence == {"until": "2024-07-31", "from": "2024-08-01", "days": 3}


# -- the condition language: a field scaled by a number --------------------------------------------------


@pytest.mark.parametrize(
    ("certified", "declared", "holds"),
    [(89, 100, True), (90, 100, False), (35_999_999, 40_000_000, True), (36_000_000, 40_000_000, False)],
)
def test_a_scaled_field_compares_the_same_in_python_and_in_durable_rules(history_rules, certified, declared, holds):
    node = parse("certified_krw < declared_krw * 0.9")
    assert to_durable(node)["$and"][1] == {
        "$lt": {"certified_krw": {"$mul": {"$l": {"$m": "declared_krw"}, "$r": 0.9}}}
    }
    assert compile_python(node)({"certified_krw": certified, "declared_krw": declared}) is holds
    fact = INCOME | {"certified_krw": certified, "declared_krw": declared}
    fact.pop("floor_krw")
    assert history_rules.run(fact, ON).has("history.income-shortfall.below-declared") is holds


@pytest.mark.parametrize("condition", ["derived.amount_krw < salary * 0.9", "code matches x * 2"])
def test_a_scaled_field_is_refused_where_it_cannot_be_compiled(condition):
    with pytest.raises(ConditionError):
        parse(condition)


def test_a_scaled_field_never_compares_a_text():
    assert compile_python(parse("a < b * 2"))({"a": "1", "b": 5}) is False


# -- a new version is a new answer from its date ------------------------------------------------------------

NEW_VERSION = """
[ruleset]
id = "2027-01-01"
effective = 2027-01-01
extends = "2022-07-01"
title = "A hypothetical notice: the income waiver of F-2-7 rises to 50,000,000 won"
changes = ["replaced history.f27-continuous-stay.income-waiver and history.f27-continuous-stay"]
"""


def test_a_new_f27_notice_is_a_new_history_ruleset_version(data_copy, tmp_path):
    folder = data_copy / "rulesets" / "history"
    base = (folder / "2022-07-01.toml").read_text(encoding="utf-8")
    rules = [block for block in base.split("\n[[rules]]\n")[1:] if 'id = "history.f27-continuous-stay' in block]
    raised = [r.replace("40_000_000", "50_000_000").replace("40,000,000", "50,000,000") for r in rules]
    (folder / "2027-01-01.toml").write_text(NEW_VERSION + "".join(f"\n[[rules]]\n{r}" for r in raised), "utf-8")
    checker = HistoryChecker(Evaluator(locate(str(data_copy))))
    path = ROOT / "examples" / "histories" / "business-manager-f27-short.toml"
    text = path.read_text(encoding="utf-8")
    late = checker.check(history_from_data(_toml(text), "late"), "late").f27
    assert late is not None and late.eligible is False and late.waiver == ""
    early = checker.check(history_from_data(_toml(text.replace("2027-04-05", "2026-12-28")), "early"), "early").f27
    assert early is not None and early.waiver == "income"  # before the new version: the 40,000,000 waiver


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    return json.loads(json.dumps(tomllib.loads(text), default=str))


# -- planning that follows the plan ---------------------------------------------------------------------------

PLAN = {
    "id": "plan",
    "person": {"birth_date": "1990-05-01", "education": "master", "stem_or_two_degrees": True, "korean_level": 4},
    "stays": [{"code": "2211", "subcategory": "E-7-1", "from": "2023-12-01", "until": "2026-11-30",
               "employer": "A", "annual_salary_krw": 52_000_000, "duties_documented": True}],
    "income": [{"year": 2025, "certified_krw": 52_000_000}, {"year": 2026, "certified_krw": 52_000_000}],
    "plan": {"renewal_on": "2026-11-20", "f27_on": "2027-04-01"},
}  # fmt: skip


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


def test_the_planned_renewal_continues_the_stay_for_f27(checker):
    report = checker.check(history_from_data(PLAN, "plan.json"), "plan.json")
    f27 = report.f27
    assert f27 is not None and f27.eligible is True and f27.continued_by_renewal == dt.date(2026, 11, 20)
    assert f27.continuous_since == dt.date(2023, 12, 1)
    assert {f.rule for f in f27.findings} == {"history.f27-planned-renewal", "history.f27-points-documents"}
    unplanned = checker.check(history_from_data(PLAN | {"plan": {"f27_on": "2027-04-01"}}, "p.json"), "p.json").f27
    assert unplanned is not None and unplanned.eligible is False and unplanned.continued_by_renewal is None
    assert "history.f27-current-stay" in {f.rule for f in unplanned.findings}
    late = PLAN | {"plan": {"renewal_on": "2026-12-05", "f27_on": "2027-04-01"}}  # after the stay ended
    assert checker.check(history_from_data(late, "l.json"), "l.json").f27.continued_by_renewal is None


def test_separate_verdicts_for_the_stays_the_renewal_and_f27(checker, e7, tmp_path):
    short = PLAN | {"person": PLAN["person"] | {"korean_level": 0, "education": "bachelor",
                                                "stem_or_two_degrees": False}}  # fmt: skip
    short["plan"] = {"renewal_on": "2026-11-20", "f27_on": "2027-04-01"}
    short["income"] = [{"year": 2025, "certified_krw": 40_000_000}]  # 23% short of 52,000,000: a risk
    report = checker.check(history_from_data(short, "s.json"), "s.json")
    assert report.verdicts == {"stays": "at_risk", "renewal": "at_risk", "f27": "ineligible"}
    assert report.outcome == "ineligible"
    path = tmp_path / "short.json"
    path.write_text(json.dumps(short), encoding="utf-8")
    text = e7("history", str(path)).out
    assert "\nStays: AT RISK" in text and "\nRenewal on 2026-11-20: AT RISK" in text
    assert "\nF-2-7 on 2027-04-01: INELIGIBLE" in text and "\nOutcome:" not in text
    data = e7("history", str(path), "--format", "json").json()
    assert data["verdicts"] == report.verdicts and data["f27"]["outcome"] == "ineligible"
    assert "- F-2-7 on 2027-04-01: **INELIGIBLE" in e7("history", str(path), "--format", "markdown").out


def test_a_stay_before_the_first_announced_amount_says_which_floor_was_used(checker):
    chef = {"id": "c", "stays": [{"code": "441", "subcategory": "E-7-2", "from": "2025-02-03", "until": "2027-02-02",
                                  "annual_salary_krw": 30_000_000}]}  # fmt: skip
    (stay,) = checker.check(history_from_data(chef, "c.json"), "c.json").stays
    (finding,) = [f for f in stay.findings if f.rule == "history.wage-amount-before-announced"]
    assert finding.topic == "catalogue" and "25,155,240 KRW (basis: minimum-wage)" in finding.message
    later = chef | {"stays": [chef["stays"][0] | {"from": "2025-05-02"}]}
    (stay,) = checker.check(history_from_data(later, "c.json"), "c.json").stays
    assert "history.wage-amount-before-announced" not in {f.rule for f in stay.findings}
    unknown = {"id": "u", "stays": [{"code": "2211", "subcategory": "E-7-1", "from": "2023-12-01",
                                     "annual_salary_krw": 50_000_000}]}  # fmt: skip
    (stay,) = checker.check(history_from_data(unknown, "u.json"), "u.json").stays
    (finding,) = [f for f in stay.findings if f.rule == "history.wage-amount-before-announced"]
    assert "the wage floor is unknown" in finding.message


def test_the_site_lists_the_history_rules_with_their_citations(tmp_path):
    from engine.site.build import SiteWriter

    data = locate(None)
    writer = SiteWriter(data, tmp_path, ROOT / "examples")
    writer.ruleset_pages()
    page = (tmp_path / "rulesets" / "history" / "2022-07-01.md").read_text(encoding="utf-8")
    assert "### `history.f27-points`" in page and "외국인체류 안내매뉴얼, 2026.6, p. 372-374" in page
    assert "total &lt; pass\\_mark" in page
    assert "history/2022-07-01.md" in (tmp_path / "rulesets" / "index.md").read_text(encoding="utf-8")


def test_a_data_folder_without_history_rules_is_refused_in_one_line(e7, data_copy):
    shutil.rmtree(data_copy / "rulesets" / "history")
    result = e7("--data", str(data_copy), "history", str(ROOT / "examples/histories/clean-web-developer.toml"))
    assert result.code == 2 and "rulesets/history" in result.err and "Traceback" not in result.err


def test_every_history_rule_has_korean_texts_with_the_same_placeholders(history_rules):
    import re
    import tomllib

    korean: dict[str, dict[str, str]] = {}  # the history rules' texts, in whichever ko-*.toml holds them
    for path in sorted((ROOT / "rulesets/translations").glob("ko-*.toml")):
        texts = tomllib.loads(path.read_text(encoding="utf-8")).get("rules", {})
        korean |= {rule_id: text for rule_id, text in texts.items() if rule_id.startswith("history.")}
    rulesets = history_rules.rulesets
    rules = {rule.id: rule for version in rulesets.ids for rule in rulesets.get(version).rules}
    assert set(korean) == set(rules)
    placeholder = re.compile(r"\{([a-z0-9_.]+)(?::[^}]*)?\}")
    for rule_id, texts in korean.items():
        assert texts["title"] and texts["explanation"], rule_id
        for key in ("message", "fix"):
            english = set(placeholder.findall(getattr(rules[rule_id], key)))
            assert set(placeholder.findall(texts.get(key, ""))) == english, (rule_id, key)


def test_the_conduct_declared_in_the_history_bars_f27_by_its_dates(checker):
    conduct = {
        "imprisonment_sentences": ["2022-04-02"],  # 4 full years and 364 days before 2027-04-01: within 5 years
        "immigration_violations": [
            {"on": "2024-05-01", "notified_fine_krw": 2_000_000},
            {"on": "2025-05-01", "notified_fine_krw": 2_000_000},
            {"on": "2026-05-01", "notified_fine_krw": 1_000_000},
        ],
        "fines": [{"on": "2024-04-01", "amount_krw": 3_000_000}],  # exactly 3 years before: outside
        "restricted_field_work": ["2023-06-30"],
    }
    report = checker.check(history_from_data(PLAN | {"conduct": conduct}, "c.json"), "c.json")
    f27 = report.f27
    assert f27 is not None and f27.eligible is False and f27.passes  # the points pass, good conduct does not
    found = {f.rule for f in f27.findings}
    assert {"history.f27-conduct-imprisonment", "history.f27-conduct-immigration-violations"} <= found
    assert "history.f27-conduct-fine" not in found and "history.f27-restricted-field" not in found
    clean = checker.check(history_from_data(PLAN | {"conduct": {"imprisonment_sentences": ["2022-04-01"]}}, "c"), "c")
    assert clean.f27 is not None and clean.f27.eligible is True  # 5 full years: outside the bar


def test_a_malformed_conduct_table_is_refused_in_one_line(e7, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(PLAN | {"conduct": {"fines": [{"on": "2024-04-01", "amount_krw": -1}]}}), "utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and "conduct.fines[0].amount_krw" in result.err and "Traceback" not in result.err
