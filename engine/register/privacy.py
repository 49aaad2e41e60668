"""Personal data (the Personal Information Protection Act): forgetting a worker, the register's retention period,
and the access log (who read which worker: every `show` is an `access` record in the chain, and every `export`
one for the whole register).

Forgetting deletes the worker's name and birth date, every body of its records (the cases and histories as saved,
with their documents, and the full decisions), its dated steps and latest answers. The chain's records stay: their
hashes, outcomes, rule ids and provenance, so `verify` still passes; a `forget` record says when and by whom.
"""

from __future__ import annotations

import datetime as dt

import attrs
from sqlalchemy import delete, func, or_, select

from engine import service
from engine.register import people
from engine.register.chain import Appender, content_of, now
from engine.register.schema import Body, Due, Latest, Meta, Record, Worker
from engine.register.store import Register
from engine.register.workers import RETENTION, find_worker


@attrs.frozen
class Forgotten:
    worker: str
    bodies: int


def forget(register: Register, keys: list[str], user: str | None) -> list[Forgotten]:
    done = []
    with register.write() as db:
        actor = people.acting(db, user)
        people.require(actor, "forget")
        chain = Appender(db)
        for key in keys:
            worker = find_worker(db, key)
            if worker.forgotten_at is not None:
                raise service.InputError("WORKER", None, f"expected a worker not yet forgotten: {key!r} was forgotten")
            seqs = select(Record.seq).where(Record.worker_id == worker.id)
            deleted = db.execute(delete(Body).where(Body.seq.in_(seqs))).rowcount or 0
            db.execute(delete(Due).where(Due.worker_id == worker.id))
            db.execute(delete(Latest).where(Latest.worker_id == worker.id))
            worker.name = worker.birth_date = None
            worker.forgotten_at = now()
            chain.add("forget", actor.name, worker.id, {"worker": worker.key, "bodies": deleted})
            done.append(Forgotten(worker.key, deleted))
        chain.flush()
    return done


def expired(register: Register, on: dt.date) -> list[str]:
    """Workers not active (saved, decided) within the retention period before `on`."""
    with register.read() as db:
        row = db.get(Meta, RETENTION)
        if row is None:
            raise service.InputError(
                "--expired", None, "expected a register with a retention period (`e7 register init --retention-days N`)"
            )
        limit = (on - dt.timedelta(days=int(row.value))).isoformat()
        return list(
            db.scalars(
                select(Worker.key).where(Worker.forgotten_at.is_(None), Worker.last_active < limit).order_by(Worker.key)
            )
        )


@attrs.frozen
class Access:
    at: str
    user: str
    worker: str
    read: str


WHOLE = "(every worker)"  # the worker column of an export's access record


def record_export(register: Register, user: str | None, to: str) -> int:
    """An export reads every worker's data: one `access` record, for no worker in particular, saying who wrote
    which file and how many workers it held; written before the file, so that an export that fails half-way is
    in the log too."""
    with register.write() as db:
        actor = people.acting(db, user)
        people.require(actor, "export")
        workers = db.scalar(select(func.count()).select_from(Worker).where(Worker.forgotten_at.is_(None))) or 0
        chain = Appender(db)
        seq = chain.add("access", actor.name, None, {"read": "export", "to": to, "workers": workers})
        chain.flush()
        return seq


def access_log(register: Register, key: str | None) -> list[Access]:
    """Every read, oldest first; a worker's log also lists the exports (each read every worker)."""
    with register.read() as db:
        query = (
            select(Record, Worker.key).outerjoin(Worker, Worker.id == Record.worker_id).where(Record.kind == "access")
        )
        if key is not None:
            query = query.where(or_(Record.worker_id == find_worker(db, key).id, Record.worker_id.is_(None)))
        found = []
        for r, k in db.execute(query.order_by(Record.seq)):
            content = content_of(r)
            read = content["read"]
            if read == "export":
                read = f"export to {content['to']} ({content['workers']} worker(s))"
            found.append(Access(r.at, r.actor, k or WHOLE, read))
        return found
