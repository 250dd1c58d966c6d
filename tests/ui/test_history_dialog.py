"""Issue 11 §3 and §5, and issue 10's last gap, in real widgets (offscreen):
Historial a lab technician reads without a manual — plurals, wall-time
durations, changes in words with a legend, interrupted and failed runs said
plainly, a detail per section, the orphans as a count with the list behind a
click — and, when the backup database cannot be read, what the status file
knows with the reason in Spanish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app import services
from app.config import Settings
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.sync.lock import sync_lock
from app.ui.entity_names import entity_name
from app.ui.history_dialog import (
    COL_CHANGES,
    COL_DURATION,
    COL_ORPHANS,
    COL_REASON,
    COL_STATUS,
    HistoryDialog,
    changes_text,
    runs_heading,
)
from app.ui.status import RED

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


class Clock:
    """A settable UTC clock (the repository's and the dialog's)."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def _sync(sim, url, **kwargs):
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
    return services.run_sync(settings, connection, db_url=url, **kwargs)


def _dialog(qtbot, url, rows, **kwargs) -> HistoryDialog:
    dialog = HistoryDialog(url, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == rows, timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.tasks.busy, timeout=10_000)
    return dialog


def _text(table, row, column) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""


def _colour(table, row, column) -> str:
    return table.item(row, column).foreground().color().name()


def _click_cell(qtbot, table, row, column) -> None:
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_plurals_and_changes_read_as_spanish():
    assert runs_heading(0) == "Aún no hay respaldos."
    assert runs_heading(1) == "Última actualización."
    assert runs_heading(3) == "Últimas 3 actualizaciones."
    assert changes_text(0, 0, 0) == "sin cambios"
    assert changes_text(1, 1, 1) == "1 nuevo, 1 modificado, 1 eliminado"
    assert changes_text(60, 0, 2) == "60 nuevos, 2 eliminados"


def test_runs_in_words_with_a_legend_and_the_orphans_behind_a_click(
    qtbot, sim, sqlite_url
):
    first = _sync(sim, sqlite_url)
    assert first.status == "success"
    dialog = _dialog(qtbot, sqlite_url, 1)
    assert dialog.status_label.text() == "Última actualización."
    inserted = sum(r.inserted for r in first.results)
    deleted = sum(r.deleted for r in first.results)
    changes = _text(dialog.table, 0, COL_CHANGES)
    assert changes.startswith(f"{inserted} nuevos")
    assert not {"+", "~"} & set(changes)  # no "+60 ~0 -1"
    if deleted:
        assert f"{deleted} eliminado" in changes
    tooltip = dialog.table.item(0, COL_CHANGES).toolTip()
    assert "Clientes:" in tooltip and "Modificados:" in tooltip  # per section, legend
    assert "customers" not in tooltip
    assert "Nuevos:" in dialog.legend_label.text()
    assert "Huérfanos:" in dialog.legend_label.text()
    _sync(sim, sqlite_url)
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.status_label.text() == "Últimas 2 actualizaciones."
    assert _text(dialog.table, 0, COL_CHANGES) == "sin cambios"
    # The orphans: a count per run, the list one click away.
    orphans = sum(r.orphans for r in first.results)
    assert orphans > 0
    assert _text(dialog.table, 1, COL_ORPHANS) == str(orphans)
    _click_cell(qtbot, dialog.table, 1, COL_ORPHANS)
    qtbot.waitUntil(lambda: dialog.orphans_dialog is not None, timeout=5000)
    listing = dialog.orphans_dialog
    qtbot.waitUntil(lambda: listing.table.rowCount() == orphans, timeout=10_000)
    with services.open_repository(sqlite_url) as repo:
        stored = repo.run_orphans(first.run_id)
    shown = [
        (_text(listing.table, r, 1), _text(listing.table, r, 2))
        for r in range(listing.table.rowCount())
    ]
    assert shown == [
        (str(o.child_id), f"{_label(o.parent_entity)} n.º {o.parent_id}")
        for o in stored
    ]
    assert listing.status_label.text() == f"{orphans} registros."


