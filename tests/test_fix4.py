"""fix4 (issue 18): each change on both sides.

- employer.e7-4-opened-3-months: 원칙적으로 개업 후 최소 3개월 이후 신청 가능 (stay manual 2026.6 p.303), a risk.
"""

from __future__ import annotations

import pytest

from .cases import DELETE
from .test_case_kinds import example, findings

OPENED = "employer.e7-4-opened-3-months"


@pytest.mark.parametrize(
    ("founded", "fires"),
    [("2026-04-02", True), ("2026-06-30", True), ("2026-04-01", False), ("2001-07-01", False)],
)
def test_an_e7_4_application_three_months_after_opening(ev, founded, fires):
    # e7-4-root-industry-pass is filed on 2026-07-01: 3 months before is 2026-04-01
    decision, found = findings(ev, example("e7-4-root-industry-pass", employer={"founded_on": founded}))
    if fires:
        assert found[OPENED].severity == "risk"
        assert f"opened on {founded}, less than 3 months before the filing date (2026-07-01)" in found[OPENED].message
        assert decision.outcome == "at_risk"
    else:
        assert OPENED not in found
        assert decision.outcome == "ready"


def test_the_opening_date_not_given_asks_nothing(ev):
    decision, found = findings(ev, example("e7-4-root-industry-pass", employer={"founded_on": DELETE}))
    assert OPENED not in found
    assert decision.outcome == "ready"


# -- code.pilot-quota: the quota is of 도입‧초청 (visa pp.232-249); an extension or a move takes no place -----------
QUOTA = "code.pilot-quota"


@pytest.mark.parametrize(
    ("kind", "fires"),
    [
        ("initial", True),
        ("change_of_status", True),
        (DELETE, True),
        ("extension", False),
        ("change_of_workplace", False),
    ],
)
def test_the_pilot_quota_is_told_only_where_a_place_is_taken(ev, kind, fires):
    from .cases import make
    from .test_rules_both_sides import findings

    # 76231 prints only 연간 총 300명 범위 내 도입‧초청 허용 (p.243): no quota number is read for it
    case = make(kind=kind, position={"code": "76231", "subcategory": "E-7-3", "job_title": "Worker"})
    _, found = findings(ev, case)
    if fires:
        assert found[QUOTA].severity == "advice" and "confirm with the recommending ministry that a place is left" in (
            found[QUOTA].message
        )
    else:
        assert QUOTA not in found


def test_the_aquaculture_trial_extension_says_no_new_place_is_taken(ev):
    from .cases import make
    from .test_rules_both_sides import findings

    post = {"code": "6301", "subcategory": "E-7-3", "job_title": "Worker", "aquaculture_species": "seaweed"}
    _, found = findings(ev, make(kind="extension", position=post))
    f = found["code.aquaculture-trial-quota"]
    assert f.severity == "advice" and "an extension or a change of workplace takes no new place" in f.message
    assert QUOTA not in found and "a place is left" not in f.message


# -- 31215's Jeju restaurants: 별도로 국민고용 보호 내용이 없는 경우 일반기준 전면 적용 (visa p.221) --
RATIO, DOMESTIC_SALES = "employer.foreign-ratio", "employer.domestic-employees-domestic-sales"
THAI = "jeju-restaurant-clerk-thai-small"


def test_a_jeju_restaurant_is_held_to_its_sections_own_protection(ev):
    decision, found = findings(ev, example(THAI))
    assert RATIO not in found and DOMESTIC_SALES not in found
    assert found["employer.business-domestic-staff-doubtful"].severity == "risk"
    assert decision.outcome == "ineligible" and found["employer.business-floor-area"].severity == "blocking"
    # a Korean restaurant of 300 million KRW meets 70 m²: at risk only (the page's 2 against its table's 1)
    decision, found = findings(ev, example(THAI, employer={"restaurant_cuisine": "korean"}))
    assert decision.outcome == "at_risk" and RATIO not in found and DOMESTIC_SALES not in found
    # the section's table decides the number: 1 with 1 domestic employee, 70 m² and 300-500 million KRW
    decision, found = findings(ev, example(THAI, employer={"restaurant_cuisine": "korean", "same_code_workers": 1}))
    assert found["employer.code-allowance"].severity == "blocking" and RATIO not in found
    assert "its allowance is 1" in found["employer.code-allowance"].message


