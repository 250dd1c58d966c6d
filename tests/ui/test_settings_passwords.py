"""Configuración: the database password field and a computer without a keyring."""

from __future__ import annotations

import sys

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app import paths
from app.config import Settings, load_settings
from app.credentials import ENV_DB_PASSWORD, ENV_SECRET, get_db_password
from app.ui.settings_dialog import (
    FIRST_RUN_NO_KEYRING_TEXT,
    FIRST_RUN_TEXT,
    SettingsDialog,
    env_line,
)
from tests.pg_roles import password_database


@pytest.fixture
def password_db():
    with password_database() as db:
        yield db


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _open(qtbot, settings=None, **kwargs) -> SettingsDialog:
    dlg = SettingsDialog(settings or Settings(), **kwargs)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def _type(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _clipped(dlg) -> list[str]:
    """Visible wrapped labels shorter than the height their text needs."""
    return [
        label.text()[:60]
        for label in dlg.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.text()
        and label.height() < label.heightForWidth(label.width())
    ]


@pytest.mark.postgres
def test_the_password_field_tests_and_keeps_the_password_in_the_keyring(
    qtbot, password_db, memory_keyring, sim
):
    dlg = _open(qtbot, Settings(base_url=sim.base_url, client_id=sim.client_id))
    _type(qtbot, dlg.db_url_edit, password_db.url)
    _click(qtbot, dlg.test_db_button)  # no password yet: refused in words
    qtbot.waitUntil(lambda: dlg.test_db_button.isEnabled(), timeout=10_000)
    assert "responde" not in dlg.db_result.text()
    _type(qtbot, dlg.db_password_edit, password_db.password)
    _click(qtbot, dlg.test_db_button)
    qtbot.waitUntil(
        lambda: dlg.db_result.text() == "La base de datos responde.", timeout=10_000
    )
    _click(qtbot, dlg.save_button)
    assert not dlg.isVisible()
    assert get_db_password(password_db.url) == password_db.password
    assert load_settings().db_url == password_db.url
    assert password_db.password not in paths.settings_file().read_text()
    again = _open(qtbot, load_settings())
    assert "llavero" in again.db_password_edit.placeholderText()


def test_a_password_inside_the_url_is_refused_beside_the_field(qtbot, memory_keyring):
    dlg = _open(qtbot)
    _type(qtbot, dlg.db_url_edit, "postgresql://u:hunter22@127.0.0.1:5432/db")
    _click(qtbot, dlg.save_button)
    assert "campo Contraseña" in dlg.errors["db_url"].text()
    assert dlg.isVisible() and not paths.settings_file().exists()


def test_without_a_keyring_it_says_so_and_gives_the_exact_line(qtbot, sim, no_keyring):
    dlg = _open(qtbot, intro=FIRST_RUN_TEXT)
    assert dlg.intro_label.text() == FIRST_RUN_NO_KEYRING_TEXT  # no false promise
    assert "llavero del sistema, nunca" not in dlg.intro_label.text()
    note = dlg.keyring_note.text()
    assert dlg.keyring_note.isVisible()
    assert "no tiene llavero" in note
    line = env_line(ENV_SECRET)
    assert line in note
    expected = (
        "setx QBENCH_CLIENT_SECRET"
        if sys.platform == "win32"
        else ("QBENCH_CLIENT_SECRET=su-valor")
    )
    assert expected in line
    assert env_line(ENV_DB_PASSWORD) in dlg.db_keyring_note.text()
    assert "no puede guardarla" in dlg.secret_edit.placeholderText()
    assert _clipped(dlg) == []

    _type(qtbot, dlg.base_url_edit, sim.base_url)
    _type(qtbot, dlg.client_id_edit, sim.client_id)
    _type(qtbot, dlg.secret_edit, sim.client_secret)
    _click(qtbot, dlg.test_connection_button)  # works without a keyring
    qtbot.waitUntil(
        lambda: "Conexión correcta" in dlg.connection_result.text(), timeout=10_000
    )
    _click(qtbot, dlg.save_button)
    message = dlg.general_error.text()
    assert dlg.general_error.isVisible()
    assert "Ajustes guardados, excepto la clave" in message
    assert "no tiene llavero" in message
    assert load_settings().base_url == sim.base_url  # the rest was saved
    assert sim.client_secret not in paths.settings_file().read_text()
    qtbot.wait(50)
    assert _clipped(dlg) == []


def test_windows_and_cron_lines():
    assert env_line("X_SECRET", "win32").startswith("En una ventana de comandos: setx")
    assert "X_SECRET=su-valor" in env_line("X_SECRET", "linux")


def test_a_variable_already_set_is_named_not_asked_for(qtbot, no_keyring):
    dlg = _open(qtbot, env={ENV_SECRET: "from-the-environment"})
    assert "ya está definida" in dlg.keyring_note.text()
