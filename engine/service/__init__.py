"""The service layer: what every front end (the CLI, the web workbench and its API, the case register) asks of e7.

A front end parses its input, calls one function here and renders the answer; it never reaches below this
module. Each function takes a `Session` (one data folder, with what is costly to load kept for reuse: the
catalogue, the rulesets, the duty index), so a server answers many requests from one session.

The questions: check a case as of a date, plan a history, suggest codes for duties, list and describe codes,
show thresholds, diff two snapshots, import a notice. The answers are the engine's typed objects (Decision,
HistoryReport, ...) and, where a front end sends JSON, their JSON form (the contracts of docs/json.md).

May import: every layer below it (core, data, catalogue, duties, rules, history, site, views) and
engine/maintainer.py beside it; never the register or a front end, which import it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
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


def plan_history(session: Session, history: History, where: str = "", lang: str = "en") -> HistoryReport:
    """The stays, the renewal and the F-2-7 plan of a worker's history, each under the rules of its date; the
    findings in ``lang`` ("ko": the rules' Korean texts)."""
    from engine.history import HistoryChecker

    return HistoryChecker(session.evaluator, lang=lang).check(history, where)


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
# the questions of the workbench and of the register, in modules of their own beside this one
_WORKBENCH = """
case_fields case_from_fields case_values case_data rule_texts localized wage_margin what_if what_if_data
suggest_data codes_data code_data thresholds_data diff_data parse_day history_from_text active_release
report_html report_pdf template_filters spreadsheet_template read_spreadsheet check_rows results_file
diff_text history_text code_text jsonl_rows render_decision write_whole run_sheets shared_templates
"""
_REGISTER = """
data_home json_ready read_input read_inputs read_sheet findings_data add_years outcome_of CodeChange code_changes
"""
_REEXPORTED |= dict.fromkeys(_WORKBENCH.split(), "engine.service.workbench")
_REEXPORTED |= dict.fromkeys(_REGISTER.split(), "engine.service.register")


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
    folder = locate(str(data) if data is not None else None)
    if not folder.journal.exists():  # the usual case: one stat, and the journal's module is not even imported
        return Started(Session(folder), None, None)
    from engine.data.journal import recover

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
