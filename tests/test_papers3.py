"""Task papers3 of issue 18: the papers a code's section asks of some applicants only (해당자에 한함) are required
where a case field tells they apply, not asked where it tells they do not, and named with the deciding field where it
is missing: 1521's tourism business registration (visa manual 2026.6 p.194), 261's consultant registration (p.213),
2599's criminal record certificate and its exemptions (pp.212-213, a risk), S85411's and S85513's training
certificates (pp.244, 248; stay manual 2026.6 pp.289-294), 441's tourist facility designation and duty-free shop
papers (stay manual pp.277-278)."""

from __future__ import annotations

import pytest

from engine.core.errors import InputError
from engine.rules.papers import PaperRow

from .cases import make
from .test_rules_both_sides import findings, passed

CODE = "documents.code-papers"
RISK = "documents.code-papers-risk"


def position(code: str, subcategory: str = "E-7-1", **more) -> dict:
    return {"code": code, "subcategory": subcategory, "job_title": "Worker", "annual_salary_krw": 45_000_000} | more


# -- 1521: 여행업체 관리자는 관광사업등록증 사본 추가 (p.194) --
MANAGER = position("1521", section_route="travel_or_leisure_manager")


def test_a_travel_agency_manager_files_the_tourism_registration(ev):
    case = make(position=MANAGER, employer={"business_kind": "travel_agency"}, documents={"attached": []})
    _, found = findings(ev, case)
    assert found[CODE].severity == "blocking" and "관광사업자등록증" in found[CODE].message
    held = {"attached": ["tourism_business_registration"]}
    decision, found = findings(ev, make(position=MANAGER, employer={"business_kind": "travel_agency"}, documents=held))
    assert CODE not in found and CODE in passed(decision)


def test_a_hotel_or_leisure_manager_files_no_tourism_registration(ev):
    for kind in ("tourist_hotel_or_restaurant", "other"):
        case = make(position=MANAGER, employer={"business_kind": kind}, documents={"attached": []})
        decision, found = findings(ev, case)
        assert CODE not in found and CODE in passed(decision)
        assert "관광사업자등록증" not in decision.facts["code_papers_listed"]


def test_without_the_kind_of_business_the_registration_is_named_with_the_field(ev):
    decision, found = findings(ev, make(position=MANAGER, documents={"attached": []}))
    assert CODE not in found
    listed = decision.facts["code_papers_listed"]
    assert "관광사업자등록증" in listed and "employer.business_kind not given" in listed


# -- 261: 대한변호사협회 발행 외국법자문사 등록증(외국법자문사인 경우) (p.213) --
def test_a_foreign_legal_consultant_files_the_registration(ev):
    consultant = position("261", section_route="foreign_legal_consultant")
    case = make(position=consultant, applicant={"legal_consultant_registered": True},
                documents={"attached": ["foreign_law_licence"]})  # fmt: skip
    _, found = findings(ev, case)
    assert "외국법자문사 등록증" in found[CODE].message
    case = make(position=consultant, applicant={"legal_consultant_registered": True},
                documents={"attached": ["foreign_law_licence", "foreign_legal_consultant_registration"]})  # fmt: skip
    decision, found = findings(ev, case)
    assert CODE not in found and CODE in passed(decision)


def test_a_foreign_lawyer_who_is_no_consultant_files_only_the_licence(ev):
    lawyer = position("261", section_route="general")
    decision, found = findings(ev, make(position=lawyer, documents={"attached": ["foreign_law_licence"]}))
    assert CODE not in found and decision.facts["code_papers_listed"] == "none named"
    decision, found = findings(ev, make(position=position("261"), documents={"attached": ["foreign_law_licence"]}))
    assert CODE not in found and "position.section_route not given" in decision.facts["code_papers_listed"]


# -- 2599: 범죄경력증명서 and its exemptions (pp.212-213) --
TEACHER = position("2599", section_route="foreign_school_teacher")
NO_EXEMPTION = {"code_licence": False, "korea_teacher_years_recent": 2.0}
TEACHER_PAPERS = ["degree_certificate"]


