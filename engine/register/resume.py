"""A re-check that was killed half-way, and how the next one continues it.

A re-check commits a batch of workers at a time (engine/register/recheck.py): a run killed in the middle leaves its
`recheck-start` record, whole batches of decisions naming the run in their trigger, and no `recheck` record (its
end). The next re-check as of the same date under the same data release continues it: it starts after the last
worker the interrupted run kept, and its report (and its end record, which names the run it `continues`) covers the
interrupted run's cases and changed answers too, read back from the chain. So a run's result, as the user sees
it, is the report of a run that reached its end. A run whose process is still alive on this machine is not
interrupted (two re-checks at once); one started on another machine cannot be told from a running one and is not
continued (the next run asks every case again).

May import: engine.service and the register's own modules (chain, decisions, schema).
"""

from __future__ import annotations

import json
import os
import socket
from typing import Any

import attrs
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.register.chain import body_of, canonical
from engine.register.decisions import Change, finding_key
from engine.register.schema import Record, Worker

PAGE = 2000  # records read at a time when the interrupted run's decisions are read back


@attrs.frozen
class Interrupted:
    run: int  # the newest interrupted run's start record
    runs: tuple[int, ...]  # it and the runs it continued, newest first
    last: int  # the last worker id they kept (workers are re-checked in id order)
    cases: int
    first: int
    changes: tuple[Change, ...]


def process() -> dict[str, Any]:
    """What a start record says of the process running it (to tell an interrupted run from a running one)."""
    return {"host": socket.gethostname(), "pid": os.getpid()}


def _alive(content: dict[str, Any]) -> bool | None:
    """Whether the run's process is alive: None when that cannot be known (another machine, an older record)."""
    if content.get("host") != socket.gethostname() or not isinstance(content.get("pid"), int):
        return None
    try:
        os.kill(content["pid"], 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def interrupted(db: Session, as_of: str, provenance: dict[str, Any]) -> Interrupted | None:
    """The newest re-check, when it has no end, its process is gone, and it asked as of the same date under the
    same data (release, catalogue, ruleset, e7): what the next run continues."""
    start = db.scalars(select(Record).where(Record.kind == "recheck-start").order_by(Record.seq.desc())).first()
    if start is None:
        return None
    content = json.loads(start.content)
    ended = db.scalars(select(Record.content).where(Record.kind == "recheck", Record.seq > start.seq)).all()
    if any(json.loads(c).get("run") == start.seq for c in ended):
        return None
    if content.get("as_of") != as_of or canonical(content.get("provenance")) != canonical(provenance):
        return None
    if _alive(content) is not False:
        return None
    runs = [start.seq]
    while content.get("continues"):  # a continued run killed in its turn: its predecessors' work counts too
        runs.append(content["continues"])
        earlier = db.get(Record, content["continues"])
        content = json.loads(earlier.content) if earlier is not None else {}
    return _read_back(db, tuple(runs))


def _read_back(db: Session, runs: tuple[int, ...]) -> Interrupted:
    """The interrupted runs' decisions, from the chain: the workers they kept, the first answers, and the answers
    that changed against the decision before them (what those runs would have reported)."""
    keys: dict[int, str] = {}
    workers: set[int] = set()
    first = 0
    changes: list[Change] = []
    after = min(runs)
    while True:
        page = db.execute(
            select(Record.seq, Record.worker_id, Record.content)
            .where(Record.seq > after, Record.kind == "decision")
            .order_by(Record.seq)
            .limit(PAGE)
        ).all()
        if not page:
            break
        for seq, worker_id, text in page:
            content = json.loads(text)
            if content["trigger"].get("run") not in runs:
                continue
            workers.add(worker_id)
            if "same_as" in content:
                continue  # unchanged
            before = _previous(db, worker_id, content["question"], seq)
            if before is None:
                first += 1
                continue
            if worker_id not in keys:
                keys[worker_id] = db.scalar(select(Worker.key).where(Worker.id == worker_id)) or str(worker_id)
            changes.append(_change(db, keys[worker_id], content, seq, before))
        after = page[-1][0]
    return Interrupted(runs[0], runs, max(workers, default=0), len(workers), first, tuple(changes))


def _previous(db: Session, worker_id: int, question: str, seq: int) -> tuple[int, dict[str, Any]] | None:
    """The decision before `seq` answering the same question for the worker."""
    for before, text in db.execute(
        select(Record.seq, Record.content)
        .where(Record.worker_id == worker_id, Record.kind == "decision", Record.seq < seq)
        .order_by(Record.seq.desc())
    ):
        content = json.loads(text)
        if content["question"] == question:
            return before, content
    return None


def _findings(db: Session, seq: int, content: dict[str, Any]) -> list[dict[str, str]]:
    """A decision's findings, from its body (or the body of the decision it is the same as; none once forgotten)."""
    body = body_of(db, content.get("same_as", seq))
    if not body:
        return []
    return [{k: f.get(k, "") for k in ("rule", "severity", "message", "fix")} for f in body["decision"]["findings"]]


def _change(db: Session, worker: str, content: dict[str, Any], seq: int, before: tuple[int, dict[str, Any]]) -> Change:
    old_seq, old = before
    now, then = _findings(db, seq, content), _findings(db, old_seq, old)
    now_keys = {finding_key(f, content["as_of"]) for f in now}
    then_keys = {finding_key(f, old["as_of"]) for f in then}
    return Change(
        worker,
        content["question"],
        content["as_of"],
        old["outcome"],
        content["outcome"],
        tuple(f for f in now if finding_key(f, content["as_of"]) not in then_keys),
        tuple(f for f in then if finding_key(f, old["as_of"]) not in now_keys),
    )
