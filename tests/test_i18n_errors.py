"""Every message the case form can give reads in Korean on a Korean page (the workbench's `t.error`), and a list
field (employer.certifications) can be typed in the form and a spreadsheet cell."""

from __future__ import annotations

import re

import pytest

from engine.core.caseform import BY_PATH, FIELDS, case_of, flat
from engine.core.errors import InputError
from engine.core.i18n import MATCHING_WHAT_KO, RANGE_WHAT_KO, error_ko

from .conftest import ROOT

BASE = {"position.code": "2223", "filed_on": "2026-07-01", "kind": "initial"}
BAD = {
    "text": ["\x01", "x" * 5000],
    "date": ["2026-02-30", "abc", "1800-01-01", "9999-12-31", "2030-01-01"],
    "integer": ["-5", "1.5", "abc", "9" * 40, "100000000000000"],
    "number": ["-1", "abc", "1e400", "9999"],
    "yesno": ["maybe"],
    "choice": ["zzz"],
    "list": ["no_such_thing", "medical_institution, zzz"],
}
DUTIES = ([("a", "0")], [("a", "150")], [("", "50")], [("a", "")], [("a", "abc")], [("a", "60"), ("b", "60")])


def _messages(values: dict, duties: list) -> list[str]:
    try:
        case_of(values, duties, "form")
    except InputError as exc:
        return [exc.expected, *(expected for _, expected in exc.problems)]
    return []


def test_every_bad_value_of_every_form_field_has_a_korean_message():
    english = {}
    for field in FIELDS:
        for value in BAD[field.kind]:
            for message in _messages({**BASE, field.path: value}, []):
                if error_ko(message) == message:
                    english.setdefault(message, field.path)
    for duties in DUTIES:
        for message in _messages(BASE, list(duties)):
            if error_ko(message) == message:
                english.setdefault(message, "position.duties")
    assert english == {}


def test_every_bounded_number_names_what_it_is_in_korean():
    whats = set()
    for path in (ROOT / "engine").rglob("*.py"):
        whats |= set(re.findall(r"in_range\([^,]+,\s*[^,]+,\s*\"([^\"]+)\"\)", path.read_text(encoding="utf-8")))
    assert whats and whats <= set(RANGE_WHAT_KO), sorted(whats - set(RANGE_WHAT_KO))
    forms = set()
    for path in (ROOT / "engine").rglob("*.py"):
        forms |= set(re.findall(r"matching\(r?\"[^\"]+\",\s*\"([^\"]+)\"\)", path.read_text(encoding="utf-8")))
    assert forms <= set(MATCHING_WHAT_KO), sorted(forms - set(MATCHING_WHAT_KO))
    assert error_ko("stay.requested_years: expected a period of stay in years from 0.01 to 10, got -1.0") == (
        "체류 기간(년)은(는) 0.01~10 범위여야 합니다 (입력: -1.0)"
    )


def test_a_list_field_is_typed_as_names_separated_by_commas():
    field = BY_PATH["employer.certifications"]
    assert field.kind == "list" and "medical_institution" in field.choices
    case = case_of({**BASE, field.path: "medical_institution; tourism_business_registration"}, [], "form")
    assert case.employer.certifications == ("medical_institution", "tourism_business_registration")
    assert case_of({**BASE, field.path: "없음"}, [], "form").employer.certifications == ()
    assert case_of(BASE, [], "form").employer.certifications is None
    with pytest.raises(InputError) as bad:
        case_of({**BASE, field.path: "medical_institution, zzz"}, [], "form")
    assert bad.value.field == field.path and "got 'zzz'" in bad.value.expected
    again = flat({"employer": {"certifications": ["medical_institution", "tourism_business_registration"]}})
    assert again[field.path] == "medical_institution, tourism_business_registration"
    assert flat({"employer": {"certifications": []}})[field.path] == "none"