def teacher(applicant: dict, fair: bool | None = False, attached: list[str] = TEACHER_PAPERS):
    return make(position=TEACHER | {"hired_through_fair": fair}, applicant=applicant, documents={"attached": attached})


def test_a_teacher_with_no_exemption_is_at_risk_without_the_criminal_record(ev):
    decision, found = findings(ev, teacher(NO_EXEMPTION))
    assert found[RISK].severity == "risk" and "범죄경력증명서" in found[RISK].message
    assert CODE not in found  # the degree is there: the certificate alone does not block
    decision, found = findings(ev, teacher(NO_EXEMPTION, attached=[*TEACHER_PAPERS, "criminal_record_certificate"]))
    assert RISK not in found and RISK in passed(decision)


@pytest.mark.parametrize(
    ("applicant", "fair"),
    [({"code_licence": True}, None), ({"korea_teacher_years_recent": 3.0}, None), ({}, True)],
    ids=["home-country-licence", "three-years-in-korea", "recruitment-fair"],
)
def test_each_exemption_spares_the_criminal_record(ev, applicant, fair):
    decision, found = findings(ev, teacher(applicant, fair=fair))
    assert RISK not in found and RISK in passed(decision)
    assert "범죄경력증명서" not in decision.facts["code_papers_listed"]


def test_an_unknown_exemption_names_the_certificate_with_the_fields(ev):
    decision, found = findings(ev, teacher({"code_licence": False}, fair=None))
    assert RISK not in found and CODE not in found
    listed = decision.facts["code_papers_listed"]
    assert "범죄경력증명서" in listed and "position.hired_through_fair" in listed


def test_the_years_as_a_teacher_in_korea_are_bounded():
    with pytest.raises(InputError, match="korea_teacher_years_recent"):
        make(applicant={"korea_teacher_years_recent": 6.0})


# -- S85411 훈련프로그램 이수증(해당자에 한함), S85513 훈련이수 확인증(해당자) --
AUTO = position("S85411", "E-7-3")
AUTO_PAPERS = ["degree_certificate", "experience_certificate", "skill_test_confirmation"]


def test_s85411_asks_the_training_certificate_of_the_training_route(ev):
    applicant = {"education": "associate", "stem_degree": False, "code_licence": True, "skill_test_passed": True}
    _, found = findings(ev, make(position=AUTO, applicant=applicant, documents={"attached": AUTO_PAPERS}))
    assert "훈련프로그램 이수증" in found[CODE].message
    held = {"attached": [*AUTO_PAPERS, "training_certificate"]}
    _, found = findings(ev, make(position=AUTO, applicant=applicant, documents=held))
    assert CODE not in found


def test_s85411_asks_no_training_certificate_of_a_stem_graduate(ev):
    applicant = {"stem_degree": True, "code_licence": False, "skill_test_passed": True}
    decision, found = findings(ev, make(position=AUTO, applicant=applicant, documents={"attached": AUTO_PAPERS}))
    assert CODE not in found and decision.facts["code_papers_listed"] == "none named"
    decision, _ = findings(ev, make(position=AUTO, applicant={"skill_test_passed": True},
                                    documents={"attached": AUTO_PAPERS}))  # fmt: skip
    assert "applicant.code_licence not given" in decision.facts["code_papers_listed"]


CONSTRUCTION = position("S85513", "E-7-3")


def test_s85513_asks_the_training_certificate_where_the_course_was_completed(ev):
    applicant = {"code_licence": False, "code_training_completed": True}
    _, found = findings(ev, make(position=CONSTRUCTION, applicant=applicant, documents={"attached": AUTO_PAPERS}))
    assert "훈련프로그램 이수증" in found[CODE].message
    applicant = {"code_licence": False, "code_training_completed": False}
    decision, found = findings(ev, make(position=CONSTRUCTION, applicant=applicant,
                                        documents={"attached": AUTO_PAPERS}))  # fmt: skip
    assert CODE not in found and decision.facts["code_papers_listed"] == "none named"
    decision, _ = findings(ev, make(position=CONSTRUCTION, applicant={"code_licence": False},
                                    documents={"attached": AUTO_PAPERS}))  # fmt: skip
    assert "applicant.code_training_completed not given" in decision.facts["code_papers_listed"]


