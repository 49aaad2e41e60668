"""The questions the officer's workbench (engine/web/) asks: forms and their fields, Korean texts, what would change
the outcome, the JSON and text forms the pages and the API serve, reports and spreadsheets. Reached through
`engine.service` (its names are re-exported there, each loaded when first asked for)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.core.errors import InputError
from engine.core.today import today
from engine.data.folders import locate
from engine.service import (
    Session,
    code,
    codes,
    diff,
    history_from,
    open_session,
    provenance,
    remember,
    snapshot_ref,
    suggest,
    thresholds,
)

if TYPE_CHECKING:
    from collections import Counter

    from engine.core.case import Case
    from engine.history import History, HistoryReport
    from engine.rules.decision import Decision


# --- web workbench (issue 15: `e7 serve`, its API, spreadsheets, reports, Korean texts) ---------------------


def case_fields() -> tuple[Any, ...]:
    """Every field of a case as a form or a spreadsheet row names it (engine/caseform.py: path, kind, choices)."""
    from engine.core.caseform import FIELDS

    return FIELDS


def case_from_fields(values: Mapping[str, Any], duties: list[tuple[Any, Any]], where: str) -> Case:
    """A case from flat values by field path (a web form, a spreadsheet row) and duty rows (task, share); every
    problem named by its field in one InputError."""
    from engine.core.caseform import case_of

    return case_of(values, duties, where)


def case_values(case_data: Mapping[str, Any]) -> dict[str, Any]:
    """Nested case data as flat values by field path (to fill a form in again)."""
    from engine.core.caseform import flat

    return flat(case_data)


def case_data(case: Case) -> dict[str, Any]:
    """A case as the nested data of docs/cases.md (no empty fields)."""
    from engine.core.caseform import nested

    return nested(case)


_TEXTS: dict[Path, Any] = {}


def rule_texts(session: Session) -> Any:
    """The Korean texts of the rules of the session's data folder (rulesets/translations/ko-*.toml)."""
    from engine.rules.translations import load

    root = session.data.root
    if root not in _TEXTS:
        _TEXTS[root] = load(session.data)
    return _TEXTS[root]


def localized(session: Session, decision: Decision, lang: str) -> Decision:
    """The decision with its rules' texts in `lang` ("ko" or "en"); what has no Korean text stays English."""
    from engine.rules.translations import localize

    if lang == "en":
        return decision
    from engine.core.i18n import field_labels

    ruleset = session.evaluator.rulesets.in_force(dt.date.fromisoformat(decision.as_of))
    return localize(decision, ruleset, rule_texts(session), lang, field_labels(lang))


def wage_margin(decision: Decision) -> tuple[int, int, int] | None:
    """(annual salary, wage floor, margin) where the decision derived a floor and the case gives a salary."""
    from engine.rules.explain import wage_margin as margin

    return margin(decision)


def what_if(session: Session, case: Case, decision: Decision, as_of: dt.date | None = None) -> list[Any]:
    """The nearest changes that make a case that is not ready pass, each checked by evaluating it again."""
    from engine.rules.whatif import what_if as nearest

    return nearest(session.evaluator, case, decision, as_of)


def what_if_data(changes: list[Any]) -> list[dict[str, Any]]:
    from engine.core.convert import unstructure

    return [unstructure(c) for c in changes]


def suggest_data(
    session: Session, texts: list[str], on: dt.date | None = None, top: int = 5, applied_code: str | None = None
) -> dict[str, Any]:
    """`e7 suggest --format json` for duties given as TEXT or TEXT=SHARE."""
    from engine.views.suggest import _report, parse_duties

    duties = parse_duties(texts)
    on = on or today()
    snapshot, result = suggest(session, duties, on, applied_code)
    report = _report(result, snapshot_ref(session, snapshot), on, duties, top, None, None)
    return report | provenance(session)


def codes_data(
    session: Session, on: dt.date | None = None, search: str | None = None, subcategory: str | None = None
) -> dict[str, Any]:
    """`e7 codes --format json`."""
    from engine.views.render import codes_json

    on = on or today()
    snapshot, found = codes(session, on, search, subcategory)
    query = {"subcategory": subcategory, "search": search}
    return json.loads(codes_json(snapshot_ref(session, snapshot), found, on, query))


def code_data(session: Session, query: str, on: dt.date | None = None) -> dict[str, Any]:
    """`e7 code CODE --format json`."""
    from engine.views.render import code_json

    report = code(session, query, on)
    return json.loads(code_json(snapshot_ref(session, report.snapshot), report))


def thresholds_data(session: Session, on: dt.date | None = None) -> dict[str, Any]:
    """`e7 thresholds --format json`."""
    from engine.views.render import thresholds_json

    snapshot, found = thresholds(session, on)
    return json.loads(thresholds_json(snapshot_ref(session, snapshot), found))


def diff_data(session: Session, old: dt.date | str, new: dt.date | str) -> dict[str, Any]:
    """`e7 catalogue diff FROM TO --format json`."""
    from engine.views.diff import diff_json

    _in_order(old, new)
    return diff_json(diff(session, old, new)) | provenance(session)


def _in_order(old: dt.date | str, new: dt.date | str) -> None:
    if isinstance(old, dt.date) and isinstance(new, dt.date) and old > new:
        raise InputError("from", None, f"expected a date on or before to ({new}), got {old}")


