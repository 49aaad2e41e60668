"""`e7 catalogue import / diff / verify / erratum`: the maintainer's commands (engine/notices.py, engine/publish.py,
engine/errata.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from engine.data import DataDir

MAX_TEXT = 100  # longer texts are cut in the text and Markdown forms (the JSON form has them whole)


def add_commands(commands: argparse._SubParsersAction) -> None:
    from engine.cli import _add_format

    catalogue = commands.add_parser(
        "catalogue",
        help="maintain the catalogue: import a notice, diff two snapshots, verify the published ones",
        description="Turn a Ministry of Justice notice into the next dated snapshot (with its changelog entry), "
        "compare any two snapshots following occupations across codes, and verify that the published snapshots "
        "are unchanged and reproduced by their notices. The notice format: docs/notices.md.",
    )
    actions = catalogue.add_subparsers(
        dest="catalogue_command", metavar="ACTION", required=True, parser_class=type(catalogue)
    )
    p = actions.add_parser(
        "import",
        help="import a notice as the next snapshot",
        description="Check a notice against the newest snapshot and write the snapshot it makes, its changelog "
        "entry and the updated catalogue/index.toml into the data folder (--data DIR / E7_DATA, else the shipped "
        "data): all or nothing. Prints what changed. Imports into one data folder run one at a time; one killed "
        "part-way is finished or rolled back by the next e7 command (docs/notices.md).",
    )
    p.add_argument("notice", metavar="NOTICE", help="a notice file (.toml, docs/notices.md)")
    p.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    _add_wait(p)
    _add_format(p, ("text", "json", "markdown"), "form of the diff")
    p.set_defaults(handler=_import)

    p = actions.add_parser(
        "diff",
        help="what changed between two snapshots",
        description="Codes added, retired (with successor), renumbered (old code, new code), changed (field by "
        "field) and thresholds changed between the snapshots in force on two dates. Occupations are followed "
        "across codes: a renumbering is reported as such, never as a change of title.",
    )
    p.add_argument("old", metavar="FROM", help="a date or a snapshot id (YYYY-MM-DD): the snapshot in force then")
    p.add_argument("new", metavar="TO", help="a later date or snapshot id")
    _add_format(p, ("text", "json", "markdown"), "output form")
    p.set_defaults(handler=_diff)

    p = actions.add_parser(
        "verify",
        help="check the published snapshots against the index, the changelog and their notices",
        description="Recompute every snapshot's sha256 against catalogue/index.toml and its changelog entry, "
        "replay the chain of notices recorded in changelog/ from the earliest snapshot, and recompute what each "
        "changelog entry says (its changes, its hashes, its text). Exit status 1 and one line per problem, naming "
        "the file, if a published snapshot, a changelog entry or the index was edited.",
    )
    p.set_defaults(handler=_verify)

    p = actions.add_parser(
        "erratum",
        help="correct published snapshots where e7 misread its source (an erratum, not a notice)",
        description="Apply an erratum file (docs/notices.md, Errata): the named fields of the named occupations are "
        "corrected in the published snapshots it names (default: every snapshot that lists the occupation), and "
        "the corrected snapshots, the erratum's changelog entry (changelog/errata/) and catalogue/index.toml are "
        "written, all or nothing. Prints each snapshot's fields and old and new sha256.",
    )
    p.add_argument("erratum", metavar="FILE", help="an erratum file (.toml)")
    p.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    _add_wait(p)
    p.set_defaults(handler=_erratum)


def _erratum(args: argparse.Namespace, data: DataDir) -> int:
    from engine.errata import ErratumPlan, plan_erratum, write_erratum
    from engine.journal import locked, recover_locked

    def show(plan: ErratumPlan) -> list[str]:
        info = plan.entry.erratum
        print(f"erratum {info.id}: {info.title}")
        for h in plan.entry.snapshots:
            print(f"  {h.snapshot}: {', '.join(plan.entry.fields_of(h.snapshot))}")
            print(f"    sha256 {h.old_sha256} -> {h.new_sha256}")
        return [data.shown(target) for target, _ in plan.files]

    if args.dry_run:  # reads only: the index is the commit point, so no lock is needed
        written = show(plan_erratum(data, Path(args.erratum), args.erratum))
        print(f"dry run: nothing written (the erratum would write {', '.join(written)})", file=sys.stderr)
        return 0
    with locked(data, args.wait):  # one writer per data folder, as for imports
        recovered = recover_locked(data)
        if recovered:
            print(f"e7: {recovered}", file=sys.stderr)
        plan = plan_erratum(data, Path(args.erratum), args.erratum)  # under the lock: on the newest files
        written = show(plan)
        info = plan.entry.erratum
        try:
            write_erratum(data, plan)
        except OSError as exc:
            print(
                f"e7: applying erratum {info.id} failed while writing ({exc.strerror or exc}); nothing was "
                "written: catalogue/ and changelog/ are unchanged",
                file=sys.stderr,
            )
            return 1
    print(f"applied erratum {info.id}; wrote {', '.join(written)}", file=sys.stderr)
    return 0


def _add_wait(p: argparse.ArgumentParser) -> None:
    """--wait of the commands that write a data folder (import, erratum): one writer at a time."""
    p.add_argument(
        "--wait",
        type=_seconds,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for another import or erratum into the same data folder to finish before "
        "refusing (default 30; writers of one data folder run one at a time)",
    )


# -- handlers ---------------------------------------------------------------------------------------------------


def _seconds(text: str) -> float:
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not (math.isfinite(value) and 0 <= value <= 3600):
        raise argparse.ArgumentTypeError(f"expected 0 to 3600 seconds, got {text!r}")
    return value


def _import(args: argparse.Namespace, data: DataDir) -> int:
    from engine.journal import locked, reached, recover_locked
    from engine.publish import plan_import, write_import

    if args.dry_run:  # reads only: the index is the commit point, so no lock is needed
        plan = plan_import(data, Path(args.notice), args.notice)
        sys.stdout.write(render_diff(plan.diff, args.format, plan.notice.id))
        written = [data.shown(target) for target, _ in plan.files]
        for warning in _reference_gaps(plan.snapshot):
            print(f"warning: {warning}", file=sys.stderr)
        print(f"dry run: nothing written (an import would write {', '.join(written)})", file=sys.stderr)
        return 0
    with locked(data, args.wait):
        reached("locked")
        recovered = recover_locked(data)
        if recovered:
            print(f"e7: {recovered}", file=sys.stderr)
        # planned only now, under the lock: an import that waited builds on the snapshot the other one wrote
        plan = plan_import(data, Path(args.notice), args.notice)
        sys.stdout.write(render_diff(plan.diff, args.format, plan.notice.id))
        written = [data.shown(target) for target, _ in plan.files]
        try:
            write_import(data, plan)
        except OSError as exc:  # the writes were undone: say so, status 1 (not bad input)
            print(
                f"e7: importing notice {plan.notice.id} failed while writing ({exc.strerror or exc}); nothing was "
                "written: catalogue/ and changelog/ are unchanged",
                file=sys.stderr,
            )
            return 1
    print(
        f"imported notice {plan.notice.id}: snapshot {plan.snapshot.id} (sha256 {plan.snapshot_sha256}); "
        f"wrote {', '.join(written)}",
        file=sys.stderr,
    )
    _register_impact(data, plan)
    return 0


def _register_impact(data: DataDir, plan: Any) -> None:
    """Which registered cases the notice changes, when a case register exists (docs/register.md)."""
    from engine.errors import E7Error
    from engine.register.recheck import report_notice

    try:
        lines = report_notice(data.root, plan)
    except E7Error as exc:  # the import is done; the register's trouble is a warning, not the import's failure
        lines = [f"e7: warning: the case register was not re-checked ({exc})"]
    for line in lines:
        print(line, file=sys.stderr)


def _reference_gaps(snapshot: Any) -> list[str]:
    """Reference figures the new snapshot's year lacks: checks dated then would use an older figure."""
    year = snapshot.effective.year
    if any(m.year == year for m in snapshot.thresholds.minimum_wage):
        return []
    held = max((m.year for m in snapshot.thresholds.minimum_wage), default=None)
    latest = f"the latest e7 holds is {held}'s" if held else "e7 holds none"
    return [
        f"snapshot {snapshot.id} has no minimum wage for {year} ({latest}); checks dated in {year} will use the "
        f"latest held and report that e7's data needs updating: add [[thresholds.minimum_wage]] year = {year}"
    ]


