"""The papers a file holds, by name (issue 18, task docs18): documents.attached against the lists of the ruleset
parameters code_papers (visa manual 2026.6 pp.194-248, stay manual pp.277-294) and e7_4_papers (stay manual
p.310), read by engine/rules/papers.py; the rules documents.code-papers and documents.e7-4-papers on both sides;
old cases that say only documents.code_documents keep their outcome; an unknown paper is refused."""

from __future__ import annotations

import pytest

from engine.rules.papers import PaperRow

from .cases import make
from .test_rules_both_sides import findings, passed

CODE = "documents.code-papers"
E74 = "documents.e7-4-papers"
OLD = "documents.code-documents"


def position(code: str, subcategory: str, **more) -> dict:
    return {"code": code, "subcategory": subcategory, "job_title": "Worker", "annual_salary_krw": 45_000_000} | more


LECTURER = position("2512", "E-7-1")
LECTURER_PAPERS = ["experience_certificate", "degree_certificate", "employment_contract_or_appointment"]


def test_each_missing_paper_is_named(ev):
    # p.210: 경력증명서 및 학위증 사본, 고용계약서 또는 임용예정확인서, 초청학교 설립관련 서류
    all_four = [*LECTURER_PAPERS, "school_establishment_documents"]
    decision, found = findings(ev, make(position=LECTURER, documents={"attached": all_four}))
    assert CODE not in found and CODE in passed(decision)
    _, found = findings(ev, make(position=LECTURER, documents={"attached": LECTURER_PAPERS}))
    f = found[CODE]
    assert f.severity == "blocking" and "초청학교 설립관련 서류" in f.message and "학위증" not in f.message


def test_a_choice_needs_one_of_its_papers(ev):
    # S71032 p.247: 도축 분야 교육 수료증 또는 자격증, 경력증명서
    code = position("S71032", "E-7-3")
    for held in ("slaughter_training_certificate", "licence"):
        _, found = findings(ev, make(position=code, documents={"attached": [held, "experience_certificate"]}))
        assert CODE not in found
    _, found = findings(ev, make(position=code, documents={"attached": ["experience_certificate"]}))
    assert "도축 분야 교육 수료증 (slaughter training certificate) / 자격증" in found[CODE].message


def test_the_apostille_only_where_papers_were_issued_abroad(ev):
    # S8417 p.241: 해외 발급 서류는 아포스티유 확인 또는 대한민국 공관의 영사확인 필수
    code = position("S8417", "E-7-3")
    held = {"attached": ["degree_certificate", "experience_certificate"]}
    _, found = findings(ev, make(position=code, documents=held | {"issued_abroad": False}))
    assert CODE not in found
    _, found = findings(ev, make(position=code, documents=held | {"issued_abroad": True}))
    assert "아포스티유" in found[CODE].message


def test_the_degree_certificate_only_where_the_case_states_a_degree(ev):
    code = position("S8417", "E-7-3")
    papers = {"attached": ["experience_certificate"]}
    _, found = findings(ev, make(position=code, applicant={"education": "high_school"}, documents=papers))
    assert CODE not in found
    _, found = findings(ev, make(position=code, applicant={"education": "associate"}, documents=papers))
    assert "학위증" in found[CODE].message


def test_a_branch_of_the_section_decides_its_papers(ev):
    # 2742 p.218: only the 해외 온라인 상품 판매원 files 무역실적, 사무공간, 한국어 능력 papers
    _, found = findings(ev, make(position=position("2742", "E-7-1"), documents={"attached": []}))
    assert CODE not in found
    online = position("2742", "E-7-1", section_route="online_seller")
    _, found = findings(ev, make(position=online, documents={"attached": []}))
    assert "무역실적 증빙서류" in found[CODE].message and "사무공간" in found[CODE].message


def test_a_paper_for_some_applicants_only_is_named_never_missing(ev):
    # 261 p.213: 외국법자문사 등록증(외국법자문사인 경우)
    code = position("261", "E-7-1")
    decision, found = findings(ev, make(position=code, documents={"attached": ["foreign_law_licence"]}))
    assert CODE not in found and "외국법자문사 등록증" in decision.facts["code_papers_listed"]
    _, found = findings(ev, make(position=code, documents={"attached": []}))
    assert "외국 법률에 의한 해당 자격증" in found[CODE].message and "외국법자문사" not in found[CODE].message


