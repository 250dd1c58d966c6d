"""``--sync`` when the backup database pushes back (issue 9, kind 7).

Locked by another program, disk full, read-only, connection lost: the run waits
for a busy database up to the bound, then ends with one line naming the cause,
the ``--json`` line, exit 1, the run recorded as failed where the database still
takes a write, and the next run (cause gone) completes exactly. Each command is
a real subprocess, as the scheduler runs it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2
import pytest

from app.storage.db import BUSY_TIMEOUT_ENV, open_database
from app.storage.repository import Repository
from app.sync.engine import CORE_ENTITIES
from tests.conftest import PG_ADMIN_DSN, sim_env
from tests.sync.conftest import Backup

TIMEOUT = 120


def _env(sim, **extra) -> dict[str, str]:
    return {**os.environ, **sim_env(sim, **extra)}


def _start(sim, url: str, **extra) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--sync",
            "--json",
            "--db-url",
            url,
            "--entities",  # database failures, told on the core sections
            ",".join(CORE_ENTITIES),
        ],
        env=_env(sim, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen) -> tuple[int, dict, list[str]]:
    out, err = proc.communicate(timeout=TIMEOUT)
    assert "Traceback" not in err, err
    lines = out.strip().splitlines()
    assert lines, f"no --json line; stderr: {err}"
    return proc.returncode, json.loads(lines[-1]), err.strip().splitlines()


def _sync(sim, url: str, **extra) -> tuple[int, dict, list[str]]:
    return _finish(_start(sim, url, **extra))


def _assert_clean_failure(result, cause: str) -> dict:
    """Exit 1, exactly one stderr line naming ``cause``, a failed JSON summary."""
    code, summary, err = result
    assert code == 1, err
    assert len(err) == 1, err
    assert cause in err[0].lower(), err
    assert summary["status"] == "failed" and cause in summary["error"].lower()
    return summary


def _runs(url: str):
    db = open_database(url)
    try:
        return Repository(db).recent_runs(500)
    finally:
        db.close()


def _assert_exact(sim, url: str) -> None:
    db = open_database(url)
    try:
        Backup(sim, Repository(db)).assert_exact()
    finally:
        db.close()


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@contextmanager
def _sqlite_lock(url: str, seconds: float):
    """Another process holds the SQLite write lock (BEGIN IMMEDIATE) meanwhile."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('held', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n"
            "c.execute('ROLLBACK')\n",
            str(_path(url)),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.wait(timeout=TIMEOUT)
        holder.stdout.close()


