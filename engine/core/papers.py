"""The papers a case file can say it holds (``documents.attached``), each named once with the manual's words.

A paper is named here, not in a ruleset, because the case format refuses a name it does not know (like the
employer's certifications). Which paper a file needs, for which code and kind of application, is data: the
ruleset parameters ``code_papers`` and ``e7_4_papers`` (engine/rules/papers.py), with their pages.

May import nothing of engine (the bottom layer, read by engine/core/case.py and engine/rules/papers.py).
"""

from __future__ import annotations

from typing import Literal

Paper = Literal[
    # the worker's qualification (visa manual 2026.6 pp.210-218, 229, 241-248; stay manual 2026.6 pp.277-294)
    "degree_certificate",
    "experience_certificate",
    "licence",
    "teacher_licence",
    "foreign_law_licence",
    "foreign_legal_consultant_registration",
    "skill_test_confirmation",
    "training_certificate",
    "slaughter_training_certificate",
    "cooking_competition_award",
    "cook_licence",
    "criminal_record_certificate",
    "apostille_or_consular_confirmation",
    "korean_proficiency_proof",
    # the employer's and the position's papers named by a code's section
    "employment_contract_or_appointment",
    "school_establishment_documents",
    "cooperation_letter",
    "tourism_business_registration",
    "foreign_tourist_record",
    "event_plan",
    "financial_statements_and_ticket_sales",
    "trade_record_proof",
    "office_space_proof",
    "ministry_employer_recommendation_letter",
    "employment_insurance_roster",
    "insured_acquisition_history",
    "workplace_area_proof",
    "vat_tax_base_certificate",
    "tourist_facility_designation",
    # E-7-4 (stay manual 2026.6 p.310, 붙임2 제출 서류 목록)
    "application_form",
    "passport_copy",
    "points_self_assessment",
    "personal_statement",
    "e7_4_standard_contract",
    "income_certificate",
    "topik_score_sheet",
    "guarantee",
    "business_registration",
    "farm_business_registration",
    "national_tax_certificate",
    "local_tax_certificate",
    "social_insurance_roster",
    "construction_amount_proof",
    "employer_recommendation_letter",
    "recommender_id_copy",
    "korean_licence_copy",
    "korean_degree_copy",
    "korean_driving_licence_copy",
    "root_industry_confirmation",
    "prime_contractor_or_supplier_confirmation",
    "coastal_shipping_licence",
]

