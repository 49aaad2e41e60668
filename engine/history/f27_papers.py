"""The papers of the planned F-2-7 application (stay manual 2026.6 p.375): the basic documents the history's
``[f27_documents] attached`` lacks (the list is the history ruleset's parameter ``f27_basic_papers``, read as a case's
papers are, engine/rules/papers.py), and each paper issued abroad with its own issue date, apostille, translation
and whether it is already on file. The facts are built here; the history rules in force on the date decide.

May import engine.core, engine.rules and engine.history's model, rules and calculations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine.history.calculations import add_months
from engine.history.model import F27Documents
from engine.history.rules import HistoryRules
from engine.rules.papers import missing_papers, paper_words

KIND = "change_of_status"  # the application the history plans: the change of status to F-2-7


def papers_facts(documents: F27Documents, rules: HistoryRules, on: dt.date, fact: dict[str, Any]) -> dict[str, Any]:
    """The papers' facts on the application date, given the F-2-7 fact built so far (the exemptions of the criminal
    record certificate and the open routes, which the list's rows read). Nothing where the history gives none."""
    found: dict[str, Any] = {}
    abroad = documents.abroad
    if documents.attached is not None:
        table = rules.parameter(on, "f27_basic_papers")
        held = set(documents.attached) | {a.paper for a in abroad}  # a paper issued abroad that it lists is held
        missing, _listed = missing_papers(list(table[KIND]), held, fact)
        found |= {
            "f27_papers_attached_count": len(documents.attached),
            "f27_papers_missing_count": len(missing),
            "f27_papers_missing": "; ".join(missing) or "none",
        }
        # the documents of the points (p.375 2)): against the items scored and the route, read from the fact
        points = rules.parameter(on, "f27_points_papers")
        missing, listed = missing_papers(list(points[KIND]), held, fact)
        found |= {
            "f27_points_papers_missing_count": len(missing),
            "f27_points_papers_missing": "; ".join(missing) or "none",
            "f27_points_papers_listed": "; ".join(listed) or "none",
        }
    if not abroad:
        return found
    months = int(rules.parameter(on, "f27_foreign_documents_valid_months"))
    dated: list[tuple[dt.date, str]] = []
    on_file, not_legalised, not_translated = [], [], []
    for paper in abroad:
        words = paper_words(paper.paper)
        if paper.on_file:  # already filed and visible to the examiner: it may be left out (p.375)
            on_file.append(words)
            continue
        if paper.issued_on is not None:
            until = add_months(paper.issued_on, months)
            dated.append((until, f"{words}, issued {paper.issued_on}, valid until {until}"))
        if paper.legalised is False:
            not_legalised.append(words)
        if paper.translated is False and paper.in_korean_or_english is not True:  # a Korean or English paper needs none
            not_translated.append(words)
    found |= {
        "abroad_papers_count": len(abroad),
        "valid_months": months,
        "abroad_papers_not_legalised_count": len(not_legalised),
        "abroad_papers_not_legalised": "; ".join(not_legalised) or "none",
        "abroad_papers_not_translated_count": len(not_translated),
        "abroad_papers_not_translated": "; ".join(not_translated) or "none",
        "abroad_papers_on_file_count": len(on_file),
        "abroad_papers_on_file": "; ".join(on_file) or "none",
    }
    if dated:
        first = min(until for until, _ in dated)
        found["abroad_papers_first_valid_until"] = first.isoformat()
        # the papers whose 3 months end before the date (the rule decides from the first of them)
        found["abroad_papers_expired"] = "; ".join(text for until, text in sorted(dated) if until < on) or "none"
    return found
