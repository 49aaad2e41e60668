"""People's judgement on a decision, kept in the chain beside it: an officer overrides a finding with a written
reason; a reviewer signs the decision off. `show` lists both under the decision, with the outcome the findings
give once the overridden ones are set aside."""

from __future__ import annotations

from sqlalchemy import select

from engine import service
from engine.register import people
from engine.register.chain import Appender, content_of
from engine.register.schema import Latest, Record
from engine.register.store import Register
from engine.register.workers import find_worker


def _decision(db, worker_id: int, record: int | None) -> Record:  # type: ignore[no-untyped-def]
    if record is None:
        latest = db.scalars(
            select(Latest).where(Latest.worker_id == worker_id).order_by(Latest.record_seq.desc())
        ).first()
        if latest is None:
            raise service.InputError("WORKER", None, "expected a worker with a decision to judge, it has none")
        record = latest.record_seq
    found = db.get(Record, record)
    if found is None or found.kind != "decision" or found.worker_id != worker_id:
        raise service.InputError("--record", None, f"expected a decision record of this worker, got {record}")
    return found


def override(register: Register, worker_key: str, rule: str, reason: str, record: int | None, user: str | None) -> int:
    reason = reason.strip()
    if len(reason) < 10:
        raise service.InputError("--reason", None, "expected a written reason (at least 10 characters)")
    with register.write() as db:
        actor = people.acting(db, user)
        people.require(actor, "override")
        worker = find_worker(db, worker_key)
        decision = _decision(db, worker.id, record)
        rules = [r for r, _severity in content_of(decision)["rules"]]
        if rule not in rules:
            raise service.InputError(
                "RULE", None, f"expected a rule of decision {decision.seq} ({', '.join(rules) or 'it has no findings'})"
            )
        chain = Appender(db)
        seq = chain.add("override", actor.name, worker.id, {"decision": decision.seq, "rule": rule, "reason": reason})
        chain.flush()
        return seq


def signoff(register: Register, worker_key: str, note: str, record: int | None, user: str | None) -> int:
    with register.write() as db:
        actor = people.acting(db, user)
        people.require(actor, "signoff")
        worker = find_worker(db, worker_key)
        decision = _decision(db, worker.id, record)
        chain = Appender(db)
        seq = chain.add("signoff", actor.name, worker.id, {"decision": decision.seq, "note": note.strip()})
        chain.flush()
        return seq