# each paper in the manual's words (Korean) and in English, for the finding that names what is missing
PAPER_WORDS: dict[str, tuple[str, str]] = {
    "degree_certificate": ("학위증", "degree certificate"),
    "experience_certificate": ("경력증명서", "experience certificate"),
    "licence": ("자격증", "licence or qualification certificate"),
    "teacher_licence": ("교사자격증", "teacher's licence"),
    "foreign_law_licence": ("외국 법률에 의한 해당 자격증", "the licence under the foreign law"),
    "foreign_legal_consultant_registration": (
        "대한변호사협회 발행 외국법자문사 등록증",
        "foreign legal consultant registration (Korean Bar Association)",
    ),
    "skill_test_confirmation": ("기량검증 확인서", "skill-test confirmation"),
    "training_certificate": ("훈련프로그램 이수증", "training programme certificate"),
    "slaughter_training_certificate": ("도축 분야 교육 수료증", "slaughter training certificate"),
    "cooking_competition_award": ("국내외 인정되는 요리경연대회 입상서류", "cooking competition award"),
    "cook_licence": ("요리사 자격증", "cook's licence"),
    "criminal_record_certificate": ("범죄경력증명서", "criminal record certificate"),
    "apostille_or_consular_confirmation": (
        "아포스티유 확인 또는 대한민국 공관의 영사확인",
        "apostille or Korean consular confirmation of the papers issued abroad",
    ),
    "korean_proficiency_proof": ("한국어 능력 입증서류", "proof of Korean"),
    "employment_contract_or_appointment": ("고용계약서 또는 임용예정확인서", "contract or letter of appointment"),
    "school_establishment_documents": (
        "초청학교 설립관련 서류(사업자등록증 사본 또는 고유번호증 사본)",
        "the school's establishment documents",
    ),
    "cooperation_letter": (
        "해당 중앙행정기관의 장 및 지방자치단체의 장의 협조공문",
        "letter of cooperation from the ministry or local government",
    ),
    "tourism_business_registration": ("관광사업자등록증 사본(일반여행업)", "tourism business registration"),
    "foreign_tourist_record": ("외국인관광객 유치실적 증빙서류", "proof of foreign tourists brought in"),
    "event_plan": ("공연․국제회의 계획서 등", "performance or conference plan"),
    "financial_statements_and_ticket_sales": (
        "법무 재무제표 및 공연티켓 통신판매사업자 등의 공연매출증명서",
        "financial statements and ticket sales certificate",
    ),
    "trade_record_proof": ("무역실적 증빙서류", "proof of trade"),
    "office_space_proof": ("사무공간 확보 증빙서류", "proof of office space"),
    "ministry_employer_recommendation_letter": (
        "국토부 장관의 업체 추천서",
        "the ministry's recommendation of the employer",
    ),
    "employment_insurance_roster": ("고용보험 가입자 목록", "employment insurance roster"),
    "insured_acquisition_history": ("사업장용 고용보험피보험자격 취득 내역", "employment insurance acquisition record"),
    "workplace_area_proof": ("사업장 면적 입증서류", "proof of the workplace's area"),
    "vat_tax_base_certificate": ("부가가치세과세표준증명(세무서장 발행)", "VAT tax base certificate"),
    "tourist_facility_designation": ("관광편의시설업 지정 서류", "tourist facility designation"),
    "application_form": ("통합신청서(별지34호)", "integrated application form"),
    "passport_copy": ("여권사본(인적사항면)", "passport copy"),
    "points_self_assessment": ("점수제 자체 심사표(붙임7 양식)", "points self-assessment"),
    "personal_statement": ("신상 기술서(붙임8 양식)", "personal statement"),
    "e7_4_standard_contract": ("표준근로계약서(E-7-4 계약서)", "E-7-4 standard contract"),
    "income_certificate": ("세무서 발행 소득금액증명원", "income certificate (tax office)"),
    "topik_score_sheet": ("한국어능력 입증서류(TOPIK 점수표)", "TOPIK score sheet"),
    "guarantee": ("신원보증서(별지129호)", "letter of guarantee"),
    "business_registration": ("사업자등록증 사본", "business registration"),
    "farm_business_registration": ("농업경영체등록", "farm business registration"),
    "national_tax_certificate": ("납세증명서", "national tax certificate"),
    "local_tax_certificate": ("지방세납세증명서", "local tax certificate"),
    "social_insurance_roster": ("4대보험 사업장 가입자 명부", "social insurance roster"),
    "construction_amount_proof": ("공사금액 입증서류(시공능력순위확인서 등)", "proof of construction amount"),
    "employer_recommendation_letter": ("고용기업 추천서(붙임9)", "employer's recommendation"),
    "recommender_id_copy": ("추천자 신분증 사본", "copy of the recommender's ID"),
    "korean_licence_copy": ("국내 자격증 사본", "Korean licence copy"),
    "korean_degree_copy": ("국내 학위증 사본", "Korean degree copy"),
    "korean_driving_licence_copy": ("국내 운전면허증 사본", "Korean driving licence copy"),
    "root_industry_confirmation": ("뿌리기업 확인서", "root industry confirmation"),
    "prime_contractor_or_supplier_confirmation": (
        "원청확인서 또는 기자재업체확인서",
        "prime contractor or supplier confirmation",
    ),
    "coastal_shipping_licence": (
        "내항여객운송사업면허증 또는 내항화물운송사업등록증",
        "coastal passenger or cargo shipping licence",
    ),
}
