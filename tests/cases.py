"""Building cases for tests: a clean base case and deep overrides."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from engine.core.case import case_from_data

BASE: dict[str, Any] = {
    "id": "test-case",
    "kind": "initial",
    "filed_on": dt.date(2026, 7, 1),
    "applicant": {
        "birth_date": dt.date(1992, 4, 10),
        "education": "bachelor",
        "degree_related": True,
        "experience_years": 3.0,
        "korean_level": 2,
        "prior_e7_years": 0.0,
    },
    "employer": {
        "size": "sme",
        "capital_region": True,
        "domestic_employees": 14,
        "foreign_employees": 1,
        "annual_revenue_krw": 2_400_000_000,
        "mainly_domestic_sales": False,
        "tax_arrears": False,
    },
    "position": {
        "code": "2223",
        "subcategory": "E-7-1",
        "job_title": "Backend Engineer",
        "annual_salary_krw": 42_000_000,
        "weekly_hours": 40,
        "duties": [{"task": "Write backend code", "share": 80}, {"task": "Review code", "share": 20}],
    },
    "documents": {
        "contract_lists_duties": True,
        "sayuseo_cites_code": True,
        "sayuseo_lists_tasks": True,
        "sayuseo_reviewed_by_applicant": True,
        "prior_letters_list_duties": True,
        "income_certificate": True,
        "recommendation_letter": True,
        "guarantee": True,
    },
}

DELETE = object()


def merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is DELETE:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def make(**changes: Any):
    return case_from_data(merge(BASE, changes), "test")
