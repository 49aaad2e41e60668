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

    changes: list = []
    if what_if:
        from engine.rules.whatif import what_if as nearest  # only asked for: its module is not loaded otherwise

        changes = nearest(evaluator, case, decision, as_of)
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
    text = explain.to_markdown(shown, lang) if form == "markdown" else explain.to_text(shown, lang)
    if what_if:
        text += _changes_markdown(changes, lang) if form == "markdown" else _changes_text(changes, lang)
    return text


def _case_data(case: Case) -> dict:
    from engine.core.caseform import nested

    return nested(case)


def _change_line(c, lang: str = "en") -> str:
    note = f" ({c.note})" if c.note else ""
    if lang == "en":
        return f"{c.field}: {c.before} -> {c.after}{note}; outcome then {c.outcome} (resolves {', '.join(c.resolves)})"
    from engine.core.i18n import Words

    t = Words(lang)
    then = f"{t('what_if.outcome')} {t.short(c.outcome)}"
    return f"{c.field}: {c.before} -> {c.after}{note}; {then} ({', '.join(c.resolves)})"


def _changes_text(changes: list, lang: str = "en") -> str:
    from engine.core.i18n import Words

    t = Words(lang)
    if not changes:
        if lang == "en":
            return "\nWhat would change the outcome: no single change e7 tried makes this case pass.\n"
        return f"\n{t('what_if')}: {t('what_if.none')}\n"
    if lang == "en":
        lines = ["", "What would change the outcome (each checked by evaluating the changed case again):"]
    else:
        lines = ["", f"{t('what_if')} ({t('what_if.checked')}):"]
    lines += [f"  {_change_line(c, lang)}" for c in changes]
    return "\n".join(lines) + "\n"


def _changes_markdown(changes: list, lang: str = "en") -> str:
    from engine.core.i18n import Words

    t = Words(lang)
    lines = ["", f"## {t('what_if')}", ""]
    if not changes:
        return "\n".join([*lines, t("what_if.none"), ""])
    lines += [f"- {explain.md(_change_line(c, lang))}" for c in changes]
    return "\n".join(lines) + "\n"
