"""The register's tables as SQLAlchemy 2 typed ORM models.

The migrations (engine/register/migrations/versions/) create them; these classes describe the newest schema. Dates
and times are ISO 8601 text (UTC for times, the register's dates are calendar dates in Korea), so that a row
exported from SQLite and imported into PostgreSQL is the same text byte for byte.

`records` is the chain: append-only, enforced by triggers (migration 0001). Everything personal lives outside it:
in `workers` (name, birth date) and `bodies` (the saved case or history, the full decision JSON), which `forget`
deletes; a chain row holds only a salted commitment (sha256) to its body.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Register settings: the CLI user named at set-up, the retention period."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # officer | reviewer | admin
    created_at: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str | None] = mapped_column(Text, nullable=True)  # migration 0002: argon2id


class WebSession(Base):
    """A signed-in browser (migration 0002): only the sha256 of its token is kept."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))


class Worker(Base):
    """One worker. `name` and `birth_date` are personal (cleared by forget); the other columns after `created_at`
    are a cache of the newest version and decision, for `list` and the deadlines (rebuilt by recheck)."""

    __tablename__ = "workers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the case or history id: a pseudonymous reference
    name: Mapped[str | None] = mapped_column(Text, nullable=True)
    birth_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    last_active: Mapped[str] = mapped_column(String(40))  # the retention period counts from here
    forgotten_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    current_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str | None] = mapped_column(String(10), nullable=True)  # case | history
    code: Mapped[str | None] = mapped_column(String(10), nullable=True, index=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)


class Version(Base):
    """A saved case or history: its number for the worker and the chain record (kind "save") holding it."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("worker_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    record_seq: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[str] = mapped_column(String(40))
    saved_by: Mapped[str] = mapped_column(String(200))


class Record(Base):
    """One link of the chain. `hash` = sha256(prev_hash, the canonical JSON of the other columns); `content` holds
    nothing personal (outcomes, rule ids, provenance, reasons); `body_sha256` commits to the body kept in
    `bodies` as sha256(salt || canonical body)."""

    __tablename__ = "records"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    worker_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    content: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Body(Base):
    """The personal part of a record (a case as saved, a decision's full JSON) and the salt of its commitment."""

    __tablename__ = "bodies"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    salt: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)


class Latest(Base):
    """The newest decision of each worker for each question ("now", "planned", "plan"): what recheck compares."""

    __tablename__ = "latest"
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id"), primary_key=True)
    question: Mapped[str] = mapped_column(String(10), primary_key=True)
    record_seq: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20))
    findings_sha256: Mapped[str] = mapped_column(String(64))


class Due(Base):
    """A dated step a worker's files call for (a stay's end, a planned renewal, F-2-7 eligibility), written with
    each decision and read by `e7 register deadlines`; deleted by forget."""

    __tablename__ = "due"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("workers.id"), index=True)
    on: Mapped[str] = mapped_column(String(10), index=True)
    what: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(Text)
