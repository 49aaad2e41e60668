"""Every example case gives the outcome its comment claims, and together the examples reach every rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.core.case import load_case
from engine.data.folders import locate
from engine.rules.rulesets import Rulesets

from .conftest import ROOT

CASES = sorted(p for p in (ROOT / "examples" / "cases").iterdir() if p.suffix in (".toml", ".json"))
# rules no example can reach yet, and why
UNREACHABLE = {
    "code.retired": "no occupation has left the list in the catalogue's history so far",
    "code.retiring-soon": "no notice in the shipped catalogue retires a code; tests/test_notices_checks.py reaches "
    "it (and code.retired) with the hypothetical notice of examples/notices/hypothetical/",
}


def header(path: Path) -> tuple[str, list[str]]:
    text = (path if path.suffix == ".toml" else path.with_suffix(".md")).read_text(encoding="utf-8")
    outcome = re.search(r"Expected outcome:\s*(\w+)", text)
    found = re.search(r"Expected findings:\s*(.+)", text)
    assert outcome and found, f"{path.name}: expected the 'Expected outcome' and 'Expected findings' comment lines"
    rules = [] if found.group(1).strip() == "none" else [r.strip() for r in found.group(1).split(",")]
    return outcome.group(1), rules


def test_there_are_enough_examples():
    assert len(CASES) >= 12


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_example_outcome_and_findings(ev, path):
    outcome, expected = header(path)
    decision = ev.evaluate(load_case(path))
    found = {f.rule for f in decision.findings}
    assert decision.outcome == outcome, (decision.outcome, sorted(found))
    assert set(expected) <= found, sorted(set(expected) - found)


def test_examples_reach_every_outcome_and_every_rule(ev):
    outcomes, fired = set(), set()
    for path in CASES:
        decision = ev.evaluate(load_case(path))
        outcomes.add(decision.outcome)
        fired |= {f.rule for f in decision.findings if f.severity != "needs_information" or not _has_when(ev, f.rule)}
    assert outcomes == {"ready", "at_risk", "needs_information", "ineligible"}
    rulesets = Rulesets(locate(None))
    every = {r.id for version in rulesets.ids for r in rulesets.get(version).rules if r.severity}
    assert every - fired - set(UNREACHABLE) == set()


def _has_when(ev, rule_id: str) -> bool:
    for version in ev.rulesets.ids:
        for rule in ev.rulesets.get(version).rules:
            if rule.id == rule_id:
                return bool(rule.when or rule.after)
    return False


def test_batch_writes_one_line_per_example(e7, tmp_path):
    out = tmp_path / "out.jsonl"
    result = e7("batch", str(ROOT / "examples" / "cases"), "-o", str(out))
    assert result.code == 0, result.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(CASES)
    assert "ready" in result.err and f"{len(CASES)} cases" in result.err
