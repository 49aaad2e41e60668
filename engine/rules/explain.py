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


# The text and Markdown forms' own words, English and Korean (`e7 check --lang ko`); the rules' texts come
# localized from rulesets/translations/, and the Korean words are the workbench's (engine/core/i18n.py)
_WORDS: dict[str, tuple[str, str]] = {
    "case": ("Case {case} as of {as_of}", "사건 {case} (기준일 {as_of})"),
    "outcome": ("Outcome: {text}", "결과: {text}"),
    "rules": ("Rules: {id} ({title})", "기준 판: {id} ({title})"),
    "catalogue": ("Catalogue: snapshot {snapshot} (status {status})", "직종 목록 판: {snapshot} (상태 {status})"),
    "findings": ("Findings ({n}), most serious first:", "검토 결과 {n}건 (중요한 순):"),
    "no_findings": ("No findings.", "지적 사항이 없습니다."),
    "suggestions": ("Suggested codes:", "추천 직종 코드:"),
    "alignment": (" (alignment {share:.0%})", " (업무 부합도 {share:.0%})"),
    "passed": ("Checked and passed ({n}):", "확인 결과 충족 ({n}건):"),
    "provenance": (
        "Provenance: catalogue sha256 {catalogue}..., ruleset sha256 {ruleset}..., data release {release}, "
        "{engine} {version}",
        "데이터 출처: 직종 목록 sha256 {catalogue}..., 기준 sha256 {ruleset}..., 데이터 릴리스 {release}, "
        "{engine} {version}",
    ),
    "why": ("Why", "근거"),
    "fix": ("What to do", "조치"),
    "facts": ("Facts used", "사용한 사실"),
    "source": ("Source", "출처"),
    "since": ("rule in force since {since}", "기준 시행일 {since}"),
    "rule": ("rule", "규칙"),
    "yes": ("yes", "예"),
    "no": ("no", "아니오"),
    "md.case": ("Case {case} as of {as_of}", "사건 {case} (기준일 {as_of})"),
    "md.outcome": ("**Outcome: {text}**", "**결과: {text}**"),
    "md.rules": ("- Rules: `{id}`: {title}", "- 기준 판: `{id}`: {title}"),
    "md.catalogue": (
        "- Catalogue: snapshot `{snapshot}` (status {status})",
        "- 직종 목록 판: `{snapshot}` (상태 {status})",
    ),
    "md.since": (" in force since {since}", " (시행일 {since})"),
    "md.findings": ("Findings", "검토 결과"),
    "md.suggestions": ("Suggested codes", "추천 직종 코드"),
    "md.table": ("| code | title | reason |", "| 코드 | 직종명 | 이유 |"),
    "md.passed": ("Checked and passed", "확인 결과 충족"),
    "md.provenance": (
        "*Catalogue sha256 `{catalogue}`, ruleset sha256 `{ruleset}`, data release {release}, e7 {version}.*",
        "*직종 목록 sha256 `{catalogue}`, 기준 sha256 `{ruleset}`, 데이터 릴리스 {release}, e7 {version}.*",
    ),
}


def _word(key: str, lang: str, **values: Any) -> str:
    text = _WORDS[key][0 if lang == "en" else 1]
    return text.format(**values) if values else text


def outcome_text(outcome: str, lang: str = "en") -> str:
    """The outcome's headline in ``lang`` (English: the text form's capitals)."""
    if lang == "en":
        return OUTCOME_TEXT[outcome]
    from engine.core.i18n import OUTCOMES

    return OUTCOMES[outcome][1]


def _authority(authority: str, lang: str) -> str:
    if lang == "en":
        return authority
    from engine.core.i18n import AUTHORITIES

    return AUTHORITIES.get(authority, (authority, authority))[1]


def severity_text(severity: str, lang: str = "en") -> str:
    """A severity as the text and Markdown forms name it in ``lang``."""
    if lang == "en":
        return SEVERITY_TEXT[severity]
    from engine.core.i18n import SEVERITIES

    return SEVERITIES[severity][1]


def shown_value(value: Any, lang: str = "en") -> str:
    """A fact as a reader sees it: yes/no, amounts with thousands separators."""
    if isinstance(value, bool):
        return _word("yes" if value else "no", lang)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


def finding_text(n: int, f: Finding, lang: str = "en") -> list[str]:
    """One finding as the text explanation shows it: what, why, what to do, the facts used, the source."""
    lines = [
        f"{n}. [{severity_text(f.severity, lang)}] {f.title}  ({f.rule}, {f.topic})",
        f"   {f.message}",
        f"   {_word('why', lang)}: {_squash(f.explanation)}",
    ]
    if f.fix:
        lines.append(f"   {_word('fix', lang)}: {f.fix}")
    if f.evidence:
        facts = ", ".join(f"{k} = {shown_value(v, lang)}" for k, v in f.evidence.items())
        lines.append(f"   {_word('facts', lang)}: {facts}")
    since = "; " + _word("since", lang, since=f.rule_since) if f.rule_since else ""
    lines.append(f"   {_word('source', lang)}: {cite(f)}; {_authority(f.authority, lang)}{since}")
    return lines


