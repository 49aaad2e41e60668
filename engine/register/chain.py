"""The chain: every save, decision, override, sign-off, notice, re-check, access and forget is one record, and each
record carries the sha256 of the one before it. `verify` recomputes every link.

What is hashed (docs/register.md): a record's hash is sha256 of the canonical JSON list
[prev_hash, seq, kind, at, actor, worker_id, body_sha256, content]. `content` is the record's non-personal part
as stored (canonical JSON text: outcomes, rule ids, provenance, reasons). The personal part (a case as saved, a
decision's full JSON) is the record's body, kept in another table with a random salt; the record holds only
body_sha256 = sha256(salt || body). Forgetting a worker deletes the bodies and their salts: the chain still verifies
(every hash is computed from what the records hold), and the commitment reveals nothing of what was deleted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterator
from typing import Any

import attrs
import orjson
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from engine.register.schema import Body, Latest, Record, Version

GENESIS = "0" * 64
BATCH = 2000  # records read at a time by verify: memory stays flat whatever the chain's length


def canonical(value: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 kept (what is hashed and stored). orjson: a re-check
    writes a decision's whole JSON per case. Verification hashes the stored text, never a re-encoding."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def record_hash(
    prev: str, seq: int, kind: str, at: str, actor: str, worker_id: int | None, body_sha256: str | None, content: str
) -> str:
    text = canonical([prev, seq, kind, at, actor, worker_id, body_sha256, content])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commitment(salt: str, body: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + body.encode("utf-8")).hexdigest()


class Appender:
    """Appends records in one write transaction (the caller holds the writers' lock): the tail is read once, the
    records and bodies are inserted in bulk by `flush` (also at the end of the transaction's use)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        tail = session.execute(select(Record.seq, Record.hash).order_by(Record.seq.desc()).limit(1)).first()
        self.seq, self.hash = (tail[0], tail[1]) if tail else (0, GENESIS)
        self._records: list[dict[str, Any]] = []
        self._bodies: list[dict[str, Any]] = []

    def add(
        self, kind: str, actor: str, worker_id: int | None, content: dict[str, Any], body: Any = None, at: str = ""
    ) -> int:
        seq = self.seq + 1
        at = at or now()
        text = canonical(content)
        body_sha256 = None
        if body is not None:
            salt = secrets.token_hex(16)
            body_text = canonical(body)
            body_sha256 = commitment(salt, body_text)
            self._bodies.append({"seq": seq, "salt": salt, "body": body_text})
        digest = record_hash(self.hash, seq, kind, at, actor, worker_id, body_sha256, text)
        self._records.append(
            {
                "seq": seq,
                "kind": kind,
                "at": at,
                "actor": actor,
                "worker_id": worker_id,
                "content": text,
                "body_sha256": body_sha256,
                "prev_hash": self.hash,
                "hash": digest,
            }
        )
        self.seq, self.hash = seq, digest
        return seq

    def flush(self) -> None:
        if self._records:
            self.session.execute(insert(Record), self._records)
        if self._bodies:
            self.session.execute(insert(Body), self._bodies)
        self._records, self._bodies = [], []


def body_of(session: Session, seq: int) -> Any:
    """A record's body (None: forgotten)."""
    row = session.get(Body, seq)
    return json.loads(row.body) if row else None


def content_of(record: Record) -> dict[str, Any]:
    return json.loads(record.content)


@attrs.frozen
class Verification:
    records: int
    tail: str  # the newest record's hash: note it to detect a later truncation of the chain
    forgotten: int  # bodies deleted by forget (their records still verify)
    problems: tuple[str, ...]


def _rows(session: Session) -> Iterator[tuple[Record, Body | None]]:
    last = 0
    while True:
        batch = session.execute(
            select(Record, Body)
            .outerjoin(Body, Body.seq == Record.seq)
            .where(Record.seq > last)
            .order_by(Record.seq)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        yield from ((record, body) for record, body in batch)
        last = batch[-1][0].seq
        session.expunge_all()


def verify(session: Session) -> Verification:
    problems: list[str] = []
    expected_prev, expected_seq, count = GENESIS, 1, 0
    missing: list[tuple[int, int | None]] = []
    forgotten_workers: set[int] = set()
    for record, body in _rows(session):
        count += 1
        where = f"record {record.seq} ({record.kind}, {record.at})"
        if record.seq != expected_seq:
            problems.append(f"{where}: expected record {expected_seq} next, the chain has a gap or was reordered")
        if record.prev_hash != expected_prev:
            problems.append(f"{where}: prev_hash does not match the hash of the record before it")
        digest = record_hash(
            record.prev_hash,
            record.seq,
            record.kind,
            record.at,
            record.actor,
            record.worker_id,
            record.body_sha256,
            record.content,
        )
        if digest != record.hash:
            problems.append(f"{where}: its content does not match its hash (altered after it was written)")
        if record.kind == "forget" and record.worker_id is not None:
            forgotten_workers.add(record.worker_id)
        if record.body_sha256 is not None:
            if body is None:
                missing.append((record.seq, record.worker_id))
            elif commitment(body.salt, body.body) != record.body_sha256:
                problems.append(f"{where}: its body does not match the commitment the record holds (altered)")
        expected_prev, expected_seq = record.hash, record.seq + 1
    unexplained = [seq for seq, worker in missing if worker not in forgotten_workers]
    problems += [f"record {seq}: its body is missing and no forget record explains it" for seq in unexplained]
    tail = expected_seq - 1
    pointed = max(
        session.scalar(select(func.max(Latest.record_seq))) or 0,
        session.scalar(select(func.max(Version.record_seq))) or 0,
    )
    if pointed > tail:
        problems.append(f"the chain ends at record {tail} but the register refers to record {pointed}: truncated")
    return Verification(count, expected_prev, len(missing) - len(unexplained), tuple(problems))
