"""Review revb (issue 18) of papers3 and e74c: each fix on both sides.

- stay.e7-4-passport-validity: the confirmation's 6 months hold only with a contract of 2 years or more (stay manual
  2026.6 p.308: (단, 고용계약기간은 2년 이상 되어있어야 함)); the basis reads in Korean too.
- 441's duty-free shop papers (stay p.278, visa p.230: 해당업체에 한함) are named, not required: none of the kinds of
  business 441 accepts is a duty-free shop, so no case field tells which cook's employer files them.
"""

from __future__ import annotations

import pytest

from engine.rules.evaluate import Evaluator

from .test_case_kinds import example, findings

PASSPORT = "stay.e7-4-passport-validity"


@pytest.mark.parametrize(
    ("contract", "limit"),
    [
        (1.0, "2026-09-01"),  # under 2 years: no relief, the passport's expiry
        (1.99, "2026-09-01"),
        (2.0, "2026-12-31"),  # 2 years: 6 months from the filing date
        (None, "2026-12-31"),  # not given: read as the relief (a risk either way; nothing asked)
    ],
)
def test_the_confirmation_needs_a_two_year_contract(ev, contract, limit):
    stay = {"requested_years": 2.0, "passport_expires_on": "2026-09-01", "passport_confirmation": True}
    if contract is not None:
        stay["contract_years"] = contract
    decision, found = findings(ev, example("e7-4-root-industry-pass", stay=stay))
    finding = found[PASSPORT]
    assert finding.severity == "risk"
    # a change of status with a contract under 2 years is refused by points.e7-4-contract-two-years, not by this rule
    assert decision.outcome == ("ineligible" if contract is not None and contract < 2 else "at_risk")
    assert f"granted no further than {limit}" in finding.message
    if contract is not None and contract < 2:
        assert "2 years or more" in finding.message and "고용계약기간 2년 이상" in finding.message


def test_the_passport_basis_reads_in_korean(ev):
    stay = {"requested_years": 2.0, "passport_expires_on": "2026-09-01", "passport_confirmation": False}
    _, found = findings(ev, example("e7-4-root-industry-pass", stay=stay))
    assert "붙임10 확인서 미제출" in found[PASSPORT].message
    assert "no confirmation (annex 10) signed" in found[PASSPORT].message


# -- 441: 외국인관광객 면세판매장(세무서장 지정) 또는 보세판매장(세관장 특허) 서류 (해당업체에 한함, stay p.278) --
COOK_PAPERS = ["cooking_competition_award", "employment_insurance_roster", "insured_acquisition_history",
               "workplace_area_proof", "vat_tax_base_certificate"]  # fmt: skip


def _cook(ev: Evaluator, **employer: object):
    from .cases import make
    from .test_rules_both_sides import findings

    case = make(
        position={"code": "441", "subcategory": "E-7-2", "job_title": "Cook", "annual_salary_krw": 45_000_000},
        employer=employer,
        documents={"attached": COOK_PAPERS},
    )
    return findings(ev, case)


@pytest.mark.parametrize("kind", ["chinese_restaurant", "tourist_hotel_or_restaurant", "duty_free_shop", None])
def test_the_duty_free_papers_are_named_for_every_cook_never_missing(ev, kind):
    employer = {"tourist_facility_designated": False} | ({"business_kind": kind} if kind else {})
    decision, found = _cook(ev, **employer)
    assert "면세판매장" in decision.facts["code_papers_listed"]
    assert "면세판매장" not in decision.facts["code_papers_missing"]
    assert "documents.code-papers" not in found


def test_the_designated_facility_still_files_its_designation(ev):
    _, found = _cook(ev, business_kind="chinese_restaurant", tourist_facility_designated=True)
    assert "관광편의시설업 지정 서류" in found["documents.code-papers"].message
    assert found["documents.code-papers"].severity == "blocking"
    assert "면세판매장" not in found["documents.code-papers"].message


# -- coverage entries the review found not covered --------------------------------------------------------------
@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ("per_code.441-stay-documents", "해당업체에 한함"),  # the duty-free papers: named, not required
    ],
)
def test_the_entries_are_partial_and_say_what_is_missing(entry, words):
    import tomllib

    from engine.data.folders import locate as folders

    with open(folders(None).root / "rulesets" / "coverage.toml", "rb") as handle:
        entries = {e["id"]: e for e in tomllib.load(handle)["requirements"]}
    assert entries[entry]["status"] == "partial"
    assert words in entries[entry]["missing"]


# fix4 read what the review found missing: the coastal licence's 정기 (employer.coastal_regular_service) and the
# 3 months after opening (employer.e7-4-opened-3-months); tests/test_fix4.py tests both sides
@pytest.mark.parametrize(
    ("entry", "rule"),
    [
        ("documents.e7-4-additional-papers", "documents.e7-4-papers"),
        ("employer.e7-4-allowance", "employer.e7-4-opened-3-months"),
    ],
)
def test_the_entries_fix4_completed_are_covered(entry, rule):
    import tomllib

    from engine.data.folders import locate as folders

    with open(folders(None).root / "rulesets" / "coverage.toml", "rb") as handle:
        entries = {e["id"]: e for e in tomllib.load(handle)["requirements"]}
    assert entries[entry]["status"] == "covered" and rule in entries[entry]["rules"]
    assert "missing" not in entries[entry]


def test_a_zero_domestic_employer_of_e9_workers_is_still_given_the_minimum(ev):
    # the page's minimum is applied to an employer open 3 months or more (its founded_on is 2001-07-01); one open
    # under 3 months is a risk (employer.e7-4-opened-3-months, fix4)
    employer = {"domestic_employees": 0, "foreign_employees": 1}
    _, found = findings(ev, example("e7-4-root-industry-pass", employer=employer, e7_4={"employer_e9_workers": 1}))
    assert "employer.foreign-ratio" not in found and "employer.e7-4-opened-3-months" not in found
