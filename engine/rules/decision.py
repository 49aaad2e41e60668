"""The decision contract: outcome, findings, suggestions, what passed, the trace and the provenance."""

from __future__ import annotations

from typing import Any

import attrs

SEVERITY_ORDER = {"blocking": 0, "risk": 1, "needs_information": 2, "advice": 3}
OUTCOMES = ("ready", "at_risk", "needs_information", "ineligible")


@attrs.frozen
class Citation:
    source: str
    pages: str
    edition: str = ""
    status: str = ""
    note: str = ""


@attrs.frozen
class Finding:
    rule: str
    topic: str
    severity: str  # blocking | risk | advice | needs_information
    title: str
    message: str
    citation: Citation
    authority: str
    explanation: str
    fix: str = ""
    evidence: dict[str, Any] = attrs.Factory(dict)
    missing: tuple[str, ...] = ()
    rule_since: str = ""


@attrs.frozen
class Suggestion:
    code: str
    title: str
    rule: str
    reason: str = ""
    alignment: float | None = None


@attrs.frozen
class Passed:
    rule: str
    topic: str
    title: str


@attrs.frozen
class TraceStep:
    step: int
    rule: str
    kind: str
    detail: dict[str, Any] = attrs.Factory(dict)


@attrs.frozen
class Decision:
    case: str
    as_of: str
    outcome: str
    catalogue: dict[str, str]
    ruleset: dict[str, str]
    release: dict[str, str]  # the data release: id, date, sha256 of its release.toml (docs/releases.md)
    engine: dict[str, str]  # e7's version, the rule engine, the duty matcher's version
    findings: tuple[Finding, ...]
    suggestions: tuple[Suggestion, ...]
    passed: tuple[Passed, ...]
    trace: tuple[TraceStep, ...]
    facts: dict[str, Any]


def outcome_of(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """ineligible if any blocking; else at_risk if any risk; else needs_information if a finding asks for a
    missing field; else ready (DESIGN.md, Contracts)."""
    severities = {f.severity for f in findings}
    if "blocking" in severities:
        return "ineligible"
    if "risk" in severities:
        return "at_risk"
    if "needs_information" in severities:
        return "needs_information"
    return "ready"
