"""ACTUALIZAR against another QBench address: refused, and the window offers a
new database for it (issue 10, point 7)."""

from __future__ import annotations

from app import paths, services
from app.config import Settings, load_settings
from app.credentials import set_secret
from app.storage.db import sqlite_path


def test_the_window_refuses_another_tenant_and_offers_a_new_database(
    qtbot, make_window, make_sim, sqlite_url, memory_keyring
):
    a, b = make_sim("tiny", seed=1), make_sim("tiny", seed=2)
    connection_a = services.Connection(a.base_url, a.client_id, a.client_secret)
    assert services.run_sync(Settings(), connection_a, db_url=sqlite_url).status == (
        "success"
    )
    old_file = sqlite_path(sqlite_url)
    before = old_file.read_bytes()
    set_secret(b.client_id, b.client_secret)
    window = make_window(Settings(base_url=b.base_url, client_id=b.client_id))
    window.start_sync()
    qtbot.waitUntil(lambda: getattr(window, "tenant_message", None) is not None)
    box = window.tenant_message
    assert box.isVisible()
    assert a.base_url in box.text() and b.base_url in box.text()
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    # said once, under the indicator (issue 12): the status line is short
    assert window.status_label.text() == "La actualización falló."
    qtbot.waitUntil(lambda: a.base_url in window.reason_label.text(), timeout=5000)
    assert old_file.read_bytes() == before  # nothing written to A's copy

    window.new_database_button.click()
    qtbot.waitUntil(lambda: window.last_report is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not window.syncing, timeout=30_000)
    assert window.last_report.status == "success"
    saved = load_settings().db_url
    assert saved and saved != sqlite_url
    new_file = sqlite_path(saved)
    assert new_file.parent == paths.data_dir() and new_file.exists()
    assert window.context.database_url() == saved
    window.close()