def _label(entity):
    from app.ui.entity_names import entity_name

    return entity_name(entity)


def test_a_failed_run_is_red_with_its_reason_in_spanish(qtbot, sim, sqlite_url):
    assert _sync(sim, sqlite_url).status == "success"
    sim.add_fault("status", status=400, path="/qbench/api/v2/orders", times=100)
    failed = _sync(sim, sqlite_url)
    assert failed.status == "failed"
    dialog = _dialog(qtbot, sqlite_url, 2)
    assert _text(dialog.table, 0, COL_STATUS) == "falló"
    assert _colour(dialog.table, 0, COL_STATUS) == QColor(RED).name()
    reason = _text(dialog.table, 0, COL_REASON)
    assert reason.startswith("Órdenes: ") and "orders:" not in reason
    assert _colour(dialog.table, 0, COL_REASON) == QColor(RED).name()
    assert _text(dialog.table, 1, COL_STATUS) == "correcto"
    assert _colour(dialog.table, 1, COL_STATUS) != QColor(RED).name()
    detail = dialog.open_detail(0)
    qtbot.addWidget(detail)
    assert detail.reason_label.text().startswith("Órdenes: ")
    sections = [_text(detail.table, r, 0) for r in range(detail.table.rowCount())]
    assert sections == [*(entity_name(r.entity) for r in failed.results), "Total"]
    row = sections.index("Órdenes")
    assert _text(detail.table, row, 1) == "falló"


def test_the_detail_view_shows_every_section_of_a_run(qtbot, sim, sqlite_url):
    report = _sync(sim, sqlite_url)
    dialog = _dialog(qtbot, sqlite_url, 1)
    dialog.table.selectRow(0)
    assert dialog.detail_button.isEnabled()
    qtbot.mouseClick(dialog.detail_button, Qt.MouseButton.LeftButton)
    detail = dialog.detail
    assert detail is not None and detail.isVisible()
    qtbot.addWidget(detail)
    headers = [
        detail.table.horizontalHeaderItem(c).text()
        for c in range(detail.table.columnCount())
    ]
    assert headers == [
        "Sección",
        "Estado",
        "Leídos",
        "Nuevos",
        "Modificados",
        "Eliminados",
        "Rechazados",
        "Huérfanos",
        "Peticiones",
        "Tiempo",
    ]
    labels = {r.entity: entity_name(r.entity) for r in report.results}
    assert labels["orders"] == "Órdenes" and labels["invoice_items"] == (
        "Conceptos de factura"
    )
    assert all(name != entity for entity, name in labels.items())  # Spanish
    for row, result in enumerate(report.results):
        values = [_text(detail.table, row, c) for c in range(9)]
        assert values == [
            labels[result.entity],
            "correcto",
            *(
                str(v)
                for v in (
                    result.fetched,
                    result.inserted,
                    result.updated,
                    result.deleted,
                    result.rejected,
                    result.orphans,
                    result.requests,
                )
            ),
        ]
        assert _text(detail.table, row, 9).endswith(" s")
    total = len(report.results)
    assert _text(detail.table, total, 0) == "Total"
    assert _text(detail.table, total, 8) == str(sum(r.requests for r in report.results))
    orphans = sum(r.orphans for r in report.results)
    assert detail.orphans_button.text() == f"Ver huérfanos ({orphans})"
    qtbot.mouseClick(detail.orphans_button, Qt.MouseButton.LeftButton)
    listing = detail.orphans_dialog
    qtbot.waitUntil(lambda: listing.table.rowCount() == orphans, timeout=10_000)


def _recorded_runs(url, clock):
    """Three runs written through the repository on a fake clock: one that
    took 40 s, one killed 50 s in (still 'running'), one running now."""
    db = open_database(url)
    try:
        migrate(db)
        repo = Repository(db, clock=clock)
        done = repo.start_run("done", "*")
        clock.advance(seconds=40)
        repo.finish_run(done, status="success", inserted=1)
        clock.advance(minutes=10)
        repo.start_run("killed", "*")
        customers = repo.start_run("killed", "customers")
        clock.advance(seconds=20)
        repo.finish_run(customers, status="success")
        clock.advance(seconds=30)
        repo.start_run("killed", "orders")  # the process died here
    finally:
        db.close()


