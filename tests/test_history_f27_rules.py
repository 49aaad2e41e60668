"""The F-2-7 part of the history planner as data (issue 14, issue 18): what would raise the points read from the
points table's [[raises]], and the F-2-7 rules of the history ruleset added for the coverage of the stay
manual's F-2-7 section (pp.351-375), each on both sides of its threshold, through `e7 history`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .conftest import ROOT

SHORT = ROOT / "examples" / "histories" / "business-manager-f27-short.toml"
TABLE = Path("rulesets") / "points" / "f2-7-2026-06-17.toml"


def _history(path: Path) -> dict[str, Any]:
    import tomllib

    return json.loads(json.dumps(tomllib.loads(path.read_text(encoding="utf-8")), default=str))


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


# -- what would raise the points: the table's [[raises]] -----------------------------------------------------


def test_what_would_raise_the_points_follows_the_tables_raises(checker):
    f27 = checker.check(history_from_data(_history(SHORT), "short"), "short").f27
    assert f27 is not None
    assert [(r.item, r.then) for r in f27.to_raise] == [
        ("income", 50_000_000),
        ("korean", 4),
        ("bonus", True),
        ("bonus", 1),
        ("age", 39),
    ]
    income = f27.to_raise[0]
    assert income.how == "a certified income of 50,000,000 KRW (6,500,000 more) on the latest income certificate"
    assert (income.points_now, income.points_then, income.total_then, income.passes_then) == (40, 45, 82, True)


def test_a_raise_taken_out_of_the_table_is_no_longer_suggested(data_copy):
    path = data_copy / TABLE
    text = path.read_text(encoding="utf-8")
    entry = (
        '[[raises]]\nitem = "korean"\nstep = "next_band"\nhow = "TOPIK level / KIIP stage {then}"\n'
        'how_ko = "TOPIK {then}급 / 사회통합프로그램 {then}단계"\n'
    )
    assert entry in text
    reworded = text.replace(entry, "").replace("on the latest income certificate", "(latest certificate)")
    path.write_text(reworded, encoding="utf-8")
    checker = HistoryChecker(Evaluator(locate(str(data_copy))))
    f27 = checker.check(history_from_data(_history(SHORT), "short"), "short").f27
    assert f27 is not None and "korean" not in {r.item for r in f27.to_raise}
    assert f27.to_raise[0].how == "a certified income of 50,000,000 KRW (6,500,000 more) (latest certificate)"


@pytest.mark.parametrize(
    ("item", "step", "field"),
    [("no_such_item", "next_band", "raises[0].item"), ("kiip_stage_5", "next_band", "raises[0].item")],
)
def test_a_raise_naming_no_item_fit_for_its_step_is_refused_in_one_line(data_copy, e7, item, step, field):
    path = data_copy / TABLE
    text = path.read_text(encoding="utf-8")
    first = text.index("[[raises]]")
    path.write_text(text[:first] + f'[[raises]]\nitem = "{item}"\nstep = "{step}"\nhow = "x"\n\n' + text[first:])
    result = e7("--data", str(data_copy), "history", str(SHORT))
    assert result.code == 2 and field in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_unknown_raise_step_is_refused_naming_the_steps(data_copy, e7):
    path = data_copy / TABLE
    path.write_text(path.read_text(encoding="utf-8").replace('step = "set_true"', 'step = "set"'), encoding="utf-8")
    result = e7("--data", str(data_copy), "history", str(SHORT))
    assert result.code == 2 and "step" in result.err and "'set_true'" in result.err
    assert re.search(r"raises\[\d\]\.step", result.err)


def test_the_age_raise_holds_only_within_a_year_of_the_birthday(checker):
    """Applying before the birthday that moved the age band down: 40 on 2027-04-05 (born 1987-03-15)."""
    data = _history(SHORT)
    f27 = checker.check(history_from_data(data, "short"), "short").f27
    assert f27 is not None and ("age", 39) in {(r.item, r.then) for r in f27.to_raise}
    data["plan"]["f27_on"] = "2028-03-14"  # still 40: the 40th birthday is 365 days back, a band lower than 39
    later = checker.check(history_from_data(data, "later"), "later").f27
    assert later is not None and ("age", 39) in {(r.item, r.then) for r in later.to_raise}
    data["plan"]["f27_on"] = "2028-03-15"  # 41: a year less is 40, the same band: nothing to gain
    latest = checker.check(history_from_data(data, "latest"), "latest").f27
    assert latest is not None and "age" not in {r.item for r in latest.to_raise}


# -- the other routes (pp.369-370), the law-abiding citizen course (p.372), the volunteering record (p.374) ------

WORKER: dict[str, Any] = {
    "id": "w",
    "person": {"birth_date": "1992-05-01", "education": "master", "stem_or_two_degrees": True, "korean_level": 5},
    "stays": [{"code": "2211", "subcategory": "E-7-1", "from": "2025-06-02", "until": "2027-06-01",
               "employer": "A", "annual_salary_krw": 39_000_000, "duties_documented": True}],
    "income": [{"year": 2026, "certified_krw": 39_000_000}],
    "plan": {"f27_on": "2027-04-01"},
}  # fmt: skip


def _f27(checker: HistoryChecker, data: dict[str, Any]) -> Any:
    f27 = checker.check(history_from_data(data, "w.json"), "w.json").f27
    assert f27 is not None
    return f27


def _rules(f27: Any) -> set[str]:
    return {f.rule for f in f27.findings}


def test_under_3_years_on_the_professionals_route_alone_is_ineligible(checker):
    f27 = _f27(checker, WORKER)
    assert f27.eligible is False and "history.f27-continuous-stay" in _rules(f27)
    assert next(f for f in f27.findings if f.rule == "history.f27-continuous-stay").severity == "blocking"


def test_a_listed_companys_professional_needs_no_3_years(checker, e7, tmp_path):
    f27 = _f27(checker, WORKER | {"f27": {"employer_listed": True}})
    assert f27.eligible is True and f27.waiver == "other_route"
    assert "history.f27-route-listed-company" in _rules(f27)
    stay = next(f for f in f27.findings if f.rule == "history.f27-continuous-stay")
    assert stay.severity == "advice" and "route 1" in stay.message
    path = tmp_path / "w.json"
    path.write_text(json.dumps(WORKER | {"f27": {"employer_listed": True}}), encoding="utf-8")
    assert "Eligible: yes: on another route" in e7("history", str(path)).out


def test_a_listed_company_does_not_open_route_1_to_a_code_outside_the_managers_and_professionals(checker):
    e72 = WORKER | {"f27": {"employer_listed": True}}
    e72["stays"] = [WORKER["stays"][0] | {"code": "3922", "subcategory": "E-7-2"}]
    f27 = _f27(checker, e72)
    assert f27.eligible is False and "history.f27-route-listed-company" not in _rules(f27)
    assert "history.f27-current-stay" in _rules(f27)  # E-7-2 is excluded from the professionals' route


@pytest.mark.parametrize(("certified", "open_"), [(78_624_000, True), (78_623_999, False)])
def test_a_promising_industry_opens_route_2_at_1_5_times_gni(checker, certified, open_):
    """1.5 x the 2025 GNI per capita (52,416,000, the latest e7 holds on 2027-04-01) = 78,624,000."""
    e72 = WORKER | {"f27": {"high_tech_field": True}, "income": [{"year": 2026, "certified_krw": certified}]}
    e72["stays"] = [WORKER["stays"][0] | {"code": "3922", "subcategory": "E-7-2", "annual_salary_krw": certified}]
    f27 = _f27(checker, e72)
    assert ("history.f27-route-promising-industry" in _rules(f27)) is open_
    assert ("history.f27-current-stay" in _rules(f27)) is not open_
    assert f27.eligible is open_


def test_route_2_needs_the_income_certificate_of_the_previous_year(checker):
    old = WORKER | {"f27": {"high_tech_field": True}, "income": [{"year": 2025, "certified_krw": 90_000_000}]}
    assert "history.f27-route-promising-industry" not in _rules(_f27(checker, old))


@pytest.mark.parametrize(("degree_on", "open_"), [("2022-04-02", True), ("2022-04-01", False)])
def test_a_korean_graduate_degree_opens_route_4_for_5_years(checker, degree_on, open_):
    f27 = _f27(checker, WORKER | {"f27": {"korean_graduate_degree_on": degree_on}})
    assert ("history.f27-route-study-talent" in _rules(f27)) is open_
    assert f27.eligible is open_


@pytest.mark.parametrize(("degree", "open_"), [("korean_university_bachelor", True), ("top_university_master", False)])
def test_a_korean_war_participant_countrys_talent_with_a_korean_degree_opens_route_4(checker, degree, open_):
    inputs = {"korean_war_participant_country_talent": True, "central_agency_recommendation": True, degree: True}
    f27 = _f27(checker, WORKER | {"f27": inputs})
    assert ("history.f27-route-korean-war-talent" in _rules(f27)) is open_


@pytest.mark.parametrize(("on", "due"), [("2017-04-02", True), ("2017-04-01", False)])
def test_a_violation_within_10_years_makes_the_law_abiding_course_due(checker, on, due):
    conduct = {"immigration_violations": [{"on": on, "notified_fine_krw": 100_000}]}
    f27 = _f27(checker, WORKER | {"conduct": conduct, "f27": {"employer_listed": True}})
    assert ("history.f27-law-abiding-course" in _rules(f27)) is due
    assert f27.eligible is True  # the course is due, not a bar


@pytest.mark.parametrize(
    ("years", "sessions", "hours", "backed"),
    [(3, 18, 150, True), (3, 18, 149, False), (2, 11, 100, False), (2, 12, 100, True), (1, 6, 49, False)],
)
def test_the_volunteering_bonus_is_checked_against_its_sessions_and_hours(checker, years, sessions, hours, backed):
    inputs = {"volunteering_years": years, "volunteering_sessions": sessions, "volunteering_hours": hours}
    f27 = _f27(checker, WORKER | {"f27": inputs})
    found = [f for f in f27.findings if f.rule == "history.f27-volunteering-record"]
    assert (not found) is backed
    assert all(f.severity == "risk" for f in found)


def test_without_sessions_and_hours_the_volunteering_years_are_taken_as_declared(checker):
    f27 = _f27(checker, WORKER | {"f27": {"volunteering_years": 3}})
    assert "history.f27-volunteering-record" not in _rules(f27)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("volunteering_hours", -1, "f27.volunteering_hours"),
        ("korean_graduate_degree_on", "2022-02-30", "f27.korean_graduate_degree_on"),
        ("employer_listed", "yes", "f27.employer_listed"),
    ],
)
def test_a_bad_f27_input_is_one_line_naming_the_file_and_field(e7, tmp_path, field, value, expected):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(WORKER | {"f27": {field: value}}), encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and expected in result.err and "bad.json" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("recommended", [True, False])
def test_potential_talent_f2_7s_needs_neither_the_3_years_nor_the_points(checker, recommended):
    """An E-7-2 holder 60 points short: with the degree and the president's recommendation, F-2-7S is open."""
    inputs = {"science_graduate_degree": True, "president_recommendation": recommended}
    e72 = WORKER | {"f27": inputs, "person": WORKER["person"] | {"korean_level": 0, "education": "bachelor"}}
    e72["stays"] = [WORKER["stays"][0] | {"code": "3922", "subcategory": "E-7-2"}]
    f27 = _f27(checker, e72)
    assert f27.total < f27.pass_mark
    points = next(f for f in f27.findings if f.rule == "history.f27-points")
    assert ("history.f27-route-potential-talent" in _rules(f27)) is recommended
    assert points.severity == ("advice" if recommended else "blocking")
    assert f27.eligible is recommended


