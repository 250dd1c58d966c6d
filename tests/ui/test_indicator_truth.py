"""Issue 10 §1-3 in the window: red after any failed run (however early, however
headless), amber for an interrupted run, QBench errors in the user's words."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from loguru import logger
from PySide6.QtCore import Qt

from app import services
from app.config import Settings
from app.credentials import set_secret
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.ui.status import AMBER, GREEN, RED

WRONG = "a-wrong-secret-that-is-long-enough-xx"
REPR_WORDS = ("Error:", "HTTPSConnectionPool", "NameResolution", "Max retries")


def _good_sync(sim, settings, url):
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    assert services.run_sync(settings, connection, db_url=url).status == "success"


def test_a_headless_failure_turns_the_open_window_red(
    qtbot, make_window, tenant_settings, sim, sqlite_url
):
    _good_sync(sim, tenant_settings, sqlite_url)
    window = make_window(tenant_settings)
    qtbot.waitUntil(lambda: window.current_indicator.colour == GREEN, timeout=5000)
    env = {
        **os.environ,
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": WRONG,
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "--sync", "--db-url", sqlite_url],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 4
    # The scheduled run was too short for the lock to be seen: the status file
    # it rewrote is what tells the window.
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    assert "falló" in window.indicator_label.text()
    assert "credenciales" in window.reason_label.text()
    history = window.open_history()
    qtbot.waitUntil(lambda: history.table.rowCount() == 2, timeout=5000)
    assert history.table.item(0, 2).text() == "falló"
    assert "credenciales" in history.table.item(0, 3).text()
    assert history.table.item(1, 2).text() == "correcto"


def test_a_run_that_died_shows_as_interrupted_in_amber(
    qtbot, make_window, tenant_settings, sim, sqlite_url
):
    _good_sync(sim, tenant_settings, sqlite_url)
    db = open_database(sqlite_url)
    try:
        migrate(db)
        repo = Repository(db)
        repo.start_run("dead-run", "*")  # as kill -9 leaves it
        repo.start_run("dead-run", "customers")
    finally:
        db.close()
    window = make_window(tenant_settings)
    qtbot.waitUntil(lambda: window.current_indicator.colour == AMBER, timeout=5000)
    assert "interrumpió" in window.indicator_label.text()
    history = window.open_history()
    qtbot.waitUntil(lambda: history.table.rowCount() == 2, timeout=5000)
    assert history.table.item(0, 2).text() == "interrumpido"
    texts = [history.table.item(r, 2).text() for r in range(2)]
    assert "en curso" not in texts


def test_an_unresolvable_host_fails_at_once_in_spanish(
    qtbot, make_window, memory_keyring, sqlite_url
):
    settings = Settings(base_url="https://qbench-backup-test.invalid", client_id="id")
    set_secret("id", "a-secret-long-enough-to-be-one")
    logged: list[str] = []
    sink = logger.add(lambda m: logged.append(str(m)), level="INFO")
    window = make_window(settings)
    started = time.monotonic()
    qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    assert time.monotonic() - started < 5  # no six retries over 15 s
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    shown = "\n".join(
        (
            window.indicator_label.text(),
            window.reason_label.text(),
            window.status_label.text(),
            window.log_view.toPlainText(),
        )
    )
    assert "No se pudo conectar con QBench" in window.reason_label.text()
    # said once, under the indicator (issue 12): the status line is short
    assert window.status_label.text() == "La actualización falló."
    assert not [word for word in REPR_WORDS if word in shown], shown
    history = window.open_history()
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=5000)
    assert "No se pudo conectar con QBench" in history.table.item(0, 3).text()
    logger.remove(sink)
    detail = [line for line in logged if "NameResolutionError" in line]
    assert detail  # the technical detail is in the log (the file, not the pane)


def test_a_scheduled_run_into_another_database_turns_the_window_red(
    qtbot, make_window, tenant_settings, sim, sqlite_url, tmp_path
):
    """The task's environment names another database (QBENCH_BACKUP_DB_URL): its
    failure must not hide behind the green of the database the window shows."""
    _good_sync(sim, tenant_settings, sqlite_url)
    window = make_window(tenant_settings)
    qtbot.waitUntil(lambda: window.current_indicator.colour == GREEN, timeout=5000)
    other = f"sqlite:///{tmp_path / 'nightly.sqlite3'}"
    env = {
        **os.environ,
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": WRONG,
        "QBENCH_BACKUP_DB_URL": other,
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "--sync"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 4
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    assert "otra base de datos" in window.reason_label.text()
    assert "nightly.sqlite3" in window.reason_label.text()
    assert "credenciales" in window.reason_label.text()
