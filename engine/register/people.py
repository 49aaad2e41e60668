"""Users and their roles; passwords (argon2id, argon2-cffi) and sessions for the web workbench.

Roles: an officer adds cases, re-checks and overrides a finding with a written reason; a reviewer signs a decision
off; an admin does both and manages users, exports, imports and forgets. On the CLI the acting user is the one
named at `e7 register init` (or --user / $E7_USER); in `e7 serve` the signed-in account.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine import service
from engine.register.chain import Appender, now
from engine.register.schema import Meta, User, WebSession

ROLES = ("officer", "reviewer", "admin")
USER_VAR = "E7_USER"
CLI_USER = "cli_user"
SESSION_HOURS = 12
# what each role may do (admin: everything)
MAY = {
    "officer": {"add", "recheck", "override", "read"},
    "reviewer": {"signoff", "read", "recheck"},
    "admin": {"add", "recheck", "override", "signoff", "read", "users", "export", "import", "forget"},
}


class NotAllowed(service.E7Error):
    pass


def check_name(name: str, field: str = "--user") -> str:
    name = name.strip()
    if not name or len(name) > 200 or any(c in name for c in "\n\r\t"):
        raise service.InputError(field, None, f"expected a user name of 1 to 200 characters on one line, got {name!r}")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise service.InputError("--role", None, f"expected one of {', '.join(ROLES)}, got {role!r}")
    return role


def add_user(db: Session, chain: Appender, actor: str, name: str, role: str, password: str | None = None) -> User:
    name, role = check_name(name, "NAME"), check_role(role)
    if db.scalar(select(User).where(User.name == name)) is not None:
        raise service.InputError("NAME", None, f"expected a new user name, {name!r} is taken")
    user = User(name=name, role=role, created_at=now(), password_hash=hash_password(password) if password else None)
    db.add(user)
    chain.add("user", actor, None, {"user": name, "role": role, "password": password is not None})
    return user


def acting(db: Session, given: str | None) -> User:
    """The user a CLI command acts as: --user, else $E7_USER, else the one named at set-up."""
    name = given or os.environ.get(USER_VAR)
    if not name:
        row = db.get(Meta, CLI_USER)
        name = row.value if row else None
    if not name:
        raise service.InputError("--user", None, "expected a user name (none was named at `e7 register init`)")
    user = db.scalar(select(User).where(User.name == name))
    if user is None:
        raise service.InputError("--user", None, f"expected a user of this register, got {name!r}")
    return user


def require(user: User, action: str) -> None:
    if action not in MAY[user.role]:
        allowed = [role for role, actions in MAY.items() if action in actions]
        raise NotAllowed(f"user {user.name!r} is {user.role}: {action} needs the role {' or '.join(allowed)}")


def hash_password(password: str) -> str:
    from argon2 import PasswordHasher

    if len(password) < 8:
        raise service.InputError("password", None, "expected at least 8 characters")
    return PasswordHasher().hash(password)


def sign_in(db: Session, name: str, password: str, hours: int = SESSION_HOURS) -> str | None:
    """A new session token for a correct name and password (None otherwise); only its sha256 is stored."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    user = db.scalar(select(User).where(User.name == name))
    hasher = PasswordHasher()
    if user is None or user.password_hash is None:
        hasher.hash(password)  # the same work whether or not the user exists
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    token = secrets.token_urlsafe(32)
    started = dt.datetime.now(dt.UTC)
    db.add(
        WebSession(
            token_sha256=_token_sha(token),
            user_id=user.id,
            created_at=started.isoformat(timespec="seconds"),
            expires_at=(started + dt.timedelta(hours=hours)).isoformat(timespec="seconds"),
        )
    )
    return token


def session_user(db: Session, token: str) -> User | None:
    row = db.get(WebSession, _token_sha(token))
    if row is None or row.expires_at <= dt.datetime.now(dt.UTC).isoformat(timespec="seconds"):
        return None
    return db.get(User, row.user_id)


def sign_out(db: Session, token: str) -> None:
    db.execute(delete(WebSession).where(WebSession.token_sha256 == _token_sha(token)))


def _token_sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