# -- 441: 관광편의시설업 지정 서류 (해당자에 한함), 면세판매장 또는 보세판매장 서류 (해당업체에 한함) --
COOK = position("441", "E-7-2")
COOK_PAPERS = ["cooking_competition_award", "employment_insurance_roster", "insured_acquisition_history",
               "workplace_area_proof", "vat_tax_base_certificate"]  # fmt: skip


def cook(**employer):
    return make(position=COOK, employer=employer, documents={"attached": COOK_PAPERS})


def test_a_designated_tourist_facility_files_its_designation(ev):
    _, found = findings(ev, cook(business_kind="chinese_restaurant", tourist_facility_designated=True))
    assert "관광편의시설업 지정 서류" in found[CODE].message and "면세판매장" not in found[CODE].message
    decision, found = findings(ev, cook(business_kind="chinese_restaurant", tourist_facility_designated=False))
    assert CODE not in found  # revb: the duty-free papers are named for every cook (listed), never counted missing
    assert decision.facts["code_papers_listed"].startswith("외국인관광객 면세판매장")


def test_the_cook_papers_name_the_deciding_fields_where_missing(ev):
    decision, found = findings(ev, cook())
    listed = decision.facts["code_papers_listed"]
    assert CODE not in found
    assert "employer.tourist_facility_designated not given" in listed
    # revb: the duty-free papers are named for every cook (441 accepts no duty-free shop: business_kind decides nothing)
    assert "면세판매장" in listed and "employer.business_kind not given" not in listed


# -- the common papers (p.176): 자격요건 입증서류(학위증, 경력증명서, 자격증 등) --
COMMON = ["passport_copy", "photo", "employment_contract", "degree_certificate", "experience_certificate",
          "establishment_documents", "invitation_reasons", "national_tax_certificate",
          "local_tax_certificate"]  # fmt: skip
NURSE = position("2430")


def test_a_nurse_who_relies_on_her_licence_files_it(ev):
    case = make(position=NURSE, applicant={"licences": ["korean_nursing_licence"]}, documents={"attached": COMMON})
    _, found = findings(ev, case)
    general = found["documents.general-papers"]
    assert general.severity == "blocking" and "자격증" in general.message
    case = make(position=NURSE, applicant={"licences": ["korean_nursing_licence"]},
                documents={"attached": [*COMMON, "licence"]})  # fmt: skip
    decision, found = findings(ev, case)
    assert "documents.general-papers" not in found and "documents.general-papers" in passed(decision)


def test_no_licence_certificate_without_a_licence_or_where_the_code_list_asks_it(ev):
    for licences in ([], None):
        decision, found = findings(ev, make(position=NURSE, applicant={"licences": licences},
                                            documents={"attached": COMMON}))  # fmt: skip
        assert "documents.general-papers" not in found and "documents.general-papers" in passed(decision)
    lawyer = make(position=position("261", section_route="general"), applicant={"licences": ["foreign_law_licence"]},
                  documents={"attached": COMMON})  # fmt: skip
    _, found = findings(ev, lawyer)
    assert "documents.general-papers" not in found and "외국 법률에 의한 해당 자격증" in found[CODE].message


def test_a_row_deciding_by_an_unknown_fact_is_refused():
    with pytest.raises(ValueError, match="decided_by"):
        PaperRow.parse({"paper": "licence", "where": "x == true", "decided_by": "x"})
    row = PaperRow.parse({"paper": "licence", "where": "code_licence == true", "decided_by": "code_licence"})
    assert row.undecided({}) == ["applicant.code_licence"] and row.undecided({"code_licence": False}) == []
