"""The impact of a notice on cases: every case evaluated before the notice and as if it were imported.

The second data folder is a temporary copy (catalogue/ and rulesets/) with the snapshot the import would write;
the data folder itself is never written. The notice is checked exactly as `e7 catalogue import` checks it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import attrs

from engine.data.folders import DataDir

OUTCOMES = ("ready", "at_risk", "needs_information", "ineligible", "error")


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


def summary(results: list[CaseImpact], errors: list[dict[str, str]]) -> dict[str, Any]:
    """Outcomes before and after (in the order of OUTCOMES), the moves between them, and how many changed."""
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
