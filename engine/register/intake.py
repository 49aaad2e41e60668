"""What `e7 register add` reads: case and history files (.toml/.json), a folder of them, a JSONL file (one per
line) or a spreadsheet saved as CSV (one per row, columns named by dotted field paths such as position.code).

A file may carry a `[worker]` table beside the case or history: `name` (personal, kept outside the chain) and
`key` (the firm's reference for the worker; default the case's or history's id, else the file's name).
Everything is validated before anything is written: one bad input stops the command (exit 2) naming it.
"""

from __future__ import annotations

import csv
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
        elif path.suffix.lower() == ".csv":
            yield from _csv(path)
        elif path.is_file() or path.suffix.lower() in (".toml", ".json"):
            yield entry_of(service.read_input(path, str(path)), str(path), path.stem)
        else:
            raise service.InputError(
                str(path), None, "expected a case or history file (.toml, .json), a folder, a .jsonl or a .csv file"
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


TEXT_COLUMNS = ("id", "code", "name", "key", "job_title", "industry", "degree_field", "employer")


def _cell(column: str, text: str) -> Any:
    """A spreadsheet cell: text in the columns that hold text even when it looks like a number (a code such as
    2223, an id); elsewhere a JSON value where it reads as one (numbers, true/false, lists), else the text."""
    if column in TEXT_COLUMNS:
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def _csv(path: Path) -> Iterator[Entry]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as stream:
            rows = csv.reader(stream)
            header = next(rows, None)
            if not header or not all(name.strip() for name in header):
                raise service.InputError(str(path), None, "expected a header row naming each column by its field path")
            for number, row in enumerate(rows, start=2):
                label = f"{path}:{number}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise service.InputError(label, None, f"expected {len(header)} cells, got {len(row)}")
                data: dict[str, Any] = {}
                for name, cell in zip(header, row, strict=True):
                    if not cell.strip():
                        continue
                    *parents, last = name.strip().split(".")
                    table = data
                    for part in parents:
                        table = table.setdefault(part, {})
                        if not isinstance(table, dict):
                            raise service.InputError(str(path), name, "expected a column path that names one field")
                    table[last] = _cell(last, cell.strip())
                yield entry_of(data, label, None)
    except UnicodeDecodeError:
        raise service.InputError(str(path), None, "expected UTF-8 text") from None
    except csv.Error as error:
        raise service.InputError(str(path), None, f"expected CSV ({error})") from None
    except OSError as error:
        raise service.InputError(str(path), None, f"cannot be read ({error.strerror})") from None
