"""What `e7 register add` reads: case and history files (.toml/.json), a folder of them, a JSONL file (one per
line) or a spreadsheet of cases (.csv or .xlsx, the format e7 batch reads: docs/spreadsheets.md), with the optional
columns worker.name and worker.key.

A file may carry a `[worker]` table beside the case or history: `name` (personal, kept outside the chain) and
`key` (the firm's reference for the worker; default the case's or history's id, else the file's name).
Everything is validated before anything is written: one bad input stops the command (exit 2) naming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from engine import service

WORKER_KEYS = ("key", "name")


@attrs.frozen
class Entry:
    label: str  # the file or line it came from
    key: str
    kind: str  # case | history
    name: str | None
    birth_date: str | None
    data: dict[str, Any]  # the case or history, JSON values
    code: str | None  # the position's code, or the newest stay's


def read_entries(paths: list[Path]) -> Iterator[Entry]:
    for path in paths:
        if path.is_dir() or path.suffix.lower() in (".jsonl", ".ndjson"):
            for label, data in service.read_inputs(path):
                yield entry_of(data, label, None)
        elif path.suffix.lower() in (".csv", ".xlsx"):
            yield from _sheet(path)
        elif path.is_file() or path.suffix.lower() in (".toml", ".json"):
            yield entry_of(service.read_input(path, str(path)), str(path), path.stem)
        else:
            raise service.InputError(
                str(path), None, "expected a case or history file (.toml, .json), a folder, a .jsonl, .csv or .xlsx"
            )


def entry_of(data: Any, label: str, file_stem: str | None) -> Entry:
    if not isinstance(data, dict):
        raise service.InputError(label, None, "expected a table (a JSON object) holding one case or history")
    data = dict(data)
    worker = data.pop("worker", {})
    if not isinstance(worker, dict):
        raise service.InputError(label, "worker", "expected a table with key and name")
    for field in worker:
        if field not in WORKER_KEYS:
            raise service.InputError(label, f"worker.{field}", f"expected only {', '.join(WORKER_KEYS)}")
    for field in WORKER_KEYS:
        if field in worker and (not isinstance(worker[field], str) or not worker[field].strip()):
            raise service.InputError(label, f"worker.{field}", "expected non-empty text")
    if "stays" in data:
        kind = "history"
        history = service.history_from(data, label)
        key = worker.get("key") or history.id or file_stem
        birth = history.person.birth_date
        code = history.stays[-1].code if history.stays else None
    else:
        kind = "case"
        case = service.case_from(data, label)
        key = worker.get("key") or case.id or file_stem
        birth = case.applicant.birth_date
        code = case.position.code
    if not key:
        raise service.InputError(label, "id", "expected an id (or worker.key) naming the worker")
    if not data.get("id"):
        data["id"] = key  # e7 names the decision by it, as `e7 check` names a case by its file
    return Entry(label, key, kind, worker.get("name"), birth.isoformat() if birth else None, data, code)


SHEET_COLUMNS = ("worker.name", "worker.key")  # the register's columns beside the case's (docs/spreadsheets.md)
MAX_ROWS = 100_000  # as e7 batch: far beyond any real spreadsheet, a bound all the same
MOST_SHOWN = 20  # bad rows named one a line; the rest counted


def _sheet(path: Path) -> Iterator[Entry]:
    """A spreadsheet of cases in the format `e7 batch` reads (docs/spreadsheets.md: one case a row, columns named
    by field path, duties in column pairs or on a Duties sheet), with the optional columns worker.name and
    worker.key. Every bad row is named (file, row, column) and none is saved."""
    from engine.register.chain import canonical

    rows = service.read_sheet(path, MAX_ROWS, SHEET_COLUMNS)
    bad = [row.error for row in rows if row.case is None]
    if bad:
        more = f"\n{len(bad) - MOST_SHOWN} more bad row(s)" if len(bad) > MOST_SHOWN else ""
        raise service.E7Error("\n".join(bad[:MOST_SHOWN]) + more)
    for row in rows:
        worker = {k.split(".")[1]: str(v).strip() for k, v in row.extra.items() if v not in (None, "")}
        if not row.id and not worker.get("key"):
            raise service.InputError(row.label, "id", "expected an id (or worker.key) naming the worker")
        # the case as the nested data of docs/cases.md, in its JSON form (what a saved version holds)
        data = json.loads(canonical(service.case_data(row.case)))
        data["id"] = row.id or worker["key"]
        yield entry_of(data | ({"worker": worker} if worker else {}), row.label, None)
