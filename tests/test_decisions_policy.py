"""Issue 11: severities by the written policy (docs/rulesets.md), conditional requirements read from the case,
pilot periods that have passed while the code is listed, missing reference data, and errata."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from engine.data.folders import locate
from engine.rules.evaluate import Evaluator
from engine.rules.rulesets import Rulesets

from .cases import make
from .conftest import ROOT

D = dt.date


def found(ev, case, as_of=None):
    decision = ev.evaluate(case, as_of)
    return decision, {f.rule: f for f in decision.findings}


# -- severities -----------------------------------------------------------------------------------------------


def test_a_former_code_after_a_recoding_is_a_risk_with_the_fix(ev):
    ad = {"code": "2733", "job_title": "Advertising specialist", "duties": [{"task": "광고 캠페인 기획", "share": 100}]}
    _, f = found(ev, make(filed_on=D(2026, 9, 15), position=ad))
    assert f["code.renumbered"].severity == "risk"
    assert "2833" in f["code.renumbered"].fix
    _, f = found(ev, make(filed_on=D(2026, 8, 31), position=ad))  # still the listed code
    assert "code.renumbered" not in f


CHEF = {
    "code": "441",
    "subcategory": "E-7-2",
    "job_title": "Head chef",
    "annual_salary_krw": 36_000_000,
    "duties": [{"task": "Cook Thai dishes and run the restaurant kitchen as head chef", "share": 100}],
}


def test_a_reused_code_filed_for_its_former_occupation_is_blocking_naming_451(ev):
    decision, f = found(ev, make(filed_on=D(2026, 10, 1), position=CHEF))
    assert f["code.former-meaning"].severity == "blocking"
    assert "451" in f["code.former-meaning"].fix and decision.outcome == "ineligible"
    assert "code.meaning-changed" not in f
    # the same code for the occupation it now means: advice only
    crew = dict(
        CHEF, job_title="Cabin crew", duties=[{"task": "항공기 객실 승무원으로 승객 안전 및 기내 서비스", "share": 100}]
    )
    _, f = found(ev, make(filed_on=D(2026, 10, 1), position=crew))
    assert "code.former-meaning" not in f and f["code.meaning-changed"].severity == "advice"
    # before 2026-09-01, 441 meant chefs: nothing to say
    _, f = found(ev, make(filed_on=D(2026, 8, 1), position=CHEF))
    assert "code.former-meaning" not in f and "code.meaning-changed" not in f


HOTEL = {
    "code": "3922",
    "subcategory": "E-7-2",
    "job_title": "Front desk clerk",
    "annual_salary_krw": 30_000_000,
    "duties": [{"task": "호텔 고객 접수 및 예약 확인", "share": 70}, {"task": "프런트데스크 안내 서비스", "share": 30}],
}


def test_a_missing_required_recommendation_is_blocking(ev):
    decision, f = found(ev, make(position=HOTEL, documents={"recommendation_letter": False}))
    assert f["documents.recommendation"].severity == "blocking" and decision.outcome == "ineligible"
    _, f = found(ev, make(position=HOTEL))
    assert "documents.recommendation" not in f


LIFE = {"code": "2111", "job_title": "Biologist", "duties": [{"task": "생명과학 연구 및 실험", "share": 100}]}


def test_a_conditional_recommendation_is_a_risk_only_when_the_case_meets_the_condition(ev):
    _, f = found(ev, make(position=LIFE, employer={"reshoring": True}, documents={"recommendation_letter": False}))
    rule = f["documents.recommendation-condition-met"]
    assert rule.severity == "risk" and "reshoring company (국내복귀기업)" in rule.message
    _, f = found(ev, make(position=LIFE, employer={"reshoring": False}, documents={"recommendation_letter": False}))
    assert not {"documents.recommendation-condition-met", "documents.recommendation"} & set(f)
    assert "documents.recommendation-some-cases" not in f
    # not known: e7 asks for the fact
    _, f = found(ev, make(position=LIFE, documents={"recommendation_letter": False}))
    assert f["code.conditions"].severity == "needs_information" and "employer.reshoring" in f["code.conditions"].message


def test_a_condition_e7_cannot_read_is_advice_naming_the_condition(ev):
    event = {"code": "2835", "job_title": "Event planner", "duties": [{"task": "공연 및 행사 기획", "share": 100}]}
    _, f = found(ev, make(position=event, documents={"recommendation_letter": False}))
    rule = f["documents.recommendation-some-cases"]
    assert rule.severity == "advice" and "공연기획자" in rule.message


# -- conditional requirements ---------------------------------------------------------------------------------

E74 = {
    "code": "S610",
    "subcategory": "E-7-4",
    "job_title": "Farm worker",
    "annual_salary_krw": 25_500_000,
    "duties": [{"task": "농작물 재배 및 수확", "share": 100}],
}


def _floor(decision) -> int:
    return decision.facts["code_fixed_krw"]


@pytest.mark.parametrize(
    "sector,floor",
    [
        ("agriculture", 25_000_000),
        ("fishery", 25_000_000),
        ("coastal_shipping", 25_000_000),
        ("forestry", 26_000_000),
        ("other", 26_000_000),
    ],
)
def test_s610_wage_is_26_million_and_25_only_for_the_named_sectors(ev, sector, floor):
    decision, f = found(
        ev, make(kind="change_of_status", position=E74, employer={"sector": sector, "depopulation_area": False})
    )
    assert _floor(decision) == floor
    assert ("salary.below-floor" in f) == (floor > 25_500_000)


def test_s610_sector_unknown_asks_and_takes_the_lower_floor(ev):
    decision, f = found(ev, make(kind="change_of_status", position=E74))
    assert _floor(decision) == 25_000_000 and "salary.below-floor" not in f
    assert "employer.sector" in f["code.conditions"].message


@pytest.mark.parametrize(
    "employer,ratio",
    [
        ({"sector": "other", "depopulation_area": False}, 30),
        ({"sector": "other", "depopulation_area": True}, 50),
        ({"sector": "root_industry", "depopulation_area": False}, 50),
        ({"sector": "forestry", "depopulation_area": False}, 30),
        ({"sector": "livestock", "depopulation_area": False}, 50),
    ],
)
def test_s610_foreign_ratio_is_30_and_50_only_where_the_manual_says(ev, employer, ratio):
    decision, _ = found(ev, make(kind="change_of_status", position=E74, employer=employer))
    assert decision.facts["foreign_ratio_x100"] == ratio


MECH = {
    "code": "2351",
    "job_title": "Mechanical engineer",
    "duties": [{"task": "기계 설계 및 금형 설계", "share": 100}],
}


@pytest.mark.parametrize("regular,cap", [(8, 1), (25, 2), (40, 3)])
def test_2351_allowance_counts_regular_workers(ev, regular, cap):
    decision, _ = found(ev, make(position=MECH, employer={"regular_workers": regular}))
    assert decision.facts["code_max_per_employer"] == cap


def test_2351_minimum_counts_regular_workers_not_domestic_employees(ev):
    # 3 domestic employees but 6 regular workers (foreign staff included): the minimum of 5 is met
    _, f = found(ev, make(position=MECH, employer={"domestic_employees": 3, "regular_workers": 6}))
    assert "employer.code-minimum-employees" not in f
    _, f = found(ev, make(position=MECH, employer={"domestic_employees": 14, "regular_workers": 4}))
    assert f["employer.code-minimum-employees"].severity == "risk"


# -- pilot and quota periods ----------------------------------------------------------------------------------

CARE = {
    "code": "42111",
    "subcategory": "E-7-2",
    "job_title": "Care worker",
    "annual_salary_krw": 30_000_000,
    "duties": [{"task": "요양보호사로 노인 신체활동 및 일상생활 지원", "share": 100}],
}


def test_a_pilot_period_passed_with_the_code_listed_is_a_risk(ev):
    decision, f = found(ev, make(filed_on=D(2026, 7, 1), position=CARE))
    rule = f["code.pilot-window"]
    assert rule.severity == "risk" and "ended on 2025-12-31" in rule.message and "still listed" in rule.message
    assert decision.outcome != "ineligible" or any(
        x.severity == "blocking" and x.rule != "code.pilot-window" for x in decision.findings
    )
    _, f = found(ev, make(filed_on=D(2025, 7, 1), position=CARE))
    assert "code.pilot-window" not in f and f["code.quota-number-pending"].severity == "risk"  # no quota number


def test_a_pilot_code_removed_by_a_notice_is_blocking(e7, tmp_path: Path):
    data = tmp_path / "data"
    for name in ("catalogue", "changelog", "rulesets"):
        shutil.copytree(ROOT / name, data / name)
    notice = tmp_path / "retire-42210.toml"
    notice.write_text(
        '[notice]\nid = "test-retire-42210"\neffective = 2026-12-01\ntitle = "test: 42210 retired"\nstatus = "U"\n'
        'source = { document = "test notice", status = "U" }\n\n[[retire]]\ncode = "42210"\nreason = "test"\n',
        encoding="utf-8",
    )
    assert e7("--data", str(data), "catalogue", "import", str(notice)).code == 0
    decision = Evaluator(locate(str(data))).evaluate(make(filed_on=D(2026, 12, 15), position=dict(CARE, code="42210")))
    rules = {f.rule: f.severity for f in decision.findings}
    assert rules["code.retired"] == "blocking" and "code.pilot-window" not in rules


# -- missing reference data -----------------------------------------------------------------------------------


def test_a_2027_check_uses_the_latest_minimum_wage_and_reports_e7s_gap(ev):
    decision, f = found(ev, make(filed_on=D(2027, 3, 2)))
    rule = f["catalogue.reference-missing"]
    assert rule.severity == "risk" and "the minimum wage of 2027" in rule.message and "needs updating" in rule.message
    assert "salary.minimum-wage-monthly" not in f and "salary.minimum-wage-hourly" not in f
    assert decision.facts["minimum_hourly_krw"] > 0
    _, f = found(ev, make(filed_on=D(2026, 7, 1)))
    assert "catalogue.reference-missing" not in f


def test_a_2027_salary_below_the_latest_minimum_wage_is_still_blocking(ev):
    low = {"annual_salary_krw": 20_000_000, "code": "3922", "subcategory": "E-7-2"}
    _, f = found(ev, make(filed_on=D(2027, 3, 2), position=low))
    assert f["salary.minimum-wage-monthly"].severity == "blocking"


def test_import_dry_run_warns_when_the_year_has_no_minimum_wage(e7, tmp_path: Path):
    notice = tmp_path / "n.toml"
    notice.write_text(
        '[notice]\nid = "test-2027"\neffective = 2027-01-15\ntitle = "t"\nstatus = "U"\n'
        'source = { document = "test", status = "U" }\n\n[[retire]]\ncode = "42210"\nreason = "test"\n',
        encoding="utf-8",
    )
    result = e7("catalogue", "import", str(notice), "--dry-run")
    assert result.code == 0 and "warning: snapshot 2027-01-15 has no minimum wage for 2027" in result.err
    notice.write_text(notice.read_text().replace("2027-01-15", "2026-12-15"), encoding="utf-8")
    result = e7("catalogue", "import", str(notice), "--dry-run")
    assert result.code == 0 and "warning" not in result.err


# -- errata ---------------------------------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    for name in ("catalogue", "changelog", "rulesets"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _erratum(path: Path, title_en: str = "Care worker (corrected)") -> Path:
    path.write_text(
        '[erratum]\nid = "test-care-title"\nmade = 2026-12-05\ntitle = "t"\nreason = "a test correction"\n'
        'source = { document = "test", status = "U" }\n\n[[correct]]\noccupation = "care-worker"\n'
        f'snapshots = ["2026-06-17", "2026-09-01"]\nset = {{ title_en = "{title_en}" }}\n',
        encoding="utf-8",
    )
    return path


def test_an_erratum_is_applied_recorded_and_verified(e7, copy: Path, tmp_path: Path):
    before = (copy / "catalogue/2026-06-17.toml").read_text(encoding="utf-8")
    result = e7("--data", str(copy), "catalogue", "erratum", str(_erratum(tmp_path / "e.toml")))
    assert result.code == 0, result.err
    entry = (copy / "changelog/errata/2026-12-05-test-care-title.toml").read_text(encoding="utf-8")
    assert 'field = "title_en"' in entry and 'old = "Care worker"' in entry and "old_sha256" in entry
    assert "Care worker (corrected)" in (copy / "catalogue/2026-06-17.toml").read_text(encoding="utf-8")
    assert before != (copy / "catalogue/2026-06-17.toml").read_text(encoding="utf-8")
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 0, result.out
    # applied twice: refused, nothing written
    result = e7("--data", str(copy), "catalogue", "erratum", str(_erratum(tmp_path / "e.toml")))
    assert result.code == 2 and "erratum.id" in result.err


def test_an_edit_no_erratum_explains_is_still_reported(e7, copy: Path, tmp_path: Path):
    assert e7("--data", str(copy), "catalogue", "erratum", str(_erratum(tmp_path / "e.toml"))).code == 0
    path = copy / "catalogue/2026-09-01.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Care worker (corrected)", "Care worker (edited)"), encoding="utf-8"
    )
    result = e7("--data", str(copy), "catalogue", "verify")
    assert result.code == 1 and "catalogue/2026-09-01.toml" in result.out and "no erratum explains" in result.out


def test_a_bad_erratum_is_one_clear_message_and_writes_nothing(e7, copy: Path, tmp_path: Path):
    bad = _erratum(tmp_path / "e.toml")
    bad.write_text(bad.read_text().replace('"care-worker"', '"no-such-occupation"'), encoding="utf-8")
    index = (copy / "catalogue/index.toml").read_bytes()
    result = e7("--data", str(copy), "catalogue", "erratum", str(bad))
    assert result.code == 2 and "correct[0].occupation" in result.err and "Traceback" not in result.err
    assert (copy / "catalogue/index.toml").read_bytes() == index
    assert not (copy / "changelog/errata/2026-12-05-test-care-title.toml").exists()


def test_the_shipped_s610_erratum_is_in_the_changelog():
    entry = (ROOT / "changelog/errata/2026-12-04-s610-wage-and-foreign-ratio.toml").read_text(encoding="utf-8")
    assert "amount_krw = 25_000_000" in entry and "amount_krw = 26_000_000" in entry
    assert entry.count("[[snapshots]]") == 12


def test_a_2028_check_reports_the_missing_gni_and_announced_amount(ev):
    aircraft = {"code": "S8417", "subcategory": "E-7-3", "job_title": "Aircraft parts worker"}
    decision, f = found(ev, make(filed_on=D(2028, 6, 2), position=aircraft))
    message = f["catalogue.reference-missing"].message
    assert "GNI per capita of 2027" in message and "an announced E-7-3 amount after the one of 2026-02-01" in message
    assert "code_ratio_krw" in decision.facts  # the 80%-of-GNI floor is checked against the latest GNI held
    # inside the year after the announcement: no gap
    _, f = found(ev, make(filed_on=D(2026, 12, 1), position=aircraft))
    assert "catalogue.reference-missing" not in f


DESIGNER = {
    "code": "285",
    "subcategory": "E-7-1",
    "job_title": "Fashion designer",
    "duties": [{"task": "의류 디자인 및 패턴 개발", "share": 70}, {"task": "원단과 색상 선정", "share": 30}],
}


@pytest.mark.parametrize("filed_on", [D(2023, 3, 2), D(2026, 7, 1)])
def test_a_missing_letter_of_guarantee_for_a_code_on_the_guarantee_list_is_blocking(ev, filed_on):
    # p.179 lists 285 among the codes that file a 신원보증서 and p.176 among the inviter's documents: without it the
    # file cannot be filed as it is. A correction, not a version: the answer changes for every date.
    # 285's section sets a minimum workforce, and its allowance by insured domestic employees (100 or more: 3)
    staff = {"regular_workers": 120, "domestic_employees": 100}
    decision, f = found(ev, make(filed_on=filed_on, position=DESIGNER, employer=staff, documents={"guarantee": False}))
    assert f["documents.guarantee"].severity == "blocking" and decision.outcome == "ineligible"
    # the other side: the letter is attached, nothing stands in the way
    decision, f = found(ev, make(filed_on=filed_on, position=DESIGNER, employer=staff))
    assert "documents.guarantee" not in f and decision.outcome != "ineligible"
    assert decision.outcome == "ready" or filed_on.year < 2026  # 2023's floor asks for a figure, nothing blocks


def test_a_letter_of_guarantee_the_code_needs_only_in_some_cases_stays_advice(ev):
    # 2742 needs it only for overseas online sellers, a condition e7 cannot read from the case: advice, not blocking
    seller = {
        "code": "2742",
        "subcategory": "E-7-1",
        "job_title": "Overseas sales representative",
        "duties": [{"task": "해외 바이어 발굴 및 수출 계약 협상", "share": 100}],
    }
    decision, f = found(ev, make(position=seller, documents={"guarantee": False}))
    assert f["documents.guarantee-some-cases"].severity == "advice" and "documents.guarantee" not in f
    assert decision.outcome != "ineligible"


def test_the_policy_table_lists_every_rule_in_force_with_its_severity():
    rules = Rulesets(locate(None)).in_force(D(2026, 12, 3)).rules
    text = (ROOT / "docs/rulesets.md").read_text(encoding="utf-8")
    table = text.split("## Every rule against the policy", 1)[1].split("\n## ", 1)[0]
    rows = {m[1]: m[2] for m in re.finditer(r"^\| ([a-z0-9.-]+) \| (\S+) \|", table, re.M) if m[1] != "rule"}
    assert rows == {r.id: r.severity or "—" for r in rules}


def test_an_erratum_dated_before_the_newest_applied_one_is_refused(e7, data_copy, tmp_path):
    """Errata are undone newest first in the order of their dates: one dated before the newest is refused."""
    path = tmp_path / "early.toml"
    path.write_text(
        '[erratum]\nid = "early-one"\nmade = 2026-11-01\ntitle = "t"\nreason = "r"\n'
        'source = { document = "d", status = "M" }\n\n[[correct]]\noccupation = "care-worker"\n'
        'set = { title_en = "Care worker (corrected)" }\n',
        encoding="utf-8",
    )
    result = e7("--data", str(data_copy), "catalogue", "erratum", str(path))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "erratum.made: expected a date after the newest erratum's (2026-12-04, 'slips-in-code-sections')" in (
        result.err
    )
    assert not list((data_copy / "changelog/errata").glob("2026-11-01-*"))
