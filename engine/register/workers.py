"""Setting a register up, adding workers' cases and histories (each save a new version, then decided), listing
them and showing one with its versions, decisions, overrides and sign-offs."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import Text, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from engine import service
from engine.register import people
from engine.register.chain import Appender, body_of, canonical, content_of, now
from engine.register.decisions import Change, Decided, ask, keep
from engine.register.intake import Entry, read_entries
from engine.register.schema import Body, Due, Meta, Record, User, Version, Worker
from engine.register.store import Register, migrate

CHUNK = 500  # inputs saved and decided with a few statements at a time
RETENTION = "retention_days"


@attrs.frozen
class Setup:
    before: str | None
    after: str
    user: str
    created_user: bool


def init(url: str | None, user: str | None, retention_days: int | None) -> tuple[Register, Setup]:
    register, before, after = migrate(url)
    with register.write() as db:
        chain = Appender(db)
        named = db.get(Meta, people.CLI_USER)
        created = False
        if named is None:
            name = people.check_name(user or _login())
            db.add(Meta(key=people.CLI_USER, value=name))
            if db.scalar(select(User).where(User.name == name)) is None:
                people.add_user(db, chain, name, name, "admin")
                created = True
        else:
            name = named.value
        if retention_days is not None:
            row = db.get(Meta, RETENTION)
            if row is None:
                db.add(Meta(key=RETENTION, value=str(retention_days)))
            else:
                row.value = str(retention_days)
        chain.add("init", name, None, {"schema_before": before, "schema": after, "retention_days": retention_days})
        chain.flush()
    return register, Setup(before, after, name, created)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "admin"


@attrs.frozen
class Added:
    saved: list[str]
    unchanged: list[str]
    changes: list[Change]


def add(register: Register, data: Path | None, paths: list[Path], user: str | None, on: dt.date) -> Added:
    """Validate every input first (one bad input: nothing written), then save and decide them in one transaction,
    CHUNK at a time (a few statements per chunk: a JSONL file of 100,000 cases is one command)."""
    for _entry in read_entries(paths):
        pass
    session = service.open_session(data)
    saved, unchanged, changes = [], [], []
    with register.write() as db:
        chain = Appender(db)
        actor = people.acting(db, user)
        people.require(actor, "add")
        for entries in chunks(read_entries(paths), CHUNK):
            decided = []
            for entry, done in zip(entries, save_many(db, chain, entries, actor.name), strict=True):
                if done is None:
                    unchanged.append(entry.key)
                    continue
                saved.append(entry.key)
                answers = ask(session, entry.kind, entry.data, entry.label, on)
                decided.append(Decided(done.worker_id, done.worker, done.version, answers))
            changes += keep(db, chain, decided, actor.name, {"by": "add"})
            chain.flush()
    return Added(saved, unchanged, changes)


def chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    """Lists of at most `size` entries, none naming the same worker twice (a file that saves a worker twice has
    its second version saved after its first, in the next chunk)."""
    chunk: list[Entry] = []
    keys: set[str] = set()
    for entry in entries:
        if len(chunk) >= size or entry.key in keys:
            yield chunk
            chunk, keys = [], set()
        chunk.append(entry)
        keys.add(entry.key)
    if chunk:
        yield chunk


@attrs.frozen
class Saved:
    worker_id: int
    worker: str
    version: int


WORKERS, VERSIONS, BODIES = Worker.__table__, Version.__table__, Body.__table__


def save(db: Session, chain: Appender, entry: Entry, actor: str) -> Saved | None:
    """A new version of the worker's case or history (None: the same as the current one, nothing saved)."""
    return save_many(db, chain, [entry], actor)[0]