def finding_markdown(n: int, f: Finding, with_since: bool = True, lang: str = "en") -> list[str]:
    """One finding as the Markdown explanation shows it (case text escaped), ending with a blank line."""
    lines = [f"### {n}. {severity_text(f.severity, lang)}: {md(f.title)}", "", md(f.message), ""]
    lines.append(f"- **{_word('why', lang)}:** {md(_squash(f.explanation))}")
    if f.fix:
        lines.append(f"- **{_word('fix', lang)}:** {md(f.fix)}")
    if f.evidence:
        facts = ", ".join(f"`{k}` = {md(shown_value(v, lang))}" for k, v in f.evidence.items())
        lines.append(f"- **{_word('facts', lang)}:** {facts}")
    since = _word("md.since", lang, since=f.rule_since) if with_since and f.rule_since else ""
    rule = f"{_word('rule', lang)} `{f.rule}`{since}"
    lines.append(f"- **{_word('source', lang)}:** {md(cite(f))}; {md(_authority(f.authority, lang))}; {rule}")
    lines.append("")
    return lines


def to_text(decision: Decision, lang: str = "en") -> str:
    """The decision as text, its own words in ``lang`` (the rules' texts are localized before)."""
    lines = [
        _word("case", lang, case=decision.case, as_of=decision.as_of),
        _word("outcome", lang, text=outcome_text(decision.outcome, lang)),
        "",
        _word("rules", lang, id=decision.ruleset["id"], title=decision.ruleset["title"]),
        _word("catalogue", lang, snapshot=decision.catalogue["snapshot"], status=decision.catalogue["status"]),
    ]
    if decision.findings:
        lines += ["", _word("findings", lang, n=len(decision.findings))]
        for n, f in enumerate(decision.findings, 1):
            lines += ["", *finding_text(n, f, lang)]
    else:
        lines += ["", _word("no_findings", lang)]
    if decision.suggestions:
        lines += ["", _word("suggestions", lang)]
        for s in decision.suggestions:
            extra = _word("alignment", lang, share=s.alignment) if s.alignment is not None else ""
            lines.append(f"  {s.code}  {s.title}{extra}  {s.reason}  [{s.rule}]".rstrip())
    if decision.passed:
        lines += ["", _word("passed", lang, n=len(decision.passed))]
        for p in decision.passed:
            lines.append(f"  ok  {p.title}  ({p.rule})")
    lines += [
        "",
        _word(
            "provenance",
            lang,
            catalogue=decision.catalogue["sha256"][:16],
            ruleset=decision.ruleset["sha256"][:16],
            release=decision.release["id"],
            engine=decision.engine["name"],
            version=decision.engine["version"],
        ),
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


def to_markdown(decision: Decision, lang: str = "en") -> str:
    """The decision as Markdown (the site's example pages), its own words in ``lang``."""
    lines = [
        "# " + _word("md.case", lang, case=md(decision.case), as_of=decision.as_of),
        "",
        _word("md.outcome", lang, text=md(outcome_text(decision.outcome, lang))),
        "",
        _word("md.rules", lang, id=decision.ruleset["id"], title=md(decision.ruleset["title"])),
        _word("md.catalogue", lang, snapshot=decision.catalogue["snapshot"], status=decision.catalogue["status"]),
        "",
    ]
    if decision.findings:
        lines += [f"## {_word('md.findings', lang)}", ""]
        for n, f in enumerate(decision.findings, 1):
            lines += finding_markdown(n, f, lang=lang)
    else:
        lines += [_word("no_findings", lang), ""]
    if decision.suggestions:
        lines += [f"## {_word('md.suggestions', lang)}", "", _word("md.table", lang), "|---|---|---|"]
        for s in decision.suggestions:
            lines.append(f"| {md(s.code)} | {md(s.title)} | {md(s.reason)} |")
        lines.append("")
    if decision.passed:
        lines += [f"## {_word('md.passed', lang)}", ""]
        lines += [f"- {md(p.title)} (`{p.rule}`)" for p in decision.passed]
        lines.append("")
    lines.append(
        _word(
            "md.provenance",
            lang,
            catalogue=decision.catalogue["sha256"][:16],
            ruleset=decision.ruleset["sha256"][:16],
            release=md(decision.release["id"]),
            version=decision.engine["version"],
        )
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
