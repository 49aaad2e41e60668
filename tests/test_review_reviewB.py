"""Second reading of issue 18's stay, E-7-4 and F-2-7 rules against the manuals (reviewB): each correction on
both sides of the boundary the manual draws."""

from __future__ import annotations

import pytest

from .cases import DELETE
from .test_case_kinds import example


def found(ev, case) -> dict[str, str]:
    """rule id -> severity of each finding."""
    return {f.rule: f.severity for f in ev.evaluate(case).findings}


SALES = "change-of-workplace-overseas-sales-rep"  # 2742, the online sellers' branch


# -- 2742: only the online sellers' branch leaves Korea to change workplace (visa manual p.218) ---------------


def test_2742_general_sales_rep_may_change_workplace_in_korea(ev):
    # p.218: 해외 영업원, 무역 영업원, 수출입 영업원은 위의 기존 규정 적용: the restriction is the online sellers' only
    general = example(SALES, position={"section_route": DELETE}, employer={"exports_last_year_krw": DELETE})
    seen = found(ev, general)
    assert "stay.workplace-change-reentry-only" not in seen
    assert seen["stay.workplace-change-permission"] == "advice"  # the general chapter's procedure instead


def test_2742_online_seller_and_3991_still_leave_korea_to_change(ev):
    seen = found(ev, example(SALES))
    assert seen["stay.workplace-change-reentry-only"] == "blocking"
    assert "stay.workplace-change-permission" not in seen
    clerk = example(SALES, position={"code": "3991", "section_route": DELETE, "subcategory": "E-7-2"})
    assert found(ev, clerk)["stay.workplace-change-reentry-only"] == "blocking"


# -- E-7-4: a year at the recommending firm is a condition of the change of status (stay pp.299, 301) --------

METRO = "e7-4-metro-recommended-moved-away"  # an E-7-4 holder's change of workplace
WAIVER = "e7-4-extension-korean-waiver-unmet"  # an E-7-4 holder's extension


@pytest.mark.parametrize("name", [METRO, WAIVER])
def test_a_holder_at_a_new_employer_is_not_refused_for_the_year_at_the_firm(ev, name):
    seen = found(ev, example(name, e7_4={"years_with_current_employer": 0.2}))
    assert "points.e7-4-employer-tenure" not in seen
    assert "points.e7-4-employer-tenure" not in found(ev, example(name, e7_4={"years_with_current_employer": DELETE}))


def test_the_change_of_status_still_needs_the_year_at_the_firm(ev):
    seen = found(ev, example("e7-4-recommended-too-soon", e7_4={"years_with_current_employer": 0.99}))
    assert seen["points.e7-4-employer-tenure"] == "blocking"
    assert "points.e7-4-employer-tenure" not in found(
        ev, example("e7-4-recommended-too-soon", e7_4={"years_with_current_employer": 1.0})
    )


# -- the students' route into shipbuilding and S85411 (stay manual pp.282-289: 외국인 유학생) --------------------

STUDENT = "change-of-status-d2-welder-non-stem"  # D-2, Korean non-STEM associate degree, 7406


def test_a_d10_job_seeker_without_a_korean_degree_is_not_refused_by_the_students_route(ev):
    seeker = example(
        STUDENT,
        applicant={"korean_degree": False, "education": "high_school", "experience_years": 6.0},
        stay={"current_status": "D-10"},
    )
    assert "stay.status-change-student-route" not in found(ev, seeker)


@pytest.mark.parametrize("status,korean", [("D-2", True), ("D-2", False), ("D-10", True)])
def test_students_and_korean_graduates_still_need_the_korean_stem_degree(ev, status, korean):
    case = example(STUDENT, applicant={"korean_degree": korean}, stay={"current_status": status})
    assert found(ev, case)["stay.status-change-student-route"] == "blocking"
    stem = example(STUDENT, applicant={"korean_degree": True, "stem_degree": True}, stay={"current_status": status})
    assert "stay.status-change-student-route" not in found(ev, stem)


def test_a_d10_graduate_not_saying_where_the_degree_is_from_is_asked(ev):
    case = example(STUDENT, applicant={"korean_degree": DELETE}, stay={"current_status": "D-10"})
    assert found(ev, case)["stay.status-change-student-route"] == "needs_information"
