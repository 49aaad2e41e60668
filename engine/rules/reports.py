"""The printable report of a decision: one HTML page holding the case's inputs, the decision, the sources and
the date (what an officer sends a client), and the same page as a tagged PDF (WeasyPrint renders HTML to PDF
without a browser). Used by the workbench's report page and by `e7 check --format html|pdf`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from engine.core.i18n import Words
from engine.rules.decision import Decision
from engine.rules.explain import cite

TEMPLATES = Path(__file__).parent / "templates"  # the report and the decision part the workbench shares


@functools.cache
def environment() -> jinja2.Environment:
    """The workbench's templates, every value escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.filters.update(FILTERS)
    return env


def shown(value: Any, lang: str = "en") -> str:
    """A fact as a reader sees it: yes/no (예/아니오), amounts with thousands separators."""
    if isinstance(value, bool):
        return ("예" if value else "아니오") if lang == "ko" else ("yes" if value else "no")
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"
    return str(value)


FILTERS = {
    "won": lambda v: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else v,
    "signed": lambda v: f"{v:+,}",
    "cite": cite,
    "shown": shown,
}


def inputs(case_data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The case's inputs as (field path, value) rows in the order of the form; duties as one row each."""
    from engine.core.caseform import FIELDS

    rows: list[tuple[str, Any]] = []
    for field in FIELDS:
        holder = case_data.get(field.section, {}) if field.section else case_data
        if isinstance(holder, Mapping) and holder.get(field.name) is not None:
            rows.append((field.path, holder[field.name]))
    for n, duty in enumerate(case_data.get("position", {}).get("duties") or [], 1):
        rows.append((f"position.duties[{n}]", f"{duty['task']} ({duty['share']:g}%)"))
    return rows


def html_report(
    case_data: Mapping[str, Any],
    decision: Decision,
    lang: str,
    margin: tuple[int, int, int] | None,
    changes: list[Any],
) -> str:
    return (
        environment()
        .get_template("report.html")
        .render(
            t=Words(lang),
            lang=lang,
            d=decision,
            rows=inputs(case_data),
            margin=margin,
            changes=changes,
        )
    )


def pdf_of(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tags, language, title) of a report page."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=b"e7-report"
    )
