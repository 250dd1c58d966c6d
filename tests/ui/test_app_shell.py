"""Single instance, the excepthook without a console, and launching the window."""

from __future__ import annotations

import argparse
import sys

import pytest
from loguru import logger

from app import paths
from app.ui import excepthook, launch
from app.ui.settings_dialog import FIRST_RUN_TEXT
from app.ui.single_instance import SingleInstance


def test_a_second_instance_asks_the_first_to_come_forward(qtbot, tmp_path):
    name = str(tmp_path / "qbench-backup.sock")
    first, second = SingleInstance(name), SingleInstance(name)
    assert first.acquire()
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert not second.acquire()
    first.close()
    other = SingleInstance(str(tmp_path / "other.sock"))
    assert other.acquire()  # a different name is a different instance
    other.close()


def test_excepthook_logs_the_traceback_and_shows_spanish_without_stderr(
    monkeypatch,
):
    monkeypatch.setattr(sys, "stderr", None)
    lines: list[str] = []
    sink = logger.add(lines.append, format="{message}\n{exception}")
    shown: list[str] = []
    try:
        raise ValueError("boom-detail")
    except ValueError:
        exc_type, exc, tb = sys.exc_info()
    try:
        excepthook.make_excepthook(shown.append)(exc_type, exc, tb)
    finally:
        logger.remove(sink)
    assert "Traceback" in "".join(lines) and "boom-detail" in "".join(lines)
    assert shown and shown[0].startswith("Se produjo un error inesperado")
    assert str(paths.log_dir()) in shown[0]


def test_install_replaces_sys_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    excepthook.install(lambda text: None)
    assert sys.excepthook is not sys.__excepthook__


def test_first_run_opens_the_settings_with_an_explanation(gui_launch):
    def inspect(window):
        assert window.settings_dialog is not None
        assert window.settings_dialog.isVisible()
        assert window.settings_dialog.intro_label.text() == FIRST_RUN_TEXT
        window.close()

    gui_launch["inspect"] = inspect
    assert launch.run_gui(argparse.Namespace(demo=False), {}) == 0


def test_demo_mode_syncs_the_bundled_simulator_into_the_demo_database(
    gui_launch, qtbot
):
    def inspect(window):
        assert "DEMO" in window.windowTitle() and not window.demo_label.isHidden()
        assert window.settings_dialog is None  # no credentials needed
        window.start_sync()
        qtbot.waitUntil(lambda: not window.syncing, timeout=30_000)
        assert window.last_report, window.status_label.text()
        assert window.last_report.status == "success"
        window.close()

    gui_launch["inspect"] = inspect
    assert launch.run_gui(argparse.Namespace(demo=True), {}) == 0
    assert paths.demo_sqlite_path().exists()
    assert not paths.default_sqlite_path().exists()


def test_a_second_launch_exits_0_and_raises_the_first(gui_launch, tmp_path, qtbot):
    first = SingleInstance(str(tmp_path / "gui-False.sock"))
    assert first.acquire()
    gui_launch["inspect"] = lambda window: pytest.fail("no second window")
    with qtbot.waitSignal(first.raise_requested, timeout=3000):
        assert launch.run_gui(argparse.Namespace(demo=False), {}) == 0
    first.close()


def test_the_window_starts_paints_and_closes_as_a_process(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QBENCH_BACKUP_HOME": str(tmp_path / "home"),
        "QBENCH_BACKUP_EXIT_AFTER_PAINT": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "home" / "logs" / "qbench-backup.log").exists()
