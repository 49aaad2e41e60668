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
import itertools
import json
from collections.abc import Mapping
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


# --- case register (engine/register/, docs/register.md) ---------------------------------------------------------


def data_home() -> Path:
    """The user's e7 folder ($E7_HOME, else the platform's user data folder): installed releases, the register."""
    from engine.store import home

    return home()


def json_ready(data: Any) -> Any:
    """Parsed TOML/JSON data as JSON values (dates as YYYY-MM-DD text), as a JSON case file would hold it."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def read_input(path: Path, shown: str | None = None) -> Any:
    """A .toml or .json case or history file's data as JSON values; bad input raises InputError."""
    from engine.convert import read_data

    return json_ready(read_data(path, "case or history", shown))


def read_inputs(path: Path) -> Any:
    """(label, data) for each input of a folder of .toml/.json files or a JSONL file, as `e7 batch` reads them;
    an input that cannot be read raises InputError naming it."""
    from engine.batch import open_inputs
    from engine.convert import parse_json

    for item in open_inputs(path).items():
        if item.kind == "error":
            raise InputError(item.label, None, item.payload.removeprefix(f"{item.label}: "))
        if item.kind == "file":
            yield item.label, read_input(Path(item.payload), item.label)
        else:
            yield item.label, json_ready(parse_json(item.payload, item.label))


def findings_data(findings: Any) -> list[dict[str, str]]:
    """Each finding's rule, severity, message and fix (of a decision or a history report): what the register
    compares and shows."""
    return [{"rule": f.rule, "severity": f.severity, "message": f.message, "fix": f.fix} for f in findings]


def add_years(start: dt.date, years: int) -> dt.date:
    from engine.history import add_years as add

    return add(start, years)


def outcome_of(findings: list[Any]) -> str:
    from engine.decision import outcome_of as of

    return of(findings)


@attrs.frozen
class CodeChange:
    """A snapshot's change to one code (what the register's deadlines show for the workers holding it)."""

    effective: dt.date
    snapshot: str
    code: str
    what: str  # retired | renumbered | changed
    detail: str


def code_changes(session: Session, start: dt.date, end: dt.date) -> list[CodeChange]:
    """The retirements, renumberings and amendments of codes by the snapshots effective in [start, end]."""
    from engine.notices import diff as between

    catalogue = session.catalogue
    ids = catalogue.ids
    changes: list[CodeChange] = []
    for old_id, new_id in itertools.pairwise(ids):
        new = catalogue.get(new_id)
        if not start <= new.effective <= end:
            continue
        d = between(catalogue.get(old_id), new)
        for r in d.retired:
            successor = r.successor.code if r.successor else (r.record.successor if r.record else "")
            detail = f"leaves the list; successor {successor}" if successor else "leaves the list, no successor named"
            changes.append(CodeChange(new.effective, new.id, r.entry.code, "retired", detail))
        for n in d.renumbered:
            changes.append(CodeChange(new.effective, new.id, n.old_code, "renumbered", f"becomes {n.new_code}"))
        for c in d.changed:
            fields = ", ".join(f.field for f in c.fields)
            changes.append(CodeChange(new.effective, new.id, c.code, "changed", f"amended: {fields}"))
    return changes