def parse_day(text: str, field: str) -> dt.date:
    """A date typed into a form or a query (YYYY-MM-DD), or InputError naming the field."""
    from engine.core.convert import parse_date

    try:
        return parse_date(text.strip())
    except ValueError as exc:
        raise InputError(field, None, str(exc)) from None


def history_from_text(text: str, where: str) -> History:
    """A history pasted as TOML or JSON text (JSON when it starts with "{")."""
    import tomllib

    stripped = text.lstrip("\ufeff").strip()
    try:
        data = json.loads(stripped) if stripped.startswith("{") else tomllib.loads(stripped)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(where, None, f"expected a history as TOML or JSON (docs/history.md): {exc}") from None
    return history_from(data, where)


def active_release(session: Session) -> Session:
    """The session for the data release active now: the same one unless another release was installed (or the
    data folder changed) since it was opened."""
    folder = locate(None)
    if folder.root == session.data.root:
        return session
    return open_session()


def report_html(session: Session, case: Case, decision: Decision, lang: str, changes: Sequence[Any] = ()) -> str:
    """The printable report: the case's inputs, the decision, the sources and the date."""
    from engine.rules.reports import html_report

    return html_report(case_data(case), localized(session, decision, lang), lang, wage_margin(decision), list(changes))


def report_pdf(session: Session, case: Case, decision: Decision, lang: str, changes: Sequence[Any] = ()) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), rendered without a browser (WeasyPrint)."""
    from engine.rules.reports import pdf_of

    return pdf_of(report_html(session, case, decision, lang, changes))


def template_filters() -> dict[str, Any]:
    """The filters the workbench's templates use (amounts, signs, citations, facts as shown)."""
    from engine.rules.reports import FILTERS

    return dict(FILTERS)


def spreadsheet_template(suffix: str) -> bytes:
    """The spreadsheet to fill in (".xlsx" or ".csv"), its columns documented in docs/spreadsheets.md."""
    from engine.rules.spreadsheets import template

    return template(suffix)


def read_spreadsheet(content: bytes, name: str, max_rows: int) -> list[Any]:
    """The rows of an uploaded CSV/XLSX file, each a case or its error (engine/spreadsheets.py)."""
    from engine.rules.spreadsheets import read

    return read(content, name, max_rows)


def check_rows(session: Session, rows: list[Any], as_of: dt.date | None = None) -> list[Any]:
    """Each row's decision or error, in order."""
    from engine.rules.spreadsheets import evaluate

    return list(evaluate(session.evaluator, rows, as_of))


def results_file(results: list[Any], suffix: str) -> bytes:
    """Checked rows as ".xlsx" (Decisions and Findings sheets), ".csv" (Decisions) or ".jsonl" (decisions)."""
    from engine.rules.spreadsheets import results as written

    return written(results, suffix)


def diff_text(session: Session, old: dt.date | str, new: dt.date | str) -> str:
    """`e7 catalogue diff FROM TO` as text."""
    from engine.views.diff import diff_text as text_of

    _in_order(old, new)
    return text_of(diff(session, old, new))


def history_text(report: HistoryReport, lang: str = "en") -> str:
    """`e7 history FILE` as text, its words in ``lang``."""
    from engine.views.history import to_text

    return to_text(report, lang)


def code_text(session: Session, query: str, on: dt.date | None = None) -> str:
    """`e7 code CODE` as text: the entry in full and its history across snapshots."""
    from engine.views.render import code_text as text_of

    return text_of(code(session, query, on), session.catalogue.ids[0])


def jsonl_rows(content: bytes, where: str, max_rows: int) -> list[Any]:
    """The cases of a JSONL body, each a case or its error."""
    from engine.rules.spreadsheets import jsonl

    return jsonl(content, where, max_rows)


def render_decision(
    session: Session, case: Case, decision: Decision, as_of: dt.date | None, form: str, lang: str, what_if: bool
) -> str | bytes:
    """A decision as `e7 check` writes it (text, json, markdown, html or pdf bytes), in English or Korean, with
    the nearest passing changes where asked."""
    from engine.rules.answer import rendered

    return rendered(session.evaluator, case, decision, as_of, form, lang, what_if)


def write_whole(output: str, content: str | bytes) -> None:
    """Write `content` into the file `output` whole or not at all; InputError for a path that cannot be one."""
    from engine.core.wholefile import WholeFile

    target = Path(output)
    if target.is_dir() or not target.resolve().parent.is_dir():
        raise InputError(output, None, "expected a file to write in an existing folder")
    try:
        with WholeFile(target.resolve()) as out:
            out.write(content if isinstance(content, bytes) else content.encode("utf-8"))
    except OSError as exc:
        raise InputError(output, None, f"cannot be written ({exc.strerror})") from None


def run_sheets(session: Session, source: Path, output: Path, as_of: dt.date | None) -> Counter[str]:
    """`e7 batch` with a spreadsheet (.csv/.xlsx) in or out; the count of each outcome."""
    from engine.rules.spreadsheets import run_sheets as run

    remember(session)
    return run(session.data, source, output, as_of)


def shared_templates() -> Path:
    """The folder of the templates the printable report and the workbench's decision page share."""
    from engine.rules.reports import TEMPLATES

    return TEMPLATES
