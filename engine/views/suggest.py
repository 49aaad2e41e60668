"""Suggestions in their forms: duties given as TEXT=SHARE parsed, and the report of `e7 suggest` as JSON
(docs/json.md) and text. Shared by the front ends."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

import attrs

from engine.core.errors import InputError

if TYPE_CHECKING:
    from engine.duties.alignment import CodeAlignment, DutyMatch, Measure

_SHARE = re.compile(r"(.*\S)\s*=\s*([0-9]+(?:\.[0-9]+)?)\s*")


@attrs.frozen
class FreeDuty:
    task: str
    share: float


def parse_duties(texts: list[str]) -> list[FreeDuty]:
    """Duties from the command line: TEXT or TEXT=SHARE; unshared duties split what the shares leave."""
    parsed: list[tuple[str, float | None]] = []
    for index, raw in enumerate(texts, start=1):
        match = _SHARE.fullmatch(raw)
        text, share = (match.group(1), float(match.group(2))) if match else (raw.strip(), None)
        where = f"TEXT {index}"
        if match is None and re.search(r"=\s*-?[0-9.]*\s*$", raw):
            # "edit video=-5" or "=50": a share was meant but is not a number above 0, or the text is missing
            raise InputError(where, None, f"expected TEXT=SHARE with a duty and a share from 0 to 100, got {raw!r}")
        if not text.strip():
            raise InputError(where, None, "expected the description of a duty, got an empty text")
        if share is not None and not 0 < share <= 100:
            raise InputError(where, None, f"expected a share above 0 and at most 100 percent, got {share:g}")
        parsed.append((text.strip(), share))
    given = sum(s for _, s in parsed if s is not None)
    free = [t for t, s in parsed if s is None]
    if not free and abs(given - 100) > 0.01:
        raise InputError("TEXT=SHARE", None, f"expected shares that add up to 100, got {given:g}")
    if free and given >= 100:
        raise InputError(
            "TEXT=SHARE", None, f"expected the shares to leave time for the duties without one, got {given:g}"
        )
    rest = (100 - given) / len(free) if free else 0.0
    return [FreeDuty(t, s if s is not None else round(rest, 4)) for t, s in parsed]


def _matched(matches: tuple[DutyMatch, ...]) -> list[dict[str, Any]]:
    return [
        {
            "duty": m.task,
            "share": m.share,
            "fits": m.fits,
            "score": round(m.score, 2),
            "words": [{"words": h.words, "fields": list(h.fields)} for h in m.hits],
        }
        for m in matches
        if m.hits
    ]


def _entry(a: CodeAlignment) -> dict[str, Any]:
    return {
        "code": a.code.code,
        "subcategory": a.code.subcategory,
        "title_ko": a.code.title_ko,
        "title_en": a.code.title_en,
        "alignment": round(a.alignment, 4),
        "matched": _matched(a.duties),
    }


def _report(
    result: Measure,
    ref: dict[str, str],
    on: dt.date,
    duties: list[Any],
    top: int,
    case_id: str | None,
    applied_code: str | None,
) -> dict[str, Any]:
    report: dict[str, Any] = {"as_of": on.isoformat(), "catalogue": ref}
    if case_id is not None:
        report["case"] = case_id
        applied = result.applied
        report["applied"] = {
            "code": applied_code,
            "listed_as": applied.code.code if applied else None,
            "alignment": round(applied.alignment, 4) if applied else None,
        }
    report["duties"] = [_duty(d, result, n) for n, d in enumerate(duties)]
    # only the codes some duty fits on its own evidence: a code the duties merely touch is no suggestion
    report["suggestions"] = [_entry(a) for a in result.ranked[:top]]
    return report


def _duty(duty: Any, result: Measure, n: int) -> dict[str, Any]:
    """A duty with what e7 read it as: fitting listed codes, work outside the list, or nothing."""
    out: dict[str, Any] = {"task": duty.task, "share": duty.share}
    reading = result.scored.outside[n]
    fits = result.scored.fitting[n]
    if reading is not None:
        o = reading.occupation
        out["fits"] = "outside-list"
        out["reads_as"] = {
            "ksco": o.ksco or None,
            "ksco_revision": o.revision or None,
            "title_ko": o.title_ko,
            "title_en": o.title_en,
            "status": o.status,
            "words": reading.words(),
        }
    else:
        out["fits"] = "listed" if fits else "none"
    return out


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def to_text(report: dict[str, Any]) -> str:
    from engine.duties.matching import FIELD_NAMES

    lines = [
        f"Codes for {_count(len(report['duties']), 'duty', 'duties')} as of {report['as_of']} "
        f"(catalogue snapshot {report['catalogue']['snapshot']}, status {report['catalogue']['status']})",
    ]
    for d in report["duties"]:
        lines.append(f"  {d['share']:g}%  {d['task']}")
        if d["fits"] == "outside-list":
            r = d["reads_as"]
            code = f"KSCO {r['ksco']}" if r["ksco"] else "KSCO code unverified"
            lines.append(
                f"        no listed occupation fits this duty; it reads as {r['title_ko']} ({r['title_en']}; {code}), "
                f"on the words: {', '.join(r['words'][:5])}"
            )
        elif d["fits"] == "none":
            lines.append("        no listed code fits this duty on its own evidence")
    if "applied" in report:
        a = report["applied"]
        if a["alignment"] is None:
            lines.append(f"Applied code {a['code']}: not on the list in force on {report['as_of']}.")
        else:
            shown = a["code"] if a["listed_as"] == a["code"] else f"{a['code']} (listed as {a['listed_as']})"
            lines.append(f"Applied code {shown}: alignment {a['alignment']:.0%}.")
    lines.append("")
    if not report["suggestions"]:
        lines.append("No listed code fits these duties: e7 suggests none.")
    for rank, s in enumerate(report["suggestions"], start=1):
        title = f"{s['title_ko']} ({s['title_en']}), {s['subcategory']}"
        lines.append(f"{rank}. {s['code']}  {title}: alignment {s['alignment']:.0%}")
        for m in s["matched"]:
            mark = "fits" if m["fits"] else "weak"
            words = "; ".join(
                f"{w['words']} ({', '.join(FIELD_NAMES[f] for f in w['fields'])})" for w in m["words"][:5]
            )
            lines.append(f"   {mark}  {m['duty']} ({m['share']:g}%): {words}")
    lines.append("")
    lines.append(
        "Alignment: the share of working time whose duties fit the code (a duty fits a code when the code's "
        "titles, examples, terms and description cover enough of it, and it does not read better as work "
        "outside the list). A text match, not an officer's judgement: docs/alignment.md."
    )
    return "\n".join(lines) + "\n"
