"""``qbench-backup --demo`` stays a demo (issue 11 point 7): its Configuración
never writes (nor reads) the real settings file, it shows the demo database,
the REST toggle works without a QBench address, and the title says DEMO once.

Each test launches the real window (``launch.run_gui``) with the real demo
simulator; the real settings file is compared byte for byte afterwards."""

from __future__ import annotations

import argparse
import socket
import time

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import paths
from app.api.token_store import token_file
from app.config import Settings, save_settings
from app.demo import demo_settings
from app.ui import launch
from app.ui.settings_dialog import SettingsDialog
from tests.ui.catalogue import untranslated


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shown_title(widget) -> str:
    """The title the window system shows. Qt appends the application's display
    name to a title that does not end with it (QPlatformWindow::
    formatWindowTitle: " — " on X11, " - " on Windows), so the raw
    ``windowTitle()`` is not the whole story."""
    title, name = widget.windowTitle(), QApplication.applicationDisplayName()
    return title if not name or title.endswith(name) else f"{title} — {name}"


@pytest.fixture
def real_settings_file() -> bytes:
    """A real settings file for a real tenant, its API on: the demo must use
    none of it and leave it as it is."""
    save_settings(
        Settings(
            base_url="https://acme.qbench.net",
            client_id="acme-client",
            api_enabled=True,
            api_port=_free_port(),
            log_level="DEBUG",
        )
    )
    return paths.settings_file().read_bytes()


@pytest.mark.parametrize(
    ("demo", "window", "dialog"),
    [
        (True, "QBench Backup — DEMO", "Configuración — QBench Backup — DEMO"),
        (False, "QBench Backup", "Configuración — QBench Backup"),
    ],
)
def test_the_title_says_demo_once(gui_launch, demo, window, dialog):
    seen = {}

    def inspect(main):
        seen["window"] = (main.windowTitle(), shown_title(main))
        seen["dialog"] = shown_title(main.open_settings())
        main.close()

    gui_launch["inspect"] = inspect
    assert launch.run_gui(argparse.Namespace(demo=demo), {}) == 0
    assert seen == {"window": (window, window), "dialog": dialog}


def _wait_for_sync(base: str, auth: dict) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = requests.get(f"{base}/sync/status", headers=auth, timeout=5).json()
        if not status["running"] and status["backup"]["state"] != "never":
            return status
        QApplication.processEvents()
        time.sleep(0.1)
    raise AssertionError("the sync started from the API did not end")


def test_demo_configuracion_turns_the_rest_api_on_and_writes_no_settings(
    gui_launch, qtbot, real_settings_file, memory_keyring
):
    config_files = sorted(paths.config_dir().iterdir())
    port = _free_port()
    seen: dict = {}

    def inspect(window):
        assert window.context.settings == demo_settings()  # not the real file's
        assert window.api_panel.isHidden()  # the real file's API is on; not here
        dialog = window.open_settings()
        assert dialog.demo_label.isVisible()
        assert (
            dialog.base_url_edit.text() == "" and not dialog.base_url_edit.isEnabled()
        )
        assert str(paths.demo_sqlite_path()) in dialog.default_db_label.text()
        assert str(paths.default_sqlite_path()) not in dialog.default_db_label.text()
        # what the demo adds is catalogue text (the rest of the dialog is
        # converted on its own)
        for widget in (
            dialog.demo_label,
            dialog.default_db_label,
            dialog.base_url_edit,
            dialog.db_url_edit,
        ):
            assert untranslated(widget) == []
        dialog.api_check.setChecked(True)
        dialog.api_port_spin.setValue(port)
        dialog.api_sync_check.setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.settings_dialog is None, timeout=3000)
        panel = window.api_panel
        assert panel.isVisible() and panel.address == (
            f"http://127.0.0.1:{port}/api/v1/docs"
        )
        auth = {"Authorization": f"Bearer {panel.token_edit.text()}"}
        base = f"http://127.0.0.1:{port}/api/v1"
        # POST /sync copies the demo simulator into the demo database
        started = requests.post(f"{base}/sync", headers=auth, timeout=5)
        assert started.status_code == 202, started.text
        assert _wait_for_sync(base, auth)["backup"]["state"] == "ok"
        customers = requests.get(f"{base}/customers", headers=auth, timeout=5)
        seen["customers"] = len(customers.json()["items"])
        again = window.open_settings()  # the session keeps what was saved
        seen["api_on_again"] = again.api_check.isChecked()
        again.reject()
        window.close()

    gui_launch["inspect"] = inspect
    assert launch.run_gui(argparse.Namespace(demo=True), {}) == 0
    assert seen["customers"] > 0 and seen["api_on_again"]
    assert paths.settings_file().read_bytes() == real_settings_file
    assert sorted(paths.config_dir().iterdir()) == config_files  # no token file
    assert not token_file().exists()
    assert memory_keyring.passwords == {}
    assert paths.demo_sqlite_path().exists()
    assert not paths.default_sqlite_path().exists()


def test_demo_guardar_checks_what_it_may_change_and_saves_nothing(
    qtbot, real_settings_file, memory_keyring
):
    dialog = SettingsDialog(demo_settings(), demo=True)
    qtbot.addWidget(dialog)
    # the folder the demo really writes its PDFs to (fresh trial: the real one)
    assert dialog.files_dir_edit.placeholderText().endswith("files-demo")
    saved = []
    dialog.saved.connect(saved.append)
    dialog.api_host_edit.setText("")
    dialog.save()
    assert saved == [] and dialog.errors["api_host"].text()
    assert not dialog.errors["base_url"].isVisibleTo(dialog)  # no address needed
    dialog.api_host_edit.setText("127.0.0.1")
    dialog.secret_edit.setText("typed-anyway")  # disabled; never stored
    dialog.save()
    assert len(saved) == 1 and saved[0].base_url == "" and saved[0].db_url == ""
    assert paths.settings_file().read_bytes() == real_settings_file
    assert memory_keyring.passwords == {}
