"""Each rule on both sides of its boundary, as a compliance officer would check it."""

from __future__ import annotations

import datetime as dt

import pytest

from .cases import DELETE, make

D = dt.date


def findings(ev, case, as_of=None):
    decision = ev.evaluate(case, as_of)
    return decision, {f.rule: f for f in decision.findings}


def test_clean_case_is_ready_with_provenance(ev):
    decision, found = findings(ev, make())
    assert decision.outcome == "ready", found
    assert decision.catalogue["snapshot"] == "2026-06-17" and len(decision.catalogue["sha256"]) == 64
    assert decision.ruleset["id"] == "e7-rules@2026-02-01"
    assert any(p.rule == "salary.below-floor" for p in decision.passed)
    assert decision.trace and decision.trace[0].rule == "salary.floor"


# -- salary ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("salary,fires", [(31_119_999, True), (31_120_000, False)])
def test_e7_1_announced_amount_below_and_exactly_at(ev, salary, fires):
    decision, found = findings(ev, make(position={"annual_salary_krw": salary}))
    assert ("salary.below-floor" in found) is fires
    if fires:
        f = found["salary.below-floor"]
        assert f.severity == "blocking" and decision.outcome == "ineligible"
        assert f.evidence["derived.amount_krw"] == 31_120_000
        assert "31,120,000 KRW" in f.message and f.citation.source


def test_new_amount_day_before_and_day_of(ev):
    case = make(position={"annual_salary_krw": 30_000_000})
    _, before = findings(ev, case, D(2026, 1, 31))  # 28,670,000 in force
    _, on = findings(ev, case, D(2026, 2, 1))  # 31,120,000 in force
    assert "salary.below-floor" not in before
    assert on["salary.below-floor"].evidence["derived.amount_krw"] == 31_120_000
    _, before_2025 = findings(ev, case, D(2025, 3, 31))  # 35,240,800 less the SME rule: 30,835,700
    assert before_2025["salary.below-floor"].evidence["derived.amount_krw"] == 30_835_700
    _, on_2025 = findings(ev, case, D(2025, 4, 1))
    assert "salary.below-floor" not in on_2025


def test_sme_special_rule_more_favourable_amount(ev):
    # 2024-06-01: announced 35,240,800; 70% of GNI 2023 (44,051,000) = 30,835,700 for an SME, <= 3 years of E-7
    case = make(position={"annual_salary_krw": 31_000_000})
    _, found = findings(ev, case, D(2024, 6, 1))
    assert "salary.below-floor" not in found
    assert found["salary.sme-special-used"].severity == "advice"
    large = make(position={"annual_salary_krw": 31_000_000}, employer={"size": "large"})
    _, found = findings(ev, large, D(2024, 6, 1))
    assert found["salary.below-floor"].evidence["derived.amount_krw"] == 35_240_800
    seasoned = make(position={"annual_salary_krw": 31_000_000}, applicant={"prior_e7_years": 3.5})
    _, found = findings(ev, seasoned, D(2024, 6, 1))
    assert "salary.below-floor" in found
    at_three = make(position={"annual_salary_krw": 31_000_000}, applicant={"prior_e7_years": 3.0})
    _, found = findings(ev, at_three, D(2024, 6, 1))
    assert "salary.below-floor" not in found


def test_gni_ratio_code_floor(ev):
    # 7406 조선 용접공: 0.8 x GNI 2025 (52,416,000) = 41,932,800 on 2026-07-01, for a worker who entered before
    # 2024-10 (a later one is held to a lower amount up to 3 years after entry: tests/test_code_conditions.py)
    base = {"code": "7406", "subcategory": "E-7-3", "job_title": "Welder"}
    before = {"kind": "extension", "applicant": {"entered_on": D(2022, 3, 1)}, "employer": {"size": "large"}}
    _, below = findings(ev, make(position={**base, "annual_salary_krw": 41_932_799}, **before))
    _, at = findings(ev, make(position={**base, "annual_salary_krw": 41_932_800}, **before))
    assert below["salary.below-floor"].evidence["derived.amount_krw"] == 41_932_800
    assert below["salary.below-floor"].evidence["derived.basis"] == "code-gni-ratio"
    assert "salary.below-floor" not in at