def _entity_started(url: str, entity: str) -> bool:
    with closing(sqlite3.connect(f"file:{_path(url)}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT COUNT(*) FROM ingestion_runs "
            "WHERE entity = ? AND status = 'running'",
            (entity,),
        ).fetchone()
    return bool(row[0])


def _wait_for(condition, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


# -- SQLite locked by another program ------------------------------------------


def test_a_short_lock_at_start_is_waited_for(sim, sqlite_url):
    assert _sync(sim, sqlite_url)[0] == 0
    sim.advance(120)
    with _sqlite_lock(sqlite_url, 1.5):
        code, summary, err = _sync(sim, sqlite_url, **{BUSY_TIMEOUT_ENV: "20"})
    assert code == 0, err
    assert summary["status"] == "success"
    _assert_exact(sim, sqlite_url)


def test_a_lock_at_start_past_the_bound_fails_cleanly_then_the_next_run_is_exact(
    sim, sqlite_url
):
    assert _sync(sim, sqlite_url)[0] == 0
    sim.tenant.insert("customers", {"customer_name": "Nuevo Cliente"})
    with _sqlite_lock(sqlite_url, 8):
        started = time.monotonic()
        result = _sync(sim, sqlite_url, **{BUSY_TIMEOUT_ENV: "1"})
        assert time.monotonic() - started < 7  # bounded: it did not wait it out
    _assert_clean_failure(result, "locked")
    code, summary, err = _sync(sim, sqlite_url)
    assert code == 0, err
    _assert_exact(sim, sqlite_url)
    assert not [r for r in _runs(sqlite_url) if r.status == "running"]


def test_a_lock_taken_mid_sync_fails_cleanly_then_the_next_run_is_exact(
    sim, sqlite_url
):
    # Orders' first page is held back 3 s: meanwhile another program takes the
    # write lock (customers are already written) and keeps it past the bound.
    # (times=2: the plan's one-row count of orders is page 1 too.)
    sim.add_fault("slow", path="/qbench/api/v2/orders", page=1, seconds=3, times=2)
    proc = _start(sim, sqlite_url, **{BUSY_TIMEOUT_ENV: "1"})
    _wait_for(lambda: _path(sqlite_url).exists() and _started(sqlite_url), proc)
    with _sqlite_lock(sqlite_url, 9):
        result = _finish(proc)
    summary = _assert_clean_failure(result, "locked")
    statuses = {e["entity"]: e["status"] for e in summary["entities"]}
    assert statuses == {"customers": "success", "assays": "success", "orders": "failed"}
    code, _, err = _sync(sim, sqlite_url)
    assert code == 0, err
    _assert_exact(sim, sqlite_url)
    runs = _runs(sqlite_url)
    assert not [r for r in runs if r.status == "running"]
    first = [r for r in runs if r.run_id == summary["run_id"]]
    assert {r.entity: r.status for r in first}["orders"] == "failed"


def _started(url: str) -> bool:
    try:
        return _entity_started(url, "orders")
    except sqlite3.OperationalError:  # tables not created yet
        return False


# -- disk full -----------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB filesystem (tmpfs; needs root, as in CI)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path, leave_bytes: int) -> Path:
    filler = disk / "filler"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(filler, "wb") as f:
        f.write(b"\0" * max(0, free - leave_bytes))
    return filler


def test_a_full_disk_fails_cleanly_twice_then_the_next_run_is_exact(sim, tiny_disk):
    url = f"sqlite:///{tiny_disk / 'backup.sqlite3'}"
    filler = _fill(tiny_disk, 700_000)  # the schema and a few entities fit
    first = _assert_clean_failure(_sync(sim, url), "full")
    assert "cannot rollback" not in first["error"]
    second = _assert_clean_failure(_sync(sim, url), "full")
    assert "cannot rollback" not in second["error"]
    filler.unlink()
    code, summary, err = _sync(sim, url)
    assert code == 0, err
    _assert_exact(sim, url)
    runs = _runs(url)
    assert not [r for r in runs if r.status == "running"]
    # The full disk took no write: the first run is closed as interrupted by the
    # next one; the last failure, kept in the status file meanwhile, is copied
    # in as failed once the database takes writes again.
    first_rows = {r.entity: r.status for r in runs if r.run_id == first["run_id"]}
    assert first_rows["*"] in ("failed", "interrupted"), first_rows
    second_rows = {r.entity: r.status for r in runs if r.run_id == second["run_id"]}
    assert second_rows["*"] == "failed", second_rows


# -- PostgreSQL: read-only, connection lost --------------------------------------


def _admin(sql: str, *args) -> list:
    conn = psycopg2.connect(PG_ADMIN_DSN)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


@pytest.mark.postgres
def test_postgres_read_only_fails_cleanly_then_the_next_run_is_exact(sim, postgres_url):
    assert _sync(sim, postgres_url)[0] == 0
    sim.tenant.insert("customers", {"customer_name": "Nuevo Cliente"})
    name = postgres_url.rsplit("/", 1)[1]
    _admin(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    try:
        _assert_clean_failure(_sync(sim, postgres_url), "read-only")
    finally:
        _admin(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
    code, _, err = _sync(sim, postgres_url)
    assert code == 0, err
    _assert_exact(sim, postgres_url)


@pytest.mark.postgres
def test_postgres_connection_lost_mid_run_fails_cleanly_then_is_exact(
    sim, postgres_url
):
    # orders' page 1 held back (times=2: the plan's count of orders is page 1 too)
    sim.add_fault("slow", path="/qbench/api/v2/orders", page=1, seconds=3, times=2)
    name = postgres_url.rsplit("/", 1)[1]
    proc = _start(sim, postgres_url)

    def orders_started() -> bool:
        conn = psycopg2.connect(postgres_url)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT to_regclass('ingestion_runs') IS NOT NULL")
                if not cur.fetchone()[0]:
                    return False
                cur.execute(
                    "SELECT COUNT(*) FROM ingestion_runs "
                    "WHERE entity = 'orders' AND status = 'running'"
                )
                return bool(cur.fetchone()[0])
        finally:
            conn.close()

    _wait_for(orders_started, proc)
    killed = _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        name,
    )
    assert killed
    summary = _assert_clean_failure(_finish(proc), "connection")
    runs = [r for r in _runs(postgres_url) if r.run_id == summary["run_id"]]
    assert {r.entity: r.status for r in runs} == {
        "*": "failed",  # the run itself, recorded on the reopened connection
        "customers": "success",
        "assays": "success",
        "orders": "failed",
    }
    code, _, err = _sync(sim, postgres_url)
    assert code == 0, err
    _assert_exact(sim, postgres_url)