def _snapshot_id(catalogue: Any, text: str, name: str) -> str:
    from engine.convert import parse_date
    from engine.errors import InputError

    try:
        on = parse_date(text)
    except ValueError as exc:
        raise InputError(name, None, f"expected a date or a snapshot id (YYYY-MM-DD): {exc}") from None
    return catalogue.in_force_id(on)


def _diff(args: argparse.Namespace, data: DataDir) -> int:
    from engine.catalogue import Catalogue
    from engine.errors import InputError
    from engine.notices import diff

    catalogue = Catalogue(data)
    old, new = _snapshot_id(catalogue, args.old, "FROM"), _snapshot_id(catalogue, args.new, "TO")
    if old > new:
        raise InputError("FROM", None, f"expected a date on or before TO ({args.new}), got {args.old}")
    d = diff(catalogue.get(old), catalogue.get(new))
    if args.format == "json":
        from engine.release import provenance
        from engine.render import dumps

        sys.stdout.write(dumps(diff_json(d) | provenance(data)))
    else:
        sys.stdout.write(render_diff(d, args.format))
    return 0


def _verify(args: argparse.Namespace, data: DataDir) -> int:
    from engine.publish import verify

    result = verify(data)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"e7 catalogue verify: {len(result.problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"ok: {result.snapshots} snapshots match catalogue/index.toml and changelog/; the {result.replayed} "
        "notices in changelog/ reproduce every snapshot after the earliest byte for byte"
        + ("; every data file matches release.toml" if (data.root / "release.toml").is_file() else "")
    )
    return 0


# -- rendering a diff -------------------------------------------------------------------------------------------


def render_diff(d: Any, form: str, notice: str = "") -> str:
    if form == "json":
        from engine.render import dumps

        return dumps(diff_json(d))
    return diff_markdown(d, notice) if form == "markdown" else diff_text(d, notice)


def _plain(value: Any) -> Any:
    from engine.convert import unstructure

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
    from engine.explain import md

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
