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

from engine.core.errors import E7Error, InputError
from engine.core.today import today
from engine.data.folders import DataDir, locate

if TYPE_CHECKING:
    from engine.catalogue.codes import CodeReport
    from engine.catalogue.diff import Diff
    from engine.catalogue.publish import ImportPlan
    from engine.catalogue.snapshots import Catalogue
    from engine.catalogue.thresholds import ThresholdsOn
    from engine.core.case import Case
    from engine.core.model import Code, Snapshot
    from engine.duties.alignment import Measure
    from engine.history import History, HistoryReport
    from engine.rules.decision import Decision
    from engine.rules.evaluate import Evaluator

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
            from engine.catalogue.snapshots import Catalogue

            self._catalogue = Catalogue(self.data)
        return self._catalogue

    @property
    def evaluator(self) -> Evaluator:
        if self._evaluator is None:
            from engine.rules.evaluate import Evaluator

            self._evaluator = Evaluator(self.data)
        return self._evaluator

    def reload(self) -> None:
        """Forget what was loaded (a notice was imported, or another data release became active)."""
        self._catalogue = None
        self._evaluator = None


def open_session(data: str | Path | None = None) -> Session:
    """The data folder `data` names (else $E7_DATA, the active release, the shipped data), after finishing or
    rolling back an import a kill interrupted."""
    from engine.data.journal import recover

    folder = locate(str(data) if data is not None else None)
    recover(folder)
    return Session(folder)


# --- cases and decisions -------------------------------------------------------------------------------------


def read_case(path: Path, shown: str | None = None) -> Case:
    """A case file (.toml or .json), validated; bad input raises InputError naming the file and the field."""
    from engine.core.case import load_case

    return load_case(path, shown)


def case_from(data: Mapping[str, Any], where: str) -> Case:
    """A case from parsed JSON/TOML data (a web form, an API body, a spreadsheet row); `where` names it."""
    from engine.core.case import case_from_data

    return case_from_data(data, where)


def check(session: Session, case: Case, as_of: dt.date | None = None, where: str | None = None) -> Decision:
    """The decision on `case` under the rules in force on `as_of` (default: the case's filed_on)."""
    return session.evaluator.evaluate(case, as_of, where)


def decision_data(decision: Decision) -> dict[str, Any]:
    """The decision as the JSON contract of docs/json.md (a plain dict, ready for json.dumps)."""
    from engine.rules.explain import decision_data as data_of

    return data_of(decision)


def decision_json(decision: Decision) -> str:
    from engine.rules.explain import to_json

    return to_json(decision)


def decision_text(decision: Decision) -> str:
    from engine.rules.explain import to_text

    return to_text(decision)


def decision_markdown(decision: Decision) -> str:
    from engine.rules.explain import to_markdown

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
    from engine.duties.alignment import measure

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
    from engine.catalogue import codes as found

    snapshot = session.catalogue.in_force(on or today())
    return snapshot, found.search(snapshot, search, subcategory)


def code(session: Session, query: str, on: dt.date | None = None) -> CodeReport:
    """One code as listed on `on`, with its history; a code never listed raises UnknownCode."""
    from engine.catalogue.codes import describe
    from engine.core.model import CODE_PATTERN

    text = query.strip().upper()
    if not CODE_PATTERN.fullmatch(text):
        raise InputError(
            "CODE", None, f"expected an occupation code of 3 to 5 digits, optionally after S, got {query!r}"
        )
    return describe(session.catalogue, text, on or today())


def thresholds(session: Session, on: dt.date | None = None) -> tuple[Snapshot, ThresholdsOn]:
    from engine.catalogue.thresholds import resolve

    on = on or today()
    snapshot = session.catalogue.in_force(on)
    return snapshot, resolve(snapshot, on)


def diff(session: Session, old: dt.date | str, new: dt.date | str) -> Diff:
    """What changed between two snapshots, named by id or by a date (the snapshot in force then)."""
    from engine.catalogue.diff import diff as between

    catalogue = session.catalogue

    def snapshot_of(which: dt.date | str) -> Snapshot:
        return catalogue.in_force(which) if isinstance(which, dt.date) else catalogue.get(which)

    return between(snapshot_of(old), snapshot_of(new))


def plan_import(session: Session, notice: Path, shown: str | None = None) -> ImportPlan:
    """What importing a notice would change (nothing is written)."""
    from engine.catalogue.publish import plan_import as plan

    return plan(session.data, notice, shown or str(notice))


def import_notice(session: Session, notice: Path, shown: str | None = None, wait: float | None = None) -> ImportPlan:
    """Import a notice as a new snapshot: under the data folder's lock (waiting up to `wait` seconds for another
    import), after recovering an interrupted one, planned on the snapshot in force then, journalled."""
    from engine.catalogue.publish import plan_import as plan_of
    from engine.catalogue.publish import write_import
    from engine.data.journal import DEFAULT_WAIT, locked, recover_locked

    with locked(session.data, DEFAULT_WAIT if wait is None else wait):
        recover_locked(session.data)
        plan = plan_of(session.data, notice, shown or str(notice))
        write_import(session.data, plan)
    session.reload()
    return plan


