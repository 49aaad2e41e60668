"""A second reading of the rules issue 18 added on 2026-12-04 against the manuals (task review2): each test pins a
slip found on that reading, on both sides, in the words a user would check (the findings a case gets).

- visa manual 2026.6 p.210: a university lecturer (2512) files 고용계약서 또는 임용예정확인서: the letter of
  appointment stands for the contract, and a contract is enough;
- p.213: 2599 teachers: 교사자격증 소지자는 학위증 제출 생략;
- p.237: 7406 welders: 송출국 정부에서 발행한 자격증 및 경력사항이 포함된 확인서를 아포스티유(또는 영사확인) 받아
  제출하는 경우에도 인정, and 산업부 지정기관의 강화된 기량 검증통과 시 경력증명서 제출 면제(’25. 7. 1.부터 2년간
  시범운영).
"""

from __future__ import annotations

import datetime as dt

import pytest

from .cases import make
from .test_papers import position
from .test_rules_both_sides import findings

GENERAL = "documents.general-papers"
CODE = "documents.code-papers"

# the common papers of an initial application (visa manual p.176) but the contract and the worker's proofs
COMMON = [
    "passport_copy",
    "photo",
    "establishment_documents",
    "invitation_reasons",
    "national_tax_certificate",
    "local_tax_certificate",
]


LECTURER = position("2512", "E-7-1")
LECTURER_OWN = ["experience_certificate", "degree_certificate", "school_establishment_documents"]


def test_a_lecturer_with_a_contract_needs_no_letter_of_appointment(ev):
    # p.210: 고용계약서 또는 임용예정확인서: the contract alone is one of the two
    _, found = findings(
        ev, make(position=LECTURER, documents={"attached": [*COMMON, *LECTURER_OWN, "employment_contract"]})
    )
    assert CODE not in found and GENERAL not in found
    _, found = findings(ev, make(position=LECTURER, documents={"attached": [*COMMON, *LECTURER_OWN]}))
    assert "임용예정확인서" in found[CODE].message


def test_a_lecturer_with_a_letter_of_appointment_needs_no_contract(ev):
    held = [*COMMON, *LECTURER_OWN, "employment_contract_or_appointment"]
    _, found = findings(ev, make(position=LECTURER, documents={"attached": held}))
    assert GENERAL not in found and CODE not in found
    # another code: the letter of appointment is not the contract p.176 asks for
    _, found = findings(ev, make(documents={"attached": [*COMMON, "degree_certificate", "experience_certificate"]}))
    assert "고용계약서" in found[GENERAL].message


TEACHER = position("2599", "E-7-1")


def test_a_licensed_teacher_files_no_degree_certificate(ev):
    # p.213: 교사자격증 소지자는 학위증 제출 생략
    held = [*COMMON, "employment_contract", "experience_certificate", "teacher_licence"]
    _, found = findings(ev, make(position=TEACHER, documents={"attached": held}))
    assert GENERAL not in found and CODE not in found
    # neither the licence nor the degree: the section's choice is missing
    held = [*COMMON, "employment_contract", "experience_certificate"]
    _, found = findings(ev, make(position=TEACHER, documents={"attached": held}))
    assert "학위증" in found[CODE].message and "교사자격증" in found[CODE].message


def welder(filed_on: dt.date, attached: list[str], issued_abroad: bool = True) -> object:
    return make(
        filed_on=filed_on,
        position=position("7406", "E-7-3", annual_salary_krw=36_000_000),
        applicant={
            "education": "high_school",
            "code_licence": True,
            "skill_test_passed": True,
            "experience_years": 4.0,
        },
        employer={"regular_workers": 20, "domestic_employees": 18, "founded_on": dt.date(2015, 1, 1)},
        documents={"attached": attached, "issued_abroad": issued_abroad},
    )


WELDER_COMMON = [*COMMON, "employment_contract", "translation", "apostille_or_consular_confirmation"]


