"""Issue 10 §1-2: every run, however early it fails, is recorded and seen.

The CLI runs as a subprocess against the simulator; the database is read back
through the services the window uses and through the REST API.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest

from app import paths, services
from app.api.command import build_app
from app.api.token_store import issue_token
from app.config import Settings
from app.logs import reset_logging
from app.run_state import read_status_file, status_file
from app.storage.db import open_database
from app.storage.repository import Repository
from tests.conftest import sim_env


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


def _env(sim, **extra):
    return {**os.environ, **sim_env(sim, **extra)}


def cli(sim, *args, **extra):
    """``qbench-backup --sync --json ...`` in a subprocess: (code, summary, err)."""
    result = subprocess.run(
        [sys.executable, "-m", "app", "--sync", "--json", *args],
        env=_env(sim, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.strip().splitlines()
    assert lines, result.stderr
    return result.returncode, json.loads(lines[-1]), result.stderr


def _run_rows(url):
    db = open_database(url)
    try:
        return [r for r in Repository(db).recent_runs(500) if r.entity == "*"]
    finally:
        db.close()


def _api_status(url, settings=None):
    settings = settings or Settings(db_url=url)
    token = issue_token()
    client = build_app(settings, {}).test_client()
    response = client.get(
        "/api/v1/sync/status", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.get_json()["backup"]


WRONG = "a-wrong-secret-that-is-long-enough-xx"


@pytest.mark.parametrize(
    ("case", "code", "words"),
    [
        ("wrong_secret", 4, "credenciales"),
        ("unreachable", 1, "No se pudo conectar con QBench"),
        ("lock_held", 3, "actualización en curso"),
    ],
)
def test_a_failed_run_after_a_good_one_is_recorded_and_turns_red(
    sim, db_url, lock_held_elsewhere, case, code, words
):
    target = sim
    good, summary, err = cli(sim, "--db-url", db_url)
    assert good == 0, err
    assert services.last_backup(db_url).state == "ok"
    extra = {"wrong_secret": {"QBENCH_CLIENT_SECRET": WRONG}}.get(case, {})
    if case == "unreachable":  # the same tenant (one per backup), gone quiet
        sim = SimpleNamespace(
            base_url=sim.base_url,
            client_id=sim.client_id,
            client_secret=sim.client_secret,
        )
        target.stop()
    if case == "lock_held":
        with lock_held_elsewhere():
            got, failed, err = cli(sim, "--db-url", db_url)
    else:
        got, failed, err = cli(sim, "--db-url", db_url, **extra)
    # --json: one summary line with the exit code and the reason, both languages.
    assert got == code, err
    assert failed["status"] == "failed" and failed["exit_code"] == code
    assert failed["error"] and words in failed["user_message"]
    assert WRONG not in json.dumps(failed) + err
    # ingestion_runs: the run's own row, although it never reached an entity.
    rows = _run_rows(db_url)
    assert [r.status for r in rows[:2]] == ["failed", "success"]
    assert rows[0].run_id == failed["run_id"] and words in rows[0].user_message
    # The indicator, Historial and the REST status all say so.
    state = services.last_backup(db_url)
    assert state.state == "failed" and words in state.reason
    assert state.last_success_at is not None
    history = services.recent_history(db_url)
    assert history[0].run_id == failed["run_id"] and history[0].status == "failed"
    assert words in "\n".join(history[0].errors)
    backup = _api_status(db_url)
    assert backup["state"] == "failed" and words in backup["reason"]
    assert backup["last_run"]["run_id"] == failed["run_id"]
    assert backup["last_run"]["exit_code"] == code


def test_missing_secret_is_recorded_with_json_exit_2(sim, sqlite_url):
    assert cli(sim, "--db-url", sqlite_url)[0] == 0
    env = {"QBENCH_CLIENT_SECRET": ""}
    code, summary, err = cli(sim, "--db-url", sqlite_url, **env)
    assert code == 2 and summary["exit_code"] == 2
    assert "Falta configurar" in summary["user_message"]
    assert services.last_backup(sqlite_url).state == "failed"


def test_killed_run_shows_as_interrupted_never_running(make_sim, db_url):
    sim = make_sim("small")
    sim.add_fault("slow", path="/qbench/api/v2/orders", page=1, seconds=30, times=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--sync", "--db-url", db_url],
        env=_env(sim),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(r.status == "running" for r in _safe_rows(db_url)):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
        while sim.request_count("/qbench/api/v2/orders") == 0:
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert [r.status for r in _run_rows(db_url)] == ["running"]  # as it died
    state = services.last_backup(db_url)
    assert state.state == "interrupted" and "interrump" in state.reason
    history = services.recent_history(db_url)
    assert history[0].status == "interrupted"
    assert _api_status(db_url)["state"] == "interrupted"
    # The next run closes it as interrupted for good.
    assert cli(sim, "--db-url", db_url)[0] == 0
    statuses = [r.status for r in _run_rows(db_url)]
    assert statuses == ["success", "interrupted"]


def _safe_rows(url):
    try:
        return _run_rows(url)
    except Exception:  # noqa: BLE001 - the file is still being created
        return []


def test_an_unwritable_database_leaves_the_status_file(sim, sqlite_url, monkeypatch):
    from app.storage import db as dbmod

    assert cli(sim, "--db-url", sqlite_url)[0] == 0
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "query_only", 1)
    dbmod._DATABASES.clear()
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
    report = services.run_sync(settings, connection, db_url=sqlite_url)
    assert report.status == "failed" and not report.recorded
    assert [r.status for r in _run_rows(sqlite_url)] == ["success"]  # not in the db
    outcome = read_status_file()
    assert outcome is not None and outcome.run_id == report.run_id
    assert outcome.status == "failed" and "solo lectura" in outcome.user_message
    on_disk = json.loads(status_file().read_text("utf-8"))
    assert on_disk["version"] == 1 and on_disk["exit_code"] == 1
    assert on_disk["database"] == sqlite_url
    # The window's reading and --serve's both take the file into account.
    state = services.last_backup(sqlite_url)
    assert state.state == "failed" and "solo lectura" in state.reason
    assert _api_status(sqlite_url)["state"] == "failed"
    assert services.recent_history(sqlite_url)[0].run_id == report.run_id
    # Once the database takes writes again, the next run brings it in.
    monkeypatch.delitem(dbmod.SQLITE_PRAGMAS, "query_only")
    dbmod._DATABASES.clear()
    assert services.run_sync(settings, connection, db_url=sqlite_url).recorded
    rows = _run_rows(sqlite_url)
    assert [(r.run_id, r.status) for r in rows][1] == (report.run_id, "failed")


def test_an_unreachable_database_is_in_the_status_file(sim):
    url = "postgresql://postgres@127.0.0.1:1/nothing"
    code, summary, err = cli(sim, "--db-url", url)
    assert code == 2 and summary["exit_code"] == 2
    assert "servidor PostgreSQL 127.0.0.1:1" in summary["user_message"]
    assert "refused" not in summary["user_message"]
    outcome = read_status_file()
    assert outcome.status == "failed" and outcome.database == url
    state = services.last_backup(url)  # the database cannot be read: the file
    assert state.state == "failed" and "servidor PostgreSQL" in state.reason
    assert paths.data_dir().joinpath("last-run.json").exists()


def test_a_partial_run_after_a_failure_does_not_turn_green(sim, sqlite_url):
    """A fresh user's trial: tests failed in a full run, then a run of customers
    alone succeeded and the indicator and REST said "ok" — while tests were still
    not copied. Green needs every entity's last pass to have succeeded."""
    assert cli(sim, "--db-url", sqlite_url)[0] == 0
    sim.add_fault("status", path="/qbench/api/v2/tests", status=400, times=1000)
    assert cli(sim, "--db-url", sqlite_url, "--full")[0] == 1
    code, summary, err = cli(sim, "--db-url", sqlite_url, "--entities", "customers")
    assert code == 0, err
    state = services.last_backup(sqlite_url)
    assert state.state == "failed" and "tests" in state.reason
    assert _api_status(sqlite_url)["state"] == "failed"
    sim.clear_faults()
    assert cli(sim, "--db-url", sqlite_url)[0] == 0
    assert services.last_backup(sqlite_url).state == "ok"


