"""``--serve`` while the backup database is down: the API starts, the status
says why in the indicator's terms, data routes answer 503, and the database is
used again once it is back (issue 10: a monitor must see every failure)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import psycopg2
import pytest

from app.api import factory
from app.api.command import build_app
from app.api.token_store import issue_token
from app.config import Settings
from app.run_state import RunOutcome, write_status_file
from app.storage.db import redact_url
from tests.conftest import PG_ADMIN_DSN


def _admin(sql: str) -> None:
    conn = psycopg2.connect(PG_ADMIN_DSN, connect_timeout=5)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
    finally:
        conn.close()


@pytest.fixture
def outage(request, tmp_path):
    """(url, break, mend) for a database that can vanish and come back."""
    if request.param == "sqlite":
        share = tmp_path / "share"
        share.mkdir()
        away = tmp_path / "share-unmounted"
        url = f"sqlite:///{share / 'backup.sqlite3'}"
        return url, lambda: share.rename(away), lambda: away.rename(share)
    url = request.getfixturevalue("postgres_url")
    name = urlsplit(url).path.lstrip("/")
    return (
        url,
        lambda: _admin(f'DROP DATABASE "{name}" WITH (FORCE)'),
        lambda: _admin(f'CREATE DATABASE "{name}"'),
    )


def _get(client, path, token):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(
    "outage",
    ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
    indirect=True,
)
def test_the_api_serves_through_a_database_outage(outage, monkeypatch):
    monkeypatch.setattr(factory.DatabaseReadiness, "RETRY", 0.0)
    url, break_it, mend_it = outage
    break_it()
    token = issue_token()
    client = build_app(Settings(db_url=url), {}).test_client()  # no exception

    def down_and_said() -> None:
        status = _get(client, "/api/v1/sync/status", token)
        assert status.status_code == 200
        body = status.get_json()
        assert body["backup"]["state"] == "failed"
        assert body["database"]["available"] is False
        assert body["backup"]["reason"] == body["database"]["user_message"]
        assert "no existe" in body["database"]["user_message"]  # Spanish, says what
        orders = _get(client, "/api/v1/orders", token)
        assert orders.status_code == 503
        assert orders.mimetype == "application/problem+json"
        assert "unavailable" in orders.get_json()["detail"]

    def up_again() -> None:
        orders = _get(client, "/api/v1/orders", token)
        assert orders.status_code == 200, orders.get_json()
        assert orders.get_json()["items"] == []  # migrated: the tables are there
        body = _get(client, "/api/v1/sync/status", token).get_json()
        assert body["database"] == {
            "available": True,
            "error": None,
            "user_message": None,
        }
        assert body["backup"]["state"] == "never"

    down_and_said()
    assert client.get("/api/v1/health").status_code == 200
    mend_it()
    up_again()
    break_it()  # lost after it worked: noticed on the next request
    down_and_said()
    mend_it()
    up_again()


def test_a_failure_the_status_file_holds_decides_while_the_database_is_down(
    tmp_path, monkeypatch
):
    """The nightly run failed on a wrong secret and the database is down too:
    the run's own reason is what the status says, with the database's beside."""
    monkeypatch.setattr(factory.DatabaseReadiness, "RETRY", 0.0)
    url = f"sqlite:///{tmp_path / 'gone' / 'backup.sqlite3'}"
    outcome = RunOutcome(
        "run-1",
        "failed",
        started_at=datetime(2026, 11, 28, 2, tzinfo=UTC),
        error="credentials refused",
        user_message="QBench rechazó las credenciales.",
        exit_code=4,
        database=redact_url(url),
    )
    write_status_file(outcome)
    token = issue_token()
    client = build_app(Settings(db_url=url), {}).test_client()
    body = _get(client, "/api/v1/sync/status", token).get_json()
    assert body["backup"]["state"] == "failed"
    assert body["backup"]["reason"] == "QBench rechazó las credenciales."
    assert body["backup"]["last_run"]["exit_code"] == 4
    assert body["database"]["available"] is False
