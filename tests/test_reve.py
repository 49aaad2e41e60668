"""reve (issue 18 review of fix4): 441's (451's) restaurants held to their section's own protection.

441 prints the same sentence as 31215 (visa manual 2026.6 p.228: 업체규모, 고용비율, 최저임금 등 별도로
국민고용 보호 내용이 없는 경우 일반기준 전면 적용) and sets the restaurants' own minimum domestic staff (p.229) and
allowance table (pp.230-231): the general 20% (employer.foreign-ratio) and 5 domestic employees
(employer.domestic-employees-domestic-sales) give way
for a Chinese, other foreign or special-zone restaurant, not for a tourist hotel or restaurant.
"""

from __future__ import annotations

import pytest

from .cases import DELETE
from .test_case_kinds import example, findings

RATIO, DOMESTIC_SALES = "employer.foreign-ratio", "employer.domestic-employees-domestic-sales"
CHEF = "chef-restaurant-over-allowance"  # a Thai restaurant of 120 m² and 6,500,000 won of VAT, filed 2026-07-15


def test_a_restaurant_of_two_domestic_employees_may_employ_a_cook(ev):
    # 일반식당: 2 domestic employees are the section's minimum and its table's 1 cook
    decision, found = findings(ev, example(CHEF, employer={"domestic_employees": 2, "same_code_workers": 0}))
    assert RATIO not in found and DOMESTIC_SALES not in found
    assert decision.outcome == "ready"
    # the same under 451 in the 2026-09-01 edition
    decision, found = findings(
        ev,
        example(
            CHEF,
            filed_on="2026-10-15",
            position={"code": "451"},
            employer={"domestic_employees": 2, "same_code_workers": 0},
        ),
    )
    assert RATIO not in found and DOMESTIC_SALES not in found


def test_the_sections_own_minimum_and_table_still_decide(ev):
    # one domestic employee is under the section's minimum of 2 for a 일반식당: refused by its own rule
    decision, found = findings(ev, example(CHEF, employer={"domestic_employees": 1, "same_code_workers": 0}))
    assert found["employer.business-domestic-staff"].severity == "blocking" and decision.outcome == "ineligible"
    assert RATIO not in found and DOMESTIC_SALES not in found
    # a second cook with 2 domestic employees is over the table's number by domestic staff
    decision, found = findings(ev, example(CHEF, employer={"domestic_employees": 2, "same_code_workers": 1}))
    assert found["employer.code-allowance"].severity == "blocking" and RATIO not in found
    assert "its allowance is 1" in found["employer.code-allowance"].message


@pytest.mark.parametrize("kind", ["tourist_hotel_or_restaurant", DELETE])
def test_a_tourist_hotel_or_an_unstated_kind_keeps_the_general_rules(ev, kind):
    # the section prints no minimum or table for tourist hotels and restaurants; a case without its kind is not spared
    _, found = findings(
        ev, example(CHEF, employer={"domestic_employees": 2, "same_code_workers": 0, "business_kind": kind})
    )
    assert found[RATIO].severity == "blocking" and "2 domestic employees allow 0" in found[RATIO].message
    assert found[DOMESTIC_SALES].severity == "blocking"


# -- 31215's duty-free shops: their own size (상시 2인 이상의 국민고용, p.222), the general share (no allowance)
THAI = "jeju-restaurant-clerk-thai-small"  # a 31215 sales clerk, filed 2026-07-15, mainly domestic sales


@pytest.mark.parametrize(("domestic", "ratio", "own_minimum"), [(3, False, False), (4, False, False), (1, True, True)])
def test_a_duty_free_shop_is_spared_the_general_five_not_the_share(ev, domestic, ratio, own_minimum):
    employer = {"business_kind": "duty_free_shop", "domestic_employees": domestic}
    _, found = findings(ev, example(THAI, employer=employer))
    assert DOMESTIC_SALES not in found
    assert (RATIO in found) is ratio  # 3 or 4 domestic employees allow 1 at 20% (half up)
    assert ("employer.business-domestic-staff" in found) is own_minimum
    if own_minimum:
        assert found["employer.business-domestic-staff"].severity == "blocking"


def test_the_english_citys_shops_keep_the_general_five(ev):
    employer = {"business_kind": "jeju_english_city_shop", "domestic_employees": 3}
    _, found = findings(ev, example(THAI, employer=employer))
    assert found[DOMESTIC_SALES].severity == "blocking" and RATIO not in found
