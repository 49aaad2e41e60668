"""Re-checking every current case and history: as of a date (default today in Korea: "is this worker still fine
now?") and as of each case's planned filing date; what changed against the previous answers.

Batched so that memory stays flat with the register's size: a batch of workers is read, decided outside the
writers' lock, then kept in one write transaction. A run killed half-way leaves whole batches (each decision with
its record, `latest` row and dated steps) and a run record without its end: the register stays consistent, and
the next re-check as of the same date under the same data continues it (engine/register/resume.py), reporting
its changes too. A worker saved again while its batch was being decided is skipped (the save decided the new
version).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import select

from engine import service
from engine.register import people
from engine.register.chain import Appender
from engine.register.decisions import Change, Decided, ask, keep
from engine.register.resume import interrupted, process
from engine.register.schema import Worker
from engine.register.store import Register
from engine.register.workers import current_inputs

BATCH = 500
# tests: "SIZE:N" re-checks in batches of SIZE and SIGKILLs the process inside the N-th batch's write transaction,
# its records sent to the database but not committed
TEST_HOOK = "E7_TEST_RECHECK_KILL"


@attrs.frozen
class Rechecked:
    run: int
    cases: int
    changes: list[Change]
    errors: list[str]
    first: int = 0  # workers answered for the first time
    continues: int | None = None  # the interrupted run this one went on with (engine/register/resume.py)


def recheck(
    register: Register,
    data: Path | None,
    on: dt.date,
    user: str | None,
    trigger: dict[str, Any] | None = None,
    batch: int = BATCH,
) -> Rechecked:
    session = service.open_session(data)
    hook = os.environ.get(TEST_HOOK, "")
    if hook:
        batch = int(hook.split(":")[0])
    provenance = service.provenance(session)
    with register.write() as db:
        chain = Appender(db)
        actor = people.acting(db, user)
        people.require(actor, "recheck")
        name = actor.name
        before = interrupted(db, on.isoformat(), provenance)
        start = {"as_of": on.isoformat(), "trigger": trigger, "provenance": provenance} | process()
        run = chain.add("recheck-start", name, None, start | {"continues": before.run if before else None})
        chain.flush()
    trigger = {"by": "recheck", "run": run} | (trigger or {})
    last, cases, batches, first = 0, 0, 0, 0
    changes: list[Change] = []
    errors: list[str] = []
    if before is not None:  # an interrupted run's kept batches count as this run's: it goes on after them
        last, cases, first, changes = before.last, before.cases, before.first, list(before.changes)
    while True:
        with register.read() as db:
            items = current_inputs(db, last, batch)
        if not items:
            break
        decided = []
        for item in items:
            try:
                answers = ask(session, item.kind, item.data, f"worker {item.worker}", on)
            except service.E7Error as error:
                errors.append(f"worker {item.worker}: {error}")
                continue
            decided.append(Decided(item.worker_id, item.worker, item.version, answers))
        with register.write() as db:
            chain = Appender(db)
            # a worker saved again or forgotten meanwhile is left out: its save was decided, or it is gone
            ids = [d.worker_id for d in decided]
            current = {
                row.id: row.current_version
                for row in db.execute(
                    select(Worker.id, Worker.current_version).where(Worker.id.in_(ids), Worker.forgotten_at.is_(None))
                )
            }
            kept = [d for d in decided if current.get(d.worker_id) == d.version]
            # a first answer (a worker saved but never decided) is counted, not listed: memory stays flat
            for change in keep(db, chain, kept, name, trigger):
                if change.before is None:
                    first += 1
                else:
                    changes.append(change)
            batches += 1
            if hook and hook.split(":")[1] == str(batches):
                db.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        cases += len(decided)
        last = items[-1].worker_id
    with register.write() as db:
        chain = Appender(db)
        chain.add(
            "recheck",
            name,
            None,
            {
                "run": run,
                "as_of": on.isoformat(),
                "cases": cases,
                "changed": len(changes),
                "first": first,
                "errors": len(errors),
                "continues": before.runs if before else None,
            },
        )
        chain.flush()
    return Rechecked(run, cases, changes, errors, first, before.run if before else None)


def after_notice(register: Register, data: Path | None, notice: dict[str, str], user: str | None) -> Rechecked:
    """The re-check a notice's import triggers: a notice record, then every case as of today in Korea."""
    with register.write() as db:
        chain = Appender(db)
        actor = people.acting(db, user)
        seq = chain.add("notice", actor.name, None, notice)
        chain.flush()
    return recheck(register, data, service.today(), user, {"by": "notice", "record": seq, "notice": notice["id"]})


def report_notice(data: Path, plan: Any) -> list[str]:
    """For `e7 catalogue import`: when a register exists ($E7_DB, else the default SQLite file), the re-check
    the notice triggers, as lines naming each registered case it changes (nothing when there is no register)."""
    from engine.register.store import default_url, normal_url, open_register, sqlite_file

    # no SQLite file, no register; a PostgreSQL register ($E7_DB) that cannot be reached is said (a warning)
    path = sqlite_file(normal_url(default_url()))
    if path is not None and not path.is_file():
        return []
    n = plan.notice.notice
    notice = {
        "id": n.id,
        "effective": n.effective.isoformat(),
        "title": n.title,
        "snapshot": plan.snapshot.id,
        "snapshot_sha256": plan.snapshot_sha256,
    }
    register = open_register()
    try:
        done = after_notice(register, data, notice, None)
    finally:
        register.dispose()
    lines = [
        f"register: notice {n.id} re-checked {done.cases} registered case(s); {len(done.changes)} answer(s) change"
    ]
    for c in done.changes:
        move = f"{c.before} -> {c.after}" if c.before != c.after else f"{c.after} (findings change)"
        lines.append(f"  {c.worker} [{c.question}, as of {c.as_of}]: {move}")
        lines += [f"      + [{f['severity']}] {f['rule']}: {f['message']}" for f in c.added]
        lines += [f"      - [{f['severity']}] {f['rule']}: {f['message']}" for f in c.removed]
    lines += [f"  could not be decided: {e}" for e in done.errors]
    return lines
