"""Closing the window or pressing Cancelar while the sync waits (issue 10, point 6)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app import services
from app.config import Settings
from app.credentials import set_secret


def _settings_for(sim, **overrides) -> Settings:
    set_secret(sim.client_id, sim.client_secret)
    return Settings(base_url=sim.base_url, client_id=sim.client_id, **overrides)


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _wait_for_429(qtbot, sim) -> None:
    qtbot.waitUntil(lambda: sim.request_count(status=429) >= 1, timeout=20_000)
    time.sleep(0.2)  # the client is now sleeping out QBench's ~60 s


def test_closing_during_a_429_wait_asks_then_stops_at_once(
    qtbot, make_sim, memory_keyring, make_window, sqlite_url
):
    sim = make_sim("small", rate_limit=6, rate_window=60)  # 429 after six requests
    window = make_window(_settings_for(sim))
    _click(qtbot, window.sync_button)
    _wait_for_429(qtbot, sim)
    assert window.syncing

    window.close()  # the user clicks the window's X
    box = window.close_question
    assert box is not None and box.isVisible()
    assert "¿Detenerla y cerrar" in box.text()
    assert window.isVisible()  # nothing closes before the answer
    started = time.monotonic()
    _click(qtbot, box.button(QMessageBox.StandardButton.Yes))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2_000)
    assert time.monotonic() - started < 2.0
    assert not window.syncing and window._thread is None  # no thread left running
    assert not window.log_bridge.installed  # shutdown() ran
    history = services.recent_history(sqlite_url)
    assert history[0].status == "cancelled", history[0]
    assert "running" not in {e["status"] for e in history[0].entities}


def test_answering_no_keeps_the_sync_and_the_window(
    qtbot, make_sim, memory_keyring, make_window
):
    sim = make_sim("small", rate_limit=6, rate_window=60)
    window = make_window(_settings_for(sim))
    _click(qtbot, window.sync_button)
    _wait_for_429(qtbot, sim)
    window.close()
    _click(qtbot, window.close_question.button(QMessageBox.StandardButton.No))
    qtbot.wait(200)
    assert window.isVisible() and window.syncing
    _click(qtbot, window.cancel_button)  # clean up: Cancelar is immediate too
    qtbot.waitUntil(lambda: not window.syncing, timeout=2_000)


def test_cancelar_during_the_clients_own_rate_limit_wait_is_immediate(
    qtbot, make_sim, memory_keyring, make_window, sqlite_url
):
    sim = make_sim("small")
    # Our pacer allows 4 requests a minute: the fifth waits ~60 s before it is sent.
    window = make_window(
        _settings_for(sim, rate_limit_requests=5, rate_limit_seconds=60)
    )
    _click(qtbot, window.sync_button)
    qtbot.waitUntil(lambda: window.progress_view.events >= 1, timeout=20_000)
    time.sleep(0.5)  # inside the pacer's wait now
    assert window.syncing
    started = time.monotonic()
    _click(qtbot, window.cancel_button)
    qtbot.waitUntil(lambda: not window.syncing, timeout=2_000)
    assert time.monotonic() - started < 2.0
    assert window.last_report is not None
    assert window.last_report.status == "cancelled"
    assert services.recent_history(sqlite_url)[0].status == "cancelled"