def provenance(session: Session) -> dict[str, Any]:
    """The data release and e7 version every answer names."""
    from engine.data.release import provenance as of

    return of(session.data)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


# --- the CLI's questions and what a front end renders with (issue 14, layout) --------------------------------

if TYPE_CHECKING:
    from collections import Counter

    from engine.catalogue.errata import ErratumPlan
    from engine.catalogue.snapshots import Event, Period
    from engine.core.convert import parse_date, unstructure
    from engine.core.model import CODE_PATTERN, GROUP_TITLES, STATUS_MEANING, SUBCATEGORIES, Source
    from engine.core.textwidth import table
    from engine.data.folders import ENV_VAR
    from engine.data.release import MANIFEST_FILE, ReleaseInfo, fits_running
    from engine.duties.alignment import CodeAlignment, DutyMatch
    from engine.duties.matching import FIELD_NAMES
    from engine.maintainer import (
        build_bundle,
        build_site,
        coverage,
        coverage_json,
        coverage_text,
        install_bundle,
        plan_erratum,
        stored_releases,
        use_release,
        verify_catalogue,
        verify_release,
        write_erratum,
        write_import,
        write_manifest,
        writing,
    )
    from engine.rules.batch import MAX_JOBS, Terminated
    from engine.rules.explain import md
    from engine.rules.impact import OUTCOMES, CaseImpact
    from engine.rules.replay import Replay, StoredDecision

# Names a front end renders with, re-exported from where they live and imported only when first asked for
# (``from engine.service import FIELD_NAMES`` loads the matcher then, not when the CLI starts).
_REEXPORTED: dict[str, str] = {
    "CODE_PATTERN": "engine.core.model",
    "GROUP_TITLES": "engine.core.model",
    "STATUS_MEANING": "engine.core.model",
    "SUBCATEGORIES": "engine.core.model",
    "parse_date": "engine.core.convert",
    "unstructure": "engine.core.convert",
    "table": "engine.core.textwidth",
    "ENV_VAR": "engine.data.folders",
    "MANIFEST_FILE": "engine.data.release",
    "fits_running": "engine.data.release",
    "FIELD_NAMES": "engine.duties.matching",
    "FIELD_LABELS": "engine.core.i18n",
    "SECTIONS": "engine.core.i18n",
    "Words": "engine.core.i18n",
    "pick": "engine.core.i18n",
    "MAX_JOBS": "engine.rules.batch",
    "Terminated": "engine.rules.batch",
    "md": "engine.rules.explain",
    "OUTCOMES": "engine.rules.impact",
    "writing": "engine.maintainer",
    "write_import": "engine.maintainer",
    "plan_erratum": "engine.maintainer",
    "write_erratum": "engine.maintainer",
    "verify_catalogue": "engine.maintainer",
    "ManifestWritten": "engine.maintainer",
    "write_manifest": "engine.maintainer",
    "verify_release": "engine.maintainer",
    "build_bundle": "engine.maintainer",
    "install_bundle": "engine.maintainer",
    "stored_releases": "engine.maintainer",
    "use_release": "engine.maintainer",
    "build_site": "engine.maintainer",
    "coverage": "engine.maintainer",
    "coverage_text": "engine.maintainer",
    "coverage_json": "engine.maintainer",
    # types, for annotations
    "Source": "engine.core.model",
    "Event": "engine.catalogue.snapshots",
    "Period": "engine.catalogue.snapshots",
    "CodeAlignment": "engine.duties.alignment",
    "DutyMatch": "engine.duties.alignment",
    "Measure": "engine.duties.alignment",
    "Code": "engine.core.model",
    "Snapshot": "engine.core.model",
    "CodeReport": "engine.catalogue.codes",
    "ThresholdsOn": "engine.catalogue.thresholds",
    "ErratumPlan": "engine.catalogue.errata",
}
__all__ += [
    "CODE_PATTERN",
    "ENV_VAR",
    "FIELD_NAMES",
    "GROUP_TITLES",
    "MANIFEST_FILE",
    "MAX_JOBS",
    "OUTCOMES",
    "STATUS_MEANING",
    "SUBCATEGORIES",
    "Code",
    "CodeAlignment",
    "CodeReport",
    "DataDir",
    "DutyMatch",
    "ErratumPlan",
    "Event",
    "Measure",
    "Period",
    "Snapshot",
    "Source",
    "Started",
    "Terminated",
    "ThresholdsOn",
    "batch_abandoned",
    "build_bundle",
    "build_site",
    "coverage",
    "coverage_json",
    "coverage_text",
    "decision_with_case",
    "diff_named",
    "fits_running",
    "impact",
    "install_bundle",
    "md",
    "parse_date",
    "plan_erratum",
    "provenance_line",
    "release_info",
    "remember",
    "replay_decision",
    "run_batch",
    "snapshot_ids",
    "snapshot_ref",
    "start",
    "stored_releases",
    "table",
    "unstructure",
    "use_release",
    "verify_catalogue",
    "verify_release",
    "write_erratum",
    "write_import",
    "write_manifest",
    "writing",
]


