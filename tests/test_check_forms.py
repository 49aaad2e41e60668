"""`e7 check` as a report (--format html|pdf -o FILE), in Korean (--lang ko), with --what-if; and `e7 batch` with
spreadsheets in and out (.csv/.xlsx), the output's form picked by its ending."""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest

from .conftest import ROOT

CASES = ROOT / "examples" / "cases"
NGO = str(CASES / "ngo-researcher-after-2026-09.toml")
HOTEL = str(CASES / "hotel-receptionist-foreign-ratio.toml")


def test_check_writes_the_printable_report_as_html(tmp_path, e7):
    out = tmp_path / "report.html"
    result = e7("check", NGO, "--format", "html", "-o", str(out))
    assert result.code == 0 and result.out == ""
    html = out.read_text(encoding="utf-8")
    assert "<h1>E-7 compliance report</h1>" in html and "29,000,000</span> against <span>31,120,000" in html
    assert "ngo-researcher-after-2026-09" in html and "사증발급 안내매뉴얼" in html


def test_check_writes_a_pdf_whose_text_holds_the_decision(tmp_path, e7):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (apt-get install poppler-utils)")
    out = tmp_path / "report.pdf"
    assert e7("check", NGO, "--format", "pdf", "-o", str(out), "--lang", "ko").code == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "E-7 적합성 검토 보고서" in text and "29,000,000" in text and "-2,120,000" in text
    assert "연봉이 임금요건 이상" in text


def test_a_pdf_needs_an_output_file_and_a_bad_output_is_refused(tmp_path, e7):
    result = e7("check", NGO, "--format", "pdf")
    assert result.code == 2 and "-o FILE" in result.err and result.out == ""
    result = e7("check", NGO, "--format", "html", "-o", str(tmp_path / "no" / "such" / "r.html"))
    assert result.code == 2 and "existing folder" in result.err
    assert not (tmp_path / "no").exists()


def test_check_in_korean_keeps_the_decision_and_changes_the_words(e7):
    english = e7("check", HOTEL, "--format", "json").json()
    korean = e7("check", HOTEL, "--format", "json", "--lang", "ko").json()
    assert korean["outcome"] == english["outcome"]
    assert [f["rule"] for f in korean["findings"]] == [f["rule"] for f in english["findings"]]
    assert korean["findings"][0]["message"].startswith("이번 고용으로 외국인 고용 인원이 3명")
    assert english["findings"][0]["message"].startswith("With this hire")


def test_check_text_in_korean_has_korean_headings_and_english_stays_as_it_was(e7):
    korean = e7("check", HOTEL, "--lang", "ko", "--what-if").out
    assert korean.startswith("사건 hotel-receptionist-foreign-ratio (기준일 2026-07-01)\n결과: 부적합")
    assert "\n   근거: " in korean and "\n   조치: " in korean and "\n   사용한 사실: " in korean
    assert "; 법무부 안내매뉴얼; 기준 시행일 2022-07-01" in korean and "검토 결과 2건 (중요한 순):" in korean
    assert "결과를 바꿀 수 있는 변경 (사건을 다시 평가하여 확인함):" in korean
    assert "employer.domestic_employees: 12 -> 13 (+1); 변경 후 결과 적합 (employer.foreign-ratio)" in korean
    for english_heading in (
        "Outcome:",
        "Why:",
        "What to do:",
        "Facts used:",
        "Source:",
        "Checked and passed",
        "What would change",
        "Provenance:",
        "Findings (",
    ):
        assert english_heading not in korean, english_heading
    english = e7("check", HOTEL).out
    assert english.startswith("Case hotel-receptionist-foreign-ratio as of 2026-07-01\nOutcome: INELIGIBLE")
    assert "\n   Why: " in english and "; MoJ manual; rule in force since 2022-07-01" in english
    markdown = e7("check", HOTEL, "--lang", "ko", "--format", "markdown").out
    assert markdown.startswith("# 사건 hotel-receptionist-foreign-ratio (기준일 2026-07-01)\n\n**결과: 부적합")
    assert "- **근거:** " in markdown and "## 확인 결과 충족" in markdown and "**Why:**" not in markdown


def test_check_what_if_names_the_nearest_passing_changes(e7):
    result = e7("check", HOTEL, "--what-if", "--format", "json").json()
    assert [(c["field"], c["after"], c["outcome"]) for c in result["what_if"]] == [
        ("employer.domestic_employees", "13", "ready"),
        ("employer.foreign_employees", "1", "ready"),
    ]
    text = e7("check", NGO, "--what-if").out
    assert "position.annual_salary_krw: 29,000,000 -> 31,120,000 (+2,120,000 KRW); outcome then ready" in text


