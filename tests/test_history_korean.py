"""`e7 history --lang ko` and the workbench's Korean history page: the report's words and the rules' findings in
Korean (rulesets/translations/ko-history.toml for the history rules, ko-rules.toml for a stay's case rules), the
English report as it was."""

from __future__ import annotations

from .conftest import ROOT

HISTORIES = ROOT / "examples" / "histories"
SHORT = str(HISTORIES / "business-manager-f27-short.toml")


def test_history_in_korean_has_korean_words_and_findings(e7):
    korean = e7("history", SHORT, "--lang", "ko")
    assert korean.code == 0, korean.err
    text = korean.out
    assert text.startswith("이력 business-manager-f27-short: 체류 2건, 2024-04-08부터; 2027-04-05 F-2-7 신청\n")
    assert "  stays[0]  2024-04-08 ~ 2026-04-07  1212 E-7-1  경영지원 관리자" in text and "42,000,000원" in text
    assert "합계" in text and "(합격 기준 80): 불합격" in text and "학사" in text
    # a history rule's message and a stay's case rule, each from its Korean texts
    assert "[결격] 2027-04-05의 F-2-7 점수: 77점, 합격 점수 80점에 3점 부족합니다." in text
    assert "확인하지 않음: 시간당 급여가 최저시급 이상 (필요 position.weekly_hours)" in text
    # what would raise the points, from the points table's Korean how-texts, and the hint in the finding
    assert "    +5   소득: 최근 소득금액증명의 소득 50,000,000원 (6,500,000원 더) -> 82, 합격" in text
    assert "부족합니다. 최근 소득금액증명의 소득 50,000,000원 (6,500,000원 더)(이)면 82점이 됩니다." in text
    for english in ("Stays, each checked", "Outcome:", "File under", "Eligible:", "Points:", "No findings", "Why:"):
        assert english not in text, english
    english = e7("history", SHORT).out
    assert english.startswith("History business-manager-f27-short: 2 stay(s) from 2024-04-08; F-2-7 on 2027-04-05\n")
    assert "불합격" not in english and "(needs position.weekly_hours)" in english


def test_history_json_in_korean_keeps_the_contract(e7):
    english = e7("history", SHORT, "--format", "json").json()
    korean = e7("history", SHORT, "--format", "json", "--lang", "ko").json()
    assert korean["outcome"] == english["outcome"]
    assert [f["rule"] for f in korean["findings"]] == [f["rule"] for f in english["findings"]]
    assert korean["findings"][0]["message"] != english["findings"][0]["message"]
    assert korean["f27"]["to_raise"] == english["f27"]["to_raise"]  # the English how-texts: no key added
    assert all("how_ko" not in r for r in english["f27"]["to_raise"])


def test_history_markdown_in_korean(e7):
    markdown = e7("history", SHORT, "--format", "markdown", "--lang", "ko").out
    assert markdown.startswith("# 이력 business-manager-f27-short\n") and "## 체류" in markdown
    assert "| 체류 | 시작 | 종료 |" in markdown and "## 검토 결과" in markdown and "**근거:**" in markdown


def test_the_workbench_history_page_speaks_the_page_language():
    from fastapi.testclient import TestClient

    from engine.web.app import create_app

    client = TestClient(create_app())
    page = client.get("/history?lang=ko")
    csrf = client.cookies.get("e7_csrf") or ""
    text = (HISTORIES / "business-manager-f27-short.toml").read_text(encoding="utf-8")
    answer = client.post("/history", data={"text": text, "csrf": csrf})
    assert page.status_code == 200 and answer.status_code == 200, answer.text[:500]
    assert "체류 (각각 개시일에 시행 중인 직종 목록과 기준으로 확인):" in answer.text
    assert "합격 점수 80점에 3점 부족합니다" in answer.text
