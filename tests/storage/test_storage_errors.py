"""Database failures are named by their cause, never by a clean-up error."""

from __future__ import annotations

import peewee
import pytest

from app.errors import EXIT_SYNC_FAILED, StorageError
from app.storage import db as dbmod
from app.storage.db import open_database
from app.storage.errors import storage_error, storage_errors
from app.storage.models import IngestionRun
from app.storage.repository import Repository
from app.sync.report import SyncReport
from app.ui.workers import report_reason
from tests.sync.conftest import Backup


def test_disk_full_inside_a_transaction_is_not_masked_by_the_rollback(sqlite_url):
    db = open_database(sqlite_url)
    try:
        db.execute_sql("CREATE TABLE big (x TEXT)")
        pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
        db.execute_sql(f"PRAGMA max_page_count = {pages + 2}")
        with (
            pytest.raises(StorageError) as caught,
            storage_errors(),
            db.atomic(),
            db.atomic(),  # a savepoint, as a page inside its transaction
        ):
            for _ in range(50):
                db.execute_sql("INSERT INTO big VALUES (?)", ("x" * 4000,))
        assert caught.value.kind == "disk_full"
        assert "cannot rollback" not in str(caught.value)
        assert caught.value.exit_code == EXIT_SYNC_FAILED
        assert "lleno" in caught.value.user_message
        db.execute_sql("SELECT 1")  # the connection is still usable
    finally:
        db.close()


def test_a_masking_rollback_error_is_looked_through():
    import sqlite3

    original = sqlite3.OperationalError("database or disk is full")
    try:
        try:
            raise peewee.OperationalError(original, *original.args)
        except peewee.OperationalError:
            secondary = sqlite3.OperationalError(
                "cannot rollback - no transaction is active"
            )
            raise peewee.OperationalError(secondary, *secondary.args) from None
    except peewee.OperationalError as exc:
        error = storage_error(exc)
    assert error is not None and error.kind == "disk_full"


def test_bugs_are_not_storage_errors():
    import sqlite3

    bug = sqlite3.IntegrityError("UNIQUE constraint failed: t.id")
    assert storage_error(peewee.IntegrityError(bug, *bug.args)) is None
    assert storage_error(ValueError("x")) is None


def test_read_only_sqlite_ends_the_run_with_its_cause(sim, sqlite_url, monkeypatch):
    backup = None
    with _repo(sqlite_url) as repo:
        backup = Backup(sim, repo)
        assert backup.sync().status == "success"
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "query_only", 1)
    dbmod._DATABASES.clear()
    with _repo(sqlite_url, migrate_it=False) as repo:
        backup.repo = repo
        report = backup.sync()
    assert report.status == "failed" and report.exit_code == EXIT_SYNC_FAILED
    assert report.error.startswith("the backup database is read-only")
    assert "solo lectura" in report.user_message
    assert report.results == [] and not report.recorded  # the status file has it
    monkeypatch.delitem(dbmod.SQLITE_PRAGMAS, "query_only")
    dbmod._DATABASES.clear()
    with _repo(sqlite_url) as repo:
        backup.repo = repo
        assert backup.sync().status == "success"
        assert not IngestionRun.select().where(IngestionRun.status == "running").count()
        backup.assert_exact()


def test_the_window_shows_the_cause_in_spanish_once():
    report = SyncReport("r1", started_at=None)  # type: ignore[arg-type]
    error = StorageError("database or disk is full", kind="disk_full")
    from app.sync.report import EntityResult

    report.results.append(EntityResult("tests", status="failed", error=str(error)))
    report.error, report.user_message = str(error), error.user_message
    reason = report_reason(report)
    assert reason == error.user_message and "disco" in reason


class _repo:
    def __init__(self, url: str, *, migrate_it: bool = True) -> None:
        self.url, self.migrate_it = url, migrate_it

    def __enter__(self) -> Repository:
        from app.storage.migrations import migrate

        self.db = open_database(self.url)
        if self.migrate_it:
            migrate(self.db)
        return Repository(self.db)

    def __exit__(self, *exc: object) -> None:
        self.db.close()


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "-1", "abc", "3000000"])
def test_a_busy_timeout_that_is_no_sane_number_falls_back_to_the_default(
    monkeypatch, text
):
    """A fresh user's trial: nan crashed with a traceback, 3000000 gave an
    invalid lock_timeout on PostgreSQL."""
    from app.storage.db import (
        BUSY_TIMEOUT_ENV,
        DB_BUSY_TIMEOUT_SECONDS,
        busy_timeout_seconds,
    )

    monkeypatch.setenv(BUSY_TIMEOUT_ENV, text)
    assert busy_timeout_seconds() == DB_BUSY_TIMEOUT_SECONDS
