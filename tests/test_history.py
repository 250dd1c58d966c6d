"""Historial's data (no Qt): durations that match wall time, the status file's
unrecorded outcomes, and a database that cannot be read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import psycopg2
import pytest

from app import services
from app.config import Settings
from app.history import load_history
from app.run_state import (
    MAX_UNRECORDED,
    RunOutcome,
    mark_recorded,
    read_status_file,
    read_status_outcomes,
    read_unrecorded,
    status_file,
    write_status_file,
)
from app.storage.db import open_database
from app.storage.repository import Repository
from tests.conftest import PG_ADMIN_DSN


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


@pytest.fixture
def breakable(db_url, tmp_path):
    """A backup database (both kinds) that can be made unreadable and mended:
    the SQLite file's folder moved away, the PostgreSQL database renamed."""
    if db_url.startswith("sqlite"):
        folder = tmp_path / "db"
        folder.mkdir()
        url = f"sqlite:///{folder / 'backup.sqlite3'}"
        away = tmp_path / "db-away"
        return SimpleNamespace(
            url=url,
            break_=lambda: folder.rename(away),
            mend=lambda: away.rename(folder),
        )
    name = db_url.rsplit("/", 1)[1]

    def rename(old, new):
        admin = psycopg2.connect(PG_ADMIN_DSN, connect_timeout=5)
        admin.autocommit = True
        try:
            with admin.cursor() as cur:
                cur.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    (old,),
                )
                cur.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')
        finally:
            admin.close()

    return SimpleNamespace(
        url=db_url,
        break_=lambda: rename(name, f"{name}_away"),
        mend=lambda: rename(f"{name}_away", name),
    )


def test_consecutive_failures_the_database_missed_are_all_kept_then_adopted(
    sim, breakable
):
    """Issue 10's gap: the status file held one outcome, so a second failure
    while the database was unreachable erased the first. Now every one is kept,
    Historial shows them with why the database cannot be read, and the next run
    that reaches the database records them all."""
    url = breakable.url
    good = _sync(sim, url)
    assert good.status == "success" and good.recorded
    breakable.break_()
    failed = [_sync(sim, url) for _ in range(3)]
    assert [(r.status, r.recorded) for r in failed] == [("failed", False)] * 3
    assert [o.run_id for o in read_unrecorded()] == [r.run_id for r in failed]
    on_disk = json.loads(status_file().read_text("utf-8"))
    assert on_disk["version"] == 1 and on_disk["run_id"] == failed[-1].run_id
    # Historial: what the status file knows, and why the database is silent.
    shown = load_history(url)
    assert shown.problem == failed[-1].user_message  # Spanish, from the driver
    assert [r.run_id for r in shown.runs] == [r.run_id for r in reversed(failed)]
    assert all(r.status == "failed" and not r.recorded for r in shown.runs)
    assert all(r.reason for r in shown.runs)
    breakable.mend()
    again = _sync(sim, url)
    assert again.status == "success" and again.recorded
    rows = _run_rows(url)
    expected = [again, *reversed(failed), good]
    assert [(r.run_id, r.status) for r in rows] == [
        (r.run_id, r.status) for r in expected
    ]
    assert read_unrecorded() == []
    shown = load_history(url)
    assert shown.problem == "" and [r.run_id for r in shown.runs] == [
        r.run_id for r in expected
    ]
    assert all(r.recorded for r in shown.runs)


