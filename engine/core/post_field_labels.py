"""The labels and help texts of the fields that say what a code's section asks of the post itself (task codes2 of
issue 18), as engine/core/field_labels.py gives the others: path -> (English label, Korean label, English help, Korean
help). May import nothing of e7."""

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