@pytest.mark.parametrize("hours,fires", [(40, False), (30, True)])
def test_minimum_wage_monthly_with_few_hours(ev, hours, fires):
    # E-7-2 before 2026-09-01 is judged by the minimum wage alone: 2,156,880 a month in 2026
    case = make(
        position={
            "code": "3922",
            "subcategory": "E-7-2",
            "job_title": "Front desk",
            "weekly_hours": hours,
            "annual_salary_krw": 2_156_880 * 12,
        },
    )
    _, found = findings(ev, case)
    assert "salary.minimum-wage-monthly" not in found
    assert "salary.minimum-wage-hourly" not in found
    low = make(
        position={"code": "3922", "subcategory": "E-7-2", "weekly_hours": hours, "annual_salary_krw": 2_156_879 * 12}
    )
    _, found = findings(ev, low)
    assert "salary.minimum-wage-monthly" in found
    assert ("salary.minimum-wage-hourly" in found) is not fires or hours == 40


def test_hourly_minimum_wage_counts_paid_weekly_holiday(ev):
    # 40 h/week: 208.57 paid hours; 10,320/h needs 2,152,457 a month
    ok = make(position={"annual_salary_krw": 26_000_000 * 2})
    _, found = findings(ev, ok)
    assert "salary.minimum-wage-hourly" not in found
    long_hours = make(
        position={"code": "3922", "subcategory": "E-7-2", "weekly_hours": 52, "annual_salary_krw": 26_000_000}
    )
    _, found = findings(ev, long_hours)
    assert "salary.minimum-wage-hourly" in found  # 2,166,666 a month over 52h + 8h holiday
    assert "salary.minimum-wage-monthly" not in found


def test_e7_2_announced_amount_from_2026_09_01(ev):
    case = make(position={"code": "3922", "subcategory": "E-7-2", "annual_salary_krw": 25_000_000})
    _, before = findings(ev, case, D(2026, 8, 31))
    assert "salary.below-floor" not in before  # minimum wage only
    after = make(position={"code": "3612", "subcategory": "E-7-2", "annual_salary_krw": 25_000_000})
    _, on = findings(ev, after, D(2026, 9, 1))
    assert on["salary.below-floor"].evidence["derived.amount_krw"] == 25_890_000


def test_non_profit_relaxation_before_and_after_2026_09_01(ev):
    case = make(position={"annual_salary_krw": 30_000_000}, employer={"size": "non_profit"})
    decision, found = findings(ev, case, D(2026, 7, 1))
    assert "salary.non-profit-relaxation" in found and "salary.below-floor" not in found
    assert decision.outcome == "at_risk"
    _, found = findings(ev, case, D(2026, 9, 1))
    assert "salary.below-floor" in found and "salary.non-profit-relaxation" not in found


def test_missing_announced_amount_asks_for_information(ev):
    _, found = findings(ev, make(), D(2023, 6, 1))
    f = found["salary.floor"]
    assert f.severity == "needs_information"
    assert "amount announced for E-7-1" in f.message


# -- code ------------------------------------------------------------------------------------------------


def test_renumbered_code_after_2026_09_01(ev):
    duties = [{"task": "Plan PR campaigns and write press releases", "share": 100}]  # duties that fit the code
    case = make(position={"code": "2733", "job_title": "PR specialist", "duties": duties})
    decision, found = findings(ev, case, D(2026, 8, 31))
    assert "code.renumbered" not in found
    decision, found = findings(ev, case, D(2026, 9, 1))
    f = found["code.renumbered"]
    # issue 11: the occupation is listed, the manual refuses nothing for a 舊 code: a risk with the fix
    assert f.severity == "risk" and "2833" in f.message and "2026-09-01" in f.message
    assert [s.code for s in decision.suggestions] == ["2833"]
    assert decision.outcome == "at_risk"


def test_code_not_yet_listed_and_reused_code(ev):
    _, found = findings(ev, make(position={"code": "S85513", "subcategory": "E-7-3"}), D(2026, 1, 31))
    assert "code.not-yet-listed" in found
    _, found = findings(ev, make(position={"code": "441", "subcategory": "E-7-2"}), D(2026, 10, 1))
    assert "code.meaning-changed" in found


