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
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine import service
from engine.register.chain import Appender, canonical
from engine.register.schema import Due, Latest, Worker

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
    body: dict[str, Any]  # the decision's or history report's JSON (personal: kept as the record's body)
    steps: tuple[Step, ...]

    @property
    def findings_sha256(self) -> str:
        """What a re-check compares: the findings with the as-of date in their messages set aside (a message
        that names today's date does not change from one day to the next)."""
        keys = sorted(_key(f, self.as_of) for f in self.findings)
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
    return base + ("; to do: " + "; ".join(fixes) if fixes else "")


def ask(session: service.Session, kind: str, data: dict[str, Any], label: str, on: dt.date) -> list[Answer]:
    if kind == "history":
        return [_plan(session, data, label, on)]
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
        service.decision_data(decision),
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
                _todo(f.findings, f"F-2-7 application: {score}{'passes' if f.passes else 'does not pass'}"),
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
        service.history_data(report),
        tuple(steps),
    )


def keep(
    db: Session,
    chain: Appender,
    worker: Worker,
    version: int,
    answers: list[Answer],
    actor: str,
    trigger: dict[str, Any],
) -> list[Change]:
    """Append a decision record per answer, update `latest`, the worker's cache and its dated steps; return what
    changed against the previous answer to each question."""
    previous = {row.question: row for row in db.scalars(select(Latest).where(Latest.worker_id == worker.id))}
    changes: list[Change] = []
    for answer in answers:
        seq = chain.add(
            "decision",
            actor,
            worker.id,
            {
                "question": answer.question,
                "as_of": answer.as_of,
                "outcome": answer.outcome,
                "rules": [[f["rule"], f["severity"]] for f in answer.findings],
                "version": version,
                "provenance": answer.provenance,
                "trigger": trigger,
            },
            {"decision": answer.body},
        )
        old = previous.get(answer.question)
        if old is None or old.outcome != answer.outcome or old.findings_sha256 != answer.findings_sha256:
            before_findings = _findings_of(db, chain, old.record_seq) if old is not None else ()
            keys = {_key(f, old.as_of) for f in before_findings} if old is not None else set()
            now_keys = {_key(f, answer.as_of) for f in answer.findings}
            changes.append(
                Change(
                    worker.key,
                    answer.question,
                    answer.as_of,
                    old.outcome if old else None,
                    answer.outcome,
                    tuple(f for f in answer.findings if _key(f, answer.as_of) not in keys),
                    tuple(f for f in before_findings if old is not None and _key(f, old.as_of) not in now_keys),
                )
            )
        if old is None:
            db.add(
                Latest(
                    worker_id=worker.id,
                    question=answer.question,
                    record_seq=seq,
                    as_of=answer.as_of,
                    outcome=answer.outcome,
                    findings_sha256=answer.findings_sha256,
                )
            )
        else:
            old.record_seq, old.as_of, old.outcome = seq, answer.as_of, answer.outcome
            old.findings_sha256 = answer.findings_sha256
    asked = {a.question for a in answers}
    for question, row in previous.items():
        if question not in asked:  # a case now filed in the past has no "planned" question any more
            db.delete(row)
    db.execute(delete(Due).where(Due.worker_id == worker.id))
    for answer in answers:
        for step in answer.steps:
            db.add(Due(worker_id=worker.id, on=step.on.isoformat(), what=step.what, action=step.action))
    worker.outcome = answers[0].outcome
    return changes


def _key(f: dict[str, str], as_of: str) -> tuple[str, str, str]:
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
