"""Issue 18, task gen2: the E-7-S2 score computed from its points table (stay manual 2026.6 pp.296-298), each
item on both sides of a band, the stated score kept where the table's inputs are not all given, and a stated
score that differs from the table's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine.data.folders import locate
from engine.rules.evaluate import Evaluator
from engine.rules.points import PointsTables, score

from .cases import make

D = dt.date
POINTS, STATED = "track.s2-points", "track.s2-points-stated"

# the base applicant is 34 on 2026-07-01 (born 1992-04-10), a bachelor, Korean level 2
S2: dict[str, Any] = {
    "high_tech_field": True,
    "high_tech_degree": False,  # bachelor, general: 15
    "high_tech_experience_years": 1.0,  # 5
    "korean_study_degree": "none",  # 0
}
# income 55,000,000 at 30-35: 20; age 34: 15; Korean 2: 5 -> 20 + 15 + 15 + 5 + 5 + 0 = 60, the pass mark


@pytest.fixture(scope="module")
def table():
    return PointsTables(locate(None)).in_force("e7-s2", D(2026, 7, 1))


def s2(salary: int = 55_000_000, applicant: dict[str, Any] | None = None, **e7_s: Any):
    position = {"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": salary}
    return make(position=position, e7_s=S2 | e7_s, applicant=applicant or {})


def findings(ev: Evaluator, case: Any) -> dict[str, str]:
    return {f.rule: f.message for f in ev.evaluate(case).findings}


@pytest.mark.parametrize(
    "changes,passes",
    [
        ({}, True),  # exactly 60
        ({"high_tech_experience_years": 0.9}, False),  # under a year of experience: 55
        ({"high_tech_experience_years": 0.9, "research_paper": True}, True),  # a bonus makes it up: 65
        ({"high_tech_experience_years": 0.9, "high_tech_degree": True}, True),  # a high-tech bachelor's: 20
        ({"high_tech_experience_years": 0.9, "korean_study_degree": "associate"}, True),  # 5 for study in Korea
    ],
)
def test_the_score_is_computed_from_the_table(ev, changes, passes):
    got = findings(ev, s2(**changes))
    assert (POINTS in got) is not passes
    if not passes:
        assert "55 points" in got[POINTS]


@pytest.mark.parametrize(
    "salary,birth,total",
    [
        (55_000_000, D(1991, 7, 2), 60),  # 35 (a day before the birthday): income 20 + age 15 in the 30-35 column
        (55_000_000, D(1990, 7, 1), 50),  # 36 on the filing date: income 15 + age 10
        (69_999_999, D(1990, 7, 1), 55),  # 36: income 20 + age 10
        (70_000_000, D(1990, 7, 1), 60),  # 36: income 25 + age 10
    ],
)
def test_income_is_read_by_age(ev, salary, birth, total):
    got = findings(ev, s2(salary, applicant={"birth_date": birth}))
    if total >= 60:
        assert POINTS not in got
    else:
        assert f"{total} points" in got[POINTS]


def test_the_income_bands_and_columns(table):
    base = {"age": 29, "education": "none", "korean_level": 0, "high_tech_experience_years": 0.0}
    base["korean_study_degree"] = "none"
    gni = {"gni": 40_000_000}

    def income(value: int, age: int) -> int | None:
        return score(table, base | {"s2_income_krw": value, "age": age}, figures=gni).items["income"]

    assert income(90_000_000, 29) == 45 and income(89_999_999, 29) == 40
    assert income(90_000_000, 30) == 40 and income(90_000_000, 40) == 30
    assert income(40_000_000, 29) == 20 and income(39_999_999, 29) == 0  # the GNI band, from 1 x GNI
    assert income(45_000_000, 40) == 0  # 40 and over: no points under 50,000,000
    assert income(90_000_000, 19) == 0  # no column under 20


def test_bonuses_are_capped_at_40(table):
    inputs = {name: True for name in ("top_university", "kotra_recommendation", "sme_or_venture_employer")}
    inputs["research_paper"] = True
    result = score(table, inputs)
    assert result.bonus == 40


def test_at_an_extension_last_years_income_is_read(ev):
    case = make(
        kind="extension",
        position={"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": 55_000_000},
        e7_s=S2,
        stay={"previous_year_income_krw": 54_000_000},
    )
    assert POINTS not in findings(ev, case)  # 54,000,000 is still in the 50-60 million band
    lower = make(
        kind="extension",
        position={"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": 90_000_000},
        e7_s=S2 | {"high_tech_experience_years": 0.0},
        stay={"previous_year_income_krw": 55_000_000},
    )
    assert "55 points" in findings(ev, lower)[POINTS]  # the certificate, not the 90,000,000 contract


def test_a_stated_score_is_kept_where_the_table_cannot_be_filled(ev):
    position = {"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": 55_000_000}
    failing = make(position=position, e7_s={"high_tech_field": True, "points": 55})
    assert "55 points" in findings(ev, failing)[POINTS]
    passing = make(
        position={"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": 55_000_000},
        e7_s={"high_tech_field": True, "points": 60},
    )
    assert POINTS not in findings(ev, passing)


def test_nothing_to_score_asks_for_the_score_or_the_inputs(ev):
    case = make(
        position={"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": 55_000_000},
        e7_s={"high_tech_field": True, "korean_study_degree": "none"},
    )
    asked = {f.rule: f.message for f in ev.evaluate(case).findings if f.severity == "needs_information"}
    assert POINTS in asked
    assert "e7_s.high_tech_experience_years" in asked[POINTS] and "e7_s.high_tech_degree" in asked[POINTS]


def test_before_the_table_the_stated_score_is_read(ev):
    case = make(
        filed_on=D(2026, 6, 16),
        position={"code": "1120", "subcategory": "E-7-S2", "annual_salary_krw": 55_000_000},
        e7_s=S2 | {"points": 70, "high_tech_experience_years": 0.0},
    )
    got = findings(ev, case)
    assert POINTS not in got and STATED not in got  # the table is not in force: 70 as stated


@pytest.mark.parametrize("stated,differs", [(60, False), (65, True), (55, True)])
def test_a_stated_score_that_differs_from_the_table(ev, stated, differs):
    got = findings(ev, s2(points=stated))
    assert (STATED in got) is differs
    assert POINTS not in got  # the table's 60 is what the track reads
    if differs:
        assert f"states {stated} E-7-S2 points" in got[STATED] and "gives 60" in got[STATED]


# -- employer.foreign-ratio-20: which residence statuses count (visa manual p.181, stay manual p.303) -----------

RATIO = "employer.foreign-ratio"
FRONT_DESK = {"code": "3922", "subcategory": "E-7-2", "job_title": "Front desk", "annual_salary_krw": 30_000_000}


@pytest.mark.parametrize(
    "statuses,blocks",
    [
        # 10 domestic employees allow 2; the applicant is the third counted: refused
        (["E-7-1", "E-2"], True),
        (["E-7-1", "E-9", "E-9", "H-2", "F-6", "F-5", "E-8", "E-10", "F-2", "F-4", "E-7-4"], False),  # only 1 counts
        (["E-7-3", "other"], True),  # another status that permits work counts ('등 취업 가능 체류자격')
        ([], False),
    ],
)
def test_the_ratio_counts_the_statuses_the_manual_counts(ev, statuses, blocks):
    # foreign_employees (0 here) gives way to the listed statuses
    employer = {"domestic_employees": 10, "foreign_employees": 0, "foreign_staff_statuses": statuses}
    case = make(position=FRONT_DESK, employer=employer)
    assert (found_rules(ev, case).get(RATIO) == "blocking") is blocks


def test_without_the_statuses_the_count_given_is_read(ev):
    case = make(position=FRONT_DESK, employer={"domestic_employees": 10, "foreign_employees": 2})
    assert found_rules(ev, case).get(RATIO) == "blocking"
    within = make(position=FRONT_DESK, employer={"domestic_employees": 10, "foreign_employees": 1})
    assert RATIO not in found_rules(ev, within)


def test_a_status_outside_the_list_is_bad_input():
    from engine.core.case import case_from_data
    from engine.core.errors import InputError

    from .cases import BASE, merge

    data = merge(BASE, {"employer": {"foreign_staff_statuses": ["E-7-1", "Z-9"]}})
    with pytest.raises(InputError) as caught:
        case_from_data(data, "case.toml")
    assert "foreign_staff_statuses" in str(caught.value)


def found_rules(ev: Evaluator, case: Any) -> dict[str, str]:
    return {f.rule: f.severity for f in ev.evaluate(case).findings}


@pytest.mark.parametrize("e7_4_holders,fires", [(11, False), (12, True)])
def test_for_e7_4_only_e7_4_and_e7_4r_holders_count(ev, e7_4_holders, fires):
    # 40 domestic employees allow 12 (30%); the applicant is one more; the 30 E-9 workers do not count
    import tomllib

    from engine.core.case import case_from_data

    from .cases import DELETE, merge

    path = locate(None).root / "examples" / "cases" / "e7-4-construction-firm-quota.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    statuses = ["E-7-4"] * (e7_4_holders - 1) + ["E-7-4R"] + ["E-9"] * 30 + ["E-7-1"]
    changes = {
        "employer": {"foreign_staff_statuses": statuses},
        "e7_4": {"e7_4_workers": DELETE, "employer_recommendations": 1, "construction_amount_krw": DELETE},
    }
    case = case_from_data(merge(data, changes), str(path))
    assert (found_rules(ev, case).get(RATIO) == "blocking") is fires


# -- general.transitional-cooks-e7-4 (visa manual p.183): no grandfathering, the rules in force apply -----------


def example(name: str, changes: dict[str, Any]):
    import tomllib

    from engine.core.case import case_from_data

    from .cases import merge

    path = locate(None).root / "examples" / "cases" / f"{name}.toml"
    return case_from_data(merge(tomllib.loads(path.read_text(encoding="utf-8")), changes), str(path))


@pytest.mark.parametrize("floor_area,blocks", [(150.0, True), (200.0, False)])
def test_a_cook_on_e7_since_before_2018_is_held_to_the_current_rule(ev, floor_area, blocks):
    # 경과규정 ①: 기존 E-7 외국인요리사 ... '18. 1. 1. 이후에는 현 규정을 적용하되, 요건을 충족하지 못할 경우 허가 제한
    changes = {
        "kind": "extension",
        "applicant": {"prior_e7_years": 10.0, "entered_on": D(2016, 3, 2)},
        "employer": {"floor_area_m2": floor_area},
    }
    case = example("chef-chinese-restaurant-too-small", changes)
    assert (found_rules(ev, case).get("employer.business-floor-area") == "blocking") is blocks


@pytest.mark.parametrize("requested,capped", [(3.0, True), (2.0, False)])
def test_an_e7_4_worker_changed_before_2023_09_25_is_held_to_the_revised_rules(ev, requested, capped):
    # 경과규정 ②: '23. 9. 25 이전 숙련기능인력으로 전환하여 체류 중인 자는 '24. 11. 27. 개정된 규정을 적용
    stay = {"e7_4_changed_on": D(2022, 5, 10), "korean_waiver": False, "korean_requirement_met": True}
    case = example("e7-4-extension-korean-waiver-unmet", {"stay": stay | {"requested_years": requested}})
    assert ("stay.period-cap" in found_rules(ev, case)) is capped


# -- extension.continued-employment: the worker's address reports (the general chapter, as kvisa019.com reports it) --

ADDRESS = "stay.extension-address-report"


@pytest.mark.parametrize(
    "kind,unreported,fires",
    [("extension", True, True), ("extension", False, False), ("extension", None, False), ("initial", True, False)],
)
def test_an_unreported_change_of_address_at_an_extension(ev, kind, unreported, fires):
    stay = {} if unreported is None else {"address_change_unreported": unreported}
    case = make(kind=kind, stay=stay)
    got = found_rules(ev, case)
    assert (got.get(ADDRESS) == "risk") is fires
