"""A bad settings file never keeps the window shut: it opens, Configuración points
at the field, and every persisted field can be edited there (issue 10, point 4)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app import paths
from app.config import Settings, load_settings
from app.ui import launch
from app.ui.settings_dialog import SettingsDialog


def _write(data: dict) -> None:
    paths.settings_file().write_text(json.dumps(data), encoding="utf-8")


def test_the_window_process_opens_with_a_bad_log_level(tmp_path):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        '{"log_level": "verbose", "page_size": 500}', encoding="utf-8"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QBENCH_BACKUP_HOME": str(home),
        "QBENCH_BACKUP_EXIT_AFTER_PAINT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


FIXED = {"api_cors_origins": "http://localhost:8080", "api_host": "127.0.0.1"}


@pytest.mark.parametrize(
    ("data", "field", "widget"),
    [
        ({"log_level": "verbose"}, "log_level", "log_level_combo"),
        ({"page_size": 500}, "page_size", "page_size_spin"),
        ({"page_size": 0}, "page_size", "page_size_spin"),
        ({"rate_limit_requests": 0}, "rate_limit_requests", "rate_requests_spin"),
        ({"lookback_minutes": -5}, "lookback_minutes", "lookback_spin"),
        ({"base_url": "127.0.0.1:8080"}, "base_url", "base_url_edit"),
        ({"api_cors_origins": "localhost"}, "api_cors_origins", "cors_edit"),
        ({"api_host": "my host"}, "api_host", "api_host_edit"),
        ({"page_size": "50"}, "page_size", "page_size_spin"),
    ],
)
def test_the_window_opens_and_configuracion_points_to_the_bad_field(
    gui_launch, qtbot, data, field, widget
):
    _write({"client_id": "lab", **data})

    def inspect(window):
        dialog = window.settings_dialog
        assert dialog is not None and dialog.isVisible()
        assert f"«{field}»" in dialog.intro_label.text()
        assert dialog.errors[field].isVisible()
        assert f"«{field}»" in dialog.errors[field].text()
        assert dialog.focusWidget() is getattr(dialog, widget)
        assert "Corríjalos en Configuración" in dialog.intro_label.text()
        if field == "log_level":  # the value as the file has it, not normalised
            assert '"verbose"' in dialog.intro_label.text()
        edit = getattr(dialog, widget)
        if isinstance(edit, QLineEdit):  # shown as written, to be corrected
            assert edit.text() == data[field]
            edit.setText(FIXED.get(field, edit.text()))
        # Guardar now works and writes a file that loads.
        dialog.base_url_edit.setText("https://acme.qbench.net")
        with qtbot.waitSignal(dialog.saved, timeout=2000):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        window.close()

    gui_launch["inspect"] = inspect
    assert launch.run_gui(argparse.Namespace(demo=False), {}) == 0
    saved = load_settings()
    assert saved.client_id == "lab"
    expected = FIXED.get(field, getattr(Settings(), field))
    assert getattr(saved, field) == expected or field == "base_url"


@pytest.fixture
def dialog(qtbot, memory_keyring):
    def _make(settings: Settings) -> SettingsDialog:
        widget = SettingsDialog(settings)
        qtbot.addWidget(widget)
        widget.show()
        return widget

    return _make


def test_every_persisted_field_is_editable_in_configuracion(qtbot, dialog):
    names = {f.name for f in dataclasses.fields(Settings)}
    dlg = dialog(Settings())
    assert names <= set(dlg.field_widgets)
    dlg.base_url_edit.setText("https://acme.qbench.net")
    dlg.client_id_edit.setText("lab")
    dlg.db_url_edit.setText("sqlite:///elsewhere.sqlite3")
    dlg.files_dir_edit.setText("/srv/qbench-documents")
    dlg.rate_requests_spin.setValue(120)
    dlg.rate_seconds_spin.setValue(30)
    dlg.lookback_spin.setValue(45)
    dlg.page_size_spin.setValue(25)
    dlg.api_check.setChecked(True)
    dlg.api_host_edit.setText("0.0.0.0")
    dlg.api_port_spin.setValue(9000)
    dlg.api_sync_check.setChecked(True)
    dlg.cors_edit.setText("http://localhost:3000")
    dlg.worksheets_check.setChecked(True)
    dlg.log_level_combo.setCurrentIndex(dlg.log_level_combo.findData("DEBUG"))
    assert dlg.log_level_combo.currentText() == "Todo (para soporte)"  # in words
    with qtbot.waitSignal(dlg.saved, timeout=2000):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    expected = Settings(
        base_url="https://acme.qbench.net",
        client_id="lab",
        db_url="sqlite:///elsewhere.sqlite3",
        files_dir="/srv/qbench-documents",
        rate_limit_requests=120,
        rate_limit_seconds=30,
        lookback_minutes=45,
        page_size=25,
        api_enabled=True,
        api_host="0.0.0.0",
        api_port=9000,
        api_allow_sync=True,
        api_cors_origins="http://localhost:3000",
        log_level="DEBUG",
        worksheets=True,
    )
    assert load_settings() == expected
    # Every field differs from its default: none was saved by accident.
    assert all(getattr(expected, n) != getattr(Settings(), n) for n in names), (
        "the test must change every field"
    )


def test_the_reset_button_restores_the_advanced_defaults(qtbot, dialog):
    dlg = dialog(
        Settings(
            rate_limit_requests=5,
            rate_limit_seconds=5,
            lookback_minutes=500,
            page_size=3,
            log_level="DEBUG",
        )
    )
    qtbot.mouseClick(dlg.reset_advanced_button, Qt.MouseButton.LeftButton)
    current = dlg.current_settings()
    defaults = Settings()
    for name in (
        "rate_limit_requests",
        "rate_limit_seconds",
        "lookback_minutes",
        "page_size",
        "log_level",
    ):
        assert getattr(current, name) == getattr(defaults, name), name
