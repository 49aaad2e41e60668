"""The service layer: what every front end (the CLI, the web workbench and its API, the case register) asks of e7.

A front end parses its input, calls one function here and renders the answer; it never reaches below this
module. Each function takes a `Session` (one data folder, with what is costly to load kept for reuse: the
catalogue, the rulesets, the duty index), so a server answers many requests from one session.

The questions: check a case as of a date, plan a history, suggest codes for duties, list and describe codes,
show thresholds, diff two snapshots, import a notice. The answers are the engine's typed objects (Decision,
HistoryReport, ...) and, where a front end sends JSON, their JSON form (the contracts of docs/json.md).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from engine.data import DataDir, locate
from engine.errors import E7Error, InputError
from engine.today import today

if TYPE_CHECKING:
    from engine.alignment import Measure
    from engine.case import Case
    from engine.catalogue import Catalogue
    from engine.codes import CodeReport
    from engine.decision import Decision
    from engine.evaluate import Evaluator
    from engine.history import History, HistoryReport
    from engine.model import Code, Snapshot
    from engine.notices import Diff
    from engine.publish import ImportPlan
    from engine.thresholds import ThresholdsOn

__all__ = [
    "E7Error",
    "InputError",
    "Session",
    "case_from",
    "check",
    "code",
    "codes",
    "decision_data",
    "decision_json",
    "decision_markdown",
    "decision_text",
    "diff",
    "history_data",
    "history_from",
    "import_notice",
    "open_session",
    "plan_history",
    "plan_import",
    "provenance",
    "read_case",
    "read_history",
    "suggest",
    "thresholds",
    "today",
]


@attrs.define
class Session:
    """One data folder and what e7 loaded from it. Not shared between threads that write (imports)."""

    data: DataDir
    _catalogue: Catalogue | None = attrs.field(default=None, init=False)
    _evaluator: Evaluator | None = attrs.field(default=None, init=False)

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            from engine.catalogue import Catalogue

            self._catalogue = Catalogue(self.data)
        return self._catalogue

    @property
    def evaluator(self) -> Evaluator:
        if self._evaluator is None:
            from engine.evaluate import Evaluator

            self._evaluator = Evaluator(self.data)
        return self._evaluator

    def reload(self) -> None:
        """Forget what was loaded (a notice was imported, or another data release became active)."""
        self._catalogue = None
        self._evaluator = None


def open_session(data: str | Path | None = None) -> Session:
    """The data folder `data` names (else $E7_DATA, the active release, the shipped data), after finishing or
    rolling back an import a kill interrupted."""
    from engine.journal import recover

    folder = locate(str(data) if data is not None else None)
    recover(folder)
    return Session(folder)


# --- cases and decisions -------------------------------------------------------------------------------------


def read_case(path: Path, shown: str | None = None) -> Case:
    """A case file (.toml or .json), validated; bad input raises InputError naming the file and the field."""
    from engine.case import load_case

    return load_case(path, shown)


def case_from(data: Mapping[str, Any], where: str) -> Case:
    """A case from parsed JSON/TOML data (a web form, an API body, a spreadsheet row); `where` names it."""
    from engine.case import case_from_data

    return case_from_data(data, where)


def check(session: Session, case: Case, as_of: dt.date | None = None, where: str | None = None) -> Decision:
    """The decision on `case` under the rules in force on `as_of` (default: the case's filed_on)."""
    return session.evaluator.evaluate(case, as_of, where)


def decision_data(decision: Decision) -> dict[str, Any]:
    """The decision as the JSON contract of docs/json.md (a plain dict, ready for json.dumps)."""
    from engine.explain import decision_data as data_of

    return data_of(decision)


def decision_json(decision: Decision) -> str:
    from engine.explain import to_json

    return to_json(decision)


def decision_text(decision: Decision) -> str:
    from engine.explain import to_text

    return to_text(decision)


def decision_markdown(decision: Decision) -> str:
    from engine.explain import to_markdown

    return to_markdown(decision)


# --- histories -----------------------------------------------------------------------------------------------


def read_history(path: Path, shown: str | None = None) -> History:
    from engine.history import load_history

    return load_history(path, shown)


def history_from(data: Mapping[str, Any], where: str) -> History:
    from engine.history import history_from_data

    return history_from_data(data, where)


def plan_history(session: Session, history: History, where: str = "") -> HistoryReport:
    """The stays, the renewal and the F-2-7 plan of a worker's history, each under the rules of its date."""
    from engine.history import HistoryChecker

    return HistoryChecker(session.evaluator).check(history, where)


def history_data(report: HistoryReport) -> dict[str, Any]:
    from engine.history import report_data

    return report_data(report)


# --- duties --------------------------------------------------------------------------------------------------


def suggest(
    session: Session, duties: list[Any], on: dt.date | None = None, applied_code: str | None = None
) -> tuple[Snapshot, Measure]:
    """How well each code in force on `on` fits `duties` (case duties, or FreeDuty text with shares)."""
    from engine.alignment import measure

    on = on or today()
    catalogue = session.catalogue
    snapshot = catalogue.in_force(on)
    occupation = None
    if applied_code:
        listed = snapshot.by_code().get(applied_code)
        moved = [r for r in snapshot.renumbered if r.old_code == applied_code and r.effective <= on]
        occupation = (
            listed.occupation if listed else (max(moved, key=lambda r: r.effective).occupation if moved else None)
        )
    return snapshot, measure(session.data, snapshot, duties, applied_occupation=occupation)


# --- the catalogue -------------------------------------------------------------------------------------------


def codes(
    session: Session, on: dt.date | None = None, search: str | None = None, subcategory: str | None = None
) -> tuple[Snapshot, list[Code]]:
    """The codes in force on `on` (default today in Korea), optionally only those matching `search`."""
    from engine import codes as found

    snapshot = session.catalogue.in_force(on or today())
    return snapshot, found.search(snapshot, search, subcategory)


def code(session: Session, query: str, on: dt.date | None = None) -> CodeReport:
    """One code as listed on `on`, with its history; a code never listed raises UnknownCode."""
    from engine.codes import describe
    from engine.model import CODE_PATTERN

    text = query.strip().upper()
    if not CODE_PATTERN.fullmatch(text):
        raise InputError(
            "CODE", None, f"expected an occupation code of 3 to 5 digits, optionally after S, got {query!r}"
        )
    return describe(session.catalogue, text, on or today())


def thresholds(session: Session, on: dt.date | None = None) -> tuple[Snapshot, ThresholdsOn]:
    from engine.thresholds import resolve

    on = on or today()
    snapshot = session.catalogue.in_force(on)
    return snapshot, resolve(snapshot, on)


def diff(session: Session, old: dt.date | str, new: dt.date | str) -> Diff:
    """What changed between two snapshots, named by id or by a date (the snapshot in force then)."""
    from engine.notices import diff as between

    catalogue = session.catalogue

    def snapshot_of(which: dt.date | str) -> Snapshot:
        return catalogue.in_force(which) if isinstance(which, dt.date) else catalogue.get(which)

    return between(snapshot_of(old), snapshot_of(new))


def plan_import(session: Session, notice: Path, shown: str | None = None) -> ImportPlan:
    """What importing a notice would change (nothing is written)."""
    from engine.publish import plan_import as plan

    return plan(session.data, notice, shown or str(notice))


def import_notice(session: Session, notice: Path, shown: str | None = None, wait: float | None = None) -> ImportPlan:
    """Import a notice as a new snapshot: under the data folder's lock (waiting up to `wait` seconds for another
    import), after recovering an interrupted one, planned on the snapshot in force then, journalled."""
    from engine.journal import DEFAULT_WAIT, locked, recover_locked
    from engine.publish import plan_import as plan_of
    from engine.publish import write_import

    with locked(session.data, DEFAULT_WAIT if wait is None else wait):
        recover_locked(session.data)
        plan = plan_of(session.data, notice, shown or str(notice))
        write_import(session.data, plan)
    session.reload()
    return plan


def provenance(session: Session) -> dict[str, Any]:
    """The data release and e7 version every answer names."""
    from engine.release import provenance as of

    return of(session.data)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# --- web workbench (issue 15: `e7 serve`, its API, spreadsheets, reports, Korean texts) ---------------------


def case_fields() -> tuple[Any, ...]:
    """Every field of a case as a form or a spreadsheet row names it (engine/caseform.py: path, kind, choices)."""
    from engine.caseform import FIELDS

    return FIELDS


def case_from_fields(values: Mapping[str, Any], duties: list[tuple[Any, Any]], where: str) -> Case:
    """A case from flat values by field path (a web form, a spreadsheet row) and duty rows (task, share); every
    problem named by its field in one InputError."""
    from engine.caseform import case_of

    return case_of(values, duties, where)


def case_values(case_data: Mapping[str, Any]) -> dict[str, Any]:
    """Nested case data as flat values by field path (to fill a form in again)."""
    from engine.caseform import flat

    return flat(case_data)


def case_data(case: Case) -> dict[str, Any]:
    """A case as the nested data of docs/cases.md (no empty fields)."""
    from engine.convert import unstructure

    def pruned(value: Any) -> Any:
        if isinstance(value, dict):
            kept = {k: pruned(v) for k, v in value.items() if v is not None and v != ""}
            return {k: v for k, v in kept.items() if v != {}}
        if isinstance(value, list | tuple):
            return [pruned(v) for v in value]
        return value

    return pruned(unstructure(case))


_TEXTS: dict[Path, Any] = {}


def rule_texts(session: Session) -> Any:
    """The Korean texts of the rules of the session's data folder (rulesets/translations/ko-*.toml)."""
    from engine.translations import load

    root = session.data.root
    if root not in _TEXTS:
        _TEXTS[root] = load(session.data)
    return _TEXTS[root]


def localized(session: Session, decision: Decision, lang: str) -> Decision:
    """The decision with its rules' texts in `lang` ("ko" or "en"); what has no Korean text stays English."""
    from engine.translations import localize

    if lang == "en":
        return decision
    from engine.web.i18n import field_labels

    ruleset = session.evaluator.rulesets.in_force(dt.date.fromisoformat(decision.as_of))
    return localize(decision, ruleset, rule_texts(session), lang, field_labels(lang))


def wage_margin(decision: Decision) -> tuple[int, int, int] | None:
    """(annual salary, wage floor, margin) where the decision derived a floor and the case gives a salary."""
    from engine.explain import wage_margin as margin

    return margin(decision)


def what_if(session: Session, case: Case, decision: Decision, as_of: dt.date | None = None) -> list[Any]:
    """The nearest changes that make a case that is not ready pass, each checked by evaluating it again."""
    from engine.whatif import what_if as nearest

    return nearest(session.evaluator, case, decision, as_of)


def what_if_data(changes: list[Any]) -> list[dict[str, Any]]:
    from engine.convert import unstructure

    return [unstructure(c) for c in changes]


def suggest_data(
    session: Session, texts: list[str], on: dt.date | None = None, top: int = 5, applied_code: str | None = None
) -> dict[str, Any]:
    """`e7 suggest --format json` for duties given as TEXT or TEXT=SHARE."""
    from engine.commands.suggest import _report, parse_duties

    duties = parse_duties(texts)
    on = on or today()
    snapshot, result = suggest(session, duties, on, applied_code)
    report = _report(result, snapshot, on, duties, top, None, None, session.catalogue.path(snapshot.id))
    return report | provenance(session)


def codes_data(
    session: Session, on: dt.date | None = None, search: str | None = None, subcategory: str | None = None
) -> dict[str, Any]:
    """`e7 codes --format json`."""
    from engine.render import codes_json

    on = on or today()
    snapshot, found = codes(session, on, search, subcategory)
    query = {"subcategory": subcategory, "search": search}
    return json.loads(codes_json(session.catalogue, snapshot, found, on, query))


def code_data(session: Session, query: str, on: dt.date | None = None) -> dict[str, Any]:
    """`e7 code CODE --format json`."""
    from engine.render import code_json

    return json.loads(code_json(session.catalogue, code(session, query, on)))


def thresholds_data(session: Session, on: dt.date | None = None) -> dict[str, Any]:
    """`e7 thresholds --format json`."""
    from engine.render import thresholds_json

    snapshot, found = thresholds(session, on)
    return json.loads(thresholds_json(session.catalogue, snapshot, found))


def diff_data(session: Session, old: dt.date | str, new: dt.date | str) -> dict[str, Any]:
    """`e7 catalogue diff FROM TO --format json`."""
    from engine.commands.catalogue import diff_json

    _in_order(old, new)
    return diff_json(diff(session, old, new)) | provenance(session)


def _in_order(old: dt.date | str, new: dt.date | str) -> None:
    if isinstance(old, dt.date) and isinstance(new, dt.date) and old > new:
        raise InputError("from", None, f"expected a date on or before to ({new}), got {old}")


def parse_day(text: str, field: str) -> dt.date:
    """A date typed into a form or a query (YYYY-MM-DD), or InputError naming the field."""
    from engine.convert import parse_date

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


def report_html(
    session: Session, case: Case, decision: Decision, lang: str, changes: Sequence[Any] = ()
) -> str:
    """The printable report: the case's inputs, the decision, the sources and the date."""
    from engine.reports import html_report

    return html_report(case_data(case), localized(session, decision, lang), lang, wage_margin(decision), list(changes))


def report_pdf(
    session: Session, case: Case, decision: Decision, lang: str, changes: Sequence[Any] = ()
) -> bytes:
    """The report as a tagged PDF (PDF/UA-1), rendered without a browser (WeasyPrint)."""
    from engine.reports import pdf_of

    return pdf_of(report_html(session, case, decision, lang, changes))


def template_filters() -> dict[str, Any]:
    """The filters the workbench's templates use (amounts, signs, citations, facts as shown)."""
    from engine.reports import FILTERS

    return dict(FILTERS)


def spreadsheet_template(suffix: str) -> bytes:
    """The spreadsheet to fill in (".xlsx" or ".csv"), its columns documented in docs/spreadsheets.md."""
    from engine.spreadsheets import template

    return template(suffix)


def read_spreadsheet(content: bytes, name: str, max_rows: int) -> list[Any]:
    """The rows of an uploaded CSV/XLSX file, each a case or its error (engine/spreadsheets.py)."""
    from engine.spreadsheets import read

    return read(content, name, max_rows)


def check_rows(session: Session, rows: list[Any], as_of: dt.date | None = None) -> list[Any]:
    """Each row's decision or error, in order."""
    from engine.spreadsheets import evaluate

    return list(evaluate(session.evaluator, rows, as_of))


def results_file(results: list[Any], suffix: str) -> bytes:
    """Checked rows as ".xlsx" (Decisions and Findings sheets), ".csv" (Decisions) or ".jsonl" (decisions)."""
    from engine.spreadsheets import results as written

    return written(results, suffix)


def diff_text(session: Session, old: dt.date | str, new: dt.date | str) -> str:
    """`e7 catalogue diff FROM TO` as text."""
    from engine.commands.catalogue import diff_text as text_of

    _in_order(old, new)
    return text_of(diff(session, old, new))


def history_text(report: HistoryReport) -> str:
    """`e7 history FILE` as text."""
    from engine.commands.history import to_text

    return to_text(report)


def code_text(session: Session, query: str, on: dt.date | None = None) -> str:
    """`e7 code CODE` as text: the entry in full and its history across snapshots."""
    from engine.render import code_text as text_of

    return text_of(code(session, query, on), session.catalogue.ids[0])


def jsonl_rows(content: bytes, where: str, max_rows: int) -> list[Any]:
    """The cases of a JSONL body, each a case or its error."""
    from engine.spreadsheets import jsonl

    return jsonl(content, where, max_rows)
