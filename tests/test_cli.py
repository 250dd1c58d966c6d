"""``qbench-backup --sync``: exit codes, JSON summary, demo mode, kill and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from app import cli, paths
from app.entities import CORE_ENTITIES, DEFAULT_ENTITIES
from app.logs import reset_logging
from tests.conftest import sim_env


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


_env = sim_env


def test_sync_json_summary_and_exit_0(sim, db_url, capsys):
    code = cli.main(["--sync", "--json", "--db-url", db_url], env=_env(sim))
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "success"
    # every default entity of the registry, parents first
    assert [e["entity"] for e in summary["entities"]] == list(DEFAULT_ENTITIES)
    total = sum(len(rows) for e, rows in sim.dump().items() if e in CORE_ENTITIES)
    assert summary["totals"]["fetched"] >= total
    assert sim.client_secret not in out + err


def test_entities_subset(sim, sqlite_url, capsys):
    code = cli.main(
        ["--sync", "--json", "--entities", "orders,customers", "--db-url", sqlite_url],
        env=_env(sim),
    )
    summary = json.loads(capsys.readouterr().out.strip())
    assert code == 0
    assert [e["entity"] for e in summary["entities"]] == ["customers", "orders"]


def test_unknown_entity_is_a_usage_error(sim, capsys):
    assert cli.main(["--sync", "--entities", "nope"], env=_env(sim)) == 2
    assert "unknown entities: nope" in capsys.readouterr().err


def test_wrong_secret_exits_4(sim, sqlite_url, capsys):
    env = _env(sim, QBENCH_CLIENT_SECRET="a-wrong-secret-that-is-long-enough-xx")
    assert cli.main(["--sync", "--db-url", sqlite_url], env=env) == 4
    err = capsys.readouterr().err
    assert "credentials" in err.lower()
    assert "a-wrong-secret" not in err


def test_no_tenant_url_exits_2_with_one_clear_line(sim, capsys):
    env = _env(sim)
    del env["QBENCH_BASE_URL"]
    assert cli.main(["--sync"], env=env) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "QBENCH_BASE_URL" in err[0]


def test_unreachable_database_exits_2_with_the_reason(sim, capsys):
    url = "postgresql://postgres:pw-secret@127.0.0.1:1/nothing"
    assert cli.main(["--sync", "--db-url", url], env=_env(sim)) == 2
    err = capsys.readouterr().err
    assert "cannot open the database" in err and "pw-secret" not in err


def test_a_second_concurrent_run_exits_3(sim, sqlite_url, capsys, lock_held_elsewhere):
    with lock_held_elsewhere():
        assert cli.main(["--sync", "--db-url", sqlite_url], env=_env(sim)) == 3
    assert "another sync" in capsys.readouterr().err


def test_help_lists_the_modes(capsys):
    assert cli.main(["--help"], env={}) == 0
    out = capsys.readouterr().out
    assert "--sync" in out and "--demo" in out and "Exit codes" in out


def test_demo_sync_uses_the_bundled_simulator_and_a_separate_database(capsys):
    code = cli.main(["--demo", "--sync", "--json"], env={})
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0, summary
    assert summary["totals"]["fetched"] > 1500
    assert paths.demo_sqlite_path().exists()
    assert not paths.default_sqlite_path().exists()


def test_killed_mid_entity_resumes_without_refetching_completed_pages(
    make_sim, sqlite_url
):
    sim = make_sim("small")
    tests_path = "/qbench/api/v2/tests"
    sim.add_fault("slow", path=tests_path, page=3, seconds=30, times=1)
    env = {**os.environ, **_env(sim)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--sync", "--db-url", sqlite_url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Wait until pages 1 and 2 of the tests listing are committed; page 3 is
        # held back 30 s by the simulator, so the process is stuck inside it.
        deadline = time.monotonic() + 120
        while _committed_page(sqlite_url, "tests") < 2:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    sim.clear_faults()
    sim.reset_counts()
    assert cli.main(["--sync", "--db-url", sqlite_url], env=_env(sim)) == 0
    listings = [
        r for r in sim.request_log(tests_path) if r.param("include_deleted") == "TRUE"
    ]
    pages = [int(r.param("page_num")) for r in listings if not r.param("last_updated")]
    assert pages and min(pages) == 3, pages  # pages 1 and 2 were not fetched again
    # The resumed pass then re-lists only what changed since it first began.
    catch_up = [r for r in listings if r.param("last_updated")]
    assert len(catch_up) == 1, [r.query for r in catch_up]
    from app.storage.db import open_database
    from app.storage.repository import Repository
    from tests.sync.conftest import Backup

    db = open_database(sqlite_url)
    try:
        Backup(sim, Repository(db)).assert_exact()
        runs = Repository(db).recent_runs()
        assert any(r.status == "interrupted" for r in runs)
    finally:
        db.close()


def _committed_page(sqlite_url: str, entity: str) -> int:
    """The page of the ``all`` phase the checkpoint says is committed (0 if none)."""
    import sqlite3
    from contextlib import closing

    path = sqlite_url.removeprefix("sqlite:///")
    if not os.path.exists(path):
        return 0
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        try:
            row = conn.execute(
                "SELECT last_cursor FROM sync_checkpoints WHERE entity = ?", (entity,)
            ).fetchone()
        except sqlite3.OperationalError:  # tables not created yet
            return 0
    cursor = json.loads(row[0]) if row and row[0] else {}
    return cursor.get("page", 0) if cursor.get("phase") == "all" else 0


def test_sync_takes_the_secret_from_the_keyring(sim, sqlite_url, memory_keyring):
    from app.credentials import set_secret

    set_secret(sim.client_id, sim.client_secret)
    env = _env(sim)
    del env["QBENCH_CLIENT_SECRET"]
    assert cli.main(["--sync", "--db-url", sqlite_url], env=env) == 0


def test_secrets_never_reach_the_log_file(sim, sqlite_url):
    assert cli.main(["--sync", "--db-url", sqlite_url], env=_env(sim)) == 0
    log = (paths.log_dir() / "qbench-backup.log").read_text(encoding="utf-8")
    assert "customers: success" in log
    assert sim.client_secret not in log
    assert "Bearer " not in log or "Bearer ***" in log


def test_diagnose_reports_version_folders_and_keyring(capsys, app_home):
    assert cli.main(["--diagnose"], env={}) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["version"] == cli.__version__
    assert info["data_dir"].startswith(str(app_home))
    assert set(info["keyring"]) == {"usable", "backend"}


def test_progress_bar_only_on_a_terminal():
    import io

    from app.sync.report import SectionDone, SectionStarted, SyncProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    tty, pipe = Terminal(), io.StringIO()
    events = [
        SectionStarted("tests", "full", requests=2),
        SyncProgress("tests", "all", 3, 10, 150, page=3, requests=5),
        SectionDone("tests", "success", "full", 150, 150, requests=5),
    ]
    for stream in (tty, pipe, None):
        progress = cli.Progress(stream)
        for event in events:
            progress(event)
        progress.done()
    assert "tests" in tty.getvalue() and "3/10 pages" in tty.getvalue()
    assert "3/3 pages" in tty.getvalue() and "150 new" in tty.getvalue()
    assert pipe.getvalue() == ""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_cancels_cleanly_with_the_json_line(
    make_sim, sqlite_url, signum
):
    """A fresh user's trial: Ctrl+C printed a KeyboardInterrupt traceback and left
    the run 'running'; SIGTERM ended it silently. Both now cancel like Cancelar."""
    sim = make_sim("small")
    # Page 2 is held back 3 s: the signal lands while its answer is awaited.
    sim.add_fault("slow", path="/qbench/api/v2/tests", page=2, seconds=3, times=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--sync", "--json", "--db-url", sqlite_url],
        env={**os.environ, **_env(sim)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while _committed_page(sqlite_url, "tests") < 1:
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "cancelled" and proc.returncode == 1
    from app.storage.db import open_database
    from app.storage.repository import Repository

    db = open_database(sqlite_url)
    try:
        runs = Repository(db).recent_runs()
        assert not [r for r in runs if r.status == "running"]
        assert any(r.entity == "*" and r.status == "cancelled" for r in runs)
    finally:
        db.close()