def test_durations_are_wall_time_from_the_stored_times(qtbot, sqlite_url):
    clock = Clock()
    _recorded_runs(sqlite_url, clock)
    clock.advance(hours=2)  # Historial opened long after
    dialog = _dialog(qtbot, sqlite_url, 2, clock=clock)
    assert [_text(dialog.table, r, COL_STATUS) for r in range(2)] == [
        "interrumpido",
        "correcto",
    ]
    assert _text(dialog.table, 0, COL_DURATION) == "al menos 50 s"
    assert _text(dialog.table, 1, COL_DURATION) == "40 s"
    assert "en curso" not in [_text(dialog.table, r, COL_STATUS) for r in range(2)]


def test_a_run_in_progress_shows_the_time_so_far(qtbot, sqlite_url):
    clock = Clock()
    db = open_database(sqlite_url)
    try:
        migrate(db)
        Repository(db, clock=clock).start_run("now", "*")
    finally:
        db.close()
    clock.advance(seconds=40)
    with sync_lock(services.lock_path()):  # a sync runs (this process)
        dialog = _dialog(qtbot, sqlite_url, 1, clock=clock)
        assert _text(dialog.table, 0, COL_STATUS) == "en curso"
        assert _text(dialog.table, 0, COL_DURATION) == "40 s (en curso)"
        clock.advance(seconds=35)
        dialog.on_tick()  # the dialog's one-second timer
        assert _text(dialog.table, 0, COL_DURATION) == "1 min 15 s (en curso)"
        assert dialog.timer.isActive()


def test_an_unreadable_database_still_shows_what_the_status_file_knows(
    qtbot, make_window, tenant_settings, sim, tmp_path
):
    """Issue 10's gap: the indicator (the status file) said the backup failed
    while Historial stayed empty. Now Historial lists those runs — every one
    the database missed, not just the last — and says in Spanish why the
    database cannot be read."""
    folder = tmp_path / "db"
    folder.mkdir()
    url = f"sqlite:///{folder / 'backup.sqlite3'}"
    good = _sync(sim, url)
    folder.rename(tmp_path / "db-away")  # the disk with the backup is gone
    failed = [_sync(sim, url), _sync(sim, url)]
    assert [r.recorded for r in failed] == [False, False]
    window = make_window(tenant_settings, db_url=url)
    qtbot.waitUntil(lambda: window.current_indicator.colour == RED, timeout=5000)
    dialog = window.open_history()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert dialog.problem_label.isVisible()
    problem = dialog.problem_label.text()
    assert problem.startswith("No se puede leer la base de datos del respaldo")
    assert failed[-1].user_message in problem  # the reason, in Spanish
    assert [_text(dialog.table, r, COL_STATUS) for r in range(2)] == ["falló"] * 2
    assert all(_text(dialog.table, r, COL_REASON) for r in range(2))
    assert "no pudo anotar" in dialog.table.item(0, COL_STATUS).toolTip()
    assert _text(dialog.table, 0, COL_CHANGES) == "—"  # counts never recorded
    # The database is back: the next run records them, the line goes.
    (tmp_path / "db-away").rename(folder)
    assert _sync(sim, url).recorded
    dialog = window.open_history()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.problem_label.isVisible(), timeout=5000)
    ids = [r.run_id for r in dialog.runs]
    assert ids[1:] == [failed[1].run_id, failed[0].run_id, good.run_id]
    assert all(r.recorded for r in dialog.runs)


def test_an_open_historial_shows_a_run_that_just_ended(
    qtbot, make_window, tenant_settings, sim, sqlite_url
):
    assert _sync(sim, sqlite_url).status == "success"
    window = make_window(tenant_settings)
    dialog = window.open_history()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.syncing, timeout=30_000)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    assert window.last_report.run_id == dialog.runs[0].run_id
    assert _text(dialog.table, 0, COL_STATUS) == "correcto"


