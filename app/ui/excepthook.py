"""Uncaught exceptions: logged with their traceback, shown as a readable dialog.

A windowed build has no console (``sys.stderr`` is None), so nothing here
writes to stderr; the log file has the details.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from loguru import logger
from PySide6.QtWidgets import QApplication, QMessageBox

from app import paths
from app.errors import AppError

ShowDialog = Callable[[str], None]


def crash_message(exc: BaseException) -> str:
    """The Spanish text of the crash dialog."""
    if isinstance(exc, AppError):
        return exc.user_message
    return (
        "Se produjo un error inesperado y la operación no se completó.\n\n"
        f"Detalle: {type(exc).__name__}\n\n"
        f"El informe completo está en la carpeta de registros:\n{paths.log_dir()}"
    )


def show_dialog(text: str) -> None:
    """A modal error box, if a QApplication exists."""
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Error — QBench Backup", text)
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
