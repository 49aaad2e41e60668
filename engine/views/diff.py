"""A catalogue diff in its three forms: JSON (docs/json.md), text and Markdown. Shared by the front ends."""

from __future__ import annotations

import json
from typing import Any

MAX_TEXT = 100  # longer texts are cut in the text and Markdown forms (the JSON form has them whole)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# -- rendering a diff -------------------------------------------------------------------------------------------


def render_diff(d: Any, form: str, notice: str = "") -> str:
    if form == "json":
        return _dumps(diff_json(d))
    return diff_markdown(d, notice) if form == "markdown" else diff_text(d, notice)


def _plain(value: Any) -> Any:
    from engine.core.convert import unstructure

    return unstructure(value)


def _field(f: Any) -> dict[str, Any]:
    return {"field": f.field, "old": _plain(f.old), "new": _plain(f.new)}


def _entry_change(e: Any) -> dict[str, Any]:
    return {
        "series": e.series,
        "key": e.key,
        "change": e.change,
        "old": _plain(e.old),
        "new": _plain(e.new),
        "fields": [_field(f) for f in e.fields],
    }


def diff_json(d: Any) -> dict[str, Any]:
    """``{"from", "to", "added", "retired", "renumbered", "changed", "thresholds", ...}`` (docs/json.md)."""

    def about(s: Any) -> dict[str, Any]:
        return {"id": s.id, "title": s.snapshot.title, "status": s.snapshot.status}

    return {
        "from": d.old.id,
        "to": d.new.id,
        "snapshots": {"from": about(d.old), "to": about(d.new)},
        "added": [
            {
                "occupation": a.entry.occupation,
                "code": a.entry.code,
                "subcategory": a.entry.subcategory,
                "title_ko": a.entry.title_ko,
                "title_en": a.entry.title_en,
            }
            for a in d.added
        ],
        "retired": [
            {
                "occupation": r.entry.occupation,
                "code": r.entry.code,
                "title_ko": r.entry.title_ko,
                "effective": r.record.effective.isoformat() if r.record else None,
                "notice": r.record.notice if r.record else None,
                "reason": r.record.reason if r.record else None,
                "successor": (
                    {"code": r.successor.code, "occupation": r.successor.occupation, "title_ko": r.successor.title_ko}
                    if r.successor
                    else None
                ),
            }
            for r in d.retired
        ],
        "renumbered": [
            {
                "occupation": r.occupation,
                "old_code": r.old_code,
                "new_code": r.new_code,
                "title_ko": r.title_ko,
                "effective": r.record.effective.isoformat() if r.record else None,
            }
            for r in d.renumbered
        ],
        "changed": [
            {
                "occupation": c.occupation,
                "code": c.code,
                "title_ko": c.title_ko,
                "fields": [_field(f) for f in c.fields],
            }
            for c in d.changed
        ],
        "thresholds": [_entry_change(e) for e in d.thresholds],
        "tracks": [_entry_change(e) for e in d.tracks],
        "snapshot": [_field(f) for f in d.snapshot],
    }


def _short(value: Any, limit: int = MAX_TEXT) -> str:
    import json

    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:,}" if isinstance(value, int) and abs(value) >= 10_000 else str(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = json.dumps(_plain(value), ensure_ascii=False)
    if len(text) <= limit:
        return text
    cut = text[: limit - 4] + "..."
    return cut + '"' if text.startswith('"') else cut


def _field_lines(f: Any, indent: str) -> list[str]:
    """One field's change: old -> new, or the items a list lost and gained."""
    if isinstance(f.old, tuple) and isinstance(f.new, tuple) and all(isinstance(v, str) for v in f.old + f.new):
        gone = [v for v in f.old if v not in f.new]
        came = [v for v in f.new if v not in f.old]
        if not gone and not came:
            return [f"{indent}{f.field}: same items, new order"]
        lines = [f"{indent}{f.field}: {len(gone)} item(s) removed, {len(came)} added"]
        lines += [f"{indent}  - {_short(v)}" for v in gone]
        lines += [f"{indent}  + {_short(v)}" for v in came]
        return lines
    return [f"{indent}{f.field}: {_short(f.old)} -> {_short(f.new)}"]