def test_pilot_window(ev):
    case = make(position={"code": "42111", "subcategory": "E-7-2", "job_title": "Care worker"})
    _, inside = findings(ev, case, D(2025, 12, 31))
    _, outside = findings(ev, case, D(2026, 1, 1))
    assert "code.pilot-window" not in inside and "code.quota-number-pending" in inside  # no quota number (quota)
    assert outside["code.pilot-window"].severity == "risk"  # still listed: confirm, not refused (issue 11)


def test_subcategory_mismatch(ev):
    _, found = findings(ev, make(position={"subcategory": "E-7-2"}))
    assert found["subcategory.matches-code"].severity == "blocking"


def test_stale_catalogue(ev):
    # snapshot 2026-02-01 is 136 days old on 2026-06-16; 2025-04-01 is 184 days old on 2025-10-02? no: 2025-10-01
    _, found = findings(ev, make(), D(2025, 9, 30))  # 2025-04-01 + 182 days
    assert "catalogue.stale" not in found
    _, found = findings(ev, make(), D(2024, 11, 1))  # 2024-08-12 + 81 days
    assert "catalogue.stale" not in found
    _, found = findings(ev, make(), D(2024, 3, 31))  # 2023-01-01 + 455 days
    assert found["catalogue.stale"].severity == "risk"


# -- qualification ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "education,related,years,fires",
    [
        ("master", True, 0.0, False),
        ("bachelor", True, 1.0, False),
        ("bachelor", True, 0.9, True),
        ("bachelor", False, 4.9, True),
        ("high_school", False, 5.0, False),
        ("associate", True, 3.0, True),
    ],
)
def test_e7_1_general_qualification(ev, education, related, years, fires):
    case = make(applicant={"education": education, "degree_related": related, "experience_years": years})
    _, found = findings(ev, case)
    assert ("qualification.e7-1-general" in found) is fires


# -- employer --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "domestic,foreign,fires",
    [
        (12, 1, False),  # 12 x 0.2 = 2.4 -> 2 allowed; 1 + this hire = 2
        (12, 2, True),  # 3 > 2
        (13, 2, False),  # 13 x 0.2 = 2.6 -> 3 allowed
        (7, 0, False),  # 1.4 -> 1
        (7, 1, True),
    ],
)
def test_foreign_ratio_with_rounding(ev, domestic, foreign, fires):
    case = make(
        position={"code": "3922", "subcategory": "E-7-2", "job_title": "Front desk", "annual_salary_krw": 30_000_000},
        employer={"domestic_employees": domestic, "foreign_employees": foreign},
    )
    _, found = findings(ev, case)
    assert ("employer.foreign-ratio" in found) is fires


def test_domestic_employees_and_domestic_sales(ev):
    base = {"code": "2224", "job_title": "Web developer"}  # 2224 carries 국민고용 20% 규정
    rule = "employer.domestic-employees-domestic-sales"
    five = make(
        position=base, employer={"domestic_employees": 5, "foreign_employees": 0, "mainly_domestic_sales": True}
    )
    _, found = findings(ev, five)
    assert rule not in found
    exporter = make(position=base, employer={"domestic_employees": 4, "foreign_employees": 0})
    _, found = findings(ev, exporter)  # mainly_domestic_sales = false in the base case
    assert rule not in found
    domestic = make(
        position=base, employer={"domestic_employees": 4, "foreign_employees": 0, "mainly_domestic_sales": True}
    )
    _, found = findings(ev, domestic)
    assert found[rule].severity == "blocking"
    unknown = make(
        position=base, employer={"domestic_employees": 4, "foreign_employees": 0, "mainly_domestic_sales": DELETE}
    )
    _, found = findings(ev, unknown)
    assert found[rule].severity == "needs_information" and "employer.mainly_domestic_sales" in found[rule].message


def test_field_references_never_match_a_missing_field(ev):
    # durable_rules would treat "monthly_salary_krw < minimum_monthly_krw" as true without the minimum wage
    _, found = findings(ev, make(position={"code": "3922", "subcategory": "E-7-2"}), D(2023, 3, 2))
    assert found["salary.minimum-wage-monthly"].severity == "needs_information"
    assert "minimum wage of 2023" in found["salary.minimum-wage-monthly"].message


