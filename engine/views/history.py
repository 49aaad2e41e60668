"""A history report in its forms: text, Markdown and JSON (docs/history.md, docs/json.md). Shared by the front ends."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from engine.rules.explain import SEVERITY_TEXT, finding_markdown, finding_text, md

if TYPE_CHECKING:
    from engine.history import F27Report, HistoryReport, RenewalReport, StayReport
    from engine.rules.decision import Finding

OUTCOME_TEXT = {
    "ready": "READY: no finding stands in the way",
    "at_risk": "AT RISK: no blocking finding, but risks an officer may act on",
    "needs_information": "NEEDS INFORMATION: the history lacks inputs the checks need",
    "ineligible": "INELIGIBLE: at least one blocking finding",
}


def to_json(report: HistoryReport) -> str:
    from engine.history import report_data

    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


# -- shared pieces ---------------------------------------------------------------------------------------


def _won(amount: int | None) -> str:
    return "unknown" if amount is None else f"{amount:,} KRW"


def _stay_line(r: StayReport) -> str:
    s = r.stay
    until = s.until.isoformat() if s.until else "now"
    parts = [f"{s.start} to {until}", f"{s.code} {s.subcategory}", r.title_ko]
    if s.employer:
        parts.append(s.employer)
    parts.append(_won(s.annual_salary_krw))
    return "  ".join(parts)


def _stay_basis(r: StayReport) -> str:
    if r.snapshot is None:
        return f"not checked: no list or rules for {r.checked_on}"
    floor = f"wage floor {_won(r.wage_floor_krw)} ({r.wage_floor_basis})" if r.wage_floor_krw else "wage floor unknown"
    extra = f"; renumbered from {r.renumbered_from}, same occupation" if r.renumbered_from else ""
    return f"as of {r.checked_on}: catalogue {r.snapshot} (status {r.snapshot_status}), {r.ruleset}; {floor}{extra}"


def _eligibility(f: F27Report) -> str:
    if f.eligible is None:
        return "not known"
    if not f.eligible:
        return "no (see the findings)"
    since = f" continuous since {f.continuous_since}" if f.continuous_since else ""
    if f.waiver == "income":
        return f"yes: E-7-1 on the date,{since}; the 3 years are waived by the income of 40,000,000 KRW or more"
    if f.waiver == "stem_talent_invitee":
        return f"yes: E-7-1 on the date,{since}; the 3 years are waived (recommended talent invitee)"
    if f.waiver == "other_route":
        return "yes: on another route than the professionals' (see the findings), which asks no 3 years of stay"
    return f"yes: E-7-1 on the date,{since} (3 years or more)"


def _points_rows(f: F27Report) -> list[tuple[str, str, str]]:
    """(item, what it read, points) for the F-2-7 table."""
    d = f.details
    rows: list[tuple[str, str, str]] = []

    def pts(name: str) -> str:
        value = f.items.get(name)
        top = d.get(name, {}).get("max_points")
        shown = "?" if value is None else str(value)
        return f"{shown} / {top}" if top else shown

    age = d.get("age", {})
    if age:
        read = "unknown" if age.get("value") is None else f"{age['value']} on {age.get('on')}, band {age.get('band')}"
        rows.append(("age", read, pts("age")))
    education = d.get("education", {})
    if education:
        stem = ", STEM or two degrees" if education.get("stem_or_two_degrees") else ""
        read = "unknown" if education.get("value") is None else f"{education['value']}{stem}"
        rows.append(("education", read, pts("education")))
    korean = d.get("korean", {})
    if korean:
        read = "unknown" if korean.get("value") is None else f"level {korean['value']}"
        rows.append(("Korean", read, pts("korean")))
    income = d.get("income", {})
    if income:
        if income.get("value") is None:
            read = "no income certificate of an earlier year"
        else:
            read = f"{income.get('year')} certificate {_won(income['value'])}, band {income.get('band')}"
        rows.append(("income", read, pts("income")))
    bonus = d.get("bonus", {})
    held = ", ".join(f"{k} {v}" for k, v in bonus.get("held", {}).items()) or "none held"
    if bonus.get("before_cap", 0) > bonus.get("points", 0):
        held += f" ({bonus['before_cap']} held, counted up to {bonus.get('cap')})"
    rows.append(("bonus", held, f"{f.items.get('bonus')} / {bonus.get('cap')}" if bonus.get("cap") else "0"))
    deduction = f.items.get("deduction") or 0
    rows.append(("deduction", "none" if not deduction else "as entered in [f27]", str(deduction)))
    return rows


# -- text ------------------------------------------------------------------------------------------------


def _short(f: Finding) -> str:
    return f"[{SEVERITY_TEXT[f.severity]}] {f.message}  ({f.rule})"


def _renewal_text(r: RenewalReport) -> list[str]:
    lines = [f"Renewal on {r.on} (stays[{r.stay_index}], code held {r.code})"]
    if r.file_under is None:
        under = "no code: the occupation is not on the list on the date"
        if r.successor:
            under += f" (the notice names {r.successor} as successor: a change of occupation code)"
    else:
        under = r.file_under + ("" if r.file_under == r.code else f" (not {r.code}: see the findings)")
    lines.append(f"  File under: {under}")
    lines.append(
        f"  Salary {_won(r.annual_salary_krw)} against the floor {_won(r.wage_floor_krw)}"
        + (f" ({r.wage_floor_basis})" if r.wage_floor_basis else "")
        + f"; catalogue {r.snapshot} (status {r.snapshot_status}), {r.ruleset}"
    )
    lines.append(f"  Outcome: {OUTCOME_TEXT[r.outcome]}")
    lines += [f"  {_short(f)}" for f in r.findings]
    if r.not_checked:
        lines.append("  Not checked (the history does not hold it): " + "; ".join(r.not_checked))
    return lines


def _f27_text(f: F27Report) -> list[str]:
    table = f" (table {f.table}, stay manual 2026.6 pp.372-374)" if f.table else ""
    lines = [f"F-2-7 on {f.on}{table}", f"  Eligible: {_eligibility(f)}"]
    if f.total is not None or f.items:
        lines.append("  Points:")
        rows = _points_rows(f)
        width = max(len(what) for _, what, _ in rows)
        for name, what, points in rows:
            lines.append(f"    {name:<10} {what:<{width}}  {points:>8}")
        verdict = "PASSES" if f.passes else ("does not pass" if f.total is not None else "incomplete")
        if f.total is not None:
            lines.append(f"    {'total':<10} {'':<{width}}  {f.total:>8}  (pass mark {f.pass_mark}): {verdict}")
    if f.to_raise:
        lines.append("  What would raise the score (one change at a time):")
        for r in f.to_raise:
            passes = ", passes" if r.passes_then and not f.passes else ""
            lines.append(f"    +{r.gain:<3} {r.item}: {r.how} -> {r.total_then}{passes}")
    lines.append(f"  Outcome: {OUTCOME_TEXT[f.outcome]}")
    lines += [f"  {_short(x)}" for x in f.findings]
    return lines


def _verdicts(report: HistoryReport) -> list[tuple[str, str]]:
    """A verdict for each part of the plan: the stays so far, the renewal, the F-2-7 application."""
    verdicts = report.verdicts
    shown = [("Stays", verdicts["stays"] or "ready")]
    if report.renewal is not None:
        shown.append((f"Renewal on {report.renewal.on}", report.renewal.outcome))
    if report.f27 is not None:
        shown.append((f"F-2-7 on {report.f27.on}", report.f27.outcome))
    return shown


def to_text(report: HistoryReport) -> str:
    stays = report.stays
    first = min(r.stay.start for r in stays)
    plan = []
    if report.renewal is not None:
        plan.append(f"renewal on {report.renewal.on}")
    if report.f27 is not None:
        plan.append(f"F-2-7 on {report.f27.on}")
    lines = [
        f"History {report.id}: {len(stays)} stay(s) from {first}" + (f"; {', '.join(plan)}" if plan else ""),
        *(f"{name}: {OUTCOME_TEXT[outcome]}" for name, outcome in _verdicts(report)),
        "",
        "Stays, each checked against the list and thresholds in force on its start date:",
    ]
    for r in stays:
        lines.append(f"  stays[{r.index}]  {_stay_line(r)}")
        lines.append(f"            {_stay_basis(r)}")
        lines += [f"            {_short(f)}" for f in r.findings]
        if not r.findings and r.snapshot is not None:
            lines.append("            no finding")
        if r.not_checked:
            lines.append("            not checked: " + "; ".join(r.not_checked))
    if report.income:
        lines += ["", "Income certificates (소득금액증명원) against the declared salary:"]
        for i in report.income:
            lines.append(
                f"  {i.year}  certified {_won(i.certified_krw)}, declared {_won(i.declared_krw)} "
                f"({i.days_covered} day(s) in stays), floor {_won(i.floor_krw)}"
            )
            lines += [f"        {_short(f)}" for f in i.findings]
    if report.renewal is not None:
        lines += ["", *_renewal_text(report.renewal)]
    if report.f27 is not None:
        lines += ["", *_f27_text(report.f27)]
    if report.findings:
        lines += ["", f"Findings ({len(report.findings)}), most serious first:"]
        for n, f in enumerate(report.findings, 1):
            lines += ["", *finding_text(n, f)]
    else:
        lines += ["", "No findings."]
    return "\n".join(lines) + "\n"


# -- Markdown --------------------------------------------------------------------------------------------


def to_markdown(report: HistoryReport) -> str:

    lines = [
        f"# History {md(report.id)}",
        "",
        *(f"- {name}: **{md(OUTCOME_TEXT[outcome])}**" for name, outcome in _verdicts(report)),
        "",
        "## Stays",
        "",
        "Each stay is checked against the list and thresholds in force on its start date.",
        "",
        "| stay | from | until | code | subcategory | title | employer | salary | checked | findings |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report.stays:
        s = r.stay
        found = "<br>".join(f"{SEVERITY_TEXT[f.severity]}: {md(f.message)}" for f in r.findings) or "none"
        lines.append(
            f"| stays\\[{r.index}\\] | {s.start} | {s.until or 'now'} | {md(s.code)} | {s.subcategory} | "
            f"{md(r.title_ko)} | {md(s.employer or '')} | {md(_won(s.annual_salary_krw))} | "
            f"{md(_stay_basis(r))} | {found} |"
        )
    if report.income:
        lines += ["", "## Income certificates", "", "| year | certified | declared | floor | findings |"]
        lines.append("|---|---|---|---|---|")
        for i in report.income:
            found = "<br>".join(f"{SEVERITY_TEXT[f.severity]}: {md(f.message)}" for f in i.findings) or "none"
            lines.append(
                f"| {i.year} | {md(_won(i.certified_krw))} | {md(_won(i.declared_krw))} | "
                f"{md(_won(i.floor_krw))} | {found} |"
            )
    if report.renewal is not None:
        r = report.renewal
        lines += ["", f"## Renewal on {r.on}", ""]
        under = f"`{r.file_under}`" if r.file_under else "no code (the occupation is not on the list)"
        successor = f"; successor named by the notice: `{r.successor}`" if r.successor else ""
        lines.append(f"- Code held: `{r.code}`; file under: {under}{successor}")
        lines.append(f"- Salary {md(_won(r.annual_salary_krw))} against the floor {md(_won(r.wage_floor_krw))}")
        lines.append(f"- Outcome: **{md(OUTCOME_TEXT[r.outcome])}**")
        lines += [f"- {SEVERITY_TEXT[f.severity]}: {md(f.message)} (`{f.rule}`)" for f in r.findings]
    if report.f27 is not None:
        f = report.f27
        lines += ["", f"## F-2-7 on {f.on}", "", f"- Eligible: {md(_eligibility(f))}"]
        lines.append(f"- Outcome: **{md(OUTCOME_TEXT[f.outcome])}**")
        if f.table:
            lines.append(f"- Table: `{f.table}` (stay manual 2026.6 pp.372-374)")
        if f.items:
            lines += ["", "| item | read | points |", "|---|---|---|"]
            lines += [f"| {name} | {md(what)} | {md(points)} |" for name, what, points in _points_rows(f)]
            total = "?" if f.total is None else str(f.total)
            verdict = "passes" if f.passes else "does not pass"
            lines.append(f"| **total** | pass mark {f.pass_mark} | **{total}** ({verdict}) |")
        if f.to_raise:
            lines += ["", "What would raise the score (one change at a time):", ""]
            lines += [f"- +{r.gain} {md(r.item)}: {md(r.how)} → {r.total_then}" for r in f.to_raise]
        if f.findings:
            lines += ["", "F-2-7 findings:", ""]
            lines += [f"- {SEVERITY_TEXT[x.severity]}: {md(x.message)} (`{x.rule}`)" for x in f.findings]
    lines += ["", "## Findings", ""]
    if not report.findings:
        lines.append("No findings.")
    for n, x in enumerate(report.findings, 1):
        lines += finding_markdown(n, x, with_since=False)
    return "\n".join(lines).rstrip() + "\n"