def diff_text(d: Any, notice: str = "") -> str:
    lines = [
        f"Catalogue diff {d.old.id} -> {d.new.id}" + (f" (notice {notice})" if notice else ""),
        "Occupations are followed across codes: a renumbering is reported as such.",
        f"  from {d.old.id}: {d.old.snapshot.title} [{d.old.snapshot.status}]",
        f"  to   {d.new.id}: {d.new.snapshot.title} [{d.new.snapshot.status}]",
        "",
    ]

    def section(title: str, count: int) -> None:
        lines.append(f"{title} ({count})" + (":" if count else ": none"))

    section("Added", len(d.added))
    for a in d.added:
        e = a.entry
        lines.append(f"  {e.code:<7} {e.title_ko} ({e.title_en}; {e.subcategory}; {e.occupation})")
    section("Retired", len(d.retired))
    for r in d.retired:
        e = r.entry
        line = f"  {e.code:<7} {e.title_ko} ({e.occupation})"
        if r.record is not None:
            line += f" on {r.record.effective} by notice {r.record.notice}: {r.record.reason}"
        lines.append(line)
        lines.append(
            f"          successor: {r.successor.code} {r.successor.title_ko}"
            if r.successor
            else "          no successor"
        )
    section("Renumbered", len(d.renumbered))
    for r in d.renumbered:
        lines.append(f"  {r.old_code:>6} -> {r.new_code:<7} {r.title_ko} ({r.occupation})")
    section("Changed", len(d.changed))
    for c in d.changed:
        lines.append(f"  {c.code:<7} {c.title_ko} ({c.occupation})")
        for f in c.fields:
            lines += _field_lines(f, "    ")
    for title, entries in (("Thresholds", d.thresholds), ("Tracks", d.tracks)):
        section(title, len(entries))
        for e in entries:
            lines.append(f"  {e.series} {e.key}: {e.change}")
            if e.change == "changed":
                for f in e.fields:
                    lines += _field_lines(f, "    ")
            else:
                lines.append(f"    {_short(e.new if e.change == 'added' else e.old, 160)}")
    if d.snapshot:
        lines.append("Snapshot table:")
        for f in d.snapshot:
            lines += _field_lines(f, "  ")
    return "\n".join(lines) + "\n"


def diff_markdown(d: Any, notice: str = "") -> str:
    from engine.rules.explain import md

    def cell(value: Any) -> str:
        return md(_short(value)).replace("|", "\\|")

    out = [f"# Catalogue diff {d.old.id} → {d.new.id}" + (f" (notice `{notice}`)" if notice else ""), ""]
    out += [
        "| | snapshot | title | status |",
        "|---|---|---|---|",
        f"| from | {d.old.id} | {md(d.old.snapshot.title)} | {d.old.snapshot.status} |",
        f"| to | {d.new.id} | {md(d.new.snapshot.title)} | {d.new.snapshot.status} |",
        "",
        "Occupations are followed across codes: a renumbering is reported as such, never as a change of title.",
        "",
    ]

    def table(title: str, head: list[str], rows: list[list[str]]) -> None:
        out.extend([f"## {title} ({len(rows)})", ""])
        if not rows:
            out.extend(["None.", ""])
            return
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "---|" * len(head))
        out.extend("| " + " | ".join(row) + " |" for row in rows)
        out.append("")

    table(
        "Added",
        ["code", "title", "subcategory", "occupation"],
        [[a.entry.code, md(a.entry.title_ko), a.entry.subcategory, f"`{a.entry.occupation}`"] for a in d.added],
    )
    table(
        "Retired",
        ["code", "title", "on", "notice", "reason", "successor"],
        [
            [
                r.entry.code,
                md(r.entry.title_ko),
                str(r.record.effective) if r.record else "",
                f"`{r.record.notice}`" if r.record else "",
                md(r.record.reason) if r.record else "",
                f"{r.successor.code} {md(r.successor.title_ko)}" if r.successor else "none",
            ]
            for r in d.retired
        ],
    )
    table(
        "Renumbered",
        ["old code", "new code", "title", "occupation"],
        [[r.old_code, r.new_code, md(r.title_ko), f"`{r.occupation}`"] for r in d.renumbered],
    )
    table(
        "Changed",
        ["code", "title", "field", "old", "new"],
        [[c.code, md(c.title_ko), f"`{f.field}`", cell(f.old), cell(f.new)] for c in d.changed for f in c.fields],
    )
    table(
        "Thresholds and tracks",
        ["series", "key", "change", "fields"],
        [[e.series, e.key, e.change, ", ".join(f"`{f.field}`" for f in e.fields)] for e in (*d.thresholds, *d.tracks)],
    )
    return "\n".join(out).rstrip("\n") + "\n"
