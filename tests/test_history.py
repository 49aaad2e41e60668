"""`e7 history`: stays checked as of their start, gaps, overlaps, code changes, income, renewal and F-2-7."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from engine.data.folders import DataDir, locate
from engine.history import F27Inputs, HistoryChecker, HistoryReport, history_from_data
from engine.rules.evaluate import Evaluator
from engine.rules.points import PointsTables, score

from .conftest import ROOT

EXAMPLES = sorted((ROOT / "examples" / "histories").glob("*.toml"))


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


def stay(code: str, start: str, until: str | None, salary: int = 45_000_000, **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"code": code, "subcategory": more.pop("subcategory", "E-7-1"), "from": start}
    if until is not None:
        data["until"] = until
    data["annual_salary_krw"] = salary
    data["duties_documented"] = more.pop("duties_documented", True)
    data.update(more)
    return data


def history(stays: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    person = {"birth_date": "1992-04-10", "education": "master", "stem_or_two_degrees": True, "korean_level": 4}
    person.update(more.pop("person", {}))
    return {"id": "t", "person": person, "stays": stays, **more}


def check(checker: HistoryChecker, data: dict[str, Any]) -> HistoryReport:
    return checker.check(history_from_data(json.loads(json.dumps(data)), "test.json"), "test.json")


def rules(findings) -> set[str]:
    return {f.rule for f in findings}


# -- the examples ----------------------------------------------------------------------------------------


def header(path: Path) -> tuple[str, set[str]]:
    text = path.read_text(encoding="utf-8")
    outcome = re.search(r"Expected outcome:\s*(\w+)", text)
    found = re.search(r"Expected findings:\s*(.+)", text)
    assert outcome and found, f"{path.name}: expected the 'Expected outcome' and 'Expected findings' comment lines"
    listed = found.group(1).strip()
    return outcome.group(1), set() if listed == "none" else {r.strip() for r in listed.split(",")}


def test_there_are_the_examples_the_issue_asks_for():
    names = {p.stem for p in EXAMPLES}
    assert len(EXAMPLES) >= 5
    for part in ("clean", "renumbered", "income-shortfall", "undocumented", "f27-passes", "f27-short"):
        assert any(part in name for name in names), part


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_outcome_and_findings(e7, path):
    outcome, expected = header(path)
    result = e7("history", str(path), "--format", "json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["outcome"] == outcome, [f["rule"] for f in data["findings"]]
    assert expected <= {f["rule"] for f in data["findings"]}
    if outcome == "ready":
        assert not [f for f in data["findings"] if f["severity"] != "advice"]


HAND = re.compile(
    r"F-2-7 hand computation: age (\d+) \+ education (\d+) \+ korean (\d+) \+ income (\d+) \+ bonus (\d+) "
    r"\+ deduction (-?\d+) = (\d+) \(pass mark (\d+)\)"
)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_f27_points_match_the_hand_computation_beside_them(e7, path):
    text = path.read_text(encoding="utf-8")
    data = e7("history", str(path), "--format", "json").json()
    match = HAND.search(text)
    if data["f27"] is None:
        assert match is None
        return
    assert match, f"{path.name}: plans F-2-7 but has no 'F-2-7 hand computation' comment"
    age, education, korean, income, bonus, deduction, total, pass_mark = (int(g) for g in match.groups())
    assert age + education + korean + income + bonus + deduction == total  # the comment adds up
    f27 = data["f27"]
    assert f27["items"] == {
        "age": age,
        "education": education,
        "korean": korean,
        "income": income,
        "bonus": bonus,
        "deduction": deduction,
    }
    assert f27["total"] == total and f27["pass_mark"] == pass_mark
    assert f27["passes"] == (total >= pass_mark)


def test_the_example_that_misses_f27_says_what_would_raise_it(e7):
    data = e7("history", str(ROOT / "examples/histories/business-manager-f27-short.toml"), "--format", "json").json()
    f27 = data["f27"]
    assert f27["total"] == 77 and not f27["passes"] and f27["eligible"] is True
    raises = {(r["item"], r["then"]): r for r in f27["to_raise"]}
    assert raises[("income", 50_000_000)]["total_then"] == 82 and raises[("income", 50_000_000)]["passes_then"]
    assert raises[("korean", 4)]["gain"] == 5
    assert raises[("age", 39)]["total_then"] == 85  # applying before the 40th birthday
    assert "history.f27-points" in {f["rule"] for f in f27["findings"]}


# -- the JSON contract and the command -------------------------------------------------------------------


def test_json_shape(e7):
    data = e7("history", str(ROOT / "examples/histories/pr-specialist-2733-renumbered.toml"), "--format", "json").json()
    assert {"stays", "renewal", "f27"} <= set(data)
    assert {"on", "outcome", "findings"} <= set(data["renewal"])
    first = data["stays"][0]
    assert {"code", "subcategory", "from", "until", "findings"} <= set(first)
    finding = data["renewal"]["findings"][0]
    assert {"rule", "topic", "severity", "message", "citation", "evidence"} <= set(finding)
    assert finding["topic"] == "history" and finding["citation"]["pages"]
    f27 = e7("history", str(ROOT / "examples/histories/data-scientist-f27-passes.toml"), "--format", "json").json()
    assert {"on", "eligible", "total", "pass_mark", "passes", "items", "to_raise"} <= set(f27["f27"])
    assert set(f27["f27"]["items"]) == {"age", "education", "korean", "income", "bonus", "deduction"}
    assert f27["f27"]["details"]["age"]["source"]["pages"] == "373"


@pytest.mark.parametrize("form", ["text", "json", "markdown"])
def test_every_format_runs_and_is_the_same_twice(e7, form):
    path = str(ROOT / "examples/histories/business-manager-f27-short.toml")
    first = e7("history", path, "--format", form)
    second = e7("history", path, "--format", form)
    assert first.code == 0 and first.out == second.out
    assert "77" in first.out


def test_text_reads_top_to_bottom(e7):
    out = e7("history", str(ROOT / "examples/histories/chef-441-becomes-451.toml")).out
    # the verdict lines come first (one per part of the plan), then the sections in reading order
    assert out.index("\nStays: ") < out.index("\nRenewal on 2026-12-28: ") < out.index("\nStays, each checked")
    sections = ["\nStays, each checked", "\nIncome", "\nRenewal on 2026-12-28 (", "\nFindings"]
    assert [out.index(s) for s in sections] == sorted(out.index(s) for s in sections)
    assert "File under: 451" in out


# -- stays checked as of their start ---------------------------------------------------------------------


def test_a_stay_under_a_code_not_yet_listed_on_its_start_date(checker):
    report = check(checker, history([stay("S85411", "2025-03-03", "2027-03-02", 30_000_000, subcategory="E-7-3")]))
    assert "code.not-yet-listed" in rules(report.stays[0].findings)
    assert report.outcome == "ineligible"
    # the same code from its first listing on is fine
    later = check(checker, history([stay("S85411", "2025-10-01", "2027-09-30", 30_000_000, subcategory="E-7-3")]))
    assert "code.not-yet-listed" not in rules(later.stays[0].findings)


def test_a_new_stay_under_the_old_number_after_the_renumbering_is_refused(checker):
    report = check(checker, history([stay("2733", "2026-10-05", "2028-10-04")]))
    assert "code.renumbered" in rules(report.stays[0].findings)


def test_salary_checked_against_the_floor_in_force_on_the_stay_start(checker):
    # 30,000,000 was enough for E-7-1 under the 2025-04-01 amount (28,670,000), not under 2026's (31,120,000)
    before = check(checker, history([stay("2224", "2025-06-02", "2026-06-01", 30_000_000)]))
    after = check(checker, history([stay("2224", "2026-03-02", "2027-03-01", 30_000_000)]))
    assert before.stays[0].wage_floor_krw == 28_670_000 and not before.stays[0].findings
    assert after.stays[0].wage_floor_krw == 31_120_000
    assert "salary.below-floor" in rules(after.stays[0].findings)


def test_a_stay_before_the_first_snapshot_is_reported_not_guessed(checker):
    report = check(checker, history([stay("2223", "2022-03-01", "2024-02-29"), stay("2223", "2024-03-01", None)]))
    assert "history.before-catalogue" in rules(report.stays[0].findings)
    assert report.stays[0].snapshot is None
    assert report.stays[1].snapshot is not None


# -- between stays ---------------------------------------------------------------------------------------


def test_overlapping_stays_are_a_finding_not_a_crash(checker, e7, tmp_path):
    data = history([stay("2224", "2024-06-03", "2025-06-30"), stay("2224", "2025-06-01", "2026-05-31")])
    report = check(checker, data)
    overlap = [f for f in report.findings if f.rule == "history.overlap"]
    assert overlap and overlap[0].evidence["days"] == 30
    path = tmp_path / "overlap.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert e7("history", str(path)).code == 0


def test_a_gap_is_reported_and_breaks_f27_continuity(checker):
    data = history(
        [stay("2224", "2023-09-04", "2025-03-31"), stay("2224", "2025-05-01", "2027-04-30")],
        income=[{"year": 2025, "certified_krw": 39_000_000}],
        plan={"f27_on": "2026-11-02"},
    )
    report = check(checker, data)
    gap = [f for f in report.findings if f.rule == "history.gap"]
    assert gap and gap[0].evidence["days"] == 30
    assert report.f27 is not None and report.f27.continuous_since == dt.date(2025, 5, 1)
    assert report.f27.eligible is False
    assert "history.f27-continuous-stay" in rules(report.f27.findings)


def test_a_renumbering_is_not_a_change_of_code(checker):
    data = history(
        [stay("2733", "2024-09-02", "2026-09-30", duties_documented=False), stay("2833", "2026-10-01", None)]
    )
    data["stays"][1]["duties_documented"] = False
    report = check(checker, data)
    assert "history.code-change-duties" not in rules(report.findings)
    assert report.stays[1].renumbered_from == "2733"


def test_a_code_number_reused_for_another_occupation_is_a_change(checker):
    chef = stay("441", "2025-02-03", "2026-09-30", 30_000_000, subcategory="E-7-2")
    transport = stay("441", "2026-10-01", "2028-09-30", 30_000_000, subcategory="E-7-2", duties_documented=False)
    report = check(checker, history([chef, transport]))
    change = [f for f in report.findings if f.rule == "history.code-change-duties"]
    assert change and change[0].severity == "risk"
    assert "reused for another occupation" in change[0].message


def test_a_change_of_occupation_needs_documented_duties(checker):
    base = [stay("2742", "2024-09-02", "2025-08-31"), stay("2715", "2025-09-01", "2027-08-31")]
    documented = check(checker, history(base))
    assert "history.code-change-duties" not in rules(documented.findings)
    del base[1]["duties_documented"]
    unknown = check(checker, history(base))
    found = [f for f in unknown.findings if f.rule == "history.code-change-duties"]
    assert found[0].severity == "needs_information" and found[0].missing == ("stays[1].duties_documented",)


# -- income ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("certified", "severity"),
    [(36_000_000, None), (32_400_000, None), (32_399_999, "risk"), (31_119_999, "blocking")],
)
def test_income_shortfall_beyond_ten_percent_is_a_risk_below_the_floor_blocking(checker, certified, severity):
    # the whole of 2027 in a stay that started under the 2026 E-7-1 amount (31,120,000 since 2026-02-01)
    data = history(
        [stay("2224", "2026-02-02", "2028-02-01", 36_000_000)],
        income=[{"year": 2027, "certified_krw": certified}],
    )
    report = check(checker, data)
    income = report.income[0]
    assert income.declared_krw == 36_000_000
    found = [f.severity for f in income.findings if f.rule == "history.income-shortfall"]
    assert found == ([] if severity is None else [severity])


def test_renewal_needs_the_income_certificate_of_the_previous_year(checker):
    data = history([stay("2224", "2025-03-03", "2027-03-02")], plan={"renewal_on": "2026-12-01"})
    report = check(checker, data)
    assert report.renewal is not None
    assert "history.renewal-income-certificate" in rules(report.renewal.findings)
    data["income"] = [{"year": 2025, "certified_krw": 20_000_000}]
    report = check(checker, data)
    assert "history.renewal-income-certificate" not in rules(report.renewal.findings)
    assert "history.income-shortfall" in rules(report.renewal.findings)  # the certificate the officer will see


# -- renewal ---------------------------------------------------------------------------------------------


def test_renewal_after_the_renumbering_files_under_the_new_code(checker):
    data = history(
        [stay("2733", "2024-09-02", "2027-01-31")],
        income=[{"year": 2025, "certified_krw": 45_000_000}],
        plan={"renewal_on": "2026-09-01"},
    )
    after = check(checker, data)
    assert after.renewal is not None and after.renewal.file_under == "2833"
    assert "history.renewal-new-code" in rules(after.renewal.findings)
    assert "code.renumbered" not in rules(after.renewal.findings)
    data["plan"] = {"renewal_on": "2026-08-31"}
    before = check(checker, data)
    assert before.renewal is not None and before.renewal.file_under == "2733"
    assert before.renewal.outcome == "ready"


HYPOTHETICAL = ROOT / "examples" / "notices" / "hypothetical" / "2026-12-01-hypothetical-retire-s2955.toml"


@pytest.fixture
def retired_data(e7, data_copy) -> Path:
    """A copy of the data with the hypothetical notice retiring S2955 on 2026-12-01 (successor 295)."""
    result = e7("--data", str(data_copy), "catalogue", "import", str(HYPOTHETICAL))
    assert result.code == 0, result.err
    return data_copy


def test_renewal_after_a_retirement_gives_code_retired_with_the_successor(e7, retired_data):
    path = ROOT / "examples" / "histories" / "film-designer-retired-code.toml"
    shipped = e7("history", str(path), "--format", "json").json()["renewal"]
    assert shipped["file_under"] == "S2955" and shipped["outcome"] == "at_risk"
    result = e7("--data", str(retired_data), "history", str(path), "--format", "json")
    assert result.code == 0, result.err
    renewal = result.json()["renewal"]
    assert renewal["catalogue"]["snapshot"] == "2026-12-01"
    assert renewal["outcome"] == "ineligible"
    assert renewal["file_under"] is None and renewal["successor"] == "295"
    retired = [f for f in renewal["findings"] if f["rule"] == "code.retired"]
    assert retired and "hypothetical-retire-s2955" in retired[0]["message"]


def test_moving_to_the_successor_of_a_retired_code_is_a_change_of_occupation(retired_data):
    checker = HistoryChecker(Evaluator(locate(str(retired_data))))
    data = history(
        [stay("S2955", "2026-09-07", "2026-12-31"), stay("295", "2027-01-04", None, duties_documented=False)]
    )
    report = check(checker, data)
    assert "history.code-change-duties" in rules(report.stays[1].findings)
    # a new stay under the retired code is refused on its start date
    late = check(checker, history([stay("S2955", "2026-12-07", None)]))
    assert "code.retired" in rules(late.stays[0].findings)


def test_renewal_checks_the_latest_salary_against_the_amount_then(checker):
    data = history(
        [stay("2224", "2025-06-02", "2027-06-01", 30_000_000)],
        income=[{"year": 2025, "certified_krw": 17_600_000}],
        plan={"renewal_on": "2026-12-01"},
    )
    report = check(checker, data)
    assert report.renewal is not None and report.renewal.wage_floor_krw == 31_120_000
    assert "salary.below-floor" in rules(report.renewal.findings)
    assert report.renewal.outcome == "ineligible"


# -- F-2-7 -----------------------------------------------------------------------------------------------


def f27(checker: HistoryChecker, on: str, birth: str = "1992-04-10", **more: Any):
    stays = more.pop("stays", [stay("2224", "2022-07-04", None)])
    income = more.pop("income", [{"year": int(on[:4]) - 1, "certified_krw": 62_000_000}])
    data = history(stays, income=income, plan={"f27_on": on}, person={"birth_date": birth, **more.pop("person", {})})
    data.update(more)
    report = check(checker, data)
    assert report.f27 is not None
    return report.f27


@pytest.mark.parametrize(
    ("birth", "on", "age", "points"),
    [
        ("1997-03-01", "2027-02-28", 29, 25),  # the day before the 30th birthday
        ("1997-03-01", "2027-03-01", 30, 23),  # on the birthday: the new age counts
        ("1992-07-15", "2027-07-14", 34, 23),
        ("1992-07-15", "2027-07-15", 35, 20),
        ("1987-01-20", "2027-01-19", 39, 20),
        ("1987-01-20", "2027-01-20", 40, 12),
        ("1982-05-02", "2027-05-02", 45, 8),
        ("1976-06-30", "2027-06-29", 50, 8),
        ("1976-06-30", "2027-06-30", 51, 3),
        ("2002-03-01", "2027-03-01", 25, 25),
        ("2002-03-01", "2027-02-28", 24, 23),
        ("1992-02-29", "2027-02-28", 34, 23),  # born on 29 February: 35 from 1 March in a common year
        ("1992-02-29", "2027-03-01", 35, 20),
    ],
)
def test_age_band_is_taken_on_the_application_date(checker, birth, on, age, points):
    report = f27(checker, on, birth)
    assert report.details["age"]["value"] == age
    assert report.items["age"] == points


def test_the_age_band_change_after_the_application_date_is_advised(checker):
    report = f27(checker, "2027-06-01", "1992-07-15")  # 34 on the date, 35 on 2027-07-15
    advice = [f for f in report.findings if f.rule == "history.f27-age-band"]
    assert advice and advice[0].evidence["turns_on"] == "2027-07-15"


def test_f27_points_of_a_plain_profile(checker):
    report = f27(checker, "2027-03-01")
    assert report.items == {"age": 23, "education": 20, "korean": 15, "income": 50, "bonus": 0, "deduction": 0}
    assert report.total == 108 and report.passes and report.eligible


def test_f27_income_uses_the_latest_certificate_before_the_application_year(checker):
    income = [
        {"year": 2024, "certified_krw": 100_000_000},
        {"year": 2025, "certified_krw": 45_000_000},
        {"year": 2026, "certified_krw": 90_000_000},  # the year of the application: not yet certified
    ]
    report = f27(checker, "2026-10-01", income=income)
    assert report.details["income"]["year"] == 2025 and report.items["income"] == 40


@pytest.mark.parametrize(("certified", "points"), [(25_882_560, 10), (25_882_559, 0), (29_999_999, 10)])
def test_lowest_income_band_starts_at_the_annual_minimum_wage(checker, certified, points):
    # on 2026-10-01 the minimum wage in force is 2026's: 2,156,880 a month x 12 = 25,882,560
    report = f27(checker, "2026-10-01", income=[{"year": 2025, "certified_krw": certified}])
    assert report.items["income"] == points
    assert report.details["income"]["minimum_wage_annual_krw"] == 25_882_560


def test_lowest_income_band_without_the_minimum_wage_of_the_year_is_not_guessed(checker):
    report = f27(checker, "2027-03-01", income=[{"year": 2026, "certified_krw": 28_000_000}])
    assert report.items["income"] is None and not report.passes
    found = [f for f in report.findings if f.rule == "history.f27-points"]
    assert found and found[0].severity == "needs_information"
    assert any("minimum wage of 2027" in m for m in found[0].missing)
    # 30,000,000 or more does not need it
    report = f27(checker, "2027-03-01", income=[{"year": 2026, "certified_krw": 30_000_000}])
    assert report.items["income"] == 30


def test_f27_bonus_counts_up_to_forty(checker):
    extras = {
        "korean_war_participant_country_talent": True,
        "central_agency_recommendation": True,
        "kiip_stage_5_completed": True,
    }
    report = f27(checker, "2027-03-01", f27=extras)
    assert report.items["bonus"] == 40
    assert report.details["bonus"]["before_cap"] == 50
    assert report.total == 23 + 20 + 15 + 50 + 40


def test_f27_deductions_are_negative_items(checker):
    report = f27(checker, "2027-03-01", f27={"immigration_act_fine_krw": 1_000_000})
    assert report.items["deduction"] == -20 and report.total == 88


def test_f27_needs_an_e7_1_stay_on_the_date(checker):
    stays = [stay("441", "2024-02-05", None, 30_000_000, subcategory="E-7-2")]
    report = f27(checker, "2027-03-02", stays=stays)
    assert report.eligible is False
    assert "history.f27-current-stay" in rules(report.findings)
    ended = f27(checker, "2027-03-02", stays=[stay("2224", "2023-02-06", "2026-12-31")])
    assert ended.eligible is False


def test_f27_three_years_or_the_income_waiver(checker):
    stays = [stay("2224", "2025-01-06", None)]
    waived = f27(checker, "2027-03-02", stays=stays, income=[{"year": 2026, "certified_krw": 40_000_000}])
    assert waived.eligible is True and waived.waiver == "income"
    short = f27(checker, "2027-03-02", stays=stays, income=[{"year": 2026, "certified_krw": 39_999_999}])
    assert short.eligible is False
    blocking = [f for f in short.findings if f.rule == "history.f27-continuous-stay"]
    assert blocking[0].severity == "blocking" and blocking[0].evidence["reached_on"] == "2028-01-06"
    invitee = f27(
        checker,
        "2027-03-02",
        stays=stays,
        income=[{"year": 2026, "certified_krw": 39_999_999}],
        f27={"stem_talent_invitee_recommended": True},
    )
    assert invitee.eligible is True and invitee.waiver == "stem_talent_invitee"
    three = f27(checker, "2028-01-06", stays=stays, income=[{"year": 2027, "certified_krw": 39_999_999}])
    assert three.eligible is True and three.waiver == ""


def test_f27_before_any_table_is_not_scored(checker):
    report = f27(checker, "2026-03-02")
    assert report.total is None and report.table is None
    assert rules(report.findings) == {"history.f27-table"}


def test_f27_uses_the_table_in_force_on_the_application_date(e7, data_copy, tmp_path):
    # a later (made-up) table: only the pass mark differs
    source = data_copy / "rulesets" / "points" / "f2-7-2026-06-17.toml"
    later = source.read_text(encoding="utf-8").replace("effective = 2026-06-17", "effective = 2027-01-01")
    later = later.replace("pass_mark = 80\n", "pass_mark = 120\n", 1)
    (data_copy / "rulesets" / "points" / "f2-7-2027-01-01.toml").write_text(later, encoding="utf-8")
    data = history([stay("2224", "2022-07-04", None)], income=[{"year": 2025, "certified_krw": 62_000_000}])
    for on, table, mark in (("2026-12-31", "f2-7@2026-06-17", 80), ("2027-01-01", "f2-7@2027-01-01", 120)):
        data["plan"] = {"f27_on": on}
        path = tmp_path / f"h-{on}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        result = e7("--data", str(data_copy), "history", str(path), "--format", "json")
        assert result.code == 0, result.err
        got = result.json()["f27"]
        assert (got["table"], got["pass_mark"]) == (table, mark)


def test_f27_inputs_cover_every_bonus_and_deduction_of_the_table(data: DataDir):
    table = PointsTables(data).in_force("f2-7", dt.date(2027, 1, 1))
    fields = {f.name for f in attrs.fields(F27Inputs)}
    assert {b.input for b in table.bonus} | {d.input for d in table.deductions} <= fields


def test_bonus_cap_leaves_the_e7_4_table_alone(data: DataDir):
    table = PointsTables(data).in_force("e7-4", dt.date(2025, 1, 1))
    assert table.table.bonus_cap is None
    inputs = {
        "two_year_average_income_krw": 50_000_000,
        "korean_level": 4,
        "age": 30,
        "employer_recommendation": True,
        "central_ministry_recommendation": True,
        "years_with_current_employer": 4,
        "licence_or_korean_degree": True,
    }
    result = score(table, inputs)
    assert result.bonus == result.bonus_before_cap == sum(result.bonus_items.values()) > 40


# -- bad files -------------------------------------------------------------------------------------------

GOOD = """\
id = "bad"
[person]
birth_date = 1992-04-10
[[stays]]
code = "2224"
subcategory = "E-7-1"
from = 2024-06-03
until = 2026-06-02
annual_salary_krw = 40_000_000
"""


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        (GOOD.replace("until = 2026-06-02", "until = 2024-06-01"), "stays[0].until", "on or after from"),
        (GOOD.replace('code = "2224"', 'code = "9999"'), "stays[0].code", "on none"),
        (GOOD.replace('code = "2224"', 'code = "22x4"'), "stays[0].code", "occupation code"),
        (GOOD.replace("from = 2024-06-03", "from = 2024-02-30"), None, "stays[0].from: expected a real calendar date"),
        (GOOD.replace("from = 2024-06-03", 'from = "2024-02-30"'), "stays[0].from", "real calendar date"),
        (GOOD.replace("from = 2024-06-03\n", ""), "stays[0].from", "required"),
        (GOOD.replace("until =", "untill ="), "stays[0].untill", "unknown key (did you mean 'until'?)"),
        (GOOD.replace('subcategory = "E-7-1"', 'subcategory = "E-7-9"'), "stays[0].subcategory", "one of"),
        (GOOD.replace("birth_date = 1992-04-10", "birth_date = 2025-01-01"), "person.birth_date", "before"),
        (GOOD.replace("40_000_000", "-1"), "stays[0].annual_salary_krw", "an amount in won from 0"),
        (
            GOOD + "[[income]]\nyear = 2025\ncertified_krw = 1\n[[income]]\nyear = 2025\ncertified_krw = 2\n",
            "income[1].year",
            "each year once",
        ),
        (GOOD + "[plan]\nrenewal_on = 2020-01-01\n", "plan.renewal_on", "on or after the first stay"),
        (GOOD + '[[stays]]\ncode = "2224"\nsubcategory = "E-7-1"\nfrom = 2020-01-01\n', "stays[1].until", "end date"),
        ('id = "x"\nstays = []\n', "stays", "at least one stay"),
        (
            GOOD.replace("2024-06-03", "2021-06-03") + "[plan]\nrenewal_on = 2022-01-03\n",
            "plan.renewal_on",
            "2022-07-01",
        ),
        (GOOD + "[f27]\nvolunteering_years = -1\n", "f27.volunteering_years", "a count from 0"),
    ],
)
def test_bad_history_files_give_one_clear_message_and_exit_2(e7, tmp_path, text, field, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2, result.out
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    assert str(path) in lines[0] and expected in lines[0]
    if field:
        assert f": {field}:" in lines[0]


def test_bad_json_history_and_wrong_files(e7, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"stays": [{"code": "2224", "subcategory": "E-7-1", "from": "2024-13-01"}]}))
    result = e7("history", str(path))
    assert result.code == 2 and "stays[0].from" in result.err
    other = tmp_path / "history.yaml"
    other.write_text("stays: []")
    assert e7("history", str(other)).code == 2
    assert e7("history", str(tmp_path / "missing.toml")).code == 2
