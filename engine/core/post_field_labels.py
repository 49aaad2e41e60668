"""The labels and help texts of fields that codes' own sections ask, as engine/core/field_labels.py gives the others:
path -> (English label, Korean label, English help, Korean help). SECTION_FIELDS are the first ones (codesA and later
tasks of issue 18; field_labels.py puts them first, in this order), POST_FIELDS those of task codes2 (the post itself,
2512's degree, 2814's second language, 441's routes, 1312's teacher's qualification). May import nothing of e7."""

SECTION_FIELDS: dict[str, tuple[str, str, str, str]] = {
    # codesA (issue 18): the codes' own qualification (visa manual 2026.6 pp.191-213)
    "applicant.licences": (
        "Worker's licences",
        "근로자 면허·자격",
        "The licences a code's section asks of the worker (docs/cases.md).",
        "직종별로 요구되는 면허·자격: korean_nursing_licence (간호사 면허), foreign_law_licence (외국 법률 자격).",
    ),
    "position.section_route": (
        "Branch of the code's section",
        "직종별 별도 기준",
        "Where the code's section has branches of its own (docs/cases.md); general for none.",
        "직종 기준 중 해당하는 별도 적용 대상 (없으면 general).",
    ),
    "position.aquaculture_species": (
        "Item farmed (6301)",
        "양식 품목 (6301)",
        "sea_cucumber, or a trial item: fish, shellfish, white_shrimp, seaweed, invertebrate; other (docs/cases.md).",
        "해삼, 또는 시범운영 품목(어류, 패류, 흰다리새우, 해조류, 무척추동물); 그 밖의 품목은 other.",
    ),
    "position.grinding_work": (
        "Grinding work (7406)",
        "사상 공정 투입 (7406)",
        "The welder is put on grinding (용접사상): the designated body's training certificate is asked.",
        "용접사상 공정 투입 여부 (산업부 지정기관의 직무·안전교육 이수 증명서 필요).",
    ),
    "applicant.grinding_training_certified": (
        "Grinding training certified (7406)",
        "사상 직무·안전교육 이수 증명",
        "A certificate from the designated body that the job and safety training for grinding was completed.",
        "산업부 지정기관에서 발행한 사상 공정 관련 직무·안전교육 이수 증명서 보유 여부.",
    ),
    "employer.exports_last_year_krw": (
        "Exports last year (KRW)",
        "전년도 수출실적 (원)",
        "The employer's exports of the previous year (2742's online sellers).",
        "고용업체의 전년도 해외 수출실적 (해외 온라인 상품 판매원).",
    ),
    "applicant.korean_graduate": (
        "Korean-university or Korean-studies graduate",
        "국내 대학 또는 한국학 전공 졸업",
        "A graduate of a Korean university, or of a Korean-studies department at home (2732's extra place).",
        "국내 대학 졸업 또는 자국 대학 한국학 관련 학과 졸업 (2732 추가 허용).",
    ),
    "employer.foreign_tourists_per_year": (
        "Foreign tourists a year",
        "연간 외국인 관광객 유치실적",
        "Foreign tourists brought in a year, the average of the last 2 years (2732, 43213: docs/cases.md).",
        "최근 2년간 평균 연간 외국인 관광객 유치실적 (2732, 43213).",
    ),
    "applicant.former_e9_stay": (
        "Stayed in Korea on E-9",
        "국내 E-9 체류 경력",
        "Did the worker stay in Korea on E-9 before (2351's 5-year route needs a bachelor's)?",
        "국내에서 E-9 자격으로 체류한 적이 있는지 (2351의 5년 경력 요건).",
    ),
    "applicant.overseas_subsidiary_years": (
        "Years at the overseas subsidiary",
        "해외법인 근무경력 (년)",
        "Years employed at the reshoring company's overseas subsidiary (국내복귀기업 특례).",
        "국내복귀기업 해외법인에서의 근무경력 (국내복귀기업 특례).",
    ),
    "applicant.experience_after_degree_years": (
        "Experience after the degree (years)",
        "학위 취득 후 경력 (년)",
        "Only experience after the degree or licence counts (visa manual p.172).",
        "학위·자격 취득 후의 경력만 인정됩니다 (사증 매뉴얼 p.172).",
    ),
}

POST_FIELDS: dict[str, tuple[str, str, str, str]] = {
    "position.head_office_department": (
        "Head-office department (managers)",
        "본사 운영부서 관리자 (관리자 직종)",
        "The manager works in the company's head-office department (1212, 1312 … 1522: docs/cases.md).",
        "해당 기업의 본사 운영부서 관리자 여부 (1212, 1312 … 1522).",
    ),
    "position.degree_related_to_subject": (
        "Degree related to the subject taught (2512)",
        "담당과목 관련 학위 (2512)",
        "The lecturer's master's or higher degree relates directly to the subject taught.",
        "담당과목과 직접 관련성이 있는 석사 이상의 학위 소지 여부.",
    ),
    "position.subject_expertise_shown": (
        "Bachelor's holder's expertise shown (2512)",
        "학사 학위소지자의 전문지식 입증 (2512)",
        "A double major, a licence in the subject or proven experience shows the lecturer's expertise.",
        "복수전공, 담당과목 관련 전문 자격증 또는 경력입증서류로 해당분야 전문지식 입증 여부.",
    ),
    "applicant.language_proof": (
        "Second language shown by (2814)",
        "외국어 구사능력 입증 (2814)",
        "study_abroad, certificate or none: a foreign language besides the mother tongue (Korean: korean_level).",
        "모국어 외 외국어: study_abroad (해당국 유학경력), certificate (어학능력 공인자격증), none (없음).",
    ),
    "applicant.cook_route": (
        "Cook's route (441)",
        "조리사 자격요건 유형 (441)",
        "competition_award, foreign_licence_intermediate/elementary, foreign_course, local_cuisine, korean_bachelor ….",
        "입상경력, 국외 자격증(중급·초급), 국외 교육, 향토음식, 국내 학사·전문학사·D-4-6 연수 + 조리 기능사 자격증.",
    ),
    "applicant.korean_training_months": (
        "Months of education or D-4-6 training in Korea (441)",
        "국내 교육·D-4-6 연수 기간 (개월, 441)",
        "Waives the Korean routes' 2 years: 24 months of education, 20 of D-4-6 training.",
        "국내 교육 2년(24개월) 이상 또는 D-4-6 연수 20개월 이상이면 경력 2년 면제.",
    ),
    "applicant.teacher_qualification": (
        "Teacher's qualification the law sets (1312)",
        "관련 법령에 정한 교사 등의 자격 (1312)",
        "The education manager holds the teacher's qualification and experience the relevant law sets for the post.",
        "관련 법령에 정한 교사 등의 자격 및 경력요건을 갖추었는지 여부.",
    ),
}