def save_many(db: Session, chain: Appender, entries: list[Entry], actor: str) -> list[Saved | None]:
    """A new version of each worker's case or history (None: the same as the current one, nothing saved), for
    entries naming distinct workers: a few core statements for the whole list, whatever its length."""
    if not entries:
        return []
    keys = [e.key for e in entries]
    found = {
        row.key: row
        for row in db.execute(
            select(WORKERS.c.id, WORKERS.c.key, WORKERS.c.forgotten_at, WORKERS.c.current_version).where(
                WORKERS.c.key.in_(keys)
            )
        )
    }
    for entry in entries:
        row = found.get(entry.key)
        if row is not None and row.forgotten_at is not None:
            raise service.InputError(entry.label, "id", f"expected a worker not forgotten: {entry.key!r} was forgotten")
    known = [row.id for row in found.values()]
    # the current version's body (to save nothing when it is the same) and the highest version number
    current: dict[int, str] = {}
    numbers: dict[int, int] = {}
    if known:
        current = dict(
            db.execute(
                select(VERSIONS.c.worker_id, BODIES.c.body)
                .join(BODIES, BODIES.c.seq == VERSIONS.c.record_seq)
                .join(WORKERS, WORKERS.c.current_version == VERSIONS.c.id)
                .where(VERSIONS.c.worker_id.in_(known))
            ).all()
        )
        numbers = dict(
            db.execute(
                select(VERSIONS.c.worker_id, func.max(VERSIONS.c.number))
                .where(VERSIONS.c.worker_id.in_(known))
                .group_by(VERSIONS.c.worker_id)
            ).all()
        )
    at = now()
    new = [{"key": e.key, "created_at": at, "last_active": at} for e in entries if e.key not in found]
    ids = {row.key: row.id for row in found.values()}
    if new:
        ids |= dict(db.execute(insert(WORKERS).returning(WORKERS.c.key, WORKERS.c.id), new).all())
    done: list[Saved | None] = []
    versions, updates = [], []
    for entry in entries:
        worker_id = ids[entry.key]
        body = _body(entry)
        text = current.get(worker_id)
        if text is not None and canonical(json.loads(text)) == canonical(body):
            done.append(None)
            continue
        number = numbers.get(worker_id, 0) + 1
        seq = chain.add("save", actor, worker_id, {"version": number, "kind": entry.kind, "code": entry.code}, body)
        versions.append(
            {"worker_id": worker_id, "number": number, "kind": entry.kind, "record_seq": seq, "saved_at": at}
            | {"saved_by": actor}
        )
        updates.append(
            {"w": worker_id, "k": entry.kind, "c": entry.code, "a": at, "b": entry.birth_date, "n": entry.name}
        )
        done.append(Saved(worker_id, entry.key, number))
    if versions:
        made = dict(db.execute(insert(VERSIONS).returning(VERSIONS.c.worker_id, VERSIONS.c.id), versions).all())
        for u in updates:
            u["v"] = made[u["w"]]
        db.execute(
            update(WORKERS)
            .where(WORKERS.c.id == bindparam("w"))
            .values(
                current_version=bindparam("v"),
                kind=bindparam("k"),
                code=bindparam("c"),
                last_active=bindparam("a"),
                birth_date=bindparam("b"),
                # a file without a name keeps the name saved before
                name=func.coalesce(bindparam("n", type_=Text), WORKERS.c.name),
            ),
            updates,
        )
        done = [d if d is None else Saved(d.worker_id, d.worker, made[d.worker_id]) for d in done]
    return done


def _body(entry: Entry) -> dict[str, Any]:
    return {"worker": {"name": entry.name}, "kind": entry.kind, "data": entry.data}


@attrs.frozen
class Current:
    worker_id: int
    worker: str
    version: int
    kind: str
    data: dict[str, Any]


def current_inputs(db: Session, after: int, limit: int) -> list[Current]:
    """The next `limit` workers (id > after) with a current version, each with its case or history: one query."""
    rows = db.execute(
        select(Worker.id, Worker.key, Worker.current_version, Body.body)
        .join(Version, Version.id == Worker.current_version)
        .join(Body, Body.seq == Version.record_seq)
        .where(Worker.id > after, Worker.forgotten_at.is_(None))
        .order_by(Worker.id)
        .limit(limit)
    ).all()
    found = []
    for worker_id, key, version, text in rows:
        body = json.loads(text)
        found.append(Current(worker_id, key, version, body["kind"], body["data"]))
    return found


@attrs.frozen
class Row:
    key: str
    kind: str | None
    code: str | None
    outcome: str | None
    next_on: str | None
    next_what: str | None


def listing(register: Register, outcome: str | None, code: str | None) -> Iterator[Row]:
    with register.read() as db:
        soonest = (
            select(Due.worker_id, func.min(Due.on).label("on"))
            .where(Due.on >= service.today().isoformat())
            .group_by(Due.worker_id)
            .subquery()
        )
        query = (
            select(Worker, soonest.c.on)
            .outerjoin(soonest, soonest.c.worker_id == Worker.id)
            .where(Worker.forgotten_at.is_(None))
            .order_by(Worker.key)
        )
        if outcome:
            query = query.where(Worker.outcome == outcome)
        if code:
            query = query.where(Worker.code == code.strip().upper())
        for worker, on in db.execute(query):
            what = None
            if on is not None:
                what = db.scalar(select(Due.what).where(Due.worker_id == worker.id, Due.on == on).limit(1))
            yield Row(worker.key, worker.kind, worker.code, worker.outcome, on, what)


