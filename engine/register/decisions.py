"""The questions the register asks of e7 for a saved case or history, and how their answers are kept.

A case is asked "is it fine now?" (question `now`, as of the given date, by default today in Korea) and, when it
is filed later than that, "and on its filing date?" (`planned`). A history is asked for its plan (`plan`: each
stay under the rules of its date, the renewal and the F-2-7 application on their planned dates). Each answer is
one decision record in the chain; the newest per question is kept in `latest`, which a re-check compares with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import attrs
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from engine import service
from engine.register.chain import Appender, canonical
from engine.register.schema import Due, Latest, Worker

# core tables: a re-check writes a batch with a few executemany statements, not object by object
LATEST, DUE, WORKERS = Latest.__table__, Due.__table__, Worker.__table__

QUESTIONS = ("now", "planned", "plan")
MOST_FIXES = 2  # the fixes a deadline's action names (the rest are in the decision)


@attrs.frozen
class Step:
    on: dt.date
    what: str
    action: str


@attrs.frozen
class Answer:
    question: str
    as_of: str
    outcome: str
    findings: tuple[dict[str, str], ...]
    provenance: dict[str, Any]
    source: Any  # the Decision or HistoryReport
    steps: tuple[Step, ...]
    history: bool = False  # the source is a HistoryReport

    def body(self) -> dict[str, Any]:
        """The decision's or history report's JSON (personal: kept as the record's body); for a history's `now`
        answer, the report's renewal part, the check on the as-of date (its findings are the answer's)."""
        if self.history and self.question == "now":
            report = service.history_data(self.source)
            return {"decision": {"history": report["history"]} | report["renewal"]}
        if self.history:
            return {"decision": service.history_data(self.source)}
        return {"decision": service.decision_data(self.source)}

    @property
    def findings_sha256(self) -> str:
        """What a re-check compares: the findings with the as-of date in their messages set aside (a message
        that names today's date does not change from one day to the next)."""
        keys = sorted(finding_key(f, self.as_of) for f in self.findings)
        return hashlib.sha256(canonical(keys).encode("utf-8")).hexdigest()


@attrs.frozen
class Change:
    worker: str
    question: str
    as_of: str
    before: str | None  # None: the first answer
    after: str
    added: tuple[dict[str, str], ...]
    removed: tuple[dict[str, str], ...]


def _todo(findings: Any, base: str) -> str:
    fixes = [f.fix or f.message for f in findings if f.severity in ("blocking", "risk")][:MOST_FIXES]
    return base + ("; to do: " + " ".join(f if f.endswith(".") else f + "." for f in fixes) if fixes else "")


def _points_verdict(f: Any) -> str:
    """The F-2-7 points' verdict in a plan's step: a route that lifts the points (F-2-7S, E-7-S) is not a fail."""
    if f.passes:
        return "passes"
    return "points not required on this route" if f.points_waived else "does not pass"


def ask(session: service.Session, kind: str, data: dict[str, Any], label: str, on: dt.date) -> list[Answer]:
    if kind == "history":
        answers = [_plan(session, data, label, on)]
        history = service.history_from(data, label)
        if history.stays and min(stay.start for stay in history.stays) <= on:
            answers.append(_history_now(session, data, label, on))
        return answers
    case = service.case_from(data, label)
    answers = [_case_answer(session, case, "now", on, label)]
    if case.filed_on is not None and case.filed_on > on:
        answers.append(_case_answer(session, case, "planned", case.filed_on, label))
    return answers


def _case_answer(session: service.Session, case: Any, question: str, on: dt.date, label: str) -> Answer:
    decision = service.check(session, case, on, label)
    steps: tuple[Step, ...] = ()
    if question == "planned":
        steps = (
            Step(
                on,
                "filing",
                _todo(decision.findings, f"file the application under {case.position.code} ({decision.outcome} then)"),
            ),
        )
    return Answer(
        question,
        decision.as_of,
        decision.outcome,
        tuple(service.findings_data(decision.findings)),
        {
            "release": decision.release,
            "engine": decision.engine,
            "catalogue": decision.catalogue,
            "ruleset": decision.ruleset,
        },
        decision,
        steps,
    )


def _plan(session: service.Session, data: dict[str, Any], label: str, on: dt.date) -> Answer:
    history = service.history_from(data, label)
    report = service.plan_history(session, history, label)
    steps: list[Step] = []
    last = history.stays[-1] if history.stays else None
    if last is not None and last.until is not None and last.until >= on:
        steps.append(Step(last.until, "stay-ends", f"the stay on {last.code} ends: file the extension before then"))
    if report.renewal is not None:
        r = report.renewal
        steps.append(
            Step(
                r.on,
                "renewal",
                _todo(r.findings, f"renewal: file under {r.file_under or 'no listed code'} ({r.outcome})"),
            )
        )
    if report.f27 is not None:
        f = report.f27
        score = f"{f.total}/{f.pass_mark} points, " if f.total is not None else ""
        steps.append(
            Step(
                f.on,
                "f2-7",
                _todo(f.findings, f"F-2-7 application: {score}{_points_verdict(f)}"),
            )
        )
        if f.continuous_since is not None:
            steps.append(
                Step(
                    service.add_years(f.continuous_since, 3),
                    "f2-7-eligible",
                    "3 years of continuous stay reached: the F-2-7 stay condition is met from this date",
                )
            )
    return Answer(
        "plan",
        on.isoformat(),
        report.outcome,
        tuple(service.findings_data(report.findings)),
        service.provenance(session),
        report,
        tuple(steps),
        history=True,
    )


def _history_now(session: service.Session, data: dict[str, Any], label: str, on: dt.date) -> Answer:
    """The question "is this worker still fine now?" of a history: its current stay (the one covering `on`,
    else the latest before it) checked as an extension filed on `on`, the history's renewal check on that date (the
    code listed then, followed through renumberings, the salary against the floor then, the previous year's income
    certificate, whether the stay still covers the date). The history's own plan dates are the `plan` answer."""
    report = service.plan_history(session, service.history_from(data | {"plan": {"renewal_on": on}}, label), label)
    renewal = report.renewal
    assert renewal is not None  # asked with a renewal date on or after the first stay
    return Answer(
        "now",
        on.isoformat(),
        renewal.outcome,
        tuple(service.findings_data(renewal.findings)),
        service.provenance(session),
        report,
        (),
        history=True,
    )


@attrs.frozen
class Decided:
    """A worker's answers to keep: its id and key, the version they answer."""

    worker_id: int
    worker: str
    version: int
    answers: list[Answer]


def keep(db: Session, chain: Appender, decided: list[Decided], actor: str, trigger: dict[str, Any]) -> list[Change]:
    """Append a decision record per answer; update `latest`, the workers' outcomes and their dated steps, a few
    statements for the whole list (a re-check keeps a batch at a time); return what changed against the previous
    answer to each question."""
    if not decided:
        return []
    ids = [d.worker_id for d in decided]
    previous = {
        (row.worker_id, row.question): row for row in db.execute(select(LATEST).where(LATEST.c.worker_id.in_(ids)))
    }
    changes: list[Change] = []
    added, updated, dropped, steps, outcomes = [], [], [], [], []
    for d in decided:
        for answer in d.answers:
            content = {
                "question": answer.question,
                "as_of": answer.as_of,
                "outcome": answer.outcome,
                "rules": [[f["rule"], f["severity"]] for f in answer.findings],
                "version": d.version,
                "provenance": answer.provenance,
                "trigger": trigger,
            }
            old = previous.pop((d.worker_id, answer.question), None)
            if old is not None and old.outcome == answer.outcome and old.findings_sha256 == answer.findings_sha256:
                # the same outcome and findings as the decision `latest` names: a record of its own (date,
                # provenance), whose full JSON is that decision's (no second copy of it per re-check)
                chain.add("decision", actor, d.worker_id, content | {"same_as": old.record_seq})
            else:
                seq = chain.add("decision", actor, d.worker_id, content, answer.body())
                changes.append(_change(db, chain, d.worker, answer, old))
                row = {
                    "worker_id": d.worker_id,
                    "question": answer.question,
                    "record_seq": seq,
                    "as_of": answer.as_of,
                    "outcome": answer.outcome,
                    "findings_sha256": answer.findings_sha256,
                }
                (added if old is None else updated).append(row)
            steps += [
                {"worker_id": d.worker_id, "on": step.on.isoformat(), "what": step.what, "action": step.action}
                for step in answer.steps
            ]
        outcomes.append({"id_": d.worker_id, "outcome": d.answers[0].outcome})
    # a question asked before and not now (a case whose filing date has passed has no "planned" answer)
    dropped = [{"w": w, "q": q} for (w, q) in previous]
    chain.flush()
    if added:
        db.execute(insert(LATEST), added)
    if updated:
        db.execute(
            update(LATEST)
            .where(LATEST.c.worker_id == bindparam("w"), LATEST.c.question == bindparam("q"))
            .values(
                record_seq=bindparam("s"), as_of=bindparam("a"), outcome=bindparam("o"), findings_sha256=bindparam("f")
            ),
            [
                {
                    "w": r["worker_id"],
                    "q": r["question"],
                    "s": r["record_seq"],
                    "a": r["as_of"],
                    "o": r["outcome"],
                    "f": r["findings_sha256"],
                }
                for r in updated
            ],
        )
    if dropped:
        db.execute(
            delete(LATEST).where(LATEST.c.worker_id == bindparam("w"), LATEST.c.question == bindparam("q")), dropped
        )
    db.execute(delete(DUE).where(DUE.c.worker_id.in_(ids)))
    if steps:
        db.execute(insert(DUE), steps)
    db.execute(update(WORKERS).where(WORKERS.c.id == bindparam("id_")).values(outcome=bindparam("outcome")), outcomes)
    return changes


def _change(db: Session, chain: Appender, worker: str, answer: Answer, old: Any) -> Change:
    if old is None:
        return Change(worker, answer.question, answer.as_of, None, answer.outcome, (), ())
    before = _findings_of(db, chain, old.record_seq)
    keys = {finding_key(f, old.as_of) for f in before}
    now_keys = {finding_key(f, answer.as_of) for f in answer.findings}
    return Change(
        worker,
        answer.question,
        answer.as_of,
        old.outcome,
        answer.outcome,
        tuple(f for f in answer.findings if finding_key(f, answer.as_of) not in keys),
        tuple(f for f in before if finding_key(f, old.as_of) not in now_keys),
    )


def finding_key(f: dict[str, str], as_of: str) -> tuple[str, str, str]:
    return (f["rule"], f["severity"], f["message"].replace(as_of, "{as_of}"))


def _findings_of(db: Session, chain: Appender, seq: int) -> tuple[dict[str, str], ...]:
    """A kept decision's findings, from its body (a forgotten body has none to compare)."""
    from engine.register.chain import body_of

    chain.flush()
    body = body_of(db, seq)
    if not body:
        return ()
    found = body["decision"].get("findings", [])
    return tuple({k: f.get(k, "") for k in ("rule", "severity", "message", "fix")} for f in found)
