"""Historial's data (no Qt): durations that match wall time, the status file's
unrecorded outcomes, and a database that cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime

from app import services
from app.config import Settings
from app.storage.db import open_database
from app.storage.repository import Repository


def _sync(sim, url, **kwargs):
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
    return services.run_sync(settings, connection, db_url=url, **kwargs)


def _run_rows(url):
    db = open_database(url)
    try:
        return [r for r in Repository(db).recent_runs(500) if r.entity == "*"]
    finally:
        db.close()


def test_a_run_lasts_from_when_it_began_not_from_when_its_engine_did(
    sim, sqlite_url, monkeypatch
):
    """The lock, opening and migrating the database (a copy of a large SQLite
    file first) and the tenant check are part of the run the user waited for:
    its row starts before them, as its status-file outcome does."""
    seen: list[datetime] = []
    claim = services.claim_tenant

    def noting_claim(*args, **kwargs):
        seen.append(datetime.now(UTC))  # the database is open and migrated
        return claim(*args, **kwargs)

    monkeypatch.setattr(services, "claim_tenant", noting_claim)
    report = _sync(sim, sqlite_url)
    assert report.status == "success"
    (row,) = _run_rows(sqlite_url)
    assert row.started_at <= seen[0].replace(tzinfo=None)
    assert row.started_at == report.started_at.replace(tzinfo=None)
