"""The codes' own conditions read from case facts (issue 18, per-code part): a minimum revenue, absconders that
bar an employer or are deducted from its allowance, the general qualification on E-7-2 / E-7-3 codes and
without its experience-only route, caps that depend on the employer, and the errata of the codes' sections.
Each rule on both sides of its boundary; bad input refused with the file and the field."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.core.errors import InputError
from engine.data.folders import locate

from .cases import make
from .test_rules_both_sides import findings, passed

D = dt.date


WELDER = {"code": "7406", "subcategory": "E-7-3", "job_title": "Welder", "annual_salary_krw": 38_000_000}
SLAUGHTERER = {"code": "S71032", "subcategory": "E-7-3", "job_title": "Slaughterer", "annual_salary_krw": 32_000_000}
POWER_LINE = {"code": "76231", "subcategory": "E-7-3", "job_title": "Line electrician", "annual_salary_krw": 45_000_000}
MACHINERY = {"code": "S85513", "subcategory": "E-7-3", "job_title": "Welder", "annual_salary_krw": 38_000_000}


# -- minimum revenue (7406 p.236, S8417 p.242, S85513 p.248, 2735 p.217) ------------------------------------


@pytest.mark.parametrize("position", [WELDER, MACHINERY], ids=["7406", "S85513"])
def test_minimum_revenue_at_and_below(ev, position):
    at = make(position=position, employer={"annual_revenue_krw": 1_000_000_000, "absconders_past_two_years": 0})
    decision, found = findings(ev, at)
    assert decision.facts["code_min_revenue_krw"] == 1_000_000_000
    assert "employer.code-minimum-revenue" not in found and "employer.code-minimum-revenue" in passed(decision)
    below = make(position=position, employer={"annual_revenue_krw": 999_999_999, "absconders_past_two_years": 0})
    _, found = findings(ev, below)
    f = found["employer.code-minimum-revenue"]
    assert f.severity == "blocking"
    assert f.evidence == {"annual_revenue_krw": 999_999_999, "code_min_revenue_krw": 1_000_000_000}
    assert "999,999,999 KRW is below the 1,000,000,000 KRW" in f.message


def test_minimum_revenue_only_for_codes_that_set_it(ev):
    decision, found = findings(ev, make(employer={"annual_revenue_krw": 1}))  # 2223 sets none
    assert "code_min_revenue_krw" not in decision.facts and "employer.code-minimum-revenue" not in found


def test_minimum_revenue_follows_the_occupation_across_the_recoding(ev):
    # 행사기획자 is 2735 in the 2026.6 list and 2835 from 2026-09-01: the parameter is keyed by occupation
    planner = {"code": "2835", "subcategory": "E-7-1", "job_title": "Event planner"}
    _, found = findings(
        ev, make(filed_on=D(2026, 10, 1), position=planner, employer={"annual_revenue_krw": 900_000_000})
    )
    assert found["employer.code-minimum-revenue"].severity == "blocking"


def test_minimum_revenue_missing_asks_for_it(ev):
    from .cases import DELETE

    _, found = findings(
        ev, make(position=WELDER, employer={"annual_revenue_krw": DELETE, "absconders_past_two_years": 0})
    )
    f = found["employer.code-minimum-revenue"]
    assert f.severity == "needs_information" and "employer.annual_revenue_krw" in f.message


# -- absconders (S71032 p.247 bars; 31215, 441, 76231 p.222, 230, 243 and 7406, S8417 p.236, 242 deduct) ----


def test_absconders_bar_a_slaughterhouse_for_a_year(ev):
    filed = D(2026, 3, 2)  # inside the S71032 pilot
    clean = make(
        filed_on=filed, position=SLAUGHTERER, employer={"absconders_past_year": 0, "absconders_past_two_years": 3}
    )
    decision, found = findings(ev, clean)
    assert "employer.code-absconders-barred" not in found and "employer.code-absconders-barred" in passed(decision)
    assert "employer.code-absconders-deducted" not in found  # S71032 bars: no deduction rule
    one = make(
        filed_on=filed, position=SLAUGHTERER, employer={"absconders_past_year": 1, "absconders_past_two_years": 1}
    )
    decision, found = findings(ev, one)
    f = found["employer.code-absconders-barred"]
    assert f.severity == "blocking" and decision.outcome == "ineligible"
    assert f.evidence == {"absconders_in_window": 1, "code_absconder_years": 1}


def test_absconders_missing_asks_for_the_window_the_code_reads(ev):
    _, found = findings(ev, make(filed_on=D(2026, 3, 2), position=SLAUGHTERER))
    f = found["employer.code-absconders-barred"]
    assert f.severity == "needs_information" and "employer.absconders_past_year" in f.message
    _, found = findings(ev, make(position=WELDER))  # 7406 counts 2 years
    f = found["employer.code-absconders-deducted"]
    assert f.severity == "needs_information" and "employer.absconders_past_two_years" in f.message


@pytest.mark.parametrize(
    "position,field,years",
    [(POWER_LINE, "absconders_past_year", 1), (WELDER, "absconders_past_two_years", 2)],
    ids=["76231-one-year", "7406-two-years"],
)
def test_absconders_deducted_from_the_allowance(ev, position, field, years):
    other = "absconders_past_two_years" if field == "absconders_past_year" else "absconders_past_year"
    none = make(position=position, employer={field: 0, other: 0})
    decision, found = findings(ev, none)
    assert "employer.code-absconders-deducted" not in found and "employer.code-absconders-deducted" in passed(decision)
    # the count of the code's window decides, not the other one
    two = make(position=position, employer={field: 2, other: 2 if field == "absconders_past_year" else 0})
    _, found = findings(ev, two)
    f = found["employer.code-absconders-deducted"]
    assert f.severity == "risk" and f.evidence == {"absconders_in_window": 2, "code_absconder_years": years}
    assert "deducts them from the employer's allowance" in f.message


def test_absconders_only_for_codes_that_count_them(ev):
    decision, found = findings(ev, make(employer={"absconders_past_year": 5, "absconders_past_two_years": 5}))
    assert "code_absconder_years" not in decision.facts
    assert not {r for r in found if r.startswith("employer.code-absconders")}


# -- the designation, registration or recommendation a code requires of the employer ---------------------------


@pytest.mark.parametrize(
    "position,needed,as_of",
    [
        (
            {"code": "7103", "subcategory": "E-7-3", "job_title": "Halal slaughterer"},
            "halal_certified_slaughterhouse",
            None,
        ),
        ({"code": "42111", "subcategory": "E-7-2", "job_title": "Care worker"}, "elderly_care_facility", D(2025, 7, 1)),
        (
            {"code": "44213", "subcategory": "E-7-2", "job_title": "Tour guide"},
            "tourism_business_registration",
            D(2026, 10, 1),
        ),
    ],
    ids=["7103", "42111", "44213-after-recoding"],
)
def test_employer_certification_held_and_not(ev, position, needed, as_of):
    decision, found = findings(ev, make(position=position, employer={"certifications": [needed]}), as_of)
    assert decision.facts["code_certification"] == needed
    assert "employer.code-certification" not in found and "employer.code-certification" in passed(decision)
    other = "medical_institution"
    decision, found = findings(ev, make(position=position, employer={"certifications": [other]}), as_of)
    f = found["employer.code-certification"]
    assert f.severity == "blocking" and decision.outcome == "ineligible" and needed in f.message
    _, found = findings(ev, make(position=position), as_of)
    f = found["employer.code-certification"]
    assert f.severity == "needs_information" and "employer.certifications" in f.message


def test_employer_certification_only_for_codes_that_require_one(ev):
    decision, found = findings(ev, make(employer={"certifications": []}))  # 2223 requires none
    assert "code_certification" not in decision.facts and "employer.code-certification" not in found


def test_an_unknown_certification_is_refused(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('[employer]\ncertifications = ["halal"]\n[position]\ncode = "7103"\n', encoding="utf-8")
    result = e7("check", str(path))
    assert (
        result.code == 2 and "employer.certifications" in result.err and "halal_certified_slaughterhouse" in result.err
    )


# -- S85411: outside the capital region, under 300 staff (p.244); 42111: Korean level 3 (p.232) -----------------

AUTO_PARTS = {"code": "S85411", "subcategory": "E-7-3", "job_title": "Press die maker", "annual_salary_krw": 38_400_000}


@pytest.mark.parametrize("workers,fires", [(299, False), (300, True)])
def test_auto_parts_workforce_under_300(ev, workers, fires):
    employer = {"capital_region": False, "regular_workers": workers}
    decision, found = findings(ev, make(position=AUTO_PARTS, employer=employer))
    assert ("employer.code-maximum-employees" in found) == fires
    if fires:
        f = found["employer.code-maximum-employees"]
        assert f.severity == "blocking" and f.evidence == {"regular_workers": 300, "code_max_regular_workers": 299}
    else:
        assert "employer.code-maximum-employees" in passed(decision)


@pytest.mark.parametrize("capital,fires", [(False, False), (True, True)])
def test_auto_parts_outside_the_capital_region(ev, capital, fires):
    employer = {"capital_region": capital, "regular_workers": 100}
    _, found = findings(ev, make(position=AUTO_PARTS, employer=employer))
    assert ("employer.code-outside-capital-region" in found) == fires
    if fires:
        assert found["employer.code-outside-capital-region"].severity == "blocking"


def test_capital_region_and_size_only_for_s85411(ev):
    _, found = findings(ev, make(employer={"capital_region": True, "regular_workers": 5000}))
    assert not {"employer.code-outside-capital-region", "employer.code-maximum-employees"} & set(found)


CARE_2025 = {"code": "42111", "subcategory": "E-7-2", "job_title": "Care worker", "annual_salary_krw": 30_000_000}


@pytest.mark.parametrize("level,fires", [(3, False), (2, True)])
def test_care_worker_korean_level_3(ev, level, fires):
    case = make(
        position=CARE_2025, applicant={"korean_level": level}, employer={"certifications": ["elderly_care_facility"]}
    )
    decision, found = findings(ev, case, D(2025, 7, 1))
    assert ("qualification.code-korean-level" in found) == fires
    if fires:
        f = found["qualification.code-korean-level"]
        assert f.severity == "blocking" and f.evidence == {"korean_level": 2, "code_min_korean_level": 3}
    else:
        assert "qualification.code-korean-level" in passed(decision)


def test_korean_level_only_where_the_code_sets_one(ev):
    _, found = findings(ev, make(applicant={"korean_level": 0}))  # 2223: none at issuance
    assert "qualification.code-korean-level" not in found


# -- the general qualification on E-7-2 / E-7-3 codes, and without its experience-only route ------------------

ANIMAL_KEEPER = {"code": "61395", "subcategory": "E-7-3", "job_title": "Zoo keeper", "annual_salary_krw": 34_000_000}


def test_general_qualification_applies_to_an_e7_3_code(ev):
    # 61395 동물사육사: (자격요건) 일반 요건 적용 (visa manual 2026.6 p.233)
    short = make(
        position=ANIMAL_KEEPER, applicant={"education": "high_school", "degree_related": False, "experience_years": 4.9}
    )
    _, found = findings(ev, short)
    assert found["qualification.e7-1-general"].severity == "blocking"
    met = make(
        position=ANIMAL_KEEPER, applicant={"education": "bachelor", "degree_related": True, "experience_years": 1.0}
    )
    decision, found = findings(ev, met)
    assert "qualification.e7-1-general" not in found and "qualification.e7-1-general" in passed(decision)


HOTEL = {"code": "3922", "subcategory": "E-7-2", "job_title": "Front desk clerk", "annual_salary_krw": 30_000_000}


@pytest.mark.parametrize(
    "applicant,fires",
    [
        ({"education": "high_school", "degree_related": False, "experience_years": 6.0}, True),  # experience only
        ({"education": "bachelor", "degree_related": False, "experience_years": 6.0}, True),  # unrelated degree
        ({"education": "bachelor", "degree_related": True, "experience_years": 0.5}, False),  # general rule fires
        ({"education": "bachelor", "degree_related": True, "experience_years": 1.0}, False),  # degree route
        ({"education": "master", "degree_related": True, "experience_years": 6.0}, False),  # degree route
    ],
)
def test_experience_only_route_barred_for_3922(ev, applicant, fires):
    _, found = findings(ev, make(position=HOTEL, applicant=applicant))
    assert ("qualification.degree-route-only" in found) == fires
    if fires:
        assert found["qualification.degree-route-only"].severity == "blocking"
        assert "qualification.e7-1-general" not in found  # 5 years meet the general rule itself


def test_experience_only_route_open_for_other_codes(ev):
    applicant = {"education": "high_school", "degree_related": False, "experience_years": 6.0}
    _, found = findings(ev, make(applicant=applicant))  # 2223: all three general routes
    assert "qualification.degree-route-only" not in found and "qualification.e7-1-general" not in found


# -- caps that depend on the employer ([[conditional]]) -------------------------------------------------------


@pytest.mark.parametrize(
    "revenue,as_of,cap",
    [
        (8_000_000_000, D(2026, 7, 1), 3),  # 80억 원 이하: 3명 (2026.6 p.235)
        (8_000_000_001, D(2026, 7, 1), 7),  # 80억 원 초과: 7명
        (8_000_000_000, D(2026, 10, 1), 4),  # the 2026-09-01 edition: 4명
    ],
)
def test_halal_slaughterer_cap_by_revenue(ev, revenue, as_of, cap):
    position = {"code": "7103", "subcategory": "E-7-3", "job_title": "Halal slaughterer"}
    at = make(
        filed_on=as_of,
        position=position,
        employer={"annual_revenue_krw": revenue, "domestic_employees": 100, "foreign_employees": cap - 1},
    )
    decision, found = findings(ev, at)
    assert decision.facts["code_max_per_employer"] == cap and "employer.max-per-employer" not in found
    above = make(
        filed_on=as_of,
        position=position,
        employer={"annual_revenue_krw": revenue, "domestic_employees": 100, "foreign_employees": cap},
    )
    _, found = findings(ev, above)
    assert found["employer.max-per-employer"].severity == "risk"


@pytest.mark.parametrize(
    "employer,ratio_x100",
    [
        ({"sector": "other", "depopulation_area": False}, 30),
        ({"sector": "root_industry", "depopulation_area": False}, 50),
        ({"sector": "other", "depopulation_area": True}, 50),
    ],
)
def test_s700_foreign_ratio_by_sector_and_area(ev, employer, ratio_x100):
    position = {"code": "S700", "subcategory": "E-7-4", "job_title": "Press operator"}
    decision, found = findings(ev, make(kind="change_of_status", position=position, employer=employer))
    assert decision.facts["foreign_ratio_x100"] == ratio_x100
    assert "code.conditions" not in found


def test_s700_foreign_ratio_undecided_asks_and_blocks_less(ev):
    position = {"code": "S700", "subcategory": "E-7-4", "job_title": "Press operator"}
    decision, found = findings(ev, make(kind="change_of_status", position=position))
    assert decision.facts["foreign_ratio_x100"] == 50
    assert found["code.conditions"].severity == "needs_information"


# -- the shipbuilding codes' lower wage for workers brought in from 2024-10 (pp.236-239) -------------------------


def wage_case(kind, filed_on, salary, entered_on=None, code="7406"):
    applicant = {"entered_on": entered_on} if entered_on else {}
    position = {"code": code, "subcategory": "E-7-3", "job_title": "Welder", "annual_salary_krw": salary}
    return make(
        kind=kind, filed_on=filed_on, position=position, applicant=applicant, employer={"absconders_past_two_years": 0}
    )


@pytest.mark.parametrize(
    "kind,filed_on,entered_on,code,floor",
    [
        ("initial", D(2026, 7, 1), None, "7406", 25_880_000),  # a new intake: '2,588만원 이상(’26년 기준)' (2026.6)
        ("initial", D(2026, 10, 1), None, "7406", 25_890_000),  # the 2026-09-01 edition prints 2,589만원
        ("initial", D(2026, 10, 1), None, "78369", 25_880_000),  # ... but still 2,588만원 for ship painters
        ("extension", D(2027, 9, 30), D(2024, 10, 1), "76212", 25_890_000),  # the day before the 3rd anniversary
    ],
)
def test_lower_wage_for_new_intakes_at_and_below(ev, kind, filed_on, entered_on, code, floor):
    decision, found = findings(ev, wage_case(kind, filed_on, floor, entered_on, code))
    assert decision.facts["code_fixed_krw"] == floor and "salary.below-floor" not in found
    _, found = findings(ev, wage_case(kind, filed_on, floor - 1, entered_on, code))
    assert found["salary.below-floor"].evidence["derived.amount_krw"] == floor


@pytest.mark.parametrize(
    "filed_on,entered_on",
    [
        (D(2027, 10, 1), D(2024, 10, 1)),  # '’24. 10. 1. 입국자의 경우 만 3년 후인 ’27. 10. 1.부터 GNI 80% 적용'
        (D(2026, 7, 1), D(2024, 9, 30)),  # brought in before 2024-10
    ],
)
def test_gni_80_percent_outside_the_lower_wage(ev, filed_on, entered_on):
    decision, found = findings(ev, wage_case("extension", filed_on, 27_000_000, entered_on))
    assert decision.facts["code_wage_rule"] == "gni_ratio" and "code_fixed_krw" not in decision.facts
    assert found["salary.below-floor"].severity == "blocking"  # 27,000,000 is below 80% (and 70%) of GNI


def test_lower_wage_needs_the_entry_date_of_a_worker_in_korea(ev):
    decision, found = findings(ev, wage_case("extension", D(2026, 7, 1), 27_000_000))
    f = found["code.conditions"]
    assert f.severity == "needs_information" and "applicant.entered_on" in f.message
    # meanwhile the amount that blocks less applies
    assert decision.facts["code_fixed_krw"] == 25_880_000 and "salary.below-floor" not in found


def test_lower_wage_not_before_the_2026_amount(ev):
    # the amounts of 2024-10 to 2026-01 are not in e7's sources: 80% of GNI applies
    decision, _ = findings(ev, wage_case("initial", D(2025, 7, 1), 27_000_000))
    assert decision.facts["code_wage_rule"] == "gni_ratio"


def test_entry_after_filing_is_refused(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(
        'filed_on = 2026-07-01\n[applicant]\nentered_on = 2026-08-01\n[position]\ncode = "7406"\n', encoding="utf-8"
    )
    result = e7("check", str(path))
    assert (
        result.code == 2 and result.out == "" and "applicant.entered_on" in result.err and "on or before" in result.err
    )


# -- the errata of the codes' sections (changelog/errata/2026-12-04-slips-in-code-sections.toml) -------------


@pytest.mark.parametrize(
    "code,as_of,field,value",
    [
        ("6301", D(2022, 7, 1), "max_per_employer", 3),
        ("6301", D(2026, 10, 1), "max_per_employer", 3),
        ("S8417", D(2024, 5, 1), "min_domestic_employees", 10),
        ("S85513", D(2026, 10, 1), "min_domestic_employees", 10),
        ("3991", D(2026, 7, 1), "min_domestic_employees", 500),
        ("3620", D(2026, 10, 1), "min_domestic_employees", 500),
    ],
)
def test_errata_values_in_every_snapshot(ev, code, as_of, field, value):
    entry = next(c for c in ev.catalogue.in_force(as_of).codes if c.code == code)
    assert getattr(entry.employer, field) == value


def test_regular_workers_minimum_of_s85513(ev):
    base = {"annual_revenue_krw": 2_000_000_000, "absconders_past_two_years": 0}
    decision, found = findings(ev, make(position=MACHINERY, employer={**base, "regular_workers": 10}))
    assert "employer.code-minimum-employees" not in found and "employer.code-minimum-employees" in passed(decision)
    _, found = findings(ev, make(position=MACHINERY, employer={**base, "regular_workers": 9}))
    assert found["employer.code-minimum-employees"].severity == "risk"


def test_aquaculture_cap_of_three(ev):
    position = {"code": "6301", "subcategory": "E-7-3", "job_title": "Sea cucumber farmer"}
    _, found = findings(ev, make(position=position, employer={"domestic_employees": 100, "foreign_employees": 2}))
    assert "employer.max-per-employer" not in found
    _, found = findings(ev, make(position=position, employer={"domestic_employees": 100, "foreign_employees": 3}))
    assert found["employer.max-per-employer"].severity == "risk"


# -- bad input -------------------------------------------------------------------------------------------------


def test_more_absconders_in_one_year_than_in_two_is_refused(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text(
        "filed_on = 2026-07-01\n[employer]\nabsconders_past_year = 2\nabsconders_past_two_years = 1\n"
        '[position]\ncode = "7406"\n',
        encoding="utf-8",
    )
    result = e7("check", str(path))
    assert result.code == 2 and result.out == "" and "Traceback" not in result.err
    assert str(path) in result.err and "absconders_past_two_years" in result.err and "at least" in result.err


def test_negative_absconders_are_refused(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('[employer]\nabsconders_past_year = -1\n[position]\ncode = "7406"\n', encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2 and "employer.absconders_past_year" in result.err and "a count" in result.err


def test_a_per_occupation_parameter_must_hold_numbers(data_copy):
    from engine.data.folders import DataDir
    from engine.rules.rulesets import Rulesets

    path = data_copy / "rulesets" / "2022-07-01.toml"
    text = path.read_text(encoding="utf-8")
    assert '"event-planner" = 1_000_000_000' in text
    path.write_text(text.replace('"event-planner" = 1_000_000_000', '"event-planner" = "a billion"'), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        Rulesets(DataDir(data_copy)).get("2022-07-01")
    assert "code_min_revenue_krw" in str(raised.value) and "a number for each occupation" in str(raised.value)


# -- Korean texts (rulesets/translations/ko-coverage-codes.toml) ----------------------------------------------


def test_korean_texts_cover_the_added_rules_with_the_same_placeholders():
    import re
    import tomllib

    from engine.rules.rulesets import Rulesets

    from .conftest import ROOT

    texts = tomllib.loads((ROOT / "rulesets" / "translations" / "ko-coverage-codes.toml").read_text(encoding="utf-8"))
    rules = {r.id: r for r in Rulesets(locate(None)).get("2022-07-01").rules}
    added = {
        "employer.code-certification",
        "employer.code-outside-capital-region",
        "employer.code-maximum-employees",
        "qualification.code-korean-level",
        "employer.code-minimum-revenue",
        "employer.code-absconders-barred",
        "employer.code-absconders-deducted",
        "qualification.degree-route-only",
    }
    assert set(texts["rules"]) == added

    def fields(text: str) -> set[str]:
        return set(re.findall(r"\{[^}]*\}", text))

    for rule_id, korean in texts["rules"].items():
        assert {"title", "explanation", "message", "fix"} <= set(korean), rule_id
        assert fields(korean["message"]) == fields(rules[rule_id].message), rule_id
        assert fields(korean["fix"]) == fields(rules[rule_id].fix), rule_id


def test_conditions_of_an_occupation_are_those_the_ruleset_lists_in_order(ev):
    """Ruleset.conditions_of reads an index made once per tuple of conditional requirements: the same items, in
    the same order, as filtering the tuple; a ruleset with other requirements gets its own index, not the first."""
    import attrs

    for on in (D(2022, 7, 1), D(2025, 4, 1), D(2026, 9, 1)):
        ruleset = ev.rulesets.in_force(on)
        occupations = {c.occupation for c in ruleset.conditional} | {"no such occupation"}
        for occupation in occupations:
            expected = tuple(c for c in ruleset.conditional if c.occupation == occupation)
            assert ruleset.conditions_of(occupation) == expected
            assert all(a is b for a, b in zip(ruleset.conditions_of(occupation), expected, strict=True))
        first = ruleset.conditional[0]
        other = attrs.evolve(ruleset, conditional=(first, *ruleset.conditional[:1]))
        assert other.conditions_of(first.occupation) == (first, first)
        assert ruleset.conditions_of(first.occupation) == tuple(
            c for c in ruleset.conditional if c.occupation == first.occupation
        )