def test_a_database_never_reached_is_not_called_empty(qtbot):
    url = "postgresql://postgres@127.0.0.1:1/nothing"
    dialog = HistoryDialog(url)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reload()
    qtbot.waitUntil(dialog.problem_label.isVisible, timeout=10_000)
    assert dialog.status_label.text() == "No hay actualizaciones que mostrar."
    assert "servidor PostgreSQL 127.0.0.1:1" in dialog.problem_label.text()


def test_a_run_killed_before_it_wrote_again_has_no_duration_to_show(qtbot, sqlite_url):
    """'al menos 0 s' for a run killed 12 s into a rate-limit wait (fresh trial)."""
    clock = Clock()
    db = open_database(sqlite_url)
    try:
        migrate(db)
        Repository(db, clock=clock).start_run("killed", "*")
    finally:
        db.close()
    clock.advance(minutes=5)
    dialog = _dialog(qtbot, sqlite_url, 1, clock=clock)
    assert _text(dialog.table, 0, COL_STATUS) == "interrumpido"
    assert _text(dialog.table, 0, COL_DURATION) == "no se sabe"


SKIPPED = "Sin permiso para Contactos: conceda el alcance CONTACT al cliente de la API."


def test_a_partial_run_is_amber_naming_the_skipped_section_and_scope(qtbot, sqlite_url):
    """Issue 12 point 5: a run that skipped an entity for lack of permission is
    neither green nor red in Historial, and says which scope to grant."""
    from app.storage.models import IngestionRun
    from app.ui.status import AMBER_TEXT

    db = open_database(sqlite_url)
    try:
        migrate(db)
        began = datetime(2026, 11, 28, 9, 0)
        rows = [("*", "partial", SKIPPED), ("customers", "success", None)]
        rows.append(("contacts", "skipped", SKIPPED))
        for entity, status, message in rows:
            IngestionRun.insert(
                run_id="p",
                entity=entity,
                started_at=began,
                finished_at=began + timedelta(seconds=30),
                status=status,
                user_message=message,
            ).execute()
    finally:
        db.close()
    dialog = _dialog(qtbot, sqlite_url, 1, clock=Clock(T0 + timedelta(hours=1)))
    assert _text(dialog.table, 0, COL_STATUS) == "correcto, con secciones sin permiso"
    assert _text(dialog.table, 0, COL_REASON) == SKIPPED
    for column in (COL_STATUS, COL_REASON):
        assert _colour(dialog.table, 0, column) == QColor(AMBER_TEXT).name()
        assert _colour(dialog.table, 0, column) != QColor(RED).name()
    detail = dialog.open_detail(0)
    qtbot.addWidget(detail)
    assert detail.reason_label.text() == SKIPPED
    assert AMBER_TEXT in detail.reason_label.styleSheet()
    assert [_text(detail.table, r, 0) for r in range(2)] == ["Clientes", "Contactos"]
    assert _text(detail.table, 1, 1) == "omitida"  # why: its tooltip, the reason
    assert _colour(detail.table, 1, 1) == QColor(AMBER_TEXT).name()
    assert detail.table.item(1, 1).toolTip() == SKIPPED


WITHOUT = {"CONTACT", "QUOTATION", "INVOICE", "PAYMENT", "EPIC"}  # scopes not granted


