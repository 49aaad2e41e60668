"""A history report in its forms: text, Markdown and JSON (docs/history.md, docs/json.md). Shared by the front ends."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from engine.core.i18n import Words
from engine.rules.explain import finding_markdown, finding_text, md, outcome_text, severity_text
from engine.views.history_words import KO

if TYPE_CHECKING:
    from engine.history import F27Report, HistoryReport, RenewalReport, StayReport
    from engine.rules.decision import Finding

OUTCOME_TEXT = {
    "ready": "READY: no finding stands in the way",
    "at_risk": "AT RISK: no blocking finding, but risks an officer may act on",
    "needs_information": "NEEDS INFORMATION: the history lacks inputs the checks need",
    "ineligible": "INELIGIBLE: at least one blocking finding",
}


def _t(text: str, lang: str, **values: object) -> str:
    """``text`` (an English template, also the key of its Korean form in history_words.KO) in ``lang``, filled."""
    chosen = text if lang == "en" else KO[text]
    return chosen.format(**values) if values else chosen


def _outcome(outcome: str, lang: str) -> str:
    return OUTCOME_TEXT[outcome] if lang == "en" else outcome_text(outcome, lang)


def to_json(report: HistoryReport) -> str:
    from engine.history import report_data

    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


# -- shared pieces ---------------------------------------------------------------------------------------


def _won(amount: int | None, lang: str = "en") -> str:
    return _t("unknown", lang) if amount is None else _t("{amount:,} KRW", lang, amount=amount)


def _stay_line(r: StayReport, lang: str) -> str:
    s = r.stay
    until = s.until.isoformat() if s.until else _t("now", lang)
    parts = [_t("{start} to {until}", lang, start=s.start, until=until), f"{s.code} {s.subcategory}", r.title_ko]
    if s.employer:
        parts.append(s.employer)
    parts.append(_won(s.annual_salary_krw, lang))
    return "  ".join(parts)


def _stay_basis(r: StayReport, lang: str) -> str:
    if r.snapshot is None:
        return _t("not checked: no list or rules for {on}", lang, on=r.checked_on)
    if r.wage_floor_krw:
        floor = _t("wage floor {floor} ({basis})", lang, floor=_won(r.wage_floor_krw, lang), basis=r.wage_floor_basis)
    else:
        floor = _t("wage floor unknown", lang)
    extra = _t("; renumbered from {code}, same occupation", lang, code=r.renumbered_from) if r.renumbered_from else ""
    return _t(
        "as of {on}: catalogue {snapshot} (status {status}), {ruleset}; {floor}{extra}",
        lang,
        on=r.checked_on,
        snapshot=r.snapshot,
        status=r.snapshot_status,
        ruleset=r.ruleset,
        floor=floor,
        extra=extra,
    )


def _eligibility(f: F27Report, lang: str) -> str:
    if f.eligible is None:
        return _t("not known", lang)
    if not f.eligible:
        return _t("no (see the findings)", lang)
    since = _t(" continuous since {on}", lang, on=f.continuous_since) if f.continuous_since else ""
    if f.waiver == "income":
        return _t(
            "yes: E-7-1 on the date,{since}; the 3 years are waived by the income of 40,000,000 KRW or more",
            lang,
            since=since,
        )
    if f.waiver == "stem_talent_invitee":
        return _t(
            "yes: E-7-1 on the date,{since}; the 3 years are waived (recommended talent invitee)", lang, since=since
        )
    if f.waiver == "other_route":
        return _t(
            "yes: on another route than the professionals' (see the findings), which asks no 3 years of stay", lang
        )
    return _t("yes: E-7-1 on the date,{since} (3 years or more)", lang, since=since)


def _points_rows(f: F27Report, lang: str) -> list[tuple[str, str, str]]:
    """(item, what it read, points) for the F-2-7 table."""
    d = f.details
    rows: list[tuple[str, str, str]] = []
    unknown = _t("unknown", lang)

    def pts(name: str) -> str:
        value = f.items.get(name)
        top = d.get(name, {}).get("max_points")
        shown = "?" if value is None else str(value)
        return f"{shown} / {top}" if top else shown

    age = d.get("age", {})
    if age:
        read = (
            unknown
            if age.get("value") is None
            else _t("{value} on {on}, band {band}", lang, value=age["value"], on=age.get("on"), band=age.get("band"))
        )
        rows.append((_t("age", lang), read, pts("age")))
    education = d.get("education", {})
    if education:
        stem = _t(", STEM or two degrees", lang) if education.get("stem_or_two_degrees") else ""
        value = education.get("value")
        read = unknown if value is None else f"{value if lang == 'en' else Words(lang).choice(str(value))}{stem}"
        rows.append((_t("education", lang), read, pts("education")))
    korean = d.get("korean", {})
    if korean:
        read = unknown if korean.get("value") is None else _t("level {level}", lang, level=korean["value"])
        rows.append((_t("Korean", lang), read, pts("korean")))
    income = d.get("income", {})
    if income:
        if income.get("value") is None:
            read = _t("no income certificate of an earlier year", lang)
        else:
            read = _t(
                "{year} certificate {amount}, band {band}",
                lang,
                year=income.get("year"),
                amount=_won(income["value"], lang),
                band=income.get("band"),
            )
        rows.append((_t("income", lang), read, pts("income")))
    bonus = d.get("bonus", {})
    held = ", ".join(f"{k} {v}" for k, v in bonus.get("held", {}).items()) or _t("none held", lang)
    if bonus.get("before_cap", 0) > bonus.get("points", 0):
        held += _t(" ({held} held, counted up to {cap})", lang, held=bonus["before_cap"], cap=bonus.get("cap"))
    rows.append((_t("bonus", lang), held, f"{f.items.get('bonus')} / {bonus.get('cap')}" if bonus.get("cap") else "0"))
    deduction = f.items.get("deduction") or 0
    entered = _t("none", lang) if not deduction else _t("as entered in [f27]", lang)
    rows.append((_t("deduction", lang), entered, str(deduction)))
    return rows


# -- text ------------------------------------------------------------------------------------------------


def _short(f: Finding, lang: str) -> str:
    return f"[{severity_text(f.severity, lang)}] {f.message}  ({f.rule})"


def _renewal_text(r: RenewalReport, lang: str) -> list[str]:
    lines = [_t("Renewal on {on} (stays[{index}], code held {code})", lang, on=r.on, index=r.stay_index, code=r.code)]
    if r.file_under is None:
        under = _t("no code: the occupation is not on the list on the date", lang)
        if r.successor:
            under += _t(" (the notice names {code} as successor: a change of occupation code)", lang, code=r.successor)
    else:
        under = r.file_under + (
            "" if r.file_under == r.code else _t(" (not {code}: see the findings)", lang, code=r.code)
        )
    lines.append(_t("  File under: {under}", lang, under=under))
    lines.append(
        _t(
            "  Salary {salary} against the floor {floor}",
            lang,
            salary=_won(r.annual_salary_krw, lang),
            floor=_won(r.wage_floor_krw, lang),
        )
        + (f" ({r.wage_floor_basis})" if r.wage_floor_basis else "")
        + _t(
            "; catalogue {snapshot} (status {status}), {ruleset}",
            lang,
            snapshot=r.snapshot,
            status=r.snapshot_status,
            ruleset=r.ruleset,
        )
    )
    lines.append(_t("  Outcome: {outcome}", lang, outcome=_outcome(r.outcome, lang)))
    lines += [f"  {_short(f, lang)}" for f in r.findings]
    if r.not_checked:
        lines.append(_t("  Not checked (the history does not hold it): ", lang) + "; ".join(r.not_checked))
    return lines


def _verdict(f: F27Report, lang: str) -> str:
    if f.passes:
        return _t("PASSES", lang)
    if f.points_waived:  # below the mark or not totalled, on a route that does not ask the points
        return _t("NOT REQUIRED on this route", lang)
    return _t("does not pass", lang) if f.total is not None else _t("incomplete", lang)


def _f27_text(f: F27Report, lang: str) -> list[str]:
    table = _t(" (table {table}, stay manual 2026.6 pp.372-374)", lang, table=f.table) if f.table else ""
    lines = [
        _t("F-2-7 on {on}", lang, on=f.on) + table,
        _t("  Eligible: {eligible}", lang, eligible=_eligibility(f, lang)),
    ]
    if f.total is not None or f.items:
        lines.append(_t("  Points:", lang))
        rows = _points_rows(f, lang)
        width = max(len(what) for _, what, _ in rows)
        for name, what, points in rows:
            lines.append(f"    {name:<10} {what:<{width}}  {points:>8}")
        if f.total is not None:
            mark = _t("(pass mark {mark})", lang, mark=f.pass_mark)
            lines.append(f"    {_t('total', lang):<10} {'':<{width}}  {f.total:>8}  {mark}: {_verdict(f, lang)}")
    if f.to_raise:
        lines.append(_t("  What would raise the score (one change at a time):", lang))
        for r in f.to_raise:
            passes = _t(", passes", lang) if r.passes_then and not f.passes else ""
            how = r.how_ko if lang != "en" and r.how_ko else r.how
            lines.append(
                f"    +{r.gain:<3} {_t(r.item, lang) if r.item in KO else r.item}: {how} -> {r.total_then}{passes}"
            )
    lines.append(_t("  Outcome: {outcome}", lang, outcome=_outcome(f.outcome, lang)))
    lines += [f"  {_short(x, lang)}" for x in f.findings]
    return lines


def _verdicts(report: HistoryReport, lang: str) -> list[tuple[str, str]]:
    """A verdict for each part of the plan: the stays so far, the renewal, the F-2-7 application."""
    verdicts = report.verdicts
    shown = [(_t("Stays", lang), verdicts["stays"] or "ready")]
    if report.renewal is not None:
        shown.append((_t("Renewal on {on}", lang, on=report.renewal.on), report.renewal.outcome))
    if report.f27 is not None:
        shown.append((_t("F-2-7 on {on}", lang, on=report.f27.on), report.f27.outcome))
    return shown


def to_text(report: HistoryReport, lang: str = "en") -> str:
    """The report as text, its own words in ``lang`` (the findings come in that language from the checks)."""
    stays = report.stays
    first = min(r.stay.start for r in stays)
    plan = []
    if report.renewal is not None:
        plan.append(_t("renewal on {on}", lang, on=report.renewal.on))
    if report.f27 is not None:
        plan.append(_t("F-2-7 on {on}", lang, on=report.f27.on))
    lines = [
        _t("History {id}: {n} stay(s) from {first}", lang, id=report.id, n=len(stays), first=first)
        + (f"; {', '.join(plan)}" if plan else ""),
        *(f"{name}: {_outcome(outcome, lang)}" for name, outcome in _verdicts(report, lang)),
        "",
        _t("Stays, each checked against the list and thresholds in force on its start date:", lang),
    ]
    for r in stays:
        lines.append(f"  stays[{r.index}]  {_stay_line(r, lang)}")
        lines.append(f"            {_stay_basis(r, lang)}")
        lines += [f"            {_short(f, lang)}" for f in r.findings]
        if not r.findings and r.snapshot is not None:
            lines.append("            " + _t("no finding", lang))
        if r.not_checked:
            lines.append("            " + _t("not checked: ", lang) + "; ".join(r.not_checked))
    if report.income:
        lines += ["", _t("Income certificates (소득금액증명원) against the declared salary:", lang)]
        for i in report.income:
            lines.append(
                _t(
                    "  {year}  certified {certified}, declared {declared} ({days} day(s) in stays), floor {floor}",
                    lang,
                    year=i.year,
                    certified=_won(i.certified_krw, lang),
                    declared=_won(i.declared_krw, lang),
                    days=i.days_covered,
                    floor=_won(i.floor_krw, lang),
                )
            )
            lines += [f"        {_short(f, lang)}" for f in i.findings]
    if report.renewal is not None:
        lines += ["", *_renewal_text(report.renewal, lang)]
    if report.f27 is not None:
        lines += ["", *_f27_text(report.f27, lang)]
    if report.findings:
        lines += ["", _t("Findings ({n}), most serious first:", lang, n=len(report.findings))]
        for n, f in enumerate(report.findings, 1):
            lines += ["", *finding_text(n, f, lang)]
    else:
        lines += ["", _t("No findings.", lang)]
    return "\n".join(lines) + "\n"


# -- Markdown --------------------------------------------------------------------------------------------


def _found(findings: tuple[Finding, ...], lang: str) -> str:
    return "<br>".join(f"{severity_text(f.severity, lang)}: {md(f.message)}" for f in findings) or _t("none", lang)


def to_markdown(report: HistoryReport, lang: str = "en") -> str:
    """The report as Markdown (the site's history pages), its own words in ``lang``."""
    lines = [
        f"# {_t('History', lang)} {md(report.id)}",
        "",
        *(f"- {name}: **{md(_outcome(outcome, lang))}**" for name, outcome in _verdicts(report, lang)),
        "",
        f"## {_t('Stays', lang)}",
        "",
        _t("Each stay is checked against the list and thresholds in force on its start date.", lang),
        "",
        _t("| stay | from | until | code | subcategory | title | employer | salary | checked | findings |", lang),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report.stays:
        s = r.stay
        lines.append(
            f"| stays\\[{r.index}\\] | {s.start} | {s.until or _t('now', lang)} | {md(s.code)} | {s.subcategory} | "
            f"{md(r.title_ko)} | {md(s.employer or '')} | {md(_won(s.annual_salary_krw, lang))} | "
            f"{md(_stay_basis(r, lang))} | {_found(r.findings, lang)} |"
        )
    if report.income:
        lines += [
            "",
            f"## {_t('Income certificates', lang)}",
            "",
            _t("| year | certified | declared | floor | findings |", lang),
        ]
        lines.append("|---|---|---|---|---|")
        for i in report.income:
            lines.append(
                f"| {i.year} | {md(_won(i.certified_krw, lang))} | {md(_won(i.declared_krw, lang))} | "
                f"{md(_won(i.floor_krw, lang))} | {_found(i.findings, lang)} |"
            )
    if report.renewal is not None:
        r = report.renewal
        lines += ["", "## " + _t("Renewal on {on}", lang, on=r.on), ""]
        under = f"`{r.file_under}`" if r.file_under else _t("no code (the occupation is not on the list)", lang)
        successor = _t("; successor named by the notice: `{code}`", lang, code=r.successor) if r.successor else ""
        lines.append(
            _t(
                "- Code held: `{code}`; file under: {under}{successor}",
                lang,
                code=r.code,
                under=under,
                successor=successor,
            )
        )
        lines.append(
            _t(
                "- Salary {salary} against the floor {floor}",
                lang,
                salary=md(_won(r.annual_salary_krw, lang)),
                floor=md(_won(r.wage_floor_krw, lang)),
            )
        )
        lines.append(_t("- Outcome: **{outcome}**", lang, outcome=md(_outcome(r.outcome, lang))))
        lines += [f"- {severity_text(f.severity, lang)}: {md(f.message)} (`{f.rule}`)" for f in r.findings]
    if report.f27 is not None:
        f = report.f27
        eligible = _t("- Eligible: {eligible}", lang, eligible=md(_eligibility(f, lang)))
        lines += ["", "## " + _t("F-2-7 on {on}", lang, on=f.on), "", eligible]
        lines.append(_t("- Outcome: **{outcome}**", lang, outcome=md(_outcome(f.outcome, lang))))
        if f.table:
            lines.append(_t("- Table: `{table}` (stay manual 2026.6 pp.372-374)", lang, table=f.table))
        if f.items:
            lines += ["", _t("| item | read | points |", lang), "|---|---|---|"]
            lines += [f"| {name} | {md(what)} | {md(points)} |" for name, what, points in _points_rows(f, lang)]
            total = "?" if f.total is None else str(f.total)
            verdict = _t("passes", lang) if f.passes else _t("does not pass", lang)
            if f.points_waived and not f.passes:
                verdict = _t("not required on this route", lang)
            lines.append(
                _t(
                    "| **total** | pass mark {mark} | **{total}** ({verdict}) |",
                    lang,
                    mark=f.pass_mark,
                    total=total,
                    verdict=verdict,
                )
            )
        if f.to_raise:
            lines += ["", _t("What would raise the score (one change at a time):", lang), ""]
            lines += [
                f"- +{r.gain} {md(_t(r.item, lang) if r.item in KO else r.item)}: "
                f"{md(r.how_ko if lang != 'en' and r.how_ko else r.how)} → {r.total_then}"
                for r in f.to_raise
            ]
        if f.findings:
            lines += ["", _t("F-2-7 findings:", lang), ""]
            lines += [f"- {severity_text(x.severity, lang)}: {md(x.message)} (`{x.rule}`)" for x in f.findings]
    lines += ["", f"## {_t('Findings', lang)}", ""]
    if not report.findings:
        lines.append(_t("No findings.", lang))
    for n, x in enumerate(report.findings, 1):
        lines += finding_markdown(n, x, with_since=False, lang=lang)
    return "\n".join(lines).rstrip() + "\n"
