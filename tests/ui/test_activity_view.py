"""The activity pane: Spanish events, the English log behind Detalles técnicos,
Abrir registro (issue 11 point 1)."""

from __future__ import annotations

from app import paths
from app.qbench.waits import NETWORK, PACING, RATE_LIMIT, RETRY, Wait
from app.sync.report import SectionDone, SectionPlan, SyncPlan
from app.ui.activity_view import ActivityView


def _view(qtbot, opened):
    view = ActivityView(open_url=lambda url: opened.append(url) or bool(opened[-1:]))
    qtbot.addWidget(view)
    view.show()
    return view


def test_events_read_as_spanish_and_the_log_is_behind_a_button(qtbot):
    view = _view(qtbot, [])
    view.started()
    view.on_progress(SyncPlan((SectionPlan("customers", "full", 2),), 270, 60.0))
    view.on_progress(Wait(PACING, 0.2))  # the pacer's steps are not news
    view.on_progress(Wait(RATE_LIMIT, 40))
    view.on_progress(Wait(RETRY, 3, cause=NETWORK))
    view.on_progress(SectionDone("customers", "success", "incremental", 0, 0, 0, 0))
    text = view.activity.toPlainText()
    assert "Actualización iniciada." in text
    assert "Secciones a copiar: Clientes." in text
    assert "Esperando el límite de peticiones de QBench (40 s)." in text
    assert "Reintentando en 3 s (error de red)." in text
    assert "Clientes: sin cambios." in text
    assert len(text.splitlines()) == 5
    view.on_log_line("12:00:00 | INFO | sync abc: incremental")
    assert not view.details.isVisible()
    view.details_button.click()
    assert view.details.isVisible() and "sync abc" in view.details.toPlainText()


def test_abrir_registro_opens_the_log_folder_or_says_where_it_is(qtbot):
    opened = []
    view = _view(qtbot, opened)
    view.open_log_button.click()
    assert opened and opened[0].toLocalFile() == str(paths.log_dir())
    stuck = ActivityView(open_url=lambda url: False)  # no file manager here
    qtbot.addWidget(stuck)
    stuck.open_log_button.click()
    assert str(paths.log_dir()) in stuck.activity.toPlainText()
    assert "No se pudo abrir la carpeta del registro" in stuck.activity.toPlainText()


def test_a_skipped_section_and_a_partial_run_say_sin_permiso(qtbot):
    """Issue 12 point 5: not "falló": skipped for lack of permission, with the
    scope to grant (the engine's Spanish reason)."""
    from datetime import UTC, datetime

    from app.sync.report import EntityResult, SyncReport

    view = _view(qtbot, [])
    view.on_progress(SectionDone("contacts", "skipped", "full", skip="forbidden"))
    message = "Sin permiso para Contactos: conceda el alcance CONTACT."
    report = SyncReport("r", datetime(2026, 12, 8, tzinfo=UTC))
    report.results = [
        EntityResult("customers", status="success"),
        EntityResult(
            "contacts", status="skipped", user_message=message, skip="forbidden"
        ),
    ]
    assert report.status == "partial"
    view.finished(report)
    lines = view.activity.toPlainText().splitlines()
    assert lines[0].endswith("Contactos: omitida, sin permiso.")
    assert "Actualización terminada, salvo las secciones sin permiso." in lines[1]
    assert "CONTACT" in lines[1] and "falló" not in lines[1]


def test_a_404_and_a_skipped_parent_are_not_said_to_lack_permission(qtbot):
    """Issue 12 (main window, point 5): a skip is a 403, a 404 (the tenant has
    no such list) or a section read under a skipped one; each in its words."""
    from datetime import UTC, datetime

    from app.sync.report import EntityResult, SyncReport

    view = _view(qtbot, [])
    for entity, skip in (("invoices", "missing"), ("order_comments", "parent")):
        view.on_progress(SectionDone(entity, "skipped", "full", skip=skip))
    report = SyncReport("r", datetime(2026, 12, 8, tzinfo=UTC))
    report.results = [
        EntityResult("invoices", status="skipped", skip="missing"),
        EntityResult("order_comments", status="skipped", skip="parent"),
    ]
    view.finished(report)
    lines = view.activity.toPlainText().splitlines()
    assert lines[0].endswith("Facturas: omitida, no existe en QBench.")
    assert lines[1].endswith("Comentarios de órdenes: omitida.")
    assert "salvo las secciones omitidas." in lines[2]
    assert "sin permiso" not in view.activity.toPlainText()


def _at_end(edit) -> bool:
    bar = edit.verticalScrollBar()
    last = edit.document().lastBlock()
    bottom = edit.blockBoundingGeometry(last).translated(edit.contentOffset()).bottom()
    return bar.value() == bar.maximum() and bottom <= edit.viewport().height() + 1


def test_the_log_follows_its_newest_line_through_wrapped_lines(qtbot):
    """Issue 12 point 4: at 150 % the log stopped at its first lines; a line
    that wraps counted as one until drawn, so the scroll fell short, and once
    short it stopped following. It follows unless the user scrolled up."""
    view = _view(qtbot, [])
    view.resize(360, 160)
    long = "una línea larga que se parte en varias a este ancho " * 3
    for n in range(30):
        view.say(f"{n} {long if n % 3 == 0 else 'corta'}")
        qtbot.wait(1)  # drawn between lines, as during a run
    edit = view.activity
    qtbot.waitUntil(lambda: _at_end(edit), timeout=2000)
    bar = edit.verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderPageStepSub)  # the user reads back
    kept = bar.value()
    for n in range(5):
        view.say(f"más {n} {long}")
    qtbot.wait(20)
    assert not edit.following and bar.value() == kept  # left where they read
    bar.triggerAction(bar.SliderAction.SliderToMaximum)  # back to the end
    view.say(long)
    qtbot.waitUntil(lambda: _at_end(edit), timeout=2000)
    assert edit.following
