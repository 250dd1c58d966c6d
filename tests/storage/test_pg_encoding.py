"""A PostgreSQL database not in UTF8 is refused when opened, with how to fix it
(issue 9 trial: WIN1252 stopped every run at the first emoji)."""

from __future__ import annotations

import uuid

import pytest

from app.errors import DatabaseUnavailable
from app.storage.db import open_database
from tests.conftest import PG_ADMIN_DSN, _admin_connection

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("encoding", ["WIN1252", "LATIN1", "SQL_ASCII"])
def test_a_database_in_another_encoding_is_refused_with_the_fix(encoding):
    try:
        admin = _admin_connection()
    except Exception as exc:  # noqa: BLE001 - same rule as the postgres_url fixture
        pytest.fail(f"PostgreSQL is required here: {exc}")
    name = f"qbb_enc_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cur:
        cur.execute(
            f"CREATE DATABASE \"{name}\" ENCODING '{encoding}' "
            "LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
        )
    try:
        url = f"{PG_ADMIN_DSN.rsplit('/', 1)[0]}/{name}"
        with pytest.raises(DatabaseUnavailable) as caught:
            open_database(url)
        assert encoding in str(caught.value) and "UTF8" in str(caught.value)
        assert "UTF8" in caught.value.user_message
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_why_a_database_would_not_open_is_said_in_spanish(postgres_url):
    """A fresh user's trial: the window showed libpq's English ("FATAL: password
    authentication failed") under a message about disk space."""
    base = postgres_url.rsplit("/", 1)[0]
    with pytest.raises(DatabaseUnavailable) as missing:
        open_database(f"{base}/qbb_no_such_database")
    assert "«qbb_no_such_database» no existe" in missing.value.user_message
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database("postgresql://postgres@127.0.0.1:1/x")
    assert "No se pudo conectar con el servidor PostgreSQL 127.0.0.1:1" in (
        refused.value.user_message
    )