def test_a_run_of_every_section_reads_at_a_glance_its_skipped_ones_amber(
    qtbot, make_sim, sqlite_url
):
    """Issue 12: the detail of a 27-section run that skipped several for lack
    of permission — each skipped row amber and in italics, no counts, its
    reason in Spanish on hover, a line saying how many; the long reason wraps
    within the dialog; most rows show at once without scrolling."""
    from app.entities import DEFAULT_ENTITIES, ENTITIES
    from app.ui.status import AMBER_TEXT

    sim = make_sim(scopes=frozenset({d.scope for d in ENTITIES.values()} - WITHOUT))
    report = _sync(sim, sqlite_url)
    assert report.status == "partial"
    assert [r.entity for r in report.results] == list(DEFAULT_ENTITIES)
    assert len(DEFAULT_ENTITIES) == 27
    skipped = [r.entity for r in report.results if r.status == "skipped"]
    assert len(skipped) >= len(WITHOUT)
    dialog = _dialog(qtbot, sqlite_url, 1)
    assert _text(dialog.table, 0, COL_STATUS) == "correcto, con secciones sin permiso"
    detail = dialog.open_detail(0)
    qtbot.addWidget(detail)
    qtbot.waitExposed(detail)
    # The reason's area is as tall as its text: the table starts right under it.
    area = detail.reason_area
    qtbot.waitUntil(lambda: detail.table.y() - area.geometry().bottom() < 20)
    table = detail.table
    assert table.rowCount() == 28  # 27 sections and the total
    free = detail.screen().availableGeometry()
    assert detail.width() <= free.width() and detail.height() <= free.height()
    assert detail.height() >= min(700, int(free.height() * 0.9))  # not 380 px
    amber = QColor(AMBER_TEXT).name()
    for row, result in enumerate(report.results):
        cells = [table.item(row, c) for c in range(10)]
        if result.status != "skipped":
            assert _text(table, row, 1) == "correcto"
            assert cells[0].foreground().color().name() != amber
            continue
        assert _text(table, row, 1) == "omitida"
        assert {c.foreground().color().name() for c in cells} == {amber}
        assert all(c.font().italic() for c in cells)
        assert [_text(table, row, c) for c in range(2, 8)] == ["—"] * 6
        tip = cells[1].toolTip()
        assert tip == result.user_message and tip.startswith(("Sin permiso", "Se "))
        assert "skipped" not in tip and "403" not in tip  # Spanish, not the log's
    assert _text(table, 27, 1) == "parcial"
    assert detail.skipped_label.isVisible()
    assert detail.skipped_label.text() == (
        f"Se omitieron {len(skipped)} secciones (en ámbar en la tabla):"
    )
    reason = detail.reason_label.text()
    assert all(scope in reason for scope in WITHOUT)
    assert detail.reason_label.wordWrap()
    assert detail.reason_area.width() <= detail.width()
    assert detail.reason_label.height() == detail.reason_label.heightForWidth(
        detail.reason_label.width()
    )  # nothing of it cut: wrapped, and it scrolls past a few lines
    # Most rows in view at once, even on this 800-pixel-wide test screen where
    # long names wrap (at 1366x768 none does: tests/ui/test_no_clipping.py).
    viewport = table.viewport().rect()
    shown = [
        r
        for r in range(28)
        if viewport.contains(table.visualItemRect(table.item(r, 0)))
    ]
    assert len(shown) >= 20, len(shown)


def test_a_long_partial_reason_does_not_swallow_the_runs_list(qtbot, sqlite_url):
    """Issue 12: the scopes of many skipped sections are one long line; in the
    list its row stays a few lines tall (the cell's tooltip and the run's
    detail hold it whole), and Estado wraps so Motivo keeps its room."""
    from app.storage.models import IngestionRun
    from app.ui.history_dialog import REASON_LINES

    names = ", ".join(entity_name(e) for e in ("contacts", "invoices", "payments"))
    reason = (
        f"Sin permiso para 3 secciones ({names}): conceda al cliente de la API en "
        "QBench los alcances CONTACT, INVOICE, PAYMENT."
    ) * 4
    db = open_database(sqlite_url)
    try:
        migrate(db)
        began = datetime(2026, 11, 28, 9, 0)
        IngestionRun.insert(
            run_id="p",
            entity="*",
            started_at=began,
            finished_at=began + timedelta(seconds=30),
            status="partial",
            user_message=reason,
        ).execute()
    finally:
        db.close()
    dialog = _dialog(qtbot, sqlite_url, 1, clock=Clock(T0 + timedelta(hours=1)))
    table = dialog.table
    assert table.item(0, COL_REASON).toolTip() == reason
    lines = table.fontMetrics().lineSpacing()
    assert table.rowHeight(0) <= lines * REASON_LINES + 6
    assert table.columnWidth(COL_REASON) > table.columnWidth(COL_STATUS)
