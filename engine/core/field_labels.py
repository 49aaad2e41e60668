"""Each field of a case with its label and help text in English and Korean (the workbench's form, its errors
and the spreadsheet template): path -> (English label, Korean label, English help, Korean help). The [stay], [e7_4]
and [e7_s] fields' are in stay_field_labels.py, the [employer] and [documents] fields' in employer_field_labels.py.
May import those two modules."""

from engine.core.employer_field_labels import EMPLOYER_AND_DOCUMENT_FIELDS
from engine.core.stay_field_labels import STAY_AND_POINTS_FIELDS

FIELDS: dict[str, tuple[str, str, str, str]] = {
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
    "position.cook_post": (
        "Cook's post (451)",
        "조리 직위 (451)",
        "korean, snack, coffee_or_tea (barred from 2026-09-01); western, chinese, japanese, other_national.",
        "한식·분식·커피·전통차 조리사는 도입 불가(2026-09-01부터); 양식·중식·일식·기타 국가 음식은 가능.",
    ),
    "position.quota_number": (
        "Quota number (pilot codes)",
        "쿼터 번호 (시범운영 직종)",
        "The number headquarters (체류관리과) issued for this place in the pilot's yearly quota; empty until issued.",
        "본부(체류관리과)가 이 인원에 발부한 쿼터 번호 (발부 전에는 비워 둠).",
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
    "applicant.korean_graduate": (
        "Korean-university or Korean-studies graduate",
        "국내 대학 또는 한국학 전공 졸업",
        "A graduate of a Korean university, or of a Korean-studies department at home (2732's extra place).",
        "국내 대학 졸업 또는 자국 대학 한국학 관련 학과 졸업 (2732 추가 허용).",
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
    "applicant.entered_on": (
        "Date of entry",
        "입국일",
        "The worker's latest entry into Korea (YYYY-MM-DD).",
        "근로자의 최근 입국일 (YYYY-MM-DD).",
    ),
    "applicant.stem_degree": (
        "Science or engineering degree",
        "이공계 학위",
        "The degree is in science or engineering (이공계): some codes' own routes ask it (docs/cases.md).",
        "이공계 학위 여부: 일부 직종의 자격요건이 요구합니다.",
    ),
    "applicant.korean_degree": (
        "Degree from a Korean school",
        "국내 학위",
        "The degree is from a Korean college or university (docs/cases.md).",
        "국내 전문대학·대학에서 취득한 학위 여부.",
    ),
    "applicant.code_licence": (
        "Licence the code names",
        "직종별 자격증",
        "Holds the licence, certificate or course the code's section names (docs/cases.md).",
        "직종 세부기준이 정한 자격증·교육 수료 보유 여부.",
    ),
    "applicant.skill_test_passed": (
        "Skill test passed",
        "기량검증 통과",
        "Passed the designated body's skill test (기량검증) the code's section names.",
        "지정기관의 기량검증 통과 여부.",
    ),
    "applicant.korean_institution": (
        "Korean institution",
        "국내 학교 종류",
        "university, industrial_university, education_university, junior_college (count); remote_or_cyber_university, "
        "technical_college, miscellaneous_school (do not).",
        "대학·산업대학·교육대학·전문대학만 국내 졸업자 특례 대상 (원격·사이버대학, 기술대학, 각종학교 제외).",
    ),
    "applicant.korean_criminal_record": (
        "Criminal record in Korea",
        "국내 형사범죄경력",
        "From a stay in Korea (drink-driving, assault, theft): no certificate for skilled workers (p.278).",
        "국내 체류 중 음주운전, 폭행, 절도 등: 기능인력 사증발급인정서 발급 억제 (p.278).",
    ),
    "applicant.global_500_years": (
        "Years at a Global 500 company",
        "세계 500대 기업 근무경력 (년)",
        "Years in a professional job at a Fortune Global 500 company (the route needs 1, visa manual p.173).",
        "세계 500대 기업 전문직종 근무경력 (특례는 1년 이상, 사증 매뉴얼 p.173).",
    ),
    "applicant.d10_3_intern_years": (
        "Years as a D-10-3 intern in the field",
        "해당 분야 첨단기술인턴(D-10-3) 기간 (년)",
        "Years of D-10-3 high-tech internship in the field of the job (the route needs 1, p.173).",
        "취업 분야에서 첨단기술인턴(D-10-3)으로 활동한 기간 (특례는 1년 이상, p.173).",
    ),
    "applicant.japanese_it_certificates": (
        "CAIT / JITEC certificates",
        "CAIT / JITEC 자격증",
        "Both the software developer and the basic IT engineer certificates recognised by CAIT and JITEC (p.174).",
        "CAIT·JITEC가 인정하는 소프트웨어개발기술자와 기본정보기술자 자격증 모두 소지 (p.174).",
    ),
    "applicant.work_study_completed": (
        "Work-study programme completed",
        "일학습병행제 수료",
        "The foreign-student work-study programme (일학습병행제) completed, in a field related to the code (p.175).",
        "외국인 유학생 일학습병행제 훈련 수료, 훈련 종목이 직종과 연관 (p.175).",
    ),
    "applicant.d4_6_course_months": (
        "D-4-6 course (months)",
        "D-4-6 연수과정 (개월)",
        "The months of the Korean training course (D-4-6) completed in the field of the degree (20 or more, p.174).",
        "전공분야 국내 연수과정(D-4-6)을 수료한 기간 (20개월 이상, p.174).",
    ),
    "applicant.korean_licence": (
        "Korean national licence",
        "국내 공인 자격증",
        "A Korean national licence or certificate (국내 공인 자격증) held (the D-4-6 route, p.174).",
        "국내 공인 자격증 취득 (D-4-6 연수 수료자 특례, p.174).",
    ),
    "applicant.qs_rank": (
        "University's QS place",
        "대학의 QS 순위",
        "The university's best place in the QS World University Rankings of the last 3 years (pp.173-175).",
        "최근 3년 이내 QS 세계대학순위에서 대학의 가장 높은 순위 (pp.173-175).",
    ),
    "applicant.university_country": (
        "University's country",
        "대학 소재 국가",
        "The Asian STEM route's nine: vietnam, china, thailand, japan, india, indonesia, malaysia, singapore, "
        "philippines; other (p.175).",
        "아시아권 이공계 특례 대상 9개국(베트남, 중국, 태국, 일본, 인도, 인도네시아, 말레이시아, 싱가포르, "
        "필리핀) 또는 기타 (p.175).",
    ),
    "applicant.overseas_training_completed": (
        "Overseas training programme completed",
        "육성형 해외전문기술인력 교육과정 이수",
        "The local course of the trade ministry's overseas technical training programme completed (p.175).",
        "산업통상부 '육성형 해외전문기술인력 유치사업'의 현지 교육과정 이수 여부 (2026-09-01판 p.175).",
    ),
    "applicant.times_rank": (
        "University's Times place",
        "대학의 타임즈 순위",
        "The university's best place in the Times world university rankings of the last 3 years (pp.173-175).",
        "최근 3년 이내 타임즈(Times) 세계대학순위에서 대학의 가장 높은 순위 (pp.173-175).",
    ),
    "applicant.code_training_completed": (
        "Training course completed (S85513)",
        "기술 훈련 과정 이수 (S85513)",
        "Completed the training course S85513's section names (기술 훈련 과정); its certificate is then filed.",
        "S85513 세부기준의 기술 훈련 과정 이수 여부 (이수 시 훈련이수 확인증 제출).",
    ),
    "applicant.korea_teacher_years_recent": (
        "Years as E-2 or E-7 teacher in Korea, last 5 (2599)",
        "최근 5년 내 국내 E-2·E-7 교사 근무 기간 (2599)",
        "Years worked in Korea in the last 5 as an E-2 instructor or E-7 teacher; 3 or more spare the criminal record.",
        "최근 5년 이내 국내 회화지도강사(E-2)·외국인교사(E-7) 근무 기간(년); 3년 이상이면 범죄경력증명서 면제.",
    ),
    "applicant.korean_studies": (
        "Korean-studies degree",
        "한국학 관련 전공",
        "The degree is in Korean studies (the young-talent route with TOPIK 6, p.175).",
        "한국학 관련 전공자 (해외 유망인재 특례, TOPIK 6급, p.175).",
    ),
    "applicant.toeic_score": (
        "TOEIC score",
        "TOEIC 점수",
        "The TOEIC score, an alternative to Korean for some codes (3991: docs/cases.md).",
        "TOEIC 점수 (3991: 한국어 능력의 대안).",
    ),
    "applicant.code_course_years": (
        "Years of the section's course",
        "해당 교육과정 이수 기간 (년)",
        "Years of the course the code's section names (2543: at an overseas technical school).",
        "직종 기준이 정한 교육과정의 이수 기간 (2543: 해외기술전문학교 교육 이수).",
    ),
    "applicant.sea_rank": (
        "Highest rank sailed",
        "승선 경력 직급",
        "1512's ship-management experts: master, chief_engineer, first_officer, second_officer, third_officer or none.",
        "선박관리전문가: 선장, 기관장, 1등·2등·3등 항해사·기관사 중 최고 직급 (없으면 none).",
    ),
    "applicant.ship_manager_years": (
        "Years as a ship manager",
        "선박관리자 경력 (년)",
        "1512's ship-management experts: years as a ship manager.",
        "선박관리전문가의 선박관리자 경력.",
    ),
    "applicant.legal_consultant_registered": (
        "Foreign legal consultant registered",
        "외국법자문사 승인·등록",
        "261's foreign legal consultants: approved under the Foreign Legal Consultant Act and registered with the"
        " Korean Bar Association.",
        "외국법자문사법에 의한 승인과 대한변호사협회 등록 (외국법자문사).",
    ),
    "applicant.birth_date": ("Date of birth", "생년월일", "YYYY-MM-DD.", "YYYY-MM-DD 형식."),
    "applicant.education": ("Education", "최종 학력", "The highest degree completed.", "취득한 최고 학위."),
    "applicant.degree_field": ("Field of the degree", "전공", "For example: computer science.", "예: 컴퓨터공학."),
    "applicant.degree_related": (
        "Degree related to the position",
        "전공과 직무의 관련성",
        "Is the degree's field related to the duties? (E-7-1 general rule)",
        "전공이 담당 업무와 관련이 있습니까? (E-7-1 일반요건)",
    ),
    "applicant.experience_years": (
        "Relevant experience (years)",
        "관련 경력 (년)",
        "Full-time experience in the field, e.g. 3 or 2.5.",
        "해당 분야 전일제 경력, 예: 3 또는 2.5.",
    ),
    "applicant.korean_level": (
        "Korean level",
        "한국어 능력",
        "TOPIK or KIIP level, 0 for none (0-6).",
        "TOPIK 또는 사회통합프로그램 단계, 없으면 0 (0~6).",
    ),
    "applicant.korean_test": (
        "Korean proven by",
        "한국어 능력 입증 방법",
        "What the Korean level rests on: topik, kiip (a KIIP completion) or kiip_pretest.",
        "한국어 능력의 근거: topik, kiip(사회통합프로그램 이수) 또는 kiip_pretest(사전평가).",
    ),
    "applicant.prior_e7_years": (
        "Years already on E-7",
        "E-7 체류 기간 (년)",
        "Years already worked on E-7 in Korea (SME special wage rule).",
        "국내에서 E-7으로 이미 근무한 기간 (중소기업 임금 특례).",
    ),
    "applicant.special_route": (
        "Special route",
        "우대 특별요건",
        "A route around the E-7-1 general requirement, if any.",
        "E-7-1 일반요건을 대신하는 우대 특별요건 (해당 시).",
    ),
    "applicant.nationality": ("Nationality", "국적", "Two-letter country code, e.g. VN.", "두 글자 국가 코드, 예: VN."),
    "position.code": (
        "Occupation code",
        "직종 코드",
        "Required. Search by title, description or example job below.",
        "필수. 아래에서 직종명·직무설명·예시 직업으로 찾을 수 있습니다.",
    ),
    "position.subcategory": (
        "Subcategory",
        "세부 자격",
        "E-7-1, E-7-2, E-7-3, E-7-4, E-7-S1 or E-7-S2.",
        "E-7-1, E-7-2, E-7-3, E-7-4, E-7-S1, E-7-S2.",
    ),
    "position.job_title": ("Job title", "직위", "As in the contract.", "고용계약서에 적힌 직위."),
    "position.annual_salary_krw": (
        "Annual salary (KRW)",
        "연봉 (원)",
        "The contract's annual salary in won, e.g. 32,000,000.",
        "계약 연봉, 원 단위, 예: 32,000,000.",
    ),
    "position.weekly_hours": ("Weekly hours", "주당 근로시간", "Between 1 and 84.", "1~84 시간."),
    # codes2 (issue 18): the posts and qualifications of 1212-1312, 2512, 2814 and 441 (visa manual pp.187-229)
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
    "applicant.language_proof": (
        "Second language shown by (2814)",
        "외국어 구사능력 입증 (2814)",
        "study_abroad, certificate or none: a foreign language besides the mother tongue (Korean: korean_level).",
        "모국어 외 외국어: study_abroad (해당국 유학경력), certificate (어학능력 공인자격증), none (없음).",
    ),
    "applicant.jeju_school_tie": (
        "Tie to a Jeju international school (2599, 31215)",
        "제주국제학교와의 관계 (2599, 31215)",
        "alumnus: of the school's home school abroad (may change status); family: a pupil's parent or a staff member's"
        " family (works on an activity permit, not checked); none.",
        "alumnus: 해외 본교 졸업생(체류자격변경 가능), family: 재학생 부모나 교직원의 가족"
        "(체류자격외활동허가, 확인하지 않음), none: 해당 없음.",
    ),
    "applicant.english_teaching_certificate": (
        "English-teaching certificate (TESOL)",
        "영어교육 관련 자격증 (TESOL 등)",
        "An English-teaching certificate such as TESOL: replaces 2 years in the field for a Jeju alumnus (2599).",
        "TESOL 등 영어교육관련 자격증: 제주국제학교 졸업생(2599)의 해당분야 2년 경력을 대신함.",
    ),
    "applicant.teacher_qualification": (
        "Teacher's qualification the law sets (1312)",
        "관련 법령에 정한 교사 등의 자격 (1312)",
        "The education manager holds the teacher's qualification and experience the relevant law sets for the post.",
        "관련 법령에 정한 교사 등의 자격 및 경력요건을 갖추었는지 여부.",
    ),
    "position.degree_related_to_subject": (
        "Degree related to the subject taught (2512)",
        "담당과목 관련 학위 (2512)",
        "The lecturer's master's or higher degree relates directly to the subject taught.",
        "담당과목과 직접 관련성이 있는 석사 이상의 학위 소지 여부.",
    ),
    "position.head_office_department": (
        "Head-office department (managers)",
        "본사 운영부서 관리자 (관리자 직종)",
        "The manager works in the company's head-office department (1212, 1312 … 1522: docs/cases.md).",
        "해당 기업의 본사 운영부서 관리자 여부 (1212, 1312 … 1522).",
    ),
    "position.hired_through_fair": (
        "Hired through a recruitment fair (2599)",
        "채용박람회를 통한 채용 (2599)",
        "The teacher was hired through a recruitment fair, which spares the criminal record certificate (p.212).",
        "채용박람회를 통해 채용된 교사 여부 (범죄경력증명서 제출 면제, p.212).",
    ),
    "position.subject_expertise_shown": (
        "Bachelor's holder's expertise shown (2512)",
        "학사 학위소지자의 전문지식 입증 (2512)",
        "A double major, a licence in the subject or proven experience shows the lecturer's expertise.",
        "복수전공, 담당과목 관련 전문 자격증 또는 경력입증서류로 해당분야 전문지식 입증 여부.",
    ),
}
FIELDS.update(EMPLOYER_AND_DOCUMENT_FIELDS)
FIELDS.update(STAY_AND_POINTS_FIELDS)