def test_a_status_file_of_the_one_outcome_format_is_read_and_adopted(sim, sqlite_url):
    """A file written before outcomes were kept in a list (version 1, one
    outcome, no ``recorded``) still counts: read, shown, adopted."""
    assert _sync(sim, sqlite_url).status == "success"
    old = {
        "version": 1,
        "run_id": "old-run",
        "status": "failed",
        "started_at": "2026-01-02T03:04:05+00:00",
        "finished_at": "2026-01-02T03:04:45+00:00",
        "error": "the database is read-only",
        "user_message": "La base de datos está en modo de solo lectura.",
        "exit_code": 1,
        "database": sqlite_url,
        "last_success_at": None,
    }
    status_file().write_text(json.dumps(old), "utf-8")
    assert [o.run_id for o in read_status_outcomes()] == ["old-run"]
    assert [o.run_id for o in read_unrecorded()] == ["old-run"]
    shown = load_history(sqlite_url).runs
    assert [(r.run_id, r.recorded) for r in shown][-1] == ("old-run", False)
    assert shown[-1].seconds(datetime.now(UTC)) == 40
    assert _sync(sim, sqlite_url).recorded
    adopted = [r for r in _run_rows(sqlite_url) if r.run_id == "old-run"]
    assert [(r.status, r.user_message) for r in adopted] == [
        ("failed", "La base de datos está en modo de solo lectura.")
    ]
    assert read_unrecorded() == []


def _outcome(number, **kwargs):
    start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=number)
    return RunOutcome(
        f"run-{number}", "failed", start, start + timedelta(seconds=5), **kwargs
    )


def test_the_status_file_keeps_the_newest_unrecorded_outcomes():
    for number in range(MAX_UNRECORDED + 5):
        write_status_file(_outcome(number), recorded=False)
    kept = [o.run_id for o in read_unrecorded()]
    assert kept == [f"run-{n}" for n in range(5, MAX_UNRECORDED + 5)]
    write_status_file(_outcome(99), recorded=True)  # the database took this one
    assert [o.run_id for o in read_unrecorded()] == kept
    assert [o.run_id for o in read_status_outcomes()] == [*kept, "run-99"]
    assert read_status_file().run_id == "run-99"  # what the indicator reads
    mark_recorded(["run-5", "run-6"])
    assert [o.run_id for o in read_unrecorded()] == kept[2:]
    before = status_file().stat().st_ino
    mark_recorded(["run-5", "run-99"])  # nothing new: the file is not rewritten
    assert status_file().stat().st_ino == before  # (the window polls its stamp)


def test_a_database_that_cannot_be_read_still_shows_the_status_file(sim):
    url = "postgresql://postgres@127.0.0.1:1/nothing"
    report = _sync(sim, url)
    assert report.status == "failed" and not report.recorded
    shown = load_history(url)
    assert "servidor PostgreSQL 127.0.0.1:1" in shown.problem
    assert [(r.run_id, r.status) for r in shown.runs] == [(report.run_id, "failed")]
    other = load_history("postgresql://postgres@127.0.0.1:1/another")
    assert other.runs == [] and other.problem  # another database: not its runs


def test_a_partial_run_only_the_status_file_knows_keeps_its_reason(tmp_path):
    """Issue 12 point 5: the status file carries a partial run (exit 5) and its
    Spanish reason to Historial when no database took it."""
    from datetime import UTC, datetime

    from app.history import load_history
    from app.run_state import RunOutcome, write_status_file

    url = f"sqlite:///{tmp_path / 'none' / 'missing.db'}"
    began = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    reason = "Sin permiso para Pagos: conceda el alcance PAYMENT."
    outcome = RunOutcome("p", "partial", began, began, "payments: 403", reason, 5)
    write_status_file(outcome, recorded=False)
    runs = load_history(url, running=False).runs
    assert [(r.run_id, r.status, r.reason) for r in runs] == [("p", "partial", reason)]


def test_a_partial_run_without_a_reason_names_its_skipped_sections():
    from app.history import _legacy_reason
    from app.run_state import PARTIAL_TEXT
    from app.storage.runs import RunRecord

    def row(entity, status, message=None):
        return RunRecord(
            1, "p", entity, None, None, 0, 0, 0, 0, 0, status, None, message
        )

    skipped = row("contacts", "skipped", "Sin permiso para Contactos: CONTACT.")
    assert _legacy_reason("partial", [row("orders", "success"), skipped]) == (
        "Sin permiso para Contactos: CONTACT."
    )
    assert _legacy_reason("partial", []) == PARTIAL_TEXT
