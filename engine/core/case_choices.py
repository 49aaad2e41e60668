"""Choices (the allowed values) of some case fields, kept apart to hold engine/core/case.py under 600 lines.
May import nothing of e7."""

from __future__ import annotations

from typing import Literal

# the cuisine of the restaurant the worker works at (the kitchen a cook works in): 31215's Jeju restaurants lower
# their minimum area at 300 million KRW only for 한식, 양식, 중식, 일식당 (visa manual 2026.6 p.222); the 2026-09-01
# edition bars cooks (451) from Korean-cuisine posts (한식 주방장 및 조리사, p.229)
RestaurantCuisine = Literal["korean", "western", "chinese", "japanese", "other"]

# the cook's post (451 from the 2026-09-01 edition, p.228: 도입 가능 양식, 중식, 일식, 기타 국가 음식 주방장 및 조리사;
# 도입 불가 한식 주방장 및 조리사, 분식·커피·전통차 조리사): barred korean, snack (분식), coffee_or_tea
CookPost = Literal["korean", "snack", "coffee_or_tea", "western", "chinese", "japanese", "other_national"]

# the worker's tie to a Jeju international school (visa manual 2026.6 pp.213, 223: 제주국제학교 보조교사 등 특례,
# 제주영어교육도시 내 상업시설 종사자 특례): an alumnus of its home school abroad (해외 본교 졸업생), who may change
# status, or a pupil's parent or a staff member's family (재학생 부모나 교직원의 가족), who works on a permit for
# activities outside the status held (체류자격외활동허가), an application e7 does not check
JejuSchoolTie = Literal["alumnus", "family", "none"]

# how the worker is in Korea when changing status under those special rules: entered without a visa (무사증 입국),
# on a working holiday (관광취업, H-1), or otherwise
EntryStatus = Literal["visa_free", "working_holiday", "other"]

# the kind of Korean institution the degree is from: only those of the Higher Education Act art. 2 items 1-4 count for
# the Korean graduates' routes (visa manual 2026.6 p.173; the 2026-09-01 edition p.173 names the others)
KoreanInstitution = Literal[
    "university",
    "industrial_university",
    "education_university",
    "junior_college",  # 대학, 산업대학, 교육대학, 전문대학
    "remote_or_cyber_university",
    "technical_college",
    "miscellaneous_school",  # 원격·사이버대학, 기술대학, 각종학교
]
# those whose grant of stay may be 5 years instead of 3 (visa issuance manual 2026.6 p.170)
FiveYearCap = Literal[
    "ministry_recommended_talent",  # 주무부처 추천 우수인재
    "regional_special_zone",  # E-7 work in a 지역특화발전특구
    "advanced_medical_complex",  # E-7 work in a 첨단의료복합단지
    "fez_medical_research",  # a researcher of a medical R&D body in a free economic zone (경제자유구역)
]
# the residence status of one foreign employee (the foreign staff the employer's ratio counts, visa manual p.181 and
# stay manual p.303); "other": another status that permits the work
ForeignStatus = Literal[
    "E-1", "E-2", "E-3", "E-4", "E-5", "E-6", "E-7", "E-7-1", "E-7-2", "E-7-3", "E-7-4", "E-7-4R", "E-7-S1", "E-7-S2",
    "E-8", "E-9", "E-10", "H-2", "F-2", "F-4", "F-5", "F-6", "other",
]  # fmt: skip
# 우대를 위한 특별요건 (visa issuance manual 2026.6 p.173): routes around the E-7-1 general requirement
SpecialRoute = Literal[
    "global_500_experience",  # 1 year or more in a professional job at a Fortune Global 500 company
    "top_world_university",  # bachelor's from a top world university (TIME 200 / QS 500): 1 year waived
    "korean_college",  # graduate of a Korean junior college, related field: 1 year waived
    "korean_university",  # bachelor's or higher from a Korean university, any field: 1 year waived
    "hightech_intern",  # 1 year or more on D-10-3 in the same field, paid at least 1 x GNI
    # visa issuance manual 2026.6 pp.174-175 (issue 18: rules, not advice)
    "ministry_1_5_gni",  # pay of 1.5 x GNI and a central ministry's recommendation: degree and experience waived
    "young_talent",  # aged 29 or under, top-200 world university or Korean studies with TOPIK 6
    "work_study",  # Korean associate degree or higher and the foreign-student work-study programme completed
    # aged 29 or under, a STEM bachelor's or higher from a QS top-1,000 university of nine Asian countries, TOPIK 2
    "asian_stem",
    # the trade ministry's overseas technical training programme, its recommendation and a related bachelor's (the
    # 2026-09-01 edition p.174-175: 2321, 2341, 2343 only)
    "overseas_training",
    # a D-4-6 training course of 20 months or more, a Korean licence and KIIP stage 4: a change of status (p.174)
    "d4_6_training",
    # a Japanese national with the CAIT / JITEC software developer and basic IT certificates (p.174)
    "japanese_it_certificates",
]