def test_overtime_counts_at_one_and_a_half(ev):
    # 52 h/week at 33,000,000 a year: (40 + 12 x 1.5 + 8) x 365/7/12 = 286.8 paid hours -> 9,588/h < 10,320
    case = make(position={"code": "3922", "subcategory": "E-7-2", "weekly_hours": 52, "annual_salary_krw": 33_000_000})
    _, found = findings(ev, case)
    assert "salary.minimum-wage-hourly" in found


def test_special_route_replaces_the_general_requirement(ev):
    case = make(applicant={"education": "bachelor", "experience_years": 0.0, "special_route": "korean_university"})
    _, found = findings(ev, case)
    assert "qualification.e7-1-general" not in found
    assert found["qualification.special-route"].severity == "advice"


def test_sme_eligibility_asked_where_it_matters(ev):
    # 2024-06-01: the special amount (30,835,700) is below the announced one (35,240,800)
    case = make(employer={"size": "mid", "capital_region": DELETE}, position={"annual_salary_krw": 40_000_000})
    _, found = findings(ev, case, D(2024, 6, 1))
    assert found["salary.sme-eligibility"].severity == "needs_information"
    _, found = findings(ev, case)  # 2026-07-01: the special amount is above the announced one
    assert "salary.sme-eligibility" not in found


def test_start_up_without_revenue(ev):
    young = make(employer={"annual_revenue_krw": 0, "founded_on": D(2022, 1, 1)})
    _, found = findings(ev, young)
    assert "employer.no-revenue" not in found
    old = make(employer={"annual_revenue_krw": 0, "founded_on": D(2020, 1, 1)})
    _, found = findings(ev, old)
    assert found["employer.no-revenue"].severity == "risk"
    unknown = make(employer={"annual_revenue_krw": 0})
    _, found = findings(ev, unknown)
    assert found["employer.no-revenue"].severity == "needs_information"
    assert "employer.founded_on" in found["employer.no-revenue"].message


# -- documents and red flags -----------------------------------------------------------------------------


def test_income_certificate_only_for_extensions(ev):
    _, found = findings(ev, make(kind="initial", documents={"income_certificate": False}))
    assert "documents.income-certificate" not in found
    _, found = findings(ev, make(kind="extension", documents={"income_certificate": False}))
    assert found["documents.income-certificate"].severity == "blocking"


def test_manager_title_on_professional_code(ev):
    _, found = findings(ev, make(position={"job_title": "Marketing Manager"}))
    assert "documents.manager-title" in found
    _, found = findings(ev, make(position={"code": "1212", "job_title": "HR Manager"}))
    assert "documents.manager-title" not in found


def test_missing_fields_ask_for_information(ev):
    case = make(position={"annual_salary_krw": DELETE}, applicant={"experience_years": DELETE})
    decision, found = findings(ev, case)
    assert decision.outcome == "needs_information"
    assert found["salary.below-floor"].severity == "needs_information"
    assert "position.annual_salary_krw" in found["salary.below-floor"].message
    assert "applicant.experience_years" in found["qualification.e7-1-general"].message


# -- E-7-4 and E-7-S -------------------------------------------------------------------------------------

E74 = {
    "prior_status": "E-9",
    "years_on_prior_status": 5.0,
    "two_year_average_income_krw": 36_000_000,
    "employer_recommendation": True,
    "years_with_current_employer": 3.5,
    # none of the exclusions (stay manual p.303), which every E-7-4 case is asked for (issue 18)
    "fine_1m_or_more": False,
    "personal_tax_arrears": False,
    "immigration_violation_count": 0,
    "illegal_stay_months": 0,
}


def e74_case(**changes):
    base = {
        "kind": "change_of_status",
        "position": {
            "code": "S700",
            "subcategory": "E-7-4",
            "job_title": "Press operator",
            "annual_salary_krw": 36_000_000,
        },
        "applicant": {"birth_date": D(1994, 5, 1), "korean_level": 3},
        "e7_4": dict(E74),
    }
    from .cases import merge

    return make(**merge(base, changes))


def test_e7_4_pass_and_fail(ev):
    decision, found = findings(ev, e74_case())
    # income 80 + Korean 80 + age 60 (32) + employer 50 + tenure 20 = 290
    assert decision.facts["e74_total"] == 290
    assert not {k for k in found if k.startswith("points.")}
    _, found = findings(ev, e74_case(e7_4={"two_year_average_income_krw": 24_000_000}))
    assert "points.e7-4-income-minimum" in found
    _, found = findings(ev, e74_case(e7_4={"years_on_prior_status": 3.9}))
    assert "points.e7-4-eligibility" in found
    _, found = findings(ev, e74_case(kind="initial"))
    assert "points.e7-4-kind" in found
    _, found = findings(ev, e74_case(e7_4={"employer_recommendation": False}))
    assert "points.e7-4-employer-recommendation" in found


