"""The main window against the simulator over real HTTP and a temporary SQLite."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer

from app import services
from app.config import Settings
from app.credentials import set_secret
from app.sync.report import SyncProgress
from app.ui import workers
from app.ui.status import GREEN, RED, format_local

SYNC_TIMEOUT_MS = 30_000


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _run_to_end(qtbot, window) -> None:
    _click(qtbot, window.sync_button)
    assert window.syncing and not window.sync_button.isEnabled()
    qtbot.waitUntil(lambda: not window.syncing, timeout=SYNC_TIMEOUT_MS)


def _settings_for(sim) -> Settings:
    """Settings that reach ``sim``, paced at its own rate limit."""
    set_secret(sim.client_id, sim.client_secret)
    return Settings(
        base_url=sim.base_url,
        client_id=sim.client_id,
        rate_limit_requests=sim.config.rate_limit,
        rate_limit_seconds=sim.config.rate_window,
    )


# A first backup of ``small`` is ~280 requests: over 90 % of QBench's 300 a
# minute, so at the real limit the pacer waits a minute near its end. Tests
# about the window, not the limit, give their simulator room.
ROOMY = 3000


def test_actualizar_runs_a_real_sync_and_turns_green(
    qtbot, make_window, tenant_settings, sim, sqlite_url
):
    window = make_window(tenant_settings)
    assert "nunca" in window.indicator_label.text()
    _run_to_end(qtbot, window)
    report = window.last_report
    assert report is not None and report.status == "success"
    qtbot.waitUntil(lambda: window.current_indicator.colour == GREEN, timeout=5000)
    state = services.last_backup(sqlite_url)
    assert abs(state.last_success_at - report.finished_at) < timedelta(seconds=5)
    assert format_local(state.last_success_at) in window.indicator_label.text()
    assert window.sync_button.isEnabled() and not window.cancel_button.isEnabled()
    # progress signals arrived on the GUI side, per entity, with pages and records
    view = window.progress_view
    assert view.events >= len(report.results)
    fetched = {r.entity: r.fetched for r in report.results}
    assert view.text("tests", 0) == "Pruebas"
    assert view.text("tests", 1) == "completado"
    assert view.text("tests", 2).startswith(f"{fetched['tests']} registros leídos · ")
    assert view.bar.value() == view.bar.maximum()
    assert view.eta_label.text() == ""  # never 'completado' as a time left
    assert "sync" in window.log_view.toPlainText()  # the loguru sink feeds the pane
    assert window.log_bridge.installed
    window.close()
    assert not window.log_bridge.installed  # removed on close
    with services.open_repository(sqlite_url) as repo:
        assert repo.count("tests") == len(sim.dump()["tests"])


def test_sync_never_runs_on_the_gui_thread_and_timers_keep_ticking(
    qtbot, make_sim, memory_keyring, make_window, monkeypatch
):
    sim = make_sim("small", rate_limit=ROOMY)
    window = make_window(_settings_for(sim))
    gui_thread = threading.get_ident()
    sync_threads: set[int] = set()
    real_run_sync = services.run_sync

    def spying_run_sync(*args, on_progress, **kwargs):
        def progress(p):
            sync_threads.add(threading.get_ident())
            on_progress(p)

        return real_run_sync(*args, on_progress=progress, **kwargs)

    monkeypatch.setattr(workers.services, "run_sync", spying_run_sync)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    _run_to_end(qtbot, window)
    elapsed = time.monotonic() - started
    timer.stop()
    assert window.last_report.status == "success"
    assert sync_threads and gui_thread not in sync_threads
    longest_gap = max(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    assert len(ticks) >= elapsed / 0.010 / 4, (len(ticks), elapsed)
    assert longest_gap < 0.5, longest_gap


def test_cancel_stops_within_one_page_and_keeps_the_data(
    qtbot, make_sim, memory_keyring, make_window, sqlite_url, monkeypatch
):
    sim = make_sim("small", rate_limit=ROOMY)
    sim.add_fault("slow", path="/qbench/api/v2/tests", page=2, seconds=1.0)
    window = make_window(_settings_for(sim))
    pages_after_stop: list[str] = []  # pages completed once Cancelar was pressed
    real_run_sync = services.run_sync

    def spying_run_sync(*args, on_progress, should_stop, **kwargs):
        def progress(p):
            if should_stop() and isinstance(p, SyncProgress):
                pages_after_stop.append(f"{p.entity}/{p.phase}/{p.pages_done}")
            on_progress(p)

        return real_run_sync(
            *args, on_progress=progress, should_stop=should_stop, **kwargs
        )

    monkeypatch.setattr(workers.services, "run_sync", spying_run_sync)
    _click(qtbot, window.sync_button)
    qtbot.waitUntil(lambda: window.progress_view.text("tests", 2) != "", timeout=20_000)
    _click(qtbot, window.cancel_button)
    assert "Cancelando" in window.status_label.text()
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    assert len(pages_after_stop) <= 1, pages_after_stop  # only the page in flight
    report = window.last_report
    assert report.status == "cancelled"
    # said once: the status line is short, what was kept is said under the
    # indicator (issue 12, main window point 1)
    assert window.status_label.text() == "Actualización cancelada."
    qtbot.waitUntil(lambda: window.current_indicator.state == "cancelled", timeout=5000)
    assert "se conservan" in window.reason_label.text()
    by_entity = {r.entity: r for r in report.results}
    assert by_entity["tests"].status == "cancelled"
    assert by_entity["customers"].status == "success"
    dump = sim.dump()
    with services.open_repository(sqlite_url) as repo:
        assert repo.count("customers") == len(dump["customers"])  # the data stays
        assert 0 < repo.count("tests") < len(dump["tests"])


def test_a_failing_entity_turns_the_indicator_red_with_the_reason(
    qtbot, make_window, tenant_settings, sim
):
    sim.add_fault("status", status=400, path="/qbench/api/v2/orders", times=100)
    window = make_window(tenant_settings)
    _run_to_end(qtbot, window)
    assert window.last_report.status == "failed"
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    assert "falló" in window.indicator_label.text()
    assert not window.reason_label.isHidden()
    assert window.reason_label.text().startswith("Órdenes:")  # never the raw key
    assert window.status_label.text() == "La actualización falló."  # said once


def test_wrong_secret_turns_red_and_says_so_in_words(
    qtbot, make_window, sim, memory_keyring
):
    set_secret(sim.client_id, "a-wrong-secret-that-is-long-enough")
    window = make_window(Settings(base_url=sim.base_url, client_id=sim.client_id))
    _run_to_end(qtbot, window)
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    assert "credenciales" in window.reason_label.text()
    assert "a-wrong-secret" not in window.log_view.toPlainText()


def test_missing_credentials_open_the_settings_instead_of_syncing(
    qtbot, make_window, memory_keyring
):
    window = make_window(Settings())
    _click(qtbot, window.sync_button)
    assert not window.syncing
    assert window.settings_dialog is not None and window.settings_dialog.isVisible()
    assert "Falta configurar" in window.settings_dialog.intro_label.text()


def test_button_disabled_while_another_process_syncs(
    qtbot, make_window, sim, lock_held_elsewhere
):
    window = make_window(Settings())
    with lock_held_elsewhere():
        qtbot.waitUntil(lambda: not window.sync_button.isEnabled(), timeout=5000)
        assert "respaldo en curso" in window.status_label.text()
    qtbot.waitUntil(window.sync_button.isEnabled, timeout=5000)


def test_history_shows_recent_runs(qtbot, make_window, tenant_settings, sqlite_url):
    connection = services.Connection(
        tenant_settings.base_url,
        tenant_settings.client_id,
        _secret(tenant_settings),
    )
    for _ in range(2):
        services.run_sync(tenant_settings, connection, db_url=sqlite_url)
    window = make_window(tenant_settings)
    dialog = window.open_history()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    assert dialog.table.item(0, 2).text() == "correcto"
    assert "nuevos" in dialog.table.item(1, 4).text()  # the first run inserted
    assert dialog.table.item(0, 4).text() == "sin cambios"
    assert dialog.table.item(0, 3).text() == ""  # no errors


def _secret(settings: Settings) -> str:
    from app.credentials import get_secret

    secret = get_secret(settings.client_id)
    assert secret
    return secret


def test_opening_the_history_during_a_sync_does_not_disturb_it(
    qtbot, make_sim, memory_keyring, make_window
):
    sim = make_sim("small", rate_limit=ROOMY)
    sim.add_fault("slow", path="/qbench/api/v2/tests", page=2, seconds=0.5)
    window = make_window(_settings_for(sim))
    _click(qtbot, window.sync_button)
    qtbot.waitUntil(lambda: window.progress_view.text("tests", 2) != "", timeout=20_000)
    dialog = window.open_history()  # reads the database while the sync writes it
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.table.item(0, 2).text() == "en curso"
    qtbot.waitUntil(lambda: not window.syncing, timeout=SYNC_TIMEOUT_MS)
    assert window.last_report.status == "success"
    again = window.open_history()  # the same dialog, reloaded
    qtbot.waitUntil(lambda: again.table.item(0, 2).text() == "correcto", timeout=5000)
    assert again.table.rowCount() == 1


def test_a_database_failure_shows_its_cause_in_spanish(
    qtbot, make_window, tenant_settings, sim, monkeypatch
):
    from app.storage import db as dbmod

    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "query_only", 1)  # read-only
    monkeypatch.setattr(dbmod, "_DATABASES", {})
    window = make_window(tenant_settings)
    _run_to_end(qtbot, window)
    assert window.last_report.status == "failed"
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    assert "solo lectura" in window.reason_label.text()
    assert "Traceback" not in window.reason_label.text()
    assert "solo lectura" in window.status_label.text() or "falló" in (
        window.status_label.text()
    )


def test_a_section_qbench_refuses_turns_the_indicator_amber_with_the_scope(
    qtbot, make_window, tenant_settings, sim, sqlite_url
):
    """Issue 12 point 5: a 403 on contacts (the API client lacks CONTACT): the
    rest is copied; the indicator is amber, not green nor red, and says which
    section and which scope; the progress table and Historial say it too."""
    from app.ui.history_dialog import COL_REASON, COL_STATUS
    from app.ui.status import AMBER, AMBER_TEXT

    sim.add_fault("status", status=403, path="/qbench/api/v2/contacts", times=100)
    window = make_window(tenant_settings)
    _run_to_end(qtbot, window)
    report = window.last_report
    assert report.status == "partial" and report.exit_code == 5, report.to_dict()
    qtbot.waitUntil(lambda: window.current_indicator.colour == AMBER, timeout=5000)
    indicator = window.current_indicator
    assert indicator.state == "partial" and indicator.colour not in (GREEN, RED)
    assert "sin permiso" in window.indicator_label.text()
    assert "Sin permiso para Contactos" in window.reason_label.text()
    assert "CONTACT" in window.reason_label.text()
    assert AMBER_TEXT in window.reason_label.styleSheet()
    # said once (issue 12, main window point 1): the reason under the
    # indicator, only the short sentence in the status line
    assert window.status_label.text() == (
        "Respaldo completado, salvo las secciones sin permiso."
    )
    view = window.progress_view
    assert view.text("contacts", 0) == "Contactos"
    assert view.text("contacts", 1) == "omitida: sin permiso"
    assert view.text("tests", 1) == "completado"
    assert view.table.rowCount() == len(report.results)
    history = window.open_history()
    qtbot.waitUntil(lambda: history.table.rowCount() == 1, timeout=5000)
    status = history.table.item(0, COL_STATUS).text()
    assert status == "correcto, con secciones sin permiso"
    assert "CONTACT" in history.table.item(0, COL_REASON).text()


def test_a_404_and_a_section_under_a_skipped_one_read_as_such(
    qtbot, make_window, tenant_settings, sim
):
    """Issue 12 (main window, point 5): not every skip lacks permission. A 404
    on invoices (the tenant has no such list), a 403 on orders and so its
    comments skipped under it: each says why, in the table and in the log."""
    sim.add_fault("status", status=404, path="/qbench/api/v2/invoices", times=100)
    sim.add_fault("status", status=403, path="/qbench/api/v2/orders", times=100)
    window = make_window(tenant_settings)
    _run_to_end(qtbot, window)
    report = window.last_report
    assert report.status == "partial", report.to_dict()
    skips = {r.entity: r.skip for r in report.results if r.status == "skipped"}
    assert skips == {
        "invoices": "missing",
        "orders": "forbidden",
        "order_comments": "parent",
    }
    view = window.progress_view
    assert view.text("invoices", 1) == "omitida: no existe en QBench"
    assert view.text("orders", 1) == "omitida: sin permiso"
    assert view.text("order_comments", 1) == "omitida"
    log = window.activity_view.activity.toPlainText()
    assert "Facturas: omitida, no existe en QBench." in log
    assert "Órdenes: omitida, sin permiso." in log
    assert "Comentarios de órdenes: omitida." in log
    assert window.status_label.text() == (
        "Respaldo completado, salvo las secciones omitidas."
    )
