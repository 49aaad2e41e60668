"""The questions the case register (engine/register/) asks beyond the service layer's own: its data folder, reading
inputs, the outcome of findings, code changes between two dates. Reached through `engine.service` (its names are
re-exported there, each loaded when first asked for)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import attrs

from engine.core.errors import InputError
from engine.service import Session


def data_home() -> Path:
    """The user's e7 folder ($E7_HOME, else the platform's user data folder): installed releases, the register."""
    from engine.data.store import home

    return home()


def json_ready(data: Any) -> Any:
    """Parsed TOML/JSON data as JSON values (dates as YYYY-MM-DD text), as a JSON case file would hold it."""
    return json.loads(json.dumps(data, ensure_ascii=False, default=str))


def read_input(path: Path, shown: str | None = None) -> Any:
    """A .toml or .json case or history file's data as JSON values; bad input raises InputError."""
    from engine.core.convert import read_data

    return json_ready(read_data(path, "case or history", shown))


def read_inputs(path: Path) -> Any:
    """(label, data) for each input of a folder of .toml/.json files or a JSONL file, as `e7 batch` reads them;
    an input that cannot be read raises InputError naming it."""
    from engine.core.convert import parse_json
    from engine.rules.batch import open_inputs

    for item in open_inputs(path).items():
        if item.kind == "error":
            raise InputError(item.label, None, item.payload.removeprefix(f"{item.label}: "))
        if item.kind == "file":
            yield item.label, read_input(Path(item.payload), item.label)
        else:
            yield item.label, json_ready(parse_json(item.payload, item.label))


def read_sheet(path: Path, max_rows: int, extra: tuple[str, ...]) -> list[Any]:
    """The rows of a .csv or .xlsx spreadsheet of cases, as `e7 batch` reads it (docs/spreadsheets.md), each a
    case or its error; `extra`: further columns the register reads (each row's `extra`)."""
    from engine.core.convert import read_file
    from engine.rules.spreadsheets import read

    return read(read_file(path, str(path)), str(path), max_rows, extra)


def findings_data(findings: Any) -> list[dict[str, str]]:
    """Each finding's rule, severity, message and fix (of a decision or a history report): what the register
    compares and shows."""
    return [{"rule": f.rule, "severity": f.severity, "message": f.message, "fix": f.fix} for f in findings]


def add_years(start: dt.date, years: int) -> dt.date:
    from engine.history.calculations import add_years as add

    return add(start, years)


def outcome_of(findings: list[Any]) -> str:
    from engine.rules.decision import outcome_of as of

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
    from engine.catalogue.diff import diff as between

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
