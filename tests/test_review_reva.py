"""Review reva of issue 18 (branches quota and codes3): the Jeju international schools' alumni rules read no further
than the manual's words (visa manual 2026.6 pp.212-213, 223). The special rule permits a change of status from the
ways in it names and refuses only the British and Irish working-holiday makers (체류자격변경을 제한); another status
held is a risk left to the general rules, the experience of p.213 is asked on the special rule's ways in only, and
the rules are not read where the case states another branch of the code."""

from __future__ import annotations

from .cases import make
from .test_rules_both_sides import findings, passed

ENTRY, GENERAL = "stay.jeju-alumnus-entry", "stay.jeju-alumnus-entry-general"
AGE, YEARS = "qualification.jeju-alumnus-age", "qualification.jeju-alumnus-experience"


def alumnus(code="2599", entry="visa_free", nationality="Canada", employer=None, position=None, **applicant):
    sub = "E-7-1" if code == "2599" else "E-7-2"
    default_employer = {} if code == "2599" else {"business_kind": "jeju_english_city_shop"}
    pos = {"code": code, "subcategory": sub, "job_title": "Assistant", "annual_salary_krw": 45_000_000}
    return make(
        kind="change_of_status",
        position=pos | (position or {}),
        employer=employer if employer is not None else default_employer,
        applicant={"jeju_school_tie": "alumnus", "nationality": nationality, "birth_date": "2000-05-01"} | applicant,
        stay={"entry_status": entry},
    )


def test_another_status_held_is_a_risk_not_a_refusal(ev):
    _, found = findings(ev, alumnus(entry="other", experience_years=2.0))
    assert ENTRY not in found
    assert found[GENERAL].severity == "risk" and "general rules" in found[GENERAL].message
    decision, found = findings(ev, alumnus(entry="visa_free", experience_years=2.0))  # a named way in: no finding
    assert GENERAL not in found and GENERAL in passed(decision)


def test_only_the_british_and_irish_working_holiday_makers_are_refused(ev):
    _, found = findings(ev, alumnus(entry="working_holiday", nationality="Ireland", experience_years=2.0))
    assert found[ENTRY].severity == "blocking" and "British or Irish" in found[ENTRY].message
    assert GENERAL not in found
    decision, found = findings(ev, alumnus(entry="working_holiday", nationality="Australia", experience_years=2.0))
    assert ENTRY not in found and ENTRY in passed(decision)


def test_the_experience_is_asked_on_the_special_rules_ways_in_only(ev):
    _, found = findings(ev, alumnus(entry="visa_free", experience_years=1.0, english_teaching_certificate=False))
    assert found[YEARS].severity == "blocking"
    # from another status the bachelor's of p.212 may hold: no refusal for the years
    _, found = findings(
        ev, alumnus(entry="other", education="bachelor", experience_years=1.0, english_teaching_certificate=False)
    )
    assert YEARS not in found


def test_the_rules_are_not_read_for_another_branch_of_the_code(ev):
    # a duty-free shop under 31215 and a foreign school under 2599 are not the special rules' branches
    shop = alumnus("31215", entry="other", employer={"business_kind": "duty_free_shop"}, birth_date="2010-01-01")
    decision, found = findings(ev, shop)
    assert not {ENTRY, GENERAL, AGE} & set(found) and AGE not in passed(decision)
    school = alumnus(
        entry="other",
        position={"section_route": "foreign_school_teacher"},
        experience_years=0.0,
        english_teaching_certificate=False,
    )
    decision, found = findings(ev, school)
    assert not {ENTRY, GENERAL, YEARS} & set(found)
    # the Jeju branch stated: read
    jeju = alumnus(entry="other", position={"section_route": "international_school_teacher"})
    _, found = findings(ev, jeju)
    assert found[GENERAL].severity == "risk"