def test_e7_4_agriculture_and_fishery_income_minimum(ev):
    low = {"two_year_average_income_krw": 24_600_000}
    decision, found = findings(ev, e74_case(e7_4=low))
    assert "points.e7-4-income-minimum" in found
    decision, found = findings(ev, e74_case(e7_4={**low, "agriculture_or_fishery": True}))
    assert "points.e7-4-income-minimum" not in found
    assert decision.facts["e74_income_points"] == 50


def test_e7_4_conditional_pass_until_2026_12_31(ev):
    case = e74_case(applicant={"korean_level": 1})
    _, found = findings(ev, case, D(2026, 12, 31))
    assert found["points.e7-4-conditional"].severity == "risk" and "points.e7-4-korean" not in found
    _, found = findings(ev, case, D(2027, 1, 1))
    assert "points.e7-4-korean" in found


def test_e7_4_before_the_revised_table(ev):
    _, found = findings(ev, e74_case(), D(2024, 11, 26))
    assert "points.e7-4-table-unknown" in found
    _, found = findings(ev, e74_case(), D(2023, 9, 24))
    assert "points.e7-4-not-modelled" in found


def test_e7_s1_income_and_excluded_fields(ev):
    # 3 x GNI 2025 (52,416,000) = 157,248,000
    base = {"code": "2211", "subcategory": "E-7-S1", "job_title": "Chip architect"}
    _, found = findings(ev, make(position={**base, "annual_salary_krw": 157_248_000}))
    assert "track.s-income" not in found and "code.retired" not in found
    _, found = findings(ev, make(position={**base, "annual_salary_krw": 157_247_999}))
    assert "track.s-income" in found
    _, found = findings(ev, make(position={**base, "code": "3121", "annual_salary_krw": 200_000_000}))
    assert "track.s-excluded-field" in found
    _, found = findings(ev, make(position={**base, "annual_salary_krw": 200_000_000}), D(2022, 12, 31))
    assert "track.s-not-yet" in found


def test_e7_s2_points_and_field(ev):
    base = {"code": "2342", "subcategory": "E-7-S2", "annual_salary_krw": 60_000_000}
    _, found = findings(ev, make(position=base, e7_s={"high_tech_field": True, "points": 60}))
    assert not {k for k in found if k.startswith("track.")}
    _, found = findings(ev, make(position=base, e7_s={"high_tech_field": False, "points": 59}))
    assert {"track.s2-points", "track.s2-high-tech"} <= set(found)


def test_same_input_same_bytes(ev):
    from engine.rules.explain import to_json

    first = to_json(ev.evaluate(make(position={"annual_salary_krw": 1_000_000})))
    second = to_json(ev.evaluate(make(position={"annual_salary_krw": 1_000_000})))
    assert first == second


def test_a_template_shows_each_value_as_shown_does():
    """Template.format takes a text without a spec as it is and a text without placeholders whole: the same texts
    as showing every value through _shown."""
    from engine.rules.evaluate import Template, _shown

    class Text(str):
        def __format__(self, spec: str) -> str:
            return "formatted"

    context = {"s": "텍스트 {x}", "n": 1_234_567, "f": 0.25, "b": True, "no": False, "none": None, "t": Text("t")}
    texts = ["no placeholder", "", "{s}", "{s} and {n:,}, {f:.0%}; {b}/{no} {none} {absent} {s:>12} {n:bad}", "{t}!"]
    for text in texts:
        template = Template.of(text)
        shown = "".join(literal + _shown(context.get(name), spec) for literal, name, spec in template.pieces)
        assert template.format(context) == shown + template.tail
    assert Template.of("{t}").format(context) == "formatted"


