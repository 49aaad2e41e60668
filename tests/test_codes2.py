"""The conditions task codes2 of issue 18 reads on the post itself: the managers' codes in principle only for a
manager of the head-office department (visa manual 2026.6 pp.187-193) and 2512's degree directly related to the
subject taught (p.210); each on both sides, and not read where the case does not state it."""

from __future__ import annotations

import pytest

from .cases import make
from .test_rules_both_sides import findings, passed

HEAD_OFFICE = "position.head-office-department"
SUBJECT = "qualification.degree-subject"


def post(code: str, subcategory: str = "E-7-1", **fields) -> dict:
    return {"code": code, "subcategory": subcategory, "job_title": "Manager", "annual_salary_krw": 60_000_000} | fields


@pytest.mark.parametrize("code", ["1212", "1312", "1413", "14901", "1522"])
def test_a_manager_outside_the_head_office_is_a_risk(ev, code):
    decision, found = findings(ev, make(position=post(code, head_office_department=True)))
    assert HEAD_OFFICE not in found and HEAD_OFFICE in passed(decision)
    _, found = findings(ev, make(position=post(code, head_office_department=False)))
    assert found[HEAD_OFFICE].severity == "risk"


def test_the_head_office_is_read_only_for_the_managers_codes_and_where_stated(ev):
    decision, found = findings(ev, make(position=post("1212")))
    assert HEAD_OFFICE not in found and HEAD_OFFICE not in passed(decision)
    decision, found = findings(ev, make(position=post("2223", head_office_department=False)))
    assert HEAD_OFFICE not in found and HEAD_OFFICE not in passed(decision)


def test_a_lecturers_degree_must_relate_to_the_subject(ev):
    applicant = {"education": "master", "degree_related": True}
    decision, found = findings(ev, make(applicant=applicant, position=post("2512", degree_related_to_subject=True)))
    assert SUBJECT not in found and SUBJECT in passed(decision)
    _, found = findings(ev, make(applicant=applicant, position=post("2512", degree_related_to_subject=False)))
    assert found[SUBJECT].severity == "blocking"
    decision, found = findings(ev, make(applicant=applicant, position=post("2512")))
    assert SUBJECT not in found and SUBJECT not in passed(decision)
    _, found = findings(ev, make(position=post("2223", degree_related_to_subject=False)))
    assert SUBJECT not in found


def test_a_bad_answer_is_refused_naming_the_field():
    from engine.core.case import case_from_data
    from engine.core.errors import InputError

    for field in ("head_office_department", "degree_related_to_subject"):
        with pytest.raises(InputError) as err:
            case_from_data({"position": {"code": "1212", field: "yes"}}, "case.toml")
        assert f"position.{field}" in str(err.value) and "case.toml" in str(err.value)


def test_an_instrument_tuners_ten_years_are_checked_at_an_extension_too(ev):
    # stay manual 2026.6 p.281: (자격요건) 경력 10년 이상, restated for the stay of 7303
    rule = "qualification.code-route-experience"
    tuner = {"code": "7303", "subcategory": "E-7-3", "job_title": "Piano tuner", "annual_salary_krw": 40_000_000}
    for years, refused in ((9.5, True), (10.0, False)):
        applicant = {"experience_years": years, "education": "high_school", "degree_related": False}
        decision, found = findings(ev, make(kind="extension", applicant=applicant, position=tuner))
        assert (rule in found) is refused and (rule in passed(decision)) is not refused


FLUENCY = "qualification.translator-fluency"
TRANSLATOR = {"code": "2814", "subcategory": "E-7-1", "job_title": "Interpreter", "annual_salary_krw": 45_000_000}


@pytest.mark.parametrize(
    ("applicant", "refused"),
    [
        ({"language_proof": "study_abroad", "korean_level": 2}, False),
        ({"language_proof": "certificate", "korean_level": 0}, False),
        ({"language_proof": "none", "korean_level": 6, "korean_test": "topik"}, False),
        ({"language_proof": "none", "korean_level": 5, "korean_test": "topik"}, True),
        ({"language_proof": "none", "korean_level": 5, "korean_test": "kiip"}, False),
        ({"language_proof": "none", "korean_level": 4, "korean_test": "kiip"}, True),
        ({"language_proof": "none", "korean_level": 5, "korean_test": "kiip_pretest"}, True),
        ({"language_proof": "none", "korean_level": 2}, True),
    ],
)
def test_a_translators_second_language_must_be_shown(ev, applicant, refused):
    # p.219: 해당국 유학경력, 어학능력 공인자격증(한국어는 토픽 6급 또는 KIIP 5단계 이수 이상)
    base = {"education": "master", "degree_related": True}
    decision, found = findings(ev, make(applicant=base | applicant, position=TRANSLATOR))
    assert (FLUENCY in found) is refused and (FLUENCY in passed(decision)) is not refused
    if refused:
        assert found[FLUENCY].severity == "blocking"


def test_the_second_language_is_read_only_for_2814_and_where_stated(ev):
    decision, found = findings(ev, make(applicant={"education": "master"}, position=TRANSLATOR))
    assert FLUENCY not in found and FLUENCY not in passed(decision)
    _, found = findings(ev, make(applicant={"language_proof": "none", "korean_level": 1}))
    assert FLUENCY not in found


def test_a_bad_language_proof_is_refused_naming_the_field():
    from engine.core.case import case_from_data
    from engine.core.errors import InputError

    with pytest.raises(InputError) as err:
        case_from_data({"position": {"code": "2814"}, "applicant": {"language_proof": "fluent"}}, "case.toml")
    assert "applicant.language_proof" in str(err.value) and "case.toml" in str(err.value)


