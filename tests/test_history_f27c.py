"""The F-2-7 history planner's entries task f27c of issue 18 completes (stay manual 2026.6 pp.374-375): departure
orders and deportations dated in [conduct] against the deduction declared (p.374), the basic documents of the change
of status against the papers the history names ([f27_documents] attached), and each paper issued abroad with its own
issue date, apostille, translation and the relief of a paper on file (p.375), each on both sides, with the example
histories that show them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.core.errors import InputError
from engine.core.papers import PAPER_WORDS
from engine.data.folders import locate
from engine.history import HistoryChecker, history_from_data
from engine.rules.evaluate import Evaluator

from .conftest import ROOT
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


# -- departure orders and deportations (p.374: 출국명령, 강제퇴거 : 신청일로부터 5년 이내에 부과된 경우, -30) ----------

ORDERS = "history.f27-deduction-departure-orders"


@pytest.mark.parametrize(
    ("imposed", "declared", "understated"),
    [
        (["2022-04-02"], 0, True),  # 4 full years before 2027-04-01: within 5 years, not declared
        (["2022-04-01"], 0, False),  # 5 full years before: no longer a deduction
        (["2022-04-02"], 1, False),  # declared: the points show the -30
        (["2022-04-02", "2025-01-10"], 1, True),  # two within 5 years, one declared
        (["2027-04-02"], 0, False),  # after the application date
        ([], 0, False),
    ],
)
def test_a_departure_order_in_the_history_is_checked_against_the_count_declared(
    checker, imposed, declared, understated
):
    data = WORKER | {
        "conduct": {"departure_orders_or_deportations": imposed},
        "f27": {"departure_orders_or_deportations_count": declared},
    }
    finding = _finding(_f27(checker, data), ORDERS)
    assert (finding is not None) is understated
    if finding is not None:
        assert finding.severity == "risk"
        assert f"lists {len([d for d in imposed if '2022-04-02' <= d <= '2027-04-01'])} departure order" in (
            finding.message
        )
        assert f"the points count {declared}" in finding.message


def test_the_declared_departure_order_costs_30_points(checker):
    plain = _f27(checker, WORKER)
    declared = _f27(checker, WORKER | {"f27": {"departure_orders_or_deportations_count": 1}})
    assert plain.total - declared.total == 30


def test_a_departure_order_that_is_not_a_date_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        history_from_data(WORKER | {"conduct": {"departure_orders_or_deportations": ["soon"]}}, "w.json")
    assert "departure_orders_or_deportations" in str(caught.value)


def test_the_departure_order_example_is_at_risk_and_in_korean(e7):
    path = ROOT / "examples/histories/data-analyst-f27-departure-order-undeclared.toml"
    data = e7("history", str(path), "--format", "json").json()
    assert data["f27"]["total"] == 108 and data["f27"]["passes"] is True
    finding = next(f for f in data["f27"]["findings"] if f["rule"] == ORDERS)
    assert finding["severity"] == "risk" and "the deduction is understated" in finding["message"]
    ko = e7("history", str(path), "--lang", "ko").out
    assert "출국명령 또는 강제퇴거가 1건 있으나" in ko


# -- the basic documents of the change of status (p.375, 1) 기본서류: 신청서, 여권, 외국인등록증, 사진, 수수료,
# 체류지 입증서류, 해외범죄경력증명서, 고용계약서) ----------------------------------------------------------

BASIC = "history.f27-basic-papers"
ALL_BUT_CERTIFICATE = [
    "application_form",
    "passport",
    "alien_registration_card",
    "photo",
    "fee",
    "residence_proof",
    "employment_contract",
]


def _papers(checker: HistoryChecker, attached: list[str] | None, **more: Any) -> Any:
    documents: dict[str, Any] = {} if attached is None else {"attached": attached}
    documents |= more.pop("documents", {})
    return _f27(checker, WORKER | {"f27_documents": documents} | more)


def test_every_basic_document_attached_is_no_finding(checker):
    f27 = _papers(checker, [*ALL_BUT_CERTIFICATE, "criminal_record_certificate"])
    assert _finding(f27, BASIC) is None


@pytest.mark.parametrize("left_out", ALL_BUT_CERTIFICATE)
def test_each_basic_document_left_out_is_named(checker, left_out):
    finding = _finding(_papers(checker, [p for p in ALL_BUT_CERTIFICATE if p != left_out]), BASIC)
    assert finding is not None and finding.severity == "risk"
    for name in ALL_BUT_CERTIFICATE:
        assert (PAPER_WORDS[name][0] in finding.message) is (name == left_out), name
    assert "범죄경력증명서 (criminal record certificate)" in finding.message  # not attached, no exemption given


def test_papers_are_not_checked_where_the_history_names_none(checker):
    assert _finding(_papers(checker, None), BASIC) is None


@pytest.mark.parametrize(
    ("f27", "needed"),
    [
        ({}, True),  # no exemption given
        ({"born_in_korea": True}, False),
        ({"born_in_korea": True, "six_months_abroad": True}, True),  # 6 months abroad voids it
        ({"criminal_record_filed_before": True, "six_months_abroad": False}, False),
        ({"criminal_record_filed_before": True, "six_months_abroad": True}, True),
        ({"visa_record_within_3_months": True, "six_months_abroad": True}, False),
        ({"born_in_korea": False, "criminal_record_filed_before": False}, True),
    ],
)
def test_the_criminal_record_certificate_is_asked_unless_an_exemption_is_given(checker, f27, needed):
    finding = _finding(_papers(checker, ALL_BUT_CERTIFICATE, f27=f27), BASIC)
    assert (finding is not None) is needed
    if finding is not None:
        assert finding.message.endswith("범죄경력증명서 (criminal record certificate).")


@pytest.mark.parametrize(
    ("f27", "asked"),
    [
        ({}, True),
        ({"employer_listed": True}, True),  # route 1 is a job: the contract is asked
        ({"science_graduate_degree": True, "president_recommendation": True}, False),  # route 5, F-2-7S
    ],
)
def test_the_employment_contract_is_not_asked_on_a_route_that_needs_no_job(checker, f27, asked):
    attached = [p for p in ALL_BUT_CERTIFICATE if p != "employment_contract"] + ["criminal_record_certificate"]
    finding = _finding(_papers(checker, attached, f27=f27), BASIC)
    assert (finding is not None) is asked
    if finding is not None:
        assert "고용계약서 (employment contract)" in finding.message


def test_a_paper_issued_abroad_counts_as_attached(checker):
    abroad = [{"paper": "criminal_record_certificate", "issued_on": "2027-03-01"}]
    f27 = _papers(checker, ALL_BUT_CERTIFICATE, documents={"abroad": abroad})
    assert _finding(f27, BASIC) is None


def test_an_unknown_paper_is_refused_with_the_field(e7, tmp_path):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(WORKER | {"f27_documents": {"attached": ["pasport"]}}), encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and "f27_documents.attached" in result.err


# -- papers issued abroad, each with its own issue date (p.375: 발급일로부터 3개월간 유효함 ... 제출 생략 가능) -------

FOREIGN = "history.f27-foreign-documents"


def _abroad(checker: HistoryChecker, *papers: dict[str, Any], **f27: Any) -> list[Any]:
    data = WORKER | {"f27_documents": {"abroad": list(papers)}}
    if f27:
        data["f27"] = f27
    return [f for f in _f27(checker, data).findings if f.rule == FOREIGN]


@pytest.mark.parametrize(
    ("issued_on", "expired"),
    [("2027-01-01", False), ("2026-12-31", True), ("2027-03-31", False)],  # valid up to the same day 3 months on
)
def test_each_paper_issued_abroad_is_valid_3_months_from_its_own_date(checker, issued_on, expired):
    fresh = {"paper": "degree_certificate", "issued_on": "2027-03-01"}
    found = _abroad(checker, fresh, {"paper": "criminal_record_certificate", "issued_on": issued_on})
    messages = [f.message for f in found if "expired" in f.message]
    assert bool(messages) is expired
    if expired:
        assert f"범죄경력증명서 (criminal record certificate), issued {issued_on}" in messages[0]
        assert "학위증" not in messages[0]  # the other paper is fresh
        assert next(f for f in found if "expired" in f.message).severity == "risk"


def test_a_paper_on_file_may_be_left_out_and_is_not_checked_further(checker):
    old = {"paper": "degree_certificate", "issued_on": "2020-01-01", "legalised": False, "on_file": True}
    found = _abroad(checker, old)
    assert [f.severity for f in found] == ["advice"]
    assert "may be left out" in found[0].message and "학위증 (degree certificate)" in found[0].message
    assert [f.severity for f in _abroad(checker, old | {"on_file": False})] == ["risk", "risk"]


@pytest.mark.parametrize(("field", "words"), [("legalised", "not apostilled"), ("translated", "without a Korean")])
def test_each_paper_issued_abroad_is_legalised_and_translated(checker, field, words):
    paper = {"paper": "criminal_record_certificate", field: False}
    found = _abroad(checker, paper)
    assert len(found) == 1 and words in found[0].message and found[0].severity == "risk"
    assert "범죄경력증명서" in found[0].message
    assert _abroad(checker, paper | {field: True}) == []
    assert _abroad(checker, {"paper": "criminal_record_certificate"}) == []  # left out: nothing said


def test_the_old_single_issue_date_still_works(checker):
    found = _abroad(checker, foreign_documents_issued_on="2026-12-31")
    assert len(found) == 1 and "issued abroad on 2026-12-31" in found[0].message


@pytest.mark.parametrize(
    ("name", "rule", "severity", "korean"),
    [
        ("data-scientist-f27-papers-missing", BASIC, "risk", "기본서류(p.375)가 빠져 있습니다"),
        ("data-scientist-f27-papers-abroad", FOREIGN, "risk", "유효기간이 지납니다"),
    ],
)
def test_the_papers_examples(e7, name, rule, severity, korean):
    path = ROOT / f"examples/histories/{name}.toml"
    data = e7("history", str(path), "--format", "json").json()
    assert data["f27"]["passes"] is True and data["outcome"] == "at_risk"
    assert {f["severity"] for f in data["f27"]["findings"] if f["rule"] == rule} >= {severity}
    assert korean in e7("history", str(path), "--lang", "ko").out


# -- earlier stays on other professional statuses (p.369: 교수(E-1)부터 전문인력(E-7-1)까지 또는 취재(D-5)부터
# 무역경영(D-9)까지 ... 호텔·관광유흥업소 종사자(E-6-2) ... 제외; 3년 이상 연속하여) ----------------------------------

PRIOR = "history.f27-prior-stays"
CONTINUOUS = "history.f27-continuous-stay"  # WORKER: E-7-1 from 2025-06-02, F-2-7 on 2027-04-01, income 39,000,000


def _prior(checker: HistoryChecker, *prior: tuple[str, str, str], **more: Any) -> Any:
    stays = [{"status": s, "from": start, "until": until} for s, start, until in prior]
    return _f27(checker, WORKER | {"prior_stays": stays} | more)


@pytest.mark.parametrize(
    ("prior", "since", "eligible"),
    [
        ([("D-8", "2022-01-01", "2025-06-01")], "2022-01-01", True),  # ends the day before the E-7-1 stay
        ([("D-8", "2022-01-01", "2025-07-01")], "2022-01-01", True),  # overlapping: adjoins too
        ([("D-8", "2022-01-01", "2025-05-31")], "2025-06-02", False),  # a day between: continuity restarts
        ([("E-6-2", "2022-01-01", "2025-06-01")], "2025-06-02", False),  # excluded status
        ([("D-8", "2024-06-02", "2025-06-01")], "2024-06-02", False),  # counted, but 3 years not reached yet
        ([("E-2", "2020-01-01", "2023-01-01"), ("D-9", "2023-01-02", "2025-06-01")], "2020-01-01", True),
        ([("E-2", "2020-01-01", "2023-01-01"), ("E-6-2", "2023-01-02", "2025-06-01")], "2025-06-02", False),
    ],
)
def test_earlier_stays_on_professional_statuses_carry_the_3_years_back(checker, prior, since, eligible):
    f27 = _prior(checker, *prior)
    assert f27.continuous_since.isoformat() == since
    assert f27.eligible is eligible
    blocking = _finding(f27, CONTINUOUS)
    assert (blocking is not None and blocking.severity == "blocking") is not eligible
    found = [f for f in f27.findings if f.rule == PRIOR]
    if since != "2025-06-02":
        assert any(f"continuous stay runs from {since}" in f.message for f in found)
    if any(status == "E-6-2" for status, _, _ in prior):
        assert any("E-6-2" in f.message and "does not count" in f.message for f in found)


def test_without_earlier_stays_nothing_changes(checker):
    plain = _f27(checker, WORKER)
    assert plain.continuous_since.isoformat() == "2025-06-02" and _finding(plain, PRIOR) is None


def test_earlier_stays_do_not_move_the_run_of_another_subcategory(checker):
    data = WORKER | {"prior_stays": [{"status": "D-8", "from": "2022-01-01", "until": "2025-06-01"}]}
    data["stays"] = [WORKER["stays"][0] | {"code": "3922", "subcategory": "E-7-2"}]
    f27 = _f27(checker, data)
    assert f27.continuous_since.isoformat() == "2025-06-02" and _finding(f27, PRIOR) is None


@pytest.mark.parametrize(
    ("stay", "field"),
    [({"status": "E-7-1", "from": "2022-01-01", "until": "2023-01-01"}, "status"),
     ({"status": "D-8", "from": "2022-01-01", "until": "2021-01-01"}, "until"),
     ({"status": "D-8", "from": "2022-01-01"}, "until")],
)  # fmt: skip
def test_a_malformed_earlier_stay_is_refused_with_the_field(e7, tmp_path, stay, field):
    path = tmp_path / "w.json"
    path.write_text(json.dumps(WORKER | {"prior_stays": [stay]}), encoding="utf-8")
    result = e7("history", str(path))
    assert result.code == 2 and f"prior_stays[0].{field}" in result.err


def test_the_prior_stays_example_is_eligible_only_with_them(e7, checker, tmp_path):
    path = ROOT / "examples/histories/software-developer-f27-after-e2.toml"
    data = e7("history", str(path), "--format", "json").json()
    assert data["f27"]["eligible"] is True and data["f27"]["continuous_since"] == "2022-03-01"
    assert PRIOR in {f["rule"] for f in data["f27"]["findings"]}
    assert "전문직 체류자격의 3년 연속 체류에 포함됩니다" in e7("history", str(path), "--lang", "ko").out
    import tomllib

    without = tomllib.loads(path.read_text(encoding="utf-8"))
    del without["prior_stays"]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(without, default=str), encoding="utf-8")
    data = e7("history", str(bare), "--format", "json").json()
    assert data["f27"]["eligible"] is False
    assert "history.f27-continuous-stay" in {f["rule"] for f in data["f27"]["findings"]}
