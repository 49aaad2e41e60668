"""One decision as `e7 check` writes it: text, JSON, Markdown, the printable HTML report or its PDF; the rules'
texts in English or Korean; with the nearest changes that pass (``--what-if``) where asked."""

from __future__ import annotations

import datetime as dt
import json

from engine.core.case import Case
from engine.rules import explain
from engine.rules.decision import Decision
from engine.rules.evaluate import Evaluator


def rendered(
    evaluator: Evaluator,
    case: Case,
    decision: Decision,
    as_of: dt.date | None,
    form: str,
    lang: str = "en",
    what_if: bool = False,
) -> str | bytes:
    from engine.core.convert import unstructure
    from engine.rules.whatif import what_if as nearest

    changes = nearest(evaluator, case, decision, as_of) if what_if else []
    shown = decision
    if lang != "en":
        from engine.core.i18n import field_labels
        from engine.rules.translations import load, localize

        ruleset = evaluator.rulesets.in_force(dt.date.fromisoformat(decision.as_of))
        shown = localize(decision, ruleset, load(evaluator.data), lang, field_labels(lang))
    if form in ("html", "pdf"):
        from engine.rules.reports import html_report, pdf_of

        html = html_report(_case_data(case), shown, lang, explain.wage_margin(decision), changes)
        return pdf_of(html) if form == "pdf" else html
    if form == "json":
        data = explain.decision_data(shown)
        if what_if:
            data["what_if"] = [unstructure(c) for c in changes]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    text = explain.to_markdown(shown) if form == "markdown" else explain.to_text(shown)
    if what_if:
        text += _changes_markdown(changes) if form == "markdown" else _changes_text(changes)
    return text


def _case_data(case: Case) -> dict:
    from engine.core.caseform import nested

    return nested(case)


def _change_line(c) -> str:
    note = f" ({c.note})" if c.note else ""
    return f"{c.field}: {c.before} -> {c.after}{note}; outcome then {c.outcome} (resolves {', '.join(c.resolves)})"


def _changes_text(changes: list) -> str:
    if not changes:
        return "\nWhat would change the outcome: no single change e7 tried makes this case pass.\n"
    lines = ["", "What would change the outcome (each checked by evaluating the changed case again):"]
    lines += [f"  {_change_line(c)}" for c in changes]
    return "\n".join(lines) + "\n"


def _changes_markdown(changes: list) -> str:
    lines = ["", "## What would change the outcome", ""]
    if not changes:
        return "\n".join([*lines, "No single change e7 tried makes this case pass.", ""])
    lines += [f"- {explain.md(_change_line(c))}" for c in changes]
    return "\n".join(lines) + "\n"
