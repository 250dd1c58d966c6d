"""Start the desktop window: settings, logging, one instance, demo tenant, Qt loop."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from loguru import logger
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from app.config import (
    Settings,
    SettingsFileError,
    load_settings,
    resolve_settings,
)
from app.errors import ConfigError
from app.logs import setup_logging
from app.ui import excepthook
from app.ui.application import create_qapplication
from app.ui.main_window import MainWindow, WindowContext
from app.ui.settings_dialog import FIRST_RUN_TEXT
from app.ui.single_instance import SingleInstance, default_name


@dataclass(frozen=True)
class GuiSettings:
    """What the window opens with: the effective settings, a Spanish problem to
    show (empty if none), the Spanish problem of each bad field of the settings
    file (those fields are at their defaults in ``settings``, so the window can
    open) and what the file says for them (Configuración shows it to correct)."""

    settings: Settings
    problem: str = ""
    bad_fields: dict[str, str] = field(default_factory=dict)
    file_values: dict[str, Any] = field(default_factory=dict)


def load_gui_settings(args: argparse.Namespace, env: Mapping[str, str]) -> GuiSettings:
    """The settings the window opens with; never raises a ConfigError."""
    fields: dict[str, str] = {}
    values: dict[str, Any] = {}
    intro = ""
    try:
        file_settings = load_settings()
    except SettingsFileError as exc:
        file_settings, fields, values = exc.fallback, exc.problems, exc.file_values
        intro = f"{exc.user_message} Hasta entonces se usan los valores por defecto."
    except ConfigError as exc:
        return GuiSettings(Settings(), exc.user_message)
    flags = {"db_url": getattr(args, "db_url", None) or None}
    try:
        return GuiSettings(
            resolve_settings(flags, env, file_settings), intro, fields, values
        )
    except ConfigError as exc:
        problem = "\n".join(filter(None, [intro, exc.user_message]))
        return GuiSettings(file_settings, problem, fields, values)


EXIT_AFTER_PAINT = "QBENCH_BACKUP_EXIT_AFTER_PAINT"


class _QuitAfterPaint(QObject):
    """Quit the event loop once the watched window has painted (smoke tests)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


def exec_app(app: QApplication) -> int:
    """Run the Qt event loop (tests replace this)."""
    return app.exec()


def run_gui(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Open the window (or bring the running one forward); returns the exit code."""
    demo = bool(getattr(args, "demo", False))
    if demo:  # in memory only: the real settings file is neither read nor written
        from app.demo import demo_settings

        loaded = GuiSettings(demo_settings())
    else:
        loaded = load_gui_settings(args, env)
    settings, problem = loaded.settings, loaded.problem
    setup_logging(settings.log_level)
    app = create_qapplication(sys.argv[:1], demo=demo)
    instance = SingleInstance(default_name(demo=demo))
    if not instance.acquire():
        logger.info("qbench-backup is already open; asked it to come forward")
        return 0
    excepthook.install()
    with ExitStack() as stack:
        connection = None
        if demo:
            from app.demo import demo_tenant

            connection = stack.enter_context(demo_tenant())
        context = WindowContext(settings, env, demo=demo, demo_connection=connection)
        window = MainWindow(context)
        instance.raise_requested.connect(window.bring_forward)
        if env.get(EXIT_AFTER_PAINT):
            quitter = _QuitAfterPaint(window)
            window.installEventFilter(quitter)
        window.show()
        if problem:
            window.open_settings(
                intro=problem, problems=loaded.bad_fields, values=loaded.file_values
            )
        elif context.needs_setup():
            window.open_settings(intro=FIRST_RUN_TEXT)
        try:
            code = exec_app(app)
        finally:
            window.shutdown()  # stops the sync and unhooks the log pane
            window.deleteLater()
    instance.close()
    return code
