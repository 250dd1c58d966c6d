"""The service functions the window reads (plain Python, no Qt)."""

from __future__ import annotations

import pytest

from app import services
from app.config import Settings
from app.errors import DatabaseUnavailable
from app.run_state import BackupState
from app.sync.lock import sync_lock


def _sync(sim, url):
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
    return services.run_sync(settings, connection, db_url=url)


def test_last_backup_keeps_the_last_success_when_a_later_run_fails(sim, sqlite_url):
    assert services.last_backup(sqlite_url) == BackupState()
    good = _sync(sim, sqlite_url)
    state = services.last_backup(sqlite_url)
    assert state.state == "ok" and state.last_success_at is not None
    assert state.last_success_at.tzinfo is not None
    sim.add_fault("status", status=400, path="/qbench/api/v2/orders", times=100)
    assert _sync(sim, sqlite_url).status == "failed"
    after = services.last_backup(sqlite_url)
    assert after.state == "failed" and "orders" in after.reason
    assert after.last_success_at == state.last_success_at
    runs = services.recent_history(sqlite_url)
    assert [r.status for r in runs] == ["failed", "success"]
    assert runs[1].run_id == good.run_id and runs[1].finished_at is not None


def test_check_database_opens_or_says_why(sqlite_url):
    services.check_database(sqlite_url)
    with pytest.raises(DatabaseUnavailable):
        services.check_database("postgresql://nobody@127.0.0.1:1/nothing")


def test_sync_running_follows_the_lock():
    assert not services.sync_running()
    with sync_lock(services.lock_path()):
        assert services.sync_running()
    assert not services.sync_running()
