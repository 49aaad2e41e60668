"""The first schema: settings, users, workers, versions, the chain (records) with its bodies, the latest decisions,
the dated steps; triggers that refuse UPDATE and DELETE on the chain.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = "records are append-only: e7 register refuses UPDATE and DELETE on the chain"


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.String(64), primary_key=True), sa.Column("value", sa.Text()))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), unique=True, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), unique=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("birth_date", sa.String(10), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("last_active", sa.String(40), nullable=False),
        sa.Column("forgotten_at", sa.String(40), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(10), nullable=True),
        sa.Column("code", sa.String(10), nullable=True),
        sa.Column("outcome", sa.String(20), nullable=True),
    )
    op.create_index("ix_workers_code", "workers", ["code"])
    op.create_index("ix_workers_outcome", "workers", ["outcome"])
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.String(40), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("worker_id", "number"),
    )
    op.create_index("ix_versions_worker_id", "versions", ["worker_id"])
    op.create_table(
        "records",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), unique=True, nullable=False),
    )
    op.create_index("ix_records_worker_id", "records", ["worker_id"])
    op.create_table(
        "bodies",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("salt", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    op.create_table(
        "latest",
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id"), primary_key=True),
        sa.Column("question", sa.String(10), primary_key=True),
        sa.Column("record_seq", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("findings_sha256", sa.String(64), nullable=False),
    )
    op.create_table(
        "due",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("worker_id", sa.Integer(), sa.ForeignKey("workers.id"), nullable=False),
        sa.Column("on", sa.String(10), nullable=False),
        sa.Column("what", sa.String(40), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
    )
    op.create_index("ix_due_worker_id", "due", ["worker_id"])
    op.create_index("ix_due_on", "due", ["on"])
    _append_only()


def _append_only() -> None:
    """Triggers, not promises: they fire for every role, the table's owner included (PostgreSQL privileges alone
    do not bind the owner or a superuser). TRUNCATE is refused on PostgreSQL too."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER records_no_{event.lower()} BEFORE {event} ON records "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION e7_records_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records "
            "FOR EACH ROW EXECUTE FUNCTION e7_records_append_only()"
        )
        op.execute(
            "CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records "
            "FOR EACH STATEMENT EXECUTE FUNCTION e7_records_append_only()"
        )
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON records FROM PUBLIC")


def downgrade() -> None:
    raise NotImplementedError("the register migrates forward only")