@pytest.mark.parametrize(
    ("inputs", "needed"),
    [
        ({"born_in_korea": False, "criminal_record_filed_before": False, "visa_record_within_3_months": False}, True),
        ({"born_in_korea": True, "criminal_record_filed_before": False, "visa_record_within_3_months": False}, False),
        ({"born_in_korea": True, "six_months_abroad": True, "visa_record_within_3_months": False}, True),
        ({"born_in_korea": False, "criminal_record_filed_before": False, "visa_record_within_3_months": True}, False),
        ({}, False),  # not given: nothing is said
    ],
)
def test_the_foreign_criminal_record_certificate_unless_exempt(checker, inputs, needed):
    f27 = _f27(checker, WORKER | {"f27": inputs})
    assert ("history.f27-criminal-record-certificate" in _rules(f27)) is needed


@pytest.mark.parametrize(("issued_on", "expired"), [("2027-01-01", False), ("2026-12-31", True)])
def test_documents_issued_abroad_are_valid_3_months_from_issue(checker, issued_on, expired):
    """Valid until the same day 3 months later: issued 2027-01-01, valid through 2027-04-01, the application date."""
    f27 = _f27(checker, WORKER | {"f27": {"foreign_documents_issued_on": issued_on}})
    found = [f for f in f27.findings if f.rule == "history.f27-foreign-documents"]
    assert bool(found) is expired
    assert all(f.severity == "risk" for f in found)


def test_documents_issued_abroad_need_an_apostille_and_a_translation(checker):
    given = {"foreign_documents_legalised": False, "foreign_documents_translated": False}
    f27 = _f27(checker, WORKER | {"f27": given})
    messages = [f.message for f in f27.findings if f.rule == "history.f27-foreign-documents"]
    assert len(messages) == 2 and any("apostille" in m for m in messages) and any("translation" in m for m in messages)
    done = _f27(checker, WORKER | {"f27": {"foreign_documents_legalised": True, "foreign_documents_translated": True}})
    assert "history.f27-foreign-documents" not in _rules(done)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [("2026-01-10", 3, "2026-04-10"), ("2026-11-30", 3, "2027-02-28"), ("2027-11-30", 3, "2028-02-29"),
     ("2026-10-31", 3, "2027-01-31")],
)  # fmt: skip
def test_the_same_day_months_later_or_the_last_day_of_that_month(start, months, expected):
    from engine.history.calculations import add_months

    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)
