"""The settings dialog: keyring not file, validation beside fields, real checks."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt

from app import paths
from app.config import Settings, load_settings
from app.credentials import ENV_SECRET, get_secret
from app.ui.settings_dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot, memory_keyring):
    def _make(settings: Settings | None = None) -> SettingsDialog:
        widget = SettingsDialog(settings or Settings())
        qtbot.addWidget(widget)
        widget.show()
        return widget

    return _make


def _type(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _fill(qtbot, dlg, base_url: str, client_id: str, secret: str) -> None:
    _type(qtbot, dlg.base_url_edit, base_url)
    _type(qtbot, dlg.client_id_edit, client_id)
    _type(qtbot, dlg.secret_edit, secret)


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_secret_goes_to_the_keyring_never_to_the_settings_file(qtbot, dialog, sim):
    dlg = dialog()
    assert dlg.secret_edit.echoMode() == dlg.secret_edit.EchoMode.Password
    _fill(qtbot, dlg, sim.base_url + "/qbench/api/v2", sim.client_id, sim.client_secret)
    with qtbot.waitSignal(dlg.saved, timeout=2000) as saved:
        _click(qtbot, dlg.save_button)
    assert saved.args[0].base_url == sim.base_url  # the pasted API path is dropped
    text = paths.settings_file().read_text(encoding="utf-8")
    assert sim.client_secret not in text
    assert sim.client_id in text
    assert get_secret(sim.client_id) == sim.client_secret
    assert load_settings().client_id == sim.client_id


def test_validation_messages_appear_beside_their_fields_and_nothing_is_saved(
    qtbot, dialog
):
    dlg = dialog()
    _fill(qtbot, dlg, "ftp://lab", "with space", "")
    _type(qtbot, dlg.db_url_edit, "mysql://x/y")
    _click(qtbot, dlg.save_button)
    assert "https://" in dlg.errors["base_url"].text()
    assert "espacios" in dlg.errors["client_id"].text()
    assert "postgresql://" in dlg.errors["db_url"].text()
    assert not dlg.errors["base_url"].isHidden()
    assert dlg.errors["lookback_minutes"].isHidden()
    assert not paths.settings_file().exists()


def test_probar_conexion_says_in_words_that_the_credentials_are_wrong(
    qtbot, dialog, sim
):
    dlg = dialog()
    _fill(qtbot, dlg, sim.base_url, sim.client_id, "a-wrong-secret-that-is-long")
    _click(qtbot, dlg.test_connection_button)
    qtbot.waitUntil(dlg.test_connection_button.isEnabled, timeout=10_000)
    text = dlg.connection_result.text()
    assert "credenciales" in text and "wrong" not in text


def test_probar_conexion_succeeds_with_the_right_secret(qtbot, dialog, sim):
    dlg = dialog()
    _fill(qtbot, dlg, sim.base_url, sim.client_id, sim.client_secret)
    _click(qtbot, dlg.test_connection_button)
    qtbot.waitUntil(dlg.test_connection_button.isEnabled, timeout=10_000)
    assert dlg.connection_result.text().startswith("Conexión correcta")


def test_database_button_checks_the_database(qtbot, dialog, sqlite_url):
    dlg = dialog()
    _type(qtbot, dlg.db_url_edit, sqlite_url)
    _click(qtbot, dlg.test_db_button)
    qtbot.waitUntil(dlg.test_db_button.isEnabled, timeout=10_000)
    assert dlg.db_result.text() == "La base de datos responde."
    _type(qtbot, dlg.db_url_edit, "postgresql://nobody@127.0.0.1:1/nothing")
    _click(qtbot, dlg.test_db_button)
    qtbot.waitUntil(dlg.test_db_button.isEnabled, timeout=10_000)
    assert dlg.db_result.text().startswith("No se pudo conectar con el servidor")
    assert "refused" not in dlg.db_result.text()  # the driver's English: log only


def test_advanced_and_rest_settings_persist(qtbot, dialog, sim):
    dlg = dialog()
    _fill(qtbot, dlg, sim.base_url, sim.client_id, "")
    dlg.api_check.setChecked(True)
    dlg.api_port_spin.setValue(9123)
    dlg.lookback_spin.setValue(30)
    dlg.rate_requests_spin.setValue(120)
    _click(qtbot, dlg.save_button)
    saved = load_settings()
    assert (saved.api_enabled, saved.api_port) == (True, 9123)
    assert (saved.lookback_minutes, saved.rate_limit_requests) == (30, 120)


def test_without_a_keyring_it_offers_the_environment_variable(qtbot, sim):
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        dlg = SettingsDialog(Settings())
        qtbot.addWidget(dlg)
        dlg.show()
        assert dlg.keyring_note.isVisible()
        assert ENV_SECRET in dlg.keyring_note.text()
        _fill(qtbot, dlg, sim.base_url, sim.client_id, sim.client_secret)
        _click(qtbot, dlg.save_button)  # no crash: settings saved, secret not
        assert "no tiene llavero" in dlg.general_error.text()
        assert dlg.isVisible()
    finally:
        keyring.set_keyring(previous)


def test_configuracion_fits_the_screen_and_every_field_can_be_reached(qtbot, dialog):
    """Issue 10 §4 / 11 §4: taller sections than the screen scroll; the intro,
    the errors and Guardar stay in view."""
    dlg = dialog()
    screen = dlg.screen().availableGeometry()
    sections = dlg.scroll_area.widget()
    assert sections.sizeHint().height() > screen.height() * 0.9  # must scroll here
    assert dlg.frameGeometry().height() <= screen.height()
    assert not dlg.save_button.visibleRegion().isEmpty()
    for name, widget in dlg.field_widgets.items():
        dlg.scroll_area.ensureWidgetVisible(widget)
        qtbot.wait(1)
        assert not widget.visibleRegion().isEmpty(), name
    assert dlg.scroll_area.horizontalScrollBar().maximum() == 0  # no sideways scroll


def _wheel(widget, steps: int = -3) -> bool:
    """Send a wheel turn; True when the widget took it (Qt hands an ignored
    one to the parent: the form's scroll area, for a real mouse)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def test_the_wheel_scrolls_configuracion_and_changes_no_value(qtbot, dialog):
    """Scrolling over Peticiones permitidas turned 300 into 297 (fresh trial)."""
    dlg = dialog()
    for spin in (dlg.rate_requests_spin, dlg.rate_seconds_spin, dlg.page_size_spin):
        value = spin.value()
        assert not _wheel(spin)  # left to the form
        assert spin.value() == value
    level = dlg.log_level_combo.currentText()
    assert not _wheel(dlg.log_level_combo)
    assert dlg.log_level_combo.currentText() == level
    bar = dlg.scroll_area.verticalScrollBar()
    assert _wheel(dlg.scroll_area.viewport()) and bar.value() > 0  # which scrolls
    dlg.rate_requests_spin.setFocus()  # a click first: then the wheel is meant
    qtbot.waitUntil(dlg.rate_requests_spin.hasFocus, timeout=2000)
    _wheel(dlg.rate_requests_spin, steps=1)
    assert dlg.rate_requests_spin.value() != 300


def test_showing_problems_does_not_shrink_configuracion(qtbot, dialog):
    """Probar/Guardar with problems resized the dialog and moved Guardar."""
    dlg = dialog()
    size = dlg.size()
    dlg.save()  # empty fields: problems beside them
    qtbot.wait(10)
    assert dlg.size() == size


def test_detailed_worksheets_are_off_and_say_their_first_cost_before_turned_on(
    qtbot, dialog, sim, sqlite_url
):
    """Issue 12 point 4: one request per test and batch in the copy, and the
    hours that takes at the pace the pacer allows under the rate limit."""
    from app import services
    from app.entities import CORE_ENTITIES
    from app.qbench.pacer import Pacer
    from app.ui.progress_view import duration_text

    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    settings = Settings(
        base_url=sim.base_url, client_id=sim.client_id, db_url=sqlite_url
    )
    report = services.run_sync(settings, connection, entities=CORE_ENTITIES)
    assert report.status == "success"
    with services.open_repository(sqlite_url) as repo:
        tests, batches = repo.count("tests"), repo.count("batches")
    assert tests and batches
    dlg = dialog(settings)
    assert not dlg.worksheets_check.isChecked()  # off by default
    qtbot.waitUntil(lambda: dlg.worksheets_parents is not None, timeout=10_000)
    requests = tests + batches
    seconds = requests * 60 / Pacer(300, 60).capacity
    note = dlg.worksheets_note.text()
    assert f"{requests} peticiones" in note, note
    assert f"Pruebas: {tests}" in note and f"Lotes: {batches}" in note
    assert f"unas {duration_text(seconds)}" in note
    dlg.rate_requests_spin.setValue(30)  # a tighter limit: ten times longer
    slower = duration_text(requests * 60 / Pacer(30, 60).capacity)
    assert f"unas {slower}" in dlg.worksheets_note.text()
    dlg.rate_requests_spin.setValue(300)
    dlg.worksheets_check.setChecked(True)
    with qtbot.waitSignal(dlg.saved, timeout=2000) as saved:
        _click(qtbot, dlg.save_button)
    assert saved.args[0].worksheets is True
    assert load_settings().worksheets is True


def test_the_worksheets_cost_of_an_empty_copy_says_so(qtbot, dialog):
    dlg = dialog()  # the default SQLite file does not exist yet: not created
    qtbot.waitUntil(lambda: dlg.worksheets_parents is not None, timeout=10_000)
    assert "aún no tiene pruebas ni lotes" in dlg.worksheets_note.text()
    assert not paths.default_sqlite_path().exists()


def test_the_worksheets_note_is_never_shown_clipped_when_its_cost_arrives(
    qtbot, dialog
):
    """The estimate arrives later than the dialog is laid out, and is longer."""
    from app import services
    from tests.ui.clipping import clipped

    dlg = dialog()
    qtbot.waitUntil(lambda: not dlg.tasks.busy, timeout=10_000)
    cost = services.worksheet_estimate({"tests": 123_456, "batches": 7_890}, (300, 60))
    dlg._on_worksheets_counted(cost)  # no event processed in between
    assert "131346 peticiones" in dlg.worksheets_note.text()
    assert not [p for p in clipped(dlg) if "hoja de trabajo" in p]
