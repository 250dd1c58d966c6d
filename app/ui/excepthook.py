"""Uncaught exceptions: logged with their traceback, shown as a readable dialog.

A windowed build has no console (``sys.stderr`` is None), so nothing here
writes to stderr; the log file has the details.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from loguru import logger
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import paths
from app.errors import AppError
from app.ui.i18n import translated

ShowDialog = Callable[[str], None]


def crash_message(exc: BaseException) -> str:
    """The Spanish text of the crash dialog."""
    if isinstance(exc, AppError):
        return translated(exc.user_message)
    return QCoreApplication.translate(
        "Excepthook",
        "Se produjo un error inesperado y la operación no se completó.\n\n"
        "Detalle técnico: {kind}\n\n"
        "El informe completo está en la carpeta de registros:\n{folder}",
    ).format(kind=type(exc).__name__, folder=paths.log_dir())


def show_dialog(text: str) -> None:
    """A modal error box, if a QApplication exists."""
    if QApplication.instance() is None:
        return
    title = QCoreApplication.translate("Excepthook", "Error — QBench Backup")
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    box.exec()


def make_excepthook(show: ShowDialog = show_dialog):
    """An ``sys.excepthook`` that logs and shows ``show(text)``; never raises."""

    def hook(
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        logger.opt(exception=(exc_type, exc, tb)).error("unexpected error")
        try:
            show(crash_message(exc))
        except Exception:  # the dialog itself failed: the log has the story
            logger.opt(exception=True).error("could not show the error dialog")

    return hook


def install(show: ShowDialog = show_dialog) -> None:
    """Make the hook the process's ``sys.excepthook``."""
    sys.excepthook = make_excepthook(show)