def test_not_at_an_extension_and_the_old_yes_no_field_unchanged(ev):
    _, found = findings(ev, make(kind="extension", position=LECTURER, documents={"attached": []}))
    assert CODE not in found
    # a case without the named list: no finding, and documents.code_documents decides as before
    decision, found = findings(ev, make(position=LECTURER))
    assert CODE not in found and "code_papers_missing_count" not in decision.facts
    s71032 = position("S71032", "E-7-3")
    _, found = findings(ev, make(position=s71032, documents={"code_documents": False}))
    assert OLD in found and CODE not in found
    # with the named list the yes/no field is not asked for
    _, found = findings(ev, make(position=s71032, documents={"attached": ["licence", "experience_certificate"]}))
    assert OLD not in found and CODE not in found


E7_4 = position("S740", "E-7-4")
E7_4_ALL = [
    "application_form",
    "passport_copy",
    "points_self_assessment",
    "personal_statement",
    "e7_4_standard_contract",
    "income_certificate",
    "guarantee",
    "business_registration",
    "national_tax_certificate",
    "local_tax_certificate",
    "social_insurance_roster",
]


def e7_4_case(attached, kind="change_of_status", **e7_4):
    return make(kind=kind, position=E7_4, documents={"attached": attached}, e7_4=e7_4)


def test_e7_4_papers_every_applicant_files(ev):
    decision, found = findings(ev, e7_4_case(E7_4_ALL))
    assert E74 not in found and E74 in passed(decision)
    _, found = findings(ev, e7_4_case([p for p in E7_4_ALL if p != "personal_statement"]))
    assert found[E74].severity == "blocking" and "신상 기술서" in found[E74].message


def test_e7_4_papers_where_they_apply(ev):
    # 고용기업 추천서 및 추천자 신분증 사본 where the employer recommends; 국내 운전면허증사본 (가점 해당자만)
    _, found = findings(ev, e7_4_case(E7_4_ALL, employer_recommendation=False, korean_driving_licence=False))
    assert E74 not in found
    _, found = findings(ev, e7_4_case(E7_4_ALL, employer_recommendation=True, korean_driving_licence=True))
    message = found[E74].message
    assert "고용기업 추천서" in message and "추천자 신분증 사본" in message and "국내 운전면허증 사본" in message
    # 공사금액 입증서류 (건설업에 한함): a firm that gives its construction amount
    _, found = findings(ev, e7_4_case(E7_4_ALL, construction_amount_krw=950_000_000))
    assert "공사금액 입증서류" in found[E74].message


def test_e7_4_papers_only_for_a_change_of_status(ev):
    _, found = findings(ev, e7_4_case([], kind="extension"))
    assert E74 not in found


