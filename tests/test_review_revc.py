"""Review of issue 18's gen3 and f27c rules against the manuals (revc): each correction on both sides of the
boundary the manual draws."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .cases import DELETE, make
from .test_case_kinds import example
from .test_history_f27_rules import WORKER  # an E-7-1 worker applying for F-2-7 on 2027-04-01


@pytest.fixture(scope="module")
def checker(ev) -> HistoryChecker:
    return HistoryChecker(ev)


def found(ev: Evaluator, case: Any) -> dict[str, Any]:
    return {f.rule: f for f in ev.evaluate(case).findings}


# -- employer.unpaid-contract-wages: 2742's bar is its online sellers' only (visa manual 2026.6 p.218) ------------

UNPAID = "employer.unpaid-contract-wages"
SELLER = "overseas-sales-employer-unpaid-contract-wages"  # an online seller's employer that did not pay as contracted


def test_an_online_seller_s_employer_that_did_not_pay_as_contracted_is_at_risk(ev):
    got = found(ev, example(SELLER))
    assert got[UNPAID].severity == "risk"
    assert "Code 2742" in got[UNPAID].message and "신규 초청 제한" in got[UNPAID].message


@pytest.mark.parametrize("route", ["general", None])
@pytest.mark.parametrize("kind", ["initial", "change_of_workplace", "change_of_status"])
def test_an_export_sales_rep_s_employer_is_not_held_to_the_online_sellers_bar(ev, route, kind):
    # p.218: ◈ 해외영업원 별도적용 1 : 해외 온라인 상품 판매원
    # (해외 영업원, 무역 영업원, 수출입 영업원은 위의 기존 규정 적용)
    position = {"code": "2742", "subcategory": "E-7-1", "job_title": "Export Sales Representative"}
    position["section_route"] = route if route is not None else DELETE
    case = make(kind=kind, position=position, employer={"contract_wages_unpaid": True})
    assert UNPAID not in found(ev, case)
    seller_position = position | {"section_route": "online_seller"}
    seller = make(kind=kind, position=seller_position, employer={"contract_wages_unpaid": True})
    assert UNPAID in found(ev, seller)  # the same employer hiring an online seller is


def test_the_example_without_the_online_sellers_branch_has_no_bar(ev):
    general = example(SELLER, position={"section_route": "general"}, employer={"exports_last_year_krw": DELETE})
    assert UNPAID not in found(ev, general)


def test_an_online_seller_branch_under_another_code_does_not_bring_the_bar(ev):
    position = {"code": "2223", "subcategory": "E-7-1", "job_title": "Developer", "section_route": "online_seller"}
    assert UNPAID not in found(ev, make(position=position, employer={"contract_wages_unpaid": True}))


# -- history.f27-foreign-documents.paper-translated: a paper in Korean or English needs none (p.375) -------------

FOREIGN = "history.f27-foreign-documents"


def _abroad(checker: HistoryChecker, *papers: dict[str, Any]) -> list[Any]:
    data = WORKER | {"f27_documents": {"abroad": list(papers)}}
    f27 = checker.check(history_from_data(json.loads(json.dumps(data)), "w.json"), "w.json").f27
    assert f27 is not None
    return [f for f in f27.findings if f.rule == FOREIGN]


@pytest.mark.parametrize(("in_korean_or_english", "flagged"), [(True, False), (False, True), (None, True)])
def test_a_paper_abroad_in_korean_or_english_needs_no_translation(checker, in_korean_or_english, flagged):
    # 해외 기관이 발급한 서류는 … 제출(국문 또는 영문 번역문을 첨부)하여야 하며:
    # an English certificate needs no English one
    paper: dict[str, Any] = {"paper": "criminal_record_certificate", "translated": False}
    if in_korean_or_english is not None:
        paper["in_korean_or_english"] = in_korean_or_english
    got = _abroad(checker, paper)
    assert bool(got) is flagged
    if flagged:
        assert got[0].severity == "risk" and "without a Korean or English translation" in got[0].message
        assert "not itself in Korean or English" in got[0].message


def test_a_paper_in_english_is_still_apostilled(checker):
    paper = {"paper": "criminal_record_certificate", "in_korean_or_english": True, "legalised": False}
    got = _abroad(checker, paper)
    assert len(got) == 1 and "not apostilled" in got[0].message