def test_a_database_the_window_cannot_read_still_shows_the_last_good_backup(
    sim, tmp_path
):
    """A fresh user's trial: with the database unreadable the window said
    "Último respaldo: nunca" although a good backup existed."""
    url = f"sqlite:///{tmp_path / 'db' / 'backup.sqlite3'}"
    (tmp_path / "db").mkdir()
    code, good, err = cli(sim, "--db-url", url)
    assert code == 0, err
    (tmp_path / "db" / "backup.sqlite3").unlink()
    (tmp_path / "db").rmdir()  # the database is gone for the next run
    assert cli(sim, "--db-url", url)[0] == 2
    state = services.last_backup(url)
    assert state.state == "failed"
    assert state.last_success_at is not None
    assert state.last_success_at.isoformat()[:16] == good["finished_at"][:16]


@pytest.mark.postgres
def test_a_password_in_the_database_url_works_but_is_warned_about(sim, postgres_url):
    """Issue 10 §8: a password inside --db-url / QBENCH_BACKUP_DB_URL is never
    accepted silently, never logged or written, and the run is the same
    database's run as one reached with the password elsewhere."""
    password = "s3cret-in-the-url-0123"
    with_password = postgres_url.replace("postgres@", f"postgres:{password}@", 1)
    assert with_password != postgres_url
    code, summary, err = cli(sim, "--db-url", with_password)
    assert code == 0, err
    [warning] = [line for line in err.splitlines() if "holds a password" in line]
    assert "QBENCH_BACKUP_DB_PASSWORD" in warning
    code, summary, err = cli(sim, QBENCH_BACKUP_DB_URL=with_password)
    assert code == 0 and "holds a password" in err
    written = [status_file().read_text("utf-8")]
    written += [p.read_text("utf-8") for p in paths.log_dir().glob("*.log")]
    assert written[1:] and not any(password in text for text in written)
    assert read_status_file().database == postgres_url  # one label for one database
    assert services.last_backup(postgres_url).state == "ok"


def test_a_run_stopped_by_bad_settings_is_adopted_by_the_next_sync(sim, sqlite_url):
    """Settings too broken to name a database: the failure waits in the status
    file (database unknown) and the next sync that can write records it."""
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('{"page_size": 0}', encoding="utf-8")
    code, summary, err = cli(sim)
    assert code == 2, err
    assert read_status_file().database is None
    paths.settings_file().unlink()
    assert cli(sim, "--db-url", sqlite_url)[0] == 0
    runs = {r.run_id: r for r in _run_rows(sqlite_url)}
    failed = runs[summary["run_id"]]
    assert failed.status == "failed" and "page_size" in failed.user_message


def test_a_wrong_secret_is_one_line_on_stderr(sim, sqlite_url):
    """Known errors get one clear line (the engine's own log line stays in the
    log file: the stderr had the same failure twice, in two languages)."""
    assert cli(sim, "--db-url", sqlite_url)[0] == 0
    code, summary, err = cli(sim, "--db-url", sqlite_url, QBENCH_CLIENT_SECRET=WRONG)
    assert code == 4
    assert len(err.strip().splitlines()) == 1, err