COOK_EXPERIENCE = "qualification.cook-route-experience"
COOK_DEGREE = "qualification.cook-route-degree"
COOK = {"code": "441", "subcategory": "E-7-2", "job_title": "Chinese cuisine chef", "annual_salary_krw": 36_000_000}


@pytest.mark.parametrize(
    ("route", "applicant", "refused"),
    [
        # pp.228-229: ① an award waives licence and experience; ② foreign licence levels, a course, local cuisine
        ("competition_award", {"experience_years": 0.0}, False),
        ("foreign_licence_intermediate", {"experience_years": 0.0}, False),
        ("foreign_licence_elementary", {"experience_years": 2.9}, True),
        ("foreign_licence_elementary", {"experience_years": 3.0}, False),
        ("foreign_course", {"experience_years": 4.9}, True),
        ("foreign_course", {"experience_years": 5.0}, False),
        ("local_cuisine", {"experience_years": 9.9}, True),
        ("local_cuisine", {"experience_years": 10.0}, False),
        # ③ a Korean degree or D-4-6 training with HRD Korea's licence: 2 years, waived after 24 (20) months in Korea
        ("korean_bachelor", {"experience_years": 1.9}, True),
        ("korean_bachelor", {"experience_years": 2.0}, False),
        ("korean_bachelor", {"experience_years": 0.0, "korean_training_months": 23}, True),
        ("korean_bachelor", {"experience_years": 0.0, "korean_training_months": 24}, False),
        ("korean_d4_6", {"experience_years": 0.0, "korean_training_months": 19}, True),
        ("korean_d4_6", {"experience_years": 0.0, "korean_training_months": 20}, False),
    ],
)
def test_a_cooks_route_asks_its_experience(ev, route, applicant, refused):
    base = {"education": "bachelor", "degree_related": True, "cook_route": route}
    decision, found = findings(ev, make(applicant=base | applicant, position=COOK))
    assert (COOK_EXPERIENCE in found) is refused and (COOK_EXPERIENCE in passed(decision)) is not refused


@pytest.mark.parametrize(
    ("route", "education", "related", "refused"),
    [
        ("korean_bachelor", "associate", True, True),
        ("korean_bachelor", "bachelor", False, False),  # 전공 불문
        ("korean_associate", "associate", False, True),  # 관련분야 학위
        ("korean_associate", "associate", True, False),
        ("korean_associate", "high_school", True, True),
    ],
)
def test_a_cooks_korean_route_asks_its_degree(ev, route, education, related, refused):
    applicant = {"education": education, "degree_related": related, "cook_route": route, "experience_years": 2.0}
    decision, found = findings(ev, make(applicant=applicant, position=COOK))
    assert (COOK_DEGREE in found) is refused and (COOK_DEGREE in passed(decision)) is not refused


def test_the_cooks_route_is_read_only_for_441_and_where_stated(ev):
    decision, found = findings(ev, make(applicant={"experience_years": 0.0}, position=COOK))
    assert COOK_EXPERIENCE not in found and COOK_EXPERIENCE not in passed(decision)
    _, found = findings(ev, make(applicant={"cook_route": "local_cuisine", "experience_years": 0.0}))
    assert COOK_EXPERIENCE not in found
    with pytest.raises(Exception) as err:
        make(position=COOK, applicant={"cook_route": "hotel_school"})
    assert "applicant.cook_route" in str(err.value)
    with pytest.raises(Exception) as err:
        make(position=COOK, applicant={"korean_training_months": -1})
    assert "applicant.korean_training_months" in str(err.value)


def test_an_education_manager_holds_the_teachers_qualification(ev):
    rule = "qualification.teacher-qualification"
    head = post("1312", head_office_department=True)
    decision, found = findings(ev, make(applicant={"teacher_qualification": True}, position=head))
    assert rule not in found and rule in passed(decision)
    _, found = findings(ev, make(applicant={"teacher_qualification": False}, position=head))
    assert found[rule].severity == "blocking"
    decision, found = findings(ev, make(position=head))
    assert rule not in found and rule not in passed(decision)
    _, found = findings(ev, make(applicant={"teacher_qualification": False}, position=post("1212")))
    assert rule not in found


def test_a_lecturer_with_a_bachelors_and_shown_expertise_is_the_sections_exception(ev):
    # p.210: 복수전공 및 담당과목 관련 전문 자격증이나 경력입증서류 등으로 … 학사 학위소지자에 대해서는 예외적으로 허용
    rule, minimum = "qualification.lecturer-bachelor-exception", "qualification.code-min-education"
    bachelor = {"education": "bachelor", "degree_related": True}
    _, found = findings(ev, make(applicant=bachelor, position=post("2512", subject_expertise_shown=True)))
    assert found[rule].severity == "risk" and minimum not in found
    _, found = findings(ev, make(applicant=bachelor, position=post("2512", subject_expertise_shown=False)))
    assert rule not in found and found[minimum].severity == "blocking"
    _, found = findings(ev, make(applicant=bachelor, position=post("2512")))
    assert rule not in found and minimum in found
    associate = {"education": "associate", "degree_related": True}
    _, found = findings(ev, make(applicant=associate, position=post("2512", subject_expertise_shown=True)))
    assert rule not in found and minimum in found
    master = {"education": "master", "degree_related": True}
    decision, found = findings(ev, make(applicant=master, position=post("2512", subject_expertise_shown=True)))
    assert rule not in found and minimum not in found and minimum in passed(decision)
