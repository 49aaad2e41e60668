"""`e7 impact NOTICE --cases INPUT`: which cases a notice would change, before and after it.

Every case is evaluated twice: against the data folder as it is, and as if the notice were imported
(engine/rules/impact.py); the data folder itself is never written. The notice is checked exactly as
`e7 catalogue import` checks it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from engine import service

if TYPE_CHECKING:
    from engine.service import DataDir


def add_commands(commands: argparse._SubParsersAction) -> None:
    from engine.cli.main import _add_as_of, _add_format

    p = commands.add_parser(
        "impact",
        help="which cases a notice would change (before and after, nothing written)",
        description="Evaluate every case of INPUT (a folder of case files or a JSONL file, as `e7 batch` reads) "
        "before and after the notice, as if it were imported (nothing is written), and list the cases whose "
        "outcome or findings change, with a summary by outcome.",
    )
    p.add_argument("notice", metavar="NOTICE", help="a notice file (.toml, docs/notices.md)")
    p.add_argument("--cases", metavar="INPUT", required=True, help="a folder of case files or a .jsonl file")
    _add_as_of(p, "evaluate as of this date instead of each case's filed_on")
    _add_format(p)
    p.set_defaults(handler=_impact)


def _impact(args: argparse.Namespace, data: DataDir) -> int:
    session = service.Session(data)
    plan, results, errors, summary = service.impact(
        session, Path(args.notice), Path(args.cases), args.as_of, args.notice
    )
    changed = [r for r in results if r.changed]
    if args.format == "json":
        n = plan.notice.notice
        sys.stdout.write(
            service.dumps(
                {
                    "notice": {"id": n.id, "effective": n.effective.isoformat(), "title": n.title, "status": n.status},
                    "snapshot": {"base": plan.base.id, "new": plan.snapshot.id},
                    "as_of": args.as_of.isoformat() if args.as_of else None,
                    "cases": len(results) + len(errors),
                    "changed": [
                        {
                            "input": r.input,
                            "case": r.case,
                            "as_of": r.as_of,
                            "before": r.before,
                            "after": r.after,
                            "added": list(r.added),
                            "removed": list(r.removed),
                            "suggestions_before": list(r.suggestions_before),
                            "suggestions_after": list(r.suggestions_after),
                        }
                        for r in changed
                    ],
                    "errors": errors,
                    "summary": summary,
                }
                | service.provenance(session)
            )
        )
        return 0
    n = plan.notice.notice
    dates = f"as of {args.as_of}" if args.as_of else "each as of its filed_on date"
    lines = [
        f"Impact of notice {n.id} (effective {n.effective}, status {n.status}) on {len(results) + len(errors)} "
        f"case(s) from {args.cases}, {dates}",
        f"  {n.title}",
        f"  before: catalogue as it is (newest snapshot {plan.base.id}); after: as if imported (snapshot "
        f"{plan.snapshot.id}); nothing was written",
        "",
        f"{len(changed)} case(s) change" + (":" if changed else "."),
    ]
    for r in changed:
        move = f"{r.before} -> {r.after}" if r.before != r.after else f"{r.after} (unchanged outcome, findings change)"
        lines.append(f"  {r.case} ({r.input}, as of {r.as_of}): {move}")
        lines += [f"      + [{f['severity']}] {f['rule']}: {f['message']}" for f in r.added]
        lines += [f"      - [{f['severity']}] {f['rule']}: {f['message']}" for f in r.removed]
        if r.suggestions_after != r.suggestions_before:
            lines.append(
                f"      suggested codes: {', '.join(r.suggestions_before) or 'none'} -> "
                f"{', '.join(r.suggestions_after) or 'none'}"
            )
    lines += ["", "Outcomes before -> after:"]
    for outcome in service.OUTCOMES:
        a, b = summary["before"][outcome], summary["after"][outcome]
        if a or b:
            lines.append(f"  {outcome:<18} {a:>5} -> {b}")
    if summary["transitions"]:
        lines.append(
            "Transitions: " + ", ".join(f"{t['from']} -> {t['to']} {t['cases']}" for t in summary["transitions"])
        )
    lines.append(f"Unchanged: {summary['unchanged']}; could not be evaluated: {len(errors)}")
    # each error already names its file or line
    lines += [f"  {e['error']}" for e in errors]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
