"""A PostgreSQL backup another program keeps locked: the run waits the bound
once, not once per statement, then fails cleanly; the next run is exact.

(issue 9 kind 7 on PostgreSQL; a fresh-user audit found each of three
statements — adopting earlier outcomes, the run's first write, recording the
failure — waiting the whole ``lock_timeout``.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager

import psycopg2

from app.storage.db import BUSY_TIMEOUT_ENV
from tests.test_cli_database import (
    _assert_clean_failure,
    _assert_exact,
    _runs,
    _sync,
)

BOUND = 6  # seconds: QBENCH_BACKUP_DB_BUSY_TIMEOUT for the locked run


@contextmanager
def _pg_lock(url: str, table: str) -> Iterator[None]:
    """Another connection holds ACCESS EXCLUSIVE on ``table`` meanwhile."""
    release = threading.Event()
    held = threading.Event()

    def hold() -> None:
        with closing(psycopg2.connect(url)) as conn:
            with conn.cursor() as cur:
                cur.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
                held.set()
                release.wait(120)
            conn.rollback()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(30), "the lock was never taken"
    try:
        yield
    finally:
        release.set()
        thread.join(30)


def test_a_locked_postgres_database_is_waited_for_once(sim, postgres_url):
    assert _sync(sim, postgres_url)[0] == 0
    sim.tenant.insert("customers", {"customer_name": "Nuevo Cliente"})
    with _pg_lock(postgres_url, "ingestion_runs"):
        started = time.monotonic()
        result = _sync(sim, postgres_url, **{BUSY_TIMEOUT_ENV: str(BOUND)})
        elapsed = time.monotonic() - started
    _assert_clean_failure(result, "locked")
    # One wait of the bound (plus the short wait to record the failure and the
    # program's start), never one per statement (3 × 6 s).
    assert elapsed < 2 * BOUND + 2, f"waited {elapsed:.1f} s for a {BOUND} s bound"
    code, _, err = _sync(sim, postgres_url)
    assert code == 0, err
    _assert_exact(sim, postgres_url)
    assert not [r for r in _runs(postgres_url) if r.status == "running"]