def test_code_facts_kept_per_code_and_ruleset_follow_the_ruleset_and_keep_their_order(ev):
    """prepare keeps the facts a code and a ruleset alone decide (facts._code_tables, stay._code_routes) per pair of
    objects: a ruleset whose lists name the occupation otherwise gets its own facts, not those kept for the first,
    and the fields come in the order the fact was always built in (the order the rule engine is sent them)."""
    import attrs

    from engine.rules.facts import prepare

    case = make()
    on = case.filed_on
    ruleset = ev.rulesets.in_force(on)
    first = prepare(case, on, ev.catalogue, ruleset, ev.points)
    occupation = first.code.entry.occupation
    names = ("recommendation_for_some_cases_only", "guarantee_for_some_cases_only", "workplace_change_no_fault_only")
    changed = {}
    for name in names:
        listed = tuple(ruleset.parameters[name].value)
        value = [o for o in listed if o != occupation] if occupation in listed else [*listed, occupation]
        changed[name] = attrs.evolve(ruleset.parameters[name], value=value)
    other = attrs.evolve(ruleset, parameters={**ruleset.parameters, **changed})
    second = prepare(case, on, ev.catalogue, other, ev.points)
    for fact in ("code_recommendation_conditional", "code_guarantee_conditional", "workplace_change_no_fault_only"):
        assert second.fact[fact] is not first.fact[fact]
    assert prepare(case, on, ev.catalogue, ruleset, ev.points).fact == first.fact
    order = [
        "code_subcategory", "code_group", "code_title", "code_wage_rule", "code_qualification", "code_protected",
        "code_recommendation_required", "code_guarantee_required", "code_is_pilot", "code_has_employer_rules",
        "code_recommendation_conditional", "code_recommendation_condition", "code_recommendation_decided",
        "code_guarantee_conditional",
    ]  # fmt: skip
    kept = [name for name in first.fact if name in order]
    assert kept == order
    fields = list(first.fact)
    at = fields.index("workplace_change_procedure")
    assert fields[at : at + 3] == [
        "workplace_change_procedure", "workplace_change_no_fault_only", "workplace_change_non_capital_small_only"
    ]  # fmt: skip
    assert at < fields.index("stay_cap_years")


def test_code_routes_kept_per_parameter_follow_the_parameter(ev):
    """A code's routes are parsed and described once per parameter and key (code_routes._routes_described): a
    parameter with other routes for the same occupation gets its own, not those kept for the first."""
    import attrs

    from engine.rules.code_routes import PARAMETER, Route, code_route_facts, routes_of

    ruleset = ev.rulesets.in_force(D(2026, 7, 1))
    table = ruleset.parameters[PARAMETER]
    occupation = next(k for k in table.value if "/" not in k)
    case = make()
    first: dict = {}
    code_route_facts(occupation, case.applicant, case.documents, ruleset.parameters, first, {})
    assert routes_of(occupation, ruleset.parameters) == [Route.parse(r) for r in table.value[occupation]]
    other = {PARAMETER: attrs.evolve(table, value={**table.value, occupation: [{"education": "doctorate"}]})}
    assert routes_of(occupation, other) == [Route("doctorate")]
    second: dict = {}
    code_route_facts(occupation, case.applicant, case.documents, other, second, {})
    assert second["code_routes"] == "(1) a doctorate or higher" != first["code_routes"]
    again: dict = {}
    code_route_facts(occupation, case.applicant, case.documents, ruleset.parameters, again, {})
    assert again == first


def test_a_needed_field_given_as_none_counts_as_absent(ev, monkeypatch):
    """A decision finds the needed fields a fact lacks by a set difference, and looks for a None only where the
    fact holds one: a field set to None asks for its input as a field left out does."""
    import attrs

    from engine.rules import evaluate as evaluate_module

    case = make(position={"annual_salary_krw": None})
    left_out = ev.evaluate(case)
    assert "annual_salary_krw" not in left_out.facts
    prepare = evaluate_module.prepare

    def with_none(*args, **kwargs):
        prepared = prepare(*args, **kwargs)
        return attrs.evolve(prepared, fact={**prepared.fact, "annual_salary_krw": None})

    monkeypatch.setattr(evaluate_module, "prepare", with_none)
    given_none = ev.evaluate(case)
    assert given_none.facts["annual_salary_krw"] is None
    asked = [f.rule for f in left_out.findings if f.severity == "needs_information"]
    assert asked and [f.rule for f in given_none.findings if f.severity == "needs_information"] == asked
