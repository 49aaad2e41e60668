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


def _decisions(db, worker_id: int, record: int | None) -> list[Record]:  # type: ignore[no-untyped-def]
    """The decision named by --record, else the worker's newest answer to each question, newest first."""
    if record is None:
        seqs = db.scalars(
            select(Latest.record_seq).where(Latest.worker_id == worker_id).order_by(Latest.record_seq.desc())
        ).all()
        if not seqs:
            raise service.InputError("WORKER", None, "expected a worker with a decision to judge, it has none")
        return [db.get(Record, seq) for seq in seqs]
    found = db.get(Record, record)
    if found is None or found.kind != "decision" or found.worker_id != worker_id:
        raise service.InputError("--record", None, f"expected a decision record of this worker, got {record}")
    return [found]


def _decision(db, worker_id: int, record: int | None) -> Record:  # type: ignore[no-untyped-def]
    return _decisions(db, worker_id, record)[0]


def override(register: Register, worker_key: str, rule: str, reason: str, record: int | None, user: str | None) -> int:
    reason = reason.strip()
    if len(reason) < 10:
        raise service.InputError("--reason", None, "expected a written reason (at least 10 characters)")
    with register.write() as db:
        actor = people.acting(db, user)
        people.require(actor, "override")
        worker = find_worker(db, worker_key)
        # without --record: the newest of the worker's current answers (now, planned, plan) holding the rule
        candidates = _decisions(db, worker.id, record)
        holding = [d for d in candidates if rule in [r for r, _severity in content_of(d)["rules"]]]
        if not holding:
            rules = sorted({r for d in candidates for r, _severity in content_of(d)["rules"]})
            named = ", ".join(str(d.seq) for d in candidates)
            raise service.InputError(
                "RULE", None, f"expected a rule of decision {named} ({', '.join(rules) or 'it has no findings'})"
            )
        decision = holding[0]
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
