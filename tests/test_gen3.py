"""Issue 18, task gen3: the general, document and extension requirements of the visa manual 2026.6 pp.170-183
(and its 2026-09-01 edition) and of the stay manual's general chapter (read through secondary sources) that the
coverage matrix left partial: the large enterprise's manager spared the recommendation for every manager code of
every snapshot (p.175), the extension's checks of the employer (wages paid as contracted, its business, the
insurance enrolment) and the four codes' bar on new invitations (pp.204, 209, 218, 226), the Asian STEM route's
nine countries (p.175) and the overseas technical training route's completion, pilot end and quota (2026-09-01
edition p.175)."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest

from engine.data.folders import locate
from engine.rules.evaluate import Evaluator

from .cases import make
from .conftest import ROOT

D = dt.date


def found(ev: Evaluator, case: Any, as_of: dt.date | None = None) -> dict[str, Any]:
    return {f.rule: f for f in ev.evaluate(case, as_of).findings}


# -- documents.recommendation-exempt: a large enterprise's manager (p.175), every manager code of every snapshot --

# the branch of a manager's section that makes its recommendation compulsory (ruleset [[conditional]])
MANAGER_BRANCH = {
    "production-manager": ({}, {"reshoring": True}),
    "transport-manager": ({"section_route": "ship_management_expert"}, {}),
    "accommodation-travel-recreation-and-sports-manager": ({"section_route": "travel_or_leisure_manager"}, {}),
}


def manager_codes_needing_a_letter() -> list[tuple[str, str, str, str]]:
    """(snapshot, code, subcategory, occupation) of every manager code whose recommendation is required or
    conditional in some catalogue snapshot."""
    out = []
    for path in sorted((ROOT / "catalogue").glob("2*.toml")):
        snapshot = tomllib.loads(path.read_text(encoding="utf-8"))
        for c in snapshot["codes"]:
            if c["group"] == "managers" and (c["recommendation_required"] or c["occupation"] in MANAGER_BRANCH):
                out.append((snapshot["snapshot"]["id"], c["code"], c["subcategory"], c["occupation"]))
    return out


def test_the_catalogue_s_manager_codes_needing_a_letter_are_the_three_known():
    assert {o for *_, o in manager_codes_needing_a_letter()} == set(MANAGER_BRANCH)


@pytest.mark.parametrize("snapshot,code,subcategory,occupation", manager_codes_needing_a_letter())
def test_a_large_enterprise_s_manager_needs_no_letter_in_any_snapshot(ev, snapshot, code, subcategory, occupation):
    route, employer = MANAGER_BRANCH[occupation]
    position = {"code": code, "subcategory": subcategory, "job_title": "Manager", **route}
    on = D.fromisoformat(snapshot)
    no_letter = {"recommendation_letter": False}
    large = make(filed_on=on, position=position, employer={"size": "large", **employer}, documents=no_letter)
    got = found(ev, large)
    assert got["documents.recommendation-waived"].severity == "advice"
    assert "no recommendation letter" in got["documents.recommendation-waived"].message
    assert not {"documents.recommendation", "documents.recommendation-condition-met"} & set(got)
    mid = make(filed_on=on, position=position, employer={"size": "mid", **employer}, documents=no_letter)
    got = found(ev, mid)
    assert "documents.recommendation-waived" not in got
    assert {"documents.recommendation", "documents.recommendation-condition-met"} & set(got)


def test_the_waiver_follows_the_catalogue_s_group_not_only_the_parameter(ev):
    """A manager code the parameter does not list (1120, never asked for a letter) still reads the large
    enterprise's waiver from its group; a large enterprise's engineer (not a manager) does not."""
    from engine.rules.code_qualifications import code_qualification_facts
    from engine.rules.rulesets import Rulesets

    ruleset = Rulesets(locate(None)).in_force(D(2026, 7, 1))
    case = make(employer={"size": "large"})
    fact: dict[str, Any] = {"as_of": "2026-07-01"}
    code_qualification_facts("corporate-senior-executive", case, ruleset, fact, {}, "managers")
    assert "large enterprise" in fact["recommendation_waived"]
    fact = {"as_of": "2026-07-01"}
    code_qualification_facts("plant-engineer", case, ruleset, fact, {}, "professionals")
    assert "recommendation_waived" not in fact


@pytest.mark.parametrize(
    "position,employer",
    [
        # a section that requires the letter in one branch the case declares (특수 설비 및 제작 기술자(필수))
        ({"code": "23512", "section_route": "special_equipment_engineer"}, {"university": True}),
        ({"code": "23512", "section_route": "special_equipment_engineer"}, {"size": "public"}),
        # a section whose branch e7 cannot read from the case (공연기획자)
        ({"code": "2735"}, {"size": "public"}),
    ],
)
def test_a_university_or_public_institution_needs_no_letter_for_a_conditional_code(ev, position, employer):
    no_letter = {"recommendation_letter": False}
    got = found(ev, make(position={**position, "job_title": "Engineer"}, employer=employer, documents=no_letter))
    assert got["documents.recommendation-exempt"].severity == "advice"
    assert "university or a public institution" in got["documents.recommendation-exempt"].message
    rules = {
        "documents.recommendation",
        "documents.recommendation-condition-met",
        "documents.recommendation-some-cases",
    }
    assert not rules & set(got)
    private = {"university": False, "size": "sme"}
    got = found(ev, make(position={**position, "job_title": "Engineer"}, employer=private, documents=no_letter))
    assert "documents.recommendation-exempt" not in got and rules & set(got)


# -- extension.continued-employment: the employer's side at an extension (kvisa019.com, status N) ---------------

EMPLOYER_SIDE = "stay.extension-employer-record"


@pytest.mark.parametrize(
    "kind,stay,fires",
    [
        ("extension", {"wages_unpaid": True}, True),
        ("extension", {"employer_business_worsened": True}, True),
        ("extension", {"insurance_enrolled": False}, True),
        ("extension", {"wages_unpaid": False, "employer_business_worsened": False, "insurance_enrolled": True}, False),
        ("extension", {}, False),  # not given: not asked for
        ("initial", {"wages_unpaid": True, "insurance_enrolled": False}, False),  # only at an extension
    ],
)
def test_the_employer_s_side_at_an_extension(ev, kind, stay, fires):
    got = found(ev, make(kind=kind, stay=stay))
    assert (EMPLOYER_SIDE in got) is fires
    if fires:
        assert got[EMPLOYER_SIDE].severity == "risk"
        assert "may ask for papers or refuse the extension" in got[EMPLOYER_SIDE].message


def test_the_employer_s_side_names_each_answer(ev):
    got = found(ev, make(kind="extension", stay={"wages_unpaid": True, "insurance_enrolled": False}))
    message = got[EMPLOYER_SIDE].message
    assert "on time: yes" in message and "social insurance: no" in message and "business worse: (unknown)" in message


# -- per_code.2351.stay, 2395.other, 2742.stay, 3991.stay: the bar on new invitations (pp.204, 209, 218, 226) -----

UNPAID = "employer.unpaid-contract-wages"
CODES = {
    "2351": ("E-7-1", "Mechanical engineer", False),  # 신규 초청 제한
    "2395": ("E-7-1", "Drafter", False),
    "2742": ("E-7-1", "Overseas sales representative", True),  # 신규 초청(취업) 제한
    "3991": ("E-7-2", "Customer service clerk", True),
}


@pytest.mark.parametrize("code", sorted(CODES))
@pytest.mark.parametrize("kind", ["initial", "change_of_workplace", "change_of_status", "extension"])
@pytest.mark.parametrize("unpaid", [True, False, None])
def test_an_employer_that_did_not_pay_as_contracted_may_not_invite_anew(ev, code, kind, unpaid):
    subcategory, title, employment = CODES[code]
    employer = {} if unpaid is None else {"contract_wages_unpaid": unpaid}
    position = {"code": code, "subcategory": subcategory, "job_title": title}
    if code == "2742":  # the bar is printed in the online sellers' branch only (p.218; review revc)
        position["section_route"] = "online_seller"
    got = found(ev, make(kind=kind, position=position, employer=employer))
    new = kind == "initial" or (employment and kind in ("change_of_workplace", "change_of_status"))
    assert (UNPAID in got) is (unpaid is True and new)
    if UNPAID in got:
        assert got[UNPAID].severity == "risk"
        assert f"Code {code}" in got[UNPAID].message and "신규 초청 제한" in got[UNPAID].message


def test_the_bar_follows_the_occupation_after_the_re_coding(ev):
    """From 2026-09-01 the overseas sales representative is 2842 and the customer service clerk 3620."""
    for code, sub in (("2842", "E-7-1"), ("3620", "E-7-2")):
        position = {"code": code, "subcategory": sub, "job_title": "Sales"}
        if code == "2842":  # the online sellers' branch (p.218; review revc)
            position["section_route"] = "online_seller"
        case = make(filed_on=D(2026, 10, 1), position=position, employer={"contract_wages_unpaid": True})
        assert UNPAID in found(ev, case), code


def test_other_codes_do_not_read_the_unpaid_wages(ev):
    assert UNPAID not in found(ev, make(employer={"contract_wages_unpaid": True}))  # 2223: no such words


# -- general.route-asian-stem: the nine countries (p.175) -------------------------------------------------------

COUNTRY = "qualification.route-asian-stem-country"
ASIAN_STEM = {"special_route": "asian_stem", "birth_date": D(1999, 1, 1), "stem_degree": True, "qs_rank": 800}


@pytest.mark.parametrize(
    "country,blocks",
    [(c, False) for c in ("vietnam", "china", "thailand", "japan", "india", "indonesia", "malaysia", "singapore")]
    + [("philippines", False), ("other", True), (None, False)],
)
def test_the_asian_stem_route_s_university_is_in_one_of_the_nine_countries(ev, country, blocks):
    applicant = ASIAN_STEM if country is None else {**ASIAN_STEM, "university_country": country}
    got = found(ev, make(applicant=applicant))
    assert (COUNTRY in got) is blocks
    if blocks:
        assert got[COUNTRY].severity == "blocking"
        assert "Vietnam, China, Thailand" in got[COUNTRY].message and "as other" in got[COUNTRY].message


def test_the_country_is_read_only_on_the_asian_stem_route(ev):
    applicant = {**ASIAN_STEM, "special_route": "young_talent", "university_country": "other"}
    assert COUNTRY not in found(ev, make(applicant=applicant))


def test_a_country_outside_the_choices_is_refused_with_the_field_named():
    from engine.core.errors import InputError

    with pytest.raises(InputError, match="university_country"):
        make(applicant={**ASIAN_STEM, "university_country": "korea"})


# -- general.route-overseas-training and 2321 / 2341 / 2342: completion, pilot end, quota (2026-09-01 ed. p.175) --

COMPLETED, ENDED, QUOTA = (
    "qualification.route-overseas-training-completed",
    "qualification.route-overseas-training-ended",
    "qualification.route-overseas-training-quota",
)


def overseas(on: dt.date, code: str = "2321", **applicant: Any):
    a = {"special_route": "overseas_training", "experience_years": 0.0, **applicant}
    position = {"code": code, "subcategory": "E-7-1", "job_title": "Engineer"}
    return make(filed_on=on, applicant=a, position=position, documents={"recommendation_letter": True})


@pytest.mark.parametrize("on", [D(2026, 7, 1), D(2026, 10, 1)])  # the pilot before and after the edition
@pytest.mark.parametrize("completed,blocks", [(False, True), (True, False), (None, False)])
def test_the_programme_s_course_must_be_completed(ev, on, completed, blocks):
    applicant = {} if completed is None else {"overseas_training_completed": completed}
    got = found(ev, overseas(on, **applicant))
    assert (COMPLETED in got) is blocks
    if blocks:
        assert got[COMPLETED].severity == "blocking" and "not completed" in got[COMPLETED].message


def test_before_the_pilot_only_the_route_s_refusal_speaks(ev):
    got = found(ev, overseas(D(2026, 5, 20), overseas_training_completed=False))
    assert "qualification.route-overseas-training" in got
    assert not {COMPLETED, QUOTA, ENDED} & set(got)


@pytest.mark.parametrize(
    "on,quota,ended",
    [
        (D(2026, 5, 31), False, False),
        (D(2026, 6, 1), True, False),
        (D(2028, 6, 30), True, False),
        (D(2028, 7, 1), False, True),
    ],
)
def test_the_pilot_s_quota_and_its_end(ev, on, quota, ended):
    got = found(ev, overseas(on, overseas_training_completed=True))
    assert (QUOTA in got) is quota and (ENDED in got) is ended
    if quota:
        assert got[QUOTA].severity == "advice" and "total quota of 450" in got[QUOTA].message
    if ended:
        assert got[ENDED].severity == "risk" and "June 2026 to June 2028" in got[ENDED].message


@pytest.mark.parametrize("code,listed", [("2341", True), ("2342", True), ("2351", False)])
def test_the_quota_is_shown_for_the_three_codes_only(ev, code, listed):
    got = found(ev, overseas(D(2026, 10, 1), code, overseas_training_completed=True))
    assert (QUOTA in got) is listed
    assert ("qualification.route-overseas-training" in got) is not listed


ABSENCE = "stay.extension-worker-absence"


@pytest.mark.parametrize(
    "kind,absent,fires",
    [("extension", True, True), ("extension", False, False), ("extension", None, False), ("initial", True, False)],
)
def test_absence_without_leave_at_an_extension(ev, kind, absent, fires):
    stay = {} if absent is None else {"unauthorized_absence": absent}
    got = found(ev, make(kind=kind, stay=stay))
    assert (ABSENCE in got) is fires
    if fires:
        assert got[ABSENCE].severity == "risk" and "무단 결근·무단 이직" in got[ABSENCE].message
