"""Retired codes in checks, with the hypothetical notice that retires S2955 (successor 295) imported into a copy
of the data: the retirement finding names the notice and suggests the successor, a retirement within 90 days
is a risk, a renumbering stays a renumbering; `e7 impact` lists the cases a notice changes, writing nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from engine.core.case import load_case
from engine.data.folders import DataDir, locate
from engine.rules.evaluate import Evaluator

from .conftest import ROOT
from .test_notices import HYPOTHETICAL, folder_bytes

CASES = ROOT / "examples/notices/hypothetical/cases"
D = dt.date


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A copy of the shipped data with the hypothetical notice imported."""
    import shutil

    from engine.catalogue.publish import plan_import, write_import

    root = tmp_path_factory.mktemp("imported")
    for name in ("catalogue", "rulesets", "changelog"):
        shutil.copytree(ROOT / name, root / name)
    data = DataDir(root)
    write_import(data, plan_import(data, HYPOTHETICAL))
    return root


@pytest.fixture(scope="module")
def ev(imported: Path) -> Evaluator:
    return Evaluator(DataDir(imported))


def findings(ev: Evaluator, name: str, on: dt.date | None = None):
    decision = ev.evaluate(load_case(CASES / name), on)
    return decision, {f.rule: f for f in decision.findings}


def test_the_hypothetical_notice_is_not_in_the_shipped_catalogue():
    shipped = Evaluator(locate(None))
    assert all(not s.retired for s in shipped.catalogue)
    assert "2026-12-01" not in shipped.catalogue.ids
    decision = shipped.evaluate(load_case(CASES / "film-designer-s2955-2026-12.toml"))
    assert decision.outcome == "ready"
    assert "code.retired" not in {f.rule for f in decision.findings}


def test_a_case_under_a_retired_code_gets_the_retirement_with_the_successor(ev):
    decision, found = findings(ev, "film-designer-s2955-2026-12.toml")
    assert decision.outcome == "ineligible"
    f = found["code.retired"]
    assert f.severity == "blocking" and f.topic == "code"
    assert "retired on 2026-12-01 by notice hypothetical-retire-s2955" in f.message
    assert "the notice names 295 (디자이너) as its successor" in f.message
    assert f.evidence["new_code"] == "295" and f.evidence["code_changed_on"] == "2026-12-01"
    suggestion = decision.suggestions[0]  # the successor comes first (the code rules come first)
    assert (suggestion.code, suggestion.rule) == ("295", "code.retired")
    assert "hypothetical-retire-s2955" in suggestion.reason
    assert decision.catalogue["snapshot"] == "2026-12-01"


def test_on_the_retirement_date_and_the_day_before(ev):
    _, found = findings(ev, "film-designer-s2955-2026-12.toml", D(2026, 12, 1))
    assert "code.retired" in found
    _, found = findings(ev, "film-designer-s2955-2026-12.toml", D(2026, 11, 30))
    assert "code.retired" not in found
    f = found["code.retiring-soon"]
    assert f.severity == "risk" and "1 days after 2026-11-30" in f.message


def test_a_retirement_within_90_days_is_a_risk_and_91_days_is_not(ev):
    decision, found = findings(ev, "film-designer-s2955-2026-10.toml")
    assert decision.outcome == "at_risk"
    f = found["code.retiring-soon"]
    assert "retired on 2026-12-01, 47 days after 2026-10-15, by notice hypothetical-retire-s2955" in f.message
    assert "295 (디자이너)" in f.message
    assert decision.suggestions[0].code == "295"
    _, found = findings(ev, "film-designer-s2955-2026-10.toml", D(2026, 9, 2))  # 90 days before
    assert "code.retiring-soon" in found
    decision, found = findings(ev, "film-designer-s2955-2026-10.toml", D(2026, 9, 1))  # 91 days before
    assert "code.retiring-soon" not in found
    assert "code.retiring-soon" in {p.rule for p in decision.passed}


def test_a_former_code_stays_a_renumbering_until_its_occupation_is_retired(ev):
    _, found = findings(ev, "film-designer-former-s2855-2026-12.toml", D(2026, 10, 1))
    assert "code.renumbered" in found and "S2955" in found["code.renumbered"].message
    decision, found = findings(ev, "film-designer-former-s2855-2026-12.toml")
    assert "code.renumbered" not in found
    f = found["code.retired"]
    assert "S2855 had become S2955 on 2026-09-01" in f.message and "295 (디자이너)" in f.message
    assert decision.suggestions[0].code == "295"


def test_renumbered_2733_still_names_the_new_code_after_the_notice(ev):
    """code.renumbered already covers a former code after its renumbering; a later notice does not change it."""
    case = load_case(ROOT / "examples/cases/ad-specialist-old-code-2026-10.toml")
    decision = ev.evaluate(case, D(2026, 12, 15))
    found = {f.rule: f for f in decision.findings}
    assert "2833" in found["code.renumbered"].message and "2026-09-01" in found["code.renumbered"].message
    assert "code.retired" not in found


