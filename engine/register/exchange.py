"""Export and import: the whole register as JSONL, lossless (every row of every table, values as stored), for
backups and for moving between databases (SQLite <-> PostgreSQL).

The first line names the format and the schema revision; each further line is {"table": NAME, "row": {...}},
tables in an order that satisfies their references, rows by primary key. An import goes into a new, empty register
(created at the same revision), in one transaction, and is kept only when the imported chain verifies.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from engine import service
from engine.register.chain import verify
from engine.register.schema import Base, Record
from engine.register.store import Register, head, migrate, shown_url

FORMAT = "e7-register-export"
VERSION = 1
TABLES = ("meta", "users", "web_sessions", "workers", "versions", "records", "bodies", "latest", "due")
PAGE = 2000
SERIAL = ("users", "workers", "versions", "due")  # integer keys a PostgreSQL sequence hands out


def _rows(db: Session, name: str) -> Iterator[dict[str, Any]]:
    table = Base.metadata.tables[name]
    key = list(table.primary_key.columns)
    offset = 0
    while True:  # pages by position: the export runs in one read transaction, so the rows do not move
        batch = db.execute(select(table).order_by(*key).limit(PAGE).offset(offset)).mappings().all()
        if not batch:
            return
        for row in batch:
            yield dict(row)
        offset += len(batch)


def export(register: Register, path: Path) -> int:
    """Write the register to `path` whole or not at all; the number of rows."""
    count = 0
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".e7-export-", dir=path.parent if str(path.parent) else ".")
    except OSError as error:
        raise service.InputError(str(path), None, f"cannot be written ({error.strerror})") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream, register.read() as db:
            stream.write(json.dumps({"format": FORMAT, "version": VERSION, "schema": head()}) + "\n")
            for name in TABLES:
                for row in _rows(db, name):
                    stream.write(json.dumps({"table": name, "row": row}, ensure_ascii=False, sort_keys=True) + "\n")
                    count += 1
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _lines(path: Path) -> Iterator[tuple[str, Any]]:
    try:
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                where = f"{path}:{number}"
                if not line.strip():
                    continue
                try:
                    yield where, json.loads(line)
                except ValueError as error:
                    raise service.InputError(where, None, f"expected one JSON object per line ({error})") from None
    except UnicodeDecodeError:
        raise service.InputError(str(path), None, "expected UTF-8 text") from None
    except OSError as error:
        raise service.InputError(str(path), None, f"cannot be read ({error.strerror})") from None


def import_(url: str | None, path: Path) -> tuple[Register, int]:
    lines = _lines(path)
    first = next(lines, None)
    if first is None or not isinstance(first[1], dict) or first[1].get("format") != FORMAT:
        raise service.InputError(str(path), "format", f"expected a first line naming the format {FORMAT!r}")
    if first[1].get("schema") != head():
        raise service.InputError(
            first[0], "schema", f"expected an export of schema revision {head()}, got {first[1].get('schema')!r}"
        )
    register, _before, _after = migrate(url)
    count = 0
    with register.write() as db:
        if db.scalar(select(func.count()).select_from(Record)):
            raise service.InputError(
                "--db", None, f"expected a new, empty register, {shown_url(register.url)} has records"
            )
        pending: dict[str, list[dict[str, Any]]] = {}
        order: list[str] = []
        for where, item in lines:
            name, row = _checked(where, item)
            if name not in pending:
                if order and TABLES.index(name) < TABLES.index(order[-1]):
                    raise service.InputError(where, "table", f"expected the tables in the order {', '.join(TABLES)}")
                pending[name] = []
                order.append(name)
            pending[name].append(row)
            if len(pending[name]) >= PAGE:
                db.execute(insert(Base.metadata.tables[name]), pending[name])
                pending[name] = []
            count += 1
        for name, rows in pending.items():
            if rows:
                db.execute(insert(Base.metadata.tables[name]), rows)
        if register.dialect == "postgresql":
            for name in SERIAL:
                db.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    )
                )
        result = verify(db)
        if result.problems:
            raise service.InputError(str(path), None, f"expected a chain that verifies: {result.problems[0]}")
    return register, count


def _checked(where: str, item: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(item, dict) or set(item) != {"table", "row"}:
        raise service.InputError(where, None, 'expected {"table": NAME, "row": {...}}')
    name, row = item["table"], item["row"]
    if name not in TABLES:
        raise service.InputError(where, "table", f"expected one of {', '.join(TABLES)}, got {name!r}")
    columns = set(Base.metadata.tables[name].columns.keys())
    if not isinstance(row, dict) or set(row) != columns:
        raise service.InputError(where, "row", f"expected the columns {', '.join(sorted(columns))}")
    for key, value in row.items():
        if (value is not None and not isinstance(value, str | int)) or isinstance(value, bool):
            raise service.InputError(where, f"row.{key}", "expected text, a whole number or null")
    return name, row
