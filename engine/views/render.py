"""Text and JSON forms of catalogue answers. JSON shapes are documented in docs/json.md."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from engine.core.convert import unstructure
from engine.core.model import GROUP_TITLES, STATUS_MEANING
from engine.core.textwidth import table

if TYPE_CHECKING:
    from engine.catalogue.codes import CodeReport
    from engine.catalogue.snapshots import Event, Period
    from engine.catalogue.thresholds import ThresholdsOn
    from engine.core.model import Code, Snapshot, Source


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def won(amount: int | None) -> str:
    return "not recorded" if amount is None else f"{amount:,} KRW"


def code_summary(code: Code, on) -> dict[str, Any]:
    return {
        "code": code.code,
        "occupation": code.occupation,
        "subcategory": code.subcategory,
        "group": code.group,
        "title_ko": code.title_ko,
        "title_en": code.title_en,
        "former_code": code.former_code,
        "open": code.is_open(on),
        "pilot": unstructure(code.pilot) if code.pilot else None,
    }


# -- e7 codes -----------------------------------------------------------------------------------------


def codes_json(ref: dict[str, str], codes: list[Code], on, query: dict) -> str:
    """``ref``: the snapshot used, as engine.service.snapshot_ref names it."""
    return dumps(
        {
            "as_of": on.isoformat(),
            "catalogue": ref,
            "query": query,
            "count": len(codes),
            "codes": [code_summary(c, on) for c in codes],
        }
    )


def codes_text(snapshot: Snapshot, codes: list[Code], on) -> str:
    info = snapshot.snapshot
    head = f"E-7 codes in force on {on}: {len(codes)} (catalogue snapshot {info.id}, status {info.status})"
    if not codes:
        return head + "\nNo code matches.\n"
    rows = []
    for c in codes:
        state = ""
        if c.pilot:
            state = f"pilot {c.pilot.start}..{c.pilot.end}" + ("" if c.is_open(on) else " (closed on this date)")
        rows.append([c.code, c.subcategory, GROUP_TITLES[c.group][1], c.title_ko, c.title_en, state])
    body = table(["code", "sub", "group", "title (ko)", "title (en)", "pilot"], rows)
    return f"{head}\n\n{body}\n"


# -- e7 code -----------------------------------------------------------------------------------------


def _period_json(p: Period) -> dict[str, Any]:
    return {
        "code": p.code,
        "occupation": p.occupation,
        "title_ko": p.entry.title_ko,
        "title_en": p.entry.title_en,
        "from": p.start.isoformat(),
        "until": p.end.isoformat() if p.end else None,
        "first_snapshot": p.first_snapshot,
    }


def _event_json(e: Event) -> dict[str, Any]:
    return {
        "on": e.on.isoformat(),
        "snapshot": e.snapshot,
        "event": e.kind,
        "code": e.code,
        "detail": e.detail,
        "fields": list(e.fields),
    }


def code_json(ref: dict[str, str], report: CodeReport) -> str:
    return dumps(
        {
            "as_of": report.on.isoformat(),
            "catalogue": ref,
            "query": report.query,
            "status": report.status,
            "open": report.open_on_date,
            "explanation": report.explanation,
            "code": unstructure(report.entry) if report.entry else None,
            "current": unstructure(report.current) if report.current else None,
            "meanings": [_period_json(p) for p in report.meanings],
            "history": [
                {
                    "occupation": h.occupation,
                    "periods": [_period_json(p) for p in h.periods],
                    "events": [_event_json(e) for e in h.events],
                }
                for h in report.histories
            ],
        }
    )


def _source_line(source: Source) -> str:
    line = source.cite()
    if source.note:
        line += f"; note: {source.note}"
    return line


def entry_text(code: Code, on) -> list[str]:
    lines = [
        f"{code.code}  {code.title_ko}  ({code.title_en})",
        f"  subcategory   {code.subcategory}, {GROUP_TITLES[code.group][0]} / {GROUP_TITLES[code.group][1]}",
        f"  identity      {code.occupation}",
    ]
    if code.former_code:
        lines.append(f"  former code   {code.former_code} (舊)")
    if code.section_title_ko:
        lines.append(f"  section title {code.section_title_ko}")
    if code.pilot:
        p = code.pilot
        state = "open" if p.is_open(on) else "not open"
        lines.append(f"  pilot         {p.start} to {p.end} ({p.precision} precision), {state} on {on}")
        if p.quota_text:
            lines.append(f"                {p.quota_text}")
    lines.append("")
    lines.append("  직종설명 (official duty description)")
    lines.append(f"    {code.description or '(none in the source)'}")
    lines.append("  도입 가능직업 예시 (example job titles)")
    lines.append(f"    {', '.join(code.examples) if code.examples else '(none in the source)'}")
    if code.excluded:
        lines.append(f"  도입 불가 (not allowed): {', '.join(code.excluded)}")
    lines.append("")
    lines.append(
        f"  고용추천서 발급 (recommendation)  {code.recommender or '(none stated)'}"
        + ("  [required]" if code.recommendation_required else "")
    )
    lines.append(f"  신원보증서 (guarantee)            {'required' if code.guarantee_required else 'not required'}")
    protection = "applies" if code.domestic_protection else "does not apply"
    lines.append(
        f"  domestic-employment protection   {protection}"
        + (f": {code.protection_note}" if code.protection_note else "")
    )
    qual = {
        "general": "general E-7 rule",
        "none": "no education or experience requirement",
        "special": "own requirements",
    }
    lines.append(f"  qualification                    {qual[code.qualification]}")
    for item in code.requirements:
        lines.append(f"    - {item}")
    wage = {
        "announced": "the amount the Minister announces for the subcategory",
        "minimum_wage": "at least the minimum wage, hourly and monthly",
        "gni_ratio": f"at least {code.wage.ratio:g} x the previous year's GNI per capita",
        "fixed": f"at least {code.wage.amount_krw:,} KRW a year",
    }[code.wage.rule]
    lines.append(f"  wage                             {wage}")
    if code.wage.text:
        lines.append(f"    {code.wage.text}")
    e = code.employer
    if e.text or e.foreign_ratio or e.max_per_employer or e.min_domestic_employees:
        lines.append("  employer")
        if e.min_domestic_employees:
            lines.append(f"    at least {e.min_domestic_employees} domestic employees")
        if e.foreign_ratio:
            lines.append(f"    foreign staff at most {e.foreign_ratio:.0%} of domestic employees")
        if e.max_per_employer:
            lines.append(f"    at most {e.max_per_employer} per employer")
        if e.text:
            lines.append("    " + e.text.replace("\n", "\n    "))
    if code.notes:
        lines.append("  notes")
        lines.extend(f"    - {n}" for n in code.notes)
    lines.append(f"  source        {_source_line(code.source)}")
    return lines


def code_text(report: CodeReport, first_snapshot: str = "") -> str:
    lines = [report.explanation + ".", ""]
    shown = report.entry or report.current
    if shown is not None:
        if report.entry is None:
            lines.append(f"On {report.on} the occupation is listed as:")
        lines.extend(entry_text(shown, report.on))
        lines.append("")
    if len({p.occupation for p in report.meanings}) > 1:
        lines.append(f"Code {report.query} has meant more than one occupation (codes are not identities):")
        for p in report.meanings:
            until = f"to {p.end.isoformat()}" if p.end else "onwards"
            lines.append(f"  {p.start} {until}: {p.entry.title_ko} ({p.entry.title_en})")
        lines.append("")
    for h in report.histories:
        title = h.periods[-1].entry.title_ko if h.periods else h.occupation
        lines.append(f"History of {title} [{h.occupation}]")
        for e in h.events:
            if e.kind == "listed" and e.snapshot == first_snapshot:
                what = f"listed as {e.code} (already in e7's earliest snapshot)"
            elif e.kind == "listed":
                what = f"listed as {e.code}"
            elif e.kind == "relisted":
                what = f"listed again as {e.code}"
            elif e.kind == "renumbered":
                what = f"renumbered {e.detail}"
            elif e.kind == "retired":
                what = f"no longer listed (was {e.code})" + (f"; {e.detail}" if e.detail else "")
            else:
                what = f"changed: {', '.join(e.fields)}"
            lines.append(f"  {e.on}  {what}  (snapshot {e.snapshot})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- e7 thresholds ------------------------------------------------------------------------------------


def _src(source: Source) -> dict[str, str]:
    return unstructure(source)


def thresholds_json(ref: dict[str, str], t: ThresholdsOn) -> str:
    return dumps(
        {
            "as_of": t.on.isoformat(),
            "catalogue": ref,
            "announced_wages": [
                {
                    "subcategory": sub,
                    "amount_krw": w.amount_krw if w else None,
                    "effective": w.effective.isoformat() if w else None,
                    "note": w.note if w else "",
                    "source": _src(w.source) if w else None,
                }
                for sub, w in t.wages
            ],
            "minimum_wage": unstructure(t.minimum_wage) if t.minimum_wage else None,
            "previous_year_gni": unstructure(t.gni) if t.gni else None,
            "gni_ratio_rules": [
                {
                    **unstructure(r.rule),
                    "amount_krw": r.amount_krw,
                    "amount_status": "D" if r.amount_krw is not None else None,
                }
                for r in t.ratios
            ],
            "status_meaning": STATUS_MEANING,
        }
    )


def thresholds_text(snapshot: Snapshot, t: ThresholdsOn) -> str:
    lines = [f"Wage thresholds in force on {t.on} (catalogue snapshot {snapshot.id})", ""]
    rows = []
    for sub, w in t.wages:
        if w is None:
            rows.append([sub, "not recorded", "", "no announced amount in the catalogue for this date"])
        else:
            rows.append([sub, won(w.amount_krw), w.effective.isoformat(), w.source.cite()])
    lines.append("Announced annual amounts (법무부 장관 확정·공고 임금요건)")
    lines.append(table(["subcategory", "amount", "since", "source"], rows))
    lines.append("")
    m = t.minimum_wage
    if m:
        lines.append(
            f"Minimum wage {m.year}: {m.hourly_krw:,} KRW an hour, {m.monthly_krw:,} KRW a month "
            f"(since {m.effective}; {m.source.cite()})"
        )
    else:
        lines.append(f"Minimum wage {t.on.year}: not recorded in the catalogue")
    g = t.gni
    if g:
        lines.append(f"Previous-year GNI per capita ({g.year}, {g.estimate}): {g.amount_krw:,} KRW ({g.source.cite()})")
    else:
        lines.append(f"Previous-year GNI per capita ({t.on.year - 1}): not recorded in the catalogue")
    if t.ratios:
        lines.append("")
        lines.append("Rules expressed as a share of the previous year's GNI")
        for r in t.ratios:
            amount = won(r.amount_krw)
            since = f"since {r.rule.effective}; {r.rule.source.cite()}"
            lines.append(f"  {r.rule.id}: {r.rule.ratio:g} x GNI = {amount} [D] ({since})")
            if r.rule.applies_to:
                lines.append(f"    applies to: {r.rule.applies_to}")
    lines.append("")
    lines.append("Status: " + "; ".join(f"{k} = {v}" for k, v in STATUS_MEANING.items()))
    return "\n".join(lines) + "\n"