def test_a_welder_may_file_the_sending_governments_confirmation(ev):
    # p.237: 송출국 정부에서 발행한 자격증 및 경력사항이 포함된 확인서를 아포스티유 받아 제출하는 경우에도 인정
    held = [*WELDER_COMMON, "experience_certificate", "sending_government_confirmation", "skill_test_confirmation"]
    _, found = findings(ev, welder(dt.date(2026, 7, 1), held))
    assert CODE not in found
    # without the apostille it is not the paper the section accepts
    held = [p for p in held if p != "apostille_or_consular_confirmation"]
    _, found = findings(ev, welder(dt.date(2026, 7, 1), held, issued_abroad=False))
    assert "국제선급회사" in found[CODE].message


@pytest.mark.parametrize(
    ("filed_on", "asked"),
    [
        (dt.date(2025, 6, 30), True),  # before the pilot
        (dt.date(2025, 7, 1), False),
        (dt.date(2027, 6, 30), False),
        (dt.date(2027, 7, 1), True),  # after its 2 years
    ],
)
def test_a_welder_in_the_pilot_files_no_experience_certificate(ev, filed_on, asked):
    # p.237: 산업부 지정기관의 강화된 기량 검증통과 시 경력증명서 제출 면제(’25. 7. 1.부터 2년간 시범운영)
    held = [*WELDER_COMMON, "classification_society_licence", "skill_test_confirmation"]
    _, found = findings(ev, welder(filed_on, held))
    assert (GENERAL in found and "경력증명서" in found[GENERAL].message) is asked


def test_a_teacher_filing_originals_needs_no_apostille(ev):
    # p.213: 교사자격증 ... 사본 제출시 재외공관 공증(아포스티유), 단 원본 제출할 경우 공증 절차 생략;
    # 경력증명서 : 원본을 제출하는 경우 공증절차 생략: whether originals are filed is not in the case, so the
    # apostille is named, not required
    held = [*COMMON, "employment_contract", "experience_certificate", "teacher_licence", "translation"]
    _, found = findings(ev, make(position=TEACHER, documents={"attached": held, "issued_abroad": True}))
    assert GENERAL not in found and CODE not in found
    # another code: p.176 asks the apostille of the key papers issued abroad
    held = [*COMMON, "employment_contract", "experience_certificate", "degree_certificate", "translation"]
    _, found = findings(ev, make(documents={"attached": held, "issued_abroad": True}))
    assert "아포스티유" in found[GENERAL].message


def test_papers_issued_abroad_in_english_need_no_translation(ev):
    # p.176: 국외에서 발급한 서류는 반드시 국문 또는 영문 번역본 첨부: a paper already in English (or Korean) has the
    # language the translation would give it
    held = [*COMMON, "employment_contract", "degree_certificate", "experience_certificate"]
    held += ["apostille_or_consular_confirmation"]
    english = {"attached": held, "issued_abroad": True, "abroad_papers_in_english": True}
    _, found = findings(ev, make(documents=english))
    assert GENERAL not in found
    for documents in (english | {"abroad_papers_in_english": False}, {"attached": held, "issued_abroad": True}):
        _, found = findings(ev, make(documents=documents))
        assert "국문 또는 영문 번역본" in found[GENERAL].message


@pytest.mark.parametrize(("foreign_now", "refused"), [(1, False), (2, True)])
def test_a_slaughterhouse_may_employ_two_whatever_its_domestic_staff_in_the_2026_6_edition(ev, foreign_now, refused):
    # visa manual 2026.6 p.247: (국민고용 보호 심사기준) 적용대상(별도 기준 적용) - (업체당 고용인원) 업체당 최대 2명:
    # the separate standard is the 2, not the 20% share (the 2026-09-01 edition adds the share from the 3rd)
    case = make(
        filed_on=dt.date(2026, 3, 2),
        position=position("S71032", "E-7-3", annual_salary_krw=36_000_000),
        employer={"domestic_employees": 6, "foreign_employees": foreign_now},
    )
    _, found = findings(ev, case)
    assert ("employer.foreign-ratio" in found) is refused
