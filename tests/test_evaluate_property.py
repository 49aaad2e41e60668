"""Properties of evaluation over generated cases."""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from engine.core.case import case_from_data
from engine.data.folders import locate
from engine.rules.decision import outcome_of
from engine.rules.evaluate import Evaluator

EV = Evaluator(locate(None))
CODES = sorted({c.code for s in EV.catalogue for c in s.codes})


def maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def cases(draw):
    def section(fields):
        out = {}
        for name, strategy in fields.items():
            value = draw(maybe(strategy))
            if value is not None:
                out[name] = value
        return out

    filed = draw(st.dates(min_value=dt.date(2022, 7, 1), max_value=dt.date(2027, 12, 31)))
    duties = draw(maybe(st.integers(1, 4)))
    position = {"code": draw(st.sampled_from(CODES))}
    position.update(
        section(
            {
                "subcategory": st.sampled_from(["E-7-1", "E-7-2", "E-7-3", "E-7-4", "E-7-S1", "E-7-S2"]),
                "job_title": st.sampled_from(["Engineer", "Marketing Manager", "요리사", "매니저"]),
                "annual_salary_krw": st.integers(0, 300_000_000),
                "weekly_hours": st.integers(1, 84),
            }
        )
    )
    if duties:
        shares = [100 // duties] * duties
        shares[0] += 100 - sum(shares)
        position["duties"] = [{"task": f"task {i}", "share": s} for i, s in enumerate(shares)]
    data = {
        "id": "generated",
        "filed_on": filed,
        "position": position,
        "applicant": section(
            {
                "birth_date": st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2004, 1, 1)),
                "education": st.sampled_from(["none", "high_school", "associate", "bachelor", "master", "doctorate"]),
                "degree_related": st.booleans(),
                "experience_years": st.floats(0, 40, allow_nan=False),
                "korean_level": st.integers(0, 6),
                "prior_e7_years": st.floats(0, 20, allow_nan=False),
            }
        ),
        "employer": section(
            {
                "size": st.sampled_from(["large", "mid", "sme", "venture", "non_profit", "public"]),
                "capital_region": st.booleans(),
                "domestic_employees": st.integers(0, 500),
                "foreign_employees": st.integers(0, 100),
                "annual_revenue_krw": st.integers(0, 10**11),
                "mainly_domestic_sales": st.booleans(),
                "tax_arrears": st.booleans(),
            }
        ),
        "documents": section(
            {name: st.booleans() for name in ("contract_lists_duties", "income_certificate", "guarantee")}
        ),
    }
    kind = draw(maybe(st.sampled_from(["initial", "extension", "change_of_workplace", "change_of_status"])))
    if kind:
        data["kind"] = kind
    if draw(st.booleans()):
        data["e7_4"] = section(
            {
                "years_on_prior_status": st.floats(0, 10, allow_nan=False),
                "two_year_average_income_krw": st.integers(0, 80_000_000),
                "employer_recommendation": st.booleans(),
            }
        )
    if draw(st.booleans()):
        data["e7_s"] = section({"high_tech_field": st.booleans(), "points": st.integers(0, 120)})
    return case_from_data(data, "generated")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_any_valid_case_evaluates_and_the_outcome_follows_the_findings(case):
    decision = EV.evaluate(case)
    assert decision.outcome == outcome_of(decision.findings)
    for finding in decision.findings:
        assert finding.rule and finding.citation.source and finding.message
        assert finding.severity in ("blocking", "risk", "advice", "needs_information")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), raise_by=st.integers(1, 200_000_000))
def test_raising_only_the_salary_never_adds_a_salary_finding(case, raise_by):
    salary = case.position.annual_salary_krw
    assume(salary is not None)
    higher = attrs.evolve(case, position=attrs.evolve(case.position, annual_salary_krw=salary + raise_by))
    before = {(f.rule, f.severity) for f in EV.evaluate(case).findings if f.topic == "salary"}
    after = {(f.rule, f.severity) for f in EV.evaluate(higher).findings if f.topic == "salary"}
    assert after <= before
