"""The REST API in the main window (issue 11 point 6): its address and a button
to copy it, "Copiar token" the one time a token is shown, "Generar nuevo token"
later (after a confirmation), a clear line when the port is taken, nothing at
all while the API is off. A real server on a real port; the real clipboard."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app.api.token_store import load_token_hash
from app.config import Settings
from app.ui.api_panel import docs_address
from tests.ui.catalogue import untranslated
from tests.ui.clipping import clipped


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status(port: int, token: str) -> int:
    return requests.get(
        f"http://127.0.0.1:{port}/api/v1/customers",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    ).status_code


def _click(qtbot, button) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _answer(qtbot, window, which: QMessageBox.StandardButton) -> None:
    box = window.new_token_question
    assert box is not None and box.isVisible()
    _click(qtbot, box.button(which))
    qtbot.waitUntil(lambda: window.new_token_question is None, timeout=3000)


@pytest.fixture
def api_window(make_window):
    """A window with the REST API on, on a free port; returns (window, port)."""
    port = _free_port()
    return make_window(Settings(api_enabled=True, api_port=port)), port


def test_the_window_shows_the_api_address_and_copies_it(qtbot, api_window):
    window, port = api_window
    panel = window.api_panel
    address = f"http://127.0.0.1:{port}/api/v1/docs"
    assert panel.isVisible() and panel.address == address
    assert address in panel.address_label.text()
    assert not panel.error_label.isVisible()
    QApplication.clipboard().clear()
    _click(qtbot, panel.copy_address_button)
    assert QApplication.clipboard().text() == address
    assert panel.feedback_label.text() == "Dirección copiada al portapapeles."
    page = requests.get(QApplication.clipboard().text(), timeout=5)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]


def test_copiar_token_copies_the_token_shown_only_this_once(
    qtbot, api_window, app_home
):
    window, port = api_window
    panel = window.api_panel
    assert panel.token_frame.isVisible() and panel.token_shown
    assert not panel.regenerate_button.isVisible()  # not while one is on screen
    QApplication.clipboard().clear()
    _click(qtbot, panel.copy_token_button)
    token = QApplication.clipboard().text()
    assert token == panel.token_edit.text() and len(token) >= 40
    assert _status(port, token) == 200
    # Nowhere on disk (settings, logs, the token file holds its hash only) and
    # not in the activity pane.
    for path in app_home.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    assert token not in window.log_view.toPlainText()
    _click(qtbot, panel.dismiss_token_button)
    assert not panel.token_frame.isVisible() and panel.token_edit.text() == ""
    assert panel.regenerate_button.isVisible()
    window.on_settings_saved(replace(window.context.settings, api_port=_free_port()))
    assert not panel.token_shown  # a restart shows no token: it was shown once
    assert _status(window.local_api.server.port, token) == 200


def test_generar_nuevo_token_asks_first_then_replaces_the_token(qtbot, api_window):
    window, port = api_window
    panel = window.api_panel
    old = panel.token_edit.text()
    _click(qtbot, panel.dismiss_token_button)
    hash_before = load_token_hash()
    _click(qtbot, panel.regenerate_button)
    assert "deja de funcionar" in window.new_token_question.text()
    _answer(qtbot, window, QMessageBox.StandardButton.No)  # Cancelar
    assert not panel.token_shown and load_token_hash() == hash_before
    assert _status(port, old) == 200
    _click(qtbot, panel.regenerate_button)
    _answer(qtbot, window, QMessageBox.StandardButton.Yes)
    assert panel.token_frame.isVisible()
    new = panel.token_edit.text()
    assert new and new != old
    assert _status(port, old) == 401  # clients with the old token stop working
    assert _status(port, new) == 200  # the same server, no restart
    QApplication.clipboard().clear()
    _click(qtbot, panel.copy_token_button)
    assert QApplication.clipboard().text() == new


def test_every_state_speaks_catalogue_text_and_fits(qtbot, make_window):
    """Token shown, the confirmation, address only, port taken: only catalogue
    text (no English, no text typed past tr()) and nothing clipped."""
    window = make_window(Settings(api_enabled=True, api_port=_free_port()))
    panel = window.api_panel

    def check(root) -> None:
        QApplication.processEvents()
        assert untranslated(root) == []
        assert clipped(root) == []

    _click(qtbot, panel.copy_token_button)  # the feedback line too
    check(window)
    _click(qtbot, panel.dismiss_token_button)
    _click(qtbot, panel.copy_address_button)
    check(window)
    _click(qtbot, panel.regenerate_button)
    check(window.new_token_question)
    _answer(qtbot, window, QMessageBox.StandardButton.No)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = replace(window.context.settings, api_port=busy.getsockname()[1])
        window.on_settings_saved(taken)
        check(window)


def test_when_the_api_is_off_nothing_of_it_shows(qtbot, make_window):
    port = _free_port()
    window = make_window(Settings(api_port=port))
    assert window.api_panel.isHidden() and not window.api_panel.isVisible()
    window.on_settings_saved(replace(window.context.settings, api_enabled=True))
    assert window.api_panel.isVisible() and window.api_panel.token_shown
    window.on_settings_saved(replace(window.context.settings, api_enabled=False))
    assert window.api_panel.isHidden()
    assert window.api_panel.token_edit.text() == ""  # forgotten, not kept hidden
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=5)


def test_a_taken_port_is_one_clear_spanish_line(qtbot, make_window):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        window = make_window(Settings(api_enabled=True, api_port=port))
        panel = window.api_panel
        assert panel.isVisible() and panel.error_label.isVisible()
        assert panel.error_label.text() == (
            f"La API REST local no se inició: el puerto {port} ya está en uso por "
            "otro programa. Elija otro puerto en Configuración."
        )
        for widget in (
            panel.address_label,
            panel.copy_address_button,
            panel.regenerate_button,
            panel.token_frame,
        ):
            assert not widget.isVisible()
        assert load_token_hash() is None  # no token issued for a server that failed
    free = _free_port()
    window.on_settings_saved(replace(window.context.settings, api_port=free))
    assert not panel.error_label.isVisible() and panel.token_shown
    assert _status(free, panel.token_edit.text()) == 200


@pytest.mark.parametrize(
    ("base", "address", "everywhere"),
    [
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765/api/v1/docs", False),
        ("http://0.0.0.0:8765", "http://127.0.0.1:8765/api/v1/docs", True),
        ("http://[::]:9000", "http://[::1]:9000/api/v1/docs", True),
        ("http://192.168.1.5:8765", "http://192.168.1.5:8765/api/v1/docs", False),
    ],
)
def test_the_address_shown_is_one_this_computer_reaches(base, address, everywhere):
    assert docs_address(base) == (address, everywhere)
