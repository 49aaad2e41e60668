"""Choices (the allowed values) of some case fields, kept apart to hold engine/core/case.py under 600 lines.
May import nothing of e7."""

from __future__ import annotations

from typing import Literal

# the cuisine of the restaurant the worker works at (the kitchen a cook works in): 31215's Jeju restaurants lower
# their minimum area at 300 million KRW only for 한식, 양식, 중식, 일식당 (visa manual 2026.6 p.222); the 2026-09-01
# edition bars cooks (451) from Korean-cuisine posts (한식 주방장 및 조리사, p.229)
RestaurantCuisine = Literal["korean", "western", "chinese", "japanese", "other"]

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
