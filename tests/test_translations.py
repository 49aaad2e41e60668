"""Korean texts of the rules (rulesets/translations/ko-*.toml, engine/translations.py)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from engine.core.case import case_from_data
from engine.core.errors import InputError
from engine.data.folders import DataDir
from engine.rules.evaluate import Evaluator
from engine.rules.rulesets import Rulesets
from engine.rules.translations import load, localize, missing_texts, placeholders

from .conftest import ROOT


def test_every_rule_of_every_ruleset_has_korean_texts_with_the_english_placeholders(data):
    texts = load(data)
    rulesets = Rulesets(data)
    problems = [p for version in rulesets.ids for p in missing_texts(rulesets.get(version), texts)]
    assert problems == []
    assert len(texts) >= 60


def test_a_korean_finding_is_filled_from_the_same_facts_as_the_english_one(data):
    evaluator = Evaluator(data)
    case = case_from_data(
        {
            "filed_on": "2026-07-01",
            "position": {"code": "3922", "subcategory": "E-7-2"},
            "employer": {"domestic_employees": 12, "foreign_employees": 2},
        },
        "case",
    )
    decision = evaluator.evaluate(case)
    korean = localize(decision, evaluator.rulesets.in_force(dt.date.fromisoformat(decision.as_of)), load(data), "ko")
    english = next(f for f in decision.findings if f.rule == "employer.foreign-ratio")
    finding = next(f for f in korean.findings if f.rule == "employer.foreign-ratio")
    assert finding.title.startswith("외국인 고용비율")
    assert "외국인 고용 인원이 3명" in finding.message and "국민 고용자 12명으로는 2명(20%)" in finding.message
    assert english.message.startswith("With this hire") and finding.evidence == english.evidence
    assert [f.rule for f in korean.findings] == [f.rule for f in decision.findings]
    assert korean.outcome == decision.outcome


def test_a_version_table_overrides_the_rule_from_its_version_on(data):
    texts = load(data)
    rulesets = Rulesets(data)
    before = texts["salary.sme-special-used"].of(rulesets.get("2026-02-01").version.ruleset.id)
    after = texts["salary.sme-special-used"].of(rulesets.get("2026-09-01").version.ruleset.id)
    assert "3년" not in before.message and "3년" in after.message
    assert "최대 3년간 적용" in after.explanation and "최대 3년" not in before.explanation
    assert placeholders(after.message) == {"derived.amount_krw"}


def _copy(tmp_path) -> DataDir:
    for name in ("catalogue", "rulesets", "changelog"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return DataDir(tmp_path)


def test_a_rule_given_in_two_files_is_an_error_naming_both(tmp_path):
    data = _copy(tmp_path)
    (tmp_path / "rulesets/translations/ko-extra.toml").write_text(
        '[rules."salary.floor"]\ntitle = "다시"\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"ko-rules.toml: rules.salary.floor: expected each rule once.*ko-extra"):
        load(data)


def test_an_unknown_key_is_an_error_naming_the_file_and_the_field(tmp_path):
    data = _copy(tmp_path)
    (tmp_path / "rulesets/translations/ko-zz.toml").write_text('[rules."x.y"]\ntitel = "오타"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"ko-zz.toml: rules\[x.y\].titel: unknown key \(did you mean 'title'\?\)"):
        load(data)


def test_a_korean_placeholder_the_english_lacks_is_reported(tmp_path):
    data = _copy(tmp_path)
    path = tmp_path / "rulesets/translations/ko-rules.toml"
    text = path.read_text(encoding="utf-8").replace("연봉 {annual_salary_krw:,}원이", "연봉 {annual_salary:,}원이", 1)
    path.write_text(text, encoding="utf-8")
    rulesets = Rulesets(data)
    problems = missing_texts(rulesets.get("2026-02-01"), load(data))
    assert any("salary.below-floor" in p and "annual_salary" in p for p in problems)