def find_worker(db: Session, key: str) -> Worker:
    worker = db.scalar(select(Worker).where(Worker.key == key))
    if worker is None:
        raise service.InputError("WORKER", None, f"expected a worker of this register, got {key!r}")
    return worker


def show(register: Register, key: str, user: str | None) -> dict[str, Any]:
    """Everything kept on a worker; the reading is itself recorded (the access log)."""
    with register.write() as db:
        chain = Appender(db)
        actor = people.acting(db, user)
        people.require(actor, "read")
        worker = find_worker(db, key)
        chain.add("access", actor.name, worker.id, {"read": "show"})
        chain.flush()
        versions = [
            {
                "number": v.number,
                "kind": v.kind,
                "saved_at": v.saved_at,
                "saved_by": v.saved_by,
                "record": v.record_seq,
                "data": (body_of(db, v.record_seq) or {}).get("data"),
            }
            for v in db.scalars(select(Version).where(Version.worker_id == worker.id).order_by(Version.number))
        ]
        records = list(db.scalars(select(Record).where(Record.worker_id == worker.id).order_by(Record.seq)))
        decisions: list[dict[str, Any]] = []
        by_seq: dict[int, dict[str, Any]] = {}
        last_of: dict[str, dict[str, Any]] = {}
        for record in records:
            content = content_of(record)
            if record.kind == "decision":
                same_as = content.get("same_as")
                if same_as is not None and same_as in by_seq:
                    findings = by_seq[same_as]["findings"]
                else:
                    findings = _findings(body_of(db, record.seq))
                entry = {
                    "record": record.seq,
                    "at": record.at,
                    "by": record.actor,
                    "question": content["question"],
                    "as_of": content["as_of"],
                    "outcome": content["outcome"],
                    "rules": content["rules"],
                    "version": content["version"],
                    "trigger": content["trigger"],
                    "provenance": content["provenance"],
                    "findings": findings,
                    "same_as": same_as,
                    "overrides": [],
                    "signoffs": [],
                    "changed_from_previous": None,
                }
                previous = last_of.get(content["question"])
                if previous is not None:
                    entry["changed_from_previous"] = _difference(previous, entry)
                last_of[content["question"]] = entry
                by_seq[record.seq] = entry
                decisions.append(entry)
            elif record.kind in ("override", "signoff") and content["decision"] in by_seq:
                judged = {"record": record.seq, "at": record.at, "by": record.actor} | {
                    k: v for k, v in content.items() if k != "decision"
                }
                by_seq[content["decision"]]["overrides" if record.kind == "override" else "signoffs"].append(judged)
        return {
            "worker": worker.key,
            "name": worker.name,
            "birth_date": worker.birth_date,
            "forgotten_at": worker.forgotten_at,
            "kind": worker.kind,
            "code": worker.code,
            "outcome": worker.outcome,
            "versions": versions,
            "decisions": decisions,
            "due": [
                {"on": d.on, "what": d.what, "action": d.action}
                for d in db.scalars(select(Due).where(Due.worker_id == worker.id).order_by(Due.on, Due.what))
            ],
        }


def _findings(body: Any) -> list[dict[str, str]] | None:
    if body is None:
        return None  # forgotten
    return [
        {k: f.get(k, "") for k in ("rule", "severity", "message", "fix")} for f in body["decision"].get("findings", [])
    ]


def _difference(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    def keys(entry: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, str]]:
        as_of = entry["as_of"]  # a message naming the as-of date is the same finding on another date
        return {(f["rule"], f["severity"], f["message"].replace(as_of, "{as_of}")): f for f in entry["findings"] or []}

    a, b = keys(old), keys(new)
    return {
        "from_record": old["record"],
        "outcome": [old["outcome"], new["outcome"]],
        "added": [f for k, f in b.items() if k not in a],
        "removed": [f for k, f in a.items() if k not in b],
        "release": [old["provenance"]["release"].get("id"), new["provenance"]["release"].get("id")],
    }


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
