"""A real PostgreSQL server for the register's tests: initdb in a temporary folder, started with pg_ctl on a unix
socket only (no TCP port), as an unprivileged user when the tests run as root (PostgreSQL refuses root), and
stopped at the end of the session. `.ci/run` installs Debian's postgresql package when it is missing.

Import the fixtures into a test module: `from tests.postgres import postgres_server, db_url  # noqa: F401`.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PORT = 5439  # only names the socket file, in a folder of our own
_databases = itertools.count(1)


def bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(candidates[-1]).parent if candidates else None


def _as_server_user() -> dict[str, object]:
    if os.geteuid() != 0:
        return {}
    return {"user": "nobody", "group": pwd.getpwnam("nobody").pw_gid}


@contextlib.contextmanager
def server() -> Iterator[str]:
    """A running server's socket folder; its superuser role is `e7`, trust authentication on the socket.
    Raises LookupError when PostgreSQL is not installed."""
    binaries = bin_dir()
    if binaries is None:
        raise LookupError("PostgreSQL is not installed (.ci/run installs Debian's postgresql package)")
    folder = Path(tempfile.mkdtemp(prefix="e7-pg-"))
    owner = _as_server_user()
    if owner:
        os.chown(folder, pwd.getpwnam("nobody").pw_uid, int(owner["group"]))  # type: ignore[arg-type]
    data = folder / "data"
    run = {"check": True, "capture_output": True, "cwd": folder, **owner}
    try:
        subprocess.run([binaries / "initdb", "-D", data, "-U", "e7", "--auth=trust", "-E", "UTF8", "--locale=C"], **run)
        options = f"-k {folder} -c listen_addresses='' -p {PORT} -c fsync=off"
        subprocess.run([binaries / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "start"], **run)
        yield str(folder)
    finally:
        subprocess.run([binaries / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], **{**run, "check": False})
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The socket folder of a server started for the test session and stopped after it."""
    if bin_dir() is None:
        pytest.skip("PostgreSQL is not installed (.ci/run installs Debian's postgresql package)")
    with server() as folder:
        yield folder


def postgres_url(socket: str, database: str) -> str:
    return f"postgresql://e7@/{database}?host={socket}&port={PORT}"


def new_database(socket: str) -> str:
    import psycopg

    name = f"register_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(postgres_url(socket, "postgres"), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres_url(socket, name)


def drop_database(socket: str, url: str) -> None:
    import psycopg

    name = url.split("/")[-1].split("?")[0]
    with psycopg.connect(postgres_url(socket, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new, empty database on each engine, named by $E7_DB for the commands the test runs."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
        monkeypatch.setenv("E7_DB", url)
        yield url
        return
    socket = request.getfixturevalue("postgres_server")
    url = new_database(socket)
    monkeypatch.setenv("E7_DB", url)
    yield url
    drop_database(socket, url)
