"""Opening a register: the database URL, the schema's revision (migrated forward by Alembic, refused when a newer
e7 wrote it), and transactions.

Writers take one lock for the length of their transaction, so that the chain grows one record at a time and two
processes lose nothing: on SQLite `BEGIN IMMEDIATE` (the database's write lock, WAL mode so that readers go on
reading), on PostgreSQL a transaction-level advisory lock. A transaction killed half-way leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from pathlib import Path

import attrs
from sqlalchemy import Engine, create_engine, event, exc, select, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from engine import service
from engine.register.schema import Meta

DB_VAR = "E7_DB"
FILE_NAME = "register.sqlite3"
MIGRATIONS = Path(__file__).parent / "migrations"
# any constant shared by every e7: the advisory lock that serialises the chain's writers on PostgreSQL
PG_LOCK = 0x4537_5245_4749  # "E7REGI"
BUSY_SECONDS = 120  # how long a SQLite writer waits for another one

_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("register_writing", default=False)


class RegisterError(service.E7Error):
    """The register cannot be used as asked (none there, a schema from a newer e7, a database that refuses)."""


def default_url() -> str:
    """$E7_DB, else a SQLite file in the user's data folder (beside the installed data releases)."""
    return os.environ.get(DB_VAR) or f"sqlite:///{service.data_home() / FILE_NAME}"


def normal_url(url: str) -> str:
    """psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return url


def sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise service.InputError(
            "--db", None, f"expected a database URL such as sqlite:///register.sqlite3, got {url!r}"
        ) from None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _make_engine(url: str) -> Engine:
    from sqlalchemy.engine import make_url

    expected = "expected a database URL such as sqlite:///register.sqlite3 or postgresql://host/db"
    try:
        backend = make_url(normal_url(url)).get_backend_name()
    except exc.ArgumentError:
        raise service.InputError("--db", None, f"{expected}, got {shown_url(url)!r}") from None
    if backend not in ("sqlite", "postgresql"):
        raise service.InputError("--db", None, f"{expected} (SQLite or PostgreSQL), got {backend}")
    try:
        # no pool: a command opens a few connections and ends; a server that wants one passes its own engine
        engine = create_engine(normal_url(url), poolclass=NullPool)
    except (exc.ArgumentError, exc.NoSuchModuleError, ValueError) as error:
        raise service.InputError(
            "--db",
            None,
            f"expected a database URL such as sqlite:///register.sqlite3 or postgresql://host/db ({error})",
        ) from None
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" below opens every transaction
            cursor = dbapi_connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses no commit
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection) -> None:  # type: ignore[no-untyped-def]
            connection.exec_driver_sql("BEGIN IMMEDIATE" if _writing.get() else "BEGIN")

    return engine


def _alembic_config(connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """This e7's schema revisions, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head() -> str:
    return known_revisions()[-1]


@attrs.define
class Register:
    url: str
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction holding the writers' lock; committed at the end, rolled back on any error."""
        token = _writing.set(True)
        try:
            with Session(self.engine) as session, session.begin():
                if self.dialect == "postgresql":
                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK})
                else:
                    session.execute(text("SELECT 1"))  # BEGIN IMMEDIATE now, not at the first write
                yield session
        finally:
            _writing.reset(token)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self.read() as session:
            row = session.get(Meta, key)
            return row.value if row else default

    def dispose(self) -> None:
        self.engine.dispose()


def _guarded(url: str, action):  # type: ignore[no-untyped-def]
    """`action()`, with a database that cannot be reached or refuses turned into one line (exit 2)."""
    try:
        return action()
    except exc.OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise RegisterError(f"register {shown_url(url)}: the database cannot be used ({reason})") from None


def check_revision(register: Register) -> None:
    current = _guarded(register.url, register.revision)
    known = known_revisions()
    where = f"register {shown_url(register.url)}"
    if current is None:
        raise RegisterError(f"{where}: no register there (expected one made by `e7 register init`)")
    if current not in known:
        raise RegisterError(
            f"{where}: schema revision {current} was written by a newer e7 (this e7 knows revisions up to "
            f"{known[-1]}); use that e7 or a newer one, this one will not touch it"
        )
    if current != known[-1]:
        raise RegisterError(
            f"{where}: schema revision {current} is older than this e7's ({known[-1]}); run `e7 register init` to "
            "migrate it forward"
        )


def open_register(url: str | None = None) -> Register:
    """An existing register at its newest schema."""
    url = url or default_url()
    path = sqlite_file(normal_url(url))
    if path is not None and not path.is_file():
        raise RegisterError(f"register {shown_url(url)}: no register there (expected one made by `e7 register init`)")
    register = Register(url, _make_engine(url))
    check_revision(register)
    return register


def migrate(url: str | None = None, to: str = "head") -> tuple[Register, str | None, str]:
    """Create the register or migrate it forward to `to`; refuses a schema from a newer e7. Returns the register,
    the revision before (None: new) and after."""
    from alembic import command

    url = url or default_url()
    path = sqlite_file(normal_url(url))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise service.InputError(str(path.parent), None, f"cannot be created ({error.strerror})") from None
    register = Register(url, _make_engine(url))
    before = _guarded(url, register.revision)
    if before is not None and before not in known_revisions():
        check_revision(register)  # raises: a newer e7's schema

    def upgrade() -> None:
        token = _writing.set(True)
        try:
            with register.engine.begin() as connection:
                if register.dialect == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK})
                command.upgrade(_alembic_config(connection), to)
        finally:
            _writing.reset(token)

    _guarded(url, upgrade)
    return register, before, _guarded(url, register.revision) or ""


def setting_rows(session: Session) -> dict[str, str]:
    return {m.key: m.value for m in session.scalars(select(Meta))}
