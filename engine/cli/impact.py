"""`e7 impact NOTICE --cases INPUT`: which cases a notice would change, before and after it.

Every case is evaluated twice: against the data folder as it is, and as if the notice were imported. The
second data folder is a temporary copy (catalogue/ and rulesets/) with the snapshot the import would write;
the data folder itself is never written. The notice is checked exactly as `e7 catalogue import` checks it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from engine.data.folders import DataDir

OUTCOMES = ("ready", "at_risk", "needs_information", "ineligible", "error")


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


@attrs.frozen
class CaseImpact:
    input: str
    case: str
    as_of: str
    before: str  # outcome
    after: str
    added: tuple[dict[str, str], ...]  # findings only after
    removed: tuple[dict[str, str], ...]  # findings only before
    suggestions_before: tuple[str, ...]
    suggestions_after: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.added or self.removed)


def _finding(f: Any) -> dict[str, str]:
    return {"rule": f.rule, "severity": f.severity, "message": f.message}


def _key(f: dict[str, str]) -> tuple[str, str, str]:
    return (f["rule"], f["severity"], f["message"])


def evaluate_impact(
    data: DataDir, notice: Path, cases: Path, as_of: dt.date | None, shown: str | None = None
) -> tuple[Any, list[CaseImpact], list[dict[str, str]]]:
    """The import plan, every case's before/after, and the inputs that could not be evaluated."""
    from engine.catalogue.publish import plan_import
    from engine.rules.batch import case_of, failure_message, open_inputs, terminate_as_interrupt
    from engine.rules.evaluate import Evaluator

    plan = plan_import(data, notice, shown)
    inputs = open_inputs(cases)
    results: list[CaseImpact] = []
    errors: list[dict[str, str]] = []
    before = Evaluator(data)
    with terminate_as_interrupt(), tempfile.TemporaryDirectory(prefix="e7-impact-") as temporary:
        root = Path(temporary)
        shutil.copytree(data.catalogue, root / "catalogue")
        shutil.copytree(data.rulesets, root / "rulesets")
        for target, text in plan.files:
            if target.parent == data.catalogue:  # the new snapshot and the index, as the import writes them
                (root / "catalogue" / target.name).write_text(text, encoding="utf-8")
        after = Evaluator(DataDir(root))
        # read as the cases come (a case is dropped once compared)
        for item in inputs.items():
            try:
                case = case_of(item)
                old = before.evaluate(case, as_of, item.label)
                new = after.evaluate(case, as_of, item.label)
            except Exception as exc:  # one case's failure, of any kind, is that case's answer
                errors.append({"input": item.label, "error": failure_message(item.label, exc)})
                continue
            a = [_finding(f) for f in old.findings]
            b = [_finding(f) for f in new.findings]
            impact = CaseImpact(
                input=item.label,
                case=old.case,
                as_of=old.as_of,
                before=old.outcome,
                after=new.outcome,
                added=tuple(f for f in b if _key(f) not in {_key(x) for x in a}),
                removed=tuple(f for f in a if _key(f) not in {_key(x) for x in b}),
                suggestions_before=tuple(s.code for s in old.suggestions),
                suggestions_after=tuple(s.code for s in new.suggestions),
            )
            results.append(impact)
    return plan, results, errors


def _summary(results: list[CaseImpact], errors: list[dict[str, str]]) -> dict[str, Any]:
    before = Counter(r.before for r in results)
    after = Counter(r.after for r in results)
    before["error"] = after["error"] = len(errors)
    moves = Counter((r.before, r.after) for r in results if r.before != r.after)
    return {
        "before": {o: before[o] for o in OUTCOMES},
        "after": {o: after[o] for o in OUTCOMES},
        "transitions": [{"from": a, "to": b, "cases": n} for (a, b), n in sorted(moves.items())],
        "changed": sum(1 for r in results if r.changed),
        "unchanged": sum(1 for r in results if not r.changed),
    }


def _impact(args: argparse.Namespace, data: DataDir) -> int:
    plan, results, errors = evaluate_impact(data, Path(args.notice), Path(args.cases), args.as_of, args.notice)
    changed = [r for r in results if r.changed]
    summary = _summary(results, errors)
    if args.format == "json":
        from engine.cli.render import dumps
        from engine.data.release import provenance

        n = plan.notice.notice
        sys.stdout.write(
            dumps(
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
                | provenance(data)
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
    for outcome in OUTCOMES:
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