def test_batch_reads_a_spreadsheet_and_writes_each_form(tmp_path, e7):
    from openpyxl import load_workbook

    from engine.rules.spreadsheets import template

    sheet = tmp_path / "cases.xlsx"
    sheet.write_bytes(template(".xlsx"))
    for suffix in (".xlsx", ".csv", ".jsonl"):
        out = tmp_path / f"out{suffix}"
        result = e7("batch", str(sheet), "-o", str(out))
        assert result.code == 0, result.err
        assert "1 cases" in result.err
    book = load_workbook(tmp_path / "out.xlsx")
    assert [c.value for c in book["Decisions"][2]][:3] == [2, "backend-dev-2026", "needs_information"]
    assert book["Findings"].max_row > 2
    assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("2,backend-dev-2026,")
    line = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert line["case"] == "backend-dev-2026" and line["outcome"] == "needs_information"


def test_batch_writes_a_folder_of_cases_to_xlsx_and_answers_a_bad_row_in_its_own_row(tmp_path, e7):
    from openpyxl import load_workbook

    result = e7("batch", str(CASES), "-o", str(tmp_path / "all.xlsx"))
    assert result.code == 0
    rows = list(load_workbook(tmp_path / "all.xlsx")["Decisions"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(list(CASES.glob("*.toml"))) + len(list(CASES.glob("*.json")))
    csv_in = tmp_path / "cases.csv"
    csv_in.write_text("id,position.code,filed_on\na,2223,2026-07-01\nb,2223,2026-02-30\n", encoding="utf-8")
    result = e7("batch", str(csv_in), "-o", str(tmp_path / "out.csv"))
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("2,a,needs_information") and lines[2].startswith("3,b,error")
    assert "cases.csv: row 3: filed_on: expected a real calendar date" in lines[2]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"id,position.cod\nx,2223\n", "column 2: unknown column 'position.cod' (did you mean 'position.code'?)"),
        (b"id,kind\nx,initial\n", "expected a header row with a position.code column"),
        (b"position.code\n", "expected at least one case below the header row"),
        (b"\xff\xfe\x00\x00garbage", "expected a CSV"),
    ],
)
def test_a_spreadsheet_that_holds_no_cases_is_refused_naming_the_file(tmp_path, e7, content, words):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = e7("batch", str(bad), "-o", str(tmp_path / "out.xlsx"))
    assert result.code == 2 and words in result.err and result.err.startswith("e7: ")
    assert not (tmp_path / "out.xlsx").exists()


def test_a_broken_xlsx_and_a_wrong_output_are_refused(tmp_path, e7):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK not a zip")
    result = e7("batch", str(bad), "-o", str(tmp_path / "out.csv"))
    assert result.code == 2 and "expected an XLSX workbook" in result.err
    good = tmp_path / "good.csv"
    good.write_text("position.code\n2223\n", encoding="utf-8")
    result = e7("batch", str(good), "-o", str(tmp_path / "out.txt"))
    assert result.code == 2 and "expected an output file ending in .jsonl, .csv or .xlsx" in result.err
    result = e7("batch", str(good), "-o", str(good))
    assert result.code == 2 and "other than the input" in result.err


def test_the_same_results_make_the_same_xlsx_bytes(tmp_path, e7):
    sheet = tmp_path / "cases.csv"
    sheet.write_text("id,position.code,filed_on\na,2223,2026-07-01\n", encoding="utf-8")
    e7("batch", str(sheet), "-o", str(tmp_path / "one.xlsx"))
    e7("batch", str(sheet), "-o", str(tmp_path / "two.xlsx"))
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    assert io.BytesIO((tmp_path / "one.xlsx").read_bytes()).read(2) == b"PK"


def test_every_form_of_check_goes_to_the_output_file(tmp_path, e7):
    for form in ("text", "json", "markdown"):
        out = tmp_path / f"decision.{form}"
        result = e7("check", HOTEL, "--format", form, "-o", str(out))
        assert result.code == 0 and result.out == "" and "hotel-receptionist-foreign-ratio" in out.read_text()
    out = tmp_path / "embedded.json"
    assert e7("check", HOTEL, "--format", "json", "--embed-case", "-o", str(out)).code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["case_input"]["position"]["code"] == "3922"