@pytest.mark.parametrize("kind", ["duty_free_shop", "jeju_english_city_shop", DELETE])
def test_other_kinds_of_31215s_employer_keep_the_general_rules(ev, kind):
    # a duty-free shop's section prints a minimum of 2 domestic employees but no share; the English city's shops
    # neither; a case that does not say its kind is not spared. reve: the duty-free shop's own size (상시 2인 이상의
    # 국민고용, p.222) spares it the general 5 domestic employees (parameter code_own_size), not the share
    _, found = findings(ev, example(THAI, employer={"business_kind": kind}))
    assert found[RATIO].severity == "blocking" and "1 domestic employees allow 0" in found[RATIO].message
    assert (DOMESTIC_SALES in found) is (kind != "duty_free_shop")
    if kind != "duty_free_shop":
        assert found[DOMESTIC_SALES].severity == "blocking"


# -- E-7-4's coastal shipping licence: 내항정기운송사업만 해당 (stay p.310) ----------------------------------------
PAPERS = "documents.e7-4-papers"
LICENCE = "내항여객운송사업면허증 또는 내항화물운송사업등록증"


@pytest.mark.parametrize(
    ("sector", "regular", "held", "required", "named"),
    [
        ("coastal_shipping", True, False, True, False),  # a regular service without it: the file lacks it
        ("coastal_shipping", True, True, False, False),
        ("coastal_shipping", False, False, False, False),  # an irregular service: neither asked nor named
        ("coastal_shipping", DELETE, False, False, True),  # not said: named with the field that decides it
        ("root_industry", DELETE, False, False, False),  # another sector: not asked
        ("root_industry", True, False, False, False),
    ],
)
def test_the_coastal_shipping_licence_only_for_a_regular_service(ev, sector, regular, held, required, named):
    from .test_e7_4_c import HELD, NAMED

    attached = HELD + (["coastal_shipping_licence"] if held else [])
    employer = {"sector": sector, "coastal_regular_service": regular}
    decision, found = findings(ev, example(NAMED, employer=employer, documents={"attached": attached}))
    if required:
        assert found[PAPERS].severity == "blocking"
        assert LICENCE in found[PAPERS].message and "lacks" in found[PAPERS].message
    else:
        assert PAPERS not in found
    listed = decision.facts["e74_papers_listed"]
    assert (LICENCE in listed) is named
    if named:
        assert "employer.coastal_regular_service not given" in listed


# -- 451 from the 2026-09-01 edition: 도입 불가 한식 주방장 및 조리사, 분식·커피·전통차 조리사 (pp.228-229) --
POST, CUISINE = "position.cook-post-barred", "employer.korean-cuisine-cook"


@pytest.mark.parametrize(
    ("post", "cuisine", "barred", "by_cuisine"),
    [
        ("korean", None, True, False),
        ("snack", None, True, False),
        ("coffee_or_tea", "other", True, False),
        ("western", None, False, False),
        ("other_national", "other", False, False),
        ("japanese", "korean", False, False),  # the post decides where it is stated
        (DELETE, "korean", False, True),  # not stated: the restaurant's cuisine is read, as before
        (DELETE, None, False, False),
    ],
)
def test_a_cook_in_a_barred_post_is_refused_from_2026_09(ev, post, cuisine, barred, by_cuisine):
    employer = {"restaurant_cuisine": cuisine if cuisine is not None else DELETE}
    decision, found = findings(
        ev, example("chef-451-hotel-cafe-tea-cook", position={"cook_post": post}, employer=employer)
    )
    assert (POST in found) is barred and (CUISINE in found) is by_cuisine
    if barred:
        assert found[POST].severity == "blocking" and decision.outcome == "ineligible"
        assert f"the case states the post as {post}" in found[POST].message
        assert "분식·커피·전통차 조리사" in found[POST].message


@pytest.mark.parametrize(("post", "barred"), [("coffee_or_tea", True), ("korean", True), ("western", False)])
def test_the_2026_6_edition_bars_the_same_posts_under_441(ev, post, barred):
    # visa manual 2026.6 p.228, 주방장 및 조리사(441): ※ 도입 불가 : 한식 주방장 및 조리사, 분식․커피․전통차 조리사
    decision, found = findings(
        ev, example("chef-451-hotel-cafe-tea-cook", filed_on="2026-07-15", position={"code": "441", "cook_post": post})
    )
    assert (POST in found) is barred
    if barred:
        assert found[POST].severity == "blocking" and decision.outcome == "ineligible"
        assert found[POST].citation.edition == "2026.6"


def test_a_bad_cook_post_is_refused_naming_the_field():
    from engine.core.case import case_from_data
    from engine.core.errors import InputError

    with pytest.raises(InputError) as err:
        case_from_data({"position": {"code": "451", "cook_post": "bakery"}}, "test")
    assert "position.cook_post" in str(err.value)
