"""A decision as JSON (the contract), as text a compliance officer reads top to bottom, and as Markdown
that drops into the published site. Case-supplied text is escaped in Markdown."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from engine.core.convert import unstructure
from engine.rules.decision import Decision, Finding
from engine.rules.decision_json import decision_line

OUTCOME_TEXT = {
    "ready": "READY: no finding stands in the way on this date",
    "at_risk": "AT RISK: no blocking finding, but risks an officer may act on",
    "needs_information": "NEEDS INFORMATION: the file lacks inputs the rules need",
    "ineligible": "INELIGIBLE: at least one blocking finding",
}
SEVERITY_TEXT = {
    "blocking": "BLOCKING",
    "risk": "RISK",
    "needs_information": "NEEDS INFORMATION",
    "advice": "ADVICE",
}


def decision_data(decision: Decision) -> dict[str, Any]:
    data = unstructure(decision)
    for finding in data["findings"]:
        finding["missing"] = list(finding["missing"])
    data["suggestions"] = [
        {k: v for k, v in s.items() if not (k == "alignment" and v is None)} for s in data["suggestions"]
    ]
    return data


def to_json(decision: Decision) -> str:
    return json.dumps(decision_data(decision), ensure_ascii=False, indent=2) + "\n"


def to_json_line(decision: Decision) -> str:
    """One decision on one line (e7 batch): compact JSON, text as UTF-8 (not escaped). Written by ``json``,
    as ``e7 check --format json`` is, so both spell every number alike (orjson, faster, writes 1e-05 as
    0.00001): ``json.dumps(decision_data(decision), ensure_ascii=False, separators=(",", ":"))``, with the
    pieces many decisions share encoded once (engine/decision_json.py)."""
    return decision_line(decision)


def cite(f: Finding) -> str:
    """A finding's citation on one line: document, edition, pages [status] (note)."""
    c = f.citation
    parts = [c.source]
    if c.edition:
        parts.append(c.edition)
    if c.pages:
        parts.append(f"p. {c.pages}")
    text = ", ".join(parts)
    if c.status:
        text += f" [{c.status}]"
    if c.note:
        text += f" ({c.note})"
    return text