def test_an_unknown_paper_is_refused(e7, tmp_path):
    path = tmp_path / "case.toml"
    path.write_text('[documents]\nattached = ["diploma"]\n[position]\ncode = "2512"\n', encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2 and "documents.attached" in result.err and "degree_certificate" in result.err


@pytest.mark.parametrize(
    "row", [{"paper": "diploma"}, {"paper": "licence", "any": ["licence"]}, {"paper": "licence", "where": "x ="}]
)
def test_a_malformed_row_is_refused(row):
    with pytest.raises(ValueError):
        PaperRow.parse(row)


def test_every_paper_has_its_words_and_is_documented():
    import typing
    from pathlib import Path

    from engine.core.papers import PAPER_WORDS, Paper

    names = typing.get_args(Paper)
    assert set(names) == set(PAPER_WORDS)
    cases_md = (Path(__file__).parent.parent / "docs" / "cases.md").read_text(encoding="utf-8")
    assert all(name in cases_md for name in names)


def test_the_codes_of_the_yes_no_field_have_a_named_list_too(ev):
    # 7406 p.237: 국제선급회사 등 발급 자격증, 기량검증단 발급 기량검증확인서, 학위증(해당자)
    welder = position("7406", "E-7-3")
    held = ["classification_society_licence", "skill_test_confirmation"]
    _, found = findings(ev, make(position=welder, applicant={"education": "high_school"}, documents={"attached": held}))
    assert CODE not in found and OLD not in found
    _, found = findings(ev, make(position=welder, applicant={"education": "high_school"}, documents={"attached": []}))
    assert "기량검증 확인서" in found[CODE].message and OLD not in found
    # 78369 p.240: 기량검증통과자는 산업부 지정기관의 기량검증 확인서
    painter = position("78369", "E-7-3")
    papers = {"attached": ["industry_ministry_employer_recommendation"]}
    _, found = findings(ev, make(position=painter, applicant={"skill_test_passed": False}, documents=papers))
    assert CODE not in found
    _, found = findings(ev, make(position=painter, applicant={"skill_test_passed": True}, documents=papers))
    assert "기량검증 확인서" in found[CODE].message


INITIAL_ALL = [
    "passport_copy",
    "photo",
    "employment_contract",
    "degree_certificate",
    "experience_certificate",
    "establishment_documents",
    "invitation_reasons",
    "national_tax_certificate",
    "local_tax_certificate",
]
GENERAL = "documents.general-papers"


def test_the_common_papers_of_an_initial_application(ev):
    # p.176: 여권사본, 반명함판 칼라사진 1매, 고용계약서, 자격요건 입증서류 ... 납세증명서, 지방세 납세증명
    decision, found = findings(ev, make(documents={"attached": INITIAL_ALL}))
    assert GENERAL not in found and GENERAL in passed(decision)
    _, found = findings(ev, make(documents={"attached": [p for p in INITIAL_ALL if p != "photo"]}))
    assert found[GENERAL].severity == "blocking" and "반명함판 칼라사진 1매" in found[GENERAL].message
    # 국외에서 발급한 서류는 반드시 국문 또는 영문 번역본 첨부
    _, found = findings(ev, make(documents={"attached": INITIAL_ALL, "issued_abroad": True}))
    assert "국문 또는 영문 번역본" in found[GENERAL].message


def test_a_law_abiding_company_is_spared_its_establishment_papers(ev):
    # p.179: 고용업체 설립 관련 서류 및 고용의 필요성 입증서류 등 면제
    held = [p for p in INITIAL_ALL if p not in ("establishment_documents", "invitation_reasons")]
    _, found = findings(ev, make(employer={"compliance_designation": True}, documents={"attached": held}))
    assert GENERAL not in found
    _, found = findings(ev, make(employer={"compliance_designation": False}, documents={"attached": held}))
    assert "고용단체 등 설립관련서류" in found[GENERAL].message
    _, found = findings(ev, make(kind="change_of_status", documents={"attached": []}))
    assert GENERAL not in found


def test_the_contract_states_the_hours_where_the_case_says(ev):
    # visa p.182: 반드시 고용계약서에 월 급여총액(연봉) 대비 근로시간을 명시 (1일 및 월간 근무시간 명시)
    decision, found = findings(ev, make(documents={"contract_states_hours": True}))
    assert "documents.contract-hours" not in found and "documents.contract-hours" in passed(decision)
    _, found = findings(ev, make(documents={"contract_states_hours": False}))
    assert found["documents.contract-hours"].severity == "risk"
    decision, found = findings(ev, make())
    assert "documents.contract-hours" not in found and "documents.contract-hours" not in passed(decision)


def test_the_e7_4_guarantor_is_the_employer(ev):
    # stay p.310: 신원보증서(별지129호) → 고용주가 신원보증인
    _, found = findings(ev, make(kind="change_of_status", position=E7_4, documents={"guarantee_by_employer": True}))
    assert "documents.e7-4-guarantor" not in found
    _, found = findings(ev, make(kind="change_of_status", position=E7_4, documents={"guarantee_by_employer": False}))
    assert found["documents.e7-4-guarantor"].severity == "blocking"
    _, found = findings(ev, make(documents={"guarantee_by_employer": False}))  # 2223 is not E-7-4
    assert "documents.e7-4-guarantor" not in found


@pytest.mark.parametrize(("until", "short"), [("2028-06-30", False), ("2028-06-29", True), ("2030-06-30", False)])
def test_the_e7_4_guarantee_covers_two_years(ev, until, short):
    # stay p.308: 신원보증기간이 2년보다 짧으면 체류기간을 2년 부여받으실 수 없습니다 (filed 2026-07-01)
    import datetime as dt

    case = make(
        kind="change_of_status",
        filed_on=dt.date(2026, 7, 1),
        position=E7_4,
        documents={"guarantee_until": dt.date.fromisoformat(until)},
    )
    decision, found = findings(ev, case)
    assert decision.facts["e74_guarantee_needed"] == "2028-06-30"
    assert ("documents.e7-4-guarantee-period" in found) is short
    if short:
        f = found["documents.e7-4-guarantee-period"]
        assert f.severity == "risk" and "2028-06-29" in f.message and "2028-06-30" in f.message


def test_the_licence_where_the_case_says_the_worker_holds_it(ev):
    # 76231 p.243: 유효한 자격증(해당자), 경력 증명서, 기량검증 확인서
    code = position("76231", "E-7-3")
    papers = {"attached": ["experience_certificate", "skill_test_confirmation"]}
    _, found = findings(ev, make(position=code, applicant={"code_licence": False}, documents=papers))
    assert CODE not in found
    _, found = findings(ev, make(position=code, applicant={"code_licence": True}, documents=papers))
    assert "자격증 (licence" in found[CODE].message


@pytest.mark.parametrize(
    ("documents", "field", "expected"),
    [
        ('attached = "degree_certificate"', "documents.attached", "expected a list"),
        ('guarantee_until = "soon"', "documents.guarantee_until", "expected a date"),
        ('contract_states_hours = "yes"', "documents.contract_states_hours", "expected true or false"),
    ],
)
def test_bad_papers_input_is_refused_with_the_field(e7, tmp_path, documents, field, expected):
    path = tmp_path / "case.toml"
    path.write_text(f'[documents]\n{documents}\n[position]\ncode = "S740"\n', encoding="utf-8")
    result = e7("check", str(path))
    assert result.code == 2 and result.err.count("\n") == 1 and field in result.err and expected in result.err


def test_the_papers_are_typed_in_a_form_as_names_separated_by_commas():
    from engine.core.caseform import BY_PATH, case_of

    field = BY_PATH["documents.attached"]
    assert field.kind == "list" and "skill_test_confirmation" in field.choices
    base = {"position.code": "S85411"}
    case = case_of({**base, field.path: "degree_certificate, skill_test_confirmation"}, [], "form")
    assert case.documents.attached == ("degree_certificate", "skill_test_confirmation")
    assert case_of({**base, field.path: "none"}, [], "form").documents.attached == ()


@pytest.mark.parametrize(("test", "asked"), [("topik", True), ("kiip", False), ("kiip_pretest", False)])
def test_the_topik_score_sheet_only_where_korean_rests_on_topik(ev, test, asked):
    # stay p.310: 한국어능력 입증을 TOPIK으로 할 경우만 점수표를 제출 (사회통합프로그램 이수나 사전평가는 생략)
    case = make(
        kind="change_of_status",
        position=E7_4,
        applicant={"korean_test": test},
        documents={"attached": E7_4_ALL},
    )
    _, found = findings(ev, case)
    assert (E74 in found) is asked
    if asked:
        assert "TOPIK 점수표" in found[E74].message


@pytest.mark.parametrize(("salary", "asked"), [(3 * 52_416_000, False), (3 * 52_416_000 - 60_000, True)])
def test_pay_of_three_times_gni_is_not_asked_the_degree_and_experience_proofs(ev, salary, asked):
    # p.174: 직종에 관계없이 학력, 경력 모두 면제가능; the proofs of p.176 are 자격요건 입증서류:
    # they prove no requirement
    held = [p for p in INITIAL_ALL if p not in ("degree_certificate", "experience_certificate")]
    case = make(position={"annual_salary_krw": salary}, documents={"attached": held})
    decision, found = findings(ev, case)
    if asked:
        assert found[GENERAL].severity == "blocking"
        assert "학위증" in found[GENERAL].message and "경력증명서" in found[GENERAL].message
    else:
        assert GENERAL not in found and GENERAL in passed(decision)