def __getattr__(name: str) -> Any:
    module = _REEXPORTED.get(name)
    if module is None:
        raise AttributeError(f"module 'engine.service' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


@attrs.frozen
class Started:
    """A session on the data folder a command names, after finishing or rolling back an interrupted import."""

    session: Session
    recovered: str | None  # what the recovery did, if there was one to do
    recovery_failed: str | None  # why it could not run (readers are safe without it: they use only the index)


def start(data: str | Path | None = None) -> Started:
    from engine.data.journal import recover

    folder = locate(str(data) if data is not None else None)
    try:
        done = recover(folder)
    except OSError as exc:
        return Started(Session(folder), None, str(exc.strerror or exc))
    return Started(Session(folder), done, None)


def release_info(data: str | Path | None = None) -> tuple[ReleaseInfo, Path]:
    """The data release in the folder `data` names (as open_session finds it) and that folder; nothing recovered."""
    from engine.data.release import release_info as info_of

    folder = locate(str(data) if data is not None else None)
    return info_of(folder), folder.root


def provenance_line(session: Session) -> str:
    from engine.data.release import provenance_line as line_of

    return line_of(session.data)


def remember(session: Session) -> None:
    """Keep the data release in the local store, so that an answer made with it can be replayed later."""
    from engine.data.store import remember as keep

    keep(session.data)


def snapshot_ref(session: Session, snapshot: Snapshot | str) -> dict[str, str]:
    """The snapshot an answer used, as every JSON answer names it: its id, the sha256 of its file, its status."""
    from engine.catalogue.snapshots import sha256_of

    catalogue = session.catalogue
    if isinstance(snapshot, str):
        snapshot = catalogue.get(snapshot)
    path = catalogue.path(snapshot.id)
    return {"snapshot": snapshot.id, "sha256": sha256_of(path), "status": snapshot.snapshot.status}


def snapshot_ids(session: Session) -> list[str]:
    return list(session.catalogue.ids)


def decision_with_case(decision: Decision, case_file: Path, shown: str, case_id: str) -> dict[str, Any]:
    """The decision's JSON with the case as given embedded (case_input), so that a replay can re-run it alone."""
    from engine.core.convert import read_data
    from engine.rules.replay import CASE_INPUT, embeddable

    given = embeddable(read_data(case_file, "case", shown))
    given.setdefault("id", case_id)  # the id e7 gave it (the file's name), so a replay names it alike
    return decision_data(decision) | {CASE_INPUT: given}


def run_batch(session: Session, source: Path, output: Path, as_of: dt.date | None, jobs: int) -> Counter[str]:
    """Check every case of a folder or JSONL file into `output` (whole or not at all); the count of each outcome."""
    from engine.rules.batch import run_batch as run

    remember(session)
    return run(session.data, source, output, as_of, jobs)


def batch_abandoned() -> bool:
    """Whether an interrupted batch left a stopped process pool behind (the process must end at once)."""
    import sys

    batch = sys.modules.get("engine.rules.batch")
    return bool(batch is not None and batch.abandoned_pool)


def diff_named(session: Session, old: str, new: str) -> Diff:
    """The diff of the snapshots in force on two dates given as text (FROM and TO); FROM after TO is bad input."""
    from engine.catalogue.diff import diff as between
    from engine.core.convert import parse_date

    catalogue = session.catalogue

    def snapshot_id(text: str, name: str) -> str:
        try:
            on = parse_date(text)
        except ValueError as exc:
            raise InputError(name, None, f"expected a date or a snapshot id (YYYY-MM-DD): {exc}") from None
        return catalogue.in_force_id(on)

    first, second = snapshot_id(old, "FROM"), snapshot_id(new, "TO")
    if first > second:
        raise InputError("FROM", None, f"expected a date on or before TO ({new}), got {old}")
    return between(catalogue.get(first), catalogue.get(second))


def replay_decision(
    session: Session, decision: Path, shown: str, case: Path | None, case_shown: str, current: bool
) -> tuple[StoredDecision, Replay]:
    """Re-run a stored decision with the data release it names (or, `current`, the one in use)."""
    from engine.rules.replay import read_decision, release_for, replay

    stored = read_decision(decision, shown)
    remember(session)
    source = session.data if current else release_for(stored, session.data)
    return stored, replay(stored, source, case, case_shown)


def impact(
    session: Session, notice: Path, cases: Path, as_of: dt.date | None, shown: str | None = None
) -> tuple[ImportPlan, list[CaseImpact], list[dict[str, str]], dict[str, Any]]:
    """Every case before a notice and as if imported (nothing written): the plan, the cases, the inputs that
    failed and the summary by outcome."""
    from engine.rules.impact import evaluate_impact, summary

    plan, results, errors = evaluate_impact(session.data, notice, cases, as_of, shown)
    return plan, results, errors, summary(results, errors)


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


def history_text(report: HistoryReport) -> str:
    """`e7 history FILE` as text."""
    from engine.views.history import to_text

    return to_text(report)


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