def test_e7_code_tells_what_became_of_the_codes(e7, imported):
    data = str(imported)
    report = e7("--data", data, "code", "S2955", "--as-of", "2026-12-15", "--format", "json").json()
    assert report["status"] == "retired"
    assert "left the list on 2026-12-01 (notice hypothetical-retire-s2955" in report["explanation"]
    assert "its successor is 295 (디자이너)" in report["explanation"]
    event = report["history"][0]["events"][-1]
    assert (event["event"], event["on"], event["code"]) == ("retired", "2026-12-01", "S2955")
    assert event["detail"].startswith("notice hypothetical-retire-s2955: ") and event["detail"].endswith(
        "successor 295"
    )
    report = e7("--data", data, "code", "S2855", "--as-of", "2026-12-15", "--format", "json").json()
    assert "it became S2955 on 2026-09-01, which left the list on 2026-12-01" in report["explanation"]


# -- e7 impact ------------------------------------------------------------------------------------------------------


def test_impact_lists_the_cases_the_notice_changes(e7, data_copy):
    before = folder_bytes(data_copy)
    result = e7("--data", str(data_copy), "impact", str(HYPOTHETICAL), "--cases", str(CASES), "--format", "json")
    assert result.code == 0, result.err
    report = result.json()
    assert report["notice"]["id"] == "hypothetical-retire-s2955"
    assert report["snapshot"] == {"base": "2026-09-01", "new": "2026-12-01"}
    assert report["cases"] == 4
    changed = {c["case"]: c for c in report["changed"]}
    assert set(changed) == {
        "film-designer-s2955-2026-12",
        "film-designer-s2955-2026-10",
        "film-designer-former-s2855-2026-12",
    }
    retired = changed["film-designer-s2955-2026-12"]
    assert (retired["before"], retired["after"]) == ("ready", "ineligible")
    assert "code.retired" in [f["rule"] for f in retired["added"]]
    assert retired["suggestions_after"][0] == "295"
    soon = changed["film-designer-s2955-2026-10"]
    assert (soon["before"], soon["after"]) == ("ready", "at_risk")
    former = changed["film-designer-former-s2855-2026-12"]
    assert (former["before"], former["after"]) == ("at_risk", "ineligible")  # a former code is a risk (issue 11)
    assert "code.retired" in [f["rule"] for f in former["added"]]
    assert "code.renumbered" in [f["rule"] for f in former["removed"]]
    summary = report["summary"]
    assert summary["before"]["ready"] == 3 and summary["after"]["ineligible"] == 2
    assert {(t["from"], t["to"], t["cases"]) for t in summary["transitions"]} == {
        ("ready", "ineligible", 1),
        ("ready", "at_risk", 1),
        ("at_risk", "ineligible", 1),
    }
    assert summary["unchanged"] == 1 and report["errors"] == []
    assert folder_bytes(data_copy) == before  # nothing written


def test_impact_text_and_a_jsonl_input_with_a_bad_line(e7, tmp_path):
    lines = [
        json.dumps({"id": "j1", "filed_on": "2026-12-15", "position": {"code": "S2955", "subcategory": "E-7-1"}}),
        "{not json",
        json.dumps({"id": "j2", "filed_on": "2026-12-15", "position": {"code": "2223", "subcategory": "E-7-1"}}),
    ]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = e7("impact", str(HYPOTHETICAL), "--cases", str(path))
    assert result.code == 0, result.err
    out = result.out
    assert "Impact of notice hypothetical-retire-s2955 (effective 2026-12-01" in out
    assert "j1 (" in out and "+ [blocking] code.retired" in out
    assert "j2 (" not in out
    assert "could not be evaluated: 1" in out and "cases.jsonl:2" in out
    assert "nothing was written" in out


def test_impact_as_of_one_date(e7):
    result = e7("impact", str(HYPOTHETICAL), "--cases", str(CASES), "--as-of", "2026-11-01", "--format", "json")
    report = result.json()
    assert report["as_of"] == "2026-11-01"
    changed = {c["case"]: (c["before"], c["after"]) for c in report["changed"]}
    assert changed["film-designer-s2955-2026-12"] == ("ready", "at_risk")  # retired 30 days later


def test_impact_checks_the_notice_as_import_does(e7, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(HYPOTHETICAL.read_text(encoding="utf-8").replace('successor = "295"', 'successor = "2733"'))
    result = e7("impact", str(bad), "--cases", str(CASES))
    assert result.code == 2 and "retire[0].successor" in result.err
    result = e7("impact", str(HYPOTHETICAL), "--cases", str(tmp_path / "none"))
    assert result.code == 2 and "expected a folder of case files or a .jsonl file" in result.err
