"""The F-2-7 history planner's entries task f27d of issue 18 completes (stay manual 2026.6 pp.368, 372, 374): a
sentence heavier than a fine dated by the day it became final (p.374: 형이 확정된 시점이 신청일 기준 3년 이내 ...
자격변경 불허 대상), and the law-abiding citizen course counting the 과태료, 범칙금 and non-prosecutions and the Korean
courts' sentences (p.372: 국내법 위반 사실 ... 벌금·범칙금·과태료 ... 불기소처분일), and time at sea counted for a
fishing company's manager (14901, [f27] fishing_company_manager) and a ship officer (E-5 stays of [[prior_stays]])
(p.369), each on both sides."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.core.errors import InputError
from engine.core.papers import PAPER_WORDS
from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .test_history_f27_abroad import FISHING, _abroad  # E-7-1 from 2024-04-01 (2211 or 14901), applying 2027-06-01
from .test_history_f27_abroad import WORKER as ABROAD_WORKER
from .test_history_f27_rules import WORKER  # an E-7-1 worker applying for F-2-7 on 2027-04-01


@pytest.fixture(scope="module")
def checker() -> HistoryChecker:
    return HistoryChecker(Evaluator(locate(None)))


def _f27(checker: HistoryChecker, data: dict[str, Any]) -> Any:
    f27 = checker.check(history_from_data(json.loads(json.dumps(data)), "w.json"), "w.json").f27
    assert f27 is not None
    return f27


def _finding(f27: Any, rule: str) -> Any:
    return next((f for f in f27.findings if f.rule == rule), None)


FINAL = "history.f27-conduct-sentence-final"
SENTENCED = "history.f27-conduct-imprisonment"
COURSE = "history.f27-law-abiding-course"


@pytest.mark.parametrize(
    ("final_on", "barred"),
    [
        ("2024-04-02", True),  # 2 full years and 364 days before 2027-04-01: within 3 years
        ("2024-04-01", False),  # 3 full years before: 40 points, no bar
        (None, False),  # the day it became final not given: only the sentencing is read
    ],
)
def test_a_sentence_that_became_final_within_3_years_bars_the_change(checker, final_on, barred):
    sentence: dict[str, Any] = {"on": "2021-03-01"}  # sentenced 6 full years before: ① (5 years) does not catch it
    if final_on:
        sentence["final_on"] = final_on
    f27 = _f27(checker, WORKER | {"f27": {"employer_listed": True}, "conduct": {"sentences": [sentence]}})
    finding = _finding(f27, FINAL)
    assert (finding is not None) is barred
    assert _finding(f27, SENTENCED) is None
    if barred:
        assert finding.severity == "blocking"
        assert "became final 2 full year(s) before 2027-04-01" in finding.message
        assert f27.eligible is False
    else:
        assert f27.eligible is True


@pytest.mark.parametrize(("korean", "barred"), [(True, True), (None, True), (False, False)])
def test_the_bar_of_p374_reads_korean_sentences_not_those_marked_as_imposed_abroad(checker, korean, barred):
    # p.374's table (형사처벌 전력, in 만원) reads Korean records; a sentence abroad is good conduct ⑦/⑧'s (p.372)
    sentence: dict[str, Any] = {"on": "2021-03-01", "final_on": "2024-04-02"}
    if korean is not None:
        sentence["korean"] = korean
    f27 = _f27(checker, WORKER | {"f27": {"employer_listed": True}, "conduct": {"sentences": [sentence]}})
    assert (_finding(f27, FINAL) is not None) is barred
    assert f27.eligible is not barred


def test_a_dated_sentence_still_counts_from_its_sentencing_for_5_years(checker):
    sentence = {"on": "2022-04-02", "final_on": "2022-06-01", "kind": "imprisonment"}  # a 징역 (review revd: kind)
    f27 = _f27(checker, WORKER | {"conduct": {"sentences": [sentence]}})
    assert _finding(f27, SENTENCED).severity == "blocking"  # 4 full years since the sentencing
    assert _finding(f27, FINAL) is None  # final 4 full years before: the 3 years are past


def test_a_dated_sentence_is_checked_against_the_sentences_declared(checker):
    data = WORKER | {"conduct": {"sentences": [{"on": "2015-01-01", "final_on": "2015-03-01"}]}}
    assert _finding(_f27(checker, data), "history.f27-deduction-sentences") is not None
    declared = data | {"f27": {"criminal_sentences_heavier_than_fine_count": 1}}
    assert _finding(_f27(checker, declared), "history.f27-deduction-sentences") is None


def test_a_sentence_final_before_it_was_sentenced_is_refused():
    with pytest.raises(InputError) as caught:
        history_from_data(WORKER | {"conduct": {"sentences": [{"on": "2020-01-01", "final_on": "2019-12-01"}]}}, "w")
    assert "final_on" in str(caught.value)


@pytest.mark.parametrize(
    ("penalty", "counted"),
    [
        ({"kind": "administrative_fine", "on": "2020-05-01", "amount_krw": 200_000}, True),  # a 과태료, 7 years ago
        ({"kind": "penalty_notice", "on": "2016-01-01", "closed_on": "2017-04-02"}, True),  # a 범칙금 paid 9 years ago
        ({"kind": "penalty_notice", "on": "2016-01-01", "closed_on": "2017-04-01"}, False),  # paid 10 full years ago
        ({"kind": "non_prosecution", "on": "2019-01-01", "closed_on": "2019-03-01"}, True),  # 불기소처분
        ({"kind": "administrative_fine", "on": "2027-05-01"}, False),  # after the application date
    ],
)
def test_other_penalties_under_korean_law_call_for_the_law_abiding_course(checker, penalty, counted):
    f27 = _f27(checker, WORKER | {"conduct": {"other_penalties": [penalty]}})
    finding = _finding(f27, COURSE)
    assert (finding is not None) is counted
    if counted:
        assert finding.severity == "advice"
        assert finding.message.startswith("1 violation(s) of Korean law")
        assert "other penalties" in finding.message


@pytest.mark.parametrize(("korean", "counted"), [(True, True), (False, False), (None, False)])
def test_a_korean_courts_sentence_calls_for_the_course_and_a_foreign_one_does_not(checker, korean, counted):
    sentence: dict[str, Any] = {"on": "2018-01-01", "final_on": "2018-02-01"}  # 9 full years: past ①'s 5 years
    if korean is not None:
        sentence["korean"] = korean
    f27 = _f27(checker, WORKER | {"conduct": {"sentences": [sentence]}})
    assert (_finding(f27, COURSE) is not None) is counted


def test_a_penalty_of_an_unknown_kind_is_refused():
    with pytest.raises(InputError) as caught:
        history_from_data(WORKER | {"conduct": {"other_penalties": [{"kind": "parking", "on": "2020-01-01"}]}}, "w")
    assert "kind" in str(caught.value)


@pytest.mark.parametrize(
    ("penalties", "counted"),
    [
        # one 과태료 of 1,000,000 won imposed 11 years before, paid 9 years before: the manual's exemption
        ([{"kind": "administrative_fine", "on": "2016-01-01", "amount_krw": 1_000_000, "closed_on": "2018-01-01"}], 0),
        # the same of 1,000,001 won: no exemption, closed within 10 years
        ([{"kind": "administrative_fine", "on": "2016-01-01", "amount_krw": 1_000_001, "closed_on": "2018-01-01"}], 1),
        # its amount not given: the exemption cannot be seen
        ([{"kind": "administrative_fine", "on": "2016-01-01", "closed_on": "2018-01-01"}], 1),
        # two violations: no exemption (법위반 횟수가 1회 이하)
        (
            [
                {"kind": "administrative_fine", "on": "2016-01-01", "amount_krw": 100_000, "closed_on": "2018-01-01"},
                {"kind": "penalty_notice", "on": "2010-01-01", "amount_krw": 30_000},
            ],
            1,
        ),
    ],
)
def test_the_course_exempts_one_small_penalty_imposed_10_years_ago(checker, penalties, counted):
    finding = _finding(_f27(checker, WORKER | {"conduct": {"other_penalties": penalties}}), COURSE)
    assert (finding is not None) is bool(counted)
    if finding is not None:
        assert finding.message.startswith(f"{counted} violation(s)")


# -- time at sea (p.369: 단, 어업기업 관리자(E-7-1) 및 해기사(E-5)의 경우, 국제상선 승선 등의 사유로 출국한 기간은
# 모두 국내 체류기간에 포함) ------------------------------------------------------------------------------------------


ABROAD = "history.f27-time-abroad"


@pytest.mark.parametrize(
    ("fishing", "severity"),
    [
        (True, "advice"),  # a fishing company's manager: the 120 days at sea count, 3 years met with them
        (None, "advice"),  # not said: counted on 14901, the advice asks for the proof
        (False, "risk"),  # a farming or forestry company's manager (농림기업 관리자): the 120 days are time abroad
    ],
)
def test_time_at_sea_counts_for_14901_only_where_the_company_is_a_fishing_company(checker, fishing, severity):
    data = FISHING | {"absences": [_abroad(120, "at_sea")]}
    if fishing is not None:
        data = data | {"f27": {"fishing_company_manager": fishing}}
    found = _finding(_f27(checker, data), ABROAD)
    assert found is not None and found.severity == severity
    if severity == "advice":
        assert found.rule == ABROAD
        assert "120 days abroad at sea count as stay in Korea for 어업기업 관리자" in found.message
    else:
        assert "120 days of it were spent abroad" in found.message


# E-5 (a ship officer) from 2022-01-01 to 2024-03-31, then E-7-1 (2211) from 2024-04-01: 3 years on 2025-01-01;
# 700 days at sea from 2022-06-01 to 2024-04-30, 670 of them on E-5; applying on 2026-07-01
SHIP = ABROAD_WORKER | {"plan": {"f27_on": "2026-07-01"}, "absences": [_abroad(700, "at_sea", "2022-06-01")]}


@pytest.mark.parametrize(("status", "counted"), [("E-5", True), ("E-4", False)])
def test_time_at_sea_counts_on_the_e_5_stays_of_a_ship_officer(checker, status, counted):
    data = SHIP | {"prior_stays": [{"status": status, "from": "2022-01-01", "until": "2024-03-31"}]}
    found = _finding(_f27(checker, data), ABROAD)
    assert found is not None
    if counted:  # the 30 days at sea on the E-7-1 stay (not 14901) do not count: 3 years on 2025-01-31
        assert found.severity == "advice"
        assert "670 days abroad at sea count as stay in Korea for 해기사 (a ship officer, E-5)" in found.message
    else:
        assert found.severity == "risk" and "700 days of it were spent abroad" in found.message
        assert "2026-12-02" in found.message


# -- the documents of the points (p.375: 2) 점수제 평가를 위한 서류 ① 점수표【붙임 2】 ② 평가 항목별 점수를
# 입증하는 서류【붙임 3】 ③ 추가서류 ... (해당자)) -------------------------------------------------------------------

POINTS = "history.f27-points-papers"
BASIC_PAPERS = ["application_form", "passport", "alien_registration_card", "photo", "fee", "residence_proof",
                "employment_contract", "criminal_record_certificate"]  # fmt: skip
POINTS_PAPERS = ["f27_points_sheet", "f27_points_proofs", "graduation_certificate", "income_certificate"]


def _filed(checker: HistoryChecker, attached: list[str] | None, **more: Any) -> Any:
    documents = {} if attached is None else {"attached": attached}
    return _f27(checker, WORKER | {"f27_documents": documents} | more)


def test_every_document_of_the_points_filed_is_no_finding(checker):
    f27 = _filed(checker, BASIC_PAPERS + POINTS_PAPERS)
    assert _finding(f27, POINTS) is None
    assert _finding(f27, "history.f27-basic-papers") is None


@pytest.mark.parametrize("left_out", POINTS_PAPERS)
def test_each_document_of_the_points_left_out_is_named(checker, left_out):
    finding = _finding(_filed(checker, BASIC_PAPERS + [p for p in POINTS_PAPERS if p != left_out]), POINTS)
    assert finding is not None and finding.severity == "risk"
    for name in POINTS_PAPERS:
        assert (PAPER_WORDS[name][0] in finding.message) is (name == left_out), name


def test_the_documents_asked_of_some_applicants_only_are_named_not_required(checker):
    finding = _finding(_filed(checker, BASIC_PAPERS + POINTS_PAPERS[:-1]), POINTS)
    assert finding is not None
    for name in ("family_relation_proof", "tb_screening_certificate", "employment_certificate", "corporate_register"):
        assert PAPER_WORDS[name][0] not in finding.message and PAPER_WORDS[name][0] in finding.fix


def test_the_income_certificate_is_asked_where_the_income_item_scores(checker):
    # no income certificate in the history: the income item scores nothing (the points cannot be totalled), so the
    # paper of that item is not asked
    data = {"income": []}
    finding = _finding(_filed(checker, BASIC_PAPERS + POINTS_PAPERS[:-1], **data), POINTS)
    assert finding is None


def test_route_5_asks_the_presidents_recommendation_and_the_degree_not_the_points_sheet(checker):
    f27 = {"science_graduate_degree": True, "president_recommendation": True}
    finding = _finding(_filed(checker, BASIC_PAPERS, f27=f27), POINTS)
    assert finding is not None
    assert PAPER_WORDS["science_university_president_recommendation"][0] in finding.message
    assert PAPER_WORDS["graduation_certificate"][0] in finding.message
    assert PAPER_WORDS["f27_points_sheet"][0] not in finding.message  # route 5 lifts the points
    filed = [*BASIC_PAPERS, "science_university_president_recommendation", "graduation_certificate"]
    assert _finding(_filed(checker, filed, f27=f27), POINTS) is None


def test_the_documents_of_the_points_are_not_checked_where_the_history_names_no_papers(checker):
    assert _finding(_filed(checker, None), POINTS) is None
