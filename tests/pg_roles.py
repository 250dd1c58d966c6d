"""A PostgreSQL role that must log in with a password (scram-sha-256).

``.ci/run`` adds the pg_hba rule for ``qbb_password_role``; without it the
context manager skips locally and fails in CI. Wrap it in a fixture:
``yield from``-style, as ``with password_database() as db: yield db``.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg2
import pytest

from tests.conftest import PG_ADMIN_DSN, _admin_connection, _postgres_required

ROLE = "qbb_password_role"


@dataclass(frozen=True)
class PasswordDb:
    url: str  # as the settings hold it: no password
    password: str


def _skip_or_fail(reason: str) -> None:
    if _postgres_required():
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def password_database() -> Iterator[PasswordDb]:
    """A database owned by a role that the server asks for a password."""
    try:
        admin = _admin_connection()
    except psycopg2.OperationalError as exc:
        _skip_or_fail(f"PostgreSQL not reachable ({exc})")
    password = "pw-" + secrets.token_urlsafe(18)
    name = f"qbb_pw_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'")
        verb = "ALTER" if cur.fetchone() else "CREATE"
        cur.execute(f"{verb} ROLE {ROLE} LOGIN PASSWORD %s", (password,))
        cur.execute(f'CREATE DATABASE "{name}" OWNER {ROLE}')
    host = PG_ADMIN_DSN.split("@", 1)[1].rsplit("/", 1)[0]
    url = f"postgresql://{ROLE}@{host}/{name}"
    try:
        try:
            psycopg2.connect(url, connect_timeout=5).close()
        except psycopg2.OperationalError:
            pass  # good: no password, no entry
        else:
            _skip_or_fail(
                f"the server lets {ROLE} in without a password; add "
                f"'host all {ROLE} 127.0.0.1/32 scram-sha-256' to pg_hba.conf "
                "(.ci/run does)"
            )
        yield PasswordDb(url, password)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