def shown_value(value: Any) -> str:
    """A fact as a reader sees it: yes/no, amounts with thousands separators."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def finding_text(n: int, f: Finding) -> list[str]:
    """One finding as the text explanation shows it: what, why, what to do, the facts used, the source."""
    lines = [
        f"{n}. [{SEVERITY_TEXT[f.severity]}] {f.title}  ({f.rule}, {f.topic})",
        f"   {f.message}",
        f"   Why: {_squash(f.explanation)}",
    ]
    if f.fix:
        lines.append(f"   What to do: {f.fix}")
    if f.evidence:
        lines.append("   Facts used: " + ", ".join(f"{k} = {shown_value(v)}" for k, v in f.evidence.items()))
    since = f"; rule in force since {f.rule_since}" if f.rule_since else ""
    lines.append(f"   Source: {cite(f)}; {f.authority}{since}")
    return lines


def finding_markdown(n: int, f: Finding, with_since: bool = True) -> list[str]:
    """One finding as the Markdown explanation shows it (case text escaped), ending with a blank line."""
    lines = [f"### {n}. {SEVERITY_TEXT[f.severity]}: {md(f.title)}", "", md(f.message), ""]
    lines.append(f"- **Why:** {md(_squash(f.explanation))}")
    if f.fix:
        lines.append(f"- **What to do:** {md(f.fix)}")
    if f.evidence:
        facts = ", ".join(f"`{k}` = {md(shown_value(v))}" for k, v in f.evidence.items())
        lines.append(f"- **Facts used:** {facts}")
    since = f" in force since {f.rule_since}" if with_since and f.rule_since else ""
    lines.append(f"- **Source:** {md(cite(f))}; {md(f.authority)}; rule `{f.rule}`{since}")
    lines.append("")
    return lines


def to_text(decision: Decision) -> str:
    lines = [
        f"Case {decision.case} as of {decision.as_of}",
        f"Outcome: {OUTCOME_TEXT[decision.outcome]}",
        "",
        f"Rules: {decision.ruleset['id']} ({decision.ruleset['title']})",
        f"Catalogue: snapshot {decision.catalogue['snapshot']} (status {decision.catalogue['status']})",
    ]
    if decision.findings:
        lines += ["", f"Findings ({len(decision.findings)}), most serious first:"]
        for n, f in enumerate(decision.findings, 1):
            lines += ["", *finding_text(n, f)]
    else:
        lines += ["", "No findings."]
    if decision.suggestions:
        lines += ["", "Suggested codes:"]
        for s in decision.suggestions:
            extra = f" (alignment {s.alignment:.0%})" if s.alignment is not None else ""
            lines.append(f"  {s.code}  {s.title}{extra}  {s.reason}  [{s.rule}]".rstrip())
    if decision.passed:
        lines += ["", f"Checked and passed ({len(decision.passed)}):"]
        for p in decision.passed:
            lines.append(f"  ok  {p.title}  ({p.rule})")
    lines += [
        "",
        f"Provenance: catalogue sha256 {decision.catalogue['sha256'][:16]}..., "
        f"ruleset sha256 {decision.ruleset['sha256'][:16]}..., data release {decision.release['id']}, "
        f"{decision.engine['name']} {decision.engine['version']}",
    ]
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>])")  # not ~: Python-Markdown would show a backslash before it


# Every character that ends a line somewhere (Markdown reads \r as one, a table row ends at it) and every other
# control character, lone surrogate or non-character (not text a page can show; YAML front matter refuses them)
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNSHOWABLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def md_plain(text: Any) -> str:
    """Text on one line: each line break a space, each control character U+FFFD (shown, not acted on)."""
    return _UNSHOWABLE.sub("\ufffd", _LINE_BREAKS.sub(" ", str(text)))


def md(text: Any) -> str:
    """Escape text for Markdown on one line: line breaks and control characters first (``md_plain``), HTML
    entities next, then Markdown's own punctuation."""
    escaped = html.escape(md_plain(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def _squash(text: str) -> str:
    return " ".join(text.split())


def to_markdown(decision: Decision) -> str:
    lines = [
        f"# Case {md(decision.case)} as of {decision.as_of}",
        "",
        f"**Outcome: {md(OUTCOME_TEXT[decision.outcome])}**",
        "",
        f"- Rules: `{decision.ruleset['id']}`: {md(decision.ruleset['title'])}",
        f"- Catalogue: snapshot `{decision.catalogue['snapshot']}` (status {decision.catalogue['status']})",
        "",
    ]
    if decision.findings:
        lines += ["## Findings", ""]
        for n, f in enumerate(decision.findings, 1):
            lines += finding_markdown(n, f)
    else:
        lines += ["No findings.", ""]
    if decision.suggestions:
        lines += ["## Suggested codes", "", "| code | title | reason |", "|---|---|---|"]
        for s in decision.suggestions:
            lines.append(f"| {md(s.code)} | {md(s.title)} | {md(s.reason)} |")
        lines.append("")
    if decision.passed:
        lines += ["## Checked and passed", ""]
        lines += [f"- {md(p.title)} (`{p.rule}`)" for p in decision.passed]
        lines.append("")
    lines.append(
        f"*Catalogue sha256 `{decision.catalogue['sha256'][:16]}`, ruleset sha256 "
        f"`{decision.ruleset['sha256'][:16]}`, data release {md(decision.release['id'])}, "
        f"e7 {decision.engine['version']}.*"
    )
    return "\n".join(lines) + "\n"


def wage_margin(decision: Decision) -> tuple[int, int, int] | None:
    """(annual salary, wage floor, margin) where the decision derived a floor and the case gives a salary."""
    salary = decision.facts.get("annual_salary_krw")
    for step in decision.trace:
        if step.kind == "derived" and step.detail.get("fact") == "wage_floor":
            floor = step.detail.get("amount_krw")
            if isinstance(floor, int) and isinstance(salary, int):
                return salary, floor, salary - floor
    return None
