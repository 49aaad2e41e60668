"""Conditions some codes' sections set on the post itself (task codes2 of issue 18): the managers' codes are in
principle only for a manager of the company's head-office department (원칙적으로 해당 기업의 본사 운영부서 관리자에
한함, visa manual 2026.6 pp.187-193), and a university lecturer's (2512) master's degree must relate directly to the
subject taught (담당과목과 직접 관련성이 있는 석사 이상의 학위, p.210), and a translator or interpreter (2814) must be
fluent in a foreign language other than the mother tongue or in Korean (p.219). The codes are ruleset parameters
(``code_head_office_department``, ``code_degree_subject``, ``code_translator_fluency``); the rules
position.head-office-department, qualification.degree-subject and qualification.translator-fluency decide. Each is
read where the case states the field (position.head_office_department, position.degree_related_to_subject and
position.subject_expertise_shown, 2512's exception for bachelor's holders: qualification.lecturer-bachelor-exception;
applicant.language_proof): nothing is asked for here. The cooks' (441) routes, by an award, a foreign licence's level,
a course, local cuisine or a Korean degree or training (pp.228-229), are the parameter ``cook_routes``: this module
only looks up the chosen route's experience, waiver and degree (qualification.cook-route-experience and
qualification.cook-route-degree decide), read where the case states applicant.cook_route. An education manager (1312)
must hold the teacher's qualification and experience the law sets (p.188; parameter ``code_teacher_qualification``,
rule qualification.teacher-qualification, read where the case states applicant.teacher_qualification).

May import engine.core (called by engine/rules/code_sections.py while it prepares a case)."""

from __future__ import annotations

from typing import Any

from engine.core.case import EDUCATION_RANK, Applicant, Position


def post_condition_facts(occupation: str, p: Position, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    # (parameter, the case's answer, the fact the rule reads)
    pairs = (
        ("code_head_office_department", p.head_office_department, "head_office_department"),
        ("code_degree_subject", p.degree_related_to_subject, "degree_related_to_subject"),
        ("code_degree_subject", p.subject_expertise_shown, "subject_expertise_shown"),
    )
    for name, value, key in pairs:
        codes = parameters.get(name)
        if codes is not None and occupation in codes.value:
            fact[name] = True
            if value is not None:
                fact[key] = value


def applicant_condition_facts(occupation: str, a: Applicant, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    teachers = parameters.get("code_teacher_qualification")
    if teachers is not None and occupation in teachers.value:
        fact["code_teacher_qualification"] = True
        if a.teacher_qualification is not None:
            fact["teacher_qualification"] = a.teacher_qualification
    codes = parameters.get("code_translator_fluency")
    if codes is None or occupation not in codes.value:
        return
    fact["code_translator_fluency"] = True
    if a.language_proof is not None:
        fact["language_proof"] = a.language_proof
        # what korean_level rests on: KIIP stage 5 counts as TOPIK 6 does (the rule compares them)
        if a.korean_test is not None:
            fact["korean_test"] = a.korean_test


def cook_route_facts(occupation: str, a: Applicant, parameters: dict[str, Any], fact: dict[str, Any]) -> None:
    routes = parameters.get("cook_routes")
    if routes is None or occupation not in routes.value or a.cook_route is None:
        return
    route = routes.value[occupation][a.cook_route]
    fact["cook_route"] = a.cook_route
    fact["cook_route_experience"] = route["experience"]
    if "waived_after_months" in route:
        fact["cook_route_waiver_months"] = route["waived_after_months"]
        if a.korean_training_months is not None:
            fact["korean_training_months"] = a.korean_training_months
    if "education" in route:
        fact["cook_route_min_education_rank"] = EDUCATION_RANK[route["education"]]
        fact["cook_route_related"] = route.get("related", False)
